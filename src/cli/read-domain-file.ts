/** A domain list file's usable lines, each with its 1-based line number. */
export interface DomainLine {
  line: number;
  value: string;
}

/** A first CSV cell that names the column rather than a domain. */
const HEADER_CELL = /^(domains?|urls?|websites?|sites?|hosts?)$/i;

/**
 * The domains of a list: one per line, or the first column of a CSV (quotes removed). Blank lines, `#` comments
 * and a header row (`domain`, `url`, …) are skipped. Validation is the caller's, so it can report line numbers.
 */
export function readDomainLines(text: string): DomainLine[] {
  const out: DomainLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    let cell = firstCsvCell(trimmed).trim();
    if (cell === '') cell = trimmed;
    if (out.length === 0 && HEADER_CELL.test(cell)) return;
    out.push({ line: i + 1, value: cell });
  });
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
