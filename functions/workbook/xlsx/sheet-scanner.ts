import { columnLetter } from '../../../shared/src/values/columns.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';
import { WorkbookError } from '../model/workbook-error.js';
import { unescapeText } from './text.js';
import { AttributeList, decodeXml, fromBytes } from './xml.js';
import { CDATA, END_OF_INPUT, END_TAG, START_TAG, TEXT, XmlTokenizer } from './xml-tokenizer.js';

/**
 * The one reader of a worksheet's cells: every `<c>` element of its `<sheetData>`, in document
 * order, with its place in the grid, its attributes, its formula and its cached value. The fast
 * path, the budget's prescan, the HyperFormula path's cell list and the patcher all read a sheet
 * through it (the patcher through the same tokenizer, patch.ts), so they see the same cells.
 *
 * The sheet is read as XML (xml-tokenizer.ts), as Excel reads it: a cell inside a comment is no
 * cell, CDATA is text, elements may carry a namespace prefix (`<x:c>`, as the Open XML SDK writes),
 * attributes either quote. A cell without `r` is the next column after the row's previous cell, a
 * row without `r` the next row. Inside `<sheetData>` only SpreadsheetML's elements are taken, in
 * the places its schema gives them; anything else there (or a cell's children written with another
 * prefix than the cell's) is refused rather than passed over, since Excel would not open the file
 * as it is. The part is read to its end before the last cell is answered, so a malformed part is
 * refused before any reader has acted on it.
 */

/** SpreadsheetML's namespace (Transitional, as Excel writes it, and Strict). */
export const SPREADSHEETML = ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'] as const;

export interface ScannerOptions {
  /** The XML is a part's bytes as a one-byte string (xml.ts byteString): text read from it is decoded from UTF-8. */
  bytes?: boolean;
  /** The sheet's name, for the place a problem is reported at. */
  sheet?: string;
  /** The part's name (xl/worksheets/sheet1.xml), for the message refusing it. */
  part?: string;
}

/** A piece of text of a `<f>`, `<v>` or `<t>`: written as text (references and CRs to decode, or not), or a CDATA section. */
const PLAIN = 0;
const ENCODED = 1;
const CDATA_PIECE = 2;
const CDATA_WITH_CR = 3;

/** A cursor over the cells of a sheet: `next()` moves to the next cell; the fields and methods describe it. */
export class SheetScanner {
  /** The current `<c …>…</c>` element's character range in the XML. */
  start = 0;
  end = 0;
  /** The cell's place (0-based): from its `r`, or after the row's previous cell. */
  row = 0;
  col = 0;
  /** Whether the element is `<c …/>`: a cell with neither value nor formula (an empty, formatted cell). */
  selfClosing = false;
  /** Whether the cell has an `<f>` element. */
  hasFormula = false;

  private readonly tokens: XmlTokenizer;
  /** Whether the XML is a byte string, whose text is decoded from UTF-8. */
  private readonly bytes: boolean;
  /** The attributes of the cell's start tag and of its `<f>`, taken over from the tokenizer (which reads on into other lists). */
  private cellAttributes: AttributeList;
  private formulaTag: AttributeList;
  private inSheetData = false;
  private inCell = false;
  private rowIndex = -1;
  /** The cell's prefix with its colon ('x:'), '' without one: its children are written with it. */
  private prefix = '';
  /** The texts of the current cell, as pieces: start, end and kind (PLAIN…) each. */
  private pieces = new Int32Array(48);
  private pieceCount = 0;
  /** The pieces of the formula, the value and the inline string, from one to before the other (from -1 without the element). */
  private formulaFrom = 0;
  private formulaTo = 0;
  private valueFrom = -1;
  private valueTo = -1;
  private inlineFrom = -1;
  private inlineTo = -1;

  constructor(
    private readonly xml: string,
    private readonly options: ScannerOptions = {},
  ) {
    // A fault inside a cell is reported at the cell, elsewhere at the sheet.
    const where = () => (this.inCell ? this.where(this.reference()) : options.sheet);
    this.tokens = new XmlTokenizer(xml, { part: options.part, where, namespaces: SPREADSHEETML });
    this.bytes = options.bytes === true;
    this.cellAttributes = new AttributeList(xml);
    this.formulaTag = new AttributeList(xml);
  }

