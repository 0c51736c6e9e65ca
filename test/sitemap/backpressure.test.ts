import { describe, expect, it } from 'vitest';
import { parseSitemap } from '../../src/sitemap/index.js';
import { gzip } from '../support/collect.js';

const entryBytes = (i: number): string => `<url><loc>https://a.example/page/${String(i).padStart(8, '0')}</loc></url>\n`;
const document = (): Buffer => Buffer.from(`<urlset>\n${Array.from({ length: 20_000 }, (_, i) => entryBytes(i)).join('')}</urlset>\n`);

/** A source that counts how many of its chunks have been pulled. */
function countingSource(bytes: Buffer, chunkSize: number): { source: AsyncGenerator<Buffer>; pulled: () => number; total: number } {
  let pulled = 0;
  async function* source(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunkSize) {
      pulled++;
      yield bytes.subarray(i, i + chunkSize);
    }
  }
  return { source: source(), pulled: () => pulled, total: Math.ceil(bytes.length / chunkSize) };
}

describe('backpressure', () => {
  it('reads a plain document only as fast as entries are taken', async () => {
    const { source, pulled, total } = countingSource(document(), 4096);
    const it = parseSitemap(source)[Symbol.asyncIterator]();
    await it.next();
    expect(pulled()).toBeLessThanOrEqual(2);
    const perChunk = Math.floor(4096 / entryBytes(0).length);
    for (let i = 0; i < perChunk * 10; i++) await it.next();
    expect(pulled()).toBeLessThanOrEqual(12);
    expect(total).toBeGreaterThan(200);
    await it.return?.();
  });

  it('reads a gzip document only a few chunks ahead of the consumer', async () => {
    const { source, pulled, total } = countingSource(gzip(document()), 1024);
    const it = parseSitemap(source)[Symbol.asyncIterator]();
    await it.next();
    const afterFirst = pulled();
    for (let i = 0; i < 100; i++) await it.next();
    expect(total).toBeGreaterThan(40);
    expect(afterFirst).toBeLessThan(total / 2);
    expect(pulled()).toBeLessThan(total / 2);
    await it.return?.();
  });

  it('stops reading the source when the consumer stops early', async () => {
    const { source, pulled } = countingSource(document(), 4096);
    let n = 0;
    for await (const _entry of parseSitemap(source)) {
      if (++n === 5) break;
    }
    const atBreak = pulled();
    expect(atBreak).toBeLessThanOrEqual(2);
    expect(await source.next()).toEqual({ value: undefined, done: true });
  });
});
