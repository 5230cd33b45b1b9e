import { readCells } from '../../functions/workbook/cells.js';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { readText, readZip } from '../../functions/workbook/zip.js';
import { defaultEngine } from '../../shared/src/index.js';
import type { FixtureSheet } from './xlsx.js';
import { buildXlsx } from './xlsx.js';

/**
 * A workbook made here recalculated twice, as Excel saved it (with cached values) and as a program
 * writes it (without them), with each formula cell's value read back from both.
 */

const engine = defaultEngine();

/** Each cell's value after recalculation, as "n:3", "str:abc", "b:1", "e:#N/A", by sheet!ref. */
export function values(bytes: Uint8Array, sheets: number): Record<string, string> {
  const zip = readZip(bytes);
  const out: Record<string, string> = {};
  for (let i = 1; i <= sheets; i++) {
    for (const c of readCells(readText(zip, `xl/worksheets/sheet${i}.xml`)!)) out[`${i}!${c.ref}`] = `${c.attrs.t ?? 'n'}:${c.value ?? ''}`;
  }
  return out;
}

export function recalc(sheets: FixtureSheet[], opts: Parameters<typeof buildXlsx>[1] = {}) {
  const given = recalcWorkbook(buildXlsx(sheets, opts), { engine, lang: 'en', evaluator: 'hyperformula' });
  const fresh = recalcWorkbook(buildXlsx(sheets.map((s) => ({ ...s, cells: s.cells.map((c) => (c.formula !== undefined || c.shared ? { ...c, noCache: true } : c)) })), opts), { engine, lang: 'en', evaluator: 'hyperformula' });
  return { given, fresh, v: values(given.bytes, sheets.length), f: values(fresh.bytes, sheets.length) };
}
