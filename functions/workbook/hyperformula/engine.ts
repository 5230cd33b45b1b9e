import type { CellValue as HfCellValue, SerializedNamedExpression } from 'hyperformula';
import { DenseSparseChooseBasedOnThreshold, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { PolicyCallContext } from '../policy/calls.js';
import type { WorkbookContext } from './policy-plugin.js';
import { POLICY_TRANSLATIONS, PolicyPlugin } from './policy-plugin.js';
import type { ExcelContext } from '../excel/common/context.js';
import { emptyExcelContext } from '../excel/common/context.js';
import { compareNumbers } from '../excel/common/rounding.js';
import { readExcelCriteria } from '../excel/criteria.js';
import { EXCEL_PLUGINS, functionNames } from '../excel/plugins.js';
import { numberText } from '../excel/common/number-format/index.js';
import { excelDateTimeReader } from '../excel/common/date-text.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';

/**
 * HyperFormula, the spreadsheet engine of the batch tool: taught where Excel reads, writes and
 * compares numbers otherwise, with Excel's function families (excel/) and every catalog function
 * (`POLICY.<ID>`, policy-plugin.ts) registered. Each workbook is built with its own context (its
 * date system, hidden rows, policy and language), which the plugins read from the engine.
 */

/**
 * HyperFormula's dependency graph keeps each node's edges in an array and checks `includes` before
 * adding one, so a range that many formulas share (100,000 VLOOKUPs over one table) costs O(n²). For
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

/**
 * Text read as a number (arithmetic, VALUE, a numeric criterion) as Excel reads it in en-US, where
 * HyperFormula reads it otherwise: empty text is #VALUE! (=""*1, =COS(A1) with A1 holding ""), not
 * 0; digits grouped by commas are a number (VALUE("$1,000") is 1000, "12,345.5"*1 is 12345.5); a
 * sign may stand before the currency symbol ("-$5"). Its arithmetic helper's coercion of text to a
 * number is taught these.
 */
function textAsExcelReadsNumbers(): void {
  const probe = HyperFormula.buildEmpty({ licenseKey: licenseKey() });
  const helper = (probe as unknown as { _evaluator: { interpreter: { arithmeticHelper: object } } })._evaluator.interpreter.arithmeticHelper;
  const proto = Object.getPrototypeOf(helper) as Record<string, (arg: unknown) => unknown>;
  probe.destroy();
  const original = proto.coerceNonDateScalarToMaybeNumber!;
  proto.coerceNonDateScalarToMaybeNumber = function (this: unknown, arg: unknown) {
    if (arg === '') return undefined;
    const m = typeof arg === 'string' ? EXCEL_NUMBER_TEXT.exec(arg) : null;
    if (!m) return original.call(this, arg);
    const [, open = '', sign1 = '', currency = '', sign2 = '', digits = '', fraction = '', percent = '', close = ''] = m;
    if ((open === '') !== (close === '') || (sign1 && sign2) || (open && (sign1 || sign2))) return undefined;
    // A plain number: HyperFormula's currency-tagged number does not negate, so VALUE("($5)") would be #NUM!.
    const v = original.call(this, `${currency}${sign1}${sign2}${digits.replace(/,/g, '')}${fraction}${percent}`);
    const n = typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'number' ? (v as { val: number }).val : v;
    // (1,000) is -1000, as an accountant writes it.
    return open && typeof n === 'number' ? -n : n;
  };
}

/**
 * Numbers turned into text (="x"&A1, LEN(1/3), CONCATENATE, TEXTJOIN…) as Excel writes them, with
 * 15 significant digits ("0.3", not HyperFormula's "0.30000000000000004"; numberText()). Taught to
 * the three places HyperFormula turns a number into text: the & operator (an interpreter's field,
 * caught through a prototype accessor as the constructor assigns it), the coercion of a function's
 * text argument, and the text functions' reading of ranges.
 */
function numbersAsExcelWritesThem(): void {
  const probe = HyperFormula.buildEmpty({ licenseKey: licenseKey() });
  const interpreter = (probe as unknown as { _evaluator: { interpreter: object } })._evaluator.interpreter;
  probe.destroy();
  const asText = (v: unknown) => {
    const n = typeof v === 'number' ? v : v !== null && typeof v === 'object' && typeof (v as { val?: unknown }).val === 'number' ? (v as { val: number }).val : undefined;
    return n === undefined ? v : numberText(n);
  };
  const stored = new WeakMap<object, (a: unknown, b: unknown) => unknown>();
  Object.defineProperty(Object.getPrototypeOf(interpreter), 'concatOp', {
    configurable: true,
    get(this: object) {
      return stored.get(this);
    },
    set(this: object, op: (a: unknown, b: unknown) => unknown) {
      stored.set(this, (a, b) => op(asText(a), asText(b)));
    },
  });
  const plugin = FunctionPlugin.prototype as unknown as { coerceToType: (arg: unknown, type: { argumentType: string }, state: unknown) => unknown };
  const coerce = plugin.coerceToType;
  plugin.coerceToType = function (this: unknown, arg: unknown, type: { argumentType: string }, state: unknown) {
    return coerce.call(this, type.argumentType === FunctionArgumentType.STRING ? asText(arg) : arg, type, state);
  };
  const textPlugin = (HyperFormula.getFunctionPlugin('TEXTJOIN') as unknown as { prototype: { flattenArgToStrings: (arg: unknown) => unknown } }).prototype;
  const flatten = textPlugin.flattenArgToStrings;
  textPlugin.flattenArgToStrings = function (this: unknown, arg: unknown) {
    return flatten.call(this, arg instanceof SimpleRangeValue ? SimpleRangeValue.onlyValues(arg.data.map((row) => row.map(asText)) as never) : asText(arg));
  };
}

/**
 * Numbers compared as Excel compares them, equal to 15 significant digits (compareNumbers()): with
 * smartRounding off (so that totals do not drift) HyperFormula compares exactly.
 */
function numbersAsExcelComparesThem(): void {
  const probe = HyperFormula.buildEmpty({ licenseKey: licenseKey() });
  const helper = (probe as unknown as { _evaluator: { interpreter: { arithmeticHelper: object } } })._evaluator.interpreter.arithmeticHelper;
  const proto = Object.getPrototypeOf(helper) as { floatCmp: (a: unknown, b: unknown) => number };
  probe.destroy();
  const raw = (v: unknown) => (typeof v === 'number' ? v : (v as { val: number }).val);
  proto.floatCmp = (a: unknown, b: unknown) => compareNumbers(raw(a), raw(b));
}

/** A number as en-US Excel reads text: (, sign, $, sign, digits grouped by commas in threes, fraction, %, ). */
const EXCEL_NUMBER_TEXT = /^\s*(\()?\s*([-+]?)\s*(\$?)\s*([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d*)?(\s*%)?\s*(\))?\s*$/;

let registered = false;
const dateTimeReader = excelDateTimeReader();
function register(): void {
  if (registered) return;
  registered = true;
  indexGraphEdges();
  textAsExcelReadsNumbers();
  numbersAsExcelWritesThem();
  numbersAsExcelComparesThem();
  // Excel's answers over HyperFormula's: its functions of these names (and their aliases) go first.
  readExcelCriteria(licenseKey());
  for (const plugin of EXCEL_PLUGINS) {
    const names = functionNames(plugin);
    const registeredNames = new Set(HyperFormula.getRegisteredFunctionNames('enGB'));
    for (const name of names) if (registeredNames.has(name)) HyperFormula.unregisterFunction(name);
    HyperFormula.registerFunctionPlugin(plugin, { enGB: Object.fromEntries(names.map((n) => [n, n])) });
  }
  HyperFormula.registerFunctionPlugin(PolicyPlugin, { enGB: POLICY_TRANSLATIONS });
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

const SCALAR_TYPES = new Set<string>([FunctionArgumentType.NUMBER, FunctionArgumentType.INTEGER, FunctionArgumentType.STRING, FunctionArgumentType.BOOLEAN, FunctionArgumentType.SCALAR, FunctionArgumentType.NOERROR, FunctionArgumentType.COMPLEX]);

/** What the engine knows of one of its functions: which arguments take one value, and how many it takes. */
export interface EngineFunction {
  /** Whether the argument takes one value (a range given there is intersected, outside array formulas). */
  scalar: (arg: number) => boolean;
  min: number;
  max: number;
}

/**
 * The functions the engine computes (HyperFormula's, Excel's corrections, POLICY.*), upper case,
 * each with which of its arguments take one value (by HyperFormula's own declarations): where Excel
 * intersects a range given there with the formula's row or column; and how many arguments it takes.
 */
export function engineFunctions(): Map<string, EngineFunction> {
  register();
  const out = new Map<string, EngineFunction>();
  for (const name of HyperFormula.getRegisteredFunctionNames('enGB')) {
    const plugin = HyperFormula.getFunctionPlugin(name) as unknown as { implementedFunctions?: Record<string, { parameters?: { argumentType: string; optionalArg?: boolean; defaultValue?: unknown }[]; repeatLastArgs?: number; expandRanges?: boolean }>; aliases?: Record<string, string> } | undefined;
    const meta = plugin?.implementedFunctions?.[name] ?? plugin?.implementedFunctions?.[plugin.aliases?.[name] ?? ''];
    const params = meta?.parameters ?? [];
    const repeat = meta?.repeatLastArgs ?? 0;
    let min = 0;
    params.forEach((p, i) => {
      if (!p.optionalArg && p.defaultValue === undefined) min = i + 1;
    });
    const max = repeat > 0 ? Infinity : params.length;
    // A function that expands ranges into its values (COUNTBLANK…) takes ranges whatever its parameter types.
    if (meta?.expandRanges) {
      out.set(name.toUpperCase(), { scalar: () => false, min, max });
      continue;
    }
    const scalar = (i: number) => {
      let p = params[i];
      if (!p && repeat > 0 && params.length >= repeat) p = params[params.length - repeat + ((i - params.length) % repeat)];
      return p !== undefined && SCALAR_TYPES.has(p.argumentType);
    };
    out.set(name.toUpperCase(), { scalar, min, max });
  }
  return out;
}

/** Builds and evaluates the sheets; `read` then answers any cell's value. */
export function evaluate(
  sheets: EngineSheets,
  ctx: PolicyCallContext,
  excel: ExcelContext = emptyExcelContext(),
): {
  read: (sheet: number, row: number, col: number) => HfCellValue;
  set: (sheet: number, row: number, col: number, content: unknown) => void;
  setMany: (contents: { sheet: number; row: number; col: number; content: unknown }[]) => void;
  destroy: () => void;
} {
  register();
  const context: WorkbookContext = { ...excel, policyCalls: ctx };
  const hf = HyperFormula.buildFromSheets(
      sheets.data as never,
      {
        licenseKey: licenseKey(),
        maxRows: MAX_ROWS,
        maxColumns: MAX_COLS,
        smartRounding: false, // otherwise totals drift
        accentSensitive: true, // "é"="e" is FALSE to Excel (case is ignored, accents are not)
        // Excel's serials: 60 is 29 February 1900 and day 1 is 1 January 1900 (checked against
        // Excel's numbers); in the 1904 system day 0 is 1 January 1904 and there is no 1900 leap day.
        leapYear1900: !excel.date1904,
        nullDate: excel.date1904 ? { year: 1904, month: 1, day: 1 } : { year: 1899, month: 12, day: 31 },
        // Text that DATEVALUE and friends read as dates, as Excel (en-US) does: 1/2/2021 is 2 January,
        // 2021-01-02 too; with a month's name (1-Jan-2021, Jan 2, 2021) by excelDateTimeReader().
        dateFormats: ['MM/DD/YYYY', 'MM/DD/YY', 'YYYY-MM-DD', 'YYYY/MM/DD'],
        parseDateTime: dateTimeReader,
        useArrayArithmetic: true, // array formulas and spilled results, as Excel 365
        evaluateNullToZero: true,
        // HyperFormula's default keeps every sheet as a dense grid up to its farthest cell: cells at A1
        // and XFD1048576 would allocate 17 billion slots. A sheet less than a quarter full is kept
        // sparse (a map per column) instead.
        chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(0.25),
        // What Excel's functions (excel/) know of this workbook, read by each plugin from its engine's configuration.
        context,
      },
      sheets.namedExpressions,
    );
    const ids = sheets.names.map((n) => hf.getSheetId(n)!);
    return {
      read: (sheet, row, col) => hf.getCellValue({ sheet: ids[sheet]!, row, col }),
      // Changes one cell and recomputes what depends on it (what-if data tables), in this workbook's context.
      set: (sheet, row, col, content) => hf.setCellContents({ sheet: ids[sheet]!, row, col }, [[content as never]]),
      // Several cells changed at once, what depends on them recomputed once (calibration's kept cells).
      setMany: (contents) => {
        hf.batch(() => {
          for (const c of contents) hf.setCellContents({ sheet: ids[c.sheet]!, row: c.row, col: c.col }, [[c.content as never]]);
        });
      },
      destroy: () => hf.destroy(),
    };
}

/** A workbook HyperFormula has built and evaluated. */
export type EvaluatedWorkbook = ReturnType<typeof evaluate>;
