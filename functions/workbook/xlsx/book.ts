import type { ZipArchive } from './zip.js';
import type { Producer } from './producer.js';
import { readProducer } from './producer.js';
import { readPolicySetting } from './policy-setting.js';
import { ZipError, findEntry, readEntry, readText } from './zip.js';
import { parseRange } from './cells.js';
import { runText, unescapeText } from './text.js';
import { byteString, decodeXml, xmlAttr } from './xml.js';
import { checkFlatElements } from './elements.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';
import type { CellStyles } from './styles.js';
import { readCellStyles } from './styles.js';
import type { DataModel } from './data-model.js';
import { readDataModel } from './data-model.js';

export interface BookSheet {
  name: string;
  path: string; // e.g. xl/worksheets/sheet1.xml
  /** The part's bytes (UTF-8 XML); each evaluator reads them its own way. */
  data: Uint8Array;
}

/** A table (ListObject, `xl/tables/table*.xml`): what structured references resolve against. */
export interface BookTable {
  name: string;
  /** Index of the sheet the table is on. */
  sheet: number;
  /** 0-based corners of the whole table, headers and totals included. */
  top: number;
  left: number;
  bottom: number;
  right: number;
  headerRows: number;
  totalsRows: number;
  columns: string[];
  /** Whether its filter hides rows (SUBTOTAL then leaves them out). */
  filtered: boolean;
}

/** An external workbook as the file caches it (`xl/externalLinks/externalLinkN.xml`): its sheets' values when last read. */
export interface ExternalBook {
  sheets: string[];
  /** Per sheet: "row:col" → the cached value; undefined for a sheet whose values could not be read (refreshError). */
  values: (Map<string, number | string | boolean | { error: string }> | undefined)[];
}

export interface Book {
  sheets: BookSheet[];
  /** External workbooks by their index in formulas ([1] is the first). */
  externals: ExternalBook[];
  tables: BookTable[];
  /** The 1904 date system (`<workbookPr date1904="1">`): serial 0 is 1 January 1904. */
  date1904: boolean;
  sharedStrings: string[];
  definedNames: { name: string; formula: string; localSheet?: number }[];
  /** The policy the workbook names (the add-in's document setting), if any. */
  policy?: string;
  /** The program that saved the file and how it asks to be calculated. */
  producer: Producer;
  /** Whether the package carries a VBA project (xl/vbaProject.bin): its formulas may call the macros' functions. */
  macros: boolean;
  /**
   * The language the workbook's drawing and chart text was typed in (DrawingML's `lang`, a chart's
   * `c:lang`), when most of it names one other than en-US: the best hint a file gives of the
   * regional settings of the Excel that made it (read when first asked).
   */
  language: () => string | undefined;
  /** The cell formats (styles.xml) and the normal font's digit width: what CELL describes (read when first asked). */
  styles: () => CellStyles;
  /** The data model (what CUBE functions read), when all of it is read from the workbook's own cells. */
  dataModel?: DataModel;
}

function resolveTarget(base: string, rawTarget: string): string {
  // A relationship's target is a URI: "sheet%201.xml" names the part "sheet 1.xml".
  let target = rawTarget;
  try {
    target = decodeURIComponent(rawTarget);
  } catch {
    // not percent-encoded after all: as written
  }
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(zip: ZipArchive, part: string): Map<string, string> {
  const dir = part.split('/').slice(0, -1).join('/');
  const name = part.split('/').at(-1)!;
  const xml = readText(zip, `${dir}/_rels/${name}.rels`) ?? '';
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) out.set(id, resolveTarget(part, decodeXml(target)));
  }
  return out;
}

/** Shared strings: the text of each `<si>`, rich runs joined, phonetic runs left out. */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const si of xml.matchAll(/<si>([\s\S]*?)<\/si>/g)) out.push(runText(si[1]!));
  return out;
}

