import type { Engine, Lang, PolicyDoc } from '../../../shared/src/index.js';
import { findFunction } from '../../../shared/src/index.js';
import type { Book } from '../xlsx/book.js';
import type { NewValue, SheetCell } from '../xlsx/cells.js';
import { formatRef, parseRange, patchSheet, readCells, unescapeText } from '../xlsx/cells.js';
import { engineFunctions, evaluate, in1900System, in1904System } from './engine.js';
import type { Area } from '../model/area.js';
import type { AssumedReason, Assumption, KeptReason } from '../model/outcomes.js';
import { EngineFormula } from './translate/engine-formula.js';
import { Uncomputable } from './translate/translation.js';
import { MESSAGE_ERRORS, UNSURE_MESSAGE } from '../excel/functions.js';
import { WorkbookLayout } from '../xlsx/layout.js';
import type { RangeRead } from '../budget/prescan.js';
import type { Ast } from '../formula/parser.js';
import { FormulaSyntaxError, FormulaTrees, refText, shownFormula, someNode } from '../formula/parser.js';

/**
 * Recalculation through HyperFormula, for every workbook the fast path does not cover. Each formula
 * is read by the project's parser and written out for HyperFormula (engine-formula.ts); a cell
 * whose formula cannot be computed here keeps the value the file cached and is reported, and so
 * are the cells that can only be computed from such a cell when it has no cached value. Nothing
 * Excel accepts refuses the workbook: a formula HyperFormula cannot read, a circular reference, a
 * function it lacks all keep their cell's cached value.
 */

/**
 * How many arguments Excel takes where HyperFormula's declaration says otherwise: INDEX's fourth
 * (the area), OFFSET (which HyperFormula reads itself and declares without arguments).
 */
const EXCEL_ARITY: Record<string, { min: number; max: number } | undefined> = { INDEX: { min: 2, max: 4 }, OFFSET: undefined };

/** HyperFormula's message for a call with too many or too few arguments (its ErrorMessage.WrongArgNumber). */
const WRONG_ARGUMENT_COUNT = 'Wrong number of arguments.';

/** A formula cell that kept the value the file cached, and why. */
export interface KeptCell {
  cell: string;
  reason: KeptReason;
  detail: string;
}

/**
 * A formula cell the file gives no value for, whose answer rests on an assumption (the en-US
 * language, no add-in…), with what was assumed: it was computed, with Excel's likeliest answer.
 */
export interface AssumedCell {
  cell: string;
  reason: AssumedReason;
  detail: string;
}

export interface EngineSummary {
  formulas: number;
  errors: Record<string, number>;
  kept: KeptCell[];
  assumed: AssumedCell[];
}

interface Ctx {
  engine: Engine;
  policy: PolicyDoc;
  lang: Lang;
}

/** A constant cell's value as a catalog function receives it (text unescaped). */
function cellRaw(cell: SheetCell, shared: string[]): unknown {
  const t = cell.attrs.t;
  if (t === 'inlineStr') return cell.inlineText ?? '';
  if (cell.value === undefined) return null;
  if (t === 's') return shared[Number(cell.value)] ?? '';
  if (t === 'str') return unescapeText(cell.value);
  if (t === 'b') return cell.value === '1' || cell.value === 'true';
  if (t === 'e') return undefined; // an error input: HyperFormula reads its literal and propagates it
  if (t === 'd') return undefined;
  const n = Number(cell.value);
  return Number.isFinite(n) ? n : cell.value;
}

/**
 * Text that HyperFormula must not take for something else: a formula, a number or date ("12",
 * "01/02/2024"), a currency amount ("$5"), a boolean ("TRUE") or an error ("#N/A"). A text cell
 * holding "TRUE" is text in Excel; fed bare, HyperFormula would make it a boolean.
 */
