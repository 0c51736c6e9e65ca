import { afterEach, describe, expect, it } from 'vitest';
import { parseSitemap } from '../../src/sitemap/index.js';
import { parserInternals } from '../../src/sitemap/parse-sitemap.js';
import type { ParseSitemapOptions } from '../../src/sitemap/index.js';
import { chunked, collect, gzip, type Collected } from '../support/collect.js';
import { prng, randomSitemap } from '../support/random-sitemap.js';
import { referenceParse } from '../support/reference-parser.js';

/*
 * The urlset fast path (src/sitemap/fast-urlset.ts) against the general tokenizer and reader: with the fast path
 * switched off every entry takes the general way, so the two runs must agree on everything observable — entries,
 * warnings (code, message, offset, order), the summary and the error — whatever the chunking.
 */

const BASE = 'https://www.example.com/sitemap.xml';

/**
 * Urlsets made mostly of entries the fast path takes, mixed with near misses that it must hand to the general path
 * untouched: every value shape on both sides of the line it draws.
 */
function plainishUrlset(seed: number, entries = 30): string {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const ws = (): string => pick(['', '', '\n    ', '\n  ', ' ', '\t', '\r\n  ']);
  const pad = (): string => (chance(0.9) ? '' : pick([' ', '\n      ', '\t', '\u000b', '\u000c', '\u00a0', ' \n']));
  const loc = (): string =>
    pick([
      `https://www.example-shop.com/p/${Math.floor(rnd() * 1e6)}`,
      `https://www.example-shop.com/item-${Math.floor(rnd() * 100)}?color=white&amp;size=23`,
      'http://example.com/a',
      'HTTPS://EXAMPLE.COM/UP',
      'https://example.com/caf\u00e9/\u65e5\u672c/\u{1f600}',
      'https://example.com/a&#x41;&#66;&lt;&gt;&quot;&apos;',
      'https://example.com/a&nbsp;b',
      'https://example.com/a & b',
      'https://example.com/a&amp',
      'https://example.com/a&amp;b&amp;c&amp;',
      'https://example.com/?a=1&amp;&amp;b=2',
      'https://example.com/a&amp;b&lt;c',
      'https://example.com/a&amp;b&c',
      'https://example.com/a&amp ;b',
      'https://example.com/a&amp;b&nbsp;',
      'http&amp;://example.com/x',
      '/relative/path',
      'ftp://example.com/file',
      'https://example.com/wrapped\n    /continued',
      'https://example.com/tab\there',
      'https://',
      'http://x',
      '',
      '   ',
      '<![CDATA[https://example.com/cdata]]>',
      'https://example.com/<!-- c -->x',
    ]);
  const date = (): string =>
    pick([
      '2022-01-14T02:19:13+01:00', '2025-10-23T07:05:01+00:00', '2020-04-17T06:04+00:00', '2021-08-01', '2024-02-29',
      '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-00', '2024-04-31', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05z',
      '2024-01-02t03:04:05Z', '2024-01-02T03:04:05.123Z', '2024-01-02T03:04:05.1+05:30', '2024-01-02T24:00:00Z',
      '2024-01-02T24:00Z', '2024-01-02T24:30:00Z', '2024-01-02T24:00:01Z', '2024-01-02T23:59:61Z', '2024-01-02T23:59:60Z', '2024-01-02T25:00Z', '2024-01-02T10:60Z', '2024-01-02T03:04:05+14:00',
      '2024-01-02T03:04:05+14:01', '2024-01-02T03:04:05-13:59', '2024-01-02T03:04:05+0100', '2024-01-02T03:04:05+01',
      '2024-01-02T03:04:05', '2024-01-02T03:04', '2024-01-02 03:04:05', '2024-01-02T03:04:05 UTC', '2024-01-02+02:00',
      '0000-01-01', '0000-01-01T00:00:00+00:01', '9999-12-31T23:59:59-00:01', '9999-12-31T23:59:59Z', '2024', '2024-07',
      'Tue, 10 Jun 2003 04:00:00 GMT', 'not a date', '2O24-01-02', '2024-01-02T03:04:05+01:60', '2024-1-02', '20x4-01-02',
      '2024-01-02T03:04:05+01:00x', '\u0662\u0660\u0662\u0664-01-02',
      '2024-01-02T03:04:05.', '2024-01-02T03:04:05.9999999Z', '2024-01-02T00:04:05.5+01:00', '2024-01-02T23:04:05.25-01:30',
      '2024-01-02T03:04.5Z', '2024-01-02T03:04:05.12a+01:00', '9999-12-31T23:59:59.9999Z', '2024-01-02T03:04:05,5Z',
      '2024-01-02T03:04:05.007+00:00', '2024-02-29T12:00:00.5Z', '2023-02-29T12:00:00.5Z',
    ]);
  const changefreq = (): string => pick(['daily', 'weekly', 'monthly', 'hourly', 'yearly', 'always', 'never', 'Daily', 'MONTHLY', 'sometimes', 'dail', 'dailyy', 'n\u00e9ver']);
  const priority = (): string => pick(['0.0', '0.5', '0.9', '1.0', '1.1', '1', '0', '.5', '1.', '0.55', '2.0', '-0.1', 'high', '0,5', '0.50', '00.5', '0.5e0']);
  const field = (name: string, value: string): string => {
    const variant = rnd();
    if (variant < 0.02) return `<${name.toUpperCase()}>${value}</${name.toUpperCase()}>`;
    if (variant < 0.04) return `<${name} id="x">${value}</${name}>`;
    if (variant < 0.05) return `<${name}/>`;
    if (variant < 0.06) return `<${name} >${value}</${name} >`;
    if (variant < 0.07) return `<sm:${name}>${value}</sm:${name}>`;
    if (variant < 0.08) return `<${name}>${value}<!-- note --></${name}>`;
    if (variant < 0.09) return `<${name}><![CDATA[${value}]]></${name}>`;
    return `<${name}>${pad()}${value}${pad()}</${name}>`;
  };
  const image = (): string => {
    const v = rnd();
    const src = chance(0.9) ? `https://cdn.example.com/${Math.floor(rnd() * 100)}.jpg` : pick(['/rel.jpg', '', 'https://cdn.example.com/&amp;x.jpg', 'https://cdn.example.com/\u00e9.jpg']);
    if (v < 0.8) return `<image:image>${ws()}<image:loc>${pad()}${src}${pad()}</image:loc>${ws()}</image:image>`;
    if (v < 0.85) return `<image:image><image:loc>${src}</image:loc><image:title>T</image:title></image:image>`;
    if (v < 0.9) return `<image:image><image:title>T</image:title><image:loc>${src}</image:loc></image:image>`;
    if (v < 0.95) return `<IMAGE:image><image:loc>${src}</image:loc></IMAGE:image>`;
    return `<image:image><image:loc>${src}</image:loc><image:loc>${src}</image:loc></image:image>`;
  };

  let body = '';
  for (let i = 0; i < entries; i++) {
    const parts: string[] = [];
    if (chance(0.97)) parts.push(field('loc', loc()));
    if (chance(0.8)) parts.push(field('lastmod', date()));
    if (chance(0.7)) parts.push(field('changefreq', changefreq()));
    if (chance(0.7)) parts.push(field('priority', priority()));
    if (chance(0.03)) parts.push(field(pick(['loc', 'lastmod', 'changefreq', 'priority']), pick(['https://example.com/dup', '2024-01-01', 'daily', '0.5'])));
    if (chance(0.15)) parts.push(image());
    if (chance(0.1)) parts.push(image());
    if (chance(0.03)) parts.push('<xhtml:link rel="alternate" hreflang="de" href="https://example.com/de"/>');
    if (chance(0.02)) parts.push('<video:video><video:title>V</video:title></video:video>');
    if (chance(0.02)) parts.push('stray text');
    if (chance(0.02)) parts.push('<!-- inside -->');
    if (chance(0.02)) parts.push('<extra>x</extra>');
    if (chance(0.3)) parts.reverse();
    const open = chance(0.97) ? '<url>' : pick(['<URL>', '<url id="1">', '<sm:url>', '<url >']);
    const close = open === '<URL>' ? '</URL>' : open === '<sm:url>' ? '</sm:url>' : '</url>';
    body += `${ws()}${open}${parts.map((p) => ws() + p).join('')}${ws()}${close}`;
    if (chance(0.03)) body += '<!-- between -->';
    if (chance(0.02)) body += 'text between';
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">${body}\n</urlset>\n`;
}

/** Everything a parse makes observable, with the error reduced to what callers can see. */
function observable(r: Collected): unknown {
  const e = r.error;
  return {
    entries: r.entries,
    warnings: r.warnings,
    summary: r.summary,
    error: e === null ? null : { name: e.name, code: e.code, message: e.message, offset: e.offset, limit: e.limit },
  };
}

async function both(input: () => Parameters<typeof collect>[0], options: ParseSitemapOptions = {}): Promise<{ fast: Collected; general: Collected }> {
  parserInternals.fastPath = true;
  const fast = await collect(input(), options);
  parserInternals.fastPath = false;
  const general = await collect(input(), options);
  parserInternals.fastPath = true;
  return { fast, general };
}

afterEach(() => {
  parserInternals.fastPath = true;
});

describe('urlset fast path against the general path', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('gives the same entries, warnings, summary and error on document %i', async (seed) => {
    const bytes = Buffer.from(plainishUrlset(seed));
    for (const size of [bytes.length, 1, 7, 64, 333]) {
      const { fast, general } = await both(() => chunked(bytes, size), { baseUrl: seed % 2 === 0 ? BASE : undefined });
      expect(observable(fast)).toEqual(observable(general));
      expect(general.error).toBeNull();
    }
  });

  it('reads plain entries on the fast path (it is not silently off), and gives what the reference gives', async () => {
    const rnd = prng(99);
    let body = '';
    for (let i = 0; i < 200; i++) {
      body += `\n  <url>\n    <loc>https://www.example-shop.com/p/${i}${i % 7 === 0 ? '?a=1&amp;b=2' : ''}</loc>\n    <lastmod>2024-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:1${i % 6}:00+0${i % 3}:00</lastmod>` +
        `\n    <changefreq>${['daily', 'weekly', 'monthly'][i % 3]}</changefreq>\n    <priority>0.${Math.floor(rnd() * 10)}</priority>` +
        `${i % 10 === 0 ? '\n    <image:image>\n      <image:loc>https://cdn.example.com/' + i + '.jpg</image:loc>\n    </image:image>' : ''}\n  </url>`;
    }
    const bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">${body}\n</urlset>\n`);
    parserInternals.fastEntries = 0;
    const r = await collect(bytes);
    expect(r.error).toBeNull();
    expect(r.entries).toHaveLength(200);
    expect(parserInternals.fastEntries).toBe(200);
    expect(r.entries).toEqual(referenceParse(bytes));
    parserInternals.fastPath = false;
    parserInternals.fastEntries = 0;
    expect((await collect(bytes)).entries).toEqual(r.entries);
    expect(parserInternals.fastEntries).toBe(0);
  });

  it('agrees at every split of a document into two chunks', async () => {
    for (const seed of [101, 102, 103]) {
      const bytes = Buffer.from(plainishUrlset(seed, 12));
      for (let at = 1; at < bytes.length; at++) {
        const { fast, general } = await both(() => [bytes.subarray(0, at), bytes.subarray(at)]);
        expect({ at, r: observable(fast) }).toEqual({ at, r: observable(general) });
      }
    }
  });

  it('agrees with every chunk size from 1 to 300 bytes', async () => {
    const bytes = Buffer.from(plainishUrlset(7, 20));
    for (let size = 1; size <= 300; size++) {
      const { fast, general } = await both(() => chunked(bytes, size));
      expect({ size, r: observable(fast) }).toEqual({ size, r: observable(general) });
    }
  });

  it('agrees on the general random documents (all kinds), gzipped or not', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const bytes = Buffer.from(randomSitemap(seed, 10).text);
      for (const input of [bytes, gzip(bytes)]) {
        const { fast, general } = await both(() => chunked(input, 1 + (seed % 50)), { baseUrl: BASE });
        expect(observable(fast)).toEqual(observable(general));
      }
    }
  });

  it('trips every limit at the same place, with the same partial output', async () => {
    const limitsList: ParseSitemapOptions['limits'][] = [
      { maxTokenBytes: 40 },
      { maxTokenBytes: 64 },
      { maxTokenBytes: 120 },
      { maxTokenBytes: 200 },
      { maxEntriesPerSitemap: 1 },
      { maxEntriesPerSitemap: 7 },
      { maxElementDepth: 2 },
      { maxElementDepth: 3 },
      { maxElementDepth: 4 },
      { maxDecompressedBytes: 1500 },
      { maxDecompressedBytes: 4000 },
    ];
    for (const seed of [301, 302, 303, 304]) {
      const bytes = Buffer.from(plainishUrlset(seed, 25));
      for (const limits of limitsList) {
        for (const size of [bytes.length, 1, 5, 97]) {
          const { fast, general } = await both(() => chunked(bytes, size), { limits });
          expect({ limits, size, r: observable(fast) }).toEqual({ limits, size, r: observable(general) });
        }
      }
    }
  });

  it('agrees on truncated documents, wherever they are cut', async () => {
    const bytes = Buffer.from(plainishUrlset(401, 6));
    for (let at = 0; at <= bytes.length; at += 3) {
      const cut = bytes.subarray(0, at);
      const { fast, general } = await both(() => chunked(cut, 50));
      expect({ at, r: observable(fast) }).toEqual({ at, r: observable(general) });
    }
  });
});

