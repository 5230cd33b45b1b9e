import { columnLetter } from '../../../shared/src/values/columns.js';
import { SheetScanner } from './sheet-scanner.js';
import { MAX_COLS } from '../model/grid.js';

/**
 * Cells of a worksheet by their place: A1-style references read and written, and a sheet's cells
 * as a list of records (the HyperFormula path's view of a sheet).
 */

export interface CellRef {
  row: number; // 0-based
  col: number; // 0-based
}

export interface SheetCell extends CellRef {
  ref: string;
  /** Character range of the whole `<c …>…</c>` element in the sheet XML. */
  start: number;
  end: number;
  attrs: Record<string, string>;
  /** The formula as written (unescaped), when the cell has one. */
  formula?: string;
  formulaAttrs?: Record<string, string>;
  /** The cached value as text, and its type attribute. */
  value?: string;
  inlineText?: string;
}

/** "AB12" → { row: 11, col: 27 }. */
export function parseRef(ref: string): CellRef {
  let col = 0;
  let i = 0;
  const n = ref.length;
  if (ref.charCodeAt(0) === 36) i++; // $
  for (; i < n; i++) {
    const ch = ref.charCodeAt(i) & ~32; // upper case
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (ref.charCodeAt(i) === 36) i++;
  const row = Number(ref.slice(i));
  if (col === 0 || col > MAX_COLS || !Number.isInteger(row) || row < 1 || i === n) throw new Error(`not a cell reference: ${ref}`);
  return { row: row - 1, col: col - 1 };
}

export function formatRef({ row, col }: CellRef): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** "E2:F9" → its corners. */
export function parseRange(ref: string): { from: CellRef; to: CellRef } {
  const [a, b] = ref.split(':');
  const from = parseRef(a!);
  return { from, to: b ? parseRef(b) : from };
}

/**
 * Every cell of a sheet's `<sheetData>`, in document order, with its attributes, formula and cached
 * value decoded: the HyperFormula path's view of a sheet (sheet-scanner.ts reads it). A cell without
 * `r` has the reference of its place.
 */
export function readCells(xml: string): SheetCell[] {
  const cells: SheetCell[] = [];
  const scan = new SheetScanner(xml);
  while (scan.next()) {
    const attrs = scan.attributes();
    // Every cell object gets the same fields in the same order: one hidden class for 100,000s of them.
    const cell: SheetCell = { row: scan.row, col: scan.col, ref: scan.reference(), start: scan.start, end: scan.end, attrs, formula: undefined, formulaAttrs: undefined, value: undefined, inlineText: undefined };
    if (!scan.selfClosing) {
      if (scan.hasFormula) {
        cell.formulaAttrs = scan.formulaAttributes();
        cell.formula = scan.formulaText();
      }
      cell.value = scan.valueText();
      cell.inlineText = scan.inlineText();
    }
    cells.push(cell);
  }
  return cells;
}
