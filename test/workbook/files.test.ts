import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { RECORD_FILE } from '../../functions/cli/run-record.js';
import { buildXlsx } from '../helpers/xlsx.js';

// The command line touches people's payroll files: nothing lost, nothing widened, nothing left behind.

const ROOT = new URL('../..', import.meta.url).pathname;

/** A workbook whose B1 shows its policy (so each output can be traced to its input) and B2 a commission. */
const book = (policy?: string) =>
  buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_POLICYINFO()', addin: true }, { ref: 'B2', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }], { policy });

function valueAt(file: string, ref: string): string | undefined {
  return readCells(readText(readZip(readFileSync(file)), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === ref)?.value;
}

async function run(args: string[], cwd?: string) {
  let out = '';
  let err = '';
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main([...args, '--lang', 'en'], { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'pc-files-'));
const mode = (f: string) => statSync(f).mode & 0o777;

/** Every file under a folder, relative, sorted. */
function tree(dir: string, at = ''): string[] {
  return readdirSync(join(dir, at), { withFileTypes: true })
    .filter((e) => e.name !== RECORD_FILE)
    .flatMap((e) => (e.isDirectory() ? tree(dir, join(at, e.name)) : [join(at, e.name)]))
    .sort();
}

describe('outputs mirror their inputs under -o', () => {
  it('a/x.xlsx and b/x.xlsx go to out/a/x.xlsx and out/b/x.xlsx: neither result is lost', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'x.xlsx'), book('default@2019.05'));
    writeFileSync(join(dir, 'b', 'x.xlsx'), book('default@2025.09'));
    const r = await run(['recalc', 'a/x.xlsx', 'b/x.xlsx', '-o', 'out'], dir);
    expect(r.code).toBe(0);
    expect(tree(join(dir, 'out'))).toEqual(['a/x.xlsx', 'b/x.xlsx']);
    expect(valueAt(join(dir, 'out', 'a', 'x.xlsx'), 'B1')).toBe('default@2019.05');
    expect(valueAt(join(dir, 'out', 'b', 'x.xlsx'), 'B1')).toBe('default@2025.09');
  });

  it('folders are recursed, subfolders mirrored, the output folder inside them skipped', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'branches', 'north', 'q1'), { recursive: true });
    writeFileSync(join(dir, 'branches', 'top.xlsx'), book());
    writeFileSync(join(dir, 'branches', 'north', 'n.xlsx'), book());
    writeFileSync(join(dir, 'branches', 'north', 'q1', 'deep.xlsx'), book());
    writeFileSync(join(dir, 'branches', 'north', '~$n.xlsx'), 'an Excel lock file');
    writeFileSync(join(dir, 'branches', 'notes.txt'), 'not a workbook');
    for (let i = 0; i < 2; i++) {
      const r = await run(['recalc', 'branches', '-o', 'branches/out', '--json'], dir);
      expect(r.code).toBe(0);
      expect(r.out.trim().split('\n')).toHaveLength(3);
    }
    expect(tree(join(dir, 'branches', 'out'))).toEqual(['north/n.xlsx', 'north/q1/deep.xlsx', 'top.xlsx']);
    expect(valueAt(join(dir, 'branches', 'out', 'north', 'q1', 'deep.xlsx'), 'B2')).toBe('360');
  });

  it('two inputs that would still meet (X.xlsx and x.xlsx) stop the run before anything is written', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'X.xlsx'), book());
    writeFileSync(join(dir, 'x.xlsx'), book());
    const r = await run(['recalc', 'X.xlsx', 'x.xlsx', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing was written:\n {2}X\.xlsx and x\.xlsx would both be written to .*out\/x\.xlsx/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an output that would replace its input needs --in-place', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.xlsx'), book());
    const before = readFileSync(join(dir, 'x.xlsx'));
    const r = await run(['recalc', 'x.xlsx', '-o', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the output would replace the input x\.xlsx: use --in-place/);
    expect(readFileSync(join(dir, 'x.xlsx')).equals(before)).toBe(true);
  });
});

