import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_LIMITS, API_LIMITS, CONTACT_LIMITS, CRAWL_THREAD_LIMITS, DATABASE_LIMITS, DISCOVERY_LIMITS, ENRICHMENT_LIMITS, FETCH_LIMITS, JOB_LIMITS, SERVICE_LIMITS, SETTINGS, SITEMAP_LIMITS } from '../src/config.js';
import { ERROR_CODES } from '../src/errors.js';
import { renderConfigMarkdown, renderErrorsMarkdown } from '../src/reference-docs.js';

const doc = (name: string): string => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

describe('the reference documentation', () => {
  it('docs/errors.md lists exactly the codes in src/errors.ts (run `npm run docs` after adding one)', () => {
    expect(doc('errors.md')).toBe(renderErrorsMarkdown());
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^SS_ERR_[A-Z0-9_]+$/);
  });

  it('docs/config.md lists exactly the settings in src/config.ts (run `npm run docs` after changing one)', () => {
    expect(doc('config.md')).toBe(renderConfigMarkdown());
  });

  it('gives every setting a unique name, flag and SITESCOUT_ environment variable', () => {
    expect(SETTINGS).toHaveLength(Object.keys(SITEMAP_LIMITS).length + Object.keys(FETCH_LIMITS).length + Object.keys(DISCOVERY_LIMITS).length + Object.keys(DATABASE_LIMITS).length + Object.keys(ANALYSIS_LIMITS).length + Object.keys(CONTACT_LIMITS).length + Object.keys(JOB_LIMITS).length + Object.keys(SERVICE_LIMITS).length + Object.keys(CRAWL_THREAD_LIMITS).length + Object.keys(API_LIMITS).length + Object.keys(ENRICHMENT_LIMITS).length);
    for (const key of ['name', 'flag', 'env'] as const) expect(new Set(SETTINGS.map((s) => s[key])).size).toBe(SETTINGS.length);
    for (const s of SETTINGS) {
      expect(s.env).toMatch(/^SITESCOUT_[A-Z_]+$/);
      expect(s.flag).toBe(`--${s.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      expect(s.schema.safeParse(s.default).success).toBe(true);
    }
  });
});
