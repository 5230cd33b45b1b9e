import type { Book } from '../../xlsx/book.js';
import type { SheetCell } from '../../xlsx/cells.js';
import { readCells } from '../../xlsx/cells.js';
import { unescapeText } from '../../xlsx/text.js';
import { cellNumber } from '../../model/grid.js';
import { MESSAGE_ERRORS } from '../../excel/common/errors.js';
import { HYPERFORMULA_ERRORS } from '../literals.js';

/**
 * Stage 1 of the HyperFormula path: every cell of every sheet, read once, by position; each sheet's
 * used rows and columns (past them every cell is empty); and a constant cell's value as the rules
 * and HyperFormula are given it.
 */
export interface WorkbookCells {
  /** Each sheet's XML as text (patched at the end). */
  xmls: string[];
  /** Each sheet's cells in document order. */
  cells: SheetCell[][];
  /** Each sheet's cells by cellNumber(row, col). */
  byPosition: Map<number, SheetCell>[];
  /** Each sheet's used rows and columns. */
  extents: { name: string; rows: number; cols: number }[];
  /** The workbook's: the largest of the sheets' (at least 1 × 1). */
  extent: { rows: number; cols: number };
  sheetNames: string[];
}

export function readWorkbookCells(book: Book): WorkbookCells {
  const xmls = book.sheets.map((s) => new TextDecoder().decode(s.data));
  const cells = xmls.map((xml) => readCells(xml));
  const extents = cells.map((list, i) => {
    let rows = 0;
    let cols = 0;
    for (const c of list) {
      if (c.row >= rows) rows = c.row + 1;
      if (c.col >= cols) cols = c.col + 1;
    }
    return { name: book.sheets[i]!.name, rows, cols };
  });
  return {
    xmls,
    cells,
    byPosition: cells.map((list) => new Map(list.map((c) => [cellNumber(c.row, c.col), c]))),
    extents,
    extent: { rows: Math.max(1, ...extents.map((e) => e.rows)), cols: Math.max(1, ...extents.map((e) => e.cols)) },
    sheetNames: book.sheets.map((s) => s.name),
  };
}

/**
 * Whether a cell has a formula of its own (or a shared one's): Excel writes an empty `<f ca="1"/>`
 * in the other cells of a volatile array formula (CELL("width") over I1:J1), which are members of
 * the array like any other, filled by its result.
 */
export const hasOwnFormula = (c: SheetCell): boolean => c.formulaAttrs !== undefined && (c.formulaAttrs.t === 'shared' || c.formulaAttrs.t === 'dataTable' || (c.formula ?? '').trim() !== '');

export const hasCachedValue = (c: SheetCell): boolean => c.value !== undefined || c.inlineText !== undefined;

/** A constant cell's value as a catalog function receives it (text unescaped); undefined for an error or a date-typed cell. */
export function constantValue(cell: SheetCell, shared: string[]): unknown {
  const t = cell.attrs.t;
  if (t === 'inlineStr') return cell.inlineText ?? '';
  if (cell.value === undefined) return null;
  if (t === 's') return shared[Number(cell.value)] ?? '';
  if (t === 'str') return unescapeText(cell.value);
  if (t === 'b') return cell.value === '1' || cell.value === 'true';
  if (t === 'e') return undefined; // an error input: HyperFormula reads its literal and propagates it
  if (t === 'd') return undefined;
  const n = Number(cell.value);
  return Number.isFinite(n) ? n : cell.value;
}

/**
 * Text that HyperFormula must not take for something else: a formula, a number or date ("12",
 * "01/02/2024"), a time (":" alone is one to it), a currency amount ("$5"), a boolean ("TRUE") or an
 * error ("#N/A"). A text cell holding "TRUE" is text in Excel; fed bare, HyperFormula would make it
 * a boolean.
 */
export function textInput(s: string): string {
  if (s === '') return "'"; // empty text, which is not an empty cell
  // (1,000) and Jan-2024 too: HyperFormula would read them as numbers and dates.
  return /^[=+\-@'#]/.test(s) || s.includes(':') || /^\s*[-+(]?(\d|\.\d|\$)/.test(s) || /^\s*(true|false)\s*$/i.test(s) || /^\s*\d|^\s*[A-Za-z]{3,9}\.?[\s,/-]+\d/.test(s) ? `'${s}` : s;
}

/** A constant cell as HyperFormula is given it: text escaped, an error as its literal (#N/A…). */
export function constantInput(cell: SheetCell, shared: string[]): unknown {
  const v = constantValue(cell, shared);
  if (v === undefined) {
    // #NULL!, #SPILL!, #CALC!…: codes HyperFormula has none of, carried as their messages (MESSAGE_ERRORS).
    if (cell.attrs.t === 'e' && cell.value && MESSAGE_ERRORS.has(cell.value)) return `=EXCEL.ERROR("${cell.value}")`;
    if (cell.attrs.t === 'e' && cell.value && HYPERFORMULA_ERRORS.has(cell.value)) return cell.value;
    return cell.attrs.t === 'e' ? '#VALUE!' : cell.value === undefined ? null : `'${cell.value}`;
  }
  return typeof v === 'string' ? textInput(v) : v;
}
