import type { Book } from '../../xlsx/book.js';
import { parseRange } from '../../xlsx/cells.js';
import { definedNameLookup } from '../../xlsx/defined-names.js';
import { cellNumber } from '../../model/grid.js';
import type { Ast } from '../../formula/parser.js';
import { FormulaSyntaxError, FormulaTrees, refText, shownFormula, someNode } from '../../formula/parser.js';
import type { PolicyCallContext } from '../../policy/calls.js';
import { callPolicy, policyFunction } from '../../policy/calls.js';
import { engineFunctions } from '../engine.js';
import { EngineFormula } from '../translate/engine-formula.js';
import { Uncomputable } from '../translate/translation.js';
import { WorkbookLayout } from '../../xlsx/layout.js';
import type { Area } from '../../model/area.js';
import { formulaTraits } from '../../calibration/formula-traits.js';
import type { WorkbookCells } from './cells.js';
import { constantValue, hasCachedValue, hasOwnFormula } from './cells.js';
import type { FormulaEntry, WorkbookFormulas } from './entries.js';

/**
 * Stage 3 of the HyperFormula path: each formula written out for HyperFormula (translate.ts),
 * with what it reads; a formula that cannot be computed here keeps its cached value, the reason
 * noted on its entry. A POLICY call over constants is computed now, without HyperFormula.
 */

/**
 * How many arguments Excel takes where HyperFormula's declaration says otherwise: INDEX's fourth
 * (the area), OFFSET (which HyperFormula reads itself and declares without arguments).
 */
const EXCEL_ARITY: Record<string, { min: number; max: number } | undefined> = { INDEX: { min: 2, max: 4 }, OFFSET: undefined };

/** The translator, told what it needs of this workbook: names, tables, spills, the functions the engine has, cells' formulas and constants, layout. */
export function translatorFor(book: Book, cells: WorkbookCells, formulas: WorkbookFormulas): EngineFormula {
  const known = engineFunctions();
  const nonBlank: (typeof cells.cells)[number][] = [];
  const occupiedAreas = new Map<string, Area | undefined>();
  return new EngineFormula({
    sheets: cells.sheetNames,
    tables: book.tables,
    name: definedNameLookup(book.definedNames),
    spill: (sheet, row, col) => formulas.arrays[sheet]?.get(cellNumber(row, col)),
    known: (fn) => known.has(fn),
    scalarArgument: (fn, i) => known.get(fn)?.scalar(i) ?? false,
    externals: book.externals,
    arity: (fn) => (fn in EXCEL_ARITY ? EXCEL_ARITY[fn] : known.get(fn)),
    formula: (sheet, row, col) => {
      const e = formulas.byCell[sheet]?.get(cellNumber(row, col));
      if (!e || e.dataTable) return undefined;
      try {
        return shownFormula(e.text, e.row, e.col, e.cell.row, e.cell.col);
      } catch {
        return undefined;
      }
    },
    macros: book.macros,
    language: book.language,
    occupied: (area) => {
      // Once per sheet: its cells that are not blank (a value or a formula); once per area: their bounds there.
      const key = `${area.sheet}:${area.r1}:${area.r2}:${area.c1}:${area.c2}`;
      if (occupiedAreas.has(key)) return occupiedAreas.get(key);
      const list = (nonBlank[area.sheet] ??= (cells.cells[area.sheet] ?? []).filter((c) => c.formulaAttrs || constantValue(c, book.sharedStrings) !== null));
      let out: Area | undefined;
      for (const c of list) {
        if (c.row < area.r1 || c.row > area.r2 || c.col < area.c1 || c.col > area.c2) continue;
        if (!out) out = { sheet: area.sheet, r1: c.row, r2: c.row, c1: c.col, c2: c.col };
        else {
          if (c.row < out.r1) out.r1 = c.row;
          if (c.row > out.r2) out.r2 = c.row;
          if (c.col < out.c1) out.c1 = c.col;
          if (c.col > out.c2) out.c2 = c.col;
        }
      }
      occupiedAreas.set(key, out);
      return out;
    },
    extent: cells.extent,
    layout: new WorkbookLayout(book.styles, (sheet) => cells.xmls[sheet] ?? '', (sheet, row, col) => {
      const c = cells.byPosition[sheet]?.get(cellNumber(row, col));
      return c ? Number(c.attrs.s ?? 0) : undefined;
    }),
    ...(book.dataModel ? { dataModel: book.dataModel } : {}),
    constant: (sheet, row, col) => {
      const c = cells.byPosition[sheet]?.get(cellNumber(row, col));
      if (!c) return null;
      return c.formulaAttrs ? undefined : constantValue(c, book.sharedStrings);
    },
  });
}

/**
 * Translates every formula entry (data tables are computed after the build, from the formulas they
 * tabulate); answers the cells holding SUBTOTAL or AGGREGATE, which other subtotals leave out.
 */