/** The tables of each sheet, through the sheet's relationships. */
function readTables(zip: ZipArchive, sheets: BookSheet[]): BookTable[] {
  const out: BookTable[] = [];
  sheets.forEach((sheet, index) => {
    for (const path of relationships(zip, sheet.path).values()) {
      if (!/\/tables\/[^/]+\.xml$/.test(path)) continue;
      const xml = readText(zip, path);
      const head = xml && /<(?:\w+:)?table\b[^>]*>/.exec(xml)?.[0];
      if (!head) continue;
      const ref = xmlAttr(head, 'ref');
      if (!ref) continue;
      let range;
      try {
        range = parseRange(ref);
      } catch {
        continue;
      }
      const columns = [...xml.matchAll(/<(?:\w+:)?tableColumn\b[^>]*>/g)].map((m) => unescapeText(xmlAttr(m[0], 'name') ?? ''));
      out.push({
        name: xmlAttr(head, 'displayName') ?? xmlAttr(head, 'name') ?? '',
        sheet: index,
        top: range.from.row,
        left: range.from.col,
        bottom: range.to.row,
        right: range.to.col,
        headerRows: Number(xmlAttr(head, 'headerRowCount') ?? 1),
        totalsRows: Number(xmlAttr(head, 'totalsRowCount') ?? 0),
        columns,
        filtered: /<(?:\w+:)?filterColumn\b/.test(xml),
      });
    }
  });
  return out;
}

/** The external workbooks' cached values, in the order of `<externalReferences>` (formulas say [1], [2]…). */
function readExternals(zip: ZipArchive, wb: string, rels: Map<string, string>): ExternalBook[] {
  const out: ExternalBook[] = [];
  const refs = /<(?:\w+:)?externalReferences\b[\s\S]*?<\/(?:\w+:)?externalReferences>/.exec(wb)?.[0] ?? '';
  for (const m of refs.matchAll(/<(?:\w+:)?externalReference\b[^>]*\br:id="([^"]*)"/g)) {
    const path = rels.get(m[1]!);
    const xml = path ? readText(zip, path) : undefined;
    if (!xml) {
      out.push({ sheets: [], values: [] });
      continue;
    }
    const sheets = [...xml.matchAll(/<(?:\w+:)?sheetName\b[^>]*\bval="([^"]*)"/g)].map((x) => decodeXml(x[1]!));
    const values: ExternalBook['values'] = sheets.map(() => new Map());
    for (const sd of xml.matchAll(/<(?:\w+:)?sheetData\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?sheetData>)/g)) {
      const id = Number(/\bsheetId="(\d+)"/.exec(sd[1]!)?.[1] ?? -1);
      if (id < 0 || id >= sheets.length) continue;
      const map = values[id]!;
      for (const c of (sd[2] ?? '').matchAll(/<(?:\w+:)?cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?cell>)/g)) {
        const r = /\br="([A-Z]+\d+)"/.exec(c[1]!)?.[1];
        const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(c[2] ?? '')?.[1];
        if (!r || v === undefined) continue;
        const t = /\bt="(\w+)"/.exec(c[1]!)?.[1] ?? 'n';
        const text = unescapeText(decodeXml(v));
        const pos = parseRange(r).from;
        map.set(`${pos.row}:${pos.col}`, t === 'str' || t === 's' ? text : t === 'b' ? text === '1' : t === 'e' ? { error: text } : Number(text));
      }
      // A sheet Excel could not read when it last refreshed the link, and of which it kept no value: #REF!.
      if (/\brefreshError="(?:1|true)"/.test(sd[1]!) && map.size === 0) values[id] = undefined;
    }
    out.push({ sheets, values });
  }
  return out;
}

/**
 * Whether a name reads as a reference, which Excel allows no defined name to: a cell in A1 form
 * inside the grid (N1, TAX2024), or in R1C1 form (R1C1, R, C, R2C, RC3).
 */
function readsAsReference(name: string): boolean {
  if (/^[RrCc]$|^[Rr]\d*[Cc]\d*$|^[Rr]\d+$|^[Cc]\d+$/.test(name)) return true;
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(name);
  if (!m) return false;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  return col <= MAX_COLS && row >= 1 && row <= MAX_ROWS;
}

/** The root element of a sheet part (a worksheet, or a chart, dialog or macro sheet), within its first bytes. */
const SHEET_ROOT = /<(?:\w+:)?(?:worksheet|chartsheet|dialogsheet|macrosheet)\b/;

