import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PolicyDoc, PolicySource } from '../shared/src/index.js';
import { PUBLISHED_DIGESTS, PolicyRegistry, policyDigest, registryWith } from '../shared/src/index.js';
import { PolicyLoadError } from '../shared/src/policy/registry.js';
import type { PolicyProblem } from '../shared/src/policy/schema.js';
import { policyProblem } from '../shared/src/policy/schema.js';
import { jsonPath } from '../shared/src/i18n/issues.js';

/** The lock file beside policy documents: `id@version` → the digest recorded when it was published. */
export const LOCK_FILE = 'published.json';

/**
 * The largest policy document read (the shipped ones are 23 KB; a document of every parameter with
 * long texts stays under 1 MB) and the largest lock file (about 90 bytes a version). Anything larger
 * is refused by its size, before it is read.
 */
export const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_LOCK_FILE_BYTES = 1024 * 1024;

const problemIn = (file: string, path: string, zh: string, en: string) => new PolicyLoadError(file, [policyProblem(path, { 'zh-CN': zh, en })]);

/**
 * A JSON file of the policy folder, read as untrusted input: a regular file of at most `maxBytes`,
 * valid JSON. A missing file throws its ENOENT (the caller decides what absence means); every other
 * failure is a PolicyLoadError naming the file.
 */
function readJson(file: string, maxBytes = MAX_POLICY_FILE_BYTES): unknown {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw problemIn(file, '$', '不是普通文件', 'not a regular file');
    if (st.size > maxBytes) throw problemIn(file, '$', `文件有 ${st.size} 字节，超过 ${maxBytes} 字节的上限`, `the file is ${st.size} bytes, more than the limit of ${maxBytes}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof PolicyLoadError || (e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    const m = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw problemIn(file, '$', `无法读取：${m}`, `cannot be read: ${m}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = (e as Error).message;
    throw problemIn(file, '$', `不是有效的 JSON：${m}`, `not valid JSON: ${m}`);
  }
}

/** A published version's name and its recorded digest, as `policy publish` writes them. */
const LOCK_KEY = /^[a-z0-9][a-z0-9-]*@\d+(?:\.\d+)*$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Problems listed for one lock file at most: past them the file is plainly not a lock file. */
const MAX_LOCK_PROBLEMS = 20;

function kindOf(v: unknown): { zh: string; en: string } {
  if (v === null) return { zh: 'null', en: 'null' };
  if (Array.isArray(v)) return { zh: '数组', en: 'an array' };
  if (typeof v === 'object') return { zh: '对象', en: 'an object' };
  if (typeof v === 'string') return { zh: `文本「${v.slice(0, 80)}」`, en: `the text "${v.slice(0, 80)}"` };
  return { zh: `${typeof v === 'number' ? '数字' : '布尔值'} ${String(v)}`, en: `the ${typeof v} ${String(v)}` };
}

/**
 * The lock file's content, checked as untrusted input: one JSON object of `id@version` → a digest
 * `sha256:` and 64 hex digits. Anything else (null, an array, nested values, numbers) is a problem
 * naming the file and the JSON path, never read as no lock at all nor rewritten by `publish`.
 */
function lockFrom(value: unknown, file: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const k = kindOf(value);
    throw problemIn(file, '$', `应为「id@version → 摘要」的对象，收到${k.zh}`, `must be an object of id@version → digest, got ${k.en}`);
  }
  const problems: PolicyProblem[] = [];
  for (const [key, digest] of Object.entries(value)) {
    if (problems.length >= MAX_LOCK_PROBLEMS) break;
    const path = jsonPath([key]);
    if (!LOCK_KEY.test(key)) problems.push(policyProblem(path, { 'zh-CN': '键应为制度版本 id@version', en: 'the key must be a policy version, id@version' }));
    else if (typeof digest !== 'string' || !DIGEST.test(digest)) {
      const k = kindOf(digest);
      problems.push(policyProblem(path, { 'zh-CN': `应为摘要 sha256:<64 位十六进制>，收到${k.zh}`, en: `must be a digest, sha256: and 64 hex digits, got ${k.en}` }));
    }
  }
  if (problems.length) throw new PolicyLoadError(file, problems);
  return value as Record<string, string>;
}

function readLock(dir: string): Record<string, string> {
  const file = join(dir, LOCK_FILE);
  let value: unknown;
  try {
    value = readJson(file, MAX_LOCK_FILE_BYTES);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  return lockFrom(value, file);
}

/**
 * An organisation's own policy documents (`POLICYCELL_POLICY_DIR`): every `*.json` there except the
 * lock file is a policy document; versions listed in its `published.json` must still match their
 * digest when they are added to a registry.
 */
export function readPolicySources(dir: string | undefined = process.env.POLICYCELL_POLICY_DIR): PolicySource[] {
  if (!dir) return [];
  const lock = readLock(dir);
  const out: PolicySource[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name === LOCK_FILE) continue;
    const file = join(dir, name);
    out.push({ document: readJson(file), origin: file, published: lock });
  }
  return out;
}

/** The shipped policies plus an organisation's own folder. A bad file stops the host with every problem and its JSON path. */
export function loadRegistry(dir: string | undefined = process.env.POLICYCELL_POLICY_DIR): PolicyRegistry {
  return registryWith(readPolicySources(dir));
}

/**
 * Checks one policy file: the schema, and, when its version was published, the recorded digest.
 * `origin` is the file the problems are in, when it is not this one (the lock file beside it).
 */
export function checkPolicyFile(file: string): { ref?: string; problems: PolicyProblem[]; origin?: string } {
  try {
    const d = loadPolicyFile(file);
    return { ref: `${d.id}@${d.version}`, problems: [] };
  } catch (e) {
    if (e instanceof PolicyLoadError) return { problems: e.problems, ...(e.origin !== file ? { origin: e.origin } : {}) };
    throw e;
  }
}

/**
 * One policy file as the rules read it: checked as `checkPolicyFile` checks it, then completed from
 * the supplements. Every problem is a PolicyLoadError naming the file (or the lock file beside it).
 */
export function loadPolicyFile(file: string): PolicyDoc {
  let doc: unknown;
  try {
    doc = readJson(file);
  } catch (e) {
    if (e instanceof PolicyLoadError) throw e;
    const m = (e as Error).message;
    throw new PolicyLoadError(file, [policyProblem('$', { 'zh-CN': `无法读取：${m}`, en: `cannot be read: ${m}` })]);
  }
  // A shipped version checked from anywhere must still match what shipped; so must the folder's own.
  const lock = { ...PUBLISHED_DIGESTS, ...readLock(dirname(file)) };
  return new PolicyRegistry().add(doc, file, lock);
}

/**
 * Records a policy version as published: writes its digest into the lock file beside it. A version
 * already recorded with another digest is refused: a published version never changes.
 */
export function publishPolicyFile(file: string): { ref: string; digest: string; added: boolean } {
  const checked = checkPolicyFile(file);
  if (checked.problems.length) throw new PolicyLoadError(checked.origin ?? file, checked.problems);
  const doc = readJson(file) as { id: string; version: string };
  const dir = dirname(file);
  const lock = readLock(dir);
  const ref = `${doc.id}@${doc.version}`;
  const digest = policyDigest(doc);
  if (lock[ref] === digest) return { ref, digest, added: false };
  lock[ref] = digest;
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
  const tmp = join(dir, `.${LOCK_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(tmp, join(dir, LOCK_FILE));
  return { ref, digest, added: true };
}
