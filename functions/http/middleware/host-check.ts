import type { Context } from 'hono';
import { problem, requestLang, t } from './problem.js';
import { reqHeader } from './respond.js';

/** A Host header's name without its port, lower case ("[::1]:3000" → "::1"). */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** Names that can only reach this machine: localhost (and *.localhost), 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = hostName(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

let lastGood: string | undefined;

/**
 * Without API keys the server listens on loopback only, but a web page elsewhere can still reach it
 * through DNS rebinding (a name of the attacker's that resolves to 127.0.0.1) and read salaries off
 * /v1/policies or the API. Such a request carries the attacker's name in `Host`: answer only
 * requests addressed to a loopback name. Answers the 403, or undefined to let the request through.
 */
export function loopbackHostsOnly(c: Context): Response | undefined {
  const host = reqHeader(c, 'host');
  // Every request of a client carries the same Host: the last one found good is not parsed again (the hot path).
  if (host !== undefined && host === lastGood) return undefined;
  if (isLoopbackHost(host)) {
    lastGood = host;
    return undefined;
  }
  const lang = requestLang(c);
  const shown = (host ?? '').slice(0, 100);
  return problem(
    c,
    403,
    t(lang, `未设置 API 密钥的服务只接受发往本机名称的请求（Host: ${shown}）`, `without API keys this server answers only requests addressed to a loopback name (Host: ${shown})`),
  );
}
