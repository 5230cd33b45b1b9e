import { expect } from 'vitest';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { defaultEngine } from '../../shared/src/index.js';
import { RICH_VALUE_ERRORS } from '../../functions/workbook/model/errors.js';
import type { FixtureCell, FixtureSheet } from './xlsx.js';
import { buildXlsx } from './xlsx.js';

/**
 * Small hand-made workbooks recalculated as `policycell recalc` does, each twice: with the values
 * the file cached, and without any (as a program writes it), to compare with what Excel computes;
 * by HyperFormula, or (recalcBoth) by both evaluators.
 */

export const engine = defaultEngine();

/** Each formula cell's value after recalculation, as "n:3", "str:abc", "b:1", "e:#N/A", by sheet!ref. */
export function values(bytes: Uint8Array, sheets: number): Record<string, string> {
  const zip = readZip(bytes);
  const out: Record<string, string> = {};
  for (let i = 1; i <= sheets; i++) {
    for (const c of readCells(readText(zip, `xl/worksheets/sheet${i}.xml`)!)) out[`${i}!${c.ref}`] = `${c.attrs.t ?? 'n'}:${c.value ?? ''}`;
  }
  return out;
}

export function recalc(sheets: FixtureSheet[], opts: Parameters<typeof buildXlsx>[1] = {}, evaluator: 'hyperformula' | 'auto' = 'hyperformula') {
  const given = recalcWorkbook(buildXlsx(sheets, opts), { engine, lang: 'en', evaluator });
  const fresh = recalcWorkbook(buildXlsx(sheets.map((s) => ({ ...s, cells: s.cells.map((c) => (c.formula !== undefined || c.shared ? { ...c, noCache: true } : c)) })), opts), { engine, lang: 'en', evaluator });
  return { given, fresh, v: values(given.bytes, sheets.length), f: values(fresh.bytes, sheets.length) };
}

/**
 * recalc(), and the same two workbooks through the default evaluator too (the fast path where it
 * takes the workbook, HyperFormula where it does not): both must give every cell the same value and
 * report the same kept and assumed cells. Answers HyperFormula's run.
 */
export function recalcBoth(sheets: FixtureSheet[], opts: Parameters<typeof buildXlsx>[1] = {}) {
  const hyperformula = recalc(sheets, opts);
  const auto = recalc(sheets, opts, 'auto');
  expect(auto.v).toEqual(hyperformula.v);
  expect(auto.f).toEqual(hyperformula.f);
  for (const run of ['given', 'fresh'] as const) {
    expect(auto[run].summary.kept).toEqual(hyperformula[run].summary.kept);
    expect(auto[run].summary.assumed).toEqual(hyperformula[run].summary.assumed);
  }
  return hyperformula;
}

export const f = (ref: string, formula: string, more: Partial<FixtureCell> = {}): FixtureCell => ({ ref, formula, ...more });

/** A recomputed error as values() reads it from the file: #CALC!, #SPILL! and Excel's other rich-value errors are written `<v>#VALUE!</v>`, as Excel writes them. */
export const storedError = (code: string): string => `e:${RICH_VALUE_ERRORS.has(code) ? '#VALUE!' : code}`;

/** The other cells of a spilled range (columns by letter, rows first to last), as the file holds them: plain values (the anchor holds the formula). */
export const spilled = (cols: string, rows: [number, number]): FixtureCell[] =>
  [...cols].flatMap((col, i) => Array.from({ length: rows[1] - rows[0] + 1 }, (_, j) => ({ ref: `${col}${rows[0] + j}`, value: 0 })).filter((c) => i > 0 || c.ref !== `${col}${rows[0]}`));

/** Both computations (with the cached values, and without them) have the expected values. */
export function bothAgree(given: Record<string, string>, fresh: Record<string, string>, expected: Record<string, string | undefined>): void {
  expect(given).toMatchObject(expected);
  expect(fresh).toMatchObject(expected);
}
