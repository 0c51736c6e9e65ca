/**
 * The contacts stage: which pages of a site to read for contacts, and the pure extraction of emails, phone numbers,
 * social profiles and people from one page's HTML. No I/O here: the caller fetches, this stage reads.
 */
export { extractContacts } from './extract-contacts.js';
export { decodeHtml, type DecodeHtmlOptions, type DecodedHtml } from './decode-html.js';
export { classifyEmail, isFreeMail, isGmail } from './classify-email.js';
export { rejectEmail, type EmailRejection } from './email-rules.js';
export { decodeCloudflareEmail, readMailto } from './find-emails.js';
export { normalizeSocialUrl, type SocialProfile } from './normalize-social.js';
export { inferRegion, parseRegion, type RegionHints } from './infer-region.js';
export { scoreContactUrl, type ContactUrlRule, type ContactUrlRules, type ContactUrlScore, DEFAULT_CONTACT_URL_RULES } from './score-contact-url.js';
export { selectContactPages, WELL_KNOWN_CONTACT_PATHS, type SelectContactPagesOptions, type SelectedPage } from './select-contact-pages.js';
export type {
  ContactSource,
  CountryCode,
  EmailType,
  ExtractedContacts,
  ExtractOptions,
  FoundEmail,
  FoundPerson,
  FoundPhone,
  FoundSocial,
  PhoneKind,
  RegionSource,
  SocialPlatform,
} from './types.js';
export {
  createContactCardBuilder,
  recordContactPageChoices,
  recordContactPageOutcome,
  saveContactCard,
  upsertPageContacts,
  type ContactCard,
  type ContactPageChoice,
  type ContactPageOutcome,
} from './store-contacts.js';
export { exportContacts, CONTACT_EXPORT_COLUMNS, type ContactExportFormat, type ExportContactsOptions } from './export-contacts.js';
export { fetchContactPage, sameSiteLinks, type FetchedContactPage, type FetchContactPageOptions } from './fetch-contact-page.js';
