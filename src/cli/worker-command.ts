import { Option, type Command } from 'commander';
import { ALERT_WEBHOOK_SETTING, JOB_LIMITS, SERVICE_LIMITS } from '../config.js';
import { addEnrichmentOptions, type EnrichmentFlags } from './enrichment-options.js';
import { addLimitOptions } from './limit-options.js';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, type SiteFlags } from './site-options.js';

export interface WorkerFlags extends SiteFlags, EnrichmentFlags {
  dataDir?: string;
  workers?: string;
  exitWhenIdle?: boolean;
  alertWebhookUrl?: string;
}

export interface EnqueueFlags extends SiteFlags {
  file?: string;
  dataDir?: string;
  json?: boolean;
  contacts?: boolean;
}

const DATA_DIR_HELP = 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)';

/** `worker` runs the job handlers only; `enqueue` adds work without running it. */
export function registerWorkerCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const worker = program
    .command('worker')
    .description('Run crawl workers against the database (DATABASE_URL for PostgreSQL): start several, on one machine or many, and they share the work')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--workers <n>', 'jobs run in parallel per job kind (discover, fetch-sitemap, scrape-contacts, enrich-contact) in this process (default 2)')
    .option('--exit-when-idle', 'exit once no job (crawl, contacts, enrichment send) is queued, retrying or running (for batch runs and tests)')
    .addOption(new Option(`${ALERT_WEBHOOK_SETTING.flag} <url>`, `${ALERT_WEBHOOK_SETTING.description} (env ${ALERT_WEBHOOK_SETTING.env})`))
    .addHelpText(
      'after',
      `
Logs are JSON lines on stderr (pino; SITESCOUT_LOG_LEVEL=debug|info|warn|error). Jobs of a worker killed without
warning (kill -9, a lost machine) are retried by the others once they expire (--job-expire-seconds, default 600:
keep it above the longest single sitemap read) and maintenance has run (--job-maintenance-interval-seconds).
A lost database connection fails only the statements on it: the worker reconnects, and the jobs it hit are retried.
On SIGTERM or SIGINT a worker stops taking jobs, lets in-flight ones finish until --shutdown-timeout-ms, gives the
rest back to the queue (no retry spent), closes its connections and exits 0. See docs/operations.md.
Memory: above --memory-soft-limit-bytes the worker takes no new jobs (in-flight ones finish), logs a warning and
calls the alert webhook once; below it again, it takes jobs again. Above --memory-hard-limit-bytes it drains like
SIGTERM and exits 75 (EX_TEMPFAIL) for its supervisor to restart it. Both default to a share of the cgroup memory
limit, else of total memory. See docs/runbooks/oom.md.
The embedded database (PGlite) is one process's: scale-out needs DATABASE_URL.
With --enrichment-url (or SITESCOUT_ENRICHMENT_URL) workers send new contacts to the enrichment endpoint and sweep
contacts past the deadline; \`sitescout serve\` takes the callbacks. See docs/enrichment.md.
Examples:
  $ DATABASE_URL=postgres://app@db/sitescout sitescout worker --workers 4
  $ sitescout enqueue --file domains.txt && sitescout worker --exit-when-idle`,
    );
  addSiteOptions(worker);
  addLimitOptions(worker, JOB_LIMITS);
  addLimitOptions(worker, SERVICE_LIMITS);
  addEnrichmentOptions(worker);
  worker.action(async (flags: WorkerFlags) => {
    const { runWorker } = await import('./run-worker.js');
    setExitCode(await runWorker(flags, io));
  });

  const enqueue = program
    .command('enqueue')
    .description('Queue a crawl of domains (one run each) without running it: `sitescout worker` processes pick it up')
    .argument('[domain...]', 'domains, URLs or host:port')
    .option('--file <path>', 'read domains from a file: one per line, or the first column of a CSV')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--json', 'print [{ domain, runId, jobId }] (runId null when the domain is busy)')
    .option('--contacts', 'each run ends with contact extraction (see `sitescout crawl --help`)')
    .addHelpText(
      'after',
      '\nA domain whose jobs are still queued or running is reported busy and gets no new run. The job settings (expiry,\nretries) given here or in SITESCOUT_JOB_* apply to the jobs queued now.\nExit codes: 0 queued (or busy), 1 database error, 2 bad usage.',
    );
  const { jobExpireSeconds, jobRetryLimit, jobRetryDelaySeconds } = JOB_LIMITS;
  addLimitOptions(enqueue, { jobExpireSeconds, jobRetryLimit, jobRetryDelaySeconds });
  enqueue.action(async (domains: string[], flags: EnqueueFlags) => {
      const { runEnqueue } = await import('./run-worker.js');
      setExitCode(await runEnqueue(domains, flags, io));
    });
}
