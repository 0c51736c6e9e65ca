import type { MigrationSource } from './migration-files.js';

/** Where the generated module lives, relative to the package root. */
export const MIGRATION_MODULE_PATH = 'src/db/migration-sources.ts';

/**
 * The text of src/db/migration-sources.ts: every file of src/db/migrations/ as a string, so the built package
 * carries its SQL (tsc copies no .sql file, and package.json ships dist/ only). test/db/schema-drift.test.ts
 * fails when the module and the files differ, and rewrites it under SITESCOUT_UPDATE_SNAPSHOT=1.
 */
export function renderMigrationModule(sources: readonly MigrationSource[]): string {
  const entries = [...sources]
    .sort((a, b) => a.file.localeCompare(b.file))
    .map(({ file, sql }) => `  {\n    file: ${JSON.stringify(file)},\n    sql: ${JSON.stringify(sql)},\n  },\n`)
    .join('');
  return `// Generated from src/db/migrations/*.sql: do not edit. Regenerate with
//   SITESCOUT_UPDATE_SNAPSHOT=1 npx vitest run test/db/schema-drift.test.ts
// (docs/migrations.md explains why the SQL is embedded).
import type { MigrationSource } from './migration-files.js';

export const MIGRATION_SOURCES: readonly MigrationSource[] = [
${entries}];
`;
}
