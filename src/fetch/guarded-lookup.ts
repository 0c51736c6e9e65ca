import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';
import { FetchError } from './fetch-error.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a host name to every address it has. Injected in tests to map names such as `public.example` to
 * 127.0.0.1; the default asks the system resolver (dns.lookup, which honours /etc/hosts like every other client).
 */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolveHost: ResolveHost = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** The URL's host name without IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function refuse(hostname: string, address: string, kind: string): FetchError {
  const via = hostname === address ? '' : ` (${hostname} resolves to it)`;
  return new FetchError('SS_ERR_FETCH_PRIVATE_ADDRESS', `refused to connect to ${kind} address ${address}${via}`, { address });
}

/**
 * Throws when the URL's host is an IP literal the policy refuses. Needed because net.connect skips the lookup
 * for literals, so the connect-time guard never sees them.
 */
export function assertLiteralHostAllowed(url: URL, policy: AddressPolicy): void {
  const hostname = bareHostname(url);
  if (isIP(hostname) === 0) return;
  const decision = policy.check(hostname);
  if (!decision.allowed) throw refuse(hostname, hostname, decision.kind);
}

/**
 * Resolves `hostname` and refuses it when any of its addresses is refused: a name that mixes public and private
 * answers is how DNS rebinding reaches inward, so one bad address condemns the name.
 */
export async function resolveAllowed(hostname: string, resolve: ResolveHost, policy: AddressPolicy): Promise<readonly ResolvedAddress[]> {
  if (isIP(hostname) !== 0) {
    const decision = policy.check(hostname);
    if (!decision.allowed) throw refuse(hostname, hostname, decision.kind);
    return [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  }
  const addresses = await resolve(hostname);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  }
  for (const { address } of addresses) {
    const decision = policy.check(address);
    if (!decision.allowed) throw refuse(hostname, address, decision.kind);
  }
  return addresses;
}

/**
 * The `lookup` net.connect calls (through undici's `connect` options) on every new connection. Checking here, on
 * the address the socket is about to use, closes the gap between a check and the connect that a separate
 * pre-resolution would leave open to DNS rebinding.
 */
export function createConnectLookup(resolve: ResolveHost, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, resolve, policy).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const first = wanted[0];
        if (options.all === true) callback(null, wanted.map((a) => ({ address: a.address, family: a.family })));
        else if (first === undefined) callback(Object.assign(new Error(`no IPv${String(options.family)} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        else callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), '', 0);
      },
    );
  };
}