function text(s: string): string {
  if (s === '') return "'"; // empty text, which is not an empty cell
  // (1,000) and Jan-2024 too: HyperFormula would read them as numbers and dates.
  return /^[=+\-@'#]/.test(s) || /^\s*[-+(]?(\d|\.\d|\$)/.test(s) || /^\s*(true|false)\s*$/i.test(s) || /^\s*\d|^\s*[A-Za-z]{3,9}\.?[\s,/-]+\d/.test(s) ? `'${s}` : s;
}

/** A constant cell as HyperFormula is given it: text escaped, an error as its literal (#N/A…). */
function cellInput(cell: SheetCell, shared: string[]): unknown {
  const v = cellRaw(cell, shared);
  if (v === undefined) {
    // #NULL!, #SPILL!, #CALC!…: codes HyperFormula has none of, carried as their messages (MESSAGE_ERRORS).
    if (cell.attrs.t === 'e' && cell.value && MESSAGE_ERRORS.has(cell.value)) return `=EXCEL.ERROR("${cell.value}")`;
    if (cell.attrs.t === 'e' && cell.value && /^#(DIV\/0!|N\/A|NAME\?|NUM!|REF!|VALUE!)$/.test(cell.value)) return cell.value;
    return cell.attrs.t === 'e' ? '#VALUE!' : cell.value === undefined ? null : `'${cell.value}`;
  }
  return typeof v === 'string' ? text(v) : v;
}

/**
 * A POLICY call whose arguments are constants or cells without formulas does not need the
 * spreadsheet engine: it is computed here, with the workbook's policy, and handed to HyperFormula
 * as a constant (the common case: a column of =POLICY.PAYROLL(B2,C2,…)). Anything else —
 * nested calls, formula inputs, other sheets, spilled results, error results — is left to
 * HyperFormula. Answers undefined when the call cannot be folded.
 */
function foldPolicyCall(ast: Ast, row: number, col: number, at: (ref: string) => unknown, ctx: Ctx, date1904: boolean): unknown {
  if (ast.k !== 'call' || !ast.name.startsWith('POLICY.')) return undefined;
  const fn = findFunction(ast.name.slice(7));
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
  const r = date1904 ? in1904System(fn, ctx.engine.callWith(fn, in1900System(fn, args), ctx.policy, ctx.lang)) : ctx.engine.callWith(fn, args, ctx.policy, ctx.lang);
  return 'value' in r && !Array.isArray(r.value) ? r.value : undefined;
}

interface FormulaEntry {
  sheet: number;
  cell: SheetCell;
  /** The formula as written and the cell it was written for (a shared formula's master). */
  text: string;
  row: number;
  col: number;
  /** The range a `t="array"` formula fills, anchor included. */
  array?: { from: { row: number; col: number }; to: { row: number; col: number } };
  dataTable: boolean;
  /** HyperFormula's text, or why the cell keeps its cached value. */
  engineText?: string;
  reads: Area[];
  kept?: { reason: KeptReason; detail: string };
  /** For a cell without a cached value: what its answer assumes, when it rests on an assumption. */
  assumed?: Assumption[];
  /** On a circular reference and without a cached value: 0, as Excel shows it. */
  circular?: boolean;
  folded?: unknown;
  /**
   * A one-cell array formula HyperFormula may compute as an ordinary one (same text either way, a
   * single result): no array vertex for it.
   */
  plain?: boolean;
  /** A what-if data table's inputs: one input cell (r1) down a column or (row) across a row, or two (r1 row input, r2 column input). */
  table?: { twoD: boolean; row: boolean; r1?: { row: number; col: number }; r2?: { row: number; col: number }; deleted: boolean };
}

const pos = (row: number, col: number) => row * 16384 + col;

