import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Engine, FunctionDecl, Lang } from '../../shared/src/index.js';
import { CATALOG, findFunction, policyRef } from '../../shared/src/index.js';
import { BATCH_PATH, answerBatch } from './batch-request.js';
import type { AppConfig } from '../config.js';
import { allowedMethods } from './middleware/allowed-methods.js';
import { edge } from './middleware/edge.js';
import type { BodyVars } from './middleware/limits.js';
import { readJson } from './middleware/limits.js';
import type { HeaderVars } from './middleware/respond.js';
import { addHeader, send, sendJson } from './middleware/respond.js';
import type { LogVars } from './middleware/logger.js';
import { problem, requestLang, sendProblem, t } from './middleware/problem.js';
import { checkBody, evalBody, explainBody } from './schemas.js';

export type Env = { Variables: LogVars & HeaderVars & BodyVars };

/** A catalog function as the API describes it, in one language. */
export function describeFunction(f: FunctionDecl, lang: Lang, detail = false) {
  const d = {
    id: f.id,
    name: f.name[lang],
    names: f.name,
    description: f.description[lang],
    params: f.params.map((p) => ({
      name: p.name,
      label: lang === 'zh-CN' ? p.zh : p.name,
      type: p.type,
      optional: p.optional === true,
      ...(p.repeating ? { repeating: true } : {}),
      description: p.description[lang],
    })),
    result: { type: f.result },
  };
  return detail ? { ...d, section: f.section, source: f.source, examples: f.examples } : d;
}

/** Extra routes a host mounts on the same app (the workbook route, static files). */
export type Extend = (app: Hono<Env>, config: AppConfig, engine: Engine) => void;

/**
 * The one Hono app of PolicyCell, built from web-standard Request/Response: `server.ts` runs it on
 * Node, `lambda.ts` on AWS Lambda. Every error about a request is application/problem+json; a bad
 * argument is an Excel error in the answer, never a 500.
 */
