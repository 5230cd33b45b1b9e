import type { CellValue as HfCellValue, SerializedNamedExpression } from 'hyperformula';
import { ArraySize, CellError, DenseSparseChooseBasedOnThreshold, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { CallResult, Engine, FunctionDecl, Lang, PolicyDoc } from '../../shared/src/index.js';
import { CATALOG } from '../../shared/src/index.js';
import { addMonths, civilFromSerial, serialFromCivil } from '../../shared/src/values/dates.js';
import { Decimal } from '../../shared/src/values/money.js';

/**
 * HyperFormula, the spreadsheet engine of the batch tool, with every catalog function registered
 * as `POLICY.<ID>` through one function plugin. HyperFormula evaluates synchronously while a
 * workbook is built; the policy and language of that workbook are the plugin's context meanwhile.
 */

interface Context {
  engine: Engine;
  policy: PolicyDoc;
  lang: Lang;
}
let active: Context | undefined;

const ERROR_TYPES: Record<string, ErrorType> = {
  '#VALUE!': ErrorType.VALUE,
  '#NUM!': ErrorType.NUM,
  '#DIV/0!': ErrorType.DIV_BY_ZERO,
  '#N/A': ErrorType.NA,
  '#NAME?': ErrorType.NAME,
};

/** A HyperFormula argument as a cell value of the wire format (errors propagate, as in Excel). */
function fromEngine(v: unknown): unknown {
  if (v === EmptyValue || v === undefined || v === null) return null;
  if (v instanceof CellError) throw v;
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map((x) => fromEngine(x)));
  if (typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val; // dates, currencies, percents
  return v;
}

function toEngine(r: CallResult): unknown {
  if ('error' in r) return new CellError(ERROR_TYPES[r.error.code] ?? ErrorType.VALUE, r.error.message);
  const v = r.value;
  if (Array.isArray(v)) return SimpleRangeValue.onlyValues(v.map((row) => row.map((x) => (x === null ? EmptyValue : x))) as never);
  return v;
}

/** How many cells a range argument of a function call covers (for ALLOCATE's column). */
function rangeCells(ast: { type: string; start?: { row: number; col: number }; end?: { row: number; col: number } } | undefined): number | undefined {
  if (!ast || ast.type !== 'CELL_RANGE' || !ast.start || !ast.end) return undefined;
  return (Math.abs(ast.end.row - ast.start.row) + 1) * (Math.abs(ast.end.col - ast.start.col) + 1);
}

class PolicyPlugin extends FunctionPlugin {}
const implemented: Record<string, object> = {};
const translations: Record<string, string> = {};

function call(f: FunctionDecl, args: unknown[]): unknown {
  const ctx = active;
  if (!ctx) return new CellError(ErrorType.VALUE, 'no workbook context');
  let list: unknown[];
  try {
    list = args.map(fromEngine);
  } catch (e) {
    return e; // an error argument: the same error, as Excel does
  }
  // Trailing omitted optional arguments arrive as undefined: drop them.
  while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  return toEngine(ctx.engine.callWith(f, list, ctx.policy, ctx.lang));
}

for (const f of CATALOG) {
  const name = `POLICY.${f.id}`;
  const method = `policy${f.id}`;
  // Every argument is optional and the last one repeats, as far as HyperFormula knows: the number
  // of arguments is checked by the rules package, which answers #VALUE! with a message naming the
  // missing argument (the same answer as the API and the add-in), not HyperFormula's bare #N/A.
  const meta: Record<string, unknown> = {
    method,
    parameters: f.params.map(() => ({ argumentType: FunctionArgumentType.ANY, optionalArg: true })),
    vectorizationForbidden: true,
  };
  if (f.params.length > 0) meta.repeatLastArgs = 1;
  if (f.result === 'matrix') {
    meta.sizeOfResultArrayMethod = `${method}Size`;
    (PolicyPlugin.prototype as unknown as Record<string, unknown>)[`${method}Size`] = function (ast: { args: never[] }) {
      if (f.id === 'PAYSLIP') return new ArraySize(2, Object.keys(active?.policy.marketing.payslipLabels ?? {}).length || 8);
      const n = rangeCells(ast.args[1]);
      return n === undefined ? ArraySize.error() : new ArraySize(1, n);
    };
  }
  implemented[name] = meta;
  translations[name] = name;
  (PolicyPlugin.prototype as unknown as Record<string, unknown>)[method] = function (this: FunctionPlugin & { runFunction: (...a: unknown[]) => unknown; metadata: (n: string) => unknown }, ast: { args: unknown[] }, state: unknown) {
    return this.runFunction(ast.args, state, this.metadata(name), (...args: unknown[]) => call(f, args));
  };
}
(PolicyPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = implemented;

/**
 * ROUND half away from zero on the number's decimal form, as Excel does: ROUND(1.005, 2) is 1.01.
 * The decimal form is the shortest that reads back as the same double (what decimal.js starts
 * from too); the common case is rounded on that text directly, the rest through decimal.js.
 */
export function excelRound(x: number, digits: number): number {
  const d = Math.trunc(digits);
  if (d >= 0 && d <= 15 && Number.isFinite(x)) {
    const s = String(x);
    if (!s.includes('e')) {
      const dot = s.indexOf('.');
      if (dot < 0 || s.length - dot - 1 <= d) return x;
      const neg = s.charCodeAt(0) === 45;
      const int = s.slice(neg ? 1 : 0, dot);
      let kept = int + s.slice(dot + 1, dot + 1 + d);
      if (s.charCodeAt(dot + 1 + d) >= 53) kept = incremented(kept); // the next digit is 5 or more: away from zero
      const cut = kept.length - d;
      const v = Number(d === 0 ? kept : `${kept.slice(0, cut)}.${kept.slice(cut)}`);
      return neg ? -v : v;
    }
  }
  if (d >= 0) return new Decimal(x).toDecimalPlaces(Math.min(d, 30), Decimal.ROUND_HALF_UP).toNumber();
  const unit = new Decimal(10).pow(-d);
  return new Decimal(x).dividedBy(unit).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(unit).toNumber();
}

/** A string of decimal digits plus one ("0999" → "1000"). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`;
}

/**
 * INT, EDATE and ROUND as Excel computes them: HyperFormula's INT truncates (INT(-2.5) = -2, Excel -3),
 * its EDATE of 31 January 2024 + 1 month gives 28 February (Excel: 29 February, the month's end), and
 * its ROUND works on the binary double (ROUND(1.005, 2) = 1; Excel 1.01).
 */
class ExcelFixesPlugin extends FunctionPlugin {
  int(ast: { args: unknown[] }, state: unknown): unknown {
    return (this as unknown as { runFunction: (...a: unknown[]) => unknown; metadata: (n: string) => unknown }).runFunction(ast.args, state, (this as never as { metadata: (n: string) => unknown }).metadata('INT'), (x: number) => Math.floor(x));
  }

  round(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as { runFunction: (...a: unknown[]) => unknown; metadata: (n: string) => unknown };
    return self.runFunction(ast.args, state, self.metadata('ROUND'), excelRound);
  }

  edate(ast: { args: unknown[] }, state: unknown): unknown {
    const self = this as unknown as { runFunction: (...a: unknown[]) => unknown; metadata: (n: string) => unknown };
    return self.runFunction(ast.args, state, self.metadata('EDATE'), (start: number, months: number) => {
      if (start < 1) return new CellError(ErrorType.NUM);
      return serialFromCivil(addMonths(civilFromSerial(start), Math.trunc(months)));
    });
  }
}
(ExcelFixesPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = {
  INT: { method: 'int', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
  EDATE: { method: 'edate', parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER }] },
  ROUND: { method: 'round', parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
};

/**
 * HyperFormula's dependency graph keeps each node's edges in an array and checks `includes` before
 * adding one, so a range that many formulas share (100,000 VLOOKUPs over one table) costs O(n²):
 * 22 of 54 s for a 100,000-row sheet, measured. (Its own source says a Set would be better.) For
 * edge lists past a few dozen, an index Set is kept beside the array, in step with every method
 * that changes or asks about edges; the array stays what the rest of HyperFormula reads.
 */
function indexGraphEdges(): void {
  const probe = HyperFormula.buildEmpty({ licenseKey: licenseKey() });
  const proto = Object.getPrototypeOf((probe as unknown as { graph: object }).graph) as Record<string, unknown>;
  probe.destroy();
  type G = { edgesSparseArray: number[][]; getNodeIdIfNotNumber: (n: unknown) => number | undefined; missingNodeError: (n: unknown) => Error };
  const sets = new WeakMap<number[], Set<number>>();
  const indexOf = (edges: number[]): Set<number> | undefined => {
    if (edges.length < 32) return undefined;
    let set = sets.get(edges);
    if (!set) {
      set = new Set(edges.filter((x) => x !== undefined));
      sets.set(edges, set);
    }
    return set;
  };
  proto.addEdge = function (this: G, fromNode: unknown, toNode: unknown) {
    const fromId = this.getNodeIdIfNotNumber(fromNode);
    const toId = this.getNodeIdIfNotNumber(toNode);
    if (fromId === undefined) throw this.missingNodeError(fromNode);
    if (toId === undefined) throw this.missingNodeError(toNode);
    const edges = this.edgesSparseArray[fromId]!;
    const set = indexOf(edges);
    if (set ? set.has(toId) : edges.includes(toId)) return;
    edges.push(toId);
    set?.add(toId);
  };
  proto.existsEdge = function (this: G, fromNode: unknown, toNode: unknown) {
    const fromId = this.getNodeIdIfNotNumber(fromNode);
    const toId = this.getNodeIdIfNotNumber(toNode);
    if (fromId === undefined || toId === undefined) return false;
    const edges = this.edgesSparseArray[fromId]!;
    const set = indexOf(edges);
    return set ? set.has(toId) : edges.includes(toId);
  };
  for (const name of ['removeEdge', 'removeEdgeIfExists'] as const) {
    const original = proto[name] as (this: G, a: unknown, b: unknown) => void;
    proto[name] = function (this: G, fromNode: unknown, toNode: unknown) {
      original.call(this, fromNode, toNode);
      const fromId = this.getNodeIdIfNotNumber(fromNode);
      const toId = this.getNodeIdIfNotNumber(toNode);
      if (fromId !== undefined && toId !== undefined) {
        const edges = this.edgesSparseArray[fromId];
        if (edges) sets.get(edges)?.delete(toId);
      }
    };
  }
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  indexGraphEdges();
  HyperFormula.unregisterFunction('INT');
  HyperFormula.unregisterFunction('EDATE');
  HyperFormula.unregisterFunction('ROUND');
  HyperFormula.registerFunctionPlugin(ExcelFixesPlugin as never, { enGB: { INT: 'INT', EDATE: 'EDATE', ROUND: 'ROUND' } });
  HyperFormula.registerFunctionPlugin(PolicyPlugin as never, { enGB: translations });
}

export interface EngineSheets {
  names: string[];
  data: Record<string, unknown[][]>;
  namedExpressions: SerializedNamedExpression[];
}

/** HyperFormula's licence key: GPLv3 unless an organisation configures its commercial key. */
export function licenseKey(): string {
  return process.env.POLICYCELL_HYPERFORMULA_LICENSE ?? 'gpl-v3';
}

/** Builds and evaluates the sheets; `read` then answers any cell's value. */
export function evaluate(sheets: EngineSheets, ctx: Context): { read: (sheet: number, row: number, col: number) => HfCellValue; destroy: () => void } {
  register();
  active = ctx;
  try {
    const hf = HyperFormula.buildFromSheets(
      sheets.data as never,
      {
        licenseKey: licenseKey(),
        maxRows: 1_048_576,
        maxColumns: 16_384,
        smartRounding: false, // otherwise totals drift
        leapYear1900: true, // Excel's serials: 60 is 29 February 1900 …
        nullDate: { year: 1899, month: 12, day: 31 }, // … and day 1 is 1 January 1900 (checked against Excel's numbers)
        useArrayArithmetic: true, // array formulas and spilled results, as Excel 365
        evaluateNullToZero: true,
        // HyperFormula's default keeps every sheet as a dense grid up to its farthest cell: cells at A1
        // and XFD1048576 would allocate 17 billion slots. A sheet less than a quarter full is kept
        // sparse (a map per column) instead.
        chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(0.25),
      },
      sheets.namedExpressions,
    );
    const ids = sheets.names.map((n) => hf.getSheetId(n)!);
    return { read: (sheet, row, col) => hf.getCellValue({ sheet: ids[sheet]!, row, col }), destroy: () => hf.destroy() };
  } finally {
    active = undefined;
  }
}
