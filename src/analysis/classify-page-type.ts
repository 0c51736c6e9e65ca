import { splitUrl, type UrlParts } from './split-url.js';
import type { PageType } from './types.js';

/*
 * The rule table, applied in this order; the first rule that matches decides.
 *
 *  1. extension of the last segment   .pdf → pdf; .jpg .jpeg .png .gif .webp .avif .svg .bmp .tif(f) → image;
 *                                     .mp4 .webm .mov .m4v .avi .mkv → video
 *  2. intent words (contact, about, team, legal, careers), whole segments, the deepest one wins
 *     (/about/team → team, /en/kontakt → contact); see INTENT_WORDS
 *  3. container words: the deepest one followed by another segment names the type of what follows
 *     (/products/blue-shirt → product, /collections/x/products/y → product, /blog/my-post → post, /tag/x → tag,
 *     /category/news → category, /videos/x → video); as the last segment, a container is a listing
 *     (/products → category, /blog → category, /tags → tag)
 *  4. a year and month in the path: with a slug after them (/2024/05/my-post, /2024/05/31/my-post) → post;
 *     without (/2024/05/, /2024/05/31/) → category, a date archive
 *  5. a query string, or a file extension other than an HTML-ish one → other
 *  6. anything else → page (the home page included)
 *
 * Segments are compared lower-cased, percent-decoded, with `_` read as `-` and an .html/.htm/.php/.asp(x)/.jsp
 * extension removed. Words cover English, German, French, Spanish, Italian, Portuguese, Dutch, the Nordic
 * languages, Polish and Turkish where the cost is a dictionary entry.
 */

const INTENT_WORDS: Record<'contact' | 'about' | 'team' | 'legal' | 'careers', string> = {
  contact:
    'contact contacts contact-us contactus contact-form contact-page get-in-touch reach-us kontakt kontaktformular kontakt-os ' +
    'kontakta-oss kontakt-oss ota-yhteytta yhteystiedot contacto contactenos contactanos contactar contato fale-conosco contatti ' +
    'contattaci contatto contactez-nous nous-contacter contacter contact-ons contacteer-ons kontakty kontaktai iletisim',
  about:
    'about about-us aboutus about-me who-we-are our-story our-company company ueber-uns uber-uns über-uns wir-ueber-uns ' +
    'unternehmen a-propos à-propos qui-sommes-nous quienes-somos sobre-nosotros nosotros sobre-nos quem-somos chi-siamo ' +
    'over-ons wie-zijn-wij om-oss om-os om-meg o-nas hakkimizda',
  team:
    'team our-team the-team meet-the-team people staff leadership management founders unser-team das-team mitarbeiter ' +
    'ansprechpartner equipe équipe notre-equipe notre-équipe equipo nuestro-equipo il-team la-squadra equipa ons-team medewerkers ' +
    'zespol ekibimiz',
  legal:
    'impressum imprint legal legal-notice legal-notices privacy privacy-policy privacy-notice privacypolicy datenschutz ' +
    'datenschutzerklaerung datenschutzerklärung terms terms-of-service terms-of-use terms-and-conditions terms-conditions tos ' +
    'agb nutzungsbedingungen mentions-legales mentions-légales cgv cgu politique-de-confidentialite aviso-legal ' +
    'politica-de-privacidad privacidad terminos-y-condiciones note-legali privacy-e-cookie cookie-policy cookies cookie-richtlinie ' +
    'disclaimer gdpr rgpd colofon kolofon integritetspolicy personvern',
  careers:
    'careers career jobs job join-us work-with-us karriere stellenangebote stellen jobboerse emplois emploi carrieres carrières ' +
    'recrutement empleo empleos trabaja-con-nosotros trabalhe-conosco vagas carreiras lavora-con-noi carriere vacatures ' +
    'werken-bij jobb lediga-jobb rekrytointi kariera praca kariyer',
};

