import type { Context } from 'hono';
import type { Lang, Text2 } from '../../../shared/src/index.js';
import { problem, t } from '../middleware/problem.js';

/**
 * The job routes' own problems, each with a `problem` member naming its kind (as a workbook's
 * problems do), so that a client can act on it without reading the text: the CLI's line for each
 * says what to do.
 */
export type JobProblemKind = 'noSuchJob' | 'expired' | 'notUploaded' | 'started' | 'tooLarge' | 'notReady' | 'unavailable' | 'badJobId';

/** The kind's answer; `text` replaces its usual words when the route knows more (the sizes of a workbook too large). */
export function jobProblem(c: Context, lang: Lang, kind: JobProblemKind, id: string, extra: Record<string, unknown> = {}, text?: Text2): Response {
  const shown = id.slice(0, 40);
  const [status, zh, en]: [number, string, string] = {
    badJobId: [404, `「${shown}」不是任务编号`, `"${shown}" is not a job id`],
    noSuchJob: [404, `此 API 密钥下没有任务 ${shown}（任务保留一天）`, `there is no job ${shown} for this API key (jobs are kept for a day)`],
    expired: [410, `任务 ${shown} 已过期：任务及其工作簿只保留一天`, `job ${shown} has expired: jobs and their workbooks are kept for a day`],
    notUploaded: [409, `任务 ${shown} 的工作簿尚未上传：先用上传地址 PUT 工作簿，再开始任务`, `the workbook of job ${shown} has not been uploaded: PUT it to the upload URL, then start the job`],
    started: [409, `任务 ${shown} 已经开始`, `job ${shown} has already been started`],
    tooLarge: [413, `任务 ${shown} 的工作簿超过上限`, `the workbook of job ${shown} is larger than the limit`],
    notReady: [409, `任务 ${shown} 尚未完成`, `job ${shown} has not finished`],
    unavailable: [503, `无法启动任务 ${shown}，请稍后再试`, `job ${shown} could not be started; try again shortly`],
  }[kind] as [number, string, string];
  return problem(c, status, text ? text[lang] : t(lang, zh, en), { problem: kind, ...(kind === 'badJobId' ? {} : { job: id }), ...extra }, lang);
}
