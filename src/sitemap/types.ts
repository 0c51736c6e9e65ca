/** The protocol's changefreq values (sitemaps.org 0.9). */
export const CHANGEFREQS = ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'] as const;
export type Changefreq = (typeof CHANGEFREQS)[number];

/** What a document turned out to be, sniffed from its first bytes. */
export type SitemapKind = 'urlset' | 'sitemapindex' | 'text' | 'rss' | 'atom';

/** A field whose value could not be normalised: kept raw, never dropped. */
export interface InvalidValue {
  field: InvalidField;
  raw: string;
}
export type InvalidField =
  | 'lastmod'
  | 'changefreq'
  | 'priority'
  | 'video:duration'
  | 'video:publication_date'
  | 'news:publication_date';

export interface ImageInfo {
  loc: string;
  title: string | null;
  caption: string | null;
  geoLocation: string | null;
  license: string | null;
}

export interface VideoInfo {
  thumbnailLoc: string | null;
  title: string | null;
  description: string | null;
  contentLoc: string | null;
  playerLoc: string | null;
  /** Seconds. */
  duration: number | null;
  publicationDate: string | null;
}

export interface NewsInfo {
  publicationName: string | null;
  publicationLanguage: string | null;
  publicationDate: string | null;
  title: string | null;
  keywords: string | null;
}

export interface Alternate {
  hreflang: string;
  href: string;
}

/** A page listed by a urlset, a text sitemap, an RSS item or an Atom entry. */
export interface UrlEntry {
  type: 'url';
  loc: string;
  /** ISO-8601 UTC (`2024-05-01T10:00:00.000Z`), or null when absent or invalid (see `invalid`). */
  lastmod: string | null;
  changefreq: Changefreq | null;
  /** In [0, 1]; `0` is a value, not absence. */
  priority: number | null;
  images: readonly ImageInfo[];
  videos: readonly VideoInfo[];
  news: NewsInfo | null;
  alternates: readonly Alternate[];
  /** Values present in the document that could not be normalised, kept raw. Empty when all were valid. */
  invalid: readonly InvalidValue[];
}

/** A child sitemap listed by a sitemap index. */
export interface SitemapRefEntry {
  type: 'sitemap';
  loc: string;
  lastmod: string | null;
  invalid: readonly InvalidValue[];
}

export type SitemapEntry = UrlEntry | SitemapRefEntry;

/** Stable warning codes: a document can carry any number of them; none stops parsing. */
export const WARNING_CODES = [
  'invalid-lastmod',
  'invalid-changefreq',
  'invalid-priority',
  'invalid-video-duration',
  'invalid-date',
  'relative-loc',
  'unresolvable-loc',
  'non-http-loc',
  'missing-loc',
  'unknown-entity',
  'text-line-not-url',
  'junk-before-root',
  'content-after-root',
  'unsupported-encoding',
  'protocol-max-urls',
  'protocol-max-bytes',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface SitemapWarning {
  code: WarningCode;
  message: string;
  /** Byte offset in the decoded (UTF-8, decompressed) document, when known. */
  offset: number | null;
}

export interface SitemapSummary {
  kind: SitemapKind | null;
  /** Number of gzip layers removed (0 when the input was not compressed). */
  gzipLayers: number;
  /** Source character encoding as declared or sniffed (`utf-8`, `utf-16le`, `windows-1252`, …). */
  encoding: string | null;
  /** Bytes read from the input, as given (compressed when gzip). */
  bytesRead: number;
  /** Bytes after decompression, before transcoding. */
  bytesDecompressed: number;
  entries: { url: number; sitemap: number };
  /** How many entries carried each field with a valid value. */
  fields: {
    lastmod: number;
    changefreq: number;
    priority: number;
    images: number;
    videos: number;
    news: number;
    alternates: number;
  };
  warnings: Partial<Record<WarningCode, number>>;
  /** The most bytes the scanner held over between chunks (an unfinished token): bounded by maxTokenBytes. */
  peakBufferedBytes: number;
  /** The error that ended the document early, if any. */
  error: { code: string; message: string; offset: number | null } | null;
  /** True once the whole document was read without error. */
  complete: boolean;
}