export function createApp(engine: Engine, config: AppConfig, extend?: Extend): Hono<Env> {
  const app = new Hono<Env>();
  const { limits } = config;

  app.use('*', edge(config));

  app.get('/healthz', (c) => sendJson(c, { status: 'ok', policy: policyRef(engine.policy()), version: config.version }));

  app.get('/v1/functions', (c) => {
    const lang = requestLang(c);
    return sendJson(c, { functions: CATALOG.map((f) => describeFunction(f, lang)) });
  });

  app.get('/v1/functions/:id', (c) => {
    const lang = requestLang(c);
    const fn = findFunction(c.req.param('id'));
    if (!fn) return unknownFunction(c, c.req.param('id'), lang);
    return sendJson(c, describeFunction(fn, lang, true));
  });

  app.post('/v1/functions/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readBody(c, limits.jsonBytes, evalBody, {});
    if (!body.ok) return body.res;
    const { data, lang } = body;
    const fn = findFunction(id);
    if (!fn) return unknownFunction(c, id, lang);
    const policy = resolvePolicy(c, engine, data.policy, lang);
    if (policy instanceof Response) return policy;
    c.set('log', { fn: fn.id, policy: policyRef(policy) });
    const result = engine.callWith(fn, data.args ?? [], policy, lang);
    addHeader(c, 'X-Policy', policyRef(policy));
    if ('error' in result) {
      c.get('log').errors = 1;
      return problem(c, 422, result.error.message, { code: result.error.code, fn: fn.id }, lang);
    }
    return sendJson(c, result);
  });

  app.post(BATCH_PATH, async (c) => {
    const r = await readJson(c, limits.jsonBytes);
    if (!r.ok) return r.res;
    const out = await answerBatch(engine, r.body, { langOf: (bodyLang) => requestLang(c, bodyLang), maxCalls: limits.maxCalls });
    if (!out.ok) return sendProblem(c, out.problem);
    const { policy, results } = out.answer;
    let errors = 0;
    for (const x of results) if ('error' in x) errors++;
    const fns = new Set<string>();
    for (const call of out.calls) {
      if (fns.size >= 50) break;
      const fn = typeof (call as { fn?: unknown })?.fn === 'string' ? findFunction((call as { fn: string }).fn) : undefined;
      if (fn) fns.add(fn.id);
    }
    c.set('log', { calls: results.length, errors, fns: [...fns], policy });
    addHeader(c, 'X-Policy', policy);
    return out.body !== undefined ? send(c, out.body, 200, 'application/json') : sendJson(c, out.answer);
  });

  app.post('/v1/explain', async (c) => {
    const body = await readBody(c, limits.jsonBytes, explainBody);
    if (!body.ok) return body.res;
    const { data, lang } = body;
    const fn = findFunction(data.fn);
    if (!fn) return unknownFunction(c, data.fn, lang);
    const policy = resolvePolicy(c, engine, data.policy, lang);
    if (policy instanceof Response) return policy;
    c.set('log', { fn: fn.id, policy: policyRef(policy) });
    const x = engine.explain(fn.id, data.args ?? [], { policy: policyRef(policy), lang });
    addHeader(c, 'X-Policy', policyRef(policy));
    const text = x.steps.join('\n');
    if ('error' in x.result) return problem(c, 422, x.result.error.message, { code: x.result.error.code, fn: fn.id, steps: x.steps, text }, lang);
    return sendJson(c, { value: x.result.value, steps: x.steps, text });
  });

  app.get('/v1/policies', (c) => {
    const lang = requestLang(c);
    return sendJson(c, {
      policies: engine.registry.list().map((d) => ({ id: d.id, version: d.version, effectiveFrom: d.effectiveFrom, title: d.title[lang], titles: d.title })),
    });
  });

  app.get('/v1/policies/:ref', (c) => {
    const lang = requestLang(c);
    const ref = c.req.param('ref');
    if (!engine.registry.has(ref)) return problem(c, 404, t(lang, `没有制度版本「${ref}」`, `there is no policy "${ref}"`), { available: engine.registry.refs() });
    const doc = engine.registry.get(ref);
    addHeader(c, 'X-Policy', policyRef(doc));
    return sendJson(c, doc);
  });

  extend?.(app, config, engine);
  // Registered after the hosts' own routes: the workbook route answers 501 until a host mounts it.
  app.post('/v1/workbooks/recalc', (c) =>
    problem(c, 501, t(requestLang(c), '此服务未启用工作簿重算', 'workbook recalculation is not enabled on this server')),
  );

  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const lang = requestLang(c);
    const methods = allowed(c.req.path);
    if (methods.length) {
      addHeader(c, 'Allow', methods.join(', '));
      return problem(c, 405, t(lang, `${c.req.path} 不接受 ${c.req.method} 请求，可用：${methods.join(', ')}`, `${c.req.path} does not answer ${c.req.method}; it answers ${methods.join(', ')}`), { allow: methods }, lang);
    }
    return problem(c, 404, t(lang, `没有这个地址：${c.req.method} ${c.req.path}`, `no such route: ${c.req.method} ${c.req.path}`), {}, lang);
  });
  app.onError((err, c) => {
    config.log({ time: new Date().toISOString(), level: 'error', requestId: c.get('requestId'), route: c.req.routePath, error: err.name, message: err.message });
    return problem(c, 500, t(requestLang(c), '服务器内部错误，已记录', 'internal error; it has been logged'));
  });
  return app;
}

/** A JSON body checked against its schema, with the request's language; or the 4xx problem to answer. */
async function readBody<T extends { lang?: string | undefined }>(
  c: Context,
  limit: number,
  schema: Parameters<typeof checkBody<T>>[0],
  empty?: unknown,
): Promise<{ ok: true; data: T; lang: Lang } | { ok: false; res: Response }> {
  const r = await readJson(c, limit);
  if (!r.ok) return r;
  const checked = checkBody(schema, r.body ?? empty, (bodyLang) => requestLang(c, bodyLang));
  return checked.ok ? checked : { ok: false, res: sendProblem(c, checked.problem) };
}

function unknownFunction(c: Context, id: string, lang: Lang): Response {
  const shown = id.slice(0, 64);
  return problem(c, 404, t(lang, `未知函数「${shown}」`, `unknown function "${shown}"`), { code: '#NAME?' }, lang);
}

function resolvePolicy(c: Context, engine: Engine, ref: string | null | undefined, lang: Lang) {
  try {
    return engine.policy(ref);
  } catch (e) {
    const msg = (e as { messageIn?: (l: Lang) => string }).messageIn?.(lang) ?? String(e);
    return problem(c, 404, msg, { path: '$.policy', available: engine.registry.refs() }, lang);
  }
}
