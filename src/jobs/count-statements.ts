/**
 * Whether `sql` holds more than one statement, reading past string literals, quoted identifiers, dollar-quoted
 * bodies and comments, so a `;` inside a function body does not count. pg-boss sends its schema creation and
 * migrations as one parameterless text wrapped in BEGIN … COMMIT, and PGlite's `query` (the extended protocol)
 * rejects such a text outright.
 * @example
 *   hasSeveralStatements('SELECT 1')                          //=> false
 *   hasSeveralStatements("BEGIN; SELECT ';'; COMMIT;")        //=> true
 *   hasSeveralStatements('CREATE FUNCTION f() AS $$ SELECT 1; $$ LANGUAGE sql') //=> false
 */
export function hasSeveralStatements(sql: string): boolean {
  let statements = 0;
  let pending = false;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      pending = true;
      i = skipQuoted(sql, i, ch);
    } else if (ch === '$' && /[A-Za-z_$]/.test(next ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(sql.slice(i));
      pending = true;
      if (tag === null) {
        i += 1;
      } else {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? sql.length : end + tag[0].length;
      }
    } else if (ch === ';') {
      if (pending) statements += 1;
      pending = false;
      i += 1;
    } else {
      if (!/\s/.test(ch)) pending = true;
      i += 1;
    }
  }
  if (pending) statements += 1;
  return statements > 1;
}

/** The index after the closing quote; a doubled quote is an escaped one. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
