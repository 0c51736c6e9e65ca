import { describe, expect, it } from 'vitest';
import { detectBlock } from '../../src/discovery/index.js';

const page = (title: string, body = ''): string => `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;

describe('detectBlock', () => {
  it.each([
    [403, {}, null, 'HTTP 403 (forbidden)'],
    [401, {}, '', 'HTTP 401 (authentication required)'],
    [429, { 'retry-after': '3600' }, 'slow down', 'HTTP 429 (rate limited, still after retries)'],
    [403, { 'cf-mitigated': 'challenge' }, page('Just a moment...'), 'HTTP 403 (forbidden): Cloudflare challenge (cf-mitigated: challenge)'],
    [403, { server: 'cloudflare' }, page('Just a moment...'), 'HTTP 403 (forbidden): Cloudflare challenge page ("Just a moment...")'],
    [503, {}, page('Just a moment...'), 'HTTP 503: Cloudflare challenge page ("Just a moment...")'],
    [200, { 'cf-mitigated': 'challenge' }, null, 'Cloudflare challenge (cf-mitigated: challenge)'],
    [403, {}, page('Attention Required! | Cloudflare'), 'HTTP 403 (forbidden): Cloudflare block page ("Attention Required!")'],
    [200, {}, page('Security check', '<div class="g-recaptcha"></div>'), 'captcha page'],
    [403, {}, page('x', '<iframe src="https://geo.captcha-delivery.com/captcha/?initialCid=1"></iframe>'), 'HTTP 403 (forbidden): DataDome captcha page'],
    [200, {}, page('Access to this page has been denied', '<div id="px-captcha"></div>'), 'PerimeterX (HUMAN) captcha page'],
    [200, {}, page('x', 'Request unsuccessful. Incapsula incident ID: 1-2'), 'Imperva Incapsula block page'],
    [403, {}, page('Sucuri WebSite Firewall - Access Denied'), 'HTTP 403 (forbidden): Sucuri firewall block page'],
    [403, {}, page('Access Denied', "You don't have permission. Reference #18.1234"), 'HTTP 403 (forbidden): Akamai "Access Denied" page'],
    [503, {}, page('Service Unavailable', '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script>'), 'HTTP 503: Cloudflare challenge'],
  ])('names a refusal: HTTP %i %j', (status, headers, head, expected) => {
    expect(detectBlock(status, headers, head)).toBe(expected);
  });

  it.each([
    [200, {}, page('Welcome', '<form><div class="g-recaptcha"></div></form><script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>')],
    [404, {}, page('404 Not Found')],
    [503, {}, page('Down for maintenance')],
    [200, { server: 'cloudflare' }, null],
  ])('does not call an ordinary answer a refusal: HTTP %i %j', (status, headers, head) => {
    expect(detectBlock(status, headers, head)).toBeNull();
  });
});
