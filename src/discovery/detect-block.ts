/**
 * Tells a refusal from an answer. A WAF or bot-protection page is not "no sitemap": reporting it as such would tell
 * the user a site publishes nothing when it only refused us. Only the first BLOCK_SNIFF_BYTES of a body are looked
 * at, and only when the body was not a sitemap.
 */

/** Challenge pages put their tell-tale signs in the first few KiB; 32 KiB leaves room for inline styles before them. */
export const BLOCK_SNIFF_BYTES = 32 * 1024;

/** Signs that appear only on block and challenge pages, never on a normal page of a protected site. */
const STRONG_MARKERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/<title>\s*just a moment\.\.\.\s*<\/title>/i, 'Cloudflare challenge page ("Just a moment...")'],
  [/attention required! \| cloudflare/i, 'Cloudflare block page ("Attention Required!")'],
  [/cf-browser-verification|_cf_chl_opt|cf-challenge-running/i, 'Cloudflare challenge page'],
  [/geo\.captcha-delivery\.com|captcha-delivery\.com\/captcha/i, 'DataDome captcha page'],
  [/px-captcha/i, 'PerimeterX (HUMAN) captcha page'],
  [/incapsula incident id|request unsuccessful\. incapsula/i, 'Imperva Incapsula block page'],
  [/sucuri website firewall/i, 'Sucuri firewall block page'],
  [/<title>[^<]*(?:captcha|are you (?:a )?(?:human|robot)|bot (?:check|detection)|security check)[^<]*<\/title>/i, 'captcha page'],
  [/<title>\s*access denied\s*<\/title>[\s\S]*reference\s*#\s*\d/i, 'Akamai "Access Denied" page'],
];

/**
 * Signs that normal pages of a protected site carry too (a contact form's reCAPTCHA, Cloudflare's bot-detection
 * script): they name the protection only when the status already says something went wrong.
 */
const WEAK_MARKERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\/cdn-cgi\/challenge-platform\//i, 'Cloudflare challenge'],
  [/g-recaptcha|recaptcha\/api\.js|hcaptcha\.com|cf-turnstile/i, 'captcha'],
  [/datadome/i, 'DataDome'],
  [/awswaf/i, 'AWS WAF challenge'],
];

const REFUSALS: Readonly<Record<number, string>> = {
  401: 'HTTP 401 (authentication required)',
  403: 'HTTP 403 (forbidden)',
  429: 'HTTP 429 (rate limited, still after retries)',
};

function firstMatch(markers: ReadonlyArray<readonly [RegExp, string]>, head: string): string | null {
  for (const [pattern, name] of markers) if (pattern.test(head)) return name;
  return null;
}

/**
 * Why the response counts as a refusal, or null when it does not. `head` is the start of the body (decoded as
 * latin1 is enough: every marker is ASCII), or null when it was not read.
 * @example
 *   detectBlock(403, { server: 'cloudflare' }, '<title>Just a moment...</title>')
 *   //=> 'HTTP 403 (forbidden): Cloudflare challenge page ("Just a moment...")'
 */
export function detectBlock(status: number, headers: Readonly<Record<string, string>>, head: string | null): string | null {
  const mitigated = headers['cf-mitigated']?.toLowerCase().includes('challenge') === true ? 'Cloudflare challenge (cf-mitigated: challenge)' : null;
  const failed = status >= 400;
  const page = head === null ? null : (firstMatch(STRONG_MARKERS, head) ?? (failed ? firstMatch(WEAK_MARKERS, head) : null));
  const sign = mitigated ?? page;
  const refusal = REFUSALS[status] ?? null;
  if (refusal !== null) return sign === null ? refusal : `${refusal}: ${sign}`;
  if (sign === null) return null;
  return status >= 200 && status < 300 ? sign : `HTTP ${status}: ${sign}`;
}
