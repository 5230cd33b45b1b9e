import type { Hono } from 'hono';

/**
 * The methods the app's routes answer at a path, for a 405 with `Allow` instead of a 404 when a
 * route exists under another method (GET /v1/batch). Read from the app's route table the first
 * time a request misses, when every host has mounted its routes.
 */
export function allowedMethods(app: Pick<Hono, 'routes'>): (path: string) => string[] {
  let table: { pattern: RegExp; method: string }[] | undefined;
  return (path) => {
    table ??= app.routes
      .filter((r) => r.method !== 'ALL') // middleware and static files
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\*/g, '.*')}/?$`),
      }));
    const methods = new Set<string>();
    for (const r of table) if (r.pattern.test(path)) methods.add(r.method);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  };
}
