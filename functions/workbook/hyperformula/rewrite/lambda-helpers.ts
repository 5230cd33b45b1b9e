import type { Area } from '../../model/area.js';
import type { KeptReason } from '../../model/outcomes.js';
import { MAX_APPLICATIONS, MAX_NESTING, MAX_TEXT } from '../../model/limits.js';
import type { Ast } from '../../formula/parser.js';

/**
 * Excel's LAMBDA helper functions, MAP, BYROW, BYCOL, REDUCE, SCAN and MAKEARRAY, computed as the
 * translation computes a LAMBDA call: expanded where they are written. HyperFormula cannot apply a
 * LAMBDA while it computes, so each application is written out: the LAMBDA's body once per cell
 * (row, column, step) of an array the file itself decides (a reference known without computing,
 * an array constant, MAKEARRAY's sizes folded from the file), its parameters bound to that cell's
 * text (a cell stays a reference: ROW, CELL, ISREF see it), and the results assembled by
 * EXCEL.ARRAY (excel/arrays.ts). Where that cannot be, the body is written once and applied while
 * the engine computes, each parameter a value: REDUCE and SCAN with an initial value (EXCEL.FOLD:
 * each step written out would hold the one before), and any of them over an array a formula
 * computes (EXCEL.EACH). What Microsoft leaves open, and more than 10,000 results, keep the
 * cell's cached value.
 *
 * As Microsoft's pages for each function say: BYROW and BYCOL, "anything but a single value
 * returned from the LAMBDA function returns a #CALC error"; MAKEARRAY, "a row or col argument < 1
 * or a non-number returns #VALUE!"; every one, "an invalid LAMBDA function or an incorrect number
 * of parameters returns #VALUE!".
 */

/** How deeply a HyperFormula text nests parentheses (outside its string literals, which have no escaped quote). */
export function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (ch === 40) max = Math.max(max, ++depth);
    else if (ch === 41) depth--;
  }
  return max;
}

/**
 * What a parameter is bound to: a value's text (and its area when it is a reference the file
 * decides), 'omitted' for one the call left out, 'start' for REDUCE's and SCAN's accumulator before
 * their first step without an initial value (what Microsoft's pages leave open: see isOmitted in translate/lambda.ts).
 */
export type Argument = { text: string; area?: Area } | 'omitted' | 'start';

/** A LAMBDA the helper applies: how many parameters it needs and takes, and its body's text for bound arguments. */
export interface Applicable {
  required: number;
  params: number;
  apply: (args: Argument[]) => string;
}

export interface HelperTools {
  /** The one area a node stands for when the file alone decides it; 'ref' for #REF!; undefined when a formula computes it. */
  area: (a: Ast) => Area | 'ref' | undefined;
  /** A value known from the file alone (a literal, a constant cell). */
  fold: (a: Ast) => string | number | boolean | undefined;
  /** An expression's HyperFormula text (an element of an array constant, REDUCE's initial value). */
  text: (a: Ast) => string;
  /** A range's text; read marks it as read by the formula. */
  address: (area: Area) => string;
  read: (area: Area) => void;
  /** The LAMBDA a node stands for (written in place, a LET name, a named function, `_xleta.SUM`), undefined for anything else. */
  lambda: (a: Ast | null) => Applicable | undefined;
  keep: (reason: KeptReason, detail: string) => never;
  /**
   * The body of an EXCEL.FOLD written with the number naming its parameters' values (EXCEL.PARAM):
   * how many folds enclose it, so a fold inside another's LAMBDA has its own, and a formula filled
   * down is the same text in every row (HyperFormula parses it once).
   */
  inFold: (body: (frame: number) => string) => string;
}

export const LAMBDA_HELPERS = new Set(['MAP', 'BYROW', 'BYCOL', 'REDUCE', 'SCAN', 'MAKEARRAY']);

/** An array argument: its cells row by row, each as a parameter binds it. */
interface Cells {
  rows: number;
  cols: number;
  cell: (r: number, c: number) => Argument;
  /** The area, when the array is a reference. */
  area?: Area;
}

export function lambdaHelper(name: string, args: (Ast | null)[], tools: HelperTools): string {
  switch (name) {
    case 'MAP':
      return map(args, tools);
    case 'BYROW':
    case 'BYCOL':
      return byLine(name === 'BYROW', args, tools);
    case 'REDUCE':
    case 'SCAN':
      return fold(name === 'SCAN', args, tools);
    case 'MAKEARRAY':
      return makeArray(args, tools);
    default:
      return tools.keep('function', name);
  }
}