export function hyperFormulaPath(
  book: Book,
  ctx: Ctx,
  checkCellCount: (n: number) => void,
  summary: EngineSummary,
  checkRanges: (reads: RangeRead[], sheets: { name: string; rows: number; cols: number }[]) => void = () => undefined,
): Map<string, Uint8Array> {
  const xmls = book.sheets.map((s) => new TextDecoder().decode(s.data));
  const sheetCells = xmls.map((xml) => readCells(xml));
  checkCellCount(sheetCells.reduce((n, c) => n + c.length, 0));
  // Each sheet's used rows and columns, and the workbook's (past them every cell is empty).
  const extents = sheetCells.map((cells, i) => {
    let rows = 0;
    let cols = 0;
    for (const c of cells) {
      if (c.row >= rows) rows = c.row + 1;
      if (c.col >= cols) cols = c.col + 1;
    }
    return { name: book.sheets[i]!.name, rows, cols };
  });
  const extent = { rows: Math.max(1, ...extents.map((e) => e.rows)), cols: Math.max(1, ...extents.map((e) => e.cols)) };
  const byPosition = sheetCells.map((cells) => new Map(cells.map((c) => [pos(c.row, c.col), c])));
  const nonBlank: SheetCell[][] = [];
  const occupiedAreas = new Map<string, { sheet: number; r1: number; r2: number; c1: number; c2: number } | undefined>();
  const sheetNames = book.sheets.map((s) => s.name);

  // Every formula cell, shared followers given their master's text, array ranges noted.
  const entries: FormulaEntry[] = [];
  const arrays = sheetCells.map(() => new Map<number, Area>());
  sheetCells.forEach((cells, si) => {
    const masters = new Map<string, SheetCell>();
    for (const c of cells) if (c.formulaAttrs?.t === 'shared' && c.formulaAttrs.ref && c.formula) masters.set(c.formulaAttrs.si ?? '', c);
    for (const c of cells) {
      const fa = c.formulaAttrs;
      if (!fa) continue;
      let src: SheetCell | undefined = c;
      if (fa.t === 'shared' && !c.formula) src = masters.get(fa.si ?? '');
      const dataTable = fa.t === 'dataTable';
      if (!dataTable && (!src?.formula || src.formula.trim() === '')) continue;
      let array: FormulaEntry['array'];
      if ((fa.t === 'array' || dataTable) && fa.ref) {
        try {
          array = parseRange(fa.ref);
          arrays[si]!.set(pos(c.row, c.col), { sheet: si, r1: array.from.row, c1: array.from.col, r2: array.to.row, c2: array.to.col });
        } catch {
          array = undefined;
        }
      }
      entries.push({ sheet: si, cell: c, text: src?.formula ?? '', row: src?.row ?? c.row, col: src?.col ?? c.col, array, dataTable, reads: [] });
    }
  });

  const known = engineFunctions();
  const byFormulaCell = sheetNames.map(() => new Map<number, FormulaEntry>());
  for (const e of entries) byFormulaCell[e.sheet]!.set(pos(e.cell.row, e.cell.col), e);
  const names = new Map<string, string>();
  for (const n of book.definedNames) names.set(`${n.localSheet ?? ''}\u0000${n.name.toUpperCase()}`, n.formula);
  const translator = new EngineFormula({
    sheets: sheetNames,
    tables: book.tables,
    name: (name, sheet) => names.get(`${sheet}\u0000${name.toUpperCase()}`) ?? names.get(`\u0000${name.toUpperCase()}`),
    spill: (sheet, row, col) => arrays[sheet]?.get(pos(row, col)),
    known: (fn) => known.has(fn),
    scalarArgument: (fn, i) => known.get(fn)?.scalar(i) ?? false,
    externals: book.externals,
    arity: (fn) => (fn in EXCEL_ARITY ? EXCEL_ARITY[fn] : known.get(fn)),
    formula: (sheet, row, col) => {
      const e = byFormulaCell[sheet]?.get(pos(row, col));
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
      const cells = (nonBlank[area.sheet] ??= (sheetCells[area.sheet] ?? []).filter((c) => c.formulaAttrs || cellRaw(c, book.sharedStrings) !== null));
      let out: { sheet: number; r1: number; r2: number; c1: number; c2: number } | undefined;
      for (const c of cells) {
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
    extent,
    layout: new WorkbookLayout(book.styles, (sheet) => xmls[sheet] ?? '', (sheet, row, col) => {
      const c = byPosition[sheet]?.get(pos(row, col));
      return c ? Number(c.attrs.s ?? 0) : undefined;
    }),
    ...(book.dataModel ? { dataModel: book.dataModel } : {}),
    constant: (sheet, row, col) => {
      const c = byPosition[sheet]?.get(pos(row, col));
      if (!c) return null;
      return c.formulaAttrs ? undefined : cellRaw(c, book.sharedStrings);
    },
  });
  const trees = new FormulaTrees();
  /** Cells holding SUBTOTAL or AGGREGATE, which other subtotals leave out. */
  const subtotals = new Set<string>();
  const hasFormula = (si: number, row: number, col: number) => {
    const c = byPosition[si]!.get(pos(row, col));
    return c !== undefined && hasOwnFormula(c);
  };
  for (const e of entries) {
    if (e.dataTable) continue; // computed after the build, from the formulas it tabulates
    const { ast } = trees.at(e.text, e.row, e.col);
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
      const constantAt = (ref: string): unknown => {
        const { from, to } = parseRange(ref.replace(/\$/g, ''));
        const rows: unknown[][] = [];
        for (let r = from.row; r <= to.row; r++) {
          const row: unknown[] = [];
          for (let col = from.col; col <= to.col; col++) {
            if (hasFormula(e.sheet, r, col)) return undefined;
            const c = byPosition[e.sheet]!.get(pos(r, col));
            const v = c ? cellRaw(c, book.sharedStrings) : null;
            if (v === undefined) return undefined;
            row.push(v);
          }
          rows.push(row);
        }
        return ref.includes(':') ? rows : rows[0]![0];
      };
      e.folded = foldPolicyCall(ast, e.cell.row, e.cell.col, constantAt, ctx, book.date1904);
    }
  }

  for (const e of entries) if (e.dataTable) dataTableInputs(e, book);
  const hidden = xmls.map((xml, si) => {
    const rows = new Set<number>();
    const byHand = new Set<number>();
    for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*>/g)) {
      if (!/\shidden="(?:1|true)"/.test(m[0])) continue;
      const r = /\sr="(\d+)"/.exec(m[0]);
      if (!r) continue;
      rows.add(Number(r[1]) - 1);
      if (/\scustomHeight="(?:1|true)"/.test(m[0])) byHand.add(Number(r[1]) - 1);
    }
    // Rows a filter hid: a row's "filtered" flag is not in the file. On a sheet whose autoFilter or
    // table filters, Excel's SUBTOTAL(1–11) leaves out its hidden rows, but counts a hidden row
    // whose height was set by hand (customHeight): it was hidden by hand (checked against Excel's values).
    const active = /<(?:\w+:)?filterColumn\b/.test(xml) || book.tables.some((t) => t.sheet === si && t.filtered);
    const filtered = active ? new Set([...rows].filter((r) => !byHand.has(r))) : new Set<number>();
    return { rows, filtered };
  });
  // The ranges HyperFormula would build, as translated (cut to the used area where Excel's answer
  // allows): over the budget, the workbook is refused before HyperFormula starts.
  checkRanges(
    entries.flatMap((e) => (e.kept ? [] : e.reads.map((a) => ({ ...a, where: `${sheetNames[e.sheet]}!${formatRef(e.cell)}` })))),
    extents,
  );
  // Build, read; a cell HyperFormula cannot read or finds circular keeps its cached value, and the
  // workbook is built again without it (at most a few rounds: each round only removes formulas).
  for (let round = 0; ; round++) {
    propagateKept(entries, book);
    const data: Record<string, unknown[][]> = {};
    book.sheets.forEach((sheet, si) => {
      const cells = sheetCells[si]!;
      let rows = 0;
      for (const c of cells) rows = Math.max(rows, c.row + 1);
      // Rows as long as their last cell, no longer: a sheet with cells at A1 and XFD1048576 is two short rows, not a grid of 17 billion.
      const grid: unknown[][] = Array.from({ length: rows }, () => []);
      for (const c of cells) grid[c.row]![c.col] = cellInput(c, book.sharedStrings);
      data[sheet.name] = grid;
    });
    for (const e of entries) {
      const grid = data[sheetNames[e.sheet]!]!;
      if (e.kept || e.dataTable) continue; // the cached value, already in the grid (a data table's, until computed)
      if (e.circular) {
        grid[e.cell.row]![e.cell.col] = 0;
        continue;
      }
      if (e.array && !e.plain) {
        // The cells an array result covers hold its old values: empty them so the result fills them.
        for (let r = e.array.from.row; r <= e.array.to.row; r++) {
          for (let c = e.array.from.col; c <= e.array.to.col; c++) if (grid[r] && c < grid[r]!.length && !hasFormula(e.sheet, r, c)) grid[r]![c] = null;
        }
        const h = e.array.to.row - e.array.from.row + 1;
        const w = e.array.to.col - e.array.from.col + 1;
        grid[e.cell.row]![e.cell.col] = `=EXCEL.ARRAYFILL(${h},${w},${e.engineText})`;
      } else if (e.folded !== undefined) grid[e.cell.row]![e.cell.col] = typeof e.folded === 'string' ? text(e.folded) : e.folded;
      else grid[e.cell.row]![e.cell.col] = `=${e.engineText}`;
    }
    const assumedAt = new Map<string, Assumption>();
    const unsureAt = new Map<string, string>();
    const uncached = (si: number, row: number, col: number) => {
      const c = byPosition[si]?.get(pos(row, col));
      return c !== undefined && !hasCachedValue(c);
    };
    const result = evaluate({ names: sheetNames, data, namedExpressions: [] }, ctx, { date1904: book.date1904, hidden, subtotals, uncached, assumed: assumedAt, unsure: unsureAt });
    let again = false;
    try {
      const cyclic: FormulaEntry[] = [];
      for (const e of entries) {
        if (e.kept || e.dataTable) continue;
        const v = result.read(e.sheet, e.cell.row, e.cell.col);
        if (v !== null && typeof v === 'object') {
          const code = (v as { value: string }).value;
          const message = (v as { message?: string }).message ?? '';
          if (code === '#CYCLE!') cyclic.push(e);
          // Excel takes no call with the wrong number of arguments, so its cached value came from
          // something else (another version's function of that name): it is kept, not replaced by #N/A.
          else if (code === '#N/A' && message === WRONG_ARGUMENT_COUNT) e.kept = { reason: 'function', detail: 'a call with a number of arguments this engine does not take' };
          else if (message.startsWith(UNSURE_MESSAGE)) e.kept = { reason: 'function', detail: message.slice(UNSURE_MESSAGE.length + 2) };
          else if (code === '#ERROR!') e.kept = { reason: 'syntax', detail: `HyperFormula cannot read it: ${(v as { message?: string }).message ?? ''}`.trim() };
          if (e.kept) again = true;
        }
        // A case a function was unsure of, whose error was caught on the way (IFERROR, ISERROR): the cell keeps its value all the same.
        const why = e.kept ? undefined : unsureAt.get(`${e.sheet}:${e.cell.row}:${e.cell.col}`);
        if (why !== undefined) {
          e.kept = { reason: 'function', detail: why };
          again = true;
        }
      }
      // HyperFormula marks a cycle's cells and everything computed from them: only the cycle keeps its values.
      for (const e of inCycles(cyclic)) {
        // Excel (without iterative calculation) shows 0 in a circular reference's cells: a cell the
        // file gives no value for takes it; one with a value keeps it.
        if (hasCachedValue(e.cell) || e.array) e.kept = { reason: 'circular', detail: 'a circular reference' };
        else e.circular = true;
        again = true;
      }
      if (!again || round >= 3) {
        if (again) for (const e of entries) if (!e.kept && isUnreadable(result.read(e.sheet, e.cell.row, e.cell.col))) e.kept = { reason: 'syntax', detail: 'HyperFormula cannot compute it' };
        for (const e of entries) {
          const a = e.kept ? undefined : e.circular ? { reason: 'circular' as const, detail: 'a circular reference: 0, as Excel shows it without iterative calculation' } : assumedAt.get(`${e.sheet}:${e.cell.row}:${e.cell.col}`);
          if (a) e.assumed = [...(e.assumed ?? []), a];
        }
        const tables = computeDataTables(entries, result, data, sheetNames);
        return patches(entries, (s, r, c) => tables.get(`${s}:${r}:${c}`) ?? result.read(s, r, c), xmls, byPosition, book, summary);
      }
    } finally {
      result.destroy();
    }
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
  if (a.from.row !== a.to.row || a.from.col !== a.to.col || ast.k !== 'call' || !ast.name.startsWith('POLICY.')) return false;
  const f = findFunction(ast.name.slice(7));
  if (!f || f.result === 'matrix') return false;
  try {
    return translator.translate(ast, e.sheet, e.cell.row, e.cell.col, false).text === arrayText;
  } catch (err) {
    if (err instanceof Uncomputable) return false;
    throw err;
  }
}

