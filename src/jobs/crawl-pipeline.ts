import type { ContactLimits, DiscoveryLimits, EnrichmentSettings, SitemapLimits } from '../config.js';
import type { Database, PageTypeValue } from '../db/index.js';
import { type WellKnownProbe } from '../discovery/index.js';
import type { HttpClient } from '../fetch/index.js';
import { createEnrichmentSender, type EnrichmentOutcome, type EnrichmentSender } from '../enrichment/index.js';
import { discoverDomain } from './discover-domain-job.js';
import { enrichContact } from './enrich-contact-job.js';
import { fetchSitemap } from './fetch-sitemap-job.js';
import { scrapeContacts } from './scrape-contacts-job.js';
import type { JobLogger } from './job-logger.js';
import type { DeadLetter, JobQueue, JobHandlers } from './create-job-queue.js';
import { settleDeadLetter } from './settle-dead-letter.js';
import { silentLogger } from './job-logger.js';

/** What a crawl needs to know beyond the database: the limits every worker applies to every domain. */
export interface CrawlSettings {
  discovery: Readonly<DiscoveryLimits>;
  sitemap: Readonly<Partial<SitemapLimits>>;
  followCrossHost: boolean;
  wellKnown: WellKnownProbe;
  /** Pages per domain, page size and Crawl-delay cap of contact extraction (runs started with contacts). */
  contacts: Readonly<ContactLimits>;
}

/** Progress as it happens in this process (other workers' progress is in the database). */
export type CrawlEvent =
  | { type: 'pages'; runId: number; count: number }
  | {
      type: 'sitemap';
      runId: number;
      url: string;
      error: { code: string; message: string } | null;
      /** Bytes on the wire (0 for a 304). */
      bytes: number;
      /** Entries (URLs and child sitemaps) parsed. */
      entries: number;
    }
  | { type: 'run-finished'; runId: number; domain: string; status: string; outcome: string | null }
  | { type: 'contacts'; runId: number; domain: string; emails: number };

export interface CrawlPipelineDeps {
  db: Database;
  queue: JobQueue;
  http: HttpClient;
  settings: CrawlSettings;
  /** The page type of a URL: analysis's classifyPageType, passed by the composition root. */
  classify: (url: string) => PageTypeValue;
  logger?: JobLogger;
  onEvent?: (event: CrawlEvent) => void;
  /**
   * Enrichment, when configured (null or absent: off, contacts stay 'none'): new contacts are marked pending and an
   * enrich-contact job is queued for each; the enrich-contact handler is included.
   */
  enrichment?: EnrichmentSettings | null;
  /** Each enrichment outcome of this process's sends (the metrics counter). */
  onEnrichmentOutcome?: (outcome: EnrichmentOutcome) => void;
}

/** The shared state of one process's handlers. */
export interface PipelineContext extends Required<Omit<CrawlPipelineDeps, 'logger' | 'onEvent' | 'enrichment' | 'onEnrichmentOutcome'>> {
  logger: JobLogger;
  emit: (event: CrawlEvent) => void;
  /** Null when enrichment is off. */
  enrichment: EnrichmentSender | null;
}

/**
 * The crawl as jobs: a discover job per domain reads robots.txt and the home page and admits the published
 * sitemaps into the run's ledger, each with a fetch job; a fetch job reads one file, streams its pages into the
 * inventory and admits the children of an index the same way; the job that closes the run's last open file
 * finishes the run (well-known probes, the verdict, gone detection, exact counts). Any number of processes may run
 * these handlers against one database.
 * @example
 *   const pipeline = createCrawlPipeline({ db, queue, http, settings, classify: classifyPageType });
 *   queue.work(pipeline.handlers, { concurrency: 4 });
 */
export function createCrawlPipeline(deps: CrawlPipelineDeps): {
  handlers: JobHandlers;
  settleDeadLetter: (letter: DeadLetter) => Promise<void>;
  /** Closes what the pipeline opened (the enrichment sender's connections). */
  close(): Promise<void>;
} {
  const onEvent = deps.onEvent;
  const enrichment =
    deps.enrichment === undefined || deps.enrichment === null
      ? null
      : createEnrichmentSender({
          db: deps.db,
          settings: deps.enrichment,
          ...(deps.logger === undefined ? {} : { logger: deps.logger }),
          ...(deps.onEnrichmentOutcome === undefined ? {} : { onOutcome: deps.onEnrichmentOutcome }),
        });
  const context: PipelineContext = {
    db: deps.db,
    queue: deps.queue,
    http: deps.http,
    settings: deps.settings,
    classify: deps.classify,
    logger: deps.logger ?? silentLogger,
    enrichment,
    emit: (event) => {
      try {
        onEvent?.(event);
      } catch {
        // A progress display must never fail a job.
      }
    },
  };
  return {
    handlers: {
      'discover-domain': (payload, job) => discoverDomain(context, payload, job),
      'fetch-sitemap': (payload, job) => fetchSitemap(context, payload, job),
      'scrape-contacts': (payload, job) => scrapeContacts(context, payload, job),
      ...(enrichment === null ? {} : { 'enrich-contact': (payload, job) => enrichContact(enrichment, payload, job) }),
    },
    settleDeadLetter: (letter) => settleDeadLetter(context, letter),
    close: async () => enrichment?.close(),
  };
}
