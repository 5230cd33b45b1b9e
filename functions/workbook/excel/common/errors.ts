import type { SimpleCellAddress } from 'hyperformula';
import { CellError, ErrorType } from 'hyperformula';
import type { AssumedReason } from '../../model/outcomes.js';
import type { ExcelContext } from './context.js';

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

/** #NULL! (an intersection of ranges that do not meet): HyperFormula has no such error; a #VALUE! carrying this message stands for it. */
export const NULL_MESSAGE = '#NULL!';

/**
 * #CALC! (an empty array: TAKE(x,0), TOCOL of nothing kept…): HyperFormula has no such error; a
 * #VALUE! carrying this message stands for it, as NULL_MESSAGE does for #NULL!.
 */
export const CALC_MESSAGE = '#CALC!';

/**
 * Excel's error codes HyperFormula has none of, by ERROR.TYPE's numbers: a #VALUE! carrying the
 * code as its message stands for each (#NULL! and #CALC! among them), so a cached #SPILL! or
 * #FIELD! that a kept cell holds reaches the cells reading it as itself, not as #VALUE!.
 */
export const MESSAGE_ERRORS: ReadonlyMap<string, number> = new Map([
  [NULL_MESSAGE, 1],
  ['#GETTING_DATA', 8],
  ['#SPILL!', 9],
  ['#CONNECT!', 10],
  ['#BLOCKED!', 11],
  ['#UNKNOWN!', 12],
  ['#FIELD!', 13],
  [CALC_MESSAGE, 14],
]);

/** An error value's number, as ERROR.TYPE answers it. */
export function errorNumber(e: CellError): number {
  const carried = e.type === ErrorType.VALUE ? MESSAGE_ERRORS.get(e.message ?? '') : undefined;
  if (carried !== undefined) return carried;
  switch (e.type) {
    case ErrorType.DIV_BY_ZERO:
      return 2;
    case ErrorType.VALUE:
      return 3;
    case ErrorType.REF:
      return 4;
    case ErrorType.NAME:
      return 5;
    case ErrorType.NUM:
      return 6;
    case ErrorType.NA:
      return 7;
    default:
      return 3;
  }
}

/** By ERROR.TYPE's numbers (#GETTING_DATA 8, #SPILL! 9, #CALC! 14…). */
const ERROR_CODES: Record<number, string> = { 2: '#DIV/0!', 3: '#VALUE!', 4: '#REF!', 5: '#NAME?', 6: '#NUM!', 7: '#N/A', ...Object.fromEntries([...MESSAGE_ERRORS].map(([code, n]) => [n, code])) };

/** The code Excel shows for an error value (#NULL! is a #VALUE! with its own message here). */
export function errorCode(e: CellError): string {
  return ERROR_CODES[errorNumber(e)]!;
}
