import type { RecalcLimits } from './budget.js';
import { DEFAULT_MAX_RANGE_CELLS } from './budget.js';
import { parseRange } from '../xlsx/cells.js';
import { WorkbookError } from '../model/workbook-error.js';

/**
 * The ranges formulas fill, counted before any work (prescan.ts): an array formula's, a spilled
 * formula's and a what-if data table's `ref`. Each of their cells is computed and written, so
 * together they count against the range budget (maxRangeCells): a file of a kilobyte or two whose
 * data table is the whole sheet is refused at once (413 naming the range), instead of holding a
 * worker for its whole time budget.
 */
export class FilledRanges {
  private cells = 0;
  private readonly limit: number;

  constructor(limits: RecalcLimits) {
    this.limit = limits.maxRangeCells ?? DEFAULT_MAX_RANGE_CELLS;
  }

  /** A formula of type `t` filling `ref` (raw from the file), at `where`. */
  add(t: string | undefined, ref: string | undefined, sheet: string, where: () => string): void {
    if ((t !== 'array' && t !== 'dataTable') || ref === undefined || !ref.includes(':')) return;
    let range;
    try {
      range = parseRange(ref.replace(/\$/g, ''));
    } catch {
      return; // not a range: the evaluators report it
    }
    this.cells += (Math.abs(range.to.row - range.from.row) + 1) * (Math.abs(range.to.col - range.from.col) + 1);
    if (this.cells <= this.limit) return;
    const shown = `${sheet}!${ref.slice(0, 40)}`;
    const what = t === 'dataTable' ? { zh: '模拟运算表', en: 'data table' } : { zh: '数组公式', en: 'array formula' };
    throw new WorkbookError(
      'tooLarge',
      {
        'zh-CN': `${what.zh}填充的区域 ${shown} 使各公式填充的单元格合计超过 ${this.limit} 个`,
        en: `the ${what.en} filling ${shown} takes the cells formulas fill together past ${this.limit}`,
      },
      where(),
      { range: shown, budget: 'rangeCells', limit: this.limit },
    );
  }
}
