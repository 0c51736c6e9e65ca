/** Small building blocks of the text report: colour, aligned tables, bars, number and size formats. */

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => (s === '' ? s : `\x1b[${open}m${s}\x1b[${close}m`);
const plain = (s: string): string => s;

/** ANSI SGR styles when `color` is true; identity functions otherwise, so no escape byte is ever written. */
export function createStyle(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

/** A table cell: its text, and how to paint it once padded (padding is measured on the plain text). */
export type Cell = string | { text: string; paint: (s: string) => string };
export type Align = 'left' | 'right';

/** Rows of cells as lines, each column as wide as its widest cell, two spaces apart, trailing spaces trimmed. */
export function renderTable(rows: readonly Cell[][], align: readonly Align[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, textOf(c).length)));
  return rows.map((row) => {
    const cells = row.map((c, i) => {
      const text = textOf(c);
      const pad = ' '.repeat((widths[i] ?? 0) - text.length);
      const padded = (align[i] ?? 'left') === 'right' ? pad + text : text + pad;
      return typeof c === 'string' ? padded : c.paint(padded);
    });
    return (indent + cells.join('  ')).trimEnd();
  });
}

const textOf = (c: Cell): string => (typeof c === 'string' ? c : c.text);

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `width` cells for value/max, in eighth-cell steps, padded with spaces to `width`. */
export function bar(value: number, max: number, width: number): string {
  const eighths = max <= 0 || value <= 0 ? 0 : Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  const full = Math.floor(eighths / 8);
  const s = '█'.repeat(full) + EIGHTHS[eighths % 8];
  return s + ' '.repeat(width - s.length);
}

export const fmtInt = (n: number): string => n.toLocaleString('en-US');

export const fmtPercent = (p: number): string => `${p.toFixed(1)} %`;

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Shortens `s` to `max` characters by cutting its middle: both the host and the file name of a URL stay readable. */
export function truncateMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return '…'.slice(0, max);
  const head = Math.ceil((max - 1) / 2);
  return `${s.slice(0, head)}…${s.slice(s.length - (max - 1 - head))}`;
}

export function heading(style: Style, title: string): string {
  return style.bold(title.toUpperCase());
}

/** Word-wraps `text` to `width` columns: the first line starts with `first`, the others with `rest`. */
export function wrap(text: string, width: number, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}
