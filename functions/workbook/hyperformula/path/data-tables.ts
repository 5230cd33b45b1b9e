import type { FormulaEntry } from './entries.js';
import type { EvaluatedWorkbook } from '../engine.js';

/**
 * What-if data tables (`<f t="dataTable">`), as Excel computes them: the tabulated formula
 * recomputed with its input cell (or the row and column input cells) set to each value of the
 * table's edge, then the input cells set back. Answers the tables' cell values by "sheet:row:col".
 */
export function computeDataTables(entries: FormulaEntry[], result: EvaluatedWorkbook, data: Record<string, unknown[][]>, sheetNames: string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const e of entries) {
    if (!e.dataTable || e.kept || !e.table || !e.array) continue;
    const { from, to } = e.array;
    const s = e.sheet;
    const t = e.table;
    const grid = data[sheetNames[s]!]!;
    const original = (at: { row: number; col: number }) => grid[at.row]?.[at.col] ?? null;
    const inputs = t.twoD ? [t.r1, t.r2] : [t.r1];
    if (t.deleted || inputs.some((x) => !x)) {
      for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) out.set(`${s}:${r}:${c}`, { value: '#REF!' });
      continue;
    }
    const value = (v: unknown) => (v !== null && typeof v === 'object' ? (v as { value: string }).value : v);
    for (let r = from.row; r <= to.row; r++) {
      for (let c = from.col; c <= to.col; c++) {
        let formula: { row: number; col: number };
        const sets: [{ row: number; col: number }, unknown][] = [];
        if (t.twoD) {
          formula = { row: from.row - 1, col: from.col - 1 };
          sets.push([t.r1!, value(result.read(s, from.row - 1, c))], [t.r2!, value(result.read(s, r, from.col - 1))]);
        } else if (t.row) {
          formula = { row: r, col: from.col - 1 };
          sets.push([t.r1!, value(result.read(s, from.row - 1, c))]);
        } else {
          formula = { row: from.row - 1, col: c };
          sets.push([t.r1!, value(result.read(s, r, from.col - 1))]);
        }
        for (const [at, v] of sets) result.set(s, at.row, at.col, v);
        out.set(`${s}:${r}:${c}`, result.read(s, formula.row, formula.col));
        for (const [at] of sets) result.set(s, at.row, at.col, original(at));
      }
    }
  }
  return out;
}
