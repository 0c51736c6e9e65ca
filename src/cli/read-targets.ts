import { readFile } from 'node:fs/promises';
import { normalizeDomainInput, readDomainLines, type DomainTarget } from '../discovery/index.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import { parseTargets } from './site-walk.js';

/**
 * The domains of the arguments and of `--file` (one per line, or a CSV's first column), normalised and
 * de-duplicated by host. A bad argument or line is reported on stderr (with its line number) and left out; the rest
 * proceed. Returns 2 when the file cannot be read or nothing usable is left, after saying why.
 */
export async function readTargets(command: string, args: readonly string[], file: string | undefined, io: CliIo): Promise<DomainTarget[] | 2> {
  if (args.length === 0 && file === undefined) {
    io.stderr.write(`sitescout ${command}: give at least one domain, or --file <path>\n`);
    return 2;
  }
  const targets = parseTargets(args, io, command);
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error: unknown) {
      io.stderr.write(`sitescout ${command}: --file ${file}: ${describeError(error)}\n`);
      return 2;
    }
    for (const { line, value } of readDomainLines(text)) {
      try {
        targets.push(normalizeDomainInput(value));
      } catch (error: unknown) {
        io.stderr.write(`sitescout ${command}: ${file}:${line}: ${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)} (skipped)\n`);
      }
    }
  }
  const byHost = new Map<string, DomainTarget>();
  for (const target of targets) if (!byHost.has(target.host)) byHost.set(target.host, target);
  if (byHost.size === 0) {
    io.stderr.write(`sitescout ${command}: no usable domain\n`);
    return 2;
  }
  return [...byHost.values()];
}
