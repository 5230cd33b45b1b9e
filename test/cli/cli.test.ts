import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { CATALOG } from '../../shared/src/index.js';
import { RECORD_FILE } from '../../functions/cli/run-record.js';
import { buildXlsx } from '../helpers/xlsx.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the real `policycell` command (bin/policycell.js) as a user would. */
function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/policycell.js'), ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same command in-process, for the many small cases. */
async function inProcess(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => stdin });
  return { code, out, err };
}

describe('policycell (the real command)', () => {
  it('eval prints the value', () => {
    expect(run(['eval', 'COMMISSION', '52000'])).toMatchObject({ code: 0, out: '360\n' });
  });

  it('an error goes to stderr with its code, exit 1', () => {
    const r = run(['eval', 'COMMISSION', '-1', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^#NUM! COMMISSION: "revenue" is -1/);
  });

  it('eval --batch - answers exactly what the API answers', () => {
    const body = { calls: [{ fn: 'COMMISSION', args: [52000] }, { fn: 'NOPE', args: [] }, { fn: 'ALLOCATE', args: [8, [['城A'], ['城B'], ['城C'], ['城D']]] }] };
    const r = run(['eval', '--batch', '-'], JSON.stringify(body));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      policy: 'default@2025.09',
      results: [{ value: 360 }, { error: { code: '#NAME?', message: '未知函数「NOPE」' } }, { value: [[4], [2], [1], [1]] }],
    });
  });

  it('a reader that stops early gets what it read: the command ends quietly with its own status, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-pipe-'));
    const file = join(dir, 'big.json');
    // About 5 MB of answer: far more than a pipe holds, so the command is still writing when the reader goes.
    writeFileSync(file, JSON.stringify({ calls: Array.from({ length: 10_000 }, (_, i) => ({ fn: 'EXPLAIN', args: ['COMMISSION', 52000 + i] })) }));
    for (const args of [['eval', '--batch', file], ['functions', '--json']]) {
      const child = spawn(process.execPath, [join(ROOT, 'bin/policycell.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Like `| head -c 100`: read one chunk, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(err, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
    // And through a real shell pipeline, as users type it.
    const sh = spawnSync('bash', ['-c', `"${process.execPath}" "${join(ROOT, 'bin/policycell.js')}" eval --batch "${file}" | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(sh.stderr).toBe('');
    expect(sh.stdout).toBe('status=0\n');
    // recalc goes on writing every workbook after its reader left, and its status still says a bad one failed.
    const books = join(dir, 'books');
    mkdirSync(books);
    for (let i = 0; i < 6; i++) writeFileSync(join(books, `b${i}.xlsx`), buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 + i }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }]));
    writeFileSync(join(books, 'bad.xlsx'), 'not a workbook');
    const out = join(dir, 'out');
    const rc = spawnSync('bash', ['-c', `"${process.execPath}" "${join(ROOT, 'bin/policycell.js')}" recalc "${books}" -o "${out}" --json | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(rc.stderr).not.toMatch(/EPIPE|\n\s+at /); // the failed workbook and the summary, no stack trace
    expect(rc.stderr).toMatch(/汇总[\s\S]*6 个成功，1 个失败/);
    expect(rc.stdout).toBe('status=1\n');
    expect(readdirSync(out).sort()).toEqual([RECORD_FILE, 'b0.xlsx', 'b1.xlsx', 'b2.xlsx', 'b3.xlsx', 'b4.xlsx', 'b5.xlsx']);
  });

  it('--help answers in both languages', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('用法');
    expect(r.out).toContain('Usage');
  });
});

describe('policycell eval', () => {
  it('reads arguments as JSON where they parse, else as text', async () => {
    expect(await inProcess(['eval', 'FORFEIT', '2', '0', '[[45]]'])).toMatchObject({ code: 0, out: 'TRUE\n' });
    expect(await inProcess(['eval', 'LEAVEDEDUCT', '2', '病假', 'false'])).toMatchObject({ out: '400\n' });
    expect(await inProcess(['eval', 'COMMISSION', '"52,000"'])).toMatchObject({ out: '360\n' });
    expect(await inProcess(['eval', 'BOOKINGVALID', '2019-05-20T19:50', '2019-05-20T20:00'])).toMatchObject({ out: 'TRUE\n' });
  });

  it('prints a spilled result as tab-separated rows', async () => {
    const r = await inProcess(['eval', 'PAYSLIP', '52000', '1', '2', '[[10,45]]', '[]', '[[25]]', '0']);
    expect(r.out.split('\n')[0]).toBe('底薪\t3000');
    const lines = r.out.trim().split('\n');
    expect(lines).toContain('实发工资\t2260');
    expect(lines.at(-1)).toBe('合规提示\t低于最低工资；扣款超20%；含罚款；事假扣款超日工资');
  });

  it('--policy picks the version, --explain adds the steps, --json the wire format', async () => {
    expect(await inProcess(['eval', 'WAGECHECK', '3000', '800', '--policy', 'default@2019.05'])).toMatchObject({ out: '扣款超20%\n' });
    expect(await inProcess(['eval', 'WAGECHECK', '3000', '800', '--policy=default@2025.09'])).toMatchObject({ out: '低于最低工资\n' });
    const x = await inProcess(['eval', 'COMMISSION', '52000', '--explain', '--lang', 'en']);
    expect(x.out).toBe(
      '360\nsource, Marketing department pay and discipline (第一篇): 第一篇 二、1 每月完成任务额后，超出业绩按3%提成，计次月15日发放。\npolicy: default@2025.09\ncommission = (52,000.00 − 40,000.00) × 3% = 360.00\n',
    );
    expect(await inProcess(['eval', 'DEBTCOVER', '100', '50', '0', '--json'])).toMatchObject({ code: 1, out: expect.stringContaining('"code":"#DIV/0!"') });
  });

  it('unknown function, policy or command: exit 1 with a message', async () => {
    expect(await inProcess(['eval', 'NOPE'])).toMatchObject({ code: 1, err: expect.stringContaining('#NAME?') });
    expect(await inProcess(['eval', 'COMMISSION', '1', '--policy', 'default@1999.01'])).toMatchObject({ code: 1, err: expect.stringContaining('default@1999.01') });
    expect(await inProcess(['frobnicate'])).toMatchObject({ code: 1 });
    // A mistyped option is refused, not read as a file name; after a lone -- it is one.
    expect(await inProcess(['recalc', '--stirct', 'a.xlsx', '--lang', 'en'])).toMatchObject({ code: 1, out: '', err: expect.stringContaining('unknown option: --stirct') });
    expect(await inProcess(['recalc', 'a.xlsx', '--stirct'])).toMatchObject({ code: 1, err: expect.stringContaining('无法识别的选项：--stirct') });
    expect(await inProcess(['recalc', '--lang', 'en', '--', '--stirct.xlsx'])).toMatchObject({ code: 1, err: expect.stringContaining('--stirct.xlsx') });
    expect(await inProcess(['eval'])).toMatchObject({ code: 1 });
    expect(await inProcess(['eval', 'COMMISSION', '--policy'])).toMatchObject({ code: 1 });
  });

  it('--batch reports a bad body as the API would, exit 1', async () => {
    const bad = await inProcess(['eval', '--batch', '-'], '{"calls": 5');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ status: 400 });
    const big = await inProcess(['eval', '--batch', '-'], JSON.stringify({ calls: new Array(10001).fill({ fn: 'COMMISSION', args: [1] }) }));
    expect(JSON.parse(big.out)).toMatchObject({ status: 413 });
    const dir = mkdtempSync(join(tmpdir(), 'pc-'));
    const file = join(dir, 'body.json');
    writeFileSync(file, JSON.stringify({ calls: [{ fn: 'COMMISSION', args: [52000] }], policy: 'default@2019.05' }));
    expect(JSON.parse((await inProcess(['eval', '--batch', file])).out)).toEqual({ policy: 'default@2019.05', results: [{ value: 360 }] });
  });
});

