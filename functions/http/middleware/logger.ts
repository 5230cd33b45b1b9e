import type { Context } from 'hono';

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
export function logLine(c: Context, status: number, start: number): Record<string, unknown> {
  return {
    time: Date.now(),
    level: status >= 500 ? 'error' : 'info',
    requestId: c.get('requestId'),
    method: c.req.method,
    route: c.req.routePath,
    status,
    ms: Math.round((performance.now() - start) * 100) / 100,
    ...(c.get('log') as LogFields | undefined),
  };
}
