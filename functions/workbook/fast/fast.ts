import type { Engine, FunctionDecl, Lang, PolicyDoc } from '../../../shared/src/index.js';
import { findFunction } from '../../../shared/src/index.js';
import { decodeXml, fromBytes, parseRef, runText, unescapeText } from '../xlsx/cells.js';
import { CellError } from 'hyperformula';
import { UNSURE_MESSAGE } from '../excel/common/errors.js';
import { compareNumbers, excelRound } from '../excel/common/rounding.js';
import { datePart, eomonth, excelDate } from '../excel/common/dates.js';
import { excelText, textOptions } from '../excel/common/text-rendering.js';
import { foreignLetters, foreignSeparators, numberText } from '../excel/common/number-format/index.js';
import type { BookTable } from '../xlsx/book.js';
import type { Ast as FormulaAst, RefPart } from '../formula/parser.js';
import { FormulaSyntaxError, FormulaTrees, formulaKey, parseKey, someNode } from '../formula/parser.js';

/**
 * The fast path of recalculation. Payroll and scorecard workbooks are columns of the same few
 * formulas (POLICY calls, IF, ROUND, SUM, VLOOKUP…) filled down thousands of rows. Here each
 * distinct formula is parsed and compiled to a closure once, cells live in flat arrays, and every
 * formula is evaluated on demand in sheet order. Nothing is built per cell but its value.
 *
 * It covers a deliberately small part of Excel, where Excel's answer (and HyperFormula's, which the
 * tests compare it with) is certain. Anything outside it (an unknown function, text where a number
 * belongs, a circular or very deep chain, a spilled array, a sparse sheet…) throws NotCompiled, at
 * compile time or while evaluating, and the caller recalculates the whole workbook with HyperFormula.
 */

/**
 * What the fast path does not cover, found at compile time or while evaluating: the workbook goes
 * to HyperFormula instead. Refusing is always safe; guessing never is.
 */
export class NotCompiled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotCompiled';
  }
}

export class XlErr {
  private constructor(readonly code: string) {}
  private static readonly known = new Map<string, XlErr>();
  static of(code: string): XlErr {
    let e = XlErr.known.get(code);
    if (!e) XlErr.known.set(code, (e = new XlErr(code)));
    return e;
  }
}

const VALUE = XlErr.of('#VALUE!');
const DIV0 = XlErr.of('#DIV/0!');
const NUM = XlErr.of('#NUM!');
const NA = XlErr.of('#N/A');
const REF = XlErr.of('#REF!');

/** A cell's value; null is an empty cell. */
export type V = number | string | boolean | null | XlErr;

type Fn = (s: Sheet, row: number, col: number) => V;
type RangeFn = (s: Sheet, row: number, col: number) => Range | XlErr;

interface Range {
  s: Sheet;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** One worksheet: values and formulas in flat arrays, row-major, width × height. */
export class Sheet {
  vals: V[];
  /** 1 + the index of the cell's compiled formula; 0 for a constant or an empty cell. */
  fid: Int32Array;
  /** 0 not evaluated, 1 being evaluated, 2 done. */
  state: Uint8Array;
  constructor(
    readonly name: string,
    readonly w: number,
    readonly h: number,
  ) {
    this.vals = new Array<V>(w * h).fill(null);
    this.fid = new Int32Array(w * h);
    this.state = new Uint8Array(w * h);
  }
}

/** A formula cell found while scanning, for evaluation and for patching its element afterwards. */
export interface FormulaCell {
  row: number;
  col: number;
  /** The `<c …>…</c>` element's character range in the sheet XML. */
  start: number;
  end: number;
  /** The formula's text and the cell it is written for (a shared formula's master). */
  source: { text: string; row: number; col: number };
}

export interface ScannedSheet {
  name: string;
  xml: string;
  formulas: FormulaCell[];
  sheet: Sheet;
  /** Cells read (constants, formulas and empty styled cells). */
  cells: number;
}

/** The value of a `name="…"` attribute of a start tag's text, or undefined. */
function attr(tag: string, name: string): string | undefined {
  let p = tag.indexOf(name);
  while (p >= 0) {
    const before = tag.charCodeAt(p - 1);
    if ((before === 32 || before === 9 || before === 10 || before === 13) && tag.charCodeAt(p + name.length) === 61 && tag.charCodeAt(p + name.length + 1) === 34) {
      return tag.slice(p + name.length + 2, tag.indexOf('"', p + name.length + 2));
    }
    p = tag.indexOf(name, p + 1);
  }
  return undefined;
}

/** Largest sheet area the flat arrays take, relative to the cells in it (a sparse sheet goes to HyperFormula). */
const MAX_AREA = 50_000_000;

/**
 * Reads a worksheet's cells into a Sheet: constants as values, formulas as their text (shared
 * formulas resolved to their master's text and cell). One linear pass with indexOf; the only
 * objects made per cell are its value and, for a formula, its record (position and source).
 */
export function scanSheet(name: string, xml: string, sharedStrings: string[]): ScannedSheet {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: V[] = [];
  const formulas: FormulaCell[] = [];
  const masters = new Map<string, FormulaCell['source']>();
  const followers: { cell: FormulaCell; si: string }[] = [];
  const startData = xml.indexOf('<sheetData');
  const endData = startData < 0 ? -1 : xml.indexOf('</sheetData>', startData);
  let at = startData;
  let maxRow = -1;
  let maxCol = -1;
  let empties = 0;
  while (endData > 0) {
    const open = xml.indexOf('<c', at);
    if (open < 0 || open >= endData) break;
    const next = xml.charCodeAt(open + 2);
    if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
      at = open + 2;
      continue;
    }
    const tagEnd = xml.indexOf('>', open);
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    const end = selfClosing ? tagEnd + 1 : xml.indexOf('</c>', tagEnd) + 4;
    at = end;
    const tag = xml.slice(open + 2, tagEnd);
    const r = attr(tag, 'r');
    if (r === undefined) throw new NotCompiled('a cell without a reference');
    const { row, col } = parseRef(r);
    if (row > maxRow) maxRow = row;
    if (col > maxCol) maxCol = col;
    if (selfClosing) {
      empties++; // an empty, styled cell
      continue;
    }
    const t = attr(tag, 't');
    const inner = xml.slice(tagEnd + 1, end - 4);
    const f = inner.indexOf('<f');
    if (f >= 0) {
      const fTagEnd = inner.indexOf('>', f);
      const fSelf = inner.charCodeAt(fTagEnd - 1) === 47;
      const fTag = inner.slice(f + 2, fTagEnd);
      const ft = attr(fTag, 't');
      const text = fSelf ? '' : decodeXml(fromBytes(inner.slice(fTagEnd + 1, inner.indexOf('</f>', fTagEnd))));
      if (ft === 'array') {
        const ref = attr(fTag, 'ref');
        if (ref !== undefined && ref.includes(':') && ref.split(':')[0] !== ref.split(':')[1]) throw new NotCompiled('an array formula that spills');
      } else if (ft !== undefined && ft !== 'normal' && ft !== 'shared') throw new NotCompiled(`a ${ft} formula`);
      if (text || ft === 'shared') {
        const cell: FormulaCell = { row, col, start: open, end, source: { text, row, col } };
        formulas.push(cell);
        if (ft === 'shared') {
          const si = attr(fTag, 'si') ?? '';
          if (text) masters.set(si, cell.source);
          else followers.push({ cell, si });
        }
        continue;
      }
    }
    const v = inner.indexOf('<v>');
    const raw = v >= 0 ? inner.slice(v + 3, inner.indexOf('</v>', v)) : undefined;
    let value: V;
    if (t === 'inlineStr') {
      const is = inner.indexOf('<is>');
      const body = is >= 0 ? inner.slice(is + 4, inner.indexOf('</is>', is)) : '';
      value = runText(body, fromBytes);
    } else if (raw === undefined) value = null;
    else if (t === 's') value = sharedStrings[Number(raw)] ?? '';
    else if (t === 'str') value = unescapeText(decodeXml(fromBytes(raw)));
    else if (t === 'b') value = raw === '1';
    else if (t === 'e') value = XlErr.of(decodeXml(raw));
    else if (t === undefined || t === 'n') {
      value = Number(raw);
      if (!Number.isFinite(value) || raw.trim() === '') throw new NotCompiled(`a number the fast path does not read: ${raw}`);
    } else throw new NotCompiled(`a cell of type ${t}`);
    rows.push(row);
    cols.push(col);
    values.push(value);
  }
  for (const { cell, si } of followers) {
    const m = masters.get(si);
    if (!m) throw new NotCompiled('a shared formula without its master');
    cell.source = m;
  }
  const filled = rows.length + formulas.length;
  const w = maxCol + 1;
  const h = maxRow + 1;
  if (w * h > MAX_AREA || w * h > 16 * filled + 1_000_000) throw new NotCompiled('a sparse sheet');
  const sheet = new Sheet(name, w, h);
  for (let i = 0; i < rows.length; i++) sheet.vals[rows[i]! * w + cols[i]!] = values[i]!;
  return { name, xml, formulas, sheet, cells: filled + empties };
}

