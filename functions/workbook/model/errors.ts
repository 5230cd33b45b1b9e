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
