import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { Engine, ParameterReaders, diffPolicies, shippedRegistry } from '../../shared/src/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/policycell.js'), ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function inProcess(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
  return { code, out, err };
}

const shipped = (version: string) => JSON.parse(readFileSync(join(ROOT, `shared/policies/default-${version}.json`), 'utf8')) as Record<string, any>;

describe('policycell policy diff', () => {
  it('default@2019.05 → default@2025.09 names the minimum wage, 2050 → 2510, with its note and the functions that read it, in both languages', () => {
    const en = run(['policy', 'diff', 'default@2019.05', 'default@2025.09', '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/^default@2019\.05 \(from 2019-05-15\) → default@2025\.09 \(from 2025-09-01\): 1 parameter differs$/m);
    expect(en.out).toMatch(/^\$\.marketing\.minimumWage: 2050 → 2510$/m);
    expect(en.out).toMatch(/note: Tianjin's monthly minimum wage/);
    expect(en.out).toMatch(/read by: .*WAGECHECK/);
    const zh = run(['policy', 'diff', 'default@2019.05', 'default@2025.09', '--lang', 'zh-CN']);
    expect(zh.out).toMatch(/1 个参数不同/);
    expect(zh.out).toMatch(/^\$\.marketing\.minimumWage：2050 → 2510$/m);
    expect(zh.out).toMatch(/说明：天津市月最低工资标准/);
    const json = JSON.parse(run(['policy', 'diff', 'default@2019.05', 'default@2025.09', '--json']).out);
    expect(json).toMatchObject({ from: { ref: 'default@2019.05' }, to: { ref: 'default@2025.09' }, changes: [{ path: '$.marketing.minimumWage', key: 'marketing.minimumWage', old: 2050, new: 2510 }] });
    expect(json.changes[0].readBy).toEqual(expect.arrayContaining(['WAGECHECK', 'PAYROLLCHECK', 'PAYSLIP']));
  });

  it('the functions that read a parameter are the ones whose examples read it: a change of the commission rate names COMMISSION, not WAGECHECK', () => {
    const engine = new Engine(shippedRegistry());
    const readers = new ParameterReaders(engine);
    expect(readers.of('marketing.commissionRate')).toEqual(expect.arrayContaining(['COMMISSION', 'PAYROLL']));
    expect(readers.of('marketing.commissionRate')).not.toContain('WAGECHECK');
    // A parameter no example reads is said to have no reader, not guessed.
    expect(readers.of('marketing.noSuchParameter')).toEqual([]);
  });

  it('compares files too: nested values and arrays item by item, the clause from the nearest note, values only one side has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-diff-'));
    const a = shipped('2025.09');
    const b = structuredClone(a);
    b.id = 'acme';
    b.version = '2026.01';
    b.marketing.commissionRate = 0.05;
    b.marketing.payDay.day = 10;
    writeFileSync(join(dir, 'acme-2026.01.json'), JSON.stringify(b));
    const r = await inProcess(['policy', 'diff', 'default@2025.09', join(dir, 'acme-2026.01.json'), '--json']);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.out);
    expect(diff.to.ref).toBe('acme@2026.01');
    expect(diff.changes.map((c: { path: string; old: unknown; new: unknown }) => [c.path, c.old, c.new])).toEqual([
      ['$.marketing.commissionRate', 0.03, 0.05],
      ['$.marketing.payDay.day', 15, 10],
    ]);
    expect(diff.changes[0].clause).toMatch(/超出业绩按3%提成/);
    // payDay.day has no note of its own: the clause is marketing.payDay's.
    expect(diff.changes[1]).toMatchObject({ clause: expect.stringMatching(/次月15日发放/) });
    // Arrays of the same length item by item, of another length whole; a member only one side has.
    const engine = new Engine(shippedRegistry());
    const x = engine.policy('default@2025.09');
    const bands = x.guarantee.ageing.bands;
    const y = structuredClone(x) as any;
    y.guarantee.ageing.bands[0].value.label = '改';
    const z = structuredClone(x) as any;
    z.guarantee.ageing.bands = bands.slice(1);
    delete z.glossary[Object.keys(z.glossary)[0]!];
    const none = () => [];
    expect(diffPolicies(x, y, none).changes.map((c) => c.path)).toEqual(['$.guarantee.ageing.bands[0].value.label']);
    const whole = diffPolicies(x, z, none).changes;
    expect(whole[0]).toMatchObject({ path: '$.guarantee.ageing.bands', old: bands, new: bands.slice(1) });
    expect(whole[1]).not.toHaveProperty('new');
  });

  it('no difference, an unknown version, a bad file and missing arguments are said plainly', async () => {
    expect(await inProcess(['policy', 'diff', 'default@2025.09', 'default', '--lang', 'en'])).toMatchObject({ code: 0, out: expect.stringMatching(/no parameter differs/) });
    const unknown = await inProcess(['policy', 'diff', 'default@2019.05', 'default@1999.01', '--lang', 'en']);
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toMatch(/default@1999\.01.*default@2019\.05, default@2025\.09/);
    const dir = mkdtempSync(join(tmpdir(), 'pc-diff-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...shipped('2025.09'), id: 'acme', version: '2026.01', marketing: { commissionRate: 'x' } }));
    const bad = await inProcess(['policy', 'diff', 'default', join(dir, 'bad.json'), '--lang', 'zh-CN']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.json：\d+ 个问题/);
    expect(bad.err).toMatch(/\$\.marketing/);
    expect(bad.err).not.toMatch(/\n\s+at /);
    const missing = await inProcess(['policy', 'diff', 'default', '--lang', 'en']);
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/takes two policies/) });
  });
});
