import type { CountryCode } from 'libphonenumber-js';

export type { CountryCode };

/** Where on the page a contact was read. */
export type ContactSource =
  | 'mailto'
  | 'tel'
  | 'text'
  | 'obfuscated-text'
  | 'attribute'
  | 'meta'
  | 'json-ld'
  | 'microformat'
  | 'microdata'
  | 'cfemail'
  | 'link';

/**
 * SERVICE: a role address (info@, sales@, kontakt@ …). CORPORATE: a person-like address on the page's own registrable
 * domain. FREE: a free mailbox provider (gmail.com, gmx.de …). UNKNOWN: anything else (a person at another domain).
 */
export type EmailType = 'SERVICE' | 'CORPORATE' | 'FREE' | 'UNKNOWN';

export interface FoundEmail {
  /** Lower-cased, trimmed, percent-decoded. */
  address: string;
  type: EmailType;
  /** Every distinct place it was read, in document order of first sight. */
  where: ContactSource[];
  /** Up to 160 characters of the text around its first sighting (or the attribute value it came from). */
  context: string;
}

export type PhoneKind = 'phone' | 'fax';

export interface FoundPhone {
  /** E.164, e.g. +4987123001. */
  e164: string;
  /** The number as first written on the page. */
  raw: string;
  kind: PhoneKind;
  /** libphonenumber's type when it can tell (MOBILE, FIXED_LINE, TOLL_FREE …), else null. */
  lineType: string | null;
  where: ContactSource[];
  context: string;
}

export type SocialPlatform =
  | 'linkedin'
  | 'x'
  | 'facebook'
  | 'instagram'
  | 'youtube'
  | 'tiktok'
  | 'github'
  | 'pinterest'
  | 'xing'
  | 'telegram'
  | 'flickr'
  | 'google-plus';

export interface FoundSocial {
  platform: SocialPlatform;
  /** Canonical profile URL: https, lower-case host, no query, fragment or trailing slash. */
  url: string;
  where: ContactSource[];
}

export interface FoundPerson {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  /** The person's own profiles (JSON-LD Person.sameAs), canonical; they go to this person's contact only. */
  socials: FoundSocial[];
  where: ContactSource[];
}

/** How the default region for national phone numbers was chosen. */
export type RegionSource = 'setting' | 'url-cctld' | 'html-lang' | 'address' | 'international-numbers' | 'number-format';

export interface ExtractedContacts {
  url: string;
  /** The region national numbers were read in, or null (then only +international numbers are read). */
  region: CountryCode | null;
  regionSource: RegionSource | null;
  emails: FoundEmail[];
  phones: FoundPhone[];
  socials: FoundSocial[];
  people: FoundPerson[];
  /** True when one of the addresses is a Gmail (or googlemail.com) mailbox. */
  hasGmail: boolean;
}

export interface ExtractOptions {
  /** The page's URL: relative links resolve against it, its registrable domain marks CORPORATE addresses, its ccTLD hints the region. */
  url: string;
  /** The region national phone numbers are read in; wins over everything inferred from the page. */
  defaultRegion?: CountryCode;
}
