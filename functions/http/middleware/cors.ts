import type { Context } from 'hono';
import { addHeader, reqHeader, send } from './respond.js';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept-Language, X-Request-Id';
// Every header a route sends for its client to read (app.ts, workbooks-route.ts, jobs/): a browser client (the
// task pane in remote mode) sees only those listed here.
export const EXPOSE_HEADERS = 'X-Request-Id, X-Policy, X-Formulas, X-Errors, X-Evaluator, X-Kept, X-Kept-Reasons, X-Assumed, X-Assumed-Reasons, X-Changed, X-Uncertain, X-Calibrated, X-Calibration-Reason, X-Saved-Policy, X-Policy-Saved, Retry-After, WWW-Authenticate, Allow';

/**
 * CORS for the origins in POLICYCELL_ALLOWED_ORIGINS. With none configured only the server's own
 * origin may call it (same-origin requests need no CORS headers, so none are sent); `*` allows every
 * origin, for a public deployment behind API keys. Preflights are answered here (the Response), before auth, since
 * browsers send them without credentials; other requests get their headers and go on (undefined). Written for this app rather than hono/cors because that
 * one appends `Vary` after the handler, which costs the Node adapter its fast path (measured: 3×).
 */
export function corsFor(origins: readonly string[]): (c: Context) => Response | undefined {
  const allowAll = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/$/, '')));
  return (c) => {
    const origin = reqHeader(c, 'origin');
    const ok = origin !== undefined && (allowAll || allowed.has(origin));
    if (c.req.method === 'OPTIONS' && reqHeader(c, 'access-control-request-method') !== undefined) {
      if (!ok) return send(c, null, 204, null, { Vary: 'Origin' });
      return send(c, null, 204, null, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (ok) {
      addHeader(c, 'Access-Control-Allow-Origin', origin);
      addHeader(c, 'Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    // The answer depends on Origin only when some origins are allowed and others not.
    if (!allowAll && allowed.size > 0) addHeader(c, 'Vary', 'Origin');
    return undefined;
  };
}
