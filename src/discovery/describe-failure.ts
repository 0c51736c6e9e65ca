import { isSitescoutError } from '../errors.js';

export interface ErrorInfo {
  code: string;
  message: string;
}

/**
 * What a failed fetch says about the site: it never answered (`network`: DNS, refused, TLS, the private-network
 * guard), it was too slow (`timeout`: a timeout or the domain budget), it answered but unusably (`answered`: too
 * large, redirect loop, bad encoding), or the caller stopped the walk (`aborted`).
 */
export type FailureKind = 'network' | 'timeout' | 'answered' | 'aborted';

export function failureKind(code: string): FailureKind {
  switch (code) {
    case 'SS_ERR_FETCH_TIMEOUT':
    case 'SS_ERR_FETCH_BUDGET':
      return 'timeout';
    case 'SS_ERR_FETCH_NETWORK':
    case 'SS_ERR_FETCH_PRIVATE_ADDRESS':
    case 'SS_ERR_FETCH_URL':
    case 'SS_ERR_FETCH_SCHEME':
      return 'network';
    case 'SS_ERR_FETCH_ABORTED':
    case 'SS_ERR_FETCH_CLOSED':
      return 'aborted';
    default:
      return 'answered';
  }
}

/** A stable code and a message for any thrown value; unknown errors keep their own code when they have one. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isSitescoutError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'SS_ERR_INPUT_READ';
  return { code, message };
}
