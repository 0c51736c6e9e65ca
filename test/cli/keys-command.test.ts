import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../support/run-cli.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sitescout-keys-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const KEY = /^ss_[A-Za-z0-9_-]{43}$/;

/*
 * Each command opens the embedded database, which is what makes this file slow, so the cases that need no
 * database of their own (a taken name, revoking twice or an unknown name, the stored hash) are tested on the
 * functions in test/server/api.test.ts.
 */
describe('sitescout keys', () => {
  it('creates keys shown once and stored only hashed, lists them without the keys, and revokes them by name', async () => {
    const created = await run(['keys', 'create', '--name', 'ci', '--data-dir', dataDir]);
    const asJson = await run(['keys', 'create', '--name', 'grafana', '--json', '--data-dir', dataDir]);
    const badName = await run(['keys', 'create', '--name', 'no spaces', '--data-dir', dataDir]);
    const revoked = await run(['keys', 'revoke', 'ci', '--data-dir', dataDir]);
    const listed = await run(['keys', 'list', '--json', '--data-dir', dataDir]);

    const key = created.stdout.trim();
    const json = JSON.parse(asJson.stdout) as { name: string; prefix: string; key: string; createdAt: string; lastUsedAt: null; revokedAt: null };
    expect({ code: created.code, key, stderr: created.stderr }).toEqual({
      code: 0,
      key: expect.stringMatching(KEY),
      stderr: 'sitescout keys create: key "ci" created; it is shown this once and stored only hashed, so keep it now\n',
    });
    expect({ code: asJson.code, json }).toEqual({
      code: 0,
      json: { name: 'grafana', prefix: json.key.slice(0, 11), key: expect.stringMatching(KEY), createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
    });
    expect([badName.code, badName.stderr]).toMatchObject([2, expect.stringMatching(/^sitescout keys create: key name "no spaces": expected/)]);
    expect([revoked.code, revoked.stdout]).toEqual([0, 'revoked ci\n']);
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'ci', prefix: key.slice(0, 11), createdAt: expect.any(String), lastUsedAt: null, revokedAt: expect.any(String) },
      { name: 'grafana', prefix: json.key.slice(0, 11), createdAt: json.createdAt, lastUsedAt: null, revokedAt: null },
    ]);
    expect(listed.stdout).not.toContain(key);

  }, 60_000);
});
