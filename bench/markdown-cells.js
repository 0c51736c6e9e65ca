// What every bench script needs to print its Markdown tables and read its knobs (run-bench, pipeline-bench,
// service-bench).

/** A number with thousands separators and `digits` decimals: 1234.5 → "1,234.5". */
export const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Text safe inside a Markdown table row: pipes escaped, line breaks folded (error messages). */
export const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** A positive integer from the environment variable `name`, or `fallback` when it is unset or empty. */
export function intEnv(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}=${v}: expected a positive integer`);
  return n;
}
