import type { Engine, Lang } from '../../shared/src/index.js';
import { policyRef } from '../../shared/src/index.js';
import type { Book, BookSheet } from './book.js';
import { readBook } from './book.js';
import type { NewValue, SheetCell } from './cells.js';
import { byteString, formatRef, parseRange, patchSheet, readCells, toBytes } from './cells.js';
import { evaluate } from './engine.js';
import { FastBook, XlErr, scanSheet } from './fast.js';
import { NotCompiled } from './formula-ast.js';
import { forEngine, shiftFormula } from './formula-text.js';
import { FormulaError, parseFormula } from '../../addin/formula.js';
import { findFunction } from '../../shared/src/index.js';
import { ZipError, readZip, rewriteZip } from './zip.js';
import type { RecalcLimits } from './budget.js';
import { DEFAULT_RECALC_LIMITS } from './budget.js';
import { checkForHyperFormula, prescanBook } from './prescan.js';
import type { WorkbookProblem } from './workbook-error.js';
import { WorkbookError } from './workbook-error.js';

export type { RecalcLimits } from './budget.js';
export { DEFAULT_RECALC_LIMITS } from './budget.js';
export type { WorkbookProblem } from './workbook-error.js';
export { WorkbookError } from './workbook-error.js';

export interface RecalcOptions {
  engine: Engine;
  /** Used when the workbook names no policy of its own (--policy); else the latest default. */
  policy?: string;
  lang?: Lang;
  limits?: RecalcLimits;
  /**
   * 'auto' (the default) computes with the compiled fast path and falls back to HyperFormula for
   * what the fast path does not cover; 'hyperformula' skips the fast path (to cross-check it).
   */
  evaluator?: 'auto' | 'hyperformula';
}

export interface RecalcSummary {
  policy: string;
  /** Where the policy came from: the workbook's own setting, the option, or the default. */
  policySource: 'workbook' | 'option' | 'default';
  formulas: number;
  errors: Record<string, number>;
  /**
   * Which evaluator computed the workbook: the compiled fast path, or HyperFormula for a workbook
   * that uses something the fast path does not cover (`fallback` says what).
   */
  engine: 'fast' | 'hyperformula';
  fallback?: string;
}

const ZIP_TO_PROBLEM: Record<string, WorkbookProblem> = { notZip: 'notWorkbook', encrypted: 'encrypted', zip64: 'tooLarge', tooLarge: 'tooLarge', corrupt: 'corrupt', unsupported: 'corrupt' };

/** A constant cell's value as a catalog function receives it (text unescaped). */
function cellRaw(cell: SheetCell, shared: string[]): unknown {
  const t = cell.attrs.t;
  if (t === 'inlineStr') return cell.inlineText ?? '';
  if (cell.value === undefined) return null;
  if (t === 's') return shared[Number(cell.value)] ?? '';
  if (t === 'str') return cell.value;
  if (t === 'b') return cell.value === '1';
  if (t === 'e') return undefined; // an error input: leave the call to HyperFormula, which propagates it
  const n = Number(cell.value);
  return Number.isFinite(n) ? n : cell.value;
}

/**
 * A POLICY call whose arguments are constants or cells without formulas does not need the
 * spreadsheet engine: it is computed here, with the workbook's policy, and handed to HyperFormula
 * as a constant (the common case: a column of =POLICY.PAYROLL(B2,C2,…)). Anything else —
 * nested calls, formula inputs, other sheets, spilled results, error results — is left to
 * HyperFormula. Answers undefined when the call cannot be folded.
 */
