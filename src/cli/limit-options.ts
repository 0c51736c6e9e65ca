import { type Command, Option } from 'commander';
import type { SettingRow } from '../config.js';

type Table = Record<string, SettingRow<number>>;

/** Adds one flag per row of a settings table, with its unit, default and environment variable in --help. */
export function addLimitOptions(command: Command, table: Table): Command {
  for (const row of Object.values(table)) {
    command.addOption(new Option(`${row.flag} <${row.unit}>`, `${row.description} (default ${row.default.toLocaleString('en-US')}; env ${row.env})`));
  }
  return command;
}

/** The values given as flags for one table's rows (strings, validated later with the environment and the defaults). */
export function limitFlags<T extends Table>(opts: Record<string, unknown>, table: T): Partial<Record<keyof T, number>> {
  const out: Partial<Record<keyof T, number>> = {};
  for (const key of Object.keys(table) as Array<keyof T & string>) {
    const value = opts[key];
    // Validation happens in resolveLimits (zod coerces the string); the cast only carries it there.
    if (typeof value === 'string') out[key] = value as unknown as number;
  }
  return out;
}
