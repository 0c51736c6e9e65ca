import type { FailureKind } from './describe-failure.js';
import type { DomainOutcome, WalkStats } from './types.js';

/** One fetch's contribution to the verdict. */
export interface FetchEvidence {
  url: string;
  answered: boolean;
  failure: FailureKind | null;
  blocked: string | null;
  error: { code: string; message: string } | null;
}

export interface Evidence {
  add(fetch: FetchEvidence): void;
  /** Some response arrived from the site (any status). */
  readonly answered: boolean;
  readonly blocked: { url: string; reason: string } | null;
  readonly timeout: { url: string; message: string } | null;
  readonly network: { url: string; message: string } | null;
  /** Candidates that answered 2xx with something other than a sitemap, or an error status. */
  readonly notSitemaps: number;
  readonly errorStatuses: number;
}

/** Keeps the first sign of each kind: enough to explain the verdict, bounded however many files fail. */
export function createEvidence(): Evidence {
  const state = {
    answered: false,
    blocked: null as Evidence['blocked'],
    timeout: null as Evidence['timeout'],
    network: null as Evidence['network'],
    notSitemaps: 0,
    errorStatuses: 0,
  };
  return {
    add(fetch) {
      state.answered ||= fetch.answered;
      if (fetch.blocked !== null) state.blocked ??= { url: fetch.url, reason: fetch.blocked };
      const message = fetch.error?.message ?? '';
      if (fetch.failure === 'timeout') state.timeout ??= { url: fetch.url, message };
      if (fetch.failure === 'network') state.network ??= { url: fetch.url, message };
      if (fetch.error?.code === 'SS_ERR_NOT_A_SITEMAP') state.notSitemaps += 1;
      if (fetch.error?.code === 'SS_ERR_DISCOVERY_HTTP_STATUS') state.errorStatuses += 1;
    },
    get answered() {
      return state.answered;
    },
    get blocked() {
      return state.blocked;
    },
    get timeout() {
      return state.timeout;
    },
    get network() {
      return state.network;
    },
    get notSitemaps() {
      return state.notSitemaps;
    },
    get errorStatuses() {
      return state.errorStatuses;
    },
  };
}

export type StopReason = 'max-urls' | 'budget';

export interface OutcomeInput {
  evidence: Evidence;
  stats: WalkStats;
  stop: StopReason | null;
  maxUrlsPerDomain: number;
}

/**
 * The domain's verdict. Any sitemap read makes it `ok`. Otherwise a refusal anywhere wins over everything else,
 * because a blocked site must never pass for one without sitemaps; then a timeout (the answer may still be out
 * there); then a site that never answered at all; and only then `no-sitemap`.
 */
export function decideOutcome(input: OutcomeInput): { outcome: DomainOutcome; reason: string | null } {
  const { evidence, stats } = input;
  if (stats.sitemapsRead > 0) {
    if (input.stop === 'max-urls') {
      return { outcome: 'ok', reason: `stopped at maxUrlsPerDomain (${input.maxUrlsPerDomain} URL entries); ${stats.notRead} queued sitemaps not read` };
    }
    if (input.stop === 'budget') return { outcome: 'ok', reason: `the domain budget ran out; ${stats.notRead} queued sitemaps not read` };
    return { outcome: 'ok', reason: null };
  }
  if (evidence.blocked !== null) return { outcome: 'blocked', reason: `${evidence.blocked.reason} at ${evidence.blocked.url}` };
  if (evidence.timeout !== null) return { outcome: 'timed-out', reason: evidence.timeout.message };
  if (!evidence.answered) {
    return { outcome: 'unreachable', reason: evidence.network?.message ?? 'no response from the site' };
  }
  const parts = [`${stats.filesFetched} candidates fetched`];
  if (evidence.notSitemaps > 0) parts.push(`${evidence.notSitemaps} were not sitemaps`);
  if (evidence.errorStatuses > 0) parts.push(`${evidence.errorStatuses} answered with an error status`);
  if (evidence.network !== null) parts.push(`unreachable: ${evidence.network.message}`);
  return { outcome: 'no-sitemap', reason: `nothing sniffed as a sitemap: ${parts.join(', ')}` };
}
