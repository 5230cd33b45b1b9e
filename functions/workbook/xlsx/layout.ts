import { xmlAttr } from './xml.js';
import { readRows } from './sheet-scanner.js';
import type { CellFormat, CellStyles } from './styles.js';
import { DEFAULT_FORMAT, xmlBoolean } from './styles.js';

/**
 * The layout of a workbook's sheets as CELL reads it: each column's width (<cols>, the sheet's
 * default in <sheetFormatPr>) in the characters Excel shows, and each cell's format, its own or
 * else its row's or its column's. Each sheet is read when first asked.
 */

/** A column's width in characters as Excel shows it, and whether it was set by hand. */
export interface ColumnWidth {
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
      cols.push({ min: Number(xmlAttr(m[0], 'min') ?? 0) - 1, max: Number(xmlAttr(m[0], 'max') ?? 0) - 1, ...(width !== undefined ? { width: Number(width) } : {}), custom: xmlBoolean(xmlAttr(m[0], 'customWidth'), false), hidden: xmlBoolean(xmlAttr(m[0], 'hidden'), false), ...(style !== undefined ? { style: Number(style) } : {}) });
    }
    const format = /<(?:\w+:)?sheetFormatPr\b[^>]*>/.exec(xml)?.[0] ?? '';
    const defaultWidth = xmlAttr(format, 'defaultColWidth');
    const rowStyles = new Map<number, number>();
    for (const { row, attributes } of readRows(xml).rows) {
      if (attributes.s !== undefined && xmlBoolean(attributes.customFormat, false)) rowStyles.set(row, Number(attributes.s));
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

  /** A column's width in characters; not exact when the font's digit width is not known (7 pixels is taken then). */
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
