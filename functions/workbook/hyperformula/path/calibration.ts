import type { Book } from '../../xlsx/book.js';
import type { SheetCell } from '../../xlsx/cells.js';
import { formatRef } from '../../xlsx/cells.js';
import type { Area } from '../../model/area.js';
import { cellNumber } from '../../model/grid.js';
import type { EngineSummary } from '../../model/outcomes.js';
import { MESSAGE_ERRORS } from '../../excel/common/errors.js';
import type { CellValue } from '../../calibration/values.js';
import { cachedValueOf, sameValue, shownValue } from '../../calibration/values.js';
import { changesOfItself } from '../../calibration/formula-traits.js';
import type { EvaluatedWorkbook } from '../engine.js';
import { HYPERFORMULA_ERRORS } from '../literals.js';
import type { WorkbookCells } from './cells.js';
import { hasOwnFormula, textInput } from './cells.js';
import type { FormulaEntry } from './entries.js';

/**
 * Calibration on the file's own answers. A workbook last saved by Excel caches, in every formula
 * cell, Excel's answer for the inputs the file holds. After HyperFormula has computed the
 * workbook, each formula cell is compared with its cached value: a cell whose value differs while
 * every formula cell it reads agrees with the file (or is a constant), and whose formula calls no
 * POLICY function and nothing volatile, is a formula this engine answers otherwise than Excel. It
 * keeps Excel's value (reported as kept, `differs-from-excel`, with both answers) and the cells
 * computed from it are computed again from that value, in rounds, until no such cell is left. A
 * cell computed anew downstream of a real change whose formula shape was found to differ so is
 * reported as uncertain.
 */

const MAX_ROUNDS = 8;

/** A HyperFormula answer as a cell value (#NULL!, #SPILL!… carried as messages of #VALUE!). */
export function engineValue(v: unknown): CellValue {
  if (v !== null && typeof v === 'object') {
    const err = v as { value: string; message?: string };
    return { error: err.value === '#VALUE!' && MESSAGE_ERRORS.has(err.message ?? '') ? err.message! : err.value };
  }
  return v as CellValue;
}

/** A value as HyperFormula is given it for a cell (text escaped, an error as its literal). */
function engineInput(v: CellValue): unknown {
  if (v === null) return null;
  if (typeof v === 'string') return textInput(v);
  if (typeof v === 'object') return HYPERFORMULA_ERRORS.has(v.error) ? v.error : `=EXCEL.ERROR("${v.error}")`;
  return v;
}

/** The cells an entry writes: its own, and for an array formula the members it fills. */
function writtenCells(e: FormulaEntry, cells: WorkbookCells): SheetCell[] {
  if (!e.array || (e.array.from.row === e.array.to.row && e.array.from.col === e.array.to.col)) return [e.cell];
  const out = [e.cell];
  for (let r = e.array.from.row; r <= e.array.to.row; r++) {
    for (let c = e.array.from.col; c <= e.array.to.col; c++) {
      if (r === e.cell.row && c === e.cell.col) continue;
      const member = cells.byPosition[e.sheet]!.get(cellNumber(r, c));
      if (member && !hasOwnFormula(member)) out.push(member);
    }
  }
  return out;
}

interface Difference {
  entry: FormulaEntry;
  /** The file holds no value for one of its cells: its answer cannot be checked. */
  uncached: boolean;
  /** The first cell that differs, with both values. */
  cell: SheetCell;
  excel: CellValue | undefined;
  computed: CellValue;
}

/** The entries whose written cells differ from what the file cached (or hold nothing to compare with). */
function differences(entries: FormulaEntry[], result: EvaluatedWorkbook, cells: WorkbookCells, book: Book): Difference[] {
  const out: Difference[] = [];
  for (const e of entries) {
    if (e.kept || e.dataTable) continue;
    for (const cell of writtenCells(e, cells)) {
      const computed = engineValue(result.read(e.sheet, cell.row, cell.col));
      const excel = cachedValueOf(cell, book.sharedStrings);
      if (excel === undefined || !sameValue(computed, excel)) {
        out.push({ entry: e, uncached: excel === undefined, cell, excel, computed });
        break;
      }
    }
  }
  return out;
}

