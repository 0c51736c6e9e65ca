import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import { parse } from 'tldts';
import type { RegionSource } from './types.js';

const COUNTRIES: ReadonlySet<string> = new Set(getCountries());

/** ccTLDs that are not their country's ISO code, and generic-looking ones used worldwide (.io, .co, .me, .tv …). */
const TLD_EXCEPTIONS: Readonly<Record<string, CountryCode | null>> = {
  uk: 'GB', io: null, co: null, me: null, tv: null, ai: null, fm: null, ly: null, to: null, cc: null, ws: null, gg: null, app: null, so: null, sh: null, am: null, la: null, nu: null, tk: null, eu: null,
};

/** A language whose speakers are mostly in one country; English, Spanish, Portuguese and Arabic are not. */
const LANGUAGE_REGIONS: Readonly<Record<string, CountryCode>> = {
  de: 'DE', fr: 'FR', it: 'IT', nl: 'NL', pl: 'PL', sv: 'SE', da: 'DK', nb: 'NO', nn: 'NO', no: 'NO', fi: 'FI', cs: 'CZ', sk: 'SK',
  hu: 'HU', ro: 'RO', el: 'GR', bg: 'BG', hr: 'HR', sl: 'SI', et: 'EE', lv: 'LV', lt: 'LT', ja: 'JP', ko: 'KR', zh: 'CN', ru: 'RU',
  uk: 'UA', tr: 'TR', he: 'IL', is: 'IS', th: 'TH', vi: 'VN', id: 'ID',
};

/** Country names as schema.org addresses and hCards often write them. */
const COUNTRY_NAMES: Readonly<Record<string, CountryCode>> = {
  germany: 'DE', deutschland: 'DE', austria: 'AT', österreich: 'AT', switzerland: 'CH', schweiz: 'CH', suisse: 'CH', france: 'FR',
  italy: 'IT', italia: 'IT', spain: 'ES', españa: 'ES', netherlands: 'NL', nederland: 'NL', belgium: 'BE', belgië: 'BE', belgique: 'BE',
  'united kingdom': 'GB', uk: 'GB', 'great britain': 'GB', england: 'GB', ireland: 'IE', 'united states': 'US', usa: 'US',
  'united states of america': 'US', canada: 'CA', australia: 'AU', 'new zealand': 'NZ', poland: 'PL', polska: 'PL', sweden: 'SE',
  sverige: 'SE', denmark: 'DK', danmark: 'DK', norway: 'NO', norge: 'NO', finland: 'FI', suomi: 'FI', portugal: 'PT', czechia: 'CZ',
  'czech republic': 'CZ', mexico: 'MX', méxico: 'MX', brazil: 'BR', brasil: 'BR', china: 'CN', japan: 'JP', india: 'IN',
  'south africa': 'ZA', luxembourg: 'LU',
};

export interface RegionHints {
  setting?: CountryCode | undefined;
  url: string;
  /** `<html lang>`, then `<meta http-equiv="content-language">` / og:locale. */
  languages: readonly string[];
  /** Countries named in JSON-LD addresses and hCards. */
  countries: readonly string[];
  /** Regions of the +international numbers on the page, in order of appearance (repeats count). */
  internationalRegions: readonly CountryCode[];
  /**
   * How many national-format numbers of the page read as valid in a region. Breaks ties between the regions of the
   * international numbers (a page listing +1 and +61 numbers whose other numbers are all American is American).
   */
  countNationalNumbers?: (region: CountryCode) => number;
  /** A region the page's number formatting gives away when nothing else does: `(514) 305-1010` is North American. */
  formatRegion?: CountryCode | null;
}

/**
 * The region national numbers are read in. In order: the caller's setting, the URL's ccTLD, a region in the page's
 * language tag (de-AT → AT) or a language spoken mostly in one country (de → DE), a country in a structured address,
 * and last the country most of the page's +international numbers belong to.
 *
 * @example
 *   inferRegion({ url: 'https://acme.at/kontakt', languages: [], countries: [], internationalRegions: [] }) //=> { region: 'AT', source: 'url-cctld' }
 */
export function inferRegion(hints: RegionHints): { region: CountryCode | null; source: RegionSource | null } {
  if (hints.setting !== undefined) return { region: hints.setting, source: 'setting' };
  const fromUrl = regionOfUrl(hints.url);
  if (fromUrl !== null) return { region: fromUrl, source: 'url-cctld' };
  for (const tag of hints.languages) {
    const [language, region] = tag.trim().replace('_', '-').split('-');
    const upper = region?.toUpperCase();
    if (upper !== undefined && COUNTRIES.has(upper)) return { region: upper as CountryCode, source: 'html-lang' };
    const guess = LANGUAGE_REGIONS[language?.toLowerCase() ?? ''];
    if (guess !== undefined) return { region: guess, source: 'html-lang' };
  }
  for (const country of hints.countries) {
    const value = country.trim();
    const code = COUNTRIES.has(value.toUpperCase()) && value.length === 2 ? (value.toUpperCase() as CountryCode) : COUNTRY_NAMES[value.toLowerCase()];
    if (code !== undefined) return { region: code, source: 'address' };
  }
  const counts = new Map<CountryCode, number>();
  for (const region of hints.internationalRegions) counts.set(region, (counts.get(region) ?? 0) + 1);
  const national = new Map<CountryCode, number>();
  if (counts.size > 1 && hints.countNationalNumbers !== undefined) for (const region of counts.keys()) national.set(region, hints.countNationalNumbers(region));
  let best: CountryCode | null = null;
  for (const [region, count] of counts) {
    if (best === null) best = region;
    const [a, b] = [national.get(region) ?? 0, national.get(best) ?? 0];
    if (a > b || (a === b && count > (counts.get(best) ?? 0))) best = region;
  }
  if (best !== null) return { region: best, source: 'international-numbers' };
  if (hints.formatRegion != null) return { region: hints.formatRegion, source: 'number-format' };
  return { region: null, source: null };
}

function regionOfUrl(url: string): CountryCode | null {
  if (!/^https?:/i.test(url)) return null;
  const { publicSuffix, isIcann } = parse(url);
  if (publicSuffix === null || isIcann !== true) return null;
  const tld = publicSuffix.split('.').pop() ?? '';
  if (tld in TLD_EXCEPTIONS) return TLD_EXCEPTIONS[tld] ?? null;
  const upper = tld.toUpperCase();
  return tld.length === 2 && COUNTRIES.has(upper) ? (upper as CountryCode) : null;
}

/**
 * The region for an ISO 3166-1 alpha-2 code libphonenumber knows (any case), or null.
 *
 * @example
 *   parseRegion('de') //=> 'DE'
 *   parseRegion('XX') //=> null
 */
export function parseRegion(value: string): CountryCode | null {
  const upper = value.trim().toUpperCase();
  return COUNTRIES.has(upper) ? (upper as CountryCode) : null;
}
