import { Hono } from 'hono';
import { defaultIsContentTypeBinary } from 'hono/aws-lambda';
import type { Lang } from '../../shared/src/index.js';
import { pickLang } from '../../shared/src/index.js';
import { problemJson } from '../http/problem-document.js';
import { t } from '../http/middleware/problem.js';

/**
 * The answers of the Lambda hosts, made into results Lambda can return. A synchronous invocation
 * returns at most 6 MB (6,291,456 bytes) of JSON: a larger result fails the invocation, and the
 * client gets API Gateway's 5xx instead of an answer. A binary answer travels as base64 (four
 * characters for three bytes); Hono's adapter builds that text one byte at a time, a string of a
 * million pieces for every megabyte, which can exhaust the heap and abort the process. Here an
 * answer is read at most up to what fits, encoded by Buffer in one step, and anything larger is
 * 413 problem+json naming the limit.
 *
 * The hosts hand Hono's `handle()` their app through `lambdaAnswers`, which gives Hono the base64
 * as text (so Hono never encodes), marked with BASE64_MARK; the guard (lambda-event.ts) passes
 * every result through `finishResult`, which restores the content type and sets isBase64Encoded.
 */

export interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
  cookies?: string[];
}

/** What one Lambda result may weigh (AWS's limit for a synchronous invocation). */
export const LAMBDA_RESULT_BYTES = 6 * 1024 * 1024;
/** Room kept for the status, the headers and the JSON around the body. */
const ENVELOPE_BYTES = 16 * 1024;
/** The largest text answer (JSON escaping can still make its result too large: finishResult weighs the whole result). */
export const MAX_TEXT_ANSWER = LAMBDA_RESULT_BYTES - ENVELOPE_BYTES;
/** The largest binary answer: its base64 fits where a text answer does. */
export const MAX_BINARY_ANSWER = Math.floor(MAX_TEXT_ANSWER / 4) * 3;

/** The header that carries a base64 answer's own content type from lambdaAnswers to finishResult. */
const BASE64_MARK = 'x-policycell-base64-of';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** An answer Hono's adapter would base64 (its own rule, so that no other answer reaches its encoder). */
function isBinary(res: Response): boolean {
  const type = res.headers.get('content-type');
  const encoding = res.headers.get('content-encoding');
  return (type !== null && defaultIsContentTypeBinary(type)) || (!!encoding && !/^identity$/i.test(encoding));
}

/** The body's bytes, or undefined as soon as there are more than `max` (the rest is never read). */
async function readAtMost(body: ReadableStream<Uint8Array<ArrayBuffer>>, max: number): Promise<{ bytes: Uint8Array<ArrayBuffer> } | { over: number }> {
  const reader = body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return { over: size };
    }
    chunks.push(value);
  }
  return { bytes: chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks)) };
}

function tooLargeText(lang: Lang, size: number | undefined, limit: number): string {
  const zh = `答复${size === undefined ? '' : `至少 ${size} 字节，`}超过 AWS Lambda 单次答复的上限 ${limit} 字节：请用 policycell recalc 或 npm start 的服务处理`;
  const en = `the answer${size === undefined ? '' : ` (at least ${size} bytes)`} is larger than an AWS Lambda answer can carry (${limit} bytes): use policycell recalc or the npm start server for it`;
  return t(lang, zh, en);
}

function tooLarge(res: Response, req: Request, size: number, limit: number): Response {
  const url = new URL(req.url);
  const lang = pickLang(url.searchParams.get('lang') ?? req.headers.get('accept-language'));
  const headers = new Headers(res.headers);
  headers.set('content-type', PROBLEM_TYPE);
  headers.delete('content-length');
  headers.delete('content-encoding');
  const body = problemJson({ status: 413, detail: tooLargeText(lang, size, limit), extra: { budget: 'answer', limit }, lang }, url.pathname);
  return new Response(body, { status: 413, headers });
}

/** An answer as Hono's adapter should see it: text as it was, binary already base64, both within Lambda's limit. */
async function fitted(res: Response, req: Request): Promise<Response> {
  if (!res.body) return res;
  const binary = isBinary(res);
  const limit = binary ? MAX_BINARY_ANSWER : MAX_TEXT_ANSWER;
  const read = await readAtMost(res.body, limit);
  if ('over' in read) return tooLarge(res, req, read.over, limit);
  const headers = new Headers(res.headers);
  if (!binary) return new Response(read.bytes, { status: res.status, headers });
  headers.set(BASE64_MARK, res.headers.get('content-type') ?? 'application/octet-stream');
  headers.set('content-type', 'text/plain; charset=utf-8');
  headers.delete('content-encoding');
  const { buffer, byteOffset, byteLength } = read.bytes;
  return new Response(Buffer.from(buffer, byteOffset, byteLength).toString('base64'), { status: res.status, headers });
}

/** The app as the Lambda hosts give it to Hono's `handle()`: the same routes, answers fitted for Lambda. */
export function lambdaAnswers(app: { fetch: (request: Request, env: object) => Response | Promise<Response> }): Hono {
  const outer = new Hono();
  outer.all('*', async (c) => fitted(await app.fetch(c.req.raw, c.env as object), c.req.raw));
  return outer;
}

/** An answer to a request as a whole, as a Lambda result. */
export function problemResult(status: number, detail: string, lang: Lang, instance: string, extra: Record<string, unknown> = {}): LambdaResult {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_TYPE, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    body: problemJson({ status, detail, extra, lang }, instance),
    isBase64Encoded: false,
  };
}

function headerOf(r: LambdaResult, name: string): string | undefined {
  return r.headers?.[name] ?? r.multiValueHeaders?.[name]?.[0];
}

function setHeader(r: LambdaResult, name: string, value: string | undefined): void {
  for (const h of [r.headers, r.multiValueHeaders] as (Record<string, unknown> | undefined)[]) {
    if (!h) continue;
    if (value === undefined) delete h[name];
    else h[name] = h === r.headers ? value : [value];
  }
}

/**
 * A result of the app made final: a base64 answer gets back its content type and isBase64Encoded;
 * an error that is not problem+json (the adapter's own plain-text 400 and 500) becomes one; and a
 * result heavier than Lambda returns becomes 413.
 */
export function finishResult(r: LambdaResult, lang: Lang, instance: string): LambdaResult {
  const type = headerOf(r, BASE64_MARK);
  if (type !== undefined) {
    setHeader(r, BASE64_MARK, undefined);
    setHeader(r, 'content-type', type);
    r.isBase64Encoded = true;
  }
  if (r.statusCode >= 400 && !(headerOf(r, 'content-type') ?? '').startsWith('application/problem+json')) {
    return problemResult(r.statusCode, t(lang, '请求无法处理', 'the request could not be handled'), lang, instance);
  }
  const size = Buffer.byteLength(JSON.stringify(r));
  if (size > LAMBDA_RESULT_BYTES) return problemResult(413, tooLargeText(lang, undefined, LAMBDA_RESULT_BYTES), lang, instance, { budget: 'answer', limit: LAMBDA_RESULT_BYTES });
  return r;
}
