import type { Engine, Lang } from '../../shared/src/index.js';
import { policyRef } from '../../shared/src/index.js';
import type { BookSheet } from './book.js';
import { readBook } from './book.js';
import type { NewValue, SheetCell } from './cells.js';
import { formatRef, parseRange, patchSheet } from './cells.js';
import { evaluate } from './engine.js';
import { forEngine, shiftFormula } from './formula-text.js';
import { FormulaError, parseFormula } from '../../addin/formula.js';
import { findFunction } from '../../shared/src/index.js';
import type { ZipLimits } from './zip.js';
import { DEFAULT_ZIP_LIMITS, ZipError, readZip, rewriteZip } from './zip.js';

export interface RecalcLimits extends ZipLimits {
  /** Cells read from all sheets together. */
  maxCells: number;
}

export const DEFAULT_RECALC_LIMITS: RecalcLimits = { ...DEFAULT_ZIP_LIMITS, maxCells: 5_000_000 };

export interface RecalcOptions {
  engine: Engine;
  /** Used when the workbook names no policy of its own (--policy); else the latest default. */
  policy?: string;
  lang?: Lang;
  limits?: RecalcLimits;
}

export interface RecalcSummary {
  policy: string;
  /** Where the policy came from: the workbook's own setting, the option, or the default. */
  policySource: 'workbook' | 'option' | 'default';
  formulas: number;
  errors: Record<string, number>;
}

export type WorkbookProblem = 'notWorkbook' | 'encrypted' | 'tooLarge' | 'corrupt' | 'unparsable' | 'circular' | 'policy';

/** A workbook that cannot be recalculated, with the sheet and cell when there is one. */
export class WorkbookError extends Error {
  constructor(
    readonly problem: WorkbookProblem,
    message: string,
    readonly cell?: string,
  ) {
    super(cell ? `${cell}: ${message}` : message);
    this.name = 'WorkbookError';
  }
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

/** Text that HyperFormula must not take for a formula or a number. */
function text(s: string): string {
  return /^[=+\-@']/.test(s) || /^\s*[-+]?(\d|\.\d)/.test(s) ? `'${s}` : s;
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
  let book;
  try {
    zip = readZip(input, limits);
    book = readBook(zip);
  } catch (e) {
    if (e instanceof ZipError) throw new WorkbookError(ZIP_TO_PROBLEM[e.problem] ?? 'corrupt', e.message);
    throw e;
  }
  const ref = book.policy ?? opts.policy;
  let policy;
  try {
    policy = opts.engine.policy(ref);
  } catch (e) {
    throw new WorkbookError('policy', (e as { messageIn?: (l: Lang) => string }).messageIn?.(opts.lang ?? 'en') ?? String(e));
  }
  const cellCount = book.sheets.reduce((n, s) => n + s.cells.length, 0);
  if (cellCount > limits.maxCells) throw new WorkbookError('tooLarge', `the workbook has ${cellCount} cells; the limit is ${limits.maxCells}`);

  const plans: Plan[] = [];
  const data: Record<string, unknown[][]> = {};
  for (const sheet of book.sheets) {
    let rows = 0;
    let cols = 0;
    for (const c of sheet.cells) {
      rows = Math.max(rows, c.row + 1);
      cols = Math.max(cols, c.col + 1);
    }
    const grid: unknown[][] = Array.from({ length: rows }, () => new Array(cols).fill(null));
    const masters = new Map<string, SheetCell>();
    const spillAreas: { from: { row: number; col: number }; to: { row: number; col: number }; anchor: SheetCell }[] = [];
    const formulaCells: SheetCell[] = [];
    for (const c of sheet.cells) {
      const fa = c.formulaAttrs;
      if (fa?.t === 'shared' && fa.ref && c.formula) masters.set(fa.si ?? '', c);
    }
    const byPosition = new Map(sheet.cells.map((c) => [c.row * 16384 + c.col, c]));
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
    for (const c of sheet.cells) {
      let formula = c.formula;
      const fa = c.formulaAttrs;
      if (fa?.t === 'shared' && !formula) {
        const m = masters.get(fa.si ?? '');
        if (m?.formula) formula = shiftFormula(m.formula, c.row - m.row, c.col - m.col);
      }
      if (formula !== undefined && formula !== '') {
        const folded = fa?.t === 'array' && fa.ref?.includes(':') ? undefined : foldPolicyCall(formula, constantAt, opts.engine, policy, opts.lang ?? 'zh-CN');
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
  }
  // HyperFormula knows TRUE and FALSE only as functions, TRUE(); Excel's formulas write them bare.
  const namedExpressions = [{ name: 'TRUE', expression: '=TRUE()' }, { name: 'FALSE', expression: '=FALSE()' }, ...book.definedNames
    .filter((n) => !n.name.startsWith('_xlnm.'))
    .map((n) => ({ name: n.name, expression: `=${forEngine(n.formula)}`, ...(n.localSheet !== undefined && book.sheets[n.localSheet] ? { scope: n.localSheet } : {}) }))];

  const result = evaluate({ names: book.sheets.map((s) => s.name), data, namedExpressions }, { engine: opts.engine, policy, lang: opts.lang ?? 'zh-CN' });
  const summary: RecalcSummary = { policy: policyRef(policy), policySource: book.policy ? 'workbook' : opts.policy ? 'option' : 'default', formulas: 0, errors: {} };
  const replace = new Map<string, Uint8Array>();
  try {
    plans.forEach((plan, si) => {
      const patches: { cell: SheetCell; value: NewValue }[] = [];
      const valueOf = (c: SheetCell, isFormula: boolean): NewValue => {
        const v = result.read(si, c.row, c.col);
        if (v !== null && typeof v === 'object') {
          const code = (v as { value: string }).value;
          const where = `${plan.sheet.name}!${formatRef(c)}`;
          if (code === '#CYCLE!') throw new WorkbookError('circular', 'circular reference', where);
          if (code === '#ERROR!' && isFormula) throw new WorkbookError('unparsable', `the formula cannot be read: =${c.formula}`, where);
          summary.errors[code] = (summary.errors[code] ?? 0) + 1;
          return { error: code };
        }
        return v as NewValue;
      };
      for (const c of plan.formulaCells) {
        patches.push({ cell: c, value: valueOf(c, true) });
        summary.formulas++;
      }
      for (const c of plan.spillCells) patches.push({ cell: c, value: valueOf(c, false) });
      if (patches.length) replace.set(plan.sheet.path, new TextEncoder().encode(patchSheet(plan.sheet.xml, patches)));
    });
  } finally {
    result.destroy();
  }
  return { bytes: rewriteZip(zip, replace), summary };
}
