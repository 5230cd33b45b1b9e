import type { ZipArchive } from './zip.js';
import type { Producer } from './producer.js';
import { readProducer } from './producer.js';
import { readPolicySetting } from './policy-setting.js';
import { ZipError, findEntry, readEntry, readText } from './zip.js';
import { parseRange } from './cells.js';
import { unescapeText } from './text.js';
import { byteString, decodeXml } from './xml.js';
import { CDATA, END_OF_INPUT, END_TAG, START_TAG, TEXT, XmlTokenizer } from './xml-tokenizer.js';
import { SPREADSHEETML } from './sheet-scanner.js';
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
  const path = `${dir}/_rels/${name}.rels`;
  const xml = readText(zip, path);
  const out = new Map<string, string>();
  if (xml === undefined) return out;
  const tokens = new XmlTokenizer(xml, { part: path, namespaces: PACKAGE_RELATIONSHIPS });
  for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
    if (kind !== START_TAG || tokens.level !== 2 || !tokens.inNamespace() || !tokens.isLocal('Relationship')) continue;
    const id = tokens.attributes.get('Id');
    const target = tokens.attributes.get('Target');
    if (id && target) out.set(id, resolveTarget(part, target));
  }
  return out;
}

/** The namespaces of a part's relationships file, and of a relationship's id on another part's element (r:id), Transitional and Strict. */
const PACKAGE_RELATIONSHIPS = ['http://schemas.openxmlformats.org/package/2006/relationships'];
const RELATIONSHIP_IDS = ['http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships'];

/**
 * The text of the element whose start tag the tokenizer has just read (its text and CDATA
 * sections, decoded, comments left out); `plain` when readPlainElement read it whole.
 */
function elementText(tokens: XmlTokenizer, plain = false): string {
  if (!plain && tokens.attributes.selfClosing) return '';
  if (plain || tokens.readTextContent()) {
    const text = tokens.xml.slice(tokens.contentStart, tokens.contentEnd);
    return tokens.textHasReference || tokens.textHasCR ? decodeXml(text) : text;
  }
  let out = '';
  const level = tokens.level;
  for (let kind = tokens.next(); kind !== END_TAG || tokens.level !== level; kind = tokens.next()) {
    if (kind === TEXT) out += tokens.textHasReference || tokens.textHasCR ? decodeXml(tokens.raw()) : tokens.raw();
    else if (kind === CDATA) out += tokens.textHasCR ? tokens.raw().replace(/\r\n?/g, '\n') : tokens.raw();
  }
  return out;
}

/** Reads past the element whose start tag the tokenizer has just read, its content included. */
function skipElement(tokens: XmlTokenizer): void {
  if (tokens.attributes.selfClosing) return;
  const level = tokens.level;
  while (tokens.next() !== END_TAG || tokens.level !== level);
}

/**
 * Shared strings: the text of each `<si>`, its `<t>` and the `<t>` of its rich runs (`<r>`) joined,
 * phonetic runs and properties left out. The part is read as XML, as the sheets are
 * (xml-tokenizer.ts): prefixes, CDATA and comments as XML has them, a part that is not XML refused.
 */
