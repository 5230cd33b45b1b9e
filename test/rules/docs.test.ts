import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/src/index.js';
import { renderFunctionReference, renderPolicySchema } from '../../scripts/docs-gen.js';
import { renderExcelCoverage } from '../../scripts/excel-coverage.js';

describe('generated documents', () => {
  it('docs/functions.md is up to date (run `npm run docs`)', () => {
    expect(readFileSync(new URL('../../docs/functions.md', import.meta.url), 'utf8')).toBe(renderFunctionReference());
  });

  it('shared/policies/policy.schema.json is up to date (run `npm run docs`)', () => {
    expect(readFileSync(new URL('../../shared/policies/policy.schema.json', import.meta.url), 'utf8')).toBe(renderPolicySchema());
  });

  it('docs/excel-functions.md is up to date (run `npm run docs`)', () => {
    expect(readFileSync(new URL('../../docs/excel-functions.md', import.meta.url), 'utf8')).toBe(renderExcelCoverage());
  });

  it('documents every function with its source sentence, example and both names', () => {
    const md = renderFunctionReference();
    for (const f of CATALOG) {
      expect(md).toContain(`### ${f.id} — ${f.name['zh-CN']} · ${f.name.en}`);
      expect(md).toContain(f.source);
      expect(md).toContain(`\`=POLICY.${f.name['zh-CN']}(`);
    }
    expect(md).toContain('劳动合同法');
    expect(md).toContain('3000 / 21.75 = 137.93');
    expect(md).toMatch(/`guarantee\.collateral` †/);
  });
});
