import type { FunctionArgument, ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType } from 'hyperformula';
import { isErr, numberOf } from '../common/arguments.js';
import { unsureAt } from '../common/errors.js';
import type { CallAst } from '../common/function-plugin.js';
import { EngineeringPlugin } from './engineering-plugin.js';
import { numberText } from '../common/number-format/index.js';

/**
 * Numbers written in other bases: the engineering conversions between binary, octal, decimal and
 * hexadecimal (BIN2DEC, DEC2HEX, HEX2OCT… with places), BASE and DECIMAL, as Microsoft's page of
 * each function gives them, where HyperFormula's answers differ: hexadecimal digits in either case
 * (HEX2DEC("a5") is 165), a decimal number's fraction dropped (DEC2BIN(9.9) is 1001 where HyperFormula
 * writes a binary fraction), DECIMAL's text "not case sensitive" (DECIMAL("zap",36) is 45745),
 * BASE's number "less than 2^53".
 *
 * A negative number is written in two's complement over 10 digits of its base (DEC2BIN(-100) is
 * 1110011100), and such a text is read back as negative; places is then ignored. Each base has
 * its range: binary -512…511, octal -2^29…2^29-1, hexadecimal -2^39…2^39-1, and a number outside
 * it, a text longer than 10 digits or with a digit the base lacks, or a result longer than places
 * is #NUM!.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASES = { BIN: 2, OCT: 8, DEC: 10, HEX: 16 } as const;
type Base = keyof typeof BASES;

/** The largest number a base writes over 10 digits (its half: the rest are the negative numbers). */
const limit = (radix: number) => radix ** 10 / 2;

const ONE: FunctionArgument = { argumentType: FunctionArgumentType.SCALAR };
const OPTIONAL_ONE: FunctionArgument = { argumentType: FunctionArgumentType.SCALAR, optionalArg: true };
const NUMBER: FunctionArgument = { argumentType: FunctionArgumentType.NUMBER };

/** Every conversion by name (BIN2DEC…): from which base to which. */
const CONVERSIONS = Object.fromEntries(
  (['BIN', 'OCT', 'DEC', 'HEX'] as Base[]).flatMap((from) => (['BIN', 'OCT', 'DEC', 'HEX'] as Base[]).filter((to) => to !== from).map((to) => [`${from}2${to}`, { from, to }])),
) as Record<string, { from: Base; to: Base }>;

/** A number's digits in a base (upper case), without sign. */
function digitsIn(n: number, radix: number): string {
  let out = '';
  let rest = n;
  do {
    out = DIGITS[rest % radix]! + out;
    rest = Math.floor(rest / radix);
  } while (rest > 0);
  return out;
}

/** BIN2…, OCT2…, HEX2…'s text (a number is read as its digits, an empty cell is 0): at most 10 digits of the base, the 10th of a negative one its sign. */
function basedArgument(value: unknown, radix: number): number | CellError {
  if (value === EmptyValue) return 0;
  const n = numberOf(value);
  const text = n !== undefined ? numberText(n) : typeof value === 'string' ? value.toUpperCase() : undefined;
  if (text === undefined) return new CellError(ErrorType.VALUE);
  const digit = (d: string) => DIGITS.indexOf(d);
  if (text.length > 10 || [...text].some((d) => digit(d) < 0 || digit(d) >= radix)) return new CellError(ErrorType.NUM);
  const x = [...text].reduce((a, d) => a * radix + digit(d), 0);
  return x >= limit(radix) ? x - radix ** 10 : x;
}

/** A number written in a base: negative in two's complement over 10 digits (places ignored), else padded to places; a result longer than places is #NUM!. */
function written(n: number, radix: number, places: number | undefined): string | CellError {
  if (n < -limit(radix) || n >= limit(radix)) return new CellError(ErrorType.NUM);
  if (n < 0) return digitsIn(radix ** 10 + n, radix);
  const digits = digitsIn(n, radix);
  if (places === undefined) return digits;
  return digits.length > places ? new CellError(ErrorType.NUM) : digits.padStart(places, '0');
}

export class ExcelRadixPlugin extends EngineeringPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ...Object.fromEntries(Object.entries(CONVERSIONS).map(([name, { to }]) => [name, { method: 'convertBase', parameters: to === 'DEC' ? [ONE] : [ONE, OPTIONAL_ONE] }])),
    BASE: { method: 'base', parameters: [NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    DECIMAL: { method: 'decimal', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER] },
  };

  /**
   * BIN2DEC, DEC2HEX… by the name they were called by, their numbers read as the engineering
   * functions read them (a logical value is #VALUE!, an empty cell 0).
   */
  convertBase(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    const name = ast.procedureName;
    const { from, to } = CONVERSIONS[name]!;
    return this.compute(ast, state, name, (value: unknown, places: unknown) => {
      if (isErr(value)) return value;
      if (typeof value === 'boolean') return new CellError(ErrorType.VALUE);
      if (value === '') return unsureAt(this.context, state, `${name} of empty text`);
      const n = from === 'DEC' ? this.decimalArgument(value) : basedArgument(value, BASES[from]);
      if (isErr(n)) return n;
      if (to === 'DEC') return n;
      const p = this.placesArgument(places);
      if (isErr(p)) return p;
      return written(n, BASES[to], p);
    });
  }

  /** DEC2…'s number: its whole part, towards 0 (DEC2BIN(-512.8) is 1000000000, -512). */
  private decimalArgument(value: unknown): number | CellError {
    const x = this.engineeringNumber(value);
    return isErr(x) ? x : Math.trunc(x);
  }

  /**
   * Places, 1…10 once truncated (Microsoft's DEC2BIN page: "If places is zero or negative, DEC2BIN
   * returns the #NUM! error value"); checked even where a negative number ignores it; an empty cell
   * is 0. Undefined when the call leaves it out.
   */
  private placesArgument(places: unknown): number | undefined | CellError {
    if (places === undefined) return undefined;
    const p = this.engineeringNumber(places);
    if (isErr(p)) return p;
    const whole = Math.trunc(p);
    return whole < 1 || whole > 10 ? new CellError(ErrorType.NUM) : whole;
  }

  /** BASE(number, radix, min_length): number 0…2^53 (exclusive), radix 2…36, min_length 0…255, each truncated. */
  base(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'BASE', (number: number, radix: number, minLength?: number) => {
      const n = Math.trunc(number);
      const r = Math.trunc(radix);
      const m = Math.trunc(minLength ?? 0);
      if (n < 0 || n >= 2 ** 53 || r < 2 || r > 36 || m < 0 || m > 255) return new CellError(ErrorType.NUM);
      return digitsIn(n, r).padStart(m, '0');
    });
  }

  /** DECIMAL(text, radix): the digits of the radix in either case, at most 255 of them. */
  decimal(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'DECIMAL', (text: string, radix: number) => {
      const r = Math.trunc(radix);
      if (r < 2 || r > 36 || text.length > 255) return new CellError(ErrorType.NUM);
      if (text === '') return unsureAt(this.context, state, 'DECIMAL of empty text');
      let x = 0;
      for (const d of text.toUpperCase()) {
        const k = DIGITS.indexOf(d);
        if (k < 0 || k >= r) return new CellError(ErrorType.NUM);
        x = x * r + k;
      }
      return x;
    });
  }
}
