import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app.js';
import { main } from '../../functions/cli/cli.js';
import type { AppConfig } from '../../functions/config.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import { makeHandler } from '../../functions/hosts/lambda-workbooks.js';
import { DEFAULT_BUDGET } from '../../functions/workbook/budget/budget.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { mountRecalc } from '../../functions/http/workbooks-route.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { Engine, shippedRegistry } from '../../shared/src/index.js';
import * as H from '../helpers/hostile.js';
import { startBuiltServer } from '../helpers/server-process.js';
import { buildXlsx } from '../helpers/xlsx.js';

const ROOT = new URL('../..', import.meta.url).pathname;

function appWith(over: Partial<AppConfig['limits']> = {}, log: (l: Record<string, unknown>) => void = () => {}) {
  return createApp(new Engine(shippedRegistry()), { apiKeys: [], allowedOrigins: [], limits: { ...DEFAULT_LIMITS, ...over }, version: 't', log }, mountRecalc);
}

const post = (app: ReturnType<typeof appWith>, bytes: Uint8Array, lang = 'en') =>
  app.request('/v1/workbooks/recalc', { method: 'POST', body: new Blob([bytes as Uint8Array<ArrayBuffer>]), headers: { 'accept-language': lang } });

function valueAt(bytes: Uint8Array, ref: string): string | undefined {
  return readCells(readText(readZip(bytes), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === ref)?.value;
}

/** Every case of the issue: the workbook, and what the route must answer (status, problem, cell, budget). */
const CASES: { name: string; make: () => Uint8Array; status: number; problem?: string; cell?: string; range?: string; budget?: string }[] = [
  { name: 'cells at A1 and XFD1048576', make: H.farCorners, status: 200 },
  { name: 'cells at A1 and XFD30000', make: H.farColumn, status: 200 },
  { name: '=SUMPRODUCT(A1:XFC1000), HyperFormula would build 16 million cells', make: H.hugeUncutRange, status: 413, problem: 'tooLarge', cell: 'S!A2000', range: 'S!A1:XFC1000', budget: 'rangeCells' },
  { name: '=SUMPRODUCT(A1:Z100000)', make: H.bigUncutRange, status: 413, problem: 'tooLarge', cell: 'S!AA1', range: 'S!A1:Z100000', budget: 'rangeCells' },
  { name: 'r="XFE1"', make: () => H.outOfGridCell('XFE1'), status: 400, problem: 'corrupt', cell: 'S!XFE1' },
  { name: 'r="A1048577"', make: () => H.outOfGridCell('A1048577'), status: 400, problem: 'corrupt', cell: 'S!A1048577' },
  { name: 'r="1A"', make: () => H.outOfGridCell('1A'), status: 400, problem: 'corrupt', cell: 'S!1A' },
  { name: '=XFE1+1', make: H.outOfGridFormula, status: 422, problem: 'outOfGrid', cell: 'S!B1', range: 'XFE1' },
  { name: 'an error cell with a 20 KB code', make: () => H.strangeErrorCode(`#${'X'.repeat(20_000)}`), status: 400, problem: 'corrupt', cell: 'S!A1' },
  { name: 'an error cell with a code that is not ASCII', make: () => H.strangeErrorCode('#错误!'), status: 400, problem: 'corrupt', cell: 'S!A1' },
  { name: 'a cell element never closed', make: H.unclosedCell, status: 400, problem: 'corrupt', cell: 'S!A1' },
  { name: 'two parts of one name', make: H.duplicateParts, status: 400, problem: 'corrupt' },
  { name: 'a sheet part that is not XML', make: () => H.malformedPackage('sheetNotXml'), status: 400, problem: 'corrupt' },
  { name: 'a sheet whose part is missing', make: () => H.malformedPackage('sheetMissing'), status: 400, problem: 'corrupt' },
  { name: 'a workbook part that is not XML', make: () => H.malformedPackage('workbookNotXml'), status: 400, problem: 'corrupt' },
  { name: 'a 1 MB upload that unpacks to 480 MiB', make: () => H.zipBomb(480), status: 413, problem: 'tooLarge', budget: 'unpacked' },
  { name: 'a zip bomb whose directory lies about its size', make: () => H.zipBomb(480, 1000), status: 400, problem: 'corrupt' },
  { name: 'a zip of 300 directory records aliasing one stored 4 MiB part', make: () => H.aliasedParts(300), status: 400, problem: 'corrupt' },
  { name: 'a zip whose parts overlap', make: H.overlappingParts, status: 400, problem: 'corrupt' },
  { name: 'a zip whose stored part lies about its size', make: () => H.storedSizeLie(), status: 400, problem: 'corrupt' },
];

describe('hostile workbooks on POST /v1/workbooks/recalc: a 4xx naming the cell, never a 5xx or a dead process', () => {
  const app = appWith();
  for (const c of CASES) {
    it(`${c.name} → ${c.status}${c.problem ? ` ${c.problem}` : ''}`, async () => {
      const r = await post(app, c.make());
      expect(r.status).toBe(c.status);
      if (c.status === 200) {
        const out = new Uint8Array(await r.arrayBuffer());
        expect(valueAt(out, 'B1')).toBe('2'); // =A1+1, computed; the far cell kept
        expect(readCells(readText(readZip(out), 'xl/worksheets/sheet1.xml')!).at(-1)!.value).toBe('2');
        return;
      }
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const body = (await r.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: c.status, problem: c.problem, ...(c.cell ? { cell: c.cell } : {}), ...(c.range ? { range: c.range } : {}), ...(c.budget ? { budget: c.budget } : {}) });
      if (c.cell) expect(body.detail).toContain(c.cell);
    });
  }

  it('answers in Chinese too', async () => {
    const body = (await (await post(app, H.hugeUncutRange(), 'zh-CN')).json()) as { detail: string; title: string };
    expect(body.detail).toBe('S!A2000：各公式引用的区域合计超过 1048576 个单元格（在 S!A1:XFC1000 处超出）（快速路径不支持函数 SUMPRODUCT，改由 HyperFormula 计算）');
    expect(body.detail.replace(/HyperFormula/g, '')).not.toMatch(/[a-z]{3}/); // no English inside the Chinese message
    expect(body.title).toBe('请求过大');
    const grid = (await (await post(app, H.outOfGridCell('XFE1'), 'zh-CN')).json()) as { detail: string };
    expect(grid.detail).toMatch(/^S!XFE1：单元格引用「XFE1」不在 Excel 的表格范围内/);
  });
});

