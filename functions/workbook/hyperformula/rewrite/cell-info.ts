import { getFormatFromId, getFormatInfo } from 'numfmt';
import { columnLetter } from '../../../../shared/src/values/columns.js';
import { decodeXml, xmlAttr } from '../../xlsx/cells.js';
import type { Area } from '../../model/area.js';
import type { AssumedReason, KeptReason } from '../../model/outcomes.js';
import type { Ast } from '../../formula/parser.js';

/**
 * Excel's information functions CELL and AREAS, answered from the workbook itself: a cell's place,
 * its value's kind, its column's width, its number format, alignment and protection as the file
 * stores them (styles.xml, <cols>, <sheetFormatPr>). Microsoft's CELL documentation is the rule
 * ("CELL function", support.microsoft.com); where it leaves Excel's answer open (the cell last
 * changed when the reference is omitted, a width at the edge of its rounding, a format outside its
 * table) the answer is Excel's likeliest and noted as assumed, so that a cell with a cached value
 * keeps it.
 */

/** What CELL reads of one cell format (a `<xf>` of cellXfs). */
export interface CellFormat {
  /** The number format code ("General", "0.00", "$#,##0_);($#,##0)"…). */
  numFmt: string;
  /** `<protection locked>`: Excel's default is locked. */
  locked: boolean;
  /** `<alignment horizontal>`: "general" when not set. */
  horizontal: string;
}

/** The cell formats of a workbook (styles.xml), by their index (a cell's s attribute), and its normal font's digit width. */
export interface CellStyles {
  formats: CellFormat[];
  /** The maximum digit width of the normal style's font in pixels, when its font is one whose width is known. */
  digitWidth: number | undefined;
}

const DEFAULT_FORMAT: CellFormat = { numFmt: 'General', locked: true, horizontal: 'general' };

/**
 * Fonts whose maximum digit width Excel uses at 100% is known (7 pixels: Excel's default width of
 * 8.43 characters is 64 pixels for each): column widths in characters are exact for them.
 */
const DIGIT_WIDTHS: Record<string, number> = { 'calibri 11': 7, 'aptos narrow 11': 7, 'arial 10': 7 };

const flag = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === '1' || v === 'true');

/** The cell formats of styles.xml; a workbook without one (a program's) has Excel's defaults: General, locked, Calibri 11. */
export function readCellStyles(xml: string | undefined): CellStyles {
  if (xml === undefined) return { formats: [], digitWidth: 7 };
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = xmlAttr(m[0], 'numFmtId');
    const code = xmlAttr(m[0], 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), code);
  }
  const section = (name: string) => new RegExp(`<(?:\\w+:)?${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${name}>)`).exec(xml)?.[1] ?? '';
  const formats: CellFormat[] = [];
  for (const m of section('cellXfs').matchAll(/<(?:\w+:)?xf\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?xf>)/g)) {
    const head = ` ${m[1]!}`;
    const inner = m[2] ?? '';
    const id = Number(xmlAttr(head, 'numFmtId') ?? 0);
    const protection = /<(?:\w+:)?protection\b[^>]*>/.exec(inner)?.[0];
    const alignment = /<(?:\w+:)?alignment\b[^>]*>/.exec(inner)?.[0];
    formats.push({
      numFmt: custom.get(id) ?? getFormatFromId(id) ?? 'General',
      locked: flag(protection && xmlAttr(protection, 'locked'), true),
      horizontal: (alignment && xmlAttr(alignment, 'horizontal')) ?? 'general',
    });
  }
  // The normal style's font: the font of the first cell style format (cellStyleXfs), as Excel sizes columns by it.
  const styleXf = /<(?:\w+:)?xf\b[^>]*>/.exec(section('cellStyleXfs'))?.[0];
  const fontId = Number((styleXf && xmlAttr(styleXf, 'fontId')) ?? 0);
  const font = [...section('fonts').matchAll(/<(?:\w+:)?font\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?font>)/g)][fontId]?.[1] ?? '';
  const name = /<(?:\w+:)?name\b[^>]*\sval="([^"]*)"/.exec(font)?.[1];
  const size = /<(?:\w+:)?sz\b[^>]*\sval="([^"]*)"/.exec(font)?.[1];
  return { formats, digitWidth: name && size ? DIGIT_WIDTHS[`${decodeXml(name).toLowerCase()} ${Number(size)}`] : undefined };
}

