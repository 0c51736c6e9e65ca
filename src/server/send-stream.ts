import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';

/**
 * Sends an export as the response body, pulled one chunk at a time: Readable.from asks the generator for the next
 * batch only when the socket has taken the last one, so a slow client holds one batch in memory, not the export.
 * A client that goes away ends the generator (its `finally` runs, no query stays open).
 */
export function sendStream(reply: FastifyReply, type: string, chunks: (signal: AbortSignal) => AsyncIterable<string>): FastifyReply {
  const controller = new AbortController();
  // The response's close: when it finished, or when the client went away before it did.
  reply.raw.once('close', () => controller.abort());
  return reply.type(type).send(Readable.from(chunks(controller.signal), { objectMode: false }));
}

