import type { Ast } from '../../formula/parser.js';
import { FormulaSyntaxError, formulaKey, parseKey } from '../../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../../model/grid.js';
import type { Area } from '../../model/area.js';
import type { CallNode, Place, Translation } from './translation.js';
import { NullIntersection, boundTo } from './translation.js';
import { areaTree, definedName, definedNameTree, refArea, sheetIndex, tableArea } from './references.js';
import { foldCount, foldValue } from './fold.js';

/**
 * The areas a reference-valued node stands for when the file alone decides them: references,
 * 3-D references, defined names, tables, unions, ranges and intersections of those, spills, and
 * INDIRECT, OFFSET, INDEX and TRIMRANGE (and the trim references) whose arguments fold to constants.
 * HyperFormula has no INDIRECT and makes no reference from computed values: these are resolved
 * here, from the file.
 */

/** The trimming functions, with the rows and columns a trim reference trims (1 leading, 2 trailing, 3 both); TRIMRANGE's come from its arguments. */
export const TRIMS: Record<string, { rows?: number; cols?: number }> = { TRIMRANGE: {}, _TRO_ALL: { rows: 3, cols: 3 }, _TRO_LEADING: { rows: 1, cols: 1 }, _TRO_TRAILING: { rows: 2, cols: 2 } };

/** The areas a reference-valued node stands for, when they are known without evaluating anything. */
export function areas(translation: Translation, ast: Ast, at: Place): (Area | undefined)[] | undefined {
  switch (ast.k) {
    case 'ref': {
      if (ast.book !== undefined) return undefined; // another workbook's cached values, as constants
      if (ast.sheet2 === undefined) return [refArea(translation, ast, at)];
      const a = sheetIndex(translation, ast.sheet, at);
      const b = sheetIndex(translation, ast.sheet2, at);
      if (a === undefined || b === undefined) return [undefined];
      const out: (Area | undefined)[] = [];
      for (let s = Math.min(a, b); s <= Math.max(a, b); s++) out.push(refArea(translation, ast, at, translation.ctx.sheets[s]));
      return out;
    }
    case 'table':
      return [tableArea(translation, ast, at)];
    case 'name': {
      // A LET name or parameter: the reference it is bound to, if the file decides it.
      const bound = boundTo(ast, at);
      if (bound !== undefined) return typeof bound === 'object' && bound.area ? [bound.area] : undefined;
      const named = definedName(translation, ast, at);
      return named === undefined ? undefined : areas(translation, named.tree, named.at);
    }
    case 'op': {
      if (ast.op === ',') {
        const a = areas(translation, ast.a, at);
        const b = areas(translation, ast.b, at);
        return a && b ? [...a, ...b] : undefined;
      }
      if (ast.op === ':' || ast.op === ' ') {
        const a = areas(translation, ast.a, at);
        const b = areas(translation, ast.b, at);
        if (!a || !b || a.length !== 1 || b.length !== 1) return undefined;
        const [x, y] = [a[0], b[0]];
        if (!x || !y || x.sheet !== y.sheet) return [undefined];
        if (ast.op === ':') return [{ sheet: x.sheet, r1: Math.min(x.r1, y.r1), c1: Math.min(x.c1, y.c1), r2: Math.max(x.r2, y.r2), c2: Math.max(x.c2, y.c2) }];
        const i = { sheet: x.sheet, r1: Math.max(x.r1, y.r1), c1: Math.max(x.c1, y.c1), r2: Math.min(x.r2, y.r2), c2: Math.min(x.c2, y.c2) };
        if (i.r1 > i.r2 || i.c1 > i.c2) throw new NullIntersection();
        return [i];
      }
      return undefined;
    }
    case 'spill': {
      const a = areas(translation, ast.a, at);
      if (!a || a.length !== 1 || !a[0]) return [undefined];
      return [translation.ctx.spill(a[0].sheet, a[0].r1, a[0].c1)];
    }
    case 'err':
      // #REF!:B4, a range from a reference Excel lost: #REF!.
      return ast.v === '#REF!' ? [undefined] : undefined;
    case 'call': {
      // INDIRECT and OFFSET whose arguments the file alone decides: the reference they name.
      const r = staticReference(translation, ast, at);
      return r === undefined ? undefined : r === 'ref' ? [undefined] : areas(translation, r, at);
    }
    default:
      return undefined;
  }
}

