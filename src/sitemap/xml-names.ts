/**
 * Element names the sitemap readers care about, identified from their bytes without allocating a string.
 * Matching is on the local name (after the last ':'), ASCII case-insensitive: real sitemaps use any prefix
 * (`image:`, `ns2:`, none), upper-case tags and missing or wrong namespace declarations, and the element's
 * position (a `loc` inside `url` vs inside `image`) already says what it means.
 */
export const enum Name {
  Other = 0,
  Urlset,
  Url,
  Sitemapindex,
  Sitemap,
  Loc,
  Lastmod,
  Changefreq,
  Priority,
  Image,
  Title,
  Caption,
  GeoLocation,
  License,
  Video,
  ThumbnailLoc,
  Description,
  ContentLoc,
  PlayerLoc,
  Duration,
  PublicationDate,
  News,
  Publication,
  NameEl,
  Language,
  Keywords,
  Link,
  Rss,
  Channel,
  Item,
  PubDate,
  Feed,
  Entry,
  Updated,
  Published,
  Guid,
  Date,
}

const KNOWN: ReadonlyArray<[string, Name]> = [
  ['urlset', Name.Urlset],
  ['url', Name.Url],
  ['sitemapindex', Name.Sitemapindex],
  ['sitemap', Name.Sitemap],
  ['loc', Name.Loc],
  ['lastmod', Name.Lastmod],
  ['changefreq', Name.Changefreq],
  ['priority', Name.Priority],
  ['image', Name.Image],
  ['title', Name.Title],
  ['caption', Name.Caption],
  ['geo_location', Name.GeoLocation],
  ['license', Name.License],
  ['video', Name.Video],
  ['thumbnail_loc', Name.ThumbnailLoc],
  ['description', Name.Description],
  ['content_loc', Name.ContentLoc],
  ['player_loc', Name.PlayerLoc],
  ['duration', Name.Duration],
  ['publication_date', Name.PublicationDate],
  ['news', Name.News],
  ['publication', Name.Publication],
  ['name', Name.NameEl],
  ['language', Name.Language],
  ['keywords', Name.Keywords],
  ['link', Name.Link],
  ['rss', Name.Rss],
  ['channel', Name.Channel],
  ['item', Name.Item],
  ['pubdate', Name.PubDate],
  ['feed', Name.Feed],
  ['entry', Name.Entry],
  ['updated', Name.Updated],
  ['published', Name.Published],
  ['guid', Name.Guid],
  ['date', Name.Date],
];

/** FNV-1a style step over one byte, folded to lower case for ASCII letters: identifies names no table knows. */
export function hashStep(h: number, c: number): number {
  const lower = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  return Math.imul(h ^ lower, 16777619) >>> 0;
}
export const HASH_SEED = 2166136261;

/**
 * Candidates by (length, first letter): a name is identified with one table read and one byte comparison,
 * no hashing and no string. 32 slots per length cover a–z folded.
 */
const MAX_KNOWN_LENGTH = 16;
const table: Array<{ bytes: Uint8Array; name: Name }[] | undefined> = new Array((MAX_KNOWN_LENGTH + 1) * 32);
for (const [text, name] of KNOWN) {
  const slot = text.length * 32 + (text.charCodeAt(0) & 31);
  (table[slot] ??= []).push({ bytes: Buffer.from(text, 'latin1'), name });
}

/** The known element whose local name equals buf[start, end) (ASCII case-insensitive), or Name.Other. */
export function lookupName(buf: Uint8Array, start: number, end: number): Name {
  const length = end - start;
  if (length === 0 || length > MAX_KNOWN_LENGTH) return Name.Other;
  const candidates = table[length * 32 + (buf[start]! & 31)];
  if (candidates === undefined) return Name.Other;
  outer: for (let k = 0; k < candidates.length; k++) {
    const want = candidates[k]!.bytes;
    for (let i = 0; i < length; i++) {
      let c = buf[start + i]!;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== want[i]) continue outer;
    }
    return candidates[k]!.name;
  }
  return Name.Other;
}
