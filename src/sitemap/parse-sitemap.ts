import { resolveSitemapLimits, type SitemapLimits } from '../config.js';
import { SitescoutError } from '../errors.js';
import { prepend, toByteChunks, type SitemapInput } from './byte-source.js';
import { decodeToUtf8 } from './decode-charset.js';
import { countRead, gunzipByMagic, limitDecompressed } from './decompress.js';
import { EntryCollector } from './entry-collector.js';
import { FastUrlset } from './fast-urlset.js';
import { XmlEntryReader } from './read-xml-entries.js';
import { TextEntryReader } from './read-text-entries.js';
import { MAX_NOTES, SNIFF_BYTES, sniffFormat, type SniffResult } from './sniff-format.js';
import type { SitemapEntry, SitemapSummary, SitemapWarning } from './types.js';
import { XmlTokenizer } from './xml-tokenizer.js';

export interface ParseSitemapOptions {
  /** The sitemap's own URL: relative locs are resolved against it (and reported). */
  baseUrl?: string | URL | null;
  /** Overrides of the named limits; the rest take their defaults (see docs/config.md). */
  limits?: Partial<SitemapLimits>;
  /** Called for every warning as it happens; the summary counts them either way. */
  onWarning?: (warning: SitemapWarning) => void;
  signal?: AbortSignal;
}

/**
 * A parse in progress: iterate it once for the entries; `summary` is live while it runs and final after.
 * When the document breaks or a limit trips, the entries before the break are yielded, then the iteration throws
 * the typed error (also recorded in `summary.error`).
 */
export class SitemapParse implements AsyncIterable<SitemapEntry> {
  readonly summary: SitemapSummary = {
    kind: null,
    gzipLayers: 0,
    encoding: null,
    bytesRead: 0,
    bytesDecompressed: 0,
    entries: { url: 0, sitemap: 0 },
    fields: { lastmod: 0, changefreq: 0, priority: 0, images: 0, videos: 0, news: 0, alternates: 0 },
    warnings: {},
    comments: [],
    stylesheets: [],
    peakBufferedBytes: 0,
    error: null,
    complete: false,
  };
  readonly #input: SitemapInput;
  readonly #options: ParseSitemapOptions;
  readonly #limits: Readonly<SitemapLimits>;
  #started = false;

  constructor(input: SitemapInput, options: ParseSitemapOptions = {}) {
    this.#input = input;
    this.#options = options;
    this.#limits = resolveSitemapLimits(options.limits ?? {});
  }

  /**
   * Entries one by one. Served from the current chunk's batch with already-resolved promises: an async generator
   * per entry would cost more than parsing the entry.
   */
  [Symbol.asyncIterator](): AsyncIterator<SitemapEntry> {
    const batches = this.batches();
    let batch: SitemapEntry[] = [];
    let i = 0;
    const next = async (): Promise<IteratorResult<SitemapEntry>> => {
      while (i >= batch.length) {
        const step = await batches.next();
        if (step.done === true) return { value: undefined, done: true };
        batch = step.value;
        i = 0;
      }
      return { value: batch[i++]!, done: false };
    };
    return {
      next: () => (i < batch.length ? Promise.resolve({ value: batch[i++]!, done: false }) : next()),
      return: async (): Promise<IteratorResult<SitemapEntry>> => {
        batch = [];
        await batches.return(undefined);
        return { value: undefined, done: true };
      },
    };
  }