/** areas(), with an intersection of ranges that do not meet answered as 'null' (#NULL!). */
export function areasOrNull(translation: Translation, ast: Ast, at: Place): (Area | undefined)[] | undefined | 'null' {
  try {
    return areas(translation, ast, at);
  } catch (e) {
    if (e instanceof NullIntersection) return 'null';
    throw e;
  }
}

/**
 * The reference INDIRECT(text[, a1]) or OFFSET(reference, rows, cols[, height, width]) stands for
 * when their arguments are known from the file alone (see foldValue()): a reference tree, 'ref' for
 * #REF!, undefined when they are not (or the call is another function's).
 */
export function staticReference(translation: Translation, ast: CallNode, at: Place): Ast | 'ref' | undefined {
  if (ast.name === 'INDIRECT') {
    const [textArg, styleArg] = ast.args;
    const text = textArg ? foldValue(translation, textArg, at) : undefined;
    const style = styleArg === undefined || styleArg === null ? true : foldValue(translation, styleArg, at);
    if (text === undefined || typeof text === 'boolean' || style === undefined || typeof style === 'string') return undefined;
    const a1 = style === true || (typeof style === 'number' && style !== 0);
    let tree: Ast;
    try {
      tree = parseKey(a1 ? formulaKey(String(text), at.row, at.col) : String(text));
    } catch (e) {
      if (e instanceof FormulaSyntaxError) return 'ref';
      throw e;
    }
    if (!(tree.k === 'ref' || tree.k === 'name' || tree.k === 'table' || (tree.k === 'op' && (tree.op === ':' || tree.op === ' ')))) return 'ref';
    // A name that is not defined names no reference: #REF! (not #NAME?).
    if (tree.k === 'name' && definedNameTree(translation, tree, at) === undefined && !translation.ctx.tables.some((x) => x.name.toUpperCase() === tree.name.toUpperCase())) return 'ref';
    return tree;
  }
  if (TRIMS[ast.name]) return trimmedReference(translation, ast, at);
  if (ast.name === 'OFFSET') {
    const [base, ...rest] = ast.args;
    if (!base || ast.args.length < 3 || ast.args.length > 5) return undefined;
    const nums = rest.map((a) => (a === null ? null : foldCount(translation, a, at)));
    if (nums.some((n) => n === undefined)) return undefined;
    const list = areasOrNull(translation, base, at);
    if (!list || list === 'null' || list.length !== 1) return undefined;
    const b = list[0];
    if (!b) return 'ref';
    const [rows, cols, height, width] = nums as (number | null)[];
    const h = height ?? b.r2 - b.r1 + 1;
    const w = width ?? b.c2 - b.c1 + 1;
    if (h === 0 || w === 0) return 'ref';
    const r1 = b.r1 + (rows ?? 0);
    const c1 = b.c1 + (cols ?? 0);
    const [top, bottom] = h > 0 ? [r1, r1 + h - 1] : [r1 + h + 1, r1];
    const [left, right] = w > 0 ? [c1, c1 + w - 1] : [c1 + w + 1, c1];
    if (top < 0 || left < 0 || bottom >= MAX_ROWS || right >= MAX_COLS) return 'ref';
    return areaTree(translation, { sheet: b.sheet, r1: top, r2: bottom, c1: left, c2: right }, at);
  }
  if (ast.name === 'INDEX') return indexedReference(translation, ast, at);
  return undefined;
}