describe('modes, owners and links of the files written', () => {
  it('--in-place keeps a private 0600 salary file 0600 (it came back 0644)', async () => {
    const dir = tmp();
    const f = join(dir, 'salaries.xlsx');
    writeFileSync(f, book());
    chmodSync(f, 0o600);
    expect((await run(['recalc', f, '--in-place'])).code).toBe(0);
    expect(mode(f)).toBe(0o600);
    expect(valueAt(f, 'B2')).toBe('360');
  });

  it('a new output is no more permissive than its input; a replaced output keeps its own mode', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'private.xlsx'), book());
    chmodSync(join(dir, 'private.xlsx'), 0o600);
    writeFileSync(join(dir, 'shared.xlsx'), book());
    chmodSync(join(dir, 'shared.xlsx'), 0o640);
    expect((await run(['recalc', 'private.xlsx', 'shared.xlsx', '-o', 'out'], dir)).code).toBe(0);
    expect(mode(join(dir, 'out', 'private.xlsx'))).toBe(0o600);
    expect(mode(join(dir, 'out', 'shared.xlsx')) & ~0o640).toBe(0);
    chmodSync(join(dir, 'out', 'shared.xlsx'), 0o604);
    expect((await run(['recalc', 'shared.xlsx', '-o', 'out'], dir)).code).toBe(0);
    expect(mode(join(dir, 'out', 'shared.xlsx'))).toBe(0o604);
  });

  it.runIf(process.getuid?.() === 0)('--in-place keeps the owner of the file replaced (where the user may set it: root here)', async () => {
    const dir = tmp();
    const f = join(dir, 'theirs.xlsx');
    writeFileSync(f, book());
    chownSync(f, 1234, 2345);
    expect((await run(['recalc', f, '--in-place'])).code).toBe(0);
    expect(statSync(f)).toMatchObject({ uid: 1234, gid: 2345 });
  });

  it('--in-place on a symbolic link writes the file it points at, and the link stays a link', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'book.xlsx');
    writeFileSync(target, book());
    chmodSync(target, 0o600);
    symlinkSync(target, join(dir, 'link.xlsx'));
    expect((await run(['recalc', join(dir, 'link.xlsx'), '--in-place'])).code).toBe(0);
    expect(lstatSync(join(dir, 'link.xlsx')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.xlsx'))).toBe(target);
    expect(valueAt(target, 'B2')).toBe('360');
    expect(mode(target)).toBe(0o600);
    expect(readdirSync(join(dir, 'real'))).toEqual(['book.xlsx']);
  });
});

describe('temporary files', () => {
  it('temporaries of a process that is gone (killed with -9) are removed; a live one is left alone', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.xlsx'), book());
    mkdirSync(join(dir, 'out'));
    // A process that wrote, then died: its pid is free again.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(dir, 'out', `.x.xlsx.${dead}.1700000000000.tmp`), 'half a workbook');
      writeFileSync(join(dir, 'out', `.y.xlsx.${live.pid}.1700000000000.tmp`), 'being written');
      writeFileSync(join(dir, 'out', 'notes.tmp'), 'not ours');
      expect((await run(['recalc', 'x.xlsx', '-o', 'out'], dir)).code).toBe(0);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual([RECORD_FILE, `.y.xlsx.${live.pid}.1700000000000.tmp`, 'notes.tmp', 'x.xlsx']);
    } finally {
      live.kill();
    }
  });

  it('a write that fails (the output is a folder) is reported, and no temporary stays', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.xlsx'), book());
    mkdirSync(join(dir, 'out', 'x.xlsx'), { recursive: true });
    const r = await run(['recalc', 'x.xlsx', '-o', 'out', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, problem: 'io' });
    expect(readdirSync(join(dir, 'out'))).toEqual(['x.xlsx']);
  });

  it('SIGTERM in the middle of a run leaves no temporary (the real command)', async () => {
    const dir = tmp();
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `b${i}.xlsx`), book());
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'recalc', dir, '-o', join(dir, 'out')], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    // Once the first outputs are written, the run is in the middle of its writes.
    while (child.exitCode === null && !(existsSync(join(dir, 'out')) && readdirSync(join(dir, 'out')).length >= 2)) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    const code = await exited;
    const left = existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : [];
    expect({ code: [143, 0].includes(code!) ? 'ok' : code, left: left.filter((n) => n.endsWith('.tmp')) }).toEqual({ code: 'ok', left: [] });
  });
});

describe('--concurrency', () => {
  it('1e9, 0 and "many" are refused with a message (1e9 ran out of memory)', async () => {
    for (const v of ['1e9', '0', 'many', '2.5', '65']) {
      const r = await run(['recalc', 'x.xlsx', '--concurrency', v]);
      expect(r.code, v).toBe(1);
      expect(r.err, v).toContain(`--concurrency must be a whole number from 1 to 64, not "${v}"`);
    }
  });

  it('N workbooks at a time locally, each in its own worker', async () => {
    const dir = tmp();
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `b${i}.xlsx`), book());
    const r = await run(['recalc', dir, '-o', join(dir, 'out'), '--concurrency', '3', '--json']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').map((l) => JSON.parse(l).ok)).toEqual([true, true, true, true, true, true]);
    expect(readdirSync(join(dir, 'out')).filter((f) => f !== RECORD_FILE)).toHaveLength(6);
  });
});
