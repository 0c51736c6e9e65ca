import { decodeEntities } from './decode-entities.js';
import type { EntryCollector } from './entry-collector.js';
// Shared, frozen empty lists (most entries have no images, videos, alternates or invalid values), one for both paths.
import { imageInfo, NONE, urlEntry } from './entry-shapes.js';
import { normalizeChangefreq, normalizeDate, normalizePriority, parseVideoDuration } from './normalize-metadata.js';
import { clip, isHttpUrl, normalizeLoc } from './normalize-loc.js';
import { readAttributes } from './read-attributes.js';
import type {
  Alternate,
  Changefreq,
  ImageInfo,
  InvalidField,
  InvalidValue,
  NewsInfo,
  SitemapKind,
  VideoInfo,
} from './types.js';
import { Name } from './xml-names.js';
import type { XmlHandler } from './xml-tokenizer.js';

interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * Fields whose valid values are ASCII (dates, changefreq, priority, duration): read as Latin-1, which is cheaper
 * than UTF-8 and exact for ASCII. A non-ASCII value is invalid anyway; `asUtf8` restores its text for `invalid`.
 */
function isAsciiField(field: Name): boolean {
  return field === Name.Lastmod || field === Name.Changefreq || field === Name.Priority || field === Name.PubDate ||
    field === Name.Updated || field === Name.Published || field === Name.Date || field === Name.Duration ||
    field === Name.PublicationDate;
}

function asUtf8(latin1: string): string {
  for (let i = 0; i < latin1.length; i++) {
    if (latin1.charCodeAt(i) > 0x7f) return Buffer.from(latin1, 'latin1').toString('utf8');
  }
  return latin1;
}

