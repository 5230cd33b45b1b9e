import { builtInFormat } from '../model/built-in-formats.js';
import { decodeXml, xmlAttr } from './xml.js';

/**
 * The cell formats of a workbook (xl/styles.xml) as CELL describes them: each format's number
 * format code, protection and alignment, and the normal font's digit width that column widths are
 * counted in.
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

/** The format of a cell whose index styles.xml does not list: Excel's default. */
export const DEFAULT_FORMAT: CellFormat = { numFmt: 'General', locked: true, horizontal: 'general' };

/**
 * Fonts whose maximum digit width Excel uses at 100% is known (7 pixels: Excel's default width of
 * 8.43 characters is 64 pixels for each): column widths in characters are exact for them.
 */
const DIGIT_WIDTHS: Record<string, number> = { 'calibri 11': 7, 'aptos narrow 11': 7, 'arial 10': 7 };

/** An XML boolean attribute's value ("1" or "true" is true), the fallback when the attribute is absent. */
export const xmlBoolean = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === '1' || v === 'true');

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
      numFmt: custom.get(id) ?? builtInFormat(id) ?? 'General',
      locked: xmlBoolean(protection && xmlAttr(protection, 'locked'), true),
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
