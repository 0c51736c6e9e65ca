import { describe, expect, it } from 'vitest';
import { sameSiteLinks } from '../../src/contacts/index.js';

describe('sameSiteLinks', () => {
  it('keeps links on the page’s site (any subdomain), absolute and without fragments', () => {
    const html = `<a href="/contact#form">c</a><a href="https://www.shop.example.co.uk/about">a</a>
      <a href="https://other.example.com/x">x</a><a href="mailto:a@shop.example.co.uk">m</a><a href="http://[::1">bad</a>`;
    expect(sameSiteLinks(html, 'https://shop.example.co.uk/')).toEqual(['https://shop.example.co.uk/contact', 'https://www.shop.example.co.uk/about']);
  });

  it('counts private suffixes as the discovery walk does: another github.io user is another site', () => {
    const html = '<a href="https://alice.github.io/team">mine</a><a href="https://mallory.github.io/contact">theirs</a>';
    expect(sameSiteLinks(html, 'https://alice.github.io/')).toEqual(['https://alice.github.io/team']);
  });

  it('stops at max links', () => {
    const html = Array.from({ length: 20 }, (_, i) => `<a href="/p${i}">p</a>`).join('');
    expect(sameSiteLinks(html, 'https://example.org/', 5)).toHaveLength(5);
  });
});
