import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Engine, Lang } from '../shared/src/index.js';
import type { AssumedCell, KeptCell } from './workbook/engine-path.js';
import { WorkbookError, keptReasons, recalcWorkbook } from './workbook/recalc.js';

/** One line of `policycell recalc --json`, and what the summary adds up. */
export interface WorkbookOutcome {
  file: string;
  ok: boolean;
  output?: string;
  policy?: string;
  formulas?: number;
  errors?: Record<string, number>;
  /** 'fast' (compiled) or 'hyperformula', and why the fast path passed the workbook on. */
  evaluator?: 'fast' | 'hyperformula';
  fallback?: string;
  /** Formula cells not recomputed, which keep the value the file cached: cell, reason, detail. */
  kept?: KeptCell[];
  /** Formula cells without a cached value whose answer rests on an assumption (en-US text, no add-in…): cell, reason, detail. */
  assumed?: AssumedCell[];
  problem?: string;
  cell?: string;
  message?: string;
  seconds: number;
}

export interface RecalcRunOptions {
  files: string[];
  outDir: string;
  inPlace: boolean;
  policy?: string;
  remote?: string;
  apiKey?: string;
  concurrency: number;
  /** 'hyperformula' skips the compiled fast path (local runs only). */
  evaluator?: 'auto' | 'hyperformula';
  /** Fail a workbook that has cells not recomputed instead of keeping their cached values. */
  strict?: boolean;
  json: boolean;
  lang: Lang;
  engine: Engine;
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

const T = {
  notFound: { 'zh-CN': (f: string) => `找不到文件 ${f}`, en: (f: string) => `no such file: ${f}` },
  progress: { 'zh-CN': (d: number, n: number, f: number) => `${d}/${n} 个工作簿，${f} 个公式`, en: (d: number, n: number, f: number) => `${d}/${n} workbooks, ${f} formulas` },
  failed: { 'zh-CN': (f: string, m: string) => `✗ ${f}：${m}`, en: (f: string, m: string) => `✗ ${f}: ${m}` },
  summary: { 'zh-CN': '汇总', en: 'Summary' },
  workbooks: { 'zh-CN': '工作簿', en: 'workbooks' },
  okFailed: { 'zh-CN': (o: number, f: number) => `${o} 个成功，${f} 个失败`, en: (o: number, f: number) => `${o} recalculated, ${f} failed` },
  formulas: { 'zh-CN': '重算公式', en: 'formulas recalculated' },
  errors: { 'zh-CN': '错误值', en: 'errors by code' },
  seconds: { 'zh-CN': '用时（秒）', en: 'seconds' },
  none: { 'zh-CN': '无', en: 'none' },
  policies: { 'zh-CN': '制度版本', en: 'policies' },
  evaluators: { 'zh-CN': '计算方式', en: 'evaluated by' },
  kept: { 'zh-CN': '未重算（保留原值）', en: 'not recomputed (cached value kept)' },
  assumed: { 'zh-CN': '按假设计算（无原值）', en: 'computed on an assumption (no cached value)' },
  keptReason: {
    'zh-CN': { function: '不支持的函数', external: '外部链接', reference: '引用形式', syntax: '无法解析', circular: '循环引用', dataTable: '模拟运算表', input: '依赖未重算单元格' },
    en: { function: 'function not available', external: 'external link', reference: 'reference form', syntax: 'cannot be read', circular: 'circular reference', dataTable: 'data table', input: 'depends on a cell not recomputed' },
  } as Record<Lang, Record<string, string>>,
  byEvaluator: { 'zh-CN': (f: number, h: number) => `快速路径 ${f}，HyperFormula ${h}`, en: (f: number, h: number) => `fast path ${f}, HyperFormula ${h}` },
};

/** The .xlsx files named, folders expanded to the workbooks directly inside them. */
export function expandInputs(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p); // reported as missing when its turn comes
      continue;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (/\.xlsx$/i.test(name) && !name.startsWith('~$')) out.push(join(p, name));
    } else out.push(p);
  }
  return out;
}

/** Writes next to the target under a temporary name, then renames: a crash never leaves half a workbook. */
export function writeAtomically(target: string, bytes: Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

type Recalculated = { bytes: Uint8Array; policy: string; formulas: number; errors: Record<string, number>; evaluator?: 'fast' | 'hyperformula'; fallback?: string; kept?: KeptCell[]; assumed?: AssumedCell[] };

async function recalcRemote(url: string, bytes: Uint8Array, opts: RecalcRunOptions): Promise<Recalculated> {
  const headers: Record<string, string> = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'accept-language': opts.lang };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  if (opts.policy) headers['x-policy'] = opts.policy;
  if (opts.strict) headers['x-strict'] = '1';
  const res = await fetch(`${url.replace(/\/+$/, '')}/v1/workbooks/recalc`, { method: 'POST', headers, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
  if (!res.ok) {
    const text = await res.text();
    let problem: { detail?: string; problem?: string; cell?: string };
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      problem = { detail: text.slice(0, 200) };
    }
    throw new WorkbookError((problem.problem as never) ?? 'corrupt', `${res.status} ${problem.detail ?? ''}`.trim(), problem.cell);
  }
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    policy: res.headers.get('x-policy') ?? '',
    formulas: Number(res.headers.get('x-formulas') ?? 0),
    errors: JSON.parse(res.headers.get('x-errors') ?? '{}') as Record<string, number>,
    ...(res.headers.get('x-evaluator') ? { evaluator: res.headers.get('x-evaluator') as 'fast' | 'hyperformula' } : {}),
    // The route says how many cells kept their cached value and why; the cells themselves stay on the server's side.
    ...(Number(res.headers.get('x-kept') ?? 0) > 0 ? { kept: Object.entries(JSON.parse(res.headers.get('x-kept-reasons') ?? '{}') as Record<string, number>).flatMap(([reason, n]) => Array.from({ length: n }, () => ({ cell: '(remote)', reason, detail: '' }) as KeptCell)) } : {}),
  };
}