interface Context {
  engine: Engine;
  policy: PolicyDoc;
  lang: Lang;
}

/** The part of the formula language the fast path compiles: plain references, calls with every argument. */
type Ast =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  /** guard: where a formula using the reference must be (a structured reference's table rows); elsewhere NotCompiled. */
  | { k: 'ref'; sheet?: string; r1: RefPart; c1: RefPart; r2: RefPart; c2: RefPart; range: boolean; guard?: { sheet: number; rows: [number, number]; cols: [number, number] } }
  | { k: 'neg'; a: Ast }
  | { k: 'pct'; a: Ast }
  | { k: 'op'; op: string; a: Ast; b: Ast }
  | { k: 'call'; name: string; args: Ast[] };

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

interface Where {
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
function tableRef(a: Extract<FormulaAst, { k: 'table' }>, at: Where): Ast {
  const names = at.names;
  if (!names || a.book !== undefined) throw new NotCompiled('a structured reference');
  const want = a.table.toUpperCase();
  const t = want
    ? names.tables.find((x) => x.name.toUpperCase() === want)
    : names.tables.find((x) => x.sheet === at.sheet && at.row >= x.top && at.row <= x.bottom && at.col >= x.left && at.col <= x.right);
  if (!t) throw new NotCompiled('a structured reference to no table');
  const dataTop = t.top + t.headerRows;
  const dataBottom = t.bottom - t.totalsRows;
  const sections = new Set(a.sections);
  let rows: [number, number] = [dataTop, dataBottom];
  if (sections.has('all')) rows = [t.top, t.bottom];
  else if (sections.has('headers') || sections.has('totals')) throw new NotCompiled('a table section other than its data');
  let left = t.left;
  let right = t.right;
  if (a.columns.length) {
    const cols = a.columns.map((name) => t.columns.findIndex((c) => c.toUpperCase() === name.toUpperCase()));
    if (cols.some((c) => c < 0)) throw new NotCompiled('a structured reference to no column');
    left = t.left + Math.min(...cols);
    right = t.left + Math.max(...cols);
  }
  const sheet = names.sheets[t.sheet]!;
  const col = (n: number): RefPart => ({ n, abs: true });
  const guard = { sheet: at.sheet, rows: [0, 1_048_575] as [number, number], cols: [0, 16_383] as [number, number] };
  if (!want) {
    guard.rows = [t.top, t.bottom];
    guard.cols = [t.left, t.right];
  }
  if (sections.has('this row')) {
    guard.rows = [Math.max(guard.rows[0], dataTop), Math.min(guard.rows[1], dataBottom)];
    const here: RefPart = { n: 0, abs: false };
    return { k: 'ref', sheet, r1: here, c1: col(left), r2: here, c2: col(right), range: left !== right, guard };
  }
  return { k: 'ref', sheet, r1: { n: rows[0], abs: true }, c1: col(left), r2: { n: rows[1], abs: true }, c2: col(right), range: rows[0] !== rows[1] || left !== right, guard };
}

/** Whether a tree has a relative reference (a defined name with one depends on where it is used, with wrap-around). */
const hasRelative = (a: FormulaAst) => someNode(a, (n) => n.k === 'ref' && [n.r1, n.c1, n.r2, n.c2].some((p) => p !== null && !p.abs));

/** Whether a tree names a table or a defined name (its compiled form then depends on the sheet). */
const namesSomething = (a: FormulaAst) => someNode(a, (n) => n.k === 'table' || n.k === 'name');

/** A formula's tree narrowed to what the fast path compiles; anything else is NotCompiled. */
function narrow(a: FormulaAst, at: Where): Ast {
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
      throw new NotCompiled(`a ${a.k === 'err' ? 'error literal' : a.k === 'array' ? 'array constant' : 'spill or intersection'}`);
  }
}

