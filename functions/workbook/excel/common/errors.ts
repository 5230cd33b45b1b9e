import type { SimpleCellAddress } from 'hyperformula';
import { CellError, ErrorType } from 'hyperformula';
import type { AssumedReason } from '../../model/outcomes.js';
import type { ExcelContext } from './context.js';
import { ERROR_TYPE_NUMBERS, MESSAGE_ERRORS } from '../../model/errors.js';
import { MAX_ARRAY_ITEMS } from '../../model/limits.js';
import { WorkbookError } from '../../model/workbook-error.js';

/**
 * The error conventions of Excel's functions here: Excel's error codes HyperFormula has none of
 * (#NULL!, #CALC!, #SPILL!…), carried as the message of a #VALUE!; and the cases a function cannot
 * be sure of, which either keep the cell's cached value or, in a cell the file gives no value for,
 * take Excel's likeliest answer.
 */

/**
 * A case Excel answers and these functions cannot be sure of (a number format this engine does not
 * read, the currency of the user's settings…): the cell keeps the value the file cached, as a
 * function we lack would.
 */
export const UNSURE_MESSAGE = 'policycell: not computed here';

/** The error that marks such a case, with why. */
export const unsureError = (why: string): CellError => new CellError(ErrorType.VALUE, `${UNSURE_MESSAGE}: ${why}`);

/** Whether an error only marks a case a function is unsure of (it must reach the cell, not be turned into text or dropped). */
export const isUnsureError = (v: unknown): v is CellError => v instanceof CellError && (v.message ?? '').startsWith(UNSURE_MESSAGE);

/** Such a case met while computing a formula cell: the error that marks it, and the cell noted (ExcelContext.unsure). */
export function unsureAt(context: ExcelContext, state: unknown, why: string): CellError {
  const a = (state as { formulaAddress?: SimpleCellAddress } | undefined)?.formulaAddress;
  if (a) context.unsure.set(`${a.sheet}:${a.row}:${a.col}`, why);
  return unsureError(why);
}

/**
 * Such a case in a formula cell the file gives no value for: there is nothing to keep, so the cell
 * takes Excel's likeliest answer (en-US conventions…), and the assumption is noted for the report.
 */
export function likely<T>(context: ExcelContext, state: { formulaAddress?: SimpleCellAddress }, reason: AssumedReason, detail: string, answer: () => T): T | CellError {
  const a = state.formulaAddress;
  if (!a || !context.uncached(a.sheet, a.row, a.col)) return unsureAt(context, state, detail);
  context.assumed.set(`${a.sheet}:${a.row}:${a.col}`, { reason, detail });
  return answer();
}

/** Throws when a function's array result would hold more than MAX_ARRAY_ITEMS items: the workbook is too large to compute. */
export function checkArrayItems(fn: string, rows: number, cols: number): void {
  const items = rows * cols;
  if (items <= MAX_ARRAY_ITEMS) return;
  throw new WorkbookError(
    'tooLarge',
    { 'zh-CN': `${fn} 的结果将有 ${rows} × ${cols} 个元素，超过单个数组 ${MAX_ARRAY_ITEMS} 个元素的上限`, en: `the result of ${fn} would hold ${rows} × ${cols} items, past the ${MAX_ARRAY_ITEMS} one array may hold` },
    undefined,
    { budget: 'arrayItems', limit: MAX_ARRAY_ITEMS },
  );
}

/** #NULL! (an intersection of ranges that do not meet): HyperFormula has no such error; a #VALUE! carrying this message stands for it. */
export const NULL_MESSAGE = '#NULL!';

/**
 * #CALC! (an empty array: TAKE(x,0), TOCOL of nothing kept…): HyperFormula has no such error; a
 * #VALUE! carrying this message stands for it, as NULL_MESSAGE does for #NULL!.
 */
export const CALC_MESSAGE = '#CALC!';

export { MESSAGE_ERRORS };

/** An error value's number, as ERROR.TYPE answers it. */
export function errorNumber(e: CellError): number {
  const carried = e.type === ErrorType.VALUE ? MESSAGE_ERRORS.get(e.message ?? '') : undefined;
  if (carried !== undefined) return carried;
  return ERROR_TYPE_NUMBERS.get(HYPERFORMULA_CODES[e.type] ?? '#VALUE!') ?? 3;
}

/** Excel's code of each of HyperFormula's own error types. */
const HYPERFORMULA_CODES: Partial<Record<ErrorType, string>> = {
  [ErrorType.DIV_BY_ZERO]: '#DIV/0!',
  [ErrorType.VALUE]: '#VALUE!',
  [ErrorType.REF]: '#REF!',
  [ErrorType.NAME]: '#NAME?',
  [ErrorType.NUM]: '#NUM!',
  [ErrorType.NA]: '#N/A',
};

/** By ERROR.TYPE's numbers (#GETTING_DATA 8, #SPILL! 9, #CALC! 14…). */
const ERROR_CODES: Record<number, string> = Object.fromEntries([...ERROR_TYPE_NUMBERS].map(([code, n]) => [n, code]));

/** The code Excel shows for an error value (#NULL! is a #VALUE! with its own message here). */
export function errorCode(e: CellError): string {
  return ERROR_CODES[errorNumber(e)]!;
}
