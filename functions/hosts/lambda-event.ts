import type { LambdaEvent } from 'hono/aws-lambda';
import type { Lang } from '../../shared/src/index.js';
import { pickLang } from '../../shared/src/index.js';
import { t } from '../http/middleware/problem.js';
import type { LambdaResult } from './lambda-answer.js';
import { finishResult, problemResult } from './lambda-answer.js';

/**
 * What Hono's Lambda adapter needs of an event, checked before it sees one. The adapter throws on a
 * `null` event; reads any truthy `isBase64Encoded` ("true", 1, {}) as base64 and answers a plain-text
 * 500 when `atob` throws; and an invalid header name or value, a lone surrogate in a query or
 * header, a body on a GET, or a method `Request` refuses make it log the error with its stack and
 * the header's value in full, then answer plain text. A malformed event is the caller's mistake:
 * 400 (405 for a method no request may have) problem+json, in the shape every API Gateway version
 * reads back, naming the field but never quoting a header's value.
 */

type Why = { status: number; zh: string; en: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Base64 as `atob` reads it: the alphabet, padding only at the end, ASCII white space ignored. */
function isBase64(s: string): boolean {
  const text = s.replace(/[\t\n\f\r ]+/g, '');
  if (text.length % 4 === 1) return false;
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && (text.indexOf('=') < 0 || text.length % 4 === 0);
}

/** A method or header name as HTTP allows it (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What `Headers` refuses in a value: NUL, CR or LF in an ASCII value (Hono percent-encodes a value with any other character, which removes them). */
function refusedByHeaders(value: string): boolean {
  let control = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f) return false;
    if (code === 0 || code === 10 || code === 13) control = true;
  }
  return control;
}
/** Half a surrogate pair: encodeURIComponent (Hono's, for a query or a non-ASCII header) throws on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Methods `Request` refuses to make. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const shown = (name: string) => JSON.stringify(name.slice(0, 64)).slice(1, -1);

function headerProblem(field: string, name: string, value: string): Why | undefined {
  if (!TOKEN.test(name)) return { status: 400, zh: `事件的 ${field} 中有无效的标头名称「${shown(name)}」`, en: `the event's ${field} has an invalid header name "${shown(name)}"` };
  if (LONE_SURROGATE.test(value) || refusedByHeaders(value)) {
    return { status: 400, zh: `事件的 ${field} 中标头「${name}」的值无效（含控制字符或不成对的代理项）`, en: `the event's ${field} has an invalid value for the header "${name}" (a control character or half a surrogate pair)` };
  }
  return undefined;
}

function textValues(event: Record<string, unknown>): Why | undefined {
  for (const k of ['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters']) {
    const v = event[k];
    if (v === undefined || v === null) continue;
    const many = k.startsWith('multi');
    const ok = isObject(v) && Object.values(v).every((x) => x === null || x === undefined || (many ? Array.isArray(x) && x.every((y) => typeof y === 'string') : typeof x === 'string'));
    if (!ok) return { status: 400, zh: `事件的 ${k} 不是文本值的对象`, en: `the event's ${k} is not an object of text values` };
    for (const [name, x] of Object.entries(v)) {
      const values = (Array.isArray(x) ? x : x === null || x === undefined ? [] : [x]) as string[];
      if (k.endsWith('Headers') || k === 'headers') {
        for (const y of values) {
          const bad = headerProblem(k, name, y);
          if (bad) return bad;
        }
      } else if (LONE_SURROGATE.test(name) || values.some((y) => LONE_SURROGATE.test(y))) {
        return { status: 400, zh: `事件的 ${k} 含不成对的代理项`, en: `the event's ${k} holds half a surrogate pair` };
      }
    }
  }
  const cookies = event.cookies;
  if (cookies !== undefined && cookies !== null && (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string' && !headerProblem('cookies', 'cookie', c)))) {
    return { status: 400, zh: '事件的 cookies 不是有效 Cookie 文本的数组', en: "the event's cookies are not an array of valid cookie texts" };
  }
  return undefined;
}

/** The request line as the adapter would build it: method, path and the URL `Request` must parse. */
function requestLine(event: Record<string, unknown>): { method: unknown; path: unknown; url?: string } | undefined {
  const rc = isObject(event.requestContext) ? event.requestContext : undefined;
  const http = isObject(rc?.http) ? rc.http : undefined;
  let line: { method: unknown; path: unknown; query: string } | undefined;
  if (typeof event.rawPath === 'string' && http) line = { method: http.method, path: event.rawPath, query: typeof event.rawQueryString === 'string' ? event.rawQueryString : '' };
  else if (typeof event.httpMethod === 'string' && typeof event.path === 'string') line = { method: event.httpMethod, path: event.path, query: '' };
  else if (typeof event.method === 'string' && typeof event.path === 'string') line = { method: event.method, path: event.path, query: '' };
  if (!line) return undefined;
  const headers = isObject(event.headers) ? event.headers : {};
  const domain = rc && 'domainName' in rc ? rc.domainName : (headers.host ?? headers.Host);
  return { method: line.method, path: line.path, url: `https://${String(domain)}${String(line.path)}${line.query ? `?${line.query}` : ''}` };
}

