import type { Context } from 'hono';
import { problem, requestLang, t } from './problem.js';
import { reqHeader } from './respond.js';

/**
 * Without API keys the local server trusts whoever can reach it, and every web page the clerk opens
 * can reach 127.0.0.1: a form or a `fetch` in `no-cors` mode needs no preflight when its content
 * type is a "simple" one (text/plain, a form), so any site could make the clerk's machine compute
 * workbooks and batches. The Host check (host-check.ts) stops DNS rebinding; this stops the rest.
 *
 * A browser says where a request comes from: `Origin` (on every POST, and on every cross-origin
 * fetch) and `Sec-Fetch-Site` (every current browser, on every request). The server answers:
 * - a request whose `Origin` is neither its own origin nor one of POLICYCELL_ALLOWED_ORIGINS: 403;
 * - a request a browser marks `cross-site` or `same-site` (another port of this machine is another
 *   origin but the same site) without such an Origin: 403;
 * - a browser's POST with a content type a page may send without a preflight: 415. The routes take
 *   JSON or a workbook, and the add-in's pages send `application/json`.
 * Clients that are not browsers (curl, the CLI, scripts, Node's fetch) send neither header and
 * are not concerned: `curl -d` keeps working. The add-in's files (/addin/) are public and are
 * fetched cross-origin by Excel on the web: they are left out (edge.ts). Preflights are CORS's
 * business (cors.ts), which answers a foreign one without allowing anything.
 */

/** The content types a page may POST without a preflight (the Fetch standard's CORS-safelisted ones). */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** A content type's essence ("text/plain;charset=UTF-8" → "text/plain"), empty when there is none. */
const essence = (type: string | undefined) => (type ?? '').split(';')[0]!.trim().toLowerCase();

export function sameSiteOnly(allowedOrigins: readonly string[]): (c: Context) => Response | undefined {
  const allowAll = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '')));
  return (c) => {
    const origin = reqHeader(c, 'origin');
    const site = reqHeader(c, 'sec-fetch-site');
    if (origin === undefined && site === undefined) return undefined; // not a browser
    const method = c.req.method;
    if (method === 'OPTIONS' && reqHeader(c, 'access-control-request-method') !== undefined) return undefined;
    const lang = requestLang(c);
    const listed = origin !== undefined && (allowAll || allowed.has(origin));
    const own = origin !== undefined && !listed && origin === new URL(c.req.url).origin;
    if (origin !== undefined && !listed && !own) {
      const shown = origin.slice(0, 100);
      return problem(
        c,
        403,
        t(lang, `未设置 API 密钥的服务不接受来自其他网站的请求（Origin: ${shown}）；要允许该网站，请设置 POLICYCELL_ALLOWED_ORIGINS`, `without API keys this server does not answer another site's pages (Origin: ${shown}); to allow that site, set POLICYCELL_ALLOWED_ORIGINS`),
        { origin: shown },
      );
    }
    if (site !== undefined && site !== 'same-origin' && site !== 'none' && !listed) {
      const shown = site.slice(0, 20);
      return problem(c, 403, t(lang, `未设置 API 密钥的服务不接受来自其他网站的请求（Sec-Fetch-Site: ${shown}）`, `without API keys this server does not answer another site's pages (Sec-Fetch-Site: ${shown})`));
    }
    if (method === 'POST' && (SIMPLE_TYPES.has(essence(reqHeader(c, 'content-type'))) || essence(reqHeader(c, 'content-type')) === '')) {
      const shown = (reqHeader(c, 'content-type') ?? '').slice(0, 100);
      return problem(
        c,
        415,
        t(
          lang,
          `浏览器发来的请求须声明内容类型 application/json（工作簿为 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet），收到「${shown}」`,
          `a browser's request must say Content-Type: application/json (a workbook: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), not "${shown}"`,
        ),
      );
    }
    return undefined;
  };
}
