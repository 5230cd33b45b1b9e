import type { PolicyDoc } from '../policy/schema.js';
import type { Lang, Matrix, Scalar } from '../values/types.js';
import type { Decline } from './exact.js';

/**
 * A catalog function's integer-fen path: the same answer as its decimal rule (the rule stays the
 * definition, and the only path that explains itself), computed in safe integers for the common
 * shapes of its arguments. `run` receives the arguments as the adapter made them, amounts still JS
 * numbers, and answers the finished cell value, or DECLINE for the decimal rule to answer.
 */
export interface FenRule {
  readonly id: string;
  /** What the rule reads from a policy, as the integers and tables `run` uses; undefined when a number is out of this path's range. Made once per document. */
  readonly compile: (policy: PolicyDoc) => unknown;
  readonly run: (args: readonly unknown[], terms: unknown, policy: PolicyDoc, lang: Lang) => Scalar | Matrix | Decline;
}

/** Declares a fen path; `A` is the rule's argument tuple with amounts as numbers, `T` what it compiles from a policy. */
export function fenRule<A extends readonly unknown[], T>(
  id: string,
  compile: (policy: PolicyDoc) => T | undefined,
  run: (args: A, terms: T, policy: PolicyDoc, lang: Lang) => Scalar | Matrix | Decline,
): FenRule {
  return { id, compile, run: run as FenRule['run'] };
}
