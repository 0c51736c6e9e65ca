import { NotASitemapError } from '../errors.js';
import type { SitemapKind } from './types.js';

/** How much decoded text the sniffer may look at before it must decide. */
export const SNIFF_BYTES = 64 * 1024;

export interface SniffResult {
  kind: SitemapKind;
  /** Comments and xml-stylesheet hrefs of the prolog (before the root), clipped. */
  comments: string[];
  stylesheets: string[];
  /** Byte offset where the reader starts: the root element's '<' for XML, 0 for text. */
  start: number;
  /** True when something other than an XML prolog came before the root element. */
  junkBeforeRoot: boolean;
}

/** Prolog and trailing notes kept per document, each clipped: enough to recognise a generator, bounded. */
export const MAX_NOTES = 4;
export const MAX_NOTE_CHARS = 300;
export function clipNote(s: string): string {
  return s.length > MAX_NOTE_CHARS ? s.slice(0, MAX_NOTE_CHARS) : s;
}

const ROOTS: Record<string, SitemapKind> = { urlset: 'urlset', sitemapindex: 'sitemapindex', rss: 'rss', rdf: 'rss', feed: 'atom' };
const ROOT_SEARCH = /<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex|rss|rdf|feed)(?=[\s>/])/gi;

/**
 * Decides what a document is from its first bytes (decoded to UTF-8), never from a file name or content type.
 * A sitemap-like root after junk (a PHP warning, stray text) is found and the junk reported; HTML, JSON, binary
 * data, an empty document and other XML vocabularies end with a NotASitemapError naming what was found.
 * Returns null while `head` is too short to tell and more may come, so the first entries are parsed as soon as the
 * first chunk arrives, not after 64 KiB.
 * @param final whether no more bytes will be offered (the document ended, or SNIFF_BYTES were read)
 */
export function sniffFormat(head: Buffer, final: boolean): SniffResult | null {
  const text = head.toString('latin1');
  let i = skipSpace(text, 0);
  if (i === text.length) {
    if (!final) return null;
    throw new NotASitemapError(head.length === 0 ? 'an empty document' : 'only whitespace');
  }
  if (!final && text.length - i < 8) return null;
  const binary = describeBinary(head, i);
  if (binary !== null) throw new NotASitemapError(binary);
  const c = text[i];
  if (c === '{' || c === '[') throw new NotASitemapError(`JSON (starts with ${JSON.stringify(text.slice(i, i + 40))})`);
  if (/^https?:\/\//i.test(text.slice(i, i + 8))) return { kind: 'text', start: 0, junkBeforeRoot: false, comments: [], stylesheets: [] };

  // Walk the prolog: declaration, processing instructions, comments, DOCTYPE.
  const comments: string[] = [];
  const stylesheets: string[] = [];
  while (i < text.length && text[i] === '<') {
    const from = i;
    if (text.startsWith('<?', i)) {
      i = after(text, '?>', i + 2);
      const href = /^<\?xml-stylesheet\s[^>]*?href\s*=\s*["']([^"']*)["']/i.exec(text.slice(from, i === -1 ? from + 300 : i))?.[1];
      if (href !== undefined && stylesheets.length < MAX_NOTES) stylesheets.push(clipNote(href));
    } else if (text.startsWith('<!--', i)) {
      i = after(text, '-->', i + 4);
      if (i !== -1 && comments.length < MAX_NOTES) comments.push(clipNote(text.slice(from + 4, i - 3).trim()));
    }
    else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      if (/^<!doctype\s+html/i.test(text.slice(i, i + 20))) throw new NotASitemapError('an HTML document (<!DOCTYPE html>)');
      i = afterDoctype(text, i + 9);
    } else break;
    if (i === -1) break;
    i = skipSpace(text, i);
  }
  if (!final && (i === -1 || i === text.length)) return null;
  if (i !== -1 && i < text.length && text[i] === '<') {
    const m = /^<([A-Za-z_][\w.:-]*)([\s/>])?/.exec(text.slice(i, i + 200));
    if (!final && m !== null && m[2] === undefined) return null;
    const name = m?.[1];
    if (name !== undefined) {
      const local = name.slice(name.lastIndexOf(':') + 1).toLowerCase();
      const kind = ROOTS[local];
      if (kind !== undefined) return { kind, start: i, junkBeforeRoot: false, comments, stylesheets };
      if (local === 'html' || local === 'head' || local === 'body') throw new NotASitemapError(`an HTML document (<${name}>)`);
      const found = search(text);
      if (found !== null) return { ...found, junkBeforeRoot: true, comments, stylesheets };
      if (!final) return null;
      throw new NotASitemapError(`XML with root element <${name}>, not urlset, sitemapindex, rss or feed`);
    }
  }
  const found = search(text);
  if (found !== null) return { ...found, junkBeforeRoot: true, comments, stylesheets };
  if (/<html[\s>]/i.test(text)) throw new NotASitemapError('an HTML document');
  if (!final) return null;
  const firstLine = text.slice(skipSpace(text, 0)).split(/\r?\n|\r/, 1)[0] ?? '';
  throw new NotASitemapError(`text that is neither XML nor a list of URLs (first line: ${JSON.stringify(firstLine.slice(0, 80))})`);
}

function search(text: string): { kind: SitemapKind; start: number } | null {
  ROOT_SEARCH.lastIndex = 0;
  const m = ROOT_SEARCH.exec(text);
  if (m === null) return null;
  return { kind: ROOTS[m[1]!.toLowerCase()]!, start: m.index };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function after(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? -1 : at + marker.length;
}

function afterDoctype(text: string, from: number): number {
  const gt = text.indexOf('>', from);
  const bracket = text.indexOf('[', from);
  if (bracket !== -1 && (gt === -1 || bracket < gt)) {
    const close = text.indexOf(']', bracket);
    return close === -1 ? -1 : after(text, '>', close);
  }
  return gt === -1 ? -1 : gt + 1;
}

const MAGIC: Array<[number[], string]> = [
  [[0x1f, 0x8b], 'gzip data nested more than two levels deep'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x42, 0x5a, 0x68], 'bzip2 data'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz data'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd data'],
];

/** Names binary content (by magic number, or by control bytes in the first 512 bytes); null for text. */
function describeBinary(head: Buffer, from: number): string | null {
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, k) => head[from + k] === b)) return what;
  }
  const end = Math.min(head.length, from + 512);
  let control = 0;
  for (let k = from; k < end; k++) {
    const b = head[k]!;
    if (b === 0) return `binary data (a NUL byte at ${k})`;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  if (control > (end - from) / 10) {
    return `binary data (first bytes ${[...head.subarray(from, from + 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`;
  }
  return null;
}
