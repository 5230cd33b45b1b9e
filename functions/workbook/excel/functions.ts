import type { SimpleCellAddress } from 'hyperformula';
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue } from 'hyperformula';
import { addMonths, civilFromSerial, daysInMonth, serialFromCivil } from '../../../shared/src/values/dates.js';
import { columnLetter } from '../../../shared/src/values/columns.js';
import type { Decimal as DecimalJs } from 'decimal.js';
import { Decimal } from '../../../shared/src/values/money.js';
import type { AssumedReason, Assumption } from '../model/outcomes.js';
import { approximateIndex, wildcardSource } from './lookups.js';
import { DAYS_1904, foreignLetters, foreignReading, foreignSeparators, formatCode, formatTextValue, malformedCode, numberText } from './common/number-format.js';

/**
 * Functions as Excel computes them, where HyperFormula differs from Excel or lacks them, registered
 * over HyperFormula's own: TEXT through numfmt (Excel's number formats), ROUND on the 15 digits
 * Excel keeps, INT, EDATE, AND/OR over ranges with blanks, SUBTOTAL and AGGREGATE that leave out
 * hidden rows, TYPE, ERROR.TYPE, #NULL!, CONCAT, RANK.EQ/AVG, MODE, LOOKUP, XMATCH, and the legacy
 * array fill of a `t="array"` range. Each comment names the difference from HyperFormula.
 */

/** What these functions need to know of the workbook being computed (set while it is built). */
export interface ExcelContext {
  date1904: boolean;
  /** Per HyperFormula sheet id: rows hidden, and those of them a filter hid (inside a filtered range). */
  hidden: { rows: Set<number>; filtered: Set<number> }[];
  /** Cells holding SUBTOTAL or AGGREGATE ("sheet:row:col"): other subtotals leave them out. */
  subtotals: Set<string>;
  /** Whether a formula cell has no value cached in the file (a case these functions are unsure of then takes Excel's likeliest answer). */
  uncached: (sheet: number, row: number, col: number) => boolean;
  /** The assumptions made for such cells, by "sheet:row:col" (filled while the workbook is computed). */
  assumed: Map<string, Assumption>;
  /**
   * Formula cells where a function met a case it is unsure of, by "sheet:row:col", with why: such a
   * cell keeps its cached value even when the error that marks the case is caught on the way
   * (IFERROR, ISERROR) and never reaches the cell.
   */
  unsure: Map<string, string>;
}

let context: ExcelContext = { date1904: false, hidden: [], subtotals: new Set(), uncached: () => false, assumed: new Map(), unsure: new Map() };

export function setExcelContext(c: ExcelContext): void {
  context = c;
}

/** Whether the workbook being computed counts dates from 1904. */
export const excelDate1904 = (): boolean => context.date1904;

/**
 * A case Excel answers and these functions cannot be sure of (a number format numfmt does not
 * read, the currency of the user's settings…): the cell keeps the value the file cached, as a
 * function we lack would.
 */
export const UNSURE_MESSAGE = 'policycell: not computed here';
const unsure = (why: string) => new CellError(ErrorType.VALUE, `${UNSURE_MESSAGE}: ${why}`);

/** Such a case met while computing a formula cell: the error that marks it, and the cell noted (ExcelContext.unsure). */
export function unsureAt(state: unknown, why: string): CellError {
  const a = (state as { formulaAddress?: SimpleCellAddress } | undefined)?.formulaAddress;
  if (a) context.unsure.set(`${a.sheet}:${a.row}:${a.col}`, why);
  return unsure(why);
}

/**
 * Such a case in a formula cell the file gives no value for: there is nothing to keep, so the cell
 * takes Excel's likeliest answer (en-US conventions…), and the assumption is noted for the report.
 */
export function likely<T>(state: { formulaAddress?: SimpleCellAddress }, reason: AssumedReason, detail: string, answer: () => T): T | CellError {
  const a = state.formulaAddress;
  if (!a || !context.uncached(a.sheet, a.row, a.col)) return unsureAt(state, detail);
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

/** Excel's 15 significant digits: what ROUND and the comparisons of its results see. */
function fifteen(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(15)) : x;
}

/**
 * Two numbers as Excel compares them (=, <, a criterion): equal when their first 15 significant
 * digits are, so 0.1+0.2=0.3 is TRUE, where JavaScript's (and HyperFormula's) exact comparison says
 * FALSE.
 */
export function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  if (Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(a), Math.abs(b)) && fifteen(a) === fifteen(b)) return 0;
  return a < b ? -1 : 1;
}

/**
 * ROUND half away from zero on the number's decimal form, as Excel does: ROUND(1.005, 2) is 1.01,
 * and ROUND(0.049999999999999975, 1) is 0.1 (Excel first keeps 15 significant digits: 0.05).
 */
export function excelRound(value: number, digits: number): number {
  const x = fifteen(value);
  const d = Math.trunc(digits);
  if (d >= 0 && d <= 15 && Number.isFinite(x)) {
    const s = String(x);
    if (!s.includes('e')) {
      const dot = s.indexOf('.');
      if (dot < 0 || s.length - dot - 1 <= d) return x;
      const neg = s.charCodeAt(0) === 45;
      const int = s.slice(neg ? 1 : 0, dot);
      let kept = int + s.slice(dot + 1, dot + 1 + d);
      if (s.charCodeAt(dot + 1 + d) >= 53) kept = incremented(kept); // the next digit is 5 or more: away from zero
      const cut = kept.length - d;
      const v = Number(d === 0 ? kept : `${kept.slice(0, cut)}.${kept.slice(cut)}`);
      return neg ? -v : v;
    }
  }
  if (!Number.isFinite(x)) return x;
  return roundInDecimal(x, d, Decimal.ROUND_HALF_UP);
}

/** x rounded in decimal to d places (d below 0: to tens, hundreds…), by a decimal.js rounding mode. */
function roundInDecimal(x: number, d: number, mode: DecimalJs.Rounding): number {
  if (d >= 0) return new Decimal(x).toDecimalPlaces(Math.min(d, 30), mode).toNumber();
  const unit = new Decimal(10).pow(Math.min(-d, 400));
  return new Decimal(x).dividedBy(unit).toDecimalPlaces(0, mode).times(unit).toNumber();
}

/**
 * ROUNDUP (away from zero) and ROUNDDOWN or TRUNC (toward zero) on the number's first 15 digits, as
 * ROUND: HyperFormula multiplied by a power of ten in binary first, so ROUNDDOWN(0.29,2) was 0.28
 * (0.29*100 is 28.999999999999996) and ROUNDUP(0.07*100,0) was 8. The digits are truncated
 * (ROUNDUP(1.234,1.9) rounds to 1 place), as every Excel argument meant as a count.
 */
export function excelRoundToward(value: number, digits: number, away: boolean): number {
  const x = fifteen(value);
  if (!Number.isFinite(x) || x === 0) return x;
  return roundInDecimal(x, Math.trunc(digits), away ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}

/**
 * CHOOSE with an array of indexes ({1,2}): each index picks its choice, the arrays broadcast as in
 * array arithmetic (a row goes down, a column across), so CHOOSE({1,2},F1:F10,E1:E10) is the two
 * columns side by side: VLOOKUP's "reverse lookup" over it reads the second (HyperFormula: #VALUE!).
 */
function chooseEach(index: SimpleRangeValue, choice: (i: number) => unknown): unknown {
  const picked = new Map<number, unknown>();
  const get = (i: number) => {
    if (!picked.has(i)) picked.set(i, choice(i));
    return picked.get(i);
  };
  const dims = (v: unknown): [number, number] => (v instanceof SimpleRangeValue ? [v.height(), v.width()] : [1, 1]);
  let [h, w] = dims(index);
  for (const row of index.data) {
    for (const x of row) {
      const n = numberOf(x);
      const v = n === undefined ? undefined : get(Math.trunc(n));
      const [vh, vw] = dims(v);
      h = Math.max(h, vh);
      w = Math.max(w, vw);
    }
  }
  const at = (v: unknown, r: number, c: number): unknown => {
    if (!(v instanceof SimpleRangeValue)) return v;
    const rr = v.height() === 1 ? 0 : r;
    const cc = v.width() === 1 ? 0 : c;
    return rr < v.height() && cc < v.width() ? v.data[rr]![cc] : new CellError(ErrorType.NA);
  };
  const out: unknown[][] = [];
  for (let r = 0; r < h; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < w; c++) {
      const x = at(index, r, c);
      if (isErr(x)) {
        row.push(x);
        continue;
      }
      const n = numberOf(x);
      const v = n === undefined ? undefined : get(Math.trunc(n));
      row.push(v === undefined ? new CellError(ErrorType.VALUE) : isErr(v) ? v : at(v, r, c));
    }
    out.push(row);
  }
  return SimpleRangeValue.onlyValues(out as never);
}

/** A string of decimal digits plus one ("0999" → "1000"). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`;
}

/**
 * TEXT(value, format) with Excel's format codes (number-format.ts); HyperFormula's TEXT knows a few
 * codes only. A code numfmt cannot read is unsure; `general` then answers instead (the value as
 * General shows it).
 */
