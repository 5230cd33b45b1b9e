import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `published.json` is read as untrusted input by `policycell policy check|publish` and by the hosts
 * that load an organisation's folder (issue 22): null, an array, nested values, digests that are
 * not digests, a huge file or no file at all are a problem naming the file and the JSON path,
 * exit status 1, never a stack trace, never a lock silently ignored or rewritten.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/policycell.js');

const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A folder with one organisation's policy (acme@2026.1) and the given published.json. */
function folder(lock: string | undefined): { dir: string; policy: string; lock: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-lock-'));
  const doc = JSON.parse(readFileSync(join(ROOT, 'shared/policies/default-2025.09.json'), 'utf8'));
  doc.id = 'acme';
  doc.version = '2026.1';
  const policy = join(dir, 'acme.json');
  writeFileSync(policy, JSON.stringify(doc, null, 2));
  if (lock !== undefined) writeFileSync(join(dir, 'published.json'), lock);
  return { dir, policy, lock: join(dir, 'published.json') };
}

const DIGEST = `sha256:${'a'.repeat(64)}`;

const CASES: [string, string, RegExp][] = [
  ['null', 'null', /\$: must be an object of id@version → digest, got null/],
  ['an array', '["acme@2026.1"]', /\$: must be an object of id@version → digest, got an array/],
  ['a number', '7', /\$: must be an object of id@version → digest, got the number 7/],
  ['a digest that is a number', '{"acme@2026.1": 5}', /\$\["acme@2026\.1"\]: must be a digest, sha256: and 64 hex digits, got the number 5/],
  ['a digest nested 100,000 deep', `{"acme@2026.1": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /\$\["acme@2026\.1"\]: must be a digest, sha256: and 64 hex digits, got an array/],
  ['a digest that is an object', '{"acme@2026.1": {"sha256": "x"}}', /got an object/],
  ['a key that is no policy version', `{"__proto__": "${DIGEST}"}`, /\$\.__proto__: the key must be a policy version, id@version/],
  ['text that is not JSON', '{"acme@2026.1": ', /\$: not valid JSON/],
];

describe('a hostile published.json beside the policy', () => {
  for (const [name, text, problem] of CASES) {
    it(`${name}: policy check and publish name the file and the path, exit 1, and the lock is left as it was`, () => {
      const f = folder(text);
      for (const sub of ['check', 'publish']) {
        const r = run(['policy', sub, f.policy, '--lang', 'en']);
        expect(r.code, sub).toBe(1);
        expect(r.err, sub).toContain(`✗ ${f.lock}:`);
        expect(r.err, sub).toMatch(problem);
        expect(r.err, sub).not.toMatch(/\n\s+at |TypeError|RangeError/);
        expect(readFileSync(f.lock, 'utf8'), sub).toBe(text);
      }
    });
  }

  it('a published.json of 2 GiB is refused by its size, unread', () => {
    const f = folder(undefined);
    const fd = openSync(f.lock, 'w');
    ftruncateSync(fd, 2 * 1024 * 1024 * 1024);
    closeSync(fd);
    const r = run(['policy', 'check', f.policy, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`✗ ${f.lock}:`);
    expect(r.err).toMatch(/\$: the file is 2147483648 bytes, more than the limit of 1048576/);
  });

  it('a published.json that is a folder', () => {
    const f = folder(undefined);
    mkdirSync(f.lock);
    const r = run(['policy', 'publish', f.policy, '--lang', 'zh-CN']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\$：不是普通文件/);
  });

  it('a good lock still works: publish records the version, check then passes, a changed file is refused', () => {
    const f = folder(undefined);
    expect(run(['policy', 'publish', f.policy, '--lang', 'en'])).toMatchObject({ code: 0, out: expect.stringMatching(/^published acme@2026\.1: sha256:[0-9a-f]{64}\n$/) });
    expect(Object.keys(JSON.parse(readFileSync(f.lock, 'utf8')))).toEqual(['acme@2026.1']);
    expect(run(['policy', 'check', f.policy, '--lang', 'en'])).toMatchObject({ code: 0 });
    const doc = JSON.parse(readFileSync(f.policy, 'utf8'));
    doc.title.en = 'changed';
    writeFileSync(f.policy, JSON.stringify(doc));
    const r = run(['policy', 'check', f.policy, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/must not change/);
  });

  it('the server with such a folder refuses to start in one line naming the file and the path', () => {
    const f = folder('{"acme@2026.1": null}');
    copyFileSync(f.policy, join(f.dir, 'acme-copy.txt')); // not a .json: not read
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/server.mjs')], { encoding: 'utf8', env: { ...process.env, PORT: '0', POLICYCELL_WORKERS: '1', POLICYCELL_POLICY_DIR: f.dir }, timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(f.lock);
    expect(r.stderr).toContain('$["acme@2026.1"]: must be a digest');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
