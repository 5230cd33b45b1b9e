import type { ChangeCause } from '../model/outcomes.js';

/**
 * Sets of the causes of a change, interned: a workbook has few distinct causes (its POLICY
 * functions, its volatile functions, no cached value, this engine's own answer), so each distinct
 * set is made once and the union of two sets is remembered. A cell carries its set by reference,
 * and a column of 100,000 cells changed by the same POLICY call shares one set.
 */
export interface CauseSet {
  readonly id: number;
  readonly causes: readonly ChangeCause[];
  readonly keys: ReadonlySet<string>;
}

const keyOf = (c: ChangeCause): string => (c.kind === 'policy' || c.kind === 'volatile' ? `${c.kind}:${c.fn}` : c.kind);

export class CauseSets {
  private readonly byKey = new Map<string, CauseSet>();
  private readonly unions = new Map<number, CauseSet>();
  readonly none: CauseSet;

  constructor() {
    this.none = this.make([]);
  }

  private make(causes: ChangeCause[]): CauseSet {
    const sorted = [...new Map(causes.map((c) => [keyOf(c), c])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = sorted.map(([k]) => k).join('\u0000');
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = { id: this.byKey.size, causes: sorted.map(([, c]) => c), keys: new Set(sorted.map(([k]) => k)) }));
    return set;
  }

  of(...causes: ChangeCause[]): CauseSet {
    return this.make(causes);
  }

  union(a: CauseSet, b: CauseSet): CauseSet {
    if (a === b || b.causes.length === 0) return a;
    if (a.causes.length === 0) return b;
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    const key = x.id * 1_000_003 + y.id;
    let u = this.unions.get(key);
    if (!u) this.unions.set(key, (u = this.make([...x.causes, ...y.causes])));
    return u;
  }
}
