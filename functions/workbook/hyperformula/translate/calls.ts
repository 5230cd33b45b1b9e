import { findFunction } from '../../../../shared/src/index.js';
import { INVOKE } from '../../formula/parser.js';
import { EXCEL_BUILT_INS } from '../../model/built-ins.js';
import type { AssumedReason } from '../../model/outcomes.js';
import type { Area } from '../../model/area.js';
import { LAMBDA_HELPERS } from '../rewrite/lambda-helpers.js';
import type { CallNode, Lambda, Place, Translation } from './translation.js';
import { Uncomputable, assume, boundTo, letName } from './translation.js';
import { TRIMS, staticReference } from './areas.js';
import { expression, implicitIntersection, operand } from './expression.js';
import { decidedCondition, invokeLambda, isOmitted, lambdaHelperCall, lambdaOf, letCall, namedLambda } from './lambda.js';
import { cellInfoCall, cubeCall, formulaTextCall, isRefCall } from './answered-calls.js';
import { functionCall } from './function-call.js';

/**
 * A call written as HyperFormula's text: the calls this translation writes itself (the formula
 * language's LET, LAMBDA and SINGLE, Excel's functions HyperFormula lacks or reads otherwise),
 * else a call of HyperFormula's own function, checked against its declaration first.
 */

/** A1-style cell name (D6, XFD1048576): called as a function, it is no name Excel could define. */
const CELL_NAME = /^[A-Z]{1,3}[1-9]\d{0,6}$/;

export function call(t: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const name = ast.name;
  // The engine's own EXCEL.* functions are written by this translation only: in a file's formula they are no function of Excel's.
  if (name.startsWith('EXCEL.')) return assume(t, ...unknownCall(t, name));
  // ROW, COLUMN and ISFORMULA read a reference: a LET name or parameter bound to a value (a
  // computed array's element, EXCEL.PARAM) is none here, whatever Excel passes there.
  const bound = boundTo(ast.args[0], at);
  if ((name === 'ROW' || name === 'COLUMN' || name === 'ISFORMULA') && bound !== undefined && (typeof bound !== 'object' || !bound.area)) throw new Uncomputable('function', `${name} of a LET name or LAMBDA parameter bound to a value`);
  // A LET name or parameter bound to a LAMBDA, or a workbook name whose formula is one, called by name.
  let called: Lambda | undefined;
  if (name.startsWith('POLICY.')) {
    if (!findFunction(name.slice(7))) throw new Uncomputable('function', name);
  } else if (name === 'SINGLE') {
    if (ast.args.length !== 1 || !ast.args[0]) throw new Uncomputable('syntax', 'SINGLE takes one argument');
    return implicitIntersection(t, ast.args[0], at, reads);
  } else if (name === 'LET') {
    return letCall(t, ast, at, reads);
  } else if (name === INVOKE) {
    return invokeLambda(t, lambdaOf(t, ast.args[0] ?? null, at), ast.args.slice(1), at, reads);
  } else if ((called = at.lambdas?.get(letName(name)) ?? (t.ctx.known(name) ? undefined : namedLambda(t, name, at)))) {
    return invokeLambda(t, called, ast.args, at, reads);
  } else if (name === 'LAMBDA') {
    throw new Uncomputable('function', 'a LAMBDA that is not called (Excel shows #CALC!)');
  } else if (LAMBDA_HELPERS.has(name)) {
    return lambdaHelperCall(t, ast, at, reads);
  } else if (name === 'ISOMITTED') {
    if (ast.args.length !== 1) throw new Uncomputable('syntax', 'ISOMITTED takes one argument');
    return isOmitted(t, ast.args[0]!, at) ? 'TRUE()' : 'FALSE()';
  } else if (name === 'IF' && ast.args.length >= 2 && decidedCondition(t, ast.args[0], at) !== undefined) {
    // Decided by an omitted parameter: only the branch taken is written (IF(ISOMITTED(y), 10, y)).
    const i = decidedCondition(t, ast.args[0], at) ? 1 : 2;
    const branch = ast.args[i];
    if (branch === undefined) return 'FALSE()';
    if (branch === null) return '0';
    return !at.array && t.ctx.scalarArgument('IF', i) ? operand(t, branch, at, reads) : expression(t, branch, at, reads);
  } else if (name === 'INDIRECT') {
    return indirect(t, ast, at, reads);
  } else if ((name === 'OFFSET' || TRIMS[name]) && staticReference(t, ast, at) !== undefined) {
    return indirect(t, ast, at, reads);
  } else if (name === 'FORMULATEXT') {
    return formulaTextCall(t, ast, at);
  } else if (name === 'CELL' || name === 'AREAS') {
    return cellInfoCall(t, ast, at, reads);
  } else if ((name === 'CUBEMEMBER' || name === 'CUBEVALUE') && t.ctx.dataModel) {
    return cubeCall(t, ast, at, t.ctx.dataModel);
  } else if (!t.ctx.known(name)) {
    return assume(t, ...unknownCall(t, name));
  } else {
    const arity = t.ctx.arity(name);
    if (arity && (ast.args.length < arity.min || ast.args.length > arity.max)) {
      // Excel does not take such a call; LibreOffice, which writes such files, answers #NAME? for
      // too few arguments and #VALUE! for too many, an error among the arguments first.
      const few = ast.args.length < arity.min;
      return assume(t, 'call', `${name} with ${ast.args.length} arguments`, () => `EXCEL.BADCALL(${few ? 1 : 2}${ast.args.map((a) => `,${a === null ? '' : expression(t, a, { ...at, array: true }, reads)}`).join('')})`);
    }
  }
  if (name === 'ISREF') return isRefCall(t, ast, at);
  return functionCall(t, ast, at, reads);
}

/**
 * INDIRECT (or OFFSET) whose arguments are known from the file alone (literals, constant cells,
 * &, ROW() and COLUMN(), ADDRESS of those): the reference it names, read now, so the engine sees
 * a plain reference; text that names no reference is #REF!. Arguments computed by formulas keep
 * the cell's value (this engine has no references made while computing).
 */
function indirect(t: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const tree = staticReference(t, ast, at);
  if (tree === undefined) throw new Uncomputable('function', `${ast.name} of arguments computed by formulas`);
  return tree === 'ref' ? '#REF!' : expression(t, tree, at, reads);
}

/**
 * A call to a function the engine does not have: Excel's own (a cube function…), an add-in's
 * (`_xll.`), or a macro's keep the cell's value; any other name is no function Excel knows and
 * answers #NAME?, as Excel does without an add-in that defines it (a name that is a cell, D6(),
 * answers #REF!, as Excel does).
 */
function unknownCall(t: Translation, name: string): [AssumedReason, string, () => string] {
  if (EXCEL_BUILT_INS.has(name) || name.startsWith('_XLL.') || t.ctx.macros) throw new Uncomputable('function', name);
  if (CELL_NAME.test(name)) return ['call', `a cell called as a function: ${name}`, () => '#REF!'];
  return ['name', `a function Excel does not have: ${name}`, () => '#NAME?'];
}