function foldPolicyCall(formula: string, at: (ref: string) => unknown, engine: Engine, policy: Parameters<Engine['callWith']>[2], lang: Lang): unknown {
  if (!/^\s*(?:_xldudf_POLICY_|POLICY\.)/i.test(formula)) return undefined;
  let parsed;
  try {
    parsed = parseFormula(formula);
  } catch (e) {
    if (e instanceof FormulaError) return undefined;
    throw e;
  }
  const fn = findFunction(parsed.fn);
  if (!fn || fn.result === 'matrix' || fn.id === 'EXPLAIN') return undefined;
  const args: unknown[] = [];
  for (const a of parsed.args) {
    if (a.kind === 'value') args.push(a.value);
    else {
      if (a.ref.includes('!')) return undefined;
      const v = at(a.ref);
      if (v === undefined) return undefined; // a formula or an error among the inputs
      args.push(v);
    }
  }
  const r = engine.callWith(fn, args, policy, lang);
  return 'value' in r ? r.value : undefined;
}

/** A constant cell as HyperFormula is given it: text escaped, an error as its literal (#N/A…). */
function cellInput(cell: SheetCell, shared: string[]): unknown {
  const v = cellRaw(cell, shared);
  if (v === undefined) return cell.value; // HyperFormula reads error literals such as #N/A
  return typeof v === 'string' ? text(v) : v;
}

/**
 * Text that HyperFormula must not take for something else: a formula, a number or date ("12",
 * "01/02/2024"), a currency amount ("$5"), a boolean ("TRUE") or an error ("#N/A"). A text cell
 * holding "TRUE" is text in Excel; fed bare, HyperFormula would make it a boolean.
 */
