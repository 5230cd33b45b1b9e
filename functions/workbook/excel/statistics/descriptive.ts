import type { ImplementedFunctions } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue } from 'hyperformula';
import { argumentValues, isErr, numberOf, numbersIn, valuesOf } from '../common/arguments.js';
import type { CallAst } from '../common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER, RANGE } from '../common/function-plugin.js';
import { fifteenDigits } from '../common/rounding.js';
import { statistic } from '../common/statistic.js';

/**
 * Excel's descriptive statistics where HyperFormula's answers differ or it has none: LARGE and
 * SMALL, AVEDEV and DEVSQ, RANK in its three forms, MODE in its three, AVERAGEA and PERCENTRANK in
 * its three, each reading values typed in the formula and values in cells as Excel reads them.
 */

export class ExcelDescriptiveStatisticsPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    LARGE: { method: 'large', parameters: [ANY, ANY], vectorizationForbidden: true },
    SMALL: { method: 'small', parameters: [ANY, ANY], vectorizationForbidden: true },
    AVEDEV: { method: 'avedev', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    DEVSQ: { method: 'devsq', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    RANK: { method: 'rank', parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    'RANK.EQ': { method: 'rankEq', parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    'RANK.AVG': { method: 'rankAvg', parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    MODE: { method: 'mode', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    AVERAGEA: { method: 'averagea', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    'MODE.SNGL': { method: 'modeSngl', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    'MODE.MULT': { method: 'modeMult', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    'PERCENTRANK.INC': { method: 'percentRankInc', parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    'PERCENTRANK.EXC': { method: 'percentRankExc', parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    PERCENTRANK: { method: 'percentRankLegacy', parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
  };

  /** LARGE and SMALL: a value typed in the formula counts too (LARGE(TRUE,1) is 1; HyperFormula: #NUM!). */
  kth(ast: CallAst, state: unknown, largest: boolean): unknown {
    if (ast.args.length !== 2) return new CellError(ErrorType.NA);
    const [list, kArg] = argumentValues(this, ast.args, state);
    const nums = numbersIn([list!]);
    if (isErr(nums)) return nums;
    const k = numbersIn([{ values: kArg!.values, inCells: false }]);
    if (isErr(k)) return k;
    if (k.length !== 1) return new CellError(ErrorType.VALUE);
    return statistic(largest ? 14 : 15, nums, nums.length, k[0]);
  }

  large(ast: CallAst, state: unknown): unknown {
    return this.kth(ast, state, true);
  }

  small(ast: CallAst, state: unknown): unknown {
    return this.kth(ast, state, false);
  }

  /** AVEDEV and DEVSQ: of no numbers, #NUM! (HyperFormula: #DIV/0! and 0). */
  deviation(ast: CallAst, state: unknown, name: 'AVEDEV' | 'DEVSQ'): unknown {
    const nums = numbersIn(argumentValues(this, ast.args, state));
    if (isErr(nums)) return nums;
    if (!nums.length) return new CellError(ErrorType.NUM);
    const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
    return name === 'AVEDEV' ? nums.reduce((a, b) => a + Math.abs(b - mean), 0) / nums.length : nums.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  }

  avedev(ast: CallAst, state: unknown): unknown {
    return this.deviation(ast, state, 'AVEDEV');
  }

  devsq(ast: CallAst, state: unknown): unknown {
    return this.deviation(ast, state, 'DEVSQ');
  }

  rank(ast: CallAst, state: unknown, name = 'RANK', average = false): unknown {
    return this.compute(ast, state, name, (x: number, range: SimpleRangeValue, order?: number) => {
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

  rankEq(ast: CallAst, state: unknown): unknown {
    return this.rank(ast, state, 'RANK.EQ');
  }

  rankAvg(ast: CallAst, state: unknown): unknown {
    return this.rank(ast, state, 'RANK.AVG', true);
  }

  mode(ast: CallAst, state: unknown): unknown {
    // Typed text, even "1", is #VALUE! to MODE; so is a reference to one cell that holds no number
    // (text, a boolean, nothing), where inside a range such values are skipped (POI's checks of Excel).
    const args = argumentValues(this, ast.args, state);
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
   * boolean is skipped (Excel: AVERAGEA({1;2;4;"Text";TRUE}) is 1.75; HyperFormula counts TRUE).
   */
  averagea(ast: CallAst, state: unknown): unknown {
    let sum = 0;
    let count = 0;
    for (const arg of ast.args) {
      const a = this.evaluate(arg, state);
      const type = (arg as { type?: string }).type ?? '';
      const inCells = /^CELL_|RANGE/.test(type);
      for (const v of valuesOf(a)) {
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

  modeSngl(ast: CallAst, state: unknown): unknown {
    return this.mode(ast, state);
  }

  /** MODE.MULT: every most frequent value (seen at least twice), in the order first met, down a column. */
  modeMult(ast: CallAst, state: unknown): unknown {
    const nums = numbersIn(argumentValues(this, ast.args, state), true);
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
  percentRank(ast: CallAst, state: unknown, name: string, exclusive: boolean): unknown {
    return this.compute(ast, state, name, (list: SimpleRangeValue, x: number, significance?: number) => {
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
      return Math.floor(fifteenDigits(rank * scale)) / scale;
    });
  }

  percentRankInc(ast: CallAst, state: unknown): unknown {
    return this.percentRank(ast, state, 'PERCENTRANK.INC', false);
  }

  percentRankExc(ast: CallAst, state: unknown): unknown {
    return this.percentRank(ast, state, 'PERCENTRANK.EXC', true);
  }

  percentRankLegacy(ast: CallAst, state: unknown): unknown {
    return this.percentRank(ast, state, 'PERCENTRANK', false);
  }
}

