import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitescoutError } from '../../src/errors.js';
import { copyText, type Database, DatabaseQueryError, migrationStatus, openDatabase, redactDatabaseUrl } from '../../src/db/index.js';
import { openTestPostgres, rejectionOf, type TestPostgres, testDatabaseUrl } from './support.js';

const SECRET = 'hunter2-very-secret';

/** What a message, a String() and a JSON dump of the error (cause included) would show a log reader. */
function everythingPrinted(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return [String(error), error instanceof Error ? error.stack : '', JSON.stringify(error), String(cause), JSON.stringify(cause)].join('\n');
}

/** The same behaviour is required of both engines; each engine's describe block runs these on its own handle. */
function behavesAsTheDatabasePort(engine: Database['engine'], handle: () => Database): void {
  it('reports its engine', () => {
    expect(handle().engine).toBe(engine);
  });

  it('returns bigint and numeric as numbers, timestamptz as Date and jsonb parsed', async () => {
    const { rows, rowCount } = await handle().query(
      "SELECT 9007199254740991::int8 AS big, 0.85::numeric AS priority, '2024-05-01T10:00:00Z'::timestamptz AS at, '{\"a\":[1]}'::jsonb AS doc, NULL::text AS missing",
    );
    expect({ rows, rowCount }).toEqual({
      rows: [{ big: 9_007_199_254_740_991, priority: 0.85, at: new Date('2024-05-01T10:00:00Z'), doc: { a: [1] }, missing: null }],
      rowCount: 1,
    });
  });

  it('counts affected rows of a write without RETURNING', async () => {
    const db = handle();
    await db.query("INSERT INTO domains (name) VALUES ('count-a.example'), ('count-b.example')");
    expect(await db.query("UPDATE domains SET last_outcome = 'ok' WHERE name LIKE 'count-%'")).toEqual({ rows: [], rowCount: 2 });
  });

  it('commits a transaction whose function resolves and rolls back one whose function throws', async () => {
    const db = handle();
    const id = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number }>("INSERT INTO domains (name) VALUES ('kept.example') RETURNING id");
      return rows[0]!.id;
    });
    const failure = new Error('stop');
    await expect(db.transaction(async (tx) => {
      await tx.query("INSERT INTO domains (name) VALUES ('dropped.example')");
      throw failure;
    })).rejects.toBe(failure);
    const { rows } = await db.query<{ id: number; name: string }>("SELECT id, name FROM domains WHERE name IN ('kept.example', 'dropped.example')");
    expect(rows).toEqual([{ id, name: 'kept.example' }]);
  });

  it('turns a nested transaction into a savepoint: the inner rollback keeps the outer work', async () => {
    const db = handle();
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO domains (name) VALUES ('outer.example')");
      await expect(tx.transaction(async (inner) => {
        await inner.query("INSERT INTO domains (name) VALUES ('inner.example')");
        await inner.query("INSERT INTO domains (name) VALUES ('outer.example')");
      })).rejects.toMatchObject({ code: 'SS_ERR_DB_QUERY', sqlState: '23505', constraint: 'domains_name_key' });
    });
    const { rows } = await db.query<{ name: string }>("SELECT name FROM domains WHERE name IN ('outer.example', 'inner.example')");
    expect(rows).toEqual([{ name: 'outer.example' }]);
  });

  it('refuses a transaction handle once its transaction has ended, and refuses to close one', async () => {
    const db = handle();
    let leaked: Database | null = null;
    await db.transaction(async (tx) => {
      leaked = tx;
      await expect(tx.close()).rejects.toMatchObject({ code: 'SS_ERR_DB_CLOSED' });
    });
    await expect(leaked!.query('SELECT 1')).rejects.toMatchObject({ code: 'SS_ERR_DB_CLOSED' });
  });

  it('raises a DatabaseQueryError with the SQLSTATE, table and constraint of a rejected statement', async () => {
    const error = await rejectionOf(handle().query("INSERT INTO domains (name) VALUES ('UPPER.example')"));
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect(error).toMatchObject({
      code: 'SS_ERR_DB_QUERY',
      sqlState: '23514',
      table: 'domains',
      constraint: 'domains_name_check',
      message: 'new row for relation "domains" violates check constraint "domains_name_check"',
    });
  });

  it('copies COPY text into a table, escapes and nulls included, inside and outside a transaction', async () => {
    const db = handle();
    const awkward = ['tab\there', 'back\\slash', 'new\nline', 'cr\rhere', 'plain'];
    const text = awkward.map((name, i) => `${i}\t${copyText(name)}\t${copyText(i % 2 === 0 ? null : i / 10)}\n`).join('');
    await db.exec('CREATE TABLE copy_target (n integer, name text, score numeric)');
    expect(await db.copyFrom('COPY copy_target (n, name, score) FROM STDIN', text)).toBe(5);
    expect(await db.transaction((tx) => tx.copyFrom('COPY copy_target (n, name, score) FROM STDIN', text))).toBe(5);
    const { rows } = await db.query<{ n: number; name: string; score: number | null }>('SELECT n, name, score FROM copy_target ORDER BY n, name');
    const once = awkward.map((name, i) => ({ n: i, name, score: i % 2 === 0 ? null : i / 10 }));
    expect(rows).toEqual(once.flatMap((row) => [row, row]));
  });

  it('rejects COPY input the table refuses with a DatabaseQueryError, and the connection goes on working', async () => {
    const db = handle();
    await db.exec('CREATE TABLE copy_strict (n integer NOT NULL)');
    const error = await rejectionOf(db.copyFrom('COPY copy_strict (n) FROM STDIN', '1\nnot a number\n'));
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect(error).toMatchObject({ code: 'SS_ERR_DB_QUERY', sqlState: '22P02' });
    expect(await db.copyFrom('COPY copy_strict (n) FROM STDIN', '1\n2\n')).toBe(2);
    expect((await db.query('SELECT count(*)::int AS n FROM copy_strict')).rows).toEqual([{ n: 2 }]);
  });
}

