import { isAscii } from 'node:buffer';
import { decodeEntities } from './decode-entities.js';
import type { EntryCollector } from './entry-collector.js';
import { isHttpUrl } from './normalize-loc.js';
import { daysInMonth, normalizeChangefreq, normalizeDate, normalizePriority, toIso } from './normalize-metadata.js';
import type { Changefreq, ImageInfo, UrlEntry } from './types.js';

/*
 * The fast path for the common urlset entry (see docs/decisions/0007-urlset-fast-path.md).
 *
 * At depth 1 of a urlset, between entries, the tokenizer hands its buffer to `FastUrlset.run`, which reads whole
 * `<url>…</url>` elements of the plain shape straight from the bytes: `loc`, `lastmod`, `changefreq`, `priority` and
 * `image:image` holding only an `image:loc`, each written `<name>text</name>` with nothing but whitespace between
 * them, no attributes, no comments, no CDATA, lower case, the entry entirely inside the buffer. No token events, no
 * entry state machine: one pass over the entry's bytes, one string per text value, one entry object.
 *
 * Anything else — another element, another prefix, an attribute, an empty or duplicate field, a value that would
 * warn (invalid metadata, a loc that is not an absolute http(s) URL or that needs tab/newline cleaning, an unknown
 * entity), an entry cut by the end of the buffer or longer than maxTokenBytes — makes `run` stop *before* that
 * `<url>`, having produced nothing for it, and the general tokenizer reads it exactly as it always did. So the fast
 * path never decides anything the general path would decide differently; it only skips work when the outcome is
 * known. test/sitemap/fast-path.test.ts checks that claim on random documents at every chunk split.
 */

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** Shared, frozen empty lists (the same object the general reader uses). */
export const NONE: readonly never[] = Object.freeze([]);

interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

type NativeBuffer = Buffer & NativeSlices;

const enum Field {
  Loc = 1,
  Lastmod = 2,
  Changefreq = 4,
  Priority = 8,
}

/** The protocol's words, each followed by its end tag: one comparison recognises value and end tag at once. */
const CHANGEFREQ_WORDS: readonly Changefreq[] = ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'];
const CHANGEFREQ_CLOSED: readonly Tag[] = CHANGEFREQ_WORDS.map((w) => tag(`${w}</changefreq>`));

/** Tag bytes compared in place. */
const T_CHANGEFREQ = tag('changefreq>');
const T_END_CHANGEFREQ = tag('</changefreq>');
const T_END_IMAGE_IMAGE = tag('</image:image>');
const T_END_IMAGE_LOC = tag('</image:loc>');
const T_END_LASTMOD = tag('</lastmod>');
const T_END_LOC = tag('</loc>');
const T_END_PRIORITY = tag('</priority>');
const T_IMAGE_IMAGE = tag('image:image>');
const T_LASTMOD = tag('lastmod>');
const T_LOC = tag('loc>');
const T_OPEN_IMAGE_LOC = tag('<image:loc>');
const T_PRIORITY = tag('priority>');
const T_URL = tag('url>');

/**
 * A fixed ASCII string (at least 4 bytes) as little-endian 32-bit words at offsets 0, 4, 8, … and one last word
 * ending at its end (overlapping the one before): compared in a few word reads instead of byte by byte.
 */
interface Tag {
  readonly length: number;
  readonly words: Int32Array;
  readonly offsets: Int32Array;
}

function tag(text: string): Tag {
  const bytes = Buffer.from(text, 'latin1');
  const offsets: number[] = [];
  for (let o = 0; o + 4 < bytes.length; o += 4) offsets.push(o);
  offsets.push(bytes.length - 4);
  return { length: bytes.length, words: Int32Array.from(offsets, (o) => bytes.readInt32LE(o)), offsets: Int32Array.from(offsets) };
}

function word(buf: Buffer, at: number): number {
  return buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24);
}

/** True when buf[at, at + t.length) spells t (false past the end). */
function matches(buf: Buffer, at: number, t: Tag): boolean {
  if (at + t.length > buf.length) return false;
  const words = t.words;
  const offsets = t.offsets;
  for (let k = 0; k < words.length; k++) if (word(buf, at + offsets[k]!) !== words[k]) return false;
  return true;
}

