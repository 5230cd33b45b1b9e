import type { CompiledFormula, Compiler, FastAst, ColumnIndex } from './compile.js';
import { oneCell } from './compile.js';
import type { CauseSet } from '../calibration/causes.js';
import type { CellValue } from './values.js';
import { NA, NotCompiled, REF, VALUE, XlErr, foldText, toBoolean, toNumber } from './values.js';

/**
 * The lookup functions the fast path compiles: VLOOKUP, HLOOKUP, XLOOKUP, INDEX, MATCH and XMATCH,
 * over an index of a range built once per range (LookupIndex). An approximate match is taken over
 * ascending numbers only, an exact one over numbers and text without wildcards (the first match,
 * or the last where XLOOKUP and XMATCH search from the end): where Excel's answer is less certain
 * the workbook goes to HyperFormula.
 */

/** First-column index of a VLOOKUP table (or the cells of a MATCH range). */
export class LookupIndex implements ColumnIndex {
  private ascending: boolean | undefined;
  private exact: Map<unknown, number> | undefined;
  private exactLast: Map<unknown, number> | undefined;
  constructor(
    private readonly column: CellValue[],
    /** The causes of change among the cells it indexes (see FastBook.get). */
    readonly causes: CauseSet,
  ) {}

  find(key: CellValue, approx: boolean, last = false): number {
    if (key instanceof XlErr || key === null) return -1;
    if (approx) {
      if (typeof key !== 'number') throw new NotCompiled('an approximate VLOOKUP of text');
      if (this.ascending === undefined) {
        this.ascending = this.column.every((v, i) => typeof v === 'number' && (i === 0 || (this.column[i - 1] as number) < v));
      }
      if (!this.ascending) throw new NotCompiled('an approximate VLOOKUP over a column that is not ascending numbers');
      let lo = 0;
      let hi = this.column.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((this.column[mid] as number) <= key) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    }
    if (typeof key === 'string' && /[*?~]/.test(key)) throw new NotCompiled('a VLOOKUP with wildcards');
    if (typeof key === 'boolean') throw new NotCompiled('a VLOOKUP of a boolean');
    if (!this.exact) {
      const exact = new Map<unknown, number>();
      const exactLast = new Map<unknown, number>();
      this.column.forEach((v, i) => {
        const k = typeof v === 'string' ? foldText(v) : v;
        if (!exact.has(k)) exact.set(k, i);
        exactLast.set(k, i);
      });
      this.exact = exact;
      this.exactLast = exactLast;
    }
    return (last ? this.exactLast! : this.exact).get(typeof key === 'string' ? foldText(key) : key) ?? -1;
  }
}

/**
 * VLOOKUP. An approximate match needs a first column of ascending numbers (then the answer is
 * the last row not above the key, which Excel's binary search finds too); an exact match
 * compares numbers with numbers and text with text, ignoring case. Each table is indexed once.
 */
export function vlookup(args: FastAst[], compiler: Compiler): CompiledFormula {
  return tableLookup(args, compiler, false);
}

/** HLOOKUP: VLOOKUP across, the key sought in the table's first row. */
export function hlookup(args: FastAst[], compiler: Compiler): CompiledFormula {
  return tableLookup(args, compiler, true);
}

/** VLOOKUP (the key in the first column, `across` false) or HLOOKUP (in the first row). */
function tableLookup(args: FastAst[], compiler: Compiler, across: boolean): CompiledFormula {
  const name = across ? 'HLOOKUP' : 'VLOOKUP';
  const key = compiler.value(args[0]!);
  const table = oneCell(args[1]!) ? undefined : compiler.range(args[1]!);
  if (!table) throw new NotCompiled(`${name} of a table that is not a range of several cells`);
  const index = compiler.value(args[2]!);
  const approx = args[3] ? compiler.value(args[3]) : () => true;
  return (sheet, row, col) => {
    let k = key(sheet, row, col);
    if (k instanceof XlErr) return k;
    const t = table(sheet, row, col);
    if (t instanceof XlErr) return t;
    const i = toNumber(index(sheet, row, col));
    if (typeof i !== 'number') return i;
    const a = toBoolean(approx(sheet, row, col));
    if (a instanceof XlErr) return a;
    if (!Number.isInteger(i)) throw new NotCompiled(`${name} with a fractional ${across ? 'row' : 'column'}`);
    if (k === null) k = 0;
    // A key not found is #N/A before the column (row) number is judged (Excel's order).
    const found = compiler.indexOf(across ? { ...t, r2: t.r1 } : { ...t, c2: t.c1 }).find(k, a);
    if (found < 0) return NA;
    if (i < 1) return VALUE;
    if (i > (across ? t.r2 - t.r1 : t.c2 - t.c1) + 1) return REF;
    const v = across ? compiler.get(t.sheet, t.r1 + i - 1, t.c1 + found) : compiler.get(t.sheet, t.r1 + found, t.c1 + i - 1);
    return v === null ? 0 : v;
  };
}

/** A match or search mode of XLOOKUP and XMATCH: a number written in the formula, or the default. */
function mode(arg: FastAst | undefined, missing: number, allowed: number[], name: string): number {
  if (arg === undefined) return missing;
  if (arg.k === 'num' && allowed.includes(arg.v)) return arg.v;
  if (arg.k === 'neg' && arg.a.k === 'num' && allowed.includes(-arg.a.v)) return -arg.a.v;
  throw new NotCompiled(`${name} with a match or search mode other than exact, first or last`);
}

/** The one row or column of a range a lookup searches: a range of several cells, or undefined. */
function vector(ast: FastAst, compiler: Compiler) {
  return ast.k === 'ref' && !oneCell(ast) ? compiler.range(ast) : undefined;
}

