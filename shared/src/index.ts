// The rules package: pure TypeScript that knows nothing of Excel, HTTP, files or the clock.
export type { CallResult, CellValue, ErrorCode, Lang, Matrix, Scalar, Text2 } from './values/types.js';
export { LANGS, pickLang } from './values/types.js';
export { Engine, defaultEngine, errorResult } from './engine.js';
export type { CallOptions, Explained } from './engine.js';
export { runBatch, DEFAULT_MAX_CALLS } from './batch.js';
export type { BatchAnswer, Problem } from './batch.js';
export { CATALOG, findFunction } from './catalog/index.js';
export type { Example, FunctionDecl, ParamDecl, ParamType, ResultType, Section } from './catalog/declare.js';
export { PolicyRegistry, PolicyLoadError, compareVersions, policyRef, DEFAULT_POLICY_ID } from './policy/registry.js';
export { registryWith, shippedRegistry, SHIPPED_POLICIES, PUBLISHED_DIGESTS } from './policy/builtin.js';
export type { PolicySource } from './policy/builtin.js';
export { validatePolicy, policySchema, resolvePath } from './policy/schema.js';
export type { PolicyDoc, PolicyProblem } from './policy/schema.js';
export { policyDigest, canonicalJson } from './policy/digest.js';
export { ExcelError, renderMessage } from './i18n/messages.js';
export { parseIsoDate, formatIsoDate } from './values/dates.js';
