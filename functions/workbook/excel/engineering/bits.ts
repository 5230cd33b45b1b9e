import type { ImplementedFunctions } from 'hyperformula';
import { CellError, ErrorType } from 'hyperformula';
import type { CallAst } from '../common/function-plugin.js';
import { ExcelFunctionPlugin, NUMBER } from '../common/function-plugin.js';

/**
 * BITAND, BITOR, BITXOR, BITLSHIFT and BITRSHIFT over Excel's 48 bits, where HyperFormula's
 * answers differ: its BITAND, BITOR and BITXOR keep 32 bits (its BITAND(2^40+1, 2^40+1) is 1) and
 * take numbers past 2^48-1. Microsoft's BITAND page: "If either argument is less than 0, BITAND
 * returns the #NUM! error value. If either argument is a non-integer, BITAND returns the #NUM!
 * error value. If either argument is greater than (2^48)-1, BITAND returns the #NUM! error
 * value"; BITLSHIFT's: "If the absolute value of Shift_amount is greater than 53, BITLSHIFT
 * returns the #NUM! error value", and a negative Shift_amount shifts the other way; a
 * Shift_amount with a fraction is truncated (Excel's BITLSHIFT(12, 34.67) is 12·2^34, cached in
 * IronCalc's Excel-saved BITs.xlsx), and a result past 48 bits is #NUM! (Excel's BITLSHIFT(12, 45)
 * there; BITLSHIFT(12, 44) is 211106232532992).
 */

const MAX_48_BITS = 2 ** 48 - 1;

/** A number these functions take: a whole number 0…2^48-1. */
const valid = (x: number) => Number.isInteger(x) && x >= 0 && x <= MAX_48_BITS;

const BITWISE: Record<string, (a: bigint, b: bigint) => bigint> = {
  BITAND: (a, b) => a & b,
  BITOR: (a, b) => a | b,
  BITXOR: (a, b) => a ^ b,
};

export class ExcelBitPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ...Object.fromEntries(Object.keys(BITWISE).map((name) => [name, { method: 'bitwise', parameters: [NUMBER, NUMBER] }])),
    BITLSHIFT: { method: 'bitlshift', parameters: [NUMBER, NUMBER] },
    BITRSHIFT: { method: 'bitrshift', parameters: [NUMBER, NUMBER] },
  };

  bitwise(ast: CallAst, state: unknown): unknown {
    const name = ast.procedureName;
    return this.compute(ast, state, name, (a: number, b: number) => (valid(a) && valid(b) ? Number(BITWISE[name]!(BigInt(a), BigInt(b))) : new CellError(ErrorType.NUM)));
  }

  /** Number shifted left by the whole part of amount (right when negative), within 48 bits. */
  private shift(ast: CallAst, state: unknown, name: string, sign: 1 | -1): unknown {
    return this.compute(ast, state, name, (n: number, amount: number) => {
      const whole = Math.trunc(amount);
      if (!valid(n) || Math.abs(whole) > 53) return new CellError(ErrorType.NUM);
      const places = sign * whole;
      const shifted = places >= 0 ? n * 2 ** places : Math.floor(n / 2 ** -places);
      return shifted > MAX_48_BITS ? new CellError(ErrorType.NUM) : shifted;
    });
  }

  bitlshift(ast: CallAst, state: unknown): unknown {
    return this.shift(ast, state, 'BITLSHIFT', 1);
  }

  bitrshift(ast: CallAst, state: unknown): unknown {
    return this.shift(ast, state, 'BITRSHIFT', -1);
  }
}
