import { describe, expect, it } from 'vitest';
import { recalcWorkbook, WorkbookError } from '../../functions/workbook/recalc.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readEntry, readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { defaultEngine } from '../../shared/src/index.js';
import { unzipSync, zipSync } from 'fflate';
import { buildXlsx } from '../helpers/xlsx.js';

const engine = defaultEngine();

function valuesOf(bytes: Uint8Array, sheet = 1): Record<string, { v?: string; t?: string; f?: string }> {
  const xml = readText(readZip(bytes), `xl/worksheets/sheet${sheet}.xml`)!;
  return Object.fromEntries(readCells(xml).map((c) => [c.ref, { v: c.value, t: c.attrs.t, f: c.formula }]));
}

describe('recalculating a workbook written the way Excel writes add-in functions', () => {
  const input = buildXlsx(
    [
      {
        name: '工资',
        cells: [
          { ref: 'A1', value: '业绩' },
          { ref: 'B1', value: 52000 },
          { ref: 'C1', formula: '_xldudf_POLICY_COMMISSION(B1)', addin: true },
          { ref: 'A2', value: 40000.5 },
          { ref: 'C2', formula: '_xldudf_POLICY_COMMISSION(A2)', addin: true },
          { ref: 'C3', formula: 'POLICY.COMMISSION(-1)', cached: '#NAME?', cachedType: 'e' },
          { ref: 'C4', formula: 'POLICY.提成金额(B1)', cached: '#NAME?', cachedType: 'e' },
          { ref: 'C5', formula: 'SUM(C1:C2)+ROUND(1.005,2)' },
          { ref: 'C6', formula: '_xldudf_POLICY_WAGECHECK(3000,800)', addin: true },
          { ref: 'C7', formula: 'IF(C1>100,"高","低")' },
          { ref: 'C8', formula: 'INT(-2.5)' },
          { ref: 'C9', formula: 'EDATE(DATE(2024,1,31),1)' },
          { ref: 'D1', formula: 'C1*2', shared: { si: 0, ref: 'D1:D2' } },
          { ref: 'D2', shared: { si: 0 } },
          { ref: 'E1', formula: '_xldudf_POLICY_ALLOCATE(8,G1:G4)', arrayRef: 'E1:E4' },
          { ref: 'E2', value: 0 },
          { ref: 'E3', value: 0 },
          { ref: 'E4', value: 0 },
          { ref: 'G1', value: '城A' },
          { ref: 'G2', value: '城B' },
          { ref: 'G3', value: '城C' },
          { ref: 'G4', value: '城D' },
          { ref: 'C10', formula: 'Rate*100' },
          { ref: 'F1', formula: '_xldudf_POLICY_ALLOCATE(8,G1:G4)', arrayRef: 'F1' },
          { ref: 'F2', value: 1 }, // where a spill of F1 would run into
        ],
      },
      { name: 'Other', cells: [{ ref: 'A1', formula: "'工资'!C1+1" }] },
    ],
    { policy: 'default@2019.05', definedNames: [{ name: 'Rate', formula: 'POLICY.POLICYINFO("marketing.commissionRate")' }] },
  );
  const { bytes, summary } = recalcWorkbook(input, { engine, lang: 'en' });
  const v = valuesOf(bytes);

  it('computes POLICY functions in both stored forms, with decimal money', () => {
    expect(v.C1).toMatchObject({ v: '360', f: '_xldudf_POLICY_COMMISSION(B1)' });
    expect(v.C2!.v).toBe('0.02');
    expect(v.C3).toMatchObject({ v: '#NUM!', t: 'e' });
    expect(v.C4!.v).toBe('360');
    expect(v.C6).toMatchObject({ v: '扣款超20%', t: 'str' }); // the workbook's own policy: 2019.05
  });

  it('computes ordinary Excel functions, shared formulas, spilled arrays, names and other sheets', () => {
    expect(v.C5!.v).toBe('361.03'); // ROUND(1.005,2) is 1.01 in Excel; HyperFormula alone says 1
    expect(v.C7).toMatchObject({ v: '高', t: 'str' });
    expect(v.C8!.v).toBe('-3'); // HyperFormula alone says -2
    expect(v.C9!.v).toBe('45351'); // 2024-02-29; HyperFormula alone says the 28th
    expect([v.D1!.v, v.D2!.v]).toEqual(['720', '0.04']);
    expect(['E1', 'E2', 'E3', 'E4'].map((r) => v[r]!.v)).toEqual(['4', '2', '1', '1']);
    expect(v.C10!.v).toBe('3');
    expect(valuesOf(bytes, 2).A1!.v).toBe('361');
  });

  it('a one-cell array formula of a POLICY function answers as before when computed as an ordinary one; one of a spilled result still shows its first value', () => {
    // C1 is stored as Excel 365 stores every add-in call: t="array" ref="C1" (computed without an array vertex).
    expect(v.C1!.v).toBe('360');
    expect(v.F1!.v).toBe(v.E1!.v); // ALLOCATE spills four rows; entered in one cell it shows the first (not #SPILL! for F2)
    expect(v.E1!.v).toMatch(/^\d/);
  });

  it('names the policy and counts formulas and errors', () => {
    expect(summary).toMatchObject({ policy: 'default@2019.05', policySource: 'workbook', errors: { '#NUM!': 1 } });
    expect(summary.formulas).toBe(15);
    expect(summary.engine).toBe('hyperformula');
  });

  it('leaves every other part byte for byte as it was, and keeps cm and the formulas', () => {
    const a = readZip(input);
    const b = readZip(bytes);
    expect(b.entries.map((e) => e.name)).toEqual(a.entries.map((e) => e.name));
    for (const e of a.entries) {
      if (e.name === 'xl/worksheets/sheet1.xml' || e.name === 'xl/worksheets/sheet2.xml') continue;
      expect(Buffer.compare(Buffer.from(readEntry(b, e.name)!), Buffer.from(readEntry(a, e.name)!)), e.name).toBe(0);
      const raw = (z: typeof a, n: string) => { const x = z.byName.get(n)!; return Buffer.from(z.bytes.subarray(x.localStart, x.localEnd)); };
      expect(Buffer.compare(raw(b, e.name), raw(a, e.name)), `${e.name} (compressed bytes)`).toBe(0);
    }
    const sheet = readText(b, 'xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="C1" s="1" cm="1"><f t="array" ref="C1">_xldudf_POLICY_COMMISSION(B1)</f><v>360</v></c>');
    // Outside the patched cells, the sheet is unchanged.
    const before = readText(a, 'xl/worksheets/sheet1.xml')!;
    expect(sheet.slice(0, sheet.indexOf('<sheetData>'))).toBe(before.slice(0, before.indexOf('<sheetData>')));
    expect(sheet.slice(sheet.indexOf('</sheetData>'))).toBe(before.slice(before.indexOf('</sheetData>')));
  });

  it('reads parts named with Windows separators or another case than the relationships give, and keeps their names', () => {
    const book = buildXlsx(
      [
        {
          name: 'S',
          cells: [
            { ref: 'A1', value: 'Amt' },
            { ref: 'A2', value: 52000 },
            { ref: 'A3', value: 10 },
            { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A2)', addin: true },
            { ref: 'B2', formula: '_xldudf_POLICY_POLICYINFO()', addin: true },
            { ref: 'B3', formula: 'SUM(Tab[Amt])' },
            { ref: 'B4', formula: 'MYMACRO(2)', noCache: true },
          ],
          tables: [{ name: 'Tab', ref: 'A1:A3', columns: ['Amt'] }],
        },
      ],
      { policy: 'default@2019.05', macros: true },
    );
    const parts = unzipSync(book);
    const renamed = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k === 'xl/worksheets/sheet1.xml' ? 'xl\\worksheets\\Sheet1.XML' : k.startsWith('xl/') ? k.replace(/\//g, '\\') : k, v]));
    const plain = recalcWorkbook(book, { engine });
    const r = recalcWorkbook(zipSync(renamed), { engine });
    // The same answers as the package with ordinary names: the workbook's own policy, its table, its macros.
    expect(r.summary).toMatchObject({ policy: 'default@2019.05', policySource: 'workbook' });
    const out = readZip(r.bytes);
    expect(out.entries.map((e) => e.name)).toEqual(Object.keys(renamed));
    const cells = readCells(new TextDecoder().decode(readEntry(out, 'xl\\worksheets\\Sheet1.XML')));
    const at = (ref: string) => cells.find((c) => c.ref === ref)?.value;
    expect([at('B1'), at('B2'), at('B3')]).toEqual(['360', 'default@2019.05', '52010']);
    expect(cells.map((c) => c.value)).toEqual(readCells(new TextDecoder().decode(readEntry(readZip(plain.bytes), 'xl/worksheets/sheet1.xml'))).map((c) => c.value));
    // A sheet whose part is really missing is a malformed package, not a workbook with nothing to compute.
    delete renamed['xl\\worksheets\\Sheet1.XML'];
    expect(() => recalcWorkbook(zipSync(renamed), { engine })).toThrow(/missing from the package|不在包内/);
  });

  it('reads a sheet whose relationship target is percent-encoded (sheet%201.xml names "sheet 1.xml")', () => {
    const parts = unzipSync(buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }]));
    const { 'xl/worksheets/sheet1.xml': sheet, ...rest } = parts;
    const rels = new TextDecoder().decode(rest['xl/_rels/workbook.xml.rels']).replace('worksheets/sheet1.xml', 'worksheets/sheet%201.xml');
    const r = recalcWorkbook(zipSync({ ...rest, 'xl/_rels/workbook.xml.rels': new TextEncoder().encode(rels), 'xl/worksheets/sheet 1.xml': sheet! }), { engine });
    expect(readCells(new TextDecoder().decode(readEntry(readZip(r.bytes), 'xl/worksheets/sheet 1.xml'))).find((c) => c.ref === 'B1')?.value).toBe('360');
  });

  it('uses --policy, then the latest default, for a workbook that names none', () => {
    const plain = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', formula: '_xldudf_POLICY_POLICYINFO()', addin: true }] }]);
    expect(recalcWorkbook(plain, { engine, policy: 'default@2019.05' }).summary).toMatchObject({ policy: 'default@2019.05', policySource: 'option' });
    const r = recalcWorkbook(plain, { engine });
    expect(r.summary).toMatchObject({ policy: 'default@2025.09', policySource: 'default' });
    expect(valuesOf(r.bytes).A1!.v).toBe('default@2025.09');
  });
});

