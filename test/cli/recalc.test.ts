import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { makeHandler } from '../../functions/hosts/lambda-workbooks.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { mountRecalc } from '../../functions/http/workbooks-route.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { createApp } from '../../functions/http/app.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import { Engine, shippedRegistry } from '../../shared/src/index.js';
import { RECORD_FILE } from '../../functions/cli/run-record.js';
import { buildXlsx } from '../helpers/xlsx.js';

const commissionBook = (policy?: string) =>
  buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }, { ref: 'B2', formula: '_xldudf_POLICY_POLICYINFO()', addin: true }] }], { policy });

function valueAt(bytes: Uint8Array, ref: string): string | undefined {
  return readCells(readText(readZip(bytes), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === ref)?.value;
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
  return { code, out, err };
}

describe('policycell recalc', () => {
  it('recalculates a folder into -o DIR, goes on past bad files, and exits 1 at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-recalc-'));
    writeFileSync(join(dir, 'a.xlsx'), commissionBook());
    writeFileSync(join(dir, 'b.xlsx'), commissionBook('default@2019.05'));
    writeFileSync(join(dir, 'broken.xlsx'), 'this is not a workbook');
    writeFileSync(join(dir, 'loop.xlsx'), buildXlsx([{ name: 'S', cells: [{ ref: 'A1', formula: 'A2' }, { ref: 'A2', formula: 'A1' }] }]));
    const out = join(dir, 'out');
    const r = await run(['recalc', dir, '-o', out, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.xlsx: not a zip package/);
    expect(r.out).toMatch(/workbooks\s+4 \(3 recalculated, 1 failed\)/);
    expect(r.out).toMatch(/formulas recalculated\s+4/);
    // The circular pair keeps its cached values and is counted, by reason.
    expect(r.out).toMatch(/not recomputed \(cached value kept\)\s+2 \(circular reference 2\)/);
    expect(r.out).toMatch(/policies\s+default@2025\.09, default@2019\.05/);
    expect(readdirSync(out).sort()).toEqual([RECORD_FILE, 'a.xlsx', 'b.xlsx', 'loop.xlsx']); // nothing half-written, no temporary files; the run's record
    const strict = await run(['recalc', join(dir, 'loop.xlsx'), '-o', join(dir, 'strict'), '--strict', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out)).toMatchObject({ ok: false, problem: 'notRecomputed', cell: expect.stringMatching(/^S!A[12]$/) });
    expect(valueAt(readFileSync(join(out, 'a.xlsx')), 'B1')).toBe('360');
    expect(valueAt(readFileSync(join(out, 'b.xlsx')), 'B2')).toBe('default@2019.05');
    // The inputs are untouched.
    expect(valueAt(readFileSync(join(dir, 'a.xlsx')), 'B1')).toBe('0');
  });

  it('--json prints one line per workbook; --in-place rewrites the input; --policy is the fallback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-recalc-'));
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, commissionBook());
    const r = await run(['recalc', file, '--in-place', '--json', '--policy', 'default@2019.05']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ file, ok: true, output: file, policy: 'default@2019.05', formulas: 2, errors: {}, evaluator: 'fast' })]);
    expect(valueAt(readFileSync(file), 'B1')).toBe('360');
    // The summary still comes, on standard error, so standard output stays JSON lines.
    expect(r.err).toMatch(/汇总[\s\S]*重算公式\s+2/);
  });

  it('--evaluator hyperformula skips the fast path and gives the same values; a bad value is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-recalc-'));
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, commissionBook());
    const r = await run(['recalc', file, '-o', join(dir, 'out'), '--json', '--evaluator', 'hyperformula']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, formulas: 2, evaluator: 'hyperformula' });
    expect(valueAt(readFileSync(join(dir, 'out', 'book.xlsx')), 'B1')).toBe('360');
    const bad = await run(['recalc', file, '--evaluator', 'fastest', '--lang', 'en']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--evaluator fastest/);
  });

  it("an organisation's own policy (POLICYCELL_POLICY_DIR) reaches the workers that compute its workbooks", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-recalc-org-'));
    const doc = JSON.parse(readFileSync(new URL('../../shared/policies/default-2025.09.json', import.meta.url), 'utf8'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'acme-2026.01.json'), JSON.stringify({ ...doc, id: 'acme', version: '2026.01', marketing: { ...doc.marketing, commissionRate: 0.05 } }));
    writeFileSync(join(dir, 'book.xlsx'), commissionBook('acme@2026.01'));
    const before = process.env.POLICYCELL_POLICY_DIR;
    process.env.POLICYCELL_POLICY_DIR = join(dir, 'policies');
    try {
      const r = await run(['recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'out'), '--json']);
      expect(r.code).toBe(0);
      // (52,000 − 40,000) × 5%: the organisation's rate, computed in a worker thread.
      expect(valueAt(readFileSync(join(dir, 'out', 'book.xlsx')), 'B1')).toBe('600');
      expect(valueAt(readFileSync(join(dir, 'out', 'book.xlsx')), 'B2')).toBe('acme@2026.01');
    } finally {
      if (before === undefined) delete process.env.POLICYCELL_POLICY_DIR;
      else process.env.POLICYCELL_POLICY_DIR = before;
    }
  });

  it('a missing file is reported, exit 1', async () => {
    const r = await run(['recalc', '/nonexistent/x.xlsx', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, problem: 'notFound' });
  });
});

