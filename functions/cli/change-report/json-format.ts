import type { Lang } from '../../../shared/src/index.js';
import type { CellValueText, ChangeCause } from '../../workbook/model/outcomes.js';
import type { WorkbookChanges } from './workbook-changes.js';
import { becauseText, isMoney, shownFormula } from './workbook-changes.js';

/** One changed cell in the .json report. */
export interface ChangeEntry {
  sheet: string;
  cell: string;
  formula: string;
  old: CellValueText;
  new: CellValueText;
  /** Why, in the run's language; `causes` is the same, structured. */
  because: string;
  causes: ChangeCause[];
  heading?: string;
  money: boolean;
}

/** One workbook in the .json report. */
export interface WorkbookEntry {
  file: string;
  output: string;
  policy: string;
  savedPolicy: string | null;
  changed: number;
  changes: ChangeEntry[];
  /** Why `changes` is empty though cells changed (a server that does not send them). */
  missing?: string;
}

/**
 * The .json report: an array with an object per workbook written, in the order of the run's
 * inputs, each with its list of changes (sheet, cell, formula as Excel shows it, old, new, because
 * in words and as causes).
 */
export function jsonReport(workbooks: readonly WorkbookChanges[], lang: Lang): string {
  const entries = workbooks.map(
    (w): WorkbookEntry => ({
      file: w.file,
      output: w.output,
      policy: w.policy,
      savedPolicy: w.savedPolicy ?? null,
      changed: w.changed,
      changes: w.changes.map((c) => ({
        sheet: c.sheet,
        cell: c.cell,
        formula: shownFormula(c.formula),
        old: c.old,
        new: c.new,
        because: becauseText(c.because, lang, w.policy, w.savedPolicy),
        causes: c.because,
        ...(c.heading !== undefined ? { heading: c.heading } : {}),
        money: isMoney(c),
      })),
      ...(w.missing ? { missing: w.missing } : {}),
    }),
  );
  return `${JSON.stringify(entries, null, 2)}\n`;
}
