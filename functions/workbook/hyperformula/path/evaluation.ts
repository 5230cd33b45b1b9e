import type { Book } from '../../xlsx/book.js';
import { cellNumber } from '../../model/grid.js';
import { UNSURE_MESSAGE } from '../../excel/common/errors.js';
import type { ExcelContext } from '../../excel/common/context.js';
import type { PolicyCallContext } from '../../policy/calls.js';
import type { Assumption } from '../../model/outcomes.js';
import type { EvaluatedWorkbook } from '../engine.js';
import { evaluate } from '../engine.js';
import type { WorkbookCells } from './cells.js';
import { constantInput, hasCachedValue, hasOwnFormula, textInput } from './cells.js';
import type { FormulaEntry } from './entries.js';
import type { HiddenRows } from './hidden-rows.js';
import { WRONG_ARGUMENT_COUNT, inCycles, isUnreadable, propagateKept } from './keep.js';

/**
 * Stages 4 and 5 of the HyperFormula path: the sheets built as HyperFormula's input and evaluated;
 * a cell HyperFormula cannot read, or finds circular, keeps its cached value, and the workbook is
 * built again without it (at most a few rounds: each round only removes formulas). Calls `done`
 * with the final evaluation, before it is destroyed.
 */
export function evaluateInRounds<T>(
  book: Book,
  cells: WorkbookCells,
  entries: FormulaEntry[],
  ctx: PolicyCallContext,
  excel: { hidden: HiddenRows[]; subtotals: Set<string>; formulaReferences: ExcelContext['formulaReferences'] },
  done: (result: EvaluatedWorkbook, data: Record<string, unknown[][]>) => T,
): T {
  for (let round = 0; ; round++) {
    propagateKept(entries, book);
    const data = engineInput(book, cells, entries);
    const assumedAt = new Map<string, Assumption>();
    const unsureAt = new Map<string, string>();
    const uncached = (si: number, row: number, col: number) => {
      const c = cells.byPosition[si]?.get(cellNumber(row, col));
      return c !== undefined && !hasCachedValue(c);
    };
    const result = evaluate({ names: cells.sheetNames, data, namedExpressions: [] }, ctx, { date1904: book.date1904, hidden: excel.hidden, subtotals: excel.subtotals, uncached, assumed: assumedAt, unsure: unsureAt, formulaReferences: excel.formulaReferences });
    try {
      const again = keepWhatCannotBeComputed(entries, result, unsureAt);
      if (!again || round >= 3) {
        if (again) for (const e of entries) if (!e.kept && isUnreadable(result.read(e.sheet, e.cell.row, e.cell.col))) e.kept = { reason: 'syntax', detail: 'HyperFormula cannot compute it' };
        for (const e of entries) {
          const a = e.kept ? undefined : e.circular ? { reason: 'circular' as const, detail: 'a circular reference: 0, as Excel shows it without iterative calculation' } : assumedAt.get(`${e.sheet}:${e.cell.row}:${e.cell.col}`);
          if (a) e.assumed = [...(e.assumed ?? []), a];
        }
        return done(result, data);
      }
    } finally {
      result.destroy();
    }
  }
}

/**
 * The sheets as HyperFormula is given them: constants escaped, formulas as their HyperFormula text,
 * kept cells and data tables holding their cached values, array formulas filling their ranges.
 */
