import type { SitemapLimits } from '../config.js';
import { type DomainBudget, type HttpClient, type HttpResponse, type Validators } from '../fetch/index.js';
import { parseSitemap, type SitemapEntry } from '../sitemap/index.js';
import type { WalkItem } from './admit-sitemap.js';
import { BLOCK_SNIFF_BYTES, detectBlock } from './detect-block.js';
import { failureKind, toErrorInfo, type FailureKind } from './describe-failure.js';
import { createHeadCapture, readHead } from './probe-page.js';
import { recordFetchFailure, recordResponse } from './record-fetch.js';
import type { FullSitemapFileReport } from './types.js';

/** What reading one file needs from the walk around it. */
export interface FileContext {
  http: HttpClient;
  signal: AbortSignal;
  budget: DomainBudget;
  now: () => number;
  sitemapLimits: Partial<SitemapLimits>;
  /** Hands a batch to the walk's consumer; resolves once it was taken. */
  sendEntries(sitemap: string, entries: SitemapEntry[]): Promise<void>;
  /** Offers a listed child to the walk; resolves false when the walk is stopping (stop reading the index). */
  offerChild(parent: WalkItem, loc: string, report: FullSitemapFileReport): Promise<boolean>;
  /** Grants up to `wanted` URL entries of the domain's allowance; fewer means the allowance ran out. */
  takeUrls(wanted: number): number | Promise<number>;
  /** Non-null once the walk is stopping (URL allowance spent, budget spent): every file still being read ends so. */
  stopCode(): 'SS_ERR_DISCOVERY_STOPPED' | null;
  claimFinalUrl(item: WalkItem, finalUrl: string): boolean;
  /** What the last read of this file said about itself: the request is made conditional on it. */
  validators?: Validators | null;
  /**
   * Gather the parser's batches (one per decompressed chunk, often under a hundred entries) until they hold this
   * many entries before taking URLs and sending them on: fewer, larger round trips for a consumer that writes to a
   * database. Default 1 (every parser batch goes out as it is).
   */
  minBatchEntries?: number;
}

/** The parser's batches joined until each holds at least `min` entries (the last may hold fewer). */
async function* coalesce(batches: AsyncIterable<SitemapEntry[]>, min: number): AsyncGenerator<SitemapEntry[]> {
  if (min <= 1) {
    yield* batches;
    return;
  }
  let held: SitemapEntry[] = [];
  try {
    for await (const batch of batches) {
      if (held.length === 0 && batch.length >= min) {
        yield batch;
        continue;
      }
      for (const entry of batch) held.push(entry);
      if (held.length >= min) {
        const out = held;
        held = [];
        yield out;
      }
    }
  } catch (error: unknown) {
    // The entries parsed before an error still go out, as they did batch by batch: then the error.
    if (held.length > 0) {
      const out = held;
      held = [];
      yield out;
    }
    throw error;
  }
  if (held.length > 0) yield held;
}

export interface FileResult {
  report: FullSitemapFileReport;
  /** A response arrived (whatever its status). */
  answered: boolean;
  failure: FailureKind | null;
  /** The server answered 304 Not Modified to a conditional request: nothing was read, and nothing changed. */
  notModified: boolean;
  /** The response's ETag and Last-Modified, for the next conditional request (null when no response). */
  validators: { etag: string | null; lastModified: string | null } | null;
}

export function emptyReport(item: WalkItem): FullSitemapFileReport {
  return {
    url: item.url,
    finalUrl: item.url,
    method: item.method,
    foundOn: item.foundOn,
    depth: item.depth,
    status: null,
    redirects: [],
    contentType: null,
    bytesCompressed: 0,
    bytesUncompressed: 0,
    gzip: false,
    responseTimeMs: null,
    totalTimeMs: null,
    kind: null,
    isSitemap: false,
    summary: null,
    error: null,
    blocked: null,
    skippedChildren: [],
    skippedChildrenByReason: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
    invalidChildren: 0,
    crossHost: item.crossHost,
  };
}

/** Keeps the first `room` URL entries of a batch (and every child reference). */
function keepUrls(batch: SitemapEntry[], room: number): SitemapEntry[] {
  let left = room;
  return batch.filter((entry) => entry.type !== 'url' || left-- > 0);
}

