import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBytes, startProgress } from '../../src/cli/progress-line.js';
import { parseSitemap } from '../../src/sitemap/index.js';

function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (c: Buffer) => (out += c.toString()));
  return { stream: Object.assign(stream, { isTTY }) as unknown as NodeJS.WriteStream, text: () => out };
}

describe('the progress line', () => {
  it('redraws bytes, entries and entries per second in place on a terminal, and clears itself', async () => {
    const term = fakeTerminal(true);
    const parse = parseSitemap('<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/2</loc></url></urlset>');
    const stop = startProgress(parse.summary, term.stream, 5);
    for await (const _ of parse) await new Promise((r) => setTimeout(r, 15));
    await new Promise((r) => setTimeout(r, 15));
    stop();
    const frames = term.text().split('\r\x1b[K').filter(Boolean);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.at(-1)).toMatch(/^99 B read, 99 B parsed, 2 entries, [\d,]+\/s$/);
    expect(term.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const pipe = fakeTerminal(false);
    const parse = parseSitemap('https://a.example/1\n');
    const stop = startProgress(parse.summary, pipe.stream, 1);
    for await (const _ of parse) await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(pipe.text()).toBe('');
  });

  it('formats byte counts with binary units', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 ** 2, 3 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KiB', '1.5 KiB', '5.0 MiB', '3.00 GiB']);
  });
});
