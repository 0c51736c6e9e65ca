// Regenerates docs/errors.md and docs/config.md from the catalogues in src/ (run through `npm run docs`).
import { writeFileSync } from 'node:fs';
import { renderConfigMarkdown, renderErrorsMarkdown } from '../dist/reference-docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsMarkdown());
writeFileSync(new URL('../docs/config.md', import.meta.url), renderConfigMarkdown());
console.log('wrote docs/errors.md and docs/config.md');
