#!/usr/bin/env -S node --max-semi-space-size=4
// The flag caps V8's young generation at 12 MiB (default: up to 48 MiB, grown under allocation pressure): a streaming
// parse allocates fast and keeps little, so the default lets RSS creep up ~30 MB over a long run for nothing.
// Measured with `npm run bench` (CLI memory on stdin); see docs/decisions/0003-cli-heap-flags.md.
import { runCli } from '../dist/cli/index.js';

// `sitescout pages example.com | head`: the reader went away, which is not an error of ours. Stop quietly, as
// Unix tools do, instead of crashing on an unhandled EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
