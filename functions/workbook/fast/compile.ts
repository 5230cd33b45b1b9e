import type { BookTable } from '../xlsx/book.js';
import type { Ast as FormulaAst, RefPart } from '../formula/parser.js';
import { formulaKey, parseKey, someNode } from '../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';
import type { Sheet } from './scan.js';
import type { CellValue, XlErr } from './values.js';
import { NotCompiled } from './values.js';
import type { CauseSet } from '../calibration/causes.js';

/**
 * From a formula's tree to what the fast path compiles: the part of the formula language it covers
 * (plain references, calls with every argument), structured references and defined names resolved
 * to plain references where the formula stands; and the shapes of a compiled formula, which the
 * evaluator (evaluate.ts) and the function table (functions.ts) share.
 */

/** The part of the formula language the fast path compiles: plain references, calls with every argument. */
export type FastAst =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  /** An error written in the formula (#N/A), one of Excel's seven. */
  | { k: 'err'; v: string }
  /** guard: where a formula using the reference must be (a structured reference's table rows); elsewhere NotCompiled. */
  | { k: 'ref'; sheet?: string; r1: RefPart; c1: RefPart; r2: RefPart; c2: RefPart; range: boolean; guard?: { sheet: number; rows: [number, number]; cols: [number, number] } }
  | { k: 'neg'; a: FastAst }
  | { k: 'pct'; a: FastAst }
  | { k: 'op'; op: string; a: FastAst; b: FastAst }
  | { k: 'call'; name: string; args: FastAst[] };

export type RefAst = Extract<FastAst, { k: 'ref' }>;

/** A compiled formula: its value in the cell it is evaluated for. */
export type CompiledFormula = (sheet: Sheet, row: number, col: number) => CellValue;

/** A block of cells on one sheet, corners included (0-based). */
export interface CellRange {
  sheet: Sheet;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** A compiled reference read as a range (for functions that take ranges). */
export type CompiledRange = (sheet: Sheet, row: number, col: number) => CellRange | XlErr;

/** The index of a column (or row) of cells, for the lookups: the position of a key, or -1. */
export interface ColumnIndex {
  /** The causes of change among the cells it indexes. */
  readonly causes: CauseSet;
  /** The first position of the key, or the last when `last` (an exact match only). */
  find(key: CellValue, approx: boolean, last?: boolean): number;
}

/** A value a criterion equals: a number (to Excel's 15 digits) or a case-folded text. */
export type Equality = { number: number } | { text: string };

/** The cells of a range by value, for the conditional functions: positions are row-major, `width` wide. */
export interface ValueIndex {
  /** The causes of change among the cells it indexes. */
  readonly causes: CauseSet;
  readonly width: number;
  /** The positions of the cells equal to the value, ascending; NotCompiled where a cell's comparison is not certain here. */
  matches(equal: Equality): number[];
}

/** What a function of the table (functions.ts) compiles its arguments with: the evaluator's side of compiling. */
export interface Compiler {
  /** A node as a value. */
  value(ast: FastAst): CompiledFormula;
  /** A reference as a range; undefined when the node is not a reference. */
  range(ast: FastAst): CompiledRange | undefined;
  /** Scalar arguments (a range there is Excel's implicit intersection, left to HyperFormula). */
  scalars(args: FastAst[]): CompiledFormula[];
  /** A cell's value, its formula evaluated first when it has one. */
  get(sheet: Sheet, row: number, col: number): CellValue;
  /** Whether the workbook counts its date serials from 1904. */
  readonly date1904: boolean;
  /** Whether a sheet hides any row (SUBTOTAL leaves hidden or filtered rows out). */
  hidesRows(sheet: Sheet): boolean;
  /** Whether a cell's formula calls SUBTOTAL or AGGREGATE (which SUBTOTAL leaves out of its ranges). */
  holdsSubtotal(sheet: Sheet, row: number, col: number): boolean;
  /** The index of a range's cells, built once per range. */
  indexOf(range: CellRange): ColumnIndex;
  /** The index of a criteria range's cells by value (clipped to its sheet's used area), built once per range. */
  criteriaIndexOf(range: CellRange): ValueIndex;
}

/**
 * What the workbook defines that formulas name: tables (for structured references) and defined
 * names, by the sheet the formula is on. From recalc.ts; without it those are NotCompiled.
 */
export interface FastNames {
  sheets: string[];
  tables: BookTable[];
  /** A defined name's formula text (the sheet's own name first), or undefined. */
  name: (name: string, sheet: number) => string | undefined;
}

/** Where a formula is compiled for: its sheet and cell, the workbook's names, and how deep in defined names. */
export interface CompileSite {
  sheet: number;
  row: number;
  col: number;
  names?: FastNames;
  depth: number;
}

/**
 * A structured reference as a plain reference: columns and other sections are absolute; [#This Row]
 * is the formula's own row, guarded to the table's data rows. A reference without a table name is
 * the table around the formula's cell (guarded to that table).
 */
function tableRef(a: Extract<FormulaAst, { k: 'table' }>, at: CompileSite): FastAst {
  const names = at.names;
  if (!names || a.book !== undefined) throw new NotCompiled('a structured reference');
  const want = a.table.toUpperCase();
  const table = want
    ? names.tables.find((x) => x.name.toUpperCase() === want)
    : names.tables.find((x) => x.sheet === at.sheet && at.row >= x.top && at.row <= x.bottom && at.col >= x.left && at.col <= x.right);
  if (!table) throw new NotCompiled('a structured reference to no table');
  const dataTop = table.top + table.headerRows;
  const dataBottom = table.bottom - table.totalsRows;
  const sections = new Set(a.sections);
  let rows: [number, number] = [dataTop, dataBottom];
  const headers = sections.has('headers');
  const totals = sections.has('totals');
  if (sections.has('all')) rows = [table.top, table.bottom];
  else if (headers || totals) {
    // [#Headers], [#Totals], and each with [#Data]: the rows of those sections, which must be there (else #REF!, HyperFormula's part).
    const data = sections.has('data');
    if (sections.has('this row') || (headers && totals && !data)) throw new NotCompiled('a table section the fast path does not read');
    if ((headers && table.headerRows < 1) || (totals && table.totalsRows < 1)) throw new NotCompiled('a table section the table does not have');
    rows = [headers ? table.top : data ? dataTop : dataBottom + 1, totals ? table.bottom : data ? dataBottom : dataTop - 1];
  }
  let left = table.left;
  let right = table.right;
  if (a.columns.length) {
    const cols = a.columns.map((name) => table.columns.findIndex((c) => c.toUpperCase() === name.toUpperCase()));
    if (cols.some((c) => c < 0)) throw new NotCompiled('a structured reference to no column');
    left = table.left + Math.min(...cols);
    right = table.left + Math.max(...cols);
  }
  const sheet = names.sheets[table.sheet]!;
  const column = (n: number): RefPart => ({ n, abs: true });
  const guard = { sheet: at.sheet, rows: [0, MAX_ROWS - 1] as [number, number], cols: [0, MAX_COLS - 1] as [number, number] };
  if (!want) {
    guard.rows = [table.top, table.bottom];
    guard.cols = [table.left, table.right];
  }
  if (sections.has('this row')) {
    guard.rows = [Math.max(guard.rows[0], dataTop), Math.min(guard.rows[1], dataBottom)];
    const here: RefPart = { n: 0, abs: false };
    return { k: 'ref', sheet, r1: here, c1: column(left), r2: here, c2: column(right), range: left !== right, guard };
  }
  return { k: 'ref', sheet, r1: { n: rows[0], abs: true }, c1: column(left), r2: { n: rows[1], abs: true }, c2: column(right), range: rows[0] !== rows[1] || left !== right, guard };
}

/** The errors a formula may write as values. */
const ERROR_LITERALS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);