/** Priorities `0.0`…`0.9` and `1.0`, as normalizePriority computes them (`d / 10`). */
const PRIORITY_TENTHS: readonly number[] = Array.from({ length: 10 }, (_, i) => i / 10);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** The value of two ASCII digits at `at`, or -1 (NaN past the end compares false, so that reads as "not a digit"). */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 0x30;
  const b = s.charCodeAt(at + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common W3C datetime shapes: `YYYY-MM-DD`, and `YYYY-MM-DDThh:mm[:ss]` followed by `Z` or `±hh:mm`, in
 * `s[start, end)`. Gives exactly what normalizeDate gives for them; returns undefined for any other shape or any
 * doubt, and the caller asks normalizeDate itself. When the offset does not move the time into another day, the
 * answer is the text's own date digits with the shifted time (no calendar arithmetic); otherwise it ends in the same
 * toIso as normalizeDate.
 */
function dateFromText(s: string, start: number, end: number): string | null | undefined {
  const n = end - start;
  if (n < 10 || s.charCodeAt(start + 4) !== 0x2d || s.charCodeAt(start + 7) !== 0x2d) return undefined;
  const century = twoDigits(s, start);
  const yearOfCentury = twoDigits(s, start + 2);
  const month = twoDigits(s, start + 5);
  const day = twoDigits(s, start + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const year = century * 100 + yearOfCentury;
  if (day > daysInMonth(year, month)) return undefined;
  if (n === 10) return sameDay(s, start, 0, 0, 0x30, 0x30);
  if (n < 17 || s.charCodeAt(start + 10) !== 0x54 || s.charCodeAt(start + 13) !== 0x3a) return undefined;
  const hour = twoDigits(s, start + 11);
  const minute = twoDigits(s, start + 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let i = start + 16;
  let second = 0;
  let s0 = 0x30;
  let s1 = 0x30;
  if (s.charCodeAt(i) === 0x3a) {
    second = twoDigits(s, i + 1);
    if (second < 0 || second > 59) return undefined;
    s0 = s.charCodeAt(i + 1);
    s1 = s.charCodeAt(i + 2);
    i += 3;
  }
  const rest = end - i;
  let offset = 0;
  if (rest === 1 && s.charCodeAt(i) === 0x5a) {
    offset = 0;
  } else {
    if (rest !== 6 || s.charCodeAt(i + 3) !== 0x3a) return undefined;
    const sign = s.charCodeAt(i);
    const offsetHours = twoDigits(s, i + 1);
    const offsetMinutes = twoDigits(s, i + 4);
    if ((sign !== 0x2b && sign !== 0x2d) || offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
    offset = offsetHours * 60 + offsetMinutes;
    if (offset > 14 * 60) return undefined;
    if (sign === 0x2d) offset = -offset;
  }
  const minutes = hour * 60 + minute - offset;
  if (minutes >= 0 && minutes < 24 * 60) return sameDay(s, start, (minutes / 60) | 0, minutes % 60, s0, s1);
  return toIso(year, month, day, hour, minute, second, 0, offset);
}

/** `YYYY-MM-DD` from the text at `start`, then the given UTC time, as toISOString writes it (one flat string). */
function sameDay(s: string, start: number, hour: number, minute: number, s0: number, s1: number): string {
  return String.fromCharCode(
    s.charCodeAt(start), s.charCodeAt(start + 1), s.charCodeAt(start + 2), s.charCodeAt(start + 3), 0x2d,
    s.charCodeAt(start + 5), s.charCodeAt(start + 6), 0x2d, s.charCodeAt(start + 8), s.charCodeAt(start + 9), 0x54,
    0x30 + ((hour / 10) | 0), 0x30 + (hour % 10), 0x3a, 0x30 + ((minute / 10) | 0), 0x30 + (minute % 10), 0x3a,
    s0, s1, 0x2e, 0x30, 0x30, 0x30, 0x5a,
  );
}

/**
 * Reads plain urlset entries for the tokenizer. One instance per parse; it keeps no parse state between calls, so
 * stopping anywhere leaves nothing half done.
 *
 * It works on the buffer read as Latin-1: one string per chunk, in which every byte is one character, so string
 * positions are byte offsets, and `indexOf` (memchr) finds each `<` without a loop over the bytes in JavaScript.
 * Values are cut from that string (a loc shares its chunk's string, like any substring) when the chunk is ASCII,
 * and decoded as UTF-8 from the buffer when it is not.
 */
export class FastUrlset {
  readonly #sink: EntryCollector;
  readonly #maxEntryBytes: number;
  #unknownEntity = false;
  readonly #onUnknownEntity = (): void => {
    this.#unknownEntity = true;
  };
  /** The buffer last read, its Latin-1 string, and whether it is all ASCII. */
  #buf: Buffer | null = null;
  #str = '';
  #ascii = false;
  #imageLoc = '';
  /** Entries read by the fast path (for tests and profiling). */
  count = 0;

  /**
   * @param maxEntryBytes entries longer than this go the general way, which checks every token against
   *   maxTokenBytes: an entry no longer than the limit cannot hold a token longer than it.
   */
  constructor(sink: EntryCollector, maxEntryBytes: number) {
    this.#sink = sink;
    this.#maxEntryBytes = maxEntryBytes;
  }

  /**
   * Reads consecutive plain entries from `pos` (inside the root, between its children). Returns where it stopped:
   * past the last entry it read and the whitespace after it; the general tokenizer goes on from there.
   * @param base the document offset of buf[0]
   */
  run(buf: Buffer, pos: number, base: number): number {
    const len = buf.length;
    for (;;) {
      while (pos < len && isSpace(buf[pos]!)) pos++;
      if (pos + 5 > len || buf[pos] !== LT || buf[pos + 1] !== 0x75 || buf[pos + 2] !== 0x72 || buf[pos + 3] !== 0x6c || buf[pos + 4] !== GT) {
        return pos;
      }
      if (buf !== this.#buf) {
        this.#buf = buf;
        this.#str = (buf as NativeBuffer).latin1Slice(0, len);
        this.#ascii = isAscii(buf);
      }
      const next = this.#entry(buf, this.#str, pos, base);
      if (next < 0) return pos;
      pos = next;
    }
  }

  /** One `<url>` at `lt`: pushes it and returns the position after `</url>`, or -1 (nothing pushed). */
  #entry(buf: Buffer, s: string, lt: number, base: number): number {
    const limit = Math.min(s.length, lt + this.#maxEntryBytes);
    let i = lt + 5;
    let seen = 0;
    let loc = '';
    let lastmod: string | null = null;
    let changefreq: Changefreq | null = null;
    let priority: number | null = null;
    let images: ImageInfo[] | null = null;
    for (;;) {
      // Only whitespace may come before the next tag.
      while (i < limit && isSpace(buf[i]!)) i++;
      if (i + 2 >= limit || buf[i] !== LT) return -1;
      const c = buf[i + 1]!;
      let field: Field;
      let textStart: number;
      if (c === 0x6c) {
        if (matches(buf, i + 1, T_LOC)) {
          field = Field.Loc;
          textStart = i + 5;
        } else if (matches(buf, i + 1, T_LASTMOD)) {
          field = Field.Lastmod;
          textStart = i + 9;
        } else return -1;
      } else if (c === 0x63) {
        if (!matches(buf, i + 1, T_CHANGEFREQ)) return -1;
        field = Field.Changefreq;
        textStart = i + 12;
      } else if (c === 0x70) {
        if (!matches(buf, i + 1, T_PRIORITY)) return -1;
        field = Field.Priority;
        textStart = i + 10;
      } else if (c === SLASH) {
        if (i + 5 >= limit || !matches(buf, i + 2, T_URL) || (seen & Field.Loc) === 0) return -1;
        const entry: UrlEntry = {
          type: 'url',
          loc,
          lastmod,
          changefreq,
          priority,
          images: images ?? NONE,
          videos: NONE,
          news: null,
          alternates: NONE,
          invalid: NONE,
        };
        this.#sink.push(entry, base + lt);
        this.count++;
        return i + 6;
      } else if (c === 0x69) {
        i = this.#image(buf, s, i, limit);
        if (i < 0) return -1;
        images ??= [];
        images.push({ loc: this.#imageLoc, title: null, caption: null, geoLocation: null, license: null });
        continue;
      } else {
        return -1;
      }
      if ((seen & field) !== 0) return -1;
      seen |= field;
      // The text runs to the next '<', which must open the end tag of the same element.
      const lt2 = s.indexOf('<', textStart);
      if (lt2 < 0 || lt2 >= limit) return -1;
      switch (field) {
        case Field.Loc: {
          if (lt2 + 6 > limit || !matches(buf, lt2, T_END_LOC)) return -1;
          const text = this.#locText(buf, s, textStart, lt2);
          if (text === null) return -1;
          loc = text;
          i = lt2 + 6;
          break;
        }
        case Field.Lastmod: {
          if (lt2 + 10 > limit || !matches(buf, lt2, T_END_LASTMOD)) return -1;
          let d = dateFromText(s, textStart, lt2);
          if (d === undefined) {
            const [a, b] = trimmed(s, textStart, lt2);
            if (a === b) return -1;
            d = normalizeDate(s.slice(a, b));
          }
          if (d === null) return -1;
          lastmod = d;
          i = lt2 + 10;
          break;
        }
        case Field.Changefreq: {
          if (lt2 + 13 > limit || !matches(buf, lt2, T_END_CHANGEFREQ)) return -1;
          changefreq = null;
          for (let k = 0; k < CHANGEFREQ_CLOSED.length; k++) {
            if (matches(buf, textStart, CHANGEFREQ_CLOSED[k]!)) {
              changefreq = CHANGEFREQ_WORDS[k]!;
              break;
            }
          }
          if (changefreq === null) {
            const [a, b] = trimmed(s, textStart, lt2);
            if (a === b) return -1;
            changefreq = normalizeChangefreq(s.slice(a, b));
            if (changefreq === null) return -1;
          }
          i = lt2 + 13;
          break;
        }
        case Field.Priority: {
          if (lt2 + 11 > limit || !matches(buf, lt2, T_END_PRIORITY)) return -1;
          const d0 = s.charCodeAt(textStart);
          const d2 = s.charCodeAt(textStart + 2) - 0x30;
          if (lt2 - textStart === 3 && s.charCodeAt(textStart + 1) === 0x2e && d2 >= 0 && d2 <= 9 && (d0 === 0x30 || (d0 === 0x31 && d2 === 0))) {
            priority = d0 === 0x31 ? 1 : PRIORITY_TENTHS[d2]!;
          } else {
            const [a, b] = trimmed(s, textStart, lt2);
            if (a === b) return -1;
            priority = normalizePriority(s.slice(a, b));
            if (priority === null) return -1;
          }
          i = lt2 + 11;
          break;
        }
      }
    }
  }

  /** `<image:image> <image:loc>…</image:loc> </image:image>` at `lt`: sets #imageLoc, returns the position after it, or -1. */
  #image(buf: Buffer, s: string, lt: number, limit: number): number {
    if (!matches(buf, lt + 1, T_IMAGE_IMAGE)) return -1;
    let i = lt + 13;
    while (i < limit && isSpace(buf[i]!)) i++;
    if (i + 11 >= limit || !matches(buf, i, T_OPEN_IMAGE_LOC)) return -1;
    const textStart = i + 11;
    const lt2 = s.indexOf('<', textStart);
    if (lt2 < 0 || lt2 + 12 > limit || !matches(buf, lt2, T_END_IMAGE_LOC)) return -1;
    const text = this.#locText(buf, s, textStart, lt2);
    if (text === null) return -1;
    i = lt2 + 12;
    while (i < limit && isSpace(buf[i]!)) i++;
    if (i + 14 > limit || !matches(buf, i, T_END_IMAGE_IMAGE)) return -1;
    this.#imageLoc = text;
    return i + 14;
  }

  /**
   * A loc's text as the general reader ends up with it — trimmed, entities decoded, trimmed again — when it is an
   * absolute http(s) URL that normalizeLoc keeps as it is (no tab or line break inside); null otherwise.
   */
  #locText(buf: Buffer, s: string, a: number, b: number): string | null {
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    if (a === b) return null;
    let text = this.#ascii ? s.slice(a, b) : (buf as NativeBuffer).utf8Slice(a, b);
    if (text.indexOf('&') !== -1) {
      this.#unknownEntity = false;
      text = decodeEntities(text, this.#onUnknownEntity);
      if (this.#unknownEntity) return null;
      text = text.trim();
    } else if (!this.#ascii) {
      text = text.trim();
    }
    // ASCII text without entities is trimmed already, but for \v and \f, which String#trim also removes.
    if (!isHttpUrl(text) || text.charCodeAt(text.length - 1) < 0x21 || text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1 || text.indexOf('\t') !== -1) {
      return null;
    }
    return text;
  }
}

/** [start, end) without the XML whitespace around it, packed as one pair. */
function trimmed(s: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return [start, end];
}
