import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';

// The add-in's files as `npm start` serves them: Excel on the web fetches functions.json and
// functions.js from another origin, so they need CORS; nothing outside dist/addin is ever served.

const ROOT = new URL('../..', import.meta.url).pathname;

/** The status of a GET sent with the path exactly as given (no client-side normalisation). */
function rawStatus(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}
const EXCEL_WEB = 'https://excel.officeapps.live.com';

describe('/addin/* (the add-in’s static files)', () => {
  let s: RunningServer;
  let other: RunningServer;
  let secretDir: string;
  beforeAll(async () => {
    const config = { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => undefined };
    s = await startServer({ port: 0, addinDir: `${ROOT}dist/addin`, config });
    // A folder of add-in files with a symlink pointing out of it, and a salary file beside it.
    const dir = mkdtempSync(join(tmpdir(), 'pc-addin-'));
    secretDir = join(dir, 'private');
    mkdirSync(join(dir, 'addin'));
    mkdirSync(secretDir);
    writeFileSync(join(dir, 'addin/functions.json'), '{"functions":[]}');
    writeFileSync(join(secretDir, 'salaries.json'), '{"张三":52000}');
    symlinkSync(secretDir, join(dir, 'addin/private'));
    symlinkSync(join(secretDir, 'salaries.json'), join(dir, 'addin/link.json'));
    other = await startServer({ port: 0, addinDir: join(dir, 'addin'), config });
  });
  afterAll(async () => {
    await s?.close();
    await other?.close();
  });

  it('serves functions.json to Excel on the web with CORS, nosniff and its type', async () => {
    for (const f of ['functions.json', 'functions.zh-CN.json', 'functions.js', 'taskpane.html']) {
      const r = await fetch(`${s.url}/addin/${f}`, { headers: { origin: EXCEL_WEB } });
      expect(r.status, f).toBe(200);
      expect(r.headers.get('access-control-allow-origin'), f).toBe('*');
      expect(r.headers.get('x-content-type-options'), f).toBe('nosniff');
    }
    const r = await fetch(`${s.url}/addin/functions.json`, { headers: { origin: EXCEL_WEB } });
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await r.json()) as { functions: unknown[] }).functions.length).toBeGreaterThan(40);
  });

  it('answers a CORS preflight from any origin', async () => {
    const r = await fetch(`${s.url}/addin/functions.json`, { method: 'OPTIONS', headers: { origin: EXCEL_WEB, 'access-control-request-method': 'GET' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toMatch(/GET/);
  });

  it('revalidates with an ETag', async () => {
    const first = await fetch(`${s.url}/addin/functions.js`);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(`${s.url}/addin/functions.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('never serves anything outside the folder: no .., no symlink out, no unknown types; other methods 405', async () => {
    expect((await fetch(`${other.url}/addin/functions.json`)).status).toBe(200);
    expect((await fetch(`${other.url}/addin/private/salaries.json`)).status).toBe(404);
    expect((await fetch(`${other.url}/addin/link.json`)).status).toBe(404);
    // Raw paths (fetch would normalise the dots away before they reach the server).
    for (const path of ['/addin/%2e%2e/private/salaries.json', '/addin/..%2fprivate%2fsalaries.json', '/addin/../private/salaries.json', '/addin/%2e%2e%5cprivate%5csalaries.json']) {
      expect(await rawStatus(other.url, path), path).toBe(404);
    }
    expect((await fetch(`${s.url}/addin/functions.js.map.exe`)).status).toBe(404);
    const post = await fetch(`${s.url}/addin/functions.json`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toMatch(/GET/);
  });
});
