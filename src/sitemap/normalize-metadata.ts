import { CHANGEFREQS, type Changefreq } from './types.js';

/*
 * Normalisers for the per-URL metadata of a sitemap (lastmod, changefreq, priority, video duration).
 *
 * These run once per field on documents with millions of entries, so the common shapes are parsed by walking char
 * codes: no RegExp, no intermediate substrings, no `new Date(string)` (whose accepted forms are
 * implementation-defined outside the one ES format, and which silently reads `2024-02-30` as March 1st).
 */

const CH_TAB = 0x09;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_PLUS = 0x2b;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_0 = 0x30;
const CH_9 = 0x39;
const CH_COLON = 0x3a;
const CH_P = 0x50;
const CH_T = 0x54;
const CH_Z = 0x5a;
/** OR-ing an ASCII letter with this folds it to lower case. */
const ASCII_LOWER_BIT = 0x20;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Offsets beyond ±14:00 do not exist in any time zone; larger ones are typos, not zones. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * The output must stay inside years 0000–9999: beyond them `toISOString` switches to the six-digit `+010000-…` form,
 * which would break fixed-width, lexicographically sortable output for callers.
 */
const MIN_INSTANT_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const MAX_INSTANT_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Same set as `String.prototype.trim`, so every normaliser agrees on what "surrounding whitespace" means. */
function isWhitespace(c: number): boolean {
  if (c <= CH_SPACE) return c === CH_SPACE || (c >= CH_TAB && c <= CH_CR);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function firstNonWhitespace(s: string): number {
  let i = 0;
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

function endOfNonWhitespace(s: string, start: number): number {
  let end = s.length;
  while (end > start && isWhitespace(s.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * The value of two ASCII digits at `i`, or -1. Past the end of the string `charCodeAt` yields NaN, and every
 * comparison with NaN is false, so running off the end reads as "not a digit" without a separate bounds check.
 */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - CH_0;
  const b = s.charCodeAt(i + 1) - CH_0;
  if (!(a >= 0 && a <= 9 && b >= 0 && b <= 9)) return -1;
  return a * 10 + b;
}

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). Done by hand rather than
 * with `Date.UTC`, which maps years 0–99 to 1900–1999 and would misread `0050-01-01`. Shifting the year by 400 (one
 * full Gregorian cycle, 146097 days) keeps every intermediate value positive so `| 0` can stand in for `Math.floor`.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = year + 400 - (month <= 2 ? 1 : 0);
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = (((153 * monthFromMarch + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468 - 146_097;
}

/**
 * Turns already range-checked wall-clock fields at a UTC offset into the canonical string. Field overflow (24:00, a
 * negative offset pushing past midnight, …) is absorbed by doing the arithmetic on a single millisecond count.
 */
export function toIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  offsetMinutes: number,
): string | null {
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    (hour * 60 + minute - offsetMinutes) * MS_PER_MINUTE +
    second * 1000 +
    millisecond;
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) return null;
  return formatInstant(ms);
}

/**
 * `new Date(ms).toISOString()`, byte for byte, for instants in years 0000–9999. Written out because the built-in
 * costs about five times the whole parse (a Date allocation plus a generic formatter). One `String.fromCharCode` call
 * yields a flat string; concatenating padded pieces would leave a rope for every consumer to flatten later.
 * The date part is Howard Hinnant's `civil_from_days`, shifted by one 400-year cycle like `daysFromCivil`.
 */
function formatInstant(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  const shifted = days + 719_468 + 146_097;
  const era = (shifted / 146_097) | 0;
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra =
    ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36_524) | 0) - ((dayOfEra / 146_096) | 0)) / 365) | 0;
  const dayOfYear = dayOfEra - (365 * yearOfEra + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0));
  const monthFromMarch = ((5 * dayOfYear + 2) / 153) | 0;
  const day = dayOfYear - (((153 * monthFromMarch + 2) / 5) | 0) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 - 400 + (month <= 2 ? 1 : 0);
  const hour = (rest / 3_600_000) | 0;
  rest -= hour * 3_600_000;
  const minute = (rest / MS_PER_MINUTE) | 0;
  rest -= minute * MS_PER_MINUTE;
  const second = (rest / 1000) | 0;
  const milli = rest - second * 1000;
  return String.fromCharCode(
    CH_0 + ((year / 1000) | 0),
    CH_0 + (((year / 100) | 0) % 10),
    CH_0 + (((year / 10) | 0) % 10),
    CH_0 + (year % 10),
    CH_MINUS,
    CH_0 + ((month / 10) | 0),
    CH_0 + (month % 10),
    CH_MINUS,
    CH_0 + ((day / 10) | 0),
    CH_0 + (day % 10),
    CH_T,
    CH_0 + ((hour / 10) | 0),
    CH_0 + (hour % 10),
    CH_COLON,
    CH_0 + ((minute / 10) | 0),
    CH_0 + (minute % 10),
    CH_COLON,
    CH_0 + ((second / 10) | 0),
    CH_0 + (second % 10),
    CH_DOT,
    CH_0 + ((milli / 100) | 0),
    CH_0 + (((milli / 10) | 0) % 10),
    CH_0 + (milli % 10),
    CH_Z,
  );
}

