import { describe, expect, it } from 'vitest';
import { createEvidence, decideOutcome, type FetchEvidence } from '../../src/discovery/decide-outcome.js';
import type { WalkStats } from '../../src/discovery/index.js';

const stats = (extra: Partial<WalkStats> = {}): WalkStats => ({
  filesFetched: 3,
  sitemapsRead: 0,
  urlEntries: 0,
  skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
  notRead: 0,
  peakPendingSitemaps: 0,
  ...extra,
});

const answered = (url: string, extra: Partial<FetchEvidence> = {}): FetchEvidence => ({ url, answered: true, failure: null, blocked: null, error: null, ...extra });
const failed = (url: string, failure: FetchEvidence['failure'], message: string): FetchEvidence => ({
  url,
  answered: false,
  failure,
  blocked: null,
  error: { code: failure === 'timeout' ? 'SS_ERR_FETCH_TIMEOUT' : 'SS_ERR_FETCH_NETWORK', message },
});

function verdict(fetches: FetchEvidence[], extra: Partial<WalkStats> = {}, stop: 'max-urls' | 'budget' | null = null) {
  const evidence = createEvidence();
  for (const fetch of fetches) evidence.add(fetch);
  return decideOutcome({ evidence, stats: stats(extra), stop, maxUrlsPerDomain: 10 });
}

describe('decideOutcome', () => {
  it('calls a domain ok as soon as one sitemap was read, whatever else failed', () => {
    expect(verdict([answered('/robots.txt', { blocked: 'HTTP 403 (forbidden)' }), failed('/x', 'timeout', 'slow')], { sitemapsRead: 1 })).toEqual({ outcome: 'ok', reason: null });
  });

  it('says why an ok walk stopped early', () => {
    expect([verdict([], { sitemapsRead: 1, notRead: 2 }, 'max-urls'), verdict([], { sitemapsRead: 1 }, 'budget')]).toEqual([
      { outcome: 'ok', reason: 'stopped at maxUrlsPerDomain (10 URL entries); 2 queued sitemaps not read' },
      { outcome: 'ok', reason: 'the domain budget ran out; 0 queued sitemaps not read' },
    ]);
  });

  it('puts a refusal before a timeout, a timeout before silence, and silence before no-sitemap', () => {
    const refusal = answered('/sitemap.xml', { blocked: 'HTTP 403 (forbidden)' });
    const timeout = failed('/robots.txt', 'timeout', 'headers timeout');
    const network = failed('/', 'network', 'ECONNREFUSED');
    const soft404 = answered('/sitemap.xml', { error: { code: 'SS_ERR_NOT_A_SITEMAP', message: 'not a sitemap: found HTML' } });
    const missing = answered('/sitemap.xml', { error: { code: 'SS_ERR_DISCOVERY_HTTP_STATUS', message: 'HTTP 404' } });
    expect([
      verdict([timeout, network, refusal]),
      verdict([network, timeout, soft404]),
      verdict([network]),
      verdict([soft404, missing, network]),
    ]).toEqual([
      { outcome: 'blocked', reason: 'HTTP 403 (forbidden) at /sitemap.xml' },
      { outcome: 'timed-out', reason: 'headers timeout' },
      { outcome: 'unreachable', reason: 'ECONNREFUSED' },
      { outcome: 'no-sitemap', reason: 'nothing sniffed as a sitemap: 3 candidates fetched, 1 were not sitemaps, 1 answered with an error status, unreachable: ECONNREFUSED' },
    ]);
  });
});
