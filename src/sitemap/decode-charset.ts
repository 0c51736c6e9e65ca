import { prepend } from './byte-source.js';
import type { WarnFn } from './normalize-loc.js';
import type { SitemapSummary } from './types.js';

/** Enough for a BOM and an XML declaration with a long encoding name. */
const HEAD_BYTES = 512;

/**
 * Decodes the document to UTF-8 bytes: the tokenizer then works on one encoding only. The encoding comes from the
 * BOM (UTF-8, UTF-16 LE/BE), else from UTF-16's pattern of `<?` without BOM, else from the XML declaration's
 * `encoding`, else UTF-8. UTF-8 input passes through untouched (invalid sequences become U+FFFD where a field is
 * read); anything else streams through a TextDecoder. An encoding the runtime cannot decode is reported and read
 * as UTF-8 rather than refused.
 */
export async function* decodeToUtf8(source: AsyncIterable<Buffer>, summary: SitemapSummary, warn: WarnFn): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  // Read only as far as the decision needs: a small first chunk is parsed at once, so a source that fails right
  // after it still gives its entries.
  let head: Buffer = Buffer.alloc(0);
  let ended = false;
  while (!ended && !canDecide(head)) {
    const step = await it.next();
    if (step.done === true) ended = true;
    else head = head.length === 0 ? step.value : Buffer.concat([head, step.value]);
  }
  const { encoding, bomLength } = sniffEncoding(head, warn);
  summary.encoding = encoding;
  const body = prepend(bomLength > 0 ? head.subarray(bomLength) : head, it, ended);
  if (encoding === 'utf-8') {
    yield* body;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of body) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}

function canDecide(head: Buffer): boolean {
  if (head.length >= HEAD_BYTES) return true;
  if (head.length < 4) return false;
  if (head[0] === 0xef || head[0] === 0xff || head[0] === 0xfe || head[0] === 0x00 || head[1] === 0x00) return true;
  const text = head.toString('latin1');
  if (text.includes('?>')) return true;
  const first = text.trimStart();
  return first.length >= 2 && !(first[0] === '<' && first[1] === '?');
}

export function sniffEncoding(head: Buffer, warn: WarnFn): { encoding: string; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head.length >= 4 && head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head.length >= 4 && head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: 'utf-16be', bomLength: 0 };
  const declared = declaredEncoding(head);
  if (declared === null) return { encoding: 'utf-8', bomLength: 0 };
  const label = declared.toLowerCase();
  if (label === 'utf-8' || label === 'utf8' || label === 'us-ascii' || label === 'ascii') return { encoding: 'utf-8', bomLength: 0 };
  try {
    // WHATWG maps iso-8859-1 and latin1 to windows-1252, which is what such documents really are.
    const encoding = new TextDecoder(label).encoding;
    // A declaration in an ASCII-compatible document cannot truthfully say UTF-16 (there is no BOM or NUL pattern).
    if (encoding.startsWith('utf-16')) return { encoding: 'utf-8', bomLength: 0 };
    return { encoding, bomLength: 0 };
  } catch {
    warn('unsupported-encoding', `declared encoding ${JSON.stringify(declared)} is not supported; read as UTF-8`, 0);
    return { encoding: 'utf-8', bomLength: 0 };
  }
}

/** The encoding pseudo-attribute of an XML declaration at the start (after optional whitespace). */
function declaredEncoding(head: Buffer): string | null {
  const text = head.toString('latin1');
  const m = /<\?xml\s[^?>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(text);
  return m ? m[1]! : null;
}
