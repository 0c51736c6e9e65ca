import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../src/db/index.js';

/** A pg-boss schema no other test or run uses. */
export function uniqueBossSchema(): string {
  return `pgboss_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Polls `read` until `done` accepts its value and returns that value; fails after `timeoutMs`. pg-boss works
 * asynchronously (workers poll), so tests wait for a state rather than for a time.
 */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`waitFor: gave up after ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await sleep(100);
    last = await read();
  }
  return last;
}

export interface JobRow {
  name: string;
  state: string;
  data: unknown;
  singleton_key: string | null;
  retry_count: number;
}

/** Every job in the pg-boss schema (dead letters included), oldest first. */
export async function jobRows(db: Database, schema: string): Promise<JobRow[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT name, state::text AS state, data, singleton_key, retry_count FROM ${schema}.job ORDER BY created_on, name, id`,
  );
  return rows;
}

/** A promise with its resolve exposed: a handler waits on it until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
