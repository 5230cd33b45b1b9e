import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import type { Engine, Lang } from '../../../shared/src/index.js';
import type { AppConfig } from '../../config.js';
import type { JobConfig } from '../../jobs/job-config.js';
import type { JobStore } from '../../jobs/job-store.js';
import type { JobRecord } from '../../jobs/job.js';
import { OPEN_OWNER, deadline, isExpired, isJobId, newJobId, ownerOf, timeFailure } from '../../jobs/job.js';
import { WorkbookError } from '../../workbook/model/workbook-error.js';
import type { Env } from '../app.js';
import { bearerToken } from '../middleware/auth.js';
import { readJson } from '../middleware/limits.js';
import { problem, requestLang, sendProblem, t } from '../middleware/problem.js';
import { addHeader, send, sendJson } from '../middleware/respond.js';
import { checkBody } from '../schemas.js';
import type { LaunchJob } from './job-launcher.js';
import { jobProblem } from './job-problems.js';

/**
 * The job routes: a workbook of any size, computed for up to 15 minutes.
 *
 *   POST   /v1/jobs             {"bytes": N, "policy"?, "whatIf"?, "savePolicy"?, "strict"?, "changes"?,
 *                                "seconds"?, "lang"?} → 201, an upload URL
 *   (PUT the workbook to that URL: straight to S3, never through the API)
 *   POST   /v1/jobs/{id}/start  → 202, the runner is queued
 *   GET    /v1/jobs/{id}        → 200 the job's state (with a download URL once done, and one of the
 *                                 list of changed cells, `changesResult`, when asked), or the
 *                                 workbook's problem as the workbook route would answer it
 *   DELETE /v1/jobs/{id}        → 204, its objects removed now rather than after a day
 *
 * A job belongs to the API key that made it; with another key it does not exist (404).
 */

export interface JobRouteDeps {
  config: JobConfig;
  store: JobStore;
  launch: LaunchJob;
}

/** How a job is shown: its state and times, what it was asked, and what it computed. */
function view(job: JobRecord): Record<string, unknown> {
  const { id, status, createdAt, expiresAt, bytes, seconds, policy, whatIf, savePolicy, strict, changes, queuedAt, startedAt, finishedAt, summary } = job;
  return { id, state: status, createdAt, expiresAt, bytes, seconds, ...(policy ? { policy } : {}), ...(whatIf ? { whatIf } : {}), ...(savePolicy ? { savePolicy } : {}), ...(strict ? { strict } : {}), ...(changes ? { changes } : {}), ...(queuedAt ? { queuedAt } : {}), ...(startedAt ? { startedAt } : {}), ...(finishedAt ? { finishedAt } : {}), ...(summary ? { summary } : {}) };
}

/** A failed job, answered as its workbook's problem (the status the workbook route gives it), or 500 for a fault of ours. */
function failed(c: Context, lang: Lang, job: JobRecord): Response {
  const f = job.failure ?? { problem: 'internal' as const, status: 500 as const, text: { 'zh-CN': '任务失败', en: 'the job failed' } };
  if (f.problem === 'internal') return problem(c, 500, f.text[lang], { problem: 'internal', job: job.id, state: 'failed' }, lang);
  const { status, ...data } = f;
  const e = WorkbookError.fromJSON(data);
  return problem(c, status, e.messageIn(lang), { problem: e.problem, job: job.id, state: 'failed', ...(e.cell ? { cell: e.cell } : {}), ...e.detail }, lang);
}