export function excelText(value: unknown, fmt: string, date1904 = context.date1904, general?: (why: string, answer: () => string) => string | CellError, locale = 'en-US'): string | CellError {
  if (fmt === '') return '';
  let v = value;
  if (v === EmptyValue || v === null || v === undefined) v = 0;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n)) return formatTextValue(v, fmt);
    v = n;
  }
  if (typeof v !== 'number') return new CellError(ErrorType.VALUE);
  const n = v;
  const out = formatCode(fmt, n, date1904, locale);
  if (out !== undefined) return out;
  // A code Excel itself refuses (a quote or bracket left open, more than four sections) is #VALUE!.
  if (malformedCode(fmt)) return new CellError(ErrorType.VALUE);
  const why = `the number format ${JSON.stringify(fmt)}`;
  return general ? general(why, () => formatCode('General', n, date1904)!) : unsure(why);
}

/** FIXED(number, decimals, no_commas): the number rounded (half away from zero) and written with en-US separators. */
export function fixedText(n: number, decimals: number, noCommas: boolean): string {
  const d = Math.trunc(decimals);
  const x = excelRound(n, d);
  return formatCode(`${noCommas ? '0' : '#,##0'}${d > 0 ? `.${'0'.repeat(d)}` : ''}`, x, false)!;
}

/**
 * NUMBERVALUE(text, decimal_separator, group_separator): spaces and group separators before the
 * decimal separator go, each % at the end divides by 100; anything else is #VALUE!.
 */
export function numberValue(text: string, decimal: string, group: string): number | CellError {
  const dec = decimal.charAt(0);
  const grp = group.charAt(0);
  if (!dec || dec === grp) return new CellError(ErrorType.VALUE);
  let t = text.replace(/\s+/g, '');
  if (t === '') return 0;
  let scale = 1;
  while (t.endsWith('%')) {
    t = t.slice(0, -1);
    scale /= 100;
  }
  const at = t.indexOf(dec);
  if (at >= 0 && t.indexOf(dec, at + 1) >= 0) return new CellError(ErrorType.VALUE);
  const whole = at >= 0 ? t.slice(0, at) : t;
  const fraction = at >= 0 ? t.slice(at + 1) : '';
  if (grp && fraction.includes(grp)) return new CellError(ErrorType.VALUE);
  const s = `${grp ? whole.split(grp).join('') : whole}${at >= 0 ? `.${fraction}` : ''}`;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return new CellError(ErrorType.VALUE);
  return Number(s) * scale;
}

/**
 * TEXTBEFORE / TEXTAFTER(text, delimiter, instance, match_mode, match_end, if_not_found): the text
 * before (after) the instance-th delimiter (from the end when negative), ignoring case with
 * match_mode 1, the text's end counting as a delimiter with match_end 1.
 */
function textAround(after: boolean, text: string, delimiters: string[], instance: number, ignoreCase: boolean, matchEnd: boolean, notFound: unknown): unknown {
  const n = Math.trunc(instance);
  if (n === 0 || Math.abs(n) > text.length + 1 || delimiters.length === 0) return new CellError(ErrorType.VALUE);
  const hay = ignoreCase ? text.toLowerCase() : text;
  const needles = delimiters.map((d) => (ignoreCase ? d.toLowerCase() : d));
  // Every place a delimiter starts, and its length, left to right.
  const hits: [number, number][] = [];
  for (let i = 0; i <= hay.length; ) {
    const d = needles.find((x) => hay.startsWith(x, i));
    if (d === undefined || (d === '' && i > hay.length)) {
      i++;
      continue;
    }
    hits.push([i, d.length]);
    i += Math.max(d.length, 1);
  }
  if (matchEnd) {
    if (n > 0) hits.push([text.length, 0]);
    else hits.unshift([0, 0]);
  }
  const hit = n > 0 ? hits[n - 1] : hits[hits.length + n];
  if (!hit) return notFound;
  return after ? text.slice(hit[0] + hit[1]) : text.slice(0, hit[0]);
}

/** DOLLAR(number, decimals) in en-US: "$1,234.57", "($1.00)"; decimals below 0 round left of the point. */
export function dollarText(n: number, decimals: number): string {
  const d = Math.trunc(decimals);
  const x = excelRound(n, d);
  const body = formatCode(d > 0 ? `#,##0.${'0'.repeat(d)}` : '#,##0', Math.abs(x), false)!;
  return x < 0 ? `($${body})` : `$${body}`;
}

type Self = FunctionPlugin & {
  runFunction: (args: unknown[], state: unknown, meta: unknown, fn: (...a: never[]) => unknown) => unknown;
  metadata: (n: string) => unknown;
  evaluateAst: (ast: unknown, state: unknown) => unknown;
};

/** Every value of an argument, ranges flattened row by row. */
function flat(a: unknown): unknown[] {
  if (a instanceof SimpleRangeValue) return a.data.flat();
  return [a];
}

/** The value predicates the plugins share: an error; an empty cell; any value as rows (one value is a 1×1 array). */
export const isErr = (v: unknown): v is CellError => v instanceof CellError;
export const blank = (v: unknown): boolean => v === EmptyValue || v === null || v === undefined;
export const grid = (v: unknown): unknown[][] => (v instanceof SimpleRangeValue ? v.data : [[v]]);

export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val;
  return undefined;
}

/** Each argument's values, and whether they came from cells (a reference or range) or were typed in the formula. */
function argumentValues(self: Self, asts: unknown[], state: unknown): { values: unknown[]; inCells: boolean }[] {
  return asts.map((ast) => {
    const a = self.evaluateAst(ast, state);
    return { values: flat(a), inCells: a instanceof SimpleRangeValue || /^CELL_|RANGE/.test((ast as { type?: string }).type ?? '') };
  });
}

/**
 * The numbers of an aggregate's arguments as Excel reads them: from cells, numbers only; typed in
 * the formula, booleans and numeric text too (other text is #VALUE!, or with strictText any text).
 */
function numbersIn(args: { values: unknown[]; inCells: boolean }[], strictText = false): number[] | CellError {
  const out: number[] = [];
  for (const { values, inCells } of args) {
    for (const v of values) {
      if (isErr(v)) return v;
      let x = numberOf(v);
      if (x === undefined && !inCells) {
        if (typeof v === 'boolean') x = v ? 1 : 0;
        else if (typeof v === 'string') {
          x = strictText || v.trim() === '' ? NaN : Number(v);
          if (!Number.isFinite(x)) return new CellError(ErrorType.VALUE);
        }
      }
      if (x !== undefined) out.push(x);
    }
  }
  return out;
}

