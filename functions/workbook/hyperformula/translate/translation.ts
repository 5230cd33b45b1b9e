import type { Ast, FormulaSyntaxError } from '../../formula/parser.js';
import type { BookTable, ExternalBook } from '../../xlsx/book.js';
import type { DataModel } from '../../xlsx/data-model.js';
import type { WorkbookLayout } from '../../xlsx/layout.js';
import type { Area } from '../../model/area.js';
import type { AssumedReason, Assumption, KeptReason } from '../../model/outcomes.js';
import type { CubeFunctions } from '../rewrite/cube.js';
import type { Argument } from '../rewrite/lambda-helpers.js';

/**
 * What every stage of translation shares: the workbook's facts (FormulaContext), the place a node
 * is written at (Place), the state one workbook's translation keeps (Translation), and the two
 * ways a stage gives up Excel's certain answer: Uncomputable (the cell keeps the value the file
 * cached) or an assumption, noted.
 */

export class Uncomputable extends Error {
  constructor(
    readonly reason: KeptReason,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'Uncomputable';
  }
}

/** An intersection of ranges that do not meet: #NULL! in Excel. */
export class NullIntersection extends Error {}

export interface FormulaContext {
  sheets: string[];
  tables: BookTable[];
  /** A defined name's formula text: the sheet's own name first, then the workbook's. */
  name: (name: string, sheet: number) => string | undefined;
  /** The range an array formula anchored at this cell fills (for A1#). */
  spill: (sheet: number, row: number, col: number) => Area | undefined;
  /** Whether the engine computes a function of this (normalised) name. */
  known: (fn: string) => boolean;
  /** Whether the function's argument takes one value (a range there is intersected outside array formulas). */
  scalarArgument: (fn: string, arg: number) => boolean;
  /** External workbooks' cached values ([1] is externals[0]). */
  externals: ExternalBook[];
  /** How many arguments a function the engine computes takes, at least and at most. */
  arity: (fn: string) => { min: number; max: number } | undefined;
  /** A formula cell's formula as Excel shows it ("=SUM(A1:A3)"); undefined for a cell without one. */
  formula: (sheet: number, row: number, col: number) => string | undefined;
  /** Whether the workbook carries macros (a VBA project), whose functions a formula may call. */
  macros: boolean;
  /** The language the workbook's own text hints its maker's regional settings are (Book.language). */
  language: () => string | undefined;
  /** A constant cell's value (a cell without a formula); undefined for a formula cell. */
  constant: (sheet: number, row: number, col: number) => unknown;
  /** Rows and columns any sheet uses (its last cell's, plus one): past them every cell is empty. */
  extent: { rows: number; cols: number };
  /** The smallest area holding every cell of the area that is not blank (a value or a formula); undefined when all are. */
  occupied: (area: Area) => Area | undefined;
  /** Each cell's format and each column's width, for CELL. */
  layout: WorkbookLayout;
  /** The workbook's data model, when it is read from the workbook's own cells (CUBE functions compute over it). */
  dataModel?: DataModel;
}

/** Where a node is written: the formula's cell, and what is in scope there. */
export interface Place {
  sheet: number;
  row: number;
  col: number;
  /** Inside a defined name: relative references wrap around the sheet's edges, as Excel's do. */
  wrap: boolean;
  depth: number;
  /** The defined names whose formulas enclose this node, outermost first (by sheet and name, as Translation.names keys them). */
  names?: readonly string[];
  /**
   * Whether ranges are taken whole: in an array formula, or inside an argument of a function that
   * takes arrays (SUMPRODUCT…). Elsewhere Excel intersects a range used as one value with the
   * formula's row or column (implicit intersection), where HyperFormula would compute an array.
   */
  array: boolean;
  /**
   * LET's names and LAMBDA parameters in scope here (upper case, without `_xlpm.`), each with its
   * value's HyperFormula text (and its area, when the value is a reference the file decides), or
   * 'omitted' for a parameter the call left out.
   */
  scope?: Map<string, Argument>;
  /** LET's names (and LAMBDA parameters) that stand for a LAMBDA, which is called by name. */
  lambdas?: Map<string, Lambda>;
}

/** A LAMBDA: its parameters (upper case), how many of them a call must give (those before the optional ones, `[y]`), its body, and the place it was written, whose LET names it sees. */
export interface Lambda {
  params: string[];
  required: number;
  body: Ast;
  at: Place;
}

/** A function call of the formula tree. */
export type CallNode = Extract<Ast, { k: 'call' }>;

/** One workbook's translation: its facts, what it keeps from formula to formula, and the call writer. */
export interface Translation {
  readonly ctx: FormulaContext;
  /** Defined names parsed once (by sheet and name). */
  readonly names: Map<string, Ast | FormulaSyntaxError>;
  /** Whether each defined name (by sheet and name) may answer an array where one value belongs, decided once. */
  readonly arrayNames: Map<string, boolean>;
  /** While a formula is translated: whether it reads such a name where one value belongs (its cell then shows the array's first value). */
  namedArray: boolean;
  /** The CUBE functions over the workbook's data model, made at the first call. */
  cubes: CubeFunctions | undefined;
  /** How many EXCEL.FOLD bodies enclose the text being written (each names its parameters' values by its depth). */
  folds: number;
  /** While a formula without a cached value is translated: what its answer assumes (else undefined: nothing may be assumed). */
  assumed: Assumption[] | undefined;
  /**
   * A call's text (calls.ts). The call writers import the expression writer to write their
   * arguments; it reaches them through this, so no import runs back up.
   */
  readonly call: (ast: CallNode, at: Place, reads: Area[]) => string;
}

/** Excel's likeliest answer, noted, when assuming is allowed; else the cell keeps its cached value. */
export function assume(translation: Translation, reason: AssumedReason, detail: string, answer: () => string, kept: KeptReason = 'function'): string {
  if (!translation.assumed) throw new Uncomputable(kept, detail);
  const text = answer();
  // One note per thing assumed, however often the translation meets it.
  if (!translation.assumed.some((a) => a.reason === reason && a.detail === detail)) translation.assumed.push({ reason, detail });
  return text;
}

/** A LET variable's or a LAMBDA parameter's name as written in a file (`_xlpm.total`, `_xlop.rate` when optional), upper case without the prefix. */
export const letName = (name: string) => name.replace(/^_xl(pm|op)\./i, '').toUpperCase();

/** What a LET name or LAMBDA parameter written at this node is bound to here; undefined for anything else. */
export const boundTo = (a: Ast | null | undefined, at: Place): Argument | undefined => (a?.k === 'name' && a.sheet === undefined ? at.scope?.get(letName(a.name)) : undefined);
