// `npm run demo`: serves the bundled demo site on 127.0.0.1 and runs the main job on it: discovery (robots.txt,
// home page, well-known paths) → every sitemap streamed (gzip, RSS, text, index children) → the pages and their
// metadata into the embedded database (PGlite in a temporary directory) → the analysis report.
// The private-network guard is relaxed explicitly: the demo site lives on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../dist/cli/index.js';
import { startDemoSite } from './serve-demo-site.js';

const server = await startDemoSite();
const origin = `http://127.0.0.1:${server.address().port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'sitescout-demo-'));
const site = [origin, '--allow-private', '--politeness-delay-ms', '0'];
const step = async (args) => {
  console.log(`\n$ sitescout ${args.join(' ')}\n`);
  const code = await runCli(args);
  if (code !== 0) throw new Error(`sitescout ${args[0]} exited ${code}`);
};
console.log(`demo site serving on ${origin}; embedded database in ${dataDir}`);
try {
  await step(['crawl', ...site, '--data-dir', dataDir]);
  await step(['runs', '--data-dir', dataDir]);
  await step(['analyze', ...site, '--well-known', 'fallback']);
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
