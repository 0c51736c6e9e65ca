/*
 * COPY's text format (the default of `COPY … FROM STDIN`): one row a line, columns separated by a tab, `\N` for
 * null, and a backslash escaping the four characters that would otherwise end a column or a row.
 */

// Backslash first in the class; a value without any of them (nearly every URL) is returned as it is.
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value as a column of COPY's text format: null as `\N`, a number as its decimal text, a string escaped.
 * @example
 *   copyText(null)          //=> '\\N'
 *   copyText('a\tb\\c')     //=> 'a\\tb\\\\c'
 *   [1, 'x', null].map(copyText).join('\t') + '\n'   // one row
 */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (ch) => ESCAPES[ch]!) : value;
}
