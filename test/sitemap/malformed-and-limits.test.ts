import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LimitExceededError, SitemapSyntaxError } from '../../src/errors.js';
import { chunked, collect, gzip, url, urlset } from '../support/collect.js';

const three = urlset(['1', '2', '3'].map((n) => `<url><loc>https://a.example/${n}</loc></url>`).join('\n'));

describe('malformed documents', () => {
  it('yields the entries before a mismatched end tag, then a SitemapSyntaxError with the byte offset', async () => {
    const doc = '<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/2</loc></urk></urlset>';
    const r = await collect(doc);
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error).toBeInstanceOf(SitemapSyntaxError);
    expect(r.error?.code).toBe('SS_ERR_SITEMAP_SYNTAX');
    expect(r.error?.offset).toBe(doc.indexOf('</urk>'));
    expect(r.error?.message).toBe(`end tag </urk> does not match the open element (at byte ${doc.indexOf('</urk>')})`);
    expect(r.summary.error).toEqual({ code: 'SS_ERR_SITEMAP_SYNTAX', message: r.error?.message, offset: doc.indexOf('</urk>') });
    expect(r.summary.complete).toBe(false);
  });

  it('ends a truncated document with a syntax error after the complete entries', async () => {
    const doc = three.slice(0, three.indexOf('https://a.example/3') + 5);
    const r = await collect(doc);
    expect(r.entries).toEqual([url('https://a.example/1'), url('https://a.example/2')]);
    expect(r.error?.code).toBe('SS_ERR_SITEMAP_SYNTAX');
    expect(r.error?.message).toMatch(/^unexpected end of document/);
  });

  it('rejects a bare < in text with the offset of the <', async () => {
    const doc = '<urlset><url><loc>https://a.example/?a< b</loc></url></urlset>';
    const r = await collect(doc);
    expect(r.error?.code).toBe('SS_ERR_SITEMAP_SYNTAX');
    expect(r.error?.offset).toBe(doc.indexOf('< b'));
  });

  it('ends a truncated gzip stream with SS_ERR_GZIP_TRUNCATED after the entries decompressed before it', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `<url><loc>https://a.example/${i}</loc></url>`).join('\n');
    const packed = gzipSync(urlset(body));
    const r = await collect(packed.subarray(0, Math.floor(packed.length * 0.6)));
    expect(r.error?.code).toBe('SS_ERR_GZIP_TRUNCATED');
    expect(r.entries.length).toBeGreaterThan(1000);
    expect(r.entries.length).toBeLessThan(5000);
    expect(r.entries.every((e, i) => e.loc === `https://a.example/${i}`)).toBe(true);
  });

  it('ends a corrupt gzip stream with SS_ERR_GZIP_CORRUPT', async () => {
    const packed = Buffer.from(gzip(three));
    packed.fill(0xff, 12, 40);
    const r = await collect(packed);
    expect(r.error?.code).toBe('SS_ERR_GZIP_CORRUPT');
  });

  it('passes a source stream error through after the entries read before it', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('<urlset><url><loc>https://a.example/1</loc></url>');
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const r = await collect(Readable.from(failing()));
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error?.message).toBe('socket hang up');
    expect(r.summary.error).toEqual({ code: 'ECONNRESET', message: 'socket hang up', offset: null });
  });

  it('rejects input that is not bytes with SS_ERR_INPUT_TYPE', async () => {
    const r = await collect((async function* () {
      yield 42 as unknown as Uint8Array;
    })());
    expect(r.error?.code).toBe('SS_ERR_INPUT_TYPE');
  });

  it('aborts when the signal is already aborted', async () => {
    const r = await collect(three, { signal: AbortSignal.abort(new Error('stop')) });
    expect(r.entries).toEqual([]);
    expect(r.error?.message).toBe('stop');
  });

  it('aborts a stalled source when the signal fires', async () => {
    const controller = new AbortController();
    const stalled = new Readable({ read() {} });
    stalled.push('<urlset><url><loc>https://a.example/1</loc></url>');
    setTimeout(() => controller.abort(new Error('timed out')), 20);
    const r = await collect(stalled, { signal: controller.signal });
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error?.message).toBe('timed out');
    expect(stalled.destroyed).toBe(true);
  });
});

