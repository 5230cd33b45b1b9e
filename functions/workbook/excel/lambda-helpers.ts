import type { ImplementedFunctions } from 'hyperformula';
import { ArraySize, CellError, EmptyValue, ErrorType, SimpleRangeValue } from 'hyperformula';
import { MAX_APPLICATIONS } from '../model/limits.js';
import { arrayOf, blank, grid, isErr, singleValue } from './common/arguments.js';
import { CALC_MESSAGE, unsureAt } from './common/errors.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin } from './common/function-plugin.js';

/**
 * Excel's LAMBDA helpers (MAP, BYROW, BYCOL, REDUCE, SCAN, MAKEARRAY) where the translation cannot
 * write their applications out (hyperformula/rewrite/lambda-helpers.ts): the LAMBDA's body,
 * written once, is applied here while the engine computes, each parameter bound to a value
 * (EXCEL.FOLD, EXCEL.EACH, EXCEL.PARAM); and the array the written-out applications are assembled
 * into (EXCEL.ARRAY).
 */

/**
 * The LAMBDA bodies one formula may have computed (EXCEL.FOLD and EXCEL.EACH, nested ones
 * included): a MAP inside a MAP multiplies each one's cap of MAX_APPLICATIONS. Past a million the
 * cell keeps its value rather than hold the whole workbook to its time budget.
 */
const MAX_LAMBDA_STEPS = 1_000_000;

