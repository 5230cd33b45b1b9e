import { readFileSync } from 'node:fs';
import type { Lang } from '../../shared/src/index.js';
import { Engine, policyRef } from '../../shared/src/index.js';
import { loadRegistry } from '../policy-dir.js';
import { VERSION } from '../version.js';
import { writeAtomically } from './atomic-write.js';
import { readPolicySources } from '../policy-dir.js';
import { jsonLine, terminalText } from './terminal-text.js';
import type { JobResultSummary } from './remote-job.js';
import { RemoteJobFailure, recalcThroughJob } from './remote-job.js';
import type { RunKey } from './run-record.js';
import { RunRecord, digest } from './run-record.js';
import type { PlannedWorkbook } from './recalc-plan.js';
import { planRecalc } from './recalc-plan.js';
import type { WorkbookBudget } from '../workbook/budget/budget.js';
import { budgetFromEnv } from '../workbook/budget/budget.js';
import type { AssumedCell, KeptCell } from '../workbook/model/outcomes.js';
import { WorkbookPool } from '../workbook/pool/pool.js';
import { cellCount, keptReasons } from '../workbook/model/outcomes.js';
import type { WorkbookProblem } from '../workbook/model/workbook-error.js';
import { WorkbookError, isWorkbookProblem } from '../workbook/model/workbook-error.js';

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
  /** Formula cells not recomputed, which keep the value the file cached: one entry a formula and reason (count, first cells). */
  kept?: KeptCell[];
  /** Formula cells without a cached value whose answer rests on an assumption (en-US text, no add-in…): one entry a formula and assumption. */
  assumed?: AssumedCell[];
  problem?: string;
  cell?: string;
  message?: string;
  /** Up to date in the output folder (its record): not computed again. */
  skipped?: boolean;
  /** Sent to the server as a job (too large for a request body, or for the route's time). */
  via?: 'job';
  seconds: number;
}

export interface RecalcRunOptions {
  files: string[];
  outDir: string;
  inPlace: boolean;
  policy?: string;
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
  conflicts: { 'zh-CN': '未写出任何文件：', en: 'nothing was written:' },
  remoteFailed: { 'zh-CN': (s: number, d: string) => `服务器返回 ${s}：${d}`, en: (s: number, d: string) => `the server answered ${s}: ${d}` },
  skipped: { 'zh-CN': '已是最新（跳过）', en: 'up to date (skipped)' },
  viaJob: { 'zh-CN': '经任务发送', en: 'sent as jobs' },
};

/**
 * The largest workbook sent to the workbook route as a request body: Lambda's payload limit is 6 MB
 * each way and API Gateway hands a binary body over base64 (4/3 larger), so 4 MiB in is 5.6 MB, with
 * room for an answer a little larger than the question. Anything larger goes through a job.
 */
export const DIRECT_MAX_BYTES = 4 * 1024 * 1024;

type Recalculated = { bytes: Uint8Array; policy: string; formulas: number; errors: Record<string, number>; evaluator?: 'fast' | 'hyperformula'; fallback?: string; kept?: KeptCell[]; assumed?: AssumedCell[] };

/** How often a workbook is sent again when the server answers 429 (busy), waiting as it asks. */
const BUSY_RETRIES = 5;

