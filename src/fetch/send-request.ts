import type { Readable } from 'node:stream';
import type { AddressPolicy } from './address-policy.js';
import { destroyQuietly } from './destroy-quietly.js';
import type { Dispatchers } from './dispatchers.js';
import type { FetchLimits } from './fetch-settings.js';
import { assertLiteralHostAllowed, bareHostname, resolveAllowed, type ResolveHost } from './guarded-lookup.js';
import type { HostQueue, Release } from './host-queue.js';

/** One HTTP exchange whose headers have arrived; its body is still on the wire and its host slot still held. */
export interface RawResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: Readable;
  /** Frees the host slot; called once the body is finished or cancelled. */
  release: Release;
  /** Reads away a small body so the connection can be reused (or closes it), then frees the slot. */
  discard(): Promise<void>;
  /** Closes the connection without reading the body, then frees the slot. */
  abandon(): void;
}

export interface SendDeps {
  limits: Readonly<FetchLimits>;
  dispatchers: Dispatchers;
  queue: HostQueue;
  policy: AddressPolicy;
  resolveHost: ResolveHost;
  /** Skip pre-resolving names sent through a proxy (every address is allowed anyway). */
  allowPrivateNetworks: boolean;
}

// A redirect or retried error page is usually a few hundred bytes; past this, closing the socket is cheaper.
const DISCARD_LIMIT_BYTES = 64 * 1024;

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return Object.freeze(out);
}

/**
 * Sends one GET, after the private-network checks and once the host queue lets it start. The signal covers the
 * queue wait, the exchange and the body.
 */
export async function sendRequest(
  url: URL,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
  deps: SendDeps,
): Promise<RawResponse> {
  assertLiteralHostAllowed(url, deps.policy);
  const route = deps.dispatchers.route(url);
  if (route.proxy !== null && !deps.allowPrivateNetworks) {
    // Through a proxy, the proxy resolves the name and our connect-time lookup never runs. Resolving it here with
    // the same guard catches a name that points inward; a name re-pointed between this check and the proxy's own
    // lookup (DNS rebinding) is not caught, which docs/decisions/0002-http-client.md records.
    await resolveAllowed(bareHostname(url), deps.resolveHost, deps.policy);
  }
  const release = await deps.queue.acquire(url.host, signal);
  try {
    const response = await route.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      // A copy: ProxyAgent writes a `host` entry into the object it is given.
      headers: { ...headers },
      signal,
      headersTimeout: deps.limits.headersTimeoutMs,
      bodyTimeout: deps.limits.bodyTimeoutMs,
    });
    const body = response.body;
    return {
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body,
      release,
      async discard() {
        try {
          await body.dump({ limit: DISCARD_LIMIT_BYTES });
        } catch {
          // The body is being thrown away; a reset or abort while draining it changes nothing for the caller.
          destroyQuietly(body);
        } finally {
          release();
        }
      },
      abandon() {
        destroyQuietly(body);
        release();
      },
    };
  } catch (error: unknown) {
    release();
    throw error;
  }
}
