import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { WorkbookError } from '../../functions/workbook/model/workbook-error.js';
import type { FixtureSheet } from '../helpers/xlsx.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { engine, values } from '../helpers/workbook-values.js';

// Calibration on the file's own answers: a workbook saved by Excel caches Excel's answer in every
// formula cell, so a cell this engine answers otherwise for the same inputs keeps Excel's value and
// is reported, and nothing downstream of it moves.

const EXCEL = { application: 'Microsoft Excel' };
const evaluators = ['auto', 'hyperformula'] as const;

/** B1 = A1*3 with A1 = 2 caches 7 (what this engine never computes), C1 = B1+1 caches 8. */
const stale: FixtureSheet[] = [
  {
    name: 'S',
    cells: [
      { ref: 'A1', value: 2 },
      { ref: 'B1', formula: 'A1*3', cached: '7' },
      { ref: 'C1', formula: 'B1+1', cached: '8' },
    ],
  },
];

describe('calibration against the cached values of a workbook saved by Excel', () => {
  it.each(evaluators)('a cell that differs while its inputs agree keeps Excel’s value and is reported; its dependents stay (%s)', (evaluator) => {
    const r = recalcWorkbook(buildXlsx(stale, EXCEL), { engine, lang: 'en', evaluator });
    expect(r.summary.engine).toBe(evaluator === 'auto' ? 'fast' : 'hyperformula');
    expect(values(r.bytes, 1)).toMatchObject({ '1!B1': 'n:7', '1!C1': 'n:8' });
    expect(r.summary.calibration).toMatchObject({ applied: true, application: 'Microsoft Excel' });
    expect(r.summary.kept).toEqual([expect.objectContaining({ cell: 'S!B1', reason: 'differs-from-excel', excel: '7', computed: '6' })]);
    expect(r.summary.changed).toBe(0);
  });

  it.each(evaluators)('--strict fails such a workbook, naming the cell (%s)', (evaluator) => {
    expect(() => recalcWorkbook(buildXlsx(stale, EXCEL), { engine, lang: 'en', evaluator, strict: true })).toThrow(WorkbookError);
    try {
      recalcWorkbook(buildXlsx(stale, EXCEL), { engine, lang: 'en', evaluator, strict: true });
    } catch (e) {
      expect(e).toMatchObject({ problem: 'notRecomputed', cell: 'S!B1' });
    }
  });

  it.each(evaluators)('values another program cached are not Excel’s: computed anew, counted as changed, and the summary says why (%s)', (evaluator) => {
    for (const application of ['LibreOffice/7.4.0.3$Linux_X86_64', undefined]) {
      const r = recalcWorkbook(buildXlsx(stale, application ? { application } : {}), { engine, lang: 'en', evaluator, changes: true });
      expect(values(r.bytes, 1)).toMatchObject({ '1!B1': 'n:6', '1!C1': 'n:7' });
      expect(r.summary.calibration.applied).toBe(false);
      expect(r.summary.calibration.reason).toMatch(application ? /LibreOffice/ : /does not name the program/);
      expect(r.summary.kept).toEqual([]);
      expect(r.summary.changed).toBe(2);
      expect(r.summary.changes?.map((c) => [c.cell, c.old, c.new, c.because])).toEqual([
        ['B1', 7, 6, [{ kind: 'recomputed' }]],
        ['C1', 8, 7, [{ kind: 'recomputed' }]],
      ]);
    }
  });

  it.each(evaluators)('a chain of cells that each differ is kept cell by cell, each computed from the value before it (%s)', (evaluator) => {
    const sheets: FixtureSheet[] = [
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 2 },
          { ref: 'B1', formula: 'A1*3', cached: '7' }, // this engine: 6
          { ref: 'C1', formula: 'B1*10', cached: '71' }, // from Excel's 7 this engine computes 70: differs again
          { ref: 'D1', formula: 'C1+1', cached: '72' }, // from 71: agrees
        ],
      },
    ];
    const r = recalcWorkbook(buildXlsx(sheets, EXCEL), { engine, lang: 'en', evaluator });
    expect(values(r.bytes, 1)).toMatchObject({ '1!B1': 'n:7', '1!C1': 'n:71', '1!D1': 'n:72' });
    expect(r.summary.kept.map((k) => [k.cell, k.excel, k.computed])).toEqual([
      ['S!B1', '7', '6'],
      ['S!C1', '71', '70'],
    ]);
  });

  it.each(evaluators)('a value that really changes (a POLICY call under another policy) flows downstream; a copy of a differing formula there is uncertain (%s)', (evaluator) => {
    const sheets: FixtureSheet[] = [
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 52000 },
          { ref: 'B1', value: 2 },
          // Cached under another policy: this run's commission of 52,000 is 360.
          { ref: 'B2', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true, cached: '240' },
          { ref: 'C1', formula: 'B1*3', cached: '7' }, // this engine: 6 — a formula found to differ
          { ref: 'C2', formula: 'B2*3', cached: '720' }, // the same formula (R1C1), downstream of the change: 1080, uncertain
          { ref: 'D2', formula: 'B2+1', cached: '241' }, // downstream of the change: 361
        ],
      },
    ];
    const r = recalcWorkbook(buildXlsx(sheets, EXCEL), { engine, lang: 'en', evaluator, changes: true });
    expect(r.summary.engine).toBe(evaluator === 'auto' ? 'fast' : 'hyperformula');
    expect(values(r.bytes, 1)).toMatchObject({ '1!B2': 'n:360', '1!C1': 'n:7', '1!C2': 'n:1080', '1!D2': 'n:361' });
    expect(r.summary.kept.map((k) => k.cell)).toEqual(['S!C1']);
    expect(r.summary.uncertain).toEqual([expect.objectContaining({ cell: 'S!C2', evidence: 'S!C1' })]);
    expect(r.summary.changed).toBe(3);
    const why = Object.fromEntries((r.summary.changes ?? []).map((c) => [c.cell, c.because]));
    expect(why).toEqual({ B2: [{ kind: 'policy', fn: 'POLICY.COMMISSION' }], C2: [{ kind: 'policy', fn: 'POLICY.COMMISSION' }], D2: [{ kind: 'policy', fn: 'POLICY.COMMISSION' }] });
    expect(() => recalcWorkbook(buildXlsx(sheets, EXCEL), { engine, lang: 'en', evaluator, strict: true })).toThrow(/uncertain|cannot be recomputed/);
  });

  it.each(evaluators)('a formula cell without a cached value is changed for that reason, and so are the cells computed from it (%s)', (evaluator) => {
    const sheets: FixtureSheet[] = [
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 2 },
          { ref: 'B1', formula: 'A1*3', noCache: true },
          { ref: 'C1', formula: 'B1+1', cached: '8' }, // 7 from B1's 6: downstream of a cell Excel gave no value for
        ],
      },
    ];
    const r = recalcWorkbook(buildXlsx(sheets, EXCEL), { engine, lang: 'en', evaluator, changes: true });
    expect(values(r.bytes, 1)).toMatchObject({ '1!B1': 'n:6', '1!C1': 'n:7' });
    expect(r.summary.kept).toEqual([]);
    expect(r.summary.changes?.map((c) => [c.cell, c.old, c.new, c.because])).toEqual([
      ['B1', null, 6, [{ kind: 'uncached' }]],
      ['C1', 8, 7, [{ kind: 'uncached' }]],
    ]);
  });

  it.each(evaluators)('values that agree are not changes, to nine significant digits (%s)', (evaluator) => {
    const sheets: FixtureSheet[] = [
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 0.1 },
          { ref: 'A2', value: 0.2 },
          { ref: 'B1', formula: 'A1+A2', cached: '0.3' }, // 0.30000000000000004 computed
          { ref: 'B2', formula: 'A1&"x"', cached: '0.1x', cachedType: 'str' },
        ],
      },
    ];
    const r = recalcWorkbook(buildXlsx(sheets, EXCEL), { engine, lang: 'en', evaluator, changes: true });
    expect(r.summary.changed).toBe(0);
    expect(r.summary.kept).toEqual([]);
    expect(r.summary.changes).toEqual([]);
  });
});
