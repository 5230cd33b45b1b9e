import type { Lang } from '../../shared/src/index.js';
import type { ChangedCell } from '../workbook/model/outcomes.js';

/**
 * `policycell recalc --remote` for a workbook too large for a request body: through a job
 * (functions/http/jobs/jobs-route.ts). The workbook goes straight to the store through the upload
 * URL the server signs, the server computes it for up to 15 minutes, the result comes back through
 * a download URL, and the job is removed. Every way this can fail is a RemoteJobFailure naming its
 * kind and saying, in both languages, what happened and what to do.
 */

/** What the server reports of a job's workbook (GET /v1/jobs/{id}, `summary`). */
export interface JobResultSummary {
  policy: string;
  formulas: number;
  errors: Record<string, number>;
  evaluator: 'fast' | 'hyperformula';
  kept: number;
  keptReasons: Record<string, number>;
  assumed: number;
  assumedReasons: Record<string, number>;
  /** From a server that reports them (older ones do not): see functions/jobs/job.ts. */
  uncertain?: number;
  changed?: number;
  calibrated?: boolean;
  calibrationReason?: string;
  savedPolicy?: string;
  policySaved?: boolean;
  policyNotSaved?: string;
}

export interface JobClientOptions {
  apiKey?: string | undefined;
  policy?: string | undefined;
  whatIf?: string | undefined;
  savePolicy?: boolean | undefined;
  strict?: boolean | undefined;
  /** Ask for the list of changed cells, which comes down through the store beside the workbook. */
  changes?: boolean | undefined;
  lang: Lang;
}

/** The kinds of a job's failure beyond a workbook's own problems (which the server names). */
export type JobClientProblem = 'jobsUnavailable' | 'auth' | 'uploadRefused' | 'downloadFailed' | 'expired' | 'tooLarge' | 'server' | 'refused' | 'timeout';

export class RemoteJobFailure {
  constructor(
    readonly problem: string,
    readonly text: Record<Lang, string>,
    readonly cell?: string,
  ) {}

  messageIn(lang: Lang): string {
    return this.text[lang];
  }
}

/**
 * Polling: quickly at first (a small job is done in a second), then every few seconds, always under
 * the 5 s a Node server keeps an idle connection open, so that a poll finds its connection alive.
 */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 3000;
/** Past this the client stops waiting; the server itself reports a job out of its time long before. */
const GIVE_UP_MS = 20 * 60 * 1000;
/** A busy answer (429, 503) is asked again this often, waiting as it says. */
const BUSY_RETRIES = 5;

type ProblemBody = { detail?: unknown; problem?: unknown; cell?: unknown };

const TEXT: Record<JobClientProblem, Record<Lang, (s: number, d: string) => string>> = {
  jobsUnavailable: {
    'zh-CN': (s, d) => `服务器不接受任务（POST /v1/jobs 返回 ${s}），无法发送这么大的工作簿${d ? `：${d}` : ''}`,
    en: (s, d) => `the server takes no jobs (POST /v1/jobs answered ${s}), so a workbook this large cannot be sent to it${d ? `: ${d}` : ''}`,
  },
  auth: {
    'zh-CN': (s, d) => `服务器拒绝了 API 密钥（${s}）：请用 --api-key 或 POLICYCELL_API_KEY 提供有效的密钥${d ? `。${d}` : ''}`,
    en: (s, d) => `the server refused the API key (${s}): give a valid key with --api-key or POLICYCELL_API_KEY${d ? `. ${d}` : ''}`,
  },
  uploadRefused: {
    'zh-CN': (s, d) => `存储拒绝了上传（${s}）：上传地址已过期或大小不符${d ? `：${d}` : ''}`,
    en: (s, d) => `the store refused the upload (${s}): the upload URL expired or the size differs${d ? `: ${d}` : ''}`,
  },
  downloadFailed: {
    'zh-CN': (s, d) => `无法下载结果（${s}）${d ? `：${d}` : ''}`,
    en: (s, d) => `the result could not be downloaded (${s})${d ? `: ${d}` : ''}`,
  },
  expired: {
    'zh-CN': (s, d) => `任务或其结果已过期（${s}）${d ? `：${d}` : ''}`,
    en: (s, d) => `the job or its result has expired (${s})${d ? `: ${d}` : ''}`,
  },
  tooLarge: {
    'zh-CN': (s, d) => `工作簿超过服务器的上限（${s}）${d ? `：${d}` : ''}`,
    en: (s, d) => `the workbook is larger than the server accepts (${s})${d ? `: ${d}` : ''}`,
  },
  server: {
    'zh-CN': (s, d) => `服务器出错（${s}），工作簿未重算${d ? `：${d}` : ''}`,
    en: (s, d) => `the server failed (${s}); the workbook was not recalculated${d ? `: ${d}` : ''}`,
  },
  refused: {
    'zh-CN': (s, d) => `服务器返回 ${s}：${d}`,
    en: (s, d) => `the server answered ${s}: ${d}`,
  },
  timeout: {
    'zh-CN': (_s, d) => `等待任务结果超过 ${GIVE_UP_MS / 60000} 分钟，已放弃${d ? `：${d}` : ''}`,
    en: (_s, d) => `gave up waiting for the job after ${GIVE_UP_MS / 60000} minutes${d ? `: ${d}` : ''}`,
  },
};