describe('named limits', () => {
  it('stops at maxEntriesPerSitemap after yielding that many entries, naming the limit', async () => {
    const r = await collect(three, { limits: { maxEntriesPerSitemap: 2 } });
    expect(r.entries).toEqual([url('https://a.example/1'), url('https://a.example/2')]);
    expect(r.error).toBeInstanceOf(LimitExceededError);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_ENTRIES', limit: 'maxEntriesPerSitemap', limitValue: 2, actual: 3 });
    expect(r.error?.message).toBe(`limit maxEntriesPerSitemap (2) exceeded: 3 at byte ${three.indexOf('<url><loc>https://a.example/3')}`);
  });

  it('stops at maxDecompressedBytes after parsing everything before it', async () => {
    const limit = three.indexOf('<url><loc>https://a.example/3');
    const r = await collect(gzip(three), { limits: { maxDecompressedBytes: limit } });
    expect(r.entries).toEqual([url('https://a.example/1'), url('https://a.example/2')]);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_DECOMPRESSED_BYTES', limit: 'maxDecompressedBytes', limitValue: limit });
    expect(r.summary.bytesDecompressed).toBe(limit);
  });

  it('stops a token longer than maxTokenBytes, naming the limit and where it started', async () => {
    const doc = urlset(`<url><loc>https://a.example/1</loc></url><url><loc>https://a.example/${'x'.repeat(5000)}</loc></url>`);
    const r = await collect(doc, { limits: { maxTokenBytes: 1000 } });
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_TOKEN_BYTES', limit: 'maxTokenBytes', limitValue: 1000 });
    expect(r.error?.offset).toBe(doc.indexOf('https://a.example/xxx'));
  });

  it('applies maxTokenBytes to the lines of a text sitemap', async () => {
    const r = await collect(`https://a.example/1\nhttps://a.example/${'y'.repeat(3000)}\n`, { limits: { maxTokenBytes: 1000 } });
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_TOKEN_BYTES', limit: 'maxTokenBytes' });
  });

  it('stops nesting deeper than maxElementDepth', async () => {
    const r = await collect(`<urlset><url><loc>https://a.example/1</loc></url>${'<a>'.repeat(50)}`, { limits: { maxElementDepth: 20 } });
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_ELEMENT_DEPTH', limit: 'maxElementDepth', limitValue: 20, actual: 21 });
  });

  it('rejects an invalid limit override with SS_ERR_CONFIG_INVALID', async () => {
    const r = await collect(three, { limits: { maxTokenBytes: -1 } }).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'SS_ERR_CONFIG_INVALID' });
  });
});

describe('hostile documents', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<urlset><url><loc>https://a.example/&lol9;</loc></url></urlset>`;

  it('leaves billion-laughs entities unexpanded: the loc keeps the reference as written', async () => {
    const r = await collect(laughs);
    expect(r.entries).toEqual([url('https://a.example/&lol9;')]);
    expect(r.summary.warnings).toEqual({ 'unknown-entity': 1 });
  });

  it('never resolves an external entity', async () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><urlset><url><loc>https://a.example/&xxe;</loc></url></urlset>`;
    const r = await collect(doc);
    expect(r.entries).toEqual([url('https://a.example/&xxe;')]);
  });

  it('stops a gzip bomb on maxCompressionRatio within the first megabytes', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('<urlset><url><loc>https://a.example/1</loc></url>'), Buffer.alloc(64 * 1024 * 1024, 0x20)]), { level: 9 });
    const before = process.memoryUsage().rss;
    // Arriving in 1 KiB pieces, as from a socket: the ratio is measured against what was read so far.
    const r = await collect(chunked(bomb, 1024));
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_COMPRESSION_RATIO', limit: 'maxCompressionRatio', limitValue: 200 });
    expect(r.summary.bytesDecompressed).toBeLessThan(4 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a 100 MB single token at maxTokenBytes without buffering it', async () => {
    let produced = 0;
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from('<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/');
      const block = Buffer.alloc(64 * 1024, 0x61);
      for (; produced < 100 * 1024 * 1024; produced += block.length) yield block;
      yield Buffer.from('</loc></url></urlset>');
    }
    const r = await collect(huge());
    expect(r.entries).toEqual([url('https://a.example/1')]);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_TOKEN_BYTES', limit: 'maxTokenBytes', limitValue: 256 * 1024 });
    expect(produced).toBeLessThan(1024 * 1024);
  });

  it('skips a 100 MB comment in streaming fashion and reads on', async () => {
    async function* commented(): AsyncGenerator<Buffer> {
      yield Buffer.from('<urlset><!--');
      const block = Buffer.alloc(1024 * 1024, 0x2d);
      for (let i = 0; i < 100; i++) yield block.subarray(0, block.length - (i % 2));
      yield Buffer.from('--><url><loc>https://a.example/after</loc></url></urlset>');
    }
    const r = await collect(commented());
    expect(r.error).toBeNull();
    expect(r.entries).toEqual([url('https://a.example/after')]);
  });

  it('stops 100,000 nested elements at maxElementDepth', async () => {
    const r = await collect(`<urlset>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</urlset>`);
    expect(r.error).toMatchObject({ code: 'SS_ERR_LIMIT_ELEMENT_DEPTH', limit: 'maxElementDepth', limitValue: 256 });
  });
});
