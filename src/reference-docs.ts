import { SETTINGS } from './config.js';
import { ERROR_CODES } from './errors.js';

/** docs/errors.md, generated from the catalogue in src/errors.ts (`npm run docs`); a test keeps them equal. */
export function renderErrorsMarkdown(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, text]) => `| \`${code}\` | ${text.replace(/\|/g, '\\|')} |`);
  return `# Error codes

Every error sitescout raises carries a stable \`code\`. Match on it, never on the message. Codes are never reused.
This file is generated from \`src/errors.ts\` by \`npm run docs\`; a test fails when the two differ.

| code | meaning |
|---|---|
${rows.join('\n')}
`;
}

/** docs/config.md, generated from the settings table in src/config.ts (`npm run docs`); a test keeps them equal. */
export function renderConfigMarkdown(): string {
  const rows = SETTINGS.map(
    (s) => `| \`${s.name}\` | ${s.unit} | ${s.default.toLocaleString('en-US')} | \`${s.env}\` | \`${s.flag}\` | ${s.description.replace(/\|/g, '\\|')} |`,
  );
  return `# Settings and limits

Every limit has a name, a unit, a default, an environment variable and a command-line flag.
Precedence: a flag (or an option passed to the library) > the environment variable > the default.
Values are validated once at start-up; an invalid one fails with \`SS_ERR_CONFIG_INVALID\` (exit code 2 on the CLI).
This file is generated from \`src/config.ts\` by \`npm run docs\`; a test fails when the two differ.

| name | unit | default | environment | flag | what it bounds |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}
