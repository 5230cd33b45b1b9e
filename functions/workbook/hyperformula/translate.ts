import { findFunction } from '../../../shared/src/index.js';
import type { BookTable, ExternalBook } from '../xlsx/book.js';
import type { Ast, RefPart } from '../formula/parser.js';
import { FormulaSyntaxError, INVOKE, MAX_COLS, withSemicolons, MAX_ROWS, formulaKey, parseKey, quoteSheet, someNode } from '../formula/parser.js';
import { columnLetter } from '../../../shared/src/values/columns.js';
import { EXCEL_BUILT_INS } from '../model/built-ins.js';
import type { Area } from '../model/area.js';
import type { AssumedReason, Assumption, KeptReason } from '../model/outcomes.js';
import type { WorkbookLayout } from '../xlsx/layout.js';
import type { InfoTools } from './rewrite/cell-info.js';
import { areasCall, cellCall } from './rewrite/cell-info.js';
import type { DataModel } from '../xlsx/data-model.js';
import { CubeFunctions } from './rewrite/cube.js';
import type { Applicable, Argument, HelperTools } from './rewrite/lambda-helpers.js';
import { LAMBDA_HELPERS, lambdaHelper } from './rewrite/lambda-helpers.js';

/**
 * A formula tree (formula.ts) written out as HyperFormula's formula text, with everything Excel
 * accepts and HyperFormula does not resolved first: defined names of every form (inlined, relative
 * ones placed at the cell), structured references (against the tables), 3-D references and unions
 * inside the functions that take several ranges, static intersections, spill references, error
 * literals, escaped quotes. What cannot be computed here is an Uncomputable with its reason: the
 * cell then keeps the value Excel cached.
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

/** Functions whose arguments are each a list of values: a union or a 3-D reference becomes several arguments. */
const LIST_FUNCTIONS = new Set(
  'SUM SUMSQ PRODUCT COUNT COUNTA AVERAGE AVERAGEA MIN MINA MAX MAXA STDEV STDEV.S STDEV.P STDEVA STDEVP STDEVPA VAR VAR.S VAR.P VARA VARP VARPA MEDIAN AVEDEV DEVSQ GEOMEAN HARMEAN CONCAT AND OR SUBTOTAL'.split(' '),
);

