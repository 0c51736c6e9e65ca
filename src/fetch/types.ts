import type { DomainBudget } from './domain-budget.js';
import type { RedirectHop } from './fetch-error.js';
import type { FetchLimits } from './fetch-settings.js';
import type { ResolveHost } from './guarded-lookup.js';
import type { Sleep } from './host-queue.js';

/** What a previous response said about itself; sent back as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export interface HttpClientOptions {
  /** Overrides for FETCH_LIMITS; unset ones come from `env`, then the defaults. */
  limits?: Partial<FetchLimits>;
  /**
   * Where SITESCOUT_* limits and HTTP_PROXY / HTTPS_PROXY / NO_PROXY are read, once, at creation.
   * Default: process.env. Tests pass `{}` so a developer's proxy cannot capture loopback requests.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: `sitescout/<version> (+https://github.com/sitescout/sitescout)`. */
  userAgent?: string;
  /** Connect to loopback, private, link-local and other non-public addresses. Default false. */
  allowPrivateNetworks?: boolean;
  /** Non-public addresses or CIDR ranges allowed anyway, e.g. `['10.20.0.0/16']`. Default none. */
  allowedPrivateRanges?: readonly string[];
  /** DNS resolution for the guard and the sockets. Default: the system resolver (dns.lookup). */
  lookup?: ResolveHost;
  /** Epoch milliseconds. Default Date.now. */
  now?: () => number;
  /** Retry backoff and politeness waits. Default: a real timer. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
}

export interface GetOptions {
  signal: AbortSignal;
  /** Send a conditional request; a 304 then comes back with `notModified: true` and an empty body. */
  validators?: Validators;
  /** The domain's shared time budget. Default: a fresh budget of domainBudgetMs for this request alone. */
  budget?: DomainBudget;
}

export interface HttpResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  redirects: readonly RedirectHop[];
  notModified: boolean;
  /** This response's validators, to store for the next conditional request. */
  validators: { etag: string | null; lastModified: string | null };
  /** The Content-Encoding the server applied (and the body has been decoded from), or null. */
  contentEncoding: string | null;
  /** Retries made for this request, all redirect hops together. */
  retries: number;
  /**
   * The decoded body, capped at maxResponseBytes (SS_ERR_FETCH_TOO_LARGE after the bytes up to the cap). Read it
   * once. Breaking out of `for await` (or calling `body.return()`) cancels it.
   */
  body: AsyncIterableIterator<Uint8Array>;
  /** Bytes received on the wire so far, before decoding. */
  rawBytes(): number;
  /** Discards the body and frees the connection and the host slot. Call it when the body will not be read. */
  cancel(): Promise<void>;
  timing: {
    /** Epoch milliseconds when `get` was called. */
    startedAt: number;
    /** From `get` to the final response's headers, queueing, redirects and retries included. */
    headersMs: number;
  };
}

export interface HttpClient {
  /**
   * GETs `url`, following redirects and retrying transient failures. Resolves once the final headers arrive; the
   * body must then be read to the end or cancelled.
   */
  get(url: string | URL, options: GetOptions): Promise<HttpResponse>;
  /** A budget of domainBudgetMs on this client's clock, to share across one domain's requests. */
  createBudget(): DomainBudget;
  /** The resolved, frozen limits. */
  readonly limits: Readonly<FetchLimits>;
  /** Cancels open bodies and closes the client's connections. */
  close(): Promise<void>;
}
