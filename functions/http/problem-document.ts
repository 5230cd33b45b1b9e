import type { Lang } from '../../shared/src/index.js';

/**
 * The RFC 9457 problem document of an error about a request as a whole, built in one place: the
 * HTTP routes send it as `application/problem+json` (middleware/problem.ts) and `policycell eval
 * --batch` prints it, so both say the same bytes for the same body. The title is the status's, in
 * the request's language.
 */

const TITLES: Record<number, Record<Lang, string>> = {
  400: { 'zh-CN': '请求格式错误', en: 'Bad request' },
  401: { 'zh-CN': '需要 API 密钥', en: 'API key required' },
  403: { 'zh-CN': '拒绝访问', en: 'Forbidden' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
  405: { 'zh-CN': '不支持此请求方法', en: 'Method not allowed' },
  408: { 'zh-CN': '请求超时', en: 'Request timeout' },
  409: { 'zh-CN': '与当前状态冲突', en: 'Conflict' },
  410: { 'zh-CN': '已过期', en: 'Gone' },
  413: { 'zh-CN': '请求过大', en: 'Request too large' },
  415: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  422: { 'zh-CN': '函数返回错误', en: 'The function returned an error' },
  429: { 'zh-CN': '请求过多，请稍后再试', en: 'Too many requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  501: { 'zh-CN': '尚未实现', en: 'Not implemented' },
  503: { 'zh-CN': '服务暂时不可用', en: 'Service unavailable' },
};

/** A problem before it is sent: what the route (or the CLI) knows of it. */
export interface RequestProblem {
  status: number;
  detail: string;
  /** Extra members: the JSON path, the Excel error code, the policies available… */
  extra?: Record<string, unknown>;
  lang: Lang;
}

/** The problem document's JSON text; `instance` is the route's path (the same for every request to it). */
export function problemJson(p: RequestProblem, instance: string): string {
  const body = { type: 'about:blank', title: TITLES[p.status]?.[p.lang] ?? String(p.status), status: p.status, detail: p.detail, instance, ...p.extra };
  return JSON.stringify(body);
}

/** The detail of a body that is not JSON (the parser's own words after ours). */
export function badJsonDetail(lang: Lang, parserMessage: string): string {
  return lang === 'zh-CN' ? `请求体不是有效的 JSON：${parserMessage}` : `the body is not valid JSON: ${parserMessage}`;
}