/**
 * A range of one cell (A1:A1) is read by HyperFormula as the cell itself, not as a range; where
 * Excel would differ (a lookup table, AND over text) the fast path leaves the workbook to it.
 */
function oneCell(ast: Ast): boolean {
  return ast.k === 'ref' && ast.r1.abs === ast.r2.abs && ast.r1.n === ast.r2.n && ast.c1.abs === ast.c2.abs && ast.c1.n === ast.c2.n;
}

/** Formula cells evaluated inside one another before the chain is handed to HyperFormula. */
const MAX_DEPTH = 2000;

/** Compiles and evaluates the formulas of a workbook's sheets. */
export class FastBook {
  private readonly compiled: Fn[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byName = new Map<string, Sheet>();
  private depth = 0;
  private readonly lookups = new Map<string, Lookup>();

  private readonly sheetIndex = new Map<Sheet, number>();

  constructor(
    readonly sheets: ScannedSheet[],
    private readonly ctx: Context,
    names?: FastNames,
  ) {
    for (const s of sheets) this.byName.set(s.name.toUpperCase(), s.sheet);
    sheets.forEach((s, i) => this.sheetIndex.set(s.sheet, i));
    const trees = new FormulaTrees();
    sheets.forEach((s, si) => {
      for (const f of s.formulas) {
        const { text, row, col } = f.source;
        const tree = trees.at(text, row, col);
        const { ast } = tree;
        // A formula naming a table or a defined name compiles per sheet (names and tables resolve by sheet).
        const key = !(ast instanceof FormulaSyntaxError) && namesSomething(ast) ? `${si}\u0000${tree.key}` : tree.key;
        let id = this.byKey.get(key);
        if (id === undefined) {
          if (ast instanceof FormulaSyntaxError) throw new NotCompiled(`a formula the fast path does not read: ${ast.message}`);
          id = this.compiled.length;
          this.compiled.push(this.value(narrow(ast, { sheet: si, row: f.row, col: f.col, names, depth: 0 })));
          this.byKey.set(key, id);
        }
        s.sheet.fid[f.row * s.sheet.w + f.col] = id + 1;
      }
    });
  }

  /** A structured reference's guard: the formula's cell must be where the reference was resolved for. */
  private guarded(guard: Extract<Ast, { k: 'ref' }>['guard']): ((s: Sheet, row: number, col: number) => void) | undefined {
    if (!guard) return undefined;
    return (s, row, col) => {
      if (this.sheetIndex.get(s) !== guard.sheet || row < guard.rows[0] || row > guard.rows[1] || col < guard.cols[0] || col > guard.cols[1]) throw new NotCompiled('a structured reference outside its table');
    };
  }

  /** Distinct compiled formulas (a filled-down column is one). */
  get distinct(): number {
    return this.compiled.length;
  }

  /** Evaluates every formula cell; answers their values in the order of each sheet's formulas. */
  run(): V[][] {
    return this.sheets.map((s) => s.formulas.map((f) => this.get(s.sheet, f.row, f.col)));
  }

  get(s: Sheet, row: number, col: number): V {
    if (row >= s.h || col >= s.w) return null;
    const i = row * s.w + col;
    const f = s.fid[i]!;
    if (f === 0) return s.vals[i]!;
    const st = s.state[i]!;
    if (st === 2) return s.vals[i]!;
    if (st === 1) throw new NotCompiled('a circular reference');
    if (this.depth >= MAX_DEPTH) throw new NotCompiled('a chain of formulas too deep to follow here');
    this.depth++;
    s.state[i] = 1;
    let v = this.compiled[f - 1]!(s, row, col);
    if (v === null) v = 0; // a formula that points at an empty cell shows 0
    else if (typeof v === 'number' && !Number.isFinite(v)) v = NUM;
    s.vals[i] = v;
    s.state[i] = 2;
    this.depth--;
    return v;
  }

  private sheetOf(name: string | undefined): Sheet | undefined {
    if (name === undefined) return undefined;
    const s = this.byName.get(name.toUpperCase());
    if (!s) throw new NotCompiled(`a reference to a sheet that is not there: ${name}`);
    return s;
  }

  /** A reference as a range (for functions that take ranges); undefined when the node is not a reference. */
  private range(ast: Ast): RangeFn | undefined {
    if (ast.k !== 'ref') return undefined;
    const fixed = this.sheetOf(ast.sheet);
    const { r1, c1, r2, c2 } = ast;
    const check = this.guarded(ast.guard);
    return (s, row, col) => {
      check?.(s, row, col);
      const a = r1.abs ? r1.n : row + r1.n;
      const b = r2.abs ? r2.n : row + r2.n;
      const c = c1.abs ? c1.n : col + c1.n;
      const d = c2.abs ? c2.n : col + c2.n;
      // Excel stores ranges top-left first; HyperFormula misreads a reversed one (E1:C2), so it is left alone.
      if (a > b || c > d) throw new NotCompiled('a range written bottom-right first');
      if (a < 0 || c < 0 || b > 1_048_575 || d > 16_383) return REF;
      return { s: fixed ?? s, r1: a, c1: c, r2: b, c2: d };
    };
  }

  /** A node as a value. */
  value(ast: Ast): Fn {
    switch (ast.k) {
      case 'num':
      case 'str':
      case 'bool': {
        const v = ast.v;
        return () => v;
      }
      case 'ref': {
        if (ast.range) throw new NotCompiled('a range where a single value belongs');
        const fixed = this.sheetOf(ast.sheet);
        const { r1, c1 } = ast;
        const check = this.guarded(ast.guard);
        return (s, row, col) => {
          check?.(s, row, col);
          const r = r1.abs ? r1.n : row + r1.n;
          const c = c1.abs ? c1.n : col + c1.n;
          if (r < 0 || c < 0 || r > 1_048_575 || c > 16_383) return REF;
          return this.get(fixed ?? s, r, c);
        };
      }
      case 'neg': {
        const a = this.value(ast.a);
        return (s, r, c) => {
          const x = num(a(s, r, c));
          return typeof x === 'number' ? -x : x;
        };
      }
      case 'pct': {
        const a = this.value(ast.a);
        return (s, r, c) => {
          const x = num(a(s, r, c));
          return typeof x === 'number' ? x / 100 : x;
        };
      }
      case 'op':
        return this.operator(ast.op, this.value(ast.a), this.value(ast.b));
      case 'call':
        return this.call(ast.name, ast.args);
    }
  }

  private operator(op: string, a: Fn, b: Fn): Fn {
    const arith = (f: (x: number, y: number) => V): Fn => (s, r, c) => {
      const x = num(a(s, r, c));
      if (typeof x !== 'number') return x;
      const y = num(b(s, r, c));
      if (typeof y !== 'number') return y;
      return f(x, y);
    };
    switch (op) {
      case '+':
        return arith((x, y) => x + y);
      case '-':
        return arith((x, y) => x - y);
      case '*':
        return arith((x, y) => x * y);
      case '/':
        return arith((x, y) => (y === 0 ? DIV0 : x / y));
      case '^':
        return arith((x, y) => {
          if (x === 0 && y === 0) throw new NotCompiled('0^0');
          const v = Math.pow(x, y);
          return Number.isFinite(v) ? v : NUM;
        });
      case '&':
        return (s, r, c) => {
          const x = a(s, r, c);
          if (x instanceof XlErr) return x;
          const y = b(s, r, c);
          if (y instanceof XlErr) return y;
          return text(x) + text(y);
        };
      default: {
        const test = COMPARE[op]!;
        return (s, r, c) => {
          const x = a(s, r, c);
          if (x instanceof XlErr) return x;
          const y = b(s, r, c);
          if (y instanceof XlErr) return y;
          return test(compare(x, y));
        };
      }
    }
  }

  private call(name: string, args: Ast[]): Fn {
    if (name.startsWith('POLICY.')) return this.policyCall(name, args);
    const arity = (min: number, max: number) => {
      if (args.length < min || args.length > max) throw new NotCompiled(`${name} with ${args.length} arguments`);
    };
    switch (name) {
      case 'IF': {
        arity(2, 3);
        const [cond, yes, no] = [this.value(args[0]!), this.value(args[1]!), args[2] ? this.value(args[2]) : () => false];
        return (s, r, c) => {
          const b = bool(cond(s, r, c));
          if (b instanceof XlErr) return b;
          return b ? yes(s, r, c) : no(s, r, c);
        };
      }
      case 'IFERROR': {
        arity(2, 2);
        const [a, b] = [this.value(args[0]!), this.value(args[1]!)];
        return (s, r, c) => {
          const v = a(s, r, c);
          return v instanceof XlErr ? b(s, r, c) : v;
        };
      }
      case 'NOT': {
        arity(1, 1);
        const a = this.value(args[0]!);
        return (s, r, c) => {
          const b = bool(a(s, r, c));
          return b instanceof XlErr ? b : !b;
        };
      }
      case 'AND':
      case 'OR':
        arity(1, 255);
        return this.logical(name, args);
      case 'ABS':
      case 'INT': {
        arity(1, 1);
        const a = this.value(args[0]!);
        const f = name === 'ABS' ? Math.abs : Math.floor;
        return (s, r, c) => {
          const x = num(a(s, r, c));
          return typeof x === 'number' ? f(x) : x;
        };
      }
      case 'ROUND': {
        arity(1, 2);
        const a = this.value(args[0]!);
        const d = args[1] ? this.value(args[1]) : () => 0;
        return (s, r, c) => {
          const x = num(a(s, r, c));
          if (typeof x !== 'number') return x;
          const y = num(d(s, r, c));
          if (typeof y !== 'number') return y;
          return excelRound(x, y);
        };
      }
      case 'SUM':
      case 'MIN':
      case 'MAX':
      case 'AVERAGE':
      case 'COUNT':
        arity(1, 255);
        return this.aggregate(name, args);
      case 'VLOOKUP':
        arity(3, 4);
        return this.vlookup(args);
      case 'TRUE':
      case 'FALSE': {
        arity(0, 0);
        const v = name === 'TRUE';
        return () => v;
      }
      case 'COUNTA':
        arity(1, 255);
        return this.counta(args);
      case 'LEN':
      case 'LEFT':
      case 'RIGHT':
      case 'MID':
      case 'CONCATENATE':
      case 'TEXT':
        return this.textFunction(name, args);
      case 'ROW': {
        arity(0, 1);
        const a = args[0];
        if (!a) return (_s, r) => r + 1;
        if (a.k !== 'ref' || a.range) throw new NotCompiled('ROW of something else than one cell');
        const r1 = a.r1;
        return (_s, r) => (r1.abs ? r1.n : r + r1.n) + 1;
      }
      case 'DATE':
      case 'YEAR':
      case 'MONTH':
      case 'DAY':
      case 'EOMONTH':
        return this.dateFunction(name, args);
      case 'INDEX':
        arity(2, 3);
        return this.index(args);
      case 'MATCH':
        arity(2, 3);
        return this.match(args);
      case 'SUMIF':
      case 'COUNTIF':
      case 'SUMIFS':
      case 'COUNTIFS':
        return this.conditional(name, args);
      default:
        throw new NotCompiled(`the function ${name}`);
    }
  }

  /** Scalar arguments (a range there is Excel's implicit intersection, left to HyperFormula). */
  private scalars(args: Ast[]): Fn[] {
    return args.map((a) => {
      if (a.k === 'ref' && a.range) throw new NotCompiled('a range where one value belongs');
      return this.value(a);
    });
  }

  /** COUNTA: every value that is not an empty cell (text "", errors and booleans included). */
  private counta(args: Ast[]): Fn {
    const parts = args.map((a) => {
      const range = this.range(a);
      // Whether a function's empty answer (IFERROR(C2,…) of an empty C2) counts is not certain here: the engine decides.
      if (!range && a.k === 'call') throw new NotCompiled('COUNTA of a function’s answer');
      return range ? { range } : { value: this.value(a) };
    });
    return (s, r, c) => {
      let n = 0;
      for (const p of parts) {
        if (p.range) {
          const range = p.range(s, r, c);
          if (range instanceof XlErr) return range;
          const r2 = Math.min(range.r2, range.s.h - 1);
          const c2 = Math.min(range.c2, range.s.w - 1);
          for (let row = range.r1; row <= r2; row++) for (let col = range.c1; col <= c2; col++) if (this.get(range.s, row, col) !== null) n++;
        } else if (p.value(s, r, c) !== null) n++;
      }
      return n;
    };
  }

  /** LEN, LEFT, RIGHT, MID, CONCATENATE and TEXT of single values. */
  private textFunction(name: string, args: Ast[]): Fn {
    const [min, max] = ({ LEN: [1, 1], LEFT: [1, 2], RIGHT: [1, 2], MID: [3, 3], CONCATENATE: [1, 255], TEXT: [2, 2] } as Record<string, [number, number]>)[name]!;
    if (args.length < min || args.length > max) throw new NotCompiled(`${name} with ${args.length} arguments`);
    const fs = this.scalars(args);
    return (s, r, c) => {
      const vs: V[] = [];
      for (const f of fs) {
        const v = f(s, r, c);
        if (v instanceof XlErr) return v;
        vs.push(v);
      }
      if (name === 'CONCATENATE') return vs.map(text).join('');
      if (name === 'TEXT') {
        const fmt = text(vs[1]!);
        if (foreignSeparators(fmt) || foreignLetters(fmt)) throw new NotCompiled('a number format written in another language');
        const out = excelText(vs[0], fmt, FAST_TEXT);
        if (out instanceof CellError) {
          if ((out.message ?? '').startsWith(UNSURE_MESSAGE)) throw new NotCompiled('a number format whose answer is not certain here');
          return VALUE;
        }
        return out;
      }
      const str = text(vs[0]!);
      if (name === 'LEN') return str.length;
      const n = (i: number, dflt: number): number | XlErr => {
        if (vs[i] === undefined) return dflt;
        const x = num(vs[i]!);
        return typeof x === 'number' ? Math.trunc(x) : x;
      };
      if (name === 'MID') {
        const start = n(1, 1);
        const len = n(2, 0);
        if (start instanceof XlErr) return start;
        if (len instanceof XlErr) return len;
        if (start < 1 || len < 0) return VALUE;
        return str.slice(start - 1, start - 1 + len);
      }
      const k = n(1, 1);
      if (k instanceof XlErr) return k;
      if (k < 0) return VALUE;
      return name === 'LEFT' ? str.slice(0, k) : k === 0 ? '' : str.slice(-k);
    };
  }

  /** DATE, YEAR, MONTH, DAY and EOMONTH on 1900-system serials, as excel-functions.ts computes them for HyperFormula. */
  private dateFunction(name: string, args: Ast[]): Fn {
    const want = name === 'DATE' ? 3 : name === 'EOMONTH' ? 2 : 1;
    if (args.length !== want) throw new NotCompiled(`${name} with ${args.length} arguments`);
    const fs = this.scalars(args);
    return (s, r, c) => {
      const xs: number[] = [];
      for (const f of fs) {
        const v = f(s, r, c);
        if (typeof v === 'string') throw new NotCompiled(`text read as a date by ${name}`);
        const x = num(v);
        if (x instanceof XlErr) return x;
        xs.push(x);
      }
      const out = name === 'DATE' ? excelDate(xs[0]!, xs[1]!, xs[2]!) : name === 'EOMONTH' ? eomonth(xs[0]!, xs[1]!) : datePart(xs[0]!, name as 'YEAR' | 'MONTH' | 'DAY');
      return out instanceof CellError ? NUM : out;
    };
  }

  /** INDEX(range, row[, column]) of one cell. */
  private index(args: Ast[]): Fn {
    const table = args[0]!.k === 'ref' ? this.range(args[0]!) : undefined;
    if (!table) throw new NotCompiled('INDEX of something else than a range');
    const [rowF, colF] = this.scalars(args.slice(1));
    return (s, r, c) => {
      const t = table(s, r, c);
      if (t instanceof XlErr) return t;
      const a = num(rowF!(s, r, c));
      if (a instanceof XlErr) return a;
      const b = colF ? num(colF(s, r, c)) : undefined;
      if (b instanceof XlErr) return b;
      const h = t.r2 - t.r1 + 1;
      const w = t.c2 - t.c1 + 1;
      let row = Math.trunc(a);
      let col = b === undefined ? 1 : Math.trunc(b);
      if (b === undefined && h === 1 && w > 1) [row, col] = [1, row];
      else if (b === undefined && w > 1) throw new NotCompiled('INDEX of a table without a column');
      if (row === 0 || col === 0) throw new NotCompiled('INDEX of a whole row or column');
      if (row < 0 || col < 0) return VALUE;
      if (row > h || col > w) return REF;
      return this.get(t.s, t.r1 + row - 1, t.c1 + col - 1);
    };
  }

  /** MATCH(key, range, 0) exact, or 1 (the default) over ascending numbers. */
  private match(args: Ast[]): Fn {
    const key = this.value(args[0]!);
    const list = args[1]!.k === 'ref' ? this.range(args[1]!) : undefined;
    if (!list) throw new NotCompiled('MATCH in something else than a range');
    const type = args[2] ? this.value(args[2]) : () => 1;
    return (s, r, c) => {
      const k = key(s, r, c);
      if (k instanceof XlErr) return k;
      const t = list(s, r, c);
      if (t instanceof XlErr) return t;
      const m = num(type(s, r, c));
      if (m instanceof XlErr) return m;
      if (t.r1 !== t.r2 && t.c1 !== t.c2) return NA;
      if (m < 0) throw new NotCompiled('MATCH of descending values');
      if (k === null) throw new NotCompiled('MATCH of an empty cell');
      const found = this.lookupOf(t).find(k, m > 0);
      return found < 0 ? NA : found + 1;
    };
  }

  /**
   * SUMIF, COUNTIF, SUMIFS and COUNTIFS over numbers, with a criterion that is a number, a
   * comparison with a number ("<=5") or a text to equal (no wildcards). Anything less certain
   * (a text cell that reads as a number, "<>" over text or gaps, wildcards…) is left to HyperFormula.
   */
  private conditional(name: string, args: Ast[]): Fn {
    const isSum = name.startsWith('SUM');
    const multi = name.endsWith('S');
    if (multi ? args.length < (isSum ? 3 : 2) || (args.length - (isSum ? 1 : 0)) % 2 !== 0 : args.length < 2 || args.length > (isSum ? 3 : 2)) throw new NotCompiled(`${name} with ${args.length} arguments`);
    const rangeOf = (a: Ast) => {
      const f = a.k === 'ref' ? this.range(a) : undefined;
      if (!f) throw new NotCompiled(`${name} over something else than a range`);
      return f;
    };
    const pairs: { range: RangeFn; crit: Fn }[] = [];
    let sumRange: RangeFn | undefined;
    if (multi) {
      const start = isSum ? 1 : 0;
      if (isSum) sumRange = rangeOf(args[0]!);
      for (let i = start; i < args.length; i += 2) pairs.push({ range: rangeOf(args[i]!), crit: this.scalars([args[i + 1]!])[0]! });
    } else {
      pairs.push({ range: rangeOf(args[0]!), crit: this.scalars([args[1]!])[0]! });
      if (isSum) sumRange = args[2] ? rangeOf(args[2]) : pairs[0]!.range;
    }
    return (s, r, c) => {
      const ranges: Range[] = [];
      const tests: ((v: V) => boolean)[] = [];
      for (const p of pairs) {
        const range = p.range(s, r, c);
        if (range instanceof XlErr) return range;
        const cv = p.crit(s, r, c);
        // An error as criterion matches the cells holding it (Excel), it is not the answer.
        if (cv instanceof XlErr) throw new NotCompiled('an error as criterion');
        ranges.push(range);
        tests.push(criterion(cv));
      }
      const first = ranges[0]!;
      const h = first.r2 - first.r1 + 1;
      const w = first.c2 - first.c1 + 1;
      if (ranges.some((x) => x.r2 - x.r1 + 1 !== h || x.c2 - x.c1 + 1 !== w)) throw new NotCompiled(`${name} over ranges of different sizes`);
      const sum = sumRange?.(s, r, c);
      if (sum instanceof XlErr) return sum;
      if (sum && (sum.r2 - sum.r1 + 1 !== h || sum.c2 - sum.c1 + 1 !== w)) throw new NotCompiled(`${name} with a sum range of another size`);
      let total = 0;
      let count = 0;
      // Past the last used row (column) of every range's sheet all cells are empty: visit the used
      // part only, and count the empty rest at once when empty cells meet every criterion. A range
      // of a whole sheet costs its used cells, not 17 billion.
      const all = sum ? [...ranges, sum] : ranges;
      const hUsed = Math.max(0, Math.min(h, Math.max(...all.map((x) => x.s.h - x.r1))));
      const wUsed = Math.max(0, Math.min(w, Math.max(...all.map((x) => x.s.w - x.c1))));
      if (tests.every((t) => t(null))) count += h * w - hUsed * wUsed;
      for (let i = 0; i < hUsed; i++) {
        for (let j = 0; j < wUsed; j++) {
          if (!ranges.every((x, k) => tests[k]!(this.get(x.s, x.r1 + i, x.c1 + j)))) continue;
          count++;
          if (sum) {
            const v = this.get(sum.s, sum.r1 + i, sum.c1 + j);
            if (v instanceof XlErr) return v;
            if (typeof v === 'number') total += v;
          }
        }
      }
      return isSum ? total : count;
    };
  }

  /** Numbers of a range (or a single cell's reference), in row-major order; the first error stops it, unless skipped (COUNT). */
  private eachNumber(range: Range, f: (x: number) => void, skipErrors: boolean): XlErr | undefined {
    const { s } = range;
    const r2 = Math.min(range.r2, s.h - 1);
    const c2 = Math.min(range.c2, s.w - 1);
    for (let r = range.r1; r <= r2; r++) {
      for (let c = range.c1; c <= c2; c++) {
        const v = this.get(s, r, c);
        if (typeof v === 'number') f(v);
        else if (v instanceof XlErr && !skipErrors) return v;
      }
    }
    return undefined;
  }

  /**
   * SUM, MIN, MAX, AVERAGE and COUNT as Excel (and HyperFormula) compute them: references and
   * ranges contribute their numbers only (text, booleans and empty cells are skipped); a direct
   * value must be a number. An error is the answer, except to COUNT, which does not count it.
   * Each range is summed on its own, then added, as HyperFormula does, so that totals agree to
   * the last bit.
   */
  private aggregate(name: string, args: Ast[]): Fn {
    const isCount = name === 'COUNT';
    const parts = args.map((a) => {
      const range = this.range(a);
      return range ? { range } : { value: this.value(a) };
    });
    return (s, r, c) => {
      let sum = 0;
      let count = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const p of parts) {
        if (p.range) {
          const range = p.range(s, r, c);
          if (range instanceof XlErr) return range;
          let part = 0;
          const err = this.eachNumber(range, (x) => {
            part += x;
            count++;
            if (x < min) min = x;
            if (x > max) max = x;
          }, isCount);
          if (err) return err;
          sum += part;
        } else {
          const v = p.value(s, r, c);
          if (v instanceof XlErr) {
            if (isCount) continue;
            return v;
          }
          if (typeof v !== 'number') throw new NotCompiled(`${name} of a value that is not a number`);
          sum += v;
          count++;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      switch (name) {
        case 'SUM':
          return sum;
        case 'COUNT':
          return count;
        case 'MIN':
          return count ? min : 0;
        case 'MAX':
          return count ? max : 0;
        default:
          return count ? sum / count : DIV0;
      }
    };
  }

  /**
   * AND and OR of values. Over ranges Excel skips empty cells where HyperFormula counts them as
   * FALSE (and an all-empty range is #VALUE! to Excel, TRUE to HyperFormula): ranges, and single
   * cells holding text or nothing, are left to HyperFormula.
   */
  private logical(name: string, args: Ast[]): Fn {
    const parts = args.map((a) => {
      if (a.k === 'ref' && a.range && !oneCell(a)) throw new NotCompiled(`${name} over a range`);
      return this.value(a.k === 'ref' ? { ...a, range: false } : a);
    });
    const isAnd = name === 'AND';
    return (s, r, c) => {
      let acc = isAnd;
      for (const p of parts) {
        const v = p(s, r, c);
        if (v instanceof XlErr) return v;
        if (typeof v === 'string' || v === null) throw new NotCompiled(`${name} of text or of an empty cell`);
        const b = typeof v === 'boolean' ? v : v !== 0;
        acc = isAnd ? acc && b : acc || b;
      }
      return acc;
    };
  }

  /**
   * VLOOKUP. An approximate match needs a first column of ascending numbers (then the answer is
   * the last row not above the key, which Excel's binary search finds too); an exact match
   * compares numbers with numbers and text with text, ignoring case. Each table is indexed once.
   */
  private vlookup(args: Ast[]): Fn {
    const key = this.value(args[0]!);
    const table = oneCell(args[1]!) ? undefined : this.range(args[1]!);
    if (!table) throw new NotCompiled('VLOOKUP of a table that is not a range of several cells');
    const index = this.value(args[2]!);
    const approx = args[3] ? this.value(args[3]) : () => true;
    return (s, r, c) => {
      let k = key(s, r, c);
      if (k instanceof XlErr) return k;
      const t = table(s, r, c);
      if (t instanceof XlErr) return t;
      const i = num(index(s, r, c));
      if (typeof i !== 'number') return i;
      const a = bool(approx(s, r, c));
      if (a instanceof XlErr) return a;
      if (!Number.isInteger(i)) throw new NotCompiled('VLOOKUP with a fractional column');
      if (k === null) k = 0;
      // A key not found is #N/A before the column number is judged (Excel's order).
      const found = this.lookup(t).find(k, a);
      if (found < 0) return NA;
      if (i < 1) return VALUE;
      if (i > t.c2 - t.c1 + 1) return REF;
      const v = this.get(t.s, t.r1 + found, t.c1 + i - 1);
      return v === null ? 0 : v;
    };
  }

  private lookup(t: Range): Lookup {
    return this.lookupOf({ ...t, c2: t.c1 });
  }

  /** The index of a column (or row) of cells, built once per range. */
  private lookupOf(t: Range): Lookup {
    const id = `${t.s.name}\u0000${t.r1}:${t.c1}:${t.r2}:${t.c2}`;
    let l = this.lookups.get(id);
    if (!l) {
      const list: V[] = [];
      for (let r = t.r1; r <= t.r2; r++) for (let c = t.c1; c <= t.c2; c++) list.push(this.get(t.s, r, c));
      this.lookups.set(id, (l = new Lookup(list)));
    }
    return l;
  }

  /** A catalog function, called exactly as the HyperFormula plugin calls it. */
  private policyCall(name: string, args: Ast[]): Fn {
    const f = findFunction(name.slice('POLICY.'.length));
    if (!f) throw new NotCompiled(`${name}, not a catalog function`); // HyperFormula answers #NAME?
    if (f.result === 'matrix') throw new NotCompiled(`${name}, a spilled result`);
    const parts = args.map((a) => {
      const range = this.range(a);
      return range && a.k === 'ref' && a.range && !oneCell(a) ? { range } : { value: this.value(a.k === 'ref' ? { ...a, range: false } : a) };
    });
    const list: unknown[] = new Array(parts.length);
    return (s, r, c) => {
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i]!;
        if (p.range) {
          const range = p.range(s, r, c);
          if (range instanceof XlErr) return range;
          const m = this.matrix(range);
          if (m instanceof XlErr) return m;
          list[i] = m;
        } else {
          const v = p.value(s, r, c);
          if (v instanceof XlErr) return v; // an error argument: the same error, as Excel does
          list[i] = v;
        }
      }
      return this.policyResult(f, list.slice());
    };
  }

