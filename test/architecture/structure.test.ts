import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, importCycles, sourceFiles } from './imports.js';

// The house shows its design: no import cycle, small files, small rooms (docs/architecture.md).

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

const SOURCE_FOLDERS = ['functions', 'shared/src', 'addin', 'scripts', 'bench', 'test'];

describe('the shape of the code', () => {
  it('no import cycle in functions/, shared/src/ or addin/ (type-only imports included)', () => {
    expect(importCycles(sourceFiles(['functions', 'shared/src', 'addin']))).toEqual([]);
  });

  it('no source file over 800 lines', () => {
    const long = sourceFiles(SOURCE_FOLDERS)
      .map((f) => ({ f, lines: lineCount(readFileSync(join(ROOT, f), 'utf8')) }))
      .filter((x) => x.lines > 800);
    expect(long).toEqual([]);
  });

  it('no source folder with more than 15 files directly in it', () => {
    const crowded: { dir: string; files: number }[] = [];
    const walk = (dir: string) => {
      const entries = readdirSync(join(ROOT, dir)).filter((n) => !n.startsWith('.') && n !== 'node_modules' && n !== 'out');
      const files = entries.filter((n) => statSync(join(ROOT, dir, n)).isFile());
      if (files.length > 15) crowded.push({ dir, files: files.length });
      for (const n of entries) if (statSync(join(ROOT, dir, n)).isDirectory()) walk(join(dir, n));
    };
    for (const f of SOURCE_FOLDERS) walk(f);
    expect(crowded).toEqual([]);
  });

  it('the rules build no explanation step unless one is asked for: every step a rule records is behind trace.on', () => {
    const unguarded = sourceFiles(['shared/src/rules']).flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes('trace.step(') && !/\btrace\.on\b/.test(line) ? [`${f}:${i + 1}`] : [])),
    );
    expect(unguarded).toEqual([]);
  });

  it("docs/architecture.md's layout names every source folder, and only folders that exist", () => {
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const block = doc.slice(doc.indexOf('## The layout')).split('```')[1] ?? '';
    const named = new Set(block.split(/\s+/).filter((w) => /^[\w.-]+(\/[\w.-]+)*\/$/.test(w)).map((w) => w.slice(0, -1)));
    const folders: string[] = [];
    const walk = (dir: string) => {
      folders.push(dir);
      for (const n of readdirSync(join(ROOT, dir)).sort())
        if (!n.startsWith('.') && n !== 'node_modules' && n !== 'out' && statSync(join(ROOT, dir, n)).isDirectory()) walk(join(dir, n));
    };
    for (const f of SOURCE_FOLDERS) walk(f);
    expect(folders.filter((f) => !named.has(f))).toEqual([]);
    expect([...named].filter((f) => !folders.includes(f) && !statSync(join(ROOT, f), { throwIfNoEntry: false })?.isDirectory())).toEqual([]);
  });
});

