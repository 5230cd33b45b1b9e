import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteBatcher, batchUrl, explainRemote } from '../../addin/remote.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { defaultEngine } from '../../shared/src/index.js';

describe('remote mode (RemoteBatcher) against the real API server', () => {
  let s: RunningServer;
  const batches: number[] = [];
  beforeAll(async () => {
    s = await startServer({
      port: 0,
      config: { apiKeys: ['k1'], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: (l) => l.route === '/v1/batch' && batches.push(l.calls as number) },
    });
  });
  afterAll(() => s.close());

  it('sends 5,000 simultaneous calls in at most 5 requests, with the local answers in order', async () => {
    batches.length = 0;
    const b = new RemoteBatcher({ endpoint: s.url, apiKey: 'k1', lang: 'en' });
    const calls = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? ['COMMISSION', [40000 + i * 1.5]] : i % 3 === 1 ? ['LATEFINE', [i % 50]] : ['TIER', [i % 100, '村']])) as [string, unknown[]][];
    const remote = await Promise.all(calls.map(([fn, args]) => b.call(fn, args, undefined)));
    const local = calls.map(([fn, args]) => defaultEngine().call(fn, args, { lang: 'en' }));
    expect(remote).toEqual(local);
    expect(b.requests).toBeLessThanOrEqual(5);
    expect(batches.reduce((x, y) => x + y, 0)).toBe(5000);
  });

  it('splits more than 10,000 calls across requests of at most 10,000', async () => {
    batches.length = 0;
    const b = new RemoteBatcher({ endpoint: `${s.url}/v1`, apiKey: 'k1', lang: 'zh-CN' });
    const results = await Promise.all(Array.from({ length: 12000 }, (_, i) => b.call('COMMISSION', [40000 + i], undefined)));
    expect(results[11999]).toEqual({ value: 359.97 });
    expect(batches.every((n) => n <= 10000)).toBe(true);
    expect(b.requests).toBe(2);
  });

  it('keeps each call’s policy: one request per policy', async () => {
    const b = new RemoteBatcher({ endpoint: s.url, apiKey: 'k1', lang: 'en' });
    const [a, c] = await Promise.all([b.call('WAGECHECK', [3000, 800], 'default@2019.05'), b.call('WAGECHECK', [3000, 800], 'default@2025.09')]);
    expect(a).toEqual({ value: '扣款超20%' });
    expect(c).toEqual({ value: '低于最低工资' });
  });

  it('a wrong key or an unknown policy answers every call with an error, not a hang', async () => {
    const bad = new RemoteBatcher({ endpoint: s.url, apiKey: 'nope', lang: 'en', retries: 0 });
    expect(await bad.call('COMMISSION', [1], undefined)).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('401') } });
    const b = new RemoteBatcher({ endpoint: s.url, apiKey: 'k1', lang: 'en' });
    expect(await b.call('COMMISSION', [1], 'default@1999.01')).toMatchObject({ error: { code: '#VALUE!' } });
  });

  it('a wrong service URL (404) is #N/A "service not found", not #VALUE! (a bad argument); so for remote EXPLAIN', async () => {
    const b = new RemoteBatcher({ endpoint: `${s.url}/not/here`, apiKey: 'k1', lang: 'en' });
    expect(await b.call('COMMISSION', [52000], undefined)).toMatchObject({ error: { code: '#N/A', message: expect.stringMatching(/no policy service at .*\/not\/here\/v1\/batch \(404\)/) } });
    const x = await explainRemote({ endpoint: `${s.url}/not/here`, apiKey: 'k1', lang: 'zh-CN' }, 'COMMISSION', [52000], undefined);
    expect(x.result).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('找不到计算服务') } });
  });

  it('remote EXPLAIN gives the steps, and a function’s error with its code', async () => {
    const ok = await explainRemote({ endpoint: s.url, apiKey: 'k1', lang: 'en' }, 'COMMISSION', [52000], 'default@2019.05');
    expect(ok.result).toEqual({ value: 360 });
    expect(ok.steps.join('\n')).toContain('360.00');
    const bad = await explainRemote({ endpoint: s.url, apiKey: 'k1', lang: 'en' }, 'COMMISSION', [-1], undefined);
    expect(bad.result).toMatchObject({ error: { code: '#NUM!' } });
  });

  it('builds the batch URL from a base, a /v1 or the batch URL itself', () => {
    expect(batchUrl('https://h/p/')).toBe('https://h/p/v1/batch');
    expect(batchUrl('https://h/p/v1')).toBe('https://h/p/v1/batch');
    expect(batchUrl('https://h/p/v1/batch')).toBe('https://h/p/v1/batch');
  });
});

describe('remote mode when the server misbehaves', () => {
  it('a server that drops the connection gives #N/A after the retries, not a hang', async () => {
    let connections = 0;
    const dropper = createServer((sock) => {
      connections++;
      sock.destroy();
    });
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}`;
    const b = new RemoteBatcher({ endpoint: url, lang: 'zh-CN', retries: 2, backoffMs: 20 });
    const r = await b.call('COMMISSION', [52000], undefined);
    expect(r).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('无法连接计算服务') } });
    expect(connections).toBe(3); // the first try and two retries
    dropper.close();
  });

  it('a server that never answers times out into #N/A', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const b = new RemoteBatcher({ endpoint: url, lang: 'en', retries: 0, timeoutMs: 300 });
    expect(await b.call('COMMISSION', [52000], undefined)).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('did not answer within 0.3 s') } });
    const x = await explainRemote({ endpoint: url, lang: 'en', timeoutMs: 300 }, 'COMMISSION', [52000], undefined);
    expect(x.result).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('did not answer within 0.3 s') } });
    silent.close((e) => e);
  });
});
