import { DEFAULT_CONTACT_URL_RULES, scoreContactUrl, type ContactUrlRules } from './score-contact-url.js';

/** Paths to try on a domain that has no sitemap (or whose sitemap lists none of them). */
export const WELL_KNOWN_CONTACT_PATHS: readonly string[] = Object.freeze([
  '/contact', '/contact-us', '/kontakt', '/impressum', '/imprint', '/about', '/about-us', '/team', '/legal', '/contacto', '/contatti',
  '/nous-contacter', '/contact.html', '/kontakt.html', '/impressum.html',
]);

export interface SelectContactPagesOptions {
  /** Pages kept besides the home page. Default 5. */
  topN?: number;
  /** The site's home page; always selected first. */
  homeUrl: string;
  /** Pages scoring below this are never selected. Default 1 (a page whose URL names no contact-ish word scores 0). */
  minScore?: number;
  rules?: ContactUrlRules;
}

export interface SelectedPage {
  url: string;
  score: number;
  reasons: string[];
}

/**
 * Picks the home page plus the N URLs likeliest to hold contacts, best first, from a stream of page URLs of any
 * length. Memory is bounded by N: a min-heap of the best N seen so far, the weakest dropped as better ones arrive.
 *
 * @example
 *   await selectContactPages(inventory, { homeUrl: 'https://acme.de/', topN: 3 })
 *   //=> [{ url: 'https://acme.de/', reasons: ['home'], … }, { url: 'https://acme.de/kontakt', score: 11, … }, …]
 */
export async function selectContactPages(pages: AsyncIterable<{ url: string }> | Iterable<{ url: string }>, options: SelectContactPagesOptions): Promise<SelectedPage[]> {
  const topN = options.topN ?? 5;
  const minScore = options.minScore ?? 1;
  const rules = options.rules ?? DEFAULT_CONTACT_URL_RULES;
  const home = withoutFragment(options.homeUrl);
  const heap: SelectedPage[] = [];
  for await (const page of pages) {
    if (topN <= 0) break;
    const url = withoutFragment(page.url);
    if (url === home) continue;
    const { score, reasons, excluded } = scoreContactUrl(url, rules);
    if (excluded || score < minScore || heap.some((p) => p.url === url)) continue;
    const candidate = { url, score, reasons };
    if (heap.length < topN) push(heap, candidate);
    else if (better(candidate, heap[0]!)) replaceTop(heap, candidate);
  }
  const ranked = heap.sort((a, b) => (better(a, b) ? -1 : 1));
  return [{ url: home, score: scoreContactUrl(home, rules).score, reasons: ['home'] }, ...ranked];
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** Higher score first; on a tie the shorter URL, then the alphabetically first, so the result does not depend on input order. */
function better(a: SelectedPage, b: SelectedPage): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.url.length !== b.url.length) return a.url.length < b.url.length;
  return a.url < b.url;
}

// A binary min-heap by `better`: heap[0] is the weakest page kept.
function push(heap: SelectedPage[], item: SelectedPage): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(heap[parent]!, heap[i]!)) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function replaceTop(heap: SelectedPage[], item: SelectedPage): void {
  heap[0] = item;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let weakest = i;
    if (left < heap.length && better(heap[weakest]!, heap[left]!)) weakest = left;
    if (right < heap.length && better(heap[weakest]!, heap[right]!)) weakest = right;
    if (weakest === i) return;
    [heap[weakest], heap[i]] = [heap[i]!, heap[weakest]!];
    i = weakest;
  }
}
