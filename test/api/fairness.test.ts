import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultEngine, runBatch } from '../../shared/src/index.js';
import { testApp } from '../helpers/app.js';
import { HEAVY_BATCH, percentiles, singleCalls, startLoad } from '../helpers/fairness.js';
import { startBuiltServer } from '../helpers/server-process.js';

describe('fairness: single calls stay fast while heavy batches and workbooks run', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGTERM'));

  it('single-call latency under 4 clients of 10,000-explanation batches and a workbook client: ratios, not milliseconds', async () => {
    // One server process: the event loop every request shares.
    const s = await startBuiltServer({ POLICYCELL_WORKERS: '1' });
    child = s.child;
    const { url } = s;
    await singleCalls(url, 30); // warm-up
    const unloaded = percentiles(await singleCalls(url, 150));
    const load = await startLoad(url, { batchClients: 4, bookClients: 1, seconds: 8 });
    await new Promise((r) => setTimeout(r, 1000)); // every client in the middle of its work
    const loaded = percentiles(await singleCalls(url, 150));
    const health = performance.now();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const healthMs = performance.now() - health;
    const figures = await load.done;
    const batch = percentiles(figures.batch);
    const report = { unloaded, loaded, healthMs, batch, batches: figures.batch.length, workbooks: figures.book.length, status: figures.status };
    // Every batch answered 200, and the load was heavy: each batch took many single calls' time.
    expect(Object.keys(figures.status).filter((s) => s !== '200'), JSON.stringify(report)).toEqual([]);
    expect(figures.batch.length, JSON.stringify(report)).toBeGreaterThanOrEqual(4);
    // A single call no longer waits behind a batch (it waited a whole one: 5 ms became 1.1 s): its
    // slowest percent takes a small part of one batch's time, and /healthz as well.
    expect(loaded.p99 / batch.p50, JSON.stringify(report)).toBeLessThan(0.1);
    expect(healthMs / batch.p50, JSON.stringify(report)).toBeLessThan(0.1);
    // And against itself unloaded: the median within 20× (before: 220×), on a machine shared with the load's own process.
    expect(loaded.p50 / unloaded.p50, JSON.stringify(report)).toBeLessThan(20);
  }, 60_000);
});

describe('a sliced batch answers exactly what runBatch answers', () => {
  it('10,000 explanations, byte for byte, and a batch just over the slicing threshold', async () => {
    const { app } = testApp();
    const engine = defaultEngine();
    for (const body of [HEAVY_BATCH, JSON.stringify({ calls: Array.from({ length: 257 }, (_, i) => (i % 3 ? { fn: 'COMMISSION', args: [40_000 + i] } : { fn: 'NOPE' })), policy: 'default@2019.05' })]) {
      const r = await app.request('/v1/batch', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json');
      const answer = runBatch(engine, JSON.parse(body));
      expect(answer.ok).toBe(true);
      expect(await r.text()).toBe(JSON.stringify(answer.ok && answer.answer));
    }
  });
});
