import type { Context } from 'hono';
import type { BodyBudget, BodyLease } from '../body-budget.js';
import { nodeIncoming, readIncoming } from '../incoming-body.js';
import { addHeader, reqHeader } from './respond.js';
import { badJsonDetail } from '../problem-document.js';
import { problem, requestLang, t } from './problem.js';

/** What reading a body may hold and wait for, the same for every request of an app (edge.ts sets it). */
export interface BodyRules {
  budget: BodyBudget;
  /** A body of which nothing arrives for this long is cut (408). */
  idleMs: number;
}

/** The request's share of the body budget (released by edge.ts once the request is answered). */
export type BodyVars = { bodies: BodyRules; bodyLease: BodyLease | undefined };

type Refused = { ok: false; res: Response };

/**
 * For an answer given before the body has been read to its end: on the Node server the connection
 * is closed after it, so that the rest of the body is neither read nor waited for.
 */
export function closeAfterAnswer(c: Context): void {
  if (nodeIncoming(c.env)) addHeader(c, 'Connection', 'close');
}

function refuse(c: Context, status: number, detail: string, extra: Record<string, unknown> = {}): Refused {
  closeAfterAnswer(c);
  return { ok: false, res: problem(c, status, detail, extra) };
}

function tooLarge(c: Context, limit: number): Refused {
  const lang = requestLang(c);
  return refuse(c, 413, t(lang, `请求体超过 ${limit} 字节的上限`, `the body is larger than the limit of ${limit} bytes`), { limit });
}

function busy(c: Context, budget: BodyBudget): Refused {
  const lang = requestLang(c);
  addHeader(c, 'Retry-After', '5');
  return refuse(
    c,
    429,
    t(lang, `服务器正在接收的请求体已达 ${budget.limit} 字节的上限，请稍后再试`, `the server holds as many request bodies as it may (${budget.limit} bytes); try again shortly`),
    { budget: 'bytesInFlight', limit: budget.limit },
  );
}

function idle(c: Context, ms: number): Refused {
  const lang = requestLang(c);
  const s = ms / 1000;
  return refuse(c, 408, t(lang, `请求体在 ${s} 秒内没有新数据，连接已断开`, `nothing of the body arrived for ${s} s; the request was cut`), { budget: 'bodyIdle', limit: s });
}

/**
 * A body that could not be read to its end: the client went away mid-upload, or the connection
 * broke. Nobody may be left to read the answer, but the request gets one line in the log, as a
 * 400 (the request was incomplete), not an error of ours.
 */
function cutShort(c: Context): Refused {
  const lang = requestLang(c);
  return { ok: false, res: problem(c, 400, t(lang, '请求体未完整送达（连接在上传途中断开）', 'the body ended before it was complete (the connection closed mid-upload)')) };
}

/** The declared length, when there is one: undefined without it, NaN when it is not a number. */
function declaredLength(c: Context): number | undefined {
  const declared = reqHeader(c, 'content-length');
  return declared === undefined ? undefined : Number(declared);
}

/** The request's lease of the body budget, made on first use. */
function leaseOf(c: Context): BodyLease | undefined {
  const rules = c.get('bodies') as BodyRules | undefined;
  if (!rules) return undefined;
  let lease = c.get('bodyLease') as BodyLease | undefined;
  if (!lease) c.set('bodyLease', (lease = rules.budget.lease()));
  return lease;
}

/** A body without a declared length (chunked) off a web stream (Lambda, app.request), counted as it streams and cut off past the limit. */
async function readStream(c: Context, limit: number, lease: BodyLease | undefined): Promise<{ ok: true; bytes: Uint8Array } | Refused> {
  const body = c.req.raw.body;
  if (!body) return { ok: true, bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      return cutShort(c);
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > limit || (lease && !lease.take(value.byteLength))) {
      await reader.cancel();
      return size > limit ? tooLarge(c, limit) : busy(c, (c.get('bodies') as BodyRules).budget);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return { ok: true, bytes: out };
}

/**
 * Reads a request body of at most `limit` bytes into the process's body budget. A declared
 * Content-Length above the limit is refused before reading, and one the budget has no room for
 * (429) too; a body without one (chunked) is counted as it streams. On the Node server every body
 * is read off the socket chunk by chunk and cut at the limit, at the budget, or after the idle time
 * (408). `declared` says whether the length was declared (the JSON reader decodes the two apart).
 */
async function readBody(c: Context, limit: number): Promise<{ ok: true; bytes: Uint8Array; declared: boolean } | Refused> {
  const n = declaredLength(c);
  if (n !== undefined && (!Number.isFinite(n) || n > limit)) return tooLarge(c, limit);
  const lease = leaseOf(c);
  const rules = c.get('bodies') as BodyRules | undefined;
  if (n !== undefined && n > 0 && lease && !lease.take(n)) return busy(c, rules!.budget);
  const perChunk = n === undefined ? lease : undefined;
  const incoming = nodeIncoming(c.env);
  if (incoming) {
    const idleMs = rules?.idleMs ?? DEFAULT_BODY_IDLE_MS;
    const r = await readIncoming(incoming, limit, idleMs, perChunk);
    if (r.ok) return { ok: true, bytes: r.bytes, declared: n !== undefined };
    if (r.why === 'tooLarge') return tooLarge(c, limit);
    if (r.why === 'busy') return busy(c, rules!.budget);
    if (r.why === 'idle') return idle(c, idleMs);
    return cutShort(c);
  }
  if (n === undefined) {
    const r = await readStream(c, limit, perChunk);
    return r.ok ? { ...r, declared: false } : r;
  }
  try {
    return { ok: true, bytes: new Uint8Array(await c.req.arrayBuffer()), declared: true };
  } catch {
    return cutShort(c);
  }
}

/** A body of which nothing arrives for this long is cut, when the app sets no idle time of its own. */
export const DEFAULT_BODY_IDLE_MS = 10_000;

/** Reads a request body of at most `limit` bytes (see readBody): the workbook route's upload. */
export async function readCapped(c: Context, limit: number): Promise<{ ok: true; bytes: Uint8Array } | Refused> {
  const r = await readBody(c, limit);
  return r.ok ? { ok: true, bytes: r.bytes } : r;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * A JSON body under the limit: 413 above it, 400 when it does not parse, undefined when there is
 * none. The content type is not checked here: `curl -d` sends JSON as a form, and refusing that
 * would help nobody (a browser's form is refused in front of the routes: cross-site.ts). A body of
 * declared length is decoded as `Request.text()` decodes (malformed bytes become U+FFFD), a chunked
 * one strictly.
 */
export async function readJson(c: Context, limit: number): Promise<{ ok: true; body: unknown } | Refused> {
  const r = await readBody(c, limit);
  if (!r.ok) return r;
  let text: string;
  try {
    text = (r.declared ? lenient : strict).decode(r.bytes);
  } catch (e) {
    return badJson(c, e);
  }
  if (text.length === 0) return { ok: true, body: undefined }; // no body: the route decides
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (e) {
    return badJson(c, e);
  }
}

function badJson(c: Context, e: unknown): Refused {
  const lang = requestLang(c);
  return { ok: false, res: problem(c, 400, badJsonDetail(lang, (e as Error).message)) };
}
