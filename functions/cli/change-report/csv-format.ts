import type { Lang } from '../../../shared/src/index.js';
import type { CellValueText } from '../../workbook/model/outcomes.js';
import type { WorkbookChanges } from './workbook-changes.js';
import { becauseText, shownFormula, shownValue } from './workbook-changes.js';

/**
 * The .csv report: a header and one row per changed cell (workbook, sheet, cell, formula, old, new,
 * because), RFC 4180 (fields with a comma, a quote or a line break quoted, quotes doubled, CRLF
 * line ends), UTF-8 with a byte-order mark so that Excel opens the Chinese text as Chinese.
 *
 * Excel takes a field that starts with =, +, -, @, a tab or a carriage return for a formula (and
 * runs it: CSV injection), so every such text (a formula, a sheet name, a value that is text) is
 * written after an apostrophe, which Excel shows as text. A value that is a number stays a number,
 * minus sign and all.
 */

const HEADER: Record<Lang, string[]> = {
  'zh-CN': ['工作簿', '工作表', '单元格', '公式', '原值', '新值', '原因'],
  en: ['workbook', 'sheet', 'cell', 'formula', 'old', 'new', 'because'],
};

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text field Excel will not run. */
const inert = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

const quoted = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/** A value: a number as a number, anything else as inert text. */
const valueField = (v: CellValueText) => (typeof v === 'number' ? String(v) : inert(shownValue(v)));

export function csvReport(workbooks: readonly WorkbookChanges[], lang: Lang): string {
  const rows = [HEADER[lang].map(quoted).join(',')];
  for (const w of workbooks) {
    for (const c of w.changes) {
      const fields = [inert(w.file), inert(c.sheet), c.cell, inert(shownFormula(c.formula)), valueField(c.old), valueField(c.new), inert(becauseText(c.because, lang, w.policy, w.savedPolicy))];
      rows.push(fields.map(quoted).join(','));
    }
  }
  return `${BOM}${rows.join('\r\n')}\r\n`;
}
