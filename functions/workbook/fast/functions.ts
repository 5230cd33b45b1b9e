import { UNSURE_MESSAGE } from '../excel/common/errors.js';
import { excelRound } from '../excel/common/rounding.js';
import { datePart, eomonth, excelDate } from '../excel/common/dates.js';
import { excelText, textOptions } from '../excel/common/text-rendering.js';
import { foreignLetters, foreignSeparators } from '../excel/common/number-format/index.js';
import type { CellRange, CompiledFormula, Compiler, FastAst } from './compile.js';
import { oneCell } from './compile.js';
import { MAX_CELL_TEXT } from '../model/limits.js';
import { conditional } from './conditions.js';
import { hlookup, index, match, vlookup, xlookup, xmatch } from './lookups.js';
import type { CellValue } from './values.js';
import { DIV0, NA, NUM, NotCompiled, VALUE, XlErr, toBoolean, toNumber, toText } from './values.js';

/**
 * The Excel functions the fast path compiles, by name, as HyperFormula keeps its metadata: how many
 * arguments each takes and how its call compiles. Each computes what Excel (and HyperFormula, which
 * the tests compare it with) answers, on the values where that answer is certain; elsewhere it
 * throws NotCompiled. POLICY.* calls are the evaluator's (evaluate.ts); a name not in this table is
 * NotCompiled.
 */

export interface FastFunction {
  /** The fewest and the most arguments; a call outside them is NotCompiled. */
  arity: [number, number];
  /** The call compiled; `name` is the function's, for the functions that share one compiler. */
  compile: (args: FastAst[], compiler: Compiler, name: string) => CompiledFormula;
}

const MANY = 255;

/** IF(condition, then[, else]); a missing else is FALSE. */
function ifFunction(args: FastAst[], compiler: Compiler): CompiledFormula {
  const [condition, yes, no] = [compiler.value(args[0]!), compiler.value(args[1]!), args[2] ? compiler.value(args[2]) : () => false];
  return (sheet, row, col) => {
    const test = toBoolean(condition(sheet, row, col));
    if (test instanceof XlErr) return test;
    return test ? yes(sheet, row, col) : no(sheet, row, col);
  };
}

function ifError(args: FastAst[], compiler: Compiler): CompiledFormula {
  const [value, fallback] = [compiler.value(args[0]!), compiler.value(args[1]!)];
  return (sheet, row, col) => {
    const v = value(sheet, row, col);
    return v instanceof XlErr ? fallback(sheet, row, col) : v;
  };
}

function not(args: FastAst[], compiler: Compiler): CompiledFormula {
  const value = compiler.value(args[0]!);
  return (sheet, row, col) => {
    const test = toBoolean(value(sheet, row, col));
    return test instanceof XlErr ? test : !test;
  };
}

/**
 * AND and OR of values. Over ranges Excel skips empty cells where HyperFormula counts them as
 * FALSE (and an all-empty range is #VALUE! to Excel, TRUE to HyperFormula): ranges, and single
 * cells holding text or nothing, are left to HyperFormula.
 */
function logical(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const parts = args.map((a) => {
    if (a.k === 'ref' && a.range && !oneCell(a)) throw new NotCompiled(`${name} over a range`);
    return compiler.value(a.k === 'ref' ? { ...a, range: false } : a);
  });
  const isAnd = name === 'AND';
  return (sheet, row, col) => {
    let answer = isAnd;
    for (const part of parts) {
      const v = part(sheet, row, col);
      if (v instanceof XlErr) return v;
      if (typeof v === 'string' || v === null) throw new NotCompiled(`${name} of text or of an empty cell`);
      const test = typeof v === 'boolean' ? v : v !== 0;
      answer = isAnd ? answer && test : answer || test;
    }
    return answer;
  };
}

/** The IS functions of one value, by name: its kind (an empty cell is blank, a formula's answer never is). */
const IS: Record<string, (v: CellValue) => boolean> = {
  ISERROR: (v) => v instanceof XlErr,
  ISERR: (v) => v instanceof XlErr && v !== NA,
  ISNA: (v) => v === NA,
  ISNUMBER: (v) => typeof v === 'number',
  ISTEXT: (v) => typeof v === 'string',
  ISLOGICAL: (v) => typeof v === 'boolean',
  ISBLANK: (v) => v === null,
};

function isFunction(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const [value] = compiler.scalars(args);
  const test = IS[name]!;
  return (sheet, row, col) => test(value!(sheet, row, col));
}

function na(): CompiledFormula {
  return () => NA;
}

