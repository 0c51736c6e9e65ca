#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50
// --max-semi-space-size caps V8's young generation at 12 MiB (default: up to 48 MiB, grown under allocation
// pressure): a streaming parse allocates fast and keeps little, so the default lets RSS creep up ~30 MB over a long
// run for nothing. Measured with `npm run bench` (CLI memory on stdin); see docs/decisions/0003-cli-heap-flags.md.
// --heap-growing-percent grows the old generation's limit by 1.5× after each full GC (default: up to 4×, when the
// program allocates fast): a crawl's page batches outlive the small young generation, and the default let that
// garbage take the crawl from 140 to 235 MB peak RSS; see docs/decisions/0014-page-batches-by-copy.md.
import { runCli } from '../dist/cli/index.js';

// `sitescout pages example.com | head`: the reader went away, which is not an error of ours. Stop quietly, as
// Unix tools do, instead of crashing on an unhandled EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
