import type { Ast } from '../../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../../model/grid.js';
import type { Area } from '../../model/area.js';
import type { CallNode, Place, Translation } from './translation.js';
import { textLiteral } from '../literals.js';
import { areaText, unusedCell } from './references.js';
import { areasOrNull } from './areas.js';
import { expression, operand } from './expression.js';
import { cutRanges } from './cut-ranges.js';
import { ARRAY_ARGUMENTS, EMPTY_MEANS_DEFAULT, LIST_FUNCTIONS, SCALAR_ARGUMENTS, VALUE_SOURCES, WHOLE_ERROR_SOURCES, isCriterion } from './function-traits.js';

/**
 * A call of a function HyperFormula computes, each argument written as Excel reads it: ranges cut
 * to the used area, unions and 3-D references spread over list arguments, criteria intersected
 * with the formula's cell, empty arguments as their defaults, a sum range sized by its criteria
 * range, one value where the function takes one.
 */

/** The call's text: NAME(arguments), with the empty cells its ranges were cut of counted apart. */
export function functionCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const name = ast.name;
  const args: string[] = [];
  const inner = ARRAY_ARGUMENTS.has(name) && !at.array ? { ...at, array: true } : at;
  const cut = cutRanges(translation, ast, at);
  ast.args.forEach((a, i) => {
    const c = cut?.areas.get(i);
    if (c) {
      reads.push(c);
      args.push(areaText(translation, c, at));
      return;
    }
    if (a === null) {
      args.push(EMPTY_MEANS_DEFAULT[name]?.[i] ?? '');
      return;
    }
    if (LIST_FUNCTIONS.has(name) && (name !== 'SUBTOTAL' || i > 0)) {
      const list = areasOrNull(translation, a, at);
      if (list && list !== 'null' && list.length > 1) {
        for (const x of list) {
          if (!x) args.push('#REF!');
          else {
            reads.push(x);
            args.push(areaText(translation, x, at));
          }
        }
        return;
      }
    }
    if (isCriterion(name, i) && !at.array) {
      // One criterion in an ordinary formula: a range there meets the formula's row or column
      // (Excel's implicit intersection; #VALUE! where they do not meet, which then matches the
      // #VALUE! cells, as Excel's answers show).
      args.push(`EXCEL.CRITERION(${operand(translation, a, at, reads)})`);
      return;
    }
    if (name === 'GROUPBY' && i === 2 && a.k === 'name' && /^_xleta\./i.test(a.name)) {
      // The function as Excel writes an eta-reduced one (_xleta.SUM): its name, for GROUPBY to apply.
      args.push(textLiteral(a.name.slice(7).toUpperCase()));
      return;
    }
    if ((name === 'SUMIF' || name === 'AVERAGEIF') && i === 2) {
      // Excel sums (averages) a range of the criteria range's size from the sum range's first
      // cell: SUMIF(A1:A9,"x",B1) reads B1:B9. HyperFormula wants the sizes equal.
      const area = resizedSumRange(translation, a, ast.args[0] ?? null, at);
      if (area) {
        reads.push(area);
        args.push(areaText(translation, area, at));
        return;
      }
    }
    const scalar = !inner.array && (SCALAR_ARGUMENTS.has(name) || translation.ctx.scalarArgument(name, i));
    const text = scalar ? operand(translation, a, inner, reads) : expression(translation, a, inner, reads);
    // DATEDIF's unit in any case ("m" as "M"): HyperFormula reads capitals only.
    if (name === 'DATEDIF' && i === 2) {
      args.push(`UPPER(${text})`);
      return;
    }
    args.push(isCriterion(name, i) && (a.k === 'ref' || a.k === 'name' || a.k === 'table') && !/[:]/.test(text) ? `EXCEL.CRITERION(${text})` : text);
  });
  // SORTBY and UNIQUE read an empty cell of their array as 0 (EXCEL.VALUES).
  const values = (array: string) => `EXCEL.VALUES(${array}${WHOLE_ERROR_SOURCES.has(name) ? `,${textLiteral(name)}` : ''})`;
  const text = VALUE_SOURCES.has(name) && args[0] !== undefined ? `${name}(${[values(args[0]), ...args.slice(1)].join(',')})` : `${name}(${args.join(',')})`;
  if (!cut?.beyond) return text;
  // The cells cut off are empty: counted at once, as many as there were, where an empty cell
  // meets the criteria (COUNTIF(B:B,"<>3") counts a million empty cells in Excel).
  const empty = unusedCell(translation, at);
  const emptyText = areaText(translation, empty, at);
  const test = name === 'COUNTBLANK' ? '1' : `${name}(${args.map((x, i) => (isCriterion(name, i) ? x : emptyText)).join(',')})`;
  reads.push(empty);
  return `(${text}+${test}*${cut.beyond})`;
}

/** The sum range of SUMIF/AVERAGEIF made the size of its criteria range, when they differ. */
function resizedSumRange(translation: Translation, sum: Ast, range: Ast | null, at: Place): Area | undefined {
  if (!range) return undefined;
  const a = areasOrNull(translation, range, at);
  const b = areasOrNull(translation, sum, at);
  const x = a && a !== 'null' && a.length === 1 ? a[0] : undefined;
  const y = b && b !== 'null' && b.length === 1 ? b[0] : undefined;
  if (!x || !y) return undefined;
  const h = x.r2 - x.r1;
  const w = x.c2 - x.c1;
  if (y.r2 - y.r1 === h && y.c2 - y.c1 === w) return undefined;
  if (y.r1 + h >= MAX_ROWS || y.c1 + w >= MAX_COLS) return undefined;
  return { sheet: y.sheet, r1: y.r1, c1: y.c1, r2: y.r1 + h, c2: y.c1 + w };
}
