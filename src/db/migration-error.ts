import { type ErrorCode, SitescoutError } from '../errors.js';

export type MigrationErrorCode = Extract<ErrorCode, `SS_ERR_DB_MIGRATION_${string}`>;

/** A migration could not be applied or checked; `migration` names the file (null when the problem is the whole set). */
export class MigrationError extends SitescoutError {
  override name = 'MigrationError';
  readonly migration: string | null;

  constructor(code: MigrationErrorCode, message: string, migration: string | null, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.migration = migration;
  }
}