async function recalcRemote(url: string, bytes: Uint8Array, opts: RecalcRunOptions): Promise<Recalculated> {
  // Sent as application/octet-stream, which every API Gateway and its emulator pass on as binary
  // (base64): serverless-offline decodes any other type as UTF-8 and breaks the zip. The route reads
  // the workbook whatever the type.
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-language': opts.lang };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  if (opts.policy) headers['x-policy'] = opts.policy;
  if (opts.strict) headers['x-strict'] = '1';
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    res = await fetch(`${url.replace(/\/+$/, '')}/v1/workbooks/recalc`, { method: 'POST', headers, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    if (res.status !== 429 || attempt >= BUSY_RETRIES) break;
    await res.arrayBuffer();
    const wait = Math.min(30, Number(res.headers.get('retry-after')) || 1 + attempt);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
  if (!res.ok) throw await remoteFailure(res);
  let errors: Record<string, number> = {};
  try {
    errors = JSON.parse(res.headers.get('x-errors') ?? '{}') as Record<string, number>;
  } catch {
    // a header we cannot read is no reason to lose the workbook
  }
  const assumed = Number(res.headers.get('x-assumed') ?? 0);
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    policy: res.headers.get('x-policy') ?? '',
    formulas: Number(res.headers.get('x-formulas') ?? 0),
    errors,
    ...(res.headers.get('x-evaluator') ? { evaluator: res.headers.get('x-evaluator') as 'fast' | 'hyperformula' } : {}),
    // As a local run: `kept` always, `assumed` when there are any. The route says how many cells and
    // why (reason → count); the cells themselves stay on the server's side, so each is "(remote)".
    kept: remoteCells(Number(res.headers.get('x-kept') ?? 0), res.headers.get('x-kept-reasons')) as KeptCell[],
    ...(assumed > 0 ? { assumed: remoteCells(assumed, res.headers.get('x-assumed-reasons')) as AssumedCell[] } : {}),
  };
}

/** Cells a server counted (`X-Kept` and `X-Kept-Reasons`: reason → count), one entry a reason, the cells unknown here; a count the reasons do not cover is reason "unknown". */
function remoteCells(count: number, reasonsHeader: string | null): { cell: string; reason: string; detail: string; count: number; cells: string[] }[] {
  let reasons: Record<string, number> = {};
  try {
    reasons = JSON.parse(reasonsHeader ?? '{}') as Record<string, number>;
  } catch {
    // an unreadable header is no reason to lose the workbook
  }
  let left = Math.min(Number.isFinite(count) && count > 0 ? Math.floor(count) : 0, MAX_REMOTE_CELLS);
  const out: { cell: string; reason: string; detail: string; count: number; cells: string[] }[] = [];
  for (const [reason, n] of Object.entries(reasons)) {
    const here = Math.min(Number.isFinite(n) && n > 0 ? Math.floor(n) : 0, left);
    if (here > 0 && out.length < MAX_REMOTE_REASONS) {
      out.push({ cell: REMOTE_CELL, reason, detail: '', count: here, cells: [] });
      left -= here;
    }
  }
  if (left > 0) out.push({ cell: REMOTE_CELL, reason: 'unknown', detail: '', count: left, cells: [] });
  return out;
}

const REMOTE_CELL = '(remote)';
/** A server's count is believed up to this many cells (a workbook's cell cap is 2.5 million). */
const MAX_REMOTE_CELLS = 2_500_000;
/** A server's reasons are believed up to this many (the engine has eight). */
const MAX_REMOTE_REASONS = 16;

/** The problem kinds of a remote answer that is not a workbook, beyond a workbook's own (WorkbookProblem). */
type RemoteProblem = 'auth' | 'tooLarge' | 'busy' | 'server' | 'refused';

/** A workbook the server did not recalculate: its problem kind, its words in both languages, and the cell it names. */
export class RemoteFailure {
  constructor(
    readonly problem: WorkbookProblem | RemoteProblem,
    readonly text: Record<Lang, string>,
    readonly cell?: string,
    /** Which cap a `tooLarge` answer names (bytes, time, memory…), when it names one. */
    readonly budget?: string,
  ) {}

  messageIn(lang: Lang): string {
    return this.text[lang];
  }
}

/**
 * What a remote failure means for this workbook: the route's own problem kind when it names one (a
 * corrupt workbook, a budget exceeded); otherwise the status says it: 401/403 the API key, 413 too
 * large, 429 busy (after the retries), 5xx the server; any other status the server refused it.
 */
async function remoteFailure(res: Response): Promise<RemoteFailure> {
  const text = await res.text();
  let body: { detail?: unknown; problem?: unknown; cell?: unknown; budget?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { detail: text.slice(0, 200) };
  }
  const detail = (typeof body.detail === 'string' ? body.detail : '').slice(0, 500);
  const s = res.status;
  const named = isWorkbookProblem(body.problem) ? body.problem : undefined;
  const kind: WorkbookProblem | RemoteProblem = named ?? (s === 401 || s === 403 ? 'auth' : s === 413 ? 'tooLarge' : s === 429 ? 'busy' : s >= 500 ? 'server' : 'refused');
  const say = named ? T.remoteFailed : REMOTE_TEXT[kind as RemoteProblem];
  return new RemoteFailure(kind, { 'zh-CN': say['zh-CN'](s, detail), en: say.en(s, detail) }, typeof body.cell === 'string' ? body.cell : undefined, typeof body.budget === 'string' ? body.budget : undefined);
}

const REMOTE_TEXT: Record<RemoteProblem, Record<Lang, (s: number, d: string) => string>> = {
  auth: {
    'zh-CN': (s, d) => `服务器拒绝了 API 密钥（${s}）：请用 --api-key 或 POLICYCELL_API_KEY 提供有效的密钥${d ? `。${d}` : ''}`,
    en: (s, d) => `the server refused the API key (${s}): give a valid key with --api-key or POLICYCELL_API_KEY${d ? `. ${d}` : ''}`,
  },
  tooLarge: {
    'zh-CN': (s, d) => `工作簿超过服务器的上限（${s}）${d ? `：${d}` : ''}`,
    en: (s, d) => `the workbook is larger than the server accepts (${s})${d ? `: ${d}` : ''}`,
  },
  busy: {
    'zh-CN': (s, d) => `服务器繁忙（${s}），重试 ${BUSY_RETRIES} 次后仍未受理，请稍后再试${d ? `：${d}` : ''}`,
    en: (s, d) => `the server is busy (${s}) and still was after ${BUSY_RETRIES} retries; try again later${d ? `: ${d}` : ''}`,
  },
  server: {
    'zh-CN': (s, d) => `服务器出错（${s}），工作簿未重算${d ? `：${d}` : ''}`,
    en: (s, d) => `the server failed (${s}); the workbook was not recalculated${d ? `: ${d}` : ''}`,
  },
  refused: T.remoteFailed,
};

/** A workbook through a job on the server (remote-job.ts), reported as the workbook route's answer is. */
async function recalcJob(url: string, bytes: Uint8Array, opts: RecalcRunOptions): Promise<Recalculated> {
  const r = await recalcThroughJob(url, bytes, { apiKey: opts.apiKey, policy: opts.policy, strict: opts.strict, lang: opts.lang });
  const s: JobResultSummary = r.summary;
  return {
    bytes: r.bytes,
    policy: s.policy,
    formulas: s.formulas,
    errors: s.errors,
    evaluator: s.evaluator,
    kept: remoteCells(s.kept, JSON.stringify(s.keptReasons)) as KeptCell[],
    ...(s.assumed > 0 ? { assumed: remoteCells(s.assumed, JSON.stringify(s.assumedReasons)) as AssumedCell[] } : {}),
  };
}

/**
 * Whether a workbook the route refused goes again as a job: the route's body limit, or a time or
 * memory budget, which a job has more of (15 minutes, a larger function). A workbook over a cap a
 * job shares (cells, parts…) is not sent again.
 */
function retryAsJob(e: unknown): boolean {
  return e instanceof RemoteFailure && e.problem === 'tooLarge' && (e.budget === undefined || e.budget === 'bytes' || e.budget === 'time' || e.budget === 'memory');
}

const jobsUnavailable = (e: unknown) => e instanceof RemoteJobFailure && e.problem === 'jobsUnavailable';

/**
 * Remotely: small workbooks in the request body as before, large ones (and those the route refuses
 * for size or time) through a job. A server that takes no jobs (`npm start`, whose body limit is
 * its own) gets the workbook in the body, and its own answer stands.
 */
async function recalcOnServer(url: string, bytes: Uint8Array, opts: RecalcRunOptions): Promise<Recalculated & { via?: 'job' }> {
  if (bytes.byteLength > (opts.jobOver ?? DIRECT_MAX_BYTES)) {
    try {
      return { ...(await recalcJob(url, bytes, opts)), via: 'job' };
    } catch (e) {
      if (!jobsUnavailable(e)) throw e;
      return await recalcRemote(url, bytes, opts);
    }
  }
  try {
    return await recalcRemote(url, bytes, opts);
  } catch (e) {
    if (!retryAsJob(e)) throw e;
    try {
      return { ...(await recalcJob(url, bytes, opts)), via: 'job' };
    } catch (again) {
      throw jobsUnavailable(again) ? e : again;
    }
  }
}

async function recalcLocal(pool: WorkbookPool, bytes: Uint8Array, opts: RecalcRunOptions): Promise<Recalculated> {
  const a = await pool.run(bytes, { policy: opts.policy, lang: opts.lang, evaluator: opts.evaluator, strict: opts.strict });
  if (!a.ok) throw a.error;
  const { summary } = a;
  return {
    bytes: a.bytes,
    policy: summary.policy,
    formulas: summary.formulas,
    errors: summary.errors,
    evaluator: summary.engine,
    ...(summary.fallback ? { fallback: summary.fallback } : {}),
    kept: summary.kept,
    ...(summary.assumed.length ? { assumed: summary.assumed } : {}),
  };
}

async function one(w: PlannedWorkbook, opts: RecalcRunOptions, pool: WorkbookPool | undefined, record?: RunRecord): Promise<WorkbookOutcome> {
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
  const upToDate = record?.upToDate(w.output, inputDigest, opts.inPlace);
  if (upToDate !== undefined) return { file, ok: true, skipped: true, output: w.output, policy: upToDate, seconds: seconds() };
  try {
    const r = pool ? await recalcLocal(pool, input, opts) : await recalcOnServer(opts.remote!, input, opts);
    writeAtomically(w.output, r.bytes, w.path);
    record?.written(w.output, inputDigest, digest(r.bytes), r.policy);
    const { bytes: _bytes, ...rest } = r;
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
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= files.length) return;
      const o = await one(files[i]!, opts, pool, record);
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
  if (progress) opts.err('\n');
  const failed = outcomes.filter((o) => !o.ok).length;
  const skipped = outcomes.filter((o) => o.skipped).length;
  const viaJob = outcomes.filter((o) => o.via === 'job').length;
  const errors: Record<string, number> = {};
  for (const o of outcomes) for (const [k, v] of Object.entries(o.errors ?? {})) errors[k] = (errors[k] ?? 0) + v;
  const policies = [...new Set(outcomes.filter((o) => o.policy).map((o) => o.policy!))];
  const secs = (performance.now() - started) / 1000;
  const rows: [string, string][] = [
    [T.workbooks[lang], `${files.length} (${T.okFailed[lang](files.length - failed - skipped, failed)})`],
    ...(skipped ? [[T.skipped[lang], String(skipped)] as [string, string]] : []),
    ...(viaJob ? [[T.viaJob[lang], String(viaJob)] as [string, string]] : []),
    [T.formulas[lang], String(formulas)],
    [T.errors[lang], Object.keys(errors).length ? Object.entries(errors).map(([k, v]) => `${k} ${v}`).join(', ') : T.none[lang]],
    [T.policies[lang], policies.join(', ') || T.none[lang]],
    [T.evaluators[lang], T.byEvaluator[lang](outcomes.filter((o) => o.evaluator === 'fast').length, outcomes.filter((o) => o.evaluator === 'hyperformula').length)],
    [T.kept[lang], keptLine(outcomes, lang)],
    [T.assumed[lang], String(outcomes.reduce((n, o) => n + cellCount(o.assumed ?? []), 0))],
    [T.seconds[lang], secs.toFixed(2)],
  ];
  const w = Math.max(...rows.map((r) => [...r[0]].length));
  // With --json the standard output is the workbooks' JSON lines only; the summary goes to standard error.
  (opts.json ? opts.err : opts.out)(`${T.summary[lang]}\n${rows.map(([k, v]) => `  ${k}${' '.repeat(w - [...k].length)}  ${terminalText(v)}`).join('\n')}\n`);
  return failed > 0 ? 1 : 0;
}

/**
 * The output folder's record of what this run asks for (run-record.ts). The policy is the one
 * asked for, else the default of the side that computes: this machine's policy folder, or the
 * server's (its /healthz says it, with its version: any server of that version with that policy
 * computes the same workbook). A server that does not say is not trusted to have stayed the same,
 * nor one that refuses the key: nothing is skipped and nothing recorded.
 */
async function runRecord(root: string, opts: RecalcRunOptions): Promise<RunRecord | undefined> {
  const base = { version: VERSION, evaluator: opts.evaluator ?? 'auto', strict: opts.strict === true };
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
