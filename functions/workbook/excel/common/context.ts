import type { Area } from '../../model/area.js';
import type { Assumption } from '../../model/outcomes.js';

/**
 * What Excel's functions need to know of the workbook being computed. hyperformula/engine.ts
 * builds one per workbook and hands it to HyperFormula as its `context` option; each plugin reads
 * it from its engine's configuration (`this.config.context`), so two workbooks computed one after
 * the other, or side by side, never see each other's.
 */
export interface ExcelContext {
  date1904: boolean;
  /** Per HyperFormula sheet id: rows hidden, and those of them a filter hid (inside a filtered range). */
  hidden: { rows: Set<number>; filtered: Set<number> }[];
  /** Cells holding SUBTOTAL or AGGREGATE ("sheet:row:col"): other subtotals leave them out. */
  subtotals: Set<string>;
  /** Whether a formula cell has no value cached in the file (a case these functions are unsure of then takes Excel's likeliest answer). */
  uncached: (sheet: number, row: number, col: number) => boolean;
  /** The assumptions made for such cells, by "sheet:row:col" (filled while the workbook is computed). */
  assumed: Map<string, Assumption>;
  /**
   * Formula cells where a function met a case it is unsure of, by "sheet:row:col", with why: such a
   * cell keeps its cached value even when the error that marks the case is caught on the way
   * (IFERROR, ISERROR) and never reaches the cell.
   */
  unsure: Map<string, string>;
  /**
   * The references of a formula cell as the file wrote its formula (defined names and structured
   * references left out): each area it names, and whether its rows move when the formula is
   * filled down (A1, $A1) or stay (A$1, $A$1); undefined for a cell without a formula. What a
   * computed criterion of a database function reads of each record (excel/database/).
   */
  formulaReferences?: (sheet: number, row: number, col: number) => FormulaReference[] | undefined;
}

/** An area a formula names, and whether its rows move when the formula is filled down. */
export interface FormulaReference {
  area: Area;
  rowsMove: boolean;
}

/** The context of a workbook that tells nothing: 1900 dates, nothing hidden, every formula cell cached. */
export function emptyExcelContext(): ExcelContext {
  return { date1904: false, hidden: [], subtotals: new Set(), uncached: () => false, assumed: new Map(), unsure: new Map() };
}

/** The context an engine was built with (HyperFormula's `context` option); an engine built without one computes as a workbook that tells nothing. */
export function excelContextOf(config: { context: unknown }): ExcelContext {
  return (config.context as ExcelContext | undefined) ?? emptyExcelContext();
}
