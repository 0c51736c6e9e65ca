import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { createMetrics, type Metrics } from '../../src/observability/index.js';
import { buildServer } from '../../src/server/index.js';
import { parseSitemap } from '../../src/sitemap/index.js';

const TARGET_BYTES = 20 * 1024 * 1024;
const ENTRIES_PER_CHUNK = 700;

/** About 20 MB of urlset in ~64 KiB chunks, each handed over on a later turn of the event loop, as sockets do. */
async function* bigSitemap(): AsyncGenerator<Buffer> {
  yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n');
  let sent = 0;
  let n = 0;
  while (sent < TARGET_BYTES) {
    let text = '';
    for (let i = 0; i < ENTRIES_PER_CHUNK; i += 1, n += 1) {
      text += `<url><loc>https://shop.example.com/products/item-${n}?ref=sitemap&amp;v=${n % 7}</loc><lastmod>2024-05-${String((n % 28) + 1).padStart(2, '0')}</lastmod><priority>0.5</priority></url>\n`;
    }
    const chunk = Buffer.from(text);
    sent += chunk.length;
    await yieldToLoop();
    yield chunk;
  }
  yield Buffer.from('</urlset>\n');
}

let db: Database;
let metrics: Metrics;
beforeAll(async () => {
  db = await openDatabase({ memory: true });
  metrics = createMetrics();
});
afterAll(async () => {
  metrics?.close();
  await db?.close();
});

describe('/healthz while a large sitemap is parsed in the same process', () => {
  it('answers every request with 200 while a 20 MB sitemap is parsed to the end', async () => {
    const app = await buildServer({ db, metrics });
    let parsing = true;
    let entries = 0;
    const parse = (async () => {
      try {
        const parsed = parseSitemap(bigSitemap());
        for await (const batch of parsed.batches()) entries += batch.length;
        return parsed.summary;
      } finally {
        parsing = false;
      }
    })();
    const statuses: number[] = [];
    const latenciesMs: number[] = [];
    while (parsing) {
      // Timed from before the wait for the next turn of the event loop, so the time spent queued behind a parse
      // step counts, as it would for a probe arriving on a socket. (inject() alone completes within microtasks; a
      // loop that never left them would also starve the parse it measures.)
      const started = performance.now();
      await yieldToLoop();
      const res = await app.inject('/healthz');
      latenciesMs.push(performance.now() - started);
      statuses.push(res.statusCode);
    }
    const summary = await parse;
    await app.close();

    expect({ complete: summary.complete, error: summary.error, entries: entries === summary.entries.url }).toEqual({ complete: true, error: null, entries: true });
    expect(summary.bytesRead).toBeGreaterThan(TARGET_BYTES);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    if (process.env.SITESCOUT_REPORT_LATENCY === '1') {
      const sorted = [...latenciesMs].sort((a, b) => a - b);
      const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
      process.stderr.write(`healthz under parse: ${sorted.length} requests, ${entries} entries, p50 ${q(50).toFixed(2)} ms, p99 ${q(99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms\n`);
    }
  });
});
