import { jsonPath } from '../i18n/issues.js';
import type { Text2 } from '../values/types.js';
import type { PolicyDoc } from './schema.js';

/**
 * Every parameter that differs between two policy documents: what a manager reads before moving
 * workbooks from one version to the next. Parameters are everything a rule may read; the
 * document's own identity and commentary (`id`, `version`, `effectiveFrom`, `title`, `notes`,
 * `$schema`) are not parameters and are shown apart.
 */

/** Members of a document that say which document it is or comment on it, rather than set a value a rule reads. */
const NOT_PARAMETERS = new Set(['$schema', 'id', 'version', 'effectiveFrom', 'title', 'notes']);

export interface ParameterChange {
  /** The JSON path ($.marketing.minimumWage). */
  path: string;
  /** The dotted path the notes, POLICYINFO and the readers name it by (marketing.minimumWage; array items by index). */
  key: string;
  /** The value in the first document; absent when only the second has the parameter. */
  old?: unknown;
  /** The value in the second document; absent when only the first has it. */
  new?: unknown;
  /** The source sentence the parameter implements: its own note's `source`, else the nearest enclosing path's. */
  clause?: string;
  /** The dotted path whose note gave the clause, when it is an enclosing one. */
  clauseFrom?: string;
  /** The note that comments on the parameter (its own or the nearest enclosing one), in both languages. */
  note?: Text2;
  /** The catalog functions that read the parameter (see parameter-readers.ts for how the list is made). */
  readBy: string[];
}

export interface PolicyDiff {
  from: { ref: string; effectiveFrom: string; title: Text2 };
  to: { ref: string; effectiveFrom: string; title: Text2 };
  changes: ParameterChange[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * The leaves that differ, as segments: objects member by member, arrays of the same length item by
 * item; an array whose length changed is one change of the whole array (its items no longer line up).
 */
function differences(a: unknown, b: unknown, at: (string | number)[], out: { segments: (string | number)[]; old: unknown; new: unknown }[]): void {
  if (sameValue(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) differences(a[k], b[k], [...at, k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => differences(x, b[i], [...at, i], out));
    return;
  }
  out.push({ segments: at, old: a, new: b });
}

type Notes = PolicyDoc['notes'];

/** The nearest note, from the parameter's own path outwards, that has the member asked for: the second document's first, then the first's. */
function nearestNote<K extends 'source' | 'note'>(key: string, member: K, notes: readonly Notes[]): { at: string; value: NonNullable<Notes[string][K]> } | undefined {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const at = parts.slice(0, n).join('.');
    for (const doc of notes) {
      const v = doc[at]?.[member];
      if (v !== undefined) return { at, value: v as NonNullable<Notes[string][K]> };
    }
  }
  return undefined;
}

/**
 * The parameters that differ from `a` to `b`, in the documents' order, each with its clause, its
 * note and the functions that read it (`readersOf` answers them for a dotted path).
 */
export function diffPolicies(a: PolicyDoc, b: PolicyDoc, readersOf: (key: string) => string[]): PolicyDiff {
  const found: { segments: (string | number)[]; old: unknown; new: unknown }[] = [];
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) if (!NOT_PARAMETERS.has(k)) differences(ra[k], rb[k], [k], found);
  const notes = [b.notes, a.notes];
  const changes = found.map(({ segments, old, new: now }): ParameterChange => {
    const key = segments.join('.');
    const clause = nearestNote(key, 'source', notes);
    const note = nearestNote(key, 'note', notes);
    return {
      path: jsonPath(segments),
      key,
      ...(old !== undefined ? { old } : {}),
      ...(now !== undefined ? { new: now } : {}),
      ...(clause ? { clause: clause.value, ...(clause.at !== key ? { clauseFrom: clause.at } : {}) } : {}),
      ...(note ? { note: note.value } : {}),
      readBy: readersOf(key),
    };
  });
  const side = (d: PolicyDoc) => ({ ref: `${d.id}@${d.version}`, effectiveFrom: d.effectiveFrom, title: d.title });
  return { from: side(a), to: side(b), changes };
}
