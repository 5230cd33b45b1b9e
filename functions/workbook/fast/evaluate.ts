import type { FunctionDecl } from '../../../shared/src/index.js';
import type { PolicyCallContext } from '../policy/calls.js';
import { callPolicy, policyFunction } from '../policy/calls.js';
import { FormulaSyntaxError, FormulaTrees, someNode } from '../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';
import { MAX_CELL_TEXT } from '../model/limits.js';
import type { CellRange, ColumnIndex, ValueIndex, CompiledFormula, CompiledRange, Compiler, FastAst, FastNames, RefAst } from './compile.js';
import { namesSomething, narrow, oneCell } from './compile.js';
import { FUNCTIONS } from './functions.js';
import { readRows } from '../xlsx/sheet-scanner.js';
import { LookupIndex } from './lookups.js';
import { CriteriaIndex } from './conditions.js';
import type { ScannedSheet, Sheet } from './scan.js';
import type { CellValue } from './values.js';
import { COMPARISONS, DIV0, NUM, NotCompiled, REF, VALUE, XlErr, compareValues, sameValue, toNumber, toText } from './values.js';
import type { CauseSet } from '../calibration/causes.js';
import { CauseSets } from '../calibration/causes.js';
import { formulaTraits } from '../calibration/formula-traits.js';

/**
 * The fast path's evaluator: each distinct formula of a workbook compiled to a closure once (a
 * filled-down column is one), then every formula cell evaluated on demand in sheet order, its
 * value kept in the sheet's flat arrays. Operators and references are compiled here, functions
 * through their table (functions.ts), POLICY.* calls through the catalog as the HyperFormula
 * plugin calls them.
 */

/** The policy a workbook is computed with (the engine, its policy document and the language of its texts), and its date system. */
export type FastContext = PolicyCallContext & { date1904?: boolean };

/** Formula cells evaluated inside one another before the chain is handed to HyperFormula. */
const MAX_DEPTH = 2000;

/** What the evaluation found when it checked its answers against the file's own (calibration). */
export interface FastCalibration {
  /** Cells that keep Excel's cached value, with what this engine computed: by sheet, cell index. */
  kept: { sheet: number; index: number; computed: CellValue; excel: CellValue }[];
  /** Cells computed anew downstream of a real change by a formula found to differ from Excel elsewhere, with that evidence (sheet, cell index). */
  uncertain: { sheet: number; index: number; computed: CellValue; excel: CellValue | undefined; evidence: { sheet: number; index: number } }[];
}

/** Compiles and evaluates the formulas of a workbook's sheets. */
export class FastBook implements Compiler {
  private readonly compiled: CompiledFormula[] = [];
  /** Each compiled formula's R1C1 shape. */
  private readonly shapes: string[] = [];
  /** The causes a compiled formula's own calls give a change of its value (its POLICY functions). */
  private readonly ownCauses: CauseSet[] = [];
  /** The causes of change among the cells read by the formula being evaluated. */
  private upstream: CauseSet;
  private readonly uncachedCause: CauseSet;
  private readonly recomputedCause: CauseSet;
  /** The first cell each compiled formula was found to differ from Excel at (calibration). */
  private readonly differsAt = new Map<number, { sheet: number; index: number }>();
  private readonly downstream: { sheet: Sheet; index: number; id: number; computed: CellValue; excel: CellValue }[] = [];
  private readonly keptCells: FastCalibration['kept'] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byName = new Map<string, Sheet>();
  private depth = 0;
  private readonly lookups = new Map<string, LookupIndex>();
  private readonly criteria = new Map<string, CriteriaIndex>();
  /** Whether each compiled formula calls SUBTOTAL or AGGREGATE. */
  private readonly subtotals: boolean[] = [];
  private readonly hiding = new Map<Sheet, boolean>();
  private readonly sheetIndex = new Map<Sheet, number>();

