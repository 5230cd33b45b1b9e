import type { Book } from '../../xlsx/book.js';
import type { NewValue, SheetCell } from '../../xlsx/cells.js';
import { formatRef, patchSheet } from '../../xlsx/cells.js';
import { cellNumber } from '../../model/grid.js';
import { MESSAGE_ERRORS } from '../../excel/common/errors.js';
import { RICH_VALUE_ERRORS } from '../../model/errors.js';
import { hasOwnFormula } from './cells.js';
import type { FormulaEntry } from './entries.js';
import type { EngineSummary } from './summary.js';

/**
 * The last stage of the HyperFormula path: each recomputed formula cell's new value (and those of
 * the cells an array formula fills) patched into its sheet's XML, an error as Excel writes it (the
 * summary counts it by the code Excel shows); kept and assumed cells reported.
 * Answers the new bytes of each sheet that changed, by part path.
 */
export function patchSheets(entries: FormulaEntry[], read: (s: number, r: number, c: number) => unknown, xmls: string[], byPosition: Map<number, SheetCell>[], book: Book, summary: EngineSummary): Map<string, Uint8Array> {
  const bySheet = new Map<number, { start: number; end: number; value: NewValue }[]>();
  const push = (si: number, c: SheetCell, value: NewValue) => {
    const list = bySheet.get(si) ?? [];
    list.push({ start: c.start, end: c.end, value });
    bySheet.set(si, list);
  };
  const valueOf = (si: number, row: number, col: number): NewValue => {
    const v = read(si, row, col);
    if (v !== null && typeof v === 'object') {
      const err = v as { value: string; message?: string };
      const code = err.value === '#VALUE!' && MESSAGE_ERRORS.has(err.message ?? '') ? err.message! : err.value;
      summary.errors[code] = (summary.errors[code] ?? 0) + 1;
      return { error: RICH_VALUE_ERRORS.has(code) ? '#VALUE!' : code };
    }
    return v as NewValue;
  };
  for (const e of entries) {
    const where = `${book.sheets[e.sheet]!.name}!${formatRef(e.cell)}`;
    if (e.kept) {
      summary.kept.push({ cell: where, reason: e.kept.reason, detail: e.kept.detail });
      continue;
    }
    for (const a of e.assumed ?? []) summary.assumed.push({ cell: where, reason: a.reason, detail: a.detail });
    summary.formulas++;
    push(e.sheet, e.cell, valueOf(e.sheet, e.cell.row, e.cell.col));
    if (e.array) {
      for (let r = e.array.from.row; r <= e.array.to.row; r++) {
        for (let c = e.array.from.col; c <= e.array.to.col; c++) {
          if (r === e.cell.row && c === e.cell.col) continue;
          const member = byPosition[e.sheet]!.get(cellNumber(r, c));
          if (member && !hasOwnFormula(member)) push(e.sheet, member, valueOf(e.sheet, r, c));
        }
      }
    }
  }
  const out = new Map<string, Uint8Array>();
  for (const [si, list] of bySheet) out.set(book.sheets[si]!.path, new TextEncoder().encode(patchSheet(xmls[si]!, list)));
  return out;
}
