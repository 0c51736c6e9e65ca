import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/index.js';

const usage = (): NodeJS.MemoryUsage => ({ rss: 123_000_000, heapUsed: 45_000_000, heapTotal: 67_000_000, external: 8_900_000, arrayBuffers: 1_000 });

describe('createMetrics', () => {
  it('renders memory gauges read at scrape time, event-loop quantiles and the pipeline counters from its own registry', async () => {
    const metrics = createMetrics({ memoryUsage: usage });
    try {
      metrics.bytesFetched.inc({ stage: 'sitemap' }, 2048);
      metrics.entriesParsed.inc(50_000);
      metrics.pagesWritten.inc(49_000);
      metrics.contactsFound.inc(3);
      metrics.errors.inc({ stage: 'fetch', code: 'SS_ERR_FETCH_TIMEOUT' });
      metrics.jobs.set({ queue: 'fetch-sitemap', state: 'active' }, 2);
      metrics.httpRequestDuration.observe({ method: 'GET', route: '/healthz', status_code: '200' }, 0.002);
      const text = await metrics.render();
      const lines = text.split('\n').filter((l) => !l.startsWith('#') && l !== '');
      expect(lines).toEqual(
        expect.arrayContaining([
          'sitescout_process_resident_memory_bytes 123000000',
          'sitescout_process_heap_used_bytes 45000000',
          'sitescout_process_heap_total_bytes 67000000',
          'sitescout_process_external_memory_bytes 8900000',
          'sitescout_fetch_bytes_total{stage="sitemap"} 2048',
          'sitescout_sitemap_entries_total 50000',
          'sitescout_inventory_pages_written_total 49000',
          'sitescout_contacts_found_total 3',
          'sitescout_errors_total{stage="fetch",code="SS_ERR_FETCH_TIMEOUT"} 1',
          'sitescout_jobs{queue="fetch-sitemap",state="active"} 2',
          'sitescout_http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"} 1',
        ]),
      );
      for (const name of ['sitescout_eventloop_delay_p50_seconds', 'sitescout_eventloop_delay_p99_seconds', 'sitescout_eventloop_delay_max_seconds']) {
        expect(lines.some((l) => new RegExp(`^${name} \\d`).test(l))).toBe(true);
      }
      expect(text).toContain('# TYPE sitescout_gc_pause_seconds histogram');
      expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    } finally {
      metrics.close();
    }
  });

  it("shows serve's crawl thread (heap, GC pauses labelled thread=crawl, utilization) only while one reports", async () => {
    const metrics = createMetrics({ memoryUsage: usage });
    try {
      const lines = async (): Promise<string[]> => (await metrics.render()).split('\n').filter((l) => l.startsWith('sitescout_thread_') || l.startsWith('sitescout_gc_pause_seconds_count'));
      expect((await lines()).filter((l) => l.includes('crawl'))).toEqual([]);
      metrics.crawlThread.setHeap(30_000_000, 41_000_000);
      metrics.crawlThread.observeGcPause('minor', 0.002);
      metrics.crawlThread.observeGcPause('minor', 0.003);
      metrics.crawlThread.observeGcPause('major', 0.04);
      let busy = 0.25;
      metrics.crawlThread.setUtilizationSource(() => busy);
      expect(await lines()).toEqual(
        expect.arrayContaining([
          'sitescout_thread_heap_used_bytes{thread="crawl"} 30000000',
          'sitescout_thread_heap_total_bytes{thread="crawl"} 41000000',
          'sitescout_thread_event_loop_utilization{thread="crawl"} 0.25',
          'sitescout_gc_pause_seconds_count{kind="minor",thread="crawl"} 2',
          'sitescout_gc_pause_seconds_count{kind="major",thread="crawl"} 1',
        ]),
      );
      busy = 0.5;
      expect(await lines()).toContain('sitescout_thread_event_loop_utilization{thread="crawl"} 0.5');
      metrics.crawlThread.setUtilizationSource(null);
      expect((await lines()).filter((l) => l.startsWith('sitescout_thread_'))).toEqual([]);
    } finally {
      metrics.close();
    }
  });

  it('gives each instance its own registry, so two apps in one process do not clash', async () => {
    const a = createMetrics({ memoryUsage: usage });
    const b = createMetrics({ memoryUsage: usage });
    try {
      a.pagesWritten.inc(5);
      expect(await b.render()).toContain('sitescout_inventory_pages_written_total 0');
      expect(a.registry).not.toBe(b.registry);
    } finally {
      a.close();
      b.close();
    }
  });
});
