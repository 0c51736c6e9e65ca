import { describe, expect, it } from 'vitest';
import { collect, gzip, url, urls, urlset } from '../support/collect.js';

describe('urlset', () => {
  it('yields every url with its loc, lastmod, changefreq and priority normalised', async () => {
    const doc = urlset(`
  <url><loc>https://example.com/</loc><lastmod>2024-05-01T10:20:30+02:00</lastmod><changefreq>daily</changefreq><priority>0.8</priority></url>
  <url><loc>https://example.com/about</loc><lastmod>2024-05</lastmod><changefreq>Weekly</changefreq><priority>1.0</priority></url>
  <url><loc>https://example.com/zero</loc><priority>0.0</priority></url>`);
    const r = await collect(doc);
    expect(r.error).toBeNull();
    expect(r.entries).toEqual([
      url('https://example.com/', { lastmod: '2024-05-01T08:20:30.000Z', changefreq: 'daily', priority: 0.8 }),
      url('https://example.com/about', { lastmod: '2024-05-01T00:00:00.000Z', changefreq: 'weekly', priority: 1 }),
      url('https://example.com/zero', { priority: 0 }),
    ]);
  });

  it('keeps priority 0.0 as the value 0, not as absence, and counts it', async () => {
    const r = await collect(urlset('<url><loc>https://a.example/</loc><priority>0.0</priority></url>'));
    expect(urls(r)[0]!.priority).toBe(0);
    expect(r.summary.fields.priority).toBe(1);
  });

  it('keeps invalid lastmod, changefreq and priority raw beside a warning instead of dropping them', async () => {
    const r = await collect(urlset('<url><loc>https://a.example/</loc><lastmod>yesterday</lastmod><changefreq>fortnightly</changefreq><priority>high</priority></url>'));
    expect(r.entries).toEqual([
      url('https://a.example/', {
        invalid: [
          { field: 'lastmod', raw: 'yesterday' },
          { field: 'changefreq', raw: 'fortnightly' },
          { field: 'priority', raw: 'high' },
        ],
      }),
    ]);
    expect(r.summary.warnings).toEqual({ 'invalid-lastmod': 1, 'invalid-changefreq': 1, 'invalid-priority': 1 });
    expect(r.warnings.map((w) => w.code)).toEqual(['invalid-lastmod', 'invalid-changefreq', 'invalid-priority']);
  });

  it('treats empty metadata elements as absent, without warnings', async () => {
    const r = await collect(urlset('<url><loc>https://a.example/</loc><lastmod></lastmod><changefreq/><priority> </priority></url>'));
    expect(r.entries).toEqual([url('https://a.example/')]);
    expect(r.summary.warnings).toEqual({});
  });

  it('skips a url without loc and reports it', async () => {
    const r = await collect(urlset('<url><lastmod>2024-01-01</lastmod></url><url><loc>https://a.example/x</loc></url>'));
    expect(r.entries).toEqual([url('https://a.example/x')]);
    expect(r.summary.warnings).toEqual({ 'missing-loc': 1 });
  });

  it('reads the image, video and news extensions and hreflang alternates', async () => {
    const doc = urlset(
      `<url>
  <loc>https://news.example/article</loc>
  <image:image><image:loc>https://cdn.example/a.jpg</image:loc><image:title>A &amp; B</image:title><image:caption>Cap</image:caption></image:image>
  <image:image><image:loc>https://cdn.example/b.jpg</image:loc></image:image>
  <video:video>
    <video:thumbnail_loc>https://cdn.example/t.jpg</video:thumbnail_loc>
    <video:title>Grilling steaks</video:title>
    <video:description>How to</video:description>
    <video:content_loc>https://cdn.example/v.mp4</video:content_loc>
    <video:player_loc allow_embed="yes">https://player.example/?v=1</video:player_loc>
    <video:duration>600</video:duration>
    <video:publication_date>2024-01-02T03:04:05+00:00</video:publication_date>
    <video:tag>steak</video:tag>
  </video:video>
  <news:news>
    <news:publication><news:name>The Example Times</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2024-03-04</news:publication_date>
    <news:title>Big news</news:title>
  </news:news>
  <xhtml:link rel="alternate" hreflang="de" href="https://news.example/de/article"/>
  <xhtml:link
      rel="alternate"
      hreflang="x-default"
      href="https://news.example/article" />
</url>`,
      ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"',
    );
    const r = await collect(doc);
    expect(r.error).toBeNull();
    expect(r.entries).toEqual([
      url('https://news.example/article', {
        images: [
          { loc: 'https://cdn.example/a.jpg', title: 'A & B', caption: 'Cap', geoLocation: null, license: null },
          { loc: 'https://cdn.example/b.jpg', title: null, caption: null, geoLocation: null, license: null },
        ],
        videos: [
          {
            thumbnailLoc: 'https://cdn.example/t.jpg',
            title: 'Grilling steaks',
            description: 'How to',
            contentLoc: 'https://cdn.example/v.mp4',
            playerLoc: 'https://player.example/?v=1',
            duration: 600,
            publicationDate: '2024-01-02T03:04:05.000Z',
          },
        ],
        news: { publicationName: 'The Example Times', publicationLanguage: 'en', publicationDate: '2024-03-04T00:00:00.000Z', title: 'Big news', keywords: null },
        alternates: [
          { hreflang: 'de', href: 'https://news.example/de/article' },
          { hreflang: 'x-default', href: 'https://news.example/article' },
        ],
      }),
    ]);
    expect(r.summary.fields).toEqual({ lastmod: 0, changefreq: 0, priority: 0, images: 1, videos: 1, news: 1, alternates: 1 });
  });

  it('never takes an extension loc for the page loc', async () => {
    const r = await collect(urlset('<url><image:image><image:loc>https://cdn.example/i.jpg</image:loc></image:image></url>'));
    expect(r.entries).toEqual([]);
    expect(r.summary.warnings).toEqual({ 'missing-loc': 1 });
  });
});

