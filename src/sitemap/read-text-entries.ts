import { LimitExceededError } from '../errors.js';
import type { EntryCollector } from './entry-collector.js';
import { clip, isHttpUrl } from './normalize-loc.js';
import { NONE, urlEntry } from './entry-shapes.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * A plain-text sitemap: one absolute URL per line (LF, CRLF or CR). Blank lines are skipped; a line that is not an
 * http(s) URL is reported and skipped. Memory is one line, capped by maxTokenBytes.
 */
export class TextEntryReader {
  readonly #sink: EntryCollector;
  readonly #maxLine: number;
  #carry: Buffer | null = null;
  #base: number;
  /** The longest partial line ever held between chunks: never more than maxTokenBytes. */
  peakCarryBytes = 0;

  constructor(sink: EntryCollector, maxTokenBytes: number, baseOffset = 0) {
    this.#sink = sink;
    this.#maxLine = maxTokenBytes;
    this.#base = baseOffset;
  }

  feed(chunk: Buffer): void {
    const buf = this.#carry === null ? chunk : Buffer.concat([this.#carry, chunk]);
    this.#carry = null;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (c !== LF && c !== CR) continue;
      this.#line(buf, start, i);
      start = i + 1;
    }
    if (buf.length - start > this.#maxLine) {
      throw new LimitExceededError('SS_ERR_LIMIT_TOKEN_BYTES', 'maxTokenBytes', this.#maxLine, buf.length - start, { offset: this.#base + start });
    }
    if (start < buf.length) {
      this.#carry = Buffer.from(buf.subarray(start));
      if (this.#carry.length > this.peakCarryBytes) this.peakCarryBytes = this.#carry.length;
    }
    this.#base += start;
  }

  end(): void {
    if (this.#carry !== null) this.#line(this.#carry, 0, this.#carry.length);
    this.#carry = null;
  }

  #line(buf: Buffer, start: number, end: number): void {
    if (end === start) return;
    const offset = this.#base + start;
    if (end - start > this.#maxLine) {
      throw new LimitExceededError('SS_ERR_LIMIT_TOKEN_BYTES', 'maxTokenBytes', this.#maxLine, end - start, { offset });
    }
    const line = buf.toString('utf8', start, end).trim();
    if (line === '') return;
    if (!isHttpUrl(line)) {
      this.#sink.warn('text-line-not-url', `line is not an http(s) URL, skipped: ${JSON.stringify(clip(line))}`, offset);
      return;
    }
    this.#sink.push(urlEntry(line, null, null, null, NONE, NONE, null, NONE, NONE), offset);
  }
}
