import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from '../../functions/workbook/budget/budget.js';
import { WorkbookPool } from '../../functions/workbook/pool/pool.js';
import * as H from '../helpers/hostile.js';

// The worker pool behind the route and the CLI: workers come and go, and never keep a workbook's memory.

describe('the workbook pool', () => {
  it('a worker whose heap stays large after a job is retired; the next job gets a fresh one', async () => {
    const pool = new WorkbookPool({ size: 1, budget: DEFAULT_BUDGET, retireHeapMb: 1 });
    const a = await pool.run(H.farColumn(), { lang: 'en' });
    expect(a.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(pool.stats.workers).toBe(0);
    expect((await pool.run(H.farColumn(), { lang: 'en' })).ok).toBe(true);
    await pool.close();
  });

  it('an idle worker is stopped after a while; a small one is kept for the next job until then', async () => {
    const pool = new WorkbookPool({ size: 1, budget: DEFAULT_BUDGET, idleMs: 300 });
    expect((await pool.run(H.farColumn(), { lang: 'en' })).ok).toBe(true);
    expect(pool.stats).toEqual({ workers: 1, busy: 0, queued: 0 });
    await new Promise((r) => setTimeout(r, 800));
    expect(pool.stats.workers).toBe(0);
    await pool.close();
  });

  it('jobs past the workers wait their turn; an aborted one is dropped, and its worker freed', async () => {
    const pool = new WorkbookPool({ size: 1, budget: DEFAULT_BUDGET });
    const heavy = pool.run(H.heavyForHyperFormula(8000), { lang: 'en' });
    const waiting = new AbortController();
    const dropped = pool.run(H.farColumn(), { lang: 'en' }, { signal: waiting.signal });
    const next = pool.run(H.farColumn(), { lang: 'en' });
    expect(pool.stats).toMatchObject({ busy: 1, queued: 2 });
    waiting.abort();
    expect(await dropped).toMatchObject({ ok: false });
    expect(pool.stats.queued).toBe(1);
    const running = new AbortController();
    const stopped = pool.run(H.heavyForHyperFormula(8000), { lang: 'en' }, { signal: running.signal });
    expect((await heavy).ok).toBe(true);
    expect((await next).ok).toBe(true);
    running.abort();
    expect(await stopped).toMatchObject({ ok: false });
    expect((await pool.run(H.farColumn(), { lang: 'en' })).ok).toBe(true);
    await pool.close();
  });
});
