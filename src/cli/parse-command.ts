import { type Command, Option } from 'commander';
import { once } from 'node:events';
import { resolveSitemapLimits, SITEMAP_LIMITS, type SitemapLimits } from '../config.js';
import { isSitescoutError, SitescoutError } from '../errors.js';
import { parseSitemap, type SitemapWarning } from '../sitemap/index.js';
import { createFormatter, FORMATS, type OutputFormat } from './format-entries.js';
import { addLimitOptions, limitFlags } from './limit-options.js';
import { describeError } from './describe-error.js';
import { openInput } from './open-input.js';
import { startProgress } from './progress-line.js';

/** Warnings printed one by one before the rest are only counted. */
const WARNINGS_SHOWN = 5;

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

interface ParseFlags {
  format?: OutputFormat;
  limit?: string;
  baseUrl?: string;
  quiet?: boolean;
  [limit: string]: unknown;
}

export function registerParseCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('parse')
    .description('Stream the entries of one sitemap (XML or gzip, index, text, RSS or Atom) from a file, a URL or stdin')
    .argument('<source>', 'a file path, an http(s) URL, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format (default: ndjson when stdout is not a terminal, else table)').choices(FORMATS))
    .option('-n, --limit <n>', 'stop after N entries')
    .option('--base-url <url>', 'resolve relative locs against this URL (default: the URL fetched, if any)')
    .option('-q, --quiet', 'do not print warnings on stderr')
    .addHelpText(
      'after',
      `
Exit codes: 0 success, 1 the document ended with an error (the entries before it were written), 2 bad usage.
Examples:
  $ sitescout parse sitemap.xml.gz --format csv > pages.csv
  $ curl -s https://example.com/sitemap.xml | sitescout parse - --format summary`,
    );
  addLimitOptions(command, SITEMAP_LIMITS);
  command.action(async (source: string, flags: ParseFlags) => {
    setExitCode(await runParse(source, flags, io));
  });
}

async function runParse(source: string, flags: ParseFlags, io: CliIo): Promise<number> {
  let limits: Readonly<SitemapLimits>;
  let maxEntries = Infinity;
  try {
    limits = resolveSitemapLimits(limitFlags(flags, SITEMAP_LIMITS), io.env);
    if (flags.limit !== undefined) {
      maxEntries = Number(flags.limit);
      if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new SitescoutError('SS_ERR_USAGE', `--limit must be a non-negative integer, got ${flags.limit}`);
    }
    if (flags.baseUrl !== undefined && !URL.canParse(flags.baseUrl)) throw new SitescoutError('SS_ERR_USAGE', `--base-url is not an absolute URL: ${flags.baseUrl}`);
  } catch (error: unknown) {
    io.stderr.write(`sitescout parse: ${describeError(error)}\n`);
    return 2;
  }
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'ndjson');
  const formatter = createFormatter(format);
  const controller = new AbortController();
  let brokenPipe = false;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      brokenPipe = true;
      controller.abort();
    }
  });
  const warnings = { shown: 0 };
  const onWarning = (w: SitemapWarning): void => {
    if (flags.quiet || warnings.shown >= WARNINGS_SHOWN) return;
    warnings.shown++;
    io.stderr.write(`warning ${w.code}${w.offset === null ? '' : ` at byte ${w.offset}`}: ${w.message}\n`);
  };

  let input;
  try {
    input = await openInput(source, controller.signal);
  } catch (error: unknown) {
    io.stderr.write(`sitescout parse: ${describeError(error)}\n`);
    return isSitescoutError(error) && error.code === 'SS_ERR_USAGE' ? 2 : 1;
  }
  const parse = parseSitemap(input.stream, { baseUrl: flags.baseUrl ?? input.baseUrl, limits, onWarning, signal: controller.signal });
  const stopProgress = startProgress(parse.summary, io.stderr);
  const write = async (text: string): Promise<void> => {
    if (text.length > 0 && !brokenPipe && !io.stdout.write(text)) await Promise.race([once(io.stdout, 'drain'), once(io.stdout, 'error')]);
  };
  let written = 0;
  let failure: unknown = null;
  try {
    await write(formatter.head());
    for await (const batch of parse.batches()) {
      const room = maxEntries - written;
      const take = batch.length > room ? batch.slice(0, room) : batch;
      written += take.length;
      await write(formatter.batch(take));
      if (written >= maxEntries) break;
    }
  } catch (error: unknown) {
    failure = error;
  } finally {
    stopProgress();
    if (!input.stream.destroyed) input.stream.destroy();
  }
  if (brokenPipe) return 0;
  await write(formatter.tail(parse.summary));
  const total = Object.values(parse.summary.warnings).reduce((a, b) => a + (b ?? 0), 0);
  if (!flags.quiet && total > warnings.shown) {
    io.stderr.write(`${total} warning(s) in all: ${Object.entries(parse.summary.warnings).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  }
  if (failure !== null) {
    io.stderr.write(`sitescout parse: ${describeError(failure)}\n`);
    io.stderr.write(`(${written} entries written before the error)\n`);
    return 1;
  }
  return 0;
}