export function readSharedStrings(xml: string, part = 'xl/sharedStrings.xml'): string[] {
  const out: string[] = [];
  const tokens = new XmlTokenizer(xml, { part, namespaces: SPREADSHEETML });
  let text = '';
  let inItem = false;
  let inRun = false;
  for (;;) {
    // Most of a table is written <si><t>text</t></si>: the <t> read whole.
    const plain = inItem && tokens.readPlainElement();
    const kind = plain ? START_TAG : tokens.next();
    if (kind === END_OF_INPUT) return out;
    const level = tokens.level;
    if (kind === END_TAG) {
      if (level === 2 && inItem) {
        out.push(unescapeText(text));
        inItem = false;
      } else if (level === 3) inRun = false;
      continue;
    }
    if (kind !== START_TAG || level < 2) continue;
    const ours = tokens.inNamespace();
    if (level === 2) {
      if (!ours || !tokens.isLocal('si')) skipElement(tokens);
      else if (tokens.attributes.selfClosing) out.push('');
      else {
        inItem = true;
        text = '';
      }
    } else if (ours && tokens.isLocal('t') && (level === 3 || (level === 4 && inRun))) text += elementText(tokens, plain);
    else if (level === 3 && ours && tokens.isLocal('r') && !plain && !tokens.attributes.selfClosing) inRun = true;
    else if (ours && ((level === 3 && (tokens.isLocal('rPh') || tokens.isLocal('phoneticPr') || tokens.isLocal('extLst'))) || (level === 4 && inRun && tokens.isLocal('rPr')))) {
      if (!plain) skipElement(tokens);
    } else {
      // Anything else in a string (another <si>, text markup of another kind) is not a shared string as SpreadsheetML writes one.
      const name = xml.slice(tokens.nameStart, tokens.nameEnd);
      tokens.malformed(tokens.start, `<si> 中有不应有的元素 <${name}>`, `an element <${name}> where <si> may not have it`, { zh: '不是有效的共享字符串表', en: 'is not a valid shared strings table' });
    }
  }
}

/** What the workbook part (xl/workbook.xml) tells a recalculation. */
interface WorkbookPart {
  /** Every `<sheet>`, in order: its name and its part's relationship id. */
  sheets: { name: string; id: string | undefined }[];
  definedNames: { name: string; formula: string; localSheetId?: number }[];
  date1904: boolean;
  /** The relationship ids of `<externalReferences>`, in order. */
  externals: (string | undefined)[];
}

/** Reads the workbook part as XML (xml-tokenizer.ts); a part that is not a SpreadsheetML workbook with `<sheets>` is refused. */
function readWorkbookPart(wb: string, part: string): WorkbookPart {
  const tokens = new XmlTokenizer(wb, { part, namespaces: SPREADSHEETML });
  const out: WorkbookPart = { sheets: [], definedNames: [], date1904: false, externals: [] };
  let section = '';
  let hasSheets = false;
  let root = false;
  /** The relationship id on the current start tag: r:id, under whatever prefix names the relationships' namespace. */
  const relationshipId = (): string | undefined => {
    const attributes = tokens.attributes;
    for (let i = 0; i < attributes.count; i++) {
      const name = wb.slice(attributes.spans[4 * i]!, attributes.spans[4 * i + 1]!);
      const colon = name.indexOf(':');
      if (colon > 0 && name.slice(colon + 1) === 'id' && RELATIONSHIP_IDS.includes(tokens.namespaceOf(name.slice(0, colon)) ?? '')) return attributes.value(i);
    }
    return attributes.get('id');
  };
  for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
    if (kind !== START_TAG) continue;
    const level = tokens.level;
    const ours = tokens.inNamespace();
    if (level === 1) root = ours && tokens.isLocal('workbook');
    else if (level === 2) {
      section = ours ? wb.slice(tokens.colon < 0 ? tokens.nameStart : tokens.colon + 1, tokens.nameEnd) : '';
      if (section === 'sheets') hasSheets = true;
      else if (section === 'workbookPr') out.date1904 = /^(?:1|true)$/.test(tokens.attributes.get('date1904') ?? '');
    } else if (level === 3 && ours) {
      if (section === 'sheets' && tokens.isLocal('sheet')) out.sheets.push({ name: tokens.attributes.get('name') ?? '', id: relationshipId() });
      else if (section === 'externalReferences' && tokens.isLocal('externalReference')) out.externals.push(relationshipId());
      else if (section === 'definedNames' && tokens.isLocal('definedName') && !tokens.attributes.selfClosing) {
        const name = tokens.attributes.get('name') ?? '';
        const local = tokens.attributes.get('localSheetId');
        const formula = elementText(tokens);
        out.definedNames.push({ name, formula, ...(local !== undefined && /^\d+$/.test(local) ? { localSheetId: Number(local) } : {}) });
      }
    }
  }
  if (!root || !hasSheets) throw new ZipError('corrupt', { 'zh-CN': 'xl/workbook.xml 不是工作簿的 XML（没有 <workbook> 和 <sheets>）', en: 'xl/workbook.xml is not a workbook (no <workbook> with <sheets>)' });
  return out;
}