describe('sitemap index', () => {
  it('yields each child sitemap with its lastmod', async () => {
    const doc = `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://a.example/s1.xml.gz</loc><lastmod>2024-01-02T03:04:05Z</lastmod></sitemap>
  <sitemap><loc>https://a.example/s2.xml</loc></sitemap>
</sitemapindex>`;
    const r = await collect(doc);
    expect(r.summary.kind).toBe('sitemapindex');
    expect(r.entries).toEqual([
      { type: 'sitemap', loc: 'https://a.example/s1.xml.gz', lastmod: '2024-01-02T03:04:05.000Z', invalid: [] },
      { type: 'sitemap', loc: 'https://a.example/s2.xml', lastmod: null, invalid: [] },
    ]);
    expect(r.summary.entries).toEqual({ url: 0, sitemap: 2 });
  });
});

describe('plain-text sitemaps', () => {
  it('yields one url per line whatever the line endings, skipping blank lines', async () => {
    const r = await collect('https://a.example/1\r\nhttps://a.example/2\n\n  https://a.example/3  \rhttps://a.example/4');
    expect(r.summary.kind).toBe('text');
    expect(r.entries).toEqual([url('https://a.example/1'), url('https://a.example/2'), url('https://a.example/3'), url('https://a.example/4')]);
  });

  it('reports and skips lines that are not http(s) URLs', async () => {
    const r = await collect('https://a.example/1\n# comment\nftp://a.example/x\nhttps://a.example/2\n');
    expect(r.entries).toEqual([url('https://a.example/1'), url('https://a.example/2')]);
    expect(r.summary.warnings).toEqual({ 'text-line-not-url': 2 });
  });
});