describe('the budget counts what is computed, so real workbooks pass', () => {
  const app = appWith();
  // Excel's answer to SUM, SUMIF, COUNTIF, exact lookups… does not depend on the empty cells past
  // the used ones: the range is cut to them, and a huge range costs its used cells, on either path.
  it('huge ranges whose empty part cannot change the answer are computed, cheaply', async () => {
    const sum = await post(app, H.bigSum());
    expect(sum.status).toBe(200);
    expect(valueAt(new Uint8Array(await sum.arrayBuffer()), 'AA1')).toBe('1');
    const beside = await post(app, H.hugeRange()); // B1 is inside its own range: a circular reference, kept
    expect(beside.status).toBe(200);
    expect(beside.headers.get('x-kept')).toBe('1');
    const circular = await post(app, H.circularHugeRange());
    expect(circular.status).toBe(200);
  });
  it('the fast path reads only the used part of a range: COUNTIF over a whole sheet', async () => {
    const cells = Array.from({ length: 200 }, (_, i) => ({ ref: `A${i + 1}`, value: i + 1 }));
    const other = [
      { ref: 'A1', formula: 'COUNTIF(S!A1:XFD1048576,">100")', cached: '0' },
      { ref: 'A2', formula: 'COUNTIF(S!A1:XFD1048576,"<=0")+SUMIF(S!A1:XFC1048576,">190",S!A1:XFC1048576)', cached: '0' },
    ];
    const r = await post(app, buildXlsx([{ name: 'S', cells }, { name: 'T', cells: other }]));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-evaluator')).toBe('fast');
    const cellsOut = readCells(readText(readZip(new Uint8Array(await r.arrayBuffer())), 'xl/worksheets/sheet2.xml')!);
    expect(cellsOut.map((c) => c.value)).toEqual(['100', String(191 + 192 + 193 + 194 + 195 + 196 + 197 + 198 + 199 + 200)]);
  });
  it('full-height ranges of a real table (SUMIF, COUNTIF, VLOOKUP, MATCH) beside a function only HyperFormula has', async () => {
    const cells = [];
    for (let i = 1; i <= 200; i++) cells.push({ ref: `A${i}`, value: i }, { ref: `B${i}`, value: i % 7 });
    const f = (ref: string, formula: string) => ({ ref, formula, cached: '0' });
    cells.push(
      f('C1', 'SUMIF($A$2:$A$1048576,">5",$B$2:$B$1048576)'),
      f('C2', 'COUNTIF($A$1:$A$1048576,">100")'),
      f('C3', 'VLOOKUP(50,$A$1:$B$1048576,2,FALSE)'),
      f('C4', 'MATCH(50,$A$1:$A$1048576,0)'),
      f('C5', 'SUMIFS($B$1:$B$1048575,$A$1:$A$1048575,">=10",$A$1:$A$1048575,"<=20")'),
      f('C6', 'SUM($A$2:$B$1048576)+ISERROR(1)'),
      f('C7', 'COUNTIF($B$1:$B$1048576,"<>3")'),
    );
    const r = await post(app, buildXlsx([{ name: 'S', cells }]));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-evaluator')).toBe('hyperformula');
    const out = new Uint8Array(await r.arrayBuffer());
    let sumif = 0;
    let sumifs = 0;
    for (let i = 2; i <= 200; i++) if (i > 5) sumif += i % 7;
    for (let i = 10; i <= 20; i++) sumifs += i % 7;
    const all = 200 * 201 / 2 - 1 + [...Array(199)].reduce((n, _, k) => n + ((k + 2) % 7), 0);
    const not3 = 1048576 - [...Array(200)].filter((_, k) => (k + 1) % 7 === 3).length; // "<>3" meets the empty cells too: not cut
    expect(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'].map((c) => valueAt(out, c))).toEqual([sumif, 100, 50 % 7, 50, sumifs, all, not3].map(String));
  });

  // Whole-column names for data-validation lists are common in real workbooks (a corpus file has
  // several); no formula computes them, and the budget must not refuse the workbook for them.
  const book = (formula: string) =>
    buildXlsx(
      [{ name: 'S', cells: [{ ref: 'A1', value: 1 }, { ref: 'B1', formula, cached: '0' }, { ref: 'C1', formula: 'TEXT(A1,"0")', cached: '1', cachedType: 'str' }] }],
      { definedNames: ['list1', 'list2', 'list3'].map((name, i) => ({ name, formula: `S!$${'DEF'[i]}$1:$${'DEF'[i]}$1048575` })) },
    );
  it('names over whole columns that no formula uses: computed', async () => {
    const r = await post(app, book('A1+1'));
    expect(r.status).toBe(200);
    expect(valueAt(new Uint8Array(await r.arrayBuffer()), 'B1')).toBe('2');
  });
  it('the same names used by a formula HyperFormula computes: their ranges count (413 naming the range)', async () => {
    const r = await post(app, book('SUMPRODUCT(list1)+SUMPRODUCT(list2)+SUMPRODUCT(list3)'));
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ problem: 'tooLarge', budget: 'rangeCells' });
  });
  it('a formula cell typed as an error with nothing cached (as programs write them) is not a strange error code', async () => {
    const bytes = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 1 }, { ref: 'B1', formula: '1/0', cachedType: 'e', noCache: true }] }]);
    const r = await post(app, bytes);
    expect(r.status).toBe(200);
    expect(valueAt(new Uint8Array(await r.arrayBuffer()), 'B1')).toBe('#DIV/0!');
  });
});

