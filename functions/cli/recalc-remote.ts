import type { Lang } from '../../shared/src/index.js';
import type { ChangesAnswer } from '../http/workbooks-route.js';
import type { AssumedCell, KeptCell, UncertainCell } from '../workbook/model/outcomes.js';
import { MAX_LISTED } from '../workbook/model/outcomes.js';
import type { WorkbookProblem } from '../workbook/model/workbook-error.js';
import { isWorkbookProblem } from '../workbook/model/workbook-error.js';
import type { Recalculated } from './recalc-outcome.js';
import { recalculatedFrom } from './recalc-outcome.js';
import type { JobResultSummary } from './remote-job.js';
import { RemoteJobFailure, recalcThroughJob } from './remote-job.js';

/**
 * `policycell recalc --remote URL`: each workbook sent to the server's workbook route, or, when it
 * is too large for a request body (or the route refuses it for its size or time), through a job.
 * The server's answer is reported as a local run's would be, as far as it carries it.
 */

/** What a remote run sends with each workbook. */
export interface RemoteRunOptions {
  remote: string;
  apiKey?: string | undefined;
  policy?: string | undefined;
  whatIf?: string | undefined;
  savePolicy?: boolean | undefined;
  strict?: boolean | undefined;
  /** Ask for the changed cells (`?changes=json`, or the job's list of changes). */
  changes?: boolean | undefined;
  /** Workbooks larger than this many bytes go through a job (default DIRECT_MAX_BYTES). */
  jobOver?: number | undefined;
  lang: Lang;
}

const remoteFailed = { 'zh-CN': (s: number, d: string) => `服务器返回 ${s}：${d}`, en: (s: number, d: string) => `the server answered ${s}: ${d}` };

/**
 * The largest workbook sent to the workbook route as a request body: Lambda's payload limit is 6 MB
 * each way and API Gateway hands a binary body over base64 (4/3 larger), so 4 MiB in is 5.6 MB, with
 * room for an answer a little larger than the question. Anything larger goes through a job.
 */
export const DIRECT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The same with the changes asked for: the answer is then JSON carrying the workbook in base64 (4/3
 * of its size) and every changed cell (about 200 bytes each), so 2 MiB in leaves 3 MB of the 6 MB
 * answer for some 15,000 changed cells. Anything larger goes through a job, whose changes come
 * back through the store.
 */
export const DIRECT_MAX_BYTES_WITH_CHANGES = 2 * 1024 * 1024;

/** How often a workbook is sent again when the server answers 429 (busy), waiting as it asks. */
const BUSY_RETRIES = 5;