/** Reads what recalculation needs from an .xlsx package. */
export function readBook(zip: ZipArchive): Book {
  const workbookPath = 'xl/workbook.xml';
  const wb = readText(zip, workbookPath);
  if (wb === undefined) throw new ZipError('notZip', { 'zh-CN': '是 zip 包，但不是 Excel 工作簿（没有 xl/workbook.xml）', en: 'a zip package, but not an Excel workbook (no xl/workbook.xml)' });
  // A package Excel would not open as it is (it offers to repair it, dropping what it cannot read)
  // is a malformed file to report, not a workbook with nothing to compute answered unchanged.
  if (!/<(?:\w+:)?workbook\b/.test(wb) || !/<(?:\w+:)?sheets\b/.test(wb)) {
    throw new ZipError('corrupt', { 'zh-CN': 'xl/workbook.xml 不是工作簿的 XML（没有 <workbook> 和 <sheets>）', en: 'xl/workbook.xml is not a workbook (no <workbook> with <sheets>)' });
  }
  const rels = relationships(zip, workbookPath);
  const sheets: BookSheet[] = [];
  /** localSheetId counts every <sheet> of the workbook; sheets counts those with a part. */
  const byPosition: (number | undefined)[] = [];
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*\/?>/g)) {
    byPosition.push(undefined);
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\bid="([^"]*)"/.exec(m[0])?.[1];
    const path = rid ? rels.get(rid) : undefined;
    if (!path) continue;
    const data = readEntry(zip, path);
    if (data === undefined) throw new ZipError('corrupt', { 'zh-CN': `工作表「${name}」的部件 ${path} 不在包内`, en: `the part ${path} of sheet "${name}" is missing from the package` });
    if (!SHEET_ROOT.test(byteString(data.subarray(0, 4096)))) {
      throw new ZipError('corrupt', { 'zh-CN': `工作表「${name}」的部件 ${path} 不是工作表的 XML`, en: `the part ${path} of sheet "${name}" is not a sheet's XML` });
    }
    byPosition[byPosition.length - 1] = sheets.length;
    sheets.push({ name, path, data });
  }
  checkFlatElements(wb, { 'zh-CN': `部件 ${workbookPath} `, en: `the part ${workbookPath}` }, ['definedName']);
  const definedNames = [...wb.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g)].map((m) => {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
    if (readsAsReference(name)) {
      const shown = name.length > 24 ? `${name.slice(0, 24)}…` : name;
      throw new ZipError('corrupt', {
        'zh-CN': `定义的名称「${shown}」读作单元格引用（A1 或 R1C1 形式），Excel 不允许这样的名称，打开时会修复此文件`,
        en: `the defined name "${shown}" reads as a cell reference (A1 or R1C1), which Excel allows no name to: Excel would repair the file`,
      });
    }
    const local = /\blocalSheetId="(\d+)"/.exec(m[1]!)?.[1];
    // A name scoped to a sheet that has no part (-1) is never resolved: no formula can be on that sheet.
    return { name, formula: decodeXml(m[2]!), ...(local !== undefined ? { localSheet: byPosition[Number(local)] ?? -1 } : {}) };
  });
  const ssPath = [...rels.values()].find((p) => /sharedStrings\.xml$/.test(p)) ?? 'xl/sharedStrings.xml';
  const ss = readText(zip, ssPath);
  if (ss) checkFlatElements(ss, { 'zh-CN': `部件 ${ssPath} `, en: `the part ${ssPath}` }, ['si', 'r', 't', 'rPh']);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\sdate1904="(?:1|true)"/.test(wb);
  const stylesPath = [...rels.values()].find((p) => /styles\.xml$/.test(p)) ?? 'xl/styles.xml';
  let styles: CellStyles | undefined;
  const tables = readTables(zip, sheets);
  const connectionsPath = [...rels.values()].find((p) => /(?:^|\/)connections\.xml$/i.test(p));
  const dataModel = readDataModel(connectionsPath ? readText(zip, connectionsPath) : undefined, wb, sheets.map((s) => s.name), definedNames, tables);
  let language: { value: string | undefined } | undefined;
  return { styles: () => (styles ??= readCellStyles(readText(zip, stylesPath))), language: () => (language ??= { value: drawingLanguage(zip) }).value, sheets, externals: readExternals(zip, wb, rels), tables, date1904, sharedStrings: ss ? readSharedStrings(ss) : [], definedNames, policy: readPolicySetting(zip), producer: readProducer(zip, wb), macros: findEntry(zip, 'xl/vbaProject.bin') !== undefined, ...(dataModel ? { dataModel } : {}) };
}

/** The language most `lang` attributes of the drawings and charts name, when it is not en-US (see Book.language). */
function drawingLanguage(zip: ZipArchive): string | undefined {
  const counts = new Map<string, number>();
  for (const e of zip.entries) {
    if (!/^xl\/(drawings|charts)\/[^/]+\.xml$/i.test(e.name)) continue;
    const xml = readText(zip, e.name) ?? '';
    for (const m of xml.matchAll(/\blang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"|<c:lang\s+val="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"/g)) {
      const tag = m[1] ?? m[2]!;
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top && top[0].toLowerCase() !== 'en-us' ? top[0] : undefined;
}