/** The tables of each sheet, through the sheet's relationships. */
function readTables(zip: ZipArchive, sheets: BookSheet[]): BookTable[] {
  const out: BookTable[] = [];
  sheets.forEach((sheet, index) => {
    for (const path of relationships(zip, sheet.path).values()) {
      if (!/\/tables\/[^/]+\.xml$/.test(path)) continue;
      const xml = readText(zip, path);
      if (xml === undefined) continue;
      const table = readTablePart(xml, path);
      if (!table) continue;
      let range;
      try {
        range = parseRange(table.ref);
      } catch {
        continue;
      }
      out.push({ name: table.name, sheet: index, top: range.from.row, left: range.from.col, bottom: range.to.row, right: range.to.col, headerRows: table.headerRows, totalsRows: table.totalsRows, columns: table.columns, filtered: table.filtered });
    }
  });
  return out;
}

/** A table part (`<table>`) read as XML: its range, name, header and totals rows, columns, and whether a filter column is set. */
function readTablePart(xml: string, part: string): { ref: string; name: string; headerRows: number; totalsRows: number; columns: string[]; filtered: boolean } | undefined {
  const tokens = new XmlTokenizer(xml, { part, namespaces: SPREADSHEETML });
  let table: ReturnType<typeof readTablePart>;
  for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
    if (kind !== START_TAG || !tokens.inNamespace()) continue;
    const attributes = tokens.attributes;
    if (tokens.level === 1) {
      const ref = attributes.get('ref');
      if (!tokens.isLocal('table') || !ref) return undefined;
      table = { ref, name: attributes.get('displayName') ?? attributes.get('name') ?? '', headerRows: Number(attributes.get('headerRowCount') ?? 1), totalsRows: Number(attributes.get('totalsRowCount') ?? 0), columns: [], filtered: false };
    } else if (table && tokens.isLocal('tableColumn')) table.columns.push(unescapeText(attributes.get('name') ?? ''));
    else if (table && tokens.isLocal('filterColumn')) table.filtered = true;
  }
  return table;
}

/** The external workbooks' cached values, in the order of `<externalReferences>` (formulas say [1], [2]…). */
function readExternals(zip: ZipArchive, ids: (string | undefined)[], rels: Map<string, string>): ExternalBook[] {
  const out: ExternalBook[] = [];
  for (const id of ids) {
    const path = id === undefined ? undefined : rels.get(id);
    const xml = path ? readText(zip, path) : undefined;
    out.push(xml ? readExternalLink(xml, path!) : { sheets: [], values: [] });
  }
  return out;
}

