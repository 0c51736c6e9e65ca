import type { LookupFunction } from 'node:net';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { FetchLimits } from './fetch-settings.js';
import { proxyFor, type ProxySettings } from './proxy-env.js';

export interface Route {
  dispatcher: Dispatcher;
  /** The proxy URL when the request goes through one; the connect-time guard cannot see the target then. */
  proxy: string | null;
}

export interface Dispatchers {
  route(url: URL): Route;
  close(): Promise<void>;
}

export interface DispatchersOptions {
  limits: Readonly<FetchLimits>;
  connectLookup: LookupFunction;
  proxies: ProxySettings;
}

/**
 * The undici dispatchers the client owns: one direct Agent whose every new socket goes through the guarded lookup,
 * and one ProxyAgent per configured proxy. The proxy's own address is not guarded: the operator chose it, and it
 * is often on a private network by design.
 */
export function createDispatchers(options: DispatchersOptions): Dispatchers {
  const { limits } = options;
  const timeouts = { headersTimeout: limits.headersTimeoutMs, bodyTimeout: limits.bodyTimeoutMs };
  const direct = new Agent({
    ...timeouts,
    connect: { timeout: limits.connectTimeoutMs, lookup: options.connectLookup },
  });
  const proxies = new Map<string, ProxyAgent>();
  for (const uri of [options.proxies.httpProxy, options.proxies.httpsProxy]) {
    if (uri === null || proxies.has(uri)) continue;
    proxies.set(
      uri,
      new ProxyAgent({
        uri,
        ...timeouts,
        proxyTls: { timeout: limits.connectTimeoutMs },
        requestTls: { timeout: limits.connectTimeoutMs },
      }),
    );
  }
  return {
    route(url) {
      const proxy = proxyFor(url, options.proxies);
      const agent = proxy === null ? undefined : proxies.get(proxy);
      return agent === undefined || proxy === null ? { dispatcher: direct, proxy: null } : { dispatcher: agent, proxy };
    },
    async close() {
      await Promise.all([direct.close(), ...[...proxies.values()].map((agent) => agent.close())]);
    },
  };
}
