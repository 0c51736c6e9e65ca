import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The team's shared folder (real-world corpus, peer benchmark) lives beside the repository, not in it.
 * SITESCOUT_SHARED_DIR overrides; null when it cannot be found (tests that need it say they were skipped).
 */
export function findSharedDir(): string | null {
  const candidates = [process.env.SITESCOUT_SHARED_DIR, join(repoRoot, '..', 'shared'), join(repoRoot, '..', '..', 'shared'), '/work/shared'];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'corpus', 'expected.json'))) return dir;
  }
  return null;
}

export const sharedDir = findSharedDir();
if (sharedDir === null) {
  console.warn('[sitescout tests] ../shared not found (set SITESCOUT_SHARED_DIR): corpus and peer-generator tests are SKIPPED');
}
