import type { ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, SimpleRangeValue } from 'hyperformula';
import { blank, grid, numberOf } from './common/arguments.js';
import { likely } from './common/errors.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin } from './common/function-plugin.js';
import { statistic } from './common/statistic.js';

/**
 * GROUPBY(row_fields, values, function, [field_headers], [total_depth], [sort_order], [filter_array])
 * as Excel 365 computes it, with the function given as Excel writes an eta-reduced one
 * (`_xleta.SUM`, read here as the text "SUM"): one row per distinct row field (sorted), each value
 * column aggregated, a grand total (below, or above for a negative depth). Subtotals (depth 2),
 * LAMBDA functions and field_relationship are not computed (#VALUE!, the cell keeps its value).
 * The total's label is the user's language's ("Total" in en-US): a cached answer is kept.
 */

/** The aggregations by name, as SUBTOTAL's function numbers (statistic()), and PERCENTOF. */
const AGGREGATIONS: Record<string, number> = { AVERAGE: 1, COUNT: 2, COUNTA: 3, MAX: 4, MIN: 5, PRODUCT: 6, 'STDEV.S': 7, 'STDEV.P': 8, SUM: 9, 'VAR.S': 10, 'VAR.P': 11, MEDIAN: 12, PERCENTOF: 0 };

/** The order of two row-field values: numbers, then text (ignoring case), then booleans; empty last. */
function order(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b);
  return 0;
}

function aggregate(fn: number, column: unknown[], all: unknown[]): unknown {
  const nums: number[] = [];
  let counta = 0;
  for (const v of column) {
    if (v instanceof CellError) return v;
    if (blank(v)) continue;
    counta++;
    const n = numberOf(v);
    if (n !== undefined) nums.push(n);
  }
  if (fn !== 0) return statistic(fn, nums, counta, undefined, false);
  const total = all.reduce((s: number, v) => s + (numberOf(v) ?? 0), 0);
  return total === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : nums.reduce((s, x) => s + x, 0) / total;
}

export class GroupByPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    GROUPBY: { method: 'groupby', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
  };

  groupby(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    const arg = (i: number) => (ast.args[i] === undefined || (ast.args[i] as { type?: string }).type === 'EMPTY' ? undefined : this.evaluate(ast.args[i], state));
    const fields = grid(arg(0));
    const values = grid(arg(1));
    const fnName = arg(2);
    if (typeof fnName !== 'string' || !(fnName.toUpperCase() in AGGREGATIONS)) return new CellError(ErrorType.VALUE, 'GROUPBY with a function other than a named aggregation');
    const fn = AGGREGATIONS[fnName.toUpperCase()]!;
    if (fields.length !== values.length) return new CellError(ErrorType.VALUE);
    for (const x of [arg(3), arg(4), arg(5)]) if (x instanceof CellError) return x;
    if (ast.args.length > 7) return new CellError(ErrorType.VALUE, 'GROUPBY with field_relationship');
    // Headers: absent means Excel guesses: text above a number in values is a header row, not shown.
    let headers = numberOf(arg(3));
    if (headers === undefined) headers = typeof values[0]?.[0] === 'string' && numberOf(values[1]?.[0]) !== undefined ? 1 : 0;
    const depth = numberOf(arg(4)) ?? 1;
    if (![0, 1, -1].includes(depth) || ![0, 1, 2, 3].includes(headers)) return new CellError(ErrorType.VALUE, 'GROUPBY subtotals');
    const sortArg = arg(5);
    const sorts = sortArg === undefined ? [1] : grid(sortArg).flat().map((v) => numberOf(v) ?? NaN);
    const filter = arg(6) === undefined ? undefined : grid(arg(6)).flat();
    const first = headers === 1 || headers === 3 ? 1 : 0;
    const groups = new Map<string, { key: unknown[]; rows: number[] }>();
    for (let r = first; r < fields.length; r++) {
      if (filter && !(filter[r] === true || (numberOf(filter[r]) ?? 0) !== 0)) continue;
      const key = fields[r]!;
      const id = JSON.stringify(key.map((v) => (typeof v === 'string' ? `s${v.toLowerCase()}` : blank(v) ? '' : String(v))));
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { key, rows: [] }));
      g.rows.push(r);
    }
    const width = values[0]?.length ?? 0;
    const kept = [...groups.values()].flatMap((g) => g.rows);
    const column = (rows: number[], c: number) => rows.map((r) => values[r]![c]);
    const out = [...groups.values()].map((g) => [...g.key, ...Array.from({ length: width }, (_, c) => aggregate(fn, column(g.rows, c), column(kept, c)))]);
    const nKey = fields[0]?.length ?? 0;
    for (const s of [...sorts].reverse()) {
      const i = Math.abs(Math.trunc(s)) - 1;
      if (!(i >= 0 && i < nKey + width)) return new CellError(ErrorType.VALUE);
      out.sort((a, b) => (s < 0 ? -1 : 1) * order(a[i], b[i]));
    }
    const rows: unknown[][] = out;
    if (depth !== 0) {
      const total = ['Total', ...Array.from({ length: nKey - 1 }, () => EmptyValue), ...Array.from({ length: width }, (_, c) => aggregate(fn, column(kept, c), column(kept, c)))];
      if (depth > 0) rows.push(total);
      else rows.unshift(total);
    }
    if (headers === 3 && fields.length) rows.unshift([...fields[0]!, ...values[0]!]);
    const result = SimpleRangeValue.onlyValues(rows.map((row) => row.map((v) => (blank(v) ? EmptyValue : v))) as never);
    return depth === 0 ? result : likely(this.context, state, 'locale', 'GROUPBY labels its total in the language of the user (here "Total")', () => result);
  }
}
