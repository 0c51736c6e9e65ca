import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_TYPES, type DiscoveryMethod, type DomainOutcome } from '../../src/analysis/index.js';
import { CHANGEFREQS, type SitemapKind } from '../../src/sitemap/index.js';
import {
  CHANGEFREQ_VALUES,
  CHECKED_COLUMN_VALUES,
  type DiscoveryMethodValue,
  type DomainOutcomeValue,
  type Expect,
  PAGE_TYPE_VALUES,
  type SchemaDescription,
  type SitemapKindValue,
} from '../../src/db/index.js';

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The stages' unions, repeated in db (which imports no stage): these lines stop compiling when one side changes.
type _DiscoveryMethods = Expect<Equal<DiscoveryMethodValue, DiscoveryMethod>>;
type _DomainOutcomes = Expect<Equal<DomainOutcomeValue, DomainOutcome>>;
type _SitemapKinds = Expect<Equal<SitemapKindValue, SitemapKind>>;

/** The committed snapshot: schema-drift.test.ts proves it is what the migrations create on both engines. */
const snapshot = JSON.parse(readFileSync(new URL('./schema.snapshot.json', import.meta.url), 'utf8')) as SchemaDescription;

/** The values of a `column = ANY (ARRAY['a'::text, …])` CHECK, in the order the migration lists them. */
function checkedValues(table: string, column: string): string[] | null {
  const definition = snapshot.tables[table]?.constraints[`${table}_${column}_check`]?.definition;
  if (definition === undefined) return null;
  return [...definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
}

describe('the values enumerable columns accept', () => {
  it.each(Object.entries(CHECKED_COLUMN_VALUES))('%s: the CHECK constraint lists exactly src/db/column-values.ts', (key, values) => {
    const [table, column] = key.split('.') as [string, string];
    expect(checkedValues(table, column)).toEqual([...values]);
  });

  it("pages.changefreq takes exactly the sitemap parser's changefreq values", () => {
    expect([...CHANGEFREQ_VALUES]).toEqual([...CHANGEFREQS]);
  });

  it('pages.page_type takes exactly the page types the analysis classifies into', () => {
    expect([...PAGE_TYPE_VALUES]).toEqual([...PAGE_TYPES]);
  });
});
