import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTACT_LIMITS, resolveContactLimits } from '../config.js';
import { decodeHtml, extractContacts, parseRegion, type CountryCode } from '../contacts/index.js';
import { LimitExceededError, SitescoutError } from '../errors.js';
import { createHttpClient } from '../fetch/index.js';
import { describeError } from './describe-error.js';
import type { ExtractContactsFlags } from './extract-contacts-command.js';
import { limitFlags } from './limit-options.js';
import type { CliIo } from './parse-command.js';

interface PageBytes {
  bytes: Uint8Array;
  url: string;
  contentType: string | null;
}

export async function runExtractContacts(source: string, flags: ExtractContactsFlags, io: CliIo): Promise<number> {
  let maxPageBytes: number;
  let region: CountryCode | undefined;
  try {
    maxPageBytes = resolveContactLimits(limitFlags(flags, CONTACT_LIMITS), io.env).maxPageBytes;
    if (flags.url !== undefined && !URL.canParse(flags.url)) throw new SitescoutError('SS_ERR_USAGE', `--url is not an absolute URL: ${flags.url}`);
    if (flags.region !== undefined) {
      region = parseRegion(flags.region) ?? undefined;
      if (region === undefined) throw new SitescoutError('SS_ERR_USAGE', `--region wants a two-letter country code such as DE or US, got ${JSON.stringify(flags.region)}`);
    }
  } catch (error: unknown) {
    io.stderr.write(`sitescout extract-contacts: ${describeError(error)}\n`);
    return 2;
  }
  try {
    const page = await readSource(source, flags, maxPageBytes, io);
    const { html } = decodeHtml(page.bytes, { contentType: page.contentType, maxPageBytes, url: page.url });
    const url = flags.url ?? page.url;
    const { emails, phones, socials, people, region: used } = extractContacts(html, { url, ...(region === undefined ? {} : { defaultRegion: region }) });
    io.stdout.write(`${JSON.stringify({ url, region: used, emails, phones, socials, people }, null, 2)}\n`);
    return 0;
  } catch (error: unknown) {
    io.stderr.write(`sitescout extract-contacts: ${describeError(error)}\n`);
    return 1;
  }
}

async function readSource(source: string, flags: ExtractContactsFlags, maxPageBytes: number, io: CliIo): Promise<PageBytes> {
  if (source === '-') return { bytes: await readCapped(process.stdin, maxPageBytes, null), url: 'about:stdin', contentType: null };
  if (/^https?:\/\//i.test(source)) return fetchPage(source, flags, maxPageBytes, io);
  const info = await stat(source).catch((error: unknown) => {
    throw new SitescoutError('SS_ERR_INPUT_READ', `cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  if (!info.isFile()) throw new SitescoutError('SS_ERR_INPUT_READ', `not a file: ${source}`);
  // Checked before reading, so a huge file is never loaded.
  if (info.size > maxPageBytes) throw new LimitExceededError('SS_ERR_LIMIT_PAGE_BYTES', 'maxPageBytes', maxPageBytes, info.size);
  return { bytes: await readFile(source), url: pathToFileURL(resolve(source)).href, contentType: null };
}

async function fetchPage(url: string, flags: ExtractContactsFlags, maxPageBytes: number, io: CliIo): Promise<PageBytes> {
  const http = createHttpClient({ env: io.env, userAgent: flags.userAgent, allowPrivateNetworks: flags.allowPrivate === true });
  const controller = new AbortController();
  try {
    const response = await http.get(url, { signal: controller.signal });
    if (response.status < 200 || response.status > 299) {
      await response.cancel();
      throw new SitescoutError('SS_ERR_INPUT_READ', `GET ${url} answered HTTP ${response.status}`, { url });
    }
    const bytes = await readCapped(response.body, maxPageBytes, response.url);
    return { bytes, url: response.url, contentType: response.headers['content-type'] ?? null };
  } finally {
    await http.close();
  }
}

/** Collects a byte stream, stopping (and cancelling it) as soon as it passes maxPageBytes. */
async function readCapped(stream: AsyncIterable<Uint8Array>, maxPageBytes: number, url: string | null): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > maxPageBytes) throw new LimitExceededError('SS_ERR_LIMIT_PAGE_BYTES', 'maxPageBytes', maxPageBytes, total, { url });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
