import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { problem, requestLang, t } from './problem.js';
import { addHeader, reqHeader } from './respond.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Bearer API keys: when keys are configured, every request this check sees (the /v1 routes) needs
 * `Authorization: Bearer <key>`. Keys are compared as SHA-256 digests with a constant-time
 * comparison, so neither a key's content nor its length leaks through timing. Answers the 401, or
 * undefined to let the request through.
 */
export function apiKeyAuth(keys: readonly string[]): (c: Context) => Response | undefined {
  const digests = keys.map(digest);
  return (c) => {
    if (digests.length === 0) return undefined;
    const key = bearerToken(c);
    let ok = false;
    if (key !== undefined) {
      const given = digest(key);
      for (const d of digests) ok = timingSafeEqual(given, d) || ok; // no early exit
    }
    if (ok) return undefined;
    const lang = requestLang(c);
    addHeader(c, 'WWW-Authenticate', 'Bearer realm="policycell"');
    return problem(c, 401, t(lang, '缺少或错误的 API 密钥：请加上 Authorization: Bearer <密钥>', 'missing or wrong API key: send Authorization: Bearer <key>'));
  };
}

/** The key of `Authorization: Bearer <key>`, or undefined without one (the job routes name their owner by it). */
export function bearerToken(c: Context): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(reqHeader(c, 'authorization') ?? '')?.[1];
}
