import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultUserAgent } from '../../src/fetch/index.js';

describe('defaultUserAgent', () => {
  it("names sitescout and the version in package.json", () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(defaultUserAgent()).toBe(`sitescout/${version} (+https://github.com/sitescout/sitescout)`);
  });
});