  private matrix(range: Range): V[][] | XlErr {
    const out: V[][] = [];
    for (let r = range.r1; r <= range.r2; r++) {
      const row: V[] = [];
      for (let c = range.c1; c <= range.c2; c++) {
        const v = this.get(range.s, r, c);
        if (v instanceof XlErr) return v;
        row.push(v);
      }
      out.push(row);
    }
    return out;
  }

  private policyResult(f: FunctionDecl, args: unknown[]): V {
    const res = this.ctx.engine.callWith(f, args, this.ctx.policy, this.ctx.lang);
    if ('error' in res) return XlErr.of(res.error.code);
    const v = res.value;
    if (Array.isArray(v)) throw new NotCompiled(`POLICY.${f.id} answered an array`);
    return v as V;
  }
}

/** First-column index of a VLOOKUP table. */
class Lookup {
  private ascending: boolean | undefined;
  private exact: Map<unknown, number> | undefined;
  constructor(private readonly column: V[]) {}

  find(key: V, approx: boolean): number {
    if (key instanceof XlErr || key === null) return -1;
    if (approx) {
      if (typeof key !== 'number') throw new NotCompiled('an approximate VLOOKUP of text');
      if (this.ascending === undefined) {
        this.ascending = this.column.every((v, i) => typeof v === 'number' && (i === 0 || (this.column[i - 1] as number) < v));
      }
      if (!this.ascending) throw new NotCompiled('an approximate VLOOKUP over a column that is not ascending numbers');
      let lo = 0;
      let hi = this.column.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((this.column[mid] as number) <= key) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    }
    if (typeof key === 'string' && /[*?~]/.test(key)) throw new NotCompiled('a VLOOKUP with wildcards');
    if (typeof key === 'boolean') throw new NotCompiled('a VLOOKUP of a boolean');
    if (!this.exact) {
      this.exact = new Map();
      this.column.forEach((v, i) => {
        const k = typeof v === 'string' ? foldText(v) : v;
        if (!this.exact!.has(k)) this.exact!.set(k, i);
      });
    }
    return this.exact.get(typeof key === 'string' ? foldText(key) : key) ?? -1;
  }
}