export class LambdaHelperPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    'EXCEL.FOLD': { method: 'excelFold', sizeOfResultArrayMethod: 'excelFoldSize', parameters: [ANY, ANY, ANY, ANY, ANY, ANY, ANY], vectorizationForbidden: true },
    'EXCEL.EACH': { method: 'excelEach', parameters: [ANY, ANY, ANY, ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    'EXCEL.PARAM': { method: 'excelParam', parameters: [ANY, ANY], vectorizationForbidden: true },
    'EXCEL.ARRAY': { method: 'excelArray', sizeOfResultArrayMethod: 'excelArraySize', parameters: [ANY, ANY, ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  };

  /**
   * The parameters' values of each EXCEL.FOLD or EXCEL.EACH while it computes a step, by the frame
   * number the translation gave it (its depth among the folds of its formula). HyperFormula
   * computes one formula at a time, its inputs first: a fold's steps never interleave with another
   * formula's. HyperFormula makes one instance of a plugin per engine, so these are the workbook's own.
   */
  private readonly frames = new Map<number, unknown[]>();
  /** The formula cell whose LAMBDA bodies are being counted, and how many it has had computed. */
  private spent = { sheet: -1, row: -1, col: -1, count: 0 };

  /**
   * EXCEL.ARRAY(rows, cols, v1, v2, …): the values, row by row, as one array (HyperFormula's array
   * constants hold literals only). The translation writes it for what a LAMBDA helper computes per
   * cell (hyperformula/rewrite/lambda-helpers.ts): each value must be one value, else #CALC!, as
   * Excel answers a LAMBDA of BYROW, MAP or MAKEARRAY that returns an array; an empty cell reads 0.
   */
  excelArray(ast: CallAst, state: unknown): unknown {
    const [rows, cols] = [0, 1].map((i) => Number((ast.args[i] as { value?: number }).value)) as [number, number];
    // Only the translation writes this call, with a value for each cell; anything else is no call of ours.
    if (!(rows >= 1 && cols >= 1) || ast.args.length !== rows * cols + 2) return valueError();
    return assembled(rows, cols, (i) => this.evaluate(ast.args[2 + i], state));
  }

  /**
   * EXCEL.FOLD(scan, rows, cols, frame, initial, array, body): REDUCE (scan 0) and SCAN (scan 1)
   * with an initial value, computed here rather than written out step by step (each step would
   * hold the one before, and an accumulator used twice doubles the text each step). The body is
   * evaluated once per cell of the array, row by row, with EXCEL.PARAM(frame, 0) the accumulator
   * and EXCEL.PARAM(frame, 1) the cell's value; REDUCE answers the last accumulator, SCAN each
   * in the array's shape (rows and cols give it to the engine beforehand when the file decides
   * the array, 0 when a formula computes it).
   */
  excelFold(ast: CallAst, state: unknown): unknown {
    const [scan, frame] = [0, 3].map((i) => Number((ast.args[i] as { value?: number }).value)) as [number, number];
    // An error given as the array is one value the LAMBDA is applied to (REDUCE(0,A3,…) with A3 #N/A), as the written-out helpers do.
    const array = this.evaluate(ast.args[5], state);
    const cells = grid(array).flat();
    if (cells.length > MAX_APPLICATIONS) return unsureAt(this.context, state, `${scan ? 'SCAN' : 'REDUCE'} over ${cells.length} cells`);
    let acc = this.evaluate(ast.args[4], state);
    const results: unknown[] = [];
    const done = this.inFrame(frame, () => {
      for (const v of cells) {
        if (!this.spend(state)) return false;
        this.frames.set(frame, [acc, v]);
        acc = this.evaluate(ast.args[6], state);
        results.push(acc);
      }
      return true;
    });
    if (!done) return this.tooMuchWork(state);
    // SCAN's shape is the array's (rows and cols only size the formula, known when the file decides the array).
    const shape = grid(array);
    return scan ? assembled(shape.length, shape[0]?.length ?? 0, (i) => results[i]) : acc;
  }

  /**
   * EXCEL.EACH(kind, frame, body, input…): MAP (kind 0, the inputs its arrays), BYROW (1), BYCOL
   * (2) and MAKEARRAY (3, the inputs its rows and cols) over arrays a formula computes (the
   * translation writes out those the file decides, where a parameter stays a reference): the body
   * evaluated once per cell, row or column, with EXCEL.PARAM(frame, i) its i-th parameter's value.
   * What Microsoft does not document (MAP of arrays of different sizes, a size given as TRUE or as
   * text) keeps the cached value; more than 10,000 results too, as the translation's cap.
   */
  excelEach(ast: CallAst, state: unknown): unknown {
    const [kind, frame] = [0, 1].map((i) => Number((ast.args[i] as { value?: number }).value)) as [number, number];
    const inputs = ast.args.slice(3).map((a) => this.evaluate(a, state));
    // MAKEARRAY's sizes pass an error on (below); an error given as MAP's or BYROW's array is one value the LAMBDA is applied to.
    let h: number;
    let w: number;
    let bind: (r: number, c: number) => unknown[];
    if (kind === 3) {
      const size = inputs.map(singleValue);
      for (const v of size) if (isErr(v)) return v;
      if (size.some((v) => typeof v === 'boolean' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))))) return unsureAt(this.context, state, 'MAKEARRAY of a size given as TRUE/FALSE or text');
      if (size.some((v) => typeof v !== 'number')) return valueError();
      [h, w] = size.map((v) => Math.trunc(v as number)) as [number, number];
      if (h < 1 || w < 1) return valueError();
      bind = (r, c) => [r + 1, c + 1];
    } else {
      const grids = inputs.map(grid);
      const g = grids[0]!;
      [h, w] = [g.length, g[0]?.length ?? 0];
      if (grids.some((x) => x.length !== h || (x[0]?.length ?? 0) !== w)) return unsureAt(this.context, state, 'MAP of arrays of different sizes');
      if (kind === 0) bind = (r, c) => grids.map((x) => x[r]![c]);
      else if (kind === 1) {
        w = 1;
        bind = (r) => [arrayOf([g[r]!])];
      } else {
        h = 1;
        bind = (_, c) => [arrayOf(g.map((row) => [row[c]]))];
      }
    }
    if (h * w > MAX_APPLICATIONS) return unsureAt(this.context, state, `a LAMBDA helper over ${h * w} cells`);
    let over = false;
    const out = this.inFrame(frame, () =>
      assembled(h, w, (i) => {
        if (over || !this.spend(state)) {
          over = true;
          return EmptyValue;
        }
        this.frames.set(frame, bind(Math.floor(i / w), i % w));
        return this.evaluate(ast.args[2], state);
      }),
    );
    return over ? this.tooMuchWork(state) : out;
  }

  /** EXCEL.PARAM(frame, i): the value EXCEL.FOLD binds to its LAMBDA's i-th parameter in the step it is computing. */
  excelParam(ast: CallAst): unknown {
    const [frame, i] = [0, 1].map((k) => Number((ast.args[k] as { value?: number }).value)) as [number, number];
    return this.frames.get(frame)?.[i] ?? valueError();
  }

  excelFoldSize(ast: { args: { value?: number }[] }): ArraySize {
    // Rows and cols 0: an array a formula computes, whose size is known only then.
    return ast.args[0]?.value && ast.args[1]?.value ? new ArraySize(Number(ast.args[2]?.value ?? 1), Number(ast.args[1]?.value ?? 1)) : ArraySize.scalar();
  }

  excelArraySize(ast: { args: { value?: number }[] }): ArraySize {
    return new ArraySize(Number(ast.args[1]?.value ?? 1), Number(ast.args[0]?.value ?? 1));
  }

  /** One more LAMBDA body for the formula being computed: false past MAX_LAMBDA_STEPS. */
  private spend(state: unknown): boolean {
    const a = (state as { formulaAddress?: { sheet: number; row: number; col: number } } | undefined)?.formulaAddress ?? { sheet: -1, row: -1, col: -1 };
    if (this.spent.sheet !== a.sheet || this.spent.row !== a.row || this.spent.col !== a.col) this.spent = { sheet: a.sheet, row: a.row, col: a.col, count: 0 };
    return ++this.spent.count <= MAX_LAMBDA_STEPS;
  }

  private tooMuchWork(state: unknown): CellError {
    return unsureAt(this.context, state, `LAMBDA helpers computing more than ${MAX_LAMBDA_STEPS} values in one formula`);
  }

  /** Runs a fold or helper that binds its frame's values, the frame's outer values (a fold of the same depth around it) back afterwards. */
  private inFrame<T>(frame: number, run: () => T): T {
    const outer = this.frames.get(frame);
    try {
      return run();
    } finally {
      if (outer) this.frames.set(frame, outer);
      else this.frames.delete(frame);
    }
  }
}

const valueError = () => new CellError(ErrorType.VALUE);

/** rows × cols values, row by row, as one array: each must be one value (an array is #CALC!, as Excel answers a LAMBDA helper's nested array); an empty one reads 0. */
function assembled(rows: number, cols: number, value: (i: number) => unknown): SimpleRangeValue {
  const out: unknown[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < cols; c++) {
      const v = value(r * cols + c);
      const one = v instanceof SimpleRangeValue ? (v.width() === 1 && v.height() === 1 ? v.data[0]![0] : new CellError(ErrorType.VALUE, CALC_MESSAGE)) : v;
      row.push(blank(one) ? 0 : one);
    }
    out.push(row);
  }
  return arrayOf(out);
}
