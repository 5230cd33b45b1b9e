import type { Lang, Text2 } from '../../../shared/src/index.js';

/**
 * Why a workbook cannot be recalculated. Every problem is the workbook's own (a 4xx on the route,
 * a line of the CLI's report), never the process's: the route maps each to its status.
 */
export type WorkbookProblem =
  | 'notWorkbook'
  | 'encrypted'
  | 'tooLarge'
  | 'corrupt'
  | 'unparsable'
  | 'policy'
  /** Cells would keep their cached values, and the run asked for none (--strict). */
  | 'notRecomputed'
  /** A formula refers to a cell outside Excel's grid (XFE1, A1048577). */
  | 'outOfGrid'
  /** Something in the file the recalculation could not handle, reported rather than thrown. */
  | 'unsupported';

/** Which cap of the workbook budget a `tooLarge` workbook exceeded. */
export type BudgetKind = 'bytes' | 'unpacked' | 'parts' | 'cells' | 'rangeCells' | 'arrayItems' | 'answerSize' | 'memory' | 'time';

/** What a problem names besides its cell: the range, the cap and its limit. */
export interface WorkbookErrorDetail {
  range?: string;
  budget?: BudgetKind;
  limit?: number;
}

const LEAD: Record<WorkbookProblem, string> = {
  notWorkbook: '不是 Excel 工作簿',
  encrypted: '工作簿已加密',
  tooLarge: '工作簿超出限额',
  corrupt: '工作簿已损坏',
  unparsable: '公式无法读取',
  notRecomputed: '有公式无法重算',
  policy: '制度版本有误',
  outOfGrid: '引用超出 Excel 表格范围',
  unsupported: '无法重算此工作簿',
};

/** Whether a name (a remote server's `problem` member) is one of the workbook problems. */
export function isWorkbookProblem(name: unknown): name is WorkbookProblem {
  return typeof name === 'string' && Object.hasOwn(LEAD, name);
}

/** A workbook that cannot be recalculated, with the sheet and cell when there is one; its text in zh-CN and en. */
export class WorkbookError extends Error {
  readonly text: Text2;
  constructor(
    readonly problem: WorkbookProblem,
    message: string | Text2,
    readonly cell?: string,
    readonly detail: WorkbookErrorDetail = {},
  ) {
    // A message given in English only (a detail from a library) keeps a Chinese lead saying what kind of problem it is.
    const text = typeof message === 'string' ? { 'zh-CN': `${LEAD[problem]}（${message}）`, en: message } : message;
    super(cell ? `${cell}: ${text.en}` : text.en);
    this.text = text;
    this.name = 'WorkbookError';
  }

  messageIn(lang: Lang): string {
    if (!this.cell) return this.text[lang];
    return lang === 'zh-CN' ? `${this.cell}：${this.text['zh-CN']}` : `${this.cell}: ${this.text.en}`;
  }

  /** The error as plain data, to cross a worker thread's boundary. */
  toJSON(): WorkbookErrorData {
    return { problem: this.problem, text: this.text, ...(this.cell ? { cell: this.cell } : {}), ...this.detail };
  }

  static fromJSON(d: WorkbookErrorData): WorkbookError {
    const { problem, text, cell, ...detail } = d;
    return new WorkbookError(problem, text, cell, detail);
  }
}

export interface WorkbookErrorData extends WorkbookErrorDetail {
  problem: WorkbookProblem;
  text: Text2;
  cell?: string;
}
