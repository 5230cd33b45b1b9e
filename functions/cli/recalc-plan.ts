import type { Dirent } from 'node:fs';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Lang } from '../../shared/src/index.js';

/**
 * Which workbooks a `policycell recalc` run reads and where each result goes, decided before
 * anything is written. Folders are recursed; under `-o DIR` every output mirrors its input's path
 * relative to the inputs' common folder (`a/x.xlsx b/x.xlsx -o out` → out/a/x.xlsx, out/b/x.xlsx;
 * `branches/ -o out` → out/<the same subfolders>), so two inputs never share an output. Should two
 * still meet (a case-insensitive disk, an output that is an input), the run stops before writing.
 */

export interface PlannedWorkbook {
  /** The path as the user gave it (or the folder it was found in, joined): for the report. */
  file: string;
  /** Absolute path read. */
  path: string;
  /** Absolute path written (the input itself with --in-place). */
  output: string;
}

export interface Plan {
  workbooks: PlannedWorkbook[];
  /** The folder the outputs are written under: the output folder, or with --in-place the inputs' common folder (where the run's record is kept). */
  root: string;
  /** Reasons the run cannot start: the messages name both inputs. */
  conflicts: string[];
}

const T = {
  collision: {
    'zh-CN': (a: string, b: string, o: string) => `${a} 与 ${b} 会写到同一个输出文件 ${o}`,
    en: (a: string, b: string, o: string) => `${a} and ${b} would both be written to ${o}`,
  },
  overwrite: {
    'zh-CN': (a: string) => `输出会覆盖输入文件 ${a}：要覆盖原文件请用 --in-place`,
    en: (a: string) => `the output would replace the input ${a}: use --in-place to overwrite inputs`,
  },
};

const isWorkbook = (name: string) => /\.xlsx$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.');

/** The .xlsx files under a folder, sorted, subfolders included (not through links to folders, not into the output folder, not hidden ones). */
function walk(dir: string, shown: string, skip: string | undefined, out: { path: string; file: string }[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || path === skip) continue;
      walk(path, join(shown, e.name), skip, out);
    } else if (isWorkbook(e.name) && (e.isFile() || (e.isSymbolicLink() && isFile(path)))) out.push({ path, file: join(shown, e.name) });
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function commonFolder(folders: string[]): string {
  if (folders.length === 0) return process.cwd();
  let parts = folders[0]!.split(sep);
  for (const f of folders.slice(1)) {
    const other = f.split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The workbooks named (files and folders, recursed) and their outputs, or the conflicts that stop the run. */
export function planRecalc(args: string[], opts: { outDir: string; inPlace: boolean; lang: Lang }): Plan {
  const outDir = resolve(opts.outDir);
  const found: { path: string; file: string; base: string }[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // reported as missing when its turn comes
    }
    if (isDir) {
      const files: { path: string; file: string }[] = [];
      walk(path, arg, opts.inPlace ? undefined : outDir, files);
      for (const f of files) found.push({ ...f, base: path });
    } else found.push({ path, file: arg, base: dirname(path) });
  }
  const base = commonFolder([...new Set(found.map((f) => f.base))]);
  const workbooks: PlannedWorkbook[] = [];
  const conflicts: string[] = [];
  const inputs = new Map<string, PlannedWorkbook>();
  const outputs = new Map<string, PlannedWorkbook>();
  for (const f of found) {
    // The same file named twice (or, with --in-place, through two links) is one workbook.
    const key = opts.inPlace ? real(f.path) : f.path;
    if (inputs.has(key)) continue;
    const output = opts.inPlace ? f.path : join(outDir, relative(base, f.path));
    const w: PlannedWorkbook = { file: f.file, path: f.path, output };
    inputs.set(key, w);
    workbooks.push(w);
  }
  for (const w of workbooks) {
    if (opts.inPlace) continue;
    if (inputs.has(w.output) || inputs.has(real(w.output))) {
      conflicts.push(T.overwrite[opts.lang](w.file));
      continue;
    }
    // Compared without case: on a case-insensitive disk X.xlsx and x.xlsx are one file.
    const key = w.output.toLowerCase();
    const first = outputs.get(key);
    if (first) conflicts.push(T.collision[opts.lang](first.file, w.file, w.output));
    else outputs.set(key, w);
  }
  return { workbooks, conflicts, root: opts.inPlace ? base : outDir };
}