  constructor(
    readonly sheets: ScannedSheet[],
    private readonly context: FastContext,
    names?: FastNames,
    /** Whether the file's cached values are Excel's own, to check this engine's answers against. */
    private readonly calibrate = false,
    readonly causes = new CauseSets(),
    /**
     * Where given, a formula the fast path refuses does not stop the compiling: its cells are
     * counted here by the reason (the reach of the fast path, measured), and the book is not run.
     */
    private readonly refusals?: Map<string, number>,
  ) {
    this.upstream = causes.none;
    this.uncachedCause = causes.of({ kind: 'uncached' });
    this.recomputedCause = causes.of({ kind: 'recomputed' });
    for (const s of sheets) this.byName.set(s.name.toUpperCase(), s.sheet);
    sheets.forEach((s, i) => this.sheetIndex.set(s.sheet, i));
    const trees = new FormulaTrees();
    const refused = new Map<string, string>();
    sheets.forEach((s, si) => {
      for (const f of s.formulas) {
        const { text, row, col } = f.source;
        const tree = trees.at(text, row, col);
        const { ast } = tree;
        // A formula naming a table or a defined name compiles per sheet (names and tables resolve by sheet).
        const key = !(ast instanceof FormulaSyntaxError) && namesSomething(ast) ? `${si}\u0000${tree.key}` : tree.key;
        let id = this.byKey.get(key);
        if (id === undefined) {
          try {
            if (ast instanceof FormulaSyntaxError) throw new NotCompiled(`a formula the fast path does not read: ${ast.message}`);
            const compiled = this.value(narrow(ast, { sheet: si, row: f.row, col: f.col, names, depth: 0 }));
            id = this.compiled.length;
            this.compiled.push(compiled);
            this.shapes.push(tree.key);
            this.ownCauses.push(causes.of(...formulaTraits(ast).policy.map((fn) => ({ kind: 'policy' as const, fn }))));
            this.subtotals.push(someNode(ast, (n) => n.k === 'call' && (n.name === 'SUBTOTAL' || n.name === 'AGGREGATE')));
          } catch (e) {
            if (!refusals || !(e instanceof NotCompiled)) throw e;
            id = -1;
            refused.set(key, e.message);
          }
          this.byKey.set(key, id);
        }
        if (id < 0) {
          const reason = refused.get(key)!;
          refusals!.set(reason, (refusals!.get(reason) ?? 0) + 1);
          continue;
        }
        s.sheet.formulaIds[f.row * s.sheet.width + f.col] = id + 1;
      }
    });
  }

  /** Whether the workbook counts its date serials from 1904 (the date functions, TEXT and POLICY calls read them so). */
  get date1904(): boolean {
    return this.context.date1904 === true;
  }

  hidesRows(sheet: Sheet): boolean {
    let hides = this.hiding.get(sheet);
    if (hides === undefined) {
      const scanned = this.sheets[this.sheetIndex.get(sheet)!]!;
      this.hiding.set(sheet, (hides = readRows(scanned.xml).rows.some((r) => r.attributes.hidden === '1' || r.attributes.hidden === 'true')));
    }
    return hides;
  }

  holdsSubtotal(sheet: Sheet, row: number, col: number): boolean {
    if (row >= sheet.height || col >= sheet.width) return false;
    const id = sheet.formulaIds[row * sheet.width + col]!;
    return id > 0 && this.subtotals[id - 1]!;
  }

  /** The R1C1 shape of the formula in a cell (sheet, row-major index), as the summary groups cells by it. */
  shapeAt(sheet: number, index: number): string {
    return this.shapes[this.sheets[sheet]!.sheet.formulaIds[index]! - 1] ?? '';
  }

  /** Distinct compiled formulas (a filled-down column is one). */
  get distinct(): number {
    return this.compiled.length;
  }

  /** Evaluates every formula cell; answers their values in the order of each sheet's formulas. */
  run(): CellValue[][] {
    return this.sheets.map((s) => s.formulas.map((f) => this.get(s.sheet, f.row, f.col)));
  }