/** A column's width in characters as Excel shows it, and whether it was set by hand. */
interface ColumnWidth {
  chars: number;
  custom: boolean;
  hidden: boolean;
}

/** One sheet's columns (<cols>), default width (<sheetFormatPr>) and row formats, read when first asked. */
interface SheetLayout {
  cols: { min: number; max: number; width?: number; custom: boolean; hidden: boolean; style?: number }[];
  defaultWidth?: number;
  baseWidth: number;
  rowStyles: Map<number, number>;
}

/**
 * A width as stored in the file (characters of the digit width plus 5 pixels of padding, in 256ths)
 * as the characters Excel shows in its Column Width box: the rule of the OOXML specification
 * (§18.3.1.13), pixels truncated, then characters to two decimals (9.140625 is 8.43 at 7 pixels).
 */
function shownChars(width: number, digit: number): number {
  return pixelChars(Math.trunc(((256 * width + Math.trunc(128 / digit)) / 256) * digit), digit);
}

/** A column's pixels as characters to two decimals, its 5 pixels of padding left out. */
const pixelChars = (px: number, digit: number) => Math.trunc(((px - 5) / digit) * 100 + 0.5) / 100;

/** The workbook as CELL sees it: each cell's format, each column's width. */
export class WorkbookLayout {
  private readonly sheets: (SheetLayout | undefined)[] = [];

  constructor(
    private readonly stylesOf: () => CellStyles,
    private readonly xml: (sheet: number) => string,
    /** A cell's own format index (its s attribute), undefined for a cell the sheet does not list. */
    private readonly cellStyle: (sheet: number, row: number, col: number) => number | undefined,
  ) {}

  private get styles(): CellStyles {
    return this.stylesOf();
  }

  private sheet(i: number): SheetLayout {
    let s = this.sheets[i];
    if (s) return s;
    const xml = this.xml(i);
    const cols: SheetLayout['cols'] = [];
    for (const m of (/<(?:\w+:)?cols\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cols>/.exec(xml)?.[1] ?? '').matchAll(/<(?:\w+:)?col\b[^>]*>/g)) {
      const width = xmlAttr(m[0], 'width');
      const style = xmlAttr(m[0], 'style');
      cols.push({ min: Number(xmlAttr(m[0], 'min') ?? 0) - 1, max: Number(xmlAttr(m[0], 'max') ?? 0) - 1, ...(width !== undefined ? { width: Number(width) } : {}), custom: flag(xmlAttr(m[0], 'customWidth'), false), hidden: flag(xmlAttr(m[0], 'hidden'), false), ...(style !== undefined ? { style: Number(style) } : {}) });
    }
    const format = /<(?:\w+:)?sheetFormatPr\b[^>]*>/.exec(xml)?.[0] ?? '';
    const defaultWidth = xmlAttr(format, 'defaultColWidth');
    const rowStyles = new Map<number, number>();
    for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*>/g)) {
      if (!flag(xmlAttr(m[0], 's') !== undefined ? xmlAttr(m[0], 'customFormat') : undefined, false)) continue;
      rowStyles.set(Number(xmlAttr(m[0], 'r')) - 1, Number(xmlAttr(m[0], 's')));
    }
    s = { cols, ...(defaultWidth !== undefined ? { defaultWidth: Number(defaultWidth) } : {}), baseWidth: Number(xmlAttr(format, 'baseColWidth') ?? 8), rowStyles };
    this.sheets[i] = s;
    return s;
  }

  private column(sheet: number, col: number) {
    return this.sheet(sheet).cols.find((c) => col >= c.min && col <= c.max);
  }

  /** A cell's format: its own, else its row's, else its column's (as Excel formats an empty cell). */
  format(sheet: number, row: number, col: number): CellFormat {
    const index = this.cellStyle(sheet, row, col) ?? this.sheet(sheet).rowStyles.get(row) ?? this.column(sheet, col)?.style ?? 0;
    return this.styles.formats[index] ?? DEFAULT_FORMAT;
  }

  /** A column's width in characters, with undefined chars when the font's digit width is not known. */
  width(sheet: number, col: number): ColumnWidth & { exact: boolean } {
    const digit = this.styles.digitWidth ?? 7;
    const exact = this.styles.digitWidth !== undefined;
    const c = this.column(sheet, col);
    const s = this.sheet(sheet);
    if (c?.width !== undefined) return { chars: shownChars(c.width, digit), custom: c.custom, hidden: c.hidden, exact };
    if (s.defaultWidth !== undefined) return { chars: shownChars(s.defaultWidth, digit), custom: false, hidden: c?.hidden ?? false, exact };
    // baseColWidth characters plus 5 pixels of padding, rounded up to 8 pixels (§18.3.1.81): 8 is 64 pixels, 8.43 characters.
    return { chars: pixelChars(Math.ceil((s.baseWidth * digit + 5) / 8) * 8, digit), custom: false, hidden: c?.hidden ?? false, exact };
  }
}

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
  /** HyperFormula's text of a string. */
  str: (s: string) => string;
}

