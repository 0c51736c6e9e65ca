import { Parser } from 'htmlparser2';

/** One attribute value worth scanning for addresses, with the element it sits on. */
export interface AttributeText {
  tag: string;
  name: string;
  value: string;
}

/** A link's target (href of `a` or `area`) with the text inside it. */
export interface PageLink {
  href: string;
  text: string;
}

/** What an hCard / h-card root held. Values are the raw text (or href) of its property elements. */
export interface HCard {
  names: string[];
  /** Microdata faxNumber only: hCards mark fax numbers as a `tel` with a type. */
  faxes: string[];
  orgs: string[];
  roles: string[];
  emails: string[];
  tels: string[];
  countries: string[];
}

/** Everything the extraction rules look at, read in one pass over the markup. */
export interface PageContent {
  /**
   * The visible text: whitespace runs collapsed to one space, block boundaries as "\n", table cells as " | ".
   * Scripts, styles, templates and comments are left out.
   */
  text: string;
  attributes: AttributeText[];
  /** `content` of `<meta>` elements (descriptions, og:* and twitter:* properties). */
  metas: AttributeText[];
  links: PageLink[];
  /** Hex payloads of Cloudflare email obfuscation (data-cfemail and /cdn-cgi/l/email-protection#hex). */
  cfemails: string[];
  /** Bodies of `<script type="application/ld+json">`. */
  jsonLd: string[];
  hcards: HCard[];
  /** schema.org microdata on any element: itemprop="email" / "telephone" / "faxNumber" (from `content`, `href` or the text). */
  microdata: HCard;
  /** The `lang` attribute of `<html>`, or null. */
  lang: string | null;
}

/** Elements whose text is code or invisible markup, never contact text. */
const SKIPPED = new Set(['script', 'style', 'template', 'svg', 'math', 'textarea', 'select', 'iframe', 'object']);

/** Elements that end a line of text; inline elements (a, span, strong …) do not separate words. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'noscript', 'ol', 'option', 'p', 'pre', 'section', 'table',
  'tbody', 'thead', 'tfoot', 'tr', 'ul', 'title', 'button', 'label', 'legend', 'caption', 'center',
]);
const CELLS = new Set(['td', 'th']);

/** Attributes whose values are prose a person wrote, where an address may appear. */
const PROSE_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'content', 'value', 'label', 'summary', 'data-email', 'data-mail']);

type HCardProperty = keyof HCard;

const HCARD_CLASSES: Readonly<Record<string, HCardProperty>> = {
  fn: 'names',
  'p-name': 'names',
  org: 'orgs',
  'p-org': 'orgs',
  role: 'roles',
  title: 'roles',
  'p-job-title': 'roles',
  'p-role': 'roles',
  email: 'emails',
  'u-email': 'emails',
  tel: 'tels',
  'p-tel': 'tels',
  'country-name': 'countries',
  'p-country-name': 'countries',
};

interface Capture {
  card: HCard;
  /** Usually one; `class="fn org"` names both (an organisation's card). */
  properties: HCardProperty[];
  text: string;
  href: string | null;
}

interface Frame {
  name: string;
  card: HCard | null;
  capture: Capture | null;
  skip: boolean;
  jsonLd: boolean;
  link: PageLink | null;
}

const emptyCard = (): HCard => ({ names: [], faxes: [], orgs: [], roles: [], emails: [], tels: [], countries: [] });

const MICRODATA_PROPERTIES: Readonly<Record<string, HCardProperty>> = { email: 'emails', telephone: 'tels', faxnumber: 'faxes', addresscountry: 'countries' };

/**
 * Reads a page with htmlparser2's streaming parser (entities decoded, comments dropped) into the text, attribute
 * values, links and structured blocks the extraction rules scan. Regular expressions later run over these decoded
 * pieces, never over raw markup.
 */
