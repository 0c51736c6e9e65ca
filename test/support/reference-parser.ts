import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { gunzipSync } from 'node:zlib';
import { normalizeChangefreq, normalizeDate, normalizePriority, parseVideoDuration } from '../../src/sitemap/normalize-metadata.js';
import type { Alternate, ImageInfo, InvalidValue, SitemapEntry, UrlEntry, VideoInfo } from '../../src/sitemap/types.js';

/**
 * The reference the hand-written scanner is checked against: saxes (a conformant, well-known XML parser) builds
 * each entry element as a small tree, and a plain function turns that tree into an entry. It shares only the
 * value normalisers with sitescout (unit-tested on their own), not the scanner, the state machine or the decoding.
 * Whole document in memory: for tests only.
 */
export function referenceParse(bytes: Uint8Array, baseUrl: string | null = null): SitemapEntry[] {
  const text = decode(bytes);
  const kindMatch = /<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex|rss|rdf|feed)(?=[\s>/])/i.exec(text);
  if (kindMatch === null) throw new Error('reference: no sitemap root');
  const kind = kindMatch[1]!.toLowerCase();
  const entryName = kind === 'rss' || kind === 'rdf' ? new Set(['item']) : kind === 'feed' ? new Set(['entry']) : new Set(['url', 'sitemap']);
  const parser = new SaxesParser({ xmlns: false });
  const entries: SitemapEntry[] = [];
  const stack: Node[] = [];
  let entry: Node | null = null;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const node: Node = { name: local(tag.name), attrs: lowerKeys(tag.attributes), text: '', children: [] };
    if (entry === null) {
      if (entryName.has(node.name)) {
        entry = node;
        stack.push(node);
      }
      return;
    }
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    if (entry === null) return;
    const node = stack.pop()!;
    if (node === entry) {
      const e = toEntry(node, kind, baseUrl);
      if (e !== null) entries.push(e);
      entry = null;
    }
  });
  parser.write(text.slice(kindMatch.index)).close();
  return entries;
}

interface Node {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Node[];
}

const local = (name: string): string => name.slice(name.lastIndexOf(':') + 1).toLowerCase();
const lowerKeys = (attrs: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v]));
const child = (node: Node, name: string): Node | undefined => node.children.find((c) => c.name === name);
const value = (node: Node | undefined): string | null => {
  if (node === undefined) return null;
  const v = node.text.trim();
  return v === '' ? null : v;
};

function resolve(loc: string, base: string | null): string {
  const cleaned = loc.replace(/[ \t]*[\r\n]+[ \t]*/g, '').replace(/\t/g, '');
  if (/^https?:\/\/./i.test(cleaned) || /^[a-z][a-z0-9+.-]*:/i.test(cleaned) || base === null) return cleaned;
  try {
    return new URL(cleaned, base).href;
  } catch {
    return cleaned;
  }
}

