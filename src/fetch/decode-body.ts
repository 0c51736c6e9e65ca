import { Duplex, pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { destroyQuietly } from './destroy-quietly.js';
import { FetchError } from './fetch-error.js';

export type ContentCoding = 'gzip' | 'deflate' | 'br';

export type ParsedEncoding = { ok: true; codings: readonly ContentCoding[] } | { ok: false; unsupported: string };

/** The codings named by Content-Encoding, in the order the server applied them; `identity` is dropped. */
export function parseContentEncoding(header: string | undefined): ParsedEncoding {
  const codings: ContentCoding[] = [];
  for (const token of (header ?? '').split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '' || name === 'identity') continue;
    if (name === 'gzip' || name === 'x-gzip') codings.push('gzip');
    else if (name === 'deflate') codings.push('deflate');
    else if (name === 'br') codings.push('br');
    else return { ok: false, unsupported: name };
  }
  return { ok: true, codings };
}

function hasZlibHeader(head: Uint8Array): boolean {
  const cmf = head[0] ?? 0;
  const flg = head[1];
  return (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && (flg === undefined || (cmf * 256 + flg) % 31 === 0);
}

/**
 * `deflate` is specified as zlib-wrapped, but some servers send raw deflate; browsers accept both, so the first
 * bytes decide which inflater runs.
 */
async function* inflateEitherDeflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const head = first.value;
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const inflater = hasZlibHeader(head) ? createInflate() : createInflateRaw();
  // Errors surface through `inflater`, which pipeline destroys with the first error of either side.
  pipeline(Readable.from(replay()), inflater, () => {});
  yield* inflater;
}

function createDecoder(coding: ContentCoding): Duplex {
  switch (coding) {
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return Duplex.from(inflateEitherDeflate);
    case 'br':
      return createBrotliDecompress();
    default:
      return coding satisfies never;
  }
}

export interface BodyReaderOptions {
  /** The body as it came off the socket (undici's BodyReadable). */
  raw: Readable;
  codings: readonly ContentCoding[];
  maxBytes: number;
  url: string;
  /** Turns a transport error (abort, timeout, reset) into a FetchError with the right code. */
  toFetchError: (error: unknown) => FetchError;
  /** Called exactly once when the body is finished, failed or cancelled; frees the host slot and timers. */
  onSettled: () => void;
}

export interface BodyReader {
  body: AsyncIterableIterator<Uint8Array>;
  /** Bytes received on the wire so far (before decoding). */
  wireBytes(): number;
  /** Stops reading, closes the connection if the body was not finished, and frees the slot. Idempotent. */
  cancel(): Promise<void>;
  /**
   * Tears the body down because its request was aborted (caller, budget, close): frees the slot even if nobody
   * reads, and a reader still gets the abort as an error rather than a quiet, truncated end.
   */
  abort(reason: unknown): void;
}

function tooLarge(url: string, maxBytes: number, actual: number, where: string): FetchError {
  return new FetchError('SS_ERR_FETCH_TOO_LARGE', `response body passed maxResponseBytes (${maxBytes}) ${where}: ${actual} bytes`, {
    url,
    limit: 'maxResponseBytes',
    limitValue: maxBytes,
    actual,
  });
}

/**
 * Decodes and caps a response body as it streams. The decoded bytes up to `maxBytes` are delivered, then
 * SS_ERR_FETCH_TOO_LARGE is thrown; wire bytes are capped too, so data hidden after a compressed stream's end
 * cannot run on forever. The body is never held whole.
 */
export function createBodyReader(options: BodyReaderOptions): BodyReader {
  const { raw, codings, maxBytes, url } = options;
  let wire = 0;
  let cancelled = false;
  let settled = false;

  async function* countWire(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      wire += chunk.length;
      if (wire > maxBytes) throw tooLarge(url, maxBytes, wire, 'on the wire');
      yield chunk;
    }
  }

  let decoded: Readable = raw;
  if (codings.length > 0) {
    const decoders = [...codings].reverse().map(createDecoder);
    const stages = [raw, Duplex.from(countWire), ...decoders];
    pipeline(stages, () => {});
    decoded = decoders[decoders.length - 1] ?? raw;
  }

  const settle = (reason?: unknown): void => {
    if (settled) return;
    settled = true;
    const error = reason instanceof Error ? reason : undefined;
    for (const stream of new Set([decoded, raw])) destroyQuietly(stream, error);
    options.onSettled();
  };

  const classify = (error: unknown): FetchError => {
    if (error instanceof FetchError) return error.withContext({ url });
    const transport = raw.errored;
    if (transport !== null || codings.length === 0) return options.toFetchError(transport ?? error);
    const detail = error instanceof Error ? error.message : String(error);
    return new FetchError('SS_ERR_FETCH_DECODE', `cannot decode the ${codings.join(', ')} body: ${detail}`, { url, cause: error });
  };

  async function* read(): AsyncGenerator<Uint8Array> {
    let seen = 0;
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        if (codings.length === 0) wire += chunk.length;
        const room = maxBytes - seen;
        seen += chunk.length;
        if (chunk.length > room) {
          if (room > 0) yield chunk.subarray(0, room);
          throw tooLarge(url, maxBytes, seen, 'after decoding');
        }
        yield chunk;
      }
    } catch (error: unknown) {
      if (cancelled) return;
      throw classify(error);
    } finally {
      settle();
    }
  }

  const generator = read();
  const cancel = async (): Promise<void> => {
    cancelled = true;
    settle();
    await generator.return(undefined);
  };
  // A hand-made iterator rather than the bare generator: a generator's return() does nothing before its first
  // next(), and an abandoned-before-reading body must still free its socket.
  const body: AsyncIterableIterator<Uint8Array> = {
    next: () => generator.next(),
    return: async () => {
      await cancel();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { body, wireBytes: () => wire, cancel, abort: settle };
}
