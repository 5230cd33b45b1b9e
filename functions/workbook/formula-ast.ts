import { CATALOG } from '../../shared/src/index.js';

/**
 * Excel formulas as stored in a sheet (no leading "="), read into a syntax tree whose references
 * are relative to the formula's own cell, as R1C1 would write them. A column of 100,000 formulas
 * that Excel filled down is a handful of distinct trees: each is parsed once and compiled once.
 *
 * The grammar is the part of Excel's that workbooks of this kind use: numbers, strings, TRUE and
 * FALSE, references and ranges (optionally on another sheet), function calls and the operators.
 * Anything else (defined names, whole columns, array constants, intersections, spill and 3-D
 * references, error literals, omitted arguments) is refused with NotCompiled, and the workbook goes
 * to HyperFormula instead. Refusing is always safe; guessing never is.
 */

export class NotCompiled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotCompiled';
  }
}

export interface RefPart {
  /** An absolute index ($A$1) or an offset from the formula's cell (A1). */
  n: number;
  abs: boolean;
}

export type Ast =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  /** A cell or a range; sheet is the name as written, undefined for the formula's own sheet. */
  | { k: 'ref'; sheet?: string; r1: RefPart; c1: RefPart; r2: RefPart; c2: RefPart; range: boolean }
  /** A reference in parentheses: a value to HyperFormula (SUM((A1)) coerces it), no longer a range. */
  | { k: 'group'; a: Ast }
  | { k: 'neg'; a: Ast }
  | { k: 'pct'; a: Ast }
  | { k: 'op'; op: string; a: Ast; b: Ast }
  /** A call; name is upper case, POLICY calls as POLICY.<ID> whatever way the file wrote them. */
  | { k: 'call'; name: string; args: Ast[] };

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'ref'; ref: Extract<Ast, { k: 'ref' }> }
  | { t: 'fn'; name: string } // the name of a call, its "(" included
  | { t: 'bool'; v: boolean }
  | { t: 'op'; v: string }; // + - * / ^ & = <> < > <= >= % ( ) ,

const zhToId = new Map(CATALOG.map((f) => [f.name['zh-CN'], f.id]));

const callNames = new Map<string, string>();

/** A call's name as the evaluator knows it. */
function callName(raw: string): string {
  let known = callNames.get(raw);
  if (known === undefined) callNames.set(raw, (known = readCallName(raw)));
  return known;
}

function readCallName(raw: string): string {
  let name = raw.replace(/^_xlfn\.(?:_xlws\.)?|^_xlws\./i, '');
  const udf = /^_xldudf_POLICY_(.+)$/i.exec(name);
  if (udf) return `POLICY.${udf[1]!.toUpperCase()}`;
  const typed = /^POLICY\.(.+)$/i.exec(name);
  if (typed) return `POLICY.${zhToId.get(typed[1]!) ?? typed[1]!.toUpperCase()}`;
  name = name.toUpperCase();
  return name;
}

/** "$B$12" (or "b12") placed at (row, col) → its row and column parts; undefined when the word is not a cell. */
function cellPart(word: string, row: number, col: number): { r: RefPart; c: RefPart } | undefined {
  const n = word.length;
  let i = 0;
  const colAbs = word.charCodeAt(0) === 36;
  if (colAbs) i++;
  let c = 0;
  const letters = i;
  for (; i < n; i++) {
    const ch = word.charCodeAt(i) & ~32;
    if (ch < 65 || ch > 90) break;
    c = c * 26 + (ch - 64);
  }
  if (i === letters || i - letters > 3) return undefined;
  const rowAbs = word.charCodeAt(i) === 36;
  if (rowAbs) i++;
  if (i === n || n - i > 7) return undefined;
  let r = 0;
  for (; i < n; i++) {
    const d = word.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    r = r * 10 + d;
  }
  if (c > 16384 || r < 1 || r > 1_048_576) return undefined;
  return { c: colAbs ? { n: c - 1, abs: true } : { n: c - 1 - col, abs: false }, r: rowAbs ? { n: r - 1, abs: true } : { n: r - 1 - row, abs: false } };
}

