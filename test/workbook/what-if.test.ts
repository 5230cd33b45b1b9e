import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { readEntry, readZip } from '../../functions/workbook/xlsx/zip.js';
import { readPolicySetting } from '../../functions/workbook/xlsx/policy-setting.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { engine, values } from '../helpers/workbook-values.js';

// What-if: a workbook that names its own policy computed under another one, its setting left as it
// is; and, when asked, that policy written as its setting, byte for byte but for the one attribute.

const WEBEXTENSION = 'xl/webextensions/webextension1.xml';
const commission = (policy?: string) => buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_POLICYINFO()', addin: true }] }], policy ? { policy } : {});
const part = (bytes: Uint8Array, name = WEBEXTENSION) => Buffer.from(readEntry(readZip(bytes), name) ?? new Uint8Array()).toString('utf8');

describe('what-if across policies', () => {
  it('computes under the what-if policy, says which the file names, and leaves its setting as it was', () => {
    const input = commission('default@2019.05');
    const r = recalcWorkbook(input, { engine, lang: 'en', whatIf: 'default@2025.09' });
    expect(values(r.bytes, 1)['1!B1']).toBe('str:default@2025.09');
    expect(r.summary).toMatchObject({ policy: 'default@2025.09', policySource: 'what-if', savedPolicy: 'default@2019.05' });
    expect(r.summary.policySetting).toBeUndefined();
    expect(part(r.bytes)).toBe(part(input));
    expect(readPolicySetting(readZip(r.bytes))).toBe('default@2019.05');
  });

  it('with savePolicy, writes that policy as the setting: only the value attribute changes', () => {
    const input = commission('default@2019.05');
    const r = recalcWorkbook(input, { engine, lang: 'en', whatIf: 'default@2025.09', savePolicy: true });
    expect(r.summary.policySetting).toEqual({ written: true });
    expect(readPolicySetting(readZip(r.bytes))).toBe('default@2025.09');
    expect(part(r.bytes)).toBe(part(input).replace('value="&quot;default@2019.05&quot;"', 'value="&quot;default@2025.09&quot;"'));
    // Every other part is as it was.
    const before = unzipSync(input);
    const after = unzipSync(r.bytes);
    for (const name of Object.keys(before)) if (name !== WEBEXTENSION && !name.startsWith('xl/worksheets/')) expect(Buffer.from(after[name]!).equals(Buffer.from(before[name]!)), name).toBe(true);
  });

  it('a workbook tied to the add-in without the setting gets it added; one without the add-in’s part says it cannot carry it', () => {
    const bare = commission();
    const added = recalcWorkbook(bare, { engine, lang: 'en', whatIf: 'default@2019.05', savePolicy: true });
    expect(added.summary.policySetting).toEqual({ written: true });
    expect(readPolicySetting(readZip(added.bytes))).toBe('default@2019.05');
    expect(part(added.bytes)).toBe(part(bare).replace('<we:properties>', '<we:properties><we:property name="policycell.policy" value="&quot;default@2019.05&quot;"/>'));

    const files = unzipSync(bare);
    for (const name of Object.keys(files)) if (name.startsWith('xl/webextensions/')) delete files[name];
    const unlinked = zipSync(files);
    const refused = recalcWorkbook(unlinked, { engine, lang: 'en', whatIf: 'default@2019.05', savePolicy: true });
    expect(refused.summary.policySetting).toEqual({ written: false, reason: expect.stringMatching(/not tied to the add-in/) });
    expect(values(refused.bytes, 1)['1!B1']).toBe('str:default@2019.05');
    expect(recalcWorkbook(unlinked, { engine, lang: 'zh-CN', whatIf: 'default@2019.05', savePolicy: true }).summary.policySetting).toMatchObject({ reason: expect.stringMatching(/未关联加载项/) });
  });
});
