import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeHtml, extractContacts, normalizeSocialUrl } from '../../src/contacts/index.js';
import { sharedDir } from '../support/shared-dir.js';

// The shared corpus of real contact pages (../shared/corpus/README.md); its labels say what each page holds.
const CORPUS = sharedDir === null ? null : pathToFileURL(join(sharedDir, 'corpus') + '/');

interface Label {
  file: string;
  kind: string;
  emails: Array<{ address: string }>;
  phones: Array<{ e164: string; uncertain?: boolean }>;
  social: string[];
  decoys: string[];
  source: { repo: string; path: string };
}

const labels = CORPUS === null ? [] : (JSON.parse(readFileSync(new URL('expected.json', CORPUS), 'utf8')) as Label[]).filter((l) => l.kind === 'contact-page');

/** The page's own URL when its repository is named after the site (as a crawl would know it), else its file: URL. */
function pageUrl(label: Label): string {
  const name = label.source.repo.split('/')[1] ?? '';
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(name)) return `https://${name.toLowerCase()}/${label.source.path.replace(/(?:^|\/)index\.html?$/, '/').replace(/^\//, '')}`;
  return new URL(label.file, CORPUS!).href;
}

/** Addresses the decoy notes spell out (a@b.tld shapes), which must never come back. */
const decoyAddresses = (label: Label): string[] =>
  label.decoys.flatMap((d) => [...d.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => m[0].toLowerCase())).filter((a) => !label.emails.some((e) => e.address.toLowerCase() === a));

describe.skipIf(CORPUS === null)('extractContacts on the real-world corpus', () => {
  it('has contact pages to check', () => {
    expect(labels.length).toBeGreaterThanOrEqual(10);
  });

  for (const label of labels) {
    it(`${label.file}: finds the labelled emails, phones and profiles, and none of the decoys`, () => {
      const { html } = decodeHtml(readFileSync(new URL(label.file, CORPUS!)));
      const result = extractContacts(html, { url: pageUrl(label) });
      const emails = result.emails.map((e) => e.address);
      expect(emails.sort()).toEqual(label.emails.map((e) => e.address.toLowerCase()).sort());
      for (const decoy of decoyAddresses(label)) expect(emails).not.toContain(decoy);
      const uncertain = new Set(label.phones.filter((p) => p.uncertain === true).map((p) => p.e164));
      const phones = result.phones.map((p) => p.e164).filter((p) => !uncertain.has(p));
      expect(phones.sort()).toEqual([...new Set(label.phones.filter((p) => p.uncertain !== true).map((p) => p.e164))].sort());
      const socials = result.socials.map((s) => s.url).sort();
      expect(socials).toEqual([...new Set(label.social.map((s) => normalizeSocialUrl(s)?.url ?? s))].sort());
    });
  }
});
