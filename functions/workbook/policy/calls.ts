import type { CallResult, Engine, FunctionDecl, Lang, PolicyDoc } from '../../../shared/src/index.js';
import { findFunction } from '../../../shared/src/index.js';
import { DAYS_1904 } from '../model/date-systems.js';

/**
 * The one bridge from a `POLICY.<ID>(…)` call in a workbook to the rules package, for both
 * evaluators (the fast path and HyperFormula's plugin, and the constant calls folded before
 * HyperFormula starts). A call is computed with the workbook's policy and the caller's language;
 * the rules read dates in the 1900 system, so a workbook saved in the 1904 system has its date
 * arguments moved into it and its date results moved back.
 */

/** What a workbook's POLICY calls are computed with. */
export interface PolicyCallContext {
  engine: Engine;
  policy: PolicyDoc;
  lang: Lang;
}

const PREFIX = 'POLICY.';

/** The catalog function a formula calls by its upper-case name (`POLICY.COMMISSION`), or undefined for any other name. */
export function policyFunction(name: string): FunctionDecl | undefined {
  return name.startsWith(PREFIX) ? findFunction(name.slice(PREFIX.length)) : undefined;
}

/** The name a catalog function has in a formula. */
export const policyFormulaName = (f: FunctionDecl): string => `${PREFIX}${f.id}`;

/**
 * Calls a catalog function with its arguments as cells hold them (a blank is null, a range rows of
 * values). Trailing omitted arguments are dropped, so that the function's defaults apply.
 */
export function callPolicy(f: FunctionDecl, args: unknown[], ctx: PolicyCallContext, date1904: boolean): CallResult {
  const list = args.slice();
  while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  if (!date1904) return ctx.engine.callWith(f, list, ctx.policy, ctx.lang);
  const in1900 = list.map((a, i) => (f.params[Math.min(i, f.params.length - 1)]?.type === 'date' && typeof a === 'number' ? a + DAYS_1904 : a));
  const r = ctx.engine.callWith(f, in1900, ctx.policy, ctx.lang);
  return f.result === 'date' && 'value' in r && typeof r.value === 'number' ? { ...r, value: r.value - DAYS_1904 } : r;
}
