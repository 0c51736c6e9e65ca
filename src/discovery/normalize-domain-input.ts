import { isIP } from 'node:net';
import { parse } from 'tldts';
import { SitescoutError } from '../errors.js';
import { registrableDomain } from './site-identity.js';
import type { DomainTarget } from './types.js';

// A DNS label as browsers resolve it: letters, digits, hyphens (not at either end) and the underscore that real
// subdomains (`_dmarc`, `my_shop.example.com`) carry; punycode labels (`xn--…`) are plain LDH.
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const MAX_HOST_CHARS = 253;

function fail(input: string, why: string): never {
  throw new SitescoutError('SS_ERR_DISCOVERY_INPUT', `${JSON.stringify(input)} is not a usable domain: ${why}`);
}

interface Authority {
  hostname: string;
  port: string | null;
}

function splitAuthority(input: string, authority: string): Authority {
  if (authority.includes('@')) fail(input, 'it carries credentials (user@host); give the domain alone');
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end === -1) fail(input, 'the IPv6 address has no closing "]"');
    const after = authority.slice(end + 1);
    if (after !== '' && !after.startsWith(':')) fail(input, `unexpected ${JSON.stringify(after)} after the IPv6 address`);
    return { hostname: authority.slice(0, end + 1), port: after === '' ? null : after.slice(1) };
  }
  if (isIP(authority) === 6) return { hostname: `[${authority}]`, port: null };
  const colon = authority.lastIndexOf(':');
  if (colon === -1) return { hostname: authority, port: null };
  return { hostname: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

function checkPort(input: string, port: string | null): void {
  if (port === null) return;
  const value = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(value >= 1 && value <= 65_535)) fail(input, `port ${JSON.stringify(port)} is not a number from 1 to 65535`);
}

function checkHostname(input: string, hostname: string): void {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0) return;
  if (hostname.length > MAX_HOST_CHARS) fail(input, `the host name is longer than ${MAX_HOST_CHARS} characters`);
  const bad = hostname.split('.').find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty label (two dots in a row, or a leading dot)' : `the label ${JSON.stringify(bad)}`;
    fail(input, `${what} is not valid in a host name (letters, digits and inner hyphens only)`);
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return;
  const icann = parse(hostname);
  if (!hostname.includes('.') && icann.isIcann !== true) {
    fail(input, `the host ${JSON.stringify(hostname)} has no dot; give a full domain such as ${hostname}.com`);
  }
  if (icann.publicSuffix === hostname) {
    fail(input, `${JSON.stringify(hostname)} is a public suffix, not a site; give a domain registered under it, such as example.${hostname}`);
  }
}

/**
 * Turns what a user typed — a domain, a URL or a host:port — into the target of a discovery walk. IDN names become
 * punycode; a URL keeps its scheme (http or https; https when none is given) and its path goes to `path`, never into
 * `origin`. Rejects, with SS_ERR_DISCOVERY_INPUT and a message saying why: an empty input, whitespace, credentials,
 * another scheme, a bad port, invalid characters, a single label other than localhost, and a bare public suffix.
 * @example
 *   normalizeDomainInput('Bücher.example/shop?x=1')
 *   //=> { input: 'Bücher.example/shop?x=1', host: 'xn--bcher-kva.example', origin: 'https://xn--bcher-kva.example',
 *   //     registrableDomain: 'xn--bcher-kva.example', path: '/shop?x=1' }
 */
export function normalizeDomainInput(input: string): DomainTarget {
  const text = input.trim();
  if (text === '') fail(input, 'it is empty');
  if (/\s/.test(text)) fail(input, 'it contains whitespace');
  let scheme = 'https';
  let rest = text;
  const withScheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (withScheme !== null) {
    scheme = withScheme[1]!.toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') fail(input, `the scheme ${JSON.stringify(scheme)} is not http or https`);
    rest = text.slice(withScheme[0].length);
  } else if (text.startsWith('//')) {
    rest = text.slice(2);
  }
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end);
  const { hostname: rawHost, port } = splitAuthority(input, authority);
  if (rawHost === '' || rawHost === '.') fail(input, 'it has no host name');
  checkPort(input, port);
  const hostText = rawHost.endsWith('.') ? rawHost.slice(0, -1) : rawHost;
  let url: URL;
  try {
    url = new URL(`${scheme}://${hostText}${port === null ? '' : `:${port}`}/`);
  } catch {
    fail(input, `the host ${JSON.stringify(hostText)} contains characters not allowed in a host name`);
  }
  checkHostname(input, url.hostname);
  const pathUrl = new URL(tail.startsWith('/') ? tail : `/${tail}`, url);
  return {
    input,
    host: url.host,
    origin: url.origin,
    registrableDomain: registrableDomain(url.hostname),
    path: `${pathUrl.pathname}${pathUrl.search}`,
    schemeGiven: withScheme !== null,
  };
}