export function readPage(html: string): PageContent {
  const out: PageContent = { text: '', attributes: [], metas: [], links: [], cfemails: [], jsonLd: [], hcards: [], microdata: emptyCard(), lang: null };
  const parts: string[] = [];
  const stack: Frame[] = [];
  const captures: Capture[] = [];
  // How many elements of each name are open, so a stray close tag is checked in O(1) rather than by a stack scan.
  const open = new Map<string, number>();
  let jsonLdText = '';
  let skipDepth = 0;
  let jsonLdDepth = 0;
  const openLinks: PageLink[] = [];

  const breakLine = (separator: string): void => {
    const last = parts[parts.length - 1];
    if (last === undefined || last.endsWith('\n')) return;
    if (separator === ' | ' && last.endsWith(' | ')) return;
    parts.push(separator);
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const parent = stack[stack.length - 1];
        const classes = (attribs.class ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        let card = parent?.card ?? null;
        if (classes.includes('vcard') || classes.includes('h-card')) {
          card = emptyCard();
          out.hcards.push(card);
        }
        let capture: Capture | null = null;
        if (card !== null) {
          const properties = classes.map((c) => HCARD_CLASSES[c]).filter((p): p is HCardProperty => p !== undefined);
          if (properties.length > 0) {
            capture = { card, properties, text: '', href: attribs.href ?? null };
            captures.push(capture);
          }
        }
        const itemprop = MICRODATA_PROPERTIES[(attribs.itemprop ?? '').trim().toLowerCase()];
        if (itemprop !== undefined) {
          const direct = attribs.content ?? (name === 'a' || name === 'link' ? attribs.href : undefined);
          if (direct !== undefined && direct.trim().length > 0) out.microdata[itemprop].push(direct.trim());
          else if (capture === null) {
            capture = { card: out.microdata, properties: [itemprop], text: '', href: null };
            captures.push(capture);
          }
        }
        const type = (attribs.type ?? '').toLowerCase().trim();
        const jsonLd = name === 'script' && type === 'application/ld+json';
        const skip = SKIPPED.has(name);
        if (skip) skipDepth++;
        if (jsonLd) {
          jsonLdDepth++;
          jsonLdText = '';
        }
        if (name === 'html' && attribs.lang !== undefined && out.lang === null) out.lang = attribs.lang.trim() || null;
        if (name === 'html' && out.lang === null && attribs['xml:lang'] !== undefined) out.lang = attribs['xml:lang'].trim() || null;
        let link: PageLink | null = null;
        if ((name === 'a' || name === 'area') && attribs.href !== undefined) {
          link = { href: attribs.href.trim(), text: '' };
          out.links.push(link);
          openLinks.push(link);
          const hex = cloudflareHex(attribs.href);
          if (hex !== null) out.cfemails.push(hex);
        }
        for (const [attribute, value] of Object.entries(attribs)) {
          if (value.length === 0) continue;
          if (attribute === 'data-cfemail') out.cfemails.push(value.trim());
          else if (name === 'meta' && attribute === 'content') out.metas.push({ tag: name, name: attribs.name ?? attribs.property ?? attribute, value });
          else if (PROSE_ATTRIBUTES.has(attribute) || (attribute.startsWith('data-') && value.includes('@'))) {
            // An input's value is what a visitor types: a form's default or example, not the site's contact.
            if (attribute === 'value' && (name === 'input' || name === 'textarea' || name === 'option')) continue;
            out.attributes.push({ tag: name, name: attribute, value });
          }
        }
        if (BLOCKS.has(name)) breakLine('\n');
        else if (CELLS.has(name)) breakLine(' | ');
        stack.push({ name, card, capture, skip, jsonLd, link });
        open.set(name, (open.get(name) ?? 0) + 1);
      },
      ontext(raw) {
        if (jsonLdDepth > 0) {
          jsonLdText += raw;
          return;
        }
        if (skipDepth > 0) return;
        const text = raw.replace(/[\s\u00a0\u2007\u202f\u200b]+/g, ' ');
        if (text.length === 0) return;
        const last = parts[parts.length - 1];
        parts.push(text === ' ' && (last === undefined || last.endsWith(' ') || last.endsWith('\n')) ? '' : text);
        for (const capture of captures) capture.text += text;
        for (const link of openLinks) link.text += text;
      },
      onclosetag(name) {
        if ((open.get(name) ?? 0) > 0) {
          let frame = stack.pop();
          while (frame !== undefined && frame.name !== name) {
            closeFrame(frame);
            frame = stack.pop();
          }
          if (frame !== undefined) closeFrame(frame);
        }
        if (BLOCKS.has(name)) breakLine('\n');
        else if (CELLS.has(name)) breakLine(' | ');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );

  function closeFrame(frame: Frame): void {
    open.set(frame.name, (open.get(frame.name) ?? 1) - 1);
    if (frame.skip) skipDepth--;
    if (frame.jsonLd) {
      jsonLdDepth--;
      out.jsonLd.push(jsonLdText);
      jsonLdText = '';
    }
    if (frame.capture !== null) {
      const index = captures.indexOf(frame.capture);
      if (index >= 0) captures.splice(index, 1);
      const { card, properties, text, href } = frame.capture;
      for (const property of properties) {
        const value = (property === 'emails' || property === 'tels' || property === 'faxes') && href !== null && /^(mailto|tel):/i.test(href) ? href : text.trim();
        if (value.length > 0) card[property].push(value);
      }
    }
    if (frame.link !== null) {
      const index = openLinks.indexOf(frame.link);
      if (index >= 0) openLinks.splice(index, 1);
      frame.link.text = frame.link.text.trim();
    }
  }

  parser.write(html);
  parser.end();
  while (stack.length > 0) closeFrame(stack.pop()!);
  out.text = parts.join('');
  return out;
}

/** The hex payload of a Cloudflare email-protection link (`/cdn-cgi/l/email-protection#…`, also mirrored as `….html#…`). */
function cloudflareHex(href: string): string | null {
  const match = /cdn-cgi\/l\/email-protection(?:\.html)?#([0-9a-f]+)$/i.exec(href.trim());
  return match === null ? null : match[1]!;
}
