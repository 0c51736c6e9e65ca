import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured stdout and stderr (neither a terminal) and the given environment only. */
export async function runCliCaptured(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(args, { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream, env });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** The flags that point the CLI at the fixture zoo: names pinned to loopback, which must then be allowed, and no waiting. */
export function zooFlags(...hosts: string[]): string[] {
  return [...hosts.flatMap((h) => ['--resolve', `${h}:127.0.0.1`]), '--allow-private', '--politeness-delay-ms', '0', '--retry-base-delay-ms', '1'];
}
