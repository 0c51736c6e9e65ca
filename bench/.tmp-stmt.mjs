// temporary profiling script (not committed)
import pg from 'pg';
import { execSync } from 'node:child_process';
import { openDatabase } from '../dist/db/index.js';
import { upsertDomain, startCrawlRun } from '../dist/inventory/index.js';
import { UPSERT_PAGE_BATCH_SQL } from '../dist/inventory/upsert-pages.js';
import { classifyPageType } from '../dist/analysis/index.js';
const N = Number(process.env.N || 100000);
const NOPREV = UPSERT_PAGE_BATCH_SQL.replace(/previous AS \([\s\S]*?\n\),\nupserted/, 'upserted').replace('(SELECT changed FROM previous) AS changed', '0 AS changed');
const variants = {
  current: { sql: UPSERT_PAGE_BATCH_SQL, batch: 1000 },
  noprev: { sql: NOPREV, batch: 1000 },
  current5k: { sql: UPSERT_PAGE_BATCH_SQL, batch: 5000 },
  noprev5k: { sql: NOPREV, batch: 5000 },
};
const only = (process.env.V || Object.keys(variants).join(',')).split(',');
for (const name of only) {
  const v = variants[name];
  const dbname = `sitescout_pbstmt_${name}_${process.pid}`;
  execSync(`psql -h 127.0.0.1 -U root -d postgres -qc "create database ${dbname}"`);
  const url = `postgres://root@127.0.0.1:5432/${dbname}`;
  const db = await openDatabase({ url });
  const domainId = await upsertDomain(db, 'bench.example');
  const runId = await startCrawlRun(db, domainId);
  await db.close();
  const client = new pg.Client(url); await client.connect();
  let js = 0, q = 0;
  const t0 = performance.now();
  for (let s = 0; s < N; s += v.batch) {
    const a = performance.now();
    const rows = [];
    for (let i = s; i < s + v.batch; i++) { const u = `https://bench.example/products/alpine-amber-${i}.html`; rows.push({ url: u, lastmod: '2024-05-01T10:00:00+00:00', changefreq: 'weekly', priority: 0.5, pageType: classifyPageType(u), i: 0 }); }
    const params = [domainId, runId, null, rows.map(r=>r.url), rows.map(r=>r.lastmod), rows.map(r=>r.changefreq), rows.map(r=>r.priority), rows.map(r=>r.pageType), rows.map(()=>0), rows.map(()=>0), rows.map(()=>0), rows.map(()=>0)];
    const b = performance.now();
    await client.query(v.sql, params);
    q += performance.now() - b; js += b - a;
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`${name}: ${N} rows ${total.toFixed(1)} s, ${(N/total).toFixed(0)} rows/s (query ${(q/1000).toFixed(1)} s, js ${(js/1000).toFixed(1)} s)`);
  await client.end();
  execSync(`psql -h 127.0.0.1 -U root -d postgres -qc "drop database ${dbname} with (force)"`);
}
