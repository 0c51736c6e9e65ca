// `npm run demo`: serves the bundled demo site on 127.0.0.1 and runs the main job available today on it:
// discovery (robots.txt, home page, well-known paths) → every sitemap streamed (gzip, RSS, text, index children)
// → the analysis report. The private-network guard is relaxed explicitly: the demo site lives on loopback.
// (The crawl into the embedded database and contact extraction come with the pipeline issues.)
import { runCli } from '../dist/cli/index.js';
import { startDemoSite } from './serve-demo-site.js';

const server = await startDemoSite();
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(`demo site serving on ${origin}\n`);
console.log(`$ sitescout analyze ${origin} --allow-private --politeness-delay-ms 0\n`);
try {
  process.exitCode = await runCli(['analyze', origin, '--allow-private', '--politeness-delay-ms', '0']);
} finally {
  server.close();
}
