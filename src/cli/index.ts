export { runCli } from './main.js';
export type { CliIo } from './parse-command.js';
