/**
 * The fast path of recalculation. Payroll and scorecard workbooks are columns of the same few
 * formulas (POLICY calls, IF, ROUND, SUM, VLOOKUP…) filled down thousands of rows. Here each
 * distinct formula is parsed and compiled to a closure once, cells live in flat arrays, and every
 * formula is evaluated on demand in sheet order. Nothing is built per cell but its value.
 *
 * It covers a deliberately small part of Excel, where Excel's answer (and HyperFormula's, which the
 * tests compare it with) is certain. Anything outside it (an unknown function, text where a number
 * belongs, a circular or very deep chain, a spilled array, a sparse sheet…) throws NotCompiled, at
 * compile time or while evaluating, and the caller recalculates the whole workbook with
 * HyperFormula. Refusing is always safe; guessing never is.
 *
 * The room, by stage: scan.ts reads a sheet's cells into flat arrays; compile.ts narrows a
 * formula's tree to what is compiled; evaluate.ts compiles and evaluates (FastBook);
 * functions.ts is the table of Excel functions covered, with lookups.ts and conditions.ts;
 * values.ts holds the values, their coercions and NotCompiled. It reads the file through xlsx/,
 * formulas through formula/, and shares Excel's arithmetic with the HyperFormula plugins through
 * excel/common/; it never imports a plugin or HyperFormula.
 */
export { NotCompiled, XlErr } from './values.js';
export type { CellValue } from './values.js';
export { scanSheet } from './scan.js';
export type { FormulaCell, ScannedSheet } from './scan.js';
export { FastBook } from './evaluate.js';
export type { FastContext } from './evaluate.js';
export type { FastNames } from './compile.js';