function engineInput(book: Book, cells: WorkbookCells, entries: FormulaEntry[]): Record<string, unknown[][]> {
  const data: Record<string, unknown[][]> = {};
  book.sheets.forEach((sheet, si) => {
    const list = cells.cells[si]!;
    let rows = 0;
    for (const c of list) rows = Math.max(rows, c.row + 1);
    // Rows as long as their last cell, no longer: a sheet with cells at A1 and XFD1048576 is two short rows, not a grid of 17 billion.
    const grid: unknown[][] = Array.from({ length: rows }, () => []);
    for (const c of list) grid[c.row]![c.col] = constantInput(c, book.sharedStrings);
    data[sheet.name] = grid;
  });
  const hasFormula = (si: number, row: number, col: number) => {
    const c = cells.byPosition[si]!.get(cellNumber(row, col));
    return c !== undefined && hasOwnFormula(c);
  };
  for (const e of entries) {
    const grid = data[cells.sheetNames[e.sheet]!]!;
    if (e.kept || e.dataTable) continue; // the cached value, already in the grid (a data table's, until computed)
    if (e.circular) {
      grid[e.cell.row]![e.cell.col] = 0;
      continue;
    }
    if (e.array && !e.plain) {
      // The cells an array result covers hold its old values: empty them so the result fills them.
      for (let r = e.array.from.row; r <= e.array.to.row; r++) {
        for (let c = e.array.from.col; c <= e.array.to.col; c++) if (grid[r] && c < grid[r]!.length && !hasFormula(e.sheet, r, c)) grid[r]![c] = null;
      }
      const h = e.array.to.row - e.array.from.row + 1;
      const w = e.array.to.col - e.array.from.col + 1;
      grid[e.cell.row]![e.cell.col] = `=EXCEL.ARRAYFILL(${h},${w},${e.engineText})`;
    } else if (e.folded !== undefined) grid[e.cell.row]![e.cell.col] = typeof e.folded === 'string' ? textInput(e.folded) : e.folded;
    else grid[e.cell.row]![e.cell.col] = `=${e.engineText}`;
  }
  return data;
}

/**
 * Reads every computed formula cell and marks those HyperFormula could not compute as kept: a
 * cycle, a call with a number of arguments it does not take, a case a function is unsure of (even
 * when IFERROR caught its error), a formula it cannot read. Answers whether any cell was newly kept.
 */
function keepWhatCannotBeComputed(entries: FormulaEntry[], result: EvaluatedWorkbook, unsureAt: Map<string, string>): boolean {
  let again = false;
  const cyclic: FormulaEntry[] = [];
  for (const e of entries) {
    if (e.kept || e.dataTable) continue;
    const v = result.read(e.sheet, e.cell.row, e.cell.col);
    if (v !== null && typeof v === 'object') {
      const code = (v as { value: string }).value;
      const message = (v as { message?: string }).message ?? '';
      if (code === '#CYCLE!') cyclic.push(e);
      // Excel takes no call with the wrong number of arguments, so its cached value came from
      // something else (another version's function of that name): it is kept, not replaced by #N/A.
      else if (code === '#N/A' && message === WRONG_ARGUMENT_COUNT) e.kept = { reason: 'function', detail: 'a call with a number of arguments this engine does not take' };
      else if (message.startsWith(UNSURE_MESSAGE)) e.kept = { reason: 'function', detail: message.slice(UNSURE_MESSAGE.length + 2) };
      else if (code === '#ERROR!') e.kept = { reason: 'syntax', detail: `HyperFormula cannot read it: ${(v as { message?: string }).message ?? ''}`.trim() };
      if (e.kept) again = true;
    }
    // A case a function was unsure of, whose error was caught on the way (IFERROR, ISERROR): the cell keeps its value all the same.
    const why = e.kept ? undefined : unsureAt.get(`${e.sheet}:${e.cell.row}:${e.cell.col}`);
    if (why !== undefined) {
      e.kept = { reason: 'function', detail: why };
      again = true;
    }
  }
  // HyperFormula marks a cycle's cells and everything computed from them: only the cycle keeps its values.
  for (const e of inCycles(cyclic)) {
    // Excel (without iterative calculation) shows 0 in a circular reference's cells: a cell the
    // file gives no value for takes it; one with a value keeps it.
    if (hasCachedValue(e.cell) || e.array) e.kept = { reason: 'circular', detail: 'a circular reference' };
    else e.circular = true;
    again = true;
  }
  return again;
}
