import Fastify from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendStream } from '../../src/server/send-stream.js';
import { waitFor } from '../jobs/support.js';

/*
 * The exports (pages, contacts) reach the client through sendStream. A client that reads nothing must stop the
 * producer after a bounded run-ahead (the socket's and the stream's buffers), a client that reads takes every
 * chunk, and a client that leaves ends the producer. Counted in chunks produced, never in time.
 */

const CHUNK = 'x'.repeat(64 * 1024);
const TOTAL = 2_000; // 125 MiB if it were all produced at once
const state = { produced: 0, finished: false, aborted: false };
const app = Fastify();
let origin: string;

async function* chunks(signal: AbortSignal): AsyncGenerator<string> {
  try {
    for (let i = 0; i < TOTAL; i += 1) {
      state.produced += 1;
      yield CHUNK;
    }
  } finally {
    state.finished = true;
    state.aborted = signal.aborted;
  }
}

beforeAll(async () => {
  app.get('/export', async (_request, reply) => sendStream(reply, 'application/x-ndjson', chunks));
  await app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
});

function reset(): void {
  Object.assign(state, { produced: 0, finished: false, aborted: false });
}

/** Polls until the producer stops advancing (two equal readings in a row), and returns where it stopped. */
async function stalledAt(): Promise<number> {
  let last = -1;
  return waitFor(
    async () => {
      const now = state.produced;
      const stalled = now === last;
      last = now;
      return stalled ? now : -1;
    },
    (n) => n >= 0,
  );
}

describe('sendStream', () => {
  it('stops producing while the client reads nothing, then delivers every chunk once it reads', async () => {
    reset();
    const response = await new Promise<http.IncomingMessage>((resolve) => http.get(`${origin}/export`, resolve));
    response.pause();
    const ranAhead = await stalledAt();
    expect(ranAhead).toBeLessThan(TOTAL / 10);
    let bytes = 0;
    response.on('data', (c: Buffer) => (bytes += c.length));
    response.resume();
    await new Promise((resolve) => response.once('end', resolve));
    expect({ bytes, produced: state.produced, finished: state.finished }).toEqual({ bytes: TOTAL * CHUNK.length, produced: TOTAL, finished: true });
  });

  it('ends the producer (its finally runs, its signal aborted) when the client goes away mid-export', async () => {
    reset();
    const request = http.get(`${origin}/export`);
    const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
    response.pause();
    await stalledAt();
    request.destroy();
    await waitFor(async () => state.finished, (f) => f);
    expect({ finished: state.finished, aborted: state.aborted, all: state.produced === TOTAL }).toEqual({ finished: true, aborted: true, all: false });
  });
});
