import type { Readable } from 'node:stream';

const ignore = (): void => {};

/**
 * Destroys a stream whose remaining data nobody wants. undici reports a destroyed, unfinished body as an 'error'
 * event, and with no listener that event is an uncaught exception; a reader still sees the error through its own
 * iterator, so swallowing the event here hides nothing.
 */
export function destroyQuietly(stream: Readable, error?: Error): void {
  stream.on('error', ignore);
  stream.destroy(error);
}
