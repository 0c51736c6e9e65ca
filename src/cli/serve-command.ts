import { Option, type Command } from 'commander';
import { ALERT_WEBHOOK_SETTING, API_LIMITS, CRAWL_THREAD_LIMITS, JOB_LIMITS, SERVICE_LIMITS } from '../config.js';
import { addEnrichmentOptions, type EnrichmentFlags } from './enrichment-options.js';
import { addLimitOptions } from './limit-options.js';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, type SiteFlags } from './site-options.js';

export interface ServeFlags extends SiteFlags, EnrichmentFlags {
  port?: string;
  host?: string;
  /** A count, or false for --no-workers. */
  workers?: string | false;
  dataDir?: string;
  shutdownTimeoutMs?: string;
  alertWebhookUrl?: string;
  /** auto | main (CRAWL_THREAD_MODES). */
  crawlThread?: string;
}

/** `--crawl-thread`: auto = a crawl thread with PostgreSQL, the main thread with the embedded database; main = always the main thread. */
export const CRAWL_THREAD_MODES = ['auto', 'main'] as const;
export const CRAWL_THREAD_ENV = 'SITESCOUT_CRAWL_THREAD';

/** `serve`: the HTTP API and, unless --no-workers, the crawl workers in the same process. */
export function registerServeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const serve = program
    .command('serve')
    .description('Run the HTTP API (/v1, docs at /docs, /healthz, /readyz, /metrics) and, unless --no-workers, crawl workers in the same process')
    .option('--port <port>', 'TCP port to listen on (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--workers <n>', 'jobs run in parallel per job kind in this process (default 2)')
    .option('--no-workers', 'serve the API only; `sitescout worker` processes do the crawling')
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)')
    .addOption(
      new Option('--crawl-thread <mode>', `where the workers run: auto = in a thread of their own at a lower CPU priority (--crawl-thread-nice) with PostgreSQL, on the main thread with the embedded database; main = always on the main thread (env ${CRAWL_THREAD_ENV})`).choices(CRAWL_THREAD_MODES),
    )
    .addOption(new Option(`${ALERT_WEBHOOK_SETTING.flag} <url>`, `${ALERT_WEBHOOK_SETTING.description} (env ${ALERT_WEBHOOK_SETTING.env})`));
  addLimitOptions(serve, SERVICE_LIMITS);
  addLimitOptions(serve, CRAWL_THREAD_LIMITS);
  addLimitOptions(serve, API_LIMITS);
  addLimitOptions(serve, JOB_LIMITS);
  addEnrichmentOptions(serve);
  serve.addHelpText(
    'after',
    `
API keys: every route but /healthz, /readyz and /docs needs "Authorization: Bearer <key>" (or "x-api-key"); make
one with \`sitescout keys create --name <name>\` (a warning is logged at start when none exists). /metrics needs
one too: give Prometheus the key as its scrape \`authorization\` credentials. Routes, examples: docs/api.md and /docs.
Memory: above the soft limit workers take no new jobs, /readyz answers 503, crawl submissions get 503 with
Retry-After, a warning is logged and the alert webhook is called once; below it again, intake resumes. Above the
hard limit the process drains (in-flight jobs finish or are given back) and exits 75 so its supervisor restarts it,
rather than being OOM-killed (137) mid-write. See docs/runbooks/oom.md.
Crawl thread: with PostgreSQL the workers run in a worker thread of this process at nice --crawl-thread-nice
(default 10), so /healthz and the API get the CPU first when the machine is short of it; the embedded database
belongs to the main thread, so with it the workers run there. If the crawl thread dies, serve exits 1.
Enrichment: with --enrichment-url (and SITESCOUT_ENRICHMENT_SECRET, --enrichment-callback-base-url) new contacts are
POSTed to the endpoint, signed, and POST /webhooks/enrichment takes the signed results. See docs/enrichment.md.
Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not start (database, port) or the crawl thread died, 2 bad usage,
75 hard memory limit.
Logs are JSON lines on stderr; stdout gets one line, the address listened on.
Examples:
  $ sitescout serve --port 8080
  $ DATABASE_URL=postgres://app@db/sitescout sitescout serve --host 0.0.0.0 --no-workers`,
  );
  addSiteOptions(serve);
  serve.action(async (flags: ServeFlags) => {
    const { runServe } = await import('./run-serve.js');
    setExitCode(await runServe(flags, io));
  });
}
