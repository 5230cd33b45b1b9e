import { readdirSync, readFileSync } from 'node:fs';

/**
 * Microsoft's documented examples of Excel's worksheet functions, as test data: one file a family in
 * test/excel/microsoft-examples/ (functions.json is Microsoft's list of the functions itself). Each
 * function has the example's data (cells of its sheet) and its formulas, each with the result its
 * page documents. test/excel/microsoft-examples/examples.test.ts computes them; the coverage table
 * (docs/excel-functions.md) counts them.
 */

/** A documented result: a number (to the digits the page shows; a whole number exactly), text, a logical value, an error, a date, or a spilled array. */
export type Expected = number | string | boolean | { error: string } | { approx: number } | { date: string } | Expected[][];

/** A cell of an example's data: a constant, a date, an error typed in, or a formula the example reads (FORMULATEXT, ISFORMULA). */
export type DataValue = number | string | boolean | { date: string } | { error: string } | { formula: string };

export interface CheckOptions {
  /** The cell the formula is written in (ROW(), COLUMN(), CELL read their own place); else column AA, one row each. */
  at?: string;
  /** This engine answers otherwise than the page: why. The test holds that it still does (a fixed difference must lose its mark). */
  differs?: string;
}

/** A formula as the page writes it (with its =), the documented result, and options. */
export type Check = [string, Expected] | [string, Expected, CheckOptions];

export interface FunctionExamples {
  /** Cells of the example's data, by A1 reference. */
  data?: Record<string, DataValue>;
  checks: Check[];
  /** Why this engine does not compute the function: each check must keep the value the file cached (reason `function`). */
  kept?: string;
  /** The example's workbook when it is more than the function's sheet: its sheets in order (the checks go on `at`), defined names (localSheetId: the sheet's index), tables. */
  workbook?: { sheets: string[]; at: string; names?: { name: string; formula: string; localSheetId?: number }[]; tables?: Record<string, { name: string; ref: string; columns: string[] }[]> };
  /** Where the page's example cannot be written as a workbook as it stands (a picture, a user's settings): why, and what is checked instead. */
  note?: string;
}

export interface FamilyFile {
  family: string;
  functions: Record<string, FunctionExamples>;
}

export interface ListedFunction {
  name: string;
  category: string;
  page: string;
  listedAfter2022?: boolean;
  outsideWorld?: string;
}

export const EXAMPLES_DIR = new URL('../test/excel/microsoft-examples/', import.meta.url);

/** Microsoft's alphabetical list of Excel's functions. */
export function listedFunctions(): ListedFunction[] {
  return (JSON.parse(readFileSync(new URL('functions.json', EXAMPLES_DIR), 'utf8')) as { functions: ListedFunction[] }).functions;
}

/** Every family file, by file name. */
export function exampleFamilies(): { file: string; data: FamilyFile }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'functions.json')
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(new URL(file, EXAMPLES_DIR), 'utf8')) as FamilyFile }));
}

/** A date (yyyy-mm-dd, with an optional Thh:mm[:ss]) as Excel's 1900 serial number. */
export function dateSerial(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const days = (Date.UTC(y, mo - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
  // Excel's 1900 calendar holds 29 February 1900: serials before 1 March 1900 are one less.
  return (days < 61 ? days - 1 : days) + (h * 3600 + mi * 60 + s) / 86_400;
}
