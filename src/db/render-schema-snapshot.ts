import type { SchemaDescription } from './describe-schema.js';

const line = (key: string, value: unknown): string => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;

function block(entries: string[], indent: string, open: string, close: string): string {
  if (entries.length === 0) return `${open}${close}`;
  return `${open}\n${entries.map((e) => `${indent}  ${e}`).join(',\n')}\n${indent}${close}`;
}

/**
 * A schema description as JSON with one line per column, constraint and index, so a schema change shows in a
 * review as the lines it changes (test/db/schema.snapshot.json is written with it).
 */
export function renderSchemaSnapshot(schema: SchemaDescription): string {
  const tables = Object.entries(schema.tables).map(([name, table]) => {
    const columns = block(table.columns.map((c) => JSON.stringify(c)), '      ', '[', ']');
    const constraints = block(Object.entries(table.constraints).map(([k, v]) => line(k, v)), '      ', '{', '}');
    const indexes = block(Object.entries(table.indexes).map(([k, v]) => line(k, v)), '      ', '{', '}');
    return `${JSON.stringify(name)}: {\n      "columns": ${columns},\n      "constraints": ${constraints},\n      "indexes": ${indexes}\n    }`;
  });
  const other = block(schema.otherObjects.map((o) => JSON.stringify(o)), '  ', '[', ']');
  return `{\n  "tables": ${block(tables, '  ', '{', '}')},\n  "otherObjects": ${other}\n}\n`;
}