/** Streams the body through the parser: batches go out as they are parsed, children are offered one by one. */
async function parseBody(item: WalkItem, response: HttpResponse, report: FullSitemapFileReport, context: FileContext): Promise<void> {
  const head = createHeadCapture(BLOCK_SNIFF_BYTES);
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const chunk of response.body) {
      head.add(chunk);
      yield chunk;
    }
  }
  const parse = parseSitemap(tapped(), { baseUrl: response.url, limits: context.sitemapLimits, signal: context.signal });
  try {
    for await (const batch of coalesce(parse.batches(), context.minBatchEntries ?? 1)) {
      const stopping = context.stopCode();
      if (stopping !== null) {
        report.error = { code: stopping, message: `the walk stopped before ${item.url} was read to the end` };
        break;
      }
      const urls = batch.reduce((n, entry) => (entry.type === 'url' ? n + 1 : n), 0);
      const granted = urls === 0 ? 0 : await context.takeUrls(urls);
      const out = granted < urls ? keepUrls(batch, granted) : batch;
      if (out.length > 0) await context.sendEntries(item.url, out);
      if (granted < urls) {
        report.error = { code: 'SS_ERR_DISCOVERY_MAX_URLS', message: `maxUrlsPerDomain reached in ${item.url}; the rest of it was not read` };
        break;
      }
      let open = true;
      for (const entry of out) {
        if (entry.type === 'sitemap' && open) open = await context.offerChild(item, entry.loc, report);
      }
      if (!open) {
        report.error = { code: 'SS_ERR_DISCOVERY_STOPPED', message: `the walk stopped before every child of ${item.url} was queued` };
        break;
      }
    }
  } catch (error: unknown) {
    report.error = toErrorInfo(error);
    if (report.error.code === 'SS_ERR_NOT_A_SITEMAP') {
      report.blocked = detectBlock(response.status, response.headers, head.text());
      if (report.blocked !== null) report.error = { code: 'SS_ERR_DISCOVERY_BLOCKED', message: `${report.blocked} instead of a sitemap` };
    }
  }
  const summary = parse.summary;
  report.summary = summary;
  report.kind = summary.kind;
  report.isSitemap = summary.kind !== null;
  report.bytesUncompressed = summary.bytesDecompressed;
  report.gzip = summary.gzipLayers > 0 || /gzip/i.test(response.contentEncoding ?? '');
}

/**
 * Fetches one candidate and reads it if, and only if, its bytes sniff as a sitemap: never by name or content type.
 * Never throws for the site's sake: everything that goes wrong ends up in the report with a stable code.
 */
export async function readSitemapFile(item: WalkItem, context: FileContext): Promise<FileResult> {
  const report = emptyReport(item);
  const startedAt = context.now();
  let response: HttpResponse;
  try {
    const validators = context.validators ?? undefined;
    response = await context.http.get(item.url, { signal: context.signal, budget: context.budget, ...(validators === undefined ? {} : { validators }) });
  } catch (error: unknown) {
    const outcome = recordFetchFailure(report, error);
    report.totalTimeMs = context.now() - startedAt;
    return { report, ...outcome, notModified: false, validators: null };
  }
  recordResponse(report, response);
  try {
    if (response.notModified) {
      // Nothing was sent: the file is what it was at its last read, which the caller still has.
    } else if (!context.claimFinalUrl(item, response.url)) {
      report.error = { code: 'SS_ERR_DISCOVERY_DUPLICATE', message: `redirected to ${response.url}, which this walk already read or queued` };
    } else if (response.status < 200 || response.status > 299) {
      const head = response.status >= 400 ? await readHead(response) : null;
      report.blocked = detectBlock(response.status, response.headers, head);
      report.error =
        report.blocked === null
          ? { code: 'SS_ERR_DISCOVERY_HTTP_STATUS', message: `HTTP ${response.status} for ${response.url}` }
          : { code: 'SS_ERR_DISCOVERY_BLOCKED', message: report.blocked };
    } else {
      report.blocked = detectBlock(response.status, response.headers, null);
      if (report.blocked === null) await parseBody(item, response, report, context);
      else report.error = { code: 'SS_ERR_DISCOVERY_BLOCKED', message: report.blocked };
    }
  } finally {
    await response.cancel();
    report.bytesCompressed = response.rawBytes();
    report.totalTimeMs = context.now() - startedAt;
  }
  const failure = report.error !== null && report.error.code.startsWith('SS_ERR_FETCH_') ? failureKind(report.error.code) : null;
  return { report, answered: true, failure, notModified: response.notModified, validators: response.validators };
}
