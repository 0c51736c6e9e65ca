/** One group of path words and what a match is worth. */
export interface ContactUrlRule {
  reason: string;
  weight: number;
  /** Path segments (or hyphen/underscore-separated words of one) that match, lower-case, accents kept. */
  words: readonly string[];
}

export interface ContactUrlRules {
  rules: readonly ContactUrlRule[];
  /** Subtracted per path segment below the first (language prefixes such as /de/ or /en-us/ do not count). */
  depthPenalty: number;
  /** Subtracted when the URL has a query string: filtered and tracking variants of a page. */
  queryPenalty: number;
  /** Added when the matching word is the last segment (/about/team rather than /team/anna-berg). */
  leafBonus: number;
}

export interface ContactUrlScore {
  /** Higher is likelier to hold contacts; 0 for no match; -Infinity when excluded. */
  score: number;
  reasons: string[];
  excluded: boolean;
}

/** Defaults, in English and the major European languages (de, fr, es, it, nl, pt, pl, sv, da, no, fi, cs). */
export const DEFAULT_CONTACT_URL_RULES: ContactUrlRules = {
  depthPenalty: 1,
  queryPenalty: 3,
  leafBonus: 1,
  rules: [
    {
      reason: 'contact',
      weight: 10,
      words: [
        'contact', 'contacts', 'contact-us', 'contactus', 'contact-me', 'get-in-touch', 'reach-us', 'kontakt', 'kontaktformular', 'kontakt-os',
        'kontakta', 'kontakta-oss', 'kontakt-oss', 'kontaktujte-nas', 'contacto', 'contactos', 'contactenos', 'contactanos', 'contatti',
        'contatto', 'contattaci', 'contato', 'contatos', 'fale-conosco', 'nous-contacter', 'contactez-nous', 'contactez', 'neem-contact',
        'contacteer-ons', 'yhteystiedot', 'ota-yhteytta', 'yhteys', 'kontakty', 'kontaktai',
      ],
    },
    {
      reason: 'imprint',
      weight: 9,
      words: ['imprint', 'impressum', 'legal-notice', 'mentions-legales', 'mentions', 'aviso-legal', 'avisolegal', 'note-legali', 'colofon', 'colophon', 'tiraz', 'stopka', 'tiráž'],
    },
    {
      reason: 'team',
      weight: 8,
      words: [
        'team', 'our-team', 'the-team', 'meet-the-team', 'people', 'staff', 'leadership', 'management', 'board', 'founders', 'unser-team',
        'das-team', 'mitarbeiter', 'ansprechpartner', 'equipe', 'notre-equipe', 'équipe', 'equipo', 'nuestro-equipo', 'squadra', 'il-team',
        'persone', 'ons-team', 'medewerkers', 'zespol', 'nasz-zespol', 'zespół', 'medarbetare', 'ansatte', 'medarbejdere', 'tiimi', 'henkilosto',
        'tym', 'náš-tým', 'nas-tym', 'equipa', 'nossa-equipe',
      ],
    },
    {
      reason: 'about',
      weight: 7,
      words: [
        'about', 'about-us', 'aboutus', 'who-we-are', 'company', 'ueber-uns', 'uber-uns', 'über-uns', 'uberuns', 'unternehmen', 'wir-ueber-uns',
        'a-propos', 'qui-sommes-nous', 'societe', 'quienes-somos', 'sobre-nosotros', 'empresa', 'chi-siamo', 'azienda', 'over-ons', 'over',
        'sobre', 'sobre-nos', 'quem-somos', 'o-nas', 'o-firmie', 'om-oss', 'om-os', 'om', 'tietoa', 'meista', 'yritys', 'o-nás', 'o-spolecnosti',
      ],
    },
    {
      reason: 'locations',
      weight: 5,
      words: ['locations', 'location', 'stores', 'store-locator', 'offices', 'find-us', 'directions', 'standorte', 'standort', 'filialen', 'anfahrt', 'agences', 'magasins', 'sucursales', 'tiendas', 'oficinas', 'sedi', 'negozi', 'vestigingen', 'lojas', 'butiker', 'toimipisteet', 'pobocky'],
    },
    { reason: 'legal', weight: 4, words: ['legal', 'rechtliches', 'juridique', 'legale', 'juridisch'] },
    { reason: 'careers', weight: 3, words: ['careers', 'career', 'jobs', 'karriere', 'stellenangebote', 'emplois', 'carrieres', 'empleo', 'trabaja-con-nosotros', 'lavora-con-noi', 'carriere', 'vacatures', 'carreiras', 'kariera', 'karriar', 'rekrytointi', 'kariera'] },
    { reason: 'privacy', weight: 2, words: ['privacy', 'privacy-policy', 'datenschutz', 'datenschutzerklaerung', 'confidentialite', 'privacidad', 'privacidade', 'prywatnosc', 'integritetspolicy', 'tietosuoja'] },
  ],
};

