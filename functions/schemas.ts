import * as z from 'zod/mini';

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

/** The first problem of a body that fails its schema, with its JSON path. */
export function firstIssue(error: z.core.$ZodError): { path: string; message: string } {
  const i = error.issues[0]!;
  const path = `$${i.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}`;
  return { path, message: `${path}: ${i.message}` };
}
