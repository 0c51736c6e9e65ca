export { parseSitemap, SitemapParse, type ParseSitemapOptions } from './parse-sitemap.js';
export type { SitemapInput } from './byte-source.js';
export { normalizeDate, normalizeChangefreq, normalizePriority, parseVideoDuration } from './normalize-metadata.js';
export { sniffFormat, type SniffResult } from './sniff-format.js';
export { isGzip } from './decompress.js';
export { PROTOCOL_MAX_BYTES, PROTOCOL_MAX_URLS } from './entry-collector.js';
export * from './types.js';
