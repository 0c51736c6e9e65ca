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

const enum Field {
  Loc = 1,
  Lastmod = 2,
  Changefreq = 4,
  Priority = 8,
}

const B_LOC = Buffer.from('loc>');
const B_LASTMOD = Buffer.from('lastmod>');
const B_CHANGEFREQ = Buffer.from('changefreq>');
const B_PRIORITY = Buffer.from('priority>');
const B_IMAGE = Buffer.from('image:image>');
const B_IMAGE_LOC = Buffer.from('image:loc>');

/** The protocol's words by length and first letter (each pair is unique). */
const CHANGEFREQ_WORDS: readonly Changefreq[] = ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'];
const CHANGEFREQ_BYTES = CHANGEFREQ_WORDS.map((w) => Buffer.from(w));

/** Priorities `0.0`…`0.9` and `1.0`, as normalizePriority computes them (`d / 10`). */
const PRIORITY_TENTHS: readonly number[] = Array.from({ length: 10 }, (_, i) => i / 10);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** True when buf[at, at + want.length) equals want. */
function matches(buf: Buffer, at: number, want: Buffer): boolean {
  if (at + want.length > buf.length) return false;
  for (let k = 0; k < want.length; k++) if (buf[at + k] !== want[k]) return false;
  return true;
}

function digit(buf: Buffer, at: number): number {
  const d = buf[at]! - 0x30;
  return d >= 0 && d <= 9 ? d : -100;
}

