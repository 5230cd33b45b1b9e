import type { ZipLimits } from '../xlsx/zip.js';
import { DEFAULT_ZIP_LIMITS } from '../xlsx/zip.js';
import { MAX_ROWS } from '../model/grid.js';

/**
 * What recalculating one workbook may cost. The caps that can be counted are checked before any
 * work (the package's directory, then one pass over the sheets: prescan.ts); memory and time are
 * enforced while it runs, by the worker thread that computes it (pool.ts). A workbook over any of
 * them is a problem of that workbook (413 naming the cell or range), never an exhausted process.
 *
 * The defaults are sized so that the largest real workbooks expected fit with room to spare: a
 * 100,000-row payroll (1.1 million cells, 59 MB unpacked, 400,000 range cells) and real workbooks of
 * up to 57,000 cells and 57 MB unpacked; `npm run bench -- recalc` shows what those cost.
 */
export interface RecalcLimits extends ZipLimits {
  /** Cells read from all sheets together (2.3× the 100,000-row payroll). */
  maxCells: number;
  /**
   * Cells in the ranges formulas refer to: a single range, and all distinct ranges together as
   * HyperFormula builds them (it makes an object for every cell of a range, empty or not: about
   * 550 bytes each). Default 1,048,576, one full column.
   */
  maxRangeCells?: number;
  /**
   * The answer, counted as it is built (answer.ts): at most this many times the upload's unpacked
   * bytes (default 4)…
   */
  answerRatio?: number;
  /** …and never less than this many MiB (default: the unpacked cap, maxUncompressed, as large as an upload may unpack to). */
  answerFloorMb?: number;
}

export interface WorkbookBudget extends RecalcLimits {
  maxRangeCells: number;
  /** The heap of the worker thread that computes one workbook, MiB. */
  memoryMb: number;
  /** Wall-clock seconds one workbook may take. */
  seconds: number;
}

export const DEFAULT_MAX_RANGE_CELLS = MAX_ROWS;
export const DEFAULT_ANSWER_RATIO = 4;

export const DEFAULT_RECALC_LIMITS: RecalcLimits = { ...DEFAULT_ZIP_LIMITS, maxCells: 2_500_000, maxRangeCells: DEFAULT_MAX_RANGE_CELLS };

export const DEFAULT_BUDGET: WorkbookBudget = {
  ...DEFAULT_ZIP_LIMITS,
  maxCells: 2_500_000,
  maxRangeCells: DEFAULT_MAX_RANGE_CELLS,
  answerRatio: DEFAULT_ANSWER_RATIO,
  memoryMb: 1536,
  seconds: 120,
};

function positive(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : dflt;
}

/** The budget from the environment (docs/configuration.md): each cap has its own variable. */
export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): WorkbookBudget {
  return {
    maxUncompressed: Math.round(positive(env.POLICYCELL_MAX_UNPACKED_MB, DEFAULT_BUDGET.maxUncompressed / 1048576) * 1048576),
    maxEntries: Math.round(positive(env.POLICYCELL_MAX_WORKBOOK_PARTS, DEFAULT_BUDGET.maxEntries)),
    maxCells: Math.round(positive(env.POLICYCELL_MAX_WORKBOOK_CELLS, DEFAULT_BUDGET.maxCells)),
    maxRangeCells: Math.round(positive(env.POLICYCELL_MAX_RANGE_CELLS, DEFAULT_BUDGET.maxRangeCells)),
    answerRatio: positive(env.POLICYCELL_ANSWER_RATIO, DEFAULT_ANSWER_RATIO),
    ...(positive(env.POLICYCELL_ANSWER_FLOOR_MB, 0) > 0 ? { answerFloorMb: positive(env.POLICYCELL_ANSWER_FLOOR_MB, 0) } : {}),
    memoryMb: Math.round(positive(env.POLICYCELL_WORKBOOK_MEMORY_MB, DEFAULT_BUDGET.memoryMb)),
    seconds: positive(env.POLICYCELL_WORKBOOK_SECONDS, DEFAULT_BUDGET.seconds),
  };
}
