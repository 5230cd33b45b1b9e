import { columnLetter } from '../../../shared/src/values/columns.js';
import { runText } from './text.js';
import { decodeXml, xmlAttributes } from './xml.js';

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
  if (col === 0 || col > 16384 || !Number.isInteger(row) || row < 1 || i === n) throw new Error(`not a cell reference: ${ref}`);
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

/** Every `<c>` element of a sheet's `<sheetData>`, in document order: one linear scan with indexOf. */
export function readCells(xml: string): SheetCell[] {
  const startData = xml.indexOf('<sheetData');
  if (startData < 0) return [];
  const endData = xml.indexOf('</sheetData>', startData);
  if (endData < 0) return [];
  const cells: SheetCell[] = [];
  let at = startData;
  for (;;) {
    const open = xml.indexOf('<c', at);
    if (open < 0 || open >= endData) break;
    const next = xml.charCodeAt(open + 2);
    if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
      at = open + 2; // <col…, <cfRule… and other names that start with c
      continue;
    }
    const tagEnd = xml.indexOf('>', open);
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    const a = xmlAttributes(xml.slice(open + 2, selfClosing ? tagEnd - 1 : tagEnd));
    let end: number;
    let inner = '';
    if (selfClosing) end = tagEnd + 1;
    else {
      const close = xml.indexOf('</c>', tagEnd);
      inner = xml.slice(tagEnd + 1, close);
      end = close + 4;
    }
    at = end;
    if (!a.r) continue; // Excel always writes r; a cell without one is left alone
    const pos = parseRef(a.r);
    // Every cell object gets the same fields in the same order: one hidden class for 100,000s of them.
    const cell: SheetCell = { row: pos.row, col: pos.col, ref: a.r, start: open, end, attrs: a, formula: undefined, formulaAttrs: undefined, value: undefined, inlineText: undefined };
    if (inner) {
      const f = inner.indexOf('<f');
      if (f >= 0) {
        const fTagEnd = inner.indexOf('>', f);
        const fSelf = inner.charCodeAt(fTagEnd - 1) === 47;
        cell.formulaAttrs = xmlAttributes(inner.slice(f + 2, fSelf ? fTagEnd - 1 : fTagEnd));
        cell.formula = fSelf ? '' : decodeXml(inner.slice(fTagEnd + 1, inner.indexOf('</f>', fTagEnd)));
      }
      const v = inner.indexOf('<v>');
      if (v >= 0) cell.value = decodeXml(inner.slice(v + 3, inner.indexOf('</v>', v)));
      // A text result cached as <v/> is the empty text (Excel writes it so), not a missing value.
      else if (a.t === 'str' && inner.includes('<v/>')) cell.value = '';
      const is = inner.indexOf('<is>');
      if (is >= 0) {
        const body = inner.slice(is + 4, inner.indexOf('</is>', is));
        cell.inlineText = runText(body);
      }
    }
    cells.push(cell);
  }
  return cells;
}
