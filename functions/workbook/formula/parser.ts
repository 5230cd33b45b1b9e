import type { AstExpression } from '@borgar/fx';
import { parse as fxParse, tokenize as fxTokenize, translateFormulaToA1, translateFormulaToR1C1 } from '@borgar/fx';
import { parseR1C1Ref, parseStructRef } from '@borgar/fx/xlsx';
import { CATALOG } from '../../../shared/src/index.js';
import { columnLetter } from '../../../shared/src/values/columns.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';

/**
 * The project's one reader of Excel formula syntax, used by the batch tool (both evaluators and
 * the folding of constant POLICY calls) and by the task pane. The syntax itself is read by
 * `@borgar/fx`, a maintained parser of Excel's formula language (structured references, 3-D and
 * external references, unions, intersections, spill references, array constants, error literals);
 * this module turns its tree into the small normalised one the evaluators compile: function names
 * without their file prefixes (`_xlfn.`, `_xlws.`, `_xldudf_POLICY_`), references relative to the
 * formula's own cell, as R1C1 writes them. A column of 100,000 formulas that Excel filled down is
 * one R1C1 text: it is parsed once.
 */

export class FormulaSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaSyntaxError';
  }
}

/** A row or column of a reference: an absolute index ($A$1) or an offset from the formula's cell (A1). */
export interface RefPart {
  n: number;
  abs: boolean;
}

export type Ast =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'err'; v: string }
  /**
   * A cell, a range or a whole row / column (null parts). book is an external workbook's index
   * (`[1]`); sheet2 the last sheet of a 3-D reference (Sheet1:Sheet3!A1).
   */
  | { k: 'ref'; book?: string; sheet?: string; sheet2?: string; r1: RefPart | null; c1: RefPart | null; r2: RefPart | null; c2: RefPart | null; range: boolean }
  | { k: 'name'; name: string; sheet?: string; book?: string }
  /** A structured reference: table (empty for the formula's own table), sections in lower case (`this row`, `data`, `headers`, `totals`, `all`). */
  | { k: 'table'; table: string; columns: string[]; sections: string[]; book?: string }
  | { k: 'array'; rows: Ast[][] }
  /** A call; name upper case, POLICY calls as POLICY.<ID> whatever way the file wrote them. Omitted arguments are null. */
  | { k: 'call'; name: string; args: (Ast | null)[] }
  | { k: 'neg'; a: Ast }
  | { k: 'pct'; a: Ast }
  /** A1# (the range an array formula spilled into; a file writes _xlfn.ANCHORARRAY(A1)). */
  | { k: 'spill'; a: Ast }
  /** @A1:A9 (implicit intersection). */
  | { k: 'single'; a: Ast }
  /** Binary operators, the reference operators included: ':' range, ' ' intersection, ',' union. */
  | { k: 'op'; op: string; a: Ast; b: Ast };

/** The name of a call whose callee is an expression (a LAMBDA called where it is written): no function can have it. */
export const INVOKE = '(INVOKE)';

const zhToId = new Map(CATALOG.map((f) => [f.name['zh-CN'], f.id]));
const callNames = new Map<string, string>();

/** A call's name as the evaluators know it: upper case, file prefixes gone, POLICY calls by id. */
export function callName(raw: string): string {
  let known = callNames.get(raw);
  if (known === undefined) {
    const name = raw.replace(/^(?:_xlfn\.|_xlws\.)+/i, '');
    const udf = /^_xldudf_POLICY_(.+)$/i.exec(name);
    const typed = /^POLICY\.(.+)$/i.exec(name);
    known = udf ? `POLICY.${udf[1]!.toUpperCase()}` : typed ? `POLICY.${zhToId.get(typed[1]!) ?? typed[1]!.toUpperCase()}` : name.toUpperCase();
    callNames.set(raw, known);
  }
  return known;
}

function part(n: number | null, abs: boolean): RefPart | null {
  return n === null ? null : { n, abs };
}

/** fx's node for an R1C1 reference text → ours. */
function reference(value: string): Ast {
  const r = parseR1C1Ref(value, { allowNamed: true });
  if (!r) throw new FormulaSyntaxError(`a reference that cannot be read: ${value}`);
  const book = r.workbookName || undefined;
  let sheet = r.sheetName || undefined;
  let sheet2: string | undefined;
  if ('name' in r && typeof r.name === 'string') return { k: 'name', name: r.name, ...(sheet ? { sheet } : {}), ...(book ? { book } : {}) };
  const range = (r as { range: { r0: number | null; c0: number | null; r1: number | null; c1: number | null; $r0: boolean; $c0: boolean; $r1: boolean; $c1: boolean } }).range;
  if (sheet && /^[^']*:[^']*$/.test(sheet) && !book) {
    const [a, b] = sheet.split(':');
    sheet = a;
    sheet2 = b;
  }
  const single = range.r0 === range.r1 && range.c0 === range.c1 && range.$r0 === range.$r1 && range.$c0 === range.$c1 && range.r0 !== null && range.c0 !== null;
  return {
    k: 'ref',
    ...(book ? { book } : {}),
    ...(sheet ? { sheet } : {}),
    ...(sheet2 ? { sheet2 } : {}),
    r1: part(range.r0, range.$r0),
    c1: part(range.c0, range.$c0),
    r2: part(range.r1 ?? range.r0, range.r1 === null ? range.$r0 : range.$r1),
    c2: part(range.c1 ?? range.c0, range.c1 === null ? range.$c0 : range.$c1),
    range: !single,
  };
}

