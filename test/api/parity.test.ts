import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../functions/cli/cli.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { json, testApp } from '../helpers/app.js';

/** `policycell eval --batch -` in-process: what it prints on stdout, and its exit status. */
async function cliBatch(body: string, lang: 'zh-CN' | 'en') {
  let out = '';
  let err = '';
  const code = await main(['eval', '--batch', '-', '--lang', lang], { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => body });
  return { code, out, err };
}

describe('eval --batch prints the API’s very answer (a real server beside the CLI)', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
  });
  afterAll(() => s.close());

  const bodies = [
    '{"calls":[',
    '{"policy":"nope@1","calls":[]}',
    '{}',
    '[]',
    'null',
    '{"calls":5}',
    '{"calls":[],"policy":7}',
    '{"calls":[],"policy":"bad ref!"}',
    '{"calls":[],"lang":"en","extra":1}',
    `{"calls":[],"policy":"${'x'.repeat(300)}"}`,
    '{"calls":[{"fn":"COMMISSION","args":[52000]},{"fn":"NOPE"},{"args":[1]},{"fn":7},{"fn":"__proto__"},{"fn":"toString"}]}',
    '{"calls":[{"fn":"COMMISSION","args":[52000]}],"lang":"en"}',
  ];

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const body of bodies) {
      it(`${lang} ${body.slice(0, 60)}`, async () => {
        const api = await fetch(`${s.url}/v1/batch`, { method: 'POST', body, headers: { 'accept-language': lang } });
        const apiText = await api.text();
        const cli = await cliBatch(body, lang);
        expect(cli.out).toBe(`${apiText}\n`);
        // The exit status stays as documented: 1 for a request-level problem, 0 for an answer.
        expect(cli.code).toBe(api.ok ? 0 : 1);
        if (!api.ok) {
          expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(cli.err).toBe(`${JSON.parse(apiText).detail}\n`);
        }
      });
    }
  }

  it('the CLI honours POLICYCELL_MAX_CALLS as the server does', async () => {
    const before = process.env.POLICYCELL_MAX_CALLS;
    process.env.POLICYCELL_MAX_CALLS = '2';
    try {
      const r = await cliBatch(JSON.stringify({ calls: [{ fn: 'COMMISSION', args: [1] }, { fn: 'COMMISSION', args: [1] }, { fn: 'COMMISSION', args: [1] }] }), 'en');
      expect(JSON.parse(r.out)).toMatchObject({ status: 413, title: 'Request too large', instance: '/v1/batch' });
    } finally {
      if (before === undefined) delete process.env.POLICYCELL_MAX_CALLS;
      else process.env.POLICYCELL_MAX_CALLS = before;
    }
  });

  it('a batch file read from disk answers the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-parity-'));
    const file = join(dir, 'body.json');
    writeFileSync(file, '{"policy":"nope@1","calls":[]}');
    let out = '';
    const code = await main(['eval', '--batch', file], { out: (x) => (out += x), err: () => {}, readStdin: async () => '' });
    const api = await fetch(`${s.url}/v1/batch`, { method: 'POST', body: '{"policy":"nope@1","calls":[]}' });
    expect(code).toBe(1);
    expect(out).toBe(`${await api.text()}\n`);
  });
});

describe('a batch call without a function name', () => {
  const { app } = testApp();

  it('is a #VALUE! that asks for "fn"; an unknown name stays #NAME?', async () => {
    const calls = [{ args: [1] }, { fn: 7 }, { fn: null }, 'COMMISSION', null, { fn: '__proto__' }, { fn: 'toString' }, { fn: 'NOPE' }];
    for (const lang of ['zh-CN', 'en'] as const) {
      const r = await (await app.request('/v1/batch', json({ calls, lang }))).json();
      const [missing, number, nul, text, none, proto, toStr, nope] = r.results;
      for (const x of [missing, number, nul, text, none]) {
        expect(x.error.code).toBe('#VALUE!');
        expect(x.error.message).toContain('"fn"');
        expect(x.error.message).not.toMatch(/undefined|unknown function|未知函数/);
        expect(x.error.message).toMatch(lang === 'en' ? /function name/ : /函数名/);
      }
      // What was received is said in the language asked, not as JavaScript's type names.
      if (lang === 'zh-CN') {
        expect([missing, number, nul, text].map((x) => x.error.message.replace(/^.*收到 /, ''))).toEqual(['缺失', '数字', 'null', '文本（不是对象）']);
        for (const x of [missing, number, text]) expect(x.error.message.replace(/"fn"|"COMMISSION"/g, '')).not.toMatch(/[a-z]{3}/);
      }
      for (const x of [proto, toStr, nope]) expect(x.error.code).toBe('#NAME?');
      expect(proto.error.message).toBe(lang === 'en' ? 'unknown function "__proto__"' : '未知函数「__proto__」');
    }
  });
});

