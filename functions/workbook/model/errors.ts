/**
 * Excel's error values, once: each code with its ERROR.TYPE number where Excel gives one, and
 * whether HyperFormula has a code of its own for it. These are the only values a cell of type
 * `t="e"` may hold and the only codes the workbook route reports in `X-Errors`. HyperFormula's
 * codes of its own (#CYCLE!, #ERROR!) are not Excel's; Excel's codes HyperFormula lacks (#NULL!,
 * #SPILL!, #CALC!…) are carried inside the engine as a #VALUE! whose message is the code.
 */
export const EXCEL_ERROR_TABLE: readonly { code: string; type?: number; hyperformula: boolean }[] = [
  { code: '#NULL!', type: 1, hyperformula: false },
  { code: '#DIV/0!', type: 2, hyperformula: true },
  { code: '#VALUE!', type: 3, hyperformula: true },
  { code: '#REF!', type: 4, hyperformula: true },
  { code: '#NAME?', type: 5, hyperformula: true },
  { code: '#NUM!', type: 6, hyperformula: true },
  { code: '#N/A', type: 7, hyperformula: true },
  { code: '#GETTING_DATA', type: 8, hyperformula: false },
  { code: '#SPILL!', type: 9, hyperformula: false },
  { code: '#CONNECT!', type: 10, hyperformula: false },
  { code: '#BLOCKED!', type: 11, hyperformula: false },
  { code: '#UNKNOWN!', type: 12, hyperformula: false },
  { code: '#FIELD!', type: 13, hyperformula: false },
  { code: '#CALC!', type: 14, hyperformula: false },
  { code: '#BUSY!', hyperformula: false },
  { code: '#PYTHON!', hyperformula: false },
];

export const EXCEL_ERRORS: ReadonlySet<string> = new Set(EXCEL_ERROR_TABLE.map((e) => e.code));

/** The codes HyperFormula reads and writes as its own. */
export const HYPERFORMULA_NATIVE_ERRORS: ReadonlySet<string> = new Set(EXCEL_ERROR_TABLE.filter((e) => e.hyperformula).map((e) => e.code));

/** ERROR.TYPE's number of each code that has one. */
export const ERROR_TYPE_NUMBERS: ReadonlyMap<string, number> = new Map(EXCEL_ERROR_TABLE.filter((e) => e.type !== undefined).map((e) => [e.code, e.type!]));

/** The codes HyperFormula lacks that ERROR.TYPE numbers, carried as messages of #VALUE!. */
export const MESSAGE_ERRORS: ReadonlyMap<string, number> = new Map(EXCEL_ERROR_TABLE.filter((e) => !e.hyperformula && e.type !== undefined).map((e) => [e.code, e.type!]));
