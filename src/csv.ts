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

/** One phone number in E.164 (what the contact extractor stores): a spreadsheet reads it as a number, never a formula. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * One CSV field from text that came from the web (a URL, a name, a context snippet): text starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it instead of running it as a
 * formula (OWASP "CSV injection"); then RFC 4180 quoting. A lone E.164 phone number is left as it is. Numbers are
 * not text and are never prefixed: pass them to quoteCsv as String(n).
 * @example
 *   csvText('=HYPERLINK("http://evil.test")') //=> '"\'=HYPERLINK(""http://evil.test"")"'
 *   csvText('+442079460123') //=> '+442079460123'
 *   csvText('https://example.com/') //=> 'https://example.com/'
 */
export function csvText(text: string): string {
  return quoteCsv(/^[=+\-@\t\r]/.test(text) && !E164.test(text) ? `'${text}` : text);
}
