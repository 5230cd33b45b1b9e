import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CauseSets } from '../../functions/workbook/calibration/causes.js';
import { CriteriaIndex, criterion } from '../../functions/workbook/fast/conditions.js';
import { LookupIndex } from '../../functions/workbook/fast/lookups.js';
import type { CellValue } from '../../functions/workbook/fast/values.js';
import { NotCompiled, XlErr, foldText } from '../../functions/workbook/fast/values.js';
import { fastPathReach } from '../../functions/workbook/fast/path.js';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { readBook } from '../../functions/workbook/xlsx/book.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { defaultEngine } from '../../shared/src/index.js';
import { lookupWorkbook } from '../../bench/workbooks.js';

/**
 * The indexes of the fast path's lookups and conditional functions against the scans they
 * replace, over random cells: the same matches in the same order (duplicates, numbers equal to
 * Excel's 15 digits, text of any case, values of every kind), and a refusal exactly where the scan
 * would refuse. Then the bench's workbook of lookups over tables, computed by the fast path and by
 * HyperFormula, cell for cell.
 */

const none = new CauseSets().none;

// Few distinct values, so that keys repeat; numbers that differ past Excel's 15 digits; text of both cases.
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 2.5, -3, 0.3, 0.1 + 0.2, 1e15, 1e15 + 1, 40000.5) },
  { weight: 3, arbitrary: fc.constantFrom('abc', 'ABC', 'Abc', '高', '部门', 'x y', '') },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('12', ' 5', '.5', 'a1', 'é', 'TRUE') },
  { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.constantFrom(XlErr.of('#N/A'), XlErr.of('#DIV/0!'))) },
);
const wanted: fc.Arbitrary<CellValue> = fc.oneof(fc.constantFrom(0, 1, 2.5, 0.3, 1e15, -3, 40000.5), fc.constantFrom('abc', 'ABC', '高', '=2.5', '=abc', '0.3', '=1E15', 'x y'), fc.constant(null));

/** What a scan of every cell answers: the positions the test meets, or 'refused' where a test refuses. */
function scan(cells: CellValue[], test: (v: CellValue) => boolean): number[] | 'refused' {
  const out: number[] = [];
  try {
    cells.forEach((v, p) => {
      if (test(v)) out.push(p);
    });
  } catch (e) {
    if (e instanceof NotCompiled) return 'refused';
    throw e;
  }
  return out;
}

function refusedOr<T>(f: () => T): T | 'refused' {
  try {
    return f();
  } catch (e) {
    if (e instanceof NotCompiled) return 'refused';
    throw e;
  }
}

describe('the indexes of the fast path answer what a scan of every cell answers', () => {
  it('criteria: the same matches in the same order, refused where the scan refuses', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), wanted, (cells, want) => {
        const c = refusedOr(() => criterion(want));
        if (c === 'refused' || !c.equal) return;
        const expected = scan(cells, c.test);
        const index = new CriteriaIndex(cells, 1, none);
        const got = refusedOr(() => index.matches(c.equal!));
        if (got !== 'refused') compared++;
        expect(got).toEqual(expected);
      }),
      { numRuns: 5000, seed: 20261208 },
    );
    expect(compared).toBeGreaterThan(500);
  });

  it('exact lookups: the first match, or the last, of the same kind and text of any case', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(cell, { minLength: 2, maxLength: 40 }), cell.filter((k) => k !== null && !(k instanceof XlErr)), fc.boolean(), (cells, key, last) => {
        const got = refusedOr(() => new LookupIndex(cells, none).find(key, false, last));
        if (got === 'refused') return;
        compared++;
        const same = (v: CellValue) => (typeof key === 'string' && typeof v === 'string' ? foldText(v) === foldText(key) : v === key);
        const order = cells.map((_, i) => i);
        if (last) order.reverse();
        expect(got).toBe(order.find((i) => same(cells[i]!)) ?? -1);
      }),
      { numRuns: 5000, seed: 20261208 },
    );
    expect(compared).toBeGreaterThan(500);
  });
});

function formulaValues(bytes: Uint8Array): Record<string, string> {
  const zip = readZip(bytes);
  const out: Record<string, string> = {};
  for (const sheet of [1, 2]) for (const c of readCells(readText(zip, `xl/worksheets/sheet${sheet}.xml`)!)) if (c.formulaAttrs) out[`${sheet}!${c.ref}`] = `${c.attrs.t ?? 'n'}:${c.value ?? ''}`;
  return out;
}

describe('a workbook of lookups over tables (the bench’s)', () => {
  it('computes every VLOOKUP, INDEX/MATCH, XLOOKUP, SUMIFS, COUNTIF and AVERAGEIF on the fast path, as HyperFormula does', () => {
    const input = lookupWorkbook(400, 120, 3);
    const engine = defaultEngine();
    const fast = recalcWorkbook(input, { engine });
    const hf = recalcWorkbook(input, { engine, evaluator: 'hyperformula' });
    expect(fast.summary.fallback).toBeUndefined();
    expect(fast.summary.engine).toBe('fast');
    const values = formulaValues(fast.bytes);
    expect(values).toEqual(formulaValues(hf.bytes));
    // Sellers not on the staff are caught by IFERROR; a staff id listed twice is matched at its first row.
    expect(Object.values(values)).toContain('str:未知');
    expect(Object.keys(values)).toHaveLength(400 * 5 + 120 * 3);
  }, 120_000);
});

describe('the reach of the fast path, measured', () => {
  const engine = defaultEngine();
  const reach = (cells: Parameters<typeof buildXlsx>[0][number]['cells']) => fastPathReach(readBook(readZip(buildXlsx([{ name: 'S', cells }]))), { engine, policy: engine.policy(undefined), lang: 'en' });

  it('counts the formula cells it does not compile by reason, without their details, and compiles the rest', () => {
    expect(
      reach([
        { ref: 'A1', value: 2 },
        { ref: 'B1', formula: 'SUMPRODUCT(A1:A2,A1:A2)' },
        { ref: 'B2', formula: 'SUMPRODUCT(A2:A3,A2:A3)' },
        { ref: 'B3', formula: 'SUBSTITUTE("a","a","b")' },
        { ref: 'B4', formula: 'A1*2' },
      ]),
    ).toEqual({ formulas: 4, refused: { 'the function SUMPRODUCT': 2, 'the function SUBSTITUTE': 1 } });
  });

  it('counts every formula of a workbook refused while evaluating, and none of one it computes', () => {
    expect(reach([{ ref: 'A1', value: 'x' }, { ref: 'B1', formula: 'A1+1' }, { ref: 'B2', formula: 'B1*2' }])).toEqual({ formulas: 2, refused: { 'text where a number belongs': 2 } });
    expect(reach([{ ref: 'A1', value: 1 }, { ref: 'B1', formula: 'A1+1' }])).toEqual({ formulas: 1, refused: {} });
  });
});
