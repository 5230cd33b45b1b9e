/**
 * Excel's error values: the only ones a cell of type `t="e"` may hold, and the only codes the
 * workbook route reports in `X-Errors`. (HyperFormula has codes of its own, #CYCLE! or #ERROR!,
 * which are not Excel's.)
 */
export const EXCEL_ERRORS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
]);

/**
 * The error values Excel writes in a cell's `<v>` as #VALUE!, naming the error itself in the
 * workbook's rich value data (the cell's `vm`): the errors of dynamic arrays, linked data types and
 * Python (a FILTER that keeps nothing is `<v>#VALUE!</v>` in the file, shown #CALC!). A recomputed
 * cell holding one is written as Excel writes it.
 */
export const RICH_VALUE_ERRORS: ReadonlySet<string> = new Set(['#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#PYTHON!']);
