import type { Command } from 'commander';
import { createDomainAnalyzer, type DomainReport, renderReportText } from '../analysis/index.js';
import { parseRobots, type RobotsRules } from '../discovery/index.js';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, createClient, prepareSiteRun, type SiteFlags, walkWithProgress } from './site-walk.js';

interface AnalyzeFlags extends SiteFlags {
  json?: boolean;
}

/** The product token robots.txt groups are matched against (our User-Agent starts with it). */
const ROBOTS_AGENT = 'sitescout';

/** Outcomes that mean nothing of the site could be read at all. */
const UNREAD = new Set(['unreachable', 'timed-out', 'blocked']);

export function registerAnalyzeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('analyze')
    .description("Find every sitemap a site publishes, walk its indexes and report what is in them")
    .argument('<domain...>', 'domains, URLs or host:port (e.g. example.com, https://www.example.com/, 127.0.0.1:8080)')
    .option('--json', 'print the report as JSON (one object per domain, in an array)')
    .addHelpText(
      'after',
      `
Exit codes: 0 when at least one site could be read, 1 when none could (the reasons are printed), 2 bad usage.
Examples:
  $ sitescout analyze example.com
  $ sitescout analyze example.com --json > report.json
  $ sitescout analyze 127.0.0.1:8080 --allow-private`,
    );
  addSiteOptions(command);
  command.action(async (domains: string[], flags: AnalyzeFlags) => {
    setExitCode(await runAnalyze(domains, flags, io));
  });
}

async function runAnalyze(domains: string[], flags: AnalyzeFlags, io: CliIo): Promise<number> {
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
      const analyzer = createDomainAnalyzer({ domain: target.host, now: new Date(), isAllowedByRobots });
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
