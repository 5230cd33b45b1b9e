import type { BatchAnswer, Engine, Lang } from '../../shared/src/index.js';
import { runBatch } from '../../shared/src/index.js';
import type { RequestProblem } from './problem-document.js';
import { batchBody, checkBody } from './schemas.js';
import { SLICED_BATCH, runBatchSliced } from './sliced-batch.js';

/** The path of the batch route: the `instance` of its problems, on the API and printed by the CLI. */
export const BATCH_PATH = '/v1/batch';

export type BatchOutcome =
  | { ok: true; answer: BatchAnswer; lang: Lang; calls: unknown[]; /** the answer's JSON when it was serialised in slices */ body?: string | Uint8Array }
  | { ok: false; problem: RequestProblem };

/**
 * A `/v1/batch` body (parsed JSON) checked and computed exactly as the route does it: the schema,
 * then the batch's own checks (too many calls, an unknown policy), then the calls. `POST /v1/batch`
 * and `policycell eval --batch` both answer through here, so a bad body is the same problem on
 * both. A big batch is computed in slices (sliced-batch.ts) so that other requests are not kept
 * waiting; the answer is the same.
 */
export async function answerBatch(engine: Engine, body: unknown, opts: { langOf: (bodyLang: unknown) => Lang; maxCalls: number }): Promise<BatchOutcome> {
  const checked = checkBody(batchBody, body, opts.langOf);
  if (!checked.ok) return checked;
  const { data, lang } = checked;
  const sliced = data.calls.length > SLICED_BATCH;
  const run = { lang, maxCalls: opts.maxCalls };
  const out = sliced ? await runBatchSliced(engine, data, run) : { ...runBatch(engine, data, run), body: undefined };
  if (!out.ok) {
    const { status, detail, ...extra } = out.problem;
    return { ok: false, problem: { status, detail, extra, lang } };
  }
  return { ok: true, answer: out.answer, lang, calls: data.calls, ...(out.body !== undefined ? { body: out.body } : {}) };
}
