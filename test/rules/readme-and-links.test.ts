import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README says what PolicyCell is, the two commands and where to read on; the manual lives in
// docs/. A user's checkout has nothing beside the repository, so no document may send the reader
// outside it, and every link must reach a file the repository has.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');
const DOCUMENTS = [README, ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => join(DOCS, f))];
const MAX_README_LINES = 200;
const COMMANDS = ['npm ci && npm start', 'npm ci && npm test'];

/** The folders .gitignore names (build output, installed packages): never a link's target. */
const IGNORED = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.endsWith('/') && !l.startsWith('#'))
  .map((l) => l.slice(0, -1));

const shown = (file: string) => relative(ROOT, file) || file;

/** The text of a document without its fenced code blocks and inline code, where nothing is a link. */
function prose(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`+[^`\n]*`+/g, '');
}

/** Every link target of a document: inline links and images, reference definitions, autolinks. */
function links(md: string): string[] {
  const text = prose(md);
  const out: string[] = [];
  for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+["'(][^)]*)?\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)) out.push(m[1]!);
  return out;
}

/** The anchors of a document's headings, as GitHub makes them. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** What is wrong with one link of `file`, or undefined when it reaches a file of the repository. */
function problemWith(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return 'leaves the repository (an address outside it)';
  if (isAbsolute(target) || target.startsWith('/')) return 'leaves the repository (an absolute path)';
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const to = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
  const rel = relative(ROOT, to);
  if (rel.startsWith('..') || isAbsolute(rel)) return 'leaves the repository';
  if (!existsSync(to)) return 'names a file the repository does not have';
  if (IGNORED.includes(rel.split(sep)[0]!)) return 'names a built or installed file, not one of the repository';
  if (anchor !== undefined && to.endsWith('.md') && !anchors(readFileSync(to, 'utf8')).has(decodeURIComponent(anchor))) {
    return `names a heading ${shown(to)} does not have`;
  }
  return undefined;
}

describe('README.md', () => {
  const text = readFileSync(README, 'utf8');
  const lines = text.replace(/\n$/, '').split('\n');

  it(`has at most ${MAX_README_LINES} lines: the manual lives in docs/`, () => {
    expect(lines.length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it('starts with the two commands, after the title and a short paragraph at most', () => {
    let i = 0;
    const skipBlank = () => {
      while (i < lines.length && lines[i]!.trim() === '') i++;
    };
    skipBlank();
    expect(lines[i], 'the title').toMatch(/^# \S/);
    i++;
    skipBlank();
    if (!/^(```|~~~)/.test(lines[i] ?? '')) {
      const paragraph: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '') paragraph.push(lines[i++]!);
      expect(paragraph.length, 'the paragraph before the commands').toBeLessThanOrEqual(3);
      expect(paragraph.join(' ').length, 'the paragraph before the commands').toBeLessThanOrEqual(300);
      expect(paragraph.some((l) => /^(#|```|~~~)/.test(l))).toBe(false);
      skipBlank();
    }
    expect(lines[i], 'a code block with the commands').toMatch(/^(```|~~~)/);
    i++;
    const commands: string[] = [];
    while (i < lines.length && !/^(```|~~~)/.test(lines[i]!)) {
      const command = lines[i++]!.replace(/\s+#.*$/, '').trim();
      if (command) commands.push(command);
    }
    expect(commands.slice(0, COMMANDS.length)).toEqual(COMMANDS);
  });
});

describe('README.md and docs/*.md', () => {
  it.each(DOCUMENTS.map((f) => [shown(f), f]))('%s links only to files of the repository', (_name, file) => {
    const md = readFileSync(file, 'utf8');
    const bad = links(md).flatMap((target) => {
      const why = problemWith(file, target);
      return why ? [`${target}: ${why}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it.each(DOCUMENTS.map((f) => [shown(f), f]))('%s names no path outside the repository', (_name, file) => {
    // A path written out, link or not (`../shared/…` from the README), that climbs above the root.
    const md = readFileSync(file, 'utf8');
    const bad: string[] = [];
    for (const m of md.matchAll(/(?:\.\.\/)+[^\s`'")\]]*/g)) {
      const rel = relative(ROOT, resolve(dirname(file), m[0]));
      if (rel.startsWith('..') || isAbsolute(rel)) bad.push(m[0]);
    }
    expect(bad).toEqual([]);
  });

  it('finds what it looks for', () => {
    // The checks above would pass vacuously if the link reader found nothing.
    const md = '[a](docs/cli.md) ![b](docs/taskpane.png "t") `[c](nowhere.md)`\n[d]: https://example.com\n<https://example.org>\n```\n[e](gone.md)\n```\n';
    expect(links(md)).toEqual(['docs/cli.md', 'docs/taskpane.png', 'https://example.com', 'https://example.org']);
    expect(problemWith(README, 'docs/cli.md')).toBeUndefined();
    expect(problemWith(README, 'docs/workbooks.md#when-a-workbook-is-refused')).toBeUndefined();
    expect(problemWith(README, 'docs/workbooks.md#no-such-heading')).toMatch(/heading/);
    expect(problemWith(README, '../shared/handbook/api.md')).toMatch(/leaves/);
    expect(problemWith(join(DOCS, 'cli.md'), '../../outside.md')).toMatch(/leaves/);
    expect(problemWith(README, 'docs/missing.md')).toMatch(/does not have/);
    expect(problemWith(README, 'https://example.com')).toMatch(/leaves/);
    expect(anchors('## COMMISSION — 提成金额 · commission\n## What it is · 这是什么\n## What it is · 这是什么\n')).toEqual(
      new Set(['commission--提成金额--commission', 'what-it-is--这是什么', 'what-it-is--这是什么-1']),
    );
  });
});
