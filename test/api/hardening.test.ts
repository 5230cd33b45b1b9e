import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import { makeHandler as apiHandler } from '../../functions/hosts/lambda.js';
import { makeHandler as workbooksHandler } from '../../functions/hosts/lambda-workbooks.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { RefusedToListen, startServer } from '../../functions/hosts/server.js';
import { testApp } from '../helpers/app.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('a wrong method is 405 with Allow, not 404', () => {
  const { app } = testApp();
  it.each([
    ['GET', '/v1/batch', 'POST'],
    ['DELETE', '/v1/functions/COMMISSION', 'GET, POST, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['PUT', '/v1/policies/default@2019.05', 'GET, HEAD'],
    ['GET', '/v1/workbooks/recalc', 'POST'],
  ])('%s %s', async (method, path, allow) => {
    const r = await app.request(path, { method });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe(allow);
    expect(await r.json()).toMatchObject({ status: 405, allow: allow.split(', ') });
  });

  it('a path no route has is still 404', async () => {
    expect((await app.request('/v1/nothing', { method: 'GET' })).status).toBe(404);
  });
});

describe('the real server (loopback, no keys)', () => {
  let s: RunningServer;
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: (l) => logs.push(l) } });
  });
  afterAll(() => s.close());

  /** A raw HTTP/1.1 exchange, with the Host header we choose. */
  const get = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers loopback Host names only: a DNS-rebinding page cannot read the API', async () => {
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, 'LOCALHOST', `[::1]:${s.port}`, `policycell.localhost:${s.port}`]) {
      expect((await get('/v1/policies', host)).status, host).toBe(200);
    }
    for (const host of [`evil.example:${s.port}`, 'attacker.com', `127.0.0.1.evil.example:${s.port}`, `localhost.evil.example`]) {
      const r = await get('/v1/policies', host);
      expect(r.status, host).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ status: 403 });
      expect(r.body).not.toContain('default@2019.05');
    }
  });

  it('the start page forbids framing, sniffing and everything it does not use', async () => {
    const r = await fetch(`${s.url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    // The hash is the page's own style's.
    const { createHash } = await import('node:crypto');
    const style = /<style>([\s\S]*?)<\/style>/.exec(await r.text())![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('a client that disconnects mid-body is one log line, a 400, not two error lines of a 500', async () => {
    for (const path of ['/v1/batch', '/v1/workbooks/recalc']) {
      logs.length = 0;
      await new Promise<void>((resolve) => {
        const sock = connect(s.port, '127.0.0.1', () => {
          sock.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"calls":[`);
          setTimeout(() => sock.destroy(), 50);
        });
        sock.on('close', () => setTimeout(resolve, 200));
      });
      expect(logs, path).toHaveLength(1);
      expect(logs[0], path).toMatchObject({ level: 'info', status: 400, route: path });
    }
  });
});

describe('HTTPS misconfiguration refuses to start, in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-tls-bad-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  writeFileSync(`${dir}/garbage.pem`, 'not a certificate');

  /** The built server (npm start's), as a process: its exit status and what it printed. */
  const start = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/server.mjs')], { env: { ...process.env, PORT: '0', POLICYCELL_WORKERS: '2', ...env }, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status, err: r.stderr };
  };

  it.each([
    ['a certificate without a key', { POLICYCELL_TLS_CERT: `${dir}/cert.pem` }, /POLICYCELL_TLS_CERT is set but POLICYCELL_TLS_KEY is not/],
    ['a key without a certificate', { POLICYCELL_TLS_KEY: `${dir}/key.pem` }, /POLICYCELL_TLS_KEY is set but POLICYCELL_TLS_CERT is not/],
    ['a certificate path that does not exist', { POLICYCELL_TLS_CERT: `${dir}/nope.pem`, POLICYCELL_TLS_KEY: `${dir}/key.pem` }, /cannot read the TLS certificate .*nope\.pem \(ENOENT\)/],
    ['a file that is not a certificate', { POLICYCELL_TLS_CERT: `${dir}/garbage.pem`, POLICYCELL_TLS_KEY: `${dir}/key.pem` }, /cannot be used/],
  ])('%s', (_name, env, message) => {
    const r = start(env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('in-process too: startServer rejects with RefusedToListen', async () => {
    await expect(startServer({ port: 0, tls: { cert: `${dir}/nope.pem`, key: `${dir}/key.pem` }, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => {} } })).rejects.toThrow(RefusedToListen);
  });
});

