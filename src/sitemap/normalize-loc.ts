import type { WarningCode } from './types.js';

export type WarnFn = (code: WarningCode, message: string, offset: number | null) => void;

/**
 * A `<loc>`'s text as a URL string. Whitespace around it is gone already; tabs, and line breaks with the indentation
 * around them, are removed inside it (the WHATWG URL parser drops tabs and newlines, and hand-written sitemaps wrap
 * long URLs). Absolute http(s) URLs are kept
 * exactly as written, on the fast path: parsing every one with `new URL` would cost more than the rest of the parse.
 * A relative loc is resolved against `base` when there is one, and reported either way: it breaks the protocol.
 */
export function normalizeLoc(raw: string, base: URL | null, warn: WarnFn, offset: number | null): string {
  let loc = raw;
  // A line break with its indentation is wrapping, not part of the URL.
  if (hasTabOrNewline(loc)) loc = loc.replace(/[ \t]*[\r\n]+[ \t]*/g, '').replace(/\t/g, '');
  if (isHttpUrl(loc)) return loc;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(loc) && !loc.startsWith('//')) {
    warn('non-http-loc', `loc is not an http(s) URL: ${clip(loc)}`, offset);
    return loc;
  }
  if (base === null) {
    warn('relative-loc', `relative loc kept as written (no base URL given): ${clip(loc)}`, offset);
    return loc;
  }
  try {
    const resolved = new URL(loc, base).href;
    warn('relative-loc', `relative loc ${clip(loc)} resolved to ${clip(resolved)}`, offset);
    return resolved;
  } catch {
    warn('unresolvable-loc', `loc cannot be resolved against ${base.href}: ${clip(loc)}`, offset);
    return loc;
  }
}

/** True for strings starting with `http://` or `https://`, any case. */
export function isHttpUrl(s: string): boolean {
  if (s.length < 8) return false;
  const c0 = s.charCodeAt(0) | 0x20;
  const c1 = s.charCodeAt(1) | 0x20;
  const c2 = s.charCodeAt(2) | 0x20;
  const c3 = s.charCodeAt(3) | 0x20;
  if (c0 !== 0x68 || c1 !== 0x74 || c2 !== 0x74 || c3 !== 0x70) return false;
  let i = 4;
  if ((s.charCodeAt(4) | 0x20) === 0x73) i = 5;
  return s.charCodeAt(i) === 0x3a && s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f && s.length > i + 3;
}

function hasTabOrNewline(s: string): boolean {
  return s.indexOf('\n') !== -1 || s.indexOf('\r') !== -1 || s.indexOf('\t') !== -1;
}

export function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
