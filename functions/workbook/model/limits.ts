/**
 * How much work one formula's LAMBDA helpers (MAP, BYROW, BYCOL, REDUCE, SCAN, MAKEARRAY) may ask
 * for, whether the translation writes their applications out (hyperformula/rewrite/) or the engine
 * applies them while it computes (EXCEL.FOLD, EXCEL.EACH): past a limit the cell keeps the value
 * the file cached.
 */

/** At most this many applications of a LAMBDA for one call (cells of MAP, rows of BYROW, steps of REDUCE). */
export const MAX_APPLICATIONS = 10_000;
/** At most this much text for one call: a REDUCE written out step by step writes its accumulator into every step that uses it. */
export const MAX_TEXT = 400_000;
/**
 * At most this deep a nesting of parentheses in the text written for one call: each step of REDUCE
 * and SCAN nests the previous one inside it, and HyperFormula's parser follows nesting by
 * recursion (on Node's default stack it overflows between 100 and 150 levels, and the whole
 * workbook would be refused). About 75 steps of a REDUCE written out.
 */
export const MAX_NESTING = 80;

/**
 * Excel's longest text in a cell, and of any text a formula makes on the way (a concatenation,
 * REPT, SUBSTITUTE…): a longer one is #VALUE!, as in Excel.
 */
export const MAX_CELL_TEXT = 32_767;

/**
 * At most this many items in one function's array result (TEXTSPLIT padding rows against columns
 * could make 130 million): past it the workbook is too large to compute, a 413 naming the
 * `arrayItems` budget, rather than an engine out of memory. Four full columns.
 */
export const MAX_ARRAY_ITEMS = 4 * 1_048_576;