/**
 * XLOOKUP(key, lookup, results[, if_not_found[, 0[, 1 | -1]]]): an exact match (first, or last
 * when searching from the end) of a key in one column (row), answering the cell of the results
 * column (row) beside it; not found, if_not_found or #N/A. Results of several columns spill: they
 * are HyperFormula's.
 */
export function xlookup(args: FastAst[], compiler: Compiler): CompiledFormula {
  const key = compiler.value(args[0]!);
  const lookup = vector(args[1]!, compiler);
  const results = vector(args[2]!, compiler);
  if (!lookup || !results) throw new NotCompiled('XLOOKUP over something else than ranges of several cells');
  const fallback = args[3] ? compiler.value(args[3]) : undefined;
  mode(args[4], 0, [0], 'XLOOKUP');
  const last = mode(args[5], 1, [1, -1], 'XLOOKUP') < 0;
  return (sheet, row, col) => {
    const k = key(sheet, row, col);
    if (k instanceof XlErr) return k;
    const l = lookup(sheet, row, col);
    if (l instanceof XlErr) return l;
    const t = results(sheet, row, col);
    if (t instanceof XlErr) return t;
    const otherwise = fallback?.(sheet, row, col);
    const vertical = l.c1 === l.c2 && t.r2 - t.r1 === l.r2 - l.r1;
    const horizontal = l.r1 === l.r2 && t.c2 - t.c1 === l.c2 - l.c1;
    if (!vertical && !horizontal) return VALUE;
    if (vertical ? t.c1 !== t.c2 : t.r1 !== t.r2) throw new NotCompiled('XLOOKUP of several columns or rows (a spilled result)');
    if (k === null) throw new NotCompiled('XLOOKUP of an empty cell');
    const found = compiler.indexOf(l).find(k, false, last);
    if (found < 0) {
      if (otherwise === undefined) return NA;
      if (otherwise === null) throw new NotCompiled('XLOOKUP answering an empty cell when not found');
      return otherwise;
    }
    if (otherwise instanceof XlErr) throw new NotCompiled('XLOOKUP with an error for not found');
    const v = vertical ? compiler.get(t.sheet, t.r1 + found, t.c1) : compiler.get(t.sheet, t.r1, t.c1 + found);
    return v === null ? 0 : v;
  };
}

/** XMATCH(key, range[, 0[, 1 | -1]]): the position of an exact match in one column or row, the first or the last. */
export function xmatch(args: FastAst[], compiler: Compiler): CompiledFormula {
  const key = compiler.value(args[0]!);
  const list = vector(args[1]!, compiler);
  if (!list) throw new NotCompiled('XMATCH in something else than a range of several cells');
  mode(args[2], 0, [0], 'XMATCH');
  const last = mode(args[3], 1, [1, -1], 'XMATCH') < 0;
  return (sheet, row, col) => {
    const k = key(sheet, row, col);
    if (k instanceof XlErr) return k;
    const t = list(sheet, row, col);
    if (t instanceof XlErr) return t;
    if (t.r1 !== t.r2 && t.c1 !== t.c2) throw new NotCompiled('XMATCH in a range of several rows and columns');
    if (k === null) throw new NotCompiled('XMATCH of an empty cell');
    const found = compiler.indexOf(t).find(k, false, last);
    return found < 0 ? NA : found + 1;
  };
}

/** INDEX(range, row[, column]) of one cell. */
export function index(args: FastAst[], compiler: Compiler): CompiledFormula {
  const table = args[0]!.k === 'ref' ? compiler.range(args[0]!) : undefined;
  if (!table) throw new NotCompiled('INDEX of something else than a range');
  const [rowArgument, colArgument] = compiler.scalars(args.slice(1));
  return (sheet, row, col) => {
    const t = table(sheet, row, col);
    if (t instanceof XlErr) return t;
    const a = toNumber(rowArgument!(sheet, row, col));
    if (a instanceof XlErr) return a;
    const b = colArgument ? toNumber(colArgument(sheet, row, col)) : undefined;
    if (b instanceof XlErr) return b;
    const height = t.r2 - t.r1 + 1;
    const width = t.c2 - t.c1 + 1;
    let at = Math.trunc(a);
    let across = b === undefined ? 1 : Math.trunc(b);
    if (b === undefined && height === 1 && width > 1) [at, across] = [1, at];
    else if (b === undefined && width > 1) throw new NotCompiled('INDEX of a table without a column');
    if (at === 0 || across === 0) throw new NotCompiled('INDEX of a whole row or column');
    if (at < 0 || across < 0) return VALUE;
    if (at > height || across > width) return REF;
    return compiler.get(t.sheet, t.r1 + at - 1, t.c1 + across - 1);
  };
}

/** MATCH(key, range, 0) exact, or 1 (the default) over ascending numbers. */
export function match(args: FastAst[], compiler: Compiler): CompiledFormula {
  const key = compiler.value(args[0]!);
  const list = args[1]!.k === 'ref' ? compiler.range(args[1]!) : undefined;
  if (!list) throw new NotCompiled('MATCH in something else than a range');
  const type = args[2] ? compiler.value(args[2]) : () => 1;
  return (sheet, row, col) => {
    const k = key(sheet, row, col);
    if (k instanceof XlErr) return k;
    const t = list(sheet, row, col);
    if (t instanceof XlErr) return t;
    const m = toNumber(type(sheet, row, col));
    if (m instanceof XlErr) return m;
    if (t.r1 !== t.r2 && t.c1 !== t.c2) return NA;
    if (m < 0) throw new NotCompiled('MATCH of descending values');
    if (k === null) throw new NotCompiled('MATCH of an empty cell');
    const found = compiler.indexOf(t).find(k, m > 0);
    return found < 0 ? NA : found + 1;
  };
}
