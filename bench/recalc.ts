import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fastPathReach } from '../functions/workbook/fast/path.js';
import { readBook } from '../functions/workbook/xlsx/book.js';
import { readZip } from '../functions/workbook/xlsx/zip.js';
import { defaultEngine } from '../shared/src/index.js';
import { benchCalibration, xlsxIn } from './calibration.js';
import type { CalibrationSet } from './calibration.js';
import { median, table } from './harness.js';
import { lookupWorkbook, payrollWorkbook } from './workbooks.js';

const root = join(dirname(new URL(import.meta.url).pathname).replace(/\/out$/, ''), '..');
const work = join(root, 'bench/out/recalc');

let outputs = 0;
/**
 * A new output folder for one run: `policycell recalc` skips a workbook whose output is already up
 * to date, so a run into the folder of an earlier one would time nothing.
 */
function fresh(name: string): string {
  return join(work, 'out', `${name}-${++outputs}`);
}

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
function timed(cmd: string, args: string[], env: Record<string, string> = {}, okCodes: number[] = [0]): Promise<{ seconds: number; peakMiB: number; code: number }> {
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
      if (!okCodes.includes(code ?? -1) && cmd !== 'soffice') return reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 500)}`));
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
interface CorpusFigures {
  lines: string[];
  ours?: number;
  lo?: number;
  slowest?: { file: string; seconds: number };
  /** Formulas recomputed on the fast path, of all recomputed (the corpus run's JSON lines). */
  fastShare?: number;
}

async function benchCorpus(runs: number, profile: string | undefined): Promise<CorpusFigures> {
  const dir = join(root, '../shared/corpus/files');
  if (!existsSync(dir)) return { lines: ['corpus: ../shared/corpus/files not found, skipped'] };
  const files = xlsxIn(dir);
  const oursT: number[] = [];
  const loT: number[] = [];
  let oursPeak = 0;
  let loPeak = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...files, '-o', fresh('corpus')]).catch((e: Error) => {
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
  const lines = (await output(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...files, '-o', fresh('corpus-json'), '--json'])).trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; seconds: number; formulas?: number; evaluator?: string; kept?: unknown[] });
  const slowest = [...lines].sort((a, b) => b.seconds - a.seconds)[0];
  const ours = oursT.length ? median(oursT) : NaN;
  const lo = loT.length ? median(loT) : undefined;
  const formulas = (evaluator: string) => lines.filter((l) => l.evaluator === evaluator).reduce((n, l) => n + (l.formulas ?? 0), 0);
  const fast = formulas('fast');
  const all = fast + formulas('hyperformula');
  return {
    lines: [
      `corpus of real workbooks: ${files.length} files in one run, medians of ${runs}`,
      table([
        ['workbooks', 'policycell s', 'peak MiB', 'LibreOffice s', 'peak MiB', 'LibreOffice / policycell'],
        [files.length, ours.toFixed(2), oursPeak.toFixed(0), lo?.toFixed(2) ?? 'n/a', lo ? loPeak.toFixed(0) : 'n/a', lo ? `${(lo / ours).toFixed(2)}×` : 'n/a'],
      ]),
      `corpus: ${lines.filter((l) => l.ok).length}/${lines.length} recalculated (fast path ${lines.filter((l) => l.evaluator === 'fast').length}, HyperFormula ${lines.filter((l) => l.evaluator === 'hyperformula').length} workbooks; formulas recomputed on the fast path ${fast} of ${all}, ${((100 * fast) / all).toFixed(1)}%), ${lines.reduce((n, l) => n + (l.kept?.length ?? 0), 0)} cells kept; whole corpus ${ours.toFixed(1)} s`,
      ...reach(files),
    ],
    ours,
    fastShare: fast / all,
    ...(lo !== undefined ? { lo } : {}),
    ...(slowest ? { slowest: { file: slowest.file.split('/').at(-1)!, seconds: slowest.seconds } } : {}),
  };
}

/**
 * Why formulas of the corpus fall back to HyperFormula: each workbook's formulas compiled one by
 * one (fastPathReach), the refused formula cells counted by reason; a workbook refused while read
 * or evaluated counts all its formulas under that reason. The fast path takes a workbook whole, so
 * a workbook with several reasons needs all of them removed.
 */
function reach(files: string[]): string[] {
  const engine = defaultEngine();
  const reasons = new Map<string, { workbooks: number; cells: number; only: number }>();
  let formulas = 0;
  let covered = 0;
  for (const file of files) {
    let found;
    try {
      const book = readBook(readZip(readFileSync(file)));
      found = fastPathReach(book, { engine, policy: engine.policy(book.policy), lang: 'en' });
    } catch {
      continue; // a workbook the engine refuses before its formulas (budget, policy): not the fast path's part
    }
    formulas += found.formulas;
    const kinds = Object.entries(found.refused);
    if (!kinds.length) covered += found.formulas;
    for (const [reason, cells] of kinds) {
      const r = reasons.get(reason) ?? { workbooks: 0, cells: 0, only: 0 };
      r.workbooks++;
      r.cells += cells;
      if (kinds.length === 1) r.only++;
      reasons.set(reason, r);
    }
  }
  const top = [...reasons].sort((a, b) => b[1].workbooks - a[1].workbooks || b[1].cells - a[1].cells).slice(0, 12);
  return [
    `fast-path reach: ${covered} of ${formulas} formula cells the fast path reads (${((100 * covered) / formulas).toFixed(1)}%) are in workbooks it computes whole; the commonest reasons for the rest:`,
    table([['reason', 'workbooks', 'its only reason in', 'formula cells'], ...top.map(([reason, r]) => [reason, r.workbooks, r.only, r.cells])]),
  ];
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
  const folder = (name: string, count: number, rows: number, make: (seed: number, native: boolean) => Uint8Array = (seed, native) => payrollWorkbook(rows, seed, native)) => {
    const a = join(work, name);
    const b = join(work, `${name}-native`);
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    for (let i = 0; i < count; i++) {
      writeFileSync(join(a, `${name}-${i + 1}.xlsx`), make(i + 1, false));
      writeFileSync(join(b, `${name}-${i + 1}.xlsx`), make(i + 1, true));
    }
    sets.push({ name, ours: readdirSync(a).map((f) => join(a, f)), native: readdirSync(b).map((f) => join(b, f)), rows: count * rows });
  };
  folder('branches', 100, 200);
  folder('payroll-10000', 1, 10_000);
  if (process.env.RECALC_SKIP_100K !== '1') folder('payroll-100000', 1, 100_000);
  // Thousands of lookups over structured references: 5,000 orders looking up 1,000 staff, each of whom sums, counts and averages their orders.
  folder('lookups-5000', 1, 5000, (seed, native) => lookupWorkbook(5000, 1000, seed, native));
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
      const r = await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...s.ours, '-o', fresh(s.name)]);
      oursT.push(r.seconds);
      oursPeak = Math.max(oursPeak, r.peakMiB);
      // The same run with the fast path switched off: what HyperFormula alone takes.
      // A workbook HyperFormula alone cannot compute within the workbook budget is refused: that is
      // reported in its column (NaN), the benchmark goes on.
      const h = await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...s.ours, '-o', fresh(`${s.name}-hf`), '--evaluator', 'hyperformula']).catch(() => ({ seconds: NaN, peakMiB: 0 }));
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
        const child = spawn(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', s.ours[0]!, '-o', fresh('probe'), '--json'], { cwd: root });
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.on('error', reject);
        child.on('exit', () => resolve(text));
      });
      return `${s.name}: ${(JSON.parse(out) as { evaluator?: string }).evaluator ?? '?'}`;
    }),
  );
  const corpus = await benchCorpus(Math.min(runs, 2), hasSoffice ? profile : undefined);
  // Time to the first workbook: the command started, one 200-row workbook recalculated and written, the process gone.
  const firstT: number[] = [];
  for (let i = 0; i < runs; i++) firstT.push((await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', sets[0]!.ours[0]!, '-o', fresh('first')])).seconds);
  const first = median(firstT);
  // Calibration's cost: the 100,000-row payroll with its own computed values as the cache, and the corpus as saved.
  const calibrationSets: CalibrationSet[] = [];
  const big = sets.find((s) => s.name === 'payroll-100000');
  if (big) {
    const source = fresh('calibration-source');
    await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...big.ours, '-o', source]);
    calibrationSets.push({ name: 'payroll-100000', files: xlsxIn(source) });
  }
  const corpusDir = join(root, '../shared/corpus/files');
  if (existsSync(corpusDir)) calibrationSets.push({ name: 'corpus', files: xlsxIn(corpusDir) });
  // Exit status 1 (a corpus workbook failing) is still a timing.
  const calibration = await benchCalibration(calibrationSets, work, Math.max(2, Math.min(runs, 3)), async (files, label) => (await timed(process.execPath, [join(root, 'dist/cli.mjs'), 'recalc', ...files, '-o', fresh(label)], {}, [0, 1])).seconds);
  const lines = [
    ...corpus.lines,
    '',
    `recalculation end to end, policycell recalc beside LibreOffice headless (one soffice run per set, rules as native formulas), medians of ${runs} runs`,
    table(rows),
    `evaluator used: ${evaluators.join(', ')}`,
    '',
    ...calibration.lines,
  ];
  lines.push('', `the recalculation figures of issue 19 beside their targets (load when the run ended: ${loadAverage()})`, table(targets(results, corpus, first)));
  return lines.join('\n');
}

/** The one-minute load average, quoted with the figures: this machine is shared, and the figures move with it. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

type SetResult = { ours: number; lo?: number | undefined; peak: number; hf: number };

/** Each figure of the table: what this run measured, its target, and whether it is met. */
function targets(results: Record<string, SetResult>, corpus: CorpusFigures, first: number): (string | number)[][] {
  const rows: (string | number)[][] = [['figure', 'measured', 'target', 'met']];
  const ratio = (r: SetResult | { ours?: number; lo?: number } | undefined) => (r?.lo !== undefined && r.ours !== undefined ? r.lo / r.ours : undefined);
  const versus = (name: string, r: ReturnType<typeof ratio>, at: number | undefined, goal: number) =>
    rows.push([name, r === undefined ? 'n/a (no LibreOffice, or not run)' : `${r.toFixed(2)}× (${at?.toFixed(2)} s)`, `≥ ${goal}×`, r === undefined ? '—' : r >= goal ? 'yes' : 'no']);
  versus('100-workbook folder vs LibreOffice', ratio(results.branches), results.branches?.ours, 10);
  const big = results['payroll-100000'];
  versus('100,000-row payroll vs LibreOffice', ratio(big), big?.ours, 5);
  rows.push(['100,000-row payroll, peak memory', big ? `${big.peak.toFixed(0)} MiB` : 'not run', '< 300 MiB', big ? (big.peak < 300 ? 'yes' : 'no') : '—']);
  versus('the shared corpus vs LibreOffice', ratio(corpus), corpus.ours, 10);
  const lookups = results['lookups-5000'];
  versus('5,000 orders of lookups over tables vs LibreOffice', ratio(lookups), lookups?.ours, 10);
  const slowest = [corpus.slowest, lookups ? { file: 'lookups-5000 (a whole run)', seconds: lookups.ours } : undefined].filter((x) => x !== undefined).sort((a, b) => b.seconds - a.seconds)[0];
  rows.push(['slowest workbook (corpus, lookups)', slowest ? `${slowest.seconds.toFixed(2)} s (${slowest.file})` : 'n/a', '< 5 s', slowest ? (slowest.seconds < 5 ? 'yes' : 'no') : '—']);
  rows.push(['formulas of the corpus on the fast path', corpus.fastShare === undefined ? 'n/a' : `${(100 * corpus.fastShare).toFixed(1)}%`, 'reported (reasons above)', '—']);
  rows.push(['time to first workbook (start, one 200-row workbook, exit)', `${first.toFixed(2)} s`, 'reported', '—']);
  return rows;
}
