import { describe, expect, it } from 'vitest';
import { decodeHtml as decode } from '../../src/contacts/index.js';
import { isSitescoutError } from '../../src/index.js';

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const errorOf = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (error: unknown) {
    if (isSitescoutError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('did not throw');
};

describe('decodeHtml', () => {
  it('decodes by <meta charset> in the first bytes (latin1 → windows-1252)', () => {
    expect(decode(latin1('<html><head><meta charset="iso-8859-1"></head><body>Straße Grüße</body></html>'))).toMatchObject({ html: expect.stringContaining('Straße Grüße'), charset: 'windows-1252', charsetSource: 'meta' });
  });

  it('decodes by <meta http-equiv="Content-Type" content="…; charset=…">', () => {
    expect(decode(latin1('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>M\xfcller</p>'))).toMatchObject({ html: expect.stringContaining('Müller'), charsetSource: 'meta' });
  });

  it('lets the Content-Type header win over <meta>, and a BOM win over both', () => {
    const bytes = latin1('<meta charset="utf-8"><p>K\xf6ln</p>');
    expect(decode(bytes, { contentType: 'text/html; charset=ISO-8859-1' })).toMatchObject({ html: expect.stringContaining('Köln'), charsetSource: 'header' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<p>Köln</p>')]);
    expect(decode(withBom, { contentType: 'text/html; charset=ISO-8859-1' })).toEqual({ html: '<p>Köln</p>', charset: 'utf-8', charsetSource: 'bom' });
  });

  it('falls back to UTF-8, and to windows-1252 when the undeclared bytes are not valid UTF-8', () => {
    expect(decode(utf8('<p>Zürich</p>'))).toEqual({ html: '<p>Zürich</p>', charset: 'utf-8', charsetSource: 'default' });
    expect(decode(latin1('<p>Z\xfcrich</p>'))).toEqual({ html: '<p>Zürich</p>', charset: 'windows-1252', charsetSource: 'sniffed' });
  });

  it('ignores an unknown charset label and decodes as UTF-8', () => {
    expect(decode(utf8('<meta charset="klingon"><p>ä</p>'))).toMatchObject({ charset: 'utf-8', charsetSource: 'default' });
  });

  it('throws SS_ERR_CONTACT_NOT_HTML for NUL bytes, PDF and PNG signatures and binary Content-Types', () => {
    expect(errorOf(() => decode(new Uint8Array([0x3c, 0x70, 0x00, 0x00, 0x3e])))).toEqual({ code: 'SS_ERR_CONTACT_NOT_HTML', message: 'not an HTML page: found NUL bytes (binary data)' });
    expect(errorOf(() => decode(utf8('%PDF-1.7\n…')))).toEqual({ code: 'SS_ERR_CONTACT_NOT_HTML', message: 'not an HTML page: found a PDF document' });
    expect(errorOf(() => decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])))).toEqual({ code: 'SS_ERR_CONTACT_NOT_HTML', message: 'not an HTML page: found a PNG image' });
    expect(errorOf(() => decode(utf8('<p>x</p>'), { contentType: 'image/jpeg' })).code).toBe('SS_ERR_CONTACT_NOT_HTML');
  });

  it('throws SS_ERR_LIMIT_PAGE_BYTES past maxPageBytes, naming the limit and the size', () => {
    expect(errorOf(() => decode(utf8('<p>0123456789</p>'), { maxPageBytes: 10 }))).toEqual({ code: 'SS_ERR_LIMIT_PAGE_BYTES', message: 'limit maxPageBytes (10) exceeded: 17' });
    expect(decode(utf8('<p>01234</p>'), { maxPageBytes: 12 }).html).toBe('<p>01234</p>');
  });
});
