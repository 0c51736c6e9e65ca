import { LimitExceededError, SitemapSyntaxError } from '../errors.js';
import type { FastUrlset } from './fast-urlset.js';
import { clipNote, MAX_NOTES, MAX_NOTE_CHARS } from './sniff-format.js';
import { HASH_SEED, hashStep, lookupName, Name } from './xml-names.js';

/**
 * What the tokenizer reports. One implementation per document kind keeps the calls monomorphic.
 * Offsets are byte offsets in the decoded UTF-8 document.
 */
export interface XmlHandler {
  /** When true, the text of the current element is delivered to `text`; when false it is skipped unread. */
  wantText: boolean;
  open(name: Name, depth: number, buf: Buffer, attrStart: number, attrEnd: number, offset: number): void;
  close(name: Name, depth: number): void;
  /** A complete text node (entities not yet decoded) or, with `cdata`, a CDATA section's raw content. */
  text(buf: Buffer, start: number, end: number, cdata: boolean): void;
}

export interface XmlTokenizerLimits {
  maxTokenBytes: number;
  maxElementDepth: number;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

const enum Skip {
  None,
  Comment,
  Cdata,
  Pi,
  Doctype,
  DoctypeSubset,
}

const COMMENT_START = Buffer.from('<!--');
const COMMENT_END = Buffer.from('-->');
const CDATA_END = Buffer.from(']]>');
const PI_END = Buffer.from('?>');
const CDATA_START = Buffer.from('<![CDATA[');
const EMPTY = Buffer.alloc(0);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/**
 * A streaming XML scanner over UTF-8 bytes, written for sitemaps: one pass, constant work per byte, memory bounded
 * by the longest single token (capped by maxTokenBytes). It never processes a DTD and never expands an entity:
 * text is handed over raw and the reader decodes only the five predefined entities and character references.
 * Comments, processing instructions, the DOCTYPE and uncaptured CDATA are skipped in streaming fashion, so a huge
 * one costs time but no memory.
 *
 * `feed(chunk)` takes bytes in any split; `end()` checks the document closed. The root element must be the first
 * element fed (the sniffer drops anything before it); the tokenizer stops reading once the root closes.
 */
export class XmlTokenizer {
  readonly #handler: XmlHandler;
  readonly #maxToken: number;
  readonly #maxDepth: number;
  /** The urlset fast path, tried at depth 1 (between the root's children); null for other kinds. */
  readonly #fast: FastUrlset | null;
  #carry: Buffer = EMPTY;
  /** Offset of #carry[0] (or of the next chunk when there is no carry) in the document. */
  #base: number;
  #skip: Skip = Skip.None;
  /**
   * Per open element, what its end tag must match: the known name's id, or for other elements a hash of the
   * full (prefixed, case-folded) name, kept above the id range.
   */
  #stack: Uint32Array;
  #depth = 0;
  #rootClosed = false;
  /** Set when content other than comments and whitespace follows the root element. */
  trailingContent = false;
  /** Comments after the root element (the first few, clipped). */
  readonly trailingComments: string[] = [];
  /** The most bytes ever held over between chunks: never more than maxTokenBytes. */
  peakCarryBytes = 0;

  constructor(handler: XmlHandler, limits: XmlTokenizerLimits, baseOffset = 0, fast: FastUrlset | null = null) {
    this.#handler = handler;
    this.#fast = fast;
    this.#maxToken = limits.maxTokenBytes;
    this.#maxDepth = limits.maxElementDepth;
    this.#base = baseOffset;
    const initial = Math.min(64, limits.maxElementDepth + 1);
    this.#stack = new Uint32Array(initial);
  }

  get depth(): number {
    return this.#depth;
  }

  get done(): boolean {
    return this.#rootClosed;
  }

  feed(chunk: Buffer): void {
    if (this.#rootClosed) {
      this.#trailing(chunk, 0);
      return;
    }
    if (this.#carry.length > 0) {
      // Complete the carried token with the chunk's bytes up to its first '>' instead of copying the whole chunk
      // onto the carry: one small copy per chunk boundary, not one chunk-sized copy.
      const carry = this.#carry;
      this.#carry = EMPTY;
      const gt = this.#skip === Skip.None ? chunk.indexOf(GT) : -1;
      if (gt === -1) {
        this.#process(Buffer.concat([carry, chunk]));
        return;
      }
      const head = Buffer.concat([carry, chunk.subarray(0, gt + 1)]);
      const keep = this.#scan(head);
      if (keep < head.length) {
        this.#base += keep;
        this.#process(Buffer.concat([head.subarray(keep), chunk.subarray(gt + 1)]));
        return;
      }
      this.#base += head.length;
      if (this.#rootClosed) {
        this.#trailing(chunk, gt + 1);
        return;
      }
      chunk = chunk.subarray(gt + 1);
    }
    this.#process(chunk);
  }

