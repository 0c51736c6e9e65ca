import { isSitescoutError } from '../errors.js';

/** An error as one line for stderr: `SS_ERR_…: message` for ours, the message for anything else. */
export function describeError(error: unknown): string {
  if (isSitescoutError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
