import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { RefusedToListen, startServer } from '../../functions/hosts/server.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('the API on a real Node server (ephemeral port)', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
  });
  afterAll(() => s.close());

  it('serves the routes over HTTP', async () => {
    expect(await (await fetch(`${s.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const r = await fetch(`${s.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ calls: [{ fn: 'COMMISSION', args: [52000] }, { fn: 'LATEFINE', args: [31] }] }) });
    expect(await r.json()).toEqual({ policy: 'default@2025.09', results: [{ value: 360 }, { value: 200 }] });
    const page = await fetch(`${s.url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('PolicyCell');
  });

  it('malformed JSON is 400 and an oversize body 413, over a real socket', async () => {
    const bad = await fetch(`${s.url}/v1/batch`, { method: 'POST', body: '{"calls":[' });
    expect(bad.status).toBe(400);
    const big = await fetch(`${s.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ calls: [{ fn: 'X', args: ['y'.repeat(1024 * 1024)] }] }) });
    expect(big.status).toBe(413);
  });

  it('refuses a chunked upload past the limit without reading it all', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/v1/batch`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        resolve(res.statusCode!);
        res.resume();
      });
      req.on('error', reject);
      const chunk = 'z'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('listening', () => {
  it('refuses a non-loopback address without API keys', async () => {
    await expect(startServer({ port: 0, host: '0.0.0.0', config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } })).rejects.toThrow(RefusedToListen);
  });
});

describe('npm start (the built server as a process)', () => {
  it('says what to open, serves, and finishes a request in flight on SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env: { ...process.env, PORT: '0', POLICYCELL_LOG: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    expect(err).toContain('/addin/playground.html');
    expect(err).toMatch(/no API keys set/);
    // A batch big enough to still be running when SIGTERM arrives.
    const calls = Array.from({ length: 10000 }, (_, i) => ({ fn: 'PAYROLL', args: [40000 + i, 1, 2, [[10, 45]], [], [[25]], 0] }));
    const inFlight = fetch(`${url}/v1/batch`, { method: 'POST', body: JSON.stringify({ calls }) });
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json()).results).toHaveLength(10000);
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
    expect(code).toBe(0);
  });
});

describe('the log of the built server', () => {
  it('one JSON line per request on standard output, all of them written by the time it exits, no argument value in any', async () => {
    const child = spawn(process.execPath, ['dist/server.mjs'], { cwd: ROOT, env: { ...process.env, PORT: '0', POLICYCELL_WORKERS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    // Many requests in the same turns of the event loop, a batch among them.
    const answers = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => post('/v1/functions/COMMISSION', { args: [48_123.45 + i] })),
      post('/v1/batch', { calls: [{ fn: 'COMMISSION', args: [48_123.45] }, { fn: 'NOPE' }] }),
      post('/v1/functions/COMMISSION', { args: ['48123.45x'] }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([...Array(41).fill(200), 422]);
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(42);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => l.route === '/v1/functions/:id' && l.fn === 'COMMISSION' && l.status === 200)).toHaveLength(40);
    expect(parsed.filter((l) => l.route === '/v1/functions/:id' && l.fn === 'COMMISSION' && l.status === 422 && l.errors === 1)).toHaveLength(1);
    expect(parsed.find((l) => l.route === '/v1/batch')).toMatchObject({ status: 200, calls: 2, errors: 1, fns: ['COMMISSION'] });
    expect(out).not.toMatch(/48123|48124|48,123/);
  }, 30_000);
});

describe('HTTPS for sideloading', () => {
  it('serves over TLS with the given certificate (as office-addin-dev-certs makes)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { get } = await import('node:https');
    const dir = mkdtempSync(`${tmpdir()}/pc-tls-`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const s = await startServer({ port: 0, tls: { cert: `${dir}/cert.pem`, key: `${dir}/key.pem` }, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      get(`${s.url}/healthz`, { rejectUnauthorized: false }, (res) => {
        let b = '';
        res.on('data', (d) => (b += d));
        res.on('end', () => resolve(b));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
    await s.close();
  });
});
