import type { BatchAnswer, Engine, Lang } from '../shared/src/index.js';
import { policyRef, runBatch } from '../shared/src/index.js';
import { prepareBatch } from '../shared/src/batch.js';

/**
 * Big batches are computed in slices, all of them taking turns in one queue: each turn of the
 * event loop gives the queue's batches SLICE_MS between them, one slice after another, and then
 * lets every other request through. So a single call or /healthz waits at most one slice, however
 * many batches run (a batch of 10,000 explanations used to hold the loop 1.4 s; with four of them
 * in flight a single call took 1.1 s), and the batches still get every moment the loop is idle.
 * The answer is exactly runBatch's; small batches (the common case, and the benchmark's) run in
 * one go, with no await.
 */

/** Calls above which a batch is sliced. */
export const SLICED_BATCH = 256;
/** Work per turn of the event loop, ms: small against a single call's latency goal. */
const SLICE_MS = 2;

/** A piece of sliced work: runs until the deadline and says whether it has finished. */
type Step = (deadline: number) => boolean;

const queue: { step: Step; done: () => void }[] = [];
let scheduled = false;

function turn(): void {
  scheduled = false;
  const deadline = performance.now() + SLICE_MS;
  while (queue.length && performance.now() < deadline) {
    const task = queue.shift()!;
    if (task.step(deadline)) task.done();
    else queue.push(task);
  }
  if (queue.length) {
    scheduled = true;
    setImmediate(turn);
  }
}

function sliced(step: Step): Promise<void> {
  return new Promise((done) => {
    queue.push({ step, done });
    if (!scheduled) {
      scheduled = true;
      setImmediate(turn);
    }
  });
}

type Outcome = ReturnType<typeof runBatch>;

export async function runBatchSliced(engine: Engine, body: unknown, opts: { lang?: Lang; maxCalls?: number }): Promise<Outcome> {
  const p = prepareBatch(engine, body, opts);
  if (!p.ok) return p;
  const { policy, lang, results, todo } = p.batch;
  let i = 0;
  await sliced((deadline) => {
    while (i < todo.length) {
      const call = todo[i++]!;
      results[call.index] = engine.callWith(call.fn, call.args, policy, lang);
      if ((i & 7) === 0 && performance.now() > deadline) return false;
    }
    return true;
  });
  return { ok: true, answer: { policy: policyRef(policy), results } };
}

/**
 * JSON.stringify(answer) as UTF-8 bytes, in slices too: 10,000 explanations are 5.5 MB of JSON,
 * and serialising it, or encoding it as one string, held the loop for tens of milliseconds.
 */
export async function stringifySliced(answer: BatchAnswer): Promise<Uint8Array> {
  const parts: Buffer[] = new Array(answer.results.length);
  let i = 0;
  let size = 0;
  await sliced((deadline) => {
    while (i < parts.length) {
      const part = Buffer.from(JSON.stringify(answer.results[i]));
      parts[i] = part;
      size += part.length;
      if ((++i & 63) === 0 && performance.now() > deadline) return false;
    }
    return true;
  });
  const head = Buffer.from(`{"policy":${JSON.stringify(answer.policy)},"results":[`);
  const out = Buffer.allocUnsafe(head.length + size + Math.max(0, parts.length - 1) + 2);
  let at = head.copy(out, 0);
  parts.forEach((part, k) => {
    if (k > 0) out[at++] = 44; // ,
    at += part.copy(out, at);
  });
  out[at++] = 93; // ]
  out[at++] = 125; // }
  return out;
}
