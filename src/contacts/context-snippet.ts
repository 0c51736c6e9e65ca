/** Longest context snippet returned with a contact. */
export const CONTEXT_CHARS = 160;

/**
 * Up to CONTEXT_CHARS characters of `text` around `[index, index + length)`, on one line, whitespace collapsed.
 *
 * @example
 *   contextAround('Call us: +49 30 1234567 today', 9, 14) //=> 'Call us: +49 30 1234567 today'
 */
export function contextAround(text: string, index: number, length: number): string {
  const room = Math.max(0, CONTEXT_CHARS - length);
  const start = Math.max(0, index - Math.ceil(room / 2));
  const end = Math.min(text.length, index + length + Math.floor(room / 2));
  return text.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, CONTEXT_CHARS);
}
