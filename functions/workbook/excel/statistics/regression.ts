import type { ImplementedFunctions } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, SimpleRangeValue } from 'hyperformula';
import type { CallAst } from '../common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, OPTIONAL } from '../common/function-plugin.js';
import { grid } from '../common/arguments.js';
import type { Fit } from './least-squares.js';
import { leastSquares } from './least-squares.js';

/**
 * Excel's regression functions that HyperFormula lacks: LINEST and LOGEST (the coefficients, and
 * with stats the 5-row table of standard errors, r², the y estimate's error, F, degrees of
 * freedom and sums of squares), TREND and GROWTH (the fitted line or curve at new x). As Excel:
 * known_y's in a column make each column of known_x's a variable (each row, in a row); known_x's
 * omitted are 1, 2, 3…; a value that is no number is #VALUE!, shapes that do not match are #REF!,
 * a y ≤ 0 in LOGEST or GROWTH is #NUM!. The answers are arrays; an ordinary (not array) formula
 * shows their first value (hyperformula/translate.ts lists them among the array results).
 */

type Grid = unknown[][];

/** The numbers of a grid, or the first error in it, or #VALUE! for anything else. */
function numbersOf(g: Grid): number[][] | CellError {
  const out: number[][] = [];
  for (const row of g) {
    const r: number[] = [];
    for (const v of row) {
      if (v instanceof CellError) return v;
      if (typeof v !== 'number') return new CellError(ErrorType.VALUE);
      r.push(v);
    }
    out.push(r);
  }
  return out;
}

/** The observations: y, and x as rows of the variables' values; `byRow` when y is a row. */
interface Data {
  y: number[];
  x: number[][];
  byRow: boolean;
}

/** y and x (or 1, 2, 3… for x omitted) read as Excel reads them. */
function dataOf(ys: unknown, xs: unknown, log: boolean): Data | CellError {
  const y = numbersOf(grid(ys));
  if (y instanceof CellError) return y;
  const h = y.length;
  const w = y[0]?.length ?? 0;
  if (!h || !w) return new CellError(ErrorType.VALUE);
  const flatY = y.flat();
  if (log && flatY.some((v) => v <= 0)) return new CellError(ErrorType.NUM);
  const yv = log ? flatY.map(Math.log) : flatY;
  const byRow = h === 1 && w > 1;
  if (xs === undefined) return { y: yv, x: yv.map((_, i) => [i + 1]), byRow };
  const x = numbersOf(grid(xs));
  if (x instanceof CellError) return x;
  const xh = x.length;
  const xw = x[0]?.length ?? 0;
  if (w === 1 && xh === h) return { y: yv, x, byRow: false }; // a column of y: each column of x a variable
  if (h === 1 && xw === w) return { y: yv, x: Array.from({ length: w }, (_, i) => x.map((row) => row[i]!)), byRow: true };
  if (xh === h && xw === w) return { y: yv, x: x.flat().map((v) => [v]), byRow };
  return new CellError(ErrorType.REF);
}

const fitOf = (d: Data, constant: boolean): Fit => leastSquares(d.y, d.x, constant);

const na = () => new CellError(ErrorType.NA);
/** A number, or #NUM! where it cannot be had (no degrees of freedom, a perfect fit's F, an overflow…). */
const stat = (v: number | undefined): number | CellError => (v === undefined || !Number.isFinite(v) ? new CellError(ErrorType.NUM) : v);

/** LINEST's (or, `log`, LOGEST's) table: a row of coefficients, or with `stats` five rows. */
function linest(ys: unknown, xs: unknown, constant: boolean, stats: boolean, log: boolean): SimpleRangeValue | CellError {
  const d = dataOf(ys, xs, log);
  if (d instanceof CellError) return d;
  const fit = fitOf(d, constant);
  const out = (v: number) => stat(log ? Math.exp(v) : v);
  const rows: unknown[][] = [[...fit.slopes.map(out).reverse(), out(fit.intercept)]];
  if (stats) {
    const width = fit.slopes.length + 1;
    const pad = (cells: unknown[]) => [...cells, ...Array.from({ length: width - cells.length }, na)];
    const noDf = fit.df <= 0;
    rows.push([...fit.slopeErrors.map((e) => (noDf ? stat(undefined) : stat(e))).reverse(), constant ? stat(noDf ? undefined : fit.interceptError) : na()]);
    rows.push(pad([stat(fit.r2), stat(noDf ? undefined : fit.sey)]));
    rows.push(pad([stat(noDf ? undefined : fit.f), fit.df]));
    rows.push(pad([stat(fit.ssreg), stat(fit.ssresid)]));
  }
  return SimpleRangeValue.onlyValues(rows as never);
}

