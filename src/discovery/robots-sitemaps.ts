import robotsParserModule from 'robots-parser';
import { sitemapUrlKey } from './site-identity.js';

// robots-parser's typings declare an ES default export, but the package is CommonJS and its module.exports is the
// function itself: that is what Node's default import gives, while TypeScript sees an object holding `default`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export type RobotsRules = ReturnType<typeof robotsParser>;

/** robots.txt rules (robots-parser): `isAllowed(url, agent)`, `getCrawlDelay(agent)`, `getSitemaps()`. */
export function parseRobots(robotsUrl: string, text: string): RobotsRules {
  return robotsParser(robotsUrl, text);
}

export interface RobotsSitemaps {
  /** Absolute http(s) URLs in file order, duplicates (by normalised URL) removed. */
  sitemaps: string[];
  /** Sitemap values that do not resolve to an http(s) URL, as written. */
  invalid: string[];
}

/**
 * The `Sitemap:` lines of a robots.txt, in any case (`SITEMAP:`, `sitemap:`), with or without a space after the
 * colon, with any line ending (CR-only files included). Relative values resolve against the robots.txt URL, the
 * document they appear in.
 * @example
 *   sitemapsFromRobots('SITEMAP: /a.xml\nSitemap: https://x.com/a.xml', 'https://x.com/robots.txt')
 *   //=> { sitemaps: ['https://x.com/a.xml'], invalid: [] }
 */
export function sitemapsFromRobots(text: string, robotsUrl: string): RobotsSitemaps {
  const sitemaps: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const value of robotsParser(robotsUrl, text).getSitemaps()) {
    let absolute: string;
    try {
      absolute = new URL(value, robotsUrl).href;
    } catch {
      invalid.push(value);
      continue;
    }
    const key = sitemapUrlKey(absolute);
    if (key === null) invalid.push(value);
    else if (!seen.has(key)) {
      seen.add(key);
      sitemaps.push(absolute);
    }
  }
  return { sitemaps, invalid };
}