/** The cells of an array argument known from the file: a reference (read as cells) or an array constant; 'computed' for an array a formula computes. */
function cellsOf(a: Ast | null, name: string, tools: HelperTools): Cells | 'ref' | 'computed' {
  if (!a) return tools.keep('syntax', `${name} without its array`);
  if (a.k === 'array') {
    const rows = a.rows.length;
    const cols = a.rows[0]?.length ?? 0;
    if (!rows || a.rows.some((r) => r.length !== cols)) return tools.keep('syntax', `${name} of an array constant whose rows differ`);
    return { rows, cols, cell: (r, c) => ({ text: tools.text(a.rows[r]![c]!) }) };
  }
  const area = tools.area(a);
  if (area === 'ref') return 'ref';
  if (!area) return 'computed';
  return {
    rows: area.r2 - area.r1 + 1,
    cols: area.c2 - area.c1 + 1,
    area,
    cell: (r, c) => {
      const cell = { sheet: area.sheet, r1: area.r1 + r, r2: area.r1 + r, c1: area.c1 + c, c2: area.c1 + c };
      return { text: tools.address(cell), area: cell };
    },
  };
}

/** The LAMBDA argument, checked to take this many parameters; '#VALUE!' when it cannot (Excel's "Incorrect Parameters"). */
function lambdaOf(a: Ast | null | undefined, params: number, name: string, tools: HelperTools): Applicable | '#VALUE!' {
  const fn = a ? tools.lambda(a) : undefined;
  if (!fn) return tools.keep('function', `${name} of something that is not a LAMBDA`);
  return params < fn.required || params > fn.params ? '#VALUE!' : fn;
}

/** The text, unless it is too long or nests too deeply for the engine to read: then the cell keeps its cached value. */
function checked(text: string, name: string, tools: HelperTools): string {
  if (text.length > MAX_TEXT) tools.keep('function', `${name} too long to write out`);
  if (nesting(text) > MAX_NESTING) tools.keep('function', `${name} nested too deeply to write out (its steps nest one in the other)`);
  return text;
}

/**
 * The helper over arrays a formula computes: its LAMBDA's body written once, applied by
 * EXCEL.EACH (excel/arrays.ts) as the engine computes, each parameter the value
 * EXCEL.PARAM(frame, i) it binds (a value, not a reference, as Excel's is for a computed array).
 */
function each(kind: number, name: string, inputs: Ast[], fn: Applicable, params: number, tools: HelperTools): string {
  const texts = inputs.map((a) => tools.text(a));
  const text = tools.inFold((frame) => `EXCEL.EACH(${kind},${frame},${fn.apply(Array.from({ length: params }, (_, i) => ({ text: `EXCEL.PARAM(${frame},${i})` })))},${texts.join(',')})`);
  return checked(text, name, tools);
}

function applications(n: number, name: string, tools: HelperTools): void {
  if (n > MAX_APPLICATIONS) tools.keep('function', `${name} over ${n} cells, more than this engine writes out`);
}

/** The results, one text per cell, as one array of the given shape. */
function assemble(rows: number, cols: number, texts: string[], name: string, tools: HelperTools): string {
  const text = `EXCEL.ARRAY(${rows},${cols},${texts.join(',')})`;
  return checked(text, name, tools);
}

/** MAP(array1, [array2, …], lambda): the LAMBDA of each cell with the same cell of every array, in the arrays' shape. */
function map(args: (Ast | null)[], tools: HelperTools): string {
  if (args.length < 2) return tools.keep('syntax', 'MAP without its LAMBDA');
  const arrays = args.slice(0, -1).map((a) => cellsOf(a, 'MAP', tools));
  if (arrays.some((x) => x === 'ref')) return '#REF!';
  if (arrays.some((x) => x === 'computed')) {
    const fn = lambdaOf(args.at(-1), arrays.length, 'MAP', tools);
    return fn === '#VALUE!' ? fn : each(0, 'MAP', args.slice(0, -1) as Ast[], fn, arrays.length, tools);
  }
  const list = arrays as Cells[];
  const first = list[0]!;
  // Arrays of other sizes are extended in some way Microsoft does not document: kept.
  if (list.some((x) => x.rows !== first.rows || x.cols !== first.cols)) return tools.keep('function', 'MAP of arrays of different sizes');
  const fn = lambdaOf(args.at(-1), list.length, 'MAP', tools);
  if (fn === '#VALUE!') return fn;
  applications(first.rows * first.cols, 'MAP', tools);
  for (const x of list) if (x.area) tools.read(x.area);
  const texts: string[] = [];
  for (let r = 0; r < first.rows; r++) for (let c = 0; c < first.cols; c++) texts.push(fn.apply(list.map((x) => x.cell(r, c))));
  return assemble(first.rows, first.cols, texts, 'MAP', tools);
}