/**
 * Whether a cell has a formula of its own (or a shared one's): Excel writes an empty `<f ca="1"/>`
 * in the other cells of a volatile array formula (CELL("width") over I1:J1), which are members of
 * the array like any other, filled by its result.
 */
const hasOwnFormula = (c: SheetCell) => c.formulaAttrs !== undefined && (c.formulaAttrs.t === 'shared' || c.formulaAttrs.t === 'dataTable' || (c.formula ?? '').trim() !== '');

const hasCachedValue = (c: SheetCell) => c.value !== undefined || c.inlineText !== undefined;

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

/** A data table's input cells, read from its formula's attributes (r1, r2, dt2D, dtr, del1, del2). */
function dataTableInputs(e: FormulaEntry, book: Book): void {
  const fa = e.cell.formulaAttrs ?? {};
  if (!e.array) {
    e.kept = { reason: 'dataTable', detail: 'a what-if data table without its range' };
    return;
  }
  try {
    const cell = (name: string) => (fa[name] ? parseRange(fa[name]!).from : undefined);
    e.table = { twoD: fa.dt2D === '1' || fa.dt2D === 'true', row: fa.dtr === '1' || fa.dtr === 'true', r1: cell('r1'), r2: cell('r2'), deleted: fa.del1 === '1' || fa.del2 === '1' };
  } catch {
    e.kept = { reason: 'dataTable', detail: `a what-if data table whose input cells cannot be read (${book.sheets[e.sheet]!.name})` };
  }
}

