import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/fetch/index.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';
import { describeEvents, walkAll } from './walk-helpers.js';

let zoo: Zoo;

beforeAll(async () => {
  zoo = await startZoo();
});

afterAll(async () => {
  await zoo.close();
});

describe('discovery behind the private-network guard', () => {
  it('refuses a site that resolves to loopback with the client as shipped, sending nothing, and calls it unreachable', async () => {
    // Only the resolver and the environment are test-specific: allowPrivateNetworks keeps its default (false).
    const http = createHttpClient({ lookup: zoo.lookup, env: {}, limits: { politenessDelayMs: 0 } });
    const before = zoo.requests.length;
    const events = await walkAll(zoo.url('basic.test'), http);
    await http.close();
    expect({ lines: describeEvents(events, zoo), requests: zoo.requests.length - before }).toEqual({
      lines: [
        'robots SS_ERR_FETCH_PRIVATE_ADDRESS []',
        'done unreachable: refused to connect to loopback address 127.0.0.1 (basic.test resolves to it)',
      ],
      requests: 0,
    });
  });
});
