import { readFileSync } from 'node:fs';
import type { Lang } from '../../shared/src/index.js';
import { Engine, policyRef } from '../../shared/src/index.js';
import { loadRegistry, readPolicySources } from '../policy-dir.js';
import { VERSION } from '../version.js';
import { writeAtomically } from './atomic-write.js';
import { ChangeReport, reportTarget } from './change-report/change-report.js';
import { onInterruption } from './interruption.js';
import type { Recalculated, WorkbookOutcome } from './recalc-outcome.js';
import { recalculatedFrom } from './recalc-outcome.js';
import { RemoteFailure, recalcOnServer } from './recalc-remote.js';
import { jsonLine, terminalText } from './terminal-text.js';
import { RemoteJobFailure } from './remote-job.js';
import type { RunKey } from './run-record.js';
import { RunRecord, digest } from './run-record.js';
import type { PlannedWorkbook } from './recalc-plan.js';
import { planRecalc } from './recalc-plan.js';
import type { WorkbookBudget } from '../workbook/budget/budget.js';
import { budgetFromEnv } from '../workbook/budget/budget.js';
import { WorkbookPool } from '../workbook/pool/pool.js';
import { cellCount, keptReasons } from '../workbook/model/outcomes.js';
import { WorkbookError } from '../workbook/model/workbook-error.js';

export type { WorkbookOutcome } from './recalc-outcome.js';

export interface RecalcRunOptions {
  files: string[];
  outDir: string;
  inPlace: boolean;
  policy?: string;
  /** Computes every workbook under this policy whatever it names itself (--what-if); its saved setting stays unless `savePolicy`. */
  whatIf?: string;
  /** Writes the policy computed under as each workbook's own setting (--save-policy). */
  savePolicy?: boolean;
  /** The change report's path (--changes FILE); its extension picks the format. */
  changes?: string;
  remote?: string;
  apiKey?: string;
  /** Workbooks at a time: worker threads locally, requests with --remote. */
  concurrency: number;
  /** With --remote, workbooks larger than this many bytes go through a job (default DIRECT_MAX_BYTES). */
  jobOver?: number;
  /** What one workbook may cost locally (default: from the environment). */
  budget?: WorkbookBudget;
  /** 'hyperformula' skips the compiled fast path (local runs only). */
  evaluator?: 'auto' | 'hyperformula';
  /** Fail a workbook that has cells not recomputed instead of keeping their cached values. */
  strict?: boolean;
  json: boolean;
  lang: Lang;
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

/** The exit status of a run refused before any work because its change report could not be written: a usage error's. */
export const REPORT_REFUSED = 1;

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
  whatIf: {
    'zh-CN': (p: string, saved: boolean) => `${p}（假设分析${saved ? '，已写入工作簿设置' : '，工作簿自身设置不变'}）`,
    en: (p: string, saved: boolean) => `${p} (what-if${saved ? ', saved as the workbooks\' setting' : '; the workbooks\' own setting unchanged'})`,
  },
  evaluators: { 'zh-CN': '计算方式', en: 'evaluated by' },
  changed: { 'zh-CN': '值有变化的单元格', en: 'cells changed' },
  changedIn: { 'zh-CN': (c: number, w: number) => `${c}（${w} 个工作簿）`, en: (c: number, w: number) => `${c} (in ${w} workbook${w === 1 ? '' : 's'})` },
  calibrated: { 'zh-CN': '按 Excel 原值校准', en: "calibrated on Excel's values" },
  calibratedOf: { 'zh-CN': (c: number, n: number) => `${c}/${n} 个工作簿`, en: (c: number, n: number) => `${c} of ${n} workbooks` },
  uncertain: { 'zh-CN': '新值不确定', en: 'uncertain new values' },
  report: { 'zh-CN': '变更报告', en: 'change report' },
  interrupted: {
    'zh-CN': (done: number, all: number) => `已中断：${all} 个工作簿已完成 ${done} 个；再次运行同一命令即可完成其余（已完成的会跳过）`,
    en: (done: number, all: number) => `interrupted: ${done} of ${all} workbooks done; run the same command again to finish the rest (those done are skipped)`,
  },
  kept: { 'zh-CN': '未重算（保留原值）', en: 'not recomputed (cached value kept)' },
  assumed: { 'zh-CN': '按假设计算（无原值）', en: 'computed on an assumption (no cached value)' },
  keptReason: {
    'zh-CN': { function: '不支持的函数', external: '外部链接', reference: '引用形式', syntax: '无法解析', circular: '循环引用', dataTable: '模拟运算表', input: '依赖未重算单元格', 'differs-from-excel': '与 Excel 结果不同（保留 Excel 的值）' },
    en: { function: 'function not available', external: 'external link', reference: 'reference form', syntax: 'cannot be read', circular: 'circular reference', dataTable: 'data table', input: 'depends on a cell not recomputed', 'differs-from-excel': "differs from Excel (Excel's value kept)" },
  } as Record<Lang, Record<string, string>>,
  byEvaluator: { 'zh-CN': (f: number, h: number) => `快速路径 ${f}，HyperFormula ${h}`, en: (f: number, h: number) => `fast path ${f}, HyperFormula ${h}` },
  conflicts: { 'zh-CN': '未写出任何文件：', en: 'nothing was written:' },
  skipped: { 'zh-CN': '已是最新（跳过）', en: 'up to date (skipped)' },
  viaJob: { 'zh-CN': '经任务发送', en: 'sent as jobs' },
};