interface Place {
  sheet: number;
  row: number;
  col: number;
  /** Inside a defined name: relative references wrap around the sheet's edges, as Excel's do. */
  wrap: boolean;
  depth: number;
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

/** A LET variable's or a LAMBDA parameter's name as written in a file (`_xlpm.total`, `_xlop.rate` when optional), upper case without the prefix. */
const letName = (name: string) => name.replace(/^_xl(pm|op)\./i, '').toUpperCase();

/** What a LET name or LAMBDA parameter written at this node is bound to here; undefined for anything else. */
const boundTo = (a: Ast | null | undefined, at: Place): Argument | undefined => (a?.k === 'name' && a.sheet === undefined ? at.scope?.get(letName(a.name)) : undefined);

/** A LAMBDA: its parameters (upper case), how many of them a call must give (those before the optional ones, `[y]`), its body, and the place it was written, whose LET names it sees. */
interface Lambda {
  params: string[];
  required: number;
  body: Ast;
  at: Place;
}

/** Functions HyperFormula declares as taking anything, whose argument is one value to Excel. */
const SCALAR_ARGUMENTS = new Set('ISERROR ISERR ISNA ISBLANK ISTEXT ISNONTEXT ISNUMBER ISLOGICAL ISEVEN ISODD ISFORMULA N TYPE ERROR.TYPE CONCATENATE'.split(' '));

/** Which arguments of the conditional functions are criteria (an empty cell there is 0 to Excel). */
function isCriterion(fn: string, i: number): boolean {
  switch (fn) {
    case 'COUNTIF':
    case 'SUMIF':
    case 'AVERAGEIF':
      return i === 1;
    case 'COUNTIFS':
      return i % 2 === 1;
    case 'SUMIFS':
    case 'AVERAGEIFS':
    case 'MAXIFS':
    case 'MINIFS':
      return i >= 2 && i % 2 === 0;
    default:
      return false;
  }
}

/** Functions whose arguments Excel evaluates as arrays even in an ordinary formula. */
const ARRAY_ARGUMENTS = new Set(
  'SUMPRODUCT MMULT TRANSPOSE INDEX MATCH XMATCH LOOKUP XLOOKUP VLOOKUP HLOOKUP FREQUENCY SUMX2MY2 SUMX2PY2 SUMXMY2 CORREL COVAR COVARIANCE.P COVARIANCE.S PEARSON RSQ SLOPE INTERCEPT STEYX FORECAST FORECAST.LINEAR TREND GROWTH LINEST LOGEST FILTER SORT SORTBY UNIQUE MDETERM MINVERSE TEXTJOIN CONCAT COUNTIF COUNTIFS SUMIF SUMIFS AVERAGEIF AVERAGEIFS MAXIFS MINIFS ARRAYFORMULA ROWS COLUMNS AREAS ISREF ROW COLUMN OFFSET CHOOSECOLS CHOOSEROWS TAKE DROP VSTACK HSTACK TOCOL TOROW WRAPCOLS WRAPROWS GROUPBY EXPAND ARRAYTOTEXT PERCENTOF'.split(' '),
);

/**
 * Arguments that Excel reads as omitted (their default) when left empty in the middle of a call,
 * where HyperFormula would read an empty argument as 0: the weekend of WORKDAY.INTL(start, days, ,
 * holidays) is Saturday and Sunday, XLOOKUP's empty if_not_found is #N/A.
 */
const AROUND_DEFAULTS = { 2: '1', 3: '0', 4: '0', 5: 'NA()' };
const EMPTY_MEANS_DEFAULT: Record<string, Record<number, string>> = { 'WORKDAY.INTL': { 2: '1' }, 'NETWORKDAYS.INTL': { 2: '1' }, XLOOKUP: { 3: 'NA()' }, TEXTBEFORE: AROUND_DEFAULTS, TEXTAFTER: AROUND_DEFAULTS };

const ERRORS = new Set(['#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#REF!', '#VALUE!']);

/**
 * Ranges cut to the rows and columns the workbook uses, where Excel's answer cannot change: the
 * cells past them are empty, and these functions skip empty cells (or, paired, an empty criterion
 * cell meets an empty sum cell, which adds nothing). HyperFormula builds every cell of a range, so
 * $A$2:$A$1048576 in a real workbook would cost a million cells; cut, it costs the used rows.
 * Functions where the size itself matters (ROWS, INDEX, COUNTBLANK, array arithmetic, approximate
 * lookups that search by halves) are left whole.
 */
const CUT_EACH = new Set('SUM SUMSQ PRODUCT COUNT COUNTA AVERAGE AVERAGEA MIN MINA MAX MAXA MEDIAN STDEV STDEV.S STDEV.P STDEVA STDEVP STDEVPA VAR VAR.S VAR.P VARA VARP VARPA AVEDEV DEVSQ GEOMEAN HARMEAN'.split(' '));
/** Functions whose ranges go in pairs (a criteria range beside a sum range): all cut alike, keeping their sizes equal. */
const CUT_TOGETHER = new Set(['SUMIF', 'SUMIFS', 'AVERAGEIF', 'AVERAGEIFS', 'COUNTIF', 'COUNTIFS']);
/** A criterion written in the formula that no empty cell meets ("<>x", "", "=" meet empty cells). */
function criterionSkipsEmpty(a: Ast | null | undefined): boolean {
  if (!a) return false;
  if (a.k === 'num' || a.k === 'bool') return true;
  if (a.k !== 'str') return false;
  const t = a.v.trim();
  return t !== '' && t !== '=' && !t.startsWith('<>');
}

function str(s: string): string {
  // HyperFormula's string literals have no escaped quote: "a""b" is written "a"&CHAR(34)&"b".
  return s.includes('"') ? `(${s.split('"').map((p) => `"${p}"`).join('&CHAR(34)&')})` : `"${s}"`;
}

/**
 * A text in parentheses, unless it is one group in parentheses already: a LAMBDA's accumulator
 * (REDUCE) is written into the next step, and each level of nesting costs HyperFormula's parser
 * stack (see excel-lambda-helpers.ts).
 */
function paren(text: string): string {
  // A function call, IF(…), is one group too.
  const start = text.charCodeAt(0) === 40 ? 0 : (/^[A-Z][A-Z0-9._]*\(/.exec(text)?.[0].length ?? 0) - 1;
  if (start < 0 || text.charCodeAt(text.length - 1) !== 41) return `(${text})`;
  let depth = 0;
  let quoted = false;
  for (let i = start; i < text.length - 1; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (ch === 40) depth++;
    else if (ch === 41 && --depth === 0) return `(${text})`; // the first group closes before the end: (a)+(b), F(a)+1
  }
  return text;
}

function num(v: number): string {
  const s = String(v);
  return s.replace('e+', 'e');
}

export class EngineFormula {
  /** Defined names parsed once (by name and sheet). */
  private readonly names = new Map<string, Ast | FormulaSyntaxError>();
  /** The CUBE functions over the workbook's data model, made at the first call. */
  private cubes: CubeFunctions | undefined;
  /** How many EXCEL.FOLD bodies enclose the text being written (each names its parameters' values by its depth). */
  private folds = 0;
  /** While a formula without a cached value is translated: what its answer assumes (else undefined: nothing may be assumed). */
  private assumed: Assumption[] | undefined;

  constructor(private readonly ctx: FormulaContext) {}

  /**
   * HyperFormula's text of a tree placed at (sheet, row, col), and the areas it reads. With assume
   * (a cell the file gives no value to keep), what would make the cell keep its cached value is
   * answered with Excel's likeliest answer instead where there is one, and listed.
   */
  translate(ast: Ast, sheet: number, row: number, col: number, array = false, assume = false): { text: string; reads: Area[]; assumed: Assumption[] } {
    const reads: Area[] = [];
    const assumed: Assumption[] = [];
    this.assumed = assume ? assumed : undefined;
    try {
      const text = this.operand(ast, { sheet, row, col, wrap: false, depth: 0, array }, reads);
      // An ordinary formula whose result may be an array (an array constant in it) shows the array's
      // first value, as Excel's implicit intersection does; HyperFormula would spill it.
      // So does a LAMBDA called there (in place, through LET, or by a workbook name), which may answer an array.
      const lambdaCall = (n: Ast) => n.k === 'call' && (n.name === INVOKE || /^_XLPM\./.test(n.name) || (!this.ctx.known(n.name) && this.ctx.name(n.name, sheet) !== undefined));
      if (!array && someNode(ast, (n) => n.k === 'array' || (n.k === 'call' && ARRAY_RESULTS.has(n.name)) || lambdaCall(n))) return { text: `EXCEL.ARRAYFILL(1,1,${text})`, reads, assumed };
      return { text: COMPLEX_RESULT.has(ast.k === 'call' ? ast.name : '') ? `EXCEL.COMPLEX(${text})` : text, reads, assumed };
    } finally {
      this.assumed = undefined;
    }
  }

  /** Excel's likeliest answer, noted, when assuming is allowed; else the cell keeps its cached value. */
  private assume(reason: AssumedReason, detail: string, answer: () => string, kept: KeptReason = 'function'): string {
    if (!this.assumed) throw new Uncomputable(kept, detail);
    const text = answer();
    // One note per thing assumed, however often the translation meets it.
    if (!this.assumed.some((a) => a.reason === reason && a.detail === detail)) this.assumed.push({ reason, detail });
    return text;
  }

  /** A node where one value belongs: outside array context a reference is intersected with the formula's cell. */
  private operand(ast: Ast, at: Place, reads: Area[]): string {
    // A LET name or a LAMBDA parameter bound to a range stands for the whole range (the formulas that have them are dynamic-array ones).
    const bound = boundTo(ast, at) !== undefined;
    if (!at.array && !bound && (ast.k === 'ref' || ast.k === 'table' || ast.k === 'name' || ast.k === 'spill' || (ast.k === 'op' && (ast.op === ':' || ast.op === ' ')))) {
      const list = this.areasOrNull(ast, at);
      if (list === 'null') return 'EXCEL.NULL()';
      if (list && list.length === 1 && list[0] && (list[0].r1 !== list[0].r2 || list[0].c1 !== list[0].c2)) return this.implicit(ast, at, reads);
    }
    return this.expr(ast, at, reads);
  }

  /** areas(), with an intersection of ranges that do not meet answered as 'null' (#NULL!). */
  private areasOrNull(ast: Ast, at: Place): (Area | undefined)[] | undefined | 'null' {
    try {
      return this.areas(ast, at);
    } catch (e) {
      if (e instanceof NullIntersection) return 'null';
      throw e;
    }
  }

  private sheetIndex(name: string | undefined, at: Place): number | undefined {
    if (name === undefined) return at.sheet;
    const upper = name.toUpperCase();
    const i = this.ctx.sheets.findIndex((s) => s.toUpperCase() === upper);
    return i < 0 ? undefined : i;
  }

  private placeRow(p: RefPart, at: Place): number | undefined {
    if (p.abs) return p.n;
    const n = at.row + p.n;
    if (at.wrap) return ((n % MAX_ROWS) + MAX_ROWS) % MAX_ROWS;
    return n < 0 || n >= MAX_ROWS ? undefined : n;
  }

  private placeCol(p: RefPart, at: Place): number | undefined {
    if (p.abs) return p.n;
    const n = at.col + p.n;
    if (at.wrap) return ((n % MAX_COLS) + MAX_COLS) % MAX_COLS;
    return n < 0 || n >= MAX_COLS ? undefined : n;
  }

  /** A reference node as an area (the corners ordered), undefined for #REF!. */
  area(ref: Extract<Ast, { k: 'ref' }>, at: Place, sheet = ref.sheet): Area | undefined {
    if (ref.book !== undefined) throw new Uncomputable('external', 'a reference to another workbook');
    const s = this.sheetIndex(sheet, at);
    if (s === undefined) return undefined;
    const r1 = ref.r1 ? this.placeRow(ref.r1, at) : 0;
    const r2 = ref.r2 ? this.placeRow(ref.r2, at) : MAX_ROWS - 1;
    const c1 = ref.c1 ? this.placeCol(ref.c1, at) : 0;
    const c2 = ref.c2 ? this.placeCol(ref.c2, at) : MAX_COLS - 1;
    if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined) return undefined;
    return { sheet: s, r1: Math.min(r1, r2), r2: Math.max(r1, r2), c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
  }

  private areaText(a: Area, at: Place): string {
    const prefix = a.sheet === at.sheet && !at.wrap ? '' : `${quoteSheet(this.ctx.sheets[a.sheet]!)}!`;
    if (a.r1 === 0 && a.r2 === MAX_ROWS - 1) return `${prefix}${columnLetter(a.c1)}:${columnLetter(a.c2)}`;
    if (a.c1 === 0 && a.c2 === MAX_COLS - 1) return `${prefix}${a.r1 + 1}:${a.r2 + 1}`;
    const first = `${columnLetter(a.c1)}${a.r1 + 1}`;
    return a.r1 === a.r2 && a.c1 === a.c2 ? `${prefix}${first}` : `${prefix}${first}:${columnLetter(a.c2)}${a.r2 + 1}`;
  }

  /** The areas a reference-valued node stands for, when they are known without evaluating anything. */
  private areas(ast: Ast, at: Place): (Area | undefined)[] | undefined {
    switch (ast.k) {
      case 'ref': {
        if (ast.book !== undefined) return undefined; // another workbook's cached values, as constants
        if (ast.sheet2 === undefined) return [this.area(ast, at)];
        const a = this.sheetIndex(ast.sheet, at);
        const b = this.sheetIndex(ast.sheet2, at);
        if (a === undefined || b === undefined) return [undefined];
        const out: (Area | undefined)[] = [];
        for (let s = Math.min(a, b); s <= Math.max(a, b); s++) out.push(this.area(ast, at, this.ctx.sheets[s]));
        return out;
      }
      case 'table':
        return [this.table(ast, at)];
      case 'name': {
        // A LET name or parameter: the reference it is bound to, if the file decides it.
        const bound = boundTo(ast, at);
        if (bound !== undefined) return typeof bound === 'object' && bound.area ? [bound.area] : undefined;
        const inner = this.nameTree(ast, at);
        if (inner === undefined) return undefined;
        return this.areas(inner, { ...at, wrap: true, depth: at.depth + 1 });
      }
      case 'op': {
        if (ast.op === ',') {
          const a = this.areas(ast.a, at);
          const b = this.areas(ast.b, at);
          return a && b ? [...a, ...b] : undefined;
        }
        if (ast.op === ':' || ast.op === ' ') {
          const a = this.areas(ast.a, at);
          const b = this.areas(ast.b, at);
          if (!a || !b || a.length !== 1 || b.length !== 1) return undefined;
          const [x, y] = [a[0], b[0]];
          if (!x || !y || x.sheet !== y.sheet) return [undefined];
          if (ast.op === ':') return [{ sheet: x.sheet, r1: Math.min(x.r1, y.r1), c1: Math.min(x.c1, y.c1), r2: Math.max(x.r2, y.r2), c2: Math.max(x.c2, y.c2) }];
          const i = { sheet: x.sheet, r1: Math.max(x.r1, y.r1), c1: Math.max(x.c1, y.c1), r2: Math.min(x.r2, y.r2), c2: Math.min(x.c2, y.c2) };
          if (i.r1 > i.r2 || i.c1 > i.c2) throw new NullIntersection();
          return [i];
        }
        return undefined;
      }
      case 'spill': {
        const a = this.areas(ast.a, at);
        if (!a || a.length !== 1 || !a[0]) return [undefined];
        return [this.ctx.spill(a[0].sheet, a[0].r1, a[0].c1)];
      }
      case 'err':
        // #REF!:B4, a range from a reference Excel lost: #REF!.
        return ast.v === '#REF!' ? [undefined] : undefined;
      case 'call': {
        // INDIRECT and OFFSET whose arguments the file alone decides: the reference they name.
        const r = this.staticReference(ast, at);
        return r === undefined ? undefined : r === 'ref' ? [undefined] : this.areas(r, at);
      }
      default:
        return undefined;
    }
  }

  /**
   * The reference INDIRECT(text[, a1]) or OFFSET(reference, rows, cols[, height, width]) stands for
   * when their arguments are known from the file alone (see fold()): a reference tree, 'ref' for
   * #REF!, undefined when they are not (or the call is another function's).
   */
  private staticReference(ast: Extract<Ast, { k: 'call' }>, at: Place): Ast | 'ref' | undefined {
    if (ast.name === 'INDIRECT') {
      const [textArg, styleArg] = ast.args;
      const text = textArg ? this.fold(textArg, at) : undefined;
      const style = styleArg === undefined || styleArg === null ? true : this.fold(styleArg, at);
      if (text === undefined || typeof text === 'boolean' || style === undefined || typeof style === 'string') return undefined;
      const a1 = style === true || (typeof style === 'number' && style !== 0);
      let tree: Ast;
      try {
        tree = parseKey(a1 ? formulaKey(String(text), at.row, at.col) : String(text));
      } catch (e) {
        if (e instanceof FormulaSyntaxError) return 'ref';
        throw e;
      }
      if (!(tree.k === 'ref' || tree.k === 'name' || tree.k === 'table' || (tree.k === 'op' && (tree.op === ':' || tree.op === ' ')))) return 'ref';
      // A name that is not defined names no reference: #REF! (not #NAME?).
      if (tree.k === 'name' && this.nameTree(tree, at) === undefined && !this.ctx.tables.some((t) => t.name.toUpperCase() === tree.name.toUpperCase())) return 'ref';
      return tree;
    }
    if (TRIMS[ast.name]) return this.trimmed(ast, at);
    if (ast.name === 'OFFSET') {
      const [base, ...rest] = ast.args;
      if (!base || ast.args.length < 3 || ast.args.length > 5) return undefined;
      const nums = rest.map((a) => (a === null ? null : this.foldWhole(a, at)));
      if (nums.some((n) => n === undefined)) return undefined;
      const list = this.areasOrNull(base, at);
      if (!list || list === 'null' || list.length !== 1) return undefined;
      const b = list[0];
      if (!b) return 'ref';
      const [rows, cols, height, width] = nums as (number | null)[];
      const h = height ?? b.r2 - b.r1 + 1;
      const w = width ?? b.c2 - b.c1 + 1;
      if (h === 0 || w === 0) return 'ref';
      const r1 = b.r1 + (rows ?? 0);
      const c1 = b.c1 + (cols ?? 0);
      const [top, bottom] = h > 0 ? [r1, r1 + h - 1] : [r1 + h + 1, r1];
      const [left, right] = w > 0 ? [c1, c1 + w - 1] : [c1 + w + 1, c1];
      if (top < 0 || left < 0 || bottom >= MAX_ROWS || right >= MAX_COLS) return 'ref';
      return this.areaTree({ sheet: b.sheet, r1: top, r2: bottom, c1: left, c2: right }, at);
    }
    return undefined;
  }

  /**
   * TRIMRANGE(range[, rows, cols]) and the trim references A1.:.E8, A1:.E8, A1.:E8 (which files
   * store as _xlfn._TRO_ALL(A1:E8), _TRO_TRAILING, _TRO_LEADING): the range without its blank
   * leading and/or trailing rows and columns. Whether a cell is blank is known from the file alone:
   * a formula cell never is, whatever it answers. A range blank throughout is #REF!.
   */
  private trimmed(ast: Extract<Ast, { k: 'call' }>, at: Place): Ast | 'ref' | undefined {
    const [rangeArg, ...modeArgs] = ast.args;
    const fixed = TRIMS[ast.name]!;
    if (!rangeArg || ast.args.length > (fixed.rows === undefined ? 3 : 1)) return undefined;
    const modes = [0, 1].map((i) => {
      if (fixed.rows !== undefined) return i === 0 ? fixed.rows : fixed.cols;
      const a = modeArgs[i];
      return a === undefined || a === null ? 3 : this.foldWhole(a, at);
    });
    if (modes.some((m) => m === undefined)) return undefined;
    const [rows, cols] = modes as number[];
    if (rows! < 0 || rows! > 3 || cols! < 0 || cols! > 3) return { k: 'err', v: '#VALUE!' };
    const list = this.areasOrNull(rangeArg, at);
    if (!list || list === 'null' || list.length !== 1) return undefined;
    const a = list[0];
    if (!a) return 'ref';
    const used = this.ctx.occupied(a);
    if (!used) return (rows! | cols!) === 0 ? this.areaTree(a, at) : 'ref';
    const cut = { r1: a.r1, r2: a.r2, c1: a.c1, c2: a.c2 };
    if (rows! & 1) cut.r1 = used.r1;
    if (rows! & 2) cut.r2 = used.r2;
    if (cols! & 1) cut.c1 = used.c1;
    if (cols! & 2) cut.c2 = used.c2;
    return this.areaTree({ sheet: a.sheet, ...cut }, at);
  }

  /** An area as a reference tree, placed at the formula's cell. */
  private areaTree(a: Area, at: Place): Ast {
    const sheet = quoteSheet(this.ctx.sheets[a.sheet]!);
    return parseKey(formulaKey(`${sheet}!${columnLetter(a.c1)}${a.r1 + 1}:${columnLetter(a.c2)}${a.r2 + 1}`, at.row, at.col));
  }

  /** A defined name's tree, or undefined when no such name exists. */
  private nameTree(node: Extract<Ast, { k: 'name' }>, at: Place): Ast | undefined {
    if (node.book !== undefined) throw new Uncomputable('external', `a name in another workbook: ${node.name}`);
    if (at.depth > 16) throw new Uncomputable('reference', `a name defined through itself: ${node.name}`);
    const sheet = node.sheet === undefined ? at.sheet : this.sheetIndex(node.sheet, at);
    if (sheet === undefined) return undefined;
    const text = this.ctx.name(node.name, sheet);
    if (text === undefined) return undefined;
    const key = `${sheet}\u0000${node.name.toUpperCase()}`;
    let tree = this.names.get(key);
    if (tree === undefined) {
      try {
        // A name's relative references are stored as if written in A1: placed there, their offsets are A1's.
        tree = parseKey(formulaKey(text.replace(/^=/, ''), 0, 0));
      } catch (e) {
        if (!(e instanceof FormulaSyntaxError)) throw e;
        tree = e;
      }
      this.names.set(key, tree);
    }
    if (tree instanceof FormulaSyntaxError) {
      // A name whose sheet was deleted reads "#REF!A1" or "Sheet!#REF!": Excel answers #REF!.
      if (/#REF!/i.test(text)) return { k: 'err', v: '#REF!' };
      throw new Uncomputable('syntax', `the name ${node.name} cannot be read: ${tree.message}`);
    }
    return tree;
  }

  /** A structured reference as the area it covers; undefined for #REF!. */
  private table(node: Extract<Ast, { k: 'table' }>, at: Place): Area | undefined {
    if (node.book !== undefined) throw new Uncomputable('external', 'a table in another workbook');
    const want = node.table.toUpperCase();
    const t = want
      ? this.ctx.tables.find((x) => x.name.toUpperCase() === want)
      : this.ctx.tables.find((x) => x.sheet === at.sheet && at.row >= x.top && at.row <= x.bottom && at.col >= x.left && at.col <= x.right);
    if (!t) return undefined;
    const dataTop = t.top + t.headerRows;
    const dataBottom = t.bottom - t.totalsRows;
    let top = dataTop;
    let bottom = dataBottom;
    const sections = new Set(node.sections);
    if (sections.has('this row')) {
      if (at.row < dataTop || at.row > dataBottom) throw new Uncomputable('reference', `[#This Row] of ${t.name} outside its rows`);
      top = bottom = at.row;
    } else if (sections.has('all')) {
      top = t.top;
      bottom = t.bottom;
    } else if (sections.size) {
      const rows: [number, number][] = [];
      if (sections.has('headers') && t.headerRows) rows.push([t.top, dataTop - 1]);
      if (sections.has('data')) rows.push([dataTop, dataBottom]);
      if (sections.has('totals') && t.totalsRows) rows.push([dataBottom + 1, t.bottom]);
      if (!rows.length) return undefined;
      top = Math.min(...rows.map((r) => r[0]));
      bottom = Math.max(...rows.map((r) => r[1]));
    }
    let left = t.left;
    let right = t.right;
    if (node.columns.length) {
      const index = (name: string) => t.columns.findIndex((c) => c.toUpperCase() === name.toUpperCase());
      const cols = node.columns.map(index);
      if (cols.some((c) => c < 0)) return undefined;
      left = t.left + Math.min(...cols);
      right = t.left + Math.max(...cols);
    }
    if (top > bottom) return undefined;
    return { sheet: t.sheet, r1: top, r2: bottom, c1: left, c2: right };
  }

  /**
   * A reference into another workbook, from the values the file cached of it when Excel last read
   * it (Excel too computes with those until the link is updated). A link whose part is missing or
   * could not be read is #REF!, as Excel shows it.
   */
  private external(ref: Extract<Ast, { k: 'ref' }>, at: Place): string {
    const ext = this.ctx.externals[Number(ref.book) - 1];
    if (!ext) throw new Uncomputable('external', `a link to another workbook ([${ref.book}]) the file does not describe`);
    if (ref.sheet2 !== undefined) throw new Uncomputable('external', 'a 3-D reference into another workbook');
    const want = (ref.sheet ?? '').toUpperCase();
    const si = ext.sheets.findIndex((s) => s.toUpperCase() === want);
    const values = si < 0 ? undefined : ext.values[si];
    if (!values) return '#REF!';
    const a = this.area({ ...ref, book: undefined, sheet: undefined }, at);
    if (!a) return '#REF!';
    const cells = (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1);
    if (cells > 10_000) throw new Uncomputable('external', 'a large range of another workbook');
    const literal = (r: number, c: number) => {
      const v = values.get(`${r}:${c}`);
      if (v === undefined) return '0'; // a blank cell of the other workbook reads as 0
      if (typeof v === 'number') return num(v);
      if (typeof v === 'string') return str(v);
      if (typeof v === 'boolean') return v ? 'TRUE()' : 'FALSE()';
      return ERRORS.has(v.error) ? v.error : v.error === '#NULL!' ? 'EXCEL.NULL()' : '#N/A';
    };
    if (cells === 1) return literal(a.r1, a.c1);
    const rows: string[] = [];
    for (let r = a.r1; r <= a.r2; r++) {
      const row: string[] = [];
      for (let c = a.c1; c <= a.c2; c++) row.push(literal(r, c));
      rows.push(row.join(','));
    }
    return `{${rows.join(';')}}`;
  }

  private reference(ast: Ast, at: Place, reads: Area[]): string {
    if (ast.k === 'ref' && ast.book !== undefined) return this.external(ast, at);
    const list = this.areasOrNull(ast, at);
    if (list === 'null') return 'EXCEL.NULL()';
    if (!list) throw new Uncomputable('reference', 'a reference computed by a function');
    if (list.length !== 1) throw new Uncomputable('reference', 'a union or 3-D reference where one range belongs');
    const a = list[0];
    if (!a) return '#REF!';
    reads.push(a);
    return this.areaText(a, at);
  }

  private expr(ast: Ast, at: Place, reads: Area[]): string {
    switch (ast.k) {
      case 'num':
        return num(ast.v);
      case 'str':
        return str(ast.v);
      case 'bool':
        return ast.v ? 'TRUE()' : 'FALSE()';
      case 'err':
        if (ERRORS.has(ast.v)) return ast.v;
        if (ast.v === '#NULL!') return 'EXCEL.NULL()';
        throw new Uncomputable('syntax', `the error literal ${ast.v}`);
      case 'ref':
      case 'table':
      case 'spill':
        return this.reference(ast, at, reads);
      case 'name': {
        if (ast.sheet === undefined && at.lambdas?.has(letName(ast.name))) throw new Uncomputable('function', 'a LAMBDA used as a value (Excel shows #CALC!)');
        const bound = boundTo(ast, at);
        if (bound === 'omitted' || bound === 'start') return this.omitted(ast.name, at, reads);
        if (bound !== undefined) {
          if (bound.area) reads.push(bound.area);
          return paren(bound.text);
        }
        const tree = this.nameTree(ast, at);
        if (tree === undefined) {
          // A table's bare name is its data; any other unknown name is #NAME? in Excel too.
          if (this.ctx.tables.some((t) => t.name.toUpperCase() === ast.name.toUpperCase()) && ast.sheet === undefined) return this.reference({ k: 'table', table: ast.name, columns: [], sections: [] }, at, reads);
          return '#NAME?';
        }
        return `(${this.expr(tree, { ...at, wrap: true, depth: at.depth + 1 }, reads)})`;
      }
      case 'array':
        return `{${ast.rows.map((row) => row.map((e) => this.expr(e, at, reads)).join(',')).join(';')}}`;
      case 'neg':
        return `-(${this.operand(ast.a, at, reads)})`;
      case 'pct':
        return `((${this.operand(ast.a, at, reads)})/100)`;
      case 'single':
        return this.implicit(ast.a, at, reads);
      case 'op':
        if (ast.op === ':' || ast.op === ' ' || ast.op === ',') return this.reference(ast, at, reads);
        return `${paren(this.operand(ast.a, at, reads))}${ast.op}${paren(this.operand(ast.b, at, reads))}`;
      case 'call':
        return this.call(ast, at, reads);
    }
  }

  /** @x and SINGLE(x): a range meets the formula's row or column in one cell (Excel's implicit intersection). */
  private implicit(a: Ast, at: Place, reads: Area[]): string {
    const list = this.areasOrNull(a, at);
    if (list === 'null') return 'EXCEL.NULL()';
    if (!list) return this.expr(a, at, reads);
    const x = list.length === 1 ? list[0] : undefined;
    if (!x) return '#VALUE!';
    let r = x.r1;
    let c = x.c1;
    // By the formula's row or column number, whatever sheet the range is on.
    if (x.r1 !== x.r2) {
      if (at.row < x.r1 || at.row > x.r2) return '#VALUE!';
      r = at.row;
    }
    if (x.c1 !== x.c2) {
      if (at.col < x.c1 || at.col > x.c2) return '#VALUE!';
      c = at.col;
    }
    const cell = { sheet: x.sheet, r1: r, r2: r, c1: c, c2: c };
    reads.push(cell);
    return this.areaText(cell, at);
  }

  private call(ast: Extract<Ast, { k: 'call' }>, at: Place, reads: Area[]): string {
    const name = ast.name;
    // The engine's own EXCEL.* functions are written by this translation only: in a file's formula they are no function of Excel's.
    if (name.startsWith('EXCEL.')) return this.assume(...this.unknownCall(name));
    // ROW, COLUMN and ISFORMULA read a reference: a LET name or parameter bound to a value (a
    // computed array's element, EXCEL.PARAM) is none here, whatever Excel passes there.
    const bound = boundTo(ast.args[0], at);
    if ((name === 'ROW' || name === 'COLUMN' || name === 'ISFORMULA') && bound !== undefined && (typeof bound !== 'object' || !bound.area)) throw new Uncomputable('function', `${name} of a LET name or LAMBDA parameter bound to a value`);
    // A LET name or parameter bound to a LAMBDA, or a workbook name whose formula is one, called by name.
    let called: Lambda | undefined;
    if (name.startsWith('POLICY.')) {
      if (!findFunction(name.slice(7))) throw new Uncomputable('function', name);
    } else if (name === 'SINGLE') {
      if (ast.args.length !== 1 || !ast.args[0]) throw new Uncomputable('syntax', 'SINGLE takes one argument');
      return this.implicit(ast.args[0], at, reads);
    } else if (name === 'LET') {
      return this.let(ast, at, reads);
    } else if (name === INVOKE) {
      return this.invoke(this.lambda(ast.args[0] ?? null, at), ast.args.slice(1), at, reads);
    } else if ((called = at.lambdas?.get(letName(name)) ?? (this.ctx.known(name) ? undefined : this.namedLambda(name, at)))) {
      return this.invoke(called, ast.args, at, reads);
    } else if (name === 'LAMBDA') {
      throw new Uncomputable('function', 'a LAMBDA that is not called (Excel shows #CALC!)');
    } else if (LAMBDA_HELPERS.has(name)) {
      return this.helper(ast, at, reads);
    } else if (name === 'ISOMITTED') {
      if (ast.args.length !== 1) throw new Uncomputable('syntax', 'ISOMITTED takes one argument');
      return this.isOmitted(ast.args[0]!, at) ? 'TRUE()' : 'FALSE()';
    } else if (name === 'IF' && ast.args.length >= 2 && this.decided(ast.args[0], at) !== undefined) {
      // Decided by an omitted parameter: only the branch taken is written (IF(ISOMITTED(y), 10, y)).
      const i = this.decided(ast.args[0], at) ? 1 : 2;
      const branch = ast.args[i];
      if (branch === undefined) return 'FALSE()';
      if (branch === null) return '0';
      return !at.array && this.ctx.scalarArgument('IF', i) ? this.operand(branch, at, reads) : this.expr(branch, at, reads);
    } else if (name === 'INDIRECT') {
      return this.indirect(ast, at, reads);
    } else if ((name === 'OFFSET' || TRIMS[name]) && this.staticReference(ast, at) !== undefined) {
      return this.indirect(ast, at, reads);
    } else if (name === 'FORMULATEXT') {
      const local = this.listSeparatorLanguage();
      const detail = local ? `FORMULATEXT writes the formula with the separators of the user's settings (here ${local}'s, the language of the workbook's drawings)` : 'FORMULATEXT writes the formula in the language of the user (here en-US)';
      return this.assume('locale', detail, () => this.formulaText(ast, at, local !== undefined));
    } else if (name === 'CELL' || name === 'AREAS') {
      return (name === 'CELL' ? cellCall : areasCall)(ast.args, this.infoTools(at, reads));
    } else if ((name === 'CUBEMEMBER' || name === 'CUBEVALUE') && this.ctx.dataModel) {
      return this.cube(ast, at, this.ctx.dataModel);
    } else if (!this.ctx.known(name)) {
      return this.assume(...this.unknownCall(name));
    } else {
      const arity = this.ctx.arity(name);
      if (arity && (ast.args.length < arity.min || ast.args.length > arity.max)) {
        // Excel does not take such a call; LibreOffice, which writes such files, answers #NAME? for
        // too few arguments and #VALUE! for too many, an error among the arguments first.
        const few = ast.args.length < arity.min;
        return this.assume('call', `${name} with ${ast.args.length} arguments`, () => `EXCEL.BADCALL(${few ? 1 : 2}${ast.args.map((a) => `,${a === null ? '' : this.expr(a, { ...at, array: true }, reads)}`).join('')})`);
      }
    }
    if (name === 'ISREF') {
      // Whether the argument is a reference: known from the formula itself.
      const a = ast.args[0];
      if (boundTo(a, at) !== undefined) throw new Uncomputable('function', 'ISREF of a LET name or LAMBDA parameter');
      let isRef = false;
      try {
        isRef = a !== null && a !== undefined && (a.k === 'ref' || a.k === 'table' || (this.areas(a, at)?.every((x) => x !== undefined) ?? false));
      } catch (e) {
        if (!(e instanceof NullIntersection) && !(e instanceof Uncomputable)) throw e;
      }
      return isRef ? 'TRUE()' : 'FALSE()';
    }
    const args: string[] = [];
    const inner = ARRAY_ARGUMENTS.has(name) && !at.array ? { ...at, array: true } : at;
    const cut = this.cutRanges(ast, at);
    ast.args.forEach((a, i) => {
      const c = cut?.areas.get(i);
      if (c) {
        reads.push(c);
        args.push(this.areaText(c, at));
        return;
      }
      if (a === null) {
        args.push(EMPTY_MEANS_DEFAULT[name]?.[i] ?? '');
        return;
      }
      if (LIST_FUNCTIONS.has(name) && (name !== 'SUBTOTAL' || i > 0)) {
        const list = this.areasOrNull(a, at);
        if (list && list !== 'null' && list.length > 1) {
          for (const x of list) {
            if (!x) args.push('#REF!');
            else {
              reads.push(x);
              args.push(this.areaText(x, at));
            }
          }
          return;
        }
      }
      if (isCriterion(name, i) && !at.array) {
        // One criterion in an ordinary formula: a range there meets the formula's row or column
        // (Excel's implicit intersection; #VALUE! where they do not meet, which then matches the
        // #VALUE! cells, as Excel's answers show).
        args.push(`EXCEL.CRITERION(${this.operand(a, at, reads)})`);
        return;
      }
      if (name === 'GROUPBY' && i === 2 && a.k === 'name' && /^_xleta\./i.test(a.name)) {
        // The function as Excel writes an eta-reduced one (_xleta.SUM): its name, for GROUPBY to apply.
        args.push(str(a.name.slice(7).toUpperCase()));
        return;
      }
      if ((name === 'SUMIF' || name === 'AVERAGEIF') && i === 2) {
        // Excel sums (averages) a range of the criteria range's size from the sum range's first
        // cell: SUMIF(A1:A9,"x",B1) reads B1:B9. HyperFormula wants the sizes equal.
        const area = this.resized(a, ast.args[0] ?? null, at);
        if (area) {
          reads.push(area);
          args.push(this.areaText(area, at));
          return;
        }
      }
      const scalar = !inner.array && (SCALAR_ARGUMENTS.has(name) || this.ctx.scalarArgument(name, i));
      const text = scalar ? this.operand(a, inner, reads) : this.expr(a, inner, reads);
      // DATEDIF's unit in any case ("m" as "M"): HyperFormula reads capitals only.
      if (name === 'DATEDIF' && i === 2) {
        args.push(`UPPER(${text})`);
        return;
      }
      args.push(isCriterion(name, i) && (a.k === 'ref' || a.k === 'name' || a.k === 'table') && !/[:]/.test(text) ? `EXCEL.CRITERION(${text})` : text);
    });
    // SORT, SORTBY and UNIQUE read an empty cell of their array as 0 (EXCEL.VALUES).
    const text = VALUE_SOURCES.has(name) && args[0] !== undefined ? `${name}(${[`EXCEL.VALUES(${args[0]})`, ...args.slice(1)].join(',')})` : `${name}(${args.join(',')})`;
    if (!cut?.beyond) return text;
    // The cells cut off are empty: counted at once, as many as there were, where an empty cell
    // meets the criteria (COUNTIF(B:B,"<>3") counts a million empty cells in Excel).
    const empty = this.emptyCell(at);
    const test = name === 'COUNTBLANK' ? '1' : `${name}(${args.map((x, i) => (isCriterion(name, i) ? x : empty)).join(',')})`;
    reads.push(this.areaOf(empty, at));
    return `(${text}+${test}*${cut.beyond})`;
  }

  /**
   * LET(name, value, …, calculation): each name stands for its value's text in what follows (the
   * engine computes a value as often as it is used: the same answer, Excel's functions having no
   * side effects).
   */
  private let(ast: Extract<Ast, { k: 'call' }>, at: Place, reads: Area[]): string {
    const args = ast.args;
    if (args.length < 3 || args.length % 2 === 0) throw new Uncomputable('syntax', 'LET with a number of arguments Excel does not take');
    const scope = new Map(at.scope);
    const lambdas = new Map(at.lambdas);
    for (let i = 0; i < args.length - 1; i += 2) {
      const n = args[i];
      const v = args[i + 1];
      if (!n || n.k !== 'name' || !v) throw new Uncomputable('syntax', 'LET with something else than a name to define');
      // A name bound to a LAMBDA is a function the rest may call.
      const fn = v.k === 'call' && v.name === 'LAMBDA' ? this.lambda(v, { ...at, scope: new Map(scope), lambdas: new Map(lambdas) }) : undefined;
      if (fn) {
        lambdas.set(letName(n.name), fn);
        scope.delete(letName(n.name));
      } else {
        scope.set(letName(n.name), this.bind(v, { ...at, scope, lambdas }, reads));
        lambdas.delete(letName(n.name));
      }
    }
    return this.operand(args[args.length - 1]!, { ...at, scope, lambdas }, reads);
  }

  /**
   * The LAMBDA a callee stands for: one written in place, a LET name or parameter bound to one, or
   * a defined name whose formula is one (a named function of the workbook); undefined otherwise.
   */
  private lambda(callee: Ast | null, at: Place): Lambda | undefined {
    if (!callee) return undefined;
    if (callee.k === 'call' && callee.name === 'LAMBDA') {
      const params = callee.args.slice(0, -1);
      const body = callee.args.at(-1);
      if (!body || params.some((p) => !p || p.k !== 'name')) throw new Uncomputable('syntax', 'a LAMBDA whose parameters are not names');
      const names = params.map((p) => (p as Extract<Ast, { k: 'name' }>).name);
      // An optional parameter, [y], is written `_xlop.y` where it is declared (uses are `_xlpm.y`).
      const required = names.reduce((n, p, i) => (/^_xlop\./i.test(p) ? n : i + 1), 0);
      return { params: names.map(letName), required, body, at };
    }
    if (callee.k === 'name' && callee.sheet === undefined) return at.lambdas?.get(letName(callee.name)) ?? this.namedLambda(callee.name, at);
    return undefined;
  }

  /** A defined name whose formula is a LAMBDA: its references are the name's (relative to the calling cell), and it sees no LET names. */
  private namedLambda(name: string, at: Place): Lambda | undefined {
    if (!this.ctx.name(name, at.sheet)) return undefined;
    const tree = this.nameTree({ k: 'name', name }, at);
    if (!tree || tree.k !== 'call' || tree.name !== 'LAMBDA') return undefined;
    return this.lambda(tree, { ...at, wrap: true, scope: undefined, lambdas: undefined });
  }

  /**
   * A LAMBDA called with these arguments: its body with each parameter bound to its argument, as
   * LET binds a name (a LAMBDA given as an argument stays a LAMBDA the body may call). More
   * arguments than parameters, or fewer than it requires, is #VALUE!, as Microsoft's LAMBDA page
   * says ("an incorrect number of arguments"). An argument left empty, `f(1,)`, and an optional
   * parameter `[y]` the call leaves out are omitted: ISOMITTED is TRUE for them (Microsoft's
   * ISOMITTED example, `LAMBDA(x,y, IF(ISOMITTED(y),"Missing second argument",x+y))(1,)`).
   */
  private invoke(fn: Lambda | undefined, args: (Ast | null)[], at: Place, reads: Area[]): string {
    if (!fn) throw new Uncomputable('function', 'a call of something that is not a LAMBDA');
    if (args.length > fn.params.length || args.length < fn.required) return '#VALUE!';
    const given = fn.params.map((_, i) => {
      const arg = args[i];
      if (arg === undefined || arg === null) return 'omitted' as const;
      return (arg.k === 'call' && arg.name === 'LAMBDA' ? this.lambda(arg, at) : arg.k === 'name' ? at.lambdas?.get(letName(arg.name)) : undefined) ?? this.bind(arg, at, reads);
    });
    return this.apply(fn, given, at, reads);
  }

  /** A LAMBDA's body with its parameters bound, in order, to these values (or LAMBDAs), at the place it was written. */
  private apply(fn: Lambda, given: (Argument | Lambda)[], at: Place, reads: Area[], array = at.array): string {
    if (at.depth > 32) throw new Uncomputable('reference', 'a LAMBDA that calls itself more deeply than this engine follows');
    const scope = new Map(fn.at.scope);
    const lambdas = new Map(fn.at.lambdas);
    fn.params.forEach((p, i) => {
      const value = given[i] ?? 'omitted';
      if (typeof value === 'object' && 'body' in value) {
        lambdas.set(p, value);
        scope.delete(p);
      } else {
        scope.set(p, value);
        lambdas.delete(p);
      }
    });
    return bounded(this.operand(fn.body, { ...fn.at, scope, lambdas, depth: Math.max(at.depth, fn.at.depth) + 1, array }, reads));
  }

  /** What a LET name or a parameter is bound to: its value's text, with the area when it is a reference the file decides. */
  private bind(value: Ast, at: Place, reads: Area[]): Argument {
    const text = bounded(this.expr(value, at, reads));
    const list = value.k === 'ref' || value.k === 'name' || value.k === 'table' || value.k === 'op' || value.k === 'spill' || value.k === 'call' ? this.areasOrNull(value, at) : undefined;
    const area = list && list !== 'null' && list.length === 1 ? list[0] : undefined;
    return area ? { text, area } : { text };
  }

  /**
   * A parameter the call left out, used as a value. Microsoft documents only ISOMITTED of it;
   * Excel's value for it is taken to be an empty cell's (0 in arithmetic, "" as text) only for a
   * cell without a cached value, and noted; a cell with one keeps it.
   */
  private omitted(name: string, at: Place, reads: Area[]): string {
    return this.assume('call', `a LAMBDA parameter left out (${letName(name)}) used as a value`, () => {
      const cell = this.emptyCell(at);
      reads.push(this.areaOf(cell, at));
      return cell;
    });
  }

  /** Whether a condition is decided by the call alone (ISOMITTED of a parameter, NOT of that): IF then takes one branch, the other's omitted value never used. */
  private decided(cond: Ast | null | undefined, at: Place): boolean | undefined {
    if (!cond) return undefined;
    if (cond.k === 'call' && cond.name === 'NOT' && cond.args.length === 1) {
      const v = this.decided(cond.args[0], at);
      return v === undefined ? undefined : !v;
    }
    if (cond.k === 'call' && cond.name === 'ISOMITTED' && cond.args.length === 1) return this.isOmitted(cond.args[0]!, at);
    return undefined;
  }

  /**
   * ISOMITTED(x): TRUE for a LAMBDA parameter the call left out, FALSE for any other value. REDUCE's
   * and SCAN's accumulator without an initial value is Microsoft's open case (its page says the
   * first value starts it; its example needs it empty): TRUE only for a cell without a cached
   * value, noted; a cell with one keeps it.
   */
  private isOmitted(a: Ast | null, at: Place): boolean {
    const bound = boundTo(a, at);
    if (bound === 'start') this.assume('call', "ISOMITTED of REDUCE's or SCAN's accumulator without an initial value", () => 'TRUE()');
    return bound === 'omitted' || bound === 'start';
  }

  /** MAP, BYROW, BYCOL, REDUCE, SCAN and MAKEARRAY, written out (excel-lambda-helpers.ts). */
  private helper(ast: Extract<Ast, { k: 'call' }>, at: Place, reads: Area[]): string {
    const tools: HelperTools = {
      area: (a) => {
        const list = this.areasOrNull(a, { ...at, array: true });
        if (list === 'null') return 'ref';
        if (!list || list.length !== 1) return undefined;
        return list[0] ?? 'ref';
      },
      fold: (a) => this.fold(a, at),
      text: (a) => this.expr(a, { ...at, array: true }, reads),
      address: (area) => this.areaText(area, at),
      read: (area) => reads.push(area),
      lambda: (a) => this.applicable(a, at, reads),
      keep: (reason, detail) => {
        throw new Uncomputable(reason, detail);
      },
      inFold: (body) => {
        this.folds++;
        try {
          return body(this.folds);
        } finally {
          this.folds--;
        }
      },
    };
    return lambdaHelper(ast.name, ast.args, tools);
  }

  /**
   * The LAMBDA a helper's argument stands for, applied in array context (Excel evaluates a
   * LAMBDA's body as a dynamic-array formula); `_xleta.SUM`, the form Excel writes for a function
   * given by name, takes as many parameters as it is given.
   */
  private applicable(a: Ast | null, at: Place, reads: Area[]): Applicable | undefined {
    if (a && a.k === 'name' && /^_xleta\./i.test(a.name)) {
      const name = a.name.slice(7).toUpperCase();
      return {
        required: 1,
        params: 253,
        apply: (args) => {
          const params = args.map((_, i) => `_ETA${i}`);
          const fn: Lambda = { params, required: params.length, body: { k: 'call', name, args: params.map((p) => ({ k: 'name', name: p })) }, at };
          return this.apply(fn, args, at, reads, true);
        },
      };
    }
    const fn = this.lambda(a, at);
    return fn && { required: fn.required, params: fn.params.length, apply: (args) => this.apply(fn, args, at, reads, true) };
  }

  /**
   * INDIRECT (or OFFSET) whose arguments are known from the file alone (literals, constant cells,
   * &, ROW() and COLUMN(), ADDRESS of those): the reference it names, read now, so the engine sees
   * a plain reference; text that names no reference is #REF!. Arguments computed by formulas keep
   * the cell's value (this engine has no references made while computing).
   */
  private indirect(ast: Extract<Ast, { k: 'call' }>, at: Place, reads: Area[]): string {
    const tree = this.staticReference(ast, at);
    if (tree === undefined) throw new Uncomputable('function', `${ast.name} of arguments computed by formulas`);
    return tree === 'ref' ? '#REF!' : this.expr(tree, at, reads);
  }

  /**
   * A count or offset the file alone decides (an argument of OFFSET or TRIMRANGE), truncated as
   * Excel takes it: TRUE is 1, text only as decimal digits; undefined otherwise.
   */
  private foldWhole(ast: Ast, at: Place): number | undefined {
    const v = this.fold(ast, at);
    const n = typeof v === 'number' ? v : typeof v === 'string' ? decimalText(v) : typeof v === 'boolean' ? Number(v) : NaN;
    return Number.isFinite(n) ? Math.trunc(n) : undefined;
  }

  /** The value of an expression that depends on nothing but the file (see indirect()); undefined otherwise. */
  private fold(ast: Ast, at: Place): string | number | boolean | undefined {
    switch (ast.k) {
      case 'str':
      case 'num':
      case 'bool':
        return ast.v;
      case 'ref': {
        if (ast.book !== undefined || ast.sheet2 !== undefined || (ast.range && at.array)) return undefined;
        const a = this.area(ast, at);
        if (!a) return undefined;
        // A range where one value belongs is met by the formula's row or column (OFFSET(F7, E7:I7, 0) in G1008 reads G7).
        const [row, col] = !ast.range ? [a.r1, a.c1] : a.r1 === a.r2 ? [a.r1, at.col] : a.c1 === a.c2 ? [at.row, a.c1] : [-1, -1];
        if (row < a.r1 || row > a.r2 || col < a.c1 || col > a.c2) return undefined;
        const v = this.ctx.constant(a.sheet, row, col);
        return v === null ? '' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
      }
      case 'op': {
        const x = this.fold(ast.a, at);
        const y = this.fold(ast.b, at);
        if (x === undefined || y === undefined) return undefined;
        if (ast.op === '&') {
          const t = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));
          return t(x) + t(y);
        }
        if (typeof x !== 'number' || typeof y !== 'number') return undefined;
        const n = ast.op === '+' ? x + y : ast.op === '-' ? x - y : ast.op === '*' ? x * y : ast.op === '/' && y !== 0 ? x / y : undefined;
        return n;
      }
      case 'call': {
        const args = ast.args.map((x) => (x === null ? undefined : this.fold(x, at)));
        if ((ast.name === 'ROW' || ast.name === 'COLUMN') && ast.args.length === 0) return ast.name === 'ROW' ? at.row + 1 : at.col + 1;
        if (ast.name === 'ADDRESS' && args.length >= 2 && ast.args.every((x, i) => (x === null ? i > 1 : args[i] !== undefined))) {
          const [row, col, abs = 1, a1 = true, sheet] = args as (string | number | boolean | undefined)[];
          if (typeof row !== 'number' || typeof col !== 'number' || typeof abs !== 'number' || !(a1 === true || a1 === 1)) return undefined;
          const r = Math.trunc(row);
          const c = Math.trunc(col);
          if (r < 1 || c < 1 || r > MAX_ROWS || c > MAX_COLS) return undefined;
          const cell = `${abs === 1 || abs === 3 ? '$' : ''}${columnLetter(c - 1)}${abs === 1 || abs === 2 ? '$' : ''}${r}`;
          return sheet === undefined ? cell : `${quoteSheet(String(sheet))}!${cell}`;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** The sum range of SUMIF/AVERAGEIF made the size of its criteria range, when they differ. */
  /**
   * The range arguments of a call cut to the workbook's used rows and columns (see CUT_EACH), by
   * argument; undefined when nothing is cut. A range cut keeps at least its first row and column.
   */
  private cutRanges(ast: Extract<Ast, { k: 'call' }>, at: Place): { areas: Map<number, Area>; beyond: number } | undefined {
    const name = ast.name;
    const { rows, cols } = this.ctx.extent;
    const whole = (x: Area) => (x.r1 === 0 && x.r2 === MAX_ROWS - 1) || (x.c1 === 0 && x.c2 === MAX_COLS - 1);
    // Counting functions count empty cells (COUNTIF's "<>3", COUNTBLANK), and HyperFormula sizes a
    // whole column by the sheet: their whole columns are cut too, the empty rest counted apart.
    const counting = name === 'COUNTIF' || name === 'COUNTIFS' || name === 'COUNTBLANK';
    /** The one area of argument i, when it is a plain reference (a whole column stays whole elsewhere: HyperFormula sizes A:A by the sheet). */
    const one = (i: number): Area | undefined => {
      const a = ast.args[i];
      if (!a || !(a.k === 'ref' || a.k === 'name' || (a.k === 'op' && a.op === ':'))) return undefined;
      if (a.k === 'ref' && a.book !== undefined) return undefined;
      const list = this.areasOrNull(a, at);
      const x = list && list !== 'null' && list.length === 1 ? list[0] : undefined;
      return x && (counting || !whole(x)) ? x : undefined;
    };
    const out = new Map<number, Area>();
    const cut = (i: number, x: Area, r2: number, c2: number) => {
      const y = { ...x, r2: Math.max(x.r1, Math.min(x.r2, r2)), c2: Math.max(x.c1, Math.min(x.c2, c2)) };
      if (y.r2 !== x.r2 || y.c2 !== x.c2) out.set(i, y);
    };
    const exact = (a: Ast | null | undefined) => !!a && ((a.k === 'bool' && !a.v) || (a.k === 'num' && a.v === 0));
    if (CUT_EACH.has(name)) {
      ast.args.forEach((_, i) => {
        const x = one(i);
        if (x) cut(i, x, rows - 1, cols - 1);
      });
    } else if (CUT_TOGETHER.has(name) || name === 'COUNTBLANK') {
      const ranges: [number, Area][] = [];
      for (let i = 0; i < ast.args.length; i++) {
        if (isCriterion(name, i)) continue;
        const x = one(i);
        if (!x) return undefined; // a range this cannot see, or a whole column: the call stays as it is
        ranges.push([i, x]);
      }
      const first = ranges[0]?.[1];
      if (!first) return undefined;
      const h = first.r2 - first.r1;
      const w = first.c2 - first.c1;
      // SUMIF and AVERAGEIF size their sum range by the criteria range; the others need equal sizes.
      const shapers = name === 'SUMIF' || name === 'AVERAGEIF' ? ranges.slice(0, 1) : ranges;
      if (shapers.some(([, x]) => x.r2 - x.r1 !== h || x.c2 - x.c1 !== w)) return undefined;
      // As many rows (columns) as the range reaching furthest into the used ones needs, all alike.
      const nh = Math.max(0, Math.min(h, Math.max(...ranges.map(([, x]) => rows - 1 - x.r1))));
      const nw = Math.max(0, Math.min(w, Math.max(...ranges.map(([, x]) => cols - 1 - x.c1))));
      if (nh === h && nw === w) return undefined;
      for (const [i, x] of ranges) out.set(i, { ...x, r2: x.r1 + nh, c2: x.c1 + nw });
      // What was cut off is empty in every range: counted apart unless no empty cell meets the criteria.
      const beyond = (h + 1) * (w + 1) - (nh + 1) * (nw + 1);
      const skips = name !== 'COUNTBLANK' && ast.args.every((a, i) => !isCriterion(name, i) || criterionSkipsEmpty(a));
      return { areas: out, beyond: counting && !skips ? beyond : 0 };
    } else if (name === 'VLOOKUP' && exact(ast.args[3])) {
      // An exact lookup finds its value among the used rows or nowhere; its column index must stay.
      const x = one(1);
      if (x) cut(1, x, rows - 1, x.c2);
    } else if (name === 'HLOOKUP' && exact(ast.args[3])) {
      const x = one(1);
      if (x) cut(1, x, x.r2, cols - 1);
    } else if (name === 'MATCH' && ast.args[2]?.k === 'num' && ast.args[2].v === 0) {
      const x = one(1);
      if (x) cut(1, x, rows - 1, cols - 1);
    }
    return out.size ? { areas: out, beyond: 0 } : undefined;
  }

  /** A cell no sheet uses (past the workbook's used rows, else its used columns), as HyperFormula text. */
  private emptyCell(at: Place): string {
    const { rows, cols } = this.ctx.extent;
    const row = rows < MAX_ROWS ? rows : 0;
    const col = rows < MAX_ROWS ? 0 : Math.min(cols, MAX_COLS - 1);
    return this.areaText({ sheet: at.sheet, r1: row, r2: row, c1: col, c2: col }, at);
  }

  /** The area of a cell written by emptyCell. */
  private areaOf(text: string, at: Place): Area {
    const m = /([A-Z]+)(\d+)$/.exec(text)!;
    const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const row = Number(m[2]) - 1;
    return { sheet: at.sheet, r1: row, r2: row, c1: col, c2: col };
  }

  private resized(sum: Ast, range: Ast | null, at: Place): Area | undefined {
    if (!range) return undefined;
    const a = this.areasOrNull(range, at);
    const b = this.areasOrNull(sum, at);
    const x = a && a !== 'null' && a.length === 1 ? a[0] : undefined;
    const y = b && b !== 'null' && b.length === 1 ? b[0] : undefined;
    if (!x || !y) return undefined;
    const h = x.r2 - x.r1;
    const w = x.c2 - x.c1;
    if (y.r2 - y.r1 === h && y.c2 - y.c1 === w) return undefined;
    if (y.r1 + h >= MAX_ROWS || y.c1 + w >= MAX_COLS) return undefined;
    return { sheet: y.sheet, r1: y.r1, c1: y.c1, r2: y.r1 + h, c2: y.c1 + w };
  }

  /**
   * A call to a function the engine does not have: Excel's own (a cube function…), an add-in's
   * (`_xll.`), or a macro's keep the cell's value; any other name is no function Excel knows and
   * answers #NAME?, as Excel does without an add-in that defines it (a name that is a cell, D6(),
   * answers #REF!, as Excel does).
   */
  private unknownCall(name: string): [AssumedReason, string, () => string] {
    if (EXCEL_BUILT_INS.has(name) || name.startsWith('_XLL.') || this.ctx.macros) throw new Uncomputable('function', name);
    if (CELL_NAME.test(name)) return ['call', `a cell called as a function: ${name}`, () => '#REF!'];
    return ['name', `a function Excel does not have: ${name}`, () => '#NAME?'];
  }

  /** What CELL and AREAS (excel-cell-info.ts) need of this translation at a place. */
  private infoTools(at: Place, reads: Area[]): InfoTools {
    return {
      sheet: at.sheet,
      row: at.row,
      col: at.col,
      array: at.array,
      areas: (a) => this.areasOrNull(a, at),
      fold: (a) => this.fold(a, at),
      cell: (area) => {
        reads.push(area);
        return this.areaText(area, at);
      },
      isFormula: (sheet, row, col) => this.ctx.formula(sheet, row, col) !== undefined,
      assume: (reason, detail, answer) => this.assume(reason, detail, answer),
      keep: (reason, detail) => {
        throw new Uncomputable(reason, detail);
      },
      layout: this.ctx.layout,
      str,
    };
  }

  /**
   * CUBEMEMBER or CUBEVALUE over the workbook's own data model (excel-cube.ts), answered from the
   * file's cells as a constant; what is not certain there keeps the cell's value.
   */
  private cube(ast: Extract<Ast, { k: 'call' }>, at: Place, model: DataModel): string {
    const place = (sheet: number, row: number, col: number): Place => ({ sheet, row, col, wrap: false, depth: 0, array: false });
    this.cubes ??= new CubeFunctions({
      model,
      constant: this.ctx.constant,
      cell: (arg, sheet, row, col) => {
        const list = arg.k === 'ref' || arg.k === 'name' ? this.areasOrNull(arg, place(sheet, row, col)) : undefined;
        const a = list && list !== 'null' && list.length === 1 ? list[0] : undefined;
        return a && a.r1 === a.r2 && a.c1 === a.c2 ? { sheet: a.sheet, row: a.r1, col: a.c1 } : undefined;
      },
      formula: (sheet, row, col) => {
        const text = this.ctx.formula(sheet, row, col);
        if (text === undefined) return undefined;
        try {
          return parseKey(formulaKey(text.replace(/^=/, ''), row, col));
        } catch (e) {
          if (e instanceof FormulaSyntaxError) return { k: 'err', v: '#N/A' };
          throw e;
        }
      },
    });
    const answer = this.cubes.call(ast.name, ast.args, at);
    if ('keep' in answer) throw new Uncomputable('function', `${ast.name}: ${answer.keep}`);
    if ('error' in answer) return answer.error;
    return typeof answer.value === 'number' ? num(answer.value) : str(answer.value);
  }

  /**
   * The workbook's language (Book.language) when it writes numbers with a decimal comma, and so
   * separates a function's arguments with semicolons (sv-SE, de-DE, fr-FR…); undefined otherwise.
   */
  private listSeparatorLanguage(): string | undefined {
    const language = this.ctx.language();
    if (!language) return undefined;
    try {
      const decimal = new Intl.NumberFormat(language).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
      return decimal === ',' ? language : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * FORMULATEXT(reference): the formula of the reference's first cell as Excel shows it (en-US, or
   * with semicolons and decimal commas), #N/A for a cell without one.
   */
  private formulaText(ast: Extract<Ast, { k: 'call' }>, at: Place, semicolons = false): string {
    const a = ast.args[0];
    if (ast.args.length !== 1 || !a) return '#N/A';
    const list = this.areasOrNull(a, at);
    if (list === 'null') return 'EXCEL.NULL()';
    if (!list) throw new Uncomputable('reference', 'FORMULATEXT of something else than a reference');
    const x = list[0];
    if (!x) return '#REF!';
    const text = this.ctx.formula(x.sheet, x.r1, x.c1);
    if (text === undefined) return '#N/A';
    if (!semicolons) return str(text);
    const local = withSemicolons(text);
    if (local === undefined) throw new Uncomputable('function', 'FORMULATEXT of a formula with an array constant, written with the separators of another language');
    return str(local);
  }
}

/** Functions answering an array: an ordinary formula shows its first value (Excel's implicit intersection, `=@TAKE(…)`), where HyperFormula would spill it (or answer #SPILL!). */
const ARRAY_RESULTS = new Set('MAP BYROW BYCOL SCAN MAKEARRAY REDUCE MODE.MULT GROUPBY FREQUENCY LINEST LOGEST TREND GROWTH TAKE DROP TOCOL TOROW EXPAND WRAPROWS WRAPCOLS SORTBY MUNIT MINVERSE TEXTSPLIT VALUETOTEXT VSTACK HSTACK CHOOSECOLS CHOOSEROWS SORT UNIQUE FILTER SEQUENCE'.split(' '));

/**
 * LET names and LAMBDA parameters are written out where they are used: a value used several times
 * over several levels would grow without end. Past this size the cell keeps its value.
 */
const MAX_BOUND_TEXT = 100_000;
function bounded(text: string): string {
  if (text.length > MAX_BOUND_TEXT) throw new Uncomputable('function', 'LET or LAMBDA whose written-out formula is too large for this engine');
  // Excel computes a name's value once: a random number written out twice would be two numbers.
  if (/\bRAND(BETWEEN|ARRAY)?\(/i.test(text)) throw new Uncomputable('function', 'LET or LAMBDA of a random number, which Excel computes once');
  return text;
}

/** Text as a number argument reads it: decimal digits only (JavaScript's Number would take " 0x10" for 16, where Excel answers #VALUE!). */
function decimalText(v: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
}

/** Functions whose array Excel reads with 0 for an empty cell, where HyperFormula's keep it empty (EXCEL.VALUES); FILTER does so itself (excel-arrays.ts). */
const VALUE_SOURCES = new Set(['SORT', 'SORTBY', 'UNIQUE']);

/** The trimming functions, with the rows and columns a trim reference trims (1 leading, 2 trailing, 3 both); TRIMRANGE's come from its arguments. */
const TRIMS: Record<string, { rows?: number; cols?: number }> = { TRIMRANGE: {}, _TRO_ALL: { rows: 3, cols: 3 }, _TRO_LEADING: { rows: 1, cols: 1 }, _TRO_TRAILING: { rows: 2, cols: 2 } };

/** A1-style cell name (D6, XFD1048576): called as a function, it is no name Excel could define. */
const CELL_NAME = /^[A-Z]{1,3}[1-9]\d{0,6}$/;

/** Functions answering a complex number as text, which Excel writes with 15 significant digits. */
const COMPLEX_RESULT = new Set('COMPLEX IMLN IMEXP IMSQRT IMSUM IMSUB IMPRODUCT IMDIV IMPOWER IMSIN IMCOS IMTAN IMSEC IMCSC IMCOT IMSINH IMCOSH IMSECH IMCSCH IMLOG10 IMLOG2 IMCONJUGATE'.split(' '));

/** An intersection of ranges that do not meet: #NULL! in Excel. */
class NullIntersection extends Error {}
