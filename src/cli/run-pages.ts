import { type Database, openDatabase } from '../db/index.js';
import { exportPages, listRuns } from '../inventory/index.js';
import { describeError } from './describe-error.js';
import type { PagesFlags, RunsFlags } from './pages-command.js';
import type { CliIo } from './parse-command.js';
import { openStoredDomain } from './stored-domain.js';
import { writeChunks } from './write-chunks.js';
import { renderTable } from './render-table.js';

async function open(command: string, dataDir: string | undefined, io: CliIo): Promise<Database | null> {
  try {
    return await openDatabase({ env: io.env, ...(dataDir === undefined ? {} : { dataDir }) });
  } catch (error: unknown) {
    io.stderr.write(`sitescout ${command}: ${describeError(error)}\n`);
    return null;
  }
}

export async function runPages(domain: string, flags: PagesFlags, io: CliIo): Promise<number> {
  const opened = await openStoredDomain('pages', domain, flags.dataDir, io);
  if (typeof opened === 'number') return opened;
  const { db, host } = opened;
  try {
    await writeChunks(io.stdout, exportPages(db, { domain: host!, format: flags.format ?? 'ndjson' }));
    return 0;
  } catch (error: unknown) {
    io.stderr.write(`sitescout pages: ${describeError(error)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

export async function runRuns(flags: RunsFlags, io: CliIo): Promise<number> {
  const db = await open('runs', flags.dataDir, io);
  if (db === null) return 1;
  try {
    const runs = await listRuns(db);
    if (flags.json) io.stdout.write(JSON.stringify(runs, null, 2) + '\n');
    else if (runs.length === 0) io.stdout.write('no crawl runs yet\n');
    else
      io.stdout.write(
        renderTable(
          ['ID', 'DOMAIN', 'STATUS', 'OUTCOME', 'STARTED', 'FINISHED', 'NEW', 'UPDATED', 'GONE'],
          runs.map((r) => [String(r.id), r.domain, r.status, r.outcome ?? '-', r.startedAt ?? '-', r.finishedAt ?? '-', String(r.pages.new), String(r.pages.updated), String(r.pages.gone)]),
          6,
        ),
      );
    return 0;
  } catch (error: unknown) {
    io.stderr.write(`sitescout runs: ${describeError(error)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
