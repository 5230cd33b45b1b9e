import type { LambdaEvent } from 'hono/aws-lambda';
import { pickLang } from '../../shared/src/index.js';
import { t } from '../http/middleware/problem.js';

/**
 * What Hono's Lambda adapter needs of an event, checked before it sees one: it throws on a `null`
 * event, and answers a body marked base64 that is not base64 with a plain-text 500 (its `atob`
 * throws). A malformed event is the caller's mistake: 400 problem+json, in the shape every API
 * Gateway version reads back (statusCode, headers, body).
 */

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Base64 as `atob` reads it: the alphabet, padding only at the end, ASCII white space ignored. */
function isBase64(s: string): boolean {
  const text = s.replace(/[\t\n\f\r ]+/g, '');
  if (text.length % 4 === 1) return false;
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && (text.indexOf('=') < 0 || text.length % 4 === 0);
}

function header(event: Record<string, unknown>, name: string): string | undefined {
  const headers = isObject(event.headers) ? event.headers : {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && typeof v === 'string') return v;
  return undefined;
}

/** Why the event cannot be handled, or undefined when it has the shape of an HTTP event. */
function problemWith(event: unknown): { zh: string; en: string } | undefined {
  if (!isObject(event)) return { zh: '事件不是 JSON 对象', en: 'the event is not an object' };
  const rc = isObject(event.requestContext) ? event.requestContext : undefined;
  const v2 = typeof event.rawPath === 'string' && isObject(rc?.http) && typeof (rc.http as Record<string, unknown>).method === 'string';
  const v1 = typeof event.httpMethod === 'string' && typeof event.path === 'string';
  const lattice = typeof event.method === 'string' && typeof event.path === 'string';
  if (!v2 && !v1 && !lattice) return { zh: '事件不是 API Gateway、ALB 或 Lattice 的 HTTP 请求', en: 'the event is not an HTTP request from API Gateway, an ALB or VPC Lattice' };
  for (const k of ['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters']) {
    const v = event[k];
    if (v === undefined || v === null) continue;
    const many = k.startsWith('multi');
    const ok = isObject(v) && Object.values(v).every((x) => x === null || x === undefined || (many ? Array.isArray(x) && x.every((y) => typeof y === 'string') : typeof x === 'string'));
    if (!ok) return { zh: `事件的 ${k} 不是文本值的对象`, en: `the event's ${k} is not an object of text values` };
  }
  if (event.body !== undefined && event.body !== null && typeof event.body !== 'string') return { zh: '事件的 body 不是文本', en: "the event's body is not text" };
  if (event.isBase64Encoded === true && typeof event.body === 'string' && !isBase64(event.body)) {
    return { zh: '事件标明 body 为 base64，但它不是有效的 base64', en: 'the event marks its body as base64, but it is not valid base64' };
  }
  return undefined;
}

/** A Hono Lambda handler that answers malformed events 400, and anything it throws 500, both as problem+json. */
export function guardEvents<H extends (event: LambdaEvent, context?: never) => Promise<unknown>>(handler: H): H {
  const guarded = async (event: LambdaEvent, context?: never) => {
    const raw = event as unknown;
    const lang = pickLang(isObject(raw) ? header(raw, 'accept-language') : undefined);
    const bad = problemWith(raw);
    if (bad) return problemResult(400, t(lang, '请求格式错误', 'Bad request'), t(lang, bad.zh, bad.en));
    try {
      return await handler(event, context);
    } catch (e) {
      console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', error: (e as Error).name, message: (e as Error).message }));
      return problemResult(500, t(lang, '服务器内部错误', 'Internal server error'), t(lang, '服务器内部错误，已记录', 'internal error; it has been logged'));
    }
  };
  // The same shape of answer as the handler's own (statusCode, headers, body, isBase64Encoded).
  return guarded as unknown as H;
}

function problemResult(status: number, title: string, detail: string): LambdaResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail }),
    isBase64Encoded: false,
  };
}