/*
 * A chunk larger than about 96 KiB is fed to the tokenizer in pieces of about 64 KiB, each piece's entries handed on
 * before the next piece is read (parse-sitemap.ts, docs/decisions/0017-large-reads-fed-in-pieces.md). Pieces of a
 * urlset end right after a `</url>`, so no entry is cut and every plain entry stays on the fast path. Only the
 * batches and peakBufferedBytes may depend on how the input was chunked; entries, warnings, the rest of the summary
 * and the error may not.
 */
describe('large chunks, fed in pieces', () => {
  /**
   * observable() without what depends on the chunking: the carry's peak and, after an error, how far the source was
   * read and the size a size limit saw ("exceeded: N", the end of the chunk that crossed it).
   */
  const withoutPeak = (r: Collected): unknown => {
    const o = observable(r) as { summary: Record<string, unknown>; error: Record<string, unknown> | null };
    if (o.error === null) return { ...o, summary: { ...o.summary, peakBufferedBytes: null } };
    const unsized = (e: { message: string }): unknown => ({ ...e, message: e.message.replace(/exceeded: \d+/, 'exceeded: N') });
    const summary = { ...o.summary, peakBufferedBytes: null, bytesRead: null, bytesDecompressed: null, error: unsized(o.summary.error as { message: string }) };
    return { ...o, summary, error: unsized(o.error as { message: string }) };
  };
  /** A plain urlset of `n` entries, every one of the fast path's shape, some with an image. */
  const plainUrlset = (n: number): Buffer => {
    let body = '';
    for (let i = 0; i < n; i++) {
      body += `\n  <url>\n    <loc>https://www.example-shop.com/p/${i}${i % 7 === 0 ? '?a=1&amp;b=2' : ''}</loc>\n    <lastmod>2024-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:1${i % 6}:00+0${i % 3}:00</lastmod>` +
        `\n    <changefreq>daily</changefreq>\n    <priority>0.${i % 10}</priority>` +
        `${i % 10 === 0 ? `\n    <image:image>\n      <image:loc>https://cdn.example.com/${i}.jpg</image:loc>\n    </image:image>` : ''}\n  </url>`;
    }
    return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">${body}\n</urlset>\n`);
  };

  it('hands a large chunk on in batches of at most ~96 KiB, and cuts no plain entry', async () => {
    const bytes = plainUrlset(4000);
    expect(bytes.length).toBeGreaterThan(700_000);
    parserInternals.fastEntries = 0;
    const parse = parseSitemap(bytes);
    const sizes: number[] = [];
    for await (const batch of parse.batches()) sizes.push(batch.length);
    expect(parse.summary.complete).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(4000);
    // about 200 bytes an entry: a 64–96 KiB piece holds a few hundred entries, never the whole chunk's
    expect(sizes.length).toBeGreaterThan(6);
    expect(Math.max(...sizes)).toBeLessThan(600);
    expect(parserInternals.fastEntries).toBe(4000);
    expect(parse.summary.peakBufferedBytes).toBe(0);
    expect((await collect(bytes)).entries).toEqual((await collect(chunked(bytes, 4096))).entries);
  });

  it('gives the same entries, warnings, summary and error in one chunk, in 256 KiB chunks and in small ones', async () => {
    const docs = [
      Buffer.from(plainishUrlset(501, 2500)),
      Buffer.from(plainishUrlset(502, 2500)),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((seed) => Buffer.from(randomSitemap(600 + seed, 1500).text)),
      Buffer.from(Array.from({ length: 6000 }, (_, i) => `https://example.com/page/${i}${i % 3 === 0 ? '\r\n' : '\n'}`).join('')),
    ];
    for (const bytes of docs) {
      expect(bytes.length).toBeGreaterThan(100_000);
      for (const raw of [bytes, gzip(bytes)]) {
        const small = await collect(chunked(raw, 4096), { baseUrl: BASE });
        for (const input of [() => raw, () => chunked(raw, 256 * 1024)]) {
          const { fast, general } = await both(input, { baseUrl: BASE });
          expect(observable(fast)).toEqual(observable(general));
          expect(withoutPeak(fast)).toEqual(withoutPeak(small));
        }
      }
    }
  });

  it('trips every limit at the same place as with small chunks', async () => {
    const bytes = Buffer.from(plainishUrlset(503, 2500));
    for (const limits of [{ maxEntriesPerSitemap: 1234 }, { maxTokenBytes: 300 }, { maxDecompressedBytes: 200_000 }, { maxElementDepth: 3 }]) {
      const small = await collect(chunked(bytes, 4096), { limits });
      const { fast, general } = await both(() => bytes, { limits });
      expect({ limits, r: observable(fast) }).toEqual({ limits, r: observable(general) });
      expect({ limits, r: withoutPeak(fast) }).toEqual({ limits, r: withoutPeak(small) });
    }
  });
});