/** Where the differing cells are, by sheet: to ask whether an area holds one (other than the asker's own). */
class DifferingCells {
  private readonly bySheet = new Map<number, { list: { row: number; col: number; entry: FormulaEntry }[]; at: Map<number, FormulaEntry> }>();

  constructor(diffs: Difference[], cells: WorkbookCells) {
    for (const d of diffs) {
      const e = d.entry;
      let sheet = this.bySheet.get(e.sheet);
      if (!sheet) this.bySheet.set(e.sheet, (sheet = { list: [], at: new Map() }));
      for (const c of writtenCells(e, cells)) {
        sheet.list.push({ row: c.row, col: c.col, entry: e });
        sheet.at.set(cellNumber(c.row, c.col), e);
      }
    }
  }

  /** Whether the area holds a differing cell of an entry other than `self`. */
  holdsOther(a: Area, self: FormulaEntry): boolean {
    const sheet = this.bySheet.get(a.sheet);
    if (!sheet) return false;
    if ((a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1) <= sheet.list.length) {
      for (let r = a.r1; r <= a.r2; r++) {
        for (let c = a.c1; c <= a.c2; c++) {
          const e = sheet.at.get(cellNumber(r, c));
          if (e !== undefined && e !== self) return true;
        }
      }
      return false;
    }
    return sheet.list.some((x) => x.entry !== self && x.row >= a.r1 && x.row <= a.r2 && x.col >= a.c1 && x.col <= a.c2);
  }
}

/**
 * Keeps Excel's value in each cell this engine answers otherwise for the same inputs, recomputing
 * what depends on it, and reports the cells downstream of a real change whose formula shape was
 * found to differ. Changes the entries (kept) and the evaluated workbook.
 */
export function calibrateWithExcel(entries: FormulaEntry[], result: EvaluatedWorkbook, cells: WorkbookCells, book: Book, summary: EngineSummary): void {
  const evidence = new Map<string, string>();
  let diffs: Difference[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    diffs = differences(entries, result, cells, book);
    if (diffs.length === 0) return;
    const differing = new DifferingCells(diffs, cells);
    const roots = diffs.filter((d) => !d.uncached && !changesOfItself(d.entry.traits ?? { policy: [] }) && !d.entry.reads.some((a) => differing.holdsOther(a, d.entry)));
    if (roots.length === 0) break;
    const contents: { sheet: number; row: number; col: number; content: unknown }[] = [];
    for (const d of roots) {
      const e = d.entry;
      const where = `${cells.sheetNames[e.sheet]}!${formatRef(d.cell)}`;
      const excel = shownValue(d.excel);
      const computed = shownValue(d.computed);
      e.kept = { reason: 'differs-from-excel', detail: `Excel's answer ${excel} kept; this engine computes ${computed} from the same inputs`, excel, computed };
      if (e.shape !== undefined && !evidence.has(e.shape)) evidence.set(e.shape, where);
      for (const c of writtenCells(e, cells)) contents.push({ sheet: e.sheet, row: c.row, col: c.col, content: engineInput(cachedValueOf(c, book.sharedStrings) ?? null) });
    }
    result.setMany(contents);
    diffs = [];
  }
  if (diffs.length === 0) diffs = differences(entries, result, cells, book);
  for (const d of diffs) {
    const e = d.entry;
    if (d.uncached || e.shape === undefined || changesOfItself(e.traits ?? { policy: [] })) continue;
    const seen = evidence.get(e.shape);
    if (seen === undefined) continue;
    summary.uncertain.push({
      cell: `${cells.sheetNames[e.sheet]}!${formatRef(d.cell)}`,
      detail: `computed anew (${shownValue(d.excel)} → ${shownValue(d.computed)}) from a value that changed in this run, by a formula this engine answers otherwise than Excel at ${seen}`,
      evidence: seen,
    });
  }
}
