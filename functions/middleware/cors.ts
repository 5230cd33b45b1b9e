import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for the origins in POLICYCELL_ALLOWED_ORIGINS. With none configured only the server's own
 * origin may call it (same-origin requests need no CORS headers, so none are sent).
 * `*` allows every origin, for a public deployment behind API keys.
 */
export function corsFor(origins: readonly string[]): MiddlewareHandler {
  const allowAll = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/$/, '')));
  return cors({
    origin: (origin) => (allowAll ? origin || '*' : allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept-Language'],
    exposeHeaders: ['X-Request-Id', 'X-Policy'],
    maxAge: 600,
  });
}