/** Text as Excel compares it (case-insensitive); text whose comparison depends on accents or locale is not taken. */
function foldText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f\u3000-\u9fff\uff00-\uffef]/.test(s)) throw new NotCompiled('text whose comparison depends on the locale');
  return s.toLowerCase();
}

/** A criterion of COUNTIF and friends as a test of a cell's value; NotCompiled where Excel's answer is not certain here. */
function criterion(c: V): (v: V) => boolean {
  let op = '=';
  let n: number | undefined;
  let t: string | undefined;
  if (c === null) n = 0; // an empty criterion cell is 0 to Excel
  else if (typeof c === 'number') n = c;
  else if (typeof c === 'string') {
    const m = /^(<=|>=|<>|=|<|>)?([\s\S]*)$/.exec(c)!;
    op = m[1] ?? '=';
    const rest = m[2]!;
    // "#N/A", "<>#DIV/0!": an error as criterion, which matches error cells (HyperFormula's part).
    if (rest.startsWith('#')) throw new NotCompiled('an error as criterion');
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(rest)) n = Number(rest);
    else if (op === '=' && rest !== '' && !/[*?~]/.test(rest) && !/\d/.test(rest) && !/^(true|false)$/i.test(rest)) t = foldText(rest);
    else throw new NotCompiled('a criterion the fast path does not read');
  } else throw new NotCompiled('a criterion that is not a number or text');
  if (t !== undefined) {
    const want = t;
    return (v) => {
      if (typeof v === 'string') {
        if (/\d/.test(v)) throw new NotCompiled('text that may read as a number');
        return foldText(v) === want;
      }
      if (v instanceof XlErr || typeof v === 'boolean') throw new NotCompiled('a criterion over errors or booleans');
      return false;
    };
  }
  const x = n!;
  const test = COMPARE[op]!;
  return (v) => {
    if (typeof v === 'number') return test(compareNumbers(v, x)) === true;
    if (op === '<>' || typeof v === 'boolean' || v instanceof XlErr) throw new NotCompiled('a criterion over gaps, text, errors or booleans');
    if (typeof v === 'string' && /^\s*[-+]?(\d|\.\d)/.test(v)) throw new NotCompiled('text that reads as a number');
    return false;
  };
}