/**
 * What-if data tables (`<f t="dataTable">`), as Excel computes them: the tabulated formula
 * recomputed with its input cell (or the row and column input cells) set to each value of the
 * table's edge, then the input cells set back. Answers the tables' cell values by "sheet:row:col".
 */
function computeDataTables(entries: FormulaEntry[], result: ReturnType<typeof evaluate>, data: Record<string, unknown[][]>, sheetNames: string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const e of entries) {
    if (!e.dataTable || e.kept || !e.table || !e.array) continue;
    const { from, to } = e.array;
    const s = e.sheet;
    const t = e.table;
    const grid = data[sheetNames[s]!]!;
    const original = (at: { row: number; col: number }) => grid[at.row]?.[at.col] ?? null;
    const inputs = t.twoD ? [t.r1, t.r2] : [t.r1];
    if (t.deleted || inputs.some((x) => !x)) {
      for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) out.set(`${s}:${r}:${c}`, { value: '#REF!' });
      continue;
    }
    const value = (v: unknown) => (v !== null && typeof v === 'object' ? (v as { value: string }).value : v);
    for (let r = from.row; r <= to.row; r++) {
      for (let c = from.col; c <= to.col; c++) {
        let formula: { row: number; col: number };
        const sets: [{ row: number; col: number }, unknown][] = [];
        if (t.twoD) {
          formula = { row: from.row - 1, col: from.col - 1 };
          sets.push([t.r1!, value(result.read(s, from.row - 1, c))], [t.r2!, value(result.read(s, r, from.col - 1))]);
        } else if (t.row) {
          formula = { row: r, col: from.col - 1 };
          sets.push([t.r1!, value(result.read(s, from.row - 1, c))]);
        } else {
          formula = { row: from.row - 1, col: c };
          sets.push([t.r1!, value(result.read(s, r, from.col - 1))]);
        }
        for (const [at, v] of sets) result.set(s, at.row, at.col, v);
        out.set(`${s}:${r}:${c}`, result.read(s, formula.row, formula.col));
        for (const [at] of sets) result.set(s, at.row, at.col, original(at));
      }
    }
  }
  return out;
}

