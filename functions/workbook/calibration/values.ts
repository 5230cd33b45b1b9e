import type { SheetCell } from '../xlsx/cells.js';
import { decodeXml } from '../xlsx/xml.js';
import { writtenError } from '../model/errors.js';
import { unescapeText } from '../xlsx/text.js';

/**
 * A formula cell's value as a file holds it and as an evaluator answers it, compared the way a
 * user would: numbers equal to nine significant digits (two answers of the same formula summed in
 * another order differ in their last bits), text, booleans and error codes exactly, as a cell's XML
 * writes them (#CALC! and Excel's other rich-value errors are #VALUE! there).
 */
export type CellValue = number | string | boolean | { error: string } | null;

/** The value a formula cell's XML caches (a formula answering empty text caches `<v></v>`); undefined when it caches none. */
export function cachedValueOf(cell: Pick<SheetCell, 'attrs' | 'value' | 'inlineText'>, sharedStrings: readonly string[]): CellValue | undefined {
  const t = cell.attrs.t;
  if (t === 'inlineStr') return cell.inlineText ?? '';
  if (cell.value === undefined) return undefined;
  if (t === 's') return sharedStrings[Number(cell.value)] ?? '';
  if (t === 'str') return unescapeText(cell.value);
  if (t === 'b') return cell.value === '1' || cell.value === 'true';
  if (t === 'e') return { error: decodeXml(cell.value) };
  if (cell.value.trim() === '') return '';
  const n = Number(cell.value);
  return Number.isFinite(n) ? n : cell.value;
}

const RELATIVE = 1e-9;

export function sameValue(a: CellValue, b: CellValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    const scale = Math.max(Math.abs(a), Math.abs(b));
    return scale < 1e-12 || Math.abs(a - b) <= RELATIVE * scale;
  }
  if (a === null || b === null) return (a === null || a === '') && (b === null || b === '');
  if (typeof a === 'object' || typeof b === 'object') return typeof a === 'object' && typeof b === 'object' && writtenError(a.error) === writtenError(b.error);
  return a === b;
}

/** A value as a report shows it: numbers as JavaScript writes them, an error as its code. */
export function shownValue(v: CellValue | undefined): string {
  if (v === undefined) return '';
  if (v === null) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}