  /**
   * The entries in arrays, one per chunk of input, or per piece of about 64 KiB of a larger chunk (typically
   * hundreds of entries): the cheapest way to consume a large sitemap, and the natural unit for batched database
   * writes. Each array is yours to keep.
   */
  batches(): AsyncGenerator<SitemapEntry[], void, undefined> {
    if (this.#started) throw new SitescoutError('SS_ERR_INPUT_READ', 'a SitemapParse can be iterated only once');
    this.#started = true;
    return this.#run();
  }

  async *#run(): AsyncGenerator<SitemapEntry[], void, undefined> {
    const summary = this.summary;
    const limits = this.#limits;
    const sink = new EntryCollector(summary, limits.maxEntriesPerSitemap, this.#options.onWarning);
    const base = toBaseUrl(this.#options.baseUrl);
    let fast: FastUrlset | null = null;
    try {
      const raw = countRead(toByteChunks(this.#input, this.#options.signal), summary);
      const decoded = decodeToUtf8(limitDecompressed(gunzipByMagic(raw, summary), summary, limits, sink.warn), summary, sink.warn);
      const it = decoded[Symbol.asyncIterator]();
      let head: Buffer = Buffer.alloc(0);
      let ended = false;
      let sniffed: SniffResult | null = null;
      while (sniffed === null) {
        const step = await it.next();
        if (step.done === true) ended = true;
        else head = head.length === 0 ? step.value : Buffer.concat([head, step.value]);
        sniffed = sniffFormat(head, ended || head.length >= SNIFF_BYTES);
      }
      summary.kind = sniffed.kind;
      summary.comments.push(...sniffed.comments);
      summary.stylesheets.push(...sniffed.stylesheets);
      if (sniffed.junkBeforeRoot) sink.warn('junk-before-root', `skipped ${sniffed.start} bytes before the root element`, 0);
      fast = fastUrlset(sniffed.kind, sink, limits);
      const reader =
        sniffed.kind === 'text'
          ? new TextEntryReader(sink, limits.maxTokenBytes, 0)
          : new XmlTokenizer(new XmlEntryReader(sniffed.kind, sink, base), limits, sniffed.start, fast);
      const cut = pieceEnd(sniffed.kind);
      for await (const chunk of prepend(head.subarray(sniffed.start), it, ended)) {
        // A large chunk is fed in pieces of about PIECE_BYTES, each one's entries handed on before the next is read:
        // entries the consumer has already dropped die young (see pieceEnd).
        for (let at = 0; at < chunk.length; ) {
          const end = chunk.length - at > PIECE_BYTES + PIECE_BYTES / 2 ? cut(chunk, at) : chunk.length;
          try {
            reader.feed(at === 0 && end === chunk.length ? chunk : chunk.subarray(at, end));
          } finally {
            summary.peakBufferedBytes = reader.peakCarryBytes;
            // Entries completed before an error in the same piece are still delivered.
            if (sink.out.length > 0) yield drain(sink);
          }
          at = end;
        }
      }
      try {
        reader.end();
      } finally {
        if (sink.out.length > 0) yield drain(sink);
      }
      if (reader instanceof XmlTokenizer) {
        summary.comments.push(...reader.trailingComments.slice(0, Math.max(0, MAX_NOTES - summary.comments.length)));
        if (reader.trailingContent) sink.warn('content-after-root', 'content after the root element ignored', null);
      }
      summary.complete = true;
    } catch (error: unknown) {
      summary.error = describeError(error);
      throw error;
    } finally {
      if (fast !== null) parserInternals.fastEntries += fast.count;
    }
  }
}

/**
 * Internal switches for tests and profiling, not part of the public API: `fastPath: false` makes every entry go
 * through the general tokenizer and reader, so tests can compare the two paths; `fastEntries` counts the entries
 * the fast path read (added when a parse ends).
 */
export const parserInternals = { fastPath: true, fastEntries: 0 };

/** The urlset fast path (docs/decisions/0010-urlset-fast-path.md), when it can apply: a urlset, fields nested as usual. */
function fastUrlset(kind: SniffResult['kind'], sink: EntryCollector, limits: Readonly<SitemapLimits>): FastUrlset | null {
  // An image:loc sits at depth 4; with a lower depth limit the general path reports the overrun.
  if (!parserInternals.fastPath || kind !== 'urlset' || limits.maxElementDepth < 4) return null;
  return new FastUrlset(sink, limits.maxTokenBytes);
}

/**
 * How much of a large input chunk is parsed before its entries are handed on. The parse makes every entry of a piece
 * before the consumer sees the first, so a piece's entries are all alive together. With the CLI's small young
 * generation (--max-semi-space-size=4), a 1 MiB chunk's thousands of entries outlived scavenges, were copied and
 * promoted, and garbage collection cost more than the larger reads saved. Pieces of 64 KiB keep what is alive at once
 * as small as with 64 KiB reads, with fewer, larger reads (docs/decisions/0017-large-reads-fed-in-pieces.md).
 */
const PIECE_BYTES = 64 * 1024;
const END_URL = Buffer.from('</url>');
const END_SITEMAP = Buffer.from('</sitemap>');

/**
 * Where the piece of `chunk` from `at` ends: right after the last entry's end tag (`</url>`, `</sitemap>`) that ends
 * by `at + PIECE_BYTES`, so that no entry is cut (a cut urlset entry would leave the fast path, decision 0010);
 * for other kinds, after the last '>' or line break. At `at + PIECE_BYTES` when there is none: the tokenizer and the
 * text reader take any split.
 */
function pieceEnd(kind: SniffResult['kind']): (chunk: Buffer, at: number) => number {
  const marker = kind === 'urlset' ? END_URL : kind === 'sitemapindex' ? END_SITEMAP : null;
  if (marker !== null) {
    return (chunk, at) => {
      const i = chunk.lastIndexOf(marker, at + PIECE_BYTES - marker.length);
      return i > at ? i + marker.length : at + PIECE_BYTES;
    };
  }
  const byte = kind === 'text' ? 0x0a : 0x3e;
  return (chunk, at) => {
    const i = chunk.lastIndexOf(byte, at + PIECE_BYTES - 1);
    return i >= at ? i + 1 : at + PIECE_BYTES;
  };
}

function drain(sink: EntryCollector): SitemapEntry[] {
  return sink.drain();
}

function toBaseUrl(base: string | URL | null | undefined): URL | null {
  if (base === null || base === undefined || base === '') return null;
  if (base instanceof URL) return base;
  try {
    return new URL(base);
  } catch (error: unknown) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `baseUrl is not an absolute URL: ${JSON.stringify(base)}`, { cause: error });
  }
}

function describeError(error: unknown): SitemapSummary['error'] {
  if (error instanceof SitescoutError) return { code: error.code, message: error.message, offset: error.offset };
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'SS_ERR_INPUT_READ';
  return { code, message, offset: null };
}

/**
 * Streams the entries of a sitemap (urlset or index, XML or gzip, text, RSS or Atom) with bounded memory.
 * It reads only as fast as you consume: the source is pulled one chunk at a time.
 * @example
 *   import { createReadStream } from 'node:fs';
 *   const parse = parseSitemap(createReadStream('sitemap.xml.gz'), { baseUrl: 'https://example.com/sitemap.xml.gz' });
 *   for await (const entry of parse) console.log(entry.type, entry.loc, entry.lastmod);
 *   console.log(parse.summary.entries); //=> { url: 1234, sitemap: 0 }
 */
export function parseSitemap(input: SitemapInput, options: ParseSitemapOptions = {}): SitemapParse {
  return new SitemapParse(input, options);
}
