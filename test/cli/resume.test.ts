import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { RECORD_FILE } from '../../functions/cli/run-record.js';
import { readZip } from '../../functions/workbook/xlsx/zip.js';
import { payrollWorkbook } from '../../bench/workbooks.js';
import { buildXlsx } from '../helpers/xlsx.js';

const ROOT = new URL('../..', import.meta.url).pathname;

const book = (revenue: number) => buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: revenue }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }]);

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['recalc', ...args, '--json', '--lang', 'en'], { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
  const lines = out.trim() ? out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; skipped?: boolean; policy?: string }) : [];
  return { code, lines, err, skipped: lines.filter((l) => l.skipped).map((l) => l.file.split('/').pop()).sort() };
}

describe('policycell recalc runs again: what is up to date is skipped', () => {
  it('skips unchanged workbooks, and computes again what changed: the input, the output, the policy asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-resume-'));
    const out = join(dir, 'out');
    for (const [name, revenue] of [['a', 52000], ['b', 60000], ['c', 70000]] as const) {
      writeFileSync(join(dir, `${name}.xlsx`), book(revenue));
    }
    const first = await run(dir, '-o', out);
    expect(first.code).toBe(0);
    expect(first.skipped).toEqual([]);
    const again = await run(dir, '-o', out);
    expect(again.skipped).toEqual(['a.xlsx', 'b.xlsx', 'c.xlsx']);
    expect(again.lines[0]).toMatchObject({ ok: true, skipped: true, policy: 'default@2025.09' });
    expect(again.err).toMatch(/up to date \(skipped\)\s+3/);
    // A changed input, and an output edited or removed since, are computed again.
    writeFileSync(join(dir, 'a.xlsx'), book(53000));
    writeFileSync(join(out, 'b.xlsx'), 'edited by hand');
    rmSync(join(out, 'c.xlsx'));
    expect((await run(dir, '-o', out)).skipped).toEqual([]);
    expect(readZip(readFileSync(join(out, 'b.xlsx')))).toBeTruthy();
    // Another policy asked for: everything again, then skipped under it.
    expect((await run(dir, '-o', out, '--policy', 'default@2019.05')).skipped).toEqual([]);
    expect((await run(dir, '-o', out, '--policy', 'default@2019.05')).skipped).toEqual(['a.xlsx', 'b.xlsx', 'c.xlsx']);
    // A record line cut short (a run killed while writing it) is ignored: that workbook is done again.
    appendFileSync(join(out, RECORD_FILE), '{"output":"a.xlsx","inp');
    expect((await run(dir, '-o', out, '--policy', 'default@2019.05')).skipped).toEqual(['a.xlsx', 'b.xlsx', 'c.xlsx']);
  });

  it('--in-place: the recalculated file is what was recorded, so a second run skips it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-resume-'));
    writeFileSync(join(dir, 'a.xlsx'), book(52000));
    expect((await run(join(dir, 'a.xlsx'), '--in-place')).skipped).toEqual([]);
    expect((await run(join(dir, 'a.xlsx'), '--in-place')).skipped).toEqual(['a.xlsx']);
    expect(readdirSync(dir).sort()).toEqual([RECORD_FILE, 'a.xlsx']);
  });

  it('an interrupted run leaves whole outputs only; run again, it finishes the rest and skips what was done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-resume-'));
    const out = join(dir, 'out');
    const names = ['w1', 'w2', 'w3', 'w4', 'w5'];
    names.forEach((n, i) => writeFileSync(join(dir, `${n}.xlsx`), payrollWorkbook(1500, i + 1)));
    const child = spawn(process.execPath, [join(ROOT, 'bin/policycell.js'), 'recalc', dir, '-o', out, '--json', '--concurrency', '1', '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    const written = readdirSync(out).filter((f) => f.endsWith('.xlsx'));
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(names.length);
    // It says how far it got and how to finish.
    expect(err).toMatch(new RegExp(`interrupted: [1-4] of ${names.length} workbooks done; run the same command again`));
    // No temporary, no half-written workbook.
    expect(readdirSync(out).filter((f) => !f.endsWith('.xlsx') && f !== RECORD_FILE)).toEqual([]);
    for (const f of written) expect(() => readZip(readFileSync(join(out, f)))).not.toThrow();
    const rest = await run(dir, '-o', out);
    expect(rest.code).toBe(0);
    expect(rest.skipped.length).toBeGreaterThan(0);
    expect(rest.lines.filter((l) => !l.skipped).length).toBe(names.length - rest.skipped.length);
    // The same outputs as one run from scratch.
    const clean = join(dir, 'clean');
    await run(dir, '-o', clean);
    for (const n of names) expect(readFileSync(join(out, `${n}.xlsx`)).equals(readFileSync(join(clean, `${n}.xlsx`)))).toBe(true);
  }, 120_000);
});
