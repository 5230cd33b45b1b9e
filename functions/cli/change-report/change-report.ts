import { statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { Lang } from '../../../shared/src/index.js';
import { writeAtomically } from '../atomic-write.js';
import { csvReport } from './csv-format.js';
import { htmlReport } from './html-format.js';
import { jsonReport } from './json-format.js';
import type { WorkbookChanges } from './workbook-changes.js';

/**
 * `policycell recalc … --changes FILE`: every formula cell whose value differs from the value the
 * file held, for each workbook the run writes. The file's extension picks the format (.json, .csv,
 * .html). The report is written whole, atomically (a temporary beside it, then renamed), at the end
 * of the run, and on an interruption with the workbooks written until then, so that it always
 * matches the outputs on disk.
 */

export type ReportFormat = 'json' | 'csv' | 'html';

const FORMATS: Record<string, ReportFormat> = { '.json': 'json', '.csv': 'csv', '.html': 'html', '.htm': 'html' };

const T = {
  extension: {
    'zh-CN': (f: string, e: string) => `--changes ${f}：不认识扩展名「${e}」，报告格式由扩展名决定：.json、.csv 或 .html`,
    en: (f: string, e: string) => `--changes ${f}: unknown extension "${e}"; the extension picks the report's format: .json, .csv or .html`,
  },
  folder: {
    'zh-CN': (f: string, d: string) => `--changes ${f}：文件夹 ${d} 不存在（报告不会新建文件夹）`,
    en: (f: string, d: string) => `--changes ${f}: the folder ${d} does not exist (the report does not create folders)`,
  },
  directory: {
    'zh-CN': (f: string) => `--changes ${f}：这是一个文件夹，报告需要一个文件名`,
    en: (f: string) => `--changes ${f}: that is a folder; the report needs a file name`,
  },
};

/** The report a path asks for, or why it cannot be written: checked before the run does any work. */
export function reportTarget(path: string, lang: Lang): { ok: true; path: string; format: ReportFormat } | { ok: false; message: string } {
  const ext = extname(path).toLowerCase();
  const format = FORMATS[ext];
  if (!format) return { ok: false, message: T.extension[lang](path, ext) };
  const full = resolve(path);
  const folder = dirname(full);
  try {
    if (!statSync(folder).isDirectory()) return { ok: false, message: T.folder[lang](path, folder) };
  } catch {
    return { ok: false, message: T.folder[lang](path, folder) };
  }
  try {
    if (statSync(full).isDirectory()) return { ok: false, message: T.directory[lang](path) };
  } catch {
    // not there yet: it is written
  }
  return { ok: true, path: full, format };
}

export class ChangeReport {
  private readonly workbooks: { order: number; changes: WorkbookChanges }[] = [];

  constructor(
    readonly path: string,
    readonly format: ReportFormat,
    private readonly lang: Lang,
  ) {}

  /** A workbook whose output is written; `order` is its place among the run's inputs (workbooks finish out of order). */
  add(order: number, changes: WorkbookChanges): void {
    this.workbooks.push({ order, changes });
  }

  /** Changed cells listed so far. */
  get cells(): number {
    return this.workbooks.reduce((n, w) => n + w.changes.changes.length, 0);
  }

  /** The report as it stands, written over the file atomically. */
  write(interrupted = false): void {
    const books = [...this.workbooks].sort((a, b) => a.order - b.order).map((w) => w.changes);
    const text = this.format === 'json' ? jsonReport(books, this.lang) : this.format === 'csv' ? csvReport(books, this.lang) : htmlReport(books, this.lang, interrupted);
    writeAtomically(this.path, new TextEncoder().encode(text));
  }
}
