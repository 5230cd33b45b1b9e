import type { Ast } from '../../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../../model/grid.js';
import type { Area } from '../../model/area.js';
import type { CallNode, Place, Translation } from './translation.js';
import { areasOrNull } from './areas.js';
import { isCriterion } from './function-traits.js';

/**
 * Ranges cut to the rows and columns the workbook uses, where Excel's answer cannot change: the
 * cells past them are empty, and these functions skip empty cells (or, paired, an empty criterion
 * cell meets an empty sum cell, which adds nothing). HyperFormula builds every cell of a range, so
 * $A$2:$A$1048576 in a real workbook would cost a million cells; cut, it costs the used rows.
 * Functions where the size itself matters (ROWS, INDEX, COUNTBLANK, array arithmetic, approximate
 * lookups that search by halves) are left whole.
 */

/** Functions whose every range argument is cut on its own. */
const CUT_EACH = new Set('SUM SUMSQ PRODUCT COUNT COUNTA AVERAGE AVERAGEA MIN MINA MAX MAXA MEDIAN STDEV STDEV.S STDEV.P STDEVA STDEVP STDEVPA VAR VAR.S VAR.P VARA VARP VARPA AVEDEV DEVSQ GEOMEAN HARMEAN'.split(' '));
/** Functions whose ranges go in pairs (a criteria range beside a sum range): all cut alike, keeping their sizes equal. */
const CUT_TOGETHER = new Set(['SUMIF', 'SUMIFS', 'AVERAGEIF', 'AVERAGEIFS', 'COUNTIF', 'COUNTIFS']);

/** A criterion written in the formula that no empty cell meets ("<>x", "", "=" meet empty cells). */
function criterionSkipsEmpty(a: Ast | null | undefined): boolean {
  if (!a) return false;
  if (a.k === 'num' || a.k === 'bool') return true;
  if (a.k !== 'str') return false;
  const text = a.v.trim();
  return text !== '' && text !== '=' && !text.startsWith('<>');
}

/**
 * The range arguments of a call cut to the workbook's used rows and columns, by argument, and how
 * many empty cells the cut left out that the call must still count (beyond); undefined when
 * nothing is cut. A range cut keeps at least its first row and column.
 */
export function cutRanges(translation: Translation, ast: CallNode, at: Place): { areas: Map<number, Area>; beyond: number } | undefined {
  const name = ast.name;
  const { rows, cols } = translation.ctx.extent;
  const whole = (x: Area) => (x.r1 === 0 && x.r2 === MAX_ROWS - 1) || (x.c1 === 0 && x.c2 === MAX_COLS - 1);
  // Counting functions count empty cells (COUNTIF's "<>3", COUNTBLANK), and HyperFormula sizes a
  // whole column by the sheet: their whole columns are cut too, the empty rest counted apart.
  const counting = name === 'COUNTIF' || name === 'COUNTIFS' || name === 'COUNTBLANK';
  /** The one area of argument i, when it is a plain reference (a whole column stays whole elsewhere: HyperFormula sizes A:A by the sheet). */
  const plainArea = (i: number): Area | undefined => {
    const a = ast.args[i];
    if (!a || !(a.k === 'ref' || a.k === 'name' || (a.k === 'op' && a.op === ':'))) return undefined;
    if (a.k === 'ref' && a.book !== undefined) return undefined;
    const list = areasOrNull(translation, a, at);
    const x = list && list !== 'null' && list.length === 1 ? list[0] : undefined;
    return x && (counting || !whole(x)) ? x : undefined;
  };
  const out = new Map<number, Area>();
  const cutTo = (i: number, x: Area, r2: number, c2: number) => {
    const y = { ...x, r2: Math.max(x.r1, Math.min(x.r2, r2)), c2: Math.max(x.c1, Math.min(x.c2, c2)) };
    if (y.r2 !== x.r2 || y.c2 !== x.c2) out.set(i, y);
  };
  const exactMatch = (a: Ast | null | undefined) => !!a && ((a.k === 'bool' && !a.v) || (a.k === 'num' && a.v === 0));
  if (CUT_EACH.has(name)) {
    ast.args.forEach((_, i) => {
      const x = plainArea(i);
      if (x) cutTo(i, x, rows - 1, cols - 1);
    });
  } else if (CUT_TOGETHER.has(name) || name === 'COUNTBLANK') {
    const ranges: [number, Area][] = [];
    for (let i = 0; i < ast.args.length; i++) {
      if (isCriterion(name, i)) continue;
      const x = plainArea(i);
      if (!x) return undefined; // a range this cannot see, or a whole column: the call stays as it is
      ranges.push([i, x]);
    }
    const first = ranges[0]?.[1];
    if (!first) return undefined;
    const h = first.r2 - first.r1;
    const w = first.c2 - first.c1;
    // SUMIF and AVERAGEIF size their sum range by the criteria range; the others need equal sizes.
    const shapers = name === 'SUMIF' || name === 'AVERAGEIF' ? ranges.slice(0, 1) : ranges;
    if (shapers.some(([, x]) => x.r2 - x.r1 !== h || x.c2 - x.c1 !== w)) return undefined;
    // As many rows (columns) as the range reaching furthest into the used ones needs, all alike.
    const nh = Math.max(0, Math.min(h, Math.max(...ranges.map(([, x]) => rows - 1 - x.r1))));
    const nw = Math.max(0, Math.min(w, Math.max(...ranges.map(([, x]) => cols - 1 - x.c1))));
    if (nh === h && nw === w) return undefined;
    for (const [i, x] of ranges) out.set(i, { ...x, r2: x.r1 + nh, c2: x.c1 + nw });
    // What was cut off is empty in every range: counted apart unless no empty cell meets the criteria.
    const beyond = (h + 1) * (w + 1) - (nh + 1) * (nw + 1);
    const skips = name !== 'COUNTBLANK' && ast.args.every((a, i) => !isCriterion(name, i) || criterionSkipsEmpty(a));
    return { areas: out, beyond: counting && !skips ? beyond : 0 };
  } else if (name === 'VLOOKUP' && exactMatch(ast.args[3])) {
    // An exact lookup finds its value among the used rows or nowhere; its column index must stay.
    const x = plainArea(1);
    if (x) cutTo(1, x, rows - 1, x.c2);
  } else if (name === 'HLOOKUP' && exactMatch(ast.args[3])) {
    const x = plainArea(1);
    if (x) cutTo(1, x, x.r2, cols - 1);
  } else if (name === 'MATCH' && ast.args[2]?.k === 'num' && ast.args[2].v === 0) {
    const x = plainArea(1);
    if (x) cutTo(1, x, rows - 1, cols - 1);
  }
  return out.size ? { areas: out, beyond: 0 } : undefined;
}
