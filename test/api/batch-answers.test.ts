import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { CATALOG, defaultEngine, runBatch } from '../../shared/src/index.js';

// Every declared example of the catalog (errors included), each also under the oldest policy, and
// calls that are wrong as calls: the mixed batch the bench sends, and more.
const examples = CATALOG.flatMap((f) => f.examples.map((e) => ({ fn: f.id, args: e.args as unknown[], ...(e.policy ? { policy: e.policy } : {}) })));
const known = [...examples, ...examples.filter((c) => !c.policy).map((c) => ({ ...c, policy: 'default@2019.05' }))];
const odd = [{ fn: 'NOPE', args: [1] }, { fn: 'COMMISSION', args: 'x' }, { args: [1] }, 'junk', null, { fn: 'COMMISSION', args: [1], policy: 'nope@1' }, { fn: 'COMMISSION', args: [1], policy: 7 }];

describe('a mixed batch answers what the single-call route answers, call by call (a real server)', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
  });
  afterAll(() => s.close());

  const post = (path: string, body: unknown, lang: string) =>
    fetch(`${s.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'accept-language': lang } });

  for (const lang of ['zh-CN', 'en']) {
    it(`${lang}: ${known.length} calls of every function, byte for byte`, async () => {
      const r = await post('/v1/batch', { calls: known }, lang);
      expect(r.status).toBe(200);
      const results = ((await r.json()) as { results: unknown[] }).results;
      expect(results).toHaveLength(known.length);
      for (let i = 0; i < known.length; i++) {
        const call = known[i]!;
        const one = await post(`/v1/functions/${call.fn}`, { args: call.args, policy: call.policy }, lang);
        const text = await one.text();
        // A value is the single route's very body; an error its problem's code and detail.
        const expected = one.status === 200 ? text : JSON.stringify({ error: { code: JSON.parse(text).code, message: JSON.parse(text).detail } });
        expect(one.status === 200 || one.status === 422, text).toBe(true);
        expect(JSON.stringify(results[i]), `${call.fn} ${JSON.stringify(call.args)}`).toBe(expected);
      }
    }, 60_000);
  }

  it('the batch route writes, byte for byte, the JSON of the engine’s answer objects', async () => {
    const engine = defaultEngine();
    for (const [lang, body] of [
      ['zh-CN', { calls: [...known, ...odd] }],
      ['en', { calls: [...odd, ...known], policy: 'default@2019.05' }],
      ['en', { calls: known.slice(0, 300), lang: 'zh-CN' }], // sliced: over 256 calls
      ['zh-CN', { calls: [] }],
    ] as const) {
      const r = await post('/v1/batch', body, lang);
      const answer = runBatch(engine, body, { lang: body.lang ?? lang });
      expect(answer.ok).toBe(true);
      expect(await r.text()).toBe(JSON.stringify(answer.ok && answer.answer));
    }
  });
});