/** BYROW(array, lambda) and BYCOL: the LAMBDA of each row (column) as a range; a result that is not one value is #CALC! (EXCEL.ARRAY's rule). */
function byLine(rows: boolean, args: (Ast | null)[], tools: HelperTools): string {
  const name = rows ? 'BYROW' : 'BYCOL';
  if (args.length !== 2) return tools.keep('syntax', `${name} with ${args.length} arguments`);
  const array = args[0];
  if (!array) return tools.keep('syntax', `${name} without its array`);
  const area = array.k === 'array' ? undefined : tools.area(array);
  if (area === 'ref') return '#REF!';
  const fn = lambdaOf(args[1], 1, name, tools);
  if (fn === '#VALUE!') return fn;
  // A computed array, or an array constant: its rows are values, not ranges.
  if (!area) return each(rows ? 1 : 2, name, [array], fn, 1, tools);
  const n = rows ? area.r2 - area.r1 + 1 : area.c2 - area.c1 + 1;
  applications(n, name, tools);
  tools.read(area);
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const line = rows ? { ...area, r1: area.r1 + i, r2: area.r1 + i } : { ...area, c1: area.c1 + i, c2: area.c1 + i };
    texts.push(fn.apply([{ text: tools.address(line), area: line }]));
  }
  return assemble(rows ? n : 1, rows ? 1 : n, texts, name, tools);
}

/**
 * REDUCE([initial_value], array, lambda) and SCAN: the LAMBDA applied to the accumulator and each
 * cell in turn, row by row; REDUCE answers the last accumulator, SCAN every one in the array's
 * shape. With an initial value, the body is written once and EXCEL.FOLD (excel/arrays.ts) applies
 * it while the engine computes; without one, the steps are written out, the accumulator's first
 * value omitted (ISOMITTED is TRUE for it, which only a written-out step can decide; used as a
 * value, it is Excel's undocumented case, see omittedParameter in translate/expression.ts).
 */
function fold(scan: boolean, args: (Ast | null)[], tools: HelperTools): string {
  const name = scan ? 'SCAN' : 'REDUCE';
  if (args.length !== 3) return tools.keep('syntax', `${name} with ${args.length} arguments`);
  const array = args[1]!;
  const cells = cellsOf(array, name, tools);
  if (cells === 'ref') return '#REF!';
  const fn = lambdaOf(args[2], 2, name, tools);
  if (fn === '#VALUE!') return fn;
  const initial = args[0];
  if (cells === 'computed' && !initial) return tools.keep('function', `${name} without an initial value over an array computed by a formula`);
  if (cells !== 'computed') applications(cells.rows * cells.cols, name, tools);
  if (initial) {
    // Rows and cols 0: the array's size is known only when the engine computes it.
    const [rows, cols] = cells === 'computed' ? [0, 0] : [cells.rows, cells.cols];
    const values = tools.text(array);
    const start = tools.text(initial);
    const text = tools.inFold((frame) => `EXCEL.FOLD(${scan ? 1 : 0},${rows},${cols},${frame},${start},${values},${fn.apply([{ text: `EXCEL.PARAM(${frame},0)` }, { text: `EXCEL.PARAM(${frame},1)` }])})`);
    return checked(text, name, tools);
  }
  if (cells === 'computed') return tools.keep('function', name); // (checked above; narrows the type)
  if (cells.area) tools.read(cells.area);
  let acc: Argument = 'start';
  const steps: string[] = [];
  let length = 0;
  for (let r = 0; r < cells.rows; r++) {
    for (let c = 0; c < cells.cols; c++) {
      const text = checked(fn.apply([acc, cells.cell(r, c)]), name, tools);
      length += scan ? text.length : 0;
      if (length > MAX_TEXT) tools.keep('function', `${name} too long to write out`);
      acc = { text };
      steps.push(text);
    }
  }
  return scan ? assemble(cells.rows, cells.cols, steps, name, tools) : (acc as { text: string }).text;
}

/** MAKEARRAY(rows, cols, lambda): the LAMBDA of each row and column number (from 1), rows and cols known from the file. */
function makeArray(args: (Ast | null)[], tools: HelperTools): string {
  if (args.length !== 3) return tools.keep('syntax', `MAKEARRAY with ${args.length} arguments`);
  const size = args.slice(0, 2).map((a) => (a ? tools.fold(a) : undefined));
  if (size.some((v) => v === undefined)) {
    const fn = lambdaOf(args[2], 2, 'MAKEARRAY', tools);
    if (!args[0] || !args[1]) return tools.keep('syntax', 'MAKEARRAY without its size');
    return fn === '#VALUE!' ? fn : each(3, 'MAKEARRAY', [args[0], args[1]], fn, 2, tools);
  }
  // Text that reads as a number, and TRUE/FALSE, are coerced or not as Microsoft does not say: kept.
  if (size.some((v) => typeof v === 'boolean' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))))) return tools.keep('function', 'MAKEARRAY of a size written as text or TRUE/FALSE');
  if (size.some((v) => typeof v !== 'number')) return '#VALUE!';
  const [rows, cols] = size.map((v) => Math.trunc(Number(v))) as [number, number];
  if (rows < 1 || cols < 1) return '#VALUE!';
  const fn = lambdaOf(args[2], 2, 'MAKEARRAY', tools);
  if (fn === '#VALUE!') return fn;
  applications(rows * cols, 'MAKEARRAY', tools);
  const texts: string[] = [];
  for (let r = 1; r <= rows; r++) for (let c = 1; c <= cols; c++) texts.push(fn.apply([{ text: String(r) }, { text: String(c) }]));
  return assemble(rows, cols, texts, 'MAKEARRAY', tools);
}
