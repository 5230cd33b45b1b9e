import type { Context, Hono } from 'hono';
import type { Engine, Lang } from '../../shared/src/index.js';
import type { Env } from './app.js';
import type { AppConfig } from '../config.js';
import { closeAfterAnswer, readCapped } from './middleware/limits.js';
import { readPolicySources } from '../policy-dir.js';
import { problem, requestLang, t } from './middleware/problem.js';
import { addHeader, reqHeader, send, sendJson } from './middleware/respond.js';
import { DEFAULT_BUDGET } from '../workbook/budget/budget.js';
import { EXCEL_ERRORS } from '../workbook/model/errors.js';
import type { RecalcJob } from '../workbook/pool/pool.js';
import { PoolBusy, WorkbookPool } from '../workbook/pool/pool.js';
import type { RecalcSummary } from '../workbook/recalc.js';
import type { ChangedCell } from '../workbook/model/outcomes.js';
import { cellCount, keptReasons } from '../workbook/model/outcomes.js';
import type { WorkbookProblem } from '../workbook/model/workbook-error.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STATUS: Record<WorkbookProblem, number> = {
  notWorkbook: 400,
  encrypted: 400,
  corrupt: 400,
  tooLarge: 413,
  unparsable: 422,
  notRecomputed: 422,
  policy: 404,
  outOfGrid: 422,
  unsupported: 422,
};

/** Longest `X-Errors` value: a client's header limit is not a place for surprises. */
const MAX_ERRORS_HEADER = 512;

/**
 * The errors a recalculation left, by code, for `X-Errors`: Excel's codes only (ASCII, a handful),
 * so the header stays small whatever a file holds.
 */
export function errorsHeader(errors: Record<string, number>): string {
  const known: Record<string, number> = {};
  for (const [code, n] of Object.entries(errors)) if (EXCEL_ERRORS.has(code)) known[code] = n;
  const text = JSON.stringify(known);
  return text.length <= MAX_ERRORS_HEADER ? text : '{}';
}

/** Every worker busy and the queue full (uploads still arriving included): 429, try again. */
function poolBusy(c: Context, lang: Lang): Response {
  addHeader(c, 'Retry-After', '5');
  return problem(c, 429, t(lang, '正在重算的工作簿太多，请稍后再试', 'too many workbooks are being recalculated; try again shortly'), {}, lang);
}

/** On Lambda, the time left before the function is stopped, less a margin to answer in: the time budget never outlives the invocation. */
function lambdaSeconds(c: Context): number | undefined {
  const ms = (c.env as { lambdaContext?: { getRemainingTimeInMillis?: () => number } } | undefined)?.lambdaContext?.getRemainingTimeInMillis?.();
  return ms === undefined ? undefined : Math.max(1, (ms - 1500) / 1000);
}

/**
 * POST /v1/workbooks/recalc: an .xlsx in (at most the workbook limit, 5 MiB by default: the Lambda
 * payload limit is 6 MB), the recalculated .xlsx out, with the policy used in `X-Policy`. The
 * workbook's own policy setting wins; `X-Policy` or `?policy=` in the request is the fallback, and
 * `X-What-If` or `?what-if=` computes under a policy whatever the workbook names (`X-Save-Policy: 1`
 * writes it as the workbook's setting). `?changes=json` answers JSON instead: the summary, every
 * changed cell with why, and the workbook in base64 (ChangesAnswer). The work happens in a worker thread under the workbook budget (pool.ts), never on the thread
 * that answers other requests; a workbook over its budget is 413 naming the cap, the cell or range.
 * Mounted by the hosts that carry the spreadsheet engine (the Node server, the workbooks Lambda).
 */
