import type { Context } from 'hono';
import { problem, requestLang, t } from './problem.js';

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length above the limit is
 * refused before reading; a body without one (chunked) is counted as it streams and cut off at the
 * limit. Hono's bodyLimit middleware costs about 3× throughput on the Node adapter here; this check
 * keeps the adapter's fast path for bodies that declare their length.
 */
export async function readCapped(c: Context, limit: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; res: Response }> {
  const lang = requestLang(c);
  const tooLarge = () => ({
    ok: false as const,
    res: problem(c, 413, t(lang, `请求体超过 ${limit} 字节的上限`, `the body is larger than the limit of ${limit} bytes`), { limit }),
  });
  const declared = c.req.header('content-length');
  if (declared !== undefined) {
    const n = Number(declared);
    if (!Number.isFinite(n) || n > limit) return tooLarge();
    return { ok: true, bytes: new Uint8Array(await c.req.arrayBuffer()) };
  }
  const body = c.req.raw.body;
  if (!body) return { ok: true, bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge();
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

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body under the limit: 413 above it, 400 when it does not parse. The content type is not
 * checked: `curl -d` sends JSON as a form, and refusing that would help nobody.
 */
export async function readJson(c: Context, limit: number): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  const lang = requestLang(c);
  const r = await readCapped(c, limit);
  if (!r.ok) return r;
  if (r.bytes.byteLength === 0) return { ok: true, body: undefined }; // no body: the route decides
  try {
    return { ok: true, body: JSON.parse(decoder.decode(r.bytes)) };
  } catch (e) {
    return { ok: false, res: problem(c, 400, t(lang, `请求体不是有效的 JSON：${(e as Error).message}`, `the body is not valid JSON: ${(e as Error).message}`)) };
  }
}
