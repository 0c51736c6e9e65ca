import { Readable } from 'node:stream';
import { pipeline, type TransformOptions } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { GzipError, LimitExceededError } from '../errors.js';
import { prepend, readHead } from './byte-source.js';
import { PROTOCOL_MAX_BYTES } from './entry-collector.js';
import type { WarnFn } from './normalize-loc.js';
import type { SitemapSummary } from './types.js';

/** Gzip inside gzip happens (a .gz served with Content-Encoding: gzip and saved as is); deeper nesting does not. */
const MAX_GZIP_LAYERS = 2;
/** The ratio check starts once this much is decompressed: tiny files legitimately compress far better. */
const RATIO_CHECK_FROM_BYTES = 1024 * 1024;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Removes gzip layers detected by their magic bytes, whatever the file name or content type said.
 * Each layer streams through zlib with backpressure; a truncated or corrupt stream ends with a typed error after
 * everything decompressed before it was passed on.
 */
export async function* gunzipByMagic(source: AsyncIterable<Buffer>, summary: SitemapSummary, layer = 0): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const { head, ended } = await readHead(it, 2);
  const rest = prepend(head, it, ended);
  if (layer < MAX_GZIP_LAYERS && isGzip(head)) {
    summary.gzipLayers++;
    yield* gunzipByMagic(gunzip(rest), summary, layer + 1);
  } else {
    yield* rest;
  }
}

/**
 * How far zlib may inflate ahead of the parser. Node's zlib inflates on a libuv worker thread; with the stream's
 * default 16 KiB buffer it stops after each 64 KiB chunk until the parser asks for more, so inflating and parsing
 * take turns. A few chunks of room let them overlap on two cores, for a constant quarter megabyte.
 */
const INFLATE_AHEAD_BYTES = 256 * 1024;

/**
 * zlib's output chunk. Every chunk goes through the stages' async generators (an await and a few promises each);
 * 256 KiB chunks make a quarter as many trips as zlib's default 64 KiB, and the parse still feeds them to the
 * tokenizer in pieces of about 64 KiB (parse-sitemap.ts). With INFLATE_AHEAD_BYTES, zlib stays one chunk ahead.
 */
const INFLATE_CHUNK_BYTES = 256 * 1024;

async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const input = Readable.from(source, { objectMode: false });
  // ZlibOptions does not list the stream options zlib passes on to its Transform.
  const options: ZlibOptions & TransformOptions = { chunkSize: INFLATE_CHUNK_BYTES, readableHighWaterMark: INFLATE_AHEAD_BYTES };
  const zlib = createGunzip(options);
  pipeline(input, zlib, () => undefined);
  try {
    for await (const chunk of zlib) yield chunk as Buffer;
  } catch (error: unknown) {
    throw toGzipError(error);
  } finally {
    input.destroy();
    zlib.destroy();
  }
}

function toGzipError(error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string' || !error.code.startsWith('Z_')) return error;
  if (error.code === 'Z_BUF_ERROR') {
    return new GzipError('SS_ERR_GZIP_TRUNCATED', 'gzip stream truncated: it ended before its end marker', { cause: error });
  }
  return new GzipError('SS_ERR_GZIP_CORRUPT', `gzip stream corrupt: ${error.message}`, { cause: error });
}

export interface ByteLimits {
  maxDecompressedBytes: number;
  maxCompressionRatio: number;
}

/**
 * Counts raw bytes into the summary as they are read (before decompression).
 */
export async function* countRead(source: AsyncIterable<Buffer>, summary: SitemapSummary): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    summary.bytesRead += chunk.length;
    yield chunk;
  }
}

/**
 * Counts decompressed bytes and enforces maxDecompressedBytes and maxCompressionRatio. The chunk that crosses the
 * byte limit is cut at the limit and passed on, so everything up to it is parsed before the error.
 */
export async function* limitDecompressed(source: AsyncIterable<Buffer>, summary: SitemapSummary, limits: ByteLimits, warn: WarnFn): AsyncGenerator<Buffer> {
  let warned = false;
  for await (const chunk of source) {
    const before = summary.bytesDecompressed;
    const after = before + chunk.length;
    if (after > limits.maxDecompressedBytes) {
      const allowed = limits.maxDecompressedBytes - before;
      summary.bytesDecompressed = limits.maxDecompressedBytes;
      if (allowed > 0) yield chunk.subarray(0, allowed);
      throw new LimitExceededError('SS_ERR_LIMIT_DECOMPRESSED_BYTES', 'maxDecompressedBytes', limits.maxDecompressedBytes, after, {
        offset: limits.maxDecompressedBytes,
      });
    }
    summary.bytesDecompressed = after;
    if (summary.gzipLayers > 0 && after > RATIO_CHECK_FROM_BYTES && after > limits.maxCompressionRatio * summary.bytesRead) {
      const ratio = Math.round(after / Math.max(1, summary.bytesRead));
      throw new LimitExceededError('SS_ERR_LIMIT_COMPRESSION_RATIO', 'maxCompressionRatio', limits.maxCompressionRatio, ratio, { offset: before });
    }
    if (!warned && after > PROTOCOL_MAX_BYTES) {
      warned = true;
      warn('protocol-max-bytes', `document larger than ${PROTOCOL_MAX_BYTES} bytes uncompressed (the protocol's limit); parsing on`, PROTOCOL_MAX_BYTES);
    }
    yield chunk;
  }
}
