import type { ImplementedFunctions } from 'hyperformula';
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue } from 'hyperformula';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';
import { MAX_CELL_TEXT } from '../model/limits.js';
import type { ArgumentEvaluator } from './common/arguments.js';
import { arrayOf, blank, grid, isErr, numberOf, singleValue } from './common/arguments.js';
import type { ExcelContext } from './common/context.js';
import { CALC_MESSAGE, checkArrayItems, errorCode, errorNumber, isUnsureError, unsureAt } from './common/errors.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER, OPTIONAL } from './common/function-plugin.js';
import { numberText } from './common/number-format/index.js';

/**
 * Excel 365's array functions HyperFormula lacks, as Excel computes them: TAKE, DROP, TOCOL,
 * TOROW, EXPAND, WRAPROWS, WRAPCOLS, SORTBY, MUNIT, MDETERM, MINVERSE, TEXTSPLIT, VALUETOTEXT,
 * ARRAYTOTEXT, PERCENTOF, RANDARRAY and GESTEP, FILTER as Excel's page gives it, SORT and MMULT where
 * HyperFormula's answer otherwise (errors, empty cells, typed numbers), and the array SORTBY and
 * UNIQUE read (EXCEL.VALUES). (VSTACK and HSTACK are HyperFormula's own.) Each answers its whole
 * array; the translation wraps every call in EXCEL.ARRAYFILL, which fits an array to the range
 * of a `t="array"` formula, so such a range gets the cells it covers and an ordinary formula the
 * first value (Excel's implicit intersection of an array: `=@TAKE(…)`).
 */