  get(sheet: Sheet, row: number, col: number): CellValue {
    if (row >= sheet.height || col >= sheet.width) return null;
    const i = row * sheet.width + col;
    const id = sheet.formulaIds[i]!;
    if (id === 0) return sheet.values[i]!;
    const state = sheet.state[i]!;
    if (state === 2) {
      if (sheet.changed[i] === 1) this.upstream = this.causes.union(this.upstream, sheet.causes.get(i)!);
      return sheet.values[i]!;
    }
    if (state === 1) throw new NotCompiled('a circular reference');
    if (this.depth >= MAX_DEPTH) throw new NotCompiled('a chain of formulas too deep to follow here');
    this.depth++;
    sheet.state[i] = 1;
    const outer = this.upstream;
    this.upstream = this.causes.none;
    let v = this.compiled[id - 1]!(sheet, row, col);
    if (v === null) v = 0; // a formula that points at an empty cell shows 0
    else if (typeof v === 'number' && !Number.isFinite(v)) v = NUM;
    v = this.checked(sheet, i, id - 1, v);
    sheet.values[i] = v;
    sheet.state[i] = 2;
    this.depth--;
    this.upstream = sheet.changed[i] === 1 ? this.causes.union(outer, sheet.causes.get(i)!) : outer;
    return v;
  }

  /**
   * A formula cell's answer checked against the value the file caches for it. The same value:
   * nothing changed. Another value, or none cached: the cell changed, because of its own POLICY
   * calls, of the changed cells it read, or of no cached value. A cell whose formula calls nothing
   * that changes by itself and whose inputs all agree with the file, yet differs, is a formula this
   * engine answers otherwise than Excel: where the cached values are Excel's own, it keeps Excel's
   * value (answered here, for the cells that read it) and is reported.
   */
  private checked(sheet: Sheet, index: number, id: number, v: CellValue): CellValue {
    const upstream = this.upstream;
    const own = this.ownCauses[id]!;
    const excel = sheet.cached.get(index);
    let causes: CauseSet;
    if (excel === undefined) causes = this.causes.union(this.causes.union(own, upstream), this.uncachedCause);
    else if (sameValue(v, excel)) return v;
    else if (own !== this.causes.none) causes = this.causes.union(own, upstream);
    else if (upstream !== this.causes.none) {
      causes = upstream;
      this.downstream.push({ sheet, index, id, computed: v, excel });
    } else if (this.calibrate) {
      const at = { sheet: this.sheetIndex.get(sheet)!, index };
      if (!this.differsAt.has(id)) this.differsAt.set(id, at);
      this.keptCells.push({ ...at, computed: v, excel });
      sheet.kept[index] = 1;
      return excel;
    } else causes = this.recomputedCause;
    sheet.changed[index] = 1;
    sheet.causes.set(index, causes);
    return v;
  }

  /** What the evaluation found against the file's own answers (after run()). */
  calibration(): FastCalibration {
    const uncertain: FastCalibration['uncertain'] = [];
    for (const d of this.downstream) {
      const evidence = this.differsAt.get(d.id);
      if (evidence) uncertain.push({ sheet: this.sheetIndex.get(d.sheet)!, index: d.index, computed: d.computed, excel: d.excel, evidence });
    }
    return { kept: this.keptCells, uncertain };
  }

  /** The index of a range's cells (a lookup's column or row), built once per range. */
  indexOf(range: CellRange): ColumnIndex {
    return this.indexed(this.lookups, range, range.r2, range.c2, (cells, _width, causes) => new LookupIndex(cells, causes));
  }

  /** The index of a criteria range's cells by value, over the part of the range inside its sheet's used area, built once per range. */
  criteriaIndexOf(range: CellRange): ValueIndex {
    const bottom = Math.min(range.r2, range.sheet.height - 1);
    const right = Math.min(range.c2, range.sheet.width - 1);
    return this.indexed(this.criteria, range, bottom, right, (cells, width, causes) => new CriteriaIndex(cells, width, causes));
  }

