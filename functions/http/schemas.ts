import * as z from 'zod/mini';
import type { Lang } from '../../shared/src/index.js';
import type { IssueLike } from '../../shared/src/i18n/issues.js';
import { REPORT_INPUT, issueMessage, jsonPath, withPath } from '../../shared/src/i18n/issues.js';
import type { RequestProblem } from './problem-document.js';

/** The request bodies of the HTTP API, checked before anything runs. */

const lang = z.optional(z.string().check(z.maxLength(35)));
const policy = z.optional(z.nullable(z.string().check(z.maxLength(200))));
// Arguments are cell values; their types are the catalog's business (per-argument Excel errors), not the schema's.
const args = z.optional(z.array(z.unknown()));

export const evalBody = z.object({ args, policy, lang });
export const explainBody = z.object({ fn: z.string().check(z.minLength(1), z.maxLength(200)), args, policy, lang });
export const batchBody = z.object({
  calls: z.array(z.unknown()),
  policy,
  lang,
});

/**
 * A parsed JSON body checked against its schema, with the request's language (`langOf` reads the
 * body's own `lang` field, else the request's). The first problem is a 400 with its JSON path and a
 * message in that language. The routes (app.ts) and `policycell eval --batch` share it.
 */
export function checkBody<T>(
  schema: { safeParse: (v: unknown, ctx: typeof REPORT_INPUT) => { success: true; data: T } | { success: false; error: { issues: readonly IssueLike[] } } },
  body: unknown,
  langOf: (bodyLang: unknown) => Lang,
): { ok: true; data: T; lang: Lang } | { ok: false; problem: RequestProblem } {
  const parsed = schema.safeParse(body, REPORT_INPUT);
  // The body's own lang field counts even when something else in the body is wrong.
  const lang = langOf(typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { lang?: unknown }).lang : undefined);
  if (parsed.success) return { ok: true, data: parsed.data, lang };
  const i = parsed.error.issues[0]!;
  const path = jsonPath(i.path);
  return { ok: false, problem: { status: 400, detail: withPath(path, issueMessage(i, lang), lang), extra: { path }, lang } };
}
