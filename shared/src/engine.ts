import { coerceArgs, decimalAmounts } from './catalog/coerce.js';
import type { FunctionDecl, ResultType, RuleContext } from './catalog/declare.js';
import { CATALOG, findFunction } from './catalog/index.js';
import { SECTIONS } from './catalog/sections.js';
import { englishFormat } from './explain/gloss.js';
import { fmt } from './explain/format.js';
import { illustrativeReads, supplementedReads, watchReads } from './explain/policy-reads.js';
import { NO_TRACE, Recorder, tpl } from './explain/trace.js';
import { DECLINE, FEN_SLOTS, FEN_SLOT_COUNT } from './fen/index.js';
import { ExcelError } from './i18n/messages.js';
import { MAX_SERIAL, MIN_SERIAL } from './values/dates.js';
import { shippedRegistry } from './policy/builtin.js';
import { PolicyRegistry, policyRef } from './policy/registry.js';
import type { PolicyDoc } from './policy/schema.js';
import { Decimal } from './values/money.js';
import type { CallResult, Lang, Matrix, Scalar } from './values/types.js';

export interface CallOptions {
  /** `id@version`, `id`, or nothing for the latest `default`. */
  policy?: string | null;
  lang?: Lang;
  /** Record and return the explanation steps. */
  explain?: boolean;
}

export interface Explained {
  result: CallResult;
  steps: string[];
}

const SOURCE_STEP = tpl<{ source: string; section: string }>(
  (p) => `依据：${p.source}`,
  (p) => `source, ${p.section}: ${p.source}`,
);

const POLICY_STEP = tpl<{ ref: string }>(
  (p) => `制度：${p.ref}`,
  (p) => `policy: ${p.ref}`,
);

const ILLUSTRATIVE_STEP = tpl<{ paths: string[] }>(
  (p) => `† 示例值，非制度原文：${p.paths.join('、')}`,
  (p) => `† illustrative, not in the source: ${p.paths.join(', ')}`,
);

const SUPPLEMENT_STEP = tpl<{ ref: string; policy: string; paths: string[] }>(
  (p) => `补充参数（${p.ref}，${p.policy} 发布时没有）：${p.paths.join('、')}`,
  (p) => `supplemented parameters (${p.ref}; ${p.policy} was published without them): ${p.paths.join(', ')}`,
);

// A result past a double's range is thrown: no rule's result comes near it but an input's.
function finishNumber(fn: FunctionDecl, n: number): number {
  if (!Number.isFinite(n)) throw new ExcelError('#NUM!', 'result.outOfRange', { fn: fn.id });
  return n === 0 ? 0 : n; // never -0
}

/** A rule's typed result as a cell value: money rounded once, half-up to 0.01; ratios the nearest double. A rule's error stays the error. */
function finish(fn: FunctionDecl, type: ResultType, raw: unknown): Scalar | Matrix | ExcelError {
  if (raw instanceof ExcelError) return raw;
  switch (type) {
    case 'money':
      // Rounded once, half-up to the fen; toFixed rounds with the clone's ROUND_HALF_UP and is faster than toDP + toNumber.
      return finishNumber(fn, Number((raw as Decimal).toFixed(2)));
    case 'ratio':
      return finishNumber(fn, raw instanceof Decimal ? raw.toNumber() : (raw as number));
    case 'number':
      return finishNumber(fn, raw as number);
    case 'date':
      // A date Excel cannot show (after 9999-12-31) is #NUM!, never a bare number.
      if (!((raw as number) >= MIN_SERIAL && (raw as number) <= MAX_SERIAL)) return new ExcelError('#NUM!', 'result.dateRange', { fn: fn.id });
      return raw as number;
    case 'matrix':
      return (raw as Matrix).map((row) => row.map((x) => (typeof x === 'number' ? finishNumber(fn, x) : x)));
    default:
      return typeof raw === 'number' ? finishNumber(fn, raw) : (raw as Scalar);
  }
}

/** A fen path's terms for a policy whose numbers are out of that path's range: the decimal rule answers. */
const OUT_OF_RANGE = Symbol('out of range');

