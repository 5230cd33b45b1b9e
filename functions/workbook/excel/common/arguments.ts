import { CellError, EmptyValue, ErrorType, SimpleRangeValue } from 'hyperformula';

/**
 * Arguments as Excel's functions read them: the value predicates every family uses, each
 * argument's values with whether they came from cells or were typed in the formula (Excel reads
 * the two differently), and arrays built as answers.
 */

/** What evaluates an argument's tree: the plugin computing the call (ExcelFunctionPlugin.evaluate). */
export interface ArgumentEvaluator {
  evaluate(ast: unknown, state: unknown): unknown;
}

/** An argument's values, and whether they came from cells (a reference or range) or were typed in the formula. */
export interface ArgumentValues {
  values: unknown[];
  inCells: boolean;
}

/** The value predicates the plugins share: an error; an empty cell; any value as rows (one value is a 1×1 array). */
export const isErr = (v: unknown): v is CellError => v instanceof CellError;
export const blank = (v: unknown): boolean => v === EmptyValue || v === null || v === undefined;
export const grid = (v: unknown): unknown[][] => (v instanceof SimpleRangeValue ? v.data : [[v]]);

/** A number, or a number HyperFormula carries with its format (a date, a currency, a percent); undefined for anything else. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val;
  return undefined;
}

/** Every value of an argument, ranges flattened row by row. */
export function valuesOf(a: unknown): unknown[] {
  if (a instanceof SimpleRangeValue) return a.data.flat();
  return [a];
}

/** Each argument's values, and whether they came from cells (a reference or range) or were typed in the formula. */
export function argumentValues(plugin: ArgumentEvaluator, asts: unknown[], state: unknown): ArgumentValues[] {
  return asts.map((ast) => {
    const a = plugin.evaluate(ast, state);
    return { values: valuesOf(a), inCells: a instanceof SimpleRangeValue || /^CELL_|RANGE/.test((ast as { type?: string }).type ?? '') };
  });
}

/**
 * The numbers of an aggregate's arguments as Excel reads them: from cells, numbers only; typed in
 * the formula, booleans and numeric text too (other text is #VALUE!, or with strictText any text).
 */
export function numbersIn(args: ArgumentValues[], strictText = false): number[] | CellError {
  const out: number[] = [];
  for (const { values, inCells } of args) {
    for (const v of values) {
      if (isErr(v)) return v;
      let x = numberOf(v);
      if (x === undefined && !inCells) {
        if (typeof v === 'boolean') x = v ? 1 : 0;
        else if (typeof v === 'string') {
          x = strictText || v.trim() === '' ? NaN : Number(v);
          if (!Number.isFinite(x)) return new CellError(ErrorType.VALUE);
        }
      }
      if (x !== undefined) out.push(x);
    }
  }
  return out;
}

/** Rows of values as an array answer (undefined and null are empty cells). */
export const arrayOf = (rows: unknown[][]): SimpleRangeValue => SimpleRangeValue.onlyValues(rows.map((row) => row.map((v) => (v === undefined || v === null ? EmptyValue : v))) as never);

/** One value of an argument: an array of one cell is that cell; a larger one #VALUE!. */
export function singleValue(v: unknown): unknown {
  if (!(v instanceof SimpleRangeValue)) return v;
  return v.width() === 1 && v.height() === 1 ? v.data[0]![0] : new CellError(ErrorType.VALUE);
}