function node(n: AstExpression | null): Ast {
  if (!n) throw new FormulaSyntaxError('an empty expression');
  switch (n.type) {
    case 'Literal': {
      const v = n.value;
      if (typeof v === 'number') return { k: 'num', v };
      if (typeof v === 'boolean') return { k: 'bool', v };
      return { k: 'str', v: String(v) };
    }
    case 'ErrorLiteral':
      return { k: 'err', v: n.value.toUpperCase() };
    case 'ReferenceIdentifier': {
      if (n.kind === 'table') {
        const s = parseStructRef(n.value);
        if (!s) throw new FormulaSyntaxError(`a structured reference that cannot be read: ${n.value}`);
        return { k: 'table', table: s.table ?? '', columns: s.columns ?? [], sections: (s.sections ?? []).map((x) => x.toLowerCase()), ...(s.workbookName ? { book: s.workbookName } : {}) };
      }
      return reference(n.value);
    }
    case 'ArrayExpression':
      return { k: 'array', rows: n.elements.map((row) => row.map((e) => node(e as AstExpression))) };
    case 'CallExpression': {
      const callee = n.callee as { type: string; name?: string; value?: string };
      const args = n.arguments.map((a) => (a ? node(a) : null));
      // LAMBDA(x, x*2)(3): what is called is itself an expression, the call's first argument.
      if (callee.type === 'CallExpression') return { k: 'call', name: INVOKE, args: [node(n.callee as unknown as AstExpression), ...args] };
      const name = callName(callee.name ?? callee.value ?? '');
      // A1#, as a file stores it: _xlfn.ANCHORARRAY(A1).
      if (name === 'ANCHORARRAY' && args.length === 1 && args[0]) return { k: 'spill', a: args[0] };
      return { k: 'call', name, args };
    }
    case 'UnaryExpression': {
      const a = node(n.arguments[0]!);
      switch (n.operator) {
        case '-':
          return { k: 'neg', a };
        case '+':
          return a;
        case '%':
          return { k: 'pct', a };
        case '#':
          return { k: 'spill', a };
        default:
          return { k: 'single', a };
      }
    }
    case 'BinaryExpression':
      return { k: 'op', op: n.operator, a: node(n.arguments[0]!), b: node(n.arguments[1]!) };
    case 'LetExpression':
      return { k: 'call', name: 'LET', args: [] };
    case 'LambdaExpression':
      return { k: 'call', name: 'LAMBDA', args: [] };
    default:
      throw new FormulaSyntaxError(`a construct that cannot be read: ${(n as { type: string }).type}`);
  }
}

/** Whether any node of a tree (the tree itself included) satisfies the test. */
export function someNode(ast: Ast, test: (node: Ast) => boolean): boolean {
  if (test(ast)) return true;
  switch (ast.k) {
    case 'call':
      return ast.args.some((a) => a !== null && someNode(a, test));
    case 'neg':
    case 'pct':
    case 'spill':
    case 'single':
      return someNode(ast.a, test);
    case 'op':
      return someNode(ast.a, test) || someNode(ast.b, test);
    case 'array':
      return ast.rows.some((row) => row.some((e) => someNode(e, test)));
    default:
      return false;
  }
}