export function mountJobs(deps: JobRouteDeps | undefined): (app: Hono<Env>, config: AppConfig, engine: Engine) => void {
  return (app, appConfig, engine) => {
    if (!deps) {
      const off = (c: Context) => problem(c, 501, t(requestLang(c), '此服务未启用任务（未配置存储桶）', 'jobs are not enabled on this server (no bucket is configured)'));
      app.post('/v1/jobs', off);
      app.get('/v1/jobs/:id', off);
      app.post('/v1/jobs/:id/start', off);
      app.delete('/v1/jobs/:id', off);
      return;
    }
    const { config, store, launch } = deps;
    const owner = (c: Context) => (appConfig.apiKeys.length === 0 ? OPEN_OWNER : ownerOf(bearerToken(c)));
    const body = z.object({
      bytes: z.int().check(z.positive()),
      policy: z.optional(z.string().check(z.maxLength(200))),
      whatIf: z.optional(z.string().check(z.maxLength(200))),
      savePolicy: z.optional(z.boolean()),
      strict: z.optional(z.boolean()),
      changes: z.optional(z.boolean()),
      seconds: z.optional(z.number().check(z.positive(), z.maximum(config.maxSeconds))),
      lang: z.optional(z.string().check(z.maxLength(35))),
    });

    /** The job the path names, for the caller's key; or the 404/410 to answer (an expired job may still be removed). */
    const find = async (c: Context, expiredToo = false): Promise<{ job: JobRecord; lang: Lang } | Response> => {
      const lang = requestLang(c);
      const id = c.req.param('id') ?? '';
      if (!isJobId(id)) return jobProblem(c, lang, 'badJobId', id);
      const job = await store.getRecord(owner(c), id);
      if (!job) return jobProblem(c, lang, 'noSuchJob', id);
      if (isExpired(job) && !expiredToo) return jobProblem(c, lang, 'expired', id, { expiresAt: job.expiresAt });
      return { job, lang };
    };

    app.post('/v1/jobs', async (c) => {
      const r = await readJson(c, appConfig.limits.jsonBytes);
      if (!r.ok) return r.res;
      const checked = checkBody(body, r.body ?? {}, (bodyLang) => requestLang(c, bodyLang));
      if (!checked.ok) return sendProblem(c, checked.problem);
      const { data, lang } = checked;
      if (data.bytes > config.maxBytes) {
        return problem(c, 413, t(lang, `工作簿有 ${data.bytes} 字节，任务上限为 ${config.maxBytes} 字节`, `the workbook has ${data.bytes} bytes; a job takes at most ${config.maxBytes}`), { problem: 'tooLarge', budget: 'bytes', limit: config.maxBytes }, lang);
      }
      for (const [name, ref] of [['policy', data.policy], ['whatIf', data.whatIf]] as const) {
        if (ref === undefined) continue;
        try {
          engine.policy(ref);
        } catch (e) {
          const msg = (e as { messageIn?: (l: Lang) => string }).messageIn?.(lang) ?? String(e);
          return problem(c, 404, msg, { path: `$.${name}`, available: engine.registry.refs() }, lang);
        }
      }
      const now = Date.now();
      const job: JobRecord = {
        id: newJobId(),
        owner: owner(c),
        status: 'created',
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + config.ttlSeconds * 1000).toISOString(),
        bytes: data.bytes,
        seconds: data.seconds ?? config.maxSeconds,
        ...(data.policy !== undefined ? { policy: data.policy } : {}),
        ...(data.whatIf !== undefined ? { whatIf: data.whatIf } : {}),
        ...(data.savePolicy ? { savePolicy: true } : {}),
        ...(data.strict ? { strict: true } : {}),
        ...(data.changes ? { changes: true } : {}),
        lang,
      };
      await store.putRecord(job);
      addHeader(c, 'Location', `/v1/jobs/${job.id}`);
      return sendJson(c, { ...view(job), upload: await store.uploadUrl(job) }, 201);
    });

    app.get('/v1/jobs/:id', async (c) => {
      const found = await find(c);
      if (found instanceof Response) return found;
      const { job, lang } = found;
      if (job.status === 'failed') return failed(c, lang, job);
      if (job.status === 'created') return sendJson(c, { ...view(job), upload: await store.uploadUrl(job) });
      if (job.status === 'queued' || job.status === 'running') {
        // A runner that never reports (stopped at the Lambda limit, its event dropped) leaves the record as it was.
        if (Date.now() >= deadline(job)!) return failed(c, lang, { ...job, status: 'failed', failure: timeFailure(job.seconds) });
        addHeader(c, 'Retry-After', '2');
        return sendJson(c, view(job));
      }
      const size = await store.resultSize(job);
      if (size === undefined) {
        return jobProblem(c, lang, 'expired', job.id, {}, { 'zh-CN': `任务 ${job.id} 的结果已不在存储中（已过期或已删除）`, en: `the result of job ${job.id} is no longer stored (expired or removed)` });
      }
      // The list of changed cells, when the job asked for it, comes down the same way as the workbook.
      const changesSize = job.changes ? await store.changesSize(job) : undefined;
      const changes = changesSize === undefined ? {} : { changesResult: { ...(await store.downloadUrl(job, 'changes')), bytes: changesSize } };
      return sendJson(c, { ...view(job), result: { ...(await store.downloadUrl(job)), bytes: size }, ...changes });
    });

    app.post('/v1/jobs/:id/start', async (c) => {
      const found = await find(c);
      if (found instanceof Response) return found;
      const { job, lang } = found;
      if (job.status !== 'created') return jobProblem(c, lang, 'started', job.id, { state: job.status });
      const size = await store.inputSize(job);
      if (size === undefined) return jobProblem(c, lang, 'notUploaded', job.id);
      const limit = Math.min(job.bytes, config.maxBytes);
      if (size > limit) {
        await store.remove(job, ['input']);
        return jobProblem(c, lang, 'tooLarge', job.id, { budget: 'bytes', limit }, { 'zh-CN': `上传的工作簿有 ${size} 字节，超过了 ${limit} 字节的上限（任务申报的大小）`, en: `the uploaded workbook has ${size} bytes, more than the limit of ${limit} (the size the job declared)` });
      }
      const queued: JobRecord = { ...job, status: 'queued', queuedAt: new Date().toISOString() };
      await store.putRecord(queued);
      try {
        await launch({ job: { owner: job.owner, id: job.id } });
      } catch (e) {
        await store.putRecord(job);
        appConfig.log({ time: new Date().toISOString(), level: 'error', requestId: c.get('requestId'), route: c.req.routePath, error: (e as Error).name, message: (e as Error).message });
        addHeader(c, 'Retry-After', '5');
        return jobProblem(c, lang, 'unavailable', job.id);
      }
      return sendJson(c, view(queued), 202);
    });

    app.delete('/v1/jobs/:id', async (c) => {
      const found = await find(c, true);
      if (found instanceof Response) return found;
      await store.remove(found.job);
      return send(c, null, 204, null);
    });
  };
}
