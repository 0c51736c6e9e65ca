import { createDomainAnalyzer, type DomainReport } from '../analysis/index.js';
import type { Database } from '../db/index.js';
import { parseRobots, sitemapsFromRobots, type RobotsRules } from '../discovery/index.js';
import { findReportableRun, replayRun, type ReportableRun } from '../inventory/index.js';

/** The product token robots.txt groups are matched against, as in `analyze`. */
const ROBOTS_AGENT = 'sitescout';

export interface StoredReportOptions {
  domainId: number;
  /** The domain's name as stored. */
  host: string;
  /** The run to report on; null = the domain's latest completed run. */
  runId: number | null;
  /** analysis' duplicateBudgetBytes. */
  duplicateBudgetBytes: number;
}

/** A report made from a stored run, or why there is none. */
export type StoredReport =
  | { kind: 'report'; run: ReportableRun; report: DomainReport }
  | { kind: 'no-run' }
  | { kind: 'unfinished'; run: ReportableRun };

/**
 * The analysis report of a stored crawl run, made by replaying the run into the analyzer: what `sitescout report`
 * prints and `GET /v1/domains/:domain/report` answers. Nothing is fetched. Freshness is measured from when the run
 * finished, so the report says what `analyze` said then.
 * @example
 *   const stored = await buildStoredReport(db, { domainId, host: 'example.com', runId: null, duplicateBudgetBytes });
 *   if (stored.kind === 'report') console.log(stored.report.urls);
 */
export async function buildStoredReport(db: Database, options: StoredReportOptions): Promise<StoredReport> {
  const run = await findReportableRun(db, options.domainId, options.runId);
  if (run === null) return { kind: 'no-run' };
  if (run.finishedAt === null) return { kind: 'unfinished', run };
  let robots: RobotsRules | null = null;
  const isAllowedByRobots = (url: string): boolean => robots === null || robots.isAllowed(url, ROBOTS_AGENT) !== false;
  const analyzer = createDomainAnalyzer({ domain: options.host, now: new Date(run.finishedAt), isAllowedByRobots, duplicateBudgetBytes: options.duplicateBudgetBytes });
  const events = replayRun(db, { crawlRunId: run.id, robotsSitemaps: (text, url) => sitemapsFromRobots(text, url).sitemaps });
  for await (const event of events) {
    if (event.type === 'robots' && event.body !== null) robots = parseRobots(event.finalUrl, event.body);
    analyzer.add(event);
  }
  return { kind: 'report', run, report: analyzer.finish() };
}
