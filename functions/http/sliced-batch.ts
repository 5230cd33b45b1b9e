import type { BatchAnswer, Engine, Lang, Problem } from '../../shared/src/index.js';
import { policyRef } from '../../shared/src/index.js';
import { prepareBatch } from '../../shared/src/batch.js';

/**
 * Big batches are computed and serialised in slices, all of them taking turns in one queue: each
 * turn of the event loop gives the queue's batches SLICE_MS between them, one slice after
 * another, and then lets every other request through. So a single call or /healthz waits at most
 * a slice or two, however many batches run (a batch of 10,000 explanations used to hold the loop
 * 1.4 s; with four of them in flight a single call took 1.1 s), and the batches still get every
 * moment the loop is idle. A batch first runs FIRST_MS at once, as it arrives: most batches (1,000
 * mixed calls take about 5 ms) finish in it, without a yield or a turn in the queue, as before
 * (taking turns cost such batches 40% of their throughput, measured). The answer is exactly
 * runBatch's, serialised as JSON.stringify would.
 */

/** Calls above which a batch goes through here at all. */
export const SLICED_BATCH = 256;
/** Work per turn of the event loop, ms, for all queued batches together. */
const SLICE_MS = 2;
/** Work a batch does at once as it arrives, ms. */
const FIRST_MS = 8;
/** Results serialised in one JSON.stringify call. */
const CHUNK = 128;

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

/** Runs `step` to its end: at once for FIRST_MS, then in turns with the other batches. */
function sliced(step: Step): Promise<void> | undefined {
  if (step(performance.now() + FIRST_MS)) return undefined;
  return new Promise((done) => {
    queue.push({ step, done });
    if (!scheduled) {
      scheduled = true;
      setImmediate(turn);
    }
  });
}

export type SlicedOutcome = { ok: true; answer: BatchAnswer; body: string | Uint8Array } | { ok: false; problem: Problem };

/**
 * A `/v1/batch` body computed and serialised in slices: runBatch's answer, and its JSON (a string
 * when the batch was done in its first slice, as most are; UTF-8 bytes made in slices otherwise).
 */
export async function runBatchSliced(engine: Engine, body: unknown, opts: { lang?: Lang; maxCalls?: number }): Promise<SlicedOutcome> {
  const p = prepareBatch(engine, body, opts);
  if (!p.ok) return p;
  const { policy, lang, results, todo } = p.batch;
  const answer: BatchAnswer = { policy: policyRef(policy), results };
  let i = 0;
  // Serialised a chunk of results at a time, each chunk encoded at once: 10,000 explanations are
  // 5.5 MB of JSON, and stringifying or encoding it in one piece held the loop tens of ms.
  const parts: Buffer[] = [];
  let size = 0;
  let j = 0;
  let first = true;
  let whole: string | undefined;
  const pending = sliced((deadline) => {
    while (i < todo.length) {
      const call = todo[i++]!;
      results[call.index] = engine.callWith(call.fn, call.args, call.policy, lang);
      if ((i & 15) === 0 && performance.now() > deadline) {
        first = false;
        return false;
      }
    }
    if (first) {
      // Done in one go: one JSON.stringify, as runBatch's answer would be sent.
      whole = JSON.stringify(answer);
      return true;
    }
    while (j < results.length) {
      const end = Math.min(results.length, j + CHUNK);
      const text = JSON.stringify(results.slice(j, end));
      const part = Buffer.from(text.slice(1, -1));
      parts.push(part);
      size += part.length;
      j = end;
      if (performance.now() > deadline) return false;
    }
    return true;
  });
  if (pending) await pending;
  if (whole !== undefined) return { ok: true, answer, body: whole };
  const head = Buffer.from(`{"policy":${JSON.stringify(answer.policy)},"results":[`);
  const bytes = Buffer.allocUnsafe(head.length + size + Math.max(0, parts.length - 1) + 2);
  let at = head.copy(bytes, 0);
  parts.forEach((part, k) => {
    if (k > 0) bytes[at++] = 44; // ,
    at += part.copy(bytes, at);
  });
  bytes[at++] = 93; // ]
  bytes[at++] = 125; // }
  return { ok: true, answer, body: bytes };
}