async function recalcLocal(pool: WorkbookPool, bytes: Uint8Array, opts: RecalcRunOptions): Promise<Recalculated> {
  const a = await pool.run(bytes, { policy: opts.policy, whatIf: opts.whatIf, savePolicy: opts.savePolicy, lang: opts.lang, evaluator: opts.evaluator, strict: opts.strict, changes: opts.changes !== undefined });
  if (!a.ok) throw a.error;
  return recalculatedFrom(a.bytes, a.summary);
}

/**
 * One workbook: read, recalculated (here or on the server), written, recorded; and, when the run
 * keeps a change report, added to it in the same step as its output is renamed into place, so that
 * an interruption finds the report and the outputs agreeing.
 */
async function one(w: PlannedWorkbook, order: number, opts: RecalcRunOptions, pool: WorkbookPool | undefined, record?: RunRecord, report?: ChangeReport): Promise<WorkbookOutcome> {
  const { file } = w;
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  let input: Uint8Array;
  try {
    input = readFileSync(w.path);
  } catch {
    return { file, ok: false, problem: 'notFound', message: T.notFound[opts.lang](file), seconds: seconds() };
  }
  const inputDigest = record ? digest(input) : '';
  // A run that reports its changes computes every workbook: a skipped one would have none to list.
  const upToDate = report ? undefined : record?.upToDate(w.output, inputDigest, opts.inPlace);
  if (upToDate !== undefined) return { file, ok: true, skipped: true, output: w.output, policy: upToDate, seconds: seconds() };
  try {
    const r = pool
      ? await recalcLocal(pool, input, opts)
      : await recalcOnServer(input, { remote: opts.remote!, apiKey: opts.apiKey, policy: opts.policy, whatIf: opts.whatIf, savePolicy: opts.savePolicy, strict: opts.strict, changes: report !== undefined, jobOver: opts.jobOver, lang: opts.lang });
    writeAtomically(w.output, r.bytes, w.path);
    const { bytes: _bytes, changes, changesMissing, ...rest } = r;
    report?.add(order, { file, output: w.output, policy: r.policy, ...(r.savedPolicy ? { savedPolicy: r.savedPolicy } : {}), changed: r.changed ?? changes?.length ?? 0, changes: changes ?? [], ...(changesMissing ? { missing: changesMissing } : {}) });
    record?.written(w.output, inputDigest, digest(r.bytes), r.policy);
    return { file, ok: true, output: w.output, ...rest, seconds: seconds() };
  } catch (e) {
    if (e instanceof WorkbookError || e instanceof RemoteFailure || e instanceof RemoteJobFailure) return { file, ok: false, problem: e.problem, ...(e.cell ? { cell: e.cell } : {}), message: e.messageIn(opts.lang), seconds: seconds() };
    return { file, ok: false, problem: 'io', message: e instanceof Error ? e.message : String(e), seconds: seconds() };
  }
}

