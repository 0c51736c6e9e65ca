import { Readable } from 'node:stream';
import { SitescoutError } from '../errors.js';

/** What parseSitemap reads: a Node Readable, a web ReadableStream, any (async) iterable of bytes, or bytes. */
export type SitemapInput =
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array>
  | Uint8Array
  | string;

/**
 * Normalises any accepted input to an async iterable of Buffers (zero-copy views), pulled one chunk at a time:
 * nothing is read before the consumer asks. Cancelling the consumer cancels the source.
 */
export async function* toByteChunks(input: SitemapInput, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    signal?.throwIfAborted();
    yield toBuffer(input);
    return;
  }
  const iterable = toIterable(input);
  const iterator = Symbol.asyncIterator in iterable ? iterable[Symbol.asyncIterator]() : toAsync(iterable[Symbol.iterator]());
  let finished = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const step = signal ? await raceAbort(iterator.next(), signal) : await iterator.next();
      if (step.done) {
        finished = true;
        return;
      }
      const chunk: unknown = step.value;
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
        if (chunk.length > 0) yield toBuffer(chunk);
      } else {
        throw new SitescoutError('SS_ERR_INPUT_TYPE', `input yielded a ${describe(chunk)}, expected bytes (Uint8Array)`);
      }
    }
  } finally {
    if (!finished) {
      // Destroy first: a Readable's iterator return() waits for a pending read that a stalled source never ends.
      if (input instanceof Readable) input.destroy();
      await iterator.return?.()?.catch(() => undefined);
    }
  }
}

function toIterable(input: Exclude<SitemapInput, string | Uint8Array>): AsyncIterable<unknown> | Iterable<unknown> {
  if (isWebStream(input)) return webStreamIterable(input);
  if (input !== null && typeof input === 'object' && (Symbol.asyncIterator in input || Symbol.iterator in input)) return input;
  throw new SitescoutError('SS_ERR_INPUT_TYPE', `cannot read a ${describe(input)}: pass a Readable, a ReadableStream or an AsyncIterable of bytes`);
}

function isWebStream(x: unknown): x is ReadableStream<Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as ReadableStream).getReader === 'function';
}

async function* webStreamIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

async function* toAsyncGen<T>(it: Iterator<T>): AsyncGenerator<T> {
  for (let step = it.next(); !step.done; step = it.next()) yield step.value;
}
function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return toAsyncGen(it);
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  return x.constructor?.name ?? 'object';
}

/** Reads from `it` until `min` bytes are buffered or the source ends. */
export async function readHead(it: AsyncIterator<Buffer>, min: number): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < min) {
    const step = await it.next();
    if (step.done) return { head: Buffer.concat(parts, size), ended: true };
    parts.push(step.value);
    size += step.value.length;
  }
  return { head: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size), ended: false };
}

/** `head`, then the rest of `it`; closes `it` when the consumer stops early. */
export async function* prepend(head: Buffer, it: AsyncIterator<Buffer>, ended = false): AsyncGenerator<Buffer> {
  let finished = ended;
  try {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const step = await it.next();
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished) await it.return?.();
  }
}
