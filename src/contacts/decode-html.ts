import { CONTACT_LIMITS } from '../config.js';
import { LimitExceededError, NotHtmlError } from '../errors.js';

export interface DecodeHtmlOptions {
  /** The response's Content-Type header; its charset wins over a `<meta>` declaration, a BOM wins over it. */
  contentType?: string | null;
  /** Default: CONTACT_LIMITS.maxPageBytes. */
  maxPageBytes?: number;
  /** Named in errors. */
  url?: string | null;
}

export interface DecodedHtml {
  html: string;
  /** The WHATWG encoding name used, e.g. `utf-8`, `windows-1252`. */
  charset: string;
  /** Why: a byte-order mark, the Content-Type header, a `<meta>` in the first bytes, invalid UTF-8 read as windows-1252, or the UTF-8 default. */
  charsetSource: 'bom' | 'header' | 'meta' | 'sniffed' | 'default';
}

/** How far into the document a `<meta charset>` is looked for (the HTML standard's prescan reads 1024 bytes; pages exceed it). */
const META_PRESCAN_BYTES = 2048;

const SIGNATURES: ReadonlyArray<{ found: string; bytes: readonly number[] }> = [
  { found: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { found: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { found: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { found: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { found: 'a ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { found: 'gzip data', bytes: [0x1f, 0x8b] },
  { found: 'a RIFF file (WebP, WAV, AVI)', bytes: [0x52, 0x49, 0x46, 0x46] },
  { found: 'a WOFF font', bytes: [0x77, 0x4f, 0x46, 0x46] },
];

const BINARY_TYPES = /^(?:image|audio|video|font)\/|^application\/(?:pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|vnd\.rar|octet-stream|msword|vnd\.|wasm|font)/;

/**
 * Turns a page's bytes into text. The charset comes from, in order: a byte-order mark, the Content-Type header,
 * a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 2 KiB; without any, UTF-8, or windows-1252
 * when the bytes are not valid UTF-8 (old Latin-1 pages that never declared a charset). Pure: bytes in, text out.
 *
 * Throws NotHtmlError (SS_ERR_CONTACT_NOT_HTML) for binary input and LimitExceededError (SS_ERR_LIMIT_PAGE_BYTES)
 * past maxPageBytes.
 *
 * @example
 *   decodeHtml(bytes, { contentType: 'text/html; charset=ISO-8859-1' }) //=> { html: 'Straße …', charset: 'windows-1252', charsetSource: 'header' }
 */
export function decodeHtml(bytes: Uint8Array, options: DecodeHtmlOptions = {}): DecodedHtml {
  const maxPageBytes = options.maxPageBytes ?? CONTACT_LIMITS.maxPageBytes.default;
  const url = options.url ?? null;
  if (bytes.length > maxPageBytes) throw new LimitExceededError('SS_ERR_LIMIT_PAGE_BYTES', 'maxPageBytes', maxPageBytes, bytes.length, { url });
  const mime = (options.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (BINARY_TYPES.test(mime)) throw new NotHtmlError(`Content-Type ${mime}`, { url });

  const bom = readBom(bytes);
  if (bom !== null) return { html: decode(bytes.subarray(bom.length), bom.charset), charset: bom.charset, charsetSource: 'bom' };
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (signature !== undefined) throw new NotHtmlError(signature.found, { url });
  const head = bytes.subarray(0, 1024);
  if (head.includes(0)) throw new NotHtmlError('NUL bytes (binary data)', { url });

  const fromHeader = encodingFor(/charset\s*=\s*["']?([^"';\s]+)/i.exec(options.contentType ?? '')?.[1]);
  if (fromHeader !== null) return { html: decode(bytes, fromHeader), charset: fromHeader, charsetSource: 'header' };
  const fromMeta = encodingFor(metaCharset(bytes.subarray(0, META_PRESCAN_BYTES)));
  if (fromMeta !== null) return { html: decode(bytes, fromMeta), charset: fromMeta, charsetSource: 'meta' };
  try {
    return { html: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8', charsetSource: 'default' };
  } catch {
    return { html: decode(bytes, 'windows-1252'), charset: 'windows-1252', charsetSource: 'sniffed' };
  }
}

function readBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  return null;
}

/**
 * The charset a `<meta>` declares. The prescan reads the first bytes as Latin-1 (every byte maps to one character),
 * which is what the HTML standard's prescan does: the declaration itself is ASCII whatever the encoding.
 */
function metaCharset(head: Uint8Array): string | undefined {
  const text = new TextDecoder('windows-1252').decode(head).replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of text.matchAll(/<meta\s[^>]*>/gi)) {
    const value = /charset\s*=\s*["']?\s*([^"'\s;/>]+)/i.exec(tag[0]);
    if (value !== null) return value[1];
  }
  return undefined;
}

/** The WHATWG encoding for a label, or null for an unknown label. UTF-16 labels in a `<meta>` mean UTF-8 (the standard says so). */
function encodingFor(label: string | undefined): string | null {
  if (label === undefined) return null;
  try {
    const encoding = new TextDecoder(label.trim().toLowerCase()).encoding;
    return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return null;
  }
}

function decode(bytes: Uint8Array, charset: string): string {
  return new TextDecoder(charset).decode(bytes);
}
