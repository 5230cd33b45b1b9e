import type { Ast } from '../formula/parser.js';
import { someNode } from '../formula/parser.js';

/**
 * What a formula's own text says about a change of its value: the POLICY functions it calls
 * (computed under the run's policy, which may not be the one the file was saved with) and the
 * volatile function it calls, whose answer changes from one calculation to the next. Such a cell's
 * change is real; any other formula, given the same inputs, should give Excel's answer again.
 */
export interface FormulaTraits {
  policy: string[];
  volatile?: string;
}

/** Functions whose answer depends on the time or on chance. */
const VOLATILE = new Set(['NOW', 'TODAY', 'RAND', 'RANDBETWEEN', 'RANDARRAY']);

const NONE: FormulaTraits = { policy: [] };

export function formulaTraits(ast: Ast): FormulaTraits {
  const policy = new Set<string>();
  let volatile: string | undefined;
  someNode(ast, (n) => {
    if (n.k !== 'call') return false;
    if (n.name.startsWith('POLICY.')) policy.add(n.name);
    else if (volatile === undefined && VOLATILE.has(n.name)) volatile = n.name;
    return false;
  });
  if (policy.size === 0 && volatile === undefined) return NONE;
  return { policy: [...policy], ...(volatile ? { volatile } : {}) };
}

/** Whether a change of the cell's value is its own: it calls a POLICY function or a volatile one. */
export const changesOfItself = (t: FormulaTraits): boolean => t.policy.length > 0 || t.volatile !== undefined;
