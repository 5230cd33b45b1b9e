import { compareNumbers } from '../excel/common/rounding.js';
import { numberText } from '../excel/common/number-format/index.js';
import { sameValue as sameCellValue } from '../calibration/values.js';

/**
 * The fast path's values and its one rule: a cell's value (a number, text, a boolean, an error or
 * nothing), how Excel turns one kind into another and compares two, and NotCompiled, what every
 * part of the fast path throws where Excel's answer is not certain here.
 */

/**
 * What the fast path does not cover, found at compile time or while evaluating: the workbook goes
 * to HyperFormula instead. Refusing is always safe; guessing never is.
 */
export class NotCompiled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotCompiled';
  }
}

/** An Excel error value (#DIV/0!, #N/A…): one object per code, so that errors compare by identity. */
export class XlErr {
  private constructor(readonly code: string) {}
  private static readonly known = new Map<string, XlErr>();
  static of(code: string): XlErr {
    let error = XlErr.known.get(code);
    if (!error) XlErr.known.set(code, (error = new XlErr(code)));
    return error;
  }
}

export const VALUE = XlErr.of('#VALUE!');
export const DIV0 = XlErr.of('#DIV/0!');
export const NUM = XlErr.of('#NUM!');
export const NA = XlErr.of('#N/A');
export const REF = XlErr.of('#REF!');

/** A cell's value; null is an empty cell. */
export type CellValue = number | string | boolean | null | XlErr;

/** A value where a number belongs: an empty cell is 0, a boolean 1 or 0; text is not read here. */
export function toNumber(value: CellValue): number | XlErr {
  if (typeof value === 'number') return value;
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof XlErr) return value;
  throw new NotCompiled('text where a number belongs');
}

/** A value where TRUE or FALSE belongs: a number is TRUE unless 0, an empty cell FALSE; text is not read here. */
export function toBoolean(value: CellValue): boolean | XlErr {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (value === null) return false;
  if (value instanceof XlErr) return value;
  throw new NotCompiled('text where TRUE or FALSE belongs');
}

/** A value where text belongs (an error is the caller's to pass on before). */
export function toText(value: CellValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Excel writes 15 significant digits (number-format/general.ts, as HyperFormula is taught to).
  return typeof value === 'number' ? numberText(value) : String(value);
}

/** Text as Excel compares it (case-insensitive); text whose comparison depends on accents or locale is not taken. */
export function foldText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f\u3000-\u9fff\uff00-\uffef]/.test(s)) throw new NotCompiled('text whose comparison depends on the locale');
  return s.toLowerCase();
}

/** -1, 0 or 1, as Excel orders two values of a comparison; NaN for two texts that differ (only equality of text is taken). */
export function compareValues(x: CellValue, y: CellValue): number {
  if (x === null) x = typeof y === 'string' ? '' : typeof y === 'boolean' ? false : 0;
  if (y === null) y = typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0;
  if (typeof x === 'number' && typeof y === 'number') return compareNumbers(x, y);
  if (typeof x === 'boolean' && typeof y === 'boolean') return x === y ? 0 : x ? 1 : -1;
  if (typeof x === 'string' && typeof y === 'string') {
    // Only equality of text is taken here: ordering follows collation rules, and text that reads as
    // a number or a date is compared as one by HyperFormula.
    if (/\d/.test(x) || /\d/.test(y)) throw new NotCompiled('text that may read as a number or a date');
    if (x === y || foldText(x) === foldText(y)) return 0;
    return NaN;
  }
  throw new NotCompiled('a comparison of different kinds of values');
}

/** An ordering of two texts (NaN from compareValues) is not taken. */
function ordered(order: number): number {
  if (Number.isNaN(order)) throw new NotCompiled('an ordering of text');
  return order;
}

/** The comparison operators, by their sign, over compareValues' answer. */
export const COMPARISONS: Record<string, (order: number) => CellValue> = {
  '=': (order) => order === 0,
  '<>': (order) => order !== 0,
  '<': (order) => ordered(order) < 0,
  '>': (order) => ordered(order) > 0,
  '<=': (order) => ordered(order) <= 0,
  '>=': (order) => ordered(order) >= 0,
};

/** Whether an answer is the value the file caches: numbers to nine significant digits, the rest exactly (calibration/values.ts). */
export function sameValue(computed: CellValue, cached: CellValue): boolean {
  return sameCellValue(asReported(computed), asReported(cached));
}

/** A value as the outcome reports carry it (an error as { error: code }). */
export function asReported(v: CellValue): number | string | boolean | { error: string } | null {
  return v instanceof XlErr ? { error: v.code } : v;
}