/**
 * INDEX(reference, row, [column]) of one range, with numbers the file alone decides: the cell, or
 * with a row or column of 0 (or left empty) the whole column or row, as Microsoft's INDEX page has
 * its reference form; a single row or column takes one number along it. Past the range is #REF!.
 * What this does not decide (several areas, a two-dimensional range with one number, a negative
 * number) is undefined: the call is left to INDEX itself.
 */
function indexedReference(translation: Translation, ast: CallNode, at: Place): Ast | 'ref' | undefined {
  const [base, rowArg, colArg] = ast.args;
  if (!base || ast.args.length < 2 || ast.args.length > 3) return undefined;
  const fold = (a: Ast | null | undefined) => (a === null ? 0 : a === undefined ? undefined : foldCount(translation, a, at));
  const list = areasOrNull(translation, base, at);
  if (!list || list === 'null' || list.length !== 1 || !list[0]) return undefined;
  const b = list[0];
  const h = b.r2 - b.r1 + 1;
  const w = b.c2 - b.c1 + 1;
  let row = fold(rowArg);
  let col = colArg === undefined ? (w === 1 ? 1 : h === 1 ? undefined : NaN) : fold(colArg);
  // One row and one number: the number picks the column.
  if (colArg === undefined && h === 1 && w > 1) [row, col] = [1, row];
  if (row === undefined || col === undefined || Number.isNaN(col) || row < 0 || col < 0) return undefined;
  if (row > h || col > w) return 'ref';
  const rows = row === 0 ? [b.r1, b.r2] : [b.r1 + row - 1, b.r1 + row - 1];
  const cols = col === 0 ? [b.c1, b.c2] : [b.c1 + col - 1, b.c1 + col - 1];
  return areaTree(translation, { sheet: b.sheet, r1: rows[0]!, r2: rows[1]!, c1: cols[0]!, c2: cols[1]! }, at);
}

/**
 * TRIMRANGE(range[, rows, cols]) and the trim references A1.:.E8, A1:.E8, A1.:E8 (which files
 * store as _xlfn._TRO_ALL(A1:E8), _TRO_TRAILING, _TRO_LEADING): the range without its blank
 * leading and/or trailing rows and columns. Whether a cell is blank is known from the file alone:
 * a formula cell never is, whatever it answers. A range blank throughout is #REF!.
 */
function trimmedReference(translation: Translation, ast: CallNode, at: Place): Ast | 'ref' | undefined {
  const [rangeArg, ...modeArgs] = ast.args;
  const fixed = TRIMS[ast.name]!;
  if (!rangeArg || ast.args.length > (fixed.rows === undefined ? 3 : 1)) return undefined;
  const modes = [0, 1].map((i) => {
    if (fixed.rows !== undefined) return i === 0 ? fixed.rows : fixed.cols;
    const a = modeArgs[i];
    return a === undefined || a === null ? 3 : foldCount(translation, a, at);
  });
  if (modes.some((m) => m === undefined)) return undefined;
  const [rows, cols] = modes as number[];
  if (rows! < 0 || rows! > 3 || cols! < 0 || cols! > 3) return { k: 'err', v: '#VALUE!' };
  const list = areasOrNull(translation, rangeArg, at);
  if (!list || list === 'null' || list.length !== 1) return undefined;
  const a = list[0];
  if (!a) return 'ref';
  const used = translation.ctx.occupied(a);
  if (!used) return (rows! | cols!) === 0 ? areaTree(translation, a, at) : 'ref';
  const cut = { r1: a.r1, r2: a.r2, c1: a.c1, c2: a.c2 };
  if (rows! & 1) cut.r1 = used.r1;
  if (rows! & 2) cut.r2 = used.r2;
  if (cols! & 1) cut.c1 = used.c1;
  if (cols! & 2) cut.c2 = used.c2;
  return areaTree(translation, { sheet: a.sheet, ...cut }, at);
}
