import { ERROR_CODES, SitescoutError, type ErrorCode } from '../errors.js';

/** The fetch stage's codes: the `SS_ERR_FETCH_*` part of the one catalogue in src/errors.ts. */
export const FETCH_ERROR_CODES = Object.fromEntries(Object.entries(ERROR_CODES).filter(([code]) => code.startsWith('SS_ERR_FETCH_'))) as {
  [K in FetchErrorCode]: (typeof ERROR_CODES)[K];
};

export type FetchErrorCode = Extract<ErrorCode, `SS_ERR_FETCH_${string}`>;

export type TimeoutPhase = 'connect' | 'headers' | 'body';

/** One followed redirect: the URL that answered, where it pointed, and with which status. */
export interface RedirectHop {
  from: string;
  to: string;
  status: number;
}

export interface FetchErrorOptions {
  cause?: unknown;
  url?: string | null;
  /** For timeouts: which wait ran out. */
  phase?: TimeoutPhase | null;
  /** For limits: the setting's name in FETCH_LIMITS, its value and what was seen. */
  limit?: string | null;
  limitValue?: number | null;
  actual?: number | null;
  /** For the private-network guard: the address that was refused. */
  address?: string | null;
  /** Redirects followed before the error. */
  redirects?: readonly RedirectHop[];
}

/**
 * Every error the HTTP client raises. Match on `error.code`, never on the message.
 * @example
 *   try { await client.get(url, { signal }) }
 *   catch (error: unknown) { if (isFetchError(error) && error.code === 'SS_ERR_FETCH_PRIVATE_ADDRESS') skip(error.address) }
 */
export class FetchError extends SitescoutError {
  override name = 'FetchError';
  declare readonly code: FetchErrorCode;
  readonly phase: TimeoutPhase | null;
  readonly limit: string | null;
  readonly limitValue: number | null;
  readonly actual: number | null;
  readonly address: string | null;
  readonly redirects: readonly RedirectHop[];

  constructor(code: FetchErrorCode, message: string, options: FetchErrorOptions = {}) {
    super(code, message, { cause: options.cause, url: options.url ?? null });
    this.phase = options.phase ?? null;
    this.limit = options.limit ?? null;
    this.limitValue = options.limitValue ?? null;
    this.actual = options.actual ?? null;
    this.address = options.address ?? null;
    this.redirects = options.redirects ?? [];
  }

  /** A copy with context added; errors raised below the client (DNS guard, decoders) learn their URL this way. */
  withContext(context: Pick<FetchErrorOptions, 'url' | 'redirects'>): FetchError {
    return new FetchError(this.code, this.message, {
      cause: this.cause,
      url: this.url ?? context.url ?? null,
      phase: this.phase,
      limit: this.limit,
      limitValue: this.limitValue,
      actual: this.actual,
      address: this.address,
      redirects: this.redirects.length > 0 ? this.redirects : (context.redirects ?? []),
    });
  }
}

/** True when `error` is a FetchError, typed for the `catch (error: unknown)` idiom. */
export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError;
}