describe('the workbook budget (cells, memory, time), configurable', () => {
  it('more cells than the cap: 413 naming the cell where the count passed it', async () => {
    const app = appWith({ workbook: { ...DEFAULT_BUDGET, maxCells: 1000 } });
    const r = await post(app, H.manyCells(2000));
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ problem: 'tooLarge', budget: 'cells', limit: 1000, cell: 'S!A1000' });
  });

  it('a workbook that needs more memory than its budget costs its worker only: 413, and the next one is computed', async () => {
    const app = appWith({ workbook: { ...DEFAULT_BUDGET, memoryMb: 48 } });
    const r = await post(app, H.heavyForHyperFormula(40_000));
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ problem: 'tooLarge', budget: 'memory', limit: 48 });
    const ok = await post(app, H.farColumn());
    expect(ok.status).toBe(200);
  }, 120_000); // a worker filled to its memory cap, on a shared machine: a guard against a hang

  it('a workbook that takes longer than its budget: 413, and the next one is computed', async () => {
    const app = appWith({ workbook: { ...DEFAULT_BUDGET, seconds: 0.3 } });
    const r = await post(app, H.heavyForHyperFormula(40_000));
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ problem: 'tooLarge', budget: 'time', limit: 0.3 });
    // The next workbook gets a fresh worker (a small one: the budget is tight).
    expect((await post(app, H.manyCells(10))).status).toBe(200);
  });

  it('every worker busy and the queue full: 429 with Retry-After, not a wait without end', async () => {
    const app = appWith({ workbookWorkers: 1, workbookQueue: 0 });
    const first = post(app, H.heavyForHyperFormula(8000));
    await new Promise((r) => setTimeout(r, 100));
    const second = await post(app, H.farColumn());
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    expect((await first).status).toBe(200);
  });
});