  /**
   * An index of the cells of `range` down to `bottom` and across to `right` (row-major), built by
   * `make` the first time the range is asked for. The index remembers the causes of change among
   * its cells, and every formula that looks through it takes them on.
   */
  private indexed<T extends { readonly causes: CauseSet }>(cache: Map<string, T>, range: CellRange, bottom: number, right: number, make: (cells: CellValue[], width: number, causes: CauseSet) => T): T {
    const id = `${range.sheet.name}\u0000${range.r1}:${range.c1}:${range.r2}:${range.c2}`;
    let index = cache.get(id);
    if (!index) {
      const outer = this.upstream;
      this.upstream = this.causes.none;
      const cells: CellValue[] = [];
      for (let r = range.r1; r <= bottom; r++) for (let c = range.c1; c <= right; c++) cells.push(this.get(range.sheet, r, c));
      cache.set(id, (index = make(cells, Math.max(0, right - range.c1 + 1), this.upstream)));
      this.upstream = outer;
    }
    this.upstream = this.causes.union(this.upstream, index.causes);
    return index;
  }

  /** A structured reference's guard: the formula's cell must be where the reference was resolved for. */
  private guarded(guard: RefAst['guard']): ((sheet: Sheet, row: number, col: number) => void) | undefined {
    if (!guard) return undefined;
    return (sheet, row, col) => {
      if (this.sheetIndex.get(sheet) !== guard.sheet || row < guard.rows[0] || row > guard.rows[1] || col < guard.cols[0] || col > guard.cols[1]) throw new NotCompiled('a structured reference outside its table');
    };
  }

  private sheetOf(name: string | undefined): Sheet | undefined {
    if (name === undefined) return undefined;
    const sheet = this.byName.get(name.toUpperCase());
    if (!sheet) throw new NotCompiled(`a reference to a sheet that is not there: ${name}`);
    return sheet;
  }

  range(ast: FastAst): CompiledRange | undefined {
    if (ast.k !== 'ref') return undefined;
    const fixed = this.sheetOf(ast.sheet);
    const { r1, c1, r2, c2 } = ast;
    const check = this.guarded(ast.guard);
    return (sheet, row, col) => {
      check?.(sheet, row, col);
      const top = r1.abs ? r1.n : row + r1.n;
      const bottom = r2.abs ? r2.n : row + r2.n;
      const left = c1.abs ? c1.n : col + c1.n;
      const right = c2.abs ? c2.n : col + c2.n;
      // Excel stores ranges top-left first; HyperFormula misreads a reversed one (E1:C2), so it is left alone.
      if (top > bottom || left > right) throw new NotCompiled('a range written bottom-right first');
      if (top < 0 || left < 0 || bottom >= MAX_ROWS || right >= MAX_COLS) return REF;
      return { sheet: fixed ?? sheet, r1: top, c1: left, r2: bottom, c2: right };
    };
  }

  value(ast: FastAst): CompiledFormula {
    switch (ast.k) {
      case 'num':
      case 'str':
      case 'bool': {
        const v = ast.v;
        return () => v;
      }
      case 'err': {
        const e = XlErr.of(ast.v);
        return () => e;
      }
      case 'ref': {
        if (ast.range) throw new NotCompiled('a range where a single value belongs');
        const fixed = this.sheetOf(ast.sheet);
        const { r1, c1 } = ast;
        const check = this.guarded(ast.guard);
        return (sheet, row, col) => {
          check?.(sheet, row, col);
          const r = r1.abs ? r1.n : row + r1.n;
          const c = c1.abs ? c1.n : col + c1.n;
          if (r < 0 || c < 0 || r >= MAX_ROWS || c >= MAX_COLS) return REF;
          return this.get(fixed ?? sheet, r, c);
        };
      }
      case 'neg': {
        const operand = this.value(ast.a);
        return (sheet, row, col) => {
          const x = toNumber(operand(sheet, row, col));
          return typeof x === 'number' ? -x : x;
        };
      }
      case 'pct': {
        const operand = this.value(ast.a);
        return (sheet, row, col) => {
          const x = toNumber(operand(sheet, row, col));
          return typeof x === 'number' ? x / 100 : x;
        };
      }
      case 'op':
        return this.operator(ast.op, this.value(ast.a), this.value(ast.b));
      case 'call':
        return this.call(ast.name, ast.args);
    }
  }

  scalars(args: FastAst[]): CompiledFormula[] {
    return args.map((a) => {
      if (a.k === 'ref' && a.range) throw new NotCompiled('a range where one value belongs');
      return this.value(a);
    });
  }

