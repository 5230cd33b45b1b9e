import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import { readBook } from '../../functions/workbook/xlsx/book.js';
import { readZip } from '../../functions/workbook/xlsx/zip.js';
import { buildXlsx } from '../helpers/xlsx.js';

/**
 * The change report and what-if through the server: the workbook route's headers and its
 * `?changes=json` answer on a real HTTP server, and `policycell recalc --remote` writing the same
 * report as a local run.
 */

type Server = { url: string; close: () => Promise<void> };
let server: Server;

beforeAll(async () => {
  const { startServer } = await import('../../functions/hosts/server.js');
  server = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
});

afterAll(() => server?.close());

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
  return { code, out, err, lines: out.trim() ? out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [] };
}

const post = (bytes: Uint8Array, query = '', headers: Record<string, string> = {}) =>
  fetch(`${server.url}/v1/workbooks/recalc${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'accept-language': 'en', ...headers }, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });

/**
 * A month's pay saved by Excel naming default@2019.05 as its policy: its compliance check caches
 * the 2019 answer, which default@2025.09's minimum wage changes.
 */
const payBook = buildXlsx(
  [
    {
      name: 'S',
      cells: [
        ...([['A1', 52000], ['B1', 1], ['C1', 2], ['D1', 10], ['E1', 45], ['G1', 25], ['H1', 0]] as const).map(([ref, value]) => ({ ref, value })),
        { ref: 'A2', formula: '_xldudf_POLICY_PAYROLLCHECK(A1,B1,C1,D1:E1,F1,G1,H1)', addin: true, cached: '扣款超20%；含罚款；事假扣款超日工资', cachedType: 'str' },
        { ref: 'A3', formula: '_xldudf_POLICY_PAYROLL(A1,B1,C1,D1:E1,F1,G1,H1)', addin: true, cached: '2260' },
      ],
    },
  ],
  { policy: 'default@2019.05', application: 'Microsoft Excel' },
);

function payroll2019(dir: string): string {
  writeFileSync(join(dir, 'pay.xlsx'), payBook);
  return join(dir, 'pay.xlsx');
}

const savedPolicy = (path: string) => readBook(readZip(readFileSync(path))).policy;

/** B1 differs from Excel's cached 7 (kept); D1 caches a stale 1 in a file another program saved. */
const excelBook = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 2 }, { ref: 'B1', formula: 'A1*3', cached: '7' }, { ref: 'C1', formula: 'B1+1', cached: '8' }] }], { application: 'Microsoft Excel' });
const staleBook = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 2 }, { ref: 'B1', formula: 'A1*3', cached: '7' }, { ref: 'C1', formula: 'B1+1', cached: '8' }] }]);

describe('POST /v1/workbooks/recalc: what changed', () => {
  it('answers X-Changed, X-Uncertain and the calibration decision with the workbook', async () => {
    const excel = await post(excelBook);
    expect(excel.status).toBe(200);
    expect(excel.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(excel.headers.get('x-changed')).toBe('0');
    expect(excel.headers.get('x-uncertain')).toBe('0');
    expect(excel.headers.get('x-calibrated')).toBe('1');
    expect(JSON.parse(excel.headers.get('x-kept-reasons')!)).toEqual({ 'differs-from-excel': 1 });
    expect(decodeURIComponent(excel.headers.get('x-calibration-reason')!)).toMatch(/Microsoft Excel/);
    const stale = await post(staleBook, '', { 'accept-language': 'zh-CN' });
    expect(stale.headers.get('x-changed')).toBe('2');
    expect(stale.headers.get('x-calibrated')).toBe('0');
    expect(decodeURIComponent(stale.headers.get('x-calibration-reason')!)).toMatch(/[\u4e00-\u9fff]/);
    await Promise.all([excel.arrayBuffer(), stale.arrayBuffer()]);
  });

  it('?changes=json answers the summary, the list of changed cells and the workbook; any other format is 400', async () => {
    const r = await post(staleBook, '?changes=json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('x-changed')).toBe('2');
    const body = (await r.json()) as { changed: number; changes: unknown[]; workbook: { encoding: string; data: string; bytes: number }; evaluator: string };
    expect(body.changed).toBe(2);
    expect(body.changes).toEqual([
      { sheet: 'S', cell: 'B1', formula: '=A1*3', old: 7, new: 6, because: [{ kind: 'recomputed' }] },
      { sheet: 'S', cell: 'C1', formula: '=B1+1', old: 8, new: 7, because: [{ kind: 'recomputed' }] },
    ].map((c) => expect.objectContaining(c)));
    const bytes = Buffer.from(body.workbook.data, 'base64');
    expect(bytes.byteLength).toBe(body.workbook.bytes);
    expect(readBook(readZip(new Uint8Array(bytes))).sheets.map((s) => s.name)).toEqual(['S']);
    const bad = await post(staleBook, '?changes=csv');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ detail: expect.stringContaining('json') });
  });

  it('X-What-If computes under another policy and leaves the saved one; X-Save-Policy writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-whatif-route-'));
    const bytes = readFileSync(payroll2019(dir));
    const r = await post(bytes, '', { 'x-what-if': 'default@2025.09' });
    expect(r.headers.get('x-policy')).toBe('default@2025.09');
    expect(r.headers.get('x-saved-policy')).toBe('default@2019.05');
    expect(r.headers.get('x-changed')).toBe('1');
    expect(readBook(readZip(new Uint8Array(await r.arrayBuffer()))).policy).toBe('default@2019.05');
    const saved = await post(bytes, '', { 'x-what-if': 'default@2025.09', 'x-save-policy': '1' });
    expect(saved.headers.get('x-policy-saved')).toBe('1');
    expect(readBook(readZip(new Uint8Array(await saved.arrayBuffer()))).policy).toBe('default@2025.09');
  });
});

describe('policycell recalc --what-if', () => {
  it('recomputes a workbook that names its own policy under another, its setting unchanged unless --save-policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-whatif-'));
    const book = payroll2019(dir);
    const plain = await cli(['recalc', book, '-o', join(dir, 'plain'), '--policy', 'default@2025.09', '--json']);
    // Its own setting wins over --policy: nothing moves.
    expect(plain.lines[0]).toMatchObject({ ok: true, policy: 'default@2019.05', changed: 0 });
    const whatIf = await cli(['recalc', book, '-o', join(dir, 'what-if'), '--what-if', 'default@2025.09', '--json', '--lang', 'en', '--changes', join(dir, 'what-if.json')]);
    expect(whatIf.lines[0]).toMatchObject({ ok: true, policy: 'default@2025.09', savedPolicy: 'default@2019.05', changed: 1 });
    expect(savedPolicy(join(dir, 'what-if', 'pay.xlsx'))).toBe('default@2019.05');
    const report = JSON.parse(readFileSync(join(dir, 'what-if.json'), 'utf8')) as { policy: string; savedPolicy: string; changes: { because: string }[] }[];
    expect(report[0]).toMatchObject({ policy: 'default@2025.09', savedPolicy: 'default@2019.05' });
    expect(report[0]!.changes).toEqual([expect.objectContaining({ cell: 'A2', old: '扣款超20%；含罚款；事假扣款超日工资', new: '低于最低工资；扣款超20%；含罚款；事假扣款超日工资', because: 'POLICY.PAYROLLCHECK computed under default@2025.09 (the workbook names default@2019.05)' })]);
    expect(whatIf.err).toMatch(/policies\s+default@2025\.09 \(what-if; the workbooks' own setting unchanged\)/);
    const kept = await cli(['recalc', book, '-o', join(dir, 'adopted'), '--what-if', 'default@2025.09', '--save-policy', '--json']);
    expect(kept.lines[0]).toMatchObject({ ok: true, policy: 'default@2025.09', policySaved: true });
    expect(savedPolicy(join(dir, 'adopted', 'pay.xlsx'))).toBe('default@2025.09');
  });
});

describe('policycell recalc --remote --changes', () => {
  it('writes the same report as a local run (the route’s ?changes=json), with the same --json counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-changes-remote-'));
    const book = payroll2019(dir);
    writeFileSync(join(dir, 'stale.xlsx'), staleBook);
    writeFileSync(join(dir, 'excel.xlsx'), excelBook);
    const inputs = [book, join(dir, 'stale.xlsx'), join(dir, 'excel.xlsx')];
    const local = await cli(['recalc', ...inputs, '-o', join(dir, 'local'), '--what-if', 'default@2025.09', '--json', '--changes', join(dir, 'local.json')]);
    const remote = await cli(['recalc', ...inputs, '-o', join(dir, 'remote'), '--what-if', 'default@2025.09', '--json', '--changes', join(dir, 'remote.json'), '--remote', server.url, '--concurrency', '2']);
    expect(remote.code).toBe(0);
    const pick = (l: Record<string, unknown>) => [l.changed, l.calibrated, (l.uncertain as unknown[]).length, l.policy, l.savedPolicy ?? null];
    expect(remote.lines.map(pick)).toEqual(local.lines.map(pick));
    const strip = (text: string) => (JSON.parse(text) as { output: string }[]).map(({ output: _o, ...rest }) => rest);
    expect(strip(readFileSync(join(dir, 'remote.json'), 'utf8'))).toEqual(strip(readFileSync(join(dir, 'local.json'), 'utf8')));
    expect(remote.lines.map((l) => l.changed)).toEqual([1, 2, 0]);
  });

  it('a server that answers the workbook alone (no ?changes=json) still has the workbook written; the report says its changes are missing', async () => {
    // The real route behind a proxy that drops the query string, as a server that does not know the parameter ignores it.
    const { createServer } = await import('node:http');
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
        const answer = await fetch(`${server.url}${req.url!.split('?')[0]}`, { method: req.method, headers, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) });
        res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'pc-changes-old-server-'));
      writeFileSync(join(dir, 'stale.xlsx'), staleBook);
      const url = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
      const r = await cli(['recalc', join(dir, 'stale.xlsx'), '-o', join(dir, 'out'), '--remote', url, '--json', '--lang', 'en', '--changes', join(dir, 'report.json')]);
      expect(r.code).toBe(0);
      expect(r.lines[0]).toMatchObject({ ok: true, changed: 2 });
      expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toEqual([expect.objectContaining({ changed: 2, changes: [], missing: expect.stringMatching(/no list of changes/) })]);
    } finally {
      proxy.close();
    }
  });
});
