import type { CountryCode } from 'libphonenumber-js/max';
import { classifyEmail, isGmail } from './classify-email.js';
import { contextAround } from './context-snippet.js';
import { rejectEmail } from './email-rules.js';
import { decodeCloudflareEmail, findEmailsInText, findObfuscatedEmails, readMailto } from './find-emails.js';
import { findPhonesInText, readPhoneValue } from './find-phones.js';
import { inferRegion } from './infer-region.js';
import { normalizeSocialUrl } from './normalize-social.js';
import { readJsonLd } from './read-json-ld.js';
import { readPage, type PageContent } from './read-page.js';
import type { ContactSource, ExtractedContacts, ExtractOptions, FoundEmail, FoundPerson, FoundPhone, FoundSocial, PhoneKind } from './types.js';

/** `(514) 305-1010`: the area code in brackets, then 3-4 digits, is how North America writes national numbers. */
const NANP_FORMAT = /(?<![\d)])\(\d{3}\)\s?\d{3}[-.\s]\d{4}(?!\d)/;

const snippet = (value: string): string => contextAround(value, 0, Math.min(value.length, 160));

/**
 * Extracts the emails, phone numbers, social profiles and named people of one HTML page. Pure and synchronous:
 * no I/O, the same input always gives the same output.
 *
 * Every item says where on the page it was read (`mailto`, `text`, `cfemail`, `json-ld` …) and carries a short
 * context snippet. Decoys are dropped: file names shaped like addresses (logo@2x.png), placeholders
 * (you@example.com), tracking addresses, share and intent links, bank and register numbers.
 *
 * @example
 *   const page = '<p>Kontakt: <a href="mailto:info@acme.de">info@acme.de</a>, Tel. 030 1234567</p>';
 *   extractContacts(page, { url: 'https://acme.de/kontakt' });
 *   //=> { region: 'DE', emails: [{ address: 'info@acme.de', type: 'SERVICE', where: ['mailto', 'text'], … }],
 *   //     phones: [{ e164: '+49301234567', kind: 'phone', where: ['text'], … }], socials: [], people: [], … }
 */
