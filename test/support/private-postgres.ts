/*
 * A PostgreSQL server of the test's own (initdb into a temp dir, pg_ctl on a free loopback port), so a test can
 * really stop and restart the server under a running worker without touching the shared one. It needs the server
 * binaries (Debian's postgresql package: /usr/lib/postgresql/<version>/bin); as root it runs them as the
 * `postgres` user through runuser, since PostgreSQL refuses to run as root. `privatePostgresUnavailable()` says
 * why it cannot run here, or null.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBinDir(): string | null {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = fromConfig.status === 0 ? [fromConfig.stdout.trim()] : [];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(join(debian, version, 'bin'));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

const binDir = findBinDir();
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUser(): { uid: number; gid: number } | null {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Why a private server cannot be started on this machine, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (binDir === null) return 'no PostgreSQL server binaries (initdb, pg_ctl) found';
  if (asRoot && postgresUser() === null) return 'running as root and there is no postgres user to run the server as';
  if (asRoot && spawnSync('runuser', ['--help']).status !== 0) return 'running as root without runuser';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivatePostgres {
  /** postgres://root@127.0.0.1:<port>/<database> */
  url(database: string): string;
  stop(): void;
  start(): void;
  /** Stops it for good and removes its data directory. */
  destroy(): void;
}

/** initdb (trust auth, superuser `root`, no fsync) and start; throws with the tool's output when either fails. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const reason = privatePostgresUnavailable();
  if (reason !== null || binDir === null) throw new Error(`private PostgreSQL unavailable: ${reason}`);
  const dir = mkdtempSync(join(tmpdir(), 'sitescout-pg-'));
  const data = join(dir, 'data');
  const owner = asRoot ? postgresUser() : null;
  if (owner !== null) chownSync(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]): void => {
    const file = join(binDir, tool);
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'root', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`;
  const start = (): void => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  start();
  let destroyed = false;
  return {
    url: (database) => `postgres://root@127.0.0.1:${port}/${database}`,
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']),
    start,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