async function one(file: string, opts: RecalcRunOptions): Promise<WorkbookOutcome> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  let input: Uint8Array;
  try {
    input = readFileSync(file);
  } catch {
    return { file, ok: false, problem: 'notFound', message: T.notFound[opts.lang](file), seconds: seconds() };
  }
  const target = opts.inPlace ? file : join(opts.outDir, basename(file));
  try {
    const r: Recalculated = opts.remote ? await recalcRemote(opts.remote, input, opts) : (() => {
      const x = recalcWorkbook(input, { engine: opts.engine, policy: opts.policy, lang: opts.lang, evaluator: opts.evaluator, strict: opts.strict });
      return { bytes: x.bytes, policy: x.summary.policy, formulas: x.summary.formulas, errors: x.summary.errors, evaluator: x.summary.engine, fallback: x.summary.fallback, kept: x.summary.kept, ...(x.summary.assumed.length ? { assumed: x.summary.assumed } : {}) };
    })();
    writeAtomically(target, r.bytes);
    const { bytes: _bytes, ...rest } = r;
    return { file, ok: true, output: target, ...rest, seconds: seconds() };
  } catch (e) {
    if (e instanceof WorkbookError) return { file, ok: false, problem: e.problem, ...(e.cell ? { cell: e.cell } : {}), message: e.message, seconds: seconds() };
    return { file, ok: false, problem: 'io', message: e instanceof Error ? e.message : String(e), seconds: seconds() };
  }
}

function bar(done: number, total: number, formulas: number, lang: Lang): string {
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${T.progress[lang](done, total, formulas)}`;
}

/** The cells kept across the run, by reason: "3 (function not available 2, external link 1)". */
function keptLine(outcomes: WorkbookOutcome[], lang: Lang): string {
  const all = outcomes.flatMap((o) => o.kept ?? []);
  if (!all.length) return '0';
  return `${all.length} (${Object.entries(keptReasons(all)).map(([r, n]) => `${T.keptReason[lang][r] ?? r} ${n}`).join(', ')})`;
}

/** Runs `policycell recalc`; answers the exit status (1 when any workbook failed). */
export async function runRecalc(opts: RecalcRunOptions): Promise<number> {
  const files = expandInputs(opts.files);
  const lang = opts.lang;
  const started = performance.now();
  const outcomes: WorkbookOutcome[] = new Array(files.length);
  let next = 0;
  let done = 0;
  let formulas = 0;
  const progress = opts.isTTY && !opts.json;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= files.length) return;
      const o = await one(resolve(files[i]!), opts);
      o.file = files[i]!;
      outcomes[i] = o;
      done++;
      formulas += o.formulas ?? 0;
      if (opts.json) opts.out(`${JSON.stringify(o)}\n`);
      else if (!o.ok) opts.err(`${progress ? '\r\x1b[K' : ''}${T.failed[lang](o.file, o.message ?? '')}\n`);
      if (progress) opts.err(bar(done, files.length, formulas, lang));
      // Let the event loop breathe between workbooks (progress output, remote answers).
      await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  if (progress) opts.err('\n');
  const failed = outcomes.filter((o) => !o.ok).length;
  const errors: Record<string, number> = {};
  for (const o of outcomes) for (const [k, v] of Object.entries(o.errors ?? {})) errors[k] = (errors[k] ?? 0) + v;
  const policies = [...new Set(outcomes.filter((o) => o.policy).map((o) => o.policy!))];
  const secs = (performance.now() - started) / 1000;
  if (!opts.json) {
    const rows: [string, string][] = [
      [T.workbooks[lang], `${files.length} (${T.okFailed[lang](files.length - failed, failed)})`],
      [T.formulas[lang], String(formulas)],
      [T.errors[lang], Object.keys(errors).length ? Object.entries(errors).map(([k, v]) => `${k} ${v}`).join(', ') : T.none[lang]],
      [T.policies[lang], policies.join(', ') || T.none[lang]],
      [T.evaluators[lang], T.byEvaluator[lang](outcomes.filter((o) => o.evaluator === 'fast').length, outcomes.filter((o) => o.evaluator === 'hyperformula').length)],
      [T.kept[lang], keptLine(outcomes, lang)],
      [T.assumed[lang], String(outcomes.reduce((n, o) => n + (o.assumed?.length ?? 0), 0))],
      [T.seconds[lang], secs.toFixed(2)],
    ];
    const w = Math.max(...rows.map((r) => [...r[0]].length));
    opts.out(`${T.summary[lang]}\n${rows.map(([k, v]) => `  ${k}${' '.repeat(w - [...k].length)}  ${v}`).join('\n')}\n`);
  }
  return failed > 0 ? 1 : 0;
}
