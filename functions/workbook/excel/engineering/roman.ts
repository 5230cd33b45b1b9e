import type { ImplementedFunctions } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType } from 'hyperformula';
import { isErr, numberOf } from '../common/arguments.js';
import type { CallAst } from '../common/function-plugin.js';
import { ExcelFunctionPlugin, NUMBER } from '../common/function-plugin.js';

/**
 * ROMAN and ARABIC as Microsoft's pages give them, where HyperFormula's answers differ. ROMAN:
 * "If number is negative, the #VALUE! error value is returned. If number is greater than 3999,
 * the #VALUE! error value is returned" (HyperFormula: #NUM!), and 0 is empty text. ARABIC: "The
 * maximum length of the argument is 255 characters. Therefore, the largest number that can be
 * returned is 255,000" (M repeated: HyperFormula's stops at MMM), case and leading and trailing
 * spaces ignored, a minus sign before the numeral negates it, "" is 0, and "Values that return a
 * #VALUE! error value include numbers, dates, and text that is not a valid Roman numeral" (a
 * character that is no Roman letter; romanValue()).
 */

/** The numerals each form of ROMAN writes with, largest first: form 0 the classic pairs, each further form more pairs (ROMAN(499,1) is LDVLIV, 2 XDIX, 3 VDIV, 4 ID). */
const NUMERALS: [string, number, number][] = [
  ['M', 1000, 0],
  ['IM', 999, 4],
  ['VM', 995, 3],
  ['XM', 990, 2],
  ['LM', 950, 1],
  ['CM', 900, 0],
  ['D', 500, 0],
  ['ID', 499, 4],
  ['VD', 495, 3],
  ['XD', 490, 2],
  ['LD', 450, 1],
  ['CD', 400, 0],
  ['C', 100, 0],
  ['IC', 99, 2],
  ['VC', 95, 1],
  ['XC', 90, 0],
  ['L', 50, 0],
  ['IL', 49, 2],
  ['VL', 45, 1],
  ['XL', 40, 0],
  ['X', 10, 0],
  ['IX', 9, 0],
  ['V', 5, 0],
  ['IV', 4, 0],
  ['I', 1, 0],
];

/** A number 0…3999 in Roman numerals of a form 0…4: the largest numeral the form has, again and again. */
export function romanNumeral(n: number, form: number): string {
  let out = '';
  let rest = n;
  for (const [numeral, value, since] of NUMERALS) {
    if (since > form) continue;
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

const LETTERS: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/**
 * A Roman numeral's value, letter by letter: a letter before a larger one is subtracted, any other
 * added; undefined when a character is no Roman letter. Excel reads numerals no form of ROMAN
 * writes so (its ARABIC of "ixix" is 18, of "XIXI" 20, of "CMM" 1900, of "ICIC" 198, cached in
 * IronCalc's Excel-saved ARABIC_ROMAN.xlsx).
 */
export function romanValue(text: string): number | undefined {
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const v = LETTERS[text[i]!];
    if (v === undefined) return undefined;
    value += v < (LETTERS[text[i + 1] ?? ''] ?? 0) ? -v : v;
  }
  return value;
}

export class ExcelRomanPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ROMAN: { method: 'roman', parameters: [NUMBER, { argumentType: FunctionArgumentType.SCALAR, optionalArg: true }] },
    ARABIC: { method: 'arabic', parameters: [{ argumentType: FunctionArgumentType.SCALAR }] },
  };

  /** ROMAN(number, form): form 0 (or omitted, or TRUE) classic to 4 (or FALSE) simplified; number and form truncated. */
  roman(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ROMAN', (number: number, formArgument: unknown) => {
      const n = Math.trunc(number);
      if (number < 0 || n > 3999) return new CellError(ErrorType.VALUE);
      let form = 0;
      if (isErr(formArgument)) return formArgument;
      if (formArgument === false) form = 4;
      else if (formArgument !== undefined && formArgument !== true && formArgument !== EmptyValue) {
        const f = numberOf(this.coerceScalarToNumberOrError(formArgument as never));
        if (f === undefined) return new CellError(ErrorType.VALUE);
        form = Math.trunc(f);
      }
      if (form < 0 || form > 4) return new CellError(ErrorType.VALUE);
      return romanNumeral(n, form);
    });
  }

  arabic(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ARABIC', (text: unknown) => {
      if (isErr(text)) return text;
      if (text === EmptyValue) return 0;
      if (typeof text !== 'string') return new CellError(ErrorType.VALUE);
      const trimmed = text.trim().toUpperCase();
      if (trimmed === '') return 0;
      const negative = trimmed.startsWith('-');
      const numeral = negative ? trimmed.slice(1) : trimmed;
      if (numeral === '' || numeral.length > 255) return new CellError(ErrorType.VALUE);
      const value = romanValue(numeral);
      if (value === undefined) return new CellError(ErrorType.VALUE);
      return negative ? -value : value;
    });
  }
}