function say(kind: JobClientProblem, status: number, detail: string, cell?: string): RemoteJobFailure {
  return new RemoteJobFailure(kind, { 'zh-CN': TEXT[kind]['zh-CN'](status, detail), en: TEXT[kind].en(status, detail) }, cell);
}

/** A failed answer of the job routes: the server's named problem when it gives one (a workbook's, or a job's), else what the status means. */
async function failure(res: Response, step: 'create' | 'other'): Promise<RemoteJobFailure> {
  const text = await res.text();
  let body: ProblemBody;
  try {
    body = (JSON.parse(text) ?? {}) as ProblemBody;
  } catch {
    body = { detail: text.slice(0, 200) };
  }
  const detail = (typeof body.detail === 'string' ? body.detail : '').slice(0, 500);
  const s = res.status;
  const cell = typeof body.cell === 'string' ? body.cell : undefined;
  if (s === 401 || s === 403) return say('auth', s, detail);
  if (step === 'create' && (s === 404 || s === 405 || s === 501)) return say('jobsUnavailable', s, detail);
  if (s === 410) return say('expired', s, detail);
  // A workbook's own problem (a budget exceeded, a corrupt file…), as the workbook route names it.
  if (typeof body.problem === 'string' && !['noSuchJob', 'expired', 'notUploaded', 'started', 'notReady', 'unavailable', 'badJobId', 'internal'].includes(body.problem)) {
    return new RemoteJobFailure(body.problem, { 'zh-CN': TEXT.refused['zh-CN'](s, detail), en: TEXT.refused.en(s, detail) }, cell);
  }
  if (s === 413) return say('tooLarge', s, detail);
  if (s >= 500) return say('server', s, detail);
  return say('refused', s, detail);
}

