export { createDomainAnalyzer, type DomainAnalyzer, type DomainAnalyzerOptions } from './create-domain-analyzer.js';
export { detectGenerator, type GeneratorInput, type SharedValues } from './detect-generator.js';
export { GENERATOR_NAMES, type GeneratorName } from './generator-rules.js';
export { classifyPageType } from './classify-page-type.js';
export { renderReportText, type RenderTextOptions } from './render-report-text.js';
export { DEFAULT_DUPLICATE_BUDGET_BYTES } from './duplicate-counter.js';
export type { AnalyzerEvent, DomainOutcome, DiscoveryMethod, SitemapFileInput } from './walk-input.js';
export * from './types.js';
export { createUrlDeduper, type DedupeVerdict } from './url-deduper.js';