/** Returned by the zone parsers when the text is not a zone; any real offset is within ±840. */
const BAD_ZONE = 0x7fffffff;

/**
 * Reads a W3C / ISO time-zone designator occupying exactly `[i, end)`: `Z`, `±hh:mm`, `±hhmm`, `±hh`, `UTC` or `GMT`,
 * optionally after one space (`2024-05-01 10:00:00 +0100` is how Ruby and many CMSs print times).
 * Returns minutes east of UTC, or BAD_ZONE.
 */
function parseZoneDesignator(s: string, i: number, end: number): number {
  let c = s.charCodeAt(i);
  if (c === CH_SPACE) {
    i++;
    c = s.charCodeAt(i);
  }
  if ((c | ASCII_LOWER_BIT) === 0x7a /* z */) return i + 1 === end ? 0 : BAD_ZONE;
  if (c === CH_PLUS || c === CH_MINUS) {
    const hours = twoDigits(s, i + 1);
    if (hours < 0) return BAD_ZONE;
    i += 3;
    let minutes = 0;
    if (i < end) {
      if (s.charCodeAt(i) === CH_COLON) i++;
      minutes = twoDigits(s, i);
      if (minutes < 0 || minutes > 59) return BAD_ZONE;
      i += 2;
    }
    if (i !== end) return BAD_ZONE;
    const total = hours * 60 + minutes;
    if (total > MAX_OFFSET_MINUTES) return BAD_ZONE;
    return c === CH_PLUS ? total : -total;
  }
  if (end - i === 3) {
    const a = s.charCodeAt(i) | ASCII_LOWER_BIT;
    const b = s.charCodeAt(i + 1) | ASCII_LOWER_BIT;
    const d = s.charCodeAt(i + 2) | ASCII_LOWER_BIT;
    // "utc" or "gmt"
    if ((a === 0x75 && b === 0x74 && d === 0x63) || (a === 0x67 && b === 0x6d && d === 0x74)) return 0;
  }
  return BAD_ZONE;
}

/**
 * W3C Datetime and its common corruptions, on `[start, end)` which begins with four digits. Returns null for
 * anything else rather than falling back: a string starting with a four-digit year that is not one of these forms
 * is not an RFC 2822 date either.
 */
