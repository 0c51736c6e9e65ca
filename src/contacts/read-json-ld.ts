import type { PhoneKind } from './types.js';

/** Contact facts found in a page's JSON-LD blocks. */
export interface JsonLdFacts {
  emails: string[];
  phones: Array<{ value: string; kind: PhoneKind }>;
  sameAs: string[];
  /** addressCountry values (ISO codes or names, as written). */
  countries: string[];
  /** People with a role or a way to reach them; `sameAs` is their own profiles (never in the page's `sameAs`). */
  people: Array<{ name: string; role: string | null; email: string | null; phone: string | null; sameAs: string[] }>;
}

/** Objects nested deeper than this are not read: real JSON-LD is shallow, and a hostile one must not recurse forever. */
const MAX_DEPTH = 32;

/**
 * Reads schema.org contact properties (email, telephone, faxNumber, sameAs, address.addressCountry, and Person with
 * jobTitle and their own sameAs) from every JSON-LD block, whatever the nesting: `@graph`, arrays, contactPoint, employee, founder …
 * A block that is not valid JSON is repaired where that is cheap (trailing commas, raw newlines in strings) and
 * otherwise scanned for `"email": "…"` and `"telephone": "…"` pairs.
 */
export function readJsonLd(blocks: readonly string[]): JsonLdFacts {
  const facts: JsonLdFacts = { emails: [], phones: [], sameAs: [], countries: [], people: [] };
  for (const block of blocks) {
    const data = parseLenient(block);
    if (data === undefined) scanBrokenBlock(block, facts);
    else visit(data, facts, 0);
  }
  return facts;
}

function parseLenient(block: string): unknown {
  const text = block.trim().replace(/^<!--|-->$/g, '').replace(/^\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>$/g, '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return JSON.parse(text.replace(/,\s*([}\]])/g, '$1').replace(/\p{Cc}+/gu, ' ')) as unknown;
    } catch {
      return undefined;
    }
  }
}

function scanBrokenBlock(block: string, facts: JsonLdFacts): void {
  for (const match of block.matchAll(/"(email|telephone|faxNumber)"\s*:\s*"([^"]{1,200})"/g)) {
    const [, key, value] = match;
    if (key === 'email') facts.emails.push(value!);
    else facts.phones.push({ value: value!, kind: key === 'faxNumber' ? 'fax' : 'phone' });
  }
}

const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function typesOf(node: Record<string, unknown>): string[] {
  return strings(node['@type']).map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
}

function visit(node: unknown, facts: JsonLdFacts, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) visit(item, facts, depth + 1);
    return;
  }
  if (!isRecord(node)) return;
  const emails = strings(node.email);
  const phones = strings(node.telephone);
  facts.emails.push(...emails);
  for (const value of phones) facts.phones.push({ value, kind: 'phone' });
  for (const value of strings(node.faxNumber)) facts.phones.push({ value, kind: 'fax' });
  // A Person's sameAs are that person's profiles (a founder's LinkedIn), not the organisation's: they go with the
  // person, or nowhere when the Person is not a contact, never to every address on the page.
  const isPerson = typesOf(node).includes('Person');
  if (!isPerson) facts.sameAs.push(...strings(node.sameAs));
  const address = node.address;
  for (const a of Array.isArray(address) ? address : [address]) {
    if (!isRecord(a)) continue;
    const country = a.addressCountry;
    if (typeof country === 'string') facts.countries.push(country);
    else if (isRecord(country) && typeof country.name === 'string') facts.countries.push(country.name);
  }
  if (isPerson && typeof node.name === 'string' && node.name.trim().length > 0) {
    const role = strings(node.jobTitle)[0] ?? strings(node.roleName)[0] ?? null;
    // A Person with neither a role nor a way to reach them is an article's author (Yoast and other SEO plugins put
    // one in every page's graph), not a contact.
    if (role !== null || emails.length > 0 || phones.length > 0) {
      facts.people.push({ name: node.name.trim(), role: role?.trim() ?? null, email: emails[0] ?? null, phone: phones[0] ?? null, sameAs: strings(node.sameAs) });
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'sameAs' || key === '@context') continue;
    if (typeof value === 'object' && value !== null) visit(value, facts, depth + 1);
  }
}