/** ABS and INT of one number. */
function numeric(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const value = compiler.value(args[0]!);
  const apply = name === 'ABS' ? Math.abs : Math.floor;
  return (sheet, row, col) => {
    const x = toNumber(value(sheet, row, col));
    return typeof x === 'number' ? apply(x) : x;
  };
}

function round(args: FastAst[], compiler: Compiler): CompiledFormula {
  const value = compiler.value(args[0]!);
  const digits = args[1] ? compiler.value(args[1]) : () => 0;
  return (sheet, row, col) => {
    const x = toNumber(value(sheet, row, col));
    if (typeof x !== 'number') return x;
    const d = toNumber(digits(sheet, row, col));
    if (typeof d !== 'number') return d;
    return excelRound(x, d);
  };
}

function constant(_args: FastAst[], _compiler: Compiler, name: string): CompiledFormula {
  const answer = name === 'TRUE';
  return () => answer;
}

/** Numbers of a range, in row-major order; the first error stops it, unless skipped (COUNT). */
function eachNumber(compiler: Compiler, range: CellRange, visit: (x: number) => void, skipErrors: boolean): XlErr | undefined {
  const { sheet } = range;
  const r2 = Math.min(range.r2, sheet.height - 1);
  const c2 = Math.min(range.c2, sheet.width - 1);
  for (let row = range.r1; row <= r2; row++) {
    for (let col = range.c1; col <= c2; col++) {
      const v = compiler.get(sheet, row, col);
      if (typeof v === 'number') visit(v);
      else if (v instanceof XlErr && !skipErrors) return v;
    }
  }
  return undefined;
}

/**
 * SUM, MIN, MAX, AVERAGE and COUNT as Excel (and HyperFormula) compute them: references and
 * ranges contribute their numbers only (text, booleans and empty cells are skipped); a direct
 * value must be a number. An error is the answer, except to COUNT, which does not count it.
 * Each range is summed on its own, then added, as HyperFormula does, so that totals agree to
 * the last bit.
 */