function isSpaceByte(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The protocol's changefreq words and the common priority spellings, recognised from bytes: the hot path hands
 * the normalisers an existing string instead of allocating one per entry.
 */
const CHANGEFREQ_BY_LENGTH: ReadonlyArray<ReadonlyArray<readonly [Uint8Array, string]>> = (() => {
  const table: Array<Array<readonly [Uint8Array, string]>> = Array.from({ length: 8 }, () => []);
  for (const word of ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never']) table[word.length]!.push([Buffer.from(word), word]);
  return table;
})();

function changefreqFromBytes(buf: Buffer, start: number, end: number): string | null {
  const candidates = CHANGEFREQ_BY_LENGTH[end - start];
  if (candidates === undefined) return null;
  outer: for (const [bytes, word] of candidates) {
    for (let i = 0; i < bytes.length; i++) {
      let c = buf[start + i]!;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== bytes[i]) continue outer;
    }
    return word;
  }
  return null;
}

/** "0.0" … "9.9" by their two digits. */
const PRIORITY_STRINGS: readonly string[] = Array.from({ length: 100 }, (_, i) => `${Math.floor(i / 10)}.${i % 10}`);

function priorityFromBytes(buf: Buffer, start: number, end: number): string | null {
  if (end - start !== 3 || buf[start + 1] !== 0x2e) return null;
  const a = buf[start]! - 0x30;
  const b = buf[start + 2]! - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? PRIORITY_STRINGS[a * 10 + b]! : null;
}

const enum Ctx {
  Entry,
  Image,
  Video,
  News,
  Publication,
}

type XmlKind = Exclude<SitemapKind, 'text'>;

/**
 * Turns tokenizer events into entries for urlset, sitemapindex, RSS and Atom documents. It keeps only the entry
 * being read: its raw field texts until the entry's end tag, then one normalised object to the collector.
 * Fields are recognised by their local name and their depth below the entry element, so prefixes, case and
 * namespace declarations do not matter, and an extension's `loc` is never mistaken for the page's.
 */
export class XmlEntryReader implements XmlHandler {
  wantText = false;
  readonly #kind: XmlKind;
  readonly #sink: EntryCollector;
  readonly #base: URL | null;
  readonly #onUnknownEntity: (name: string) => void;

  #entryDepth = 0;
  #entryIsSitemap = false;
  #entryOffset = 0;
  #ctx: Ctx = Ctx.Entry;
  #field: Name = Name.Other;
  #fieldDepth = 0;
  #fieldOffset = 0;
  #text = '';
  #tail = '';

  #loc: string | null = null;
  #lastmod: string | null = null;
  #changefreq: Changefreq | null = null;
  #priority: number | null = null;
  #feedDate: string | null = null;
  #altLoc: string | null = null;
  #altLastmod: string | null = null;
  #images: ImageInfo[] | null = null;
  #videos: VideoInfo[] | null = null;
  #news: NewsInfo | null = null;
  #alternates: Alternate[] | null = null;
  #invalid: InvalidValue[] | null = null;
  #image: ImageInfo | null = null;
  #video: VideoInfo | null = null;
  #videoRawDuration: string | null = null;
  #videoRawDate: string | null = null;
  #newsRawDate: string | null = null;

  constructor(kind: XmlKind, sink: EntryCollector, baseUrl: URL | null) {
    this.#kind = kind;
    this.#sink = sink;
    this.#base = baseUrl;
    this.#onUnknownEntity = (name) => sink.warn('unknown-entity', `entity &${name}; is not expanded`, this.#fieldOffset);
  }

  open(name: Name, depth: number, buf: Buffer, attrStart: number, attrEnd: number, offset: number): void {
    if (this.#entryDepth === 0) {
      if (this.#isEntry(name)) this.#startEntry(name, depth, offset);
      return;
    }
    const rel = depth - this.#entryDepth;
    if (rel === 1) {
      this.#ctx = Ctx.Entry;
      switch (name) {
        case Name.Loc:
        case Name.Lastmod:
        case Name.Changefreq:
        case Name.Priority:
        case Name.PubDate:
        case Name.Updated:
        case Name.Published:
        case Name.Guid:
        case Name.Date:
          this.#capture(name, depth, offset);
          return;
        case Name.Link:
          this.#link(buf, attrStart, attrEnd, depth, offset);
          return;
        case Name.Image:
          if (this.#kind === 'urlset') {
            this.#ctx = Ctx.Image;
            this.#image = imageInfo('', null, null, null, null);
          }
          return;
        case Name.Video:
          if (this.#kind === 'urlset') {
            this.#ctx = Ctx.Video;
            this.#video = { thumbnailLoc: null, title: null, description: null, contentLoc: null, playerLoc: null, duration: null, publicationDate: null };
            this.#videoRawDuration = null;
            this.#videoRawDate = null;
          }
          return;
        case Name.News:
          if (this.#kind === 'urlset') {
            this.#ctx = Ctx.News;
            this.#news = { publicationName: null, publicationLanguage: null, publicationDate: null, title: null, keywords: null };
            this.#newsRawDate = null;
          }
          return;
        default:
          return;
      }
    }
    if (rel === 2) {
      switch (this.#ctx) {
        case Ctx.Image:
          if (name === Name.Loc || name === Name.Title || name === Name.Caption || name === Name.GeoLocation || name === Name.License) {
            this.#capture(name, depth, offset);
          }
          return;
        case Ctx.Video:
          if (
            name === Name.ThumbnailLoc || name === Name.Title || name === Name.Description || name === Name.ContentLoc ||
            name === Name.PlayerLoc || name === Name.Duration || name === Name.PublicationDate
          ) {
            this.#capture(name, depth, offset);
          }
          return;
        case Ctx.News:
          if (name === Name.Publication) this.#ctx = Ctx.Publication;
          else if (name === Name.PublicationDate || name === Name.Title || name === Name.Keywords) this.#capture(name, depth, offset);
          return;
        default:
          return;
      }
    }
    if (rel === 3 && this.#ctx === Ctx.Publication && (name === Name.NameEl || name === Name.Language)) {
      this.#capture(name, depth, offset);
    }
  }

  close(name: Name, depth: number): void {
    if (this.#entryDepth === 0) return;
    if (depth === this.#fieldDepth) {
      this.#endField();
      return;
    }
    const rel = depth - this.#entryDepth;
    if (rel === 0) {
      this.#endEntry();
    } else if (rel === 1) {
      if (this.#ctx === Ctx.Image) this.#endImage();
      else if (this.#ctx === Ctx.Video) this.#endVideo();
      else if (this.#ctx === Ctx.News) this.#endNews();
      this.#ctx = Ctx.Entry;
    } else if (rel === 2 && this.#ctx === Ctx.Publication && name === Name.Publication) {
      this.#ctx = Ctx.News;
    }
  }

  text(buf: Buffer, start: number, end: number, cdata: boolean): void {
    // Buffer's own slice methods skip toString's encoding dispatch, which costs more than the decode here.
    const native = buf as Buffer & NativeSlices;
    const first = this.#text === '';
    if (!cdata) {
      // Pretty-printing pads values with whitespace: trimmed here in bytes rather than sliced and trimmed after.
      // Trailing whitespace is held back in case another piece (CDATA) follows it.
      if (first) while (start < end && isSpaceByte(buf[start]!)) start++;
      let trimmed = end;
      while (trimmed > start && isSpaceByte(buf[trimmed - 1]!)) trimmed--;
      if (trimmed < end) {
        this.#tail = native.latin1Slice(trimmed, end);
        end = trimmed;
      } else this.#tail = '';
      if (start === end) return;
      if (first) {
        const known = this.#field === Name.Changefreq ? changefreqFromBytes(buf, start, end) : this.#field === Name.Priority ? priorityFromBytes(buf, start, end) : null;
        if (known !== null) {
          this.#text = known;
          return;
        }
      }
    }
    const piece = isAsciiField(this.#field) ? native.latin1Slice(start, end) : native.utf8Slice(start, end);
    const decoded = cdata || piece.indexOf('&') === -1 ? piece : decodeEntities(piece, this.#onUnknownEntity);
    if (first) this.#text = decoded;
    else {
      this.#text += this.#tail + decoded;
      this.#tail = '';
    }
  }

  /** True when the document ended inside an entry (nothing to flush: an unfinished entry is not yielded). */
  get inEntry(): boolean {
    return this.#entryDepth !== 0;
  }

  #isEntry(name: Name): boolean {
    switch (this.#kind) {
      case 'urlset':
      case 'sitemapindex':
        return name === Name.Url || name === Name.Sitemap;
      case 'rss':
        return name === Name.Item;
      case 'atom':
        return name === Name.Entry;
    }
  }

  #startEntry(name: Name, depth: number, offset: number): void {
    this.#entryDepth = depth;
    this.#entryIsSitemap = name === Name.Sitemap;
    this.#entryOffset = offset;
    this.#ctx = Ctx.Entry;
    this.#loc = null;
    this.#lastmod = null;
    this.#changefreq = null;
    this.#priority = null;
    this.#feedDate = null;
    this.#altLoc = null;
    this.#altLastmod = null;
    this.#images = null;
    this.#videos = null;
    this.#news = null;
    this.#alternates = null;
    this.#invalid = null;
  }

  #capture(name: Name, depth: number, offset: number): void {
    this.#field = name;
    this.#fieldDepth = depth;
    this.#fieldOffset = offset;
    this.#text = '';
    this.wantText = true;
  }

  #endField(): void {
    const value = this.#text.trim();
    this.#text = '';
    this.#tail = '';
    this.wantText = false;
    this.#fieldDepth = 0;
    const field = this.#field;
    switch (this.#ctx) {
      case Ctx.Entry:
        this.#entryField(field, value);
        return;
      case Ctx.Image: {
        const img = this.#image!;
        if (field === Name.Loc) img.loc = value;
        else if (field === Name.Title) img.title = value;
        else if (field === Name.Caption) img.caption = value;
        else if (field === Name.GeoLocation) img.geoLocation = value;
        else if (field === Name.License) img.license = value;
        return;
      }
      case Ctx.Video: {
        const v = this.#video!;
        if (field === Name.ThumbnailLoc) v.thumbnailLoc = value;
        else if (field === Name.Title) v.title = value;
        else if (field === Name.Description) v.description = value;
        else if (field === Name.ContentLoc) v.contentLoc = value;
        else if (field === Name.PlayerLoc) v.playerLoc = value;
        else if (field === Name.Duration) this.#videoRawDuration = value;
        else if (field === Name.PublicationDate) this.#videoRawDate = value;
        return;
      }
      case Ctx.News: {
        const n = this.#news!;
        if (field === Name.Title) n.title = value;
        else if (field === Name.Keywords) n.keywords = value;
        else if (field === Name.PublicationDate) this.#newsRawDate = value;
        return;
      }
      case Ctx.Publication: {
        const n = this.#news!;
        if (field === Name.NameEl) n.publicationName = value;
        else if (field === Name.Language) n.publicationLanguage = value;
        return;
      }
    }
  }

  #entryField(field: Name, value: string): void {
    switch (field) {
      case Name.Loc:
        if (this.#kind === 'urlset' || this.#kind === 'sitemapindex') this.#loc = value;
        return;
      // Metadata is normalised where it closes, so `invalid` lists problems in document order.
      case Name.Lastmod:
        if ((this.#kind === 'urlset' || this.#kind === 'sitemapindex') && value !== '') {
          this.#lastmod = normalizeDate(value);
          if (this.#lastmod === null) this.#invalidValue('lastmod', value, 'invalid-lastmod');
        }
        return;
      case Name.Changefreq:
        if (this.#kind === 'urlset' && value !== '') {
          this.#changefreq = normalizeChangefreq(value);
          if (this.#changefreq === null) this.#invalidValue('changefreq', value, 'invalid-changefreq');
        }
        return;
      case Name.Priority:
        if (this.#kind === 'urlset' && value !== '') {
          this.#priority = normalizePriority(value);
          if (this.#priority === null) this.#invalidValue('priority', value, 'invalid-priority');
        }
        return;
      case Name.Link:
        if (this.#kind === 'rss' && value !== '') this.#loc = value;
        return;
      case Name.Guid:
        if (this.#kind === 'rss' && isHttpUrl(value)) this.#altLoc ??= value;
        return;
      case Name.PubDate:
      case Name.Updated:
        if (this.#kind === 'rss' || this.#kind === 'atom') this.#feedDate = value;
        return;
      case Name.Published:
      case Name.Date:
        if (this.#kind === 'rss' || this.#kind === 'atom') this.#altLastmod ??= value;
        return;
      default:
        return;
    }
  }

  /** xhtml:link in a urlset (hreflang alternates), Atom's link (the entry URL), RSS's link (text, or an atom:link). */
  #link(buf: Buffer, attrStart: number, attrEnd: number, depth: number, offset: number): void {
    if (this.#kind === 'rss') {
      if (attrEnd > attrStart) {
        const href = readAttributes(buf, attrStart, attrEnd, this.#onUnknownEntity).get('href');
        if (href) this.#altLoc ??= href.trim();
      }
      this.#capture(Name.Link, depth, offset);
      return;
    }
    if (attrEnd <= attrStart) return;
    const attrs = readAttributes(buf, attrStart, attrEnd, this.#onUnknownEntity);
    const href = attrs.get('href')?.trim();
    if (!href) return;
    const rel = attrs.get('rel')?.trim().toLowerCase();
    if (this.#kind === 'atom') {
      if (rel === undefined || rel === '' || rel === 'alternate') this.#loc ??= href;
      else this.#altLoc ??= href;
      return;
    }
    const hreflang = attrs.get('hreflang')?.trim();
    if (this.#kind === 'urlset' && rel === 'alternate' && hreflang) {
      (this.#alternates ??= []).push({ hreflang, href: normalizeLoc(href, this.#base, this.#sink.warn, offset) });
    }
  }

  #endImage(): void {
    const img = this.#image;
    this.#image = null;
    if (img === null) return;
    if (img.loc === '') {
      this.#sink.warn('missing-loc', 'image:image without image:loc skipped', this.#entryOffset);
      return;
    }
    img.loc = normalizeLoc(img.loc, this.#base, this.#sink.warn, this.#entryOffset);
    (this.#images ??= []).push(img);
  }

  #endVideo(): void {
    const v = this.#video;
    this.#video = null;
    if (v === null) return;
    const rawDuration = this.#videoRawDuration;
    if (rawDuration !== null && rawDuration !== '') {
      v.duration = parseVideoDuration(rawDuration);
      if (v.duration === null) this.#invalidValue('video:duration', rawDuration, 'invalid-video-duration');
    }
    const rawDate = this.#videoRawDate;
    if (rawDate !== null && rawDate !== '') {
      v.publicationDate = normalizeDate(rawDate);
      if (v.publicationDate === null) this.#invalidValue('video:publication_date', rawDate, 'invalid-date');
    }
    (this.#videos ??= []).push(v);
  }

  #endNews(): void {
    const n = this.#news;
    if (n === null) return;
    const rawDate = this.#newsRawDate;
    if (rawDate !== null && rawDate !== '') {
      n.publicationDate = normalizeDate(rawDate);
      if (n.publicationDate === null) this.#invalidValue('news:publication_date', rawDate, 'invalid-date');
    }
  }

  #invalidValue(field: InvalidField, latin1Raw: string, code: Parameters<EntryCollector['warn']>[0]): void {
    const raw = asUtf8(latin1Raw);
    (this.#invalid ??= []).push({ field, raw });
    this.#sink.warn(code, `invalid ${field} kept raw: ${JSON.stringify(clip(raw))}`, this.#entryOffset);
  }

  #endEntry(): void {
    this.#entryDepth = 0;
    this.#ctx = Ctx.Entry;
    const offset = this.#entryOffset;
    const rawLoc = this.#loc !== null && this.#loc !== '' ? this.#loc : this.#altLoc;
    if (rawLoc === null || rawLoc === '') {
      this.#sink.warn('missing-loc', `${this.#entryIsSitemap ? 'sitemap' : 'entry'} without a loc skipped`, offset);
      return;
    }
    const loc = normalizeLoc(rawLoc, this.#base, this.#sink.warn, offset);

    let lastmod = this.#lastmod;
    const feedDate = this.#feedDate !== null && this.#feedDate !== '' ? this.#feedDate : this.#altLastmod;
    if (feedDate !== null && feedDate !== '') {
      lastmod = normalizeDate(feedDate);
      if (lastmod === null) this.#invalidValue('lastmod', feedDate, 'invalid-lastmod');
    }
    if (this.#entryIsSitemap) {
      this.#sink.push({ type: 'sitemap', loc, lastmod, invalid: this.#invalid ?? NONE }, offset);
      return;
    }
    const entry = urlEntry(
      loc,
      lastmod,
      this.#changefreq,
      this.#priority,
      this.#images ?? NONE,
      this.#videos ?? NONE,
      this.#news,
      this.#alternates ?? NONE,
      this.#invalid ?? NONE,
    );
    this.#sink.push(entry, offset);
  }
}
