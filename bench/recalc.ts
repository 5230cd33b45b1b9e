import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { table } from './harness.js';
import { payrollWorkbook } from './workbooks.js';

const root = join(dirname(new URL(import.meta.url).pathname).replace(/\/out$/, ''), '..');
const work = join(root, 'bench/out/recalc');

/** Resident memory of a process and all its descendants, MiB (from /proc). */
export function treeRss(pid: number): number {
  let total = 0;
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(d));
    } catch {
      // gone already
    }
  }
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) / 1024;
    } catch {
      // gone already
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Runs a command to the end: wall seconds and the peak memory of its process tree (sampled every 50 ms). */
function timed(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ seconds: number; peakMiB: number; code: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let peak = 0;
    const iv = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(iv);
      if (code !== 0 && cmd !== 'soffice') return reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 500)}`));
      resolve({ seconds: (performance.now() - t0) / 1000, peakMiB: peak, code: code ?? 0 });
    });
  });
}

/** Runs a command to the end and answers its standard output (for --json lines). */
function output(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(text));
  });
}

/**
 * The corpus of real workbooks (../shared/corpus/files): the whole folder in one `policycell recalc`
 * run (target: under a minute, every workbook under 5 s) beside one LibreOffice headless run that
 * loads, recalculates and saves the same files.
 */
async function benchCorpus(runs: number, profile: string | undefined): Promise<string[]> {
  const dir = join(root, '../shared/corpus/files');
  if (!existsSync(dir)) return ['corpus: ../shared/corpus/files not found, skipped'];
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort().map((f) => join(dir, f));
  const oursT: number[] = [];
  const loT: number[] = [];
  let oursPeak = 0;
  let loPeak = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...files, '-o', join(work, 'corpus-out')]).catch((e: Error) => {
      // exit status 1 means some workbook failed: still a timing, reported below
      if (!/exited 1/.test(e.message)) throw e;
      return undefined;
    });
    if (r) {
      oursT.push(r.seconds);
      oursPeak = Math.max(oursPeak, r.peakMiB);
    }
    if (profile) {
      const lo = await timed('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', join(work, 'corpus-lo'), ...files]);
      loT.push(lo.seconds);
      loPeak = Math.max(loPeak, lo.peakMiB);
    }
  }
  const lines = (await output(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...files, '-o', join(work, 'corpus-out'), '--json'])).trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; seconds: number; evaluator?: string; kept?: unknown[] });
  const slowest = [...lines].sort((a, b) => b.seconds - a.seconds)[0];
  const ours = oursT.length ? median(oursT) : NaN;
  const lo = loT.length ? median(loT) : undefined;
  return [
    `corpus of real workbooks: ${files.length} files in one run, medians of ${runs}`,
    table([
      ['workbooks', 'policycell s', 'peak MiB', 'LibreOffice s', 'peak MiB', 'LibreOffice / policycell'],
      [files.length, ours.toFixed(2), oursPeak.toFixed(0), lo?.toFixed(2) ?? 'n/a', lo ? loPeak.toFixed(0) : 'n/a', lo ? `${(lo / ours).toFixed(2)}×` : 'n/a'],
    ]),
    `corpus: ${lines.filter((l) => l.ok).length}/${lines.length} recalculated (fast path ${lines.filter((l) => l.evaluator === 'fast').length}, HyperFormula ${lines.filter((l) => l.evaluator === 'hyperformula').length}), ${lines.reduce((n, l) => n + (l.kept?.length ?? 0), 0)} cells kept; slowest workbook ${slowest?.seconds.toFixed(2)} s (${slowest?.file.split('/').at(-1)}; target < 5 s); whole corpus ${ours.toFixed(1)} s (target < 60 s)`,
  ];
}

function median(xs: number[]): number {
  if (xs.some((x) => Number.isNaN(x))) return NaN; // a run refused
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A LibreOffice profile that recalculates every formula when it loads an .xlsx. */
function libreOfficeProfile(): string {
  const dir = join(work, 'lo-profile');
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(
    join(dir, 'user/registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>\n`,
  );
  return `file://${dir}`;
}

