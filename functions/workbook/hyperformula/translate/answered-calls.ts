import { FormulaSyntaxError, formulaKey, parseKey, withSemicolons } from '../../formula/parser.js';
import type { Area } from '../../model/area.js';
import { areasCall, cellCall } from '../rewrite/cell-info.js';
import { CubeFunctions } from '../rewrite/cube.js';
import type { CallNode, Place, Translation } from './translation.js';
import { NullIntersection, Uncomputable, assume, boundTo } from './translation.js';
import { booleanLiteral, numberLiteral, textLiteral } from '../literals.js';
import { areaText } from './references.js';
import { areas, areasOrNull } from './areas.js';
import { foldValue } from './fold.js';

/**
 * Calls answered while translating, from the workbook itself, which HyperFormula could not answer:
 * FORMULATEXT (a cell's formula as Excel shows it), ISREF (whether the argument is a reference),
 * CELL and AREAS (rewrite/cell-info.ts), CUBEMEMBER and CUBEVALUE over the workbook's own data
 * model (rewrite/cube.ts).
 */

/**
 * The workbook's language (Book.language) when it writes numbers with a decimal comma, and so
 * separates a function's arguments with semicolons (sv-SE, de-DE, fr-FR…); undefined otherwise.
 */
function listSeparatorLanguage(translation: Translation): string | undefined {
  const language = translation.ctx.language();
  if (!language) return undefined;
  try {
    const decimal = new Intl.NumberFormat(language).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return decimal === ',' ? language : undefined;
  } catch {
    return undefined;
  }
}

/** FORMULATEXT, whose text depends on the user's settings: assumed en-US, or the separators the workbook's language hints at. */
export function formulaTextCall(translation: Translation, ast: CallNode, at: Place): string {
  const local = listSeparatorLanguage(translation);
  const detail = local ? `FORMULATEXT writes the formula with the separators of the user's settings (here ${local}'s, the language of the workbook's drawings)` : 'FORMULATEXT writes the formula in the language of the user (here en-US)';
  return assume(translation, 'locale', detail, () => formulaText(translation, ast, at, local !== undefined));
}

/**
 * FORMULATEXT(reference): the formula of the reference's first cell as Excel shows it (en-US, or
 * with semicolons and decimal commas), #N/A for a cell without one.
 */
function formulaText(translation: Translation, ast: CallNode, at: Place, semicolons = false): string {
  const a = ast.args[0];
  if (ast.args.length !== 1 || !a) return '#N/A';
  const list = areasOrNull(translation, a, at);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) throw new Uncomputable('reference', 'FORMULATEXT of something else than a reference');
  const x = list[0];
  if (!x) return '#REF!';
  const text = translation.ctx.formula(x.sheet, x.r1, x.c1);
  if (text === undefined) return '#N/A';
  if (!semicolons) return textLiteral(text);
  const local = withSemicolons(text);
  if (local === undefined) throw new Uncomputable('function', 'FORMULATEXT of a formula with an array constant, written with the separators of another language');
  return textLiteral(local);
}

/** ISREF: whether the argument is a reference, known from the formula itself. */
export function isRefCall(translation: Translation, ast: CallNode, at: Place): string {
  const a = ast.args[0];
  if (boundTo(a, at) !== undefined) throw new Uncomputable('function', 'ISREF of a LET name or LAMBDA parameter');
  let isRef = false;
  try {
    isRef = a !== null && a !== undefined && (a.k === 'ref' || a.k === 'table' || (areas(translation, a, at)?.every((x) => x !== undefined) ?? false));
  } catch (e) {
    if (!(e instanceof NullIntersection) && !(e instanceof Uncomputable)) throw e;
  }
  return booleanLiteral(isRef);
}

/** CELL or AREAS (rewrite/cell-info.ts), with what they need of this translation at a place. */
export function cellInfoCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  return (ast.name === 'CELL' ? cellCall : areasCall)(ast.args, {
    sheet: at.sheet,
    row: at.row,
    col: at.col,
    array: at.array,
    areas: (a) => areasOrNull(translation, a, at),
    fold: (a) => foldValue(translation, a, at),
    cell: (area) => {
      reads.push(area);
      return areaText(translation, area, at);
    },
    isFormula: (sheet, row, col) => translation.ctx.formula(sheet, row, col) !== undefined,
    assume: (reason, detail, answer) => assume(translation, reason, detail, answer),
    keep: (reason, detail) => {
      throw new Uncomputable(reason, detail);
    },
    layout: translation.ctx.layout,
  });
}

/**
 * CUBEMEMBER or CUBEVALUE over the workbook's own data model (rewrite/cube.ts), answered from the
 * file's cells as a constant; what is not certain there keeps the cell's value. Undefined for a
 * workbook whose data model is not read from its own cells.
 */
export function cubeCall(translation: Translation, ast: CallNode, at: Place): string | undefined {
  const model = translation.ctx.dataModel;
  if (!model) return undefined;
  const place = (sheet: number, row: number, col: number): Place => ({ sheet, row, col, wrap: false, depth: 0, array: false });
  translation.cubes ??= new CubeFunctions({
    model,
    constant: translation.ctx.constant,
    cell: (arg, sheet, row, col) => {
      const list = arg.k === 'ref' || arg.k === 'name' ? areasOrNull(translation, arg, place(sheet, row, col)) : undefined;
      const a = list && list !== 'null' && list.length === 1 ? list[0] : undefined;
      return a && a.r1 === a.r2 && a.c1 === a.c2 ? { sheet: a.sheet, row: a.r1, col: a.c1 } : undefined;
    },
    formula: (sheet, row, col) => {
      const text = translation.ctx.formula(sheet, row, col);
      if (text === undefined) return undefined;
      try {
        return parseKey(formulaKey(text.replace(/^=/, ''), row, col));
      } catch (e) {
        if (e instanceof FormulaSyntaxError) return { k: 'err', v: '#N/A' };
        throw e;
      }
    },
  });
  const answer = translation.cubes.call(ast.name, ast.args, at);
  if ('keep' in answer) throw new Uncomputable('function', `${ast.name}: ${answer.keep}`);
  if ('error' in answer) return answer.error;
  return typeof answer.value === 'number' ? numberLiteral(answer.value) : textLiteral(answer.value);
}
