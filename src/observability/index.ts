/*
 * Logs, metrics and the memory watchdog. Stages never import this folder: the composition roots (cli, jobs,
 * server) create these here and hand them down.
 */
export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
export { createMetrics, gcKindOf, type CrawlThreadMetrics, type Metrics, type MetricsOptions } from './create-metrics.js';
export { createMemoryWatchdog, EXIT_MEMORY_HARD_LIMIT, type MemoryWatchdog, type MemoryWatchdogOptions, type WatchdogState } from './create-memory-watchdog.js';
export { deriveMemoryLimits, readCgroupLimit, HARD_FRACTION, SOFT_FRACTION, type DeriveMemoryLimitsOptions, type MemoryLimits, type MemorySource } from './memory-limits.js';
export { sendAlert, type Alert } from './send-alert.js';