/** What the engine keeps per policy document: the contexts of plain calls, and each fen path's compiled terms. */
interface PolicyPlan {
  readonly contexts: Partial<Record<Lang, RuleContext>>;
  readonly fenTerms: unknown[];
}

export interface EngineOptions {
  /** Whether calls may take the integer-fen path (fen/); without it every call runs the decimal rule, the reference the fen path is tested against. */
  fenPath?: boolean;
}

/**
 * Evaluates catalog functions against a registry of policies. Never throws: every answer is a
 * value or an Excel error with a message in the requested language.
 */
export class Engine {
  private readonly plans = new WeakMap<PolicyDoc, PolicyPlan>();
  /** The plan of the policy used last: most calls name the same policy as the one before. */
  private lastPolicy: PolicyDoc | undefined;
  private lastPlan: PolicyPlan | undefined;
  private readonly fenPath: boolean;

  constructor(
    readonly registry: PolicyRegistry,
    opts: EngineOptions = {},
  ) {
    this.fenPath = opts.fenPath !== false;
  }

  /** The policy a call uses; throws ExcelError (#VALUE!) for an unknown one. */
  policy(ref?: string | null): PolicyDoc {
    return this.registry.get(ref);
  }

  call(id: string, args: readonly unknown[], opts: CallOptions = {}): CallResult {
    const lang = opts.lang ?? 'zh-CN';
    if (opts.explain === true) return this.run(id, args, opts, true).result;
    let policy: PolicyDoc;
    try {
      policy = this.registry.get(opts.policy);
    } catch (e) {
      return errorResult(e, lang);
    }
    const fn = findFunction(id);
    if (!fn) return errorResult(new ExcelError('#NAME?', 'fn.unknown', { fn: String(id) }), lang);
    return this.callWith(fn, Array.isArray(args) ? args : [], policy, lang);
  }

  explain(id: string, args: readonly unknown[], opts: CallOptions = {}): Explained {
    return this.run(id, args, opts, true);
  }

  /**
   * Runs one call with a policy document already resolved (the batch path resolves it once): the
   * fen path when the function has one and it answers, else the decimal rule, with no trace.
   */
  callWith(fn: FunctionDecl, args: readonly unknown[], policy: PolicyDoc, lang: Lang): CallResult {
    try {
      const typed = coerceArgs(fn, args, policy);
      if (typed instanceof ExcelError) return errorResult(typed, lang);
      const plan = this.planFor(policy);
      const fen = this.fenPath ? FEN_SLOTS.get(fn.id) : undefined;
      if (fen !== undefined) {
        let terms = plan.fenTerms[fen.slot];
        if (terms === undefined) terms = plan.fenTerms[fen.slot] = fen.rule.compile(policy) ?? OUT_OF_RANGE;
        if (terms !== OUT_OF_RANGE) {
          const value = fen.rule.run(typed, terms, policy, lang);
          if (value !== DECLINE) return { value };
        }
      }
      decimalAmounts(fn, typed);
      const value = finish(fn, fn.result, fn.rule(typed as never, (plan.contexts[lang] ??= this.context(policy, lang, NO_TRACE))));
      return value instanceof ExcelError ? errorResult(value, lang) : { value };
    } catch (e) {
      return errorResult(e, lang);
    }
  }

  private planFor(policy: PolicyDoc): PolicyPlan {
    if (policy === this.lastPolicy) return this.lastPlan!;
    let plan = this.plans.get(policy);
    if (!plan) this.plans.set(policy, (plan = { contexts: {}, fenTerms: new Array<unknown>(FEN_SLOT_COUNT) }));
    this.lastPolicy = policy;
    this.lastPlan = plan;
    return plan;
  }

  /** A rule's context; `reads` is the document the rule reads (an explanation's watched copy), nested calls get `policy` itself. */
  private context(policy: PolicyDoc, lang: Lang, trace: RuleContext['trace'], reads: PolicyDoc = policy): RuleContext {
    return {
      policy: reads,
      trace,
      lang,
      find: findFunction,
      call: (id, args, explain) => this.runWith(findFunction(id), id, args, policy, lang, explain),
    };
  }

