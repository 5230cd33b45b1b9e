import type { Context } from 'hono';
import type { Lang } from '../../shared/src/index.js';
import { pickLang } from '../../shared/src/index.js';
import { reqHeader, send } from './respond.js';

/** The language of a request: a `lang` query or body field, else Accept-Language, else zh-CN. */
export function requestLang(c: Context, bodyLang?: unknown): Lang {
  if (typeof bodyLang === 'string') return pickLang(bodyLang);
  return pickLang(c.req.query('lang') ?? reqHeader(c, 'accept-language'));
}

const TITLES: Record<number, Record<Lang, string>> = {
  400: { 'zh-CN': '请求格式错误', en: 'Bad request' },
  401: { 'zh-CN': '需要 API 密钥', en: 'API key required' },
  403: { 'zh-CN': '拒绝访问', en: 'Forbidden' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
  405: { 'zh-CN': '不支持此请求方法', en: 'Method not allowed' },
  413: { 'zh-CN': '请求过大', en: 'Request too large' },
  415: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  422: { 'zh-CN': '函数返回错误', en: 'The function returned an error' },
  429: { 'zh-CN': '请求过多，请稍后再试', en: 'Too many requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  501: { 'zh-CN': '尚未实现', en: 'Not implemented' },
};

/** An RFC 9457 problem document (`application/problem+json`) for an error about the request as a whole. */
export function problem(c: Context, status: number, detail: string, extra: Record<string, unknown> = {}, lang = requestLang(c)): Response {
  const body = { type: 'about:blank', title: TITLES[status]?.[lang] ?? String(status), status, detail, instance: c.req.path, ...extra };
  return send(c, JSON.stringify(body), status, 'application/problem+json; charset=utf-8');
}

/** Short bilingual texts the routes use. */
export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'zh-CN' ? zh : en;
}
