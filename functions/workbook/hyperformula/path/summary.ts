import type { AssumedReason, KeptReason } from '../../model/outcomes.js';

/** A formula cell that kept the value the file cached, and why. */
export interface KeptCell {
  cell: string;
  reason: KeptReason;
  detail: string;
}

/**
 * A formula cell the file gives no value for, whose answer rests on an assumption (the en-US
 * language, no add-in…), with what was assumed: it was computed, with Excel's likeliest answer.
 */
export interface AssumedCell {
  cell: string;
  reason: AssumedReason;
  detail: string;
}

/** What an evaluator reports of a workbook: formulas recomputed, error values by code, cells kept, answers assumed. */
export interface EngineSummary {
  formulas: number;
  errors: Record<string, number>;
  kept: KeptCell[];
  assumed: AssumedCell[];
}