  #process(buf: Buffer): void {
    const keep = this.#scan(buf);
    // Copy, so the caller's chunk (often a pooled buffer) is not retained.
    if (keep < buf.length) {
      this.#carry = Buffer.from(buf.subarray(keep));
      if (this.#carry.length > this.peakCarryBytes) this.peakCarryBytes = this.#carry.length;
    }
    this.#base += keep;
  }

  #trailing(chunk: Buffer, from: number): void {
    this.#trailingNotes(chunk, from);
    this.#base += chunk.length - from;
  }

  /** After the root: comments are kept (generators sign there); anything else only flags trailing content. */
  #trailingNotes(buf: Buffer, from: number): void {
    let i = from;
    while (i < buf.length && this.trailingComments.length < MAX_NOTES) {
      const open = buf.indexOf(COMMENT_START, i);
      if (open === -1) break;
      if (hasNonSpace(buf, i, open)) this.trailingContent = true;
      const close = buf.indexOf(COMMENT_END, open + 4);
      if (close === -1) break;
      this.trailingComments.push(clipNote(buf.toString('utf8', open + 4, Math.min(close, open + 4 + MAX_NOTE_CHARS * 4)).trim()));
      i = close + 3;
    }
    if (!this.trailingContent && hasNonSpace(buf, i, buf.length) && buf.indexOf(COMMENT_START, i) !== i) this.trailingContent = true;
  }

  end(): void {
    if (this.#rootClosed) return;
    const at = this.#base + this.#carry.length;
    if (this.#skip !== Skip.None) {
      const what = this.#skip === Skip.Comment ? 'a comment' : this.#skip === Skip.Cdata ? 'a CDATA section' : this.#skip === Skip.Pi ? 'a processing instruction' : 'the DOCTYPE';
      throw new SitemapSyntaxError(`unexpected end of document inside ${what}`, at);
    }
    if (this.#carry.length > 0 && hasNonSpace(this.#carry, 0, this.#carry.length)) {
      throw new SitemapSyntaxError('unexpected end of document inside a tag or text', this.#base);
    }
    if (this.#depth > 0) {
      throw new SitemapSyntaxError(`unexpected end of document: ${this.#depth} element(s) still open`, at);
    }
    throw new SitemapSyntaxError('unexpected end of document: no root element', at);
  }

  /** Scans buf; returns the index from which bytes must be kept for the next chunk. */
  #scan(buf: Buffer): number {
    const handler = this.#handler;
    const len = buf.length;
    let pos = 0;
    if (this.#skip !== Skip.None) {
      pos = this.#continueSkip(buf, 0);
      if (pos < 0) return this.#skipCarry(buf);
    }
    const fast = this.#fast;
    while (pos < len) {
      if (fast !== null && this.#depth === 1) {
        // Between the root's children: plain entries are read whole from the bytes; the rest goes on below.
        pos = fast.run(buf, pos, this.#base);
        if (pos === len) return len;
      }
      // Plain loops, not Buffer#indexOf: the gaps between tags are short and a native call per tag costs more.
      let lt = pos;
      while (lt < len && buf[lt] !== LT) lt++;
      if (lt === len) {
        if (handler.wantText) {
          this.#checkToken(len - pos, pos);
          return pos;
        }
        return len;
      }
      if (lt > pos && handler.wantText) {
        this.#checkToken(lt - pos, pos);
        handler.text(buf, pos, lt, false);
      }
      if (lt + 1 >= len) return lt;
      const c = buf[lt + 1]!;
      if (c === SLASH) {
        let gt = lt + 2;
        while (gt < len && buf[gt] !== GT) gt++;
        if (gt === len) {
          this.#checkToken(len - lt, lt);
          return lt;
        }
        this.#closeTag(buf, lt, gt);
        pos = gt + 1;
      } else if (c === BANG) {
        const next = this.#markup(buf, lt);
        if (next === -1) return lt;
        if (next < 0) return this.#skipCarry(buf);
        pos = next;
      } else if (c === QUESTION) {
        const end = buf.indexOf(PI_END, lt + 2);
        if (end === -1) {
          this.#skip = Skip.Pi;
          return this.#skipCarry(buf);
        }
        pos = end + 2;
      } else {
        const next = this.#openTag(buf, lt);
        if (next === -1) return lt;
        pos = next;
      }
      if (this.#rootClosed) {
        this.#trailingNotes(buf, pos);
        return len;
      }
    }
    return len;
  }

  /** Handles `<!…`: comment, CDATA, DOCTYPE. Returns the next position, -1 to wait for more bytes, -2 when skipping on. */
  #markup(buf: Buffer, lt: number): number {
    const len = buf.length;
    if (len - lt < 4) return -1;
    if (buf[lt + 2] === 0x2d && buf[lt + 3] === 0x2d) {
      const end = buf.indexOf(COMMENT_END, lt + 4);
      if (end === -1) {
        this.#skip = Skip.Comment;
        return -2;
      }
      return end + 3;
    }
    if (buf[lt + 2] === 0x5b) {
      if (len - lt < CDATA_START.length) return -1;
      if (buf.compare(CDATA_START, 0, CDATA_START.length, lt, lt + CDATA_START.length) !== 0) {
        throw new SitemapSyntaxError('malformed markup declaration', this.#base + lt);
      }
      const from = lt + CDATA_START.length;
      const end = buf.indexOf(CDATA_END, from);
      if (this.#handler.wantText) {
        if (end === -1) {
          this.#checkToken(len - lt, lt);
          return -1;
        }
        this.#checkToken(end - from, from);
        this.#handler.text(buf, from, end, true);
        return end + 3;
      }
      if (end === -1) {
        this.#skip = Skip.Cdata;
        return -2;
      }
      return end + 3;
    }
    if (len - lt < 9) return -1;
    if (buf.toString('latin1', lt + 2, lt + 9).toUpperCase() === 'DOCTYPE') {
      this.#skip = Skip.Doctype;
      const next = this.#continueSkip(buf, lt + 9);
      return next < 0 ? -2 : next;
    }
    throw new SitemapSyntaxError('malformed markup declaration', this.#base + lt);
  }

  /** Continues a skip from `from`; returns the position after it, or -1 when the buffer ended inside it. */
  #continueSkip(buf: Buffer, from: number): number {
    for (;;) {
      switch (this.#skip) {
        case Skip.None:
          return from;
        case Skip.Comment:
        case Skip.Cdata:
        case Skip.Pi: {
          const marker = this.#skip === Skip.Comment ? COMMENT_END : this.#skip === Skip.Cdata ? CDATA_END : PI_END;
          const end = buf.indexOf(marker, from);
          if (end === -1) return -1;
          this.#skip = Skip.None;
          return end + marker.length;
        }
        case Skip.Doctype: {
          // The DOCTYPE is skipped, never processed: its internal subset may declare entities
          // (billion laughs, external entities); they are never expanded because nothing reads them.
          let i = from;
          for (; i < buf.length; i++) {
            const c = buf[i]!;
            if (c === 0x5b) break;
            if (c === GT) break;
          }
          if (i === buf.length) return -1;
          if (buf[i] === GT) {
            this.#skip = Skip.None;
            return i + 1;
          }
          this.#skip = Skip.DoctypeSubset;
          from = i + 1;
          continue;
        }
        case Skip.DoctypeSubset: {
          const close = buf.indexOf(0x5d, from);
          if (close === -1) return -1;
          this.#skip = Skip.Doctype;
          from = close + 1;
          continue;
        }
      }
    }
  }

  /** While skipping, keep only the bytes a split end marker could start in. */
  #skipCarry(buf: Buffer): number {
    return Math.max(0, buf.length - 2);
  }

  #openTag(buf: Buffer, lt: number): number {
    const len = buf.length;
    let i = lt + 1;
    const first = buf[i]!;
    if (!(first >= 0x61 && first <= 0x7a) && !(first >= 0x41 && first <= 0x5a) && first !== 0x5f && first !== 0x3a && first < 0x80) {
      throw new SitemapSyntaxError(`unexpected character ${JSON.stringify(String.fromCharCode(first))} after '<'`, this.#base + lt);
    }
    let localStart = i;
    for (; i < len; i++) {
      const c = buf[i]!;
      if (c === GT || c === SLASH || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
      if (c === 0x3a) localStart = i + 1;
    }
    if (i >= len) {
      this.#checkToken(len - lt, lt);
      return -1;
    }
    const nameEnd = i;
    // Attribute values may contain '>': quotes are skipped whole.
    let gt = -1;
    while (i < len) {
      const c = buf[i]!;
      if (c === GT) {
        gt = i;
        break;
      }
      if (c === DQUOTE || c === SQUOTE) {
        i++;
        while (i < len && buf[i] !== c) i++;
      }
      i++;
    }
    if (gt === -1) {
      this.#checkToken(len - lt, lt);
      return -1;
    }
    this.#checkToken(gt - lt, lt);
    const selfClosing = buf[gt - 1] === SLASH;
    const name = lookupName(buf, localStart, nameEnd);
    const depth = this.#depth + 1;
    if (depth > this.#maxDepth) {
      throw new LimitExceededError('SS_ERR_LIMIT_ELEMENT_DEPTH', 'maxElementDepth', this.#maxDepth, depth, { offset: this.#base + lt });
    }
    const handler = this.#handler;
    handler.open(name, depth, buf, nameEnd, selfClosing ? gt - 1 : gt, this.#base + lt);
    if (selfClosing) {
      handler.close(name, depth);
      if (depth === 1) this.#rootClosed = true;
    } else if (depth > 1) {
      // Leaf fast path: most elements are `<name>text</name>`. When the end tag follows the text at once and spells
      // the same name, the element is done here: no trip through the main loop, no end-tag lookup, no stack entry.
      let lt2 = gt + 1;
      while (lt2 < len && buf[lt2] !== LT) lt2++;
      const nameLength = nameEnd - lt - 1;
      const closeEnd = lt2 + 2 + nameLength;
      if (closeEnd < len && buf[lt2 + 1] === SLASH && buf[closeEnd] === GT && sameBytes(buf, lt + 1, lt2 + 2, nameLength)) {
        if (lt2 > gt + 1 && handler.wantText) {
          this.#checkToken(lt2 - gt - 1, gt + 1);
          handler.text(buf, gt + 1, lt2, false);
        }
        handler.close(name, depth);
        return closeEnd + 1;
      }
      if (depth >= this.#stack.length) this.#grow();
      this.#stack[depth] = name === Name.Other ? nameHash(buf, lt + 1, nameEnd) : name;
      this.#depth = depth;
    } else {
      if (depth >= this.#stack.length) this.#grow();
      this.#stack[depth] = name === Name.Other ? nameHash(buf, lt + 1, nameEnd) : name;
      this.#depth = depth;
    }
    return gt + 1;
  }

  #closeTag(buf: Buffer, lt: number, gt: number): void {
    this.#checkToken(gt - lt, lt);
    let i = lt + 2;
    let localStart = i;
    for (; i < gt; i++) {
      const c = buf[i]!;
      if (isSpace(c)) break;
      if (c === 0x3a) localStart = i + 1;
    }
    if (hasNonSpace(buf, i, gt)) throw new SitemapSyntaxError('malformed end tag', this.#base + lt);
    const name = lookupName(buf, localStart, i);
    const id = name === Name.Other ? nameHash(buf, lt + 2, i) : name;
    const depth = this.#depth;
    if (depth === 0 || this.#stack[depth] !== id) {
      const text = buf.toString('latin1', lt + 2, i);
      throw new SitemapSyntaxError(depth === 0 ? `unexpected end tag </${text}>` : `end tag </${text}> does not match the open element`, this.#base + lt);
    }
    this.#depth = depth - 1;
    this.#handler.close(name, depth);
    if (depth === 1) this.#rootClosed = true;
  }

  #grow(): void {
    const size = Math.min(this.#stack.length * 2, this.#maxDepth + 1);
    const stack = new Uint32Array(size);
    stack.set(this.#stack);
    this.#stack = stack;
  }

  #checkToken(length: number, at: number): void {
    if (length > this.#maxToken) {
      throw new LimitExceededError('SS_ERR_LIMIT_TOKEN_BYTES', 'maxTokenBytes', this.#maxToken, length, { offset: this.#base + at });
    }
  }
}

function sameBytes(buf: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/** Hash of an element's full name, forced above 255 so it never equals a known name's id. */
function nameHash(buf: Uint8Array, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = hashStep(h, buf[i]!);
  return (h | 0x100) >>> 0;
}

export function hasNonSpace(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(buf[i]!)) return true;
  return false;
}