describe('X-Errors', () => {
  it('carries Excel error codes only, and stays short', async () => {
    const book = buildXlsx([
      {
        name: 'S',
        cells: [{ ref: 'A1', value: 0 }, { ref: 'A2', error: '#N/A' }, { ref: 'B1', formula: '1/A1' }, { ref: 'B2', formula: 'A2' }, { ref: 'B3', formula: 'A2+1' }],
      },
    ]);
    const r = await post(appWith(), book);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.headers.get('x-errors')!)).toEqual({ '#DIV/0!': 1, '#N/A': 2 });
  });
});

describe('the workbooks Lambda handler', () => {
  const handler = makeHandler({ POLICYCELL_LOG: 'off' });
  const event = (bytes: Uint8Array) =>
    ({
      version: '2.0',
      rawPath: '/v1/workbooks/recalc',
      rawQueryString: '',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', host: 'x.execute-api.ap-southeast-1.amazonaws.com' },
      requestContext: { http: { method: 'POST', path: '/v1/workbooks/recalc', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 't' }, requestId: 'r', stage: '$default' },
      body: Buffer.from(bytes).toString('base64'),
      isBase64Encoded: true,
    }) as unknown as LambdaEvent;

  it('answers every hostile case as the route does, and stays alive', async () => {
    for (const c of CASES.filter((x) => x.name.includes('XFD') || x.name.includes('zip') || x.name.includes('XFE1'))) {
      const r = (await handler(event(c.make()), {} as never)) as { statusCode: number; body: string };
      expect(r.statusCode, c.name).toBe(c.status);
      if (c.problem) expect(JSON.parse(r.body), c.name).toMatchObject({ problem: c.problem });
    }
  });

  it('the built zip carries the worker beside its bundle, and the bundle alone (no node_modules) recalculates', async () => {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(readFileSync(join(ROOT, 'dist/lambda-workbooks.zip')));
    expect(Object.keys(files).sort()).toEqual(['lambda-workbooks.mjs', 'recalc-worker.mjs']);
    const dir = mkdtempSync(join(tmpdir(), 'pc-lambda-zip-'));
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    const mod = (await import(join(dir, 'lambda-workbooks.mjs'))) as { handler: typeof handler };
    const ok = (await mod.handler(event(H.farColumn()), {} as never)) as { statusCode: number; body: string };
    expect(ok.statusCode).toBe(200);
    expect(valueAt(Buffer.from(ok.body, 'base64'), 'B1')).toBe('2');
    const bad = (await mod.handler(event(H.bigUncutRange()), {} as never)) as { statusCode: number; body: string };
    expect(bad.statusCode).toBe(413);
  });
});