  private operator(op: string, left: CompiledFormula, right: CompiledFormula): CompiledFormula {
    const arithmetic =
      (apply: (x: number, y: number) => CellValue): CompiledFormula =>
      (sheet, row, col) => {
        const x = toNumber(left(sheet, row, col));
        if (typeof x !== 'number') return x;
        const y = toNumber(right(sheet, row, col));
        if (typeof y !== 'number') return y;
        return apply(x, y);
      };
    switch (op) {
      case '+':
        return arithmetic((x, y) => x + y);
      case '-':
        return arithmetic((x, y) => x - y);
      case '*':
        return arithmetic((x, y) => x * y);
      case '/':
        return arithmetic((x, y) => (y === 0 ? DIV0 : x / y));
      case '^':
        return arithmetic((x, y) => {
          if (x === 0 && y === 0) throw new NotCompiled('0^0');
          const v = Math.pow(x, y);
          return Number.isFinite(v) ? v : NUM;
        });
      case '&':
        return (sheet, row, col) => {
          const x = left(sheet, row, col);
          if (x instanceof XlErr) return x;
          const y = right(sheet, row, col);
          if (y instanceof XlErr) return y;
          const text = toText(x) + toText(y);
          return text.length > MAX_CELL_TEXT ? VALUE : text;
        };
      default: {
        const test = COMPARISONS[op]!;
        return (sheet, row, col) => {
          const x = left(sheet, row, col);
          if (x instanceof XlErr) return x;
          const y = right(sheet, row, col);
          if (y instanceof XlErr) return y;
          return test(compareValues(x, y));
        };
      }
    }
  }

  private call(name: string, args: FastAst[]): CompiledFormula {
    if (name.startsWith('POLICY.')) return this.policyCall(name, args);
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!fn) throw new NotCompiled(`the function ${name}`);
    if (args.length < fn.arity[0] || args.length > fn.arity[1]) throw new NotCompiled(`${name} with ${args.length} arguments`);
    return fn.compile(args, this, name);
  }

  /** A catalog function, called exactly as the HyperFormula plugin calls it. */
  private policyCall(name: string, args: FastAst[]): CompiledFormula {
    const declared = policyFunction(name);
    if (!declared) throw new NotCompiled(`${name}, not a catalog function`); // HyperFormula answers #NAME?
    if (declared.result === 'matrix') throw new NotCompiled(`${name}, a spilled result`);
    const parts = args.map((a) => {
      const range = this.range(a);
      return range && a.k === 'ref' && a.range && !oneCell(a) ? { range } : { value: this.value(a.k === 'ref' ? { ...a, range: false } : a) };
    });
    const list: unknown[] = new Array(parts.length);
    return (sheet, row, col) => {
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        if (part.range) {
          const range = part.range(sheet, row, col);
          if (range instanceof XlErr) return range;
          const matrix = this.matrix(range);
          if (matrix instanceof XlErr) return matrix;
          list[i] = matrix;
        } else {
          const v = part.value(sheet, row, col);
          if (v instanceof XlErr) return v; // an error argument: the same error, as Excel does
          list[i] = v;
        }
      }
      return this.policyResult(declared, list.slice());
    };
  }

  private matrix(range: CellRange): CellValue[][] | XlErr {
    const out: CellValue[][] = [];
    for (let r = range.r1; r <= range.r2; r++) {
      const row: CellValue[] = [];
      for (let c = range.c1; c <= range.c2; c++) {
        const v = this.get(range.sheet, r, c);
        if (v instanceof XlErr) return v;
        row.push(v);
      }
      out.push(row);
    }
    return out;
  }

  private policyResult(declared: FunctionDecl, args: unknown[]): CellValue {
    const answer = callPolicy(declared, args, this.context, this.date1904);
    if ('error' in answer) return XlErr.of(answer.error.code);
    const v = answer.value;
    if (Array.isArray(v)) throw new NotCompiled(`POLICY.${declared.id} answered an array`);
    return v as CellValue;
  }
}
