import { isIPv4, isIPv6 } from 'node:net';

/**
 * What an IP address is, for the private-network guard. Everything but `public` is refused unless the operator
 * allows private networks: a crawler that follows URLs from untrusted sitemaps must not be steered at the cloud
 * metadata endpoint, the router's admin page or a service on localhost.
 */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'invalid';

type Ipv4Range = readonly [base: string, prefix: number, kind: Exclude<AddressClass, 'public' | 'invalid'>];

// IANA IPv4 Special-Purpose Address Registry, minus the ranges that are globally reachable.
const IPV4_RANGES: readonly Ipv4Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function classifyIpv4(value: number): AddressClass {
  for (const [base, prefix, kind] of IPV4_RANGES) {
    const size = 2 ** (32 - prefix);
    const start = ipv4ToInt(base);
    if (value >= start && value < start + size) return kind;
  }
  return 'public';
}

/** Eight 16-bit groups, or null when the text is not an IPv6 address. A zone (`%eth0`) is ignored. */
function ipv6ToGroups(address: string): number[] | null {
  const text = address.split('%')[0] ?? '';
  if (!isIPv6(text)) return null;
  let head = text;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const v4 = ipv4ToInt(dotted[1]);
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    head = text.slice(0, -dotted[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left = '', right] = head.split('::');
  const leftGroups = parse(left);
  const rightGroups = [...parse(right ?? ''), ...tail];
  if (right === undefined) return [...leftGroups, ...tail];
  const zeros = new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0);
  return [...leftGroups, ...zeros, ...rightGroups];
}

function startsWith(groups: readonly number[], prefix: readonly number[]): boolean {
  return prefix.every((value, index) => groups[index] === value);
}

function embeddedIpv4(high: number | undefined, low: number | undefined): number {
  return (high ?? 0) * 65536 + (low ?? 0);
}

function classifyIpv6(g: readonly number[]): AddressClass {
  const first = g[0] ?? 0;
  if (g.every((group) => group === 0)) return 'unspecified';
  if (startsWith(g, [0, 0, 0, 0, 0, 0, 0, 1])) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach the embedded IPv4 address, so they are what it is.
  if (startsWith(g, [0, 0, 0, 0, 0, 0xffff])) return classifyIpv4(embeddedIpv4(g[6], g[7]));
  if (startsWith(g, [0x64, 0xff9b, 0, 0, 0, 0])) return classifyIpv4(embeddedIpv4(g[6], g[7]));
  if (startsWith(g, [0x64, 0xff9b, 1])) return 'private';
  // 6to4 (2002::/16) tunnels to the IPv4 address in groups 1–2.
  if (first === 0x2002) return classifyIpv4(embeddedIpv4(g[1], g[2]));
  if (startsWith(g, [0x2001, 0x0db8])) return 'documentation';
  if (first === 0x2001 && (g[1] ?? 0) < 0x200) return 'reserved';
  if ((first & 0xfe00) === 0xfc00) return 'private';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'private';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  // Only 2000::/3 is allocated as global unicast; the rest (IPv4-compatible ::/96, discard 100::/64, …) is not.
  if ((first & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

/**
 * Classifies an IP address (v4, v6, IPv4-mapped v6; brackets and zone ids tolerated).
 * @example
 *   classifyAddress('10.1.2.3') //=> 'private'
 *   classifyAddress('::ffff:127.0.0.1') //=> 'loopback'
 *   classifyAddress('93.184.215.14') //=> 'public'
 */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return classifyIpv4(ipv4ToInt(bare));
  const groups = ipv6ToGroups(bare);
  return groups === null ? 'invalid' : classifyIpv6(groups);
}

/** True only for globally routable unicast addresses. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
