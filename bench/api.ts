import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { CATALOG } from '../shared/src/index.js';
import { fmtRate, table } from './harness.js';

const here = dirname(new URL(import.meta.url).pathname).replace(/\/out$/, '');
const root = join(here, '..');

interface Started {
  url: string;
  child: ChildProcess;
}

/** Starts a server in its own process (its own core), resolving with its URL. */
function startProcess(file: string, env: Record<string, string>, pattern: RegExp, stream: 'stdout' | 'stderr'): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'ignore'] });
    let text = '';
    child[stream]!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) resolve({ url: m[1]!.startsWith('http') ? m[1]! : `http://127.0.0.1:${m[1]}`, child });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
  });
}

function cores(): number {
  return availableParallelism();
}

/** The pids of a process's children (npm start's workers), from /proc. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** Two runs of one route as one: the mean rate, the worse p99, every error. */
function merged(a: autocannon.Result, b: autocannon.Result): autocannon.Result {
  return {
    ...a,
    requests: { ...a.requests, average: (a.requests.average + b.requests.average) / 2, total: a.requests.total + b.requests.total },
    latency: { ...a.latency, p99: Math.max(a.latency.p99, b.latency.p99) },
    errors: a.errors + b.errors,
    non2xx: a.non2xx + b.non2xx,
  };
}

export async function benchApi(seconds = 10, soakSeconds = 60): Promise<string> {
  const load = loadavg().map((x) => x.toFixed(2)).join(', ');
  const bareFile = join(here, 'out/bare-server.mjs');
  await build({ entryPoints: [join(here, 'bare-server.ts')], outfile: bareFile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  const { build: buildTargets } = await import(join(root, 'scripts/build.mjs'));
  await buildTargets(['server'], { onlyStale: true });

  const bare = await startProcess(bareFile, { PORT: '0' }, /listening (\d+)/, 'stdout');
  // Logs on, as in production (to /dev/null here). One process, like the bare server; and npm start's
  // default, one process per core.
  const one = await startProcess(join(root, 'dist/server.mjs'), { PORT: '0', HOST: '127.0.0.1', POLICYCELL_WORKERS: '1' }, /listening on (http:\/\/\S+)/, 'stderr');
  const single = JSON.stringify({ args: [52000] });
  // The rules bench's mixed workload (every function's declared examples, errors included), cycled to 1,000 calls.
  const mix = CATALOG.flatMap((f) => f.examples.filter((e) => !e.policy).map((e) => ({ fn: f.id, args: e.args })));
  const batchBody = JSON.stringify({ calls: Array.from({ length: 1000 }, (_, i) => mix[i % mix.length]) });
  const headers = { 'content-type': 'application/json' };
  const all: Started[] = [];
  try {
    const runs: [string, autocannon.Result, number][] = [];
    const c = 64;
    const post = (url: string, body: string, connections = c, duration = seconds) => cannon({ url, method: 'POST', body, headers, connections, duration });
    // Each server warmed up first (its JIT), and the ratio that counts measured in alternating halves,
    // so that a change of the machine's load during the run falls on both sides.
    await post(`${bare.url}/json`, single, c, 2);
    await post(`${one.url}/v1/functions/COMMISSION`, single, c, 2);
    await post(`${one.url}/v1/batch`, batchBody, 8, 2);
    runs.push(['bare Hono GET /json', await cannon({ url: `${bare.url}/json`, connections: c, duration: seconds }), 1]);
    const halves: autocannon.Result[] = [];
    for (let k = 0; k < 4; k++) halves.push(await post(k % 2 === 0 ? `${bare.url}/json` : `${one.url}/v1/functions/COMMISSION`, single, c, seconds / 2));
    runs.push(['bare Hono POST /json', merged(halves[0]!, halves[2]!), 1]);
    runs.push(['bare Hono POST /json + bodyLimit', await post(`${bare.url}/json-limited`, single), 1]);
    runs.push(['POST /v1/functions/COMMISSION, 1 process', merged(halves[1]!, halves[3]!), 1]);
    runs.push(['POST /v1/batch (1,000 calls), 1 process', await post(`${one.url}/v1/batch`, batchBody, 8), 1000]);
    one.child.kill('SIGTERM');
    const api = await startProcess(join(root, 'dist/server.mjs'), { PORT: '0', HOST: '127.0.0.1' }, /listening on (http:\/\/\S+)/, 'stderr');
    all.push(api);
    await post(`${api.url}/v1/functions/COMMISSION`, single, c, 2);
    await post(`${api.url}/v1/batch`, batchBody, 8, 2);
    runs.push(['POST /v1/functions/COMMISSION, npm start', await post(`${api.url}/v1/functions/COMMISSION`, single), 1]);
    runs.push(['POST /v1/batch (1,000 calls), npm start', await post(`${api.url}/v1/batch`, batchBody, 8), 1000]);

    const rows: (string | number)[][] = [['route', 'req/s', 'function calls/s', 'p99 ms', 'errors+non-2xx']];
    for (const [name, r, per] of runs) rows.push([name, fmtRate(r.requests.average), per > 1 ? fmtRate(r.requests.average * per) : '', r.latency.p99, r.errors + r.non2xx]);
    const rate = (i: number) => runs[i]![1].requests.average;
    const [bareGet, barePost, bareLimited, oneSingle, oneBatch, single2, batch2] = [0, 1, 2, 3, 4, 5, 6].map(rate) as [number, number, number, number, number, number, number];

    // Soak: 64 connections of single calls against npm start; memory of its processes before and after.
    const pids = () => [api.child.pid!, ...childPids(api.child.pid!)];
    const before = pids().reduce((m, p) => m + rssMiB(p), 0);
    const soak = await cannon({ url: `${api.url}/v1/functions/COMMISSION`, method: 'POST', body: single, headers, connections: 64, duration: soakSeconds });
    await new Promise((r) => setTimeout(r, 1000));
    const after = pids().reduce((m, p) => m + rssMiB(p), 0);
    const growth = (after - before) / before;
    const ratio = (x: number) => `${(x / bareGet).toFixed(2)}× of bare GET, ${(x / barePost).toFixed(2)}× of bare POST`;
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const singleOk = oneSingle / barePost >= 0.8;
    const batchOk = batch2 * 1000 >= 500_000;
    return [
      `HTTP API on loopback (autocannon in this process, each server in its own), ${seconds} s per route; this machine has ${cores()} cores; load average before the run ${load}`,
      table(rows),
      `Hono's bodyLimit on this adapter: ${(barePost / bareLimited).toFixed(2)}× slower than the same route without it (our capped read keeps the fast path)`,
      `single call, 1 process: ${ratio(oneSingle)} (target ≥ 0.8× of bare Hono POST per process → ${met(singleOk)}); npm start: ${ratio(single2)}`,
      `1,000-call batches: ${fmtRate(oneBatch * 1000)} calls/s in 1 process, ${fmtRate(batch2 * 1000)} with npm start on ${cores()} cores (target ≥ 500,000 on 2 cores → ${met(batchOk)})`,
      `soak ${soakSeconds} s at 64 connections (npm start): ${fmtRate(soak.requests.total)} requests, ${soak.errors} errors, ${soak.non2xx} non-2xx, ${soak.timeouts} timeouts; RSS of its processes ${before.toFixed(1)} → ${after.toFixed(1)} MiB (${(growth * 100).toFixed(1)}%, target < 10% → ${growth < 0.1 ? 'met' : 'NOT met'})`,
    ].join('\n');
  } finally {
    bare.child.kill('SIGTERM');
    one.child.kill('SIGTERM');
    for (const a of all) a.child.kill('SIGTERM');
  }
}
