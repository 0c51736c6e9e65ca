import { parse } from 'tldts';

/**
 * Why a string that looks like an address is not a contact, or null when it passes. Reasons are stable words so
 * callers can count them.
 */
export type EmailRejection = 'syntax' | 'unknown-tld' | 'file-name' | 'placeholder' | 'tracking' | 'no-reply';

/** Extensions that turn `logo@2x.png` or `icon@3x.webp` into something shaped like an address. */
const FILE_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'avif', 'bmp', 'ico', 'tif', 'tiff', 'heic', 'css', 'js', 'mjs', 'map', 'json', 'xml',
  'html', 'htm', 'php', 'asp', 'aspx', 'jsp', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'gz', 'tgz', 'rar', '7z',
  'mp3', 'mp4', 'm4a', 'm4v', 'mov', 'avi', 'webm', 'ogg', 'wav', 'flac', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'txt', 'csv',
]);

/** Domains used in documentation and form hints (`you@example.com`, `name@domain.com`). */
const PLACEHOLDER_DOMAIN_NAMES = new Set([
  'example', 'domain', 'yourdomain', 'your-domain', 'yoursite', 'your-site', 'yourcompany', 'mydomain', 'my-domain', 'mysite',
  'mycompany', 'sample', 'test', 'email', 'e-mail', 'mail-address', 'company', 'website', 'beispiel', 'musterfirma', 'mustermann',
  'exemple', 'ejemplo', 'esempio', 'voorbeeld', 'placeholder',
]);

/** Local parts that stand for "your address here". */
const PLACEHOLDER_LOCALS = new Set([
  'you', 'your', 'yourname', 'your.name', 'your-name', 'youremail', 'your.email', 'yourmail', 'name', 'firstname', 'first.name',
  'firstname.lastname', 'first.last', 'vorname.nachname', 'vorname', 'max.mustermann', 'maxmustermann', 'mustermann',
  'erika.mustermann', 'john.doe', 'johndoe', 'jane.doe', 'janedoe', 'john.smith', 'user', 'username', 'someone', 'somebody',
  'test', 'testing', 'foo', 'foobar', 'prenom.nom', 'nombre', 'nome.cognome', 'jan.jansen',
]);

/** Error-monitoring and analytics endpoints that embed ingest addresses in page scripts and attributes. */
const TRACKING_DOMAINS = ['sentry.io', 'sentry-next.wixpress.com', 'sentry.wixpress.com', 'wixpress.com', 'ingest.sentry.io', 'bugsnag.com', 'rollbar.com'];

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * Checks one lower-cased address. Domains must end in a real public suffix (tldts), which also drops
 * `logo@2x.png`-style file names, IBAN-ish and digit strings glued to an `@`.
 *
 * @example
 *   rejectEmail('logo@2x.png') //=> 'file-name'
 *   rejectEmail('info@example.com') //=> 'placeholder'
 *   rejectEmail('info@notar-krebs.de') //=> null
 */
export function rejectEmail(address: string): EmailRejection | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.length > 254) return 'syntax';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return 'syntax';
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (FILE_EXTENSIONS.has(tld) || /^\d+(?:\.\d+)?x(?:-\d+x\d+)?$/.test(labels[0] ?? '')) return 'file-name';
  if (labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')) || /^\d+$/.test(tld)) return 'syntax';
  const parsed = parse(domain);
  if (parsed.isIp === true || parsed.isIcann !== true || parsed.domain === null || parsed.domainWithoutSuffix === null) return 'unknown-tld';
  if (TRACKING_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`)) || /^[0-9a-f]{24,}$/.test(local)) return 'tracking';
  if (PLACEHOLDER_DOMAIN_NAMES.has(parsed.domainWithoutSuffix) || PLACEHOLDER_LOCALS.has(local)) return 'placeholder';
  if (/^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster-noreply)(?:[.+_-].*)?$/.test(local)) return 'no-reply';
  return null;
}

/**
 * Trims what text around an address glued onto it: a capitalised word that starts the next sentence when the source
 * lacked a space (`support@calebandbrown.com.It` → `support@calebandbrown.com`), and trailing dots or hyphens.
 * Works on the address as written (case intact); returns it lower-cased.
 */
export function cleanEmail(written: string): string {
  let value = written.trim().replace(/[.-]+$/, '');
  const at = value.lastIndexOf('@');
  if (at > 0) {
    const labels = value.slice(at + 1).split('.');
    const last = labels[labels.length - 1] ?? '';
    const rest = labels.slice(0, -1);
    if (rest.length >= 2 && /^[A-Z][a-z]+$/.test(last) && rest.every((l) => l === l.toLowerCase())) {
      value = `${value.slice(0, at + 1)}${rest.join('.')}`;
    }
  }
  return value.toLowerCase();
}