describe('workbooks that cannot be recalculated', () => {
  const fail = (bytes: Uint8Array, opts = {}) => {
    try {
      recalcWorkbook(bytes, { engine, ...opts });
    } catch (e) {
      return e as WorkbookError;
    }
    throw new Error('did not fail');
  };

  it('a circular reference keeps the cached values and names the cells; --strict makes it a failure', () => {
    const loop = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', formula: 'B1+1', cached: '3' }, { ref: 'B1', formula: 'A1+1', cached: '4' }, { ref: 'C1', formula: 'A1*10' }] }]);
    const r = recalcWorkbook(loop, { engine });
    expect(r.summary.kept.map((k) => [k.cell, k.reason]).sort()).toEqual([['S!A1', 'circular'], ['S!B1', 'circular']]);
    expect(valuesOf(r.bytes)).toMatchObject({ A1: { v: '3' }, B1: { v: '4' }, C1: { v: '30' } });
    const e = fail(loop, { strict: true });
    expect(e.problem).toBe('notRecomputed');
    expect(e.cell).toMatch(/^S!(A1|B1)$/);
  });

  it('a formula that cannot be read keeps its cached value and is reported with the reason', () => {
    const r = recalcWorkbook(buildXlsx([{ name: 'S', cells: [{ ref: 'A2', formula: 'SUM(1,,', cached: '5' }, { ref: 'A3', formula: 'A2+1' }] }]), { engine });
    expect(r.summary.kept).toEqual([expect.objectContaining({ cell: 'S!A2', reason: 'syntax' })]);
    expect(valuesOf(r.bytes)).toMatchObject({ A2: { v: '5' }, A3: { v: '6' } });
  });

  it('not a zip, not a workbook, encrypted, over the cell cap, an unknown policy', () => {
    expect(fail(new TextEncoder().encode('hello, not a workbook at all')).problem).toBe('notWorkbook');
    expect(fail(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(100).fill(0)])).problem).toBe('encrypted');
    const big = buildXlsx([{ name: 'S', cells: Array.from({ length: 50 }, (_, i) => ({ ref: `A${i + 1}`, value: i })) }]);
    expect(fail(big, { limits: { maxUncompressed: 1e9, maxEntries: 100, maxCells: 10 } }).problem).toBe('tooLarge');
    expect(fail(buildXlsx([{ name: 'S', cells: [] }], { policy: 'acme@2030.01' })).problem).toBe('policy');
  });
});
