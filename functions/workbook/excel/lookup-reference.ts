import type { ImplementedFunctions } from 'hyperformula';
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue } from 'hyperformula';
import { columnLetter } from '../../../shared/src/values/columns.js';
import { isErr, numberOf } from './common/arguments.js';
import { unsureAt } from './common/errors.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER, RANGE } from './common/function-plugin.js';
import { approximateIndex } from './lookups.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';

/**
 * Excel's lookup and reference functions where HyperFormula's answers differ or it has none:
 * CHOOSE (an array of indexes too), CHOOSECOLS and CHOOSEROWS, INDEX with a row or column of 0,
 * LOOKUP by Excel's search by halves, XMATCH, and ADDRESS with its sheet quoted as Excel quotes it.
 * VLOOKUP, HLOOKUP and MATCH are lookups.ts's.
 */

export class ExcelLookupReferencePlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ADDRESS: { method: 'address', parameters: [NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true }, { argumentType: FunctionArgumentType.STRING, optionalArg: true }] },
    CHOOSE: { method: 'chooseValue', parameters: [NUMBER, ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    CHOOSECOLS: { method: 'chooseCols', sizeOfResultArrayMethod: 'chooseColsSize', parameters: [ANY, NUMBER], repeatLastArgs: 1, vectorizationForbidden: true },
    CHOOSEROWS: { method: 'chooseRows', sizeOfResultArrayMethod: 'chooseRowsSize', parameters: [ANY, NUMBER], repeatLastArgs: 1, vectorizationForbidden: true },
    INDEX: { method: 'index', sizeOfResultArrayMethod: 'indexSize', parameters: [RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    LOOKUP: { method: 'lookup', parameters: [ANY, RANGE, { argumentType: FunctionArgumentType.RANGE, optionalArg: true }] },
    XMATCH: { method: 'xmatch', parameters: [ANY, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  };

  /**
   * ADDRESS(row, column, [abs], [a1], [sheet]): a sheet name that is not one plain word is quoted, as
   * Excel's page shows (ADDRESS(2,3,1,FALSE,"EXCEL SHEET") is 'EXCEL SHEET'!R2C3; its
   * "[Book1]Sheet1" stays bare, as the page's older text and Excel's cached values have it); HyperFormula
   * quotes none, so INDIRECT(ADDRESS(…,"Sheet 2")) cannot read its answer back.
   */
  address(ast: CallAst, state: unknown): unknown {
    // An argument left empty (ADDRESS(1,1,,,"Sheet2")) is the default, as when omitted.
    const empty = (i: number) => (ast.args[i] as { type?: string } | undefined)?.type === 'EMPTY';
    return this.compute(ast, state, 'ADDRESS', (rowArg: number, colArg: number, absArg: number, a1Arg: boolean, sheet?: string) => {
      const row = Math.trunc(rowArg);
      const col = Math.trunc(colArg);
      const abs = empty(2) ? 1 : Math.trunc(absArg);
      const a1 = empty(3) || a1Arg;
      if (row < 1 || col < 1 || row > MAX_ROWS || col > MAX_COLS || abs < 1 || abs > 4) return new CellError(ErrorType.VALUE);
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

  /** CHOOSE(index, …): a fractional index is truncated (HyperFormula: #NUM! for 1.9). */
  chooseValue(ast: CallAst, state: unknown): unknown {
    if (ast.args.length < 2) return new CellError(ErrorType.NA);
    const index = this.evaluate(ast.args[0], state);
    if (isErr(index)) return index;
    if (index instanceof SimpleRangeValue) return chooseEach(index, (i) => (i >= 1 && i < ast.args.length ? this.evaluate(ast.args[i], state) : undefined));
    const n = numberOf(index);
    if (n === undefined) return new CellError(ErrorType.VALUE);
    const i = Math.trunc(n);
    if (i < 1 || i >= ast.args.length) return new CellError(ErrorType.VALUE);
    return this.evaluate(ast.args[i], state);
  }

  /** CHOOSECOLS(array, n…) and CHOOSEROWS(array, n…): negative numbers count from the end. */
  chooseColumnsOrRows(ast: CallAst, state: unknown, cols: boolean): unknown {
    const a = this.evaluate(ast.args[0], state);
    if (isErr(a)) return a;
    const data: unknown[][] = a instanceof SimpleRangeValue ? a.data : [[a]];
    const size = cols ? (data[0]?.length ?? 0) : data.length;
    const picks: number[] = [];
    for (const arg of ast.args.slice(1)) {
      const n = numberOf(this.evaluate(arg, state));
      if (n === undefined) return new CellError(ErrorType.VALUE);
      const i = Math.trunc(n);
      if (i === 0 || Math.abs(i) > size) return new CellError(ErrorType.VALUE);
      picks.push(i > 0 ? i - 1 : size + i);
    }
    const out = cols ? data.map((row) => picks.map((i) => row[i])) : picks.map((i) => data[i]!);
    return SimpleRangeValue.onlyValues(out.map((row) => row.map((x) => (x === undefined ? EmptyValue : x))) as never);
  }

  chooseCols(ast: CallAst, state: unknown): unknown {
    return this.chooseColumnsOrRows(ast, state, true);
  }

  chooseRows(ast: CallAst, state: unknown): unknown {
    return this.chooseColumnsOrRows(ast, state, false);
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

  /**
   * INDEX(array, row, [column], [area]) as Excel's page has it, where HyperFormula differs: a row or
   * column past the array is #REF! (HyperFormula: #NUM!); a single row's INDEX(A1:F1, 3) is its
   * third cell (HyperFormula reads the 3 as a row: #NUM!); a row or column of 0 is the whole column or
   * row (HyperFormula: #VALUE!), so that SUM(INDEX(A1:F10,0,5)) sums E1:E10; an array of several
   * rows and columns with a row and no column is that whole row.
   */
  index(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'INDEX', (range: SimpleRangeValue, rowArg?: number, colArg?: number, area?: number) => {
      const h = range.height();
      const w = range.width();
      // An array of several rows and columns and only a row: the whole row ("INDEX returns an array of
      // the entire row", the array form); of a range, the reference form takes no such call, and its
      // page does not say what it answers.
      if (colArg === undefined && rowArg !== undefined && h > 1 && w > 1 && range.range !== undefined) return unsureAt(this.context, state, 'INDEX of a range of several rows and columns with a row and no column');
      let row = rowArg === undefined ? 0 : Math.trunc(rowArg);
      let col = colArg === undefined ? (h === 1 && w > 1 ? undefined : w === 1 ? 1 : 0) : Math.trunc(colArg);
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

  /** LOOKUP(key, vector[, result]) and LOOKUP(key, array): the last value not above the key, by Excel's search by halves (lookups.ts). */
  lookup(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'LOOKUP', (key: unknown, where: SimpleRangeValue, result?: SimpleRangeValue) => {
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
  xmatch(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'XMATCH', (key: unknown, where: SimpleRangeValue, mode?: number, search?: number) => {
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
