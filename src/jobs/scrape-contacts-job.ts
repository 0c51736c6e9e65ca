import { setTimeout as sleep } from 'node:timers/promises';
import {
  createContactCardBuilder,
  extractContacts,
  fetchContactPage,
  recordContactPageChoices,
  recordContactPageOutcome,
  sameSiteLinks,
  saveContactCard,
  selectContactPages,
  upsertPageContacts,
  WELL_KNOWN_CONTACT_PATHS,
  type ContactPageChoice,
  type ContactPageOutcome,
} from '../contacts/index.js';
import type { Database } from '../db/index.js';
import { normalizeDomainInput, parseRobots } from '../discovery/index.js';
import type { PipelineContext } from './crawl-pipeline.js';
import type { ScrapeContactsPayload } from './job-payloads.js';
import { toErrorRecord } from './job-logger.js';
import type { JobContext } from './run-worker-slot.js';
import { queueEnrichment } from './enrich-contact-job.js';

/** The product token robots.txt groups are matched against (our User-Agent starts with it). */
const ROBOTS_AGENT = 'sitescout';
const URL_BATCH = 1000;

/** The domain's listed page URLs, a batch at a time in URL order (never all at once). */
async function* listedPageUrls(db: Database, domainId: number): AsyncGenerator<{ url: string }> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ url: string }>('SELECT url FROM pages WHERE domain_id = $1 AND gone_since IS NULL AND url > $2 ORDER BY url LIMIT $3', [domainId, after, URL_BATCH]);
    yield* rows;
    if (rows.length < URL_BATCH) return;
    after = rows[rows.length - 1]!.url;
  }
}

interface RunSite {
  domainId: number;
  origin: string;
  robotsUrl: string | null;
  robotsTxt: string | null;
}

