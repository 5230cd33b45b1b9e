import type { Ast } from '../../formula/parser.js';
import type { Area } from '../../model/area.js';
import type { Applicable, Argument, HelperTools } from '../rewrite/lambda-helpers.js';
import { lambdaHelper } from '../rewrite/lambda-helpers.js';
import type { CallNode, Lambda, Place, Translation } from './translation.js';
import { Uncomputable, assume, boundTo, letName } from './translation.js';
import { areaText, definedNameTree } from './references.js';
import { areasOrNull } from './areas.js';
import { foldValue } from './fold.js';
import { booleanLiteral } from '../literals.js';
import { expression, operand } from './expression.js';

/**
 * LET and LAMBDA, expanded where they are written: HyperFormula has neither, so each LET name and
 * each LAMBDA parameter is replaced by its value's text in the body (Excel's functions have no
 * side effects: computing a value as often as it is used gives the same answer). A LAMBDA is one
 * written in place, a LET name bound to one, or a defined name whose formula is one; the LAMBDA
 * helpers (MAP, REDUCE…) are written out by rewrite/lambda-helpers.ts with what this lends them.
 */

/**
 * LET names and LAMBDA parameters are written out where they are used: a value used several times
 * over several levels would grow without end. Past this size the cell keeps its value.
 */
const MAX_BOUND_TEXT = 100_000;

/** A value's text as a name or parameter is bound to it, when it may be written out where it is used. */
function boundedText(text: string): string {
  if (text.length > MAX_BOUND_TEXT) throw new Uncomputable('function', 'LET or LAMBDA whose written-out formula is too large for this engine');
  // Excel computes a name's value once: a random number written out twice would be two numbers.
  if (/\bRAND(BETWEEN|ARRAY)?\(/i.test(text)) throw new Uncomputable('function', 'LET or LAMBDA of a random number, which Excel computes once');
  return text;
}

/** LET(name, value, …, calculation): each name stands for its value's text (or its LAMBDA) in what follows. */
export function letCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const args = ast.args;
  if (args.length < 3 || args.length % 2 === 0) throw new Uncomputable('syntax', 'LET with a number of arguments Excel does not take');
  const scope = new Map(at.scope);
  const lambdas = new Map(at.lambdas);
  for (let i = 0; i < args.length - 1; i += 2) {
    const nameNode = args[i];
    const value = args[i + 1];
    if (!nameNode || nameNode.k !== 'name' || !value) throw new Uncomputable('syntax', 'LET with something else than a name to define');
    const name = letName(nameNode.name);
    // A name bound to a LAMBDA is a function the rest may call.
    const fn = value.k === 'call' && value.name === 'LAMBDA' ? lambdaOf(translation, value, { ...at, scope: new Map(scope), lambdas: new Map(lambdas) }) : undefined;
    if (fn) {
      lambdas.set(name, fn);
      scope.delete(name);
    } else {
      scope.set(name, bindArgument(translation, value, { ...at, scope, lambdas }, reads));
      lambdas.delete(name);
    }
  }
  return operand(translation, args[args.length - 1]!, { ...at, scope, lambdas }, reads);
}

/**
 * The LAMBDA a callee stands for: one written in place, a LET name or parameter bound to one, or
 * a defined name whose formula is one (a named function of the workbook); undefined otherwise.
 */
export function lambdaOf(translation: Translation, callee: Ast | null, at: Place): Lambda | undefined {
  if (!callee) return undefined;
  if (callee.k === 'call' && callee.name === 'LAMBDA') {
    const params = callee.args.slice(0, -1);
    const body = callee.args.at(-1);
    if (!body || params.some((p) => !p || p.k !== 'name')) throw new Uncomputable('syntax', 'a LAMBDA whose parameters are not names');
    const names = params.map((p) => (p as Extract<Ast, { k: 'name' }>).name);
    // An optional parameter, [y], is written `_xlop.y` where it is declared (uses are `_xlpm.y`).
    const required = names.reduce((n, p, i) => (/^_xlop\./i.test(p) ? n : i + 1), 0);
    return { params: names.map(letName), required, body, at };
  }
  if (callee.k === 'name' && callee.sheet === undefined) return at.lambdas?.get(letName(callee.name)) ?? namedLambda(translation, callee.name, at);
  return undefined;
}

