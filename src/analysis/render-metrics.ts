import { CHANGEFREQS } from '../sitemap/index.js';
import type { RenderContext } from './render-files.js';
import { bar, fmtInt, fmtPercent, heading, renderTable, type Cell } from './text-layout.js';
import { COVERAGE_FIELDS, PRIORITY_BUCKETS, type DomainReport, type FreshnessBucket } from './types.js';
import { percent } from './url-tally.js';

const BAR_WIDTH = 20;

const FRESHNESS_LABELS: Record<FreshnessBucket, string> = {
  future: 'future-dated',
  days7: '≤ 7 days',
  days30: '8–30 days',
  days90: '31–90 days',
  year: '91–365 days',
  older: 'older',
  invalid: 'invalid',
  missing: 'no lastmod',
};

export function renderUrlCounts(report: DomainReport, { style }: RenderContext): string[] {
  const { listed, distinct, distinctMethod } = report.urls;
  const dup = report.violations.duplicates;
  return [
    heading(style, 'URLs'),
    ...renderTable(
      [
        ['Listed', fmtInt(listed)],
        ['Distinct', fmtInt(distinct), { text: `${fmtInt(dup.count)} duplicate(s), ${distinctMethod === 'exact' ? 'exact' : 'estimated past the memory budget'}`, paint: style.dim }],
      ],
      ['left', 'right', 'left'],
    ),
  ];
}

/** A histogram: label, bar scaled to the largest count (or to the total), count and share of the total. */
function histogram(rows: Array<[string, number]>, total: number, ctx: RenderContext, scaleToTotal = false): string[] {
  const max = scaleToTotal ? total : Math.max(0, ...rows.map(([, n]) => n));
  const cells: Cell[][] = rows.map(([label, n]) => [label, { text: bar(n, max, BAR_WIDTH), paint: ctx.style.cyan }, fmtInt(n), fmtPercent(percent(n, total))]);
  return renderTable(cells, ['left', 'left', 'right', 'right']);
}

export function renderCoverage(report: DomainReport, ctx: RenderContext): string[] {
  const rows = COVERAGE_FIELDS.map((f): [string, number] => [f, report.coverage[f].count]);
  return [heading(ctx.style, 'Metadata coverage (share of listed URLs)'), ...histogram(rows, report.urls.listed, ctx, true)];
}

export function renderFreshness(report: DomainReport, ctx: RenderContext): string[] {
  const rows = (Object.keys(FRESHNESS_LABELS) as FreshnessBucket[]).map((b): [string, number] => [FRESHNESS_LABELS[b], report.freshness[b]]);
  return [heading(ctx.style, `Lastmod freshness (age on ${report.analyzedAt.slice(0, 10)})`), ...histogram(rows, report.urls.listed, ctx)];
}

/** Changefreq and priority: only the values that occur, in their natural order. */
export function renderDistributions(report: DomainReport, ctx: RenderContext): string[] {
  const nonZero = (rows: Array<[string, number]>): Array<[string, number]> => rows.filter(([, n]) => n > 0);
  const cf = nonZero([...CHANGEFREQS, 'invalid', 'missing'].map((k): [string, number] => [k, report.changefreq[k as keyof DomainReport['changefreq']]]));
  const pr = nonZero([...[...PRIORITY_BUCKETS].reverse(), 'invalid', 'missing'].map((k): [string, number] => [k, report.priority[k as keyof DomainReport['priority']]]));
  return [
    heading(ctx.style, 'Changefreq'),
    ...(cf.length === 0 ? ['  (no URLs)'] : histogram(cf, report.urls.listed, ctx)),
    '',
    heading(ctx.style, 'Priority'),
    ...(pr.length === 0 ? ['  (no URLs)'] : histogram(pr, report.urls.listed, ctx)),
  ];
}

export function renderPageTypes(report: DomainReport, ctx: RenderContext): string[] {
  const rows = Object.entries(report.pageTypes)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [heading(ctx.style, 'Page types (by URL shape)'), ...(rows.length === 0 ? ['  (no URLs)'] : histogram(rows, report.urls.listed, ctx))];
}

export function renderTopSections(report: DomainReport, ctx: RenderContext): string[] {
  const items = report.topSections.items;
  const max = Math.max(0, ...items.map((s) => s.count));
  const rows: Cell[][] = items.map((s) => [
    s.section,
    { text: bar(s.count, max, BAR_WIDTH), paint: ctx.style.cyan },
    fmtInt(s.count),
    fmtPercent(percent(s.count, report.urls.listed)),
    { text: s.maxOverestimate > 0 ? `(may be ${fmtInt(s.maxOverestimate)} too high)` : '', paint: ctx.style.dim },
  ]);
  return [heading(ctx.style, 'Top sections (first path segment)'), ...(rows.length === 0 ? ['  (no URLs)'] : renderTable(rows, ['left', 'left', 'right', 'right', 'left']))];
}
