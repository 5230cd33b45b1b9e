import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PolicySource } from '../shared/src/index.js';
import { PUBLISHED_DIGESTS, PolicyRegistry, policyDigest, registryWith } from '../shared/src/index.js';
import { PolicyLoadError } from '../shared/src/policy/registry.js';
import type { PolicyProblem } from '../shared/src/policy/schema.js';
import { policyProblem } from '../shared/src/policy/schema.js';

/** The lock file beside policy documents: `id@version` → the digest recorded when it was published. */
export const LOCK_FILE = 'published.json';

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = (e as Error).message;
    throw new PolicyLoadError(file, [policyProblem('$', { 'zh-CN': `不是有效的 JSON：${m}`, en: `not valid JSON: ${m}` })]);
  }
}

function readLock(dir: string): Record<string, string> {
  try {
    return readJson(join(dir, LOCK_FILE)) as Record<string, string>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
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

/** Checks one policy file: the schema, and, when its version was published, the recorded digest. */
export function checkPolicyFile(file: string): { ref?: string; problems: PolicyProblem[] } {
  let doc: unknown;
  try {
    doc = readJson(file);
  } catch (e) {
    if (e instanceof PolicyLoadError) return { problems: e.problems };
    const m = (e as Error).message;
    return { problems: [policyProblem('$', { 'zh-CN': `无法读取：${m}`, en: `cannot be read: ${m}` })] };
  }
  try {
    // A shipped version checked from anywhere must still match what shipped; so must the folder's own.
    const lock = { ...PUBLISHED_DIGESTS, ...readLock(dirname(file)) };
    const d = new PolicyRegistry().add(doc, file, lock);
    return { ref: `${d.id}@${d.version}`, problems: [] };
  } catch (e) {
    if (e instanceof PolicyLoadError) return { problems: e.problems };
    throw e;
  }
}

/**
 * Records a policy version as published: writes its digest into the lock file beside it. A version
 * already recorded with another digest is refused: a published version never changes.
 */
export function publishPolicyFile(file: string): { ref: string; digest: string; added: boolean } {
  const doc = readJson(file) as { id: string; version: string };
  const checked = checkPolicyFile(file);
  if (checked.problems.length) throw new PolicyLoadError(file, checked.problems);
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
