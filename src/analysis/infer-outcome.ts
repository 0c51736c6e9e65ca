import type { DomainOutcome } from './walk-input.js';

export interface OutcomeClues {
  sitemapsRead: number;
  statuses: Array<number | null>;
  errorCodes: string[];
  /** Whether any answer was recognised as a refusal or a challenge page. */
  blocked: boolean;
}

/**
 * The outcome when the walk ended without its 'done' event (it was cut off). A refusal anywhere makes it `blocked`,
 * never `no-sitemap`: a blocked site must not be reported as having no sitemap.
 */
export function inferOutcome(clues: OutcomeClues): { outcome: DomainOutcome; reason: string } {
  const cut = 'the walk ended without reporting its outcome';
  if (clues.sitemapsRead > 0) return { outcome: 'ok', reason: `${cut}; ${clues.sitemapsRead} sitemap file(s) were read` };
  if (clues.blocked || clues.statuses.some((s) => s === 401 || s === 403 || s === 429) || clues.errorCodes.includes('SS_ERR_DISCOVERY_BLOCKED')) {
    return { outcome: 'blocked', reason: `${cut}; the site refused requests (401, 403, 429 or a challenge page)` };
  }
  if (clues.errorCodes.some((c) => c === 'SS_ERR_FETCH_TIMEOUT' || c === 'SS_ERR_FETCH_BUDGET')) {
    return { outcome: 'timed-out', reason: `${cut}; requests timed out` };
  }
  if (clues.statuses.some((s) => s !== null)) return { outcome: 'no-sitemap', reason: `${cut}; the site answered but no sitemap was found` };
  return { outcome: 'unreachable', reason: `${cut}; no response arrived` };
}
