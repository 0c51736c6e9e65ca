import type { Database } from './database.js';

export interface ColumnDescription {
  name: string;
  /** format_type(): `bigint`, `text`, `timestamp with time zone`, `numeric(4,3)`, … */
  type: string;
  nullable: boolean;
  /** The default expression as PostgreSQL prints it (`now()`, `'none'::text`), or null. */
  default: string | null;
  identity: 'always' | 'by default' | null;
}

export interface ConstraintDescription {
  kind: 'check' | 'foreign key' | 'primary key' | 'unique' | 'exclusion' | 'trigger';
  /** pg_get_constraintdef(), whitespace collapsed and the schema name removed. */
  definition: string;
}

export interface TableDescription {
  /** In column order. */
  columns: ColumnDescription[];
  /** By name. NOT NULL is a column property here: PostgreSQL 18 also lists it as a constraint, 15 does not. */
  constraints: Record<string, ConstraintDescription>;
  /** By name: pg_get_indexdef(), whitespace collapsed and the schema name removed. */
  indexes: Record<string, string>;
}

/**
 * The schema as migrations left it, in a form that is identical from PGlite (PostgreSQL 18) and PostgreSQL 15 and
 * independent of the schema's name, so it can be compared with a committed snapshot.
 */
export interface SchemaDescription {
  /** By table name, sorted. */
  tables: Record<string, TableDescription>;
  /** Views, sequences not owned by an identity column, functions, triggers and types, as `kind name`, sorted. */
  otherObjects: string[];
}

const CONSTRAINT_KINDS: Record<string, ConstraintDescription['kind']> = {
  c: 'check',
  f: 'foreign key',
  p: 'primary key',
  u: 'unique',
  x: 'exclusion',
  t: 'trigger',
};

const IDENTITY: Record<string, ColumnDescription['identity']> = { a: 'always', d: 'by default', '': null };

const COLUMNS_SQL = `
SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity::text AS identity
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT c.relname AS table_name, k.conname AS name, k.contype::text AS kind, pg_get_constraintdef(k.oid) AS definition
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND k.contype <> 'n'
ORDER BY c.relname, k.conname`;

const INDEXES_SQL = `
SELECT t.relname AS table_name, i.relname AS name, pg_get_indexdef(i.oid) AS definition
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema()
ORDER BY t.relname, i.relname`;

const OTHER_OBJECTS_SQL = `
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' END || ' ' || c.relname AS object
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm', 'S')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
UNION ALL
SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()
UNION ALL
SELECT 'trigger ' || t.tgname || ' on ' || c.relname
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND NOT t.tgisinternal
UNION ALL
SELECT 'type ' || t.typname
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd', 'r', 'm')
UNION ALL
SELECT 'composite type ' || t.typname
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid
WHERE n.nspname = current_schema() AND t.typtype = 'c' AND c.relkind = 'c'`;

interface ColumnRow {
  table_name: string;
  name: string;
  type: string;
  not_null: boolean;
  default_expr: string | null;
  identity: string;
}

/**
 * Reads the current schema (the first existing one on the search_path) from the catalogue and normalises it:
 * the schema name is removed from definitions, whitespace collapsed, NOT NULL kept on columns only.
 * @example
 *   const schema = await describeSchema(db);
 *   schema.tables.pages.columns.find((c) => c.name === 'priority') //=> { name: 'priority', type: 'numeric', nullable: true, default: null, identity: null }
 */
export async function describeSchema(db: Database): Promise<SchemaDescription> {
  const { rows: schemaRows } = await db.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  const schema = schemaRows[0]?.schema ?? null;
  const normalise = (text: string): string => {
    const collapsed = text.replace(/\s+/g, ' ').trim();
    return schema === null ? collapsed : collapsed.replaceAll(`${quoteIdentifier(schema)}.`, '');
  };

  const tables: Record<string, TableDescription> = {};
  const table = (name: string): TableDescription => (tables[name] ??= { columns: [], constraints: {}, indexes: {} });

  for (const row of (await db.query<ColumnRow>(COLUMNS_SQL)).rows) {
    table(row.table_name).columns.push({
      name: row.name,
      type: row.type,
      nullable: !row.not_null,
      default: row.default_expr === null ? null : normalise(row.default_expr),
      identity: IDENTITY[row.identity] ?? null,
    });
  }
  const constraints = await db.query<{ table_name: string; name: string; kind: string; definition: string }>(CONSTRAINTS_SQL);
  for (const row of constraints.rows) {
    table(row.table_name).constraints[row.name] = { kind: CONSTRAINT_KINDS[row.kind] ?? 'check', definition: normalise(row.definition) };
  }
  for (const row of (await db.query<{ table_name: string; name: string; definition: string }>(INDEXES_SQL)).rows) {
    table(row.table_name).indexes[row.name] = normalise(row.definition);
  }
  const otherObjects = (await db.query<{ object: string }>(OTHER_OBJECTS_SQL)).rows.map((row) => normalise(row.object)).sort();

  const sorted: Record<string, TableDescription> = {};
  for (const name of Object.keys(tables).sort()) {
    const t = tables[name]!;
    sorted[name] = { columns: t.columns, constraints: sortKeys(t.constraints), indexes: sortKeys(t.indexes) };
  }
  return { tables: sorted, otherObjects };
}

function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The identifier as PostgreSQL prints it: bare when it is lower case and plain, double-quoted otherwise. */
function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
