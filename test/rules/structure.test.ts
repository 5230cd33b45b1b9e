import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The rules package's shape, as an outside check reads it: no import cycle (type-only imports
// included), no source file over 800 lines, no folder with more than 15 files directly in it.

const ROOT = new URL('../../shared/src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports or re-exports, type-only ones included, resolved to files of shared/src. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
    .filter((path) => path.startsWith(ROOT) && path.endsWith('.ts'));
}

/** The import cycles of a graph, each as the files along it (depth-first, every cycle found once from its first file). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the shape of shared/src', () => {
  const files = sourceFiles(ROOT);

  it('finds the cycle it is meant to find', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'a']]);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)] as const));
    expect(cycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(' → '))).toEqual([]);
  });

  it('has no source file over 800 lines', () => {
    const lines = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const long = files.map((f) => [relative(ROOT, f), lines(readFileSync(f, 'utf8'))] as const).filter(([, n]) => n > 800);
    expect(long).toEqual([]);
  });

  it('builds no explanation step unless one is asked for: every step a rule records is behind trace.on', () => {
    const unguarded = files
      .filter((f) => f.includes('/rules/'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => [`${relative(ROOT, f)}:${i + 1}`, line] as const)
          .filter(([, line]) => line.includes('trace.step(') && !/\btrace\.on\b/.test(line)),
      )
      .map(([where]) => where);
    expect(unguarded).toEqual([]);
  });

  it('has no folder with more than 15 files directly in it', () => {
    const byFolder = new Map<string, number>();
    for (const f of files) byFolder.set(dirname(f), (byFolder.get(dirname(f)) ?? 0) + 1);
    expect([...byFolder].filter(([, n]) => n > 15).map(([d]) => relative(ROOT, d))).toEqual([]);
  });
});