describe('malformed Lambda events are 400 problem+json, never a throw or a plain-text 500', () => {
  const handlers = { api: apiHandler({ POLICYCELL_LOG: 'off' }), workbooks: workbooksHandler({ POLICYCELL_LOG: 'off' }) };
  const v2 = (over: Record<string, unknown>) => ({
    version: '2.0',
    rawPath: '/v1/batch',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'x.execute-api.ap-southeast-1.amazonaws.com' },
    requestContext: { http: { method: 'POST', path: '/v1/batch', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 't' }, requestId: 'r', stage: '$default' },
    body: '{"calls":[]}',
    isBase64Encoded: false,
    ...over,
  });
  const cases: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'GET /'],
    ['an array', []],
    ['an empty object', {}],
    ['a body marked base64 that is not', v2({ body: '{"calls":[]}', isBase64Encoded: true })],
    ['base64 with a character outside the alphabet', v2({ body: 'eyJjYWxscyI6W119*', isBase64Encoded: true })],
    ['headers that are not an object of text', v2({ headers: { host: 7 } })],
    ['a body that is not text', v2({ body: { calls: [] } })],
    ['isBase64Encoded "true" (a string)', v2({ body: 'eyJjYWxscyI6W119', isBase64Encoded: 'true' })],
    ['isBase64Encoded 1', v2({ body: 'eyJjYWxscyI6W119', isBase64Encoded: 1 })],
    ['isBase64Encoded {}', v2({ body: '{"calls":[]}', isBase64Encoded: {} })],
    ['a header name that is not a token', v2({ headers: { 'bad header': 'x' } })],
    ['a cookie with a line break', v2({ cookies: ['a=1\r\nX-Forged: 1'] })],
    ['half a surrogate pair in a query parameter (REST v1)', { httpMethod: 'GET', path: '/v1/functions', headers: {}, queryStringParameters: { lang: '\ud800' }, body: null, isBase64Encoded: false }],
    ['a rawPath that does not start with /', v2({ rawPath: 'v1/batch' })],
    ['a host that makes no URL', v2({ requestContext: { domainName: 'a b', http: { method: 'POST', path: '/v1/batch' } } })],
    ['a GET with a body', v2({ rawPath: '/v1/functions', requestContext: { http: { method: 'GET', path: '/v1/functions' } } })],
    ['a method that is not a token', v2({ requestContext: { http: { method: 'PO ST', path: '/v1/batch' } } })],
  ];
  for (const [kind, handler] of Object.entries(handlers)) {
    it.each(cases)(`${kind}: %s`, async (_name, event) => {
      const r = (await handler(event as LambdaEvent, {} as never)) as { statusCode: number; headers: Record<string, string>; body: string };
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(r.body)).toMatchObject({ status: 400, title: expect.any(String), detail: expect.any(String) });
    });
  }

  it('an invalid header value: 400 problem+json naming the header, its value neither answered nor logged', async () => {
    const secret = 'Bearer s3cr3t-salary-token';
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void logged.push(a));
    try {
      for (const [kind, handler] of Object.entries(handlers)) {
        for (const value of [`${secret}\n`, `${secret}\r\nX-Forged: 1`, `${secret}\0`]) {
          const r = (await handler(v2({ headers: { authorization: value, 'accept-language': 'en' } }) as unknown as LambdaEvent, {} as never)) as { statusCode: number; headers: Record<string, string>; body: string };
          expect(r.statusCode, kind).toBe(400);
          expect(r.headers['content-type'], kind).toMatch(/^application\/problem\+json/);
          expect(JSON.parse(r.body).detail, kind).toBe('the event\'s headers has an invalid value for the header "authorization" (a control character or half a surrogate pair)');
          expect(r.body).not.toContain('s3cr3t');
        }
      }
    } finally {
      spy.mockRestore();
    }
    expect(JSON.stringify(logged)).not.toContain('s3cr3t');
  });

  it('TRACE, which no Request may carry: 405 problem+json', async () => {
    const r = (await handlers.api(v2({ body: undefined, requestContext: { http: { method: 'TRACE', path: '/v1/batch' } } }) as unknown as LambdaEvent, {} as never)) as { statusCode: number; headers: Record<string, string> };
    expect(r.statusCode).toBe(405);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('valid base64 still goes through, and Accept-Language is honoured in the refusal', async () => {
    const ok = (await handlers.api(v2({ body: Buffer.from('{"calls":[{"fn":"COMMISSION","args":[52000]}]}').toString('base64'), isBase64Encoded: true }) as unknown as LambdaEvent, {} as never)) as { statusCode: number; body: string };
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body).results).toEqual([{ value: 360 }]);
    const zh = (await handlers.api(v2({ body: '%%%', isBase64Encoded: true, headers: { 'accept-language': 'zh-CN' } }) as unknown as LambdaEvent, {} as never)) as { body: string };
    expect(JSON.parse(zh.body).detail).toMatch(/base64/);
    expect(JSON.parse(zh.body).title).toBe('请求格式错误');
  });
});
