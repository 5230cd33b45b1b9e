import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { PolicySource } from '../../../shared/src/index.js';
import { Engine, registryWith } from '../../../shared/src/index.js';
import type { RecalcLimits } from '../budget/budget.js';
import type { WorkerJob, WorkerReply } from './pool.js';
import { recalcWorkbook } from '../recalc.js';
import { WorkbookError } from '../model/workbook-error.js';

// The worker thread of pool.ts (built as dist/recalc-worker.mjs): one workbook at a time, under the
// heap limit its parent gave it. Whatever goes wrong with a workbook is answered as that
// workbook's problem; only running out of memory or time ends the thread, and the parent says so.

const { policies, limits } = workerData as { policies: PolicySource[]; limits: RecalcLimits };

// A workbook is background work: on Linux this thread (its own id, from /proc/thread-self) runs
// at a lower priority than the threads that answer requests, so single calls and /healthz keep
// their latency while workbooks are computed on the same cores. Elsewhere it runs as it is.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {
  // no /proc, or not allowed: same priority as the rest
}
const engine = new Engine(registryWith(policies));
const port = parentPort!;

function unexpected(e: unknown): WorkbookError {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const shown = what.length > 200 ? `${what.slice(0, 200)}…` : what;
  return new WorkbookError('unsupported', { 'zh-CN': `重算此工作簿时出错（${shown}）`, en: `this workbook could not be recalculated (${shown})` });
}

port.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const r = recalcWorkbook(job.bytes, { engine, policy: job.policy, whatIf: job.whatIf, savePolicy: job.savePolicy, lang: job.lang, evaluator: job.evaluator, strict: job.strict, changes: job.changes, limits });
    const bytes = r.bytes.byteOffset === 0 && r.bytes.byteLength === r.bytes.buffer.byteLength ? r.bytes : r.bytes.slice();
    transfer.push(bytes.buffer as ArrayBuffer);
    reply = { id: job.id, heapMb: 0, ok: true, bytes, summary: r.summary };
  } catch (e) {
    reply = { id: job.id, heapMb: 0, ok: false, error: (e instanceof WorkbookError ? e : unexpected(e)).toJSON() };
  }
  reply.heapMb = getHeapStatistics().total_heap_size / 1048576;
  port.postMessage(reply, transfer);
});
port.postMessage({ ready: true } satisfies WorkerReply);
