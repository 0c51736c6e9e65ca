import { once } from 'node:events';
import { createUrlDeduper } from '../analysis/index.js';
import type { UrlEntry } from '../sitemap/index.js';
import { csvCell } from './format-entries.js';
import type { UrlsFlags } from './urls-command.js';
import type { CliIo } from './parse-command.js';
import { createClient, prepareSiteRun, walkWithProgress } from './site-walk.js';

const CSV_HEADER = 'domain,loc,lastmod,changefreq,priority,images,videos,news,alternates,sitemap\n';

export async function runUrls(domains: string[], flags: UrlsFlags, io: CliIo): Promise<number> {
  const prepared = prepareSiteRun('urls', domains, flags, io);
  if (prepared === 2) return 2;
  const { settings, targets } = prepared;
  const http = createClient(settings, io.env);
  const controller = new AbortController();
  const write = async (text: string): Promise<void> => {
    if (text.length > 0 && !io.stdout.write(text)) await once(io.stdout, 'drain');
  };
  if (flags.format === 'csv') await write(CSV_HEADER);
  let readable = 0;
  try {
    for (const target of targets) {
      const dedupe = createUrlDeduper(settings.analysis.duplicateBudgetBytes);
      let duplicates = 0;
      let unchecked = 0;
      let outcome = '';
      for await (const event of walkWithProgress(target, http, settings, io, controller.signal)) {
        if (event.type === 'done') {
          outcome = event.outcome;
          if (outcome !== 'unreachable' && outcome !== 'timed-out' && outcome !== 'blocked') readable++;
          else io.stderr.write(`sitescout urls: ${target.host}: ${outcome}${event.reason ? `: ${event.reason}` : ''}\n`);
        }
        if (event.type !== 'entries') continue;
        let out = '';
        for (const entry of event.entries) {
          if (entry.type !== 'url') continue;
          const verdict = dedupe.check(entry.loc);
          if (verdict === 'duplicate') {
            duplicates++;
            continue;
          }
          if (verdict === 'unchecked') unchecked++;
          out += flags.format === 'csv' ? csvLine(target.host, entry, event.sitemap) : JSON.stringify({ domain: target.host, sitemap: event.sitemap, ...entry }) + '\n';
        }
        await write(out);
      }
      io.stderr.write(
        `${target.host}: ${outcome}; ${dedupe.size.toLocaleString('en-US')} distinct URLs, ${duplicates.toLocaleString('en-US')} duplicates dropped` +
          (unchecked > 0 ? `, ${unchecked.toLocaleString('en-US')} written unchecked (the duplicateBudgetBytes budget of ${settings.analysis.duplicateBudgetBytes.toLocaleString('en-US')} bytes was spent)` : '') +
          '\n',
      );
    }
  } finally {
    await http.close();
  }
  return readable > 0 ? 0 : 1;
}

function csvLine(domain: string, e: UrlEntry, sitemap: string): string {
  return [domain, e.loc, e.lastmod, e.changefreq, e.priority, e.images.length, e.videos.length, e.news === null ? 0 : 1, e.alternates.length, sitemap].map(csvCell).join(',') + '\n';
}
