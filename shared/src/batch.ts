import type { Engine } from './engine.js';
import { errorResult } from './engine.js';
import { findFunction } from './catalog/index.js';
import { ExcelError } from './i18n/messages.js';
import { typeText } from './i18n/issues.js';
import { policyRef } from './policy/registry.js';
import type { PolicyDoc } from './policy/schema.js';
import type { FunctionDecl } from './catalog/declare.js';
import type { CallResult, Lang } from './values/types.js';
import { pickLang } from './values/types.js';

/** An error about a request as a whole: the members of an RFC 9457 problem document. */
export interface Problem {
  status: number;
  detail: string;
  /** Extra members: the Excel error code, the JSON path of the problem. */
  code?: string;
  path?: string;
}

export const DEFAULT_MAX_CALLS = 10_000;

// The title of a problem is its status's, given by the host that sends it (functions/http/problem-document.ts).
function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return { status, detail, ...extra };
}

export interface BatchAnswer {
  policy: string;
  results: CallResult[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A batch checked and resolved: answers already known (per-call errors) and the calls left to compute. */
export interface PreparedBatch {
  policy: PolicyDoc;
  lang: Lang;
  results: CallResult[];
  /** The calls left to compute, each with its policy: the batch's, or the one the call names. */
  todo: { index: number; fn: FunctionDecl; args: unknown[]; policy: PolicyDoc }[];
}

/**
 * Checks a `/v1/batch` request body: `{"calls":[{"fn","args","policy"?}…], "policy"?, "lang"?}`. A
 * malformed body, too many calls or an unknown batch policy fail the request; anything wrong with one
 * call (its function, its arguments, the policy it names) is that call's Excel error and never fails
 * the batch. A call's own `policy` overrides the batch's.
 */
export function prepareBatch(
  engine: Engine,
  body: unknown,
  opts: { lang?: Lang; maxCalls?: number } = {},
): { ok: true; batch: PreparedBatch } | { ok: false; problem: Problem } {
  const lang = isObject(body) && typeof body.lang === 'string' ? pickLang(body.lang) : (opts.lang ?? 'zh-CN');
  const zh = lang === 'zh-CN';
  if (!isObject(body)) return { ok: false, problem: problem(400, zh ? '请求体应为 JSON 对象 {"calls": [...]}' : 'the body must be a JSON object {"calls": [...]}') };
  if (!Array.isArray(body.calls)) {
    return { ok: false, problem: problem(400, zh ? '"calls" 应为数组' : '"calls" must be an array', { path: '$.calls' }) };
  }
  if (body.policy !== undefined && body.policy !== null && typeof body.policy !== 'string') {
    return { ok: false, problem: problem(400, zh ? '"policy" 应为 id@version 文本' : '"policy" must be text id@version', { path: '$.policy' }) };
  }
  const max = opts.maxCalls ?? DEFAULT_MAX_CALLS;
  if (body.calls.length > max) {
    return {
      ok: false,
      problem: problem(413, zh ? `一次最多 ${max} 个调用，收到 ${body.calls.length} 个` : `at most ${max} calls a batch, got ${body.calls.length}`),
    };
  }
  let policy: PolicyDoc;
  try {
    policy = engine.policy(body.policy as string | undefined);
  } catch (e) {
    const err = e as ExcelError;
    return { ok: false, problem: problem(404, err.messageIn(lang), { path: '$.policy' }) };
  }
  const results: CallResult[] = new Array(body.calls.length);
  const todo: PreparedBatch['todo'] = [];
  // A batch from one workbook names one or two policies: each is resolved once.
  const named = new Map<string, PolicyDoc | ExcelError>();
  const policyOf = (ref: string): PolicyDoc | ExcelError => {
    let p = named.get(ref);
    if (p === undefined) {
      try {
        p = engine.policy(ref);
      } catch (e) {
        p = e instanceof ExcelError ? e : new ExcelError('#VALUE!', 'policy.badRef', { ref: ref.slice(0, 64) });
      }
      named.set(ref, p);
    }
    return p;
  };
  for (let i = 0; i < body.calls.length; i++) {
    const c = body.calls[i];
    if (!isObject(c) || typeof c.fn !== 'string') {
      // Not a call at all, or one without a name: the call is malformed (#VALUE!), not a name Excel lacks (#NAME?).
      const kind = typeText(isObject(c) ? c.fn : c);
      const got = isObject(c) ? kind : { 'zh-CN': `${kind['zh-CN']}（不是对象）`, en: `${kind.en} (not an object)` };
      results[i] = errorResult(new ExcelError('#VALUE!', 'fn.missing', { got }), lang);
      continue;
    }
    const fn = findFunction(c.fn);
    if (!fn) {
      results[i] = errorResult(new ExcelError('#NAME?', 'fn.unknown', { fn: c.fn.slice(0, 64) }), lang);
      continue;
    }
    const args = c.args === undefined ? [] : c.args;
    if (!Array.isArray(args)) {
      results[i] = errorResult(new ExcelError('#VALUE!', 'arg.notRange', { fn: fn.id, param: { 'zh-CN': 'args', en: 'args' }, got: typeof args }), lang);
      continue;
    }
    let callPolicy = policy;
    if (c.policy !== undefined && c.policy !== null && c.policy !== '') {
      const p = typeof c.policy === 'string' ? policyOf(c.policy) : new ExcelError('#VALUE!', 'policy.badRef', { ref: typeText(c.policy) });
      if (p instanceof ExcelError) {
        results[i] = errorResult(p, lang);
        continue;
      }
      callPolicy = p;
    }
    todo.push({ index: i, fn, args, policy: callPolicy });
  }
  return { ok: true, batch: { policy, lang, results, todo } };
}

/** Runs a `/v1/batch` request body in this thread. The HTTP API and `policycell eval --batch` share it. */
export function runBatch(
  engine: Engine,
  body: unknown,
  opts: { lang?: Lang; maxCalls?: number } = {},
): { ok: true; answer: BatchAnswer } | { ok: false; problem: Problem } {
  const p = prepareBatch(engine, body, opts);
  if (!p.ok) return p;
  const { policy, lang, results, todo } = p.batch;
  for (const t of todo) results[t.index] = engine.callWith(t.fn, t.args, t.policy, lang);
  return { ok: true, answer: { policy: policyRef(policy), results } };
}
