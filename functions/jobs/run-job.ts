import type { WorkbookProblem } from '../workbook/model/workbook-error.js';
import type { WorkbookPool } from '../workbook/pool/pool.js';
import { cellCount, keptReasons } from '../workbook/model/outcomes.js';
import type { JobConfig } from './job-config.js';
import type { JobStore } from './job-store.js';
import type { JobFailure, JobRecord } from './job.js';
import { ANSWER_SECONDS, deadline, isJobId, isOwner, timeFailure } from './job.js';

/** The event the start route sends the runner (an asynchronous Lambda invocation). */
export interface JobEvent {
  job: { owner: string; id: string };
}

export function isJobEvent(event: unknown): event is JobEvent {
  const job = (event as { job?: unknown } | null)?.job as { owner?: unknown; id?: unknown } | undefined;
  return typeof job === 'object' && job !== null && typeof job.owner === 'string' && typeof job.id === 'string' && isOwner(job.owner) && isJobId(job.id);
}

export interface RunnerDeps {
  store: JobStore;
  pool: WorkbookPool;
  config: JobConfig;
  /** The status the workbook route answers a workbook's problem with (the host knows the route). */
  statusOf: (problem: WorkbookProblem) => number;
  log: (line: Record<string, unknown>) => void;
}

const now = () => new Date().toISOString();

/**
 * Runs one queued job to its end: reads the uploaded workbook, recalculates it in a worker under
 * the job's time budget (never past the invocation's own time: `remainingMs`), writes the result
 * and the record. Every outcome is written to the record, the workbook's problems and ours alike;
 * this never throws, since an asynchronous invocation that fails would be tried again by Lambda
 * and nobody would read its error.
 */
export async function runJob(event: JobEvent, deps: RunnerDeps, remainingMs: number | undefined): Promise<void> {
  const { store, pool, config, log } = deps;
  const { owner, id } = event.job;
  let job: JobRecord | undefined;
  try {
    job = await store.getRecord(owner, id);
    if (!job || job.status !== 'queued') {
      log({ time: now(), level: 'info', job: id, message: job ? `job is ${job.status}, not queued: nothing to do` : 'no such job (expired or removed)' });
      return;
    }
    const end = deadline(job)!;
    if (Date.now() >= end) return await fail(deps, job, timeFailure(job.seconds));
    job = { ...job, status: 'running', startedAt: now() };
    await store.putRecord(job);
    const input = await store.readInput(job);
    if (!input) return await fail(deps, job, { problem: 'internal', status: 500, text: { 'zh-CN': '上传的工作簿已不在存储中（已过期或被删除）', en: 'the uploaded workbook is no longer stored (expired or removed)' } });
    if (input.byteLength > Math.min(job.bytes, config.maxBytes)) {
      return await fail(deps, job, { problem: 'tooLarge', status: 413, text: { 'zh-CN': `上传的工作簿有 ${input.byteLength} 字节，超过了 ${job.bytes} 字节的申报大小`, en: `the uploaded workbook has ${input.byteLength} bytes, more than the ${job.bytes} declared` }, budget: 'bytes', limit: job.bytes });
    }
    const left = remainingMs === undefined ? Infinity : remainingMs / 1000 - ANSWER_SECONDS;
    const seconds = Math.max(1, Math.min(job.seconds, left, (end - Date.now()) / 1000 - ANSWER_SECONDS));
    const answer = await pool.run(input, { policy: job.policy, whatIf: job.whatIf, savePolicy: job.savePolicy, lang: job.lang ?? 'en', strict: job.strict, changes: job.changes }, { seconds });
    if (!answer.ok) return await fail(deps, job, { ...answer.error.toJSON(), status: deps.statusOf(answer.error.problem) });
    const { summary } = answer;
    await store.writeResult(job, answer.bytes);
    if (job.changes) await store.writeChanges(job, JSON.stringify(summary.changes ?? []));
    job = {
      ...job,
      status: 'done',
      finishedAt: now(),
      summary: {
        policy: summary.policy,
        formulas: summary.formulas,
        errors: summary.errors,
        evaluator: summary.engine,
        kept: cellCount(summary.kept),
        keptReasons: keptReasons(summary.kept),
        assumed: cellCount(summary.assumed),
        assumedReasons: keptReasons(summary.assumed),
        uncertain: summary.uncertainCells ?? summary.uncertain.length,
        changed: summary.changed,
        calibrated: summary.calibration.applied,
        calibrationReason: summary.calibration.reason,
        ...(summary.savedPolicy ? { savedPolicy: summary.savedPolicy } : {}),
        ...(summary.policySetting ? { policySaved: summary.policySetting.written, ...(summary.policySetting.written ? {} : { policyNotSaved: summary.policySetting.reason }) } : {}),
        bytes: answer.bytes.byteLength,
      },
    };
    await store.putRecord(job);
    // The upload has served: the payroll it holds is not kept a day longer than needed.
    await store.remove(job, ['input']);
    log({ time: now(), level: 'info', job: id, status: 'done', formulas: summary.formulas, policy: summary.policy });
  } catch (e) {
    log({ time: now(), level: 'error', job: id, error: (e as Error).name, message: (e as Error).message });
    if (job) await fail(deps, job, { problem: 'internal', status: 500, text: { 'zh-CN': '服务器内部错误，已记录', en: 'internal error; it has been logged' } }).catch(() => undefined);
  }
}

async function fail(deps: RunnerDeps, job: JobRecord, failure: JobFailure): Promise<void> {
  await deps.store.putRecord({ ...job, status: 'failed', finishedAt: now(), failure });
  await deps.store.remove(job, ['input']);
  deps.log({ time: now(), level: failure.problem === 'internal' ? 'error' : 'info', job: job.id, status: 'failed', problem: failure.problem });
}
