import { describe, expect, it } from 'vitest';
import { sectionOf } from '../../src/analysis/section-of.js';
import { sameSite, splitUrl } from '../../src/analysis/split-url.js';

describe('splitUrl', () => {
  it.each([
    ['https://User:pw@WWW.Example.COM:8443/a/b?x=1#f', { host: 'www.example.com:8443', path: '/a/b', hasQuery: true }],
    ['https://example.com', { host: 'example.com', path: '/', hasQuery: false }],
    ['https://example.com?x', { host: 'example.com', path: '/', hasQuery: true }],
    ['https://example.com/#frag?no', { host: 'example.com', path: '/', hasQuery: false }],
    ['http://example.com/p#f', { host: 'example.com', path: '/p', hasQuery: false }],
    ['../relative/index.html', { host: '', path: '../relative/index.html', hasQuery: false }],
  ])('splits %s', (loc, parts) => {
    expect(splitUrl(loc)).toEqual(parts);
  });

  it('counts www. and the bare domain as one site, and nothing else', () => {
    expect([sameSite('www.example.com', 'example.com'), sameSite('shop.example.com', 'example.com')]).toEqual([true, false]);
  });
});

describe('sectionOf', () => {
  it('takes the first path segment, lower-cased, the home page as /, long ones clipped', () => {
    expect(['/Blog/x/y', '/', '/about.html', `/${'x'.repeat(80)}/y`].map(sectionOf)).toEqual(['/blog', '/', '/about.html', `/${'x'.repeat(63)}…`]);
  });
});