/** The text of a quoted literal starting at i (a doubled quote stands for one), and where it ends. */
function quoted(formula: string, i: number, quote: string): [string, number] {
  let s = '';
  let j = i + 1;
  for (;;) {
    const q = formula.indexOf(quote, j);
    if (q < 0) throw new NotCompiled(`an unterminated ${quote}…${quote}`);
    s += formula.slice(j, q);
    if (formula[q + 1] !== quote) return [s, q + 1];
    s += quote;
    j = q + 2;
  }
}

function skipDigits(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i;
}

/** A reference part in a formula's key: $n for an absolute index, ~n for an offset. */
const part = (p: RefPart) => (p.abs ? `$${p.n}` : `~${p.n}`);

const isNameChar = (ch: number) => (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 46 || ch === 36 || ch > 127;

/**
 * Tokens of a formula placed at (row, col), and its key: the tokens with references written
 * relative to the cell, so that every cell of a filled-down column has the same key.
 */
export function tokenize(formula: string, row: number, col: number): { toks: Tok[]; key: string } {
  const toks: Tok[] = [];
  let key = '';
  let i = 0;
  const n = formula.length;
  let spaceBefore = false;
  while (i < n) {
    const ch = formula.charCodeAt(i);
    if (ch === 32 || ch === 10 || ch === 13 || ch === 9) {
      i++;
      spaceBefore = true;
      continue;
    }
    const prev = toks.length ? toks[toks.length - 1] : undefined;
    const afterOperand = prev !== undefined && (prev.t === 'ref' || prev.t === 'num' || prev.t === 'str' || prev.t === 'bool' || (prev.t === 'op' && (prev.v === ')' || prev.v === '%')));
    if (spaceBefore && afterOperand && (isNameChar(ch) || ch === 39 || ch === 40)) throw new NotCompiled('the intersection operator');
    spaceBefore = false;
    if (ch === 34) {
      const [s, next] = quoted(formula, i, '"'); // "…" with "" for a quote
      i = next;
      toks.push({ t: 'str', v: s });
      key += ` ${JSON.stringify(s)}`;
      continue;
    }
    if ((ch >= 48 && ch <= 57) || (ch === 46 && formula.charCodeAt(i + 1) >= 48 && formula.charCodeAt(i + 1) <= 57)) {
      let e = skipDigits(formula, i);
      if (formula.charCodeAt(e) === 46) e = skipDigits(formula, e + 1);
      const ex = formula.charCodeAt(e) | 32;
      if (ex === 101) {
        const sign = formula.charCodeAt(e + 1);
        const first = sign === 43 || sign === 45 ? e + 2 : e + 1;
        const d = formula.charCodeAt(first);
        if (d >= 48 && d <= 57) e = skipDigits(formula, first);
      }
      const after = formula.charCodeAt(e);
      if (after === 58 || (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 46) throw new NotCompiled('a row range or a name starting with a digit');
      const lit = formula.slice(i, e);
      toks.push({ t: 'num', v: Number(lit) });
      key += ` ${lit}`;
      i = e;
      continue;
    }
    if (isNameChar(ch) || ch === 39) {
      // A name, a function, TRUE/FALSE, a cell or a range, possibly after Sheet! or 'Sheet name'!
      let sheet: string | undefined;
      let j = i;
      if (ch === 39) {
        const [s, next] = quoted(formula, i, "'"); // 'Sheet name' with '' for a quote
        j = next;
        if (formula.charCodeAt(j) !== 33) throw new NotCompiled('a quoted name that is not a sheet');
        sheet = s;
        j++;
      }
      let e = j;
      while (e < n && isNameChar(formula.charCodeAt(e))) e++;
      let word = formula.slice(j, e);
      if (sheet === undefined && formula.charCodeAt(e) === 33) {
        sheet = word;
        j = e + 1;
        e = j;
        while (e < n && isNameChar(formula.charCodeAt(e))) e++;
        word = formula.slice(j, e);
      }
      if (sheet !== undefined && (sheet.includes('[') || sheet.includes(']') || sheet.includes(':'))) throw new NotCompiled('an external or 3-D reference');
      if (sheet === undefined && formula.charCodeAt(e) === 40) {
        const name = callName(word);
        toks.push({ t: 'fn', name });
        key += ` ${name} (`;
        i = e + 1;
        continue;
      }
      if (sheet === undefined && (word.length === 4 || word.length === 5) && /^(TRUE|FALSE)$/i.test(word)) {
        const v = word.length === 4;
        toks.push({ t: 'bool', v });
        key += v ? ' TRUE' : ' FALSE';
        i = e;
        continue;
      }
      const a = cellPart(word, row, col);
      if (!a) throw new NotCompiled(`a name or reference the fast path does not read: ${word}`);
      let b = a;
      let range = false;
      if (formula.charCodeAt(e) === 58) {
        let f = e + 1;
        while (f < n && isNameChar(formula.charCodeAt(f))) f++;
        const second = cellPart(formula.slice(e + 1, f), row, col);
        if (!second) throw new NotCompiled('a range the fast path does not read');
        b = second;
        range = true;
        e = f;
      }
      const next = formula.charCodeAt(e);
      if (next === 35 || next === 58 || next === 33) throw new NotCompiled('a spill, 3-D or chained range reference');
      const ref = { k: 'ref' as const, sheet, r1: a.r, c1: a.c, r2: b.r, c2: b.c, range };
      toks.push({ t: 'ref', ref });
      key += ` ${sheet === undefined ? '' : `${JSON.stringify(sheet)}!`}R${part(a.r)}C${part(a.c)}${range ? `:R${part(b.r)}C${part(b.c)}` : ''}`;
      i = e;
      continue;
    }
    const two = formula.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      toks.push({ t: 'op', v: two });
      key += ` ${two}`;
      i += 2;
      continue;
    }
    const one = formula[i]!;
    if ('+-*/^&=<>%(),'.includes(one)) {
      toks.push({ t: 'op', v: one });
      key += ` ${one}`;
      i++;
      continue;
    }
    throw new NotCompiled(`a character the fast path does not read: ${one}`);
  }
  return { toks, key };
}

const BINARY: Record<string, number> = { '=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1, '&': 2, '+': 3, '-': 3, '*': 4, '/': 4, '^': 5 };

/** The syntax tree of tokens, with Excel's precedence: comparison < & < + - < * / < ^ < % < unary minus. */
export function parse(toks: Tok[]): Ast {
  let i = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => {
    const t = toks[i];
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const binary = (minPrec: number): Ast => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op') break;
      const prec = BINARY[t.v];
      if (prec === undefined || prec < minPrec) break;
      i++;
      const right = binary(prec + 1); // Excel's binary operators are all left-associative, ^ included
      left = { k: 'op', op: t.v, a: left, b: right };
    }
    return left;
  };
  const unary = (): Ast => {
    if (isOp('-')) {
      i++;
      return { k: 'neg', a: unary() };
    }
    if (isOp('+')) {
      i++;
      return unary();
    }
    let a = primary();
    while (isOp('%')) {
      i++;
      a = { k: 'pct', a };
    }
    return a;
  };
  const primary = (): Ast => {
    const t = toks[i++];
    if (!t) throw new NotCompiled('a formula that ends early');
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.v };
      case 'str':
        return { k: 'str', v: t.v };
      case 'bool':
        return { k: 'bool', v: t.v };
      case 'ref':
        return t.ref;
      case 'fn': {
        const args: Ast[] = [];
        if (isOp(')')) {
          i++;
          return { k: 'call', name: t.name, args };
        }
        for (;;) {
          if (isOp(',') || isOp(')')) throw new NotCompiled('an omitted argument');
          args.push(binary(1));
          if (isOp(',')) {
            i++;
            continue;
          }
          if (isOp(')')) {
            i++;
            return { k: 'call', name: t.name, args };
          }
          throw new NotCompiled('a call that is not closed');
        }
      }
      case 'op':
        if (t.v === '(') {
          const inner = binary(1);
          if (!isOp(')')) throw new NotCompiled('an unbalanced parenthesis or a union');
          i++;
          return inner.k === 'ref' ? { k: 'group', a: inner } : inner;
        }
        throw new NotCompiled(`an operator where a value belongs: ${t.v}`);
    }
  };
  const ast = binary(1);
  if (i !== toks.length) throw new NotCompiled('text after the formula');
  return ast;
}