  /** Moves to the next cell; false past the last one, once the whole part has been read. */
  next(): boolean {
    const tokens = this.tokens;
    for (;;) {
      const kind = tokens.next();
      if (kind === END_OF_INPUT) return false;
      if (kind === END_TAG) {
        if (tokens.level === 2) this.inSheetData = false;
        continue;
      }
      if (kind !== START_TAG) continue; // white space between elements
      const level = tokens.level;
      if (level === 1) {
        if (!tokens.inNamespace()) this.refuse('根元素不是 SpreadsheetML 的元素', "its root element is not SpreadsheetML's");
      } else if (level === 2) {
        this.inSheetData = !tokens.attributes.selfClosing && tokens.inNamespace() && tokens.isLocal('sheetData');
      } else if (this.inSheetData && level === 3) {
        if (!tokens.inNamespace() || !tokens.isLocal('row')) this.unexpected('sheetData');
        this.startRow();
      } else if (this.inSheetData && level === 4) {
        if (tokens.inNamespace() && tokens.isLocal('c')) {
          this.readCell();
          return true;
        }
        if (tokens.inNamespace() && tokens.isLocal('extLst')) this.skipElement();
        else this.unexpected('row');
      }
    }
  }

  /** An attribute of the cell's start tag (r, t, s…), decoded. */
  attribute(name: string): string | undefined {
    return this.cellAttributes.get(name);
  }

  attributes(): Record<string, string> {
    return this.cellAttributes.record();
  }

  /** An attribute of the `<f>` element (t, ref, si…). */
  formulaAttribute(name: string): string | undefined {
    return this.formulaTag.get(name);
  }

  formulaAttributes(): Record<string, string> {
    return this.formulaTag.record();
  }

  /** The formula as written, unescaped ('' for `<f/>`, a shared formula's follower). */
  formulaText(): string {
    return this.text(this.formulaFrom, this.formulaTo);
  }

  /**
   * The cached value's text, decoded; undefined when the cell caches none: no `<v>`, or an empty
   * one, except for a text result (`t="str"`), whose empty `<v/>` is the empty text (Excel writes it so).
   */
  valueText(): string | undefined {
    if (this.valueFrom < 0) return undefined;
    const text = this.text(this.valueFrom, this.valueTo);
    return text === '' && this.cellAttributes.get('t') !== 'str' ? undefined : text;
  }

  /** The text of an inline string (`<is>`: its `<t>` runs joined, phonetic runs left out), or undefined without one. */
  inlineText(): string | undefined {
    return this.inlineFrom < 0 ? undefined : unescapeText(this.text(this.inlineFrom, this.inlineTo));
  }

  /** The cell's reference as written, or its place when it has no `r`. */
  reference(): string {
    return this.attribute('r') ?? `${columnLetter(this.col)}${this.row + 1}`;
  }

  private startRow(): void {
    const attributes = this.tokens.attributes;
    const r = attributes.find('r');
    if (r < 0) this.rowIndex++;
    else {
      // The row number, read where it stands (this runs for every row).
      let row = 0;
      const end = attributes.spans[4 * r + 3]!;
      let at = attributes.spans[4 * r + 2]!;
      for (; at < end && row <= MAX_ROWS; at++) {
        const digit = this.xml.charCodeAt(at) - 48;
        if (digit < 0 || digit > 9) break;
        row = row * 10 + digit;
      }
      if (at < end || row < 1 || row > MAX_ROWS) {
        const shown = fromBytes(attributes.value(r)).slice(0, 24);
        throw new WorkbookError('corrupt', { 'zh-CN': `行号「${shown}」不在 Excel 的表格范围内（1 至 ${MAX_ROWS}）`, en: `the row number "${shown}" is not in Excel's grid (1 to ${MAX_ROWS})` }, this.where(shown));
      }
      this.rowIndex = row - 1;
    }
    if (this.rowIndex >= MAX_ROWS) throw new WorkbookError('corrupt', { 'zh-CN': '一行没有行号，落在 Excel 的表格之外', en: "a row without a number falls past Excel's grid" }, this.where('?'));
    this.col = -1; // the next cell without r is in column A
  }

