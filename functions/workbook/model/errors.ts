/**
 * Excel's error values, once: each code with its ERROR.TYPE number where Excel gives one, and
 * whether HyperFormula has a code of its own for it. These are the only values a cell of type
 * `t="e"` may hold and the only codes the workbook route reports in `X-Errors`. HyperFormula's
 * codes of its own (#CYCLE!, #ERROR!) are not Excel's; Excel's codes HyperFormula lacks (#NULL!,
 * #SPILL!, #CALC!…) are carried inside the engine as a #VALUE! whose message is the code.
 */
export const EXCEL_ERROR_TABLE: readonly { code: string; type?: number; hyperformula: boolean; rich?: true }[] = [
  { code: '#NULL!', type: 1, hyperformula: false },
  { code: '#DIV/0!', type: 2, hyperformula: true },
  { code: '#VALUE!', type: 3, hyperformula: true },
  { code: '#REF!', type: 4, hyperformula: true },
  { code: '#NAME?', type: 5, hyperformula: true },
  { code: '#NUM!', type: 6, hyperformula: true },
  { code: '#N/A', type: 7, hyperformula: true },
  { code: '#GETTING_DATA', type: 8, hyperformula: false },
  { code: '#SPILL!', type: 9, hyperformula: false, rich: true },
  { code: '#CONNECT!', type: 10, hyperformula: false, rich: true },
  { code: '#BLOCKED!', type: 11, hyperformula: false, rich: true },
  { code: '#UNKNOWN!', type: 12, hyperformula: false, rich: true },
  { code: '#FIELD!', type: 13, hyperformula: false, rich: true },
  { code: '#CALC!', type: 14, hyperformula: false, rich: true },
  { code: '#BUSY!', hyperformula: false, rich: true },
  { code: '#PYTHON!', hyperformula: false, rich: true },
];

export const EXCEL_ERRORS: ReadonlySet<string> = new Set(EXCEL_ERROR_TABLE.map((e) => e.code));

/** The codes HyperFormula reads and writes as its own. */
export const HYPERFORMULA_NATIVE_ERRORS: ReadonlySet<string> = new Set(EXCEL_ERROR_TABLE.filter((e) => e.hyperformula).map((e) => e.code));

/** ERROR.TYPE's number of each code that has one. */
export const ERROR_TYPE_NUMBERS: ReadonlyMap<string, number> = new Map(EXCEL_ERROR_TABLE.filter((e) => e.type !== undefined).map((e) => [e.code, e.type!]));

/** The codes HyperFormula lacks that ERROR.TYPE numbers, carried as messages of #VALUE!. */
export const MESSAGE_ERRORS: ReadonlyMap<string, number> = new Map(EXCEL_ERROR_TABLE.filter((e) => !e.hyperformula && e.type !== undefined).map((e) => [e.code, e.type!]));

/**
 * The error values Excel writes in a cell's `<v>` as #VALUE!, naming the error itself in the
 * workbook's rich value data (the cell's `vm`): the errors of dynamic arrays, linked data types and
 * Python (a FILTER that keeps nothing is `<v>#VALUE!</v>` in the file, shown #CALC!). A recomputed
 * cell holding one is written as Excel writes it.
 */
export const RICH_VALUE_ERRORS: ReadonlySet<string> = new Set(EXCEL_ERROR_TABLE.filter((e) => e.rich).map((e) => e.code));

/** An error value as a cell's `<v>` holds it. */
export const writtenError = (code: string): string => (RICH_VALUE_ERRORS.has(code) ? '#VALUE!' : code);
