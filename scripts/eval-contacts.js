// Runs contact extraction over every labelled contact page of the shared corpus and compares the result with the
// labels in expected.json: precision, recall and F1 per field (emails, phones, socials), then every miss and false
// positive. It reports; it does not assert. Run through `npm run eval:contacts` (which builds first).
//
// The corpus is <shared>/corpus, where <shared> is SITESCOUT_SHARED_DIR or the `shared` folder beside the repository
// (the layout of the team's workspace), as for the corpus tests.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'tldts';
import { decodeHtml, extractContacts, normalizeSocialUrl } from '../dist/contacts/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(process.env.SITESCOUT_SHARED_DIR ?? join(here, '..', '..', 'shared'), 'corpus');
const labels = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')).filter((entry) => entry.kind === 'contact-page');

/**
 * The URL the page was published at, as a crawl would know it: the labels name the source repository, and a
 * repository named like a domain (www.example.de, example.github.io) is that site. Otherwise a file: URL, which
 * gives no ccTLD and no site domain.
 */
function pageUrl(entry) {
  const name = entry.source?.repo?.split('/')[1] ?? '';
  const host = parse(name);
  if (host.isIcann === true && host.domain !== null && name.includes('.')) {
    const path = (entry.source.path ?? '').replace(/(?:^|\/)index\.html?$/, '/');
    return `https://${name.toLowerCase()}/${path.replace(/^\//, '')}`;
  }
  return pathToFileURL(join(corpus, entry.file)).href;
}

const newTotals = () => ({ emails: { tp: 0, fp: 0, fn: 0 }, phones: { tp: 0, fp: 0, fn: 0 }, socials: { tp: 0, fp: 0, fn: 0 } });
const withSiteUrls = evaluate(pageUrl);
// The same pages read as if nothing were known about where they came from: no ccTLD, no site domain.
const withFileUrls = evaluate((entry) => pathToFileURL(join(corpus, entry.file)).href);

function evaluate(urlOf) {
  const totals = newTotals();
  const findings = [];
  const uncertain = [];

  for (const entry of labels) {
    const url = urlOf(entry);
    const bytes = readFileSync(join(corpus, entry.file));
    let result;
    try {
      result = extractContacts(decodeHtml(bytes).html, { url });
    } catch (error) {
      findings.push(`- **${entry.file}**: extraction failed: ${error.code ?? ''} ${error.message}`);
      continue;
    }
    const compare = (field, expected, found, skip = new Set()) => {
      const lines = [];
      for (const value of found) {
        if (skip.has(value)) continue;
        if (expected.has(value)) totals[field].tp++;
        else {
          totals[field].fp++;
          const decoy = (entry.decoys ?? []).some((d) => d.toLowerCase().includes(value.toLowerCase().replace(/^https:\/\/(www\.)?/, '')));
          lines.push(`false positive ${field}: ${value}${decoy ? ' (a labelled decoy)' : ''}`);
        }
      }
      for (const value of expected) {
        if (!found.has(value)) {
          totals[field].fn++;
          lines.push(`missed ${field}: ${value}`);
        }
      }
      return lines;
    };
    const expectedEmails = new Set((entry.emails ?? []).map((e) => e.address.toLowerCase()));
    const foundEmails = new Set(result.emails.map((e) => e.address));
    const certainPhones = (entry.phones ?? []).filter((p) => p.uncertain !== true);
    const uncertainPhones = new Set((entry.phones ?? []).filter((p) => p.uncertain === true).map((p) => p.e164));
    const foundPhones = new Set(result.phones.map((p) => p.e164));
    for (const e164 of uncertainPhones) uncertain.push(`- ${entry.file}: UNCERTAIN phone ${e164} ${foundPhones.has(e164) ? 'found' : 'not found'}`);
    const expectedSocials = new Set((entry.social ?? []).map((s) => normalizeSocialUrl(s)?.url ?? `(not a profile to sitescout) ${s}`));
    const foundSocials = new Set(result.socials.map((s) => s.url));
    const lines = [
      ...compare('emails', expectedEmails, foundEmails),
      ...compare('phones', new Set(certainPhones.map((p) => p.e164)), foundPhones, uncertainPhones),
      ...compare('socials', expectedSocials, foundSocials),
    ];
    if (lines.length > 0) findings.push(`- **${entry.file}** (${url}, region ${result.region ?? 'none'}):\n${lines.map((l) => `  - ${l}`).join('\n')}`);
  }

  return { totals, findings, uncertain };
}

const ratio = (a, b) => (b === 0 ? 1 : a / b);
const fmt = (x) => x.toFixed(3);
console.log(`# Contact extraction on ${labels.length} labelled pages (${corpus})\n`);
const printTable = (totals) => {
  console.log('| field | TP | FP | FN | precision | recall | F1 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [field, { tp, fp, fn }] of Object.entries(totals)) {
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    console.log(`| ${field} | ${tp} | ${fp} | ${fn} | ${fmt(precision)} | ${fmt(recall)} | ${fmt(f1)} |`);
  }
};
console.log('Each page read at its site URL when its source repository is named after the site, else at its file: URL.\n');
printTable(withSiteUrls.totals);
console.log('\n## Misses and false positives\n');
console.log(withSiteUrls.findings.length === 0 ? 'None.' : withSiteUrls.findings.join('\n'));
if (withSiteUrls.uncertain.length > 0) console.log(`\n## UNCERTAIN labels (not counted)\n\n${withSiteUrls.uncertain.join('\n')}`);
console.log('\n## The same pages at their file: URLs (no ccTLD, no site domain known)\n');
printTable(withFileUrls.totals);
if (withFileUrls.findings.length > 0) console.log(`\n${withFileUrls.findings.join('\n')}`);