/** The codes CELL("format") gives for dates and times, as Microsoft's table lists them; other date formats are not in it. */
const DOCUMENTED_DATES = new Set(['m/d/yy', 'm/d/yy h:mm', 'mm/dd/yy', 'd-mmm-yy', 'dd-mmm-yy', 'd-mmm', 'dd-mmm', 'mmm-yy', 'mm/dd', 'h:mm am/pm', 'h:mm:ss am/pm', 'h:mm', 'h:mm:ss', 'm/d/yyyy', 'm/d/yyyy h:mm']);

/**
 * CELL("format")'s code of a number format (numfmt's getFormatInfo implements Microsoft's table
 * and its "-" and "()" suffixes), and whether it is certain: numbers, currencies, percentages,
 * scientific and fractions follow the table's rule; a date or time format not in the table, text
 * (@), or a currency sign written as quoted text are Excel's own choice.
 */
function formatCode(numFmt: string): { code: string; color: number; parentheses: number; certain: boolean } {
  let info;
  try {
    info = getFormatInfo(numFmt);
  } catch {
    return { code: 'G', color: 0, parentheses: 0, certain: false };
  }
  const quotedCurrency = /"[^"]*[$€£¥][^"]*"|\\[$€£¥]|\[\$[^\]-]/.test(numFmt);
  const dated = info.isDate ? DOCUMENTED_DATES.has(numFmt.toLowerCase().replace(/;@$/, '')) : true;
  const certain = !info.isText && dated && !quotedCurrency;
  return { code: info.code, color: info.color, parentheses: info.parentheses, certain };
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
export function cellCall(args: (Ast | null)[], t: InfoTools): string {
  if (args.length < 1 || args.length > 2 || !args[0]) t.keep('syntax', `CELL with ${args.length} arguments`);
  const info = t.fold(args[0]!);
  if (info === undefined) t.keep('function', 'CELL with an info_type computed by a formula');
  if (typeof info !== 'string') return '#VALUE!';
  const kind = info.toLowerCase();
  if (!INFO_TYPES.has(kind)) return '#VALUE!';
  const ref = args[1];
  if (!ref) {
    return t.assume('cell', `CELL("${kind}") without a reference describes the cell last changed in Excel (here its own)`, () => {
      if (kind === 'contents' || kind === 'type') t.keep('circular', `CELL("${kind}") of its own cell`);
      return describe(kind, { sheet: t.sheet, r1: t.row, c1: t.col, r2: t.row, c2: t.col }, t);
    });
  }
  const list = t.areas(ref);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) t.keep('reference', 'CELL of a reference computed by a function');
  if (list.length !== 1) t.keep('reference', 'CELL of a union or 3-D reference');
  const area = list[0];
  if (!area) return '#REF!';
  return describe(kind, area, t);
}