export async function benchRecalc(runs = Number(process.env.RECALC_RUNS ?? 3)): Promise<string> {
  const { build } = await import(join(root, 'scripts/build.mjs'));
  await build(['cli'], { onlyStale: true });
  rmSync(work, { recursive: true, force: true });
  const sets: { name: string; ours: string[]; native: string[]; rows: number }[] = [];
  const folder = (name: string, count: number, rows: number) => {
    const a = join(work, name);
    const b = join(work, `${name}-native`);
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    for (let i = 0; i < count; i++) {
      writeFileSync(join(a, `${name}-${i + 1}.xlsx`), payrollWorkbook(rows, i + 1));
      writeFileSync(join(b, `${name}-${i + 1}.xlsx`), payrollWorkbook(rows, i + 1, true));
    }
    sets.push({ name, ours: readdirSync(a).map((f) => join(a, f)), native: readdirSync(b).map((f) => join(b, f)), rows: count * rows });
  };
  folder('branches', 100, 200);
  folder('payroll-10000', 1, 10_000);
  if (process.env.RECALC_SKIP_100K !== '1') folder('payroll-100000', 1, 100_000);
  const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/bin/libreoffice');
  const profile = hasSoffice ? libreOfficeProfile() : '';
  const rows: (string | number)[][] = [['workbooks', 'rows', 'policycell s (median)', 'peak MiB', 'HyperFormula only s', 'peak MiB', 'LibreOffice s (median)', 'peak MiB', 'LibreOffice / policycell']];
  const results: Record<string, { ours: number; lo?: number; peak: number; hf: number }> = {};
  for (const s of sets) {
    const oursT: number[] = [];
    let oursPeak = 0;
    const hfT: number[] = [];
    let hfPeak = 0;
    const loT: number[] = [];
    let loPeak = 0;
    const n = s.rows >= 100_000 ? Math.min(runs, 2) : runs;
    for (let i = 0; i < n; i++) {
      const out = join(work, `out-${s.name}`);
      const r = await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...s.ours, '-o', out]);
      oursT.push(r.seconds);
      oursPeak = Math.max(oursPeak, r.peakMiB);
      // The same run with the fast path switched off: what HyperFormula alone takes.
      // A workbook HyperFormula alone cannot compute within the workbook budget is refused: that is
      // reported in its column (NaN), the benchmark goes on.
      const h = await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...s.ours, '-o', `${out}-hf`, '--evaluator', 'hyperformula']).catch(() => ({ seconds: NaN, peakMiB: 0 }));
      hfT.push(h.seconds);
      hfPeak = Math.max(hfPeak, h.peakMiB);
      if (hasSoffice) {
        const lo = await timed('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', join(work, `lo-${s.name}`), ...s.native]);
        loT.push(lo.seconds);
        loPeak = Math.max(loPeak, lo.peakMiB);
      }
    }
    const ours = median(oursT);
    const hf = median(hfT);
    const lo = hasSoffice ? median(loT) : undefined;
    results[s.name] = { ours, lo, peak: oursPeak, hf };
    rows.push([s.ours.length, s.rows, ours.toFixed(2), oursPeak.toFixed(0), Number.isNaN(hf) ? 'refused (budget)' : hf.toFixed(2), hfPeak.toFixed(0), lo?.toFixed(2) ?? 'n/a', hasSoffice ? loPeak.toFixed(0) : 'n/a', lo ? `${(lo / ours).toFixed(2)}×` : 'n/a']);
  }
  // Which evaluator computed the benchmark's workbooks (the JSON line of one of each set).
  const evaluators = await Promise.all(
    sets.map(async (s) => {
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', s.ours[0]!, '-o', join(work, 'probe'), '--json'], { cwd: root });
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.on('error', reject);
        child.on('exit', () => resolve(text));
      });
      return `${s.name}: ${(JSON.parse(out) as { evaluator?: string }).evaluator ?? '?'}`;
    }),
  );
  const corpus = await benchCorpus(Math.min(runs, 2), hasSoffice ? profile : undefined);
  const lines = [
    ...corpus,
    '',
    `recalculation end to end, policycell recalc beside LibreOffice headless (one soffice run per set, rules as native formulas), medians of ${runs} runs`,
    table(rows),
    `evaluator used: ${evaluators.join(', ')}`,
  ];
  const b = results.branches;
  if (b?.lo) lines.push(`100-workbook folder: policycell ${(b.lo / b.ours).toFixed(2)}× as fast as LibreOffice (target ≥ 5×); the fast path ${(b.hf / b.ours).toFixed(2)}× HyperFormula alone`);
  const big = results['payroll-100000'];
  const small = results['payroll-10000'];
  if (big && small) {
    lines.push(`100,000 rows: ${big.ours.toFixed(1)} s, ${(big.ours / small.ours).toFixed(1)}× the 10,000-row time (target ≤ 12×); peak ${big.peak.toFixed(0)} MiB (target < 1024)`);
    if (big.lo) lines.push(`100,000 rows vs LibreOffice: ${(big.lo / big.ours).toFixed(2)}× (target > 1×, aim 2×); the fast path ${(big.hf / big.ours).toFixed(2)}× HyperFormula alone`);
  }
  return lines.join('\n');
}
