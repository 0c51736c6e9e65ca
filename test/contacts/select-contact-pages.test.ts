import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTACT_URL_RULES, scoreContactUrl, selectContactPages, WELL_KNOWN_CONTACT_PATHS } from '../../src/contacts/index.js';

const score = (url: string): number => scoreContactUrl(url).score;

describe('scoreContactUrl', () => {
  it('ranks contact above imprint above team above about above locations above careers above privacy', () => {
    const urls = ['contact', 'impressum', 'team', 'about-us', 'standorte', 'careers', 'datenschutz', 'blog'].map((p) => `https://acme.de/${p}`);
    const scores = urls.map(score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.at(-1)).toBe(0);
  });

  it('knows the words of the major European languages', () => {
    const paths = ['kontakt', 'contacto', 'contatti', 'nous-contacter', 'neem-contact', 'kontakta-oss', 'yhteystiedot', 'kontaktujte-nas', 'fale-conosco', 'impressum', 'mentions-legales', 'aviso-legal', 'ueber-uns', 'qui-sommes-nous', 'chi-siamo', 'over-ons', 'o-nas', 'om-oss', 'unser-team', 'equipo'];
    expect(paths.filter((p) => scoreContactUrl(`https://acme.eu/${p}`).reasons.length === 0)).toEqual([]);
  });

  it('scores shallower paths higher, ignores a language prefix and page extensions, and penalises query strings', () => {
    expect(scoreContactUrl('https://acme.de/kontakt')).toEqual({ score: 11, reasons: ['contact'], excluded: false });
    expect(scoreContactUrl('https://acme.de/de/kontakt.html')).toEqual({ score: 11, reasons: ['contact'], excluded: false });
    expect(scoreContactUrl('https://acme.de/unternehmen/kontakt/')).toEqual({ score: 10, reasons: ['contact', 'depth-2'], excluded: false });
    expect(scoreContactUrl('https://acme.de/kontakt?utm_source=x')).toEqual({ score: 8, reasons: ['contact', 'query'], excluded: false });
    expect(score('https://acme.de/team/anna-berg')).toBeLessThan(score('https://acme.de/team'));
  });

  it('excludes files, media and archives, and anything that is not http(s)', () => {
    expect(['https://acme.de/kontakt.pdf', 'https://acme.de/team.jpg', 'https://acme.de/about.zip', 'mailto:info@acme.de', 'not a url'].map((u) => scoreContactUrl(u).excluded)).toEqual([true, true, true, true, true]);
  });

  it('takes custom rules', () => {
    const rules = { ...DEFAULT_CONTACT_URL_RULES, rules: [{ reason: 'presse', weight: 20, words: ['presse'] }] };
    expect(scoreContactUrl('https://acme.de/presse', rules)).toEqual({ score: 21, reasons: ['presse'], excluded: false });
  });
});

describe('selectContactPages', () => {
  const inventory = [
    'https://acme.de/',
    'https://acme.de/blog/hello-world',
    'https://acme.de/kontakt',
    'https://acme.de/kontakt#form',
    'https://acme.de/impressum',
    'https://acme.de/ueber-uns/team',
    'https://acme.de/karriere',
    'https://acme.de/files/kontakt.pdf',
    'https://acme.de/datenschutz',
    'https://acme.de/produkte/x',
  ].map((url) => ({ url }));

  it('returns the home page first, then the top N by score, deduped, files left out', async () => {
    const selected = await selectContactPages(inventory, { homeUrl: 'https://acme.de/', topN: 3 });
    expect(selected.map((p) => p.url)).toEqual(['https://acme.de/', 'https://acme.de/kontakt', 'https://acme.de/impressum', 'https://acme.de/ueber-uns/team']);
    expect(selected[0]!.reasons).toEqual(['home']);
  });

  it('reads an async iterable of any length while keeping only N candidates', async () => {
    let produced = 0;
    async function* pages(): AsyncGenerator<{ url: string }> {
      for (let i = 0; i < 20_000; i++) {
        produced++;
        yield { url: i === 12_345 ? 'https://acme.de/contact' : `https://acme.de/p/${i}/about?x=${i}` };
      }
    }
    const selected = await selectContactPages(pages(), { homeUrl: 'https://acme.de/', topN: 2 });
    expect(produced).toBe(20_000);
    expect(selected.map((p) => p.url)).toEqual(['https://acme.de/', 'https://acme.de/contact', 'https://acme.de/p/0/about?x=0']);
  });

  it('gives the same result whatever the input order', async () => {
    const a = await selectContactPages(inventory, { homeUrl: 'https://acme.de/', topN: 5 });
    const b = await selectContactPages([...inventory].reverse(), { homeUrl: 'https://acme.de/', topN: 5 });
    expect(b).toEqual(a);
  });

  it('offers well-known contact paths for domains without a sitemap', () => {
    expect(WELL_KNOWN_CONTACT_PATHS).toContain('/kontakt');
    expect(WELL_KNOWN_CONTACT_PATHS.every((p) => p.startsWith('/') && !scoreContactUrl(`https://acme.de${p}`).excluded)).toBe(true);
  });
});