/** LAMBDA(x, x+1)(2): a LAMBDA called where it is written. */
export function inPlaceLambdaCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  return invokeLambda(translation, lambdaOf(translation, ast.args[0] ?? null, at), ast.args.slice(1), at, reads);
}

/** A LAMBDA written where a value belongs, not called: Excel shows #CALC!; the cell keeps its value. */
export function uncalledLambda(): never {
  throw new Uncomputable('function', 'a LAMBDA that is not called (Excel shows #CALC!)');
}

/** A defined name whose formula is a LAMBDA: its references are the name's (relative to the calling cell), and it sees no LET names. */
export function namedLambda(translation: Translation, name: string, at: Place): Lambda | undefined {
  if (!translation.ctx.name(name, at.sheet)) return undefined;
  const tree = definedNameTree(translation, { k: 'name', name }, at);
  if (!tree || tree.k !== 'call' || tree.name !== 'LAMBDA') return undefined;
  return lambdaOf(translation, tree, { ...at, wrap: true, scope: undefined, lambdas: undefined });
}

/**
 * A LAMBDA called with these arguments: its body with each parameter bound to its argument, as
 * LET binds a name (a LAMBDA given as an argument stays a LAMBDA the body may call). More
 * arguments than parameters, or fewer than it requires, is #VALUE!, as Microsoft's LAMBDA page
 * says ("an incorrect number of arguments"). An argument left empty, `f(1,)`, and an optional
 * parameter `[y]` the call leaves out are omitted: ISOMITTED is TRUE for them (Microsoft's
 * ISOMITTED example, `LAMBDA(x,y, IF(ISOMITTED(y),"Missing second argument",x+y))(1,)`).
 */
export function invokeLambda(translation: Translation, fn: Lambda | undefined, args: (Ast | null)[], at: Place, reads: Area[]): string {
  if (!fn) throw new Uncomputable('function', 'a call of something that is not a LAMBDA');
  if (args.length > fn.params.length || args.length < fn.required) return '#VALUE!';
  const given = fn.params.map((_, i) => {
    const arg = args[i];
    if (arg === undefined || arg === null) return 'omitted' as const;
    return (arg.k === 'call' && arg.name === 'LAMBDA' ? lambdaOf(translation, arg, at) : arg.k === 'name' ? at.lambdas?.get(letName(arg.name)) : undefined) ?? bindArgument(translation, arg, at, reads);
  });
  return applyLambda(translation, fn, given, at, reads);
}

/** A LAMBDA's body with its parameters bound, in order, to these values (or LAMBDAs), at the place it was written. */
function applyLambda(translation: Translation, fn: Lambda, given: (Argument | Lambda)[], at: Place, reads: Area[], array = at.array): string {
  if (at.depth > 32) throw new Uncomputable('reference', 'a LAMBDA that calls itself more deeply than this engine follows');
  const scope = new Map(fn.at.scope);
  const lambdas = new Map(fn.at.lambdas);
  fn.params.forEach((p, i) => {
    const value = given[i] ?? 'omitted';
    if (typeof value === 'object' && 'body' in value) {
      lambdas.set(p, value);
      scope.delete(p);
    } else {
      scope.set(p, value);
      lambdas.delete(p);
    }
  });
  return boundedText(operand(translation, fn.body, { ...fn.at, scope, lambdas, depth: Math.max(at.depth, fn.at.depth) + 1, array }, reads));
}

/** What a LET name or a parameter is bound to: its value's text, with the area when it is a reference the file decides. */
function bindArgument(translation: Translation, value: Ast, at: Place, reads: Area[]): Argument {
  const text = boundedText(expression(translation, value, at, reads));
  const list = value.k === 'ref' || value.k === 'name' || value.k === 'table' || value.k === 'op' || value.k === 'spill' || value.k === 'call' ? areasOrNull(translation, value, at) : undefined;
  const area = list && list !== 'null' && list.length === 1 ? list[0] : undefined;
  return area ? { text, area } : { text };
}

/** ISOMITTED(x) as TRUE() or FALSE() (see isOmitted). */
export function isOmittedCall(translation: Translation, ast: CallNode, at: Place): string {
  if (ast.args.length !== 1) throw new Uncomputable('syntax', 'ISOMITTED takes one argument');
  return booleanLiteral(isOmitted(translation, ast.args[0]!, at));
}

