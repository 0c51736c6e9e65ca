import { FETCH_LIMITS } from '../config.js';

/**
 * The HTTP client's limits live in the one settings table (src/config.ts); this door keeps the fetch stage's
 * imports local.
 */
export { FETCH_LIMITS, resolveFetchLimits, type FetchLimitName, type FetchLimits } from '../config.js';
export const FETCH_SETTINGS = Object.values(FETCH_LIMITS);