/** The value of two ASCII digits at `at`, or -1. */
function twoDigits(buf: Buffer, at: number): number {
  const a = digit(buf, at);
  const b = digit(buf, at + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The common W3C datetime shapes read straight from ASCII bytes: `YYYY-MM-DD`, and `YYYY-MM-DDThh:mm[:ss]` followed
 * by `Z` or `±hh:mm`. Gives exactly what normalizeDate gives for them (it ends in the same toIso); returns
 * undefined for any other shape, so the caller asks normalizeDate itself.
 */
function dateFromBytes(buf: Buffer, s: number, e: number): string | null | undefined {
  const n = e - s;
  if (n < 10 || buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d) return undefined;
  const century = twoDigits(buf, s);
  const yearOfCentury = twoDigits(buf, s + 2);
  const month = twoDigits(buf, s + 5);
  const day = twoDigits(buf, s + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const year = century * 100 + yearOfCentury;
  if (day > daysInMonth(year, month)) return undefined;
  if (n === 10) return toIso(year, month, day, 0, 0, 0, 0, 0);
  if (n < 17 || buf[s + 10] !== 0x54 || buf[s + 13] !== 0x3a) return undefined;
  const hour = twoDigits(buf, s + 11);
  const minute = twoDigits(buf, s + 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let i = s + 16;
  let second = 0;
  if (buf[i] === 0x3a) {
    second = twoDigits(buf, i + 1);
    if (second < 0 || second > 59) return undefined;
    i += 3;
  }
  const rest = e - i;
  if (rest === 1 && buf[i] === 0x5a) return toIso(year, month, day, hour, minute, second, 0, 0);
  if (rest !== 6 || buf[i + 3] !== 0x3a) return undefined;
  const sign = buf[i];
  const oh = twoDigits(buf, i + 1);
  const om = twoDigits(buf, i + 4);
  if ((sign !== 0x2b && sign !== 0x2d) || oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60) return undefined;
  const offset = oh * 60 + om;
  return toIso(year, month, day, hour, minute, second, 0, sign === 0x2b ? offset : -offset);
}

function changefreqFromBytes(buf: Buffer, s: number, e: number): Changefreq | null {
  const n = e - s;
  const first = buf[s];
  for (let k = 0; k < CHANGEFREQ_BYTES.length; k++) {
    const w = CHANGEFREQ_BYTES[k]!;
    if (w.length !== n || w[0] !== first) continue;
    let i = 1;
    while (i < n && buf[s + i] === w[i]) i++;
    if (i === n) return CHANGEFREQ_WORDS[k]!;
  }
  return null;
}

/**
 * Reads plain urlset entries for the tokenizer. One instance per parse; it keeps no state between calls, so
 * stopping anywhere leaves nothing half done.
 */
export class FastUrlset {
  readonly #sink: EntryCollector;
  readonly #maxEntryBytes: number;
  #unknownEntity = false;
  readonly #onUnknownEntity = (): void => {
    this.#unknownEntity = true;
  };
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
      const next = this.#entry(buf, pos, base);
      if (next < 0) return pos;
      pos = next;
    }
  }

  /** One `<url>` at `lt`: pushes it and returns the position after `</url>`, or -1 (nothing pushed). */
  #entry(buf: Buffer, lt: number, base: number): number {
    const native = buf as Buffer & NativeSlices;
    const len = buf.length;
    const limit = Math.min(len, lt + this.#maxEntryBytes);
    let i = lt + 5;
    let seen = 0;
    let loc = '';
    let lastmod: string | null = null;
    let changefreq: Changefreq | null = null;
    let priority: number | null = null;
    let images: ImageInfo[] | null = null;
    for (;;) {
      while (i < limit && isSpace(buf[i]!)) i++;
      if (i + 2 >= limit || buf[i] !== LT) return -1;
      const c = buf[i + 1]!;
      let name: Buffer;
      let field: Field;
      if (c === 0x6c) {
        if (buf[i + 2] === 0x6f) {
          name = B_LOC;
          field = Field.Loc;
        } else {
          name = B_LASTMOD;
          field = Field.Lastmod;
        }
      } else if (c === 0x63) {
        name = B_CHANGEFREQ;
        field = Field.Changefreq;
      } else if (c === 0x70) {
        name = B_PRIORITY;
        field = Field.Priority;
      } else if (c === SLASH) {
        if (i + 5 >= limit || buf[i + 2] !== 0x75 || buf[i + 3] !== 0x72 || buf[i + 4] !== 0x6c || buf[i + 5] !== GT) return -1;
        if ((seen & Field.Loc) === 0) return -1;
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
        i = this.#image(buf, i, limit);
        if (i < 0) return -1;
        images ??= [];
        images.push({ loc: this.#imageLoc, title: null, caption: null, geoLocation: null, license: null });
        continue;
      } else {
        return -1;
      }
      if ((seen & field) !== 0 || !matches(buf, i + 1, name)) return -1;
      seen |= field;
      // The text, up to the end tag, which must follow at once and spell the same name.
      let s = i + 1 + name.length;
      let j = s;
      let high = 0;
      while (j < limit) {
        const b = buf[j]!;
        if (b === LT) break;
        high |= b;
        j++;
      }
      if (j + name.length + 1 >= limit || buf[j + 1] !== SLASH || !matches(buf, j + 2, name)) return -1;
      i = j + 2 + name.length;
      let e = j;
      while (s < e && isSpace(buf[s]!)) s++;
      while (e > s && isSpace(buf[e - 1]!)) e--;
      if (s === e) return -1;
      switch (field) {
        case Field.Loc: {
          const text = this.#text(native, s, e, high);
          if (text === null) return -1;
          loc = text;
          break;
        }
        case Field.Lastmod: {
          if (high >= 0x80) return -1;
          let d = dateFromBytes(buf, s, e);
          if (d === undefined) d = normalizeDate(native.latin1Slice(s, e));
          if (d === null) return -1;
          lastmod = d;
          break;
        }
        case Field.Changefreq: {
          if (high >= 0x80) return -1;
          changefreq = changefreqFromBytes(buf, s, e) ?? normalizeChangefreq(native.latin1Slice(s, e));
          if (changefreq === null) return -1;
          break;
        }
        case Field.Priority: {
          if (high >= 0x80) return -1;
          if (e - s === 3 && buf[s + 1] === 0x2e && digit(buf, s + 2) >= 0 && (buf[s] === 0x30 || (buf[s] === 0x31 && buf[s + 2] === 0x30))) {
            priority = buf[s] === 0x31 ? 1 : PRIORITY_TENTHS[buf[s + 2]! - 0x30]!;
          } else {
            priority = normalizePriority(native.latin1Slice(s, e));
            if (priority === null) return -1;
          }
          break;
        }
      }
    }
  }

  #imageLoc = '';

  /** `<image:image> <image:loc>…</image:loc> </image:image>` at `lt`: sets #imageLoc, returns the position after it, or -1. */
  #image(buf: Buffer, lt: number, limit: number): number {
    if (!matches(buf, lt + 1, B_IMAGE)) return -1;
    let i = lt + 1 + B_IMAGE.length;
    while (i < limit && isSpace(buf[i]!)) i++;
    if (i + 1 >= limit || buf[i] !== LT || !matches(buf, i + 1, B_IMAGE_LOC)) return -1;
    let s = i + 1 + B_IMAGE_LOC.length;
    let j = s;
    let high = 0;
    while (j < limit) {
      const b = buf[j]!;
      if (b === LT) break;
      high |= b;
      j++;
    }
    if (j + B_IMAGE_LOC.length + 1 >= limit || buf[j + 1] !== SLASH || !matches(buf, j + 2, B_IMAGE_LOC)) return -1;
    i = j + 2 + B_IMAGE_LOC.length;
    let e = j;
    while (s < e && isSpace(buf[s]!)) s++;
    while (e > s && isSpace(buf[e - 1]!)) e--;
    if (s === e) return -1;
    const text = this.#text(buf as Buffer & NativeSlices, s, e, high);
    if (text === null) return -1;
    while (i < limit && isSpace(buf[i]!)) i++;
    // `</image:image>`
    if (i + 1 >= limit || buf[i] !== LT || buf[i + 1] !== SLASH || !matches(buf, i + 2, B_IMAGE)) return -1;
    this.#imageLoc = text;
    return i + 2 + B_IMAGE.length;
  }

  /**
   * A loc's text, trimmed and entity-decoded as the general reader does, when it is an absolute http(s) URL that
   * normalizeLoc would keep as it is (no tab or line break inside); null otherwise.
   */
  #text(native: Buffer & NativeSlices, s: number, e: number, high: number): string | null {
    let text = high < 0x80 ? native.latin1Slice(s, e) : native.utf8Slice(s, e);
    if (text.indexOf('&') !== -1) {
      this.#unknownEntity = false;
      text = decodeEntities(text, this.#onUnknownEntity);
      if (this.#unknownEntity) return null;
    }
    text = text.trim();
    if (!isHttpUrl(text) || text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1 || text.indexOf('\t') !== -1) return null;
    return text;
  }
}