  private run(id: string, args: readonly unknown[], opts: CallOptions, explain: boolean): Explained {
    const lang = opts.lang ?? 'zh-CN';
    let policy: PolicyDoc;
    try {
      policy = this.registry.get(opts.policy);
    } catch (e) {
      return { result: errorResult(e, lang), steps: [] };
    }
    return this.runWith(findFunction(id), id, args, policy, lang, explain || opts.explain === true);
  }

  /**
   * The policy parameters (dotted paths, array items by index) that one call read: its arguments'
   * defaults and labels as well as its rule. A call's reads depend on its arguments (a branch not
   * taken reads nothing), so this says what this call read, not all a function may ever read.
   */
  parametersRead(id: string, args: readonly unknown[], opts: CallOptions = {}): string[] {
    const fn = findFunction(id);
    if (!fn) return [];
    let policy: PolicyDoc;
    try {
      policy = this.registry.get(opts.policy);
    } catch {
      return [];
    }
    return [...this.watched(fn, args, policy, opts.lang ?? 'zh-CN', NO_TRACE).reads];
  }

  /** One call against a watched copy of the policy: its result and the parameters it read. */
  private watched(fn: FunctionDecl, args: readonly unknown[], policy: PolicyDoc, lang: Lang, trace: RuleContext['trace']): { result: CallResult; reads: Set<string> } {
    const { policy: watched, reads } = watchReads(policy);
    try {
      const typed = coerceArgs(fn, Array.isArray(args) ? args : [], watched);
      if (typed instanceof ExcelError) return { result: errorResult(typed, lang), reads };
      decimalAmounts(fn, typed);
      const value = finish(fn, fn.result, fn.rule(typed as never, this.context(policy, lang, trace, watched)));
      return { result: value instanceof ExcelError ? errorResult(value, lang) : { value }, reads };
    } catch (e) {
      return { result: errorResult(e, lang), reads };
    }
  }

  private runWith(fn: FunctionDecl | undefined, id: string, args: readonly unknown[], policy: PolicyDoc, lang: Lang, explain: boolean): Explained {
    if (!fn) return { result: errorResult(new ExcelError('#NAME?', 'fn.unknown', { fn: String(id) }), lang), steps: [] };
    if (!explain) return { result: this.callWith(fn, Array.isArray(args) ? args : [], policy, lang), steps: [] };
    // The rule reads a watched copy of the policy, so that the explanation can name the values it used
    // that are illustrative (†) or supplemented; nested calls (EXPLAIN's) get the document itself.
    const rec = new Recorder();
    const { result, reads } = this.watched(fn, args, policy, lang, rec);
    const head = new Recorder();
    if (fn.source) head.step(SOURCE_STEP, { source: fn.source, section: SECTIONS.find((s) => s.id === fn.section)!.title.en });
    head.step(POLICY_STEP, { ref: policyRef(policy) });
    const dagger = illustrativeReads(policy, reads);
    if (dagger.length) head.step(ILLUSTRATIVE_STEP, { paths: dagger });
    for (const c of supplementedReads(this.registry.completedBy(policy), reads)) head.step(SUPPLEMENT_STEP, { ref: c.ref, paths: c.paths, policy: policyRef(policy) });
    const f = lang === 'en' ? englishFormat(policy) : fmt;
    return { result, steps: head.render(lang, f).concat(rec.render(lang, f)) };
  }
}

export function errorResult(e: unknown, lang: Lang): CallResult {
  if (e instanceof ExcelError) return { error: { code: e.code, message: e.messageIn(lang) } };
  // A defect of ours, not the user's input: still an Excel error, never an exception, and said plainly.
  const detail = e instanceof Error ? e.message : String(e);
  return { error: { code: '#VALUE!', message: lang === 'zh-CN' ? `内部错误：${detail}` : `internal error: ${detail}` } };
}

let shared: Engine | undefined;

/** The engine over the shipped policies (built on first use). */
export function defaultEngine(): Engine {
  shared ??= new Engine(shippedRegistry());
  return shared;
}

export { CATALOG, findFunction };
