/** A domain list's usable line, with its 1-based line number. */
export interface DomainLine {
  line: number;
  value: string;
}

/** A first CSV cell that names the column rather than a domain. */
const HEADER_CELL = /^(domains?|urls?|websites?|sites?|hosts?)$/i;

/**
 * Reads a domain list one line at a time (one domain per line, or the first column of a CSV, quotes removed):
 * blank lines, `#` comments and a header row (`domain`, `url`, …) before the first domain are skipped. The caller
 * feeds lines as they arrive, so an upload is never held whole; validation is the caller's, so it can report line
 * numbers.
 * @example
 *   const reader = createDomainLineReader();
 *   reader.read('domain,notes') //=> null (a header)
 *   reader.read('"example.com",shop') //=> { line: 2, value: 'example.com' }
 */
export function createDomainLineReader(): { read(raw: string): DomainLine | null } {
  let line = 0;
  let seenDomain = false;
  return {
    read(raw) {
      line += 1;
      const trimmed = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (trimmed === '' || trimmed.startsWith('#')) return null;
      let cell = firstCsvCell(trimmed).trim();
      if (cell === '') cell = trimmed;
      if (!seenDomain && HEADER_CELL.test(cell)) return null;
      seenDomain = true;
      return { line, value: cell };
    },
  };
}

/** The usable lines of a whole list held in memory (a `--file`). */
export function readDomainLines(text: string): DomainLine[] {
  const reader = createDomainLineReader();
  const out: DomainLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const usable = reader.read(raw);
    if (usable !== null) out.push(usable);
  }
  return out;
}

function firstCsvCell(line: string): string {
  if (line.startsWith('"')) {
    let value = '';
    for (let i = 1; i < line.length; i += 1) {
      const c = line[i];
      if (c === '"') {
        if (line[i + 1] === '"') {
          value += '"';
          i += 1;
        } else return value;
      } else value += c;
    }
    return value;
  }
  const comma = line.indexOf(',');
  return comma === -1 ? line : line.slice(0, comma);
}