describe('POST /v1/workbooks/recalc', () => {
  const app = createApp(new Engine(shippedRegistry()), { apiKeys: [], allowedOrigins: [], limits: { ...DEFAULT_LIMITS, workbookBytes: 200_000 }, version: 't', log: () => {} }, mountRecalc);

  it('answers the recalculated workbook with X-Policy', async () => {
    const r = await app.request('/v1/workbooks/recalc', { method: 'POST', body: new Blob([commissionBook('default@2019.05') as Uint8Array<ArrayBuffer>]) });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('x-policy')).toBe('default@2019.05');
    expect(r.headers.get('x-evaluator')).toBe('fast');
    expect(valueAt(new Uint8Array(await r.arrayBuffer()), 'B1')).toBe('360');
  });

  it('400 for what is not a workbook, 413 above the limit; a circular reference is kept and counted in X-Kept, 422 with strict', async () => {
    const bad = await app.request('/v1/workbooks/recalc', { method: 'POST', body: 'hello' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problem: 'notWorkbook' });
    const big = await app.request('/v1/workbooks/recalc', { method: 'POST', body: new Uint8Array(300_000), headers: { 'content-length': '300000' } });
    expect(big.status).toBe(413);
    const loopBook = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', formula: 'A1+1', cached: '7' }] }]) as Uint8Array<ArrayBuffer>;
    const loop = await app.request('/v1/workbooks/recalc', { method: 'POST', body: new Blob([loopBook]) });
    expect(loop.status).toBe(200);
    expect(loop.headers.get('x-kept')).toBe('1');
    expect(JSON.parse(loop.headers.get('x-kept-reasons')!)).toEqual({ circular: 1 });
    expect(valueAt(new Uint8Array(await loop.arrayBuffer()), 'A1')).toBe('7');
    const strict = await app.request('/v1/workbooks/recalc?strict=1', { method: 'POST', body: new Blob([loopBook]) });
    expect(strict.status).toBe(422);
    expect(await strict.json()).toMatchObject({ problem: 'notRecomputed', cell: 'S!A1' });
    // Written by a program (no cached value): the cycle gets Excel's answer, 0, counted in X-Assumed.
    const bare = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', formula: 'A1+1', noCache: true }] }]) as Uint8Array<ArrayBuffer>;
    const assumed = await app.request('/v1/workbooks/recalc', { method: 'POST', body: new Blob([bare]) });
    expect(assumed.status).toBe(200);
    expect(assumed.headers.get('x-assumed')).toBe('1');
    expect(valueAt(new Uint8Array(await assumed.arrayBuffer()), 'A1')).toBe('0');
  });

  it('through the workbooks Lambda handler, with a base64 body (HTTP API v2)', async () => {
    const handler = makeHandler({ POLICYCELL_LOG: 'off' });
    const event = {
      version: '2.0',
      routeKey: 'POST /v1/workbooks/recalc',
      rawPath: '/v1/workbooks/recalc',
      rawQueryString: '',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', host: 'x.execute-api.ap-southeast-1.amazonaws.com' },
      requestContext: { http: { method: 'POST', path: '/v1/workbooks/recalc', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 't' }, requestId: 'r', routeKey: 'POST /v1/workbooks/recalc', stage: '$default', accountId: '1', apiId: 'x', domainName: 'x', domainPrefix: 'x', time: '', timeEpoch: 0 },
      body: Buffer.from(commissionBook()).toString('base64'),
      isBase64Encoded: true,
    };
    const r = (await handler(event as unknown as LambdaEvent, {} as never)) as { statusCode: number; body: string; isBase64Encoded: boolean; headers: Record<string, string> };
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers['x-policy']).toBe('default@2025.09');
    expect(valueAt(Buffer.from(r.body, 'base64'), 'B1')).toBe('360');
  });
});