describe('policycell functions and policy', () => {
  it('lists the catalog in either language', async () => {
    const zh = await inProcess(['functions']);
    expect(zh.out).toContain('COMMISSION       提成金额(业绩) → money');
    const en = await inProcess(['functions', '--lang', 'en', '--json']);
    const list = JSON.parse(en.out).functions;
    expect(list).toHaveLength(CATALOG.length);
    expect(list[0]).toMatchObject({ id: 'COMMISSION', name: 'commission' });
  });

  it('policy check lists every problem with its JSON path', async () => {
    const ok = await inProcess(['policy', 'check', join(ROOT, 'shared/policies/default-2019.05.json')]);
    expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('default@2019.05') });
    const dir = mkdtempSync(join(tmpdir(), 'pc-'));
    const doc = JSON.parse(readFileSync(join(ROOT, 'shared/policies/default-2019.05.json'), 'utf8'));
    doc.id = 'acme';
    doc.marketing.commissionRate = 'three percent';
    doc.tobacco.quotas.A = 2.5;
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(doc));
    const bad = await inProcess(['policy', 'check', join(dir, 'acme.json'), '--lang', 'en']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('$.marketing.commissionRate');
    expect(bad.err).toContain('$.tobacco.quotas.A');
    expect(await inProcess(['policy', 'check', join(dir, 'missing.json')])).toMatchObject({ code: 1 });
  });

  it('policy list shows the versions', async () => {
    const r = await inProcess(['policy', 'list', '--lang', 'en']);
    expect(r.out).toMatch(/default@2019\.05 +2019-05-15/);
    expect(r.out).toMatch(/default@2025\.09 +2025-09-01/);
  });
});
