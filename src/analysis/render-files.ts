import { fmtBytes, fmtInt, heading, renderTable, truncateMiddle, wrap, type Cell, type Style } from './text-layout.js';
import type { DomainReport, SitemapReport, SitemapTreeNode } from './types.js';

export interface RenderContext {
  style: Style;
  width: number;
}

const MIN_URL_WIDTH = 24;

/**
 * The sitemap files as a table, each followed by its notes (generator evidence, redirects, error, warnings), then
 * the files that were not sitemaps. When every file is on one origin, the table shows paths and the heading the origin.
 */
export function renderSitemaps(report: DomainReport, { style, width }: RenderContext): string[] {
  const origin = commonOrigin(report.sitemaps.map((s) => s.url));
  const out = [heading(style, `Sitemaps (${report.sitemaps.length})`) + (origin === null ? '' : style.dim(`  on ${origin}`))];
  if (report.sitemaps.length === 0) out.push('  none found');
  else {
    const rest = report.sitemaps.map((s) => [
      s.kind ?? '-',
      s.method,
      s.status === null ? '-' : String(s.status),
      fmtInt(s.entries.urls + s.entries.sitemaps),
      s.bytesCompressed !== s.bytesUncompressed ? `${fmtBytes(s.bytesCompressed)}${s.gzip ? ' gz' : ''} → ${fmtBytes(s.bytesUncompressed)}` : fmtBytes(s.bytesUncompressed),
      s.responseTimeMs === null ? '-' : `${Math.round(s.responseTimeMs)} ms`,
      s.generator?.name ?? '-',
    ]);
    const header = ['Kind', 'Found via', 'Status', 'Entries', 'Size', 'Time', 'Generator'];
    const restWidth = [header, ...rest].reduce((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]).reduce((a, b) => a + b + 2, 0);
    const urlWidth = Math.max(MIN_URL_WIDTH, width - 2 - restWidth);
    const shown = (u: string): string => truncateMiddle(origin === null ? u : u.slice(origin.length) || '/', urlWidth);
    const rows: Cell[][] = [[origin === null ? 'URL' : 'Path', ...header].map((h) => ({ text: h, paint: style.dim }))];
    report.sitemaps.forEach((s, i) => rows.push([shown(s.url), ...rest[i]!.map((c, j) => (j === 2 ? statusCell(c, style) : c))]));
    const lines = renderTable(rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left']);
    out.push(lines[0]!);
    report.sitemaps.forEach((s, i) => out.push(lines[i + 1]!, ...fileNotes(s, style, width)));
  }
  if (report.notSitemaps.length > 0) {
    out.push(style.dim(`  also tried, not sitemaps: ${report.notSitemaps.length}`));
    for (const p of report.notSitemaps) {
      const why = p.blocked ?? p.error?.code ?? '';
      out.push(style.dim(`    ${truncateMiddle(p.url, Math.max(MIN_URL_WIDTH, width - 10 - why.length))}  ${p.status ?? '-'}  ${why}`.trimEnd()));
    }
  }
  const w = report.walk;
  if (w !== null) {
    const skipped = Object.entries(w.skipped).filter(([, n]) => n > 0);
    const skips = skipped.length === 0 ? '' : `; skipped: ${skipped.map(([r, n]) => `${r} ${fmtInt(n)}`).join(', ')}`;
    out.push(style.dim(wrap(`walk: ${fmtInt(w.filesFetched)} file(s) fetched, ${fmtInt(w.sitemapsRead)} sitemap(s) read, ${fmtInt(w.notRead)} not read${skips}`, width, '  ', '    ')));
  }
  return out;
}

/** `scheme://host` shared by every URL, or null when they differ (or there are none). */
function commonOrigin(urls: readonly string[]): string | null {
  const origins = new Set(urls.map((u) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(u)?.[0] ?? ''));
  const [only] = origins;
  return origins.size === 1 && only !== '' && only !== undefined ? only : null;
}

function statusCell(text: string, style: Style): Cell {
  const n = Number(text);
  return { text, paint: n >= 200 && n < 300 ? style.green : style.red };
}

function fileNotes(s: SitemapReport, style: Style, width: number): string[] {
  const notes: string[] = [];
  if (s.generator !== null) notes.push(style.dim(wrap(`generator ${s.generator.name}: ${s.generator.evidence}`, width, '    ', '      ')));
  if (s.redirects.length > 0) notes.push(style.dim(truncateMiddle(`    redirected: ${s.redirects.map((r) => `${r.status} → ${r.to}`).join(', ')}`, width)));
  if (s.blocked !== null) notes.push(style.red(wrap(`blocked: ${s.blocked}`, width, '    ', '      ')));
  if (s.error !== null) notes.push(style.red(wrap(`error ${s.error.code}: ${s.error.message}`, width, '    ', '      ')));
  const warnings = Object.entries(s.warnings).filter(([, n]) => (n ?? 0) > 0);
  if (warnings.length > 0) notes.push(style.yellow(wrap(`warnings: ${warnings.map(([code, n]) => `${code} ×${fmtInt(n ?? 0)}`).join(', ')}`, width, '    ', '      ')));
  if (s.overProtocolLimits.length > 0) notes.push(style.yellow(`    over the protocol's limits: ${s.overProtocolLimits.join(', ')}`));
  if (s.crossHostLocs > 0) notes.push(style.yellow(`    cross-host locs: ${fmtInt(s.crossHostLocs)}`));
  return notes;
}

/** The index tree with box-drawing branches; skipped children are listed with their reason. */
export function renderTree(report: DomainReport, { style, width }: RenderContext): string[] {
  const out = [heading(style, 'Sitemap tree')];
  if (report.tree.length === 0) return [...out, '  (empty)'];
  const walk = (node: SitemapTreeNode, prefix: string, branch: string): void => {
    const what =
      node.kind === 'sitemapindex'
        ? `${node.children.length} sitemap(s)${node.skippedCount > 0 ? `, ${fmtInt(node.skippedCount)} skipped` : ''}`
        : `${fmtInt(node.urls)} URL${node.urls === 1 ? '' : 's'}`;
    const label = `${node.url}  `;
    out.push(`  ${prefix}${branch}${truncateMiddle(label, Math.max(MIN_URL_WIDTH, width - 4 - prefix.length - branch.length - what.length))}${style.dim(what)}`);
    const next = prefix + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    const unlisted = node.skippedCount - node.skipped.length;
    const items = [...node.children.map((c) => ({ c })), ...node.skipped.map((s) => ({ s })), ...(unlisted > 0 ? [{ more: unlisted }] : [])];
    items.forEach((item, i) => {
      const b = i === items.length - 1 ? '└─ ' : '├─ ';
      if ('c' in item) walk(item.c, next, b);
      else if ('s' in item) out.push(style.dim(`  ${next}${b}${truncateMiddle(item.s.url, Math.max(MIN_URL_WIDTH, width - 24 - next.length))}  skipped: ${item.s.reason}`));
      else out.push(style.dim(`  ${next}${b}… ${fmtInt(item.more)} more skipped`));
    });
  };
  for (const root of report.tree) walk(root, '', '');
  return out;
}
