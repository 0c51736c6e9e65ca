import { SitescoutError } from '../errors.js';

interface NoProxyEntry {
  /** Lower-case host name or IP, without a leading `.` or `*.`. */
  host: string;
  /** 0 matches any port. */
  port: number;
}

export interface ProxySettings {
  httpProxy: string | null;
  httpsProxy: string | null;
  noProxyAll: boolean;
  noProxy: readonly NoProxyEntry[];
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

function proxyUrl(value: string | undefined, name: string): string | null {
  if (value === undefined || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`scheme ${url.protocol}`);
    return url.href;
  } catch (error: unknown) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `${name} is not an http(s) proxy URL: ${JSON.stringify(value)}`, { cause: error });
  }
}

/**
 * Reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (lower-case names win, as in curl and undici). HTTPS_PROXY falls back
 * to HTTP_PROXY, like undici's EnvHttpProxyAgent. Invalid proxy URLs fail here, at start-up, not on the first request.
 * @example
 *   proxyFor(new URL('http://a.example/'), readProxyEnv({ HTTP_PROXY: 'http://proxy:3128' })) //=> 'http://proxy:3128/'
 */
export function readProxyEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const httpProxy = proxyUrl(env['http_proxy'] ?? env['HTTP_PROXY'], 'HTTP_PROXY');
  const httpsProxy = proxyUrl(env['https_proxy'] ?? env['HTTPS_PROXY'], 'HTTPS_PROXY') ?? httpProxy;
  const raw = (env['no_proxy'] ?? env['NO_PROXY'] ?? '').trim();
  const noProxy: NoProxyEntry[] = [];
  for (const token of raw.split(/[\s,]+/)) {
    if (token === '' || token === '*') continue;
    const lower = token.toLowerCase();
    const bareIpv6 = !lower.startsWith('[') && lower.indexOf(':') !== lower.lastIndexOf(':');
    const match = bareIpv6 ? [lower, lower] : /^(.*?)(?::(\d+))?$/.exec(lower);
    const host = (match?.[1] ?? '').replace(/^\*?\./, '').replace(/^\[(.*)\]$/, '$1');
    if (host !== '') noProxy.push({ host, port: match?.[2] === undefined ? 0 : Number(match[2]) });
  }
  return { httpProxy, httpsProxy, noProxyAll: raw === '*', noProxy };
}

/** The proxy to use for `url`, or null to connect directly. A NO_PROXY name also covers its subdomains (as curl). */
export function proxyFor(url: URL, settings: ProxySettings): string | null {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (proxy === null || settings.noProxyAll) return null;
  const host = (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname).toLowerCase();
  const port = url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? 0) : Number(url.port);
  for (const entry of settings.noProxy) {
    if (entry.port !== 0 && entry.port !== port) continue;
    if (host === entry.host || host.endsWith(`.${entry.host}`)) return null;
  }
  return proxy;
}
