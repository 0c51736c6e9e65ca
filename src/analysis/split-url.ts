/** The parts of an absolute URL the analysis needs, without `new URL` (too slow for ten million locs). */
export interface UrlParts {
  /** Lower-case host with its port, userinfo removed; '' when the loc is not an absolute URL. */
  host: string;
  /** The path as written ('/' when empty), without query or fragment. */
  path: string;
  hasQuery: boolean;
}

/**
 * Splits `scheme://[userinfo@]host[:port]/path?query#fragment`. A loc without `://` yields an empty host and is
 * read as a path.
 */
export function splitUrl(loc: string): UrlParts {
  const scheme = loc.indexOf('://');
  let hostStart = 0;
  let host = '';
  let pathStart = 0;
  if (scheme > 0 && scheme < 12) {
    hostStart = scheme + 3;
    pathStart = loc.length;
    for (let i = hostStart; i < loc.length; i++) {
      const c = loc.charCodeAt(i);
      if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) {
        pathStart = i;
        break;
      }
    }
    host = loc.slice(hostStart, pathStart);
    const at = host.lastIndexOf('@');
    if (at !== -1) host = host.slice(at + 1);
    host = host.toLowerCase();
  }
  let end = loc.length;
  const q = loc.indexOf('?', pathStart);
  const h = loc.indexOf('#', pathStart);
  if (h !== -1) end = h;
  if (q !== -1 && q < end) end = q;
  const path = end > pathStart && loc.charCodeAt(pathStart) !== 0x3f ? loc.slice(pathStart, end) : '/';
  return { host, path: path === '' ? '/' : path, hasQuery: q !== -1 && (h === -1 || q < h) };
}

/** `www.example.com` and `example.com` count as one host: sites publish either and redirect between them. */
export function sameSite(a: string, b: string): boolean {
  return stripWww(a) === stripWww(b);
}

export function stripWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}
