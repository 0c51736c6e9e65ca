import { renderSitemaps, renderTree, type RenderContext } from './render-files.js';
import { renderGenerators, renderRobots, renderTrust, renderViolations } from './render-findings.js';
import { renderCoverage, renderDistributions, renderFreshness, renderPageTypes, renderTopSections, renderUrlCounts } from './render-metrics.js';
import { createStyle } from './text-layout.js';
import type { DomainReport } from './types.js';
import type { DomainOutcome } from './walk-input.js';

export interface RenderTextOptions {
  /** ANSI colour: the CLI passes true only on a TTY without NO_COLOR. When false no escape byte is written. */
  color: boolean;
  /** Terminal columns; long URLs are shortened in the middle to fit. Default 100. */
  width?: number;
  /** The command named in the title line. Default 'analyze'; `report` names itself, its data being stored. */
  command?: string;
}

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 60;

/**
 * The report for a person: sections with aligned tables and small bar charts of unicode blocks.
 * @example process.stdout.write(renderReportText(report, { color: process.stdout.isTTY && !process.env.NO_COLOR, width: process.stdout.columns }))
 */
export function renderReportText(report: DomainReport, options: RenderTextOptions): string {
  const style = createStyle(options.color);
  const ctx: RenderContext = { style, width: Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH) };
  const paint = outcomePaint(report.outcome, ctx);
  const title = [
    `${style.bold(`sitescout ${options.command ?? 'analyze'} ${report.domain}`)}  ${style.dim(report.analyzedAt)}`,
    `Outcome: ${paint(report.outcome)}${report.reason === null ? '' : ` (${report.reason})`}`,
  ];
  const sections = [
    title,
    renderSitemaps(report, ctx),
    renderTree(report, ctx),
    renderUrlCounts(report, ctx),
    renderCoverage(report, ctx),
    renderFreshness(report, ctx),
    renderDistributions(report, ctx),
    renderPageTypes(report, ctx),
    renderTopSections(report, ctx),
    renderViolations(report, ctx),
    renderRobots(report, ctx),
    renderTrust(report, ctx),
    renderGenerators(report, ctx),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function outcomePaint(outcome: DomainOutcome, { style }: RenderContext): (s: string) => string {
  switch (outcome) {
    case 'ok':
      return style.green;
    case 'no-sitemap':
      return style.yellow;
    case 'blocked':
    case 'unreachable':
    case 'timed-out':
      return style.red;
    default:
      return outcome satisfies never;
  }
}
