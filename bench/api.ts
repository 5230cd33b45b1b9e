import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

export async function benchApi(seconds = 10, soakSeconds = 60): Promise<string> {
  const bareFile = join(here, 'out/bare-server.mjs');
  await build({ entryPoints: [join(here, 'bare-server.ts')], outfile: bareFile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  const { build: buildTargets } = await import(join(root, 'scripts/build.mjs'));
  await buildTargets(['server'], { onlyStale: true });

  const bare = await startProcess(bareFile, { PORT: '0' }, /listening (\d+)/, 'stdout');
  // Logs on, as in production: each request writes its JSON line (to a pipe nobody reads is unfair; to /dev/null here).
  const api = await startProcess(join(root, 'dist/server.mjs'), { PORT: '0', HOST: '127.0.0.1' }, /listening on (http:\/\/\S+)/, 'stderr');
  const single = JSON.stringify({ args: [52000] });
  // The rules bench's mixed workload (every function's declared examples, errors included), cycled to 1,000 calls.
  const mix = CATALOG.flatMap((f) => f.examples.filter((e) => !e.policy).map((e) => ({ fn: f.id, args: e.args })));
  const batchBody = JSON.stringify({ calls: Array.from({ length: 1000 }, (_, i) => mix[i % mix.length]) });
  const headers = { 'content-type': 'application/json' };
  try {
    const runs: [string, autocannon.Result, number][] = [];
    const c = 64;
    runs.push(['bare Hono GET /json', await cannon({ url: `${bare.url}/json`, connections: c, duration: seconds }), 1]);
    runs.push(['bare Hono POST /json', await cannon({ url: `${bare.url}/json`, method: 'POST', body: single, headers, connections: c, duration: seconds }), 1]);
    runs.push(['POST /v1/functions/COMMISSION', await cannon({ url: `${api.url}/v1/functions/COMMISSION`, method: 'POST', body: single, headers, connections: c, duration: seconds }), 1]);
    runs.push(['POST /v1/batch (1,000 calls)', await cannon({ url: `${api.url}/v1/batch`, method: 'POST', body: batchBody, headers, connections: 8, duration: seconds }), 1000]);

    const rows: (string | number)[][] = [['route', 'req/s', 'function calls/s', 'p99 ms', 'errors+non-2xx']];
    for (const [name, r, per] of runs) rows.push([name, fmtRate(r.requests.average), per > 1 ? fmtRate(r.requests.average * per) : '', r.latency.p99, r.errors + r.non2xx]);
    const bareGet = runs[0]![1].requests.average;
    const barePost = runs[1]![1].requests.average;
    const one = runs[2]![1].requests.average;
    const batchCalls = runs[3]![1].requests.average * 1000;

    // Soak: 64 connections of single calls for a minute; memory of the server process before and after.
    const before = rssMiB(api.child.pid!);
    const soak = await cannon({ url: `${api.url}/v1/functions/COMMISSION`, method: 'POST', body: single, headers, connections: 64, duration: soakSeconds });
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssMiB(api.child.pid!);
    const growth = (after - before) / before;
    return [
      `HTTP API on loopback (autocannon in this process, each server in its own), ${seconds} s per route`,
      table(rows),
      `single call vs bare Hono: ${(one / bareGet).toFixed(2)}× of GET /json, ${(one / barePost).toFixed(2)}× of POST /json with the same body (target ≥ 0.5× → ${one / bareGet >= 0.5 ? 'met against both' : one / barePost >= 0.5 ? 'met against POST only' : 'NOT met'})`,
      `1,000-call batches: ${fmtRate(batchCalls)} function calls/s (target ≥ 150,000 → ${batchCalls >= 150000 ? 'met' : 'NOT met'})`,
      `soak ${soakSeconds} s at 64 connections: ${fmtRate(soak.requests.total)} requests, ${soak.errors} errors, ${soak.non2xx} non-2xx, ${soak.timeouts} timeouts; server RSS ${before.toFixed(1)} → ${after.toFixed(1)} MiB (${(growth * 100).toFixed(1)}%, target < 10% → ${growth < 0.1 ? 'met' : 'NOT met'})`,
    ].join('\n');
  } finally {
    bare.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
  }
}
