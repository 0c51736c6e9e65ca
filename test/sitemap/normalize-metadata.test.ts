import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  normalizeChangefreq,
  normalizeDate,
  normalizePriority,
  parseVideoDuration,
} from '../../src/sitemap/normalize-metadata.js';
import { CHANGEFREQS } from '../../src/sitemap/types.js';

interface Case<T> {
  input: string;
  expected: T;
}

interface Rejection {
  input: string;
  why: string;
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every non-null answer must be canonical: the exact string Date itself would print for that instant. */
function expectCanonicalOrNull(result: string | null): void {
  if (result === null) return;
  expect(result).toMatch(ISO_SHAPE);
  expect(new Date(result).toISOString()).toBe(result);
}

describe('normalizeDate', () => {
  describe('W3C Datetime forms', () => {
    it.each<Case<string>>([
      { input: '2024', expected: '2024-01-01T00:00:00.000Z' },
      { input: '2024-05', expected: '2024-05-01T00:00:00.000Z' },
      { input: '2024-05-01', expected: '2024-05-01T00:00:00.000Z' },
      { input: '2024-05-01T10:00Z', expected: '2024-05-01T10:00:00.000Z' },
      { input: '2024-05-01T10:00+02:00', expected: '2024-05-01T08:00:00.000Z' },
      { input: '2024-05-01T10:00-05:00', expected: '2024-05-01T15:00:00.000Z' },
      { input: '2024-05-01T10:20:30Z', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30+01:00', expected: '2024-05-01T09:20:30.000Z' },
      { input: '2024-03-05T10:20:30+01:00', expected: '2024-03-05T09:20:30.000Z' },
      { input: '2024-05-01T10:20:30-00:00', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30+00:00', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30.5Z', expected: '2024-05-01T10:20:30.500Z' },
      { input: '2024-05-01T10:20:30.45Z', expected: '2024-05-01T10:20:30.450Z' },
      { input: '2024-05-01T10:20:30.123Z', expected: '2024-05-01T10:20:30.123Z' },
      { input: '2024-05-01T10:20:30.000Z', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30.123+05:30', expected: '2024-05-01T04:50:30.123Z' },
      { input: '2024-05-01T10:20:30.007-08:00', expected: '2024-05-01T18:20:30.007Z' },
      // The examples of https://www.w3.org/TR/NOTE-datetime
      { input: '1997', expected: '1997-01-01T00:00:00.000Z' },
      { input: '1997-07', expected: '1997-07-01T00:00:00.000Z' },
      { input: '1997-07-16', expected: '1997-07-16T00:00:00.000Z' },
      { input: '1997-07-16T19:20+01:00', expected: '1997-07-16T18:20:00.000Z' },
      { input: '1997-07-16T19:20:30+01:00', expected: '1997-07-16T18:20:30.000Z' },
      { input: '1997-07-16T19:20:30.45+01:00', expected: '1997-07-16T18:20:30.450Z' },
    ])('reads $input as $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Case<string>>([
      { input: '2024-05-01T10:20:30.1234Z', expected: '2024-05-01T10:20:30.123Z' },
      { input: '2024-05-01T10:20:30.1239Z', expected: '2024-05-01T10:20:30.123Z' },
      { input: '2024-05-01T10:20:30.999999999Z', expected: '2024-05-01T10:20:30.999Z' },
      { input: '2024-05-01T10:20:30.000001+01:00', expected: '2024-05-01T09:20:30.000Z' },
      { input: `2024-05-01T10:20:30.${'9'.repeat(200)}Z`, expected: '2024-05-01T10:20:30.999Z' },
    ])('truncates fraction digits beyond milliseconds: $input is $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Case<string>>([
      { input: '2024-01-01T00:30+01:00', expected: '2023-12-31T23:30:00.000Z' },
      { input: '2024-12-31T23:00-02:00', expected: '2025-01-01T01:00:00.000Z' },
      { input: '2024-02-28T23:00-01:00', expected: '2024-02-29T00:00:00.000Z' },
      { input: '2023-02-28T23:00-01:00', expected: '2023-03-01T00:00:00.000Z' },
      { input: '2024-03-01T00:00+00:01', expected: '2024-02-29T23:59:00.000Z' },
      { input: '2024-05-01T00:00+14:00', expected: '2024-04-30T10:00:00.000Z' },
      { input: '2024-05-01T00:00-14:00', expected: '2024-05-01T14:00:00.000Z' },
      { input: '2024-05-01T00:00+13:59', expected: '2024-04-30T10:01:00.000Z' },
      { input: '2024-05-01T00:00-09:30', expected: '2024-05-01T09:30:00.000Z' },
    ])('carries an offset across day, month and year boundaries: $input is $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });
  });

  describe('forms seen in the wild', () => {
    it.each<Case<string>>([
      { input: '2024-05-01 10:20:30Z', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01 10:20:30+01:00', expected: '2024-05-01T09:20:30.000Z' },
      { input: '2024-05-01t10:20:30z', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01t10:20:30Z', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30z', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30+0100', expected: '2024-05-01T09:20:30.000Z' },
      { input: '2024-05-01T10:20:30-0530', expected: '2024-05-01T15:50:30.000Z' },
      { input: '2024-05-01T10:20+0100', expected: '2024-05-01T09:20:00.000Z' },
      { input: '2024-05-01T10:20:30.250+0100', expected: '2024-05-01T09:20:30.250Z' },
      { input: '2024-05-01T10:20:30+01', expected: '2024-05-01T09:20:30.000Z' },
      { input: '2024-05-01T10:20:30-03', expected: '2024-05-01T13:20:30.000Z' },
      { input: '2024-05-01T10:20+14', expected: '2024-04-30T20:20:00.000Z' },
      { input: '2024-05-01T10:20:30', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20', expected: '2024-05-01T10:20:00.000Z' },
      { input: '2024-05-01T10:20:30.250', expected: '2024-05-01T10:20:30.250Z' },
      { input: '2024-05-01 10:20:30', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01 10:20', expected: '2024-05-01T10:20:00.000Z' },
      { input: '2024-05-01 10:20:30.5', expected: '2024-05-01T10:20:30.500Z' },
      { input: '2024-05-01T10:20:30 UTC', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30 GMT', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01 10:20:30 UTC', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01 10:20 GMT', expected: '2024-05-01T10:20:00.000Z' },
      { input: '2024-05-01T10:20:30UTC', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30 utc', expected: '2024-05-01T10:20:30.000Z' },
      { input: '2024-05-01T10:20:30.5 gmt', expected: '2024-05-01T10:20:30.500Z' },
      { input: '2024-05-01 10:20:30 +0200', expected: '2024-05-01T08:20:30.000Z' },
      { input: '2024-05-01 10:20:30 -05:00', expected: '2024-05-01T15:20:30.000Z' },
      { input: '2024-05-01T10:20:30 Z', expected: '2024-05-01T10:20:30.000Z' },
    ])('reads $input as $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Case<string>>([
      { input: '2024-05-01Z', expected: '2024-05-01T00:00:00.000Z' },
      { input: '2024-05-01z', expected: '2024-05-01T00:00:00.000Z' },
      { input: '2024-05-01+02:00', expected: '2024-04-30T22:00:00.000Z' },
      { input: '2024-05-01-05:00', expected: '2024-05-01T05:00:00.000Z' },
      { input: '2024-05-01 UTC', expected: '2024-05-01T00:00:00.000Z' },
    ])('reads an xsd:date with a zone ($input) as midnight at that offset, $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Case<string>>([
      { input: ' 2024-05-01 ', expected: '2024-05-01T00:00:00.000Z' },
      { input: '\t2024-05-01T10:20:30Z\n', expected: '2024-05-01T10:20:30.000Z' },
      { input: '\r\n  2024-05-01T10:20:30+01:00  \r\n', expected: '2024-05-01T09:20:30.000Z' },
      { input: '\u00a02024-05-01\ufeff', expected: '2024-05-01T00:00:00.000Z' },
      { input: '\u3000 2024 \u2028', expected: '2024-01-01T00:00:00.000Z' },
      { input: '\n Tue, 10 Jun 2003 04:00:00 GMT \n', expected: '2003-06-10T04:00:00.000Z' },
    ])('ignores surrounding whitespace in $input', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });
  });

  describe('24:00 and leap seconds', () => {
    it.each<Case<string>>([
      { input: '2024-05-01T24:00Z', expected: '2024-05-02T00:00:00.000Z' },
      { input: '2024-05-01T24:00:00Z', expected: '2024-05-02T00:00:00.000Z' },
      { input: '2024-05-01T24:00:00.000Z', expected: '2024-05-02T00:00:00.000Z' },
      { input: '2024-05-01T24:00:00+02:00', expected: '2024-05-01T22:00:00.000Z' },
      { input: '2024-12-31T24:00:00Z', expected: '2025-01-01T00:00:00.000Z' },
      { input: '2024-02-28T24:00:00', expected: '2024-02-29T00:00:00.000Z' },
      { input: '2023-02-28 24:00', expected: '2023-03-01T00:00:00.000Z' },
    ])('reads 24:00 as the next midnight: $input is $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Case<string>>([
      { input: '2016-12-31T23:59:60Z', expected: '2016-12-31T23:59:59.000Z' },
      { input: '2016-12-31T23:59:60.5Z', expected: '2016-12-31T23:59:59.500Z' },
      { input: '2015-07-01T01:59:60+02:00', expected: '2015-06-30T23:59:59.000Z' },
    ])('clamps a leap second to :59: $input is $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Rejection>([
      { input: '2024-05-01T24:00:01Z', why: 'seconds past 24:00' },
      { input: '2024-05-01T24:01Z', why: 'minutes past 24:00' },
      { input: '2024-05-01T24:00:00.001Z', why: 'milliseconds past 24:00' },
      { input: '2024-05-01T25:00Z', why: 'hour 25' },
      { input: '2024-05-01T23:60Z', why: 'minute 60' },
      { input: '2024-05-01T23:59:61Z', why: 'second 61' },
      { input: '2024-05-01T99:99:99Z', why: 'every time field out of range' },
    ])('rejects $input ($why)', ({ input }) => {
      expect(normalizeDate(input)).toBeNull();
    });
  });

  describe('RFC 2822 and RFC 822 dates', () => {
    it.each<Case<string>>([
      { input: 'Tue, 10 Jun 2003 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: '10 Jun 2003 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +0000', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 -0000', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 -0500', expected: '2003-06-10T09:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +0530', expected: '2003-06-09T22:30:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +05:30', expected: '2003-06-09T22:30:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +1400', expected: '2003-06-09T14:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00 -0230', expected: '2003-06-10T06:30:00.000Z' },
      { input: 'Tue, 3 Jun 2003 04:00:00 GMT', expected: '2003-06-03T04:00:00.000Z' },
      { input: 'Tue, 03 Jun 2003 04:00:00 GMT', expected: '2003-06-03T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 4:05:06 GMT', expected: '2003-06-10T04:05:06.000Z' },
      { input: 'Tue,10 Jun 2003 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue 10 Jun 2003 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 gmt', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'TUE, 10 JUN 2003 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'tue, 10 jun 2003 04:00:00 gmt', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Tuesday, 10 June 2003 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: 'Wed, 10 Sept 2003 04:00:00 GMT', expected: '2003-09-10T04:00:00.000Z' },
      { input: 'Mon, 31 Dec 2007 23:59:59 -0800', expected: '2008-01-01T07:59:59.000Z' },
      { input: 'Thu, 1 Jan 1970 00:00:00 GMT', expected: '1970-01-01T00:00:00.000Z' },
      { input: 'Tue, 10 Jun 2003 24:00:00 GMT', expected: '2003-06-11T00:00:00.000Z' },
      { input: 'Tue, 30 Jun 2015 23:59:60 GMT', expected: '2015-06-30T23:59:59.000Z' },
    ])('reads $input as $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Case<string>>([
      { input: '10 Jun 03 04:00:00 GMT', expected: '2003-06-10T04:00:00.000Z' },
      { input: '10 Jun 00 04:00:00 GMT', expected: '2000-06-10T04:00:00.000Z' },
      { input: '10 Jun 49 04:00:00 GMT', expected: '2049-06-10T04:00:00.000Z' },
      { input: '10 Jun 50 04:00:00 GMT', expected: '1950-06-10T04:00:00.000Z' },
      { input: '10 Jun 99 04:00:00 GMT', expected: '1999-06-10T04:00:00.000Z' },
      { input: 'Fri, 29 Feb 08 12:00:00 GMT', expected: '2008-02-29T12:00:00.000Z' },
    ])('reads two-digit years by the RFC 2822 rule: $input is $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    it.each(months.map((name, index) => ({ name, month: String(index + 1).padStart(2, '0') })))(
      'reads the month name $name as month $month',
      ({ name, month }) => {
        expect(normalizeDate(`15 ${name} 2021 12:00:00 GMT`)).toBe(`2021-${month}-15T12:00:00.000Z`);
      },
    );

    it.each<Case<string>>([
      { input: 'UT', expected: '2003-06-10T12:00:00.000Z' },
      { input: 'UTC', expected: '2003-06-10T12:00:00.000Z' },
      { input: 'GMT', expected: '2003-06-10T12:00:00.000Z' },
      { input: 'Z', expected: '2003-06-10T12:00:00.000Z' },
      { input: 'EST', expected: '2003-06-10T17:00:00.000Z' },
      { input: 'EDT', expected: '2003-06-10T16:00:00.000Z' },
      { input: 'CST', expected: '2003-06-10T18:00:00.000Z' },
      { input: 'CDT', expected: '2003-06-10T17:00:00.000Z' },
      { input: 'MST', expected: '2003-06-10T19:00:00.000Z' },
      { input: 'MDT', expected: '2003-06-10T18:00:00.000Z' },
      { input: 'PST', expected: '2003-06-10T20:00:00.000Z' },
      { input: 'PDT', expected: '2003-06-10T19:00:00.000Z' },
    ])('reads the named zone $input at its RFC 822 offset', ({ input, expected }) => {
      expect(normalizeDate(`Tue, 10 Jun 2003 12:00:00 ${input}`)).toBe(expected);
      expect(normalizeDate(`Tue, 10 Jun 2003 12:00:00 ${input.toLowerCase()}`)).toBe(expected);
    });

    it.each<Rejection>([
      { input: 'Tue, 10 Foo 2003 04:00:00 GMT', why: 'unknown month name' },
      { input: 'Xyz, 10 Jun 2003 04:00:00 GMT', why: 'unknown weekday name' },
      { input: 'Tue, 10 Jun 2003 04:00:00 CET', why: 'zone name outside RFC 822' },
      { input: 'Tue, 10 Jun 2003 04:00:00 A', why: 'military zone letter other than Z' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +1500', why: 'offset beyond 14 hours' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +1401', why: 'offset just beyond +14:00' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +0160', why: 'offset minutes of 60' },
      { input: 'Tue, 10 Jun 2003 04:00:00 +100', why: 'three-digit offset' },
      { input: 'Tue, 10 Jun 2003', why: 'no time of day' },
      { input: 'Tue, 10 Jun 2003 25:00:00 GMT', why: 'hour 25' },
      { input: 'Tue, 10 Jun 2003 24:00:01 GMT', why: 'past 24:00' },
      { input: 'Tue, 10 Jun 2003 04:60 GMT', why: 'minute 60' },
      { input: 'Tue, 10 Jun 2003 04:00:61 GMT', why: 'second 61' },
      { input: 'Tue, 10 Jun 203 04:00:00 GMT', why: 'three-digit year' },
      { input: 'Tue, 10 Jun 20031 04:00:00 GMT', why: 'five-digit year' },
      { input: 'Tue, 32 Jun 2003 04:00:00 GMT', why: 'day 32' },
      { input: 'Tue, 31 Jun 2003 04:00:00 GMT', why: 'June has 30 days' },
      { input: 'Tue, 0 Jun 2003 04:00:00 GMT', why: 'day 0' },
      { input: 'Thu, 29 Feb 2023 12:00:00 GMT', why: '2023 is not a leap year' },
      { input: 'Tue Jun 10 2003 04:00:00 GMT+0000 (Coordinated Universal Time)', why: 'JavaScript Date#toString form' },
      { input: 'Tue, 10 Jun 2003 04:00:00 GMT extra', why: 'trailing text' },
      {
        input: `${' '.repeat(10)}Tue,${' '.repeat(80)}10 Jun 2003 04:00:00 GMT`,
        why: 'longer than any real RFC 2822 date',
      },
    ])('rejects $input ($why)', ({ input }) => {
      expect(normalizeDate(input)).toBeNull();
    });
  });

  describe('calendar validation', () => {
    it.each<Case<string>>([
      { input: '2024-02-29', expected: '2024-02-29T00:00:00.000Z' },
      { input: '1996-02-29', expected: '1996-02-29T00:00:00.000Z' },
      { input: '2000-02-29', expected: '2000-02-29T00:00:00.000Z' },
      { input: '1600-02-29', expected: '1600-02-29T00:00:00.000Z' },
      { input: '2400-02-29', expected: '2400-02-29T00:00:00.000Z' },
      { input: '0000-02-29', expected: '0000-02-29T00:00:00.000Z' },
      { input: '2024-02-29T23:59:59.999Z', expected: '2024-02-29T23:59:59.999Z' },
    ])('accepts 29 February in the leap year of $input', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Rejection>([
      { input: '2023-02-29', why: 'not divisible by 4' },
      { input: '1900-02-29', why: 'century not divisible by 400' },
      { input: '2100-02-29', why: 'century not divisible by 400' },
      { input: '2200-02-29T00:00Z', why: 'century not divisible by 400' },
      { input: '0001-02-29', why: 'not divisible by 4' },
      { input: '2024-02-30', why: 'February never has 30 days' },
    ])('rejects 29 February or later in $input ($why)', ({ input }) => {
      expect(normalizeDate(input)).toBeNull();
    });

    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const monthEnds = lengths.map((days, index) => ({ month: String(index + 1).padStart(2, '0'), days }));
    it.each(monthEnds)('accepts day $days of month $month in 2023 and rejects the day after', ({ month, days }) => {
      expect(normalizeDate(`2023-${month}-${days}`)).toBe(`2023-${month}-${days}T00:00:00.000Z`);
      expect(normalizeDate(`2023-${month}-${days + 1}`)).toBeNull();
      expect(normalizeDate(`2023-${month}-01`)).toBe(`2023-${month}-01T00:00:00.000Z`);
      expect(normalizeDate(`2023-${month}-00`)).toBeNull();
    });
  });

  describe('boundaries', () => {
    it.each<Case<string>>([
      { input: '0000', expected: '0000-01-01T00:00:00.000Z' },
      { input: '0000-01-01T00:00:00Z', expected: '0000-01-01T00:00:00.000Z' },
      { input: '0000-01-01T00:00:00-14:00', expected: '0000-01-01T14:00:00.000Z' },
      { input: '0050-06-15', expected: '0050-06-15T00:00:00.000Z' },
      { input: '0099-12-31T23:59:59Z', expected: '0099-12-31T23:59:59.000Z' },
      { input: '1969-12-31T23:59:59.999Z', expected: '1969-12-31T23:59:59.999Z' },
      { input: '1970-01-01T00:00:00Z', expected: '1970-01-01T00:00:00.000Z' },
      { input: '9999', expected: '9999-01-01T00:00:00.000Z' },
      { input: '9999-12', expected: '9999-12-01T00:00:00.000Z' },
      { input: '9999-12-31T23:59:59.999Z', expected: '9999-12-31T23:59:59.999Z' },
      { input: '9999-12-31T23:59:59.9999999Z', expected: '9999-12-31T23:59:59.999Z' },
      { input: '9999-12-31T23:59:60Z', expected: '9999-12-31T23:59:59.000Z' },
      { input: '9999-12-31T23:59:59+14:00', expected: '9999-12-31T09:59:59.000Z' },
      { input: '2024-01-01T00:00:00Z', expected: '2024-01-01T00:00:00.000Z' },
      { input: '2024-12-31T23:59:59Z', expected: '2024-12-31T23:59:59.000Z' },
      { input: '2024-05-01T10:20:30+14:00', expected: '2024-04-30T20:20:30.000Z' },
      { input: '2024-05-01T10:20:30-14:00', expected: '2024-05-02T00:20:30.000Z' },
      { input: '2024-05-01T10:20:30+1400', expected: '2024-04-30T20:20:30.000Z' },
      { input: '2024-05-01T10:20:30+00:59', expected: '2024-05-01T09:21:30.000Z' },
    ])('accepts the boundary value $input as $expected', ({ input, expected }) => {
      expect(normalizeDate(input)).toBe(expected);
    });

    it.each<Rejection>([
      { input: '0000-01-01T00:00:00+00:01', why: 'the instant falls before year 0000' },
      { input: '9999-12-31T23:59:59-00:01', why: 'the instant falls after year 9999' },
      { input: '9999-12-31T24:00Z', why: '24:00 moves into year 10000' },
      { input: '2024-05-01T10:20:30+14:01', why: 'offset beyond +14:00' },
      { input: '2024-05-01T10:20:30-14:30', why: 'offset beyond -14:00' },
      { input: '2024-05-01T10:20:30+15:00', why: 'offset hour 15' },
      { input: '2024-05-01T10:20:30+15', why: 'hours-only offset of 15' },
      { input: '2024-05-01T10:20:30+05:60', why: 'offset minutes of 60' },
      { input: '2024-05-01T10:20:30+0560', why: 'colon-less offset minutes of 60' },
    ])('rejects $input ($why)', ({ input }) => {
      expect(normalizeDate(input)).toBeNull();
    });
  });

  describe('rejections', () => {
    it.each<Rejection>([
      { input: '', why: 'empty' },
      { input: '   ', why: 'whitespace only' },
      { input: '\n\t', why: 'line breaks only' },
      { input: 'yesterday', why: 'a word' },
      { input: 'now', why: 'a word' },
      { input: '0', why: 'a bare number' },
      { input: '1700000000', why: 'Unix seconds' },
      { input: '1700000000000', why: 'Unix milliseconds' },
      { input: 'NaN', why: 'not a number' },
      { input: 'null', why: 'a serialised null' },
      { input: 'Invalid Date', why: 'a serialised invalid Date' },
      { input: '2024-13-01', why: 'month 13' },
      { input: '2024-00-10', why: 'month 0' },
      { input: '2024-13', why: 'month 13 without a day' },
      { input: '2024-05-00', why: 'day 0' },
      { input: '2024-05-32', why: 'day 32' },
      { input: '2024-04-31', why: 'April has 30 days' },
      { input: '2024-02-30', why: 'February never has 30 days' },
      { input: '2024-5-1', why: 'one-digit month and day' },
      { input: '2024-05-1', why: 'one-digit day' },
      { input: '24-05-01', why: 'two-digit year' },
      { input: '02024-05-01', why: 'five-digit year' },
      { input: '-2024-05-01', why: 'negative year' },
      { input: '+2024-05-01', why: 'signed year' },
      { input: '+002024-05-01T00:00:00Z', why: 'expanded ES year' },
      { input: '2024/05/01', why: 'slash separators' },
      { input: '01/05/2024', why: 'day-first slash date' },
      { input: '20240501', why: 'ISO basic format, indistinguishable from a number' },
      { input: '2024-05-01T10Z', why: 'hour without minutes' },
      { input: '2024-05-01T1:20Z', why: 'one-digit hour' },
      { input: '2024-05-01T10:2Z', why: 'one-digit minute' },
      { input: '2024-05-01T10:20:3Z', why: 'one-digit second' },
      { input: '2024-05-01T10:20:30.Z', why: 'a decimal point without digits' },
      { input: '2024-05-01T10:20:30,5Z', why: 'decimal comma' },
      { input: '2024-05-01T10:20.5Z', why: 'fraction on minutes' },
      { input: '2024-05-01T', why: 'a dangling T' },
      { input: '2024-05-01TT10:20Z', why: 'a doubled T' },
      { input: '2024-05-01T10:20:30ZZ', why: 'a doubled Z' },
      { input: '2024-05-01T10:20:30Z extra', why: 'trailing text' },
      { input: '2024-05-01T10:20:30+01:00 UTC', why: 'two zones' },
      { input: '2024-05-01T10:20:30  Z', why: 'two spaces before the zone' },
      { input: '2024-05-01T10:20:30 EST', why: 'US zone names belong to the RFC 2822 form only' },
      { input: '2024-05-01T10:20:30 UT', why: 'UT is not among the W3C-form suffixes' },
      { input: '2024-05-01T10:20:30+1', why: 'one-digit offset' },
      { input: '2024-05-01T10:20:30+123', why: 'three-digit offset' },
      { input: '2024-05-01T10:20:30+01:0', why: 'one-digit offset minutes' },
      { input: '2024-05-01T10:20:30+01:000', why: 'three-digit offset minutes' },
      { input: '2024-05-01T10:20:30+', why: 'a dangling sign' },
      { input: '2024-05-01T10:20:30+01:', why: 'a dangling colon' },
      { input: '2024-05Z', why: 'a zone on a year-month' },
      { input: '2024Z', why: 'a zone on a year' },
      { input: '2024-', why: 'a dangling hyphen' },
      { input: '2024-05-', why: 'a dangling hyphen' },
      { input: '2024-05-01\u0000', why: 'a NUL byte' },
      { input: '\uff12\uff10\uff12\uff14-05-01', why: 'full-width digits' },
      { input: '٢٠٢٤-05-01', why: 'Arabic-Indic digits' },
    ])('rejects $input ($why)', ({ input }) => {
      expect(normalizeDate(input)).toBeNull();
    });
  });

  describe('properties', () => {
    const MIN_MS = Date.parse('0000-01-01T00:00:00.000Z');
    const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');
    const DAY_MS = 86_400_000;
    /** Floors to a multiple of `unit`, also for instants before 1970. */
    const floorTo = (ms: number, unit: number): number => ms - (((ms % unit) + unit) % unit);
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

    /** The wall clock `offsetMinutes` east of UTC, as W3C date and time parts. */
    function wallClock(ms: number, offsetMinutes: number) {
      const local = new Date(ms + offsetMinutes * 60_000);
      return {
        date: `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
        hm: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
        s: pad(local.getUTCSeconds()),
        ms: pad(local.getUTCMilliseconds(), 3),
      };
    }
    function zone(offsetMinutes: number, colon: boolean): string {
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
    }

    type Form = (ms: number, offset: number, extraDigits: string) => { text: string; instant: number };
    const FORMS: Record<string, Form> = {
      'full with offset': (ms, off) => {
        const w = wallClock(ms, off);
        return { text: `${w.date}T${w.hm}:${w.s}.${w.ms}${zone(off, true)}`, instant: ms };
      },
      'full with colon-less offset': (ms, off) => {
        const w = wallClock(ms, off);
        return { text: `${w.date}T${w.hm}:${w.s}.${w.ms}${zone(off, false)}`, instant: ms };
      },
      'space separator, lower-case z': (ms) => {
        const w = wallClock(ms, 0);
        return { text: `${w.date} ${w.hm}:${w.s}.${w.ms}z`, instant: ms };
      },
      'extra fraction digits': (ms, off, extra) => {
        const w = wallClock(ms, off);
        return { text: `${w.date}T${w.hm}:${w.s}.${w.ms}${extra}${zone(off, true)}`, instant: ms };
      },
      'one fraction digit': (ms, off) => {
        const w = wallClock(ms, off);
        return { text: `${w.date}T${w.hm}:${w.s}.${w.ms.slice(0, 1)}${zone(off, true)}`, instant: floorTo(ms, 100) };
      },
      seconds: (ms, off) => {
        const w = wallClock(ms, off);
        return { text: `${w.date}T${w.hm}:${w.s}${zone(off, true)}`, instant: floorTo(ms, 1000) };
      },
      minutes: (ms, off) => {
        const w = wallClock(ms, off);
        return { text: `${w.date}T${w.hm}${zone(off, true)}`, instant: floorTo(ms, 60_000) };
      },
      'hours-only offset': (ms, off) => {
        const whole = Math.trunc(off / 60) * 60;
        const w = wallClock(ms, whole);
        const hours = `${whole < 0 ? '-' : '+'}${pad(Math.abs(whole / 60))}`;
        return { text: `${w.date}T${w.hm}:${w.s}${hours}`, instant: floorTo(ms, 1000) };
      },
      'no zone': (ms) => {
        const w = wallClock(ms, 0);
        return { text: `${w.date} ${w.hm}:${w.s}.${w.ms}`, instant: ms };
      },
      'trailing UTC': (ms) => {
        const w = wallClock(ms, 0);
        return { text: `${w.date} ${w.hm}:${w.s} UTC`, instant: floorTo(ms, 1000) };
      },
      date: (ms) => ({ text: wallClock(ms, 0).date, instant: floorTo(ms, DAY_MS) }),
      'year-month': (ms) => {
        const d = new Date(ms);
        const firstOfMonth = new Date(0).setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth(), 1);
        return { text: wallClock(ms, 0).date.slice(0, 7), instant: firstOfMonth };
      },
      year: (ms) => ({
        text: wallClock(ms, 0).date.slice(0, 4),
        instant: new Date(0).setUTCFullYear(new Date(ms).getUTCFullYear(), 0, 1),
      }),
    };

    // Keep the wall clock at any offset inside years 0000–9999, where a four-digit year can express it.
    const instant = fc.integer({ min: MIN_MS + 14 * 3_600_000, max: MAX_MS - 14 * 3_600_000 });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    const extraDigits = fc.stringOf(fc.constantFrom('0', '1', '5', '9'), { minLength: 1, maxLength: 12 });

    it('returns the same instant as Date for random timestamps written in every W3C form and offset', () => {
      const formName = fc.constantFrom(...Object.keys(FORMS));
      fc.assert(
        fc.property(instant, offset, extraDigits, formName, (ms, off, extra, form) => {
          const { text, instant: expected } = (FORMS[form] as Form)(ms, off, extra);
          expect(normalizeDate(text)).toBe(new Date(expected).toISOString());
        }),
        { numRuns: 5_000 },
      );
    });

    it('agrees with Date.parse on the ECMAScript date-time format at any offset', () => {
      fc.assert(
        fc.property(instant, offset, (ms, off) => {
          const { text } = (FORMS['full with offset'] as Form)(ms, off, '');
          expect(normalizeDate(text)).toBe(new Date(Date.parse(text)).toISOString());
        }),
        { numRuns: 2_000 },
      );
    });

    it('returns its own output unchanged for any instant in years 0000–9999', () => {
      fc.assert(
        fc.property(fc.integer({ min: MIN_MS, max: MAX_MS }), (ms) => {
          const iso = new Date(ms).toISOString();
          expect(normalizeDate(iso)).toBe(iso);
        }),
        { numRuns: 5_000 },
      );
    });

    it('formats the first and last millisecond of every day from 1899 to 2101 exactly as toISOString does', () => {
      const start = Date.parse('1899-01-01T00:00:00Z');
      const end = Date.parse('2101-12-31T00:00:00Z');
      for (let ms = start; ms <= end; ms += DAY_MS) {
        const first = new Date(ms).toISOString();
        const last = new Date(ms + DAY_MS - 1).toISOString();
        if (normalizeDate(first) !== first) expect(normalizeDate(first)).toBe(first);
        if (normalizeDate(last) !== last) expect(normalizeDate(last)).toBe(last);
      }
    });

    it('ignores any surrounding whitespace around a valid date', () => {
      const ws = fc.stringOf(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\ufeff', '\u2003'), { maxLength: 4 });
      fc.assert(
        fc.property(instant, offset, ws, ws, (ms, off, before, after) => {
          const { text } = (FORMS['full with offset'] as Form)(ms, off, '');
          expect(normalizeDate(`${before}${text}${after}`)).toBe(normalizeDate(text));
        }),
        { numRuns: 1_000 },
      );
    });

    it('never throws on arbitrary strings and returns null or a canonical timestamp', () => {
      fc.assert(
        fc.property(fc.string(), (s) => {
          expectCanonicalOrNull(normalizeDate(s));
        }),
        { numRuns: 5_000 },
      );
    });

    it('never throws on arbitrary full-Unicode strings and returns null or a canonical timestamp', () => {
      fc.assert(
        fc.property(fc.fullUnicodeString(), (s) => {
          expectCanonicalOrNull(normalizeDate(s));
        }),
        { numRuns: 5_000 },
      );
    });

    it('never throws on strings made of date punctuation and digits, and returns null or a canonical timestamp', () => {
      const alphabet = fc.constantFrom(...'0123456789-:.+TtZz UTCGMJanFebSunMon,'.split(''));
      fc.assert(
        fc.property(fc.stringOf(alphabet, { maxLength: 40 }), (s) => {
          expectCanonicalOrNull(normalizeDate(s));
        }),
        { numRuns: 10_000 },
      );
    });

    it('never throws when one character of a valid date is replaced or removed', () => {
      fc.assert(
        fc.property(instant, offset, fc.nat(), fc.fullUnicode(), fc.boolean(), (ms, off, at, replacement, remove) => {
          const { text } = (FORMS['full with offset'] as Form)(ms, off, '');
          const i = at % text.length;
          const mutated = text.slice(0, i) + (remove ? '' : replacement) + text.slice(i + 1);
          expectCanonicalOrNull(normalizeDate(mutated));
        }),
        { numRuns: 5_000 },
      );
    });
  });
});

describe('normalizeChangefreq', () => {
  it.each(CHANGEFREQS.map((value) => ({ value })))('returns the canonical value $value for itself', ({ value }) => {
    expect(normalizeChangefreq(value)).toBe(value);
  });

  it.each<Case<string>>([
    { input: 'Daily', expected: 'daily' },
    { input: 'DAILY', expected: 'daily' },
    { input: 'wEeKlY', expected: 'weekly' },
    { input: ' monthly ', expected: 'monthly' },
    { input: '\n\tHourly\r\n', expected: 'hourly' },
    { input: '\u00a0never\ufeff', expected: 'never' },
    { input: ' ALWAYS', expected: 'always' },
    { input: 'Yearly ', expected: 'yearly' },
  ])('ignores case and surrounding whitespace: $input is $expected', ({ input, expected }) => {
    expect(normalizeChangefreq(input)).toBe(expected);
  });

  it.each<Rejection>([
    { input: '', why: 'empty' },
    { input: '   ', why: 'whitespace only' },
    { input: 'fortnightly', why: 'not a protocol value' },
    { input: 'day', why: 'a prefix of a value' },
    { input: 'dailyy', why: 'a value with a trailing letter' },
    { input: 'da ily', why: 'inner whitespace' },
    { input: 'daily,weekly', why: 'a list' },
    { input: '"daily"', why: 'quoted' },
    { input: 'wee\u212Aly', why: 'a Kelvin sign that toLowerCase would fold to k' },
    { input: 'dai\u0130y', why: 'a dotted capital I' },
    { input: '\uff44aily', why: 'a full-width letter' },
    { input: 'always\u0000', why: 'a NUL byte' },
  ])('rejects $input ($why)', ({ input }) => {
    expect(normalizeChangefreq(input)).toBeNull();
  });

  it('maps any ASCII casing of a valid value, with any surrounding whitespace, to that value', () => {
    const ws = fc.stringOf(fc.constantFrom(' ', '\t', '\n', '\r'), { maxLength: 3 });
    fc.assert(
      fc.property(fc.constantFrom(...CHANGEFREQS), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), ws, ws,
        (value, upper, a, b) => {
          const mixed = [...value].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('');
          expect(normalizeChangefreq(`${a}${mixed}${b}`)).toBe(value);
        },
      ),
    );
  });

  it('never throws and returns null or a protocol value for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.fullUnicodeString(), (s) => {
        const result = normalizeChangefreq(s);
        expect(result === null || (CHANGEFREQS as readonly string[]).includes(result)).toBe(true);
      }),
    );
  });
});

describe('normalizePriority', () => {
  it.each<Case<number>>([
    { input: '0', expected: 0 },
    { input: '0.0', expected: 0 },
    { input: '0.', expected: 0 },
    { input: '.0', expected: 0 },
    { input: '0.000000', expected: 0 },
    { input: '1', expected: 1 },
    { input: '1.0', expected: 1 },
    { input: '1.', expected: 1 },
    { input: '1.000000000000000000000', expected: 1 },
    { input: '.5', expected: 0.5 },
    { input: '0.5', expected: 0.5 },
    { input: '0.50', expected: 0.5 },
    { input: '0.1', expected: 0.1 },
    { input: '0.3', expected: 0.3 },
    { input: '0.8', expected: 0.8 },
    { input: '0.25', expected: 0.25 },
    { input: '0.333', expected: 0.333 },
    { input: '0.999', expected: 0.999 },
    { input: '00.5', expected: 0.5 },
    { input: '01', expected: 1 },
    { input: '0.123456789012345', expected: 0.123456789012345 },
    // The nearest double, exactly as Number() would round the 20-digit text.
    { input: '0.12345678901234567890', expected: 0.12345678901234568 },
    { input: '0.99999999999999999999', expected: 1 },
  ])('reads $input as $expected', ({ input, expected }) => {
    expect(normalizePriority(input)).toBe(expected);
  });

  it('returns 0 for 0.0, a value distinct from null', () => {
    const result = normalizePriority('0.0');
    expect(result).not.toBeNull();
    expect(Object.is(result, 0)).toBe(true);
  });

  it.each<Case<number>>([
    { input: ' 0.5', expected: 0.5 },
    { input: '0.5 ', expected: 0.5 },
    { input: '\n\t0.5\r\n', expected: 0.5 },
    { input: '\u00a01.0\ufeff', expected: 1 },
    { input: ' 0 ', expected: 0 },
  ])('ignores surrounding whitespace in $input', ({ input, expected }) => {
    expect(normalizePriority(input)).toBe(expected);
  });

  it.each<Rejection>([
    { input: '', why: 'empty' },
    { input: '   ', why: 'whitespace only' },
    { input: '.', why: 'a point without digits' },
    { input: '1.1', why: 'above 1' },
    { input: '1.0001', why: 'just above 1' },
    { input: '1.00000000000000000001', why: 'above 1 beyond double precision' },
    { input: '2', why: 'above 1' },
    { input: '10', why: 'above 1' },
    { input: '100000000000000000000000', why: 'far above 1' },
    { input: '-0.1', why: 'negative' },
    { input: '-0', why: 'a sign' },
    { input: '+0.5', why: 'a sign' },
    { input: '0,5', why: 'decimal comma' },
    { input: 'NaN', why: 'not a number' },
    { input: 'Infinity', why: 'not a finite number' },
    { input: '1e-1', why: 'exponent' },
    { input: '5E-1', why: 'exponent' },
    { input: 'high', why: 'a word' },
    { input: '0x1', why: 'hexadecimal' },
    { input: '0b1', why: 'binary' },
    { input: '0.5abc', why: 'trailing text that parseFloat would ignore' },
    { input: '0.5 0.6', why: 'two numbers' },
    { input: '0 .5', why: 'inner whitespace' },
    { input: '0..5', why: 'two points' },
    { input: '0.5.', why: 'two points' },
    { input: '50%', why: 'a percentage' },
    { input: '\uff10.5', why: 'a full-width digit' },
    { input: '0_5', why: 'a numeric separator' },
  ])('rejects $input ($why)', ({ input }) => {
    expect(normalizePriority(input)).toBeNull();
  });

  it('matches Number() exactly for any plain decimal in [0, 1)', () => {
    fc.assert(
      fc.property(fc.stringOf(fc.constantFrom(...'0123456789'.split('')), { maxLength: 25 }), (digits) => {
        const text = `0.${digits}`;
        expect(Object.is(normalizePriority(text), Number(text))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('never throws and returns null or a number in [0, 1] equal to Number() of the trimmed text', () => {
    const alphabet = fc.constantFrom(...'0123456789.+-eE, x'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.fullUnicodeString(), fc.stringOf(alphabet, { maxLength: 12 })), (s) => {
        const result = normalizePriority(s);
        if (result === null) return;
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result).toBeLessThanOrEqual(1);
        expect(result).toBe(Number(s.trim()));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('parseVideoDuration', () => {
  it.each<Case<number>>([
    { input: '0', expected: 0 },
    { input: '1', expected: 1 },
    { input: '600', expected: 600 },
    { input: '28800', expected: 28_800 },
    { input: '007', expected: 7 },
    { input: ' 120 ', expected: 120 },
    { input: '\n90\t', expected: 90 },
    { input: '9007199254740991', expected: Number.MAX_SAFE_INTEGER },
  ])('reads the integer form $input as $expected seconds', ({ input, expected }) => {
    expect(parseVideoDuration(input)).toBe(expected);
  });

  it.each<Case<number>>([
    { input: 'PT1H2M3S', expected: 3723 },
    { input: 'PT90S', expected: 90 },
    { input: 'PT0S', expected: 0 },
    { input: 'PT1H', expected: 3600 },
    { input: 'PT2M', expected: 120 },
    { input: 'PT1H30M', expected: 5400 },
    { input: 'PT1M30S', expected: 90 },
    { input: 'PT1H5S', expected: 3605 },
    { input: 'PT90M', expected: 5400 },
    { input: 'PT36H', expected: 129_600 },
    { input: 'P1D', expected: 86_400 },
    { input: 'P1DT2H', expected: 93_600 },
    { input: 'P1W', expected: 604_800 },
    { input: 'P1W1DT1S', expected: 691_201 },
    { input: 'PT1.5S', expected: 2 },
    { input: 'PT1.4S', expected: 1 },
    { input: 'PT10M0.5S', expected: 601 },
    { input: 'PT1.5M', expected: 90 },
    { input: 'PT0.5H', expected: 1800 },
    { input: 'pt1h2m3s', expected: 3723 },
    { input: 'Pt1H', expected: 3600 },
    { input: ' PT1M ', expected: 60 },
  ])('reads the ISO 8601 duration $input as $expected seconds', ({ input, expected }) => {
    expect(parseVideoDuration(input)).toBe(expected);
  });

  it.each<Rejection>([
    { input: '', why: 'empty' },
    { input: '  ', why: 'whitespace only' },
    { input: '-1', why: 'negative' },
    { input: '+60', why: 'a sign' },
    { input: '60.5', why: 'a decimal in the integer form' },
    { input: '1e3', why: 'exponent' },
    { input: '10:00', why: 'a clock time' },
    { input: '1 000', why: 'digit grouping' },
    { input: '60s', why: 'a unit suffix on the integer form' },
    { input: '9007199254740992', why: 'beyond the safe integers' },
    { input: 'P', why: 'no components' },
    { input: 'PT', why: 'no time components' },
    { input: 'P1DT', why: 'a T without time components' },
    { input: 'P1Y', why: 'years depend on a calendar' },
    { input: 'P1M', why: 'months depend on a calendar' },
    { input: 'P1Y2M3DT4H5M6S', why: 'years and months depend on a calendar' },
    { input: 'PT1D', why: 'days in the time part' },
    { input: 'P1H', why: 'hours in the date part' },
    { input: 'PT1S1M', why: 'units out of order' },
    { input: 'PT1H1H', why: 'a repeated unit' },
    { input: 'PTT1H', why: 'a doubled T' },
    { input: 'PT1H T1M', why: 'inner whitespace' },
    { input: 'PT1.5H30M', why: 'a fraction on a component that is not the last' },
    { input: 'PT.5S', why: 'a fraction without an integer part' },
    { input: 'PT1.S', why: 'a point without fraction digits' },
    { input: 'PTS', why: 'a unit without a number' },
    { input: 'PT1', why: 'a number without a unit' },
    { input: 'PT-1S', why: 'a negative component' },
    { input: '-PT1S', why: 'a negative duration' },
    { input: 'PT1X', why: 'an unknown unit' },
    { input: 'T1H', why: 'no P designator' },
    { input: 'PT99999999999999999999S', why: 'beyond the safe integers' },
  ])('rejects $input ($why)', ({ input }) => {
    expect(parseVideoDuration(input)).toBeNull();
  });

  it('returns any non-negative safe integer written as digits', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(parseVideoDuration(String(n))).toBe(n);
      }),
    );
  });

  it('sums hours, minutes and seconds of an ISO 8601 time duration', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(100_000), (h, m, s) => {
        expect(parseVideoDuration(`PT${h}H${m}M${s}S`)).toBe(h * 3600 + m * 60 + s);
      }),
    );
  });

  it('never throws and returns null or a non-negative safe integer for arbitrary strings', () => {
    const alphabet = fc.constantFrom(...'0123456789.PTWDHMSY ptwdhms-'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.fullUnicodeString(), fc.stringOf(alphabet, { maxLength: 16 })), (s) => {
        const result = parseVideoDuration(s);
        if (result === null) return;
        expect(Number.isSafeInteger(result) && result >= 0).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
