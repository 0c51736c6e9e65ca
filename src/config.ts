import { z } from 'zod';
import { SitescoutError } from './errors.js';

/**
 * Every limit and setting is one row: name (with its unit), default, environment variable, CLI flag, description.
 * Precedence: an explicit option (flag or API argument) > the environment variable > the default.
 * docs/config.md is generated from this table (`npm run docs:config`) and a test keeps the two equal.
 */
export interface SettingRow<T> {
  name: string;
  unit: string;
  default: T;
  env: string;
  flag: string;
  description: string;
  schema: z.ZodType<T>;
}

const GiB = 1024 ** 3;
const KiB = 1024;

const positiveInt = z.coerce.number().int().positive();

export const SITEMAP_LIMITS = {
  maxDecompressedBytes: {
    name: 'maxDecompressedBytes',
    unit: 'bytes',
    default: 2 * GiB,
    env: 'SITESCOUT_MAX_DECOMPRESSED_BYTES',
    flag: '--max-decompressed-bytes',
    description: 'Bytes of one sitemap after decompression; the parse stops with SS_ERR_LIMIT_DECOMPRESSED_BYTES past it.',
    schema: positiveInt,
  },
  maxCompressionRatio: {
    name: 'maxCompressionRatio',
    unit: 'ratio',
    default: 200,
    env: 'SITESCOUT_MAX_COMPRESSION_RATIO',
    flag: '--max-compression-ratio',
    description: 'Decompressed bytes per compressed byte (checked once 1 MiB is decompressed): a gzip bomb trips it.',
    schema: z.coerce.number().positive(),
  },
  maxEntriesPerSitemap: {
    name: 'maxEntriesPerSitemap',
    unit: 'entries',
    default: 10_000_000,
    env: 'SITESCOUT_MAX_ENTRIES_PER_SITEMAP',
    flag: '--max-entries-per-sitemap',
    description: 'Entries (URLs or child sitemaps) in one document. The protocol says 50,000; that is only a warning.',
    schema: positiveInt,
  },
  maxTokenBytes: {
    name: 'maxTokenBytes',
    unit: 'bytes',
    default: 256 * KiB,
    env: 'SITESCOUT_MAX_TOKEN_BYTES',
    flag: '--max-token-bytes',
    description: 'One tag, URL or captured text node. Bounds the parser memory whatever the document size.',
    schema: positiveInt,
  },
  maxElementDepth: {
    name: 'maxElementDepth',
    unit: 'elements',
    default: 256,
    env: 'SITESCOUT_MAX_ELEMENT_DEPTH',
    flag: '--max-element-depth',
    description: 'Nesting depth of XML elements.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

export type SitemapLimits = { -readonly [K in keyof typeof SITEMAP_LIMITS]: number };
export type SitemapLimitName = keyof SitemapLimits;

/** All rows, in the order docs/config.md and `--help` list them. */
export const SETTINGS: readonly SettingRow<number>[] = Object.values(SITEMAP_LIMITS);

/**
 * Resolves limits: explicit overrides > environment > defaults. Validates every value and returns a frozen object.
 * @example
 *   resolveSitemapLimits({ maxTokenBytes: 4096 }, process.env).maxTokenBytes //=> 4096
 */
export function resolveSitemapLimits(
  overrides: Partial<SitemapLimits> = {},
  env: Record<string, string | undefined> = {},
): Readonly<SitemapLimits> {
  const out = {} as SitemapLimits;
  for (const key of Object.keys(SITEMAP_LIMITS) as SitemapLimitName[]) {
    const row = SITEMAP_LIMITS[key];
    const explicit = overrides[key];
    const fromEnv = env[row.env];
    const raw: unknown = explicit !== undefined ? explicit : fromEnv !== undefined && fromEnv !== '' ? fromEnv : row.default;
    const parsed = row.schema.safeParse(raw);
    if (!parsed.success) {
      const source = explicit !== undefined ? `option ${key}` : `environment variable ${row.env}`;
      throw new SitescoutError('SS_ERR_CONFIG_INVALID', `${source}: expected a positive number (${row.unit}), got ${JSON.stringify(raw)}`);
    }
    out[key] = parsed.data;
  }
  return Object.freeze(out);
}
