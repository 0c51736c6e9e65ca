import { CHANGEFREQ_VALUES, PAGE_TYPE_VALUES, type ChangefreqValue, type PageTypeValue } from '../db/index.js';
import type { UrlEntry } from '../sitemap/index.js';

/** The columns one sitemap entry sets on its page, already checked against the table's CHECK constraints. */
export interface PageValues {
  url: string;
  lastmod: string | null;
  changefreq: ChangefreqValue | null;
  priority: number | null;
  pageType: PageTypeValue;
  imageCount: number;
  videoCount: number;
  newsCount: number;
  alternateCount: number;
}

/** The protocol's cap, and `pages.url`'s CHECK: the btree entry of UNIQUE (domain_id, url) must stay small. */
export const MAX_URL_BYTES = 2048;

const CHANGEFREQS: ReadonlySet<string> = new Set(CHANGEFREQ_VALUES);
const PAGE_TYPES: ReadonlySet<string> = new Set(PAGE_TYPE_VALUES);
// timestamptz accepts years 4713 BC to 294276 AD but not the expanded `+275760-…` form Date#toISOString can print.
const ISO_LASTMOD = /^\d{4}-\d{2}-\d{2}T/;

/*
 * The parser already normalises these fields, but the writer is a boundary: entries built by hand (tests, other
 * sources) reach it too, and one CHECK violation would reject a whole batch of 1,000 good rows. So a value the
 * table would refuse becomes null here, and a URL it would refuse is skipped and counted.
 */
function checkedLastmod(value: string | null): string | null {
  return value !== null && ISO_LASTMOD.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

function checkedPriority(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
}

function checkedChangefreq(value: string | null): ChangefreqValue | null {
  return value !== null && CHANGEFREQS.has(value) ? (value as ChangefreqValue) : null;
}

function checkedPageType(value: string): PageTypeValue {
  return PAGE_TYPES.has(value) ? (value as PageTypeValue) : 'other';
}

/** Whether `pages.url` can hold the URL: PostgreSQL text cannot hold NUL, and the CHECK wants 1 to 2,048 bytes. */
function storableUrl(url: string): boolean {
  if (url === '' || url.includes('\u0000')) return false;
  // Cheap test first: a string of at most 512 UTF-16 units is at most 2,048 UTF-8 bytes.
  return url.length <= MAX_URL_BYTES / 4 || Buffer.byteLength(url, 'utf8') <= MAX_URL_BYTES;
}

/** The row values of one entry, or null when its URL cannot be stored. */
export function toPageValues(entry: UrlEntry, classify: (url: string) => PageTypeValue): PageValues | null {
  if (!storableUrl(entry.loc)) return null;
  return {
    url: entry.loc,
    lastmod: checkedLastmod(entry.lastmod),
    changefreq: checkedChangefreq(entry.changefreq),
    priority: checkedPriority(entry.priority),
    pageType: checkedPageType(classify(entry.loc)),
    imageCount: entry.images.length,
    videoCount: entry.videos.length,
    newsCount: entry.news === null ? 0 : 1,
    alternateCount: entry.alternates.length,
  };
}
