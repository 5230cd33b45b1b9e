import type { FunctionArgument, ImplementedFunctions } from 'hyperformula';
import { FunctionArgumentType } from 'hyperformula';
import * as cephes from 'cephes';
import { isErr } from '../common/arguments.js';
import type { CallAst } from '../common/function-plugin.js';
import { EngineeringPlugin } from './engineering-plugin.js';

/**
 * ERF, ERFC, ERF.PRECISE, ERFC.PRECISE and DELTA, with the engineering functions' reading of a
 * number (engineering-plugin.ts: TRUE is #VALUE!, as Excel answers), the error function from
 * Moshier's Cephes (to about 1e-15). Microsoft's ERF page: "ERF(lower_limit, [upper_limit])…
 * If upper_limit is supplied, ERF returns the integral between lower_limit and upper_limit";
 * Excel computes it as erf(upper) - erf(lower) (ERF(2,7) is 4.6777349810472879E-3, where
 * ERFC(2) is 4.6777349810472645E-3). Past about 26, erfc underflows to 0 (Cephes reports an
 * error there; Excel's ERF(2, 1000000) is 4.6777349810472879E-3).
 */

await cephes.compiled;

const ONE: FunctionArgument = { argumentType: FunctionArgumentType.SCALAR };
const OPTIONAL: FunctionArgument = { argumentType: FunctionArgumentType.SCALAR, optionalArg: true };

/** erf(x), ±1 where Cephes underflows. */
function erf(x: number): number {
  try {
    return cephes.erf(x);
  } catch {
    return Math.sign(x);
  }
}

/** erfc(x), 0 (or 2 below 0) where Cephes underflows. */
function erfc(x: number): number {
  try {
    return cephes.erfc(x);
  } catch {
    return x > 0 ? 0 : 2;
  }
}

export class ExcelErrorFunctionPlugin extends EngineeringPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ERF: { method: 'erf', parameters: [ONE, OPTIONAL] },
    'ERF.PRECISE': { method: 'erfPrecise', parameters: [ONE] },
    ERFC: { method: 'erfc', parameters: [ONE] },
    'ERFC.PRECISE': { method: 'erfcPrecise', parameters: [ONE] },
    DELTA: { method: 'delta', parameters: [ONE, OPTIONAL] },
  };

  /** A function of one or two numbers read as the engineering functions read them (an omitted second is undefined). */
  private ofNumbers(ast: CallAst, state: unknown, name: string, f: (a: number, b?: number) => number): unknown {
    return this.compute(ast, state, name, (x: unknown, y: unknown) => {
      const a = this.engineeringNumber(x);
      if (isErr(a)) return a;
      if (y === undefined) return f(a);
      const b = this.engineeringNumber(y);
      return isErr(b) ? b : f(a, b);
    });
  }

  erf(ast: CallAst, state: unknown): unknown {
    return this.ofNumbers(ast, state, 'ERF', (lower, upper) => (upper === undefined ? erf(lower) : erf(upper) - erf(lower)));
  }

  erfPrecise(ast: CallAst, state: unknown): unknown {
    return this.ofNumbers(ast, state, 'ERF.PRECISE', erf);
  }

  erfc(ast: CallAst, state: unknown): unknown {
    return this.ofNumbers(ast, state, 'ERFC', erfc);
  }

  erfcPrecise(ast: CallAst, state: unknown): unknown {
    return this.ofNumbers(ast, state, 'ERFC.PRECISE', erfc);
  }

  /** DELTA(number1, number2): 1 when they are equal (number2 0 when left out), else 0. */
  delta(ast: CallAst, state: unknown): unknown {
    return this.ofNumbers(ast, state, 'DELTA', (a, b = 0) => (a === b ? 1 : 0));
  }
}
