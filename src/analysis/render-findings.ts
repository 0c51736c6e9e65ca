import type { RenderContext } from './render-files.js';
import { fmtBytes, fmtInt, fmtPercent, heading, renderTable, truncateMiddle, wrap, type Cell } from './text-layout.js';
import type { DomainReport } from './types.js';
import { percent } from './url-tally.js';

export function renderViolations(report: DomainReport, { style, width }: RenderContext): string[] {
  const v = report.violations;
  const count = (n: number): Cell => ({ text: fmtInt(n), paint: n > 0 ? style.yellow : style.green });
  const rows: Cell[][] = [
    ['Files over 50,000 URLs or 50 MiB', count(v.oversizedFiles.length)],
    ['Cross-host locs', count(v.crossHostLocs)],
    ['Relative locs', count(v.relativeLocs)],
    ['Non-http or unresolvable locs', count(v.nonHttpLocs)],
    ['Invalid lastmod', count(v.invalidLastmod)],
    ['Invalid changefreq', count(v.invalidChangefreq)],
    ['Invalid priority', count(v.invalidPriority)],
    ['Invalid video/news values', count(v.invalidExtensionValues)],
    ['Duplicate URLs', count(v.duplicates.count)],
  ];
  const out = [heading(style, 'Protocol violations'), ...renderTable(rows, ['left', 'right'])];
  for (const f of v.oversizedFiles) {
    out.push(style.yellow(truncateMiddle(`    ${f.url}: ${fmtInt(f.urls)} entries, ${fmtBytes(f.bytes)} (${f.limits.join(', ')})`, width)));
  }
  out.push(style.dim(wrap(`duplicates: ${v.duplicates.detail}`, width, '  ', '    ')));
  return out;
}

export function renderRobots(report: DomainReport, { style, width }: RenderContext): string[] {
  const out = [heading(style, 'robots.txt')];
  if (report.robots.length === 0) out.push('  not fetched');
  for (const r of report.robots) {
    const what =
      r.blocked !== null ? style.red(`blocked: ${r.blocked}`) : r.error !== null ? style.red(`${r.error.code}: ${r.error.message}`) : `lists ${fmtInt(r.sitemapsListed)} sitemap(s)`;
    out.push(truncateMiddle(`  ${r.url}  ${r.status ?? '-'}  `, Math.max(24, width - 40)) + what);
  }
  const h = report.homePage;
  if (h !== null) {
    const what = h.blocked !== null ? style.red(`blocked: ${h.blocked}`) : h.error !== null ? style.red(`${h.error.code}: ${h.error.message}`) : 'read';
    out.push(truncateMiddle(`  home page ${h.url}  ${h.status ?? '-'}  `, Math.max(24, width - 40)) + what);
  }
  const d = report.robotsDisallowed;
  if (d === null) out.push(style.dim('  listed URLs were not checked against robots.txt'));
  else {
    const text = `  listed URLs disallowed for our user agent: ${fmtInt(d.disallowed)} of ${fmtInt(d.checked)} (${fmtPercent(percent(d.disallowed, d.checked))})`;
    out.push(d.disallowed > 0 ? style.yellow(text) : text);
  }
  return out;
}

export function renderTrust(report: DomainReport, { style, width }: RenderContext): string[] {
  const t = report.lastmodTrust;
  const verdict = t.trusted === null ? style.dim('cannot tell') : t.trusted ? style.green('trusted') : style.yellow('not trusted');
  return [heading(style, 'Lastmod trust'), `  ${verdict} (${t.rule})`, style.dim(wrap(t.detail, width, '  ', '  '))];
}

export function renderGenerators(report: DomainReport, { style }: RenderContext): string[] {
  const rows: Cell[][] = report.generators.map((g) => [g.name, `${fmtInt(g.sitemaps)} file(s)`]);
  return [heading(style, 'Generators'), ...(rows.length === 0 ? ['  none recognised'] : renderTable(rows, ['left', 'right']))];
}