function parseW3c(s: string, start: number, end: number): string | null {
  const century = twoDigits(s, start);
  const yearOfCentury = twoDigits(s, start + 2);
  if (century < 0 || yearOfCentury < 0) return null;
  const year = century * 100 + yearOfCentury;
  let i = start + 4;
  if (i === end) return toIso(year, 1, 1, 0, 0, 0, 0, 0);

  if (s.charCodeAt(i) !== CH_MINUS) return null;
  const month = twoDigits(s, i + 1);
  if (month < 1 || month > 12) return null;
  i += 3;
  if (i === end) return toIso(year, month, 1, 0, 0, 0, 0, 0);

  if (s.charCodeAt(i) !== CH_MINUS) return null;
  const day = twoDigits(s, i + 1);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  i += 3;
  if (i === end) return toIso(year, month, day, 0, 0, 0, 0, 0);

  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  const sep = s.charCodeAt(i);
  // A space followed by a digit is a date-time separator; a space followed by anything else introduces a zone.
  if ((sep | ASCII_LOWER_BIT) === 0x74 /* t */ || (sep === CH_SPACE && isDigit(s.charCodeAt(i + 1)))) {
    if (end - i < 6 || s.charCodeAt(i + 3) !== CH_COLON) return null;
    hour = twoDigits(s, i + 1);
    minute = twoDigits(s, i + 4);
    if (hour < 0 || hour > 24 || minute < 0 || minute > 59) return null;
    i += 6;
    if (i < end && s.charCodeAt(i) === CH_COLON) {
      second = twoDigits(s, i + 1);
      if (second < 0 || second > 60 || end - i < 3) return null;
      i += 3;
      if (i < end && s.charCodeAt(i) === CH_DOT) {
        i++;
        const fractionStart = i;
        // Only the first three digits matter: extra precision is truncated, as V8's own parser does, so that a
        // value is never moved into the next second (or the next year, for 9999-12-31T23:59:59.9999Z).
        let scale = 100;
        while (i < end) {
          const digit = s.charCodeAt(i) - CH_0;
          if (!(digit >= 0 && digit <= 9)) break;
          millisecond += digit * scale;
          scale = (scale / 10) | 0;
          i++;
        }
        if (i === fractionStart) return null;
      }
    }
    // ISO 8601 allows 24:00 only as the end-of-day instant; anything past it is not a time.
    if (hour === 24 && (minute !== 0 || second !== 0 || millisecond !== 0)) return null;
    // A leap second cannot be represented by Date; the last representable second of the minute is the closest.
    if (second === 60) second = 59;
  }

  let offset = 0;
  if (i < end) {
    offset = parseZoneDesignator(s, i, end);
    if (offset === BAD_ZONE) return null;
  }
  return toIso(year, month, day, hour, minute, second, millisecond, offset);
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1],
  ['feb', 2], ['february', 2],
  ['mar', 3], ['march', 3],
  ['apr', 4], ['april', 4],
  ['may', 5],
  ['jun', 6], ['june', 6],
  ['jul', 7], ['july', 7],
  ['aug', 8], ['august', 8],
  ['sep', 9], ['sept', 9], ['september', 9],
  ['oct', 10], ['october', 10],
  ['nov', 11], ['november', 11],
  ['dec', 12], ['december', 12],
]);

const WEEKDAYS: ReadonlySet<string> = new Set([
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday',
  'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday',
]);

/** RFC 822 §5 / RFC 2822 §4.3 zone names, in minutes east of UTC. */
const NAMED_ZONES: ReadonlyMap<string, number> = new Map([
  ['ut', 0], ['utc', 0], ['gmt', 0], ['z', 0],
  ['est', -300], ['edt', -240],
  ['cst', -360], ['cdt', -300],
  ['mst', -420], ['mdt', -360],
  ['pst', -480], ['pdt', -420],
]);

/**
 * `[Weekday,] D Mon YYYY hh:mm[:ss] [zone]`. Rare in sitemaps (mostly RSS `pubDate`), so a RegExp is acceptable here.
 * Letter runs are captured loosely and checked against the tables, so that `Foo, 1 Bar 2024` fails on the names
 * rather than by accident of the pattern.
 */
const RFC2822 =
  /^(?:([a-z]+)(?:\s*,\s*|\s+))?(\d{1,2})\s+([a-z]+)\s+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-])(\d{2}):?(\d{2})|\s+([a-z]+))?$/i;

/** Longer than any real RFC 2822 date (`Wednesday, 25 September 2024 23:59:59 +0000` is 43): skip the RegExp. */
const RFC2822_MAX_LENGTH = 64;

function parseRfc2822(text: string): string | null {
  if (text.length > RFC2822_MAX_LENGTH) return null;
  const m = RFC2822.exec(text);
  if (m === null) return null;
  const [, weekday, dayText, monthName, yearText, hourText, minuteText, secondText, sign, offH, offM, zoneName] = m;
  // The weekday must be a real name, but is not checked against the date: generators get it wrong far more often
  // than they get the day number wrong, and the numbers are what the date means.
  if (weekday !== undefined && !WEEKDAYS.has(weekday.toLowerCase())) return null;
  const month = MONTHS.get((monthName as string).toLowerCase());
  if (month === undefined) return null;

  let year = Number(yearText);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the rest 19xx.
  if ((yearText as string).length === 2) year += year < 50 ? 2000 : 1900;
  const day = Number(dayText);
  if (day < 1 || day > daysInMonth(year, month)) return null;

  const hour = Number(hourText);
  const minute = Number(minuteText);
  let second = secondText === undefined ? 0 : Number(secondText);
  if (hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute !== 0 || second !== 0)) return null;
  if (second === 60) second = 59;

  let offset = 0;
  if (sign !== undefined) {
    const hours = Number(offH);
    const minutes = Number(offM);
    if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) return null;
    offset = sign === '+' ? hours * 60 + minutes : -(hours * 60 + minutes);
  } else if (zoneName !== undefined) {
    const named = NAMED_ZONES.get(zoneName.toLowerCase());
    if (named === undefined) return null;
    offset = named;
  }
  return toIso(year, month, day, hour, minute, second, 0, offset);
}