/** The cells kept across the run, by reason: "3 (function not available 2, external link 1)". */
function keptLine(outcomes: WorkbookOutcome[], lang: Lang): string {
  const all = outcomes.flatMap((o) => o.kept ?? []);
  if (!all.length) return '0';
  return `${cellCount(all)} (${Object.entries(keptReasons(all)).map(([r, n]) => `${T.keptReason[lang][r] ?? r} ${n}`).join(', ')})`;
}

function bar(done: number, total: number, formulas: number, lang: Lang): string {
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${T.progress[lang](done, total, formulas)}`;
}

/** Runs `policycell recalc`; answers the exit status (1 when any workbook failed). */
export async function runRecalc(opts: RecalcRunOptions): Promise<number> {
  const lang = opts.lang;
  // The report's path is checked before anything else: a run whose report cannot be written does no work.
  let report: ChangeReport | undefined;
  if (opts.changes !== undefined) {
    const target = reportTarget(opts.changes, lang);
    if (!target.ok) {
      opts.err(`${terminalText(target.message)}\n`);
      return REPORT_REFUSED;
    }
    report = new ChangeReport(target.path, target.format, lang);
  }
  const plan = planRecalc(opts.files, { outDir: opts.outDir, inPlace: opts.inPlace, lang });
  if (plan.conflicts.length) {
    opts.err(`${T.conflicts[lang]}\n${plan.conflicts.map((c) => `  ${terminalText(c)}`).join('\n')}\n`);
    return 1;
  }
  const files = plan.workbooks;
  const record = await runRecord(plan.root, opts);
  const workers = Math.max(1, Math.min(opts.concurrency, files.length));
  // Each local workbook in a worker thread under the budget: a hostile file costs its own run, never the rest of the folder.
  const pool = opts.remote ? undefined : new WorkbookPool({ size: workers, budget: opts.budget ?? budgetFromEnv(), policies: readPolicySources() });
  const started = performance.now();
  const outcomes: WorkbookOutcome[] = new Array(files.length);
  let next = 0;
  let done = 0;
  let formulas = 0;
  const progress = opts.isTTY && !opts.json;
  // Interrupted, the report is written with the workbooks written so far.
  const forgetReport = report ? onInterruption(() => report.write(true)) : () => undefined;
  // Interrupted, the run says how far it got and how to finish.
  const forgetProgress = onInterruption(() => opts.err(`${progress ? '\r\x1b[K' : ''}${T.interrupted[lang](outcomes.filter((o) => o?.ok).length, files.length)}\n`));
  const forget = () => (forgetReport(), forgetProgress());
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= files.length) return;
      const o = await one(files[i]!, i, opts, pool, record, report);
      outcomes[i] = o;
      done++;
      formulas += o.formulas ?? 0;
      // Names, sheets and a server's words come from outside: escaped before a terminal sees them.
      if (opts.json) opts.out(`${jsonLine(o)}\n`);
      else if (!o.ok) opts.err(`${progress ? '\r\x1b[K' : ''}${terminalText(T.failed[lang](o.file, o.message ?? ''))}\n`);
      if (progress) opts.err(bar(done, files.length, formulas, lang));
      // Let the event loop breathe between workbooks (progress output, remote answers).
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    await pool?.close();
  }
  forget();
  let reportFailed = false;
  if (report) {
    try {
      report.write();
    } catch (e) {
      reportFailed = true;
      opts.err(`${terminalText(`${T.report[lang]} ${report.path}: ${e instanceof Error ? e.message : String(e)}`)}\n`);
    }
  }
  if (progress) opts.err('\n');
  const secs = (performance.now() - started) / 1000;
  // With --json the standard output is the workbooks' JSON lines only; the summary goes to standard error.
  (opts.json ? opts.err : opts.out)(summaryText(outcomes, opts, secs, report && !reportFailed ? report.path : undefined));
  return outcomes.some((o) => !o.ok) || reportFailed ? 1 : 0;
}

/** The run's summary, one row a line: workbooks, formulas, errors, policies, changes, calibration, cells kept, uncertain and assumed, seconds. */
function summaryText(outcomes: WorkbookOutcome[], opts: RecalcRunOptions, secs: number, reportPath: string | undefined): string {
  const lang = opts.lang;
  const failed = outcomes.filter((o) => !o.ok).length;
  const skipped = outcomes.filter((o) => o.skipped).length;
  const viaJob = outcomes.filter((o) => o.via === 'job').length;
  const computed = outcomes.filter((o) => o.ok && !o.skipped);
  const errors: Record<string, number> = {};
  for (const o of outcomes) for (const [k, v] of Object.entries(o.errors ?? {})) errors[k] = (errors[k] ?? 0) + v;
  const policies = [...new Set(outcomes.filter((o) => o.policy).map((o) => o.policy!))];
  const changedCells = computed.reduce((n, o) => n + (o.changed ?? 0), 0);
  const changedBooks = computed.filter((o) => (o.changed ?? 0) > 0).length;
  const rows: [string, string][] = [
    [T.workbooks[lang], `${outcomes.length} (${T.okFailed[lang](outcomes.length - failed - skipped, failed)})`],
    ...(skipped ? [[T.skipped[lang], String(skipped)] as [string, string]] : []),
    ...(viaJob ? [[T.viaJob[lang], String(viaJob)] as [string, string]] : []),
    [T.formulas[lang], String(outcomes.reduce((n, o) => n + (o.formulas ?? 0), 0))],
    [T.errors[lang], Object.keys(errors).length ? Object.entries(errors).map(([k, v]) => `${k} ${v}`).join(', ') : T.none[lang]],
    [T.policies[lang], opts.whatIf && policies.length ? T.whatIf[lang](policies.join(', '), opts.savePolicy === true) : policies.join(', ') || T.none[lang]],
    [T.evaluators[lang], T.byEvaluator[lang](outcomes.filter((o) => o.evaluator === 'fast').length, outcomes.filter((o) => o.evaluator === 'hyperformula').length)],
    [T.changed[lang], T.changedIn[lang](changedCells, changedBooks)],
    [T.calibrated[lang], T.calibratedOf[lang](computed.filter((o) => o.calibrated).length, computed.length)],
    [T.kept[lang], keptLine(outcomes, lang)],
    [T.uncertain[lang], String(outcomes.reduce((n, o) => n + (o.uncertainCells ?? o.uncertain?.length ?? 0), 0))],
    [T.assumed[lang], String(outcomes.reduce((n, o) => n + cellCount(o.assumed ?? []), 0))],
    ...(reportPath ? [[T.report[lang], reportPath] as [string, string]] : []),
    [T.seconds[lang], secs.toFixed(2)],
  ];
  const w = Math.max(...rows.map((r) => [...r[0]].length));
  return `${T.summary[lang]}\n${rows.map(([k, v]) => `  ${k}${' '.repeat(w - [...k].length)}  ${terminalText(v)}`).join('\n')}\n`;
}

/**
 * The output folder's record of what this run asks for (run-record.ts). The policy is the one
 * asked for, else the default of the side that computes: this machine's policy folder, or the
 * server's (its /healthz says it, with its version: any server of that version with that policy
 * computes the same workbook). A server that does not say is not trusted to have stayed the same,
 * nor one that refuses the key: nothing is skipped and nothing recorded.
 */
async function runRecord(root: string, opts: RecalcRunOptions): Promise<RunRecord | undefined> {
  const base = { version: VERSION, evaluator: opts.evaluator ?? 'auto', strict: opts.strict === true, ...(opts.whatIf ? { whatIf: opts.whatIf } : {}), ...(opts.savePolicy ? { savePolicy: true } : {}) };
  let key: RunKey;
  if (!opts.remote) {
    const fallback = opts.policy ?? policyRef(new Engine(loadRegistry(process.env.POLICYCELL_POLICY_DIR)).policy());
    key = { ...base, policy: fallback, engine: 'local' };
  } else {
    const server = opts.remote.replace(/\/+$/, '');
    try {
      const res = await fetch(`${server}/healthz`);
      const h = (await res.json()) as { policy?: unknown; version?: unknown };
      if (!res.ok || typeof h.policy !== 'string' || typeof h.version !== 'string') return undefined;
      // /healthz is open to all: a key the server refuses skips nothing, so each workbook says so.
      const probe = await fetch(`${server}/v1/policies`, { headers: opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {} });
      await probe.arrayBuffer();
      if (!probe.ok) return undefined;
      key = { ...base, policy: opts.policy ?? h.policy, engine: `remote ${h.version}` };
    } catch {
      return undefined;
    }
  }
  return new RunRecord(root, key);
}
