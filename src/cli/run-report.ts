import { createDomainAnalyzer, renderReportText } from '../analysis/index.js';
import { resolveAnalysisLimits } from '../config.js';
import { parseRobots, type RobotsRules, sitemapsFromRobots } from '../discovery/index.js';
import { findReportableRun, replayRun } from '../inventory/index.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import type { ReportFlags } from './report-command.js';
import { openStoredDomain } from './stored-domain.js';

/** The product token robots.txt groups are matched against, as in run-analyze.ts. */
const ROBOTS_AGENT = 'sitescout';

const iso = (d: Date | null): string => (d === null ? 'an unknown time' : new Date(d).toISOString());

export async function runReport(domain: string, flags: ReportFlags, io: CliIo): Promise<number> {
  let budget: number;
  try {
    budget = resolveAnalysisLimits({}, io.env).duplicateBudgetBytes;
  } catch (error: unknown) {
    io.stderr.write(`sitescout report: ${describeError(error)}\n`);
    return 2;
  }
  const opened = await openStoredDomain('report', domain, flags.dataDir, io);
  if (typeof opened === 'number') return opened;
  const { db } = opened;
  const host = opened.host!;
  try {
    const run = await findReportableRun(db, opened.domainId!, flags.run ?? null);
    if (run === null) {
      io.stderr.write(
        flags.run === undefined
          ? `sitescout report: ${host}: no completed crawl run yet (\`sitescout runs\` lists them; --run <id> picks one)\n`
          : `sitescout report: ${host}: no crawl run ${flags.run} of this domain (\`sitescout runs\` lists them)\n`,
      );
      return 1;
    }
    if (run.finishedAt === null) {
      io.stderr.write(`sitescout report: ${host}: crawl run ${run.id} has not finished (${run.status})\n`);
      return 1;
    }
    const finishedAt = new Date(run.finishedAt);
    const notes = [`sitescout report: ${host}: crawl run ${run.id} (${run.status}), crawled ${iso(run.startedAt)} to ${iso(finishedAt)}; replayed from the database, nothing was fetched`];
    if (run.latestCompletedId !== null && run.latestCompletedId !== run.id) {
      notes.push(`sitescout report: run ${run.latestCompletedId} is later: the pages and files it read again are counted there, not here`);
    }
    // Freshness is measured from the crawl, not from today: the report says what `analyze` said then.
    let robots: RobotsRules | null = null;
    const isAllowedByRobots = (url: string): boolean => robots === null || robots.isAllowed(url, ROBOTS_AGENT) !== false;
    const analyzer = createDomainAnalyzer({ domain: host, now: finishedAt, isAllowedByRobots, duplicateBudgetBytes: budget });
    const events = replayRun(db, { crawlRunId: run.id, robotsSitemaps: (text, url) => sitemapsFromRobots(text, url).sitemaps });
    for await (const event of events) {
      if (event.type === 'robots' && event.body !== null) robots = parseRobots(event.finalUrl, event.body);
      analyzer.add(event);
    }
    const report = analyzer.finish();
    if (flags.json) {
      for (const note of notes) io.stderr.write(`${note}\n`);
      io.stdout.write(JSON.stringify([report], null, 2) + '\n');
    } else {
      io.stdout.write(notes.map((n) => `${n}\n`).join('') + '\n');
      io.stdout.write(renderReportText(report, { command: 'report', color: io.stdout.isTTY === true && !io.env.NO_COLOR, width: io.stdout.columns ?? 100 }) + '\n');
    }
    return 0;
  } catch (error: unknown) {
    io.stderr.write(`sitescout report: ${describeError(error)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