/**
 * IF whose condition an omitted parameter decides (IF(ISOMITTED(y), 10, y)): only the branch
 * taken is written, the other's omitted value never used; undefined for any other IF.
 */
export function decidedIfCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string | undefined {
  if (ast.args.length < 2) return undefined;
  const decided = decidedCondition(translation, ast.args[0], at);
  if (decided === undefined) return undefined;
  const i = decided ? 1 : 2;
  const branch = ast.args[i];
  if (branch === undefined) return 'FALSE()';
  if (branch === null) return '0';
  return !at.array && translation.ctx.scalarArgument('IF', i) ? operand(translation, branch, at, reads) : expression(translation, branch, at, reads);
}

/** Whether a condition is decided by the call alone (ISOMITTED of a parameter, NOT of that): IF then takes one branch, the other's omitted value never used. */
function decidedCondition(translation: Translation, cond: Ast | null | undefined, at: Place): boolean | undefined {
  if (!cond) return undefined;
  if (cond.k === 'call' && cond.name === 'NOT' && cond.args.length === 1) {
    const v = decidedCondition(translation, cond.args[0], at);
    return v === undefined ? undefined : !v;
  }
  if (cond.k === 'call' && cond.name === 'ISOMITTED' && cond.args.length === 1) return isOmitted(translation, cond.args[0]!, at);
  return undefined;
}

/**
 * ISOMITTED(x): TRUE for a LAMBDA parameter the call left out, FALSE for any other value. REDUCE's
 * and SCAN's accumulator without an initial value is Microsoft's open case (its page says the
 * first value starts it; its example needs it empty): TRUE only for a cell without a cached
 * value, noted; a cell with one keeps it.
 */
function isOmitted(translation: Translation, a: Ast | null, at: Place): boolean {
  const bound = boundTo(a, at);
  if (bound === 'start') assume(translation, 'call', "ISOMITTED of REDUCE's or SCAN's accumulator without an initial value", () => 'TRUE()');
  return bound === 'omitted' || bound === 'start';
}

/** MAP, BYROW, BYCOL, REDUCE, SCAN and MAKEARRAY, written out (rewrite/lambda-helpers.ts). */
export function lambdaHelperCall(translation: Translation, ast: CallNode, at: Place, reads: Area[]): string {
  const tools: HelperTools = {
    area: (a) => {
      const list = areasOrNull(translation, a, { ...at, array: true });
      if (list === 'null') return 'ref';
      if (!list || list.length !== 1) return undefined;
      return list[0] ?? 'ref';
    },
    fold: (a) => foldValue(translation, a, at),
    text: (a) => expression(translation, a, { ...at, array: true }, reads),
    address: (area) => areaText(translation, area, at),
    read: (area) => reads.push(area),
    lambda: (a) => applicableOf(translation, a, at, reads),
    keep: (reason, detail) => {
      throw new Uncomputable(reason, detail);
    },
    inFold: (body) => {
      translation.folds++;
      try {
        return body(translation.folds);
      } finally {
        translation.folds--;
      }
    },
  };
  return lambdaHelper(ast.name, ast.args, tools);
}

/**
 * The LAMBDA a helper's argument stands for, applied in array context (Excel evaluates a
 * LAMBDA's body as a dynamic-array formula); `_xleta.SUM`, the form Excel writes for a function
 * given by name, takes as many parameters as it is given.
 */
function applicableOf(translation: Translation, a: Ast | null, at: Place, reads: Area[]): Applicable | undefined {
  if (a && a.k === 'name' && /^_xleta\./i.test(a.name)) {
    const name = a.name.slice(7).toUpperCase();
    return {
      required: 1,
      params: 253,
      apply: (args) => {
        const params = args.map((_, i) => `_ETA${i}`);
        const fn: Lambda = { params, required: params.length, body: { k: 'call', name, args: params.map((p) => ({ k: 'name', name: p })) }, at };
        return applyLambda(translation, fn, args, at, reads, true);
      },
    };
  }
  const fn = lambdaOf(translation, a, at);
  return fn && { required: fn.required, params: fn.params.length, apply: (args) => applyLambda(translation, fn, args, at, reads, true) };
}