describe('policycell recalc over a folder of hostile workbooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-hostile-'));
  const names: string[] = [];
  CASES.forEach((c, i) => {
    const name = `${String(i).padStart(2, '0')}-${c.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40)}.xlsx`;
    writeFileSync(join(dir, name), c.make());
    names.push(name);
  });
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'good.xlsx'), buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }]));

  const outs = mkdtempSync(join(tmpdir(), 'pc-hostile-out-'));

  it('in-process: every workbook reported with its problem, the good ones written, exit 1', async () => {
    let out = '';
    const code = await main(['recalc', dir, '-o', join(outs, 'out'), '--json', '--lang', 'en'], { out: (s) => (out += s), err: () => {}, readStdin: async () => '' });
    expect(code).toBe(1);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; problem?: string; cell?: string; message?: string });
    expect(lines).toHaveLength(CASES.length + 1);
    CASES.forEach((c, i) => {
      const line = lines.find((l) => l.file.endsWith(names[i]!))!;
      expect(line.ok, c.name).toBe(c.status === 200);
      if (c.problem) expect(line, c.name).toMatchObject({ problem: c.problem, ...(c.cell ? { cell: c.cell } : {}) });
    });
    expect(valueAt(readFileSync(join(outs, 'out', 'sub', 'good.xlsx')), 'B1')).toBe('360');
    expect(readdirSync(join(outs, 'out')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('the real command: no abort (exit 1, not 134), the rest of the folder runs', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/policycell.js'), 'recalc', dir, '-o', join(outs, 'out2'), '--lang', 'en'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`workbooks\\s+${CASES.length + 1} \\(3 recalculated, ${CASES.length - 2} failed\\)`));
    expect(r.stderr).toMatch(/S!A2000: the ranges the formulas refer to cover more than 1048576 cells together \(the limit was passed at S!A1:XFC1000\)/);
    expect(valueAt(readFileSync(join(outs, 'out2', 'sub', 'good.xlsx')), 'B1')).toBe('360');
  });
});

describe('npm start under hostile uploads (the built server, two processes)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGTERM'));

  it('answers each with a 4xx, never restarts a process, and /healthz and single calls keep answering', async () => {
    const s = await startBuiltServer({ POLICYCELL_WORKERS: '2' });
    child = s.child;
    const { url } = s;
    const send = async (c: (typeof CASES)[number]) => {
      const r = await fetch(`${url}/v1/workbooks/recalc`, { method: 'POST', body: new Blob([c.make() as Uint8Array<ArrayBuffer>]) });
      await r.arrayBuffer();
      return r.status;
    };
    const one = [];
    for (const c of CASES) one.push(await send(c));
    expect(one).toEqual(CASES.map((c) => c.status));
    // All at once, and the far-cell workbooks twice more (two of them used to take down both processes): 429 at most.
    const burst = await Promise.all([...CASES, ...CASES.slice(0, 2), ...CASES.slice(0, 2)].map(send));
    expect(burst.filter((s) => s >= 500)).toEqual([]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const single = await fetch(`${url}/v1/functions/COMMISSION`, { method: 'POST', body: '{"args":[52000]}' });
    expect(await single.json()).toEqual({ value: 360 });
    expect(s.stderr()).not.toMatch(/exited/);
    expect(child.exitCode).toBeNull();
  }, 120_000);
});
