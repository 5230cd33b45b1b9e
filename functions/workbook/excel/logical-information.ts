import type { ImplementedFunctions } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { ArgumentValues } from './common/arguments.js';
import { argumentValues, isErr, numberOf } from './common/arguments.js';
import { MESSAGE_ERRORS, NULL_MESSAGE, errorCode, errorNumber } from './common/errors.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER } from './common/function-plugin.js';

/**
 * Excel's logical and information functions where HyperFormula's answers differ: AND and OR over
 * cells with text or nothing, TYPE and ERROR.TYPE, ISEVEN and ISODD of a fraction or a negative number,
 * COUNTBLANK of empty text; the error values HyperFormula has no code for
 * (EXCEL.NULL, EXCEL.ERROR) and a call with a wrong number of arguments (EXCEL.BADCALL), as the
 * translation writes them; a criterion read from a cell (EXCEL.CRITERION); WPS's DISPIMG.
 */

export class ExcelLogicalInformationPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    'EXCEL.CRITERION': { method: 'criterion', parameters: [ANY], vectorizationForbidden: true },
    DISPIMG: { method: 'dispimg', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER] },
    'EXCEL.BADCALL': { method: 'badCall', parameters: [NUMBER, ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    'EXCEL.NULL': { method: 'nullError', parameters: [] },
    'EXCEL.ERROR': { method: 'messageError', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
    AND: { method: 'and', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    OR: { method: 'or', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    TYPE: { method: 'type', parameters: [ANY], vectorizationForbidden: true },
    'ERROR.TYPE': { method: 'errorType', parameters: [ANY], vectorizationForbidden: true },
    COUNTBLANK: { ...HyperFormula.getFunctionPlugin('COUNTBLANK')!.implementedFunctions.COUNTBLANK!, method: 'countBlank' },
    ISEVEN: { method: 'isEven', parameters: [NUMBER] },
    ISODD: { method: 'isOdd', parameters: [NUMBER] },
  };

  /** COUNTBLANK counts the empty cells and the cells holding empty text (a formula answering ""), as Excel's page says (HyperFormula: the empty cells only). */
  countBlank(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'COUNTBLANK', (...values: unknown[]) => values.filter((v) => v === EmptyValue || v === '').length);
  }

  /** ISEVEN and ISODD of the number truncated, either sign: ISEVEN(2.5) and ISODD(-1) are TRUE (HyperFormula: FALSE). */
  isEven(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ISEVEN', (n: number) => Math.trunc(n) % 2 === 0);
  }

  isOdd(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ISODD', (n: number) => Math.abs(Math.trunc(n) % 2) === 1);
  }

  /**
   * A criterion of COUNTIF, SUMIF…: read from an empty cell, Excel takes it as 0 (HyperFormula
   * refuses it); an error value matches the cells holding that error, as its text does
   * (criteria.ts), where HyperFormula would answer the error.
   */
  criterion(ast: CallAst, state: unknown): unknown {
    const v = this.evaluate(ast.args[0], state);
    if (isErr(v)) return errorCode(v);
    return v === EmptyValue || v === null || v === undefined ? 0 : v;
  }

  /** DISPIMG(id, n), WPS's picture in a cell: the cell's value is the formula's own text. */
  dispimg(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'DISPIMG', (id: string, n: number) => `=DISPIMG("${id}",${n})`);
  }

  /**
   * A call with a number of arguments its function does not take (a file written by a program):
   * the first error among its arguments, else #NAME? for too few (1) or #VALUE! for too many (2).
   */
  badCall(ast: CallAst, state: unknown): unknown {
    for (const arg of ast.args.slice(1)) {
      const v = this.evaluate(arg, state);
      if (isErr(v)) return v;
    }
    return new CellError(Number((ast.args[0] as { value?: number }).value) === 1 ? ErrorType.NAME : ErrorType.VALUE);
  }

  nullError(): unknown {
    return new CellError(ErrorType.VALUE, NULL_MESSAGE);
  }

  /** EXCEL.ERROR(code): a cached error HyperFormula has no code for (MESSAGE_ERRORS), as its message-carrying #VALUE!. */
  messageError(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'EXCEL.ERROR', (code: string) => new CellError(ErrorType.VALUE, MESSAGE_ERRORS.has(code) ? code : undefined));
  }

  // AND and OR skip text in cells (a reference as much as a range); typed text must read as TRUE or FALSE.
  and(ast: CallAst, state: unknown): unknown {
    return ast.args.length ? logical(true, argumentValues(this, ast.args, state)) : new CellError(ErrorType.NA);
  }

  or(ast: CallAst, state: unknown): unknown {
    return ast.args.length ? logical(false, argumentValues(this, ast.args, state)) : new CellError(ErrorType.NA);
  }

  // TYPE and ERROR.TYPE look at an error instead of passing it on: they evaluate their argument themselves.
  type(ast: CallAst, state: unknown): unknown {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA);
    const v = this.evaluate(ast.args[0], state);
    if (v instanceof SimpleRangeValue) return v.width() * v.height() === 1 ? typeOf(v.data[0]![0]) : 64;
    return typeOf(v);
  }

  errorType(ast: CallAst, state: unknown): unknown {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA);
    let v = this.evaluate(ast.args[0], state);
    if (v instanceof SimpleRangeValue) v = v.data[0]?.[0]; // an array in an ordinary formula: its first value
    return isErr(v) ? errorNumber(v) : new CellError(ErrorType.NA);
  }
}

function logical(isAnd: boolean, args: ArgumentValues[]): boolean | CellError {
  // Excel skips text and empty cells inside ranges (HyperFormula counts an empty cell as FALSE);
  // with nothing left to test the answer is #VALUE!.
  let seen = false;
  let acc = isAnd;
  for (const { values, inCells: inRange } of args) {
    for (const v of values) {
      if (isErr(v)) return v;
      let b: boolean;
      if (typeof v === 'boolean') b = v;
      else if (numberOf(v) !== undefined) b = numberOf(v) !== 0;
      else if (typeof v === 'string') {
        if (inRange) continue;
        if (/^true$/i.test(v)) b = true;
        else if (/^false$/i.test(v)) b = false;
        else return new CellError(ErrorType.VALUE);
      } else continue;
      seen = true;
      acc = isAnd ? acc && b : acc || b;
    }
  }
  return seen ? acc : new CellError(ErrorType.VALUE);
}

function typeOf(v: unknown): number {
  if (isErr(v)) return 16;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 4;
  return 1;
}
