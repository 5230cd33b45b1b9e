import type { FunctionArgument } from 'hyperformula';
import { FunctionArgumentType, FunctionPlugin } from 'hyperformula';
import type { ExcelContext } from './context.js';
import { excelContextOf } from './context.js';

/**
 * What the plugins of Excel's functions build on: HyperFormula's FunctionPlugin with the context of
 * the workbook being computed (ExcelContext, the engine's `context` option) and typed access to
 * the two steps HyperFormula gives a plugin (evaluate an argument's tree; compute a call by its
 * declaration); and the argument types the families' declarations are written with.
 */

/** A call as HyperFormula hands it to a plugin's method: the function's id and its arguments' trees. */
export interface CallAst {
  procedureName: string;
  args: unknown[];
}

export abstract class ExcelFunctionPlugin extends FunctionPlugin {
  /** The workbook being computed, as the engine was built for it. */
  protected get context(): ExcelContext {
    return excelContextOf(this.config);
  }

  /** One argument's tree evaluated: a value, an error as a value, a range as a SimpleRangeValue. */
  evaluate(ast: unknown, state: unknown): unknown {
    return this.evaluateAst(ast as never, state as never);
  }

  /**
   * A call computed by the declaration of `name` (its entry in implementedFunctions): HyperFormula
   * evaluates and coerces the arguments, fills in defaults, answers the first error and applies
   * the function to each value of an array where the declaration asks for one value, then calls
   * `implementation` with the values.
   */
  protected compute(ast: CallAst, state: unknown, name: string, implementation: (...args: never[]) => unknown): unknown {
    return this.runFunction(ast.args as never, state as never, this.metadata(name), implementation as never);
  }
}

/** The argument types the declarations are written with. */
export const ANY: FunctionArgument = { argumentType: FunctionArgumentType.ANY };
export const OPTIONAL: FunctionArgument = { argumentType: FunctionArgumentType.ANY, optionalArg: true };
export const NUMBER: FunctionArgument = { argumentType: FunctionArgumentType.NUMBER };
export const STRING: FunctionArgument = { argumentType: FunctionArgumentType.STRING };
export const RANGE: FunctionArgument = { argumentType: FunctionArgumentType.RANGE };
