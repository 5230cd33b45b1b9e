import type { Book } from '../../xlsx/book.js';
import type { SheetCell } from '../../xlsx/cells.js';
import { formatRef } from '../../xlsx/cells.js';
import type { NewValue } from '../../xlsx/patch.js';
import { patchSheet } from '../../xlsx/patch.js';
import { cellNumber } from '../../model/grid.js';
import type { ChangedCell, EngineSummary } from '../../model/outcomes.js';
import { CellListing } from '../../model/outcomes.js';
import { writtenError } from '../../model/errors.js';
import { shownFormula } from '../../formula/parser.js';
import { CauseSets } from '../../calibration/causes.js';
import type { CellValue } from '../../calibration/values.js';
import { cachedValueOf, sameValue } from '../../calibration/values.js';
import type { WorkbookCells } from './cells.js';
import { constantValue, hasOwnFormula } from './cells.js';
import { engineValue } from './calibration.js';
import { changeCauses } from './changes.js';
import type { FormulaEntry } from './entries.js';
import type { AnswerBudget } from '../../budget/answer.js';

/**
 * The last stage of the HyperFormula path: each recomputed formula cell's new value (and those of
 * the cells an array formula fills) patched into its sheet's XML, an error as Excel writes it (the
 * summary counts it by the code Excel shows); kept and assumed cells reported;
 * the cells whose value changed from what the file held counted, and listed with why when asked.
 * Answers the new bytes of each sheet that changed, by part path.
 */
export function patchSheets(
  entries: FormulaEntry[],
  read: (s: number, r: number, c: number) => unknown,
  cells: WorkbookCells,
  book: Book,
  summary: EngineSummary & { changed: number; changes?: ChangedCell[] },
  listChanges: boolean,
  answer?: AnswerBudget,
): Map<string, Uint8Array> {
  const bySheet = new Map<number, { start: number; end: number; value: NewValue }[]>();
  const changedEntries = new Set<FormulaEntry>();
  const changedCells: { entry: FormulaEntry; cell: SheetCell; old: CellValue | undefined; value: CellValue }[] = [];
  const push = (e: FormulaEntry, c: SheetCell) => {
    const value = engineValue(read(e.sheet, c.row, c.col));
    answer?.value(value, () => `${book.sheets[e.sheet]!.name}!${formatRef(c)}`);
    if (value !== null && typeof value === 'object') summary.errors[value.error] = (summary.errors[value.error] ?? 0) + 1;
    const list = bySheet.get(e.sheet) ?? [];
    // An error Excel keeps in its rich value data is written as Excel writes it (RICH_VALUE_ERRORS).
    list.push({ start: c.start, end: c.end, value: value !== null && typeof value === 'object' ? { error: writtenError(value.error) } : value });
    bySheet.set(e.sheet, list);
    const old = cachedValueOf(c, book.sharedStrings);
    if (old === undefined || !sameValue(value, old)) {
      changedEntries.add(e);
      changedCells.push({ entry: e, cell: c, old, value });
    }
  };
  const kept = new CellListing(summary.kept);
  const assumed = new CellListing(summary.assumed);
  for (const e of entries) {
    const where = `${book.sheets[e.sheet]!.name}!${formatRef(e.cell)}`;
    // A formula without a shape (one never translated: a data table) is its own.
    const shape = e.shape ?? `\u0000${e.sheet}:${e.row}:${e.col}:${e.text}`;
    if (e.kept) {
      kept.add(where, shape, { reason: e.kept.reason, detail: e.kept.detail, ...(e.kept.excel !== undefined ? { excel: e.kept.excel } : {}), ...(e.kept.computed !== undefined ? { computed: e.kept.computed } : {}) });
      continue;
    }
    for (const a of e.assumed ?? []) assumed.add(where, shape, { reason: a.reason, detail: a.detail });
    summary.formulas++;
    push(e, e.cell);
    if (e.array) {
      for (let r = e.array.from.row; r <= e.array.to.row; r++) {
        for (let c = e.array.from.col; c <= e.array.to.col; c++) {
          if (r === e.cell.row && c === e.cell.col) continue;
          const member = cells.byPosition[e.sheet]!.get(cellNumber(r, c));
          if (member && !hasOwnFormula(member)) push(e, member);
        }
      }
    }
  }
  summary.changed += changedCells.length;
  if (listChanges) summary.changes = changeList(changedCells, changedEntries, cells, book);
  const out = new Map<string, Uint8Array>();
  for (const [si, list] of bySheet) out.set(book.sheets[si]!.path, new TextEncoder().encode(patchSheet(cells.xmls[si]!, list)));
  return out;
}

function changeList(changedCells: { entry: FormulaEntry; cell: SheetCell; old: CellValue | undefined; value: CellValue }[], changedEntries: Set<FormulaEntry>, cells: WorkbookCells, book: Book): ChangedCell[] {
  const causes = changeCauses(changedEntries, new CauseSets(), (e) => cachedValueOf(e.cell, book.sharedStrings) === undefined);
  const headings = columnHeadings(changedCells, cells, book);
  return changedCells.map(({ entry, cell, old, value }) => {
    let formula: string;
    try {
      formula = shownFormula(entry.text, entry.row, entry.col, entry.cell.row, entry.cell.col);
    } catch {
      formula = `=${entry.text}`;
    }
    const heading = headings.get(`${entry.sheet}:${cell.col}`);
    return {
      sheet: cells.sheetNames[entry.sheet]!,
      cell: formatRef(cell),
      formula,
      old: old === undefined ? null : old,
      new: value,
      because: [...(causes.get(entry)?.causes ?? [])],
      ...(heading !== undefined ? { heading } : {}),
    };
  });
}

/** The nearest text above each column's first changed cell, by "sheet:col". */
function columnHeadings(changedCells: { entry: FormulaEntry; cell: SheetCell }[], cells: WorkbookCells, book: Book): Map<string, string> {
  const top = new Map<string, { sheet: number; row: number; col: number }>();
  for (const { entry, cell } of changedCells) {
    const key = `${entry.sheet}:${cell.col}`;
    const seen = top.get(key);
    if (!seen || cell.row < seen.row) top.set(key, { sheet: entry.sheet, row: cell.row, col: cell.col });
  }
  const out = new Map<string, string>();
  for (const [key, at] of top) {
    for (let r = at.row - 1; r >= 0; r--) {
      const c = cells.byPosition[at.sheet]!.get(cellNumber(r, at.col));
      if (!c || c.formulaAttrs) continue;
      const v = constantValue(c, book.sharedStrings);
      if (typeof v === 'string' && v.trim() !== '') {
        out.set(key, v.trim());
        break;
      }
    }
  }
  return out;
}
