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