  private readCell(): void {
    const tokens = this.tokens;
    this.start = tokens.start;
    this.cellAttributes = tokens.swapAttributes(this.cellAttributes);
    this.place();
    this.prefix = tokens.colon < 0 ? '' : tokens.prefix();
    this.pieceCount = 0;
    this.hasFormula = false;
    this.formulaTag.count = 0;
    this.formulaFrom = this.formulaTo = 0;
    this.valueFrom = this.valueTo = -1;
    this.inlineFrom = this.inlineTo = -1;
    this.selfClosing = this.cellAttributes.selfClosing;
    if (!this.selfClosing) {
      this.inCell = true;
      for (;;) {
        // A child written <v>text</v> is read at once; anything else token by token.
        const plain = tokens.readPlainElement();
        if (!plain) {
          const kind = tokens.next();
          if (kind === END_TAG && tokens.level === 4) break;
          if (kind !== START_TAG) continue;
        }
        if (!this.isCellChild()) this.unexpected('c');
        if (tokens.isLocal('f')) {
          if (this.hasFormula) this.unexpected('c');
          this.hasFormula = true;
          this.formulaTag = tokens.swapAttributes(this.formulaTag);
          this.formulaFrom = this.pieceCount;
          this.readText(this.formulaTag.selfClosing, plain);
          this.formulaTo = this.pieceCount;
        } else if (tokens.isLocal('v')) {
          if (this.valueFrom >= 0) this.unexpected('c');
          this.valueFrom = this.pieceCount;
          this.readText(tokens.attributes.selfClosing, plain);
          this.valueTo = this.pieceCount;
        } else if (tokens.isLocal('is')) {
          if (this.inlineFrom >= 0) this.unexpected('c');
          this.inlineFrom = this.pieceCount;
          if (!plain) this.readInlineString(); // text directly in <is> is no run of it
          this.inlineTo = this.pieceCount;
        } else if (tokens.isLocal('extLst')) {
          if (!plain) this.skipElement();
        } else this.unexpected('c');
      }
      this.inCell = false;
    }
    this.end = tokens.end;
  }

  /** The cell's place, from its r, else the column after the row's previous cell. */
  private place(): void {
    const attributes = this.cellAttributes;
    const r = attributes.find('r');
    if (r < 0) {
      this.row = this.rowIndex;
      this.col++;
      if (this.col >= MAX_COLS) throw new WorkbookError('corrupt', { 'zh-CN': '一个没有引用的单元格落在 Excel 的表格之外（XFD 列之后）', en: "a cell without a reference falls past Excel's grid (after column XFD)" }, this.where('?'));
      return;
    }
    // Read where it stands (this runs for every cell); written with a reference (&#65;1), decoded first.
    if (!this.placeAt(this.xml, attributes.spans[4 * r + 2]!, attributes.spans[4 * r + 3]!) && (attributes.isPlain(r) || !this.placeAt(attributes.value(r), 0, attributes.value(r).length))) {
      const shown = fromBytes(attributes.value(r)).slice(0, 24);
      throw new WorkbookError('corrupt', { 'zh-CN': `单元格引用「${shown}」不在 Excel 的表格范围内（A1:XFD1048576）`, en: `the cell reference "${shown}" is not in Excel's grid (A1:XFD1048576)` }, this.where(shown));
    }
  }