async function readRunSite(db: Database, runId: number, domain: string): Promise<RunSite | null> {
  const { rows } = await db.query<{ domain_id: number; origin: string | null; robots_url: string | null; robots_txt: string | null }>(
    'SELECT domain_id, origin, robots_url, robots_txt FROM crawl_runs WHERE id = $1',
    [runId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { domainId: Number(row.domain_id), origin: row.origin ?? normalizeDomainInput(domain).origin, robotsUrl: row.robots_url, robotsTxt: row.robots_txt };
}

/**
 * The contact extraction job of one domain, after its crawl run: picks the home page and the inventory pages likeliest
 * to hold contacts (by URL; for a domain without a sitemap, the contact-like links of its home page, else the
 * well-known contact paths), fetches them one at a time as robots.txt allows (disallowed pages skipped, its
 * Crawl-delay obeyed up to maxCrawlDelayMs), extracts emails, phones, social profiles and named people, upserts the
 * contacts per (domain, email) and replaces the domain's contact card. A page that fails is recorded with its reason;
 * it never fails the job. Re-running it updates rather than duplicates.
 */
export async function scrapeContacts(context: PipelineContext, payload: ScrapeContactsPayload, job: JobContext): Promise<void> {
  const { db, http, settings } = context;
  const limits = settings.contacts;
  const site = await readRunSite(db, payload.runId, payload.domain);
  if (site === null) return;
  const extractionStart = new Date();
  const robots = site.robotsTxt === null ? null : parseRobots(site.robotsUrl ?? new URL('/robots.txt', site.origin).href, site.robotsTxt);
  const crawlDelayMs = Math.min(limits.maxCrawlDelayMs, Math.max(0, (robots?.getCrawlDelay(ROBOTS_AGENT) ?? 0) * 1000));
  const homeUrl = new URL('/', site.origin).href;
  const selected = await selectContactPages(listedPageUrls(db, site.domainId), { homeUrl, topN: limits.contactPagesPerDomain });
  const choices: ContactPageChoice[] = selected.map((p) => ({ url: p.url, pageId: null, selectedBy: p.url === homeUrl ? 'home' : 'inventory', score: p.score, reasons: p.reasons }));
  if (!choices.some((c) => c.url === homeUrl)) choices.unshift({ url: homeUrl, pageId: null, selectedBy: 'home', score: 0, reasons: ['home'] });
  const fromInventory = choices.some((c) => c.selectedBy === 'inventory');
  await recordContactPageChoices(db, site.domainId, choices);

  const card = createContactCardBuilder();
  const visited = new Set<string>();
  const newContactIds: number[] = [];
  let fetched = 0;
  const visit = async (choice: ContactPageChoice): Promise<{ ok: boolean; html: string | null; finalUrl: string | null }> => {
    if (visited.has(choice.url)) return { ok: false, html: null, finalUrl: null };
    visited.add(choice.url);
    const outcome: ContactPageOutcome = { url: choice.url, status: 'failed', httpStatus: null, finalUrl: null, charset: null, region: null, emails: 0, phones: 0, socials: 0, error: null };
    let html: string | null = null;
    if (robots !== null && robots.isAllowed(choice.url, ROBOTS_AGENT) === false) {
      outcome.status = 'skipped';
      outcome.error = { code: 'SS_ERR_CONTACT_ROBOTS', message: `robots.txt disallows ${choice.url} for ${ROBOTS_AGENT}` };
    } else {
      if (fetched > 0 && crawlDelayMs > 0) await sleep(crawlDelayMs, undefined, { signal: job.signal });
      fetched += 1;
      try {
        const page = await fetchContactPage(http, choice.url, { signal: job.signal, maxPageBytes: limits.maxPageBytes });
        const extracted = extractContacts(page.html, { url: page.finalUrl });
        Object.assign(outcome, { status: 'fetched', httpStatus: page.status, finalUrl: page.finalUrl, charset: page.charset, region: extracted.region });
        Object.assign(outcome, { emails: extracted.emails.length, phones: extracted.phones.length, socials: extracted.socials.length });
        const { rows } = await db.query<{ id: number }>('SELECT id FROM pages WHERE domain_id = $1 AND url = $2', [site.domainId, choice.url]);
        const added = await upsertPageContacts(db, { domainId: site.domainId, pageId: rows[0] === undefined ? null : Number(rows[0].id), sourceUrl: page.finalUrl, extracted, extractionStart });
        newContactIds.push(...added);
        card.add(page.finalUrl, extracted);
        html = page.html;
      } catch (error: unknown) {
        if (job.signal.aborted) throw error;
        const record = toErrorRecord(error);
        outcome.error = { code: record.code ?? 'SS_ERR_CONTACT_FAILED', message: record.message };
        const status = (error as { status?: unknown }).status;
        if (typeof status === 'number') outcome.httpStatus = status;
      }
    }
    card.addOutcome(outcome);
    await recordContactPageOutcome(db, site.domainId, outcome);
    return { ok: outcome.status === 'fetched', html, finalUrl: outcome.finalUrl };
  };

  // Best first: the card keeps the first address of each type it meets.
  const ordered = [...choices.filter((c) => c.selectedBy !== 'home'), ...choices.filter((c) => c.selectedBy === 'home')];
  let home: { ok: boolean; html: string | null; finalUrl: string | null } | null = null;
  if (!fromInventory) home = await visit(choices.find((c) => c.selectedBy === 'home')!);
  for (const choice of ordered) if (choice.selectedBy !== 'home' || fromInventory) await visit(choice);

  if (!fromInventory) {
    // No inventory to choose from: the home page's own contact-like links, else the well-known contact paths.
    const links = home?.html === null || home === null ? [] : sameSiteLinks(home.html, home.finalUrl ?? homeUrl);
    let extra = await selectContactPages(links.map((url) => ({ url })), { homeUrl, topN: limits.contactPagesPerDomain });
    let selectedBy: ContactPageChoice['selectedBy'] = 'home-link';
    if (extra.filter((p) => p.url !== homeUrl).length === 0) {
      extra = WELL_KNOWN_CONTACT_PATHS.slice(0, limits.contactPagesPerDomain).map((path) => ({ url: new URL(path, site.origin).href, score: 0, reasons: ['well-known'] }));
      selectedBy = 'well-known';
    }
    const more = extra.filter((p) => p.url !== homeUrl).map((p): ContactPageChoice => ({ url: p.url, pageId: null, selectedBy, score: p.score, reasons: p.reasons }));
    await recordContactPageChoices(db, site.domainId, more);
    for (const choice of more) await visit(choice);
  }
  await saveContactCard(db, site.domainId, card.card());
  if (context.enrichment !== null) {
    const queued = await queueEnrichment(db, context.queue, newContactIds);
    if (queued > 0) context.logger.info({ domain: payload.domain, contacts: queued }, 'new contacts queued for enrichment');
  }
  context.emit({ type: 'contacts', runId: payload.runId, domain: payload.domain, emails: card.card().emailCount });
}
