/**
 * At most this many applications of a LAMBDA for one call of a LAMBDA helper (cells of MAP, rows of
 * BYROW, steps of REDUCE): written out at translation (hyperformula/rewrite/lambda-helpers.ts) or
 * applied while the engine computes (EXCEL.FOLD and EXCEL.EACH, excel/arrays.ts). Past it the cell
 * keeps its cached value.
 */
export const MAX_APPLICATIONS = 10_000;