/** The entries that lie on a cycle among themselves (strongly connected through what they read). */
function inCycles(cells: FormulaEntry[]): FormulaEntry[] {
  if (!cells.length) return [];
  const reads = (a: FormulaEntry, b: FormulaEntry) => a.reads.some((r) => r.sheet === b.sheet && b.cell.row >= r.r1 && b.cell.row <= r.r2 && b.cell.col >= r.c1 && b.cell.col <= r.c2);
  const next = cells.map((a) => cells.map((b, j) => (reads(a, b) ? j : -1)).filter((j) => j >= 0));
  // Tarjan's strongly connected components, iteratively (a long cycle must not overflow the stack).
  const index = new Array<number>(cells.length).fill(-1);
  const low = new Array<number>(cells.length).fill(0);
  const onStack = new Array<boolean>(cells.length).fill(false);
  const stack: number[] = [];
  const out: FormulaEntry[] = [];
  let counter = 0;
  for (let root = 0; root < cells.length; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0 && index[v] === -1) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      if (i < next[v]!.length) {
        frame[1]++;
        const w = next[v]![i]!;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || next[v]!.includes(v)) for (const c of component) out.push(cells[c]!);
      }
    }
  }
  return out;
}

function isUnreadable(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const { value, message } = v as { value: string; message?: string };
  return value === '#CYCLE!' || value === '#ERROR!' || (message ?? '').startsWith(UNSURE_MESSAGE) || (value === '#N/A' && message === WRONG_ARGUMENT_COUNT);
}

