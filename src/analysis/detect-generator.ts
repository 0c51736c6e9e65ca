import type { Changefreq, SitemapKind, SitemapSummary } from '../sitemap/index.js';
import { GENERATOR_RULES, type ClueSource, type GeneratorRule } from './generator-rules.js';
import type { GeneratorGuess } from './types.js';

/** The changefreq and priority every URL entry of a file carried (null when they differed or were absent). */
export interface SharedValues {
  changefreq: Changefreq | null;
  priority: number | null;
  /** Whether any entry carried a lastmod. */
  anyLastmod: boolean;
}

export interface GeneratorInput {
  /** The sitemap's URL (its final URL after redirects, when known). */
  url: string;
  summary: SitemapSummary | null;
  /** The document's kind; defaults to `summary.kind`. */
  kind?: SitemapKind | null;
  /** A few of the file's locs: child sitemaps, pages, and image locs (CDN hosts give hosted platforms away). */
  sampleLocs: string[];
  sharedValues?: SharedValues | null;
}

const SOURCES: readonly ClueSource[] = ['comment', 'stylesheet', 'url', 'loc'];
const LABEL: Record<ClueSource, string> = { comment: 'comment', stylesheet: 'stylesheet', url: 'sitemap URL', loc: 'listed URL' };

/**
 * Which software wrote a sitemap, from the comments and stylesheet around its root element, its own URL and the
 * URLs it lists, in that order of trust, strong clues before weak ones (see generator-rules.ts); failing those, from
 * default changefreq/priority values no person would choose for every page. Null when nothing gives it away.
 * @example detectGenerator({ url: 'https://example.com/wp-sitemap.xml', summary: null, sampleLocs: [] })
 * //=> { name: 'WordPress', evidence: "sitemap URL https://example.com/wp-sitemap.xml: WordPress core's sitemap names (…)" }
 */
export function detectGenerator(input: GeneratorInput): GeneratorGuess | null {
  const kind = input.kind ?? input.summary?.kind ?? null;
  for (const weak of [false, true]) {
    for (const source of SOURCES) {
      const texts = textsOf(source, input);
      for (const rule of GENERATOR_RULES) {
        if (rule.source !== source || (rule.weak === true) !== weak) continue;
        if (rule.kinds !== undefined && (kind === null || !rule.kinds.includes(kind))) continue;
        const hit = match(rule, texts);
        if (hit !== null) return { name: rule.name, evidence: `${LABEL[source]} ${quote(source, hit)}: ${rule.note}` };
      }
    }
  }
  return fromSharedValues(input.sharedValues ?? null);
}

function textsOf(source: ClueSource, input: GeneratorInput): string[] {
  switch (source) {
    case 'comment':
      return input.summary?.comments ?? [];
    case 'stylesheet':
      return input.summary?.stylesheets ?? [];
    case 'url':
      return [input.url];
    case 'loc':
      return input.sampleLocs;
    default:
      return source satisfies never;
  }
}

function match(rule: GeneratorRule, texts: string[]): string | null {
  if (rule.all === true) {
    if (texts.length < 2) return null;
    return texts.every((t) => rule.pattern.test(t.toLowerCase())) ? texts[0]! : null;
  }
  return texts.find((t) => rule.pattern.test(t.toLowerCase())) ?? null;
}

function quote(source: ClueSource, text: string): string {
  const clipped = text.length > 100 ? `${text.slice(0, 100)}…` : text;
  return source === 'comment' ? JSON.stringify(clipped.trim()) : clipped;
}

function fromSharedValues(shared: SharedValues | null): GeneratorGuess | null {
  if (shared === null) return null;
  if (shared.changefreq === 'weekly' && shared.priority === 0.5 && !shared.anyLastmod) {
    return { name: 'Docusaurus', evidence: "every URL carries changefreq weekly and priority 0.5 and none a lastmod: the Docusaurus sitemap plugin's defaults" };
  }
  if (shared.changefreq === 'daily' && shared.priority === 0.7) {
    return { name: 'next-sitemap', evidence: "every URL carries changefreq daily and priority 0.7: next-sitemap's defaults" };
  }
  return null;
}