async function recalcRemote(url: string, bytes: Uint8Array, opts: RemoteRunOptions): Promise<Recalculated> {
  // Sent as application/octet-stream, which every API Gateway and its emulator pass on as binary
  // (base64): serverless-offline decodes any other type as UTF-8 and breaks the zip. The route reads
  // the workbook whatever the type.
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-language': opts.lang };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  if (opts.policy) headers['x-policy'] = opts.policy;
  if (opts.whatIf) headers['x-what-if'] = opts.whatIf;
  if (opts.savePolicy) headers['x-save-policy'] = '1';
  if (opts.strict) headers['x-strict'] = '1';
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    res = await fetch(`${url.replace(/\/+$/, '')}/v1/workbooks/recalc${opts.changes ? '?changes=json' : ''}`, { method: 'POST', headers, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    if (res.status !== 429 || attempt >= BUSY_RETRIES) break;
    await res.arrayBuffer();
    const wait = Math.min(30, Number(res.headers.get('retry-after')) || 1 + attempt);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
  if (!res.ok) throw await remoteFailure(res);
  if (opts.changes && /^application\/json\b/i.test(res.headers.get('content-type') ?? '')) return await fromChangesAnswer(res);
  const r = fromHeaders(res.headers, new Uint8Array(await res.arrayBuffer()));
  // A server that does not know ?changes=json answers the workbook alone: its changes are not known here.
  return opts.changes ? { ...r, changesMissing: ROUTE_WITHOUT_CHANGES[opts.lang] } : r;
}

const ROUTE_WITHOUT_CHANGES: Record<Lang, string> = {
  'zh-CN': '服务器没有返回变更清单（服务器版本较旧，不支持 ?changes=json）：此工作簿的变更未列入报告',
  en: "the server sent no list of changes (an older server, without ?changes=json): this workbook's changes are not in the report",
};

/** The route's JSON answer (`?changes=json`): its summary and changes as a local run has them, and the workbook from base64. */
async function fromChangesAnswer(res: Response): Promise<Recalculated> {
  let answer: ChangesAnswer;
  try {
    answer = (await res.json()) as ChangesAnswer;
    if (typeof answer.workbook?.data !== 'string' || !Array.isArray(answer.changes)) throw new Error('no workbook or changes');
  } catch (e) {
    const why = (e as Error).message;
    throw new RemoteFailure('server', { 'zh-CN': `服务器的回答不是带变更的 JSON（${why}）`, en: `the server's answer is not the JSON of a workbook and its changes (${why})` });
  }
  const { evaluator, workbook, ...summary } = answer;
  return recalculatedFrom(new Uint8Array(Buffer.from(workbook.data, 'base64')), { ...summary, engine: evaluator });
}

/** A header's percent-encoded text (X-Calibration-Reason), or undefined when it is absent or broken. */
function decodedHeader(v: string | null): string | undefined {
  if (v === null) return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

/** The route's binary answer: the workbook, and its summary as far as the headers carry it. */
function fromHeaders(h: Headers, bytes: Uint8Array): Recalculated {
  let errors: Record<string, number> = {};
  try {
    errors = JSON.parse(h.get('x-errors') ?? '{}') as Record<string, number>;
  } catch {
    // a header we cannot read is no reason to lose the workbook
  }
  const assumed = Number(h.get('x-assumed') ?? 0);
  const calibrated = h.get('x-calibrated');
  const reason = decodedHeader(h.get('x-calibration-reason'));
  const saved = h.get('x-policy-saved');
  return {
    bytes,
    policy: h.get('x-policy') ?? '',
    ...(h.get('x-saved-policy') ? { savedPolicy: h.get('x-saved-policy')! } : {}),
    ...(saved !== null ? { policySaved: saved === '1' } : {}),
    formulas: Number(h.get('x-formulas') ?? 0),
    errors,
    ...(h.get('x-evaluator') ? { evaluator: h.get('x-evaluator') as 'fast' | 'hyperformula' } : {}),
    ...(calibrated !== null ? { calibrated: calibrated === '1' } : {}),
    ...(reason !== undefined ? { calibrationReason: reason } : {}),
    ...(h.get('x-changed') !== null ? { changed: Number(h.get('x-changed')) } : {}),
    // As a local run: `kept` and `uncertain` always, `assumed` when there are any. The route says how
    // many cells and why (reason → count); the cells themselves stay on the server's side, so each is
    // "(remote)".
    kept: remoteCells(Number(h.get('x-kept') ?? 0), h.get('x-kept-reasons')) as KeptCell[],
    ...remoteUncertain(Number(h.get('x-uncertain') ?? 0)),
    ...(assumed > 0 ? { assumed: remoteCells(assumed, h.get('x-assumed-reasons')) as AssumedCell[] } : {}),
  };
}

/** Uncertain cells a server counted, one entry each up to MAX_LISTED (the cell and its evidence unknown here), and their total past it. */
function remoteUncertain(count: number): { uncertain: UncertainCell[]; uncertainCells?: number } {
  const total = Math.min(Number.isFinite(count) && count > 0 ? Math.floor(count) : 0, MAX_REMOTE_CELLS);
  const uncertain = Array.from({ length: Math.min(total, MAX_LISTED) }, () => ({ cell: REMOTE_CELL, detail: '', evidence: '' }));
  return total > MAX_LISTED ? { uncertain, uncertainCells: total } : { uncertain };
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
  const say = named ? remoteFailed : REMOTE_TEXT[kind as RemoteProblem];
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
  refused: remoteFailed,
};

/** A workbook through a job on the server (remote-job.ts), reported as the workbook route's answer is. */
async function recalcJob(url: string, bytes: Uint8Array, opts: RemoteRunOptions): Promise<Recalculated> {
  const r = await recalcThroughJob(url, bytes, { apiKey: opts.apiKey, policy: opts.policy, whatIf: opts.whatIf, savePolicy: opts.savePolicy, strict: opts.strict, changes: opts.changes, lang: opts.lang });
  const s: JobResultSummary = r.summary;
  return {
    bytes: r.bytes,
    policy: s.policy,
    ...(s.savedPolicy ? { savedPolicy: s.savedPolicy } : {}),
    ...(s.policySaved !== undefined ? { policySaved: s.policySaved, ...(s.policyNotSaved ? { policyNotSaved: s.policyNotSaved } : {}) } : {}),
    formulas: s.formulas,
    errors: s.errors,
    evaluator: s.evaluator,
    ...(s.calibrated !== undefined ? { calibrated: s.calibrated, calibrationReason: s.calibrationReason ?? '' } : {}),
    ...(s.changed !== undefined ? { changed: s.changed } : {}),
    kept: remoteCells(s.kept, JSON.stringify(s.keptReasons)) as KeptCell[],
    ...remoteUncertain(s.uncertain ?? 0),
    ...(s.assumed > 0 ? { assumed: remoteCells(s.assumed, JSON.stringify(s.assumedReasons)) as AssumedCell[] } : {}),
    ...(r.changes ? { changes: r.changes } : opts.changes ? { changesMissing: JOB_WITHOUT_CHANGES[opts.lang] } : {}),
  };
}

const JOB_WITHOUT_CHANGES: Record<Lang, string> = {
  'zh-CN': '服务器的任务没有返回变更清单（服务器版本较旧）：此工作簿的变更未列入报告',
  en: "the server's job sent no list of changes (an older server): this workbook's changes are not in the report",
};

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
export async function recalcOnServer(bytes: Uint8Array, opts: RemoteRunOptions): Promise<Recalculated & { via?: 'job' }> {
  const url = opts.remote;
  if (bytes.byteLength > (opts.jobOver ?? (opts.changes ? DIRECT_MAX_BYTES_WITH_CHANGES : DIRECT_MAX_BYTES))) {
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

