import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Lang, PolicySource } from '../../../shared/src/index.js';
import type { WorkbookBudget } from '../budget/budget.js';
import type { RecalcSummary } from '../recalc.js';
import type { WorkbookErrorData } from '../model/workbook-error.js';
import { WorkbookError } from '../model/workbook-error.js';

/**
 * Workbooks are recalculated in worker threads, never on the thread that answers requests: a
 * workbook of 100,000 rows takes seconds, and a hostile one must cost at most its own worker.
 * Each worker runs with the budget's heap as its resource limit and each job with its time
 * budget; a worker that runs out of either is terminated (the workbook's answer says which cap it
 * exceeded) and a fresh one takes its place. A worker whose heap stays large after a job is
 * retired, so a big workbook does not leave its memory behind; idle workers go after a while.
 *
 * The worker is its own bundle, dist/recalc-worker.mjs, beside each host's bundle (the server,
 * the CLI, the workbooks Lambda: scripts/build.mjs), or under dist/ when a host runs from source.
 */

export interface RecalcJob {
  policy?: string | undefined;
  lang: Lang;
  evaluator?: 'auto' | 'hyperformula' | undefined;
  /** Cells that would keep their cached values fail the workbook instead (--strict). */
  strict?: boolean | undefined;
  /** List each changed formula cell with why (the change report); they are always counted. */
  changes?: boolean | undefined;
  /** Compute under this policy whatever the workbook names (what-if), without changing its setting. */
  whatIf?: string | undefined;
  /** Write the policy computed under as the workbook's own setting (a what-if kept). */
  savePolicy?: boolean | undefined;
}

export type PoolAnswer = { ok: true; bytes: Uint8Array; summary: RecalcSummary } | { ok: false; error: WorkbookError };

export interface PoolOptions {
  /** Workers at most (each computes one workbook at a time). */
  size: number;
  budget: WorkbookBudget;
  /** Workbooks waiting for a worker at most; past it, run() throws PoolBusy. Default: no limit. */
  queue?: number;
  /** An organisation's own policy documents (read by the host from POLICYCELL_POLICY_DIR) for the workers' engine, beside the shipped ones. */
  policies?: readonly PolicySource[];
  /** A worker idle this long is stopped, giving its memory back (default 10 s; starting one takes about 150 ms). */
  idleMs?: number;
  /** A worker whose heap is larger than this after a job is retired (default 256 MiB). */
  retireHeapMb?: number;
}

/** Every worker is busy and the queue is full: the host answers 429 (the CLI never fills its queue). */
export class PoolBusy extends Error {
  constructor() {
    super('every workbook worker is busy and the queue is full');
    this.name = 'PoolBusy';
  }
}

/** What the worker thread receives and answers (pool/worker.ts). */
export interface WorkerJob extends RecalcJob {
  id: number;
  bytes: Uint8Array;
}
export type WorkerReply = { ready: true } | ({ id: number; heapMb: number } & ({ ok: true; bytes: Uint8Array; summary: RecalcSummary } | { ok: false; error: WorkbookErrorData }));

/** The worker's bundle: beside the running bundle (dist/*.mjs, the Lambda's /var/task), else under dist/ of the checkout. */
export function workerFile(): URL {
  const candidates = [new URL('./recalc-worker.mjs', import.meta.url), new URL('../../../dist/recalc-worker.mjs', import.meta.url)];
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error(`the workbook worker is missing (${candidates.map((u) => u.pathname).join(', ')}): run npm run build`);
  return found;
}

interface Pending {
  bytes: Uint8Array;
  job: RecalcJob;
  seconds: number;
  signal: AbortSignal | undefined;
  resolve: (a: PoolAnswer) => void;
  reject: (e: unknown) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current?: Pending & { id: number; timer?: ReturnType<typeof setTimeout> };
  /** Why the worker is being stopped, to answer its job when it has exited. */
  ending?: 'time' | 'memory' | 'aborted' | 'retired' | 'idle' | 'closed';
  failure?: Error;
  idle?: ReturnType<typeof setTimeout>;
}

const budgetError = (kind: 'time' | 'memory', budget: WorkbookBudget, seconds: number) =>
  kind === 'time'
    ? new WorkbookError(
        'tooLarge',
        { 'zh-CN': `重算超过了 ${seconds} 秒的时限`, en: `the recalculation took longer than its time budget of ${seconds} s` },
        undefined,
        { budget: 'time', limit: seconds },
      )
    : new WorkbookError(
        'tooLarge',
        { 'zh-CN': `重算所需内存超过了 ${budget.memoryMb} MiB 的上限`, en: `the recalculation needs more memory than its budget of ${budget.memoryMb} MiB` },
        undefined,
        { budget: 'memory', limit: budget.memoryMb },
      );

/** A buffer of its own (transferable), without copying when the view already covers all of it. */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