/** A1 text of a cell (0-based row and column). */
export function cellName(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/**
 * The formula as written at (row, col) (without its leading "="), as R1C1 text: every cell of a
 * filled-down column answers the same text, the key under which its tree is kept.
 */
export function formulaKey(formula: string, row: number, col: number): string {
  try {
    return translateFormulaToR1C1(formula, cellName(row, col), { xlsx: true } as never);
  } catch (e) {
    throw new FormulaSyntaxError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * A formula as Excel shows it in the formula bar (what FORMULATEXT answers, in en-US): written for
 * (fromRow, fromCol), as a shared formula's master is, and shown at (row, col) with its relative
 * references moved; without the file's function prefixes (`_xlfn.`, `_xlws.`, `_xlpm.`).
 */
export function shownFormula(formula: string, fromRow: number, fromCol: number, row: number, col: number): string {
  const moved = fromRow === row && fromCol === col ? formula : translateFormulaToA1(formulaKey(formula, fromRow, fromCol), cellName(row, col), { xlsx: true } as never);
  return `=${moved.replace(/\b_xl(?:fn|ws|pm)\./gi, '')}`;
}

/** The tree of an R1C1 key (see formulaKey). */
export function parseKey(key: string): Ast {
  let tree: AstExpression;
  try {
    tree = fxParse(fxTokenize(key, { r1c1: true }), {});
  } catch (e) {
    throw new FormulaSyntaxError(e instanceof Error ? e.message : String(e));
  }
  return node(tree);
}

/** A formula this long is keyed once for the cell it was written for, whatever its copies (keying costs its length). */
const LONG_FORMULA = 256;

/**
 * Trees of formulas by their R1C1 key: a workbook's formulas are parsed once per distinct shape,
 * and a shared formula's copies (one text written for one cell) are keyed once.
 */
export class FormulaTrees {
  private readonly trees = new Map<string, Ast | FormulaSyntaxError>();
  /** The last cell each long text (LONG_FORMULA characters or more) was keyed for, and its answer. */
  private readonly written = new Map<string, { at: number; key: string; ast: Ast | FormulaSyntaxError }>();

  /** The key and tree of a formula written for (row, col); the tree is a FormulaSyntaxError when the text cannot be read. */
  at(formula: string, row: number, col: number): { key: string; ast: Ast | FormulaSyntaxError } {
    if (formula.length < LONG_FORMULA) return this.read(formula, row, col);
    const at = row * MAX_COLS + col;
    const last = this.written.get(formula);
    if (last?.at === at) return { key: last.key, ast: last.ast };
    const found = this.read(formula, row, col);
    this.written.set(formula, { at, ...found });
    return found;
  }

  private read(formula: string, row: number, col: number): { key: string; ast: Ast | FormulaSyntaxError } {
    let key: string;
    try {
      key = formulaKey(formula, row, col);
    } catch (e) {
      return { key: `\u0000${formula}`, ast: e as FormulaSyntaxError };
    }
    let ast = this.trees.get(key);
    if (ast === undefined) {
      try {
        ast = parseKey(key);
      } catch (e) {
        if (!(e instanceof FormulaSyntaxError)) throw e;
        ast = e;
      }
      this.trees.set(key, ast);
    }
    return { key, ast };
  }
}

/** A reference part placed at a row or column: its index, or undefined when it falls off the sheet. */
export function place(p: RefPart, at: number, max: number): number | undefined {
  const n = p.abs ? p.n : at + p.n;
  return n < 0 || n >= max ? undefined : n;
}


/** The A1 text of a reference node placed at (row, col), with its sheet; undefined when it falls off the sheet. */
export function refText(ref: Extract<Ast, { k: 'ref' }>, row: number, col: number, sheet = ref.sheet): string | undefined {
  const prefix = sheet === undefined ? '' : `${quoteSheet(sheet)}!`;
  const colText = (p: RefPart) => {
    const c = place(p, col, MAX_COLS);
    return c === undefined ? undefined : `${p.abs ? '$' : ''}${columnLetter(c)}`;
  };
  const rowText = (p: RefPart) => {
    const r = place(p, row, MAX_ROWS);
    return r === undefined ? undefined : `${p.abs ? '$' : ''}${r + 1}`;
  };
  const { r1, c1, r2, c2 } = ref;
  let a: string | undefined;
  let b: string | undefined;
  if (r1 === null || r2 === null) {
    a = c1 ? colText(c1) : undefined;
    b = c2 ? colText(c2) : undefined;
  } else if (c1 === null || c2 === null) {
    a = rowText(r1);
    b = rowText(r2);
  } else {
    const ra = rowText(r1);
    const ca = colText(c1);
    const rb = rowText(r2);
    const cb = colText(c2);
    if (ra === undefined || ca === undefined || rb === undefined || cb === undefined) return undefined;
    a = `${ca}${ra}`;
    b = `${cb}${rb}`;
    if (!ref.range) return `${prefix}${a}`;
  }
  if (a === undefined || b === undefined) return undefined;
  return `${prefix}${a}:${b}`;
}

export function quoteSheet(name: string): string {
  // Quoted unless plainly safe: HyperFormula reads unquoted names of ASCII letters, digits, _ and . only.
  return /^[A-Za-z_][\w.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) && !/^R\d*C?\d*$/i.test(name) && !/^(TRUE|FALSE)$/i.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * A formula as Excel shows it where numbers are written with a decimal comma: arguments (and
 * unions) separated by semicolons, decimal commas in numbers. Undefined for a formula with an array
 * constant, whose separators differ from one such language to another.
 */
export function withSemicolons(formula: string): string | undefined {
  const tokens = fxTokenize(formula, {});
  if (tokens.some((t) => t.type === 'operator' && t.value === '{')) return undefined;
  return tokens.map((t) => (t.type === 'operator' && t.value === ',' ? ';' : t.type === 'number' ? t.value.replace('.', ',') : t.value)).join('');
}
