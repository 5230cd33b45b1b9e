import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Context } from 'hono';
import { send } from './middleware/respond.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
};

/**
 * What every answer for an add-in file carries. The files are public (the same for everyone), and
 * Excel on the web fetches functions.json and functions.js from the add-in's host cross-origin, so any
 * origin may read them (`*`, never with credentials). A static host or CDN serving dist/addin must
 * send the same (see docs/addin.md). No frame protection: Office shows the task pane in a frame.
 */
export const ADDIN_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'X-Content-Type-Options': 'nosniff',
  // Revalidated every time (cheap with the ETag), so a new build is seen at once.
  'Cache-Control': 'no-cache',
};

/**
 * Serves the built add-in (dist/addin) under /addin/: known file types only, nothing outside the
 * folder (no `..`, no symlink leading out of it), GET and HEAD (OPTIONS answers a preflight), with
 * CORS for Office's origins and an ETag.
 */
export function addinFiles(root: string): (c: Context) => Promise<Response> {
  const base = realpathSync(root);
  return async (c) => {
    const method = c.req.method;
    if (method === 'OPTIONS') {
      return send(c, null, 204, null, { ...ADDIN_HEADERS, 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Max-Age': '86400' });
    }
    if (method !== 'GET' && method !== 'HEAD') return send(c, null, 405, null, { ...ADDIN_HEADERS, Allow: 'GET, HEAD, OPTIONS' });
    const notFound = () => send(c, 'not found · 未找到', 404, 'text/plain; charset=utf-8', ADDIN_HEADERS);
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path.replace(/^\/addin\/?/, ''));
    } catch {
      return notFound();
    }
    if (!rel || rel.includes('\0') || rel.split(/[\\/]/).some((s) => s === '..' || s === '.')) return notFound();
    const type = TYPES[extname(rel).toLowerCase()];
    if (!type) return notFound();
    let file: string;
    let stat;
    try {
      file = realpathSync(join(base, rel));
      stat = statSync(file);
    } catch {
      return notFound();
    }
    if (!file.startsWith(base + sep) || !stat.isFile()) return notFound();
    const etag = `W/"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
    const headers = { ...ADDIN_HEADERS, ETag: etag };
    if (c.req.header('if-none-match') === etag) return send(c, null, 304, null, headers);
    const body = method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return send(c, body, 200, type, { ...headers, 'Content-Length': String(stat.size) });
  };
}
