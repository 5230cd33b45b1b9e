import { compareNumbers, fifteenDigits } from '../excel/common/rounding.js';
import type { CauseSet } from '../calibration/causes.js';
import type { CellRange, CompiledFormula, CompiledRange, Compiler, Equality, FastAst, ValueIndex } from './compile.js';
import type { CellValue } from './values.js';
import { COMPARISONS, DIV0, NotCompiled, XlErr, foldText } from './values.js';

/**
 * SUMIF, COUNTIF, AVERAGEIF and their -S forms over numbers, with a criterion that is a number, a
 * comparison with a number ("<=5") or a text to equal (no wildcards). Anything less certain (a
 * text cell that reads as a number, "<>" over text or gaps, wildcards…) is left to HyperFormula.
 * Where the first criterion is an equality, its range is indexed once (CriteriaIndex) and only the
 * rows it matches are visited, in the same order as the scan of every row.
 */

/** A criterion: its test of a cell's value, and the value it equals when it is an equality. */
export interface Criterion {
  test: (value: CellValue) => boolean;
  equal?: Equality;
}

/** Whether a text cell may read as a number to a numeric criterion (which then refuses it). */
const READS_AS_NUMBER = /^\s*[-+]?(\d|\.\d)/;

/**
 * The cells of a criteria range (clipped to its sheet's used area, row-major, `width` wide) by
 * value: the positions holding each number (by its 15 digits) and each text (case folded). It
 * refuses a lookup where the test of every cell would refuse one of them: a numeric equality
 * where a cell is a boolean, an error or text that may read as a number; a text equality where a
 * cell is a boolean, an error, or text with a digit or whose folding depends on the locale.
 */
export class CriteriaIndex implements ValueIndex {
  private readonly numbers = new Map<number, number[]>();
  private readonly texts = new Map<string, number[]>();
  private refusesNumber = false;
  private refusesText = false;
  constructor(
    private readonly cells: CellValue[],
    readonly width: number,
    /** The causes of change among the cells it indexes (see FastBook.get). */
    readonly causes: CauseSet,
  ) {
    cells.forEach((v, p) => {
      if (typeof v === 'number') push(this.numbers, fifteenDigits(v), p);
      else if (typeof v === 'string') {
        if (READS_AS_NUMBER.test(v)) this.refusesNumber = true;
        if (/\d/.test(v)) this.refusesText = true;
        else {
          try {
            push(this.texts, foldText(v), p);
          } catch (e) {
            if (!(e instanceof NotCompiled)) throw e;
            this.refusesText = true;
          }
        }
      } else if (v !== null) this.refusesNumber = this.refusesText = true;
    });
  }

  /** The positions whose cell the equality matches, ascending. */
  matches(equal: Equality): number[] {
    if ('text' in equal) {
      if (this.refusesText) throw new NotCompiled('a criterion over errors, booleans or text that may read as a number');
      return this.texts.get(equal.text) ?? [];
    }
    if (this.refusesNumber) throw new NotCompiled('a criterion over gaps, text, errors or booleans');
    const want = equal.number;
    return (this.numbers.get(fifteenDigits(want)) ?? []).filter((p) => compareNumbers(this.cells[p] as number, want) === 0);
  }
}

function push<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

/** A criterion of COUNTIF and friends as a test of a cell's value; NotCompiled where Excel's answer is not certain here. */
export function criterion(wanted: CellValue): Criterion {
  let op = '=';
  let number: number | undefined;
  let text: string | undefined;
  if (wanted === null) number = 0; // an empty criterion cell is 0 to Excel
  else if (typeof wanted === 'number') number = wanted;
  else if (typeof wanted === 'string') {
    const m = /^(<=|>=|<>|=|<|>)?([\s\S]*)$/.exec(wanted)!;
    op = m[1] ?? '=';
    const rest = m[2]!;
    // "#N/A", "<>#DIV/0!": an error as criterion, which matches error cells (HyperFormula's part).
    if (rest.startsWith('#')) throw new NotCompiled('an error as criterion');
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(rest)) number = Number(rest);
    else if (op === '=' && rest !== '' && !/[*?~]/.test(rest) && !/\d/.test(rest) && !/^(true|false)$/i.test(rest)) text = foldText(rest);
    else throw new NotCompiled('a criterion the fast path does not read');
  } else throw new NotCompiled('a criterion that is not a number or text');
  if (text !== undefined) {
    const want = text;
    return {
      test: (value) => {
        if (typeof value === 'string') {
          if (/\d/.test(value)) throw new NotCompiled('text that may read as a number');
          return foldText(value) === want;
        }
        if (value instanceof XlErr || typeof value === 'boolean') throw new NotCompiled('a criterion over errors or booleans');
        return false;
      },
      equal: { text: want },
    };
  }
  const against = number!;
  const test = COMPARISONS[op]!;
  return {
    test: (value) => {
      if (typeof value === 'number') return test(compareNumbers(value, against)) === true;
      if (op === '<>' || typeof value === 'boolean' || value instanceof XlErr) throw new NotCompiled('a criterion over gaps, text, errors or booleans');
      if (typeof value === 'string' && READS_AS_NUMBER.test(value)) throw new NotCompiled('text that reads as a number');
      return false;
    },
    ...(op === '=' ? { equal: { number: against } } : {}),
  };
}

