import { isAscii } from 'node:buffer';
import { decodeEntities } from './decode-entities.js';
import type { EntryCollector } from './entry-collector.js';
import { imageInfo, NONE, urlEntry } from './entry-shapes.js';
import { isHttpUrl } from './normalize-loc.js';
import { daysInMonth, normalizeChangefreq, normalizeDate, normalizePriority, toIso } from './normalize-metadata.js';
import type { Changefreq, ImageInfo } from './types.js';

/*
 * The fast path for the common urlset entry (see docs/decisions/0010-urlset-fast-path.md and 0015).
 *
 * At depth 1 of a urlset, between entries, the tokenizer hands its buffer to `FastUrlset.run`, which reads whole
 * `<url>…</url>` elements of the plain shape straight from the bytes: `loc`, `lastmod`, `changefreq`, `priority` and
 * `image:image` holding only an `image:loc`, each written `<name>text</name>`: no attributes, no comments, no
 * CDATA, lower case, the entry entirely inside the buffer. Text between the fields is skipped, as the general reader
 * skips it. No token events, no entry state machine: one pass over the entry, one string per value, one object.
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

interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

type NativeBuffer = Buffer & NativeSlices;

/*
 * The fields, as bits of `seen`. Plain module constants, not an enum: with isolatedModules TypeScript emits a
 * `const enum` as an object, and every `Field.Loc` was a property load that TurboFan could not fold, and that
 * deoptimised the entry loop the first time a branch ran after it was optimised.
 */
const F_LOC = 1;
const F_LASTMOD = 2;
const F_CHANGEFREQ = 4;
const F_PRIORITY = 8;

/** A little-endian 32-bit word of four ASCII characters of `text` from `at`, as `word` reads them from bytes. */
function w(text: string, at = 0): number {
  return text.charCodeAt(at) | (text.charCodeAt(at + 1) << 8) | (text.charCodeAt(at + 2) << 16) | (text.charCodeAt(at + 3) << 24);
}

/** The little-endian 32-bit word at `at`: one unaligned load where a DataView access is inlined. */
function word(view: DataView, at: number): number {
  return view.getInt32(at, true);
}

/*
 * Tags compared as (overlapping) words: `<lastmod>` is `last` at +1 and `mod>` at +5. The caller checks the bytes
 * are in the buffer first.
 */
const W_LOC = w('loc>');
const W_LAST = w('last');
const W_MOD = w('mod>');
const W_CHAN = w('chan');
const W_GEFR = w('gefr');
const W_REQ = w('req>');
const W_PRIO = w('prio');
const W_RITY = w('rity');
const W_ITY = w('ity>');
const W_URL = w('url>');
const W_IMAG = w('imag');
const W_E_IM = w('e:im');
const W_AGE = w('age>');
const W_END_LO = w('</lo');
const W_END_LA = w('</la');
const W_STMO = w('stmo');
const W_END_CH = w('</ch');
const W_ANGE = w('ange');
const W_FREQ = w('freq');
const W_END_PR = w('</pr');
const W_IORI = w('iori');
const W_OPEN_IMA = w('<ima');
const W_GE_L = w('ge:l');
const W_END_IM = w('</im');
const W_AGE_ = w('age:');