describe('RSS and Atom feeds', () => {
  it('reads RSS 2.0 items: link as loc, pubDate as lastmod', async () => {
    const doc = `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><link>https://blog.example/</link>
<image><url>https://blog.example/logo.png</url><link>https://blog.example/</link></image>
<item><title>One</title><link>https://blog.example/one</link><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>
<item><title>Two</title><link><![CDATA[https://blog.example/two]]></link><pubDate>Wed, 11 Jun 2003 09:00:00 -0500</pubDate></item>
<item><guid isPermaLink="true">https://blog.example/three</guid></item>
</channel></rss>`;
    const r = await collect(doc);
    expect(r.summary.kind).toBe('rss');
    expect(r.entries).toEqual([
      url('https://blog.example/one', { lastmod: '2003-06-10T04:00:00.000Z' }),
      url('https://blog.example/two', { lastmod: '2003-06-11T14:00:00.000Z' }),
      url('https://blog.example/three'),
    ]);
  });

  it('reads Atom 1.0 entries: the alternate link as loc, updated (else published) as lastmod', async () => {
    const doc = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<link href="https://site.example/feed.xml" rel="self"/>
<entry><title>A</title><link rel="edit" href="https://site.example/edit/a"/><link href="https://site.example/a" rel="alternate" type="text/html"/><updated>2018-02-22T20:44:55+01:00</updated></entry>
<entry><title>B</title><link href="https://site.example/b"/><published>2018-01-01T00:00:00Z</published></entry>
</feed>`;
    const r = await collect(doc);
    expect(r.summary.kind).toBe('atom');
    expect(r.entries).toEqual([
      url('https://site.example/a', { lastmod: '2018-02-22T19:44:55.000Z' }),
      url('https://site.example/b', { lastmod: '2018-01-01T00:00:00.000Z' }),
    ]);
  });
});

describe('compression and sniffing', () => {
  const doc = urlset('<url><loc>https://a.example/</loc></url>');

  it('detects gzip by its magic bytes, whatever the name says', async () => {
    const r = await collect(gzip(doc));
    expect(r.entries).toEqual([url('https://a.example/')]);
    expect(r.summary.gzipLayers).toBe(1);
    expect(r.summary.bytesRead).toBe(gzip(doc).length);
    expect(r.summary.bytesDecompressed).toBe(Buffer.byteLength(doc));
  });

  it('removes gzip inside gzip', async () => {
    const r = await collect(gzip(gzip(doc)));
    expect(r.entries).toEqual([url('https://a.example/')]);
    expect(r.summary.gzipLayers).toBe(2);
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><head><title>404</title></head></html>', 'an HTML document (<!DOCTYPE html>)'],
    ['an HTML page without doctype', '\n<html lang="en"><body>Not found</body></html>', 'an HTML document (<html>)'],
    ['JSON', '{"urls": ["https://a.example/"]}', 'JSON (starts with "{\\"urls\\": [\\"https://a.example/\\"]}")'],
    ['an empty document', '', 'an empty document'],
    ['another XML vocabulary', '<?xml version="1.0"?><products><product><url>https://a.example/</url></product></products>', 'XML with root element <products>, not urlset, sitemapindex, rss or feed'],
    ['prose', 'Hello world\nthis is not a sitemap', 'text that is neither XML nor a list of URLs (first line: "Hello world")'],
  ])('ends %s with an error naming what was found', async (_what, input, found) => {
    const r = await collect(input);
    expect(r.entries).toEqual([]);
    expect(r.error?.code).toBe('SS_ERR_NOT_A_SITEMAP');
    expect(r.error?.message).toBe(`not a sitemap: found ${found}`);
  });

  it('names binary content by its magic number', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await collect(png);
    expect(r.error?.message).toBe('not a sitemap: found a PNG image');
    const junk = await collect(Buffer.from([1, 2, 3, 0, 5, 6]));
    expect(junk.error?.message).toBe('not a sitemap: found binary data (a NUL byte at 3)');
  });

  it('finds the root element after junk such as a PHP warning, and reports the junk', async () => {
    const r = await collect(`<b>Warning</b>: Cannot modify header information in /var/www/sitemap.php on line 3\n${doc}`);
    expect(r.entries).toEqual([url('https://a.example/')]);
    expect(r.summary.warnings).toEqual({ 'junk-before-root': 1 });
  });
});

describe('encodings', () => {
  it('skips a UTF-8 byte order mark', async () => {
    const r = await collect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(urlset('<url><loc>https://a.example/ü</loc></url>'))]));
    expect(r.entries).toEqual([url('https://a.example/ü')]);
    expect(r.summary.encoding).toBe('utf-8');
  });

  it.each([
    ['utf-16le', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['utf-16be', (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()])],
  ])('decodes %s with a byte order mark', async (encoding, encode) => {
    const r = await collect(encode(urlset('<url><loc>https://a.example/ß</loc><lastmod>2024-01-01</lastmod></url>')));
    expect(r.entries).toEqual([url('https://a.example/ß', { lastmod: '2024-01-01T00:00:00.000Z' })]);
    expect(r.summary.encoding).toBe(encoding);
  });

  it.each(['ISO-8859-1', 'windows-1252'])('decodes a document declared as %s', async (label) => {
    const text = `<?xml version="1.0" encoding="${label}"?><urlset><url><loc>https://a.example/caf\u00e9</loc><image:image><image:loc>https://a.example/i.jpg</image:loc><image:title>\u20ac5</image:title></image:image></url></urlset>`;
    const bytes = Buffer.from(new TextEncoder().encode(text).length ? latin1With1252(text) : []);
    const r = await collect(bytes);
    expect(urls(r)[0]!.loc).toBe('https://a.example/café');
    expect(urls(r)[0]!.images[0]!.title).toBe('€5');
    expect(r.summary.encoding).toBe('windows-1252');
  });

  it('reads an unsupported declared encoding as UTF-8 and says so', async () => {
    const r = await collect('<?xml version="1.0" encoding="x-klingon"?><urlset><url><loc>https://a.example/</loc></url></urlset>');
    expect(r.entries).toEqual([url('https://a.example/')]);
    expect(r.summary.warnings).toEqual({ 'unsupported-encoding': 1 });
  });
});

