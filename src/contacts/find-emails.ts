import { cleanEmail } from './email-rules.js';

/** An address as read, before the decoy rules; `index` is where it starts in the scanned text. */
export interface EmailMatch {
  address: string;
  index: number;
  length: number;
}

// The local part may not start right after another address character or any letter (`müller@` is not `ller@`), and
// the domain may not run on into more letters: `x@y.com` inside `ax@y.community` is not an address. Bounded
// quantifiers keep the scan linear.
const EMAIL = /(?<![\p{L}\p{N}_.%+-])([a-z0-9](?:[\w.%+-]{0,63}))@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24})(?![a-z0-9-]|\.[a-z0-9])/giu;

/** Every plain address in a piece of text (a text run or an attribute value). */
export function findEmailsInText(text: string): EmailMatch[] {
  const out: EmailMatch[] = [];
  for (const match of text.matchAll(EMAIL)) {
    out.push({ address: cleanEmail(match[0]), index: match.index, length: match[0].length });
  }
  return out;
}

// Spaces only, never a line break: an address does not continue on the next line of the page.
const AT = String.raw`[ \t]*(?:[\[({<][ \t]*(?:at|@|ät|arroba|chiocciola|snabel-?a)[ \t]*[\])}>])[ \t]*`;
const DOT = String.raw`[ \t]*(?:[\[({<][ \t]*(?:dot|punkt|point|punto|ponto|\.)[ \t]*[\])}>]|\.)[ \t]*`;
/** `name [at] domain [dot] com`, `name(at)domain.de`, `name {at} domain (dot) fr`: the bracketed forms are unambiguous. */
const BRACKETED = new RegExp(String.raw`(?<![\p{L}\p{N}_.%+-])([a-z0-9][\w.%+-]{0,63})${AT}([a-z0-9-]{1,63}(?:${DOT}[a-z0-9-]{1,63}){1,6})(?![\w-])`, 'giu');
/** `name@domain [dot] com`: a real @ with a spelled-out dot. */
const SPELLED_DOT = new RegExp(String.raw`(?<![\p{L}\p{N}_.%+-])([a-z0-9][\w.%+-]{0,63})@([a-z0-9-]{1,63}(?:${DOT}[a-z0-9-]{1,63}){1,6})(?![\w-])`, 'giu');
/** `name at domain dot com`: plain words, read only after a contact word because "at" and "dot" are ordinary English. */
const SPOKEN = /(?<![\p{L}\p{N}_.%+-])([a-z0-9][\w.%+-]{0,63}) +(?:at|AT) +([a-z0-9-]{1,63}(?: +(?:dot|DOT) +[a-z0-9-]{1,63}){1,4})(?![\w-])/gu;
const CONTACT_WORDS = /(?:e-?mail|mail|contact|kontakt|courriel|correo|write|reach|email us|adresse)/i;
/** How far before a spoken address its contact word may be (and on the same line). */
const SPOKEN_WINDOW = 60;

/**
 * Addresses written to dodge harvesters. The result is the address it spells; plain addresses are left to
 * findEmailsInText.
 *
 * @example
 *   findObfuscatedEmails('Mail: info [at] acme [dot] de')[0].address //=> 'info@acme.de'
 */
export function findObfuscatedEmails(text: string): EmailMatch[] {
  const out: EmailMatch[] = [];
  const add = (match: RegExpMatchArray, local: string, domain: string): void => {
    const host = domain.split(new RegExp(DOT, 'i')).join('.').replace(/\s+(?:dot|DOT)\s+/g, '.');
    out.push({ address: cleanEmail(`${local}@${host}`), index: match.index ?? 0, length: match[0].length });
  };
  for (const match of text.matchAll(BRACKETED)) add(match, match[1]!, match[2]!);
  for (const match of text.matchAll(SPELLED_DOT)) {
    if (!/[[({<]/.test(match[2]!)) continue;
    add(match, match[1]!, match[2]!);
  }
  for (const match of text.matchAll(SPOKEN)) {
    const index = match.index ?? 0;
    const before = text.slice(Math.max(0, index - SPOKEN_WINDOW), index);
    if (!CONTACT_WORDS.test(before.slice(before.lastIndexOf('\n') + 1))) continue;
    add(match, match[1]!, match[2]!);
  }
  return out;
}

/**
 * The addresses of a `mailto:` link: query string dropped, percent-escapes decoded, several addresses split on
 * commas or semicolons.
 *
 * @example
 *   readMailto('mailto:a@x.de,b@x.de?subject=Hi') //=> ['a@x.de', 'b@x.de']
 */
export function readMailto(href: string): string[] {
  const body = href.trim().replace(/^mailto:/i, '').replace(/^\/\//, '');
  const withoutQuery = body.split('?')[0] ?? '';
  let decoded = withoutQuery;
  try {
    decoded = decodeURIComponent(withoutQuery);
  } catch {
    // A stray % that is not an escape: keep the text as written.
  }
  return decoded
    .split(/[,;]/)
    .map((part) => part.trim().replace(/^<|>$/g, ''))
    .filter((part) => part.includes('@'))
    .map(cleanEmail);
}

/**
 * Decodes Cloudflare's email obfuscation: hex bytes, each XOR-ed with the first. Returns null for a payload that is
 * not hex, too short or not valid UTF-8.
 *
 * @example
 *   decodeCloudflareEmail('422b2c242d0223212f276c212d2f') //=> 'info@acme.com'
 */
export function decodeCloudflareEmail(hex: string): string | null {
  if (!/^(?:[0-9a-f]{2}){2,}$/i.test(hex)) return null;
  const key = Number.parseInt(hex.slice(0, 2), 16);
  const bytes = new Uint8Array(hex.length / 2 - 1);
  for (let i = 2; i < hex.length; i += 2) bytes[i / 2 - 1] = Number.parseInt(hex.slice(i, i + 2), 16) ^ key;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
