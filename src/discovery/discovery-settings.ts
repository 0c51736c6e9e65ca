/**
 * Discovery's limits live in the one settings table (src/config.ts); this door keeps the stage's imports local.
 */
export { DISCOVERY_LIMITS, resolveDiscoveryLimits, type DiscoveryLimitName, type DiscoveryLimits } from '../config.js';