export function extractContacts(html: string, options: ExtractOptions): ExtractedContacts {
  const { url } = options;
  const page = readPage(html);
  const jsonLd = readJsonLd(page.jsonLd);

  const languages = [page.lang, ...page.metas.filter((m) => m.name === 'content-language' || m.name === 'og:locale').map((m) => m.value)].filter(
    (l): l is string => l !== null && l.trim().length > 0,
  );
  const internationalRegions = findPhonesInText(page.text, null)
    .map((hit) => hit.country)
    .concat(page.links.filter((l) => /^tel:/i.test(l.href)).map((l) => readPhoneValue(l.href, null)?.country ?? null))
    .filter((r): r is CountryCode => r !== null);
  const { region, source: regionSource } = inferRegion({
    setting: options.defaultRegion,
    url,
    languages,
    countries: [...jsonLd.countries, ...page.microdata.countries, ...page.hcards.flatMap((c) => c.countries)],
    internationalRegions,
    countNationalNumbers: (candidate) => findPhonesInText(page.text, candidate).filter((hit) => !/^\(?(?:\+|00)/.test(hit.raw)).length,
    formatRegion: NANP_FORMAT.test(page.text) ? 'US' : null,
  });

  const emails = collectEmails(page, jsonLd.emails, url);
  const phones = collectPhones(page, jsonLd.phones, region);
  const socials = collectSocials(page, jsonLd.sameAs, url);
  const people = collectPeople(page, jsonLd.people, url);
  return { url, region, regionSource, emails, phones, socials, people, hasGmail: emails.some((e) => isGmail(e.address)) };
}

function collectEmails(page: PageContent, jsonLdEmails: readonly string[], url: string): FoundEmail[] {
  const found = new Map<string, FoundEmail>();
  const add = (address: string, where: ContactSource, context: string): void => {
    if (rejectEmail(address) !== null) return;
    const seen = found.get(address);
    if (seen === undefined) found.set(address, { address, type: classifyEmail(address, url), where: [where], context });
    else if (!seen.where.includes(where)) seen.where.push(where);
  };
  for (const link of page.links) {
    if (!/^mailto:/i.test(link.href)) continue;
    for (const address of readMailto(link.href)) add(address, 'mailto', snippet(link.text || link.href));
  }
  for (const hex of page.cfemails) {
    const decoded = decodeCloudflareEmail(hex);
    if (decoded === null) continue;
    for (const match of findEmailsInText(decoded)) add(match.address, 'cfemail', snippet(decoded));
  }
  for (const match of findEmailsInText(page.text)) add(match.address, 'text', contextAround(page.text, match.index, match.length));
  for (const match of findObfuscatedEmails(page.text)) add(match.address, 'obfuscated-text', contextAround(page.text, match.index, match.length));
  for (const value of jsonLdEmails) {
    const text = value.replace(/^mailto:/i, '');
    for (const match of [...findEmailsInText(text), ...findObfuscatedEmails(text)]) add(match.address, 'json-ld', snippet(value));
  }
  for (const card of page.hcards) {
    for (const value of card.emails) {
      const addresses = /^mailto:/i.test(value) ? readMailto(value) : findEmailsInText(value).map((m) => m.address);
      for (const address of addresses) add(address, 'microformat', snippet(value));
    }
  }
  for (const value of page.microdata.emails) {
    const addresses = /^mailto:/i.test(value) ? readMailto(value) : findEmailsInText(value).map((m) => m.address);
    for (const address of addresses) add(address, 'microdata', snippet(value));
  }
  for (const meta of page.metas) {
    for (const match of findEmailsInText(meta.value)) add(match.address, 'meta', contextAround(meta.value, match.index, match.length));
  }
  for (const attribute of page.attributes) {
    for (const match of findEmailsInText(attribute.value)) add(match.address, 'attribute', contextAround(attribute.value, match.index, match.length));
  }
  return [...found.values()];
}

/** Click-to-chat links carry the number in the path (wa.me/4915…) or the `phone` parameter (api.whatsapp.com/send?phone=…). */
function whatsappNumber(href: string): string | null {
  const match = /^https?:\/\/(?:wa\.me\/(\+?\d{6,15})|(?:api|web)\.whatsapp\.com\/send\/?\?(?:.*&)?phone=([^&#]+))/i.exec(href.trim());
  if (match === null) return null;
  const value = match[1] ?? match[2] ?? '';
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return null;
  }
  const digits = decoded.replace(/[^\d+]/g, '');
  return digits.startsWith('+') ? digits : `+${digits}`;
}

function collectPhones(page: PageContent, jsonLdPhones: ReadonlyArray<{ value: string; kind: PhoneKind }>, region: CountryCode | null): FoundPhone[] {
  const found = new Map<string, FoundPhone>();
  const add = (hit: { e164: string; raw: string; kind: PhoneKind; lineType: string | null } | null, where: ContactSource, context: string): void => {
    if (hit === null) return;
    const seen = found.get(hit.e164);
    if (seen === undefined) found.set(hit.e164, { e164: hit.e164, raw: hit.raw, kind: hit.kind, lineType: hit.lineType, where: [where], context });
    else if (!seen.where.includes(where)) seen.where.push(where);
  };
  for (const link of page.links) {
    if (/^(?:tel|callto):/i.test(link.href)) add(readPhoneValue(link.href, region), 'tel', snippet(link.text || link.href));
    const whatsapp = whatsappNumber(link.href);
    if (whatsapp !== null) add(readPhoneValue(whatsapp, null), 'link', snippet(link.href));
  }
  for (const { value, kind } of jsonLdPhones) add(readPhoneValue(value, region, kind), 'json-ld', snippet(value));
  for (const card of page.hcards) for (const value of card.tels) add(readPhoneValue(value, region), 'microformat', snippet(value));
  for (const value of page.microdata.tels) add(readPhoneValue(value, region), 'microdata', snippet(value));
  for (const value of page.microdata.faxes) add(readPhoneValue(value, region, 'fax'), 'microdata', snippet(value));
  for (const hit of findPhonesInText(page.text, region)) add(hit, 'text', hit.context);
  return [...found.values()];
}

function collectSocials(page: PageContent, sameAs: readonly string[], url: string): FoundSocial[] {
  return socialProfiles([...page.links.map((link) => [link.href, 'link'] as const), ...sameAs.map((href) => [href, 'json-ld'] as const)], url);
}

/** Canonical profiles of the given links, one per profile URL with every place it was found. */
function socialProfiles(hrefs: ReadonlyArray<readonly [string, ContactSource]>, url: string): FoundSocial[] {
  const found = new Map<string, FoundSocial>();
  const base = URL.canParse(url) ? url : undefined;
  for (const [href, where] of hrefs) {
    const profile = normalizeSocialUrl(href, base);
    if (profile === null) continue;
    const seen = found.get(profile.url);
    if (seen === undefined) found.set(profile.url, { ...profile, where: [where] });
    else if (!seen.where.includes(where)) seen.where.push(where);
  }
  return [...found.values()];
}

function collectPeople(page: PageContent, jsonLdPeople: ReadonlyArray<Omit<FoundPerson, 'where' | 'socials'> & { sameAs: string[] }>, url: string): FoundPerson[] {
  const found = new Map<string, FoundPerson>();
  const add = (person: Omit<FoundPerson, 'where'>, where: ContactSource): void => {
    const name = person.name.replace(/\s+/g, ' ').trim();
    if (name.length === 0 || name.length > 120) return;
    const key = `${name.toLowerCase()}|${(person.role ?? '').toLowerCase()}`;
    const seen = found.get(key);
    if (seen === undefined) found.set(key, { ...person, name, email: person.email?.replace(/^mailto:/i, '').toLowerCase() ?? null, where: [where] });
    else {
      if (!seen.where.includes(where)) seen.where.push(where);
      for (const social of person.socials) if (!seen.socials.some((s) => s.url === social.url)) seen.socials.push(social);
    }
  };
  for (const { sameAs, ...person } of jsonLdPeople) add({ ...person, socials: socialProfiles(sameAs.map((href) => [href, 'json-ld'] as const), url) }, 'json-ld');
  for (const card of page.hcards) {
    const name = card.names[0];
    // An hCard whose name is its organisation describes the organisation, not a person (the hCard spec's rule).
    if (name === undefined || card.orgs.some((org) => org.trim().toLowerCase() === name.trim().toLowerCase())) continue;
    add({ name, role: card.roles[0] ?? null, email: card.emails[0] ?? null, phone: card.tels[0]?.replace(/^tel:/i, '') ?? null, socials: [] }, 'microformat');
  }
  return [...found.values()];
}