/**
 * SUMIF, COUNTIF, AVERAGEIF, SUMIFS, COUNTIFS or AVERAGEIFS (`name`) of its arguments, their count
 * in the bounds of the function table; those of SUMIFS and AVERAGEIFS (after their sum range) and
 * COUNTIFS come in pairs. An average is of the numbers among the matched cells of its range.
 */
export function conditional(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const isAverage = name.startsWith('AVERAGE');
  const isSum = isAverage || name.startsWith('SUM');
  const multi = name.endsWith('S');
  if (multi && (args.length - (isSum ? 1 : 0)) % 2 !== 0) throw new NotCompiled(`${name} with ${args.length} arguments`);
  const rangeOf = (a: FastAst) => {
    const range = a.k === 'ref' ? compiler.range(a) : undefined;
    if (!range) throw new NotCompiled(`${name} over something else than a range`);
    return range;
  };
  const pairs: { range: CompiledRange; wanted: CompiledFormula }[] = [];
  let sumRange: CompiledRange | undefined;
  if (multi) {
    const start = isSum ? 1 : 0;
    if (isSum) sumRange = rangeOf(args[0]!);
    for (let i = start; i < args.length; i += 2) pairs.push({ range: rangeOf(args[i]!), wanted: compiler.scalars([args[i + 1]!])[0]! });
  } else {
    pairs.push({ range: rangeOf(args[0]!), wanted: compiler.scalars([args[1]!])[0]! });
    if (isSum) sumRange = args[2] ? rangeOf(args[2]) : pairs[0]!.range;
  }
  return (sheet, row, col) => {
    const ranges: CellRange[] = [];
    const criteria: Criterion[] = [];
    for (const pair of pairs) {
      const range = pair.range(sheet, row, col);
      if (range instanceof XlErr) return range;
      const wanted = pair.wanted(sheet, row, col);
      // An error as criterion matches the cells holding it (Excel), it is not the answer.
      if (wanted instanceof XlErr) throw new NotCompiled('an error as criterion');
      ranges.push(range);
      criteria.push(criterion(wanted));
    }
    const tests = criteria.map((c) => c.test);
    const first = ranges[0]!;
    const height = first.r2 - first.r1 + 1;
    const width = first.c2 - first.c1 + 1;
    if (ranges.some((x) => x.r2 - x.r1 + 1 !== height || x.c2 - x.c1 + 1 !== width)) throw new NotCompiled(`${name} over ranges of different sizes`);
    const sum = sumRange?.(sheet, row, col);
    if (sum instanceof XlErr) return sum;
    if (sum && (sum.r2 - sum.r1 + 1 !== height || sum.c2 - sum.c1 + 1 !== width)) throw new NotCompiled(`${name} with a sum range of another size`);
    let total = 0;
    let count = 0;
    let numbers = 0;
    /** Counts the cell at (i, j) of the ranges when the criteria from the `from`-th on meet it; an error in the sum range is the answer. */
    const visit = (i: number, j: number, from: number): XlErr | undefined => {
      for (let k = from; k < ranges.length; k++) {
        const x = ranges[k]!;
        if (!tests[k]!(compiler.get(x.sheet, x.r1 + i, x.c1 + j))) return undefined;
      }
      count++;
      if (sum) {
        const v = compiler.get(sum.sheet, sum.r1 + i, sum.c1 + j);
        if (v instanceof XlErr) return v;
        if (typeof v === 'number') {
          total += v;
          numbers++;
        }
      }
      return undefined;
    };
    const equal = criteria[0]!.equal;
    if (equal) {
      // Empty cells never equal the criterion, and the cells past the first range's sheet are empty.
      const index = compiler.criteriaIndexOf(first);
      for (const p of index.matches(equal)) {
        const error = visit(Math.floor(p / index.width), p % index.width, 1);
        if (error) return error;
      }
    } else {
      // Past the last used row (column) of every range's sheet all cells are empty: visit the used
      // part only, and count the empty rest at once when empty cells meet every criterion. A range
      // of a whole sheet costs its used cells, not 17 billion.
      const all = sum ? [...ranges, sum] : ranges;
      const usedHeight = Math.max(0, Math.min(height, Math.max(...all.map((x) => x.sheet.height - x.r1))));
      const usedWidth = Math.max(0, Math.min(width, Math.max(...all.map((x) => x.sheet.width - x.c1))));
      if (tests.every((test) => test(null))) count += height * width - usedHeight * usedWidth;
      for (let i = 0; i < usedHeight; i++) {
        for (let j = 0; j < usedWidth; j++) {
          const error = visit(i, j, 0);
          if (error) return error;
        }
      }
    }
    if (isAverage) return numbers ? total / numbers : DIV0;
    return isSum ? total : count;
  };
}
