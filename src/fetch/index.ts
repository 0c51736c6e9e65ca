/**
 * The fetch stage: sitescout's HTTP client on undici. Everything outside src/fetch imports from here only.
 */
export { createHttpClient } from './http-client.js';
export type { GetOptions, HttpClient, HttpClientOptions, HttpResponse, Validators } from './types.js';
export { createDomainBudget, type DomainBudget } from './domain-budget.js';
export {
  FETCH_ERROR_CODES,
  FetchError,
  isFetchError,
  type FetchErrorCode,
  type FetchErrorOptions,
  type RedirectHop,
  type TimeoutPhase,
} from './fetch-error.js';
export { FETCH_LIMITS, FETCH_SETTINGS, resolveFetchLimits, type FetchLimitName, type FetchLimits } from './fetch-settings.js';
export { classifyAddress, isPublicAddress, type AddressClass } from './private-address.js';
export { systemResolveHost, type ResolveHost, type ResolvedAddress } from './guarded-lookup.js';
export type { Sleep } from './host-queue.js';
export { defaultUserAgent } from './user-agent.js';
