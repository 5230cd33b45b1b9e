import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Limits } from '../../functions/config.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { farColumn } from '../helpers/hostile.js';

/**
 * Request bodies on the real Node server: counted as they arrive against the route's limit and the
 * process's body budget, cut when they stall, uploads counted against the workbook queue, and
 * connections capped. Raw sockets, so that a client can send part of a body and stop, as the
 * issue's stalled uploads did.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function serverWith(limits: Partial<Limits>): Promise<RunningServer> {
  return startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: { ...DEFAULT_LIMITS, ...limits }, version: 't', log: () => {} } });
}

interface Exchange {
  socket: Socket;
  /** Resolves with what the server sent, once it closes the connection or sends a whole answer. */
  answer: Promise<{ status: number; headers: string; body: string; closed: boolean }>;
}

/** A request whose headers and the first `sent` bytes of its body go out now; the rest never does unless `rest()` is called. */
function partialRequest(s: RunningServer, path: string, opts: { type: string; length: number; sent: number; chunked?: boolean }): Exchange {
  const socket = connect(s.port, '127.0.0.1');
  const head = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${s.port}`, `Content-Type: ${opts.type}`, 'Accept-Language: en', opts.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.length}`, '', ''].join('\r\n');
  socket.write(head);
  if (opts.sent > 0) {
    const part = Buffer.alloc(opts.sent, 0x20);
    socket.write(opts.chunked ? Buffer.concat([Buffer.from(`${opts.sent.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part);
  }
  const answer = new Promise<{ status: number; headers: string; body: string; closed: boolean }>((resolve) => {
    let raw = '';
    const done = (closed: boolean) => {
      const [headers = '', body = ''] = raw.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1] ?? 0), headers, body, closed });
    };
    socket.on('data', (d) => {
      raw += d.toString();
      const length = /content-length: (\d+)/i.exec(raw)?.[1];
      const bodyAt = raw.indexOf('\r\n\r\n');
      if (length !== undefined && bodyAt >= 0 && raw.length - bodyAt - 4 >= Number(length)) {
        // A whole answer: see whether the server closes the connection after it.
        setTimeout(() => done(socket.destroyed || socket.readableEnded), 300);
      }
    });
    socket.on('close', () => done(true));
    socket.on('error', () => {});
  });
  return { socket, answer };
}

describe('a body that stalls is cut after the idle time', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await serverWith({ bodyIdleSeconds: 1 });
  });
  afterAll(() => s.close());

  it.each([
    ['/v1/batch', 'application/json'],
    ['/v1/workbooks/recalc', XLSX],
  ])('%s: 408 problem+json, the connection closed', async (path, type) => {
    const x = partialRequest(s, path, { type, length: 100_000, sent: 1000 });
    const r = await x.answer;
    expect(r.status).toBe(408);
    expect(r.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(r.body)).toMatchObject({ status: 408, budget: 'bodyIdle', limit: 1, detail: 'nothing of the body arrived for 1 s; the request was cut' });
    expect(r.closed).toBe(true);
  });

  it('a chunked body past its route limit is cut at the limit: 413', async () => {
    const x = partialRequest(s, '/v1/workbooks/recalc', { type: XLSX, length: 0, sent: 0, chunked: true });
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    for (let i = 0; i < 21; i++) x.socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    const r = await x.answer;
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ status: 413, limit: 5 * 1024 * 1024 });
  });

  it('a body that keeps arriving is not cut, however long it takes in all', async () => {
    const body = JSON.stringify({ calls: [{ fn: 'COMMISSION', args: [52000] }] });
    const x = partialRequest(s, '/v1/batch', { type: 'application/json', length: body.length, sent: 0 });
    for (const ch of body) {
      x.socket.write(ch);
      await new Promise((r) => setTimeout(r, 30));
    }
    const r = await x.answer;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).results).toEqual([{ value: 360 }]);
    x.socket.destroy();
  });
});

describe('the body budget of a process (bytes in flight)', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await serverWith({ inFlightBytes: 3 * 1024 * 1024, bodyIdleSeconds: 30 });
  });
  afterAll(() => s.close());

  it('bodies still arriving count: past the budget a request is refused at once (429), and its room comes back when they end', async () => {
    // Three stalled 1 MiB batches hold the whole 3 MiB budget.
    const stalled = [0, 1, 2].map(() => partialRequest(s, '/v1/batch', { type: 'application/json', length: 1024 * 1024, sent: 64 * 1024 }));
    await new Promise((r) => setTimeout(r, 300));
    const refused = partialRequest(s, '/v1/batch', { type: 'application/json', length: 1024, sent: 0 });
    const r = await refused.answer;
    expect(r.status).toBe(429);
    expect(r.headers).toMatch(/retry-after: 5/i);
    expect(JSON.parse(r.body)).toMatchObject({ status: 429, budget: 'bytesInFlight', limit: 3 * 1024 * 1024 });
    expect(r.closed).toBe(true);
    // A chunked body is counted chunk by chunk, and refused when the next chunk does not fit.
    const chunked = partialRequest(s, '/v1/batch', { type: 'application/json', length: 0, sent: 4096, chunked: true });
    expect((await chunked.answer).status).toBe(429);
    // Requests without a body, and the API's small calls, are answered meanwhile.
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    for (const x of stalled) x.socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    const ok = await fetch(`${s.url}/v1/functions/COMMISSION`, { method: 'POST', body: '{"args":[52000]}', headers: { 'content-type': 'application/json' } });
    expect(await ok.json()).toEqual({ value: 360 });
  });

});

describe('uploads still arriving count against the workbook queue', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await serverWith({ workbookWorkers: 1, workbookQueue: 1, bodyIdleSeconds: 30 });
  });
  afterAll(() => s.close());

  it('with one worker and a queue of one, two stalled uploads make the third 429 before its body is read', async () => {
    const stalled = [0, 1].map(() => partialRequest(s, '/v1/workbooks/recalc', { type: XLSX, length: 200_000, sent: 10_000 }));
    await new Promise((r) => setTimeout(r, 300));
    const third = await fetch(`${s.url}/v1/workbooks/recalc`, { method: 'POST', body: new Blob([farColumn() as Uint8Array<ArrayBuffer>]), headers: { 'content-type': XLSX, 'accept-language': 'en' } });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    for (const x of stalled) x.socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    const next = await fetch(`${s.url}/v1/workbooks/recalc`, { method: 'POST', body: new Blob([farColumn() as Uint8Array<ArrayBuffer>]), headers: { 'content-type': XLSX } });
    expect(next.status).toBe(200);
  });
});

describe('connections are capped per process', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await serverWith({ maxConnections: 4 });
  });
  afterAll(() => s.close());

  const open = () =>
    new Promise<Socket>((resolve) => {
      const socket = connect(s.port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => {});
    });

  it('past the cap a new connection is closed unanswered; once one ends, connections are served again', async () => {
    const held = await Promise.all([open(), open(), open(), open()]);
    const extra = await open();
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('close', () => resolve(true));
      extra.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
      extra.on('data', () => resolve(false));
    });
    expect(closed).toBe(true);
    held[0]!.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const again = await fetch(`${s.url}/healthz`, { headers: { connection: 'close' } });
    expect(again.status).toBe(200);
    for (const h of held) h.destroy();
  });
});