export class WorkbookPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly file: URL;

  constructor(private readonly opts: PoolOptions) {
    this.file = workerFile();
  }

  /** Workers running, busy, and workbooks waiting (for tests and the benchmark). */
  get stats(): { workers: number; busy: number; queued: number } {
    let busy = 0;
    for (const s of this.slots) if (s.current) busy++;
    return { workers: this.slots.size, busy, queued: this.queue.length };
  }

  /**
   * Recalculates one workbook in a worker. Answers the workbook's problem as data; rejects only for
   * a fault of the host (the worker cannot start) or PoolBusy. `seconds` narrows the time budget
   * (a Lambda's remaining time); an aborted signal (the client went away) drops the job. The bytes
   * are handed to the worker without a copy when they fill their buffer: the caller's view is then
   * empty (detached).
   */
  run(bytes: Uint8Array, job: RecalcJob, opts: { signal?: AbortSignal | undefined; seconds?: number | undefined } = {}): Promise<PoolAnswer> {
    if (this.closed) return Promise.reject(new Error('the workbook pool is closed'));
    const idle = [...this.slots].some((s) => !s.current && !s.ending);
    const canGrow = this.slots.size < this.opts.size;
    if (!idle && !canGrow && this.queue.length >= (this.opts.queue ?? Infinity)) return Promise.reject(new PoolBusy());
    return new Promise<PoolAnswer>((resolve, reject) => {
      const p: Pending = { bytes: own(bytes), job, seconds: Math.min(opts.seconds ?? Infinity, this.opts.budget.seconds), signal: opts.signal, resolve, reject };
      if (opts.signal) {
        if (opts.signal.aborted) return resolve(aborted());
        p.onAbort = () => this.abort(p);
        opts.signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.dispatch();
    });
  }

  /** Stops every worker; jobs in flight and waiting are answered as aborted. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.settle(p, aborted());
    await Promise.all([...this.slots].map((s) => this.stop(s, 'closed')));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = [...this.slots].find((s) => !s.current && !s.ending);
      if (!slot) {
        if (this.slots.size >= this.opts.size) return;
        slot = this.spawn();
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.file, {
      workerData: { policies: this.opts.policies ?? [], limits: this.opts.budget },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.budget.memoryMb },
      // The process's own flags (--max-old-space-size among them) would override the worker's limit.
      execArgv: [],
    });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (m: WorkerReply) => this.reply(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      slot.failure = e;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') slot.ending ??= 'memory';
    });
    worker.on('exit', () => this.exited(slot));
    return slot;
  }

  private start(slot: Slot, p: Pending): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = undefined;
    const id = this.nextId++;
    slot.current = { ...p, id };
    // The clock starts when the worker is up: starting one (loading the engine) is not the workbook's time.
    if (slot.ready) this.clock(slot);
    slot.worker.ref();
    const message: WorkerJob = { id, bytes: p.bytes, ...p.job };
    try {
      slot.worker.postMessage(message, [p.bytes.buffer as ArrayBuffer]);
    } catch (e) {
      // A buffer that cannot be handed over (already detached): the caller's fault, not the workbook's.
      clearTimeout(slot.current.timer);
      slot.current = undefined;
      this.idle(slot);
      p.reject(e);
    }
  }

  /** The time budget of the slot's current job. */
  private clock(slot: Slot): void {
    const cur = slot.current;
    if (!cur || cur.timer) return;
    cur.timer = setTimeout(() => {
      if (slot.current !== cur) return;
      slot.ending = 'time';
      void slot.worker.terminate();
    }, cur.seconds * 1000);
  }

  private reply(slot: Slot, m: WorkerReply): void {
    if ('ready' in m) {
      slot.ready = true;
      this.clock(slot);
      return;
    }
    const cur = slot.current;
    if (!cur || cur.id !== m.id) return;
    clearTimeout(cur.timer);
    slot.current = undefined;
    this.settle(cur, m.ok ? { ok: true, bytes: m.bytes, summary: m.summary } : { ok: false, error: WorkbookError.fromJSON(m.error) });
    if (m.heapMb > (this.opts.retireHeapMb ?? 256)) void this.stop(slot, 'retired');
    else this.idle(slot);
    this.dispatch();
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => void this.stop(slot, 'idle'), this.opts.idleMs ?? 10_000);
    slot.idle.unref();
  }

  private exited(slot: Slot): void {
    this.slots.delete(slot);
    if (slot.idle) clearTimeout(slot.idle);
    const cur = slot.current;
    slot.current = undefined;
    if (cur) {
      clearTimeout(cur.timer);
      if (slot.ending === 'time' || slot.ending === 'memory') this.settle(cur, { ok: false, error: budgetError(slot.ending, this.opts.budget, cur.seconds) });
      else if (slot.ending === 'aborted' || slot.ending === 'closed') this.settle(cur, aborted());
      else if (!slot.ready) cur.reject(slot.failure ?? new Error('the workbook worker could not start'));
      else {
        const why = slot.failure ? `${slot.failure.name}: ${slot.failure.message}` : 'the worker stopped';
        this.settle(cur, { ok: false, error: new WorkbookError('unsupported', { 'zh-CN': `重算意外中止（${why}）`, en: `the recalculation stopped unexpectedly (${why})` }) });
      }
    }
    if (!this.closed) this.dispatch();
  }

  private stop(slot: Slot, why: NonNullable<Slot['ending']>): Promise<unknown> {
    slot.ending ??= why;
    if (slot.idle) clearTimeout(slot.idle);
    return slot.worker.terminate();
  }

  private abort(p: Pending): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settle(p, aborted());
      return;
    }
    for (const s of this.slots) if (s.current && s.current.resolve === p.resolve) void this.stop(s, 'aborted');
  }

  private settle(p: Pending, a: PoolAnswer): void {
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    p.resolve(a);
  }
}

function aborted(): PoolAnswer {
  return { ok: false, error: new WorkbookError('unsupported', { 'zh-CN': '请求已中止', en: 'the request was aborted' }) };
}