describe('real-world tolerance', () => {
  it('reads urlsets without a namespace, with an unusual one, or with prefixed tags', async () => {
    const plain = await collect('<urlset><url><loc>https://a.example/1</loc></url></urlset>');
    const odd = await collect('<urlset xmlns="http://www.google.com/schemas/sitemap/0.84"><url><loc>https://a.example/1</loc></url></urlset>');
    const prefixed = await collect('<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:url><sm:loc>https://a.example/1</sm:loc><sm:priority>0.5</sm:priority></sm:url></sm:urlset>');
    expect(plain.entries).toEqual([url('https://a.example/1')]);
    expect(odd.entries).toEqual([url('https://a.example/1')]);
    expect(prefixed.entries).toEqual([url('https://a.example/1', { priority: 0.5 })]);
  });

  it('reads upper-case tags', async () => {
    const r = await collect('<URLSET><URL><LOC>https://a.example/1</LOC><LASTMOD>2024-01-01</LASTMOD><CHANGEFREQ>DAILY</CHANGEFREQ></URL></URLSET>');
    expect(r.entries).toEqual([url('https://a.example/1', { lastmod: '2024-01-01T00:00:00.000Z', changefreq: 'daily' })]);
  });

  it('reads CDATA sections, the five predefined entities and numeric character references', async () => {
    const r = await collect(
      urlset(`<url><loc><![CDATA[https://a.example/?a=1&b=<2>]]></loc></url>
<url><loc>https://a.example/?q=&quot;x&quot;&amp;r=&apos;&lt;&gt;&apos;</loc></url>
<url><loc>https://a.example/&#233;&#xE9;&#x1F600;</loc></url>`),
    );
    expect(r.entries).toEqual([url('https://a.example/?a=1&b=<2>'), url(`https://a.example/?q="x"&r='<>'`), url('https://a.example/éé😀')]);
  });

  it('keeps unknown entities and bare ampersands as written, reporting the entity', async () => {
    const r = await collect(urlset('<url><loc>https://a.example/?a=1&b=2&nbsp;</loc></url>'));
    expect(r.entries).toEqual([url('https://a.example/?a=1&b=2&nbsp;')]);
    expect(r.summary.warnings).toEqual({ 'unknown-entity': 1 });
  });

  it('removes whitespace and newlines around and inside loc', async () => {
    const r = await collect(urlset('<url><loc>\n    https://a.example/very/long/\n    path\t\n  </loc></url>'));
    expect(r.entries).toEqual([url('https://a.example/very/long/path')]);
  });

  it('resolves relative locs against the sitemap URL when given, and reports them either way', async () => {
    const doc = urlset('<url><loc>/about</loc></url><url><loc>team.html</loc></url>');
    const resolved = await collect(doc, { baseUrl: 'https://a.example/sitemaps/sitemap.xml' });
    expect(resolved.entries).toEqual([url('https://a.example/about'), url('https://a.example/sitemaps/team.html')]);
    expect(resolved.summary.warnings).toEqual({ 'relative-loc': 2 });
    const kept = await collect(doc);
    expect(kept.entries).toEqual([url('/about'), url('team.html')]);
    expect(kept.summary.warnings).toEqual({ 'relative-loc': 2 });
  });

  it('skips comments, processing instructions and a DOCTYPE without processing it', async () => {
    const r = await collect(`<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?>
<!-- generated by Yoast -->
<!DOCTYPE urlset [ <!ENTITY x "https://evil.example/"> ]>
<urlset><!-- a > comment --><url><?pi x?><loc>https://a.example/&x;</loc></url></urlset>`);
    expect(r.entries).toEqual([url('https://a.example/&x;')]);
    expect(r.summary.warnings).toEqual({ 'unknown-entity': 1 });
  });

  it('reports content after the root element without failing', async () => {
    const r = await collect(`${urlset('<url><loc>https://a.example/</loc></url>')}<div>stray</div>`);
    expect(r.entries).toEqual([url('https://a.example/')]);
    expect(r.error).toBeNull();
    expect(r.summary.warnings).toEqual({ 'content-after-root': 1 });
  });
});