/**
 * A formula that reads a kept cell without a cached value cannot be computed either (its answer
 * would be a guess): it keeps its own cached value, and so on down the chain. A kept array
 * formula's other cells keep theirs.
 */
function propagateKept(entries: FormulaEntry[], book: Book): void {
  // Cells kept without a value, by sheet: as a list and by position (an area is checked the cheaper way).
  const blind = new Map<number, { list: { row: number; col: number; ref: string }[]; at: Map<number, string> }>();
  const addBlind = (e: FormulaEntry) => {
    if (hasCachedValue(e.cell)) return;
    let b = blind.get(e.sheet);
    if (!b) blind.set(e.sheet, (b = { list: [], at: new Map() }));
    const ref = `${book.sheets[e.sheet]!.name}!${formatRef(e.cell)}`;
    b.list.push({ row: e.cell.row, col: e.cell.col, ref });
    b.at.set(pos(e.cell.row, e.cell.col), ref);
  };
  const hitIn = (a: Area): string | undefined => {
    const b = blind.get(a.sheet);
    if (!b) return undefined;
    if ((a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1) <= b.list.length) {
      for (let r = a.r1; r <= a.r2; r++) for (let c = a.c1; c <= a.c2; c++) if (b.at.has(pos(r, c))) return b.at.get(pos(r, c));
      return undefined;
    }
    return b.list.find((x) => x.row >= a.r1 && x.row <= a.r2 && x.col >= a.c1 && x.col <= a.c2)?.ref;
  };
  for (const e of entries) if (e.kept) addBlind(e);
  for (let changed = blind.size > 0; changed; ) {
    changed = false;
    for (const e of entries) {
      if (e.kept) continue;
      for (const a of e.reads) {
        const hit = hitIn(a);
        if (hit) {
          e.kept = { reason: 'input', detail: `computed from ${hit}, which could not be computed and has no cached value` };
          addBlind(e);
          changed = true;
          break;
        }
      }
    }
  }
}

function patches(entries: FormulaEntry[], read: (s: number, r: number, c: number) => unknown, xmls: string[], byPosition: Map<number, SheetCell>[], book: Book, summary: EngineSummary): Map<string, Uint8Array> {
  const bySheet = new Map<number, { start: number; end: number; value: NewValue }[]>();
  const push = (si: number, c: SheetCell, value: NewValue) => {
    const list = bySheet.get(si) ?? [];
    list.push({ start: c.start, end: c.end, value });
    bySheet.set(si, list);
  };
  const valueOf = (si: number, row: number, col: number): NewValue => {
    const v = read(si, row, col);
    if (v !== null && typeof v === 'object') {
      const err = v as { value: string; message?: string };
      const code = err.value === '#VALUE!' && MESSAGE_ERRORS.has(err.message ?? '') ? err.message! : err.value;
      summary.errors[code] = (summary.errors[code] ?? 0) + 1;
      return { error: code };
    }
    return v as NewValue;
  };
  for (const e of entries) {
    const where = `${book.sheets[e.sheet]!.name}!${formatRef(e.cell)}`;
    if (e.kept) {
      summary.kept.push({ cell: where, reason: e.kept.reason, detail: e.kept.detail });
      continue;
    }
    for (const a of e.assumed ?? []) summary.assumed.push({ cell: where, reason: a.reason, detail: a.detail });
    summary.formulas++;
    push(e.sheet, e.cell, valueOf(e.sheet, e.cell.row, e.cell.col));
    if (e.array) {
      for (let r = e.array.from.row; r <= e.array.to.row; r++) {
        for (let c = e.array.from.col; c <= e.array.to.col; c++) {
          if (r === e.cell.row && c === e.cell.col) continue;
          const member = byPosition[e.sheet]!.get(pos(r, c));
          if (member && !hasOwnFormula(member)) push(e.sheet, member, valueOf(e.sheet, r, c));
        }
      }
    }
  }
  const out = new Map<string, Uint8Array>();
  for (const [si, list] of bySheet) out.set(book.sheets[si]!.path, new TextEncoder().encode(patchSheet(xmls[si]!, list)));
  return out;
}
