import { PROTOCOL_MAX_BYTES, PROTOCOL_MAX_URLS } from '../sitemap/index.js';
import { detectGenerator } from './detect-generator.js';
import type { SitemapTally } from './sitemap-tally.js';
import type { SitemapReport } from './types.js';
import type { CandidateInput, SitemapFileInput, SkipReason } from './walk-input.js';

/** A candidate that was fetched but did not sniff as a sitemap, at a guessed address: a probe, not a finding. */
export function isProbe(file: SitemapFileInput): boolean {
  return file.isSitemap !== true && file.kind === null && (file.method === 'well-known' || file.method === 'html-link');
}

export function sitemapReport(file: SitemapFileInput, tally: SitemapTally): SitemapReport {
  const summary = file.summary;
  // The parser's own count when it saw more than reached us (the walk stopped forwarding at a cap).
  const urls = Math.max(tally.urls, summary?.entries.url ?? 0);
  const sitemaps = Math.max(tally.sitemaps, summary?.entries.sitemap ?? 0);
  const entries = urls + sitemaps;
  const over: SitemapReport['overProtocolLimits'] = [];
  if (entries > PROTOCOL_MAX_URLS) over.push('max-urls');
  if (file.bytesUncompressed > PROTOCOL_MAX_BYTES) over.push('max-bytes');
  const ownUrl = file.finalUrl === '' ? file.url : file.finalUrl;
  return {
    url: file.url,
    finalUrl: file.finalUrl,
    kind: file.kind,
    method: file.method,
    foundOn: file.foundOn,
    depth: file.depth,
    status: file.status,
    redirects: file.redirects.map((r) => ({ ...r })),
    contentType: file.contentType,
    bytesCompressed: file.bytesCompressed,
    bytesUncompressed: file.bytesUncompressed,
    gzip: file.gzip,
    responseTimeMs: file.responseTimeMs,
    totalTimeMs: file.totalTimeMs ?? null,
    generator: detectGenerator({ url: ownUrl, kind: file.kind, summary, sampleLocs: [...tally.sampleLocs, ...tally.sampleImages], sharedValues: tally.sharedValues() }),
    entries: { urls, sitemaps },
    lastmod: { oldest: tally.oldest, newest: tally.newest },
    crossHostLocs: tally.crossHostLocs(ownUrl),
    overProtocolLimits: over,
    error: file.error === null ? null : { ...file.error },
    blocked: file.blocked ?? null,
    warnings: { ...(summary?.warnings ?? {}) },
    skippedChildren: file.skippedChildren.map((c) => ({ ...c })),
    skippedByReason: file.skippedChildrenByReason === undefined ? countSkips(file.skippedChildren) : { ...file.skippedChildrenByReason },
    invalidChildren: file.invalidChildren ?? 0,
  };
}

/** Entries arrived for a file the walk never reported (it was cut off mid-file): listed with what is known. */
export function unreportedFile(url: string, candidate: CandidateInput | null): SitemapFileInput {
  return {
    url,
    finalUrl: url,
    method: candidate?.method ?? 'given',
    foundOn: candidate?.foundOn ?? null,
    depth: candidate?.depth ?? 0,
    status: null,
    redirects: [],
    contentType: null,
    bytesCompressed: 0,
    bytesUncompressed: 0,
    gzip: false,
    responseTimeMs: null,
    kind: null,
    summary: null,
    error: null,
    skippedChildren: [],
    crossHost: false,
  };
}

function countSkips(skipped: ReadonlyArray<{ reason: SkipReason }>): Record<SkipReason, number> {
  const counts: Record<SkipReason, number> = { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 };
  for (const s of skipped) counts[s.reason]++;
  return counts;
}
