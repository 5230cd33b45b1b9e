import { mkdirSync, writeFileSync } from 'node:fs';
import { renderFunctionReference, renderPolicySchema } from './docs-gen.js';

// `npm run docs`: regenerates the function reference and the policy JSON Schema.
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/functions.md', import.meta.url), renderFunctionReference());
writeFileSync(new URL('../shared/policies/policy.schema.json', import.meta.url), renderPolicySchema());
console.log('wrote docs/functions.md and shared/policies/policy.schema.json');
