import { createDomainAnalyzer, type DomainReport, renderReportText } from '../analysis/index.js';
import { parseRobots, type RobotsRules } from '../discovery/index.js';
import type { AnalyzeFlags } from './analyze-command.js';
import type { CliIo } from './parse-command.js';
import { createClient, prepareSiteRun, walkWithProgress } from './site-walk.js';

/** The product token robots.txt groups are matched against (our User-Agent starts with it). */
const ROBOTS_AGENT = 'sitescout';

/** Outcomes that mean nothing of the site could be read at all. */
const UNREAD = new Set(['unreachable', 'timed-out', 'blocked']);

export async function runAnalyze(domains: string[], flags: AnalyzeFlags, io: CliIo): Promise<number> {
  const prepared = prepareSiteRun('analyze', domains, flags, io);
  if (prepared === 2) return 2;
  const { settings, targets } = prepared;
  const http = createClient(settings, io.env);
  const controller = new AbortController();
  const reports: DomainReport[] = [];
  try {
    for (const target of targets) {
      // robots.txt arrives as the walk's first event; until then (and without one) every URL counts as allowed.
      let robots: RobotsRules | null = null;
      const isAllowedByRobots = (url: string): boolean => robots === null || robots.isAllowed(url, ROBOTS_AGENT) !== false;
      const analyzer = createDomainAnalyzer({ domain: target.host, now: new Date(), isAllowedByRobots, duplicateBudgetBytes: settings.analysis.duplicateBudgetBytes });
      for await (const event of walkWithProgress(target, http, settings, io, controller.signal)) {
        if (event.type === 'robots' && typeof event.body === 'string') robots = parseRobots(event.finalUrl ?? event.url, event.body);
        analyzer.add(event);
      }
      const report = analyzer.finish();
      reports.push(report);
      if (!flags.json) io.stdout.write(renderReportText(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR, width: io.stdout.columns ?? 100 }) + '\n');
    }
  } finally {
    await http.close();
  }
  if (flags.json) io.stdout.write(JSON.stringify(reports, null, 2) + '\n');
  const unread = reports.filter((r) => UNREAD.has(r.outcome));
  if (unread.length === reports.length) {
    for (const r of unread) io.stderr.write(`sitescout analyze: ${r.domain}: ${r.outcome}${r.reason ? `: ${r.reason}` : ''}\n`);
    return 1;
  }
  return 0;
}
