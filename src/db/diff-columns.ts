import type { SchemaDescription } from './describe-schema.js';

/**
 * The drift check between the columns the code declares (src/db/row-types.ts) and the columns the migrations
 * create, as one sentence per difference, sorted; empty when they agree. Column order is not compared: SQL names
 * its columns.
 * @example
 *   diffColumns(schema, { pages: ['id', 'url', 'page_hash'] })
 *   //=> ['pages.page_hash: declared in src/db/row-types.ts but no migration creates it', …]
 */
export function diffColumns(schema: SchemaDescription, declared: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  const tables = new Set([...Object.keys(schema.tables), ...Object.keys(declared)]);
  for (const table of tables) {
    const created = schema.tables[table]?.columns.map((c) => c.name);
    const listed = declared[table];
    if (created === undefined) {
      problems.push(`table ${table}: declared in src/db/row-types.ts but no migration creates it`);
      continue;
    }
    if (listed === undefined) {
      problems.push(`table ${table}: created by a migration but not declared in src/db/row-types.ts`);
      continue;
    }
    for (const column of listed) {
      if (!created.includes(column)) problems.push(`${table}.${column}: declared in src/db/row-types.ts but no migration creates it`);
    }
    for (const column of created) {
      if (!listed.includes(column)) problems.push(`${table}.${column}: created by a migration but not declared in src/db/row-types.ts`);
    }
  }
  return problems.sort();
}
