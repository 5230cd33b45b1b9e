import { CATALOG } from './catalog/index.js';
import type { Engine } from './engine.js';

/**
 * Which catalog functions read which policy parameters, found by running them rather than by
 * reading their code: every declared example of every function is called once under the policy it
 * names (else the latest default), against a copy of the policy that records each parameter read
 * (explain/policy-reads.ts): the rule's reads and its arguments' defaults and labels alike. A
 * function is a reader of a parameter when one of its examples read it, or a part of it.
 *
 * What this cannot see, it does not claim: a branch that no example takes reads nothing here, and
 * POLICYINFO, which reads whatever path it is given, is named only for the paths its examples ask.
 * The examples run as tests, so a function without one cannot ship.
 */
export class ParameterReaders {
  private readonly byFunction = new Map<string, ReadonlySet<string>>();

  constructor(engine: Engine) {
    for (const fn of CATALOG) {
      const reads = new Set<string>();
      for (const ex of fn.examples) {
        if (ex.policy !== undefined && !engine.registry.has(ex.policy)) continue;
        for (const r of engine.parametersRead(fn.id, ex.args, { policy: ex.policy ?? null })) reads.add(r);
      }
      this.byFunction.set(fn.id, reads);
    }
  }

  /** The functions that read the parameter at a dotted path, or anything inside it, in catalog order. */
  of(key: string): string[] {
    const prefix = `${key}.`;
    const out: string[] = [];
    for (const [id, reads] of this.byFunction) {
      for (const r of reads) {
        if (r === key || r.startsWith(prefix)) {
          out.push(id);
          break;
        }
      }
    }
    return out;
  }
}
