import { type DomainBudget, type HttpClient, type HttpResponse } from '../fetch/index.js';
import { BLOCK_SNIFF_BYTES, detectBlock } from './detect-block.js';
import { recordFetchFailure, recordResponse } from './record-fetch.js';
import { failureKind, toErrorInfo, type FailureKind } from './describe-failure.js';
import type { ProbeReport } from './types.js';

export interface ProbeContext {
  http: HttpClient;
  signal: AbortSignal;
  budget: DomainBudget;
}

export interface ProbeResult {
  report: ProbeReport;
  /** A response arrived (whatever its status). */
  answered: boolean;
  failure: FailureKind | null;
}

/** The first `max` bytes of the chunks seen so far, for block detection. */
export function createHeadCapture(max: number): { add(chunk: Uint8Array): void; text(): string } {
  const parts: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      if (size >= max) return;
      const part = Buffer.from(chunk.subarray(0, max - size));
      parts.push(part);
      size += part.length;
    },
    text: () => Buffer.concat(parts).toString('latin1'),
  };
}

/** Reads up to BLOCK_SNIFF_BYTES of a body to name a refusal, then cancels it. Read errors only shorten the head. */
export async function readHead(response: HttpResponse): Promise<string> {
  const head = createHeadCapture(BLOCK_SNIFF_BYTES);
  let size = 0;
  try {
    for await (const chunk of response.body) {
      head.add(chunk);
      size += chunk.length;
      if (size >= BLOCK_SNIFF_BYTES) break;
    }
  } catch {
    // What arrived is enough to recognise a challenge page; the error itself says nothing more about the site.
  } finally {
    await response.cancel();
  }
  return head.text();
}

/**
 * GETs robots.txt or the home page and feeds at most `maxBytes` of its body to `onChunk` (a 2xx only); the rest is
 * never downloaded. Never throws for the site's sake: a failure is reported with its code, and whether it was a
 * refusal or a WAF page is recorded in `blocked`.
 */
export async function probePage(
  role: ProbeReport['role'],
  url: string,
  context: ProbeContext,
  maxBytes: number,
  onChunk: (chunk: Uint8Array, finalUrl: string) => void,
): Promise<ProbeResult> {
  const report: ProbeReport = {
    role,
    url,
    finalUrl: url,
    status: null,
    redirects: [],
    contentType: null,
    bytes: 0,
    truncated: false,
    responseTimeMs: null,
    error: null,
    blocked: null,
  };
  let response: HttpResponse;
  try {
    response = await context.http.get(url, { signal: context.signal, budget: context.budget });
  } catch (error: unknown) {
    return { report, ...recordFetchFailure(report, error) };
  }
  recordResponse(report, response);
  if (response.status < 200 || response.status > 299) {
    const head = response.status >= 400 ? await readHead(response) : (await response.cancel(), null);
    report.blocked = detectBlock(response.status, response.headers, head);
    return { report, answered: true, failure: null };
  }
  const head = createHeadCapture(BLOCK_SNIFF_BYTES);
  try {
    for await (const chunk of response.body) {
      const room = maxBytes - report.bytes;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length > 0) {
        head.add(part);
        onChunk(part, response.url);
        report.bytes += part.length;
      }
      if (part !== chunk) {
        report.truncated = true;
        break;
      }
    }
  } catch (error: unknown) {
    report.error = toErrorInfo(error);
  } finally {
    await response.cancel();
  }
  report.blocked = detectBlock(response.status, response.headers, head.text());
  const failure = report.error === null ? null : failureKind(report.error.code);
  return { report, answered: true, failure };
}
