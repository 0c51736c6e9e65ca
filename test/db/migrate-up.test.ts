import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  migrateUp,
  type MigrationSource,
  migrationStatus,
  openDatabase,
  toMigrations,
} from '../../src/db/index.js';
import { openTestPostgres, rejectionOf, type TestPostgres, testDatabaseUrl, uniqueSchemaName, useFreshPgliteSchema } from './support.js';

const FIRST: MigrationSource = { file: '0001_domains.sql', sql: 'CREATE TABLE t_domains (id int PRIMARY KEY);\n' };
const SECOND: MigrationSource = { file: '0002_pages.sql', sql: 'CREATE TABLE t_pages (id int PRIMARY KEY, domain_id int REFERENCES t_domains (id));\n' };
const THIRD: MigrationSource = { file: '0003_page_url.sql', sql: "ALTER TABLE t_pages ADD COLUMN url text NOT NULL DEFAULT '';\n" };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface RecordedRow {
  version: number;
  name: string;
  checksum: string;
  applied_at: Date;
}

async function recorded(db: Database): Promise<Array<Omit<RecordedRow, 'applied_at'>>> {
  const { rows } = await db.query<RecordedRow>('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version');
  for (const row of rows) expect(row.applied_at).toBeInstanceOf(Date);
  return rows.map(({ version, name, checksum }) => ({ version, name, checksum }));
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [name]);
  return rows[0]!.present;
}

/** The runner's contract, run against an empty schema of each engine. */
function behavesAsTheMigrationRunner(freshDatabase: () => Promise<Database>): void {
  it('applies the migrations in version order, each recorded with its name, sha256 and time', async () => {
    const db = await freshDatabase();
    const result = await migrateUp(db, { migrations: toMigrations([THIRD, FIRST, SECOND]) });
    expect(result.applied.map((m) => m.file)).toEqual(['0001_domains.sql', '0002_pages.sql', '0003_page_url.sql']);
    expect(await recorded(db)).toEqual([
      { version: 1, name: 'domains', checksum: sha256(FIRST.sql) },
      { version: 2, name: 'pages', checksum: sha256(SECOND.sql) },
      { version: 3, name: 'page_url', checksum: sha256(THIRD.sql) },
    ]);
  });

  it('applies nothing the second time and leaves the records as they were', async () => {
    const db = await freshDatabase();
    const migrations = toMigrations([FIRST, SECOND]);
    await migrateUp(db, { migrations });
    const before = (await db.query('SELECT * FROM schema_migrations ORDER BY version')).rows;
    expect(await migrateUp(db, { migrations })).toEqual({ applied: [] });
    expect((await db.query('SELECT * FROM schema_migrations ORDER BY version')).rows).toEqual(before);
  });

  it('applies only the new migration when one is added', async () => {
    const db = await freshDatabase();
    await migrateUp(db, { migrations: toMigrations([FIRST, SECOND]) });
    const result = await migrateUp(db, { migrations: toMigrations([FIRST, SECOND, THIRD]) });
    expect(result.applied.map((m) => m.file)).toEqual(['0003_page_url.sql']);
  });

  it('refuses to run when an applied migration was edited, and applies nothing after it', async () => {
    const db = await freshDatabase();
    await migrateUp(db, { migrations: toMigrations([FIRST, SECOND]) });
    const edited = { ...FIRST, sql: `${FIRST.sql}-- a later "small fix"\n` };
    const error = await rejectionOf(migrateUp(db, { migrations: toMigrations([edited, SECOND, THIRD]) }));
    expect(error).toMatchObject({
      name: 'MigrationError',
      code: 'SS_ERR_DB_MIGRATION_CHANGED',
      migration: '0001_domains.sql',
      message: `migration 0001_domains.sql was changed after it was applied (recorded checksum ${sha256(FIRST.sql).slice(0, 12)}…): restore the file and put the change in a new migration`,
    });
    const status = await migrationStatus(db, { migrations: toMigrations([edited, SECOND, THIRD]) });
    expect({ changed: status.changed.map((m) => m.version), pending: status.pending.map((m) => m.file) }).toEqual({
      changed: [1],
      pending: ['0003_page_url.sql'],
    });
  });

  it('refuses to run when the database has applied a migration this build does not have', async () => {
    const db = await freshDatabase();
    await migrateUp(db, { migrations: toMigrations([FIRST, SECOND]) });
    await expect(migrateUp(db, { migrations: toMigrations([FIRST]) })).rejects.toMatchObject({
      code: 'SS_ERR_DB_MIGRATION_UNKNOWN',
      migration: '0002_pages.sql',
      message: 'the database has applied 0002_pages.sql, which this build does not have: run a newer sitescout',
    });
  });

  it('rolls a failing migration back whole, keeps the ones before it and stops there', async () => {
    const db = await freshDatabase();
    const broken: MigrationSource = { file: '0002_pages.sql', sql: 'CREATE TABLE t_pages (id int);\nSELECT * FROM no_such_table;\n' };
    const error = await rejectionOf(migrateUp(db, { migrations: toMigrations([FIRST, broken, THIRD]) }));
    expect(error).toMatchObject({
      code: 'SS_ERR_DB_MIGRATION_FAILED',
      migration: '0002_pages.sql',
      message: 'migration 0002_pages.sql failed and was rolled back: relation "no_such_table" does not exist',
    });
    expect((error as Error).cause).toMatchObject({ code: 'SS_ERR_DB_QUERY', sqlState: '42P01' });
    expect(await recorded(db)).toEqual([{ version: 1, name: 'domains', checksum: sha256(FIRST.sql) }]);
    expect(await tableExists(db, 't_pages')).toBe(false);
  });

  it('reports status without creating anything in a database never migrated', async () => {
    const db = await freshDatabase();
    const status = await migrationStatus(db, { migrations: toMigrations([FIRST, SECOND]) });
    expect({ ...status, pending: status.pending.map((m) => m.file) }).toEqual({
      applied: [],
      pending: ['0001_domains.sql', '0002_pages.sql'],
      changed: [],
      unknown: [],
    });
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
  });
}