describe('policycell recalc --remote', () => {
  it('sends each workbook to URL/v1/workbooks/recalc, N at a time, and writes what comes back', async () => {
    const { startServer } = await import('../../functions/hosts/server.js');
    const s = await startServer({ port: 0, config: { apiKeys: ['k'], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'pc-remote-'));
      for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, `${n}.xlsx`), commissionBook(n === 'b' ? 'default@2019.05' : undefined));
      writeFileSync(join(dir, 'bad.xlsx'), 'nope');
      const out = join(dir, 'out');
      const r = await run(['recalc', dir, '-o', out, '--remote', s.url, '--api-key', 'k', '--concurrency', '2', '--json', '--lang', 'en']);
      expect(r.code).toBe(1);
      const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; policy?: string; formulas?: number; problem?: string });
      expect(lines.filter((l) => l.ok).map((l) => l.policy).sort()).toEqual(['default@2019.05', 'default@2025.09', 'default@2025.09']);
      expect(lines.find((l) => l.file.endsWith('bad.xlsx'))).toMatchObject({ ok: false, problem: 'notWorkbook' });
      expect(valueAt(readFileSync(join(out, 'a.xlsx')), 'B1')).toBe('360');
      const denied = await run(['recalc', join(dir, 'a.xlsx'), '-o', out, '--remote', s.url, '--json']);
      expect(JSON.parse(denied.out)).toMatchObject({ ok: false, message: expect.stringContaining('401') });
    } finally {
      await s.close();
    }
  });

  it('--json lines carry kept and assumed as local runs do; a refused key, a size limit, a busy or failing server are said as such', async () => {
    const { startServer } = await import('../../functions/hosts/server.js');
    const s = await startServer({ port: 0, config: { apiKeys: ['k'], allowedOrigins: [], limits: { ...DEFAULT_LIMITS, workbookBytes: 200_000 }, version: 't', log: () => {} } });
    // A server that answers every workbook with one status (what a proxy or a failing deployment does).
    const { createServer } = await import('node:http');
    let status = 503;
    const fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status, status === 429 ? { 'retry-after': '0.001' } : {}).end(status === 403 ? 'Forbidden' : ''));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const fakeUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'pc-remote-kept-'));
      writeFileSync(join(dir, 'loop.xlsx'), buildXlsx([{ name: 'S', cells: [{ ref: 'A1', formula: 'A1+1', cached: '7' }, { ref: 'B1', formula: 'B1+1', noCache: true }] }]));
      writeFileSync(join(dir, 'big.xlsx'), new Uint8Array(300_000));
      const out = join(dir, 'out');
      const line = async (file: string, url: string, extra: string[] = []) => {
        const r = await run(['recalc', join(dir, file), '-o', out, '--remote', url, '--json', ...extra]);
        return JSON.parse(r.out) as Record<string, unknown>;
      };
      const remote = await line('loop.xlsx', s.url, ['--api-key', 'k']);
      const here = JSON.parse((await run(['recalc', join(dir, 'loop.xlsx'), '-o', out, '--json'])).out) as { kept: { reason: string; count: number }[]; assumed: { reason: string; count: number }[] };
      // One entry a reason, with its count: the cells themselves stay on the server's side.
      expect(remote).toMatchObject({ ok: true, kept: [{ cell: '(remote)', reason: 'circular', detail: '', count: here.kept[0]!.count, cells: [] }], assumed: [{ cell: '(remote)', reason: here.assumed[0]!.reason, detail: '', count: 1 }] });
      expect(here.kept).toEqual([{ cell: 'S!A1', reason: 'circular', detail: 'a circular reference', count: 1, cells: ['S!A1'] }]);
      const auth = await line('loop.xlsx', s.url, ['--api-key', 'wrong', '--lang', 'en']);
      expect(auth).toMatchObject({ ok: false, problem: 'auth', message: expect.stringMatching(/refused the API key \(401\)/) });
      expect(await line('loop.xlsx', s.url, ['--lang', 'zh-CN'])).toMatchObject({ problem: 'auth', message: expect.stringContaining('API 密钥') });
      expect(await line('big.xlsx', s.url, ['--api-key', 'k'])).toMatchObject({ ok: false, problem: 'tooLarge' });
      for (const [st, problem] of [[403, 'auth'], [503, 'server'], [500, 'server'], [429, 'busy'], [404, 'refused']] as const) {
        status = st;
        expect(await line('loop.xlsx', fakeUrl, ['--lang', 'en']), String(st)).toMatchObject({ ok: false, problem, message: expect.stringContaining(String(st)) });
      }
    } finally {
      await s.close();
      fake.close();
    }
  });
});
