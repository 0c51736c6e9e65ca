import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../support/run-cli.js';

const PAGE = `<!doctype html><html lang="de"><body>
  <p>Telefon: 030 1234567</p><a href="mailto:info@acme.de">info@acme.de</a>
  <a href="https://www.instagram.com/acme/?hl=de">Instagram</a>
</body></html>`;

const dir = mkdtempSync(join(tmpdir(), 'sitescout-contacts-'));
const file = join(dir, 'kontakt.html');
writeFileSync(file, PAGE);

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/kontakt') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (req.url === '/logo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const net = ['--allow-private', '--user-agent', 'sitescout-test'];

describe('sitescout extract-contacts', () => {
  it('prints the contacts of a file as JSON, with --url setting the page URL', async () => {
    const r = await run(['extract-contacts', file, '--url', 'https://www.acme.de/kontakt']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      url: 'https://www.acme.de/kontakt',
      region: 'DE',
      emails: [{ address: 'info@acme.de', type: 'SERVICE', where: ['mailto', 'text'], context: 'info@acme.de' }],
      phones: [{ e164: '+49301234567', raw: '030 1234567', kind: 'phone', lineType: 'FIXED_LINE', where: ['text'], context: expect.stringContaining('Telefon: 030 1234567') }],
      socials: [{ platform: 'instagram', url: 'https://www.instagram.com/acme', where: ['link'] }],
      people: [],
    });
  });

  it('uses the file: URL when --url is not given, and --region when the page gives none', async () => {
    const plain = join(dir, 'plain.html');
    writeFileSync(plain, '<html><body><p>Tel. 030 1234567</p></body></html>');
    const none = JSON.parse((await run(['extract-contacts', plain])).stdout) as { url: string; region: string | null; phones: unknown[] };
    expect(none).toMatchObject({ url: expect.stringMatching(/^file:\/\/.*plain\.html$/), region: null, phones: [] });
    const de = JSON.parse((await run(['extract-contacts', plain, '--region', 'de'])).stdout) as { region: string; phones: Array<{ e164: string }> };
    expect([de.region, de.phones.map((p) => p.e164)]).toEqual(['DE', ['+49301234567']]);
  });

  it('fetches an http(s) URL with the HTTP client and reads the charset from its Content-Type', async () => {
    const r = await run(['extract-contacts', `${origin}/kontakt`, ...net]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ url: `${origin}/kontakt`, region: 'DE', emails: [{ address: 'info@acme.de' }] });
  });

  it('exits 1 with a clear message for an HTTP error, a non-HTML page, a page past --max-page-bytes and a missing file', async () => {
    const results = await Promise.all([
      run(['extract-contacts', `${origin}/missing`, ...net]),
      run(['extract-contacts', `${origin}/logo.png`, ...net]),
      run(['extract-contacts', file, '--max-page-bytes', '10']),
      run(['extract-contacts', join(dir, 'nope.html')]),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    expect(results[0]!.stderr).toContain('SS_ERR_INPUT_READ');
    expect(results[0]!.stderr).toContain('HTTP 404');
    expect(results[1]!.stderr).toContain('SS_ERR_CONTACT_NOT_HTML: not an HTML page: found Content-Type image/png');
    expect(results[2]!.stderr).toContain('SS_ERR_LIMIT_PAGE_BYTES: limit maxPageBytes (10) exceeded');
    expect(results[3]!.stderr).toContain('SS_ERR_INPUT_READ: cannot read');
    expect(results.every((r) => r.stdout === '')).toBe(true);
  });

  it('refuses a loopback URL unless --allow-private is given', async () => {
    const r = await run(['extract-contacts', `${origin}/kontakt`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SS_ERR_FETCH_PRIVATE_ADDRESS');
  });

  it('exits 2 on bad usage: a bad --region, a bad --url, a bad limit, no source', async () => {
    const results = await Promise.all([
      run(['extract-contacts', file, '--region', 'XX']),
      run(['extract-contacts', file, '--url', 'not a url']),
      run(['extract-contacts', file, '--max-page-bytes', '-1']),
      run(['extract-contacts']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]!.stderr).toContain('--region wants a two-letter country code');
  });

  it('describes itself in --help', async () => {
    const r = await run(['extract-contacts', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: sitescout extract-contacts [options] <source>');
    expect(r.stdout).toContain('--max-page-bytes <bytes>');
    expect(r.stdout).toContain('{ url, region, emails, phones, socials, people }');
  });
});