describe('validating migration files', () => {
  const sql = 'SELECT 1;';
  it.each([
    [['initial.sql'], 'migration file initial.sql is not named NNNN_name.sql (lower case)'],
    [['0001_Initial.sql'], 'migration file 0001_Initial.sql is not named NNNN_name.sql (lower case)'],
    [['0001_a.sql', '0003_c.sql'], 'migration 0003_c.sql: expected version 0002 next (versions run 0001, 0002, … without gaps or repeats)'],
    [['0001_a.sql', '0001_b.sql'], 'migration 0001_b.sql: expected version 0002 next (versions run 0001, 0002, … without gaps or repeats)'],
    [['0002_b.sql'], 'migration 0002_b.sql: expected version 0001 next (versions run 0001, 0002, … without gaps or repeats)'],
  ])('rejects %j', (files, message) => {
    expect(() => toMigrations(files.map((file) => ({ file, sql })))).toThrow(expect.objectContaining({ code: 'SS_ERR_DB_MIGRATION_INVALID', message }));
  });
});

describe('migrateUp on PGlite', () => {
  let db: Database;
  // PGlite's start takes seconds, more on a busy machine than the 10 s default hook timeout.
  beforeAll(async () => {
    db = await openDatabase({ memory: true, migrate: false, schema: 'runner_tests' });
  }, 60_000);
  afterAll(() => db?.close());

  it('opens in the schema it was given, created for it, and migrates nothing when told not to', async () => {
    const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(rows).toEqual([{ schema: 'runner_tests' }]);
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
  });

  behavesAsTheMigrationRunner(async () => {
    await useFreshPgliteSchema(db);
    return db;
  });
});

describe.skipIf(testDatabaseUrl === null)('migrateUp on PostgreSQL (TEST_DATABASE_URL)', () => {
  const opened: TestPostgres[] = [];
  afterAll(async () => {
    for (const pg of opened) await pg.drop();
  });

  behavesAsTheMigrationRunner(async () => {
    const pg = await openTestPostgres({ migrate: false });
    opened.push(pg);
    return pg.db;
  });

  /** Several processes' handles on one fresh schema; the first one drops it. */
  async function handlesOnOneSchema(count: number): Promise<Database[]> {
    const schema = uniqueSchemaName();
    const handles: Database[] = [];
    for (let i = 0; i < count; i++) handles.push(await openDatabase({ url: testDatabaseUrl!, schema, migrate: false }));
    opened.push({ db: handles[0]!, schema, drop: async () => {
      await handles[0]!.exec(`DROP SCHEMA ${schema} CASCADE`);
      for (const handle of handles) await handle.close();
    } });
    return handles;
  }

  it('applies each migration exactly once when three processes migrate at the same moment', async () => {
    const slow: MigrationSource = { file: '0002_pages.sql', sql: `SELECT pg_sleep(0.3);\n${SECOND.sql}` };
    const migrations = toMigrations([FIRST, slow, THIRD]);
    const handles = await handlesOnOneSchema(3);
    const results = await Promise.all(handles.map((db) => migrateUp(db, { migrations })));
    expect(results.flatMap((r) => r.applied.map((m) => m.file)).sort()).toEqual(['0001_domains.sql', '0002_pages.sql', '0003_page_url.sql']);
    const { rows } = await handles[0]!.query<{ version: number; n: number }>('SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version');
    expect(rows).toEqual([
      { version: 1, n: 1 },
      { version: 2, n: 1 },
      { version: 3, n: 1 },
    ]);
  });

  it('gives up with SS_ERR_DB_MIGRATION_LOCKED instead of waiting forever behind another migrating process', async () => {
    const slow: MigrationSource = { file: '0001_domains.sql', sql: `SELECT pg_sleep(1.5);\n${FIRST.sql}` };
    const migrations = toMigrations([slow]);
    const handles = await handlesOnOneSchema(2);
    const outcomes = await Promise.allSettled(handles.map((db) => migrateUp(db, { migrations, lockTimeoutMs: 200 })));
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: 'SS_ERR_DB_MIGRATION_LOCKED' });
    expect(await recorded(handles[0]!)).toEqual([{ version: 1, name: 'domains', checksum: sha256(slow.sql) }]);
  });
});
