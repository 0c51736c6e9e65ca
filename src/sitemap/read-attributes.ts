import { decodeEntities } from './decode-entities.js';

/**
 * The attributes of one start tag, by lower-cased name (prefix kept: `xml:lang`). Only called for the few
 * elements whose attributes carry data (`xhtml:link`, Atom `link`), never on the hot path.
 */
export function readAttributes(buf: Buffer, start: number, end: number, onUnknown: (entity: string) => void): Map<string, string> {
  const text = buf.toString('utf8', start, end);
  const attrs = new Map<string, string>();
  const re = /([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    attrs.set(m[1]!.toLowerCase(), decodeEntities(value, onUnknown));
  }
  return attrs;
}