function toEntry(node: Node, kind: string, base: string | null): SitemapEntry | null {
  const invalid: InvalidValue[] = [];
  const date = (raw: string | null, field: InvalidValue['field']): string | null => {
    if (raw === null) return null;
    const d = normalizeDate(raw);
    if (d === null) invalid.push({ field, raw });
    return d;
  };
  if (kind === 'rss' || kind === 'rdf' || kind === 'feed') {
    let loc: string | null = null;
    if (kind === 'feed') {
      const links = node.children.filter((c) => c.name === 'link' && c.attrs.href?.trim());
      const alt = links.find((l) => !l.attrs.rel?.trim() || l.attrs.rel.trim().toLowerCase() === 'alternate') ?? links[0];
      loc = alt?.attrs.href?.trim() ?? null;
    } else {
      loc = value(child(node, 'link'));
      if (loc === null) {
        const guid = value(child(node, 'guid'));
        const atomLink = node.children.find((c) => c.name === 'link' && c.attrs.href)?.attrs.href?.trim();
        loc = atomLink ?? (guid !== null && /^https?:\/\//i.test(guid) ? guid : null);
      }
    }
    if (loc === null) return null;
    const rawDate = kind === 'feed' ? value(child(node, 'updated')) ?? value(child(node, 'published')) : value(child(node, 'pubdate')) ?? value(child(node, 'date'));
    return plainUrl(resolve(loc, base), date(rawDate, 'lastmod'), invalid);
  }
  const rawLoc = value(child(node, 'loc'));
  if (rawLoc === null) return null;
  const loc = resolve(rawLoc, base);
  // Children in document order, so `invalid` follows the document, as sitescout's does.
  let lastmod: string | null = null;
  let changefreq: UrlEntry['changefreq'] = null;
  let priority: number | null = null;
  const images: ImageInfo[] = [];
  const videos: VideoInfo[] = [];
  let news: UrlEntry['news'] = null;
  const alternates: Alternate[] = [];
  for (const c of node.children) {
    const v = value(c);
    switch (c.name) {
      case 'lastmod':
        lastmod = date(v, 'lastmod');
        break;
      case 'changefreq':
        changefreq = v === null ? null : normalizeChangefreq(v);
        if (v !== null && changefreq === null) invalid.push({ field: 'changefreq', raw: v });
        break;
      case 'priority':
        priority = v === null ? null : normalizePriority(v);
        if (v !== null && priority === null) invalid.push({ field: 'priority', raw: v });
        break;
      case 'image': {
        const imageLoc = value(child(c, 'loc'));
        if (imageLoc !== null) {
          images.push({ loc: resolve(imageLoc, base), title: text(c, 'title'), caption: text(c, 'caption'), geoLocation: text(c, 'geo_location'), license: text(c, 'license') });
        }
        break;
      }
      case 'video': {
        const rawDuration = value(child(c, 'duration'));
        const duration = rawDuration === null ? null : parseVideoDuration(rawDuration);
        if (rawDuration !== null && duration === null) invalid.push({ field: 'video:duration', raw: rawDuration });
        videos.push({
          thumbnailLoc: text(c, 'thumbnail_loc'),
          title: text(c, 'title'),
          description: text(c, 'description'),
          contentLoc: text(c, 'content_loc'),
          playerLoc: text(c, 'player_loc'),
          duration,
          publicationDate: date(value(child(c, 'publication_date')), 'video:publication_date'),
        });
        break;
      }
      case 'news': {
        const pub = child(c, 'publication');
        news = {
          publicationName: pub ? text(pub, 'name') : null,
          publicationLanguage: pub ? text(pub, 'language') : null,
          publicationDate: date(value(child(c, 'publication_date')), 'news:publication_date'),
          title: text(c, 'title'),
          keywords: text(c, 'keywords'),
        };
        break;
      }
      case 'link':
        if (c.attrs.rel?.trim().toLowerCase() === 'alternate' && c.attrs.hreflang?.trim() && c.attrs.href?.trim()) {
          alternates.push({ hreflang: c.attrs.hreflang.trim(), href: resolve(c.attrs.href.trim(), base) });
        }
        break;
    }
  }
  if (node.name === 'sitemap') return { type: 'sitemap', loc, lastmod, invalid };
  const entry: UrlEntry = { type: 'url', loc, lastmod, changefreq, priority, images, videos, news, alternates, invalid };
  return entry;
}

/** Like `value` but keeps an empty element as '' (sitescout keeps extension fields that are present but empty). */
function text(node: Node, name: string): string | null {
  const c = child(node, name);
  return c === undefined ? null : c.text.trim();
}

function plainUrl(loc: string, lastmod: string | null, invalid: InvalidValue[]): UrlEntry {
  return { type: 'url', loc, lastmod, changefreq: null, priority: null, images: [], videos: [], news: null, alternates: [], invalid };
}

function decode(input: Uint8Array): string {
  let bytes = Buffer.from(input);
  while (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(bytes.subarray(0, 512).toString('latin1'))?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // fall through to UTF-8, as sitescout does
    }
  }
  return bytes.toString('utf8');
}
