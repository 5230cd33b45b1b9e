import { mkdirSync, writeFileSync } from 'node:fs';
import { renderFunctionReference, renderPolicySchema } from './docs-gen.js';
import { renderExcelCoverage } from './excel-coverage.js';

// `npm run docs`: regenerates the function reference, the policy JSON Schema and the coverage table of Excel's functions.
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/functions.md', import.meta.url), renderFunctionReference());
writeFileSync(new URL('../shared/policies/policy.schema.json', import.meta.url), renderPolicySchema());
writeFileSync(new URL('../docs/excel-functions.md', import.meta.url), renderExcelCoverage());
console.log('wrote docs/functions.md, shared/policies/policy.schema.json and docs/excel-functions.md');
