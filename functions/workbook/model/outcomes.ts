/** Why a formula cell keeps the value the file cached instead of a recomputed one. */
export type KeptReason = 'function' | 'external' | 'reference' | 'syntax' | 'circular' | 'dataTable' | 'input';

/**
 * Why a formula cell without a cached value has Excel's likeliest answer rather than a certain one:
 * it depends on the user's settings (FORMULATEXT's and DOLLAR's en-US text), on a number format
 * this engine cannot read (TEXT as General), on a function no add-in of this machine defines or a
 * name the workbook does not define (#NAME?, as Excel without it), on a call Excel would not take
 * (its error), or on a circular reference (0, as Excel shows it without iterative calculation), or
 * on what Excel's CELL answers where Microsoft's documentation leaves it open (the cell last changed,
 * a width at the edge of its rounding, a number format outside its table).
 */
export type AssumedReason = 'locale' | 'format' | 'name' | 'call' | 'circular' | 'cell';

export interface Assumption {
  reason: AssumedReason;
  detail: string;
}
