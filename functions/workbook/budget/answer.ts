import type { ZipArchive } from '../xlsx/zip.js';
import type { RecalcLimits } from './budget.js';
import { DEFAULT_ANSWER_RATIO } from './budget.js';
import { WorkbookError } from '../model/workbook-error.js';

/** What a cell's new value adds to the answer at most, besides its text: the number or code and its markup. */
const VALUE_BYTES = 32;

/**
 * The answer's budget, counted while it is built: the upload's parts unpacked, and every value
 * written into a cell (a text by its length, anything else as VALUE_BYTES), before the sheets'
 * XML is made. The answer may hold at most `answerRatio` times the upload's unpacked bytes, and
 * never less than `answerFloorMb` MiB, by default as much as an upload may unpack to (a workbook
 * written by a program without cached values answers far more than it sent: a real one of 4 MB
 * answers 60 MB). A small upload copying one long text into many cells past it is refused (413
 * naming the cell where the count passed the limit), not answered a thousand times its size.
 */
export class AnswerBudget {
  readonly limit: number;
  private bytes: number;

  constructor(zip: ZipArchive, limits: RecalcLimits) {
    const input = zip.entries.reduce((n, e) => n + e.uncompressedSize, 0);
    const floor = limits.answerFloorMb !== undefined ? limits.answerFloorMb * 1048576 : limits.maxUncompressed;
    this.limit = Math.max(Math.round((limits.answerRatio ?? DEFAULT_ANSWER_RATIO) * input), Math.round(floor));
    this.bytes = input;
  }

  /** A value about to be written at `where` (called only when the count passes the limit). */
  value(v: unknown, where: () => string): void {
    this.bytes += typeof v === 'string' ? v.length + VALUE_BYTES : VALUE_BYTES;
    if (this.bytes <= this.limit) return;
    const mb = (this.limit / 1048576).toFixed(1);
    throw new WorkbookError(
      'tooLarge',
      { 'zh-CN': `重算后的工作簿将超过 ${mb} MiB 的答复上限（上传内容解压后大小的倍数）`, en: `the recalculated workbook would pass its answer budget of ${mb} MiB (a multiple of the upload's unpacked size)` },
      where(),
      { budget: 'answerSize', limit: this.limit },
    );
  }
}
