import type { ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue } from 'hyperformula';
import type { ArgumentEvaluator } from './common/arguments.js';
import { argumentValues, grid, isErr, numberOf, numbersIn } from './common/arguments.js';
import type { ExcelContext } from './common/context.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER } from './common/function-plugin.js';
import { excelRound, excelRoundToward, fifteenDigits } from './common/rounding.js';
import { statistic } from './common/statistic.js';
import { complexText, parseComplex } from './engineering/complex-numbers.js';

/**
 * Excel's math and trigonometry functions where HyperFormula's answers differ: ROUND, ROUNDUP,
 * ROUNDDOWN and TRUNC in decimal on Excel's 15 digits, INT, CEILING and FLOOR in all their forms,
 * PI, SQRTPI and ACOT, PRODUCT, SUMPRODUCT and the sums of pairs, SUBTOTAL and AGGREGATE that
 * leave out hidden rows, and a complex number's text (EXCEL.COMPLEX). Each comment names the
 * difference from HyperFormula.
 */

export class ExcelMathPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    INT: { method: 'int', parameters: [NUMBER] },
    ROUND: { method: 'round', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    ROUNDUP: { method: 'roundup', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    ROUNDDOWN: { method: 'rounddown', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    TRUNC: { method: 'trunc', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    PI: { method: 'pi', parameters: [] },
    SQRTPI: { method: 'sqrtpi', parameters: [{ argumentType: FunctionArgumentType.NUMBER, minValue: 0 }] },
    ACOT: { method: 'acot', parameters: [NUMBER] },
    CEILING: { method: 'ceiling', parameters: [NUMBER, NUMBER] },
    'CEILING.MATH': { method: 'ceilingMath', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    'FLOOR.MATH': { method: 'floorMath', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
    'CEILING.PRECISE': { method: 'ceilingPrecise', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
    'ISO.CEILING': { method: 'isoCeiling', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
    'FLOOR.PRECISE': { method: 'floorPrecise', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
    FLOOR: { method: 'floor', parameters: [NUMBER, NUMBER] },
    'EXCEL.COMPLEX': { method: 'complex', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
    PRODUCT: { method: 'product', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    SUMX2MY2: { method: 'sumx2my2', parameters: [ANY, ANY], vectorizationForbidden: true },
    SUMX2PY2: { method: 'sumx2py2', parameters: [ANY, ANY], vectorizationForbidden: true },
    SUMXMY2: { method: 'sumxmy2', parameters: [ANY, ANY], vectorizationForbidden: true },
    SUBTOTAL: { method: 'subtotal', parameters: [NUMBER, ANY], repeatLastArgs: 1 },
    AGGREGATE: { method: 'aggregate', parameters: [NUMBER, NUMBER, ANY], repeatLastArgs: 1 },
    SUMPRODUCT: { method: 'sumproduct', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  };

  int(ast: CallAst, state: unknown): unknown {
    // HyperFormula's INT truncates: INT(-2.5) = -2; Excel's floors: -3.
    return this.compute(ast, state, 'INT', (x: number) => Math.floor(x));
  }

  round(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ROUND', excelRound);
  }

  roundup(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ROUNDUP', (x: number, d: number) => excelRoundToward(x, d, true));
  }

  rounddown(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ROUNDDOWN', (x: number, d: number) => excelRoundToward(x, d, false));
  }

  trunc(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'TRUNC', (x: number, d: number) => excelRoundToward(x, d, false));
  }

  /** PI() is the double nearest π, as Excel caches it (3.1415926535897931); HyperFormula's is cut to 14 decimals (its SIN(PI()) is 3.2E-15, Excel's 1.2E-16). */
  pi(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'PI', () => Math.PI);
  }

  sqrtpi(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'SQRTPI', (x: number) => Math.sqrt(Math.PI * x));
  }

  /** ACOT(x) in 0…π, as Excel's page gives its range (HyperFormula's: -π/2…π/2, its ACOT(-1) -0.785 for Excel's 2.356). */
  acot(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ACOT', (x: number) => (x === 0 ? Math.PI / 2 : x < 0 ? Math.atan(1 / x) + Math.PI : Math.atan(1 / x)));
  }

  /** CEILING and FLOOR as Excel 2010+: a zero significance is 0 for CEILING (#DIV/0! for FLOOR), a positive number with a negative one #NUM!. */
  roundTo(ast: CallAst, state: unknown, name: 'CEILING' | 'FLOOR'): unknown {
    return this.compute(ast, state, name, (n: number, sig: number) => {
      if (sig === 0) return name === 'CEILING' ? 0 : n === 0 ? 0 : new CellError(ErrorType.DIV_BY_ZERO);
      if (n > 0 && sig < 0) return new CellError(ErrorType.NUM);
      const q = fifteenDigits(n / sig);
      return fifteenDigits((name === 'CEILING' ? Math.ceil(q) : Math.floor(q)) * sig);
    });
  }

  ceiling(ast: CallAst, state: unknown): unknown {
    return this.roundTo(ast, state, 'CEILING');
  }

  /**
   * CEILING.MATH, FLOOR.MATH, CEILING.PRECISE, FLOOR.PRECISE, ISO.CEILING: to a multiple of the
   * significance's size; a negative number goes away from zero when mode is not 0 (HyperFormula's
   * only when it is 1) for CEILING.MATH, towards it for FLOOR.MATH; the quotient is read on Excel's 15 digits
   * (HyperFormula's CEILING.MATH(4.4,0.1) is 4.5).
   */
  roundToMultiple(ast: CallAst, state: unknown, name: string, up: boolean): unknown {
    return this.compute(ast, state, name, (n: number, sig: number, mode: number) => {
      const size = Math.abs(sig);
      if (size === 0 || n === 0) return 0;
      // Up means towards +∞; a negative number with a mode turns it around (away from, or towards, zero).
      const ceil = n < 0 && mode ? !up : up;
      const q = fifteenDigits(n / size);
      return fifteenDigits((ceil ? Math.ceil(q) : Math.floor(q)) * size);
    });
  }

  ceilingMath(ast: CallAst, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'CEILING.MATH', true);
  }

  floorMath(ast: CallAst, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'FLOOR.MATH', false);
  }

  ceilingPrecise(ast: CallAst, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'CEILING.PRECISE', true);
  }

  isoCeiling(ast: CallAst, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'ISO.CEILING', true);
  }

  floorPrecise(ast: CallAst, state: unknown): unknown {
    return this.roundToMultiple(ast, state, 'FLOOR.PRECISE', false);
  }

  floor(ast: CallAst, state: unknown): unknown {
    return this.roundTo(ast, state, 'FLOOR');
  }

  /**
   * A complex number's text as Excel writes it (engineering/complex-numbers.ts), with its suffix;
   * other text as it is. The complex-number functions (engineering/complex.ts) write their answers
   * so already.
   */
  complex(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'EXCEL.COMPLEX', (text: string) => {
      const z = parseComplex(text);
      return (z && complexText(z.re, z.im, z.suffix ?? 'i')) ?? text;
    });
  }

  /** PRODUCT of no numbers is 0 in Excel (HyperFormula: 1); text and booleans in cells are skipped, typed ones read. */
  product(ast: CallAst, state: unknown): unknown {
    const nums = numbersIn(argumentValues(this, ast.args, state));
    if (isErr(nums)) return nums;
    return nums.length ? nums.reduce((p, x) => p * x, 1) : 0;
  }

  /** SUMX2MY2, SUMX2PY2, SUMXMY2 over the pairs where both are numbers; ranges of different sizes #N/A, no pair #DIV/0!. */
  sumOfPairs(ast: CallAst, state: unknown, f: (x: number, y: number) => number): unknown {
    if (ast.args.length !== 2) return new CellError(ErrorType.NA);
    const [a, b] = argumentValues(this, ast.args, state);
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

  sumx2my2(ast: CallAst, state: unknown): unknown {
    return this.sumOfPairs(ast, state, (x, y) => x * x - y * y);
  }

  sumx2py2(ast: CallAst, state: unknown): unknown {
    return this.sumOfPairs(ast, state, (x, y) => x * x + y * y);
  }

  sumxmy2(ast: CallAst, state: unknown): unknown {
    return this.sumOfPairs(ast, state, (x, y) => (x - y) * (x - y));
  }

  subtotal(ast: CallAst, state: { formulaAddress: SimpleCellAddress }): unknown {
    if (ast.args.length < 2) return new CellError(ErrorType.NA);
    const fn = numberOf(this.evaluate(ast.args[0], state));
    if (fn === undefined) return new CellError(ErrorType.VALUE);
    const f = Math.trunc(fn);
    const base = f > 100 ? f - 100 : f;
    if (base < 1 || base > 11) return new CellError(ErrorType.VALUE);
    try {
      // COUNT skips errors and COUNTA counts them; the others answer the first error.
      const got = collect(this, this.context, ast.args.slice(1), state, { skipHidden: f > 100 ? 'all' : 'filtered', skipErrors: base === 2 || base === 3, countErrors: base === 3, skipSubtotals: true });
      if (isErr(got)) return got;
      return statistic(base, got.nums, got.counta);
    } catch (e) {
      if (isErr(e)) return e;
      throw e;
    }
  }

  aggregate(ast: CallAst, state: { formulaAddress: SimpleCellAddress }): unknown {
    if (ast.args.length < 3) return new CellError(ErrorType.VALUE);
    const fn = numberOf(this.evaluate(ast.args[0], state));
    const opt = numberOf(this.evaluate(ast.args[1], state)) ?? 0;
    if (fn === undefined || fn < 1 || fn > 19 || opt < 0 || opt > 7) return new CellError(ErrorType.VALUE);
    const o = Math.trunc(opt);
    // Options: 0/4 ignore nothing but nested subtotals (0) …; 1,3,5,7 ignore hidden rows; 2,3,6,7 ignore errors; 4–7 keep nested subtotals.
    const opts: CollectOptions = { skipHidden: o % 2 === 1 ? 'all' : 'none', skipErrors: o === 2 || o === 3 || o === 6 || o === 7 || fn === 2 || fn === 3, countErrors: fn === 3 && !(o === 2 || o === 3 || o === 6 || o === 7), skipSubtotals: o < 4 };
    const refs = fn >= 14 ? [ast.args[2]] : ast.args.slice(2);
    // LARGE, SMALL and the percentiles (14–19) need their k: without it the call is #VALUE!.
    if (fn >= 14 && !ast.args[3]) return new CellError(ErrorType.VALUE);
    const k = fn >= 14 ? numberOf(this.evaluate(ast.args[3], state)) : undefined;
    try {
      const got = collect(this, this.context, refs, state, opts);
      if (isErr(got)) return got;
      return statistic(Math.trunc(fn), got.nums, got.counta, k);
    } catch (e) {
      if (isErr(e)) return e;
      throw e;
    }
  }

  /**
   * SUMPRODUCT as Excel: over arrays, anything but a number counts 0 (HyperFormula reads the text
   * "4" and TRUE as numbers, so SUMPRODUCT(A1:A9>1, B1:B9) differs: Excel needs the -- for it);
   * when the first argument is one value, every argument must be one number (text or an empty
   * cell there is #VALUE!).
   */
  sumproduct(ast: CallAst, state: unknown): unknown {
    const args = ast.args.map((a) => this.evaluate(a, state));
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
function collect(plugin: ArgumentEvaluator, context: ExcelContext, asts: unknown[], state: { formulaAddress: SimpleCellAddress }, opts: CollectOptions): { nums: number[]; counta: number } | CellError {
  const nums: number[] = [];
  let counta = 0;
  for (const ast of asts) {
    const a = plugin.evaluate(ast, state);
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
