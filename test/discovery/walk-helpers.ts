import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../src/fetch/index.js';
import { normalizeDomainInput, walkSitemaps, type WalkEvent, type WalkOptions } from '../../src/discovery/index.js';
import type { Zoo } from '../fixtures/zoo-server.js';

/**
 * A client for the zoo: its names resolve to 127.0.0.1, the private-network guard is relaxed, no proxy comes from
 * the developer's environment, and neither the politeness delay nor retry backoff waits for real.
 */
export function zooClient(zoo: Zoo, options: HttpClientOptions = {}): HttpClient {
  return createHttpClient({
    allowPrivateNetworks: true,
    lookup: zoo.lookup,
    env: {},
    sleep: async (_ms, signal) => signal.throwIfAborted(),
    random: () => 0.5,
    ...options,
    limits: { politenessDelayMs: 0, ...options.limits },
  });
}

export const never = (): AbortSignal => new AbortController().signal;

/** Walks `input` to the end and returns every event. */
export async function walkAll(input: string, http: HttpClient, options: Partial<WalkOptions> = {}): Promise<WalkEvent[]> {
  const events: WalkEvent[] = [];
  for await (const event of walkSitemaps(normalizeDomainInput(input), { http }, { signal: never(), ...options })) events.push(event);
  return events;
}

/**
 * One line per event, with the port and the zoo's scheme and host taken out where they are the site's own, so a
 * whole walk can be compared with toEqual. Timings, which vary, are left out; everything else that matters is in.
 */
export function describeEvents(events: readonly WalkEvent[], zoo: Zoo): string[] {
  const short = (url: string | null | undefined): string => (url ?? '-').replace(`:${zoo.port}`, '').replace(/^http:\/\//, '');
  return events.map((event) => {
    switch (event.type) {
      case 'robots':
        return `robots ${event.status ?? event.error?.code} [${event.sitemaps.map(short).join(' ')}]${event.blocked ? ` blocked: ${event.blocked}` : ''}`;
      case 'candidate': {
        const c = event.candidate;
        return `candidate ${c.method} ${short(c.url)} depth ${c.depth}${c.foundOn === null ? '' : ` from ${short(c.foundOn)}`}`;
      }
      case 'entries':
        return `entries ${short(event.sitemap)} ${event.entries.map((e) => `${e.type === 'url' ? '' : 'sitemap:'}${short(e.loc)}`).join(' ')}`;
      case 'sitemap': {
        const r = event.report;
        const skips = r.skippedChildren.map((s) => `${s.reason}:${short(s.url)}`).join(' ');
        const redirects = r.redirects.map((h) => `${h.status}→${short(h.to)}`).join(' ');
        const parts = [
          `sitemap ${short(r.url)}`,
          `${r.status ?? '-'}`,
          r.kind ?? 'not-a-sitemap',
          r.error === null ? '' : r.error.code,
          r.gzip ? 'gzip' : '',
          redirects === '' ? '' : `redirects ${redirects}`,
          skips === '' ? '' : `skipped ${skips}`,
          r.crossHost ? 'cross-host' : '',
        ];
        return parts.filter((p) => p !== '').join(' ');
      }
      case 'done':
        return `done ${event.outcome}${event.reason === null ? '' : `: ${event.reason.replaceAll(`:${zoo.port}`, '').replaceAll('http://', '')}`}`;
      default:
        return event satisfies never;
    }
  });
}
