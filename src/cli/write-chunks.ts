import { once } from 'node:events';

/** Writes every chunk to the stream, waiting for 'drain' whenever it says so: an export's backpressure on stdout. */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
