/**
 * Decodes the five predefined XML entities and numeric character references in a text node or attribute value.
 * Nothing else is ever expanded: a named entity the document may have declared in its DTD (billion laughs,
 * external entities) or borrowed from HTML (`&nbsp;`) stays as written, and `onUnknown` is told, so the value is
 * kept and the document is flagged. A bare `&` (a common real-world error in URLs) is kept as it is.
 * @example
 *   decodeEntities('a&amp;b&#x41;&nbsp;', (name) => console.warn(name)) //=> 'a&bA&nbsp;'  (warns 'nbsp')
 */
export function decodeEntities(text: string, onUnknown: (entity: string) => void): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = text.indexOf(';', amp + 1);
    // Entity names are short; a far-away ';' means this '&' is bare.
    if (semi === -1 || semi - amp > 32) {
      amp = text.indexOf('&', amp + 1);
      continue;
    }
    const replacement = resolve(text, amp + 1, semi);
    if (replacement === null) {
      const name = text.slice(amp + 1, semi);
      if (/^[A-Za-z_:][\w.:-]*$|^#/.test(name)) onUnknown(name);
      amp = text.indexOf('&', amp + 1);
      continue;
    }
    out += text.slice(last, amp) + replacement;
    last = semi + 1;
    amp = text.indexOf('&', last);
  }
  return last === 0 ? text : out + text.slice(last);
}

function resolve(text: string, start: number, end: number): string | null {
  if (text.charCodeAt(start) === 0x23) return characterReference(text, start + 1, end);
  switch (text.slice(start, end)) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return null;
  }
}

function characterReference(text: string, start: number, end: number): string | null {
  const hex = text.charCodeAt(start) === 0x78 || text.charCodeAt(start) === 0x58;
  const digits = text.slice(hex ? start + 1 : start, end);
  if (digits.length === 0 || digits.length > 8 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  // XML Char production: no NUL, no surrogates, nothing past U+10FFFF.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return String.fromCodePoint(code);
}