/** An external link part (`<externalLink>`) read as XML: its sheets' names and the values it caches of each. */
function readExternalLink(xml: string, part: string): ExternalBook {
  const tokens = new XmlTokenizer(xml, { part, namespaces: SPREADSHEETML });
  const sheets: string[] = [];
  const values: ExternalBook['values'] = [];
  /** The sheet whose `<sheetData>` is being read, whether it had a refresh error, and the cell being read. */
  let map: Map<string, number | string | boolean | { error: string }> | undefined;
  let sheetId = -1;
  let refreshError = false;
  let cell: { r: string | undefined; t: string } | undefined;
  for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
    if (kind === END_TAG) {
      if (tokens.isLocal('cell')) cell = undefined;
      else if (tokens.isLocal('sheetData') && map) {
        // A sheet Excel could not read when it last refreshed the link, and of which it kept no value: #REF!.
        if (refreshError && map.size === 0) values[sheetId] = undefined;
        map = undefined;
      }
      continue;
    }
    if (kind !== START_TAG || !tokens.inNamespace()) continue;
    const attributes = tokens.attributes;
    if (tokens.isLocal('sheetName')) {
      sheets.push(attributes.get('val') ?? '');
      values.push(new Map());
    } else if (tokens.isLocal('sheetData')) {
      sheetId = Number(attributes.get('sheetId') ?? -1);
      refreshError = /^(?:1|true)$/.test(attributes.get('refreshError') ?? '');
      map = Number.isInteger(sheetId) && sheetId >= 0 && sheetId < sheets.length ? values[sheetId] : undefined;
      if (map && attributes.selfClosing) {
        if (refreshError && map.size === 0) values[sheetId] = undefined;
        map = undefined;
      }
    } else if (map && tokens.isLocal('cell')) cell = attributes.selfClosing ? undefined : { r: attributes.get('r'), t: attributes.get('t') ?? 'n' };
    else if (map && cell && tokens.isLocal('v') && !attributes.selfClosing) {
      const text = unescapeText(elementText(tokens));
      if (cell.r === undefined || !/^[A-Z]+\d+$/.test(cell.r)) continue;
      const pos = parseRange(cell.r).from;
      const t = cell.t;
      map.set(`${pos.row}:${pos.col}`, t === 'str' || t === 's' ? text : t === 'b' ? text === '1' : t === 'e' ? { error: text } : Number(text));
    }
  }
  return { sheets, values };
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
  const part = readWorkbookPart(wb, workbookPath);
  const rels = relationships(zip, workbookPath);
  const sheets: BookSheet[] = [];
  /** localSheetId counts every <sheet> of the workbook; sheets counts those with a part. */
  const byPosition: (number | undefined)[] = [];
  for (const { name, id } of part.sheets) {
    byPosition.push(undefined);
    const path = id ? rels.get(id) : undefined;
    if (!path) continue;
    const data = readEntry(zip, path);
    if (data === undefined) throw new ZipError('corrupt', { 'zh-CN': `工作表「${name}」的部件 ${path} 不在包内`, en: `the part ${path} of sheet "${name}" is missing from the package` });
    if (!SHEET_ROOT.test(byteString(data.subarray(0, 4096)))) {
      throw new ZipError('corrupt', { 'zh-CN': `工作表「${name}」的部件 ${path} 不是工作表的 XML`, en: `the part ${path} of sheet "${name}" is not a sheet's XML` });
    }
    byPosition[byPosition.length - 1] = sheets.length;
    sheets.push({ name, path, data });
  }
  const definedNames = part.definedNames.map(({ name, formula, localSheetId }) => {
    if (readsAsReference(name)) {
      const shown = name.length > 24 ? `${name.slice(0, 24)}…` : name;
      throw new ZipError('corrupt', {
        'zh-CN': `定义的名称「${shown}」读作单元格引用（A1 或 R1C1 形式），Excel 不允许这样的名称，打开时会修复此文件`,
        en: `the defined name "${shown}" reads as a cell reference (A1 or R1C1), which Excel allows no name to: Excel would repair the file`,
      });
    }
    // A name scoped to a sheet that has no part (-1) is never resolved: no formula can be on that sheet.
    return { name, formula, ...(localSheetId !== undefined ? { localSheet: byPosition[localSheetId] ?? -1 } : {}) };
  });
  const ssPath = [...rels.values()].find((p) => /sharedStrings\.xml$/.test(p)) ?? 'xl/sharedStrings.xml';
  const ss = readText(zip, ssPath);
  const date1904 = part.date1904;
  const stylesPath = [...rels.values()].find((p) => /styles\.xml$/.test(p)) ?? 'xl/styles.xml';
  let styles: CellStyles | undefined;
  const tables = readTables(zip, sheets);
  const connectionsPath = [...rels.values()].find((p) => /(?:^|\/)connections\.xml$/i.test(p));
  const dataModel = readDataModel(connectionsPath ? readText(zip, connectionsPath) : undefined, wb, sheets.map((s) => s.name), definedNames, tables);
  let language: { value: string | undefined } | undefined;
  return { styles: () => (styles ??= readCellStyles(readText(zip, stylesPath))), language: () => (language ??= { value: drawingLanguage(zip) }).value, sheets, externals: readExternals(zip, part.externals, rels), tables, date1904, sharedStrings: ss ? readSharedStrings(ss, ssPath) : [], definedNames, policy: readPolicySetting(zip), producer: readProducer(zip, wb), macros: findEntry(zip, 'xl/vbaProject.bin') !== undefined, ...(dataModel ? { dataModel } : {}) };
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
