import { ExcelError } from '../i18n/messages.js';
import { REPORT_INPUT } from '../i18n/issues.js';
import { policyDigest } from './digest.js';
import type { PolicyDoc, PolicyProblem } from './schema.js';
import { effectivePolicySchema, issuesToProblems, policyProblem, validatePolicy } from './schema.js';
import type { Completion, Supplement } from './supplement.js';
import { completePolicy, shippedSupplements } from './supplement.js';

export const DEFAULT_POLICY_ID = 'default';

/** A policy document failed its schema, or a published version no longer matches its recorded digest. */
export class PolicyLoadError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: PolicyProblem[],
  ) {
    super(`${origin}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'PolicyLoadError';
  }
}

/** Orders versions numerically part by part: 2019.05 < 2025.09 < 2025.10 < 2026.1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function policyRef(doc: Pick<PolicyDoc, 'id' | 'version'>): string {
  return `${doc.id}@${doc.version}`;
}

const REF = /^([a-z0-9][a-z0-9-]*)(?:@(\d+(?:\.\d+)*))?$/;

/**
 * The policy documents a host knows, by id and version. `get()` with no name gives the latest
 * version of `default`; `get("id")` the latest of that id; `get("id@version")` exactly that one.
 */
export class PolicyRegistry {
  private readonly byRef = new Map<string, PolicyDoc>();
  private readonly latest = new Map<string, PolicyDoc>();
  private readonly origins = new Map<string, string>();
  private readonly completions = new WeakMap<PolicyDoc, readonly Completion[]>();

  /** `supplements` complete the documents that lack parameters added since they were published. */
  constructor(private readonly supplements: readonly Supplement[] = shippedSupplements()) {}

  /**
   * Adds a document after validating it. `published` maps `id@version` to the digest recorded when
   * that version shipped: a document whose content no longer matches is refused, loudly, because a
   * published version must never change silently (a change is a new version). The document is then
   * completed from the supplements (parameters added since it was published) and checked whole.
   */
  add(input: unknown, origin: string, published: Readonly<Record<string, string>> = {}): PolicyDoc {
    const r = validatePolicy(input);
    if (!r.ok) throw new PolicyLoadError(origin, r.problems);
    const ref = policyRef(r.doc);
    const recorded = published[ref];
    const now = recorded === undefined ? undefined : policyDigest(input);
    if (recorded !== undefined && recorded !== now) {
      throw new PolicyLoadError(origin, [
        policyProblem('$', {
          'zh-CN': `${ref} 发布时的摘要为 ${recorded}，此文件为 ${now}：已发布的版本不可更改，请作为新版本发布`,
          en: `${ref} was published with digest ${recorded} but this file is ${now}: a published version must not change; publish the change as a new version`,
        }),
      ]);
    }
    const completed = completePolicy(r.doc, this.supplements);
    const e = effectivePolicySchema.safeParse(completed.doc, REPORT_INPUT);
    if (!e.success) {
      const refs = completed.completions.map((c) => c.ref).join(', ');
      throw new PolicyLoadError(
        origin,
        issuesToProblems(e.error.issues).map((p) =>
          policyProblem(p.path, { 'zh-CN': `${p.text['zh-CN']}（补充自 ${refs || '无补充文件'}）`, en: `${p.text.en} (completed with ${refs || 'no supplement'})` }),
        ),
      );
    }
    const doc = e.data;
    if (completed.completions.length) this.completions.set(doc, completed.completions);
    const earlier = this.origins.get(ref);
    if (earlier !== undefined) {
      throw new PolicyLoadError(origin, [policyProblem('$', { 'zh-CN': `${ref} 已由 ${earlier} 定义`, en: `${ref} is already defined by ${earlier}` })]);
    }
    this.byRef.set(ref, doc);
    this.origins.set(ref, origin);
    const cur = this.latest.get(doc.id);
    if (!cur || compareVersions(doc.version, cur.version) > 0) this.latest.set(doc.id, doc);
    return doc;
  }

  /** The document a call or request names; an ExcelError (#VALUE!) when there is none. */
  get(ref?: string | null): PolicyDoc {
    if (ref == null || ref === '') {
      const d = this.latest.get(DEFAULT_POLICY_ID);
      if (d) return d;
    } else {
      const d = this.byRef.get(ref);
      if (d) return d;
    }
    const name = ref == null || ref === '' ? DEFAULT_POLICY_ID : ref.trim();
    const m = REF.exec(name);
    if (!m) throw new ExcelError('#VALUE!', 'policy.badRef', { ref: name });
    const doc = m[2] === undefined ? this.latest.get(m[1]!) : this.byRef.get(name);
    if (!doc) throw new ExcelError('#VALUE!', 'policy.unknown', { ref: name, allowed: this.refs() });
    return doc;
  }

  has(ref: string): boolean {
    try {
      this.get(ref);
      return true;
    } catch {
      return false;
    }
  }

  refs(): string[] {
    return [...this.byRef.keys()].sort();
  }

  list(): PolicyDoc[] {
    return [...this.byRef.values()].sort((a, b) => a.id.localeCompare(b.id) || compareVersions(a.version, b.version));
  }

  /** The supplements that completed a document, and which parameters each filled (none for a complete file). */
  completedBy(doc: PolicyDoc): readonly Completion[] {
    return this.completions.get(doc) ?? [];
  }

  origin(ref: string): string | undefined {
    return this.origins.get(ref);
  }
}
