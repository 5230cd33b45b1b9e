import { compareNumbers } from '../excel/common/rounding.js';
import type { CellRange, CompiledFormula, CompiledRange, Compiler, FastAst } from './compile.js';
import type { CellValue } from './values.js';
import { COMPARISONS, NotCompiled, XlErr, foldText } from './values.js';

/**
 * SUMIF, COUNTIF, SUMIFS and COUNTIFS over numbers, with a criterion that is a number, a
 * comparison with a number ("<=5") or a text to equal (no wildcards). Anything less certain (a
 * text cell that reads as a number, "<>" over text or gaps, wildcards…) is left to HyperFormula.
 */

/** A criterion of COUNTIF and friends as a test of a cell's value; NotCompiled where Excel's answer is not certain here. */
function criterion(wanted: CellValue): (value: CellValue) => boolean {
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
    return (value) => {
      if (typeof value === 'string') {
        if (/\d/.test(value)) throw new NotCompiled('text that may read as a number');
        return foldText(value) === want;
      }
      if (value instanceof XlErr || typeof value === 'boolean') throw new NotCompiled('a criterion over errors or booleans');
      return false;
    };
  }
  const against = number!;
  const test = COMPARISONS[op]!;
  return (value) => {
    if (typeof value === 'number') return test(compareNumbers(value, against)) === true;
    if (op === '<>' || typeof value === 'boolean' || value instanceof XlErr) throw new NotCompiled('a criterion over gaps, text, errors or booleans');
    if (typeof value === 'string' && /^\s*[-+]?(\d|\.\d)/.test(value)) throw new NotCompiled('text that reads as a number');
    return false;
  };
}

/**
 * SUMIF, COUNTIF, SUMIFS or COUNTIFS (`name`) of its arguments, their count in the bounds of the
 * function table; those of SUMIFS (after its sum range) and COUNTIFS come in pairs.
 */
export function conditional(args: FastAst[], compiler: Compiler, name: string): CompiledFormula {
  const isSum = name.startsWith('SUM');
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
    const tests: ((value: CellValue) => boolean)[] = [];
    for (const pair of pairs) {
      const range = pair.range(sheet, row, col);
      if (range instanceof XlErr) return range;
      const wanted = pair.wanted(sheet, row, col);
      // An error as criterion matches the cells holding it (Excel), it is not the answer.
      if (wanted instanceof XlErr) throw new NotCompiled('an error as criterion');
      ranges.push(range);
      tests.push(criterion(wanted));
    }
    const first = ranges[0]!;
    const height = first.r2 - first.r1 + 1;
    const width = first.c2 - first.c1 + 1;
    if (ranges.some((x) => x.r2 - x.r1 + 1 !== height || x.c2 - x.c1 + 1 !== width)) throw new NotCompiled(`${name} over ranges of different sizes`);
    const sum = sumRange?.(sheet, row, col);
    if (sum instanceof XlErr) return sum;
    if (sum && (sum.r2 - sum.r1 + 1 !== height || sum.c2 - sum.c1 + 1 !== width)) throw new NotCompiled(`${name} with a sum range of another size`);
    let total = 0;
    let count = 0;
    // Past the last used row (column) of every range's sheet all cells are empty: visit the used
    // part only, and count the empty rest at once when empty cells meet every criterion. A range
    // of a whole sheet costs its used cells, not 17 billion.
    const all = sum ? [...ranges, sum] : ranges;
    const usedHeight = Math.max(0, Math.min(height, Math.max(...all.map((x) => x.sheet.height - x.r1))));
    const usedWidth = Math.max(0, Math.min(width, Math.max(...all.map((x) => x.sheet.width - x.c1))));
    if (tests.every((test) => test(null))) count += height * width - usedHeight * usedWidth;
    for (let i = 0; i < usedHeight; i++) {
      for (let j = 0; j < usedWidth; j++) {
        if (!ranges.every((x, k) => tests[k]!(compiler.get(x.sheet, x.r1 + i, x.c1 + j)))) continue;
        count++;
        if (sum) {
          const v = compiler.get(sum.sheet, sum.r1 + i, sum.c1 + j);
          if (v instanceof XlErr) return v;
          if (typeof v === 'number') total += v;
        }
      }
    }
    return isSum ? total : count;
  };
}