function aggregate(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const isCount = name === 'COUNT';
  const parts = args.map((a) => {
    const range = compiler.range(a);
    return range ? { range } : { value: compiler.value(a) };
  });
  return (sheet, row, col) => {
    let sum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const part of parts) {
      if (part.range) {
        const range = part.range(sheet, row, col);
        if (range instanceof XlErr) return range;
        let rangeSum = 0;
        const error = eachNumber(
          compiler,
          range,
          (x) => {
            rangeSum += x;
            count++;
            if (x < min) min = x;
            if (x > max) max = x;
          },
          isCount,
        );
        if (error) return error;
        sum += rangeSum;
      } else {
        const v = part.value(sheet, row, col);
        if (v instanceof XlErr) {
          if (isCount) continue;
          return v;
        }
        if (typeof v !== 'number') throw new NotCompiled(`${name} of a value that is not a number`);
        sum += v;
        count++;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    switch (name) {
      case 'SUM':
        return sum;
      case 'COUNT':
        return count;
      case 'MIN':
        return count ? min : 0;
      case 'MAX':
        return count ? max : 0;
      default:
        return count ? sum / count : DIV0;
    }
  };
}

/** COUNTA: every value that is not an empty cell (text "", errors and booleans included). */
function countA(args: FastAst[], compiler: Compiler): CompiledFormula {
  const parts = args.map((a) => {
    const range = compiler.range(a);
    // Whether a function's empty answer (IFERROR(C2,…) of an empty C2) counts is not certain here: the engine decides.
    if (!range && a.k === 'call') throw new NotCompiled('COUNTA of a function’s answer');
    return range ? { range } : { value: compiler.value(a) };
  });
  return (sheet, row, col) => {
    let count = 0;
    for (const part of parts) {
      if (part.range) {
        const range = part.range(sheet, row, col);
        if (range instanceof XlErr) return range;
        const r2 = Math.min(range.r2, range.sheet.height - 1);
        const c2 = Math.min(range.c2, range.sheet.width - 1);
        for (let r = range.r1; r <= r2; r++) for (let c = range.c1; c <= c2; c++) if (compiler.get(range.sheet, r, c) !== null) count++;
      } else if (part.value(sheet, row, col) !== null) count++;
    }
    return count;
  };
}

/** LEN, LEFT, RIGHT, MID, CONCATENATE and TEXT of single values. */
function textFunction(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const parts = compiler.scalars(args);
  return (sheet, row, col) => {
    const values: CellValue[] = [];
    for (const part of parts) {
      const v = part(sheet, row, col);
      if (v instanceof XlErr) return v;
      values.push(v);
    }
    if (name === 'CONCATENATE') {
      const joined = values.map(toText).join('');
      return joined.length > MAX_CELL_TEXT ? VALUE : joined;
    }
    if (name === 'TEXT') {
      const format = toText(values[1]!);
      if (foreignSeparators(format) || foreignLetters(format)) throw new NotCompiled('a number format written in another language');
      const shown = excelText(values[0], format, textOptions(compiler.date1904));
      if (typeof shown !== 'string') {
        if ((shown.message ?? '').startsWith(UNSURE_MESSAGE)) throw new NotCompiled('a number format whose answer is not certain here');
        return VALUE;
      }
      return shown;
    }
    const text = toText(values[0]!);
    if (name === 'LEN') return text.length;
    const whole = (i: number, missing: number): number | XlErr => {
      if (values[i] === undefined) return missing;
      const x = toNumber(values[i]!);
      return typeof x === 'number' ? Math.trunc(x) : x;
    };
    if (name === 'MID') {
      const start = whole(1, 1);
      const length = whole(2, 0);
      if (start instanceof XlErr) return start;
      if (length instanceof XlErr) return length;
      if (start < 1 || length < 0) return VALUE;
      return text.slice(start - 1, start - 1 + length);
    }
    const count = whole(1, 1);
    if (count instanceof XlErr) return count;
    if (count < 0) return VALUE;
    return name === 'LEFT' ? text.slice(0, count) : count === 0 ? '' : text.slice(-count);
  };
}

/** SUBTOTAL's statistics the fast path computes, by function number (101–111 alike, on a sheet that hides no row). */
const SUBTOTALS = new Set([1, 2, 3, 4, 5, 9]);

/**
 * SUBTOTAL(number, reference…) of AVERAGE (1), COUNT (2), COUNTA (3), MAX (4), MIN (5) or SUM (9),
 * as the HyperFormula plugin computes it: the numbers of every reference in one list (cells
 * holding SUBTOTAL or AGGREGATE left out), summed in that order; an error is the answer, except to
 * COUNT, which skips it, and COUNTA, which counts it. Hidden and filtered rows, which SUBTOTAL
 * also leaves out, are the engine's: a sheet that hides a row is not computed here.
 */
function subtotal(args: FastAst[], compiler: Compiler): CompiledFormula {
  const number = args[0]!;
  const fn = number.k === 'num' ? number.v % 100 : NaN;
  if (!SUBTOTALS.has(fn) || (number.k === 'num' && number.v !== fn && number.v !== fn + 100)) throw new NotCompiled('SUBTOTAL of a statistic the fast path does not compute');
  const ranges = args.slice(1).map((a) => {
    const range = compiler.range(a);
    if (!range) throw new NotCompiled('SUBTOTAL of something else than a reference');
    return range;
  });
  return (sheet, row, col) => {
    const nums: number[] = [];
    let counta = 0;
    for (const part of ranges) {
      const range = part(sheet, row, col);
      if (range instanceof XlErr) return range;
      if (compiler.hidesRows(range.sheet)) throw new NotCompiled('SUBTOTAL over a sheet that hides rows');
      const r2 = Math.min(range.r2, range.sheet.height - 1);
      const c2 = Math.min(range.c2, range.sheet.width - 1);
      for (let r = range.r1; r <= r2; r++) {
        for (let c = range.c1; c <= c2; c++) {
          if (compiler.holdsSubtotal(range.sheet, r, c)) {
            // Left out, but still read: a subtotal over its own cell, or two over each other, is a circular reference to Excel.
            compiler.get(range.sheet, r, c);
            continue;
          }
          const v = compiler.get(range.sheet, r, c);
          if (v === null) continue;
          if (v instanceof XlErr) {
            if (fn === 3) counta++;
            else if (fn !== 2) return v;
            continue;
          }
          counta++;
          if (typeof v === 'number') nums.push(v);
        }
      }
    }
    const n = nums.length;
    const sum = () => nums.reduce((s, x) => s + x, 0);
    switch (fn) {
      case 1:
        return n ? sum() / n : DIV0;
      case 2:
        return n;
      case 3:
        return counta;
      case 4:
        return n ? nums.reduce((m, x) => Math.max(m, x), -Infinity) : 0;
      case 5:
        return n ? nums.reduce((m, x) => Math.min(m, x), Infinity) : 0;
      default:
        return sum();
    }
  };
}

/** ROW() of the formula's cell, or ROW of one cell's reference. */
function rowFunction(args: FastAst[]): CompiledFormula {
  const a = args[0];
  if (!a) return (_sheet, row) => row + 1;
  if (a.k !== 'ref' || a.range) throw new NotCompiled('ROW of something else than one cell');
  const r1 = a.r1;
  return (_sheet, row) => (r1.abs ? r1.n : row + r1.n) + 1;
}

/** DATE, YEAR, MONTH, DAY and EOMONTH on the workbook's serials (1900 or 1904 system), as excel/ computes them for HyperFormula. */
function dateFunction(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const parts = compiler.scalars(args);
  return (sheet, row, col) => {
    const numbers: number[] = [];
    for (const part of parts) {
      const v = part(sheet, row, col);
      if (typeof v === 'string') throw new NotCompiled(`text read as a date by ${name}`);
      const x = toNumber(v);
      if (x instanceof XlErr) return x;
      numbers.push(x);
    }
    const date1904 = compiler.date1904;
    const answer = name === 'DATE' ? excelDate(numbers[0]!, numbers[1]!, numbers[2]!, date1904) : name === 'EOMONTH' ? eomonth(numbers[0]!, numbers[1]!, date1904) : datePart(numbers[0]!, name as 'YEAR' | 'MONTH' | 'DAY', date1904);
    // The helpers' only error is #NUM!: a date outside Excel's calendar.
    return typeof answer === 'number' ? answer : NUM;
  };
}

export const FUNCTIONS: Readonly<Record<string, FastFunction>> = {
  IF: { arity: [2, 3], compile: ifFunction },
  IFERROR: { arity: [2, 2], compile: ifError },
  NOT: { arity: [1, 1], compile: not },
  AND: { arity: [1, MANY], compile: logical },
  OR: { arity: [1, MANY], compile: logical },
  TRUE: { arity: [0, 0], compile: constant },
  FALSE: { arity: [0, 0], compile: constant },
  ISERROR: { arity: [1, 1], compile: isFunction },
  ISERR: { arity: [1, 1], compile: isFunction },
  ISNA: { arity: [1, 1], compile: isFunction },
  ISNUMBER: { arity: [1, 1], compile: isFunction },
  ISTEXT: { arity: [1, 1], compile: isFunction },
  ISLOGICAL: { arity: [1, 1], compile: isFunction },
  ISBLANK: { arity: [1, 1], compile: isFunction },
  NA: { arity: [0, 0], compile: na },
  ABS: { arity: [1, 1], compile: numeric },
  INT: { arity: [1, 1], compile: numeric },
  ROUND: { arity: [1, 2], compile: round },
  SUM: { arity: [1, MANY], compile: aggregate },
  MIN: { arity: [1, MANY], compile: aggregate },
  MAX: { arity: [1, MANY], compile: aggregate },
  AVERAGE: { arity: [1, MANY], compile: aggregate },
  COUNT: { arity: [1, MANY], compile: aggregate },
  COUNTA: { arity: [1, MANY], compile: countA },
  LEN: { arity: [1, 1], compile: textFunction },
  LEFT: { arity: [1, 2], compile: textFunction },
  RIGHT: { arity: [1, 2], compile: textFunction },
  MID: { arity: [3, 3], compile: textFunction },
  CONCATENATE: { arity: [1, MANY], compile: textFunction },
  TEXT: { arity: [2, 2], compile: textFunction },
  ROW: { arity: [0, 1], compile: rowFunction },
  DATE: { arity: [3, 3], compile: dateFunction },
  YEAR: { arity: [1, 1], compile: dateFunction },
  MONTH: { arity: [1, 1], compile: dateFunction },
  DAY: { arity: [1, 1], compile: dateFunction },
  EOMONTH: { arity: [2, 2], compile: dateFunction },
  VLOOKUP: { arity: [3, 4], compile: vlookup },
  INDEX: { arity: [2, 3], compile: index },
  MATCH: { arity: [2, 3], compile: match },
  HLOOKUP: { arity: [3, 4], compile: hlookup },
  XLOOKUP: { arity: [3, 6], compile: xlookup },
  XMATCH: { arity: [2, 4], compile: xmatch },
  SUMIF: { arity: [2, 3], compile: conditional },
  COUNTIF: { arity: [2, 2], compile: conditional },
  SUMIFS: { arity: [3, Infinity], compile: conditional },
  COUNTIFS: { arity: [2, Infinity], compile: conditional },
  SUBTOTAL: { arity: [2, MANY], compile: subtotal },
  AVERAGEIF: { arity: [2, 3], compile: conditional },
  AVERAGEIFS: { arity: [3, Infinity], compile: conditional },
};