/** What a store (S3) says when it refuses: its XML error's code and message. */
async function storeSays(res: Response): Promise<string> {
  const xml = await res.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
  return [code, message].filter(Boolean).join(': ').slice(0, 300);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobView {
  id: string;
  state: string;
  upload?: { method: string; url: string; headers: Record<string, string> };
  result?: { url: string; headers: Record<string, string> };
  changesResult?: { url: string; headers: Record<string, string> };
  summary?: JobResultSummary;
}

/** Recalculates one workbook through a job on the server at `base`; the result's bytes and the server's summary. */
export async function recalcThroughJob(base: string, bytes: Uint8Array, opts: JobClientOptions): Promise<{ bytes: Uint8Array; summary: JobResultSummary; changes?: ChangedCell[] }> {
  const root = base.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'accept-language': opts.lang };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const send = () =>
        fetch(`${root}${path}`, {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      // A kept-alive connection the server closed just as it was reused fails before any answer:
      // sent once more on a new one. Each job request may be repeated (a second start is 409 started).
      const res = await send().catch(() => send());
      if ((res.status !== 429 && res.status !== 503) || attempt >= BUSY_RETRIES) return res;
      await res.arrayBuffer();
      await sleep(Math.min(30, Number(res.headers.get('retry-after')) || 1 + attempt) * 1000);
    }
  };

  const created = await call('POST', '/v1/jobs', {
    bytes: bytes.byteLength,
    lang: opts.lang,
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.whatIf ? { whatIf: opts.whatIf } : {}),
    ...(opts.savePolicy ? { savePolicy: true } : {}),
    ...(opts.strict ? { strict: true } : {}),
    ...(opts.changes ? { changes: true } : {}),
  });
  if (created.status !== 201) throw await failure(created, 'create');
  let job = (await created.json()) as JobView;
  const path = `/v1/jobs/${encodeURIComponent(job.id)}`;
  try {
    await upload(job, bytes, async () => {
      // An upload URL that expired (a slow start, a long queue of workbooks): the job gives a fresh one.
      const again = await call('GET', path);
      if (!again.ok) throw await failure(again, 'other');
      return (await again.json()) as JobView;
    });
    const started = await call('POST', `${path}/start`);
    if (started.status !== 202 && !(await startedBefore(started))) throw await failure(started, 'other');
    const giveUp = Date.now() + GIVE_UP_MS;
    for (let wait = FIRST_POLL_MS; ; wait = Math.min(MAX_POLL_MS, wait * 1.5)) {
      await sleep(wait);
      const polled = await call('GET', path);
      if (!polled.ok) throw await failure(polled, 'other');
      job = (await polled.json()) as JobView;
      if (job.state === 'done') break;
      if (Date.now() > giveUp) throw say('timeout', 0, job.state);
    }
    const refresh = async () => {
      const again = await call('GET', path);
      if (!again.ok) throw await failure(again, 'other');
      return (await again.json()) as JobView;
    };
    const result = await download(job.result, async () => (await refresh()).result);
    // A server that keeps no list of changes (an older one) gives no URL for it: the caller says so.
    if (!opts.changes || !job.changesResult) return { bytes: result, summary: job.summary! };
    const list = await download(job.changesResult, async () => (await refresh()).changesResult);
    let changes: ChangedCell[];
    try {
      changes = JSON.parse(new TextDecoder().decode(list)) as ChangedCell[];
      if (!Array.isArray(changes)) throw new Error('not a list');
    } catch (e) {
      throw say('downloadFailed', 0, `changes: ${(e as Error).message}`);
    }
    return { bytes: result, summary: job.summary!, changes };
  } finally {
    // The workbook and its result are payroll: removed now, not left for the bucket's day.
    await call('DELETE', path).then((r) => r.arrayBuffer()).catch(() => undefined);
  }
}

/** A 409 `started`: the start was sent again after its connection broke, and the first one went through. */
async function startedBefore(res: Response): Promise<boolean> {
  if (res.status !== 409) return false;
  const body = (await res.clone().json().catch(() => ({}))) as ProblemBody;
  return body.problem === 'started';
}

/** Only what a store needs besides the body (the length is the body's own). */
function storeHeaders(h: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).filter(([k]) => !['content-length', 'host'].includes(k.toLowerCase())));
}

async function upload(job: JobView, bytes: Uint8Array, refresh: () => Promise<JobView>): Promise<void> {
  let target = job.upload;
  for (let attempt = 0; ; attempt++) {
    if (!target) throw say('refused', 0, 'no upload URL');
    const res = await fetch(target.url, { method: target.method || 'PUT', headers: storeHeaders(target.headers), body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    if (res.ok) {
      await res.arrayBuffer();
      return;
    }
    const why = await storeSays(res);
    if (attempt >= 1 || res.status !== 403) throw say('uploadRefused', res.status, why);
    target = (await refresh()).upload;
  }
}

async function download(first: JobView['result'], refresh: () => Promise<JobView['result']>): Promise<Uint8Array> {
  let target = first;
  for (let attempt = 0; ; attempt++) {
    if (!target) throw say('downloadFailed', 0, 'no download URL');
    const res = await fetch(target.url, { headers: storeHeaders(target.headers) });
    if (res.ok) return new Uint8Array(await res.arrayBuffer());
    const why = await storeSays(res);
    // A download URL that expired while other workbooks were written: the job signs a fresh one.
    if (attempt >= 1 || (res.status !== 403 && res.status !== 404)) throw say('downloadFailed', res.status, why);
    target = await refresh();
  }
}
