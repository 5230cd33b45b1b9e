import type { Ast } from '../../formula/parser.js';
import { INVOKE, someNode } from '../../formula/parser.js';
import type { Area } from '../../model/area.js';
import type { Place, Translation } from './translation.js';
import { Uncomputable, assume, boundTo, letName } from './translation.js';
import { booleanLiteral, errorLiteral, numberLiteral, parenthesized, textLiteral } from '../literals.js';
import type { NameReading } from './references.js';
import { areaText, definedName, externalValues, unusedCell } from './references.js';
import { areasOrNull } from './areas.js';
import { ARRAY_RESULTS, REFERENCE_RESULTS } from './function-traits.js';

/**
 * The expression writer: each node of a formula tree as HyperFormula's text, at the place it is
 * written. Literals, references (with Excel's implicit intersection where one value belongs),
 * names (LET's, LAMBDA parameters, defined names inlined) and operators are written here; calls go
 * to the call writers (Translation.call).
 */

/**
 * A chain of `&` as HyperFormula's text, checked once as a whole by EXCEL.TEXTCAP: a concatenation
 * only lengthens its text, so no part of the chain can pass the limit unless the whole does.
 */
function concatenation(translation: Translation, ast: Extract<Ast, { k: 'op' }>, at: Place, reads: Area[]): string {
  const side = (n: Ast) => (n.k === 'op' && n.op === '&' ? `(${concatenation(translation, n, at, reads)})` : parenthesized(operand(translation, n, at, reads)));
  return `${side(ast.a)}&${side(ast.b)}`;
}

/** A node where one value belongs: outside array context a reference is intersected with the formula's cell. */
export function operand(translation: Translation, ast: Ast, at: Place, reads: Area[]): string {
  // A LET name or a LAMBDA parameter bound to a range stands for the whole range (the formulas that have them are dynamic-array ones).
  const bound = boundTo(ast, at) !== undefined;
  const reference = ast.k === 'ref' || ast.k === 'table' || ast.k === 'name' || ast.k === 'spill' || (ast.k === 'op' && (ast.op === ':' || ast.op === ' ')) || (ast.k === 'call' && REFERENCE_RESULTS.has(ast.name));
  if (!at.array && !bound && reference) {
    const list = areasOrNull(translation, ast, at);
    if (list === 'null') return 'EXCEL.NULL()';
    if (list && list.length === 1 && list[0] && (list[0].r1 !== list[0].r2 || list[0].c1 !== list[0].c2)) return implicitIntersection(translation, ast, at, reads);
  }
  return expression(translation, ast, at, reads);
}

/** A node's HyperFormula text. */
export function expression(translation: Translation, ast: Ast, at: Place, reads: Area[]): string {
  switch (ast.k) {
    case 'num':
      return numberLiteral(ast.v);
    case 'str':
      return textLiteral(ast.v);
    case 'bool':
      return booleanLiteral(ast.v);
    case 'err': {
      const literal = errorLiteral(ast.v);
      if (literal === undefined) throw new Uncomputable('syntax', `the error literal ${ast.v}`);
      return literal;
    }
    case 'ref':
    case 'table':
    case 'spill':
      return referenceText(translation, ast, at, reads);
    case 'name': {
      if (ast.sheet === undefined && at.lambdas?.has(letName(ast.name))) throw new Uncomputable('function', 'a LAMBDA used as a value (Excel shows #CALC!)');
      const bound = boundTo(ast, at);
      if (bound === 'omitted' || bound === 'start') return omittedParameter(translation, ast.name, at, reads);
      if (bound !== undefined) {
        if (bound.area) reads.push(bound.area);
        return parenthesized(bound.text);
      }
      const named = definedName(translation, ast, at);
      if (named === undefined) {
        // A table's bare name is its data.
        if (translation.ctx.tables.some((x) => x.name.toUpperCase() === ast.name.toUpperCase()) && ast.sheet === undefined) return referenceText(translation, { k: 'table', table: ast.name, columns: [], sections: [] }, at, reads);
        // Any other name the workbook does not define is #NAME? in Excel; a cached value is kept (the
        // name may be one a macro or an add-in defines while the workbook is open).
        return assume(translation, 'name', `a name the workbook does not define: ${ast.name}`, () => '#NAME?', 'reference');
      }
      return namedValue(translation, named, at, reads);
    }
    case 'array':
      return `{${ast.rows.map((row) => row.map((e) => expression(translation, e, at, reads)).join(',')).join(';')}}`;
    case 'neg':
      return `-(${operand(translation, ast.a, at, reads)})`;
    case 'pct':
      return `((${operand(translation, ast.a, at, reads)})/100)`;
    case 'single':
      return implicitIntersection(translation, ast.a, at, reads);
    case 'op':
      if (ast.op === ':' || ast.op === ' ' || ast.op === ',') return referenceText(translation, ast, at, reads);
      // A text past Excel's 32,767 characters is #VALUE! (HyperFormula's `&` has no such limit).
      if (ast.op === '&') return `EXCEL.TEXTCAP(${concatenation(translation, ast, at, reads)})`;
      return `${parenthesized(operand(translation, ast.a, at, reads))}${ast.op}${parenthesized(operand(translation, ast.b, at, reads))}`;
    case 'call':
      return translation.call(ast, at, reads);
  }
}