/** TREND's (or, `log`, GROWTH's) values of the fit at new_x's (the known x's when omitted), in new_x's shape. */
function trend(ys: unknown, xs: unknown, newXs: unknown, constant: boolean, log: boolean): SimpleRangeValue | CellError {
  const d = dataOf(ys, xs, log);
  if (d instanceof CellError) return d;
  const fit = fitOf(d, constant);
  const k = fit.slopes.length;
  const at = (xv: number[]) => {
    const v = fit.intercept + fit.slopes.reduce((s, m, j) => s + m * xv[j]!, 0);
    return stat(log ? Math.exp(v) : v);
  };
  let points: Grid;
  if (newXs !== undefined) points = grid(newXs);
  else if (xs !== undefined) points = grid(xs);
  else points = d.byRow ? [d.x.map((r) => r[0]!)] : d.x.map((r) => [r[0]!]);
  const nx = numbersOf(points);
  if (nx instanceof CellError) return nx;
  if (k === 1) return SimpleRangeValue.onlyValues(nx.map((row) => row.map((v) => at([v]))) as never);
  // Several variables: each row (y in a column) or column (y in a row) of new_x's is one point.
  if (!d.byRow) {
    if ((nx[0]?.length ?? 0) !== k) return new CellError(ErrorType.REF);
    return SimpleRangeValue.onlyValues(nx.map((row) => [at(row)]) as never);
  }
  if (nx.length !== k) return new CellError(ErrorType.REF);
  return SimpleRangeValue.onlyValues([nx[0]!.map((_, i) => at(nx.map((row) => row[i]!)))] as never);
}

/** A logical argument (const, stats): omitted or left empty, its default (LINEST(y,x,,TRUE) fits a constant). */
function flag(v: unknown, omitted: boolean): boolean | CellError {
  if (v === undefined || v === EmptyValue) return omitted;
  if (v instanceof CellError) return v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toUpperCase() === 'TRUE';
  return new CellError(ErrorType.VALUE);
}

/** LINEST or LOGEST with their flags read. */
function linestCall(y: unknown, x: unknown, c: unknown, s: unknown, log: boolean): SimpleRangeValue | CellError {
  const constant = flag(c, true);
  const stats = flag(s, false);
  if (constant instanceof CellError) return constant;
  if (stats instanceof CellError) return stats;
  return linest(y, x === EmptyValue ? undefined : x, constant, stats, log);
}

/** TREND or GROWTH with their flag read. */
function trendCall(y: unknown, x: unknown, nx: unknown, c: unknown, log: boolean): SimpleRangeValue | CellError {
  const constant = flag(c, true);
  if (constant instanceof CellError) return constant;
  return trend(y, x === EmptyValue ? undefined : x, nx === EmptyValue ? undefined : nx, constant, log);
}

/** Each function on its four arguments (known_y's, known_x's, then const and stats, or new_x's and const). */
const CALLS: Record<string, (y: unknown, x: unknown, a: unknown, b: unknown) => SimpleRangeValue | CellError> = {
  LINEST: (y, x, c, s) => linestCall(y, x, c, s, false),
  LOGEST: (y, x, c, s) => linestCall(y, x, c, s, true),
  TREND: (y, x, nx, c) => trendCall(y, x, nx, c, false),
  GROWTH: (y, x, nx, c) => trendCall(y, x, nx, c, true),
};

/** LINEST, LOGEST, TREND and GROWTH, each on up to four arguments read by CALLS. */
export class RegressionPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = Object.fromEntries(Object.keys(CALLS).map((name) => [name, { method: 'regression', parameters: [ANY, OPTIONAL, OPTIONAL, OPTIONAL], vectorizationForbidden: true }]));

  regression(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, ast.procedureName, CALLS[ast.procedureName]!);
  }
}
