import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heavyForHyperFormula } from './hostile.js';

/**
 * Fairness under load, measured the same way by the test (asserting ratios) and the benchmark
 * (printing figures): single-call latency with nothing else running, then while other clients
 * send heavy batches (10,000 explanations each) and heavy workbooks. The load comes from a
 * process of its own, so that the measuring client's event loop is not the one under load.
 */

/** 10,000 EXPLAIN calls of PAYROLL: the heaviest legal batch of the issue (1.4 s of event loop, before). */
export const HEAVY_BATCH = JSON.stringify({ calls: Array.from({ length: 10_000 }, (_, i) => ({ fn: 'EXPLAIN', args: ['PAYROLL', 40_000 + i, 1, 2, [[10, 45]], [], [[25]], 0] })) });

export interface Latencies {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function percentiles(ms: number[]): Latencies {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1]!, n: s.length };
}

/** `n` single calls one after another (a short pause between), their latencies in ms. */
export async function singleCalls(url: string, n: number, pauseMs = 5): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(`${url}/v1/functions/COMMISSION`, { method: 'POST', body: '{"args":[52000]}', headers: { 'content-type': 'application/json' } });
    if ((await r.json()).value !== 360) throw new Error('a single call answered wrong under load');
    out.push(performance.now() - t);
    await new Promise((res) => setTimeout(res, pauseMs));
  }
  return out;
}

const LOAD = `
const [url, batchFile, bookFile, batchClients, bookClients, seconds] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const batch = readFileSync(batchFile, 'utf8');
const book = readFileSync(bookFile);
const end = Date.now() + Number(seconds) * 1000;
const times = { batch: [], book: [], status: {} };
const loop = async (path, body, type, into) => {
  while (Date.now() < end) {
    const t = performance.now();
    const r = await fetch(url + path, { method: 'POST', body, headers: { 'content-type': type } });
    await r.arrayBuffer();
    times.status[r.status] = (times.status[r.status] ?? 0) + 1;
    into.push(performance.now() - t);
  }
};
process.stdout.write('started\\n');
await Promise.all([
  ...Array.from({ length: Number(batchClients) }, () => loop('/v1/batch', batch, 'application/json', times.batch)),
  ...Array.from({ length: Number(bookClients) }, () => loop('/v1/workbooks/recalc', new Blob([book]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', times.book)),
]);
process.stdout.write(JSON.stringify(times) + '\\n');
`;

export interface LoadResult {
  batch: number[];
  book: number[];
  status: Record<string, number>;
}

/** Starts the load (batch clients and workbook clients for `seconds`) in a process of its own; resolves once it runs, with a promise of its figures. */
export async function startLoad(url: string, opts: { batchClients: number; bookClients: number; seconds: number }): Promise<{ done: Promise<LoadResult> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pc-load-'));
  writeFileSync(join(dir, 'batch.json'), HEAVY_BATCH);
  writeFileSync(join(dir, 'book.xlsx'), heavyForHyperFormula(5000));
  const child = spawn(process.execPath, ['--input-type=module', '-e', LOAD, url, join(dir, 'batch.json'), join(dir, 'book.xlsx'), String(opts.batchClients), String(opts.bookClients), String(opts.seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('started')) started();
  });
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1]!) as LoadResult) : reject(new Error(`the load exited ${code}`))));
  });
  await running;
  return { done };
}