function logical(isAnd: boolean, args: { values: unknown[]; inCells: boolean }[]): boolean | CellError {
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

/** Excel's codes: ERROR.TYPE numbers and TYPE's kinds. */
function errorNumber(e: CellError): number {
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

/** The code Excel shows for an error value (#NULL! is a #VALUE! with its own message here). */
export function errorCode(e: CellError): string {
  return ERROR_CODES[errorNumber(e)]!;
}

/** By ERROR.TYPE's numbers (#GETTING_DATA 8, #SPILL! 9, #CALC! 14…). */
const ERROR_CODES: Record<number, string> = { 2: '#DIV/0!', 3: '#VALUE!', 4: '#REF!', 5: '#NAME?', 6: '#NUM!', 7: '#N/A', ...Object.fromEntries([...MESSAGE_ERRORS].map(([code, n]) => [n, code])) };

/** A statistic of a list of numbers, by the function numbers SUBTOTAL and AGGREGATE share (1–13 …). */
export function statistic(fn: number, nums: number[], counta: number, k?: number, subtotal = true): number | CellError {
  const n = nums.length;
  const sum = () => nums.reduce((s, x) => s + x, 0);
  const mean = () => sum() / n;
  // The sum of squared deviations, over n − 1 or n. Excel's SUBTOTAL and AGGREGATE take it from the
  // sums, the sample variance as (Σx² − (Σx)²/n)/(n − 1) and the population variance as
  // (nΣx² − (Σx)²)/n²: those give the bits of the values Excel cached (LibreOffice's
  // functions-excel-2010.xlsx, AGGREGATE 7, 8, 10 and 11 over four subsets; the two-pass sum misses
  // in the last bit, which ROUND(…,12) comparisons there see). They lose digits as the values
  // crowd together far from 0 (a relative error about n·ε·mean²/variance): only where that stays
  // far under Excel's 15 digits (the variance at least a hundredth of the mean square, up to 1,000
  // values) are they used; elsewhere, and for GROUPBY, the two-pass sum, which keeps its digits.
  const variance = (sample: boolean) => {
    const s = sum();
    const m = s / n;
    if (subtotal && n <= 1000) {
      const q = nums.reduce((a, x) => a + x * x, 0);
      const fromSums = sample ? (q - (s * s) / n) / (n - 1) : (n * q - s * s) / (n * n);
      if (Number.isFinite(fromSums) && fromSums * 100 >= q / n) return fromSums;
    }
    return nums.reduce((a, x) => a + (x - m) * (x - m), 0) / (sample ? n - 1 : n);
  };
  const div0 = new CellError(ErrorType.DIV_BY_ZERO);
  const sorted = () => [...nums].sort((a, b) => a - b);
  switch (fn) {
    case 1:
      return n ? mean() : div0;
    case 2:
      return n;
    case 3:
      return counta;
    case 4:
      return n ? Math.max(...nums) : 0;
    case 5:
      return n ? Math.min(...nums) : 0;
    case 6:
      return nums.reduce((s, x) => s * x, 1);
    case 7:
      return n > 1 ? Math.sqrt(variance(true)) : div0;
    case 8:
      return n ? Math.sqrt(variance(false)) : div0;
    case 9:
      return sum();
    case 10:
      return n > 1 ? variance(true) : div0;
    case 11:
      return n ? variance(false) : div0;
    case 12: {
      if (!n) return new CellError(ErrorType.NUM);
      const s = sorted();
      return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
    }
    case 13: {
      // The most frequent value; among equally frequent ones, the one met first.
      const counts = new Map<number, number>();
      for (const x of nums) counts.set(x, (counts.get(x) ?? 0) + 1);
      let best: number | undefined;
      let bestCount = 1;
      for (const x of nums) {
        const c = counts.get(x)!;
        if (c > bestCount) {
          best = x;
          bestCount = c;
        }
      }
      return best ?? new CellError(ErrorType.NA);
    }
    case 14:
    case 15: {
      const kk = Math.ceil(k ?? NaN);
      if (!(kk >= 1 && kk <= n)) return new CellError(ErrorType.NUM);
      const s = sorted();
      return fn === 14 ? s[n - kk]! : s[kk - 1]!;
    }
    case 16: // PERCENTILE.INC
    case 17: // QUARTILE.INC
    case 18: // PERCENTILE.EXC
    case 19: {
      // QUARTILE.EXC
      const p = k ?? NaN;
      if (!n) return new CellError(ErrorType.NUM);
      const s = sorted();
      const frac = fn === 17 || fn === 19 ? Math.trunc(p) / 4 : p;
      if (fn === 16 || fn === 17) {
        if (!(frac >= 0 && frac <= 1)) return new CellError(ErrorType.NUM);
        const pos = frac * (n - 1);
        const lo = Math.floor(pos);
        return s[lo]! + (pos - lo) * ((s[Math.min(lo + 1, n - 1)] ?? 0) - s[lo]!);
      }
      const pos = frac * (n + 1) - 1;
      if (pos < 0 || pos > n - 1) return new CellError(ErrorType.NUM);
      const lo = Math.floor(pos);
      return s[lo]! + (pos - lo) * ((s[Math.min(lo + 1, n - 1)] ?? 0) - s[lo]!);
    }
    default:
      return new CellError(ErrorType.VALUE);
  }
}

interface CollectOptions {
  skipHidden: 'none' | 'filtered' | 'all';
  skipErrors: boolean;
  /** COUNTA counts an error as a value. */
  countErrors: boolean;
  skipSubtotals: boolean;
}

/**
 * The values of SUBTOTAL's or AGGREGATE's reference arguments, leaving out what Excel leaves out:
 * rows hidden (by a filter, or at all), other SUBTOTAL/AGGREGATE cells, errors. HyperFormula's
 * SUBTOTAL knows nothing of hidden rows.
 */
function collect(self: Self, asts: unknown[], state: { formulaAddress: SimpleCellAddress }, opts: CollectOptions): { nums: number[]; counta: number } | CellError {
  const nums: number[] = [];
  let counta = 0;
  for (const ast of asts) {
    const a = self.evaluateAst(ast, state);
    if (isErr(a) && (ast as { type?: string }).type !== 'CELL_REFERENCE') throw a; // #REF! written as the argument
    let start: SimpleCellAddress | undefined;
    let rows: unknown[][];
    if (a instanceof SimpleRangeValue) {
      rows = a.data;
      start = (a as unknown as { range?: { start: SimpleCellAddress } }).range?.start;
    } else {
      rows = [[a]];
      const ref = (ast as { type?: string; reference?: { toSimpleCellAddress: (b: SimpleCellAddress) => SimpleCellAddress } }).reference;
      if ((ast as { type?: string }).type === 'CELL_REFERENCE' && ref) start = ref.toSimpleCellAddress(state.formulaAddress);
    }
    const hidden = start ? context.hidden[start.sheet] : undefined;
    rows.forEach((row, i) => {
      if (start && hidden && (opts.skipHidden === 'all' ? hidden.rows : opts.skipHidden === 'filtered' ? hidden.filtered : undefined)?.has(start.row + i)) return;
      row.forEach((v, j) => {
        if (start && opts.skipSubtotals && context.subtotals.has(`${start.sheet}:${start.row + i}:${start.col + j}`)) return;
        if (v === EmptyValue || v === null || v === undefined) return;
        if (isErr(v)) {
          if (!opts.skipErrors) throw v;
          if (opts.countErrors) counta++;
          return;
        }
        counta++;
        const x = numberOf(v);
        if (x !== undefined) nums.push(x);
      });
    });
  }
  return { nums, counta };
}

/** YEAR, MONTH or DAY of a 1900-system serial (0 is 0 January 1900), or #NUM!. */
export function datePart(serial: number, part: 'YEAR' | 'MONTH' | 'DAY', date1904 = false): number | CellError {
  let s = Math.floor(serial);
  if (s < 0 || s > 2958465) return new CellError(ErrorType.NUM);
  if (date1904) s += DAYS_1904;
  const c = s === 0 ? { y: 1900, m: 1, d: 0 } : civilFromSerial(s);
  return part === 'YEAR' ? c.y : part === 'MONTH' ? c.m : c.d;
}

/** The first day of each WEEKNUM return type (0 Sunday … 6 Saturday), as Excel's WEEKNUM page lists them; 21 is ISO. */
const WEEK_START: Record<number, number> = { 1: 0, 2: 1, 11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 16: 6, 17: 0 };

/**
 * WEEKNUM(serial, type) and ISOWEEKNUM(serial): the week containing 1 January is week 1 (system 1),
 * or, for type 21 and ISOWEEKNUM, the week containing the year's first Thursday (ISO 8601), so that
 * 31 December 2024 is week 1 of 2025 (HyperFormula: 53). Days of the week counted on the serial as
 * Excel does (serial 1 is a Sunday).
 */
export function weekNumber(serial: number, type: number, date1904 = false): number | CellError {
  let s = Math.floor(serial);
  if (s < 0 || s > 2958465) return new CellError(ErrorType.NUM);
  if (date1904) s += DAYS_1904;
  const dow = (n: number) => (((n + 6) % 7) + 7) % 7;
  // Serial 0 is 0 January 1900 (YEAR(0) is 1900); the Thursday of its ISO week falls in 1899.
  const yearOf = (n: number) => (n < 0 ? 1899 : n === 0 ? 1900 : civilFromSerial(n).y);
  const jan1 = (y: number) => serialFromCivil({ y, m: 1, d: 1 });
  if (type === 21) {
    const thursday = s - ((dow(s) + 6) % 7) + 3;
    return Math.floor((thursday - jan1(yearOf(thursday))) / 7) + 1;
  }
  const start = WEEK_START[Math.trunc(type)];
  if (start === undefined) return new CellError(ErrorType.NUM);
  const first = jan1(yearOf(s));
  return Math.floor((s - first + ((dow(first) - start + 7) % 7)) / 7) + 1;
}

/** DATE(y, m, d): years 0–1899 are 1900–3799, months and days roll over, as in Excel. */
export function excelDate(year: number, month: number, day: number, date1904 = false): number | CellError {
  let y = Math.trunc(year);
  if (y < 0 || y >= 10000) return new CellError(ErrorType.NUM);
  if (y < 1900) y += 1900;
  const idx = y * 12 + Math.trunc(month) - 1;
  const first = serialFromCivil({ y: Math.floor(idx / 12), m: (((idx % 12) + 12) % 12) + 1, d: 1 });
  // Day by day from the month's first (the 1900 system's invented 29 February included, as Excel counts it).
  let s = first + Math.trunc(day) - 1;
  if (date1904) s -= DAYS_1904;
  if (s < 0 || s > 2958465) return new CellError(ErrorType.NUM);
  return s;
}

/** EOMONTH(start, months): the last day of the month that many months on (0 is 0 January 1900). */
export function eomonth(start: number, months: number, date1904 = false): number | CellError {
  const y = datePart(start, 'YEAR', date1904);
  const m = datePart(start, 'MONTH', date1904);
  if (y instanceof CellError) return y;
  if (m instanceof CellError) return m;
  const idx = y * 12 + m - 1 + Math.trunc(months);
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  let s = serialFromCivil({ y: yy, m: mm, d: daysInMonth(yy, mm) });
  if (date1904) s -= DAYS_1904;
  return s < 0 || s > 2958465 || yy < 1900 ? new CellError(ErrorType.NUM) : s;
}

class ExcelPlugin extends FunctionPlugin {
  int(ast: { args: unknown[] }, state: unknown): unknown {
    // HyperFormula's INT truncates: INT(-2.5) = -2; Excel's floors: -3.
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('INT'), (x: number) => Math.floor(x));
  }

  round(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('ROUND'), excelRound);
  }

  roundup(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('ROUNDUP'), (x: number, d: number) => excelRoundToward(x, d, true));
  }

  rounddown(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('ROUNDDOWN'), (x: number, d: number) => excelRoundToward(x, d, false));
  }

  trunc(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('TRUNC'), (x: number, d: number) => excelRoundToward(x, d, false));
  }

  edate(ast: { args: unknown[] }, state: unknown): unknown {
    // HyperFormula: 31 January 2024 + 1 month = 28 February; Excel: 29 February, the month's end.
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('EDATE'), (start: number, months: number) => {
      if (start < 0) return new CellError(ErrorType.NUM);
      const shift = context.date1904 ? DAYS_1904 : 0;
      const s = Math.floor(start) + shift;
      // Serial 0 is 0 January 1900: a month later is 0 February, i.e. 31 January.
      const r = s === 0 ? serialFromCivil(addMonths({ y: 1900, m: 1, d: 1 }, Math.trunc(months))) - 1 : serialFromCivil(addMonths(civilFromSerial(s), Math.trunc(months)));
      return r - shift < 0 ? new CellError(ErrorType.NUM) : r - shift;
    });
  }

  text(ast: { args: unknown[] }, state: { formulaAddress?: SimpleCellAddress }): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('TEXT'), (v: unknown, fmt: string) => {
      const general = (why: string, answer: () => string) => likely(state, 'format', `${why}, shown as General`, answer);
      // A code written with another language's separators was read in that language: a cached
      // answer is kept, else the code is read as that language reads it (its decimal comma and grouping).
      // Date letters of another language (TT.MM.JJJJ) are not read here: the cell keeps its value.
      if (foreignLetters(fmt)) return unsureAt(state, `the number format ${JSON.stringify(fmt)} has the letters of another language`);
      const group = foreignSeparators(fmt);
      if (group) {
        const foreign = foreignReading(fmt, group);
        return likely(state, 'locale', `the number format ${JSON.stringify(fmt)} has the separators of another language (read as such a language reads it)`, () => excelText(v, foreign.code, context.date1904, general, foreign.locale));
      }
      return excelText(v, fmt, context.date1904, general);
    });
  }

  /** FIXED writes the separators of the user's settings ("1 234,57" in much of Europe): a cached answer is kept, else en-US's. */
  fixed(ast: { args: unknown[] }, state: { formulaAddress?: SimpleCellAddress }): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('FIXED'), (n: number, decimals: number, noCommas: boolean) => {
      if (decimals > 127) return new CellError(ErrorType.VALUE);
      return likely(state, 'locale', "FIXED writes the separators of the user's settings (here en-US's)", () => fixedText(n, decimals, noCommas));
    });
  }

  /** NUMBERVALUE without its separators reads the user's (en-US's here, a cached answer kept); with them, any text. */
  numbervalue(ast: { args: unknown[] }, state: { formulaAddress?: SimpleCellAddress }): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('NUMBERVALUE'), (text: string, decimal: string, group: string) => {
      if (ast.args.length >= 3) return numberValue(text, decimal, group);
      return likely(state, 'locale', "NUMBERVALUE reads the separators of the user's settings (here en-US's)", () => numberValue(text, decimal, group));
    });
  }

  textAround(ast: { args: unknown[] }, state: unknown, after: boolean): unknown {
    const self = this as unknown as Self;
    const name = after ? 'TEXTAFTER' : 'TEXTBEFORE';
    return self.runFunction(ast.args, state, self.metadata(name), (text: string, delimiter: unknown, instance?: number, mode?: number, end?: number, notFound?: unknown) => {
      const ds = flat(delimiter);
      if (ds.some(isErr)) return ds.find(isErr);
      return textAround(after, text, ds.map((d) => (typeof d === 'string' ? d : d === EmptyValue ? '' : (numberOf(d) === undefined ? String(d) : numberText(numberOf(d)!)))), instance ?? 1, (mode ?? 0) === 1, (end ?? 0) !== 0, notFound === undefined ? new CellError(ErrorType.NA) : notFound);
    });
  }

  textbefore(ast: { args: unknown[] }, state: unknown): unknown {
    return this.textAround(ast, state, false);
  }

  textafter(ast: { args: unknown[] }, state: unknown): unknown {
    return this.textAround(ast, state, true);
  }

  /** DOLLAR writes the currency of the user's settings ("¥" in China): a cached answer is kept, else en-US's. */
  dollar(ast: { args: unknown[] }, state: { formulaAddress?: SimpleCellAddress }): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('DOLLAR'), (n: number, decimals: number) => {
      if (decimals > 127) return new CellError(ErrorType.VALUE);
      return likely(state, 'locale', "DOLLAR writes the currency of the user's settings (here en-US's)", () => dollarText(n, decimals));
    });
  }

  /** YEAR, MONTH, DAY: serial 0 is 0 January 1900 to Excel (HyperFormula: 30 December 1899). */
  datePart(ast: { args: unknown[] }, state: unknown, name: 'YEAR' | 'MONTH' | 'DAY'): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata(name), (serial: number) => datePart(serial, name, context.date1904));
  }

  year(ast: { args: unknown[] }, state: unknown): unknown {
    return this.datePart(ast, state, 'YEAR');
  }

  month(ast: { args: unknown[] }, state: unknown): unknown {
    return this.datePart(ast, state, 'MONTH');
  }

  day(ast: { args: unknown[] }, state: unknown): unknown {
    return this.datePart(ast, state, 'DAY');
  }

  /** PI() is the double nearest π, as Excel caches it (3.1415926535897931); HyperFormula's is cut to 14 decimals (SIN(PI()) was 3.2E-15, not 1.2E-16). */
  pi(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('PI'), () => Math.PI);
  }

  sqrtpi(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('SQRTPI'), (x: number) => Math.sqrt(Math.PI * x));
  }

  /** ACOT(x) in 0…π, as Excel's page gives its range (HyperFormula: -π/2…π/2, ACOT(-1) was -0.785 for Excel's 2.356). */
  acot(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('ACOT'), (x: number) => (x === 0 ? Math.PI / 2 : x < 0 ? Math.atan(1 / x) + Math.PI : Math.atan(1 / x)));
  }

  /**
   * ADDRESS(row, column, [abs], [a1], [sheet]): a sheet name that is not one plain word is quoted, as
   * Excel's page shows (ADDRESS(2,3,1,FALSE,"EXCEL SHEET") is 'EXCEL SHEET'!R2C3; its
   * "[Book1]Sheet1" stays bare, as the page's older text and Excel's cached values have it); HyperFormula
   * never quoted, so INDIRECT(ADDRESS(…,"Sheet 2")) could not read its answer back.
   */
  address(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    // An argument left empty (ADDRESS(1,1,,,"Sheet2")) is the default, as when omitted.
    const empty = (i: number) => (ast.args[i] as { type?: string } | undefined)?.type === 'EMPTY';
    return self.runFunction(ast.args, state, self.metadata('ADDRESS'), (rowArg: number, colArg: number, absArg: number, a1Arg: boolean, sheet?: string) => {
      const row = Math.trunc(rowArg);
      const col = Math.trunc(colArg);
      const abs = empty(2) ? 1 : Math.trunc(absArg);
      const a1 = empty(3) || a1Arg;
      if (row < 1 || col < 1 || row > 1_048_576 || col > 16_384 || abs < 1 || abs > 4) return new CellError(ErrorType.VALUE);
      const absRow = abs === 1 || abs === 2;
      const absCol = abs === 1 || abs === 3;
      const cell = a1 ? `${absCol ? '$' : ''}${columnLetter(col - 1)}${absRow ? '$' : ''}${row}` : `${absRow ? `R${row}` : `R[${row}]`}${absCol ? `C${col}` : `C[${col}]`}`;
      if (sheet === undefined) return cell;
      // Letters of any script, digits, _ and . make a plain name ("工资表", "Sheet2"); a name that reads as a cell (A1, R1C1) is quoted.
      // A workbook's name in brackets stays outside the test: Excel answers [Book1]Sheet1!$C2 (its
      // cached value in Apache POI's FormulaEvalTestData_Copy.xlsx, of the corpus).
      const bare = sheet.replace(/^\[[^\]]*\]/, '');
      const plain = bare === '' || (/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(bare) && !/^[A-Za-z]{1,3}\d+$/.test(bare) && !/^R\d*C\d*$/i.test(bare));
      return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${cell}`;
    });
  }

  weeknum(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('WEEKNUM'), (serial: number, type: number) => weekNumber(serial, type, context.date1904));
  }

  isoweeknum(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('ISOWEEKNUM'), (serial: number) => weekNumber(serial, 21, context.date1904));
  }

  eomonth(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('EOMONTH'), (start: number, months: number) => eomonth(start, months, context.date1904));
  }

  date(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('DATE'), (year: number, month: number, day: number) => excelDate(year, month, day, context.date1904));
  }

  /**
   * A criterion of COUNTIF, SUMIF…: read from an empty cell, Excel takes it as 0 (HyperFormula
   * refuses it); an error value matches the cells holding that error, as its text does
   * (excel-criteria.ts), where HyperFormula would answer the error.
   */
  criterion(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    const v = self.evaluateAst(ast.args[0], state);
    if (isErr(v)) return errorCode(v);
    return v === EmptyValue || v === null || v === undefined ? 0 : v;
  }

  /** CEILING and FLOOR as Excel 2010+: a zero significance is 0 for CEILING (#DIV/0! for FLOOR), a positive number with a negative one #NUM!. */
  roundTo(ast: { args: unknown[] }, state: unknown, name: 'CEILING' | 'FLOOR'): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata(name), (n: number, sig: number) => {
      if (sig === 0) return name === 'CEILING' ? 0 : n === 0 ? 0 : new CellError(ErrorType.DIV_BY_ZERO);
      if (n > 0 && sig < 0) return new CellError(ErrorType.NUM);
      const q = fifteen(n / sig);
      return fifteen((name === 'CEILING' ? Math.ceil(q) : Math.floor(q)) * sig);
    });
  }

  ceiling(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundTo(ast, state, 'CEILING');
  }

  /**
   * CEILING.MATH, FLOOR.MATH, CEILING.PRECISE, FLOOR.PRECISE, ISO.CEILING: to a multiple of the
   * significance's size; a negative number goes away from zero when mode is not 0 (HyperFormula took
   * only 1) for CEILING.MATH, towards it for FLOOR.MATH; the quotient is read on Excel's 15 digits
   * (HyperFormula: CEILING.MATH(4.4,0.1) was 4.5).
   */
  roundToMultiple(ast: { args: unknown[] }, state: unknown, name: string, up: boolean): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata(name), (n: number, sig: number, mode: number) => {
      const size = Math.abs(sig);
      if (size === 0 || n === 0) return 0;
      // Up means towards +∞; a negative number with a mode turns it around (away from, or towards, zero).
      const ceil = n < 0 && mode ? !up : up;
      const q = fifteen(n / size);
      return fifteen((ceil ? Math.ceil(q) : Math.floor(q)) * size);
    });
  }

  ceilingMath(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'CEILING.MATH', true);
  }

  floorMath(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'FLOOR.MATH', false);
  }

  ceilingPrecise(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'CEILING.PRECISE', true);
  }

  isoCeiling(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'ISO.CEILING', true);
  }

  floorPrecise(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'FLOOR.PRECISE', false);
  }

  floor(ast: { args: unknown[] }, state: unknown): unknown {
    return this.roundTo(ast, state, 'FLOOR');
  }

  /** DISPIMG(id, n), WPS's picture in a cell: the cell's value is the formula's own text. */
  dispimg(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('DISPIMG'), (id: string, n: number) => `=DISPIMG("${id}",${n})`);
  }

  /** A complex number's text with each part to 15 significant digits, as Excel writes it ("1.497866136777+1.10714871779409i"). */
  complex(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('EXCEL.COMPLEX'), (text: string) => {
      const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)?(?:([-+](?:\d+\.?\d*|\.\d+)?(?:[eE][-+]?\d+)?)([ij]))?$/.exec(text);
      if (!m || (!m[1] && !m[2])) return text;
      const part = (s: string) => String(fifteen(Number(s))).replace('e+', 'E+').replace('e-', 'E-');
      const re = m[1] !== undefined ? part(m[1]) : '';
      let im = '';
      if (m[2] !== undefined) {
        const coef = m[2] === '+' || m[2] === '-' ? `${m[2]}1` : m[2];
        const v = part(coef);
        im = `${v === '1' ? (re ? '+' : '') : v === '-1' ? '-' : Number(v) > 0 && re ? `+${v}` : v}${m[3]}`;
      }
      return re + im || '0';
    });
  }

  /** CHOOSE(index, …): a fractional index is truncated (HyperFormula: #NUM! for 1.9). */
  chooseValue(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    if (ast.args.length < 2) return new CellError(ErrorType.NA);
    const index = self.evaluateAst(ast.args[0], state);
    if (isErr(index)) return index;
    if (index instanceof SimpleRangeValue) return chooseEach(index, (i) => (i >= 1 && i < ast.args.length ? self.evaluateAst(ast.args[i], state) : undefined));
    const n = numberOf(index);
    if (n === undefined) return new CellError(ErrorType.VALUE);
    const i = Math.trunc(n);
    if (i < 1 || i >= ast.args.length) return new CellError(ErrorType.VALUE);
    return self.evaluateAst(ast.args[i], state);
  }

  /** SUBSTITUTE: a fractional instance is truncated; an empty text to find changes nothing. */
  substitute(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('SUBSTITUTE'), (text: string, find: string, by: string, instance?: number) => {
      if (find === '') return text;
      if (instance === undefined) return text.split(find).join(by);
      const k = Math.trunc(instance);
      if (k < 1) return new CellError(ErrorType.VALUE);
      let at = -1;
      for (let i = 0; i < k; i++) {
        at = text.indexOf(find, at + 1);
        if (at < 0) return text;
      }
      return text.slice(0, at) + by + text.slice(at + find.length);
    });
  }

  /** MID(text, start, count) with its numbers truncated, as Excel takes them (HyperFormula: MID("abcdef",1.9,2.9) was "abc", Excel's "ab"). */
  mid(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('MID'), (text: string, start: number, count: number) => {
      const a = Math.trunc(start);
      const n = Math.trunc(count);
      if (a < 1 || n < 0) return new CellError(ErrorType.VALUE);
      return text.slice(a - 1, a - 1 + n);
    });
  }

  /**
   * FIND and SEARCH from a start truncated to a whole position (HyperFormula answered 1.9 for
   * SEARCH("a","ABCA",1.9), Excel 1); SEARCH ignores case and reads * ? ~ as Excel's page says.
   */
  locate(ast: { args: unknown[] }, state: unknown, name: 'FIND' | 'SEARCH'): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata(name), (find: string, within: string, start: number) => {
      const a = Math.trunc(start);
      if (a < 1 || a > within.length) return new CellError(ErrorType.VALUE);
      const rest = within.slice(a - 1);
      const at = name === 'FIND' ? rest.indexOf(find) : (new RegExp(wildcardSource(find), 'iu').exec(rest)?.index ?? -1);
      return at < 0 ? new CellError(ErrorType.VALUE) : at + a;
    });
  }

  find(ast: { args: unknown[] }, state: unknown): unknown {
    return this.locate(ast, state, 'FIND');
  }

  search(ast: { args: unknown[] }, state: unknown): unknown {
    return this.locate(ast, state, 'SEARCH');
  }

  /** REPLACE(text, start, count, new): start and count truncated, as Excel does. */
  replace(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('REPLACE'), (text: string, start: number, count: number, by: string) => {
      const a = Math.trunc(start);
      const n = Math.trunc(count);
      if (a < 1 || n < 0) return new CellError(ErrorType.VALUE);
      return text.slice(0, a - 1) + by + text.slice(a - 1 + n);
    });
  }

  /** PRODUCT of no numbers is 0 in Excel (HyperFormula: 1); text and booleans in cells are skipped, typed ones read. */
  product(ast: { args: unknown[] }, state: unknown): unknown {
    const nums = numbersIn(argumentValues(this as unknown as Self, ast.args, state));
    if (isErr(nums)) return nums;
    return nums.length ? nums.reduce((p, x) => p * x, 1) : 0;
  }

  /** T(value): text stays, anything else is ""; of a range, its first cell. */
  t(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    if (ast.args.length !== 1) return new CellError(ErrorType.NA);
    let v = self.evaluateAst(ast.args[0], state);
    if (v instanceof SimpleRangeValue) v = v.data[0]?.[0];
    if (isErr(v)) return v;
    return typeof v === 'string' ? v : '';
  }

  /**
   * A call with a number of arguments its function does not take (a file written by a program):
   * the first error among its arguments, else #NAME? for too few (1) or #VALUE! for too many (2).
   */
  badCall(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    for (const arg of ast.args.slice(1)) {
      const v = self.evaluateAst(arg, state);
      if (isErr(v)) return v;
    }
    return new CellError(Number((ast.args[0] as { value?: number }).value) === 1 ? ErrorType.NAME : ErrorType.VALUE);
  }

  nullError(): unknown {
    return new CellError(ErrorType.VALUE, NULL_MESSAGE);
  }

  /** EXCEL.ERROR(code): a cached error HyperFormula has no code for (MESSAGE_ERRORS), as its message-carrying #VALUE!. */
  messageError(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('EXCEL.ERROR'), (code: string) => new CellError(ErrorType.VALUE, MESSAGE_ERRORS.has(code) ? code : undefined));
  }

  /**
   * A legacy (or saved dynamic) array formula's result, fitted to the range it was entered in, as
   * Excel fits it: a single value fills the range, a row repeats down, a column across, cells past
   * the result's size are #N/A.
   */
  arrayFill(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    const rows = Number((ast.args[0] as { value?: number }).value);
    const cols = Number((ast.args[1] as { value?: number }).value);
    const v = self.evaluateAst(ast.args[2], state);
    const data: unknown[][] = v instanceof SimpleRangeValue ? v.data : [[v]];
    const h = data.length;
    const w = data[0]?.length ?? 0;
    const out: unknown[][] = [];
    for (let r = 0; r < rows; r++) {
      const row: unknown[] = [];
      for (let c = 0; c < cols; c++) {
        const rr = h === 1 ? 0 : r;
        const cc = w === 1 ? 0 : c;
        const x = rr < h && cc < w ? data[rr]![cc] : new CellError(ErrorType.NA);
        row.push(x === EmptyValue || x === null || x === undefined ? 0 : x);
      }
      out.push(row);
    }
    return SimpleRangeValue.onlyValues(out as never);
  }

  arrayFillSize(ast: { args: { value?: number }[] }): ArraySize {
    return new ArraySize(Number(ast.args[1]?.value ?? 1), Number(ast.args[0]?.value ?? 1));
  }

  // AND and OR skip text in cells (a reference as much as a range); typed text must read as TRUE or FALSE.
  and(ast: { args: unknown[] }, state: unknown): unknown {
    return ast.args.length ? logical(true, argumentValues(this as unknown as Self, ast.args, state)) : new CellError(ErrorType.NA);
  }

  or(ast: { args: unknown[] }, state: unknown): unknown {
    return ast.args.length ? logical(false, argumentValues(this as unknown as Self, ast.args, state)) : new CellError(ErrorType.NA);
  }

  /** LARGE and SMALL: a value typed in the formula counts too (LARGE(TRUE,1) is 1; HyperFormula: #NUM!). */
  kth(ast: { args: unknown[] }, state: unknown, largest: boolean): unknown {
    const self = this as unknown as Self;
    if (ast.args.length !== 2) return new CellError(ErrorType.NA);
    const [list, kArg] = argumentValues(self, ast.args, state);
    const nums = numbersIn([list!]);
    if (isErr(nums)) return nums;
    const k = numbersIn([{ values: kArg!.values, inCells: false }]);
    if (isErr(k)) return k;
    if (k.length !== 1) return new CellError(ErrorType.VALUE);
    return statistic(largest ? 14 : 15, nums, nums.length, k[0]);
  }

  large(ast: { args: unknown[] }, state: unknown): unknown {
    return this.kth(ast, state, true);
  }

  small(ast: { args: unknown[] }, state: unknown): unknown {
    return this.kth(ast, state, false);
  }

  /** AVEDEV and DEVSQ: of no numbers, #NUM! (HyperFormula: #DIV/0! and 0). */
  deviation(ast: { args: unknown[] }, state: unknown, name: 'AVEDEV' | 'DEVSQ'): unknown {
    const nums = numbersIn(argumentValues(this as unknown as Self, ast.args, state));
    if (isErr(nums)) return nums;
    if (!nums.length) return new CellError(ErrorType.NUM);
    const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
    return name === 'AVEDEV' ? nums.reduce((a, b) => a + Math.abs(b - mean), 0) / nums.length : nums.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  }

  avedev(ast: { args: unknown[] }, state: unknown): unknown {
    return this.deviation(ast, state, 'AVEDEV');
  }

  devsq(ast: { args: unknown[] }, state: unknown): unknown {
    return this.deviation(ast, state, 'DEVSQ');
  }

  /** SUMX2MY2, SUMX2PY2, SUMXMY2 over the pairs where both are numbers; ranges of different sizes #N/A, no pair #DIV/0!. */
  sumOfPairs(ast: { args: unknown[] }, state: unknown, f: (x: number, y: number) => number): unknown {
    const self = this as unknown as Self;
    if (ast.args.length !== 2) return new CellError(ErrorType.NA);
    const [a, b] = argumentValues(self, ast.args, state);
    if (a!.values.length !== b!.values.length) return new CellError(ErrorType.NA);
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < a!.values.length; i++) {
      const x = a!.values[i];
      const y = b!.values[i];
      if (isErr(x)) return x;
      if (isErr(y)) return y;
      const p = numberOf(x);
      const q = numberOf(y);
      if (p === undefined || q === undefined) continue;
      sum += f(p, q);
      pairs++;
    }
    return pairs ? sum : new CellError(ErrorType.DIV_BY_ZERO);
  }

  sumx2my2(ast: { args: unknown[] }, state: unknown): unknown {
    return this.sumOfPairs(ast, state, (x, y) => x * x - y * y);
  }

  sumx2py2(ast: { args: unknown[] }, state: unknown): unknown {
    return this.sumOfPairs(ast, state, (x, y) => x * x + y * y);
  }

  sumxmy2(ast: { args: unknown[] }, state: unknown): unknown {
    return this.sumOfPairs(ast, state, (x, y) => (x - y) * (x - y));
  }

  // TYPE and ERROR.TYPE look at an error instead of passing it on: they evaluate their argument themselves.
  type(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    if (ast.args.length !== 1) return new CellError(ErrorType.NA);
    const v = self.evaluateAst(ast.args[0], state);
    if (v instanceof SimpleRangeValue) return v.width() * v.height() === 1 ? typeOf(v.data[0]![0]) : 64;
    return typeOf(v);
  }

  errorType(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    if (ast.args.length !== 1) return new CellError(ErrorType.NA);
    let v = self.evaluateAst(ast.args[0], state);
    if (v instanceof SimpleRangeValue) v = v.data[0]?.[0]; // an array in an ordinary formula: its first value
    return isErr(v) ? errorNumber(v) : new CellError(ErrorType.NA);
  }

  /** CHOOSECOLS(array, n…) and CHOOSEROWS(array, n…): negative numbers count from the end. */
  choose(ast: { args: unknown[] }, state: unknown, cols: boolean): unknown {
    const self = this as unknown as Self;
    const a = self.evaluateAst(ast.args[0], state);
    if (isErr(a)) return a;
    const data: unknown[][] = a instanceof SimpleRangeValue ? a.data : [[a]];
    const size = cols ? (data[0]?.length ?? 0) : data.length;
    const picks: number[] = [];
    for (const arg of ast.args.slice(1)) {
      const n = numberOf(self.evaluateAst(arg, state));
      if (n === undefined) return new CellError(ErrorType.VALUE);
      const i = Math.trunc(n);
      if (i === 0 || Math.abs(i) > size) return new CellError(ErrorType.VALUE);
      picks.push(i > 0 ? i - 1 : size + i);
    }
    const out = cols ? data.map((row) => picks.map((i) => row[i])) : picks.map((i) => data[i]!);
    return SimpleRangeValue.onlyValues(out.map((row) => row.map((x) => (x === undefined ? EmptyValue : x))) as never);
  }

  chooseCols(ast: { args: unknown[] }, state: unknown): unknown {
    return this.choose(ast, state, true);
  }

  chooseRows(ast: { args: unknown[] }, state: unknown): unknown {
    return this.choose(ast, state, false);
  }

  chooseColsSize(ast: { args: { type?: string; start?: { row: number; col: number }; end?: { row: number; col: number } }[] }): ArraySize {
    const a = ast.args[0];
    if (a?.type !== 'CELL_RANGE' || !a.start || !a.end) return ArraySize.error();
    return new ArraySize(ast.args.length - 1, Math.abs(a.end.row - a.start.row) + 1);
  }

  chooseRowsSize(ast: { args: { type?: string; start?: { row: number; col: number }; end?: { row: number; col: number } }[] }): ArraySize {
    const a = ast.args[0];
    if (a?.type !== 'CELL_RANGE' || !a.start || !a.end) return ArraySize.error();
    return new ArraySize(Math.abs(a.end.col - a.start.col) + 1, ast.args.length - 1);
  }

  concat(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('CONCAT'), (...args: unknown[]) => {
      let s = '';
      for (const a of args) {
        for (const v of flat(a)) {
          if (isErr(v)) return v;
          s += v === EmptyValue || v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : (numberOf(v) === undefined ? String(v) : numberText(numberOf(v)!));
        }
      }
      return s;
    });
  }

  subtotal(ast: { args: unknown[] }, state: { formulaAddress: SimpleCellAddress }): unknown {
    const self = this as unknown as Self;
    if (ast.args.length < 2) return new CellError(ErrorType.NA);
    const fn = numberOf(self.evaluateAst(ast.args[0], state));
    if (fn === undefined) return new CellError(ErrorType.VALUE);
    const f = Math.trunc(fn);
    const base = f > 100 ? f - 100 : f;
    if (base < 1 || base > 11) return new CellError(ErrorType.VALUE);
    try {
      // COUNT skips errors and COUNTA counts them; the others answer the first error.
      const got = collect(self, ast.args.slice(1), state, { skipHidden: f > 100 ? 'all' : 'filtered', skipErrors: base === 2 || base === 3, countErrors: base === 3, skipSubtotals: true });
      if (isErr(got)) return got;
      return statistic(base, got.nums, got.counta);
    } catch (e) {
      if (isErr(e)) return e;
      throw e;
    }
  }

  aggregate(ast: { args: unknown[] }, state: { formulaAddress: SimpleCellAddress }): unknown {
    const self = this as unknown as Self;
    if (ast.args.length < 3) return new CellError(ErrorType.VALUE);
    const fn = numberOf(self.evaluateAst(ast.args[0], state));
    const opt = numberOf(self.evaluateAst(ast.args[1], state)) ?? 0;
    if (fn === undefined || fn < 1 || fn > 19 || opt < 0 || opt > 7) return new CellError(ErrorType.VALUE);
    const o = Math.trunc(opt);
    // Options: 0/4 ignore nothing but nested subtotals (0) …; 1,3,5,7 ignore hidden rows; 2,3,6,7 ignore errors; 4–7 keep nested subtotals.
    const opts: CollectOptions = { skipHidden: o % 2 === 1 ? 'all' : 'none', skipErrors: o === 2 || o === 3 || o === 6 || o === 7 || fn === 2 || fn === 3, countErrors: fn === 3 && !(o === 2 || o === 3 || o === 6 || o === 7), skipSubtotals: o < 4 };
    const refs = fn >= 14 ? [ast.args[2]] : ast.args.slice(2);
    const k = fn >= 14 ? numberOf(self.evaluateAst(ast.args[3], state)) : undefined;
    try {
      const got = collect(self, refs, state, opts);
      if (isErr(got)) return got;
      return statistic(Math.trunc(fn), got.nums, got.counta, k);
    } catch (e) {
      if (isErr(e)) return e;
      throw e;
    }
  }

  /**
   * INDEX(array, row, [column], [area]) as Excel's page has it, where HyperFormula differs: a row or
   * column past the array is #REF! (HyperFormula: #NUM!); a single row's INDEX(A1:F1, 3) is its
   * third cell (HyperFormula took 3 for a row: #NUM!); a row or column of 0 is the whole column or
   * row (HyperFormula: #VALUE!), so that SUM(INDEX(A1:F10,0,5)) sums E1:E10.
   */
  index(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('INDEX'), (range: SimpleRangeValue, rowArg?: number, colArg?: number, area?: number) => {
      const h = range.height();
      const w = range.width();
      let row = rowArg === undefined ? 0 : Math.trunc(rowArg);
      let col = colArg === undefined ? (h === 1 && w > 1 ? undefined : 1) : Math.trunc(colArg);
      // One row and one number: the number picks the column ("If array contains only one row or column, the corresponding row_num or column_num argument is optional").
      if (col === undefined) [row, col] = [1, row];
      if (area !== undefined && Math.trunc(area) !== 1) return new CellError(ErrorType.REF);
      if (row < 0 || col < 0) return new CellError(ErrorType.VALUE);
      if (row > h || col > w) return new CellError(ErrorType.REF);
      if (row > 0 && col > 0) return range.data[row - 1]![col - 1];
      const rows = row ? [range.data[row - 1]!] : range.data;
      const cells = rows.map((r) => (col ? [r[col - 1]] : r));
      return cells.length === 1 && cells[0]!.length === 1 ? cells[0]![0] : SimpleRangeValue.onlyValues(cells as never);
    });
  }

  /** INDEX's answer is a whole column or row when its row or column is the constant 0. */
  indexSize(ast: { args: { type?: string; value?: unknown; start?: { row: number; col: number }; end?: { row: number; col: number } }[] }): ArraySize {
    const a = ast.args[0];
    if (a?.type !== 'CELL_RANGE' || !a.start || !a.end) return ArraySize.scalar();
    const zero = (i: number) => ast.args[i]?.type === 'NUMBER' && ast.args[i]!.value === 0;
    const h = Math.abs(a.end.row - a.start.row) + 1;
    const w = Math.abs(a.end.col - a.start.col) + 1;
    return new ArraySize(zero(2) && ast.args.length > 2 ? w : 1, zero(1) && (ast.args.length > 2 || w === 1) ? h : 1);
  }

  rank(ast: { args: unknown[] }, state: unknown, name = 'RANK', average = false): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata(name), (x: number, range: SimpleRangeValue, order?: number) => {
      const nums: number[] = [];
      for (const v of range.data.flat()) {
        if (isErr(v)) return v;
        const n = numberOf(v);
        if (n !== undefined) nums.push(n);
      }
      const asc = order !== undefined && order !== 0;
      const before = nums.filter((n) => (asc ? n < x : n > x)).length;
      const same = nums.filter((n) => n === x).length;
      if (!same) return new CellError(ErrorType.NA);
      return average ? before + (same + 1) / 2 : before + 1;
    });
  }

  rankEq(ast: { args: unknown[] }, state: unknown): unknown {
    return this.rank(ast, state, 'RANK.EQ');
  }

  rankAvg(ast: { args: unknown[] }, state: unknown): unknown {
    return this.rank(ast, state, 'RANK.AVG', true);
  }

  mode(ast: { args: unknown[] }, state: unknown): unknown {
    // Typed text, even "1", is #VALUE! to MODE; so is a reference to one cell that holds no number
    // (text, a boolean, nothing), where inside a range such values are skipped (POI's checks of Excel).
    const self = this as unknown as Self;
    const args = argumentValues(self, ast.args, state);
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.values[0];
      if ((ast.args[i] as { type?: string }).type === 'CELL_REFERENCE' && !isErr(v) && numberOf(v) === undefined) return new CellError(ErrorType.VALUE);
    }
    const nums = numbersIn(args, true);
    return isErr(nums) ? nums : statistic(13, nums, nums.length);
  }

  /**
   * AVERAGEA: from cells, TRUE is 1, FALSE and text 0, empty cells skipped; typed in the formula,
   * booleans count and text must read as a number; inside an array constant, text is 0 and a
   * boolean is skipped (Excel: AVERAGEA({1;2;4;"Text";TRUE}) is 1.75; HyperFormula counted TRUE).
   */
  averagea(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    let sum = 0;
    let count = 0;
    for (const arg of ast.args) {
      const a = self.evaluateAst(arg, state);
      const type = (arg as { type?: string }).type ?? '';
      const inCells = /^CELL_|RANGE/.test(type);
      for (const v of flat(a)) {
        if (isErr(v)) return v;
        if (v === EmptyValue || v === null || v === undefined) continue;
        let n = numberOf(v);
        if (n === undefined && typeof v === 'boolean') {
          if (!inCells && a instanceof SimpleRangeValue) continue;
          n = Number(v);
        }
        if (n === undefined && typeof v === 'string') {
          if (inCells || a instanceof SimpleRangeValue) n = 0;
          else {
            n = v.trim() === '' ? NaN : Number(v);
            if (!Number.isFinite(n)) return new CellError(ErrorType.VALUE);
          }
        }
        if (n === undefined) continue;
        sum += n;
        count++;
      }
    }
    return count ? sum / count : new CellError(ErrorType.DIV_BY_ZERO);
  }

  /**
   * SUMPRODUCT as Excel: over arrays, anything but a number counts 0 (HyperFormula reads the text
   * "4" and TRUE as numbers, so SUMPRODUCT(A1:A9>1, B1:B9) differed: Excel needs the -- for it);
   * when the first argument is one value, every argument must be one number (text or an empty
   * cell there is #VALUE!).
   */
  sumproduct(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    const args = ast.args.map((a) => self.evaluateAst(a, state));
    const first = grid(args[0]);
    if (first.length === 1 && first[0]!.length === 1) {
      let product = 1;
      for (const a of args) {
        const g = grid(a);
        if (g.length !== 1 || g[0]!.length !== 1) return new CellError(ErrorType.VALUE);
        const v = g[0]![0];
        if (isErr(v)) return v;
        const n = typeof v === 'boolean' ? Number(v) : numberOf(v);
        if (n === undefined) return new CellError(ErrorType.VALUE);
        product *= n;
      }
      return product;
    }
    const h = first.length;
    const w = first[0]?.length ?? 0;
    const grids = args.map(grid);
    if (grids.some((g) => g.length !== h || g[0]?.length !== w)) return new CellError(ErrorType.VALUE);
    let sum = 0;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let product = 1;
        for (const g of grids) {
          const v = g[r]![c];
          if (isErr(v)) return v;
          product *= numberOf(v) ?? 0;
        }
        sum += product;
      }
    }
    return sum;
  }

  modeSngl(ast: { args: unknown[] }, state: unknown): unknown {
    return this.mode(ast, state);
  }

  /** MODE.MULT: every most frequent value (seen at least twice), in the order first met, down a column. */
  modeMult(ast: { args: unknown[] }, state: unknown): unknown {
    const nums = numbersIn(argumentValues(this as unknown as Self, ast.args, state), true);
    if (isErr(nums)) return nums;
    const counts = new Map<number, number>();
    for (const x of nums) counts.set(x, (counts.get(x) ?? 0) + 1);
    const top = Math.max(0, ...counts.values());
    if (top < 2) return new CellError(ErrorType.NA);
    return SimpleRangeValue.onlyValues([...counts].filter(([, c]) => c === top).map(([x]) => [x]) as never);
  }

  /**
   * PERCENTRANK.INC / .EXC (and PERCENTRANK): the rank of x among the numbers as a fraction, between
   * neighbours interpolated, cut (not rounded) to `significance` digits (3 if omitted).
   */
  percentRank(ast: { args: unknown[] }, state: unknown, name: string, exclusive: boolean): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata(name), (list: SimpleRangeValue, x: number, significance?: number) => {
      const nums: number[] = [];
      for (const v of list.data.flat()) {
        if (isErr(v)) return v;
        const n = numberOf(v);
        if (n !== undefined) nums.push(n);
      }
      const digits = Math.trunc(significance ?? 3);
      if (digits < 1) return new CellError(ErrorType.NUM);
      const n = nums.length;
      if (!n) return new CellError(ErrorType.NA);
      nums.sort((a, b) => a - b);
      if (x < nums[0]! || x > nums[n - 1]!) return new CellError(ErrorType.NA);
      const rankOf = (i: number) => (exclusive ? (i + 1) / (n + 1) : n === 1 ? 1 : i / (n - 1));
      const below = (v: number) => nums.filter((y) => y < v).length;
      let rank: number;
      const at = nums.indexOf(x);
      if (at >= 0) rank = rankOf(below(x));
      else {
        const lo = nums[below(x) - 1]!;
        const hi = nums[below(x)]!;
        rank = rankOf(below(lo)) + ((x - lo) / (hi - lo)) * (rankOf(below(hi)) - rankOf(below(lo)));
      }
      const scale = 10 ** digits;
      return Math.floor(fifteen(rank * scale)) / scale;
    });
  }

  percentRankInc(ast: { args: unknown[] }, state: unknown): unknown {
    return this.percentRank(ast, state, 'PERCENTRANK.INC', false);
  }

  percentRankExc(ast: { args: unknown[] }, state: unknown): unknown {
    return this.percentRank(ast, state, 'PERCENTRANK.EXC', true);
  }

  percentRankLegacy(ast: { args: unknown[] }, state: unknown): unknown {
    return this.percentRank(ast, state, 'PERCENTRANK', false);
  }

  /** LOOKUP(key, vector[, result]) and LOOKUP(key, array): the last value not above the key, by Excel's search by halves (excel-lookups.ts). */
  lookup(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('LOOKUP'), (key: unknown, where: SimpleRangeValue, result?: SimpleRangeValue) => {
      if (isErr(key)) return key;
      const data = where.data;
      const h = data.length;
      const w = data[0]?.length ?? 0;
      let keys: unknown[];
      let values: unknown[];
      if (result) {
        keys = data.flat();
        values = result.data.flat();
      } else if (w > h) {
        keys = data[0]!;
        values = data[h - 1]!;
      } else {
        keys = data.map((r) => r[0]);
        values = data.map((r) => r[w - 1]);
      }
      const found = approximateIndex(keys.length, (i) => keys[i], key);
      if (found < 0) return new CellError(ErrorType.NA);
      const v = values[found];
      return v === undefined ? new CellError(ErrorType.NA) : v === EmptyValue ? 0 : v;
    });
  }

  /** XMATCH(key, array[, match_mode[, search_mode]]): exact (0, the default), next smaller (-1), next larger (1). */
  xmatch(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as Self;
    return self.runFunction(ast.args, state, self.metadata('XMATCH'), (key: unknown, where: SimpleRangeValue, mode?: number, search?: number) => {
      if (isErr(key)) return key;
      const list = where.data.flat();
      const order = search !== undefined && search < 0 ? [...list.keys()].reverse() : [...list.keys()];
      let best = -1;
      for (const i of order) {
        const c = compareForLookup(list[i], key);
        if (c === 0) return i + 1;
        if (c === undefined || !mode) continue;
        if (mode === -1 && c < 0 && (best < 0 || (compareForLookup(list[i], list[best]) ?? 0) > 0)) best = i;
        if (mode === 1 && c > 0 && (best < 0 || (compareForLookup(list[i], list[best]) ?? 0) < 0)) best = i;
      }
      return best < 0 ? new CellError(ErrorType.NA) : best + 1;
    });
  }
}

function typeOf(v: unknown): number {
  if (isErr(v)) return 16;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 4;
  return 1;
}

/** The order of two values of one kind (numbers, text ignoring case, booleans); undefined across kinds. */
function compareForLookup(a: unknown, b: unknown): number | undefined {
  const x = numberOf(a);
  const y = numberOf(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') {
    const p = a.toLowerCase();
    const q = b.toLowerCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

const ANY = { argumentType: FunctionArgumentType.ANY };
const NUMBER = { argumentType: FunctionArgumentType.NUMBER };
const RANGE = { argumentType: FunctionArgumentType.RANGE };

(ExcelPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = {
  INT: { method: 'int', parameters: [NUMBER] },
  EDATE: { method: 'edate', parameters: [NUMBER, NUMBER] },
  ROUND: { method: 'round', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  ROUNDUP: { method: 'roundup', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  ROUNDDOWN: { method: 'rounddown', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  TRUNC: { method: 'trunc', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  TEXT: { method: 'text', parameters: [ANY, { argumentType: FunctionArgumentType.STRING }] },
  FIXED: { method: 'fixed', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false }] },
  NUMBERVALUE: { method: 'numbervalue', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING, defaultValue: '.' }, { argumentType: FunctionArgumentType.STRING, defaultValue: ',' }] },
  TEXTBEFORE: { method: 'textbefore', parameters: [{ argumentType: FunctionArgumentType.STRING }, ANY, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.SCALAR, optionalArg: true }], vectorizationForbidden: true },
  TEXTAFTER: { method: 'textafter', parameters: [{ argumentType: FunctionArgumentType.STRING }, ANY, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.SCALAR, optionalArg: true }], vectorizationForbidden: true },
  DOLLAR: { method: 'dollar', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 }] },
  'EXCEL.NULL': { method: 'nullError', parameters: [] },
  'EXCEL.ERROR': { method: 'messageError', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
  'EXCEL.BADCALL': { method: 'badCall', parameters: [NUMBER, ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  CHOOSE: { method: 'chooseValue', parameters: [NUMBER, ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  SUBSTITUTE: { method: 'substitute', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  MID: { method: 'mid', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER, NUMBER] },
  FIND: { method: 'find', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  SEARCH: { method: 'search', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  REPLACE: { method: 'replace', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER, NUMBER, { argumentType: FunctionArgumentType.STRING }] },
  PRODUCT: { method: 'product', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  LARGE: { method: 'large', parameters: [ANY, ANY], vectorizationForbidden: true },
  SMALL: { method: 'small', parameters: [ANY, ANY], vectorizationForbidden: true },
  AVEDEV: { method: 'avedev', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  DEVSQ: { method: 'devsq', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  SUMX2MY2: { method: 'sumx2my2', parameters: [ANY, ANY], vectorizationForbidden: true },
  SUMX2PY2: { method: 'sumx2py2', parameters: [ANY, ANY], vectorizationForbidden: true },
  SUMXMY2: { method: 'sumxmy2', parameters: [ANY, ANY], vectorizationForbidden: true },
  T: { method: 't', parameters: [ANY], vectorizationForbidden: true },
  'EXCEL.COMPLEX': { method: 'complex', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
  'EXCEL.CRITERION': { method: 'criterion', parameters: [ANY], vectorizationForbidden: true },
  CEILING: { method: 'ceiling', parameters: [NUMBER, NUMBER] },
  'CEILING.MATH': { method: 'ceilingMath', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  'FLOOR.MATH': { method: 'floorMath', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  'CEILING.PRECISE': { method: 'ceilingPrecise', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  'ISO.CEILING': { method: 'isoCeiling', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  'FLOOR.PRECISE': { method: 'floorPrecise', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  FLOOR: { method: 'floor', parameters: [NUMBER, NUMBER] },
  DISPIMG: { method: 'dispimg', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER] },
  YEAR: { method: 'year', parameters: [NUMBER] },
  MONTH: { method: 'month', parameters: [NUMBER] },
  DAY: { method: 'day', parameters: [NUMBER] },
  DATE: { method: 'date', parameters: [NUMBER, NUMBER, NUMBER] },
  PI: { method: 'pi', parameters: [] },
  SQRTPI: { method: 'sqrtpi', parameters: [{ argumentType: FunctionArgumentType.NUMBER, minValue: 0 }] },
  ACOT: { method: 'acot', parameters: [NUMBER] },
  ADDRESS: { method: 'address', parameters: [NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true }, { argumentType: FunctionArgumentType.STRING, optionalArg: true }] },
  WEEKNUM: { method: 'weeknum', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
  ISOWEEKNUM: { method: 'isoweeknum', parameters: [NUMBER] },
  EOMONTH: { method: 'eomonth', parameters: [NUMBER, NUMBER] },
  'EXCEL.ARRAYFILL': { method: 'arrayFill', sizeOfResultArrayMethod: 'arrayFillSize', parameters: [NUMBER, NUMBER, ANY] },
  AND: { method: 'and', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  OR: { method: 'or', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  TYPE: { method: 'type', parameters: [ANY], vectorizationForbidden: true },
  'ERROR.TYPE': { method: 'errorType', parameters: [ANY], vectorizationForbidden: true },
  CHOOSECOLS: { method: 'chooseCols', sizeOfResultArrayMethod: 'chooseColsSize', parameters: [ANY, NUMBER], repeatLastArgs: 1, vectorizationForbidden: true },
  CHOOSEROWS: { method: 'chooseRows', sizeOfResultArrayMethod: 'chooseRowsSize', parameters: [ANY, NUMBER], repeatLastArgs: 1, vectorizationForbidden: true },
  CONCAT: { method: 'concat', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  SUBTOTAL: { method: 'subtotal', parameters: [NUMBER, ANY], repeatLastArgs: 1 },
  AGGREGATE: { method: 'aggregate', parameters: [NUMBER, NUMBER, ANY], repeatLastArgs: 1 },
  INDEX: { method: 'index', sizeOfResultArrayMethod: 'indexSize', parameters: [RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  RANK: { method: 'rank', parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  'RANK.EQ': { method: 'rankEq', parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  'RANK.AVG': { method: 'rankAvg', parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  MODE: { method: 'mode', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  SUMPRODUCT: { method: 'sumproduct', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  AVERAGEA: { method: 'averagea', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  'MODE.SNGL': { method: 'modeSngl', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  'MODE.MULT': { method: 'modeMult', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  'PERCENTRANK.INC': { method: 'percentRankInc', parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  'PERCENTRANK.EXC': { method: 'percentRankExc', parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  PERCENTRANK: { method: 'percentRankLegacy', parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  LOOKUP: { method: 'lookup', parameters: [ANY, RANGE, { argumentType: FunctionArgumentType.RANGE, optionalArg: true }] },
  XMATCH: { method: 'xmatch', parameters: [ANY, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
};

export const EXCEL_FUNCTIONS = ExcelPlugin;
/** The names this plugin replaces or adds (HyperFormula's own are unregistered first). */
export const EXCEL_FUNCTION_NAMES = Object.keys((ExcelPlugin as unknown as { implementedFunctions: object }).implementedFunctions);