/**
 * Normalises a sitemap date (`lastmod`, `video:publication_date`, `news:publication_date`, RSS `pubDate`, …) to
 * ISO-8601 UTC in `Date.prototype.toISOString()` form.
 *
 * Accepts every W3C Datetime form (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.s…]]TZD`), the date with a
 * zone that the sitemap XSD allows (`2024-05-01+02:00`, midnight at that offset), the usual corruptions (space for
 * `T`, lower-case `t`/`z`, `+0100`, `+01`, no zone meaning UTC, a trailing ` UTC`/` GMT`, a space before the zone),
 * and RFC 2822 / RFC 822 dates. Fraction digits beyond milliseconds are truncated; `24:00` is the next midnight; a
 * leap second `:60` becomes `:59`.
 *
 * @returns The UTC instant as `YYYY-MM-DDThh:mm:ss.sssZ`, or null when the value is not a valid date (out-of-range
 *   field, impossible day, unknown zone, trailing text, or an instant outside years 0000–9999).
 * @example
 * normalizeDate('2024-03-05T10:20:30+01:00'); // '2024-03-05T09:20:30.000Z'
 * normalizeDate('2024-03');                   // '2024-03-01T00:00:00.000Z'
 * normalizeDate('Tue, 10 Jun 2003 04:00:00 GMT'); // '2003-06-10T04:00:00.000Z'
 * normalizeDate('2024-02-30');                // null
 */
export function normalizeDate(raw: string): string | null {
  const start = firstNonWhitespace(raw);
  const end = endOfNonWhitespace(raw, start);
  // An RFC 2822 date opens with a weekday or a one- or two-digit day, so a third digit can only be a W3C year.
  if (end - start >= 4 && isDigit(raw.charCodeAt(start + 2))) return parseW3c(raw, start, end);
  if (start === end) return null;
  return parseRfc2822(start === 0 && end === raw.length ? raw : raw.slice(start, end));
}

const CHANGEFREQ_SET: ReadonlySet<string> = new Set(CHANGEFREQS);

function isChangefreq(value: string): value is Changefreq {
  return CHANGEFREQ_SET.has(value);
}

/**
 * Normalises a `<changefreq>` value: surrounding whitespace and ASCII case are ignored.
 *
 * @returns One of `always`, `hourly`, `daily`, `weekly`, `monthly`, `yearly`, `never`, or null for anything else.
 * @example
 * normalizeChangefreq('daily');     // 'daily'
 * normalizeChangefreq(' Weekly\n'); // 'weekly'
 * normalizeChangefreq('fortnightly'); // null
 */
export function normalizeChangefreq(raw: string): Changefreq | null {
  // Nearly every real value is already canonical: answer those with one hash lookup and no allocation.
  if (isChangefreq(raw)) return raw;
  const trimmed = raw.trim();
  for (let i = 0; i < trimmed.length; i++) {
    // `toLowerCase` is Unicode-aware: the Kelvin sign U+212A would lower to `k` and turn `wee\u212Aly` into `weekly`.
    if (trimmed.charCodeAt(i) > 0x7f) return null;
  }
  const lower = trimmed.toLowerCase();
  return isChangefreq(lower) ? lower : null;
}

/** Powers of ten that are exact doubles, so `digits / POW10[n]` rounds exactly once, like `Number(text)` does. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Normalises a `<priority>` value: a plain decimal (`0`, `0.5`, `.5`, `1.0`, `1.`) in [0, 1]. Signs, exponents,
 * hexadecimal, decimal commas and trailing text are rejected rather than partially read.
 *
 * @returns The number, or null. `0` is a value, not absence.
 * @example
 * normalizePriority('0.8');  // 0.8
 * normalizePriority('0.0');  // 0
 * normalizePriority('1.1');  // null
 * normalizePriority('0,5');  // null
 */
