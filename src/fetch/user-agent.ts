import { createRequire } from 'node:module';
import { z } from 'zod';

const packageJson = z.object({ name: z.string(), version: z.string() });

/**
 * sitescout's version, read from package.json when a client is created, never at import time. A JSON import
 * (`with { type: 'json' }`) would also work under NodeNext; this form keeps module loading free of I/O and checks
 * the value. The relative path is the same from src/fetch and dist/fetch.
 */
export function readPackageVersion(): string {
  const require = createRequire(import.meta.url);
  const loaded: unknown = require('../../package.json');
  return packageJson.parse(loaded).version;
}

/**
 * The User-Agent every request sends unless the caller sets its own: names the crawler, its version and where an
 * operator can read about it.
 * @example
 *   defaultUserAgent('0.1.0') //=> 'sitescout/0.1.0 (+https://github.com/sitescout/sitescout)'
 */
export function defaultUserAgent(version: string = readPackageVersion()): string {
  return `sitescout/${version} (+https://github.com/sitescout/sitescout)`;
}