describe('CORS exposes the headers the routes send', () => {
  it('a browser on an allowed origin may read every PolicyCell header', async () => {
    const { app } = testApp({ allowedOrigins: ['https://addin.example.com'] });
    const r = await app.request('/v1/functions/COMMISSION', { ...json({ args: [1] }), headers: { origin: 'https://addin.example.com' } });
    const exposed = (r.headers.get('access-control-expose-headers') ?? '').split(/,\s*/).map((h) => h.toLowerCase());
    for (const h of ['X-Request-Id', 'X-Policy', 'X-Formulas', 'X-Errors', 'X-Evaluator', 'X-Kept', 'X-Kept-Reasons', 'X-Assumed', 'Retry-After']) {
      expect(exposed).toContain(h.toLowerCase());
    }
  });
});

describe('validation problems in the reader’s language, with their JSON path', () => {
  const { app } = testApp();

  it('the API says what is wrong with a body in zh-CN or en', async () => {
    const zh = await (await app.request('/v1/functions/COMMISSION', json({ args: 5 }))).json();
    expect(zh).toMatchObject({ status: 400, title: '请求格式错误', path: '$.args', detail: '$.args：应为数组，收到数字' });
    const en = await (await app.request('/v1/functions/COMMISSION', json({ args: 5 }, { 'accept-language': 'en' }))).json();
    expect(en).toMatchObject({ title: 'Bad request', detail: '$.args: must be an array, got a number' });
    const byField = await (await app.request('/v1/explain', json({ fn: '', lang: 'en' }))).json();
    expect(byField.detail).toBe('$.fn: must not be empty');
    const long = await (await app.request('/v1/batch', json({ calls: [], policy: 'p'.repeat(201) }))).json();
    expect(long.detail).toBe('$.policy：最多 200 个字符');
    const missing = await (await app.request('/v1/batch', json({}, { 'accept-language': 'en' }))).json();
    expect(missing.detail).toBe('$.calls: is missing (must be an array)');
    for (const body of [zh, en, byField, long, missing]) expect(body.detail).not.toMatch(/Invalid input/);
  });

  it('policy check lists a file’s problems in the CLI’s language', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-check-'));
    const doc = JSON.parse((await import('node:fs')).readFileSync(new URL('../../shared/policies/default-2019.05.json', import.meta.url), 'utf8'));
    doc.id = 'Acme!';
    doc.marketing.commissionRate = 'three percent';
    doc.tobacco.quotas.A = 2.5;
    doc.surprise = 1;
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(doc));
    writeFileSync(join(dir, 'broken.json'), '{"id":');
    const check = async (file: string, lang: string) => {
      let err = '';
      const code = await main(['policy', 'check', join(dir, file), '--lang', lang], { out: () => {}, err: (s) => (err += s), readStdin: async () => '' });
      return { code, err };
    };
    const zh = await check('acme.json', 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('$.marketing.commissionRate：应为数字，收到文本');
    expect(zh.err).toContain('$.tobacco.quotas.A：应为整数');
    expect(zh.err).toContain('$.id：id 只能含小写字母、数字和连字符');
    expect(zh.err).toContain('$：不认识的字段："surprise"');
    const en = await check('acme.json', 'en');
    expect(en.err).toContain('$.marketing.commissionRate: must be a number, got text');
    expect(en.err).toContain('$.id: an id is lower-case letters, digits and hyphens');
    expect(en.err).toContain('$: unknown field: "surprise"');
    for (const r of [zh, en]) expect(r.err).not.toMatch(/Invalid input/);
    expect((await check('broken.json', 'zh-CN')).err).toContain('$：不是有效的 JSON：');
    expect((await check('broken.json', 'en')).err).toContain('$: not valid JSON: ');
  });
});