  /** Places the cell at the A1 reference ("AB12") written from `start` to `end` of `text`; false when it is not one in Excel's grid. */
  private placeAt(text: string, start: number, end: number): boolean {
    let at = start;
    let col = 0;
    for (; at < end && at < start + 3; at++) {
      const ch = text.charCodeAt(at) & ~32; // upper case
      if (ch < 65 || ch > 90) break;
      col = col * 26 + (ch - 64);
    }
    if (at === start || at === end || col > MAX_COLS) return false;
    let row = 0;
    for (; at < end; at++) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) return false;
      row = row * 10 + digit;
      if (row > MAX_ROWS) return false;
    }
    if (row < 1) return false;
    this.row = row - 1;
    this.col = col - 1;
    return true;
  }

  /** Whether the current start tag is a child the cell may have: in SpreadsheetML's namespace, written with the cell's own prefix. */
  private isCellChild(): boolean {
    const tokens = this.tokens;
    const length = tokens.colon < 0 ? 0 : tokens.colon + 1 - tokens.nameStart;
    return length === this.prefix.length && (length === 0 || this.xml.startsWith(this.prefix, tokens.nameStart)) && tokens.inNamespace();
  }

  /**
   * The text of the current element (a `<f>`, `<v>` or `<t>`; `selfClosing` when written `<v/>`,
   * `plain` when read whole by readPlainElement) as pieces; an element inside it is refused.
   */
  private readText(selfClosing: boolean, plain: boolean): void {
    const tokens = this.tokens;
    if (selfClosing) {
      // <v/>: no text.
    } else if (plain || tokens.readTextContent()) {
      if (tokens.contentEnd > tokens.contentStart) this.addPiece(tokens.contentStart, tokens.contentEnd, tokens.textHasReference || tokens.textHasCR ? ENCODED : PLAIN);
    } else {
      const level = tokens.level;
      for (let kind = tokens.next(); kind !== END_TAG || tokens.level !== level; kind = tokens.next()) {
        if (kind === TEXT) this.addPiece(tokens.start, tokens.end, tokens.textHasReference || tokens.textHasCR ? ENCODED : PLAIN);
        else if (kind === CDATA) this.addPiece(tokens.start, tokens.end, tokens.textHasCR ? CDATA_WITH_CR : CDATA_PIECE);
        else this.refuse(`<${this.qualifiedName()}> 中不应有元素`, `an element inside <${this.qualifiedName()}>`);
      }
    }
  }

  /** An inline string's runs: `<t>` directly in `<is>` and in each rich run `<r>`; phonetic runs and their properties are passed over. */
  private readInlineString(): void {
    const tokens = this.tokens;
    if (tokens.attributes.selfClosing) return;
    const level = tokens.level;
    for (;;) {
      const plain = tokens.readPlainElement();
      if (!plain) {
        const kind = tokens.next();
        if (kind === END_TAG && tokens.level === level) break;
        if (kind !== START_TAG) continue;
      }
      const inRun = tokens.level === level + 2;
      if (!this.isCellChild()) this.unexpected('is');
      if (tokens.isLocal('t') && (tokens.level === level + 1 || inRun)) this.readText(tokens.attributes.selfClosing, plain);
      else if (tokens.level === level + 1 && tokens.isLocal('r')) continue; // its <t> is read next (text directly in it is no run)
      else if (tokens.isLocal('rPh') || tokens.isLocal('phoneticPr') || tokens.isLocal('rPr') || tokens.isLocal('extLst')) {
        if (!plain) this.skipElement();
      } else this.unexpected('is');
    }
  }

  private addPiece(start: number, end: number, kind: number): void {
    if (3 * this.pieceCount === this.pieces.length) {
      const grown = new Int32Array(this.pieces.length * 2);
      grown.set(this.pieces);
      this.pieces = grown;
    }
    const k = 3 * this.pieceCount++;
    this.pieces[k] = start;
    this.pieces[k + 1] = end;
    this.pieces[k + 2] = kind;
  }

  /** The text of the pieces from `from` to before `to`, decoded. */
  private text(from: number, to: number): string {
    if (to - from === 1) return this.pieceText(from);
    let out = '';
    for (let i = from; i < to; i++) out += this.pieceText(i);
    return out;
  }

  private pieceText(i: number): string {
    const kind = this.pieces[3 * i + 2]!;
    let raw = this.xml.slice(this.pieces[3 * i]!, this.pieces[3 * i + 1]!);
    if (this.bytes) raw = fromBytes(raw);
    if (kind === PLAIN || kind === CDATA_PIECE) return raw;
    // A CDATA section's content is not decoded, but its line ends are, as everywhere in XML.
    return kind === ENCODED ? decodeXml(raw) : raw.replace(/\r\n?/g, '\n');
  }

  /** Reads past the current element, its content included (the tokenizer still checks it is XML). */
  private skipElement(): void {
    const tokens = this.tokens;
    if (tokens.attributes.selfClosing) return;
    const level = tokens.level;
    while (tokens.next() !== END_TAG || tokens.level !== level);
  }

  private qualifiedName(): string {
    return this.xml.slice(this.tokens.nameStart, this.tokens.nameEnd);
  }

  private unexpected(parent: string): never {
    const name = fromBytes(this.qualifiedName());
    this.refuse(`<${parent}> 中有不应有的元素 <${name}>`, `an element <${name}> where <${parent}> may not have it`);
  }

  private refuse(zh: string, en: string): never {
    this.tokens.malformed(this.tokens.start, zh, en, { zh: '不是有效的工作表', en: 'is not a valid sheet' });
  }

  /** Where a problem is: Sheet!A1. */
  private where(reference: string): string {
    return `${this.options.sheet ?? ''}!${reference}`;
  }
}

/**
 * The `<row>` elements of a sheet's `<sheetData>` (each one's place, from its `r` or after the
 * previous row, and its attributes), and whether the sheet's filter sets a column
 * (`<filterColumn>`): read as XML, as the cells are, so a row inside a comment is no row.
 */
export function readRows(xml: string): { rows: { row: number; attributes: Record<string, string> }[]; filtered: boolean } {
  const tokens = new XmlTokenizer(xml, { namespaces: SPREADSHEETML });
  const rows: { row: number; attributes: Record<string, string> }[] = [];
  let filtered = false;
  let inSheetData = false;
  let row = -1;
  for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
    if (kind === END_TAG && tokens.level === 2) inSheetData = false;
    if (kind !== START_TAG || !tokens.inNamespace()) continue;
    const level = tokens.level;
    if (level === 2) inSheetData = tokens.isLocal('sheetData') && !tokens.attributes.selfClosing;
    else if (inSheetData && level === 3 && tokens.isLocal('row')) {
      const attributes = tokens.attributes.record();
      const r = attributes.r === undefined ? NaN : Number(attributes.r);
      row = Number.isInteger(r) && r >= 1 ? r - 1 : row + 1;
      rows.push({ row, attributes });
    } else if (!inSheetData && tokens.isLocal('filterColumn')) filtered = true;
  }
  return { rows, filtered };
}
