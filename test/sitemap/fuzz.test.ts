import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SitescoutError } from '../../src/errors.js';
import { chunked, collect, gzip } from '../support/collect.js';
import { randomSitemap } from '../support/random-sitemap.js';

const MAX_TOKEN = 512;

/** A mutation of a document's bytes: what broken servers, proxies and generators produce. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({
    op: fc.constant('insertText' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.constantFrom('<', '>', '&', '&#x;', '&#99999999;', '<![CDATA[', ']]>', '<!--', '-->', '<?', '<!DOCTYPE x [', '</url>', '<url>', '"', "'", '\u0000', '\uFFFD', '<a b="c>', 'x'.repeat(600)),
  }),
  fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * bytes.length);
  switch (m.op) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    case 'insertText':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
    case 'flip': {
      const out = Buffer.from(bytes);
      if (at < out.length) out[at] = out[at]! ^ m.xor;
      return out;
    }
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
  }
}

describe('fuzzing with mutated and truncated documents', () => {
  it('never throws anything but a typed SitescoutError and never buffers more than maxTokenBytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        async (seed, mutations, chunkSize, compress) => {
          let bytes: Buffer = Buffer.from(randomSitemap(seed, 8).text);
          for (const m of mutations) bytes = mutate(bytes, m);
          const input = compress ? mutate(gzip(bytes), mutations[0]!) : bytes;
          const r = await collect(chunked(input, chunkSize), { limits: { maxTokenBytes: MAX_TOKEN }, baseUrl: 'https://www.example.com/' });
          if (r.error !== null) {
            expect(r.error).toBeInstanceOf(SitescoutError);
            expect(r.error.code).toMatch(/^SS_ERR_/);
            expect(r.summary.error?.code).toBe(r.error.code);
          } else {
            expect(r.summary.complete).toBe(true);
          }
          expect(r.summary.peakBufferedBytes).toBeLessThanOrEqual(MAX_TOKEN);
          for (const e of r.entries) expect(typeof e.loc).toBe('string');
        },
      ),
      { numRuns: 600 },
    );
  });

  it('never throws anything but a typed error on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 64 }), async (bytes, chunkSize) => {
        const r = await collect(chunked(bytes, chunkSize), { limits: { maxTokenBytes: MAX_TOKEN } });
        if (r.error !== null) expect(r.error).toBeInstanceOf(SitescoutError);
        expect(r.summary.peakBufferedBytes).toBeLessThanOrEqual(MAX_TOKEN);
      }),
      { numRuns: 500 },
    );
  });
});
