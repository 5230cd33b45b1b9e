import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OfflineStack } from '../scripts/offline-stack.mjs';
import { table } from './harness.js';
import { payrollWorkbook } from './workbooks.js';

const root = join(dirname(new URL(import.meta.url).pathname).replace(/\/out$/, ''), '..');
const work = join(root, 'bench/out/fanout');

/** AWS's list prices (arm64, the cheapest region tier), USD: the figures the docs' cost is computed with. */
export const PRICES = { gbSecond: 0.0000133334, lambdaRequest: 0.2 / 1e6, httpApiRequest: 1.0 / 1e6 };

/** Memory of the workbooks function (serverless.yml), GB: what a second of it is billed at. */
const WORKBOOKS_GB = 2048 / 1024;

/** Runs `policycell recalc` on the folder to its end; wall seconds. */
function recalc(dir: string, out: string, stack: OfflineStack, concurrency: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin/policycell.js'), 'recalc', dir, '-o', out, '--remote', stack.url, '--api-key', stack.apiKey, '--concurrency', String(concurrency), '--json'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`recalc exited ${code}: ${err.slice(-800)}`))));
  });
}

/** Billed milliseconds of the workbooks function's invocations in serverless-offline's lines. */
function billedMs(lines: string[]): number[] {
  const out: number[] = [];
  for (const line of lines) {
    const m = /\(λ: workbooks\) RequestId: \S+\s+Duration: [\d.]+ ms\s+Billed Duration: (\d+) ms/.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/**
 * The fan-out of `policycell recalc --remote` through the offline stack (serverless.yml's functions
 * under serverless-offline, s3rver as the bucket): `count` payroll workbooks of `rows` staff each at
 * concurrency 1, 2 and 4, in workbooks per second; and the GB-seconds the workbooks function was
 * billed per workbook, from which the cost of 10,000 workbooks on AWS follows.
 */
export async function benchFanout(count = Number(process.env.FANOUT_WORKBOOKS ?? 200), rows = Number(process.env.FANOUT_ROWS ?? 500)): Promise<string> {
  const { startOfflineStack } = (await import(pathToFileURL(join(root, 'scripts/offline-stack.mjs')).href)) as typeof import('../scripts/offline-stack.mjs');
  rmSync(work, { recursive: true, force: true });
  const dir = join(work, 'in');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `branch-${String(i).padStart(4, '0')}.xlsx`), payrollWorkbook(rows, i + 1));
  const warm = join(work, 'warm');
  mkdirSync(warm, { recursive: true });
  for (let i = 0; i < 8; i++) writeFileSync(join(warm, `w${i}.xlsx`), payrollWorkbook(rows, 1000 + i));
  const stack = await startOfflineStack();
  try {
    // Every function instance the runs will use is started first: cold starts are not the fan-out.
    await recalc(warm, join(work, 'warm-out'), stack, 4);
    const rowsOut: (string | number)[][] = [['concurrency', 'seconds', 'workbooks/s', 'speed-up', 'billed GB-s per workbook']];
    let base = 0;
    let gbs = 0;
    let meanMs = 0;
    for (const c of [1, 2, 4]) {
      const before = stack.lines().length;
      const seconds = await recalc(dir, join(work, `out-${c}`), stack, c);
      const billed = billedMs(stack.lines().slice(before));
      const perBook = billed.reduce((a, b) => a + b, 0) / Math.max(1, billed.length);
      const rate = count / seconds;
      if (c === 1) {
        base = rate;
        gbs = (perBook / 1000) * WORKBOOKS_GB;
        meanMs = perBook;
      }
      rowsOut.push([c, seconds.toFixed(1), rate.toFixed(2), `${(rate / base).toFixed(2)}×`, ((perBook / 1000) * WORKBOOKS_GB).toFixed(3)]);
    }
    const n = 10_000;
    const compute = n * gbs * PRICES.gbSecond;
    const requests = n * (PRICES.lambdaRequest + PRICES.httpApiRequest);
    return [
      `Fan-out through the offline stack: ${count} payroll workbooks of ${rows} rows, policycell recalc --remote`,
      table(rowsOut),
      '',
      `10,000 such workbooks on AWS (arm64, ${WORKBOOKS_GB * 1024} MB, measured ${meanMs.toFixed(0)} ms billed per workbook at concurrency 1):`,
      `  compute ${(n * gbs).toFixed(0)} GB-s × $${PRICES.gbSecond} = $${compute.toFixed(4)}; requests (Lambda + HTTP API) $${requests.toFixed(4)}; total ≈ $${(compute + requests).toFixed(4)}`,
      `  at the account's default 1,000 concurrent executions the HTTP API stage throttle (100 requests/s) binds first: ≥ ${(n / 100).toFixed(0)} s; at --concurrency 64, ≈ ${((n * meanMs) / 1000 / 64).toFixed(0)} s of compute in parallel`,
    ].join('\n');
  } finally {
    await stack.stop();
  }
}
