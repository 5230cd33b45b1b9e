import { findFunction } from '../../../../shared/src/index.js';
import { INVOKE } from '../../formula/parser.js';
import { EXCEL_BUILT_INS } from '../../model/built-ins.js';
import type { AssumedReason } from '../../model/outcomes.js';
import type { Area } from '../../model/area.js';
import { LAMBDA_HELPERS } from '../rewrite/lambda-helpers.js';
import type { CallNode, Place, Translation } from './translation.js';
import { Uncomputable, assume, boundTo, letName } from './translation.js';
import { TRIMS, staticReference } from './areas.js';
import { expression, implicitIntersection } from './expression.js';
import { decidedIfCall, inPlaceLambdaCall, invokeLambda, isOmittedCall, lambdaHelperCall, letCall, namedLambda, uncalledLambda } from './lambda.js';
import { cellInfoCall, cubeCall, formulaTextCall, isRefCall } from './answered-calls.js';
import { functionCall } from './function-call.js';

/**
 * A call written as HyperFormula's text. The calls this translation writes itself are a table by
 * function name (SPECIAL_CALLS), as HyperFormula keeps its functions' metadata; every other call
 * is HyperFormula's own function (function-call.ts), once its name and argument count are checked
 * against HyperFormula's declaration.
 */

/** How a call is written: its HyperFormula text. */
type CallWriter<Text = string> = (translation: Translation, ast: CallNode, at: Place, reads: Area[]) => Text;

/**
 * A call written here, and when it is tried:
 * - 'language': the formula language itself (SINGLE, LET, a LAMBDA called where it is written),
 *   before the name is looked up as a LAMBDA;
 * - 'function': a function of Excel's that HyperFormula lacks or reads otherwise, after a LAMBDA
 *   of that name (a LET name, a defined name) is looked for; undefined leaves the call to
 *   HyperFormula (an IF no omitted parameter decides, an OFFSET of computed arguments);
 * - 'checked': a function HyperFormula has, answered here once the call's argument count is
 *   checked against HyperFormula's declaration (ISREF).
 */
type SpecialCall = { stage: 'language' | 'checked'; write: CallWriter } | { stage: 'function'; write: CallWriter<string | undefined> };

/** The same entry for each of these names. */
const entriesFor = (names: Iterable<string>, entry: SpecialCall): Record<string, SpecialCall> => Object.fromEntries([...names].map((name) => [name, entry]));

/** The calls this translation writes itself, by function name. */
const SPECIAL_CALLS: Record<string, SpecialCall> = {
  SINGLE: { stage: 'language', write: singleCall },
  LET: { stage: 'language', write: letCall },
  [INVOKE]: { stage: 'language', write: inPlaceLambdaCall },
  LAMBDA: { stage: 'function', write: uncalledLambda },
  ...entriesFor(LAMBDA_HELPERS, { stage: 'function', write: lambdaHelperCall }),
  ISOMITTED: { stage: 'function', write: isOmittedCall },
  IF: { stage: 'function', write: decidedIfCall },
  INDIRECT: { stage: 'function', write: indirectCall },
  ...entriesFor(['OFFSET', ...Object.keys(TRIMS)], { stage: 'function', write: staticReferenceCall }),
  FORMULATEXT: { stage: 'function', write: formulaTextCall },
  ...entriesFor(['CELL', 'AREAS'], { stage: 'function', write: cellInfoCall }),
  ...entriesFor(['CUBEMEMBER', 'CUBEVALUE'], { stage: 'function', write: cubeCall }),
  ISREF: { stage: 'checked', write: isRefCall },
};

/** Excel's functions this translation writes itself (rather than calling HyperFormula's function of that name), for the coverage table. */
export const TRANSLATED_FUNCTIONS: readonly string[] = Object.keys(SPECIAL_CALLS).filter((name) => name !== INVOKE);

/** A1-style cell name (D6, XFD1048576): called as a function, it is no name Excel could define. */
const CELL_NAME = /^[A-Z]{1,3}[1-9]\d{0,6}$/;

