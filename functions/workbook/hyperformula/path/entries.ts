import type { Book } from '../../xlsx/book.js';
import type { SheetCell } from '../../xlsx/cells.js';
import { parseRange } from '../../xlsx/cells.js';
import { cellNumber } from '../../model/grid.js';
import type { Area } from '../../model/area.js';
import type { Assumption, KeptReason } from '../../model/outcomes.js';
import type { FormulaTraits } from '../../calibration/formula-traits.js';
import type { WorkbookCells } from './cells.js';

/**
 * Stage 2 of the HyperFormula path: every formula cell of the workbook, one entry each, carrying
 * what the later stages learn of it (its HyperFormula text, what it reads, whether it keeps its
 * cached value and why).
 */
export interface FormulaEntry {
  sheet: number;
  cell: SheetCell;
  /** The formula as written and the cell it was written for (a shared formula's master). */
  text: string;
  row: number;
  col: number;
  /** The range a `t="array"` formula fills, anchor included. */
  array?: { from: { row: number; col: number }; to: { row: number; col: number } };
  dataTable: boolean;
  /** HyperFormula's text, or why the cell keeps its cached value. */
  engineText?: string;
  reads: Area[];
  kept?: { reason: KeptReason; detail: string; excel?: string; computed?: string };
  /** The formula's R1C1 text: copies of one formula (a filled-down column) share it. */
  shape?: string;
  /** The POLICY and volatile functions the formula calls (its own reasons to change). */
  traits?: FormulaTraits;
  /** For a cell without a cached value: what its answer assumes, when it rests on an assumption. */
  assumed?: Assumption[];
  /** On a circular reference and without a cached value: 0, as Excel shows it. */
  circular?: boolean;
  /** A POLICY call computed before HyperFormula starts: its value, given to HyperFormula as a constant. */
  folded?: unknown;
  /**
   * A one-cell array formula HyperFormula may compute as an ordinary one (same text either way, a
   * single result): no array vertex for it.
   */
  plain?: boolean;
  /** A what-if data table's inputs: one input cell (r1) down a column or (row) across a row, or two (r1 row input, r2 column input). */
  table?: { twoD: boolean; row: boolean; r1?: { row: number; col: number }; r2?: { row: number; col: number }; deleted: boolean };
}

/** The formula entries, and the area each array formula fills by its anchor's cellNumber (per sheet). */
export interface WorkbookFormulas {
  entries: FormulaEntry[];
  arrays: Map<number, Area>[];
  /** Each sheet's entries by cellNumber. */
  byCell: Map<number, FormulaEntry>[];
}

/** Every formula cell, shared followers given their master's text, array ranges noted. */
export function collectFormulas(cells: WorkbookCells): WorkbookFormulas {
  const entries: FormulaEntry[] = [];
  const arrays = cells.cells.map(() => new Map<number, Area>());
  cells.cells.forEach((list, si) => {
    const masters = new Map<string, SheetCell>();
    for (const c of list) if (c.formulaAttrs?.t === 'shared' && c.formulaAttrs.ref && c.formula) masters.set(c.formulaAttrs.si ?? '', c);
    for (const c of list) {
      const fa = c.formulaAttrs;
      if (!fa) continue;
      let src: SheetCell | undefined = c;
      if (fa.t === 'shared' && !c.formula) src = masters.get(fa.si ?? '');
      const dataTable = fa.t === 'dataTable';
      if (!dataTable && (!src?.formula || src.formula.trim() === '')) continue;
      let array: FormulaEntry['array'];
      if ((fa.t === 'array' || dataTable) && fa.ref) {
        try {
          array = parseRange(fa.ref);
          arrays[si]!.set(cellNumber(c.row, c.col), { sheet: si, r1: array.from.row, c1: array.from.col, r2: array.to.row, c2: array.to.col });
        } catch {
          array = undefined;
        }
      }
      entries.push({ sheet: si, cell: c, text: src?.formula ?? '', row: src?.row ?? c.row, col: src?.col ?? c.col, array, dataTable, reads: [] });
    }
  });
  const byCell = cells.sheetNames.map(() => new Map<number, FormulaEntry>());
  for (const e of entries) byCell[e.sheet]!.set(cellNumber(e.cell.row, e.cell.col), e);
  return { entries, arrays, byCell };
}

/** A data table's input cells, read from its formula's attributes (r1, r2, dt2D, dtr, del1, del2). */
export function readDataTableInputs(e: FormulaEntry, book: Book): void {
  const fa = e.cell.formulaAttrs ?? {};
  if (!e.array) {
    e.kept = { reason: 'dataTable', detail: 'a what-if data table without its range' };
    return;
  }
  try {
    const cell = (name: string) => (fa[name] ? parseRange(fa[name]!).from : undefined);
    e.table = { twoD: fa.dt2D === '1' || fa.dt2D === 'true', row: fa.dtr === '1' || fa.dtr === 'true', r1: cell('r1'), r2: cell('r2'), deleted: fa.del1 === '1' || fa.del2 === '1' };
  } catch {
    e.kept = { reason: 'dataTable', detail: `a what-if data table whose input cells cannot be read (${book.sheets[e.sheet]!.name})` };
  }
}
