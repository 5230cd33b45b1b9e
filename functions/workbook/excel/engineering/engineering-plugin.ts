import { CellError, EmptyValue, ErrorType } from 'hyperformula';
import { isErr, numberOf } from '../common/arguments.js';
import { ExcelFunctionPlugin } from '../common/function-plugin.js';

/**
 * What Excel's engineering functions (DEC2BIN, CONVERT, ERF, DELTA, COMPLEX…) share: how they read
 * a number. A logical value is #VALUE!, not 1 or 0 (Excel's DEC2BIN, ERF, DELTA and GESTEP of a
 * cell holding TRUE, cached in IronCalc's Excel-saved test workbooks NUMBER_SYSTEMS.xlsx,
 * ERFs.xlsx and GESTEP_DELTA.xlsx); an empty cell is 0; text is read as a number ("2" is 2), or
 * #VALUE!; an error is itself.
 */
export abstract class EngineeringPlugin extends ExcelFunctionPlugin {
  protected engineeringNumber(v: unknown): number | CellError {
    if (isErr(v)) return v;
    if (typeof v === 'boolean') return new CellError(ErrorType.VALUE);
    if (v === EmptyValue || v === null || v === undefined) return 0;
    const coerced = this.coerceScalarToNumberOrError(v as never);
    if (isErr(coerced)) return coerced;
    return numberOf(coerced) ?? new CellError(ErrorType.VALUE);
  }
}
