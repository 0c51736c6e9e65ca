/** The slice of a pino logger the job layer writes to; pass `logger.child({ component: 'jobs' })`. */
export interface JobLogger {
  info(bindings: Record<string, unknown>, message: string): void;
  warn(bindings: Record<string, unknown>, message: string): void;
  error(bindings: Record<string, unknown>, message: string): void;
}

/** Discards everything: the default, so a queue without a logger stays silent. */
export const silentLogger: JobLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What a failed job records as its last error (pg-boss keeps it as the job's `output`, and the dead letter's). */
export interface JobErrorRecord {
  name: string;
  message: string;
  /** `error.code` when it is a string (`SS_ERR_…`, `ECONNRESET`), else null. */
  code: string | null;
}

export function toErrorRecord(error: unknown): JobErrorRecord {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : null };
  }
  return { name: 'Error', message: String(error), code: null };
}
