import { cachedPerPolicy } from '../policy/labels.js';
import type { PolicyDoc } from '../policy/schema.js';
import type { Completion } from '../policy/supplement.js';

/**
 * Which parameters a rule read while it explained itself, so that the explanation can say when a
 * value is illustrative (†, not in the source) or comes from a supplement rather than the published
 * version. Only explanations pay for it: a plain call reads the document itself.
 */
export function watchReads(doc: PolicyDoc): { policy: PolicyDoc; reads: Set<string> } {
  const reads = new Set<string>();
  const wrap = <T extends object>(obj: T, path: string): T =>
    new Proxy(obj, {
      get(target, key, receiver) {
        const v: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        const p = path ? `${path}.${key}` : key;
        if (v !== null && typeof v === 'object') return wrap(v, p);
        if (v !== undefined && typeof v !== 'function') reads.add(p);
        return v;
      },
    });
  return { policy: wrap(doc, ''), reads };
}

function under(read: string, path: string): boolean {
  return read === path || (read.length > path.length && read.charCodeAt(path.length) === 46 && read.startsWith(path)); // 46: "."
}

/** The parameters the policy marks illustrative (†), as its notes name them, in the notes' order: read once per document. */
const illustrativePaths = cachedPerPolicy((doc): readonly string[] =>
  Object.entries(doc.notes)
    .filter(([, n]) => n.illustrative)
    .map(([p]) => p),
);

/** The parameters among `reads` that the policy marks illustrative (†), as the notes name them. */
export function illustrativeReads(doc: PolicyDoc, reads: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (reads.size === 0) return out;
  for (const path of illustrativePaths(doc)) {
    for (const read of reads) {
      if (under(read, path) && typeof readValue(doc, read) === 'number') {
        out.push(path);
        break;
      }
    }
  }
  return out;
}

/** The parameters among `reads` that a supplement filled, by supplement. */
export function supplementedReads(completions: readonly Completion[], reads: ReadonlySet<string>): { ref: string; paths: string[] }[] {
  const out: { ref: string; paths: string[] }[] = [];
  for (const c of completions) {
    const paths = c.paths.filter((p) => {
      for (const read of reads) if (under(read, p)) return true;
      return false;
    });
    if (paths.length) out.push({ ref: c.ref, paths });
  }
  return out;
}

function readValue(doc: PolicyDoc, path: string): unknown {
  let cur: unknown = doc;
  for (const k of path.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}
