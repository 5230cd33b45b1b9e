import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { addHeader, reqHeader } from './respond.js';

const SANE = /^[\w.-]{1,128}$/;

/**
 * A request id for the logs and the `X-Request-Id` answer header: the caller's own when it sent a
 * sane one (to follow a request through a proxy), else a new UUID. Set before the handler runs, into
 * the plain header object of respond.ts (the Node adapter's fast path).
 */
export function requestIdHeader(c: Context): string {
  const given = reqHeader(c, 'x-request-id');
  const id = given !== undefined && SANE.test(given) ? given : randomUUID();
  c.set('requestId', id);
  addHeader(c, 'X-Request-Id', id);
  return id;
}
