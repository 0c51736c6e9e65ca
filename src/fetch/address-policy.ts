import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { SitescoutError } from '../errors.js';
import { classifyAddress, type AddressClass } from './private-address.js';

export type AddressDecision = { allowed: true } | { allowed: false; kind: AddressClass };

/** Decides which resolved addresses the client may connect to. */
export interface AddressPolicy {
  check(address: string): AddressDecision;
}

export interface AddressPolicyOptions {
  /** Allow every non-public address (loopback, private, link-local, …). Default false. */
  allowPrivateNetworks: boolean;
  /**
   * Non-public addresses or CIDR ranges allowed even when allowPrivateNetworks is false, e.g. `['10.20.0.0/16']`
   * for an intranet host, without also opening 169.254.169.254 (cloud metadata) or localhost.
   */
  allowedPrivateRanges: readonly string[];
}

function parseRange(entry: string, list: BlockList): void {
  const [address = '', prefixText] = entry.split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  const prefix = prefixText === undefined ? null : Number(prefixText);
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (family === null || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix))) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `allowedPrivateRanges: ${JSON.stringify(entry)} is not an IP address or CIDR range`);
  }
  if (prefix === null) list.addAddress(address, family);
  else list.addSubnet(address, prefix, family);
}

/**
 * Builds the guard's decision function once, validating the allowed ranges.
 * @example
 *   createAddressPolicy({ allowPrivateNetworks: false, allowedPrivateRanges: ['127.0.0.1'] }).check('127.0.0.2')
 *   //=> { allowed: false, kind: 'loopback' }
 */
export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const allowList = new BlockList();
  for (const entry of options.allowedPrivateRanges) parseRange(entry, allowList);
  const hasAllowList = options.allowedPrivateRanges.length > 0;
  return {
    check(address) {
      const kind = classifyAddress(address);
      if (kind === 'invalid') return { allowed: false, kind };
      if (kind === 'public' || options.allowPrivateNetworks) return { allowed: true };
      // BlockList checks IPv4-mapped IPv6 addresses against IPv4 rules, so ::ffff:10.0.0.1 matches 10.0.0.0/8.
      if (hasAllowList && allowList.check(address, isIPv4(address) ? 'ipv4' : 'ipv6')) return { allowed: true };
      return { allowed: false, kind };
    },
  };
}