export class ArrayPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TAKE: { method: 'take', parameters: [ANY, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    DROP: { method: 'drop', parameters: [ANY, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    TOCOL: { method: 'tocol', parameters: [ANY, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    TOROW: { method: 'torow', parameters: [ANY, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    EXPAND: { method: 'expand', parameters: [ANY, OPTIONAL, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    WRAPROWS: { method: 'wraprows', parameters: [ANY, ANY, OPTIONAL], vectorizationForbidden: true },
    WRAPCOLS: { method: 'wrapcols', parameters: [ANY, ANY, OPTIONAL], vectorizationForbidden: true },
    SORT: { method: 'sort', parameters: [ANY, OPTIONAL, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    SORTBY: { method: 'sortby', parameters: [ANY, ANY, OPTIONAL], repeatLastArgs: 2, vectorizationForbidden: true },
    MUNIT: { method: 'munit', parameters: [ANY], vectorizationForbidden: true },
    MDETERM: { method: 'mdeterm', parameters: [ANY], vectorizationForbidden: true },
    MMULT: { method: 'mmult', parameters: [ANY, ANY], vectorizationForbidden: true },
    MINVERSE: { method: 'minverse', parameters: [ANY], vectorizationForbidden: true },
    TEXTSPLIT: { method: 'textsplit', parameters: [ANY, OPTIONAL, OPTIONAL, OPTIONAL, OPTIONAL, OPTIONAL], vectorizationForbidden: true },
    VALUETOTEXT: { method: 'valuetotext', parameters: [ANY, OPTIONAL], vectorizationForbidden: true },
    ARRAYTOTEXT: { method: 'arraytotext', parameters: [ANY, OPTIONAL], vectorizationForbidden: true },
    PERCENTOF: { method: 'percentof', parameters: [ANY, ANY], vectorizationForbidden: true },
    'EXCEL.VALUES': { method: 'excelValues', parameters: [ANY, OPTIONAL], vectorizationForbidden: true },
    FILTER: { method: 'filter', parameters: [ANY, ANY, { argumentType: FunctionArgumentType.ANY, optionalArg: true }], vectorizationForbidden: true },
    RANDARRAY: { method: 'randarray', parameters: [OPTIONAL, OPTIONAL, OPTIONAL, OPTIONAL, OPTIONAL], vectorizationForbidden: true, isVolatile: true },
    GESTEP: { method: 'gestep', parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    'EXCEL.ARRAYFILL': { method: 'arrayFill', sizeOfResultArrayMethod: 'arrayFillSize', parameters: [NUMBER, NUMBER, ANY] },
  };

  /** TAKE(array, rows, [columns]) and DROP(array, rows, [columns]): negative counts from the end; nothing left is #CALC!. */
  cut(ast: CallAst, state: unknown, keep: typeof takeRange): unknown {
    const a = arrayArgument(this, ast, state);
    if (isErr(a)) return a;
    const { data } = a;
    const rows = whole(argument(this, ast, state, 1), undefined);
    if (isErr(rows)) return rows;
    const cols = whole(argument(this, ast, state, 2), undefined);
    if (isErr(cols)) return cols;
    const [r0, r1] = keep(a.h, rows);
    const [c0, c1] = keep(a.w, cols);
    if (r1 <= r0 || c1 <= c0) return calcError();
    return arrayOf(data.slice(r0, r1).map((row) => row.slice(c0, c1)));
  }

  take(ast: CallAst, state: unknown): unknown {
    return this.cut(ast, state, takeRange);
  }

  drop(ast: CallAst, state: unknown): unknown {
    return this.cut(ast, state, dropRange);
  }

  /** TOCOL(array, [ignore], [scan_by_column]) and TOROW: one column (row) of the values, read by rows unless scan_by_column. */
  toVector(ast: CallAst, state: unknown, column: boolean): unknown {
    const a = argument(this, ast, state, 0); // an error is one of the values (TOCOL(A1,2) of an error is empty)
    const ignore = whole(argument(this, ast, state, 1), 0);
    if (isErr(ignore)) return ignore;
    if (ignore === undefined || ignore < 0 || ignore > 3) return valueError();
    const byColumn = whole(argument(this, ast, state, 2), 0);
    if (isErr(byColumn)) return byColumn;
    const values = flatten(grid(a), ignore, byColumn !== 0);
    if (!values.length) return calcError();
    return arrayOf(column ? values.map((v) => [v]) : [values]);
  }

  tocol(ast: CallAst, state: unknown): unknown {
    return this.toVector(ast, state, true);
  }

  torow(ast: CallAst, state: unknown): unknown {
    return this.toVector(ast, state, false);
  }

  /** EXPAND(array, rows, [columns], [pad_with]): fewer rows or columns than the array has is #VALUE!; padded with #N/A unless pad_with. */
  expand(ast: CallAst, state: unknown): unknown {
    const a = arrayArgument(this, ast, state);
    if (isErr(a)) return a;
    const { data, h, w } = a;
    const rows = whole(argument(this, ast, state, 1), h);
    if (isErr(rows)) return rows;
    const cols = whole(argument(this, ast, state, 2), w);
    if (isErr(cols)) return cols;
    const pad = padWith(this, ast, state, 3);
    if (rows! < h || cols! < w) return valueError();
    // Past Excel's largest sheet the answer is #NUM! (EXPAND(x, 2000000)).
    if (rows! > MAX_ROWS || cols! > MAX_COLS) return new CellError(ErrorType.NUM);
    if (rows! * cols! > MAX_RESULT_CELLS) return tooLarge(this.context, state, rows! * cols!);
    return arrayOf(Array.from({ length: rows! }, (_, r) => Array.from({ length: cols! }, (_, c) => (r < h && c < w ? data[r]![c] : pad))));
  }

  /**
   * RANDARRAY([rows], [columns], [min], [max], [whole_number]): rows × columns random numbers from
   * min (0) up to max (1), or whole numbers from min to max both included; a count under 1 is
   * #CALC!, min above max (or not whole, for whole numbers) #VALUE!.
   */
  randarray(ast: CallAst, state: unknown): unknown {
    const rows = whole(argument(this, ast, state, 0), 1);
    if (isErr(rows)) return rows;
    const cols = whole(argument(this, ast, state, 1), 1);
    if (isErr(cols)) return cols;
    const bound = (i: number, fallback: number): number | CellError => {
      const v = argument(this, ast, state, i);
      if (v === undefined) return fallback;
      const x = singleValue(v);
      if (isErr(x)) return x;
      if (blank(x)) return fallback;
      const n = typeof x === 'boolean' ? Number(x) : typeof x === 'string' ? (x.trim() === '' ? NaN : Number(x)) : numberOf(x);
      return n === undefined || !Number.isFinite(n) ? valueError() : n;
    };
    const min = bound(2, 0);
    if (isErr(min)) return min;
    const max = bound(3, 1);
    if (isErr(max)) return max;
    const wholeNumbers = whole(argument(this, ast, state, 4), 0);
    if (isErr(wholeNumbers)) return wholeNumbers;
    if (rows! < 1 || cols! < 1) return calcError();
    if (min > max || (wholeNumbers && (!Number.isInteger(min) || !Number.isInteger(max)))) return valueError();
    if (rows! > MAX_ROWS || cols! > MAX_COLS) return valueError();
    if (rows! * cols! > MAX_RESULT_CELLS) return tooLarge(this.context, state, rows! * cols!);
    const draw = wholeNumbers ? () => min + Math.floor(Math.random() * (max - min + 1)) : () => min + Math.random() * (max - min);
    return arrayOf(Array.from({ length: rows! }, () => Array.from({ length: cols! }, draw)));
  }

  /** WRAPROWS(vector, wrap_count, [pad_with]) and WRAPCOLS: a row or column only (else #VALUE!), wrap_count at least 1 (else #NUM!). */
  wrap(ast: CallAst, state: unknown, byRows: boolean): unknown {
    const a = arrayArgument(this, ast, state);
    if (isErr(a)) return a;
    if (a.h !== 1 && a.w !== 1) return valueError();
    const values = a.data.flat();
    const count = whole(argument(this, ast, state, 1), undefined);
    if (isErr(count)) return count;
    if (count === undefined) return valueError();
    if (count < 1) return new CellError(ErrorType.NUM);
    const pad = padWith(this, ast, state, 2);
    const lines = Math.ceil(values.length / count);
    if (lines * count > MAX_RESULT_CELLS) return tooLarge(this.context, state, lines * count);
    const at = (line: number, i: number) => (line * count + i < values.length ? values[line * count + i] : pad);
    if (byRows) return arrayOf(Array.from({ length: lines }, (_, r) => Array.from({ length: count }, (_, c) => at(r, c))));
    return arrayOf(Array.from({ length: count }, (_, r) => Array.from({ length: lines }, (_, c) => at(c, r))));
  }

  wraprows(ast: CallAst, state: unknown): unknown {
    return this.wrap(ast, state, true);
  }

  wrapcols(ast: CallAst, state: unknown): unknown {
    return this.wrap(ast, state, false);
  }

  /**
   * SORT(array, [sort_index], [sort_order], [by_col]): the rows (with by_col, the columns) in the
   * order of one column (row) of them, as sortKey orders values; an empty cell shows as 0. A
   * sort_index of several columns keeps the cell's value.
   */
  sort(ast: CallAst, state: unknown): unknown {
    const a = arrayArgument(this, ast, state);
    if (isErr(a)) return a;
    const indexArg = argument(this, ast, state, 1);
    if (indexArg instanceof SimpleRangeValue && indexArg.width() * indexArg.height() > 1) return unsureAt(this.context, state, 'SORT by several columns');
    const index = whole(indexArg, 1);
    if (isErr(index)) return index;
    const order = whole(argument(this, ast, state, 2), 1);
    if (isErr(order)) return order;
    const byColumn = whole(argument(this, ast, state, 3), 0);
    if (isErr(byColumn)) return byColumn;
    if (order !== 1 && order !== -1) return valueError();
    if (index === undefined || index < 1 || index > (byColumn ? a.h : a.w)) return valueError();
    const keys = byColumn ? a.data[index - 1]! : a.data.map((row) => row[index - 1]);
    const positions = Array.from({ length: keys.length }, (_, i) => i);
    positions.sort((x, y) => sortKey(keys[x], keys[y], order) || x - y);
    const sorted = byColumn ? a.data.map((row) => positions.map((c) => row[c])) : positions.map((r) => a.data[r]!);
    return arrayOf(sorted.map((row) => row.map((x) => (blank(x) ? 0 : x))));
  }

  /**
   * SORTBY(array, by_array1, [sort_order1], …): each by_array one row or one column as long as the
   * array (else #VALUE!), each order 1 or -1 (else #VALUE!); a stable sort, so ties keep their order.
   */
  sortby(ast: CallAst, state: unknown): unknown {
    const a = arrayArgument(this, ast, state);
    if (isErr(a)) return a;
    const { data, h, w } = a;
    if (ast.args.length < 2) return new CellError(ErrorType.NA);
    const keys: { values: unknown[]; order: number }[] = [];
    let columns: boolean | undefined;
    for (let i = 1; i < ast.args.length; i += 2) {
      const by = argument(this, ast, state, i);
      if (by === undefined) return valueError();
      if (isErr(by)) return by;
      const g = grid(by);
      const byH = g.length;
      const byW = g[0]?.length ?? 0;
      // A column sorts the rows, a row the columns; one cell is a column of one row.
      const isColumn = byW === 1 && byH === h ? true : byH === 1 && byW === w ? false : undefined;
      if (isColumn === undefined || (columns !== undefined && columns !== isColumn)) return valueError();
      columns = isColumn;
      const order = whole(argument(this, ast, state, i + 1), 1);
      if (isErr(order)) return order;
      if (order !== 1 && order !== -1) return valueError();
      keys.push({ values: g.flat(), order });
    }
    const index = Array.from({ length: columns ? h : w }, (_, i) => i);
    index.sort((x, y) => {
      for (const k of keys) {
        const c = sortKey(k.values[x], k.values[y], k.order);
        if (c !== 0) return c;
      }
      return x - y;
    });
    return arrayOf(columns ? index.map((r) => data[r]!) : data.map((row) => index.map((c) => row[c])));
  }

  /** MUNIT(dimension): the identity matrix; a dimension below 1 is #VALUE!. */
  munit(ast: CallAst, state: unknown): unknown {
    const n = whole(argument(this, ast, state, 0), undefined);
    if (isErr(n)) return n;
    if (n === undefined || n < 1) return valueError();
    if (n > MAX_COLS) return new CellError(ErrorType.NUM);
    if (n * n > MAX_RESULT_CELLS) return tooLarge(this.context, state, n * n);
    return arrayOf(Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? 1 : 0))));
  }

  /**
   * MMULT(array1, array2): the matrix product, each sum taken in order. Where HyperFormula's differs,
   * as Excel answers in the workbook IronCalc keeps of it (MMULT.xlsx, saved by Excel): a number a
   * function typed (TIME's) is a number; an error among the values is the answer (the first, row by
   * row, of array1 then array2); a blank, text or logical value is #VALUE!, and so are array1's
   * columns unlike array2's rows; products past the largest number are #NUM!. A blank or text beside
   * an error, or a product only partly past the largest number, keeps the cell's value.
   */
  mmult(ast: CallAst, state: unknown): unknown {
    const a = argument(this, ast, state, 0);
    const b = argument(this, ast, state, 1);
    if (a === undefined || b === undefined) return valueError();
    const x = grid(a);
    const y = grid(b);
    const cells = [...x.flat(), ...y.flat()];
    const error = cells.find((v) => isErr(v));
    const notNumber = cells.some((v) => !isErr(v) && numberOf(v) === undefined);
    if (error !== undefined && notNumber) return unsureAt(this.context, state, 'MMULT of an error beside a blank, text or logical value');
    if (error !== undefined) return error;
    const inner = x[0]?.length ?? 0;
    if (notNumber || inner === 0 || inner !== y.length) return valueError();
    const width = y[0]?.length ?? 0;
    const product = x.map((row) =>
      Array.from({ length: width }, (_, j) => {
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += numberOf(row[k])! * numberOf(y[k]![j])!;
        return sum;
      }),
    );
    const overflows = product.flat().filter((v) => !Number.isFinite(v)).length;
    if (overflows === 0) return arrayOf(product);
    return overflows === width * x.length ? new CellError(ErrorType.NUM) : unsureAt(this.context, state, 'MMULT with only some products past the largest number');
  }

  /** MDETERM(array): through LU decomposition, as Excel; not square, or a blank or text in it, #VALUE!. */
  mdeterm(ast: CallAst, state: unknown): unknown {
    const m = squareMatrix(argument(this, ast, state, 0));
    if (isErr(m)) return m;
    const f = lu(m);
    if (!f) return 0;
    let det = f.sign;
    for (let i = 0; i < m.length; i++) det *= f.a[i]![i]!;
    return det;
  }

  /** MINVERSE(array): through LU decomposition; not square, or a blank or text in it, #VALUE!; singular, #NUM!. */
  minverse(ast: CallAst, state: unknown): unknown {
    const m = squareMatrix(argument(this, ast, state, 0));
    if (isErr(m)) return m;
    const f = lu(m);
    if (!f) return new CellError(ErrorType.NUM);
    const n = m.length;
    const { a, perm } = f;
    const inverse: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let col = 0; col < n; col++) {
      // Solve L·U·x = P·e(col): forward through L (unit diagonal), then back through U.
      const x = perm.map((p) => (p === col ? 1 : 0));
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i]! -= a[i]![j]! * x[j]!;
      for (let i = n - 1; i >= 0; i--) {
        for (let j = i + 1; j < n; j++) x[i]! -= a[i]![j]! * x[j]!;
        x[i]! /= a[i]![i]!;
      }
      for (let i = 0; i < n; i++) inverse[i]![col] = x[i]! === 0 ? 0 : x[i]!; // no -0
    }
    return arrayOf(inverse);
  }

  /**
   * TEXTSPLIT(text, col_delimiter, [row_delimiter], [ignore_empty], [match_mode], [pad_with]):
   * rows split first, then each row into columns; short rows padded with #N/A unless pad_with;
   * match_mode 1 ignores case. Nothing left is #CALC!.
   */
  textsplit(ast: CallAst, state: unknown): unknown {
    const a = argument(this, ast, state, 0);
    if (a instanceof SimpleRangeValue && (a.width() > 1 || a.height() > 1)) return unsureAt(this.context, state, 'TEXTSPLIT of more than one text');
    const t = singleValue(a ?? EmptyValue);
    if (isErr(t)) return t;
    const text = textOf(t);
    const colDelims = delimitersOf(argument(this, ast, state, 1));
    if (isErr(colDelims)) return colDelims;
    const rowDelims = delimitersOf(argument(this, ast, state, 2));
    if (isErr(rowDelims)) return rowDelims;
    if (!colDelims.length && !rowDelims.length) return valueError();
    const ignore = whole(argument(this, ast, state, 3), 0);
    if (isErr(ignore)) return ignore;
    const mode = whole(argument(this, ast, state, 4), 0);
    if (isErr(mode)) return mode;
    if (mode !== 0 && mode !== 1) return valueError();
    const pad = padWith(this, ast, state, 5);
    if (text === '') return unsureAt(this.context, state, 'TEXTSPLIT of empty text');
    const fold = (s: string) => (mode === 1 ? s.toLowerCase() : s);
    // Case folding that changes a string's length would misplace the cuts: such text keeps its value.
    if (mode === 1 && fold(text).length !== text.length) return unsureAt(this.context, state, 'TEXTSPLIT ignoring case of this text');
    const drop = (parts: string[]) => (ignore ? parts.filter((p) => p !== '') : parts);
    const rows = drop(split(text, rowDelims, fold(text), rowDelims.map(fold))).map((line) => drop(split(line, colDelims, fold(line), colDelims.map(fold))));
    const kept = rows.filter((r) => r.length > 0);
    if (!kept.length) return calcError();
    const width = kept.reduce((m, r) => Math.max(m, r.length), 0);
    checkArrayItems('TEXTSPLIT', kept.length, width);
    return arrayOf(kept.map((r) => Array.from({ length: width }, (_, c) => (c < r.length ? r[c] : pad))));
  }

  /** VALUETOTEXT(value, [format]): format 0 as General shows the value, 1 with text in quotes; any other #VALUE!. */
  valuetotext(ast: CallAst, state: unknown): unknown {
    const strict = whole(argument(this, ast, state, 1), 0);
    if (isErr(strict)) return strict;
    if (strict !== 0 && strict !== 1) return valueError();
    const v = argument(this, ast, state, 0) ?? EmptyValue;
    const one = (x: unknown) => (isUnsureError(x) ? x : valueText(x, strict === 1));
    return v instanceof SimpleRangeValue ? arrayOf(v.data.map((row) => row.map(one))) : one(v);
  }

  /** ARRAYTOTEXT(array, [format]): format 0 the values joined by ", "; 1 as an array constant, {a,"b";c,d}. */
  arraytotext(ast: CallAst, state: unknown): unknown {
    const strict = whole(argument(this, ast, state, 1), 0);
    if (isErr(strict)) return strict;
    if (strict !== 0 && strict !== 1) return valueError();
    const data = grid(argument(this, ast, state, 0) ?? EmptyValue);
    for (const v of data.flat()) {
      if (isUnsureError(v)) return v;
      if (blank(v)) return unsureAt(this.context, state, 'ARRAYTOTEXT of an empty cell');
    }
    const text = strict === 0 ? data.flat().map((v) => valueText(v, false)).join(', ') : `{${data.map((row) => row.map((v) => valueText(v, true)).join(',')).join(';')}}`;
    return text.length > MAX_CELL_TEXT ? valueError() : text;
  }

  /** PERCENTOF(data_subset, data_all): the sum of the one over the sum of the other (numbers only); a zero total #DIV/0!. */
  percentof(ast: CallAst, state: unknown): unknown {
    if (ast.args.length !== 2) return new CellError(ErrorType.NA);
    const sums: number[] = [];
    for (let i = 0; i < 2; i++) {
      const a = argument(this, ast, state, i);
      let s = 0;
      for (const v of grid(a ?? EmptyValue).flat()) {
        if (isErr(v)) return v;
        if (typeof v === 'boolean' && !(a instanceof SimpleRangeValue)) s += v ? 1 : 0; // typed in the formula, as SUM counts it
        else s += numberOf(v) ?? 0;
      }
      sums.push(s);
    }
    return sums[1] === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : sums[0]! / sums[1]!;
  }

  /** GESTEP(number, [step]): 1 when number ≥ step (0 by default), else 0. */
  gestep(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'GESTEP', (n: number, step: number) => (n >= step ? 1 : 0));
  }

  /**
   * FILTER(array, include, [if_empty]) as Excel's page gives it; HyperFormula's takes a third
   * argument for another condition, not the answer when nothing is kept. include is one column as
   * tall as the array (it keeps rows) or one row as wide (columns), else #VALUE!; an error in it is
   * the answer; a number keeps where it is not 0, text is #VALUE!, an empty cell keeps nothing.
   * Nothing kept is if_empty, else #CALC!. An empty cell of the array is 0 in the answer.
   */
  filter(ast: CallAst, state: unknown): unknown {
    const a = arrayArgument(this, ast, state);
    if (isErr(a)) return a;
    const inc = argument(this, ast, state, 1);
    if (isErr(inc)) return inc;
    const flags = grid(inc ?? EmptyValue);
    const byRows = flags[0]?.length === 1 && flags.length === a.h;
    const byCols = flags.length === 1 && (flags[0]?.length ?? 0) === a.w;
    if (!byRows && !byCols) return valueError();
    const keep: boolean[] = [];
    for (const x of byRows ? flags.map((r) => r[0]) : flags[0]!) {
      if (isErr(x)) return x;
      if (typeof x === 'string') return valueError();
      keep.push(typeof x === 'number' ? x !== 0 : x === true);
    }
    const rows = byRows ? a.data.filter((_, r) => keep[r]) : a.data.map((row) => row.filter((_, c) => keep[c]));
    if (rows.length === 0 || (rows[0]?.length ?? 0) === 0) {
      if (ast.args.length < 3) return new CellError(ErrorType.VALUE, CALC_MESSAGE);
      return argument(this, ast, state, 2) ?? EmptyValue;
    }
    return arrayOf(rows.map((row) => row.map((x) => (blank(x) ? 0 : x))));
  }

  /**
   * EXCEL.VALUES(array, [caller]): the array SORTBY and UNIQUE are given, as Excel reads it, an empty
   * cell 0 (compared as 0, shown as 0); HyperFormula's keep the empty cell. With its caller named
   * (HyperFormula's UNIQUE, which answers the first error of its array as its whole answer), an
   * error among the values is a case this engine cannot answer: whether UNIQUE tells errors apart,
   * Microsoft's page does not say.
   */
  excelValues(ast: CallAst, state: unknown): unknown {
    const v = this.evaluate(ast.args[0], state);
    if (isErr(v)) return v;
    const caller = ast.args[1] === undefined ? undefined : this.evaluate(ast.args[1], state);
    if (typeof caller === 'string' && grid(v).some((row) => row.some((x) => isErr(x) && !isUnsureError(x)))) return unsureAt(this.context, state, `${caller} of an array holding an error value (Microsoft's page does not say what it answers)`);
    if (v instanceof SimpleRangeValue) return arrayOf(v.data.map((row) => row.map((x) => (blank(x) ? 0 : x))));
    return blank(v) ? 0 : v;
  }

  /**
   * A legacy (or saved dynamic) array formula's result, fitted to the range it was entered in, as
   * Excel fits it: a single value fills the range, a row repeats down, a column across, cells past
   * the result's size are #N/A.
   */
  arrayFill(ast: CallAst, state: unknown): unknown {
    const rows = Number((ast.args[0] as { value?: number }).value);
    const cols = Number((ast.args[1] as { value?: number }).value);
    const v = this.evaluate(ast.args[2], state);
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
}

const calcError = () => new CellError(ErrorType.VALUE, CALC_MESSAGE);
const valueError = () => new CellError(ErrorType.VALUE);

/** An array result of more cells than this is not built: the cell keeps its value (a sheet-sized EXPAND would take gigabytes). */
const MAX_RESULT_CELLS = 5_000_000;
const tooLarge = (context: ExcelContext, state: unknown, cells: number) => unsureAt(context, state, `an array of ${cells} cells, more than this engine builds`);

type Grid = unknown[][];

/** The call's i-th argument evaluated; undefined when it is left out (absent or empty: `TAKE(x,,2)`). */
function argument(plugin: ArgumentEvaluator, ast: CallAst, state: unknown, i: number): unknown {
  const a = ast.args[i] as { type?: string } | undefined;
  if (a === undefined || a.type === 'EMPTY') return undefined;
  return plugin.evaluate(a, state);
}

/** The call's first argument, the array, as rows with its height and width (an error as it is). */
function arrayArgument(plugin: ArgumentEvaluator, ast: CallAst, state: unknown): { data: Grid; h: number; w: number } | CellError {
  const a = argument(plugin, ast, state, 0);
  if (isErr(a)) return a;
  const data = grid(a);
  return { data, h: data.length, w: data[0]?.length ?? 0 };
}

/** pad_with, the call's i-th argument: #N/A when left out. */
function padWith(plugin: ArgumentEvaluator, ast: CallAst, state: unknown, i: number): unknown {
  return ast.args.length > i ? singleValue(argument(plugin, ast, state, i) ?? EmptyValue) : new CellError(ErrorType.NA);
}

/**
 * A whole number argument (a count, a flag) as Excel reads it: numbers truncated, TRUE 1, numeric
 * text its number; left out (or an empty cell) `fallback`; other text #VALUE!.
 */
function whole(v: unknown, fallback: number | undefined): number | undefined | CellError {
  if (v === undefined) return fallback;
  const x = singleValue(v);
  if (isErr(x)) return x;
  if (blank(x)) return fallback;
  if (typeof x === 'boolean') return x ? 1 : 0;
  const n = typeof x === 'string' ? (x.trim() === '' ? NaN : Number(x)) : numberOf(x);
  return n === undefined || !Number.isFinite(n) ? valueError() : Math.trunc(n);
}

/** A value written as text: numbers as General writes them (15 digits), TRUE/FALSE, an error's code. */
function textOf(v: unknown): string {
  if (blank(v)) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isErr(v)) return errorCode(v);
  const n = numberOf(v);
  return n !== undefined ? numberText(n) : String(v);
}

/** The rows or columns TAKE keeps (n > 0 the first n, n < 0 the last -n); undefined: all. */
function takeRange(size: number, n: number | undefined): [number, number] {
  if (n === undefined) return [0, size];
  return n >= 0 ? [0, Math.min(n, size)] : [Math.max(size + n, 0), size];
}

/** The rows or columns DROP keeps (n > 0 without the first n, n < 0 without the last -n). */
function dropRange(size: number, n: number | undefined): [number, number] {
  if (n === undefined) return [0, size];
  return n >= 0 ? [Math.min(n, size), size] : [0, Math.max(size + n, 0)];
}

/** TOCOL's and TOROW's ignore: 0 keeps everything, 1 leaves out blanks, 2 errors, 3 both. */
function flatten(data: Grid, ignore: number, byColumn: boolean): unknown[] {
  const out: unknown[] = [];
  const h = data.length;
  const w = data[0]?.length ?? 0;
  for (let i = 0; i < (byColumn ? w : h); i++) {
    for (let j = 0; j < (byColumn ? h : w); j++) {
      const v = byColumn ? data[j]![i] : data[i]![j];
      if ((ignore & 1 && blank(v)) || (ignore & 2 && isErr(v) && !isUnsureError(v))) continue;
      out.push(v);
    }
  }
  return out;
}

/**
 * The order SORT and SORTBY sort by, ascending: numbers, text (ignoring case), FALSE, TRUE, errors
 * by their ERROR.TYPE numbers (#DIV/0!, #NAME?, #N/A); descending reverses it, but an empty cell is
 * last whatever the direction. Equal values keep their order. This is the order of Excel's sorting
 * (its help's "Default sort orders"), and the order of the errors and empty cells is the one Excel
 * saved for SORT over such cells (IronCalc's test workbook SORT.xlsx).
 */
function sortKey(a: unknown, b: unknown, order: number): number {
  const ea = blank(a);
  const eb = blank(b);
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  const rank = (v: unknown) => (numberOf(v) !== undefined ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  let c = ra - rb;
  if (c === 0 && ra === 0) c = numberOf(a)! - numberOf(b)!;
  else if (c === 0 && ra === 1) {
    const x = (a as string).toLowerCase();
    const y = (b as string).toLowerCase();
    c = x < y ? -1 : x > y ? 1 : 0;
  } else if (c === 0 && ra === 2) c = Number(a) - Number(b);
  else if (c === 0 && ra === 3) c = errorNumber(a as CellError) - errorNumber(b as CellError);
  return Math.sign(c) * order;
}

/** A square matrix of numbers (a blank or text anywhere: #VALUE!, as Excel says), or the error. */
function squareMatrix(v: unknown): number[][] | CellError {
  if (isErr(v)) return v;
  const data = grid(v);
  const n = data.length;
  if (n === 0 || data[0]!.length !== n) return valueError();
  const out: number[][] = [];
  for (const row of data) {
    const r: number[] = [];
    for (const x of row) {
      if (isErr(x)) return x;
      const num = numberOf(x);
      if (num === undefined) return valueError();
      r.push(num);
    }
    out.push(r);
  }
  return out;
}

/**
 * LU decomposition with partial pivoting (Excel's method for MDETERM and MINVERSE): the factors
 * in place, the row permutation and its sign; undefined when a pivot is 0 (the matrix is singular).
 */
function lu(m: number[][]): { a: number[][]; perm: number[]; sign: number } | undefined {
  const n = m.length;
  const a = m.map((row) => row.slice());
  const perm = Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[p]![k]!)) p = i;
    if (a[p]![k] === 0) return undefined;
    if (p !== k) {
      [a[p], a[k]] = [a[k]!, a[p]!];
      [perm[p], perm[k]] = [perm[k]!, perm[p]!];
      sign = -sign;
    }
    const pivot = a[k]![k]!;
    for (let i = k + 1; i < n; i++) {
      const f = (a[i]![k]! /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i]![j]! -= f * a[k]![j]!;
    }
  }
  return { a, perm, sign };
}

/** Where to split text: the earliest delimiter at or after `from` (the longest of those starting there). */
function nextDelimiter(text: string, delimiters: string[], from: number): { at: number; length: number } | undefined {
  let best: { at: number; length: number } | undefined;
  for (const d of delimiters) {
    const at = text.indexOf(d, from);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && d.length > best.length)) best = { at, length: d.length };
  }
  return best;
}

function split(text: string, delimiters: string[], folded: string, foldedDelimiters: string[]): string[] {
  if (!delimiters.length) return [text];
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const d = nextDelimiter(folded, foldedDelimiters, from);
    if (!d) break;
    out.push(text.slice(from, d.at));
    from = d.at + d.length;
  }
  out.push(text.slice(from));
  return out;
}

/** TEXTSPLIT's delimiters: one text or an array of texts; an empty one is #VALUE!. */
function delimitersOf(v: unknown): string[] | CellError {
  if (v === undefined) return [];
  const out: string[] = [];
  for (const x of grid(v).flat()) {
    if (isErr(x)) return x;
    const t = textOf(x);
    if (t === '') return valueError();
    out.push(t);
  }
  return out;
}

/** VALUETOTEXT's and ARRAYTOTEXT's text of one value: strict puts text in quotes (doubling those inside). */
function valueText(v: unknown, strict: boolean): string {
  return strict && typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : textOf(v);
}