const CONTAINER_WORDS: Record<'product' | 'category' | 'tag' | 'post' | 'video', string> = {
  product: 'product products produkt produkte producto productos produit produits prodotto prodotti produto produtos item items dp',
  category:
    'category categories product-category product-cat collections collection kategorie kategorien categoria categorias ' +
    'categorie catégorie catégories categorieen department departments shop winkel tienda boutique negozio',
  tag: 'tag tags product-tag topic topics label labels schlagwort schlagworte etiqueta etiquetas etichetta tema themen',
  post:
    'blog blogs post posts news article articles story stories press press-releases aktuelles nachrichten neuigkeiten artikel ' +
    'noticias noticia actualites actualités actualite notizie nieuws nyheter uutiset aktualnosci haberler magazine journal',
  video: 'video videos vidéos watch mediathek',
};

const WORDS = new Map<string, { type: PageType; container: boolean }>();
for (const [type, words] of Object.entries(INTENT_WORDS)) {
  for (const w of words.split(/\s+/)) WORDS.set(w, { type: type as PageType, container: false });
}
for (const [type, words] of Object.entries(CONTAINER_WORDS)) {
  for (const w of words.split(/\s+/)) WORDS.set(w, { type: type as PageType, container: true });
}

const MAX_WORD_LENGTH = Math.max(...[...WORDS.keys()].map((w) => w.length));

const PAGE_EXTENSION = /\.(?:html?|php\d?|aspx?|jsp|cfm|shtml)$/;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$/;
const VIDEO_EXTENSION = /\.(?:mp4|webm|mov|m4v|avi|mkv)$/;
const ANY_EXTENSION = /\.[a-z0-9]{1,5}$/;
const YEAR = /^(?:19|20)\d\d$/;
const MONTH = /^(?:0?[1-9]|1[0-2])$/;

/**
 * What kind of page a URL points at, from its shape alone (no fetch): see the rule table at the top of
 * classify-page-type.ts.
 * @example classifyPageType('https://example.de/de/kontakt/') //=> 'contact'
 * @example classifyPageType('https://shop.example.com/collections/summer/products/hat') //=> 'product'
 */
export function classifyPageType(url: string): PageType {
  return classifyUrlParts(splitUrl(url));
}

/** classifyPageType for a URL already split (the analyzer splits each loc once for all its uses). */
export function classifyUrlParts({ path, hasQuery }: UrlParts): PageType {
  let lower = path.toLowerCase();
  if (lower.includes('%')) {
    try {
      lower = decodeURIComponent(lower);
    } catch {
      // Malformed escapes: classify the path as written.
    }
  }
  const segments = lower.split('/');
  let n = segments.length;
  while (n > 0 && segments[n - 1] === '') n--;
  const last = n > 0 ? segments[n - 1]! : '';
  const dotted = last.includes('.');
  if (dotted) {
    if (last.endsWith('.pdf')) return 'pdf';
    if (IMAGE_EXTENSION.test(last)) return 'image';
    if (VIDEO_EXTENSION.test(last)) return 'video';
  }

  let intent: PageType | null = null;
  let inner: PageType | null = null;
  let tail: PageType | null = null;
  let dateAt = -1;
  for (let i = 0; i < n; i++) {
    let segment = segments[i]!;
    // Slugs are long and words short: most segments are ruled out before the dictionary is asked.
    if (segment === '' || segment.length > MAX_WORD_LENGTH + 6) continue;
    if (dateAt === -1 && segment.length === 4 && YEAR.test(segment) && i + 1 < n && MONTH.test(segments[i + 1]!)) dateAt = i;
    if (segment.includes('.')) segment = segment.replace(PAGE_EXTENSION, '');
    if (segment.includes('_')) segment = segment.replaceAll('_', '-');
    const word = WORDS.get(segment);
    if (word === undefined) continue;
    if (!word.container) intent = word.type;
    else if (i < n - 1) inner = word.type;
    else tail = word.type === 'product' || word.type === 'post' ? 'category' : word.type;
  }
  if (intent !== null) return intent;
  if (inner !== null) return inner;
  if (tail !== null) return tail;
  if (dateAt !== -1) return hasSlugAfter(segments, dateAt + 2, n) ? 'post' : 'category';
  if (hasQuery) return 'other';
  if (dotted && ANY_EXTENSION.test(last) && !PAGE_EXTENSION.test(last)) return 'other';
  return 'page';
}

/** True when a segment after `from` is not a day number: the post's slug. */
function hasSlugAfter(segments: string[], from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (segments[i] !== '' && !/^\d{1,2}$/.test(segments[i]!)) return true;
  return false;
}
