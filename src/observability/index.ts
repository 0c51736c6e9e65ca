/*
 * Logs (and, later, metrics and the memory watchdog). Stages never import this folder: the composition roots (cli,
 * jobs, server) create a logger here and hand it down.
 */
export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