describe('the summary', () => {
  it('counts entries by type, metadata fields, warnings by kind and bytes', async () => {
    const doc = urlset(`<url><loc>https://a.example/1</loc><lastmod>2024-01-01</lastmod><priority>0.3</priority></url>
<url><loc>https://a.example/2</loc><lastmod>nope</lastmod><changefreq>daily</changefreq></url>`);
    const r = await collect(gzip(doc));
    expect(r.summary).toEqual({
      kind: 'urlset',
      gzipLayers: 1,
      encoding: 'utf-8',
      bytesRead: gzip(doc).length,
      bytesDecompressed: Buffer.byteLength(doc),
      entries: { url: 2, sitemap: 0 },
      fields: { lastmod: 1, changefreq: 1, priority: 1, images: 0, videos: 0, news: 0, alternates: 0 },
      warnings: { 'invalid-lastmod': 1 },
      comments: [],
      stylesheets: [],
      peakBufferedBytes: 0,
      error: null,
      complete: true,
    });
  });

  it('keeps the comments and stylesheets generators sign their sitemaps with, before and after the root', async () => {
    const doc = `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="//shop.example/main-sitemap.xsl"?>
<!-- generator="WordPress/6.4" -->
<urlset><!-- inside: not kept --><url><loc>https://a.example/</loc></url></urlset>
<!-- XML Sitemap generated by Yoast SEO -->`;
    const r = await collect(doc);
    expect(r.summary.comments).toEqual(['generator="WordPress/6.4"', 'XML Sitemap generated by Yoast SEO']);
    expect(r.summary.stylesheets).toEqual(['//shop.example/main-sitemap.xsl']);
    expect(r.summary.warnings).toEqual({});
  });

  it("reports the protocol's 50,000-URL limit as a warning and keeps every URL", async () => {
    const body = Array.from({ length: 50_001 }, (_, i) => `<url><loc>https://a.example/${i}</loc></url>`).join('\n');
    const r = await collect(urlset(body));
    expect(r.error).toBeNull();
    expect(r.entries).toHaveLength(50_001);
    expect(r.entries[50_000]).toEqual(url('https://a.example/50000'));
    expect(r.summary.warnings).toEqual({ 'protocol-max-urls': 1 });
  });

  it("reports the protocol's 50 MiB limit as a warning and parses on", async () => {
    const entry = `<url><loc>https://a.example/${'x'.repeat(2000)}</loc></url>\n`;
    const count = Math.ceil((50 * 1024 * 1024) / entry.length) + 10;
    async function* big(): AsyncGenerator<Buffer> {
      yield Buffer.from('<urlset>');
      const block = Buffer.from(entry.repeat(1000));
      for (let i = 0; i < count; i += 1000) yield block;
      yield Buffer.from('</urlset>');
    }
    const r = await collect(big());
    expect(r.error).toBeNull();
    expect(r.summary.entries.url).toBe(Math.ceil(count / 1000) * 1000);
    expect(r.summary.warnings).toEqual({ 'protocol-max-bytes': 1 });
  });
});

/** Encodes text as windows-1252 (Latin-1 plus € at 0x80), enough for these tests. */
function latin1With1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => (ch === '\u20ac' ? 0x80 : ch.charCodeAt(0))));
}
