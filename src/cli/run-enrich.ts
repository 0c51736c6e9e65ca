import type { RequestableStatus } from '../enrichment/index.js';
import { normalizeDomainInput } from '../discovery/index.js';
import { backfillEnrichment } from '../jobs/index.js';
import { openCrawlRuntime, type CrawlRuntime } from './crawl-runtime.js';
import { describeError } from './describe-error.js';
import type { EnrichFlags } from './enrich-command.js';
import { resolveEnrichmentFlags } from './enrichment-options.js';
import type { CliIo } from './parse-command.js';
import { resolveSiteSettings } from './site-walk.js';

export async function runEnrich(domains: string[], flags: EnrichFlags, io: CliIo): Promise<number> {
  const fail = (code: 1 | 2, message: string): 1 | 2 => {
    io.stderr.write(`sitescout enrich: ${message}\n`);
    return code;
  };
  let limit: number | undefined;
  const hosts: string[] = [];
  try {
    if (flags.limit !== undefined) {
      if (!/^\d+$/.test(flags.limit) || Number(flags.limit) < 1) return fail(2, `--limit ${JSON.stringify(flags.limit)}: expected a positive integer`);
      limit = Number(flags.limit);
    }
    for (const domain of domains) hosts.push(normalizeDomainInput(domain).host);
    const enrichment = resolveEnrichmentFlags(flags as EnrichFlags & Record<string, unknown>, io.env);
    if (enrichment === null) return fail(2, 'enrichment is not configured: set SITESCOUT_ENRICHMENT_URL (or --enrichment-url), SITESCOUT_ENRICHMENT_SECRET and SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL as for the workers, which send what this queues');
  } catch (error: unknown) {
    return fail(2, describeError(error));
  }
  let runtime: CrawlRuntime;
  try {
    runtime = await openCrawlRuntime(resolveSiteSettings({}, io.env), io, { ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }) });
  } catch (error: unknown) {
    return fail(1, describeError(error));
  }
  try {
    let domainIds: number[] | null = null;
    if (hosts.length > 0) {
      const { rows } = await runtime.db.query<{ id: number; name: string }>('SELECT id, name FROM domains WHERE name = ANY($1::text[])', [hosts]);
      const missing = hosts.filter((h) => !rows.some((r) => r.name === h));
      if (missing.length > 0) return fail(1, `${missing.join(', ')}: never crawled (no such domain in the inventory)`);
      domainIds = rows.map((r) => Number(r.id));
    }
    const statuses = (flags.status ?? ['none']) as RequestableStatus[];
    const queued = await backfillEnrichment(runtime.db, runtime.queue, { statuses, domainIds, ...(limit === undefined ? {} : { limit }) });
    if (flags.json) io.stdout.write(`${JSON.stringify({ queued })}\n`);
    else io.stdout.write(`queued ${queued} contact${queued === 1 ? '' : 's'} for enrichment (${statuses.join(', ')})\n`);
    return 0;
  } catch (error: unknown) {
    return fail(1, describeError(error));
  } finally {
    await runtime.close();
  }
}