/** A call's text (Translation.call). */
export function call(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const name = ast.name;
  // The engine's own EXCEL.* functions are written by this translation only: in a file's formula they are no function of Excel's.
  if (name.startsWith('EXCEL.')) return assume(translation, ...unknownCall(translation, name));
  // ROW, COLUMN and ISFORMULA read a reference: a LET name or parameter bound to a value (a
  // computed array's element, EXCEL.PARAM) is none here, whatever Excel passes there.
  const bound = boundTo(ast.args[0], at);
  if ((name === 'ROW' || name === 'COLUMN' || name === 'ISFORMULA') && bound !== undefined && (typeof bound !== 'object' || !bound.area)) throw new Uncomputable('function', `${name} of a LET name or LAMBDA parameter bound to a value`);
  // The catalog's functions, registered in the engine as POLICY.<ID> (engine.ts).
  if (name.startsWith('POLICY.')) {
    if (!findFunction(name.slice(7))) throw new Uncomputable('function', name);
    return functionCall(translation, ast, at, reads);
  }
  const special = Object.hasOwn(SPECIAL_CALLS, name) ? SPECIAL_CALLS[name] : undefined;
  if (special?.stage === 'language') return special.write(translation, ast, at, reads);
  // A LET name or parameter bound to a LAMBDA, or a workbook name whose formula is one, called by name.
  const called = at.lambdas?.get(letName(name)) ?? (translation.ctx.known(name) ? undefined : namedLambda(translation, name, at));
  if (called) return invokeLambda(translation, called, ast.args, at, reads);
  if (special?.stage === 'function') {
    const text = special.write(translation, ast, at, reads);
    if (text !== undefined) return text;
  }
  if (!translation.ctx.known(name)) return assume(translation, ...unknownCall(translation, name));
  const arity = translation.ctx.arity(name);
  if (arity && (ast.args.length < arity.min || ast.args.length > arity.max)) return wrongArgumentCount(translation, ast, at, reads, arity);
  if (special?.stage === 'checked') return special.write(translation, ast, at, reads);
  return functionCall(translation, ast, at, reads);
}

/** SINGLE(x), what a file stores for @x: Excel's implicit intersection. */
function singleCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  if (ast.args.length !== 1 || !ast.args[0]) throw new Uncomputable('syntax', 'SINGLE takes one argument');
  return implicitIntersection(translation, ast.args[0], at, reads);
}

/**
 * INDIRECT whose arguments are known from the file alone (literals, constant cells, &, ROW() and
 * COLUMN(), ADDRESS of those): the reference it names, read now, so the engine sees a plain
 * reference; text that names no reference is #REF!. Arguments computed by formulas keep the
 * cell's value (this engine has no references made while computing).
 */
function indirectCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const tree = staticReference(translation, ast, at);
  if (tree === undefined) throw new Uncomputable('function', `${ast.name} of arguments computed by formulas`);
  return tree === 'ref' ? '#REF!' : expression(translation, tree, at, reads);
}

/** OFFSET, TRIMRANGE and the trim references, as the reference they name when the file alone decides it; undefined leaves them to HyperFormula. */
function staticReferenceCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string | undefined {
  const tree = staticReference(translation, ast, at);
  if (tree === undefined) return undefined;
  return tree === 'ref' ? '#REF!' : expression(translation, tree, at, reads);
}

/**
 * A call with more or fewer arguments than HyperFormula's declaration takes. Excel does not take
 * such a call; LibreOffice, which writes such files, answers #NAME? for too few arguments and
 * #VALUE! for too many, an error among the arguments first.
 */
function wrongArgumentCount(translation: Translation, ast: CallNode, at: Place, reads: Area[], arity: { min: number }): string {
  const few = ast.args.length < arity.min;
  return assume(translation, 'call', `${ast.name} with ${ast.args.length} arguments`, () => `EXCEL.BADCALL(${few ? 1 : 2}${ast.args.map((a) => `,${a === null ? '' : expression(translation, a, { ...at, array: true }, reads)}`).join('')})`);
}

/**
 * A call to a function the engine does not have: Excel's own (a cube function…), an add-in's
 * (`_xll.`), or a macro's keep the cell's value; any other name is no function Excel knows and
 * answers #NAME?, as Excel does without an add-in that defines it (a name that is a cell, D6(),
 * answers #REF!, as Excel does).
 */
function unknownCall(translation: Translation, name: string): [AssumedReason, string, () => string] {
  if (EXCEL_BUILT_INS.has(name) || name.startsWith('_XLL.') || translation.ctx.macros) throw new Uncomputable('function', name);
  if (CELL_NAME.test(name)) return ['call', `a cell called as a function: ${name}`, () => '#REF!'];
  return ['name', `a function Excel does not have: ${name}`, () => '#NAME?'];
}