export function mountRecalc(app: Hono<Env>, config: AppConfig, _engine?: Engine): void {
  let pool: WorkbookPool | undefined;
  // Uploads still arriving: they count against the queue with the workbooks waiting for a worker.
  let uploading = 0;
  const size = config.limits.workbookWorkers ?? 1;
  const queue = config.limits.workbookQueue ?? 8;
  app.post('/v1/workbooks/recalc', async (c) => {
    const lang = requestLang(c);
    pool ??= new WorkbookPool({ size, queue, budget: config.limits.workbook ?? DEFAULT_BUDGET, policies: readPolicySources(config.policyDir) });
    const { busy, queued } = pool.stats;
    if (busy + queued + uploading >= size + queue) {
      closeAfterAnswer(c); // the upload is not read
      return poolBusy(c, lang);
    }
    uploading++;
    let body;
    try {
      body = await readCapped(c, config.limits.workbookBytes);
    } finally {
      uploading--;
    }
    if (!body.ok) return body.res;
    let answer;
    const asked = (header: string, query: string) => /^(1|true)$/i.test(reqHeader(c, header) ?? c.req.query(query) ?? '');
    // --strict on the route: cells that would keep their cached values fail the workbook instead.
    const strict = asked('x-strict', 'strict');
    const changes = c.req.query('changes');
    if (changes !== undefined && changes !== 'json') {
      return problem(c, 400, t(lang, `?changes= 只接受 json（收到「${changes.slice(0, 40)}」）`, `?changes= takes only json (got "${changes.slice(0, 40)}")`), { path: '$.changes' }, lang);
    }
    const job: RecalcJob = {
      policy: reqHeader(c, 'x-policy') ?? c.req.query('policy'),
      whatIf: reqHeader(c, 'x-what-if') ?? c.req.query('what-if'),
      savePolicy: asked('x-save-policy', 'save-policy'),
      lang,
      strict,
      changes: changes === 'json',
    };
    try {
      answer = await pool.run(body.bytes, job, { signal: c.req.raw.signal, seconds: lambdaSeconds(c) });
    } catch (e) {
      if (!(e instanceof PoolBusy)) throw e;
      return poolBusy(c, lang);
    }
    if (!answer.ok) {
      const e = answer.error;
      if (e.problem === 'unsupported') config.log({ time: new Date().toISOString(), level: 'error', requestId: c.get('requestId'), route: c.req.routePath, error: 'WorkbookError', message: e.text.en });
      return problem(c, STATUS[e.problem], e.messageIn(lang), { problem: e.problem, ...(e.cell ? { cell: e.cell } : {}), ...e.detail }, lang);
    }
    const { summary } = answer;
    addSummaryHeaders(c, summary);
    c.set('log', { calls: summary.formulas, policy: summary.policy });
    if (job.changes) return sendJson(c, changesAnswer(summary, answer.bytes));
    return send(c, answer.bytes, 200, XLSX_TYPE);
  });
}

/** The summary of a recalculated workbook as the answer's headers: counts, and reasons as JSON (reason → count). */
function addSummaryHeaders(c: Context, summary: RecalcSummary): void {
  addHeader(c, 'X-Policy', summary.policy);
  addHeader(c, 'X-Formulas', String(summary.formulas));
  addHeader(c, 'X-Errors', errorsHeader(summary.errors));
  addHeader(c, 'X-Evaluator', summary.engine);
  // Cells not recomputed keep the value the file cached; how many, and why (JSON: reason → count).
  addHeader(c, 'X-Kept', String(cellCount(summary.kept)));
  if (summary.kept.length) addHeader(c, 'X-Kept-Reasons', JSON.stringify(keptReasons(summary.kept)));
  // Cells the file gave no value for and that were computed on Excel's likeliest answer (en-US text, LibreOffice's error for a call Excel refuses).
  addHeader(c, 'X-Assumed', String(cellCount(summary.assumed)));
  if (summary.assumed.length) addHeader(c, 'X-Assumed-Reasons', JSON.stringify(keptReasons(summary.assumed)));
  // Formula cells written with another value than the file held, and those computed anew whose formula differs from Excel's elsewhere in the file.
  addHeader(c, 'X-Changed', String(summary.changed));
  addHeader(c, 'X-Uncertain', String(summary.uncertainCells ?? summary.uncertain.length));
  // Whether the file's cached values were Excel's and checked this engine's answers; the reason is text in the request's language, percent-encoded (UTF-8) as a header must be ASCII.
  addHeader(c, 'X-Calibrated', summary.calibration.applied ? '1' : '0');
  addHeader(c, 'X-Calibration-Reason', encodeURIComponent(summary.calibration.reason));
  if (summary.savedPolicy) addHeader(c, 'X-Saved-Policy', summary.savedPolicy);
  if (summary.policySetting) addHeader(c, 'X-Policy-Saved', summary.policySetting.written ? '1' : '0');
}

/**
 * The answer of `?changes=json`: the summary, every changed cell, and the recalculated workbook
 * itself in base64, so that one answer carries both and nothing is lost. The summary's members are
 * the recalculation's own (`evaluator` is the evaluator that computed it).
 */
export interface ChangesAnswer extends Omit<RecalcSummary, 'engine' | 'changes'> {
  evaluator: RecalcSummary['engine'];
  changes: ChangedCell[];
  workbook: { contentType: typeof XLSX_TYPE; encoding: 'base64'; bytes: number; data: string };
}

function changesAnswer(summary: RecalcSummary, bytes: Uint8Array): ChangesAnswer {
  const { engine, changes, ...rest } = summary;
  return { ...rest, evaluator: engine, changes: changes ?? [], workbook: { contentType: XLSX_TYPE, encoding: 'base64', bytes: bytes.byteLength, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') } };
}

/** The status of each workbook problem, for the job routes, which answer a failed job as this route answers the workbook. */
export { STATUS as WORKBOOK_PROBLEM_STATUS };
