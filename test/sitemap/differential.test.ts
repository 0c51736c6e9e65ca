import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunked, collect } from '../support/collect.js';
import { randomSitemap } from '../support/random-sitemap.js';
import { referenceParse } from '../support/reference-parser.js';
import { sharedDir } from '../support/shared-dir.js';

const BASE = 'https://www.example.com/sitemap.xml';

describe('differential: sitescout against the saxes reference', () => {
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('yields the same entries on random document %i', async (seed) => {
    const { text } = randomSitemap(seed);
    const bytes = Buffer.from(text);
    const expected = referenceParse(bytes, BASE);
    const r = await collect(bytes, { baseUrl: BASE });
    expect(r.error).toBeNull();
    expect(r.entries).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it.skipIf(sharedDir === null)("yields the same entries as the reference on the peer benchmark's generated urlset", async () => {
    const gen = spawnSync(process.execPath, [join(sharedDir!, 'bench', 'peers', 'gen.mjs'), '--stdout', '2'], { maxBuffer: 1 << 25 });
    expect(gen.status).toBe(0);
    const expected = referenceParse(gen.stdout);
    const r = await collect(chunked(gen.stdout, 65_536));
    expect(r.error).toBeNull();
    expect(r.entries.length).toBe(expected.length);
    expect(r.entries).toEqual(expected);
    expect(r.summary.fields.lastmod).toBe(expected.length);
  });
});

describe('chunk boundaries', () => {
  it('gives the same entries whatever the chunk size, from 1 byte up', async () => {
    const { text } = randomSitemap(7, 6);
    const bytes = Buffer.from(text);
    const whole = await collect(bytes, { baseUrl: BASE });
    expect(whole.entries.length).toBeGreaterThan(0);
    for (let size = 1; size <= Math.min(bytes.length, 700); size++) {
      const r = await collect(chunked(bytes, size), { baseUrl: BASE });
      expect({ size, entries: r.entries, error: r.error }).toEqual({ size, entries: whole.entries, error: null });
    }
  });

  it('gives the same entries for every chunk size on each kind and on gzip', async () => {
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const { text } = randomSitemap(seed, 4);
      const bytes = Buffer.from(text);
      const whole = await collect(bytes);
      for (const size of [1, 2, 3, 5, 7, 13, 64, 255, 1000]) {
        const r = await collect(chunked(bytes, size));
        expect(r.entries).toEqual(whole.entries);
        expect(r.error).toBeNull();
      }
    }
  });

  it('splits UTF-16 and multi-byte UTF-8 at every byte without changing the entries', async () => {
    const text = '<urlset><url><loc>https://a.example/日本語/😀</loc><image:image><image:loc>https://a.example/é.jpg</image:loc><image:title>ü€</image:title></image:image></url></urlset>';
    const utf8 = Buffer.from(text);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const expected = (await collect(utf8)).entries;
    expect(expected).toHaveLength(1);
    for (const bytes of [utf8, utf16]) {
      for (let size = 1; size <= 9; size++) expect((await collect(chunked(bytes, size))).entries).toEqual(expected);
    }
  });
});
