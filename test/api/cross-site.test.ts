import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { launchChromium } from '../helpers/browser.js';
import { farColumn } from '../helpers/hostile.js';

/**
 * The keyless local server and other sites' pages (issue 22): a page elsewhere must not make the
 * clerk's machine compute. Requests as browsers send them (Origin, Sec-Fetch-Site, simple content
 * types), from headless Chromium itself, and as the documented non-browser clients send them.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BATCH = JSON.stringify({ calls: [{ fn: 'COMMISSION', args: [52000] }] });

describe('the keyless local server refuses other sites', () => {
  let s: RunningServer;
  let other: RunningServer;
  const logs: { route?: unknown; status?: unknown; method?: unknown }[] = [];
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: (l) => logs.push(l) } });
    // A second server allowed by name: its pages may call the first.
    const pages = mkdtempSync(join(tmpdir(), 'pc-elsewhere-'));
    writeFileSync(join(pages, 'functions.json'), '{}');
    writeFileSync(join(pages, 'attacker.html'), '<!doctype html><title>elsewhere</title>');
    other = await startServer({ port: 0, addinDir: pages, config: { apiKeys: [], allowedOrigins: ['https://addin.example'], limits: DEFAULT_LIMITS, version: 't', log: () => {} } });
  });
  afterAll(async () => {
    await s.close();
    await other.close();
  });

  const post = (url: string, body: BodyInit, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers: { 'accept-language': 'en', ...headers } });

  it.each([
    ['Origin of another site', { origin: 'https://evil.example', 'content-type': 'application/json' }, 403, /another site's pages \(Origin: https:\/\/evil\.example\)/],
    ['Origin null (a sandboxed frame, a file)', { origin: 'null', 'content-type': 'application/json' }, 403, /Origin: null/],
    ['another port of this machine (same site, another origin)', { origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }, 403, /Origin: http:\/\/127\.0\.0\.1:1/],
    ['Sec-Fetch-Site: cross-site without an Origin', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, 403, /Sec-Fetch-Site: cross-site/],
    ['a browser POSTing text/plain', { 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain;charset=UTF-8' }, 415, /must say Content-Type: application\/json/],
    ['a browser POSTing a form', { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, 415, /not "application\/x-www-form-urlencoded"/],
    ['a browser POSTing multipart', { 'sec-fetch-site': 'same-origin', 'content-type': 'multipart/form-data; boundary=x' }, 415, /multipart/],
  ])('%s: %s problem+json, nothing computed', async (_name, headers, status, detail) => {
    logs.length = 0;
    const r = await post(`${s.url}/v1/batch`, BATCH, headers);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = (await r.json()) as { detail: string };
    expect(p.detail).toMatch(detail);
    expect(logs.map((l) => l.status)).toEqual([status]); // refused in front of the route: one log line
  });

  it('the same Origin from the server itself: its own pages call the API as before', async () => {
    const r = await post(`${s.url}/v1/batch`, BATCH, { origin: s.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect((await r.json()).results).toEqual([{ value: 360 }]);
    const book = await post(`${s.url}/v1/workbooks/recalc`, new Blob([farColumn() as Uint8Array<ArrayBuffer>]), { origin: s.url, 'sec-fetch-site': 'same-origin', 'content-type': XLSX });
    expect(book.status).toBe(200);
    const plain = await post(`${s.url}/v1/workbooks/recalc`, new Blob([farColumn() as Uint8Array<ArrayBuffer>]), { origin: s.url, 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
  });

  it('an origin named in POLICYCELL_ALLOWED_ORIGINS may call it, cross-site', async () => {
    const r = await post(`${other.url}/v1/batch`, BATCH, { origin: 'https://addin.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://addin.example');
  });

  it('a preflight from another site is still answered by CORS, allowing nothing', async () => {
    const r = await fetch(`${s.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'sec-fetch-site': 'cross-site' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the add-in files stay open to every origin (Excel on the web fetches them cross-origin)', async () => {
    // No dist/addin in this server: the route is absent, but it is not refused as cross-site.
    const r = await fetch(`${s.url}/addin/functions.json`, { headers: { origin: 'https://excel.officeapps.live.com', 'sec-fetch-site': 'cross-site' } });
    expect(r.status).not.toBe(403);
  });

  it('the documented non-browser clients keep working: curl -d (a form type), Node fetch with a string body', async () => {
    // The server runs in this process: curl is awaited, never waited for synchronously.
    const curl = async (...args: string[]) => JSON.parse((await promisify(execFile)('curl', ['-s', ...args], { encoding: 'utf8' })).stdout);
    expect(await curl('-XPOST', `${s.url}/v1/functions/COMMISSION`, '-d', '{"args":[52000]}')).toEqual({ value: 360 });
    expect((await curl('-XPOST', `${s.url}/v1/batch`, '-d', BATCH)).results).toEqual([{ value: 360 }]);
    const r = await fetch(`${s.url}/v1/batch`, { method: 'POST', body: BATCH }); // text/plain, Sec-Fetch-Mode: cors
    expect(r.status).toBe(200);
  });

  describe('from a page of another site, in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('a no-cors fetch and a text/plain form posted at the server compute nothing: both refused', async () => {
      const page = await browser.newPage();
      // The attacker's page, on another origin of this machine (the second server's port, as a
      // static page beside its add-in files, which carry no CSP of ours).
      await page.goto(`${other.url}/addin/attacker.html`);
      logs.length = 0;
      await page.evaluate(async ([url, body]) => {
        await fetch(`${url}/v1/batch`, { method: 'POST', mode: 'no-cors', body, headers: { 'content-type': 'text/plain' } });
      }, [s.url, BATCH] as const);
      await page.setContent(`<form method="post" enctype="text/plain" action="${s.url}/v1/batch"><input name='{"calls":[{"fn":"COMMISSION","args":[52000]}],"x":"' value='"}'></form>`);
      await Promise.all([page.waitForNavigation().catch(() => {}), page.evaluate(() => document.querySelector('form')!.submit())]);
      await expect.poll(() => logs.filter((l) => l.method === 'POST').length).toBeGreaterThanOrEqual(2);
      expect(logs.filter((l) => l.method === 'POST').map((l) => l.status)).toEqual([403, 403]);
      await page.close();
    });

    it('the server’s own page computes through the API (same origin, application/json)', async () => {
      const page = await browser.newPage();
      await page.route(`${s.url}/own.html`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>own</title>' }));
      await page.goto(`${s.url}/own.html`);
      const answer = await page.evaluate(async ([url, body]) => {
        const r = await fetch(`${url}/v1/batch`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        return { status: r.status, body: await r.json() };
      }, [s.url, BATCH] as const);
      expect(answer).toEqual({ status: 200, body: { policy: 'default@2025.09', results: [{ value: 360 }] } });
      await page.close();
    });
  });
});