function text(s: string): string {
  return /^[=+\-@'#]/.test(s) || /^\s*[-+]?(\d|\.\d|\$)/.test(s) || /^\s*(true|false)\s*$/i.test(s) ? `'${s}` : s;
}

interface Plan {
  sheet: BookSheet;
  formulaCells: SheetCell[];
  /** Cells an array formula's result fills, besides its anchor. */
  spillCells: SheetCell[];
}

/**
 * Recalculates every formula of an .xlsx (POLICY.* and ordinary Excel functions) and answers the
 * package with only the cached values changed. Throws WorkbookError for a file it cannot handle.
 */
export function recalcWorkbook(input: Uint8Array, opts: RecalcOptions): { bytes: Uint8Array; summary: RecalcSummary } {
  const limits = opts.limits ?? DEFAULT_RECALC_LIMITS;
  let zip;
  let book: Book;
  try {
    zip = readZip(input, limits);
    book = readBook(zip);
  } catch (e) {
    if (e instanceof ZipError) throw new WorkbookError(ZIP_TO_PROBLEM[e.problem] ?? 'corrupt', e.text, undefined, e.cap ?? {});
    throw e;
  }
  // The budget's countable caps, before any work (prescan.ts).
  prescanBook(book, limits);
  const ref = book.policy ?? opts.policy;
  let policy;
  try {
    policy = opts.engine.policy(ref);
  } catch (e) {
    const m = e as { messageIn?: (l: Lang) => string };
    throw new WorkbookError('policy', m.messageIn ? { 'zh-CN': m.messageIn('zh-CN'), en: m.messageIn('en') } : String(e));
  }
  const ctx = { engine: opts.engine, policy, lang: opts.lang ?? 'zh-CN' };
  const summary: RecalcSummary = { policy: policyRef(policy), policySource: book.policy ? 'workbook' : opts.policy ? 'option' : 'default', formulas: 0, errors: {}, engine: 'fast' };
  let replace: Map<string, Uint8Array> | undefined;
  if (opts.evaluator !== 'hyperformula') {
    try {
      replace = fastPath(book, ctx, limits, summary);
    } catch (e) {
      // A formula nested, or a chain of formulas, deeper than the stack: HyperFormula orders its
      // graph without recursing.
      if (!(e instanceof NotCompiled) && !isStackOverflow(e)) throw e;
      Object.assign(summary, { formulas: 0, errors: {}, fallback: e instanceof NotCompiled ? e.message : 'formulas nested too deeply' });
    }
  }
  if (!replace) {
    summary.engine = 'hyperformula';
    checkForHyperFormula(book, limits, summary.fallback);
    try {
      replace = hyperFormulaPath(book, ctx, limits, summary);
    } catch (e) {
      // Excel nests at most 64 levels; a file nested thousands deep overflows HyperFormula's parser.
      if (isStackOverflow(e)) throw new WorkbookError('unparsable', { 'zh-CN': '公式嵌套过深，无法读取', en: 'formulas nested too deeply to read' });
      throw e;
    }
  }
  return { bytes: rewriteZip(zip, replace), summary };
}

const isStackOverflow = (e: unknown): e is RangeError => e instanceof RangeError && /call stack/i.test(e.message);

type Patch = { start: number; end: number; value: NewValue };
type Ctx = Parameters<typeof evaluate>[1];

function checkCellCount(count: number, limits: RecalcLimits): void {
  if (count > limits.maxCells) throw new WorkbookError('tooLarge', `the workbook has ${count} cells; the limit is ${limits.maxCells}`);
}

/** The compiled evaluator (fast.ts); throws NotCompiled when the workbook needs HyperFormula. */
function fastPath(book: Book, ctx: Ctx, limits: RecalcLimits, summary: RecalcSummary): Map<string, Uint8Array> {
  const scanned = book.sheets.map((s) => scanSheet(s.name, byteString(s.data), book.sharedStrings));
  checkCellCount(scanned.reduce((n, s) => n + s.cells, 0), limits);
  const values = new FastBook(scanned, ctx).run();
  const out = new Map<string, Uint8Array>();
  scanned.forEach((s, si) => {
    const vals = values[si]!;
    if (!s.formulas.length) return;
    const patches = s.formulas.map((f, i): Patch => {
      const v = vals[i]!;
      summary.formulas++;
      if (!(v instanceof XlErr)) return { start: f.start, end: f.end, value: v };
      summary.errors[v.code] = (summary.errors[v.code] ?? 0) + 1;
      return { start: f.start, end: f.end, value: { error: v.code } };
    });
    out.set(book.sheets[si]!.path, Buffer.from(patchSheet(s.xml, patches, toBytes), 'latin1'));
  });
  return out;
}

/** HyperFormula, for every workbook the fast path does not cover. */
function hyperFormulaPath(book: Book, ctx: Ctx, limits: RecalcLimits, summary: RecalcSummary): Map<string, Uint8Array> {
  const xmls = book.sheets.map((s) => new TextDecoder().decode(s.data));
  const sheetCells = xmls.map((xml) => readCells(xml));
  checkCellCount(sheetCells.reduce((n, c) => n + c.length, 0), limits);

  const plans: Plan[] = [];
  const data: Record<string, unknown[][]> = {};
  book.sheets.forEach((sheet, si) => {
    const cells = sheetCells[si]!;
    let rows = 0;
    for (const c of cells) rows = Math.max(rows, c.row + 1);
    // Rows as long as their last cell, no longer: a sheet with cells at A1 and XFD1048576 is two short rows, not a grid of 17 billion.
    const grid: unknown[][] = Array.from({ length: rows }, () => []);
    const masters = new Map<string, SheetCell>();
    const spillAreas: { from: { row: number; col: number }; to: { row: number; col: number }; anchor: SheetCell }[] = [];
    const formulaCells: SheetCell[] = [];
    for (const c of cells) {
      const fa = c.formulaAttrs;
      if (fa?.t === 'shared' && fa.ref && c.formula) masters.set(fa.si ?? '', c);
    }
    const byPosition = new Map(cells.map((c) => [c.row * 16384 + c.col, c]));
    const hasFormula = (c: SheetCell | undefined) => c !== undefined && (c.formula !== undefined || c.formulaAttrs !== undefined);
    /** A cell or range of this sheet as arguments see it; undefined when a formula or an error is in it. */
    const constantAt = (ref: string): unknown => {
      const { from, to } = parseRange(ref.replace(/\$/g, ''));
      const rowsOut: unknown[][] = [];
      for (let r = from.row; r <= to.row; r++) {
        const row: unknown[] = [];
        for (let col = from.col; col <= to.col; col++) {
          const c = byPosition.get(r * 16384 + col);
          if (hasFormula(c)) return undefined;
          const v = c ? cellRaw(c, book.sharedStrings) : null;
          if (v === undefined) return undefined;
          row.push(v);
        }
        rowsOut.push(row);
      }
      return ref.includes(':') ? rowsOut : rowsOut[0]![0];
    };
    for (const c of cells) {
      let formula = c.formula;
      const fa = c.formulaAttrs;
      if (fa?.t === 'shared' && !formula) {
        const m = masters.get(fa.si ?? '');
        if (m?.formula) formula = shiftFormula(m.formula, c.row - m.row, c.col - m.col);
      }
      if (formula !== undefined && formula !== '') {
        const folded = fa?.t === 'array' && fa.ref?.includes(':') ? undefined : foldPolicyCall(formula, constantAt, ctx.engine, ctx.policy, ctx.lang);
        grid[c.row]![c.col] = folded === undefined ? `=${forEngine(formula)}` : typeof folded === 'string' ? text(folded) : folded;
        formulaCells.push({ ...c, formula });
        if (fa?.t === 'array' && fa.ref && fa.ref.includes(':')) spillAreas.push({ ...parseRange(fa.ref), anchor: c });
      } else {
        grid[c.row]![c.col] = cellInput(c, book.sharedStrings);
      }
    }
    // The cells an array result covers hold its old values: empty them so the result can fill them.
    const spillCells: SheetCell[] = [];
    for (const area of spillAreas) {
      for (let r = area.from.row; r <= area.to.row; r++) {
        for (let col = area.from.col; col <= area.to.col; col++) {
          if (r === area.anchor.row && col === area.anchor.col) continue;
          const c = byPosition.get(r * 16384 + col);
          if (c && !c.formula) {
            grid[r]![col] = null;
            spillCells.push(c);
          }
        }
      }
    }
    data[sheet.name] = grid;
    plans.push({ sheet, formulaCells, spillCells });
  });
  // HyperFormula knows TRUE and FALSE only as functions, TRUE(); Excel's formulas write them bare.
  const namedExpressions = [{ name: 'TRUE', expression: '=TRUE()' }, { name: 'FALSE', expression: '=FALSE()' }, ...book.definedNames
    .filter((n) => !n.name.startsWith('_xlnm.'))
    .map((n) => ({ name: n.name, expression: `=${forEngine(n.formula)}`, ...(n.localSheet !== undefined && book.sheets[n.localSheet] ? { scope: n.localSheet } : {}) }))];

  const result = evaluate({ names: book.sheets.map((s) => s.name), data, namedExpressions }, ctx);
  const out = new Map<string, Uint8Array>();
  try {
    plans.forEach((plan, si) => {
      const patches: Patch[] = [];
      const valueOf = (c: SheetCell, isFormula: boolean): NewValue => {
        const v = result.read(si, c.row, c.col);
        if (v !== null && typeof v === 'object') {
          const code = (v as { value: string }).value;
          const where = `${plan.sheet.name}!${formatRef(c)}`;
          if (code === '#CYCLE!') throw new WorkbookError('circular', { 'zh-CN': '循环引用', en: 'circular reference' }, where);
          if (code === '#ERROR!' && isFormula) throw new WorkbookError('unparsable', { 'zh-CN': `公式无法读取：=${c.formula}`, en: `the formula cannot be read: =${c.formula}` }, where);
          summary.errors[code] = (summary.errors[code] ?? 0) + 1;
          return { error: code };
        }
        return v as NewValue;
      };
      for (const c of plan.formulaCells) {
        patches.push({ start: c.start, end: c.end, value: valueOf(c, true) });
        summary.formulas++;
      }
      for (const c of plan.spillCells) patches.push({ start: c.start, end: c.end, value: valueOf(c, false) });
      if (patches.length) out.set(plan.sheet.path, new TextEncoder().encode(patchSheet(xmls[si]!, patches)));
    });
  } finally {
    result.destroy();
  }
  return out;
}