describe('openDatabase on a PGlite data directory', () => {
  // One data directory serves the whole block: PGlite takes seconds to start, so the port's behaviour runs on the
  // first opening and the last test closes and reopens it. The in-memory mode is opened by the other db test files.
  const parent = mkdtempSync(join(tmpdir(), 'sitescout-db-'));
  const dataDir = join(parent, 'nested', 'data');
  let db: Database;
  // PGlite's start (WASM compile, initdb, migrations) takes seconds, more on a busy machine than the 10 s default.
  beforeAll(async () => {
    db = await openDatabase({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('creates the directory and opens migrated to the latest migration', async () => {
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    const status = await migrationStatus(db);
    expect({ applied: status.applied.map((m) => `${m.version} ${m.name}`), pending: status.pending, changed: status.changed, unknown: status.unknown }).toEqual({
      applied: ['1 initial', '2 job_pipeline', '3 contact_pages', '4 api_keys', '5 page_write_path', '6 enrichment_callback_index'],
      pending: [],
      changed: [],
      unknown: [],
    });
  });

  behavesAsTheDatabasePort('pglite', () => db);

  it('keeps the data when closed and reopened, without applying the migrations again', async () => {
    await db.query("INSERT INTO domains (name) VALUES ('persisted.example')");
    const before = await db.query('SELECT version, name, checksum, applied_at FROM schema_migrations');
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'SS_ERR_DB_CLOSED' });
    await db.close();

    db = await openDatabase({ env: { SITESCOUT_DATA_DIR: dataDir } });
    expect((await db.query("SELECT name FROM domains WHERE name = 'persisted.example'")).rows).toEqual([{ name: 'persisted.example' }]);
    expect(await db.query('SELECT version, name, checksum, applied_at FROM schema_migrations')).toEqual(before);
  });
});

describe('choosing and reaching the database', () => {
  it('rejects a PostgreSQL URL together with a PGlite location', async () => {
    await expect(openDatabase({ url: 'postgres://localhost/x', memory: true })).rejects.toMatchObject({ code: 'SS_ERR_CONFIG_INVALID' });
  });

  it('rejects a schema name that is not a plain lower-case identifier', async () => {
    await expect(openDatabase({ memory: true, schema: 'x; DROP TABLE pages' })).rejects.toMatchObject({ code: 'SS_ERR_CONFIG_INVALID' });
  });

  it('never prints the password of a DATABASE_URL it cannot connect to', async () => {
    const error = await rejectionOf(openDatabase({ env: { DATABASE_URL: `postgres://sitescout:${SECRET}@127.0.0.1:1/inventory` } }));
    expect(error).toBeInstanceOf(SitescoutError);
    expect((error as SitescoutError).code).toBe('SS_ERR_DB_CONNECT');
    expect((error as SitescoutError).message).toMatch(/^cannot connect to postgres:\/\/sitescout:\*\*\*@127\.0\.0\.1:1\/inventory: .*ECONNREFUSED/);
    expect(everythingPrinted(error)).not.toContain(SECRET);
  });

  it('never echoes a DATABASE_URL it cannot parse, nor chains the parser error that holds it', async () => {
    const error = await rejectionOf(openDatabase({ url: `postgres://sitescout:${SECRET}@[::1/inventory` }));
    expect(error).toMatchObject({ code: 'SS_ERR_CONFIG_INVALID', message: 'DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)' });
    expect((error as Error).cause).toBeUndefined();
    expect(everythingPrinted(error)).not.toContain(SECRET);
  });

  it('redacts the password and password-like query parameters, and nothing else', () => {
    expect(redactDatabaseUrl(`postgresql://app:${SECRET}@db.internal:6432/sitescout?sslmode=require&sslpassword=${SECRET}`)).toBe(
      'postgresql://app:***@db.internal:6432/sitescout?sslmode=require&sslpassword=***',
    );
    expect(redactDatabaseUrl('postgres://app@db/sitescout')).toBe('postgres://app@db/sitescout');
    expect(redactDatabaseUrl(`not a url ${SECRET}`)).toBe('<unparseable DATABASE_URL>');
  });
});

describe.skipIf(testDatabaseUrl === null)('openDatabase on PostgreSQL (TEST_DATABASE_URL)', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await openTestPostgres();
  });
  afterAll(() => pg?.drop());

  it('creates its schema and opens migrated to the latest migration', async () => {
    const { rows } = await pg.db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(rows).toEqual([{ schema: pg.schema }]);
    expect((await migrationStatus(pg.db)).pending).toEqual([]);
  });

  behavesAsTheDatabasePort('postgres', () => pg.db);

  it('survives a connection terminated inside a transaction, between two statements: the transaction fails, the next query reconnects', async () => {
    const db = await openDatabase({ url: testDatabaseUrl!, schema: pg.schema });
    try {
      const error = await rejectionOf(
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // From another connection, while this one is idle in its transaction (what a server restart does to it).
          await pg.db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          await waitUntilGone(rows[0]!.pid);
          await tx.query('SELECT 1');
        }),
      );
      expect(error).toBeInstanceOf(Error);
      // Unheard, the checked-out connection's 'error' event would have crashed the process by now.
      const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  async function waitUntilGone(pid: number): Promise<void> {
    for (;;) {
      const { rows } = await pg.db.query<{ n: number }>('SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (Number(rows[0]!.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reports a database that does not exist as SS_ERR_DB_CONNECT without the password', async () => {
    const url = new URL(testDatabaseUrl!);
    url.password = SECRET;
    url.pathname = '/sitescout_no_such_database';
    const error = await rejectionOf(openDatabase({ url: url.toString() }));
    expect(error).toMatchObject({ code: 'SS_ERR_DB_CONNECT' });
    expect((error as Error).message).toContain('database "sitescout_no_such_database" does not exist');
    expect(everythingPrinted(error)).not.toContain(SECRET);
  });
});
