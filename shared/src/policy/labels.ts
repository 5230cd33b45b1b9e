import type { PolicyDoc } from './schema.js';

/**
 * The labels an input accepts: each canonical term (the source's Chinese word, which is also what
 * results use) and its English alias, matched case-insensitively and ignoring width and spaces.
 */
export interface LabelSet {
  /** normalised text → canonical term */
  readonly lookup: ReadonlyMap<string, string>;
  /** for messages: "住宅/residential" … */
  readonly shown: readonly string[];
}

export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function labelSet(entries: Iterable<readonly [canonical: string, aliases: readonly (string | undefined)[]]>): LabelSet {
  const lookup = new Map<string, string>();
  const shown: string[] = [];
  for (const [canonical, aliases] of entries) {
    lookup.set(canonical, canonical);
    lookup.set(normalizeLabel(canonical), canonical);
    const names = [canonical];
    for (const a of aliases) {
      if (a === undefined) continue;
      lookup.set(normalizeLabel(a), canonical);
      names.push(a);
    }
    shown.push(names.join('/'));
  }
  return { lookup, shown };
}

/** Label sets are derived once per policy document, not once per call. */
export function cachedPerPolicy<T>(build: (p: PolicyDoc) => T): (p: PolicyDoc) => T {
  const cache = new WeakMap<PolicyDoc, T>();
  return (p) => {
    let v = cache.get(p);
    if (v === undefined) {
      v = build(p);
      cache.set(p, v);
    }
    return v;
  };
}
