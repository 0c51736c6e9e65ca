import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../src/fetch/address-policy.js';

describe('createAddressPolicy', () => {
  it('refuses every non-public address by default and names its kind', () => {
    const policy = createAddressPolicy({ allowPrivateNetworks: false, allowedPrivateRanges: [] });
    expect(['127.0.0.1', '10.0.0.1', '::1', '8.8.8.8'].map((address) => policy.check(address))).toEqual([
      { allowed: false, kind: 'loopback' },
      { allowed: false, kind: 'private' },
      { allowed: false, kind: 'loopback' },
      { allowed: true },
    ]);
  });

  it('allows non-public addresses when allowPrivateNetworks is on', () => {
    const policy = createAddressPolicy({ allowPrivateNetworks: true, allowedPrivateRanges: [] });
    expect(['127.0.0.1', 'fe80::1', '169.254.169.254'].map((address) => policy.check(address))).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
    ]);
  });

  it('allows only the listed private ranges, IPv4-mapped forms included', () => {
    const policy = createAddressPolicy({ allowPrivateNetworks: false, allowedPrivateRanges: ['127.0.0.1', '10.20.0.0/16', 'fd00::/8'] });
    expect(
      ['127.0.0.1', '::ffff:127.0.0.1', '127.0.0.2', '10.20.9.9', '10.21.0.1', 'fd00::5', '169.254.169.254'].map((address) =>
        policy.check(address),
      ),
    ).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: false, kind: 'loopback' },
      { allowed: true },
      { allowed: false, kind: 'private' },
      { allowed: true },
      { allowed: false, kind: 'link-local' },
    ]);
  });

  it('rejects an allowed range that is not an address or CIDR', () => {
    expect(() => createAddressPolicy({ allowPrivateNetworks: false, allowedPrivateRanges: ['10.0.0.0/33'] })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_CONFIG_INVALID' }),
    );
    expect(() => createAddressPolicy({ allowPrivateNetworks: false, allowedPrivateRanges: ['intranet.local'] })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_CONFIG_INVALID' }),
    );
  });
});
