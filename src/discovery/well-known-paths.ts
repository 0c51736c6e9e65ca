/**
 * Paths where sites publish sitemaps without saying so in robots.txt, probed in this order: the generic names
 * first, then those of WordPress core, Yoast and other plugins. Exactly the list of issue 3.
 */
export const WELL_KNOWN_SITEMAP_PATHS = [
  '/sitemap.xml',
  '/sitemap_index.xml',
  '/sitemap-index.xml',
  '/sitemap.php',
  '/sitemap.txt',
  '/sitemap.xml.gz',
  '/sitemap/sitemap.xml',
  '/sitemap/index.xml',
  '/sitemapindex.xml',
  '/wp-sitemap.xml',
  '/wp-sitemap-index.xml',
  '/post-sitemap.xml',
  '/page-sitemap.xml',
  '/product-sitemap.xml',
  '/category-sitemap.xml',
  '/sitemaps.xml',
] as const;
