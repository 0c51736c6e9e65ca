import { describe, expect, it } from 'vitest';
import { extractContacts, normalizeSocialUrl } from '../../src/contacts/index.js';

const url = (href: string): string | null => normalizeSocialUrl(href)?.url ?? null;

describe('normalizeSocialUrl', () => {
  it('canonicalises profiles: https, lower-case host, www., no query, fragment or trailing slash', () => {
    expect(
      [
        'http://de-de.facebook.com/Alemannia.Makaria/',
        'https://m.facebook.com/acme?ref=bookmarks#top',
        'https://www.facebook.com/profile.php?id=100012345678&sk=about',
        'https://www.instagram.com/Kurfuerstlicheshoftheaterbonn/?hl=en',
        'https://twitter.com/Anthrocon',
        'https://x.com/acme_gmbh/status/123',
        'https://de.linkedin.com/company/acme-gmbh/jobs/',
        'https://www.linkedin.com/in/anna-berg-123/',
        'https://www.linkedin.com/school/tu-muenchen/',
        'https://www.youtube.com/channel/UCjrbTiS4lHNvVFxx1yJh-gQ',
        'https://youtube.com/user/anthrocon/videos',
        'https://www.youtube.com/c/AcmeTV',
        'https://www.youtube.com/@AcmeTV',
        'https://www.tiktok.com/@Acme?lang=de',
        'https://github.com/Acme/',
        'https://www.pinterest.de/acme/',
        'https://www.xing.com/pages/acme-gmbh',
        'https://telegram.me/Anthrocon',
        'https://www.flickr.com/photos/129237139@N06/albums',
      ].map(url),
    ).toEqual([
      'https://www.facebook.com/alemannia.makaria',
      'https://www.facebook.com/acme',
      'https://www.facebook.com/profile.php?id=100012345678',
      'https://www.instagram.com/kurfuerstlicheshoftheaterbonn',
      'https://x.com/anthrocon',
      'https://x.com/acme_gmbh',
      'https://www.linkedin.com/company/acme-gmbh',
      'https://www.linkedin.com/in/anna-berg-123',
      'https://www.linkedin.com/school/tu-muenchen',
      'https://www.youtube.com/channel/UCjrbTiS4lHNvVFxx1yJh-gQ',
      'https://www.youtube.com/user/anthrocon',
      'https://www.youtube.com/c/AcmeTV',
      'https://www.youtube.com/@acmetv',
      'https://www.tiktok.com/@acme',
      'https://github.com/acme',
      'https://www.pinterest.com/acme',
      'https://www.xing.com/pages/acme-gmbh',
      'https://t.me/anthrocon',
      'https://www.flickr.com/photos/129237139@N06',
    ]);
  });

  it('reads protocol-relative and scheme-less profile links as the platform\'s, whatever the page URL', () => {
    expect([normalizeSocialUrl('//www.facebook.com/acme', 'file:///tmp/x.html')?.url, normalizeSocialUrl('www.instagram.com/acme/', 'https://acme.de/kontakt')?.url]).toEqual([
      'https://www.facebook.com/acme',
      'https://www.instagram.com/acme',
    ]);
  });

  it('rejects share, intent and dialog links, widgets and embeds, videos and posts, and the platforms\' own pages', () => {
    expect(
      [
        'https://www.facebook.com/sharer/sharer.php?u=https://acme.de',
        'https://www.facebook.com/dialog/share?app_id=1',
        'https://www.facebook.com/plugins/page.php?href=acme',
        'http://de-de.facebook.com/policy.php',
        'https://www.facebook.com/policies/cookies/',
        'http://developers.facebook.com/docs/plugins/',
        'https://twitter.com/intent/tweet?text=hi',
        'https://twitter.com/share?url=x',
        'https://twitter.com/home',
        'https://www.linkedin.com/shareArticle?mini=true',
        'https://www.linkedin.com/sharing/share-offsite/?url=x',
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        'https://www.youtube.com/embed/dQw4w9WgXcQ',
        'https://youtu.be/dQw4w9WgXcQ',
        'https://www.instagram.com/p/Cabc123/',
        'http://instagram.com/about/legal/privacy/',
        'https://pinterest.com/pin/create/button/?url=x',
        'https://about.pinterest.com/de/privacy-policy',
        'https://github.com/acme/website',
        'https://t.me/share/url?url=x',
        'https://www.tiktok.com/embed/v2/123',
        'mailto:info@acme.de',
        '#',
      ].map(url),
    ).toEqual(Array.from({ length: 23 }, () => null));
  });

  it('extractContacts reads profiles from links and JSON-LD sameAs, deduped, each with where it was found', () => {
    const html =
      '<html><body><a href="https://www.facebook.com/acme/">f</a><a href="https://facebook.com/acme">f</a><a href="#">Instagram</a>' +
      '<a href="https://twitter.com/intent/tweet?url=x">share</a>' +
      '<script type="application/ld+json">{"@type":"Organization","sameAs":["https://www.facebook.com/acme","https://www.linkedin.com/company/acme"]}</script></body></html>';
    expect(extractContacts(html, { url: 'https://acme.de/' }).socials).toEqual([
      { platform: 'facebook', url: 'https://www.facebook.com/acme', where: ['link', 'json-ld'] },
      { platform: 'linkedin', url: 'https://www.linkedin.com/company/acme', where: ['json-ld'] },
    ]);
  });
});