/** Whether a tree has a relative reference (a defined name with one depends on where it is used, with wrap-around). */
const hasRelative = (a: FormulaAst) => someNode(a, (n) => n.k === 'ref' && [n.r1, n.c1, n.r2, n.c2].some((p) => p !== null && !p.abs));

/** Whether a tree names a table or a defined name (its compiled form then depends on the sheet). */
export const namesSomething = (a: FormulaAst) => someNode(a, (n) => n.k === 'table' || n.k === 'name');

/** A formula's tree narrowed to what the fast path compiles; anything else is NotCompiled. */
export function narrow(a: FormulaAst, at: CompileSite): FastAst {
  switch (a.k) {
    case 'num':
    case 'str':
    case 'bool':
      return a;
    case 'ref': {
      const { r1, c1, r2, c2 } = a;
      if (a.book !== undefined || a.sheet2 !== undefined) throw new NotCompiled('an external or 3-D reference');
      if (!r1 || !c1 || !r2 || !c2) throw new NotCompiled('a whole row or column');
      return { k: 'ref', ...(a.sheet !== undefined ? { sheet: a.sheet } : {}), r1, c1, r2, c2, range: a.range };
    }
    case 'neg':
    case 'pct':
      return { k: a.k, a: narrow(a.a, at) };
    case 'op':
      if (a.op === ':' || a.op === ' ' || a.op === ',') throw new NotCompiled(`the reference operator "${a.op}"`);
      return { k: 'op', op: a.op, a: narrow(a.a, at), b: narrow(a.b, at) };
    case 'call':
      return {
        k: 'call',
        name: a.name,
        args: a.args.map((x) => {
          if (x === null) throw new NotCompiled('an omitted argument');
          return narrow(x, at);
        }),
      };
    case 'err':
      if (!ERROR_LITERALS.has(a.v)) throw new NotCompiled('an error literal the fast path does not know');
      return a;
    case 'table':
      return tableRef(a, at);
    case 'name': {
      const text = at.names && a.book === undefined && a.sheet === undefined ? at.names.name(a.name, at.sheet) : undefined;
      // A table's bare name is its data.
      if (text === undefined && at.names?.tables.some((t) => t.name.toUpperCase() === a.name.toUpperCase())) return tableRef({ k: 'table', table: a.name, columns: [], sections: [] }, at);
      if (text === undefined || at.depth > 8) throw new NotCompiled(`a defined name (${a.name})`);
      let tree: FormulaAst;
      try {
        tree = parseKey(formulaKey(text.replace(/^=/, ''), 0, 0));
      } catch {
        throw new NotCompiled(`a defined name (${a.name})`);
      }
      if (hasRelative(tree)) throw new NotCompiled(`a relative defined name (${a.name})`);
      return narrow(tree, { ...at, depth: at.depth + 1 });
    }
    default:
      throw new NotCompiled(`a ${a.k === 'array' ? 'array constant' : 'spill or intersection'}`);
  }
}

/**
 * A range of one cell (A1:A1) is read by HyperFormula as the cell itself, not as a range; where
 * Excel would differ (a lookup table, AND over text) the fast path leaves the workbook to it.
 */
export function oneCell(ast: FastAst): boolean {
  return ast.k === 'ref' && ast.r1.abs === ast.r2.abs && ast.r1.n === ast.r2.n && ast.c1.abs === ast.c2.abs && ast.c1.n === ast.c2.n;
}
