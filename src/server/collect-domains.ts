import { createDomainLineReader, normalizeDomainInput, type DomainTarget } from '../discovery/index.js';
import { SitescoutError } from '../errors.js';
import { HttpError } from './http-error.js';

/** A line (or list position) that named no usable domain: why, in the error shape's terms. */
export interface LineError {
  line: number;
  input: string;
  code: string;
  message: string;
}

/** The usable domains of a submission (one per host, first mention wins) and its bad lines. */
export interface CollectedDomains {
  targets: Array<{ line: number; target: DomainTarget }>;
  errors: LineError[];
  /** Lines naming a host an earlier line already named. */
  duplicates: number;
}

/** Longest line an upload may have; the rest of a longer one is skipped unread and the line reported. */
export const MAX_UPLOAD_LINE_CHARS = 4096;

const tooMany = (max: number): HttpError =>
  new HttpError(413, 'SS_ERR_PAYLOAD_TOO_LARGE', `the submission lists more than ${max} domains (maxDomainsPerSubmission); nothing was enqueued`);

/**
 * Collects a submission's domains one at a time, so a list is validated as it arrives. Bad inputs are kept as
 * per-line errors and do not stop the rest; more than `maxDomains` distinct domains is a 413.
 */
export function createDomainCollector(maxDomains: number): { add(line: number, input: string): void; addError(error: LineError): void; result(): CollectedDomains } {
  const byHost = new Set<string>();
  const out: CollectedDomains = { targets: [], errors: [], duplicates: 0 };
  return {
    add(line, input) {
      let target: DomainTarget;
      try {
        target = normalizeDomainInput(input);
      } catch (error: unknown) {
        const code = error instanceof SitescoutError ? error.code : 'SS_ERR_VALIDATION';
        out.errors.push({ line, input, code, message: error instanceof Error ? error.message : String(error) });
        return;
      }
      if (byHost.has(target.host)) {
        out.duplicates += 1;
        return;
      }
      if (byHost.size >= maxDomains) throw tooMany(maxDomains);
      byHost.add(target.host);
      out.targets.push({ line, target });
    },
    addError(error) {
      out.errors.push(error);
    },
    result: () => out,
  };
}

/**
 * Reads a text or CSV domain list from its byte stream (one domain per line, or a CSV's first column; `#` comments,
 * blank lines and a header row skipped) as the bytes arrive: the upload is never held whole, only the domains
 * found so far. More than `maxBytes` bytes is a 413, raised as soon as the count passes it.
 */
export async function collectUploadedDomains(body: AsyncIterable<Buffer | string>, limits: { maxBytes: number; maxDomains: number }): Promise<CollectedDomains> {
  const collector = createDomainCollector(limits.maxDomains);
  const reader = createDomainLineReader();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let line = 0;
  let carry = '';
  let overlong = false;
  const take = (raw: string): void => {
    line += 1;
    if (overlong || raw.length > MAX_UPLOAD_LINE_CHARS) {
      reader.read('');
      collector.addError({ line, input: `${raw.slice(0, 64)}…`, code: 'SS_ERR_VALIDATION', message: `the line is longer than ${MAX_UPLOAD_LINE_CHARS} characters` });
      overlong = false;
      return;
    }
    const usable = reader.read(raw);
    if (usable !== null) collector.add(line, usable.value);
  };
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    bytes += buffer.byteLength;
    if (bytes > limits.maxBytes) throw new HttpError(413, 'SS_ERR_PAYLOAD_TOO_LARGE', `the upload is larger than ${limits.maxBytes} bytes (maxUploadBytes); nothing was enqueued`);
    carry += decoder.decode(buffer, { stream: true });
    let newline = carry.indexOf('\n');
    while (newline !== -1) {
      take(carry.slice(0, newline).replace(/\r$/, ''));
      carry = carry.slice(newline + 1);
      newline = carry.indexOf('\n');
    }
    if (carry.length > MAX_UPLOAD_LINE_CHARS) {
      // Keep the start for the report; drop the rest of the line as it arrives.
      overlong = true;
      carry = carry.slice(0, 64);
    }
  }
  carry += decoder.decode();
  if (carry !== '' || overlong) take(carry.replace(/\r$/, ''));
  return collector.result();
}
