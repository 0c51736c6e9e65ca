import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { SitescoutError } from '../errors.js';

export interface OpenedInput {
  stream: Readable;
  /** The URL relative locs resolve against: the fetched URL, else none. */
  baseUrl: string | null;
  label: string;
}

/**
 * Files are read in 512 KiB chunks: fewer, larger reads cost less per byte than the stream's default 64 KiB, and the
 * parse feeds them to the tokenizer in ~64 KiB pieces. 1 MiB read no faster and held up to 40 MB more: each chunk's
 * buffer outlives a few scavenges under the CLI's small young generation, is promoted, and waits for a full GC
 * (docs/decisions/0017-large-reads-fed-in-pieces.md).
 */
const FILE_CHUNK_BYTES = 512 * 1024;

/**
 * Opens `-` (stdin), an http(s) URL (one plain streaming GET; the full HTTP client with its politeness and
 * private-network guard belongs to discovery) or a file path.
 */
export async function openInput(arg: string, signal: AbortSignal): Promise<OpenedInput> {
  if (arg === '-') return { stream: process.stdin, baseUrl: null, label: 'stdin' };
  if (/^https?:\/\//i.test(arg)) {
    let url: URL;
    try {
      url = new URL(arg);
    } catch (error: unknown) {
      throw new SitescoutError('SS_ERR_USAGE', `not a valid URL: ${arg}`, { cause: error });
    }
    // undici is loaded only when a URL is given: it costs ~18 MB of memory the file and stdin paths do not need.
    const { request } = await import('undici');
    const response = await request(url, { method: 'GET', maxRedirections: 5, signal, headers: { 'user-agent': 'sitescout-cli', 'accept-encoding': 'identity' } }).catch(
      (error: unknown) => {
        throw new SitescoutError('SS_ERR_INPUT_READ', `GET ${url.href} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, url: url.href });
      },
    );
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump();
      throw new SitescoutError('SS_ERR_INPUT_READ', `GET ${url.href} answered HTTP ${response.statusCode}`, { url: url.href });
    }
    return { stream: response.body, baseUrl: url.href, label: url.href };
  }
  const info = await stat(arg).catch((error: unknown) => {
    throw new SitescoutError('SS_ERR_INPUT_READ', `cannot read ${arg}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  if (!info.isFile()) throw new SitescoutError('SS_ERR_INPUT_READ', `not a file: ${arg}`);
  return { stream: createReadStream(arg, { highWaterMark: FILE_CHUNK_BYTES, signal }), baseUrl: null, label: arg };
}