function num(v: V): number | XlErr {
  if (typeof v === 'number') return v;
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof XlErr) return v;
  throw new NotCompiled('text where a number belongs');
}

function bool(v: V): boolean | XlErr {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === null) return false;
  if (v instanceof XlErr) return v;
  throw new NotCompiled('text where TRUE or FALSE belongs');
}

/** TEXT's options on the fast path: the 1900 date system (a 1904 workbook goes to HyperFormula), en-US's separators. */
const FAST_TEXT = textOptions(false);

function text(v: V): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  // Excel writes 15 significant digits (number-format/general.ts, as HyperFormula is taught to).
  return typeof v === 'number' ? numberText(v) : String(v);
}

/** -1, 0 or 1, as Excel orders two values of a comparison. */
function compare(x: V, y: V): number {
  if (x === null) x = typeof y === 'string' ? '' : typeof y === 'boolean' ? false : 0;
  if (y === null) y = typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0;
  if (typeof x === 'number' && typeof y === 'number') return compareNumbers(x, y);
  if (typeof x === 'boolean' && typeof y === 'boolean') return x === y ? 0 : x ? 1 : -1;
  if (typeof x === 'string' && typeof y === 'string') {
    // Only equality of text is taken here: ordering follows collation rules, and text that reads as
    // a number or a date is compared as one by HyperFormula.
    if (/\d/.test(x) || /\d/.test(y)) throw new NotCompiled('text that may read as a number or a date');
    if (x === y || foldText(x) === foldText(y)) return 0;
    return NaN;
  }
  throw new NotCompiled('a comparison of different kinds of values');
}

const COMPARE: Record<string, (c: number) => V> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => {
    if (Number.isNaN(c)) throw new NotCompiled('an ordering of text');
    return c < 0;
  },
  '>': (c) => {
    if (Number.isNaN(c)) throw new NotCompiled('an ordering of text');
    return c > 0;
  },
  '<=': (c) => {
    if (Number.isNaN(c)) throw new NotCompiled('an ordering of text');
    return c <= 0;
  },
  '>=': (c) => {
    if (Number.isNaN(c)) throw new NotCompiled('an ordering of text');
    return c >= 0;
  },
};
