import { renderReportText } from '../analysis/index.js';
import { resolveAnalysisLimits } from '../config.js';
import { buildStoredReport } from '../jobs/index.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import type { ReportFlags } from './report-command.js';
import { openStoredDomain } from './stored-domain.js';

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
    const stored = await buildStoredReport(db, { domainId: opened.domainId!, host, runId: flags.run ?? null, duplicateBudgetBytes: budget });
    if (stored.kind === 'no-run') {
      io.stderr.write(
        flags.run === undefined
          ? `sitescout report: ${host}: no completed crawl run yet (\`sitescout runs\` lists them; --run <id> picks one)\n`
          : `sitescout report: ${host}: no crawl run ${flags.run} of this domain (\`sitescout runs\` lists them)\n`,
      );
      return 1;
    }
    const { run } = stored;
    if (stored.kind === 'unfinished') {
      io.stderr.write(`sitescout report: ${host}: crawl run ${run.id} has not finished (${run.status})\n`);
      return 1;
    }
    const notes = [`sitescout report: ${host}: crawl run ${run.id} (${run.status}), crawled ${iso(run.startedAt)} to ${iso(run.finishedAt)}; replayed from the database, nothing was fetched`];
    if (run.latestCompletedId !== null && run.latestCompletedId !== run.id) {
      notes.push(`sitescout report: run ${run.latestCompletedId} is later: the pages and files it read again are counted there, not here`);
    }
    const { report } = stored;
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
