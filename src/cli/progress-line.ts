import type { SitemapSummary } from '../sitemap/index.js';

/**
 * A one-line progress display on a terminal's stderr: bytes read, entries, entries per second. Redrawn in place
 * a few times a second; cleared when the parse ends. A no-op when stderr is not a terminal.
 */
export function startProgress(summary: SitemapSummary, stream: NodeJS.WriteStream, intervalMs = 200): () => void {
  if (!stream.isTTY) return () => undefined;
  const started = performance.now();
  const draw = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const entries = summary.entries.url + summary.entries.sitemap;
    const rate = seconds > 0 ? Math.round(entries / seconds) : 0;
    stream.write(`\r\x1b[K${formatBytes(summary.bytesRead)} read, ${formatBytes(summary.bytesDecompressed)} parsed, ${entries.toLocaleString('en-US')} entries, ${rate.toLocaleString('en-US')}/s`);
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    stream.write('\r\x1b[K');
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