/** Files, media and archives: never a page to read for contacts. */
const FILE_EXTENSION = /\.(?:pdf|jpe?g|png|gif|webp|svg|avif|bmp|ico|tiff?|mp[34]|m4[av]|mov|avi|webm|mkv|ogg|wav|flac|zip|gz|tgz|rar|7z|tar|docx?|xlsx?|pptx?|odt|ods|csv|xml|json|txt|rss|atom|css|js|woff2?|ttf|eot|exe|dmg|apk)$/i;
const PAGE_EXTENSION = /\.(?:html?|php\d?|aspx?|jsp|cfm|shtml)$/i;
/** A language or locale prefix such as /de/, /en-us/, /pt_BR/: not a level of depth. */
const LOCALE = /^[a-z]{2}(?:[-_][a-z]{2,4})?$/i;

/**
 * Scores a URL by how likely its page holds contact details, from the URL alone.
 *
 * @example
 *   scoreContactUrl('https://acme.de/kontakt') //=> { score: 11, reasons: ['contact'], excluded: false }
 *   scoreContactUrl('https://acme.de/files/kontakt.pdf') //=> { score: -Infinity, reasons: ['file'], excluded: true }
 */
export function scoreContactUrl(url: string, rules: ContactUrlRules = DEFAULT_CONTACT_URL_RULES): ContactUrlScore {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { score: -Infinity, reasons: ['invalid-url'], excluded: true };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { score: -Infinity, reasons: ['not-http'], excluded: true };
  if (FILE_EXTENSION.test(parsed.pathname)) return { score: -Infinity, reasons: ['file'], excluded: true };
  const segments = parsed.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => safeDecode(s).toLowerCase().replace(PAGE_EXTENSION, ''));
  const meaningful = segments.filter((s, i) => !(i === 0 && LOCALE.test(s)) && s !== 'index');
  if (meaningful.length === 0) return { score: parsed.search ? 1 - rules.queryPenalty : 1, reasons: ['home'], excluded: false };

  let best: { weight: number; reason: string; index: number } | null = null;
  meaningful.forEach((segment, index) => {
    const words = segment.split(/[-_.]/);
    for (const rule of rules.rules) {
      const hit = rule.words.some((w) => w === segment || (!w.includes('-') && words.includes(w)));
      if (hit && (best === null || rule.weight > best.weight)) best = { weight: rule.weight, reason: rule.reason, index };
    }
  });
  if (best === null) return { score: 0, reasons: [], excluded: false };
  const match: { weight: number; reason: string; index: number } = best;
  const reasons = [match.reason];
  let score = match.weight - rules.depthPenalty * (meaningful.length - 1);
  if (match.index === meaningful.length - 1) score += rules.leafBonus;
  if (meaningful.length > 1) reasons.push(`depth-${meaningful.length}`);
  if (parsed.search.length > 1) {
    score -= rules.queryPenalty;
    reasons.push('query');
  }
  return { score, reasons, excluded: false };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