export function normalizePriority(raw: string): number | null {
  const start = firstNonWhitespace(raw);
  const end = endOfNonWhitespace(raw, start);
  let i = start;
  let integer = 0;
  let digits = 0;
  while (i < end) {
    const d = raw.charCodeAt(i) - CH_0;
    if (!(d >= 0 && d <= 9)) break;
    // Saturating keeps `0000000000000000000001` correct without overflowing into a wrong "≤ 1" answer.
    integer = integer > 1 ? 2 : integer * 10 + d;
    digits++;
    i++;
  }
  if (integer > 1) return null;
  let fraction = 0;
  let fractionDigits = 0;
  if (i < end && raw.charCodeAt(i) === CH_DOT) {
    i++;
    while (i < end) {
      const d = raw.charCodeAt(i) - CH_0;
      if (!(d >= 0 && d <= 9)) break;
      // 1.000… is allowed, 1.0001 is not.
      if (integer === 1 && d !== 0) return null;
      if (fractionDigits < 15) fraction = fraction * 10 + d;
      fractionDigits++;
      i++;
    }
  }
  if (i !== end || digits + fractionDigits === 0) return null;
  if (integer === 1) return 1;
  if (fractionDigits <= 15) return fraction / (POW10[fractionDigits] as number);
  // Beyond 15 digits the integer above is no longer exact; the text has been validated, so Number is safe.
  return Number(raw.slice(start, end));
}

/**
 * Parses a `<video:duration>`: a non-negative integer number of seconds (the protocol's form), or an ISO-8601
 * duration with week, day and/or time components (`PT1H2M3S`, `PT90S`, `P1DT2H`, `PT1.5S`; case-insensitive). A
 * fraction is allowed on the last component only, and the total is rounded to the nearest second. Years and months
 * are refused: their length in seconds depends on a calendar the value does not carry.
 *
 * @returns Seconds as a safe integer, or null.
 * @example
 * parseVideoDuration('600');      // 600
 * parseVideoDuration('PT1H2M3S'); // 3723
 * parseVideoDuration('10:00');    // null
 */
export function parseVideoDuration(raw: string): number | null {
  const start = firstNonWhitespace(raw);
  const end = endOfNonWhitespace(raw, start);
  if (start === end) return null;
  if ((raw.charCodeAt(start) & ~ASCII_LOWER_BIT) === CH_P) return parseIsoDuration(raw, start + 1, end);
  let seconds = 0;
  for (let i = start; i < end; i++) {
    const d = raw.charCodeAt(i) - CH_0;
    if (!(d >= 0 && d <= 9)) return null;
    seconds = seconds * 10 + d;
  }
  return Number.isSafeInteger(seconds) ? seconds : null;
}

/** Unit letters in the order ISO 8601 requires, with their length in seconds; W/D are date-part, H/M/S time-part. */
const DURATION_UNITS = [
  { letter: 0x57 /* W */, seconds: 604_800, timePart: false },
  { letter: 0x44 /* D */, seconds: 86_400, timePart: false },
  { letter: 0x48 /* H */, seconds: 3_600, timePart: true },
  { letter: 0x4d /* M */, seconds: 60, timePart: true },
  { letter: 0x53 /* S */, seconds: 1, timePart: true },
] as const;

function parseIsoDuration(s: string, i: number, end: number): number | null {
  let total = 0;
  let nextUnit = 0;
  let inTime = false;
  let components = 0;
  while (i < end) {
    if ((s.charCodeAt(i) & ~ASCII_LOWER_BIT) === CH_T) {
      if (inTime) return null;
      inTime = true;
      i++;
      // `P1DT` names a time part and then gives none.
      if (i === end) return null;
      continue;
    }
    const numberStart = i;
    let value = 0;
    while (i < end && isDigit(s.charCodeAt(i))) value = value * 10 + (s.charCodeAt(i++) - CH_0);
    if (i === numberStart) return null;
    let hasFraction = false;
    if (i < end && s.charCodeAt(i) === CH_DOT) {
      const fractionStart = ++i;
      while (i < end && isDigit(s.charCodeAt(i))) i++;
      if (i === fractionStart) return null;
      hasFraction = true;
      // Rare enough that exact decimal reading beats hand-rolled float accumulation.
      value = Number(s.slice(numberStart, i));
    }
    if (i === end) return null;
    const letter = s.charCodeAt(i++) & ~ASCII_LOWER_BIT;
    // ISO 8601 lets only the last component carry a fraction: `PT1.5H30M` has no single meaning.
    if (hasFraction && i !== end) return null;
    let unitIndex = nextUnit;
    while (unitIndex < DURATION_UNITS.length) {
      const unit = DURATION_UNITS[unitIndex] as (typeof DURATION_UNITS)[number];
      if (unit.letter === letter && unit.timePart === inTime) break;
      unitIndex++;
    }
    if (unitIndex === DURATION_UNITS.length) return null;
    total += value * (DURATION_UNITS[unitIndex] as (typeof DURATION_UNITS)[number]).seconds;
    nextUnit = unitIndex + 1;
    components++;
  }
  if (components === 0) return null;
  const seconds = Math.round(total);
  return Number.isSafeInteger(seconds) ? seconds : null;
}
