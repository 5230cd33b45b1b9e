import type { MiddlewareHandler } from 'hono';

/** What a route adds to its request's log line: function ids and counts, never argument values. */
export interface LogFields {
  fn?: string;
  fns?: string[];
  calls?: number;
  errors?: number;
  policy?: string;
}

export type LogVars = { requestId: string; log: LogFields };

/**
 * One structured JSON line per request: time, id, method, route, status, duration and what the
 * route added. Salaries are personal data, so no argument, body or header value (and no API key) is
 * ever written.
 */
export function structuredLog(sink: (line: Record<string, unknown>) => void): MiddlewareHandler<{ Variables: LogVars }> {
  return async (c, next) => {
    const start = performance.now();
    const fields: LogFields = {};
    c.set('log', fields);
    await next();
    sink({
      time: Date.now(),
      level: c.res.status >= 500 ? 'error' : 'info',
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 100) / 100,
      ...c.get('log'),
    });
  };
}
