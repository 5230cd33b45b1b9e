import type { Context } from 'hono';
import type { Lang } from '../../../shared/src/index.js';
import { pickLang } from '../../../shared/src/index.js';
import type { RequestProblem } from '../problem-document.js';
import { problemJson } from '../problem-document.js';
import { reqHeader, send } from './respond.js';

/** The language of a request: a `lang` query or body field, else Accept-Language, else zh-CN. */
export function requestLang(c: Context, bodyLang?: unknown): Lang {
  if (typeof bodyLang === 'string') return pickLang(bodyLang);
  return pickLang(c.req.query('lang') ?? reqHeader(c, 'accept-language'));
}

/** An RFC 9457 problem document (`application/problem+json`) for an error about the request as a whole. */
export function problem(c: Context, status: number, detail: string, extra: Record<string, unknown> = {}, lang = requestLang(c)): Response {
  return sendProblem(c, { status, detail, extra, lang });
}

/** Sends a problem built elsewhere (a route's shared checks, see batch-request.ts). */
export function sendProblem(c: Context, p: RequestProblem): Response {
  return send(c, problemJson(p, c.req.path), p.status, 'application/problem+json; charset=utf-8');
}

/** Short bilingual texts the routes use. */
export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'zh-CN' ? zh : en;
}
