import { createHash, randomBytes } from 'node:crypto';
import type { Lang, Text2 } from '../../shared/src/index.js';
import type { WorkbookErrorData } from '../workbook/model/workbook-error.js';

/**
 * A recalculation job: a workbook too large for a request body (the Lambda payload limit is 6 MB
 * each way, base64 included) or too slow for the HTTP API's 30 s, stored in S3 and computed by a
 * function of its own for up to the Lambda limit of 15 minutes. Its life:
 *
 *   created  → the client has an upload URL (POST /v1/jobs)
 *   queued   → the workbook is uploaded and the runner was invoked (POST /v1/jobs/{id}/start)
 *   running  → the runner has read the job and is computing
 *   done     → the result object is written (GET /v1/jobs/{id} gives a download URL)
 *   failed   → the workbook's problem (or ours), answered as problem+json
 *
 * The record is a small JSON object beside the workbook in the bucket, under a prefix of its
 * owner: a job is found only with the API key that made it, so another key's job id is simply not
 * there (404, never 403: its existence is not disclosed).
 */

export type JobStatus = 'created' | 'queued' | 'running' | 'done' | 'failed';

/** What the runner reports of a recalculated workbook: the sync route's headers, as JSON. */
export interface JobSummary {
  policy: string;
  formulas: number;
  errors: Record<string, number>;
  evaluator: 'fast' | 'hyperformula';
  kept: number;
  keptReasons: Record<string, number>;
  assumed: number;
  assumedReasons: Record<string, number>;
  /** Cells computed anew whose formula differs from Excel's answer elsewhere in the file. */
  uncertain: number;
  /** Formula cells written with another value than the file held; their list is the job's changes object when asked. */
  changed: number;
  /** Whether the file's cached values were Excel's and checked this engine's answers, and why (in the job's language). */
  calibrated: boolean;
  calibrationReason: string;
  /** The policy the workbook names as its own, and, when the job asked to save the policy, whether it was. */
  savedPolicy?: string;
  policySaved?: boolean;
  policyNotSaved?: string;
  /** Bytes of the result workbook. */
  bytes: number;
}

/**
 * Why a job failed, with the status it is answered with: the workbook's own problem (the 4xx the
 * workbook route gives it), or a fault of ours (500).
 */
export type JobFailure = (WorkbookErrorData & { status: number }) | { problem: 'internal'; status: 500; text: Text2 };

export interface JobRecord {
  id: string;
  owner: string;
  status: JobStatus;
  createdAt: string;
  /** After this the job and its objects are gone (the bucket's lifecycle rule deletes them too). */
  expiresAt: string;
  /** The size the client declared, and the upload URL signed for. */
  bytes: number;
  /** The policy for a workbook that names none (as X-Policy on the sync route). */
  policy?: string;
  /** Computed under this policy whatever the workbook names (what-if); `savePolicy` writes it as the workbook's setting. */
  whatIf?: string;
  savePolicy?: boolean;
  strict?: boolean;
  /** List the changed cells (written beside the result, as the changes object). */
  changes?: boolean;
  /** The language of the summary's texts (the calibration's reason). */
  lang?: Lang;
  /** The job's time budget, seconds. */
  seconds: number;
  queuedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  summary?: JobSummary;
  failure?: JobFailure;
}

/** A job id: 128 random bits, base64url (22 characters). Unguessable, so it never needs to be secret in logs. */
export function newJobId(): string {
  return randomBytes(16).toString('base64url');
}

const JOB_ID = /^[A-Za-z0-9_-]{22}$/;

export function isJobId(s: string): boolean {
  return JOB_ID.test(s);
}

/** The owner without API keys (a local stack listening on loopback only). */
export const OPEN_OWNER = 'open';

/**
 * The owner of the jobs made with an API key: a digest of the key, so the key itself is never
 * stored or written into an object's name. Keys are long random strings; a digest cannot be
 * turned back into one.
 */
export function ownerOf(apiKey: string | undefined): string {
  if (apiKey === undefined) return OPEN_OWNER;
  return createHash('sha256').update(`policycell job owner\n${apiKey}`, 'utf8').digest('hex').slice(0, 32);
}

const OWNER = /^(open|[0-9a-f]{32})$/;

export function isOwner(s: string): boolean {
  return OWNER.test(s);
}

/** Where a job's objects live in the bucket: everything of one job under one prefix. */
export function jobKeys(owner: string, id: string): { record: string; input: string; result: string; changes: string } {
  const prefix = `jobs/${owner}/${id}`;
  return { record: `${prefix}/job.json`, input: `${prefix}/input.xlsx`, result: `${prefix}/result.xlsx`, changes: `${prefix}/changes.json` };
}

/**
 * How long a queued job may wait for its runner: the runner function's `maximumEventAge` in
 * serverless.yml (an async invocation older than that is dropped by Lambda, never run).
 */
export const QUEUE_SECONDS = 300;

/** Time the runner keeps to write its answer after the workbook's budget runs out. */
export const ANSWER_SECONDS = 10;

/**
 * The moment a queued or running job is past hope: it may wait in Lambda's queue, then compute for
 * its budget, then write. A job still queued or running after this never reports (the function was
 * stopped, or its invocation dropped) and is answered as having run out of time.
 */
export function deadline(job: JobRecord): number | undefined {
  if (job.status !== 'queued' && job.status !== 'running') return undefined;
  const from = Date.parse(job.queuedAt ?? job.createdAt);
  return from + (QUEUE_SECONDS + job.seconds + ANSWER_SECONDS) * 1000;
}

/** A job that did not finish within its budget: the workbook's problem, as the pool reports one over its time (413). */
export function timeFailure(seconds: number): JobFailure {
  return { problem: 'tooLarge', status: 413, text: { 'zh-CN': `任务未能在 ${seconds} 秒的时限内完成`, en: `the job did not finish within its time budget of ${seconds} s` }, budget: 'time', limit: seconds };
}

export function isExpired(job: JobRecord, now = Date.now()): boolean {
  return now >= Date.parse(job.expiresAt);
}
