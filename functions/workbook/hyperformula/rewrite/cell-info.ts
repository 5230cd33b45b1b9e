import { cellFormatInfo } from '../../excel/common/number-format/index.js';
import { columnLetter } from '../../../../shared/src/values/columns.js';
import type { ColumnWidth, WorkbookLayout } from '../../xlsx/layout.js';
import type { Area } from '../../model/area.js';
import type { AssumedReason, KeptReason } from '../../model/outcomes.js';
import type { Ast } from '../../formula/parser.js';
import { textLiteral } from '../literals.js';

/**
 * Excel's information functions CELL and AREAS, answered from the workbook itself: a cell's place,
 * its value's kind, its column's width, its number format, alignment and protection as the file
 * stores them (read by xlsx/styles.ts and xlsx/layout.ts). Microsoft's CELL documentation is the rule
 * ("CELL function", support.microsoft.com); where it leaves Excel's answer open (the cell last
 * changed when the reference is omitted, a width at the edge of its rounding, a format outside its
 * table) the answer is Excel's likeliest and noted as assumed, so that a cell with a cached value
 * keeps it.
 */

/** What the translator lends CELL and AREAS: its reading of references and values, and its ways to keep or assume. */
export interface InfoTools {
  sheet: number;
  row: number;
  col: number;
  /** In an array formula: CELL("width") answers its two values. */
  array: boolean;
  /** The areas a node stands for ('null' for an intersection that is empty, undefined when not known from the file). */
  areas: (a: Ast) => (Area | undefined)[] | undefined | 'null';
  /** A value known from the file alone (a literal, a constant cell). */
  fold: (a: Ast) => string | number | boolean | undefined;
  /** A cell's value as HyperFormula text, noted as read. */
  cell: (area: Area) => string;
  /** Whether a cell holds a formula. */
  isFormula: (sheet: number, row: number, col: number) => boolean;
  assume: (reason: AssumedReason, detail: string, answer: () => string) => string;
  keep: (reason: KeptReason, detail: string) => never;
  layout: WorkbookLayout;
}

/** The two-decimal character width rounded as CELL("width") does, certain where rounding and truncating agree. */
function widthAnswer(w: ColumnWidth & { exact: boolean }): { value: number; certain: boolean } {
  if (w.hidden) return { value: 0, certain: true };
  const value = Math.round(w.chars);
  return { value, certain: w.exact && value === Math.floor(w.chars) };
}

/**
 * CELL(info_type, [reference]) as HyperFormula text. The reference's upper-left cell is the one
 * described; without a reference Excel describes the cell last changed, here the formula's own
 * (assumed).
 */
export function cellCall(args: (Ast | null)[], tools: InfoTools): string {
  if (args.length < 1 || args.length > 2 || !args[0]) tools.keep('syntax', `CELL with ${args.length} arguments`);
  const info = tools.fold(args[0]!);
  if (info === undefined) tools.keep('function', 'CELL with an info_type computed by a formula');
  if (typeof info !== 'string') return '#VALUE!';
  const kind = info.toLowerCase();
  if (!INFO_TYPES.has(kind)) return '#VALUE!';
  const ref = args[1];
  if (!ref) {
    return tools.assume('cell', `CELL("${kind}") without a reference describes the cell last changed in Excel (here its own)`, () => {
      if (kind === 'contents' || kind === 'type') tools.keep('circular', `CELL("${kind}") of its own cell`);
      return describe(kind, { sheet: tools.sheet, r1: tools.row, c1: tools.col, r2: tools.row, c2: tools.col }, tools);
    });
  }
  const list = tools.areas(ref);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) tools.keep('reference', 'CELL of a reference computed by a function');
  if (list.length !== 1) tools.keep('reference', 'CELL of a union or 3-D reference');
  const area = list[0];
  if (!area) return '#REF!';
  return describe(kind, area, tools);
}

const INFO_TYPES = new Set(['address', 'col', 'color', 'contents', 'filename', 'format', 'parentheses', 'prefix', 'protect', 'row', 'type', 'width']);

/** Label prefixes of text by horizontal alignment (general text is shown left-aligned). */
const PREFIXES: Record<string, string> = { general: "'", left: "'", right: '"', center: '^', fill: '\\' };

function describe(kind: string, area: Area, tools: InfoTools): string {
  const { sheet, r1: row, c1: col } = area;
  const cell = { sheet, r1: row, c1: col, r2: row, c2: col };
  switch (kind) {
    case 'address':
      if (sheet !== tools.sheet) tools.keep('function', 'CELL("address") of another sheet names the file');
      return textLiteral(`$${columnLetter(col)}$${row + 1}`);
    case 'col':
      return String(col + 1);
    case 'row':
      return String(row + 1);
    case 'contents': {
      // The value, not the formula; an empty cell's is 0, as a reference to it reads.
      const v = tools.cell(cell);
      return `IF(ISBLANK(${v}),0,${v})`;
    }
    case 'type': {
      const v = tools.cell(cell);
      const text = `IF(ISBLANK(${v}),"b",IF(ISTEXT(${v}),"l","v"))`;
      // "l" is documented for a text constant; a formula's text result is read the same way, by its value.
      return tools.isFormula(sheet, row, col) ? tools.assume('cell', 'CELL("type") of a formula cell answers by its value', () => text) : text;
    }
    case 'filename':
      return tools.keep('function', 'CELL("filename") names where the file is saved');
    case 'width': {
      const width = tools.layout.width(sheet, col);
      const w = widthAnswer(width);
      const custom = width.custom;
      // Excel 365 answers {width, whether it is the default}; before it, the width alone (an ordinary
      // formula shows the first value either way).
      const text = () => (tools.array ? `{${w.value},${custom ? 'FALSE()' : 'TRUE()'}}` : String(w.value));
      return w.certain ? text() : tools.assume('cell', 'CELL("width") of a column whose width in characters is not a whole number Excel states', text);
    }
    case 'protect':
      return tools.layout.format(sheet, row, col).locked ? '1' : '0';
    case 'prefix': {
      const horizontal = tools.layout.format(sheet, row, col).horizontal;
      const prefix = PREFIXES[horizontal];
      const v = tools.cell(cell);
      const text = (p: string) => `IF(ISTEXT(${v}),${textLiteral(p)},"")`;
      return prefix !== undefined ? text(prefix) : tools.assume('cell', `CELL("prefix") of text aligned "${horizontal}"`, () => text(''));
    }
    default: {
      // format, color, parentheses: from the number format's code.
      const f = cellFormatInfo(tools.layout.format(sheet, row, col).numFmt);
      const text = () => (kind === 'format' ? textLiteral(f.code) : String(kind === 'color' ? f.color : f.parentheses));
      return f.certain ? text() : tools.assume('cell', `CELL("${kind}") of a number format outside Microsoft's table`, text);
    }
  }
}

/** AREAS(reference): how many areas the reference (a union of them) has. */
export function areasCall(args: (Ast | null)[], tools: InfoTools): string {
  if (args.length !== 1 || !args[0]) tools.keep('syntax', `AREAS with ${args.length} arguments`);
  const list = tools.areas(args[0]!);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) tools.keep('reference', 'AREAS of something else than a reference known from the file');
  if (list.some((a) => !a)) return '#REF!';
  if (list.some((a) => a!.sheet !== list[0]!.sheet)) tools.keep('reference', 'AREAS of a 3-D reference');
  return String(list.length);
}