/** The protocol's changefreq words, by first letter: the word's first and last four bytes. */
const CHANGEFREQS_BY_FIRST: ReadonlyArray<{ word: Changefreq; head: number; tail: number } | undefined> = (() => {
  const table: Array<{ word: Changefreq; head: number; tail: number } | undefined> = new Array<undefined>(256).fill(undefined);
  for (const v of ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'] as const) table[v.charCodeAt(0)] = { word: v, head: w(v), tail: w(v, v.length - 4) };
  return table;
})();

/**
 * Priorities `0.0`…`0.9` and `1.0` by tenths, as normalizePriority computes them (`d / 10`). A frozen array holds
 * them as tagged values, so an entry stores one of these numbers instead of boxing a new one (entry-shapes.ts).
 */
const PRIORITY_TENTHS: readonly number[] = Object.freeze(Array.from({ length: 11 }, (_, i) => i / 10));

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** The value of two ASCII digits at `at`, or -1 (undefined past the end gives NaN, which compares false). */
function twoDigits(buf: Buffer, at: number): number {
  const a = buf[at]! - 0x30;
  const b = buf[at + 1]! - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common W3C datetime shapes: `YYYY-MM-DD`, and `YYYY-MM-DDThh:mm[:ss[.s…]]` followed by `Z` or `±hh:mm`, in
 * `buf[start, end)`. Gives exactly what normalizeDate gives for them; returns undefined for any other shape or any
 * doubt, and the caller asks normalizeDate itself. When the offset does not move the time into another day, the
 * answer is the text's own date digits with the shifted time (no calendar arithmetic); otherwise it ends in the same
 * toIso as normalizeDate. Read from the bytes, not the chunk's string: a typed-array load is about half the cost of
 * a charCodeAt here.
 */
function dateFromBytes(buf: Buffer, start: number, end: number): string | null | undefined {
  const n = end - start;
  if (n < 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return undefined;
  const century = twoDigits(buf, start);
  const yearOfCentury = twoDigits(buf, start + 2);
  const month = twoDigits(buf, start + 5);
  const day = twoDigits(buf, start + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const year = century * 100 + yearOfCentury;
  if (day > 28 && day > daysInMonth(year, month)) return undefined;
  if (n === 10) return sameDay(buf, start, 0, 0, 0x30, 0x30, 0);
  if (n < 17 || buf[start + 10] !== 0x54 || buf[start + 13] !== 0x3a) return undefined;
  const hour = twoDigits(buf, start + 11);
  const minute = twoDigits(buf, start + 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let i = start + 16;
  let second = 0;
  let s0 = 0x30;
  let s1 = 0x30;
  let milli = 0;
  if (buf[i] === 0x3a) {
    second = twoDigits(buf, i + 1);
    if (second < 0 || second > 59) return undefined;
    s0 = buf[i + 1]!;
    s1 = buf[i + 2]!;
    i += 3;
    if (buf[i] === 0x2e) {
      // Fraction digits beyond milliseconds are truncated, as normalizeDate does.
      i++;
      const fractionStart = i;
      let scale = 100;
      while (i < end) {
        const digit = buf[i]! - 0x30;
        if (!(digit >= 0 && digit <= 9)) break;
        milli += digit * scale;
        scale = (scale / 10) | 0;
        i++;
      }
      if (i === fractionStart) return undefined;
    }
  }
  const rest = end - i;
  let offset = 0;
  if (rest === 1 && buf[i] === 0x5a) {
    offset = 0;
  } else {
    if (rest !== 6 || buf[i + 3] !== 0x3a) return undefined;
    const sign = buf[i];
    const offsetHours = twoDigits(buf, i + 1);
    const offsetMinutes = twoDigits(buf, i + 4);
    if ((sign !== 0x2b && sign !== 0x2d) || offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
    offset = offsetHours * 60 + offsetMinutes;
    if (offset > 14 * 60) return undefined;
    if (sign === 0x2d) offset = -offset;
  }
  const minutes = hour * 60 + minute - offset;
  if (minutes >= 0 && minutes < 24 * 60) return sameDay(buf, start, (minutes / 60) | 0, minutes % 60, s0, s1, milli);
  return toIso(year, month, day, hour, minute, second, milli, offset);
}

/** `YYYY-MM-DD` from the bytes at `start`, then the given UTC time, as toISOString writes it (one flat string). */
function sameDay(buf: Buffer, start: number, hour: number, minute: number, s0: number, s1: number, milli: number): string {
  return String.fromCharCode(
    buf[start]!, buf[start + 1]!, buf[start + 2]!, buf[start + 3]!, 0x2d,
    buf[start + 5]!, buf[start + 6]!, 0x2d, buf[start + 8]!, buf[start + 9]!, 0x54,
    0x30 + ((hour / 10) | 0), 0x30 + (hour % 10), 0x3a, 0x30 + ((minute / 10) | 0), 0x30 + (minute % 10), 0x3a,
    s0, s1, 0x2e, 0x30 + ((milli / 100) | 0), 0x30 + (((milli / 10) | 0) % 10), 0x30 + (milli % 10), 0x5a,
  );
}

/**
 * Reads plain urlset entries for the tokenizer. One instance per parse; it keeps no parse state between calls, so
 * stopping anywhere leaves nothing half done.
 *
 * It works on the buffer read as Latin-1: one string per chunk, in which every byte is one character, so string
 * positions are byte offsets, and `indexOf` (memchr) finds each `<` without a loop over the bytes in JavaScript.
 * Locs are cut from that string (a loc shares its chunk's string, like any substring) when the chunk is ASCII,
 * and decoded as UTF-8 from the buffer when it is not. Everything that is only checked or parsed (tags, dates,
 * changefreq, priority, a loc's ends and scheme) is read from the bytes instead: a typed-array load, or one DataView
 * word for four tag bytes, costs less than charCodeAt (docs/decisions/0015-fast-path-profiled-bytes-not-strings.md).
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
  #view: DataView = new DataView(new ArrayBuffer(0));
  #ascii = false;
  #imageLoc = '';
  /** In #str: the next '&', LF, CR and tab at or after the last loc checked (the length when none; -1: not looked). */
  #amp = -1;
  #lf = -1;
  #cr = -1;
  #tab = -1;
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
        this.#view = new DataView(buf.buffer, buf.byteOffset, len);
        this.#ascii = isAscii(buf);
        this.#amp = -1;
        this.#lf = -1;
        this.#cr = -1;
        this.#tab = -1;
      }
      const next = this.#entry(buf, this.#view, this.#str, pos, base);
      if (next < 0) return pos;
      pos = next;
    }
  }

  /** One `<url>` at `lt`: pushes it and returns the position after `</url>`, or -1 (nothing pushed). */
  #entry(buf: Buffer, view: DataView, s: string, lt: number, base: number): number {
    const limit = Math.min(s.length, lt + this.#maxEntryBytes);
    let i = lt + 5;
    let seen = 0;
    let loc = '';
    let lastmod: string | null = null;
    let changefreq: Changefreq | null = null;
    let priority: number | null = null;
    let images: ImageInfo[] | null = null;
    for (;;) {
      // The next tag; text between the fields is not read by the general reader either. Between fields there is
      // only indentation, cheaper to step over in a loop than with a native indexOf call. The loop runs to the
      // limit: an indexOf after it for longer runs (0015) was a call site that ran so seldom that it had no type
      // feedback when the loop was optimised, and deoptimised it when first taken.
      while (i < limit && buf[i] !== LT) i++;
      // Room for the longest start tag's words; an entry's end tag needs only its 6 bytes, so an entry that ends
      // with the buffer (as the parse's pieces do) is still read here.
      if (i + 14 >= limit && (i + 6 > limit || buf[i + 1] !== SLASH)) return -1;
      const c = buf[i + 1]!;
      let field: number;
      let textStart: number;
      if (c === 0x6c) {
        if (word(view, i + 1) === W_LOC) {
          field = F_LOC;
          textStart = i + 5;
        } else if (word(view, i + 1) === W_LAST && word(view, i + 5) === W_MOD) {
          field = F_LASTMOD;
          textStart = i + 9;
        } else return -1;
      } else if (c === 0x63) {
        if (word(view, i + 1) !== W_CHAN || word(view, i + 5) !== W_GEFR || word(view, i + 8) !== W_REQ) return -1;
        field = F_CHANGEFREQ;
        textStart = i + 12;
      } else if (c === 0x70) {
        if (word(view, i + 1) !== W_PRIO || word(view, i + 5) !== W_RITY || word(view, i + 6) !== W_ITY) return -1;
        field = F_PRIORITY;
        textStart = i + 10;
      } else if (c === SLASH) {
        if (word(view, i + 2) !== W_URL || (seen & F_LOC) === 0) return -1;
        this.#sink.push(urlEntry(loc, lastmod, changefreq, priority, images ?? NONE, NONE, null, NONE, NONE), base + lt);
        this.count++;
        return i + 6;
      } else if (c === 0x69) {
        i = this.#image(buf, view, s, i, limit);
        if (i < 0) return -1;
        images ??= [];
        images.push(imageInfo(this.#imageLoc, null, null, null, null));
        continue;
      } else {
        return -1;
      }
      if ((seen & field) !== 0) return -1;
      seen |= field;
      // The text runs to the next '<', which must open the end tag of the same element.
      const lt2 = nextLt(s, textStart);
      if (lt2 < 0 || lt2 >= limit) return -1;
      switch (field) {
        case F_LOC: {
          if (lt2 + 6 > limit || word(view, lt2) !== W_END_LO || word(view, lt2 + 2) !== W_LOC) return -1;
          const text = this.#locText(buf, s, textStart, lt2);
          if (text === null) return -1;
          loc = text;
          i = lt2 + 6;
          break;
        }
        case F_LASTMOD: {
          if (lt2 + 10 > limit || word(view, lt2) !== W_END_LA || word(view, lt2 + 4) !== W_STMO || word(view, lt2 + 6) !== W_MOD) return -1;
          let d = dateFromBytes(buf, textStart, lt2);
          if (d === undefined) {
            const [a, b] = trimmed(buf, textStart, lt2);
            if (a === b) return -1;
            d = normalizeDate(s.slice(a, b));
          }
          if (d === null) return -1;
          lastmod = d;
          i = lt2 + 10;
          break;
        }
        case F_CHANGEFREQ: {
          if (lt2 + 13 > limit || word(view, lt2) !== W_END_CH || word(view, lt2 + 4) !== W_ANGE || word(view, lt2 + 8) !== W_FREQ || word(view, lt2 + 9) !== W_REQ) return -1;
          const known = CHANGEFREQS_BY_FIRST[buf[textStart]!];
          const n = lt2 - textStart;
          if (known !== undefined && n === known.word.length && word(view, textStart) === known.head && word(view, lt2 - 4) === known.tail) {
            changefreq = known.word;
          } else {
            const [a, b] = trimmed(buf, textStart, lt2);
            if (a === b) return -1;
            changefreq = normalizeChangefreq(s.slice(a, b));
            if (changefreq === null) return -1;
          }
          i = lt2 + 13;
          break;
        }
        case F_PRIORITY: {
          if (lt2 + 11 > limit || word(view, lt2) !== W_END_PR || word(view, lt2 + 4) !== W_IORI || word(view, lt2 + 7) !== W_ITY) return -1;
          const d0 = buf[textStart]!;
          const d2 = buf[textStart + 2]! - 0x30;
          if (lt2 - textStart === 3 && buf[textStart + 1] === 0x2e && d2 >= 0 && d2 <= 9 && (d0 === 0x30 || (d0 === 0x31 && d2 === 0))) {
            priority = PRIORITY_TENTHS[d0 === 0x31 ? 10 : d2]!;
          } else {
            const [a, b] = trimmed(buf, textStart, lt2);
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
  #image(buf: Buffer, view: DataView, s: string, lt: number, limit: number): number {
    if (word(view, lt + 1) !== W_IMAG || word(view, lt + 5) !== W_E_IM || word(view, lt + 9) !== W_AGE) return -1;
    let i = lt + 13;
    while (i < limit && isSpace(buf[i]!)) i++;
    if (i + 11 >= limit || word(view, i) !== W_OPEN_IMA || word(view, i + 4) !== W_GE_L || word(view, i + 7) !== W_LOC) return -1;
    const textStart = i + 11;
    const lt2 = nextLt(s, textStart);
    if (lt2 < 0 || lt2 + 12 > limit || word(view, lt2) !== W_END_IM || word(view, lt2 + 4) !== W_AGE_ || word(view, lt2 + 8) !== W_LOC) return -1;
    const text = this.#locText(buf, s, textStart, lt2);
    if (text === null) return -1;
    i = lt2 + 12;
    while (i < limit && isSpace(buf[i]!)) i++;
    if (i + 14 > limit || word(view, i) !== W_END_IM || word(view, i + 4) !== W_AGE_ || word(view, i + 8) !== W_IMAG || word(view, i + 10) !== W_AGE) return -1;
    this.#imageLoc = text;
    return i + 14;
  }

  /**
   * A loc's text as the general reader ends up with it — trimmed, entities decoded, trimmed again — when it is an
   * absolute http(s) URL that normalizeLoc keeps as it is (no tab or line break inside); null otherwise.
   */
  #locText(buf: Buffer, s: string, a: number, b: number): string | null {
    while (a < b && isSpace(buf[a]!)) a++;
    while (b > a && isSpace(buf[b - 1]!)) b--;
    // \v and \f at either end would be trimmed by String#trim: left to the general path.
    if (a === b || buf[a]! < 0x21 || buf[b - 1]! < 0x21) return null;
    // The next '&', line break and tab at or after `a`, found once per chunk region rather than once per loc.
    if (this.#amp < a) this.#amp = indexOrEnd(s, '&', a);
    if (this.#lf < a) this.#lf = indexOrEnd(s, '\n', a);
    if (this.#cr < a) this.#cr = indexOrEnd(s, '\r', a);
    if (this.#tab < a) this.#tab = indexOrEnd(s, '\t', a);
    if (this.#lf < b || this.#cr < b || this.#tab < b) return null;
    if (this.#amp >= b) {
      if (this.#ascii) return isHttpBytes(buf, a, b) ? s.slice(a, b) : null;
      const text = (buf as NativeBuffer).utf8Slice(a, b).trim();
      return isHttpUrl(text) ? text : null;
    }
    if (this.#ascii) {
      const text = ampOnly(buf, s, a, b, this.#amp);
      if (text !== null) return isHttpUrl(text) ? text : null;
    }
    this.#unknownEntity = false;
    const text = decodeEntities(this.#ascii ? s.slice(a, b) : (buf as NativeBuffer).utf8Slice(a, b), this.#onUnknownEntity).trim();
    if (this.#unknownEntity || !isHttpUrl(text) || text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1 || text.indexOf('\t') !== -1) return null;
    return text;
  }
}

/**
 * The text of ASCII `s[a, b)` when its only entities are `&amp;` (query strings), decoded as decodeEntities would,
 * without its general machinery; null when any other `&` is there. `amp` is the first '&' at or after `a` (< b).
 * Nothing decoded this way can add whitespace, tabs or line breaks, so the caller's checks of the raw text hold.
 */
function ampOnly(buf: Buffer, s: string, a: number, b: number, amp: number): string | null {
  let out = '';
  let last = a;
  while (amp < b) {
    // `&amp` followed by ';': a ';' at amp + 4 cannot lie past b, where only whitespace and '<' follow.
    if (buf[amp + 1] !== 0x61 || buf[amp + 2] !== 0x6d || buf[amp + 3] !== 0x70 || buf[amp + 4] !== 0x3b) return null;
    out += s.slice(last, amp + 1);
    last = amp + 5;
    amp = s.indexOf('&', last);
    if (amp === -1) break;
  }
  return out + s.slice(last, b);
}

/** The next '<' in `s` from `from`, or -1. */
function nextLt(s: string, from: number): number {
  return s.indexOf('<', from);
}

/** The index of `c` in `s` from `from`, or the string's length when there is none. */
function indexOrEnd(s: string, c: string, from: number): number {
  const at = s.indexOf(c, from);
  return at === -1 ? s.length : at;
}

/** isHttpUrl on the ASCII bytes `buf[a, b)`, without making the string first. */
function isHttpBytes(buf: Buffer, a: number, b: number): boolean {
  if (b - a < 8) return false;
  if ((buf[a]! | 0x20) !== 0x68 || (buf[a + 1]! | 0x20) !== 0x74 || (buf[a + 2]! | 0x20) !== 0x74 || (buf[a + 3]! | 0x20) !== 0x70) return false;
  let i = a + 4;
  if ((buf[i]! | 0x20) === 0x73) i++;
  return buf[i] === 0x3a && buf[i + 1] === 0x2f && buf[i + 2] === 0x2f && b > i + 3;
}

/** [start, end) without the XML whitespace around it, packed as one pair. */
function trimmed(buf: Buffer, start: number, end: number): [number, number] {
  while (start < end && isSpace(buf[start]!)) start++;
  while (end > start && isSpace(buf[end - 1]!)) end--;
  return [start, end];
}