export function translateFormulas(formulas: WorkbookFormulas, translator: EngineFormula, cells: WorkbookCells, book: Book, ctx: PolicyCallContext): Set<string> {
  const trees = new FormulaTrees();
  const subtotals = new Set<string>();
  for (const e of formulas.entries) {
    if (e.dataTable) continue;
    const { key, ast } = trees.at(e.text, e.row, e.col);
    e.shape = key;
    if (!(ast instanceof FormulaSyntaxError)) e.traits = formulaTraits(ast);
    if (!(ast instanceof FormulaSyntaxError) && someNode(ast, (n) => n.k === 'call' && (n.name === 'SUBTOTAL' || n.name === 'AGGREGATE'))) subtotals.add(`${e.sheet}:${e.cell.row}:${e.cell.col}`);
    if (ast instanceof FormulaSyntaxError) {
      e.kept = { reason: 'syntax', detail: ast.message };
      continue;
    }
    // A cell the file gives a value for keeps it rather than take an assumed answer; one without
    // a value takes Excel's likeliest answer where there is one (FORMULATEXT in en-US, #NAME?…).
    const t = translateOrKeep(translator, e, ast);
    if (!t) continue;
    e.engineText = t.text;
    e.plain = e.array !== undefined && oneCellPolicyCall(translator, e, ast, t.text);
    e.reads = t.reads;
    if (t.assumed.length) e.assumed = t.assumed;
    if (!e.array || (e.array.from.row === e.array.to.row && e.array.from.col === e.array.to.col)) {
      e.folded = foldPolicyCall(ast, e.cell.row, e.cell.col, (ref) => constantsAt(ref, e.sheet, cells, book), ctx, book.date1904);
    }
  }
  return subtotals;
}

/** The values of a reference on a sheet when every cell in it is a constant (rows of values for a range); undefined when one holds a formula or an error. */
function constantsAt(ref: string, sheet: number, cells: WorkbookCells, book: Book): unknown {
  const { from, to } = parseRange(ref.replace(/\$/g, ''));
  const rows: unknown[][] = [];
  for (let r = from.row; r <= to.row; r++) {
    const row: unknown[] = [];
    for (let col = from.col; col <= to.col; col++) {
      const c = cells.byPosition[sheet]!.get(cellNumber(r, col));
      if (c !== undefined && hasOwnFormula(c)) return undefined;
      const v = c ? constantValue(c, book.sharedStrings) : null;
      if (v === undefined) return undefined;
      row.push(v);
    }
    rows.push(row);
  }
  return ref.includes(':') ? rows : rows[0]![0];
}

/**
 * A formula's HyperFormula text; undefined when the cell keeps its cached value (the reason noted
 * on it). A cell without a cached value is translated again assuming what Excel would likeliest
 * answer, where there is such an answer.
 */
function translateOrKeep(translator: EngineFormula, e: FormulaEntry, ast: Ast): ReturnType<EngineFormula['translate']> | undefined {
  const array = e.array !== undefined;
  try {
    return translator.translate(ast, e.sheet, e.cell.row, e.cell.col, array);
  } catch (err) {
    if (!(err instanceof Uncomputable)) throw err;
    if (!hasCachedValue(e.cell)) {
      try {
        return translator.translate(ast, e.sheet, e.cell.row, e.cell.col, array, true);
      } catch (again) {
        if (!(again instanceof Uncomputable)) throw again;
      }
    }
    e.kept = { reason: err.reason, detail: err.detail };
    return undefined;
  }
}

/**
 * Whether a one-cell array formula is a call of a POLICY function with a single result whose
 * ordinary translation is the same text: Excel 365 saves every user-defined function call as such
 * an array (`t="array" ref="G2"`, as the payroll templates' `_xldudf_POLICY_COMMISSION(B2)`), and
 * HyperFormula's array vertex for each costs the 100,000-row payroll over a gigabyte more. Then
 * array context changes nothing (the call takes its ranges whole either way) and the one value
 * fills the one cell as ARRAYFILL would (an empty result reads 0 in both).
 */
function oneCellPolicyCall(translator: EngineFormula, e: FormulaEntry, ast: Ast, arrayText: string): boolean {
  const a = e.array!;
  if (a.from.row !== a.to.row || a.from.col !== a.to.col || ast.k !== 'call') return false;
  const f = policyFunction(ast.name);
  if (!f || f.result === 'matrix') return false;
  try {
    return translator.translate(ast, e.sheet, e.cell.row, e.cell.col, false).text === arrayText;
  } catch (err) {
    if (err instanceof Uncomputable) return false;
    throw err;
  }
}

/**
 * A POLICY call whose arguments are constants or cells without formulas does not need the
 * spreadsheet engine: it is computed here, with the workbook's policy, and handed to HyperFormula
 * as a constant (the common case: a column of =POLICY.PAYROLL(B2,C2,…)). Anything else —
 * nested calls, formula inputs, other sheets, spilled results, error results — is left to
 * HyperFormula. Answers undefined when the call cannot be folded.
 */
function foldPolicyCall(ast: Ast, row: number, col: number, at: (ref: string) => unknown, ctx: PolicyCallContext, date1904: boolean): unknown {
  if (ast.k !== 'call') return undefined;
  const fn = policyFunction(ast.name);
  if (!fn || fn.result === 'matrix' || fn.id === 'EXPLAIN') return undefined;
  const args: unknown[] = [];
  for (const a of ast.args) {
    if (a === null) args.push(null);
    else if (a.k === 'num' || a.k === 'str' || a.k === 'bool') args.push(a.v);
    else if (a.k === 'neg' && a.a.k === 'num') args.push(-a.a.v);
    else if (a.k === 'ref' && a.sheet === undefined && a.book === undefined && a.r1 && a.c1) {
      const ref = refText(a, row, col);
      if (!ref) return undefined;
      const v = at(ref);
      if (v === undefined) return undefined; // a formula or an error among the inputs
      args.push(v);
    } else return undefined;
  }
  while (args.length > 0 && args[args.length - 1] === null) args.pop();
  const r = callPolicy(fn, args, ctx, date1904);
  return 'value' in r && !Array.isArray(r.value) ? r.value : undefined;
}
