import * as z from 'zod/mini';
import { REPORT_INPUT } from '../i18n/issues.js';
import supplement202611 from '../../policies/supplement-2026.11.json' with { type: 'json' };
import supplement202612 from '../../policies/supplement-2026.12.json' with { type: 'json' };
import published from '../../policies/published.json' with { type: 'json' };
import { policyDigest } from './digest.js';
import type { PolicyProblem } from './schema.js';
import { issuesToProblems, policyProblem, resolvePath } from './schema.js';

/**
 * A supplement: parameters the schema gained after policy versions were published, with the values
 * and notes that complete a policy file lacking them. A published version never changes (its digest
 * is recorded), yet new functions need parameters it does not have; rather than edit the file and
 * rewrite its digest, the registry completes the document from the supplement when it loads:
 * every value that version published stays exactly as published, only missing parameters are added,
 * a file that sets a parameter itself keeps its own value, and the supplement is published (its
 * digest recorded) like a policy, so its values cannot change silently either. An explanation that
 * reads a supplemented parameter says so.
 */

const text2 = z.strictObject({ 'zh-CN': z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });

const supplementSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
  version: z.string().check(z.regex(/^\d+(\.\d+)*$/)),
  title: text2,
  /** Dotted path of a parameter → its value. */
  adds: z.record(z.string().check(z.regex(/^[A-Za-z]\w*(\.[^.]+)*$/)), z.unknown()),
  notes: z.record(
    z.string(),
    z.strictObject({ source: z.optional(z.string()), illustrative: z.optional(z.boolean()), note: z.optional(text2) }),
  ),
});

export type Supplement = z.infer<typeof supplementSchema>;

export function supplementRef(s: Pick<Supplement, 'id' | 'version'>): string {
  return `${s.id}@${s.version}`;
}

/** What completing a document did: the supplement used and the parameters it filled. */
export interface Completion {
  ref: string;
  paths: readonly string[];
}

/** Checks a supplement document and, when its version was published, its digest. */
export function loadSupplement(input: unknown, published: Readonly<Record<string, string>>): { ok: true; supplement: Supplement } | { ok: false; problems: PolicyProblem[] } {
  const r = supplementSchema.safeParse(input, REPORT_INPUT);
  if (!r.success) return { ok: false, problems: issuesToProblems(r.error.issues) };
  const s = r.data;
  const recorded = published[supplementRef(s)];
  if (recorded !== undefined && recorded !== policyDigest(input)) {
    return {
      ok: false,
      problems: [
        policyProblem('$', {
          'zh-CN': `${supplementRef(s)} 发布时的摘要为 ${recorded}，此文件为 ${policyDigest(input)}：已发布的补充文件不可更改`,
          en: `${supplementRef(s)} was published with digest ${recorded} but this file is ${policyDigest(input)}: a published supplement must not change`,
        }),
      ],
    };
  }
  for (const path of Object.keys(s.notes)) {
    if (!(path in s.adds)) {
      return { ok: false, problems: [policyProblem(`$.notes["${path}"]`, { 'zh-CN': `「${path}」不是此补充文件添加的参数`, en: `"${path}" is not a parameter this supplement adds` })] };
    }
  }
  return { ok: true, supplement: s };
}

/**
 * A policy file completed with the supplements, in order: each parameter the file lacks takes the
 * supplement's value (and note); a parameter the file has is never touched. The input is not changed.
 */
export function completePolicy(file: object, supplements: readonly Supplement[]): { doc: Record<string, unknown>; completions: Completion[] } {
  const doc = structuredClone(file) as Record<string, unknown>;
  const completions: Completion[] = [];
  for (const s of supplements) {
    const paths: string[] = [];
    for (const [path, value] of Object.entries(s.adds)) {
      if (resolvePath(doc, path) !== undefined) continue;
      const keys = path.split('.');
      const parent = keys.length === 1 ? doc : resolvePath(doc, keys.slice(0, -1).join('.'));
      // A parent that is missing or not an object is the file's own problem: the schema reports it.
      if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
      (parent as Record<string, unknown>)[keys.at(-1)!] = structuredClone(value);
      const note = s.notes[path];
      const notes = doc.notes;
      if (note && notes !== null && typeof notes === 'object' && !(path in notes)) (notes as Record<string, unknown>)[path] = structuredClone(note);
      paths.push(path);
    }
    if (paths.length) completions.push({ ref: supplementRef(s), paths });
  }
  return { doc, completions };
}

/** The supplements that ship with PolicyCell, oldest first: a document is completed from each in turn. */
const SHIPPED_SUPPLEMENTS: readonly { file: string; doc: unknown }[] = [
  { file: 'shared/policies/supplement-2026.11.json', doc: supplement202611 },
  { file: 'shared/policies/supplement-2026.12.json', doc: supplement202612 },
];

let loaded: readonly Supplement[] | undefined;

/** The supplements that ship with PolicyCell, checked against the digests they were published with (once). */
export function shippedSupplements(): readonly Supplement[] {
  loaded ??= SHIPPED_SUPPLEMENTS.map(({ file, doc }) => {
    const r = loadSupplement(doc, published);
    if (!r.ok) throw new Error(`${file}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    return r.supplement;
  });
  return loaded;
}
