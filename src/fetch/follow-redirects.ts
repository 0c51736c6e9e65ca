import { FetchError, type RedirectHop } from './fetch-error.js';
import type { RawResponse } from './send-request.js';
import { sendWithRetries, type RequestRun, type RetryDeps } from './send-with-retries.js';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Parses the caller's URL; throws SS_ERR_FETCH_URL or SS_ERR_FETCH_SCHEME. */
export function parseHttpUrl(input: string | URL, redirects: readonly RedirectHop[] = [], base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch (error: unknown) {
    throw new FetchError('SS_ERR_FETCH_URL', `not a valid URL: ${JSON.stringify(String(input))}`, { cause: error, redirects, url: base?.href ?? null });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('SS_ERR_FETCH_SCHEME', `only http and https are fetched, not ${url.protocol}`, { url: url.href, redirects });
  }
  return url;
}

/** What goes on the wire: the fragment is never sent, and `/a?` requests the same thing as `/a`. */
function requestKey(url: URL): string {
  return `${url.origin}${url.pathname}${url.search}`;
}

export interface FinalResponse {
  url: URL;
  response: RawResponse;
}

/**
 * Follows redirects by hand, so every hop is recorded and goes through the same guards as the first request: the
 * scheme check, the literal-address check and the connect-time lookup. A 3xx without a Location is an answer,
 * returned as is.
 */
export async function followRedirects(start: URL, run: RequestRun, deps: RetryDeps): Promise<FinalResponse> {
  const visited = new Set([requestKey(start)]);
  let current = start;
  for (;;) {
    const response = await sendWithRetries(current, run, deps);
    const location = response.headers['location'];
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return { url: current, response };
    await response.discard();
    const next = parseHttpUrl(location, run.redirects, current);
    if (run.redirects.length >= deps.limits.maxRedirects) {
      const message = `more than ${deps.limits.maxRedirects} redirects (the next went to ${next.href})`;
      throw new FetchError('SS_ERR_FETCH_TOO_MANY_REDIRECTS', message, {
        url: current.href,
        redirects: [...run.redirects],
        limit: 'maxRedirects',
        limitValue: deps.limits.maxRedirects,
        actual: run.redirects.length + 1,
      });
    }
    run.redirects.push({ from: current.href, to: next.href, status: response.status });
    const key = requestKey(next);
    if (visited.has(key)) {
      throw new FetchError('SS_ERR_FETCH_REDIRECT_LOOP', `redirect loop: ${next.href} was already visited`, { url: next.href, redirects: [...run.redirects] });
    }
    visited.add(key);
    current = next;
  }
}
