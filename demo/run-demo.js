// `npm run demo`: serves the bundled demo sites on 127.0.0.1 and runs the main job on them, into the embedded
// database (PGlite in a temporary directory): discovery (robots.txt, home page, well-known paths) → every sitemap
// streamed, one job per file (gzip, RSS, text, index children) → the pages and their metadata into the inventory →
// the runs, and the analysis report made from the stored data (nothing fetched again).
// The names are pinned to 127.0.0.1 with --resolve, and the private-network guard is relaxed explicitly: the demo
// lives on loopback. Nothing leaves the machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../dist/cli/index.js';
import { DEMO_SITES, startDemoSite } from './serve-demo-site.js';

const server = await startDemoSite();
const port = server.address().port;
const dataDir = mkdtempSync(join(tmpdir(), 'sitescout-demo-'));
const network = [...DEMO_SITES.flatMap((site) => ['--resolve', `${site}:127.0.0.1`]), '--allow-private', '--politeness-delay-ms', '0'];
const domains = DEMO_SITES.map((site) => `http://${site}:${port}/`);
const step = async (args, { mayFail = false } = {}) => {
  console.log(`\n$ sitescout ${args.join(' ')}\n`);
  const code = await runCli(args);
  if (code !== 0 && !mayFail) throw new Error(`sitescout ${args[0]} exited ${code}`);
};
console.log(`demo sites on 127.0.0.1:${port}: ${DEMO_SITES.join(', ')}; embedded database in ${dataDir}`);
try {
  await step(['crawl', ...domains, ...network, '--well-known', 'fallback', '--contacts', '--data-dir', dataDir]);
  await step(['runs', '--data-dir', dataDir]);
  await step(['report', `northwind-outfitters.com:${port}`, '--data-dir', dataDir]);
  await step(['contacts', '--card', '--format', 'json', '--data-dir', dataDir]);
  await step(['contacts', '--format', 'csv', '--data-dir', dataDir]);
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
