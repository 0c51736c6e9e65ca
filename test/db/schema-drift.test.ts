import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  describeSchema,
  diffColumns,
  MIGRATION_MODULE_PATH,
  migrateUp,
  openDatabase,
  renderMigrationModule,
  renderSchemaSnapshot,
  type SchemaDescription,
  TABLE_COLUMNS,
  toMigrations,
} from '../../src/db/index.js';
import { enforcesTheChecks } from './check-constraints.js';
import { openTestPostgres, readMigrationSources, type TestPostgres, testDatabaseUrl } from './support.js';

/*
 * The drift check (the incident's second failure: code carried 15 enrichment columns no migration created).
 * Every migration file is applied to an empty database; the resulting schema must equal the committed snapshot,
 * and its columns must equal the ones src/db/row-types.ts declares. SITESCOUT_UPDATE_SNAPSHOT=1 rewrites the
 * snapshot and the embedded copy of the SQL instead of comparing (docs/migrations.md).
 */

const updating = process.env.SITESCOUT_UPDATE_SNAPSHOT === '1';
const snapshotUrl = new URL('./schema.snapshot.json', import.meta.url);
const moduleUrl = new URL(`../../${MIGRATION_MODULE_PATH}`, import.meta.url);
const sources = readMigrationSources();

async function migratedSchema(db: Database): Promise<SchemaDescription> {
  await migrateUp(db, { migrations: toMigrations(sources) });
  return describeSchema(db);
}

function expectSnapshot(schema: SchemaDescription): void {
  const text = renderSchemaSnapshot(schema);
  expect(JSON.parse(text)).toEqual(schema);
  if (updating) writeFileSync(snapshotUrl, text);
  expect(text, 'the schema differs from test/db/schema.snapshot.json; if the change is intended, see docs/migrations.md').toBe(
    readFileSync(snapshotUrl, 'utf8'),
  );
}

describe('the migrations the package ships', () => {
  it('src/db/migration-sources.ts embeds exactly the files of src/db/migrations/', () => {
    const expected = renderMigrationModule(sources);
    if (updating) writeFileSync(moduleUrl, expected);
    expect(readFileSync(moduleUrl, 'utf8'), 'run SITESCOUT_UPDATE_SNAPSHOT=1 npx vitest run test/db/schema-drift.test.ts').toBe(expected);
  });
});

describe('the schema the migrations create on PGlite (PostgreSQL 18)', () => {
  let db: Database;
  let schema: SchemaDescription;
  beforeAll(async () => {
    db = await openDatabase({ memory: true, migrate: false });
    schema = await migratedSchema(db);
  });
  afterAll(() => db?.close());

  it('equals the committed snapshot test/db/schema.snapshot.json', () => {
    expectSnapshot(schema);
  });

  it('has exactly the tables and columns src/db/row-types.ts declares', () => {
    expect(diffColumns(schema, TABLE_COLUMNS)).toEqual([]);
  });

  it('reports a column the code declares but no migration creates, and the reverse', () => {
    const contacts = schema.tables.contacts!;
    const withoutOne: SchemaDescription = {
      ...schema,
      tables: { ...schema.tables, contacts: { ...contacts, columns: contacts.columns.filter((c) => c.name !== 'enrichment_cost_estimate') } },
    };
    expect(diffColumns(withoutOne, TABLE_COLUMNS)).toEqual([
      'contacts.enrichment_cost_estimate: declared in src/db/row-types.ts but no migration creates it',
    ]);

    const extra = { name: 'enrichment_vendor', type: 'text', nullable: true, default: null, identity: null };
    const withExtra: SchemaDescription = { ...schema, tables: { ...schema.tables, contacts: { ...contacts, columns: [...contacts.columns, extra] } } };
    expect(diffColumns(withExtra, TABLE_COLUMNS)).toEqual(['contacts.enrichment_vendor: created by a migration but not declared in src/db/row-types.ts']);

    const { contacts: _dropped, ...declaredWithoutContacts } = TABLE_COLUMNS;
    expect(diffColumns(schema, declaredWithoutContacts)).toEqual(['table contacts: created by a migration but not declared in src/db/row-types.ts']);
  });

  describe('rejects bad values with its CHECK constraints', () => enforcesTheChecks(() => db));
});

describe.skipIf(testDatabaseUrl === null)('the schema the migrations create on PostgreSQL (TEST_DATABASE_URL)', () => {
  let pg: TestPostgres;
  let schema: SchemaDescription;
  beforeAll(async () => {
    pg = await openTestPostgres({ migrate: false });
    schema = await migratedSchema(pg.db);
  });
  afterAll(() => pg?.drop());

  it('equals the same committed snapshot as PGlite', () => {
    // Never rewritten from here: the PGlite run owns the snapshot, this run proves the server agrees with it.
    expect(renderSchemaSnapshot(schema)).toBe(readFileSync(snapshotUrl, 'utf8'));
  });

  it('has exactly the tables and columns src/db/row-types.ts declares', () => {
    expect(diffColumns(schema, TABLE_COLUMNS)).toEqual([]);
  });

  describe('rejects bad values with its CHECK constraints', () => enforcesTheChecks(() => pg.db));
});
