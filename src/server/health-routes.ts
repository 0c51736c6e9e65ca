import type { FastifyInstance } from 'fastify';
import { migrationStatus, type Database } from '../db/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { MemoryWatchdog } from '../observability/index.js';

export interface HealthDeps {
  db: Database;
  queue?: Pick<JobQueue, 'running'> | undefined;
  watchdog?: Pick<MemoryWatchdog, 'state'> | undefined;
  /** How long the database may take to answer /readyz's checks. Default 2_000. */
  readyTimeoutMs?: number | undefined;
}

export type CheckResult = 'ok' | string;

/**
 * /healthz is liveness: it touches nothing, so it fails only when the process cannot answer at all (a blocked event
 * loop), which is exactly when a supervisor should restart it. /readyz is readiness: the database answers, its
 * migrations are current, the queue runs and memory is not shedding load; a load balancer stops routing on 503.
 */
export async function healthRoutes(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  // Public (no API key): load balancers and supervisors probe without credentials.
  app.get('/healthz', { config: { public: true }, schema: { summary: 'Liveness: the process answers', tags: ['service'] } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: { summary: 'Readiness: database, migrations, queue and memory', description: '503 with the reasons when not ready.', tags: ['service'] } }, async (_request, reply) => {
    const checks: Record<string, CheckResult> = {
      database: await withTimeout(checkDatabase(deps.db), deps.readyTimeoutMs ?? 2_000),
      queue: deps.queue === undefined ? 'ok' : deps.queue.running ? 'ok' : 'not running',
      memory: deps.watchdog === undefined || deps.watchdog.state === 'normal' ? 'ok' : deps.watchdog.state,
    };
    const reasons = Object.entries(checks)
      .filter(([, result]) => result !== 'ok')
      .map(([name, result]) => `${name}: ${result}`);
    if (reasons.length === 0) return { status: 'ready', checks };
    return reply.code(503).send({ status: 'not ready', reasons, checks });
  });
}

async function checkDatabase(db: Database): Promise<CheckResult> {
  try {
    await db.query('SELECT 1');
  } catch {
    return 'unreachable';
  }
  try {
    const status = await migrationStatus(db);
    if (status.changed.length > 0 || status.unknown.length > 0) return 'migrations do not match this build';
    if (status.pending.length > 0) return `${status.pending.length} migration(s) pending`;
  } catch {
    return 'migration status unreadable';
  }
  return 'ok';
}

async function withTimeout(check: Promise<CheckResult>, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