const INFO_TYPES = new Set(['address', 'col', 'color', 'contents', 'filename', 'format', 'parentheses', 'prefix', 'protect', 'row', 'type', 'width']);

/** Label prefixes of text by horizontal alignment (general text is shown left-aligned). */
const PREFIXES: Record<string, string> = { general: "'", left: "'", right: '"', center: '^', fill: '\\' };

function describe(kind: string, area: Area, t: InfoTools): string {
  const { sheet, r1: row, c1: col } = area;
  const cell = { sheet, r1: row, c1: col, r2: row, c2: col };
  switch (kind) {
    case 'address':
      if (sheet !== t.sheet) t.keep('function', 'CELL("address") of another sheet names the file');
      return t.str(`$${columnLetter(col)}$${row + 1}`);
    case 'col':
      return String(col + 1);
    case 'row':
      return String(row + 1);
    case 'contents': {
      // The value, not the formula; an empty cell's is 0, as a reference to it reads.
      const v = t.cell(cell);
      return `IF(ISBLANK(${v}),0,${v})`;
    }
    case 'type': {
      const v = t.cell(cell);
      const text = `IF(ISBLANK(${v}),"b",IF(ISTEXT(${v}),"l","v"))`;
      // "l" is documented for a text constant; a formula's text result is read the same way, by its value.
      return t.isFormula(sheet, row, col) ? t.assume('cell', 'CELL("type") of a formula cell answers by its value', () => text) : text;
    }
    case 'filename':
      return t.keep('function', 'CELL("filename") names where the file is saved');
    case 'width': {
      const width = t.layout.width(sheet, col);
      const w = widthAnswer(width);
      const custom = width.custom;
      // Excel 365 answers {width, whether it is the default}; before it, the width alone (an ordinary
      // formula shows the first value either way).
      const text = () => (t.array ? `{${w.value},${custom ? 'FALSE()' : 'TRUE()'}}` : String(w.value));
      return w.certain ? text() : t.assume('cell', 'CELL("width") of a column whose width in characters is not a whole number Excel states', text);
    }
    case 'protect':
      return t.layout.format(sheet, row, col).locked ? '1' : '0';
    case 'prefix': {
      const horizontal = t.layout.format(sheet, row, col).horizontal;
      const prefix = PREFIXES[horizontal];
      const v = t.cell(cell);
      const text = (p: string) => `IF(ISTEXT(${v}),${t.str(p)},"")`;
      return prefix !== undefined ? text(prefix) : t.assume('cell', `CELL("prefix") of text aligned "${horizontal}"`, () => text(''));
    }
    default: {
      // format, color, parentheses: from the number format's code.
      const f = formatCode(t.layout.format(sheet, row, col).numFmt);
      const text = () => (kind === 'format' ? t.str(f.code) : String(kind === 'color' ? f.color : f.parentheses));
      return f.certain ? text() : t.assume('cell', `CELL("${kind}") of a number format outside Microsoft's table`, text);
    }
  }
}

/** AREAS(reference): how many areas the reference (a union of them) has. */
export function areasCall(args: (Ast | null)[], t: InfoTools): string {
  if (args.length !== 1 || !args[0]) t.keep('syntax', `AREAS with ${args.length} arguments`);
  const list = t.areas(args[0]!);
  if (list === 'null') return 'EXCEL.NULL()';
  if (!list) t.keep('reference', 'AREAS of something else than a reference known from the file');
  if (list.some((a) => !a)) return '#REF!';
  if (list.some((a) => a!.sheet !== list[0]!.sheet)) t.keep('reference', 'AREAS of a 3-D reference');
  return String(list.length);
}
