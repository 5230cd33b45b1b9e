import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem, requestLang, t } from './problem.js';
import { addHeader, reqHeader } from './respond.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Bearer API keys: when keys are configured, every request through this middleware needs
 * `Authorization: Bearer <key>`. Keys are compared as SHA-256 digests with a constant-time
 * comparison, so neither a key's content nor its length leaks through timing.
 */
export function apiKeyAuth(keys: readonly string[]): MiddlewareHandler {
  const digests = keys.map(digest);
  return async (c, next) => {
    if (digests.length === 0) return next();
    const header = reqHeader(c, 'authorization') ?? '';
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    let ok = false;
    if (m) {
      const given = digest(m[1]!);
      for (const d of digests) ok = timingSafeEqual(given, d) || ok; // no early exit
    }
    if (ok) return next();
    const lang = requestLang(c);
    addHeader(c, 'WWW-Authenticate', 'Bearer realm="policycell"');
    return problem(c, 401, t(lang, '缺少或错误的 API 密钥：请加上 Authorization: Bearer <密钥>', 'missing or wrong API key: send Authorization: Bearer <key>'));
  };
}
