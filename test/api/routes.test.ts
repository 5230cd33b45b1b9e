import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/src/index.js';
import { json, testApp } from '../helpers/app.js';

describe('GET /healthz and the catalog', () => {
  const { app } = testApp();

  it('answers health with the policy and version', async () => {
    const r = await app.request('/healthz');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', policy: 'default@2025.09', version: '9.9.9' });
  });

  it('lists every function in the requested language', async () => {
    const zh = await (await app.request('/v1/functions')).json();
    expect(zh.functions).toHaveLength(CATALOG.length);
    expect(zh.functions[0]).toMatchObject({ id: 'COMMISSION', name: '提成金额', params: [{ name: 'revenue', type: 'amount', optional: false }], result: { type: 'money' } });
    const en = await (await app.request('/v1/functions?lang=en')).json();
    expect(en.functions[0].name).toBe('commission');
    const viaHeader = await (await app.request('/v1/functions', { headers: { 'accept-language': 'en-US,en;q=0.9' } })).json();
    expect(viaHeader.functions[0].description).toMatch(/commission on/);
  });

  it.each([
    ['en;q=0.1, zh-CN;q=0.9', '提成金额'],
    ['en;q=0, zh-CN', '提成金额'],
    ['en-US;q=0.2,zh;q=0.8', '提成金额'],
    ['fr, en;q=0.5, zh;q=0.4', 'commission'],
    ['zh-TW;q=0.7, en-GB', 'commission'],
    ['de', '提成金额'],
    ['en, zh', 'commission'],
    ['zh;q=0, *', 'commission'],
    ['zh-CN;q=0', 'commission'],
    ['zh;q=0, fr', 'commission'],
    ['en;q=abc, zh;q=0.9', '提成金额'],
    ['en;q=0.5;q=0, zh;q=0.4', '提成金额'],
    ['*;q=0.5, zh;q=0.4', 'commission'], // * weighs en, which is not named, above zh
  ])('weighs Accept-Language by q: %s', async (header, name) => {
    const r = await (await app.request('/v1/functions', { headers: { 'accept-language': header } })).json();
    expect(r.functions[0].name).toBe(name);
  });

  it('describes one function with its source and examples; an unknown one is 404', async () => {
    const r = await app.request('/v1/functions/PAYROLL?lang=en');
    expect(await r.json()).toMatchObject({ id: 'PAYROLL', source: expect.stringContaining('第一篇'), examples: expect.arrayContaining([expect.objectContaining({ result: 2260 })]) });
    const x = await app.request('/v1/functions/NOPE');
    expect(x.status).toBe(404);
    expect(x.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('POST /v1/functions/{ID}', () => {
  const { app } = testApp();

  it('computes a value', async () => {
    const r = await app.request('/v1/functions/COMMISSION', json({ args: [52000] }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ value: 360 });
    expect(r.headers.get('x-policy')).toBe('default@2025.09');
  });

  it('a function error is 422 problem+json with its Excel code, in the requested language', async () => {
    const r = await app.request('/v1/functions/COMMISSION', json({ args: [-1], lang: 'en' }));
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await r.json()).toMatchObject({ type: 'about:blank', status: 422, code: '#NUM!', detail: expect.stringContaining('"revenue" is -1') });
    const zh = await (await app.request('/v1/functions/DEBTCOVER', json({ args: [100, 50, 0] }))).json();
    expect(zh).toMatchObject({ code: '#DIV/0!', detail: expect.stringContaining('不能作除数') });
  });

  it('names a policy version; an unknown one is 404', async () => {
    const r = await app.request('/v1/functions/WAGECHECK', json({ args: [3000, 800], policy: 'default@2019.05' }));
    expect(await r.json()).toEqual({ value: '扣款超20%' });
    const bad = await app.request('/v1/functions/WAGECHECK', json({ args: [3000, 800], policy: 'default@1999.01' }));
    expect(bad.status).toBe(404);
    expect(await bad.json()).toMatchObject({ available: ['default@2019.05', 'default@2025.09'] });
  });

  it('unknown function is 404 with #NAME?; malformed JSON 400; a body of the wrong shape 400 with its path', async () => {
    const r = await app.request('/v1/functions/NOPE', json({ args: [] }));
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: '#NAME?' });
    const bad = await app.request('/v1/functions/COMMISSION', json('{"args": [52000'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const shape = await app.request('/v1/functions/COMMISSION', json({ args: 'nope' }));
    expect(shape.status).toBe(400);
    expect(await shape.json()).toMatchObject({ path: '$.args' });
  });

  it('accepts JSON sent as a form (curl -d) and an empty body (no arguments)', async () => {
    const r = await app.request('/v1/functions/COMMISSION', { method: 'POST', body: '{"args":[52000]}', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await r.json()).toEqual({ value: 360 });
    const info = await app.request('/v1/functions/POLICYINFO', { method: 'POST' });
    expect(await info.json()).toEqual({ value: 'default@2025.09' });
  });
});

describe('POST /v1/batch', () => {
  const { app, logs } = testApp();

  it('answers every call in order; one bad call never fails the batch', async () => {
    const body = {
      calls: [
        { fn: 'COMMISSION', args: [52000] },
        { fn: 'NOPE', args: [1] },
        { fn: 'COMMISSION', args: ['abc'] },
        { fn: 'ALLOCATE', args: [8, [['城A'], ['城B'], ['城C'], ['城D']]] },
        { nofn: true },
        'junk',
        { fn: 'COMMISSION', args: 'notarray' },
      ],
    };
    const r = await app.request('/v1/batch', json(body));
    expect(r.status).toBe(200);
    const out = await r.json();
    expect(out.policy).toBe('default@2025.09');
    expect(out.results.map((x: { value?: unknown; error?: { code: string } }) => x.error?.code ?? x.value)).toEqual([
      360,
      '#NAME?',
      '#VALUE!',
      [[4], [2], [1], [1]],
      '#VALUE!',
      '#VALUE!',
      '#VALUE!',
    ]);
  });

  it('honours a call’s own policy over the batch’s (issue 12)', async () => {
    const body = { policy: 'default@2019.05', calls: [{ fn: 'WAGECHECK', args: [3000, 800] }, { fn: 'WAGECHECK', args: [3000, 800], policy: 'default@2025.09' }, { fn: 'WAGECHECK', args: [3000, 800], policy: 'nope@1' }] };
    const out = await (await app.request('/v1/batch', json(body))).json();
    expect(out.policy).toBe('default@2019.05');
    expect(out.results.map((x: { value?: unknown; error?: { code: string } }) => x.error?.code ?? x.value)).toEqual(['扣款超20%', '低于最低工资', '#VALUE!']);
  });

  it('uses the named policy for every call', async () => {
    const r = await app.request('/v1/batch', json({ calls: [{ fn: 'POLICYINFO', args: ['marketing.minimumWage'] }], policy: 'default@2019.05' }));
    expect(await r.json()).toEqual({ policy: 'default@2019.05', results: [{ value: 2050 }] });
  });

  it('refuses more than 10,000 calls with 413, a missing calls array with 400', async () => {
    const many = { calls: Array.from({ length: 10001 }, () => ({ fn: 'COMMISSION', args: [1] })) };
    expect((await app.request('/v1/batch', json(many))).status).toBe(413);
    const ok = { calls: Array.from({ length: 10000 }, () => ({ fn: 'COMMISSION', args: [1] })) };
    expect((await app.request('/v1/batch', json(ok))).status).toBe(200);
    const r = await app.request('/v1/batch', json({ call: [] }));
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ path: '$.calls' });
  });

  it('logs ids and counts, never an argument value', async () => {
    logs.length = 0;
    await app.request('/v1/batch', json({ calls: [{ fn: 'PAYROLL', args: [87654.32, 1, 2] }, { fn: 'COMMISSION', args: [76543.21] }] }, { authorization: 'Bearer secret-key-123' }));
    const line = logs.find((l) => l.route === '/v1/batch')!;
    expect(line).toMatchObject({ method: 'POST', status: 200, calls: 2, errors: 0, fns: ['PAYROLL', 'COMMISSION'], requestId: expect.any(String), ms: expect.any(Number) });
    const text = JSON.stringify(logs);
    expect(text).not.toContain('87654');
    expect(text).not.toContain('76543');
    expect(text).not.toContain('secret-key');
  });
});

const SOURCE_EN = 'source, Marketing department pay and discipline (第一篇): 第一篇 二、1 每月完成任务额后，超出业绩按3%提成，计次月15日发放。';

describe('POST /v1/explain', () => {
  const { app } = testApp();

  it('answers the value, the steps and the text', async () => {
    const r = await app.request('/v1/explain', json({ fn: 'COMMISSION', args: [52000], lang: 'en' }));
    expect(await r.json()).toEqual({
      value: 360,
      steps: [SOURCE_EN, 'policy: default@2025.09', 'commission = (52,000.00 − 40,000.00) × 3% = 360.00'],
      text: `${SOURCE_EN}\npolicy: default@2025.09\ncommission = (52,000.00 − 40,000.00) × 3% = 360.00`,
    });
  });

  it('explains an error with 422 and the steps so far', async () => {
    const r = await app.request('/v1/explain', json({ fn: 'DEBTCOVER', args: [1, 0, 0] }));
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ code: '#DIV/0!', steps: [expect.stringMatching(/^依据：第二篇 第七条/), '制度：default@2025.09'] });
  });
});

describe('policies', () => {
  const { app } = testApp();

  it('lists the versions and returns a document', async () => {
    const list = await (await app.request('/v1/policies?lang=en')).json();
    expect(list.policies).toEqual([
      { id: 'default', version: '2019.05', effectiveFrom: '2019-05-15', title: 'Customer-manager policies (default, May 2019)', titles: expect.any(Object) },
      { id: 'default', version: '2025.09', effectiveFrom: '2025-09-01', title: 'Customer-manager policies (default, September 2025)', titles: expect.any(Object) },
    ]);
    const doc = await (await app.request('/v1/policies/default@2019.05')).json();
    expect(doc.marketing.minimumWage).toBe(2050);
    const latest = await (await app.request('/v1/policies/default')).json();
    expect(latest.version).toBe('2025.09');
  });

  it('an unknown policy or version is 404 problem+json', async () => {
    for (const ref of ['default@1999.01', 'acme', '..%2F..%2Fetc']) {
      const r = await app.request(`/v1/policies/${ref}`);
      expect(r.status, ref).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('middleware', () => {
  it('API keys: /v1 needs a Bearer key when keys are set; /healthz stays open', async () => {
    const { app } = testApp({ apiKeys: ['k-one', 'k-two'] });
    expect((await app.request('/healthz')).status).toBe(200);
    const none = await app.request('/v1/functions');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await app.request('/v1/functions', { headers: { authorization: 'Bearer k-two' } })).status).toBe(200);
    expect((await app.request('/v1/functions', { headers: { authorization: 'bearer  k-one ' } })).status).toBe(200);
    for (const bad of ['Bearer k-on', 'Bearer k-one2', 'Basic k-one', 'k-one', 'Bearer ', 'Bearer k-one k-two']) {
      expect((await app.request('/v1/functions', { headers: { authorization: bad } })).status, bad).toBe(401);
    }
  });

  it('CORS: the configured origins only, preflight included', async () => {
    const { app } = testApp({ allowedOrigins: ['https://addin.example.com'] });
    const pre = await app.request('/v1/batch', {
      method: 'OPTIONS',
      headers: { origin: 'https://addin.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://addin.example.com');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const other = await app.request('/v1/functions', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('CORS preflight passes without a key even when keys are set', async () => {
    const { app } = testApp({ apiKeys: ['k'], allowedOrigins: ['https://addin.example.com'] });
    const pre = await app.request('/v1/batch', { method: 'OPTIONS', headers: { origin: 'https://addin.example.com', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
  });

  it('body limit: 413 by declared length and by streamed length', async () => {
    const { app } = testApp({ limits: { jsonBytes: 1000, workbookBytes: 5000, maxCalls: 10 } });
    const big = JSON.stringify({ calls: [{ fn: 'COMMISSION', args: ['x'.repeat(2000)] }] });
    const declared = await app.request('/v1/batch', { method: 'POST', body: big, headers: { 'content-length': String(big.length) } });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < 10; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(200)));
        ctl.close();
      },
    });
    const chunked = await app.request('/v1/batch', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ status: 413, limit: 1000 });
  });

  it('secure headers and a request id on every answer; unknown routes are problem+json 404', async () => {
    const { app } = testApp();
    const r = await app.request('/nowhere');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the workbook route answers 501 until a host mounts it', async () => {
    const { app } = testApp();
    expect((await app.request('/v1/workbooks/recalc', { method: 'POST', body: 'PK' })).status).toBe(501);
  });
});