/**
 * A defined name read as a value. Excel reads a name's formula as an array formula, its ranges taken
 * whole (Microsoft's "Substituting Defined Names for Array Formulas", Q83816): =Total, with Total
 * defined as SUM(IF(A1:A5=1,B1:B5)), sums conditionally in an ordinary cell. Where one value
 * belongs, a name whose value may be an array marks the formula (Translation.namedArray): its cell
 * shows the array's top-left value, as Excel's implicit intersection of an array does.
 */
function namedValue(translation: Translation, named: NameReading, at: Place, reads: Area[]): string {
  const text = expression(translation, named.tree, { ...named.at, array: true }, reads);
  if (!at.array && !translation.namedArray) translation.namedArray = mayAnswerArray(translation, named, text);
  return `(${text})`;
}

/**
 * Whether a name's value may be an array, decided once for each name: its formula holds an array
 * constant, a function answering an array, a LAMBDA called, or a range it reads whole that the same
 * formula written in a cell would intersect (its text read in place differs), or a name that may.
 */
function mayAnswerArray(translation: Translation, named: NameReading, arrayText: string): boolean {
  const known = translation.arrayNames.get(named.key);
  if (known !== undefined) return known;
  const { assumed, folds, namedArray } = translation;
  const noted = assumed?.length ?? 0;
  translation.namedArray = false;
  let answer: boolean;
  try {
    answer = someNode(named.tree, (n) => answersArray(translation, n, named.at.sheet)) || expression(translation, named.tree, { ...named.at, array: false }, []) !== arrayText || translation.namedArray;
  } catch (e) {
    if (!(e instanceof Uncomputable)) throw e;
    answer = true;
  } finally {
    // Reading it in place only compares: what it noted is undone.
    assumed?.splice(noted);
    translation.folds = folds;
    translation.namedArray = namedArray;
  }
  translation.arrayNames.set(named.key, answer);
  return answer;
}

/**
 * Whether a node answers an array where it stands: an array constant, a function answering one
 * (MMULT, SORT, SEQUENCE…), or a LAMBDA called (in place, through LET, or by a workbook name), which
 * may answer one.
 */
export function answersArray(translation: Translation, n: Ast, sheet: number): boolean {
  if (n.k === 'array') return true;
  if (n.k !== 'call') return false;
  return ARRAY_RESULTS.has(n.name) || n.name === INVOKE || /^_XLPM\./.test(n.name) || (!translation.ctx.known(n.name) && translation.ctx.name(n.name, sheet) !== undefined);
}

/** A reference node as the one range it stands for, noted as read. */
function referenceText(translation: Translation, ast: Ast, at: Place, reads: Area[]): string {
  if (ast.k === 'ref' && ast.book !== undefined) return externalValues(translation, ast, at);
  const list = areasOrNull(translation, ast, at);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) throw new Uncomputable('reference', 'a reference computed by a function');
  if (list.length !== 1) throw new Uncomputable('reference', 'a union or 3-D reference where one range belongs');
  const a = list[0];
  if (!a) return '#REF!';
  reads.push(a);
  return areaText(translation, a, at);
}

/** @x and SINGLE(x): a range meets the formula's row or column in one cell (Excel's implicit intersection). */
export function implicitIntersection(translation: Translation, a: Ast, at: Place, reads: Area[]): string {
  const list = areasOrNull(translation, a, at);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) {
    // A value that is no reference the file decides: an array shows its top-left value. A function
    // that may answer a reference (INDEX, OFFSET, IF…) is left as it was: the top-left cell of a
    // range it answers would not be the cell Excel's intersection takes.
    const text = expression(translation, a, at, reads);
    return a.k === 'call' && REFERENCE_RESULTS.has(a.name) ? text : `EXCEL.ARRAYFILL(1,1,${text})`;
  }
  const x = list.length === 1 ? list[0] : undefined;
  if (!x) return '#VALUE!';
  let r = x.r1;
  let c = x.c1;
  // By the formula's row or column number, whatever sheet the range is on.
  if (x.r1 !== x.r2) {
    if (at.row < x.r1 || at.row > x.r2) return '#VALUE!';
    r = at.row;
  }
  if (x.c1 !== x.c2) {
    if (at.col < x.c1 || at.col > x.c2) return '#VALUE!';
    c = at.col;
  }
  const cell = { sheet: x.sheet, r1: r, r2: r, c1: c, c2: c };
  reads.push(cell);
  return areaText(translation, cell, at);
}

/**
 * A parameter the call left out, used as a value. Microsoft documents only ISOMITTED of it;
 * Excel's value for it is taken to be an empty cell's (0 in arithmetic, "" as text) only for a
 * cell without a cached value, and noted; a cell with one keeps it.
 */
function omittedParameter(translation: Translation, name: string, at: Place, reads: Area[]): string {
  return assume(translation, 'call', `a LAMBDA parameter left out (${letName(name)}) used as a value`, () => {
    const cell = unusedCell(translation, at);
    reads.push(cell);
    return areaText(translation, cell, at);
  });
}
