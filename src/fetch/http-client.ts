import { createAddressPolicy } from './address-policy.js';
import { classifyError } from './classify-error.js';
import { createBodyReader, parseContentEncoding } from './decode-body.js';
import { createDispatchers } from './dispatchers.js';
import { createDomainBudget, type DomainBudget } from './domain-budget.js';
import { FetchError } from './fetch-error.js';
import { resolveFetchLimits } from './fetch-settings.js';
import { followRedirects, parseHttpUrl, type FinalResponse } from './follow-redirects.js';
import { createConnectLookup, systemResolveHost } from './guarded-lookup.js';
import { createHostQueue } from './host-queue.js';
import { readProxyEnv } from './proxy-env.js';
import { errorContext, type RequestRun, type RetryDeps } from './send-with-retries.js';
import { realSleep } from './sleep.js';
import type { GetOptions, HttpClient, HttpClientOptions, HttpResponse, Validators } from './types.js';
import { defaultUserAgent } from './user-agent.js';

// setTimeout fires at once for delays past 2^31 - 1 ms (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

function requestHeaders(userAgent: string, validators: Validators | undefined): Readonly<Record<string, string>> {
  const headers: Record<string, string> = { 'user-agent': userAgent, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' };
  if (validators?.etag != null) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified != null) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

/**
 * Creates sitescout's HTTP client. It owns its connections: call `close()` when done.
 * @example
 *   const client = createHttpClient({ limits: { maxResponseBytes: 10_000_000 } })
 *   const response = await client.get('https://example.com/sitemap.xml', { signal })
 *   for await (const chunk of response.body) parser.write(chunk)
 *   await client.close()
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const env = options.env ?? process.env;
  const limits = resolveFetchLimits(options.limits, env);
  const now = options.now ?? Date.now;
  const allowPrivateNetworks = options.allowPrivateNetworks ?? false;
  const policy = createAddressPolicy({ allowPrivateNetworks, allowedPrivateRanges: options.allowedPrivateRanges ?? [] });
  const resolveHost = options.lookup ?? systemResolveHost;
  const sleep = options.sleep ?? realSleep;
  const userAgent = options.userAgent ?? defaultUserAgent();
  // Everything that can reject the options runs above; the Agents below are the first things that need closing.
  const deps: RetryDeps = {
    limits,
    policy,
    resolveHost,
    allowPrivateNetworks,
    dispatchers: createDispatchers({ limits, connectLookup: createConnectLookup(resolveHost, policy), proxies: readProxyEnv(env) }),
    queue: createHostQueue({ concurrency: limits.perHostConcurrency, delayMs: limits.politenessDelayMs, now, sleep }),
    now,
    sleep,
    random: options.random ?? Math.random,
  };
  let closed = false;
  /** One controller per request whose headers or body are still pending; close() aborts them. */
  const inFlight = new Set<AbortController>();

  function toResponse(final: FinalResponse, run: RequestRun, startedAt: number, finish: () => void): HttpResponse {
    const { response: raw, url } = final;
    const headersMs = now() - startedAt;
    const contentEncoding = raw.headers['content-encoding'] ?? null;
    const bodyless = raw.status === 304 || raw.status === 204;
    const encoding = bodyless ? { ok: true as const, codings: [] } : parseContentEncoding(contentEncoding ?? undefined);
    if (!encoding.ok) {
      raw.abandon();
      finish();
      throw new FetchError('SS_ERR_FETCH_ENCODING', `unsupported Content-Encoding ${JSON.stringify(encoding.unsupported)}`, {
        url: url.href,
        redirects: [...run.redirects],
      });
    }
    const onAbort = (): void => reader.abort(run.signal.reason);
    const reader = createBodyReader({
      raw: raw.body,
      codings: encoding.codings,
      maxBytes: limits.maxResponseBytes,
      url: url.href,
      toFetchError: (error) => classifyError(error, errorContext(url, run), limits).error,
      onSettled: () => {
        run.signal.removeEventListener('abort', onAbort);
        finish();
        raw.release();
      },
    });
    run.signal.addEventListener('abort', onAbort, { once: true });
    if (run.signal.aborted) onAbort();
    return {
      url: url.href,
      status: raw.status,
      headers: raw.headers,
      redirects: [...run.redirects],
      notModified: raw.status === 304,
      validators: { etag: raw.headers['etag'] ?? null, lastModified: raw.headers['last-modified'] ?? null },
      contentEncoding,
      retries: run.retries,
      body: reader.body,
      rawBytes: reader.wireBytes,
      cancel: reader.cancel,
      timing: { startedAt, headersMs },
    };
  }

  async function get(input: string | URL, getOptions: GetOptions): Promise<HttpResponse> {
    const startedAt = now();
    const callerSignal = getOptions.signal;
    const url = parseHttpUrl(input);
    if (closed) throw new FetchError('SS_ERR_FETCH_CLOSED', 'the HTTP client is closed', { url: url.href });
    if (callerSignal.aborted) {
      throw new FetchError('SS_ERR_FETCH_ABORTED', `request to ${url.href} was aborted`, { url: url.href, cause: callerSignal.reason });
    }
    const budget: DomainBudget = getOptions.budget ?? createDomainBudget(limits.domainBudgetMs, now);
    const spent = (): FetchError =>
      new FetchError('SS_ERR_FETCH_BUDGET', `time budget of ${budget.budgetMs} ms spent`, { url: url.href, limit: 'domainBudgetMs', limitValue: budget.budgetMs });
    const remaining = budget.remainingMs();
    if (remaining <= 0) throw spent();
    // One controller per request, fed by the caller's signal, the budget timer and close(). Not AbortSignal.any:
    // combining a long-lived signal (a worker's shutdown signal) per request leaks on some Node 20 releases
    // (nodejs/node#55351), and explicit listeners are removed the moment the request settles.
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort(callerSignal.reason);
    callerSignal.addEventListener('abort', onCallerAbort, { once: true });
    // Unref'd: a forgotten body must not keep the process alive; when the timer does fire it frees that body.
    const budgetTimer = setTimeout(() => controller.abort(spent()), Math.min(remaining, MAX_TIMER_MS)).unref();
    inFlight.add(controller);
    const finish = (): void => {
      clearTimeout(budgetTimer);
      callerSignal.removeEventListener('abort', onCallerAbort);
      inFlight.delete(controller);
    };
    const run: RequestRun = {
      signal: controller.signal,
      callerSignal,
      budget,
      headers: requestHeaders(userAgent, getOptions.validators),
      retries: 0,
      redirects: [],
    };
    try {
      const final = await followRedirects(url, run, deps);
      return toResponse(final, run, startedAt, finish);
    } catch (error: unknown) {
      finish();
      throw classifyError(error, errorContext(url, run), limits).error;
    }
  }

  return {
    get,
    limits,
    createBudget: () => createDomainBudget(limits.domainBudgetMs, now),
    async close() {
      // Aborting tears down queued requests, requests in flight and open bodies alike (each body listens to its
      // request's signal), and a reader mid-body gets SS_ERR_FETCH_CLOSED rather than a silently short body.
      closed = true;
      for (const controller of [...inFlight]) controller.abort(new FetchError('SS_ERR_FETCH_CLOSED', 'the HTTP client was closed'));
      await deps.dispatchers.close();
    },
  };
}
