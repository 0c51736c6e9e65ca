/** A plain table: the first two columns left-aligned, the rest right-aligned. */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], leftColumns = 2): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd() + '\n';
  return [head, ...rows].map(line).join('');
}
