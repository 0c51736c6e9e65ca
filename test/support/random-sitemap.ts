/**
 * Deterministic random sitemaps that exercise what real documents do: prefixes and upper case, CDATA, entities
 * and character references, whitespace and comments in odd places, every extension, valid and invalid metadata.
 * Every document is well-formed XML, so the saxes reference can read it too.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomSitemap(seed: number, entries = 40): { text: string; kind: 'urlset' | 'sitemapindex' | 'rss' | 'atom' } {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const kind = pick(['urlset', 'urlset', 'urlset', 'sitemapindex', 'rss', 'atom'] as const);
  const prefix = chance(0.2) ? 'sm:' : '';
  const upper = chance(0.1);
  const tag = (name: string, p = prefix): string => {
    const n = p + name;
    return upper ? n.toUpperCase() : n;
  };
  const ws = (): string => pick(['', '', ' ', '\n  ', '\n\t\t', '\r\n    ']);
  const comment = (): string => (chance(0.05) ? `<!-- ${pick(['note', 'a > b', '-- x'.replace('--', '-'), 'éü'])} -->` : '');
  const encodeText = (s: string): string => {
    if (chance(0.15) && !s.includes(']]>')) return `<![CDATA[${s}]]>`;
    const gt = chance(0.5);
    const decA = chance(0.1);
    const hexE = chance(0.1);
    return [...s]
      .map((ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' && gt ? '&gt;' : ch === 'a' && decA ? '&#97;' : ch === 'e' && hexE ? '&#x65;' : ch))
      .join('');
  };
  const path = (): string => {
    const parts = ['shop', 'blog', 'über', 'café', 'a&b', 'x<y', 'q"t', "it's", '日本', 'emoji😀', 'plain'];
    let p = '';
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) p += '/' + pick(parts);
    if (chance(0.3)) p += `?id=${Math.floor(rnd() * 1000)}&sort=${pick(['asc', 'desc'])}`;
    return p;
  };
  const loc = (): string => `https://www.example.com${path()}`;
  const date = (): string =>
    pick(['2024-01-02', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05+02:00', '2024-01-02T03:04:05.123-05:00', '2024', '2024-07', '2024-01-02 03:04:05', 'Tue, 10 Jun 2003 04:00:00 GMT', 'not a date', '2024-02-30']);
  const field = (name: string, content: string, p = prefix): string => `${ws()}<${tag(name, p)}>${chance(0.1) ? ws() : ''}${encodeText(content)}${chance(0.1) ? ws() : ''}</${tag(name, p)}>${comment()}`;

  let body = '';
  for (let i = 0; i < entries; i++) {
    if (kind === 'urlset') {
      let e = field('loc', loc());
      if (chance(0.7)) e += field('lastmod', date());
      if (chance(0.5)) e += field('changefreq', pick(['daily', 'Weekly', 'MONTHLY', 'never', 'sometimes']));
      if (chance(0.5)) e += field('priority', pick(['0.0', '0.5', '1.0', '1', '.3', '2', 'high']));
      if (chance(0.2)) {
        e += `${ws()}<${tag('image', 'image:')}>${field('loc', `https://cdn.example.com/${Math.floor(rnd() * 100)}.jpg`, 'image:')}${chance(0.5) ? field('title', 'Title & more', 'image:') : ''}${chance(0.3) ? field('caption', 'A <caption>', 'image:') : ''}</${tag('image', 'image:')}>`;
      }
      if (chance(0.1)) {
        e += `${ws()}<video:video>${field('thumbnail_loc', 'https://cdn.example.com/t.jpg', 'video:')}${field('title', 'Video', 'video:')}${field('description', 'Desc', 'video:')}${field('content_loc', 'https://cdn.example.com/v.mp4', 'video:')}${field('duration', pick(['600', 'PT1M', 'long']), 'video:')}</video:video>`;
      }
      if (chance(0.1)) {
        e += `${ws()}<news:news><news:publication>${field('name', 'The Times', 'news:')}${field('language', 'en', 'news:')}</news:publication>${field('publication_date', date(), 'news:')}${field('title', 'Headline', 'news:')}</news:news>`;
      }
      if (chance(0.2)) {
        e += `${ws()}<xhtml:link rel="alternate" hreflang="${pick(['de', 'fr', 'x-default'])}" href="${loc().replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"/>`;
      }
      body += `${ws()}<${tag('url')}>${e}${ws()}</${tag('url')}>${comment()}`;
    } else if (kind === 'sitemapindex') {
      body += `${ws()}<${tag('sitemap')}>${field('loc', loc())}${chance(0.6) ? field('lastmod', date()) : ''}${ws()}</${tag('sitemap')}>`;
    } else if (kind === 'rss') {
      body += `${ws()}<item>${field('title', 'Post', '')}${field('link', loc(), '')}${chance(0.7) ? field('pubDate', date(), '') : ''}</item>`;
    } else {
      const href = loc().replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      body += `${ws()}<entry>${field('title', 'Entry', '')}<link href="${href}"${chance(0.5) ? ' rel="alternate"' : ''}/>${chance(0.7) ? field('updated', date(), '') : ''}</entry>`;
    }
  }
  const decl = chance(0.8) ? `<?xml version="1.0" encoding="UTF-8"?>${ws()}` : '';
  const pi = chance(0.2) ? '<?xml-stylesheet type="text/xsl" href="/s.xsl"?>\n' : '';
  let text: string;
  if (kind === 'urlset' || kind === 'sitemapindex') {
    const ns = prefix ? ` xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"` : ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
    text = `${decl}${pi}<${tag(kind)}${ns} xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:video="v" xmlns:news="n" xmlns:xhtml="http://www.w3.org/1999/xhtml">${body}\n</${tag(kind)}>\n`;
  } else if (kind === 'rss') {
    text = `${decl}<rss version="2.0"><channel><title>Blog</title><link>https://www.example.com/</link>${body}</channel></rss>`;
  } else {
    text = `${decl}<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><link href="https://www.example.com/" rel="self"/>${body}</feed>`;
  }
  return { text, kind };
}
