/**
 * The parser and its errors and limits: light to import. The other stages have their own entry points so a program
 * that only parses never loads the HTTP client or the database: `sitescout/fetch`, `sitescout/discovery`,
 * `sitescout/analysis`, `sitescout/db`, `sitescout/contacts`.
 */
export * from './sitemap/index.js';
export {
  SitescoutError,
  SitemapSyntaxError,
  NotASitemapError,
  LimitExceededError,
  GzipError,
  ERROR_CODES,
  isSitescoutError,
  type ErrorCode,
} from './errors.js';
export { SITEMAP_LIMITS, resolveSitemapLimits, type SitemapLimits } from './config.js';
