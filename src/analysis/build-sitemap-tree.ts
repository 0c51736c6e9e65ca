import type { SitemapReport, SitemapTreeNode } from './types.js';

/**
 * Sitemaps as a forest: a file hangs under the file whose URL (or final URL) is its `foundOn`; files found some
 * other way (robots.txt, well-known paths, links) are roots. A `foundOn` chain that loops (the walk prevents it,
 * but the report must not hang if it did not) is cut where it closes. Children keep the order the walk reported.
 */
export function buildSitemapTree(files: readonly SitemapReport[]): SitemapTreeNode[] {
  const byUrl = new Map<string, number>();
  files.forEach((f, i) => {
    if (!byUrl.has(f.url)) byUrl.set(f.url, i);
  });
  files.forEach((f, i) => {
    if (!byUrl.has(f.finalUrl)) byUrl.set(f.finalUrl, i);
  });
  const parent = files.map((f, i) => {
    const p = f.foundOn === null ? undefined : byUrl.get(f.foundOn);
    return p === undefined || p === i ? -1 : p;
  });
  for (let i = 0; i < files.length; i++) {
    let p = parent[i]!;
    for (let steps = 0; p !== -1 && steps <= files.length; steps++) {
      if (p === i) {
        parent[i] = -1;
        break;
      }
      p = parent[p]!;
    }
  }
  const children: number[][] = files.map(() => []);
  const roots: number[] = [];
  parent.forEach((p, i) => (p === -1 ? roots : children[p]!).push(i));
  const node = (i: number): SitemapTreeNode => {
    const f = files[i]!;
    return {
      url: f.url,
      kind: f.kind,
      urls: f.entries.urls,
      children: children[i]!.map(node),
      skipped: f.skippedChildren,
      skippedCount: Object.values(f.skippedByReason).reduce((a, b) => a + b, 0),
    };
  };
  return roots.map(node);
}
