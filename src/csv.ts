/**
 * RFC 4180 quoting of one CSV field: a field holding a comma, a quote or a line break is put in quotes, with its
 * quotes doubled; any other field is written as it is. Every CSV the project writes (parse, urls, pages, contacts)
 * quotes through this one function; each caller decides how its values become text and how records end.
 * @example
 *   quoteCsv('a,"b"') //=> '"a,""b"""'
 */
export function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