/** Why the event cannot be handled, or undefined when it has the shape of an HTTP event. */
export function problemWith(event: unknown): Why | undefined {
  if (!isObject(event)) return { status: 400, zh: '事件不是 JSON 对象', en: 'the event is not an object' };
  const line = requestLine(event);
  if (!line) return { status: 400, zh: '事件不是 API Gateway、ALB 或 Lattice 的 HTTP 请求', en: 'the event is not an HTTP request from API Gateway, an ALB or VPC Lattice' };
  if (typeof line.method !== 'string' || !TOKEN.test(line.method)) return { status: 400, zh: '事件的请求方法无效', en: "the event's request method is not valid" };
  if (FORBIDDEN_METHODS.has(line.method.toUpperCase())) return { status: 405, zh: `不接受 ${line.method} 请求`, en: `${line.method} requests are not answered` };
  if (typeof line.path !== 'string' || !line.path.startsWith('/') || LONE_SURROGATE.test(line.path)) return { status: 400, zh: '事件的路径应以 / 开头', en: "the event's path must start with /" };
  if (event.rawQueryString !== undefined && typeof event.rawQueryString !== 'string') return { status: 400, zh: '事件的 rawQueryString 不是文本', en: "the event's rawQueryString is not text" };
  const values = textValues(event);
  if (values) return values;
  if (!URL.canParse(line.url!)) return { status: 400, zh: '事件的主机名与路径组不成有效的地址', en: "the event's host and path do not make a valid URL" };
  if (event.body !== undefined && event.body !== null && typeof event.body !== 'string') return { status: 400, zh: '事件的 body 不是文本', en: "the event's body is not text" };
  if (event.isBase64Encoded !== undefined && typeof event.isBase64Encoded !== 'boolean') {
    return { status: 400, zh: '事件的 isBase64Encoded 应为 true 或 false', en: "the event's isBase64Encoded must be true or false" };
  }
  if (event.isBase64Encoded === true && typeof event.body === 'string' && !isBase64(event.body)) {
    return { status: 400, zh: '事件标明 body 为 base64，但它不是有效的 base64', en: 'the event marks its body as base64, but it is not valid base64' };
  }
  if (event.body && /^(GET|HEAD)$/i.test(line.method)) return { status: 400, zh: `${line.method.toUpperCase()} 请求不应带有 body`, en: `a ${line.method.toUpperCase()} request has no body` };
  return undefined;
}

function header(event: Record<string, unknown>, name: string): string | undefined {
  const headers = isObject(event.headers) ? event.headers : {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && typeof v === 'string') return v;
  return undefined;
}

/** An error's message for the log, with every quoted part left out: a runtime's message may quote a header's value or a body. */
const loggable = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/(["'`]).*?\1/g, '$1…$1').slice(0, 200);

/**
 * A Hono Lambda handler whose every answer is one API Gateway accepts: a malformed event 400
 * problem+json, anything the handler throws 500 problem+json (logged by name, without a stack or a
 * quoted value), and the handler's own answers finished by lambda-answer.ts (binary answers made
 * base64, every answer within Lambda's result limit, errors as problem+json).
 */
export function guardEvents<H extends (event: LambdaEvent, context?: never) => Promise<unknown>>(handler: H): H {
  const guarded = async (event: LambdaEvent, context?: never) => {
    const raw = event as unknown;
    const lang: Lang = pickLang(isObject(raw) ? header(raw, 'accept-language') : undefined);
    const path = isObject(raw) && typeof (raw.rawPath ?? raw.path) === 'string' ? String(raw.rawPath ?? raw.path) : '/';
    const bad = problemWith(raw);
    if (bad) return problemResult(bad.status, t(lang, bad.zh, bad.en), lang, path);
    try {
      return finishResult((await handler(event, context)) as LambdaResult, lang, path);
    } catch (e) {
      console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', error: e instanceof Error ? e.name : typeof e, message: loggable(e) }));
      return problemResult(500, t(lang, '服务器内部错误，已记录', 'internal error; it has been logged'), lang, path);
    }
  };
  // The same shape of answer as the handler's own (statusCode, headers, body, isBase64Encoded).
  return guarded as unknown as H;
}
