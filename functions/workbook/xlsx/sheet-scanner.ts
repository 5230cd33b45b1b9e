import { WorkbookError } from '../model/workbook-error.js';
import { runText } from './text.js';
import { decodeXml, fromBytes, xmlAttr, xmlAttributes } from './xml.js';

/**
 * The one reader of a worksheet's cells: every `<c>` element of its `<sheetData>`, in document
 * order, with the parts of it the readers use (its attributes, its formula, its cached value).
 * The fast path, the budget's prescan and the HyperFormula path's cell list all read a sheet
 * through it, so they see the same cells. One linear scan with indexOf; it makes no record per
 * cell: a reader asks for the text it needs.
 */

export interface ScannerOptions {
  /** The XML is a part's bytes as a one-byte string (xml.ts byteString): text read from it is decoded from UTF-8. */
  bytes?: boolean;
  /** The sheet's name, for the place a problem is reported at. */
  sheet?: string;
}

const isCellNameEnd = (ch: number) => ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13;

/** A cursor over the cells of a sheet: `next()` moves to the next cell; the fields and methods describe it. */
export class SheetScanner {
  /** The current `<c …>…</c>` element's character range in the XML. */
  start = 0;
  end = 0;
  /** Whether the element is `<c …/>`: a cell with neither value nor formula (an empty, formatted cell). */
  selfClosing = false;
  /** Whether the cell has an `<f>` element. */
  hasFormula = false;
  private at: number;
  private readonly endData: number;
  private tagText = '';
  /** The cell's content, between its start tag and `</c>`: its children are looked for in it alone. */
  private inner = '';
  private formulaTag = '';
  private formulaSource = '';
  private readonly decode: (raw: string) => string;

  constructor(
    private readonly xml: string,
    private readonly options: ScannerOptions = {},
  ) {
    const startData = xml.indexOf('<sheetData');
    this.endData = startData < 0 ? -1 : xml.indexOf('</sheetData>', startData);
    this.at = startData;
    this.decode = options.bytes ? (raw) => decodeXml(fromBytes(raw)) : decodeXml;
  }

  /** Moves to the next cell; false past the last one. */
  next(): boolean {
    const xml = this.xml;
    while (this.endData > 0) {
      const open = xml.indexOf('<c', this.at);
      if (open < 0 || open >= this.endData) return false;
      if (!isCellNameEnd(xml.charCodeAt(open + 2))) {
        this.at = open + 2; // <col…, <cfRule… and other names that start with c
        continue;
      }
      const tagEnd = xml.indexOf('>', open);
      const selfClosing = tagEnd > 0 && xml.charCodeAt(tagEnd - 1) === 47;
      const close = tagEnd < 0 ? -1 : selfClosing ? tagEnd : xml.indexOf('</c>', tagEnd);
      this.tagText = tagEnd < 0 ? '' : xml.slice(open + 2, selfClosing ? tagEnd - 1 : tagEnd);
      if (close < 0 || close > this.endData) {
        const r = this.attribute('r');
        throw new WorkbookError('corrupt', { 'zh-CN': '单元格元素没有结束标记（<c> 缺少 </c>）', en: 'a cell element is not closed (<c> without </c>)' }, this.where(r));
      }
      this.start = open;
      this.selfClosing = selfClosing;
      this.end = selfClosing ? tagEnd + 1 : close + 4;
      this.inner = selfClosing ? '' : xml.slice(tagEnd + 1, close);
      this.at = this.end;
      this.findFormula();
      return true;
    }
    return false;
  }

  /** An attribute of the cell's start tag (r, t, s…), entities decoded. */
  attribute(name: string): string | undefined {
    return xmlAttr(this.tagText, name);
  }

  attributes(): Record<string, string> {
    return xmlAttributes(this.tagText);
  }

  /** An attribute of the `<f>` element (t, ref, si…). */
  formulaAttribute(name: string): string | undefined {
    return xmlAttr(this.formulaTag, name);
  }

  formulaAttributes(): Record<string, string> {
    return xmlAttributes(this.formulaTag);
  }

  /** The formula as written, unescaped ('' for `<f/>`, a shared formula's follower). */
  formulaText(): string {
    return this.formulaSource ? this.decode(this.formulaSource) : '';
  }

  /** The cached value's text as the file holds it (entities not decoded), or undefined without a `<v>`. */
  valueSource(): string | undefined {
    const v = this.inner.indexOf('<v>');
    return v < 0 ? undefined : this.inner.slice(v + 3, this.inner.indexOf('</v>', v));
  }

  /** The cached value's text, unescaped, or undefined without a `<v>`. */
  valueText(): string | undefined {
    const raw = this.valueSource();
    return raw === undefined ? undefined : this.decode(raw);
  }

  /** Whether the cached value is written `<v/>`. */
  hasEmptyValue(): boolean {
    return this.inner.includes('<v/>');
  }

  /** The text of an inline string (`<is>`), or undefined without one. */
  inlineText(): string | undefined {
    const is = this.inner.indexOf('<is>');
    if (is < 0) return undefined;
    const body = this.inner.slice(is + 4, this.inner.indexOf('</is>', is));
    return this.options.bytes ? runText(body, fromBytes) : runText(body);
  }

  /** Where a problem with the current cell is: Sheet!A1. */
  where(ref = this.attribute('r')): string {
    return `${this.options.sheet ?? ''}!${ref === undefined ? '?' : fromBytes(ref).slice(0, 24)}`;
  }

  private findFormula(): void {
    const inner = this.inner;
    const f = inner.indexOf('<f');
    const fTagEnd = f < 0 ? -1 : inner.indexOf('>', f);
    this.hasFormula = fTagEnd >= 0;
    if (fTagEnd < 0) return;
    const fSelf = inner.charCodeAt(fTagEnd - 1) === 47;
    this.formulaTag = inner.slice(f + 2, fSelf ? fTagEnd - 1 : fTagEnd);
    const fEnd = fSelf ? -1 : inner.indexOf('</f>', fTagEnd);
    this.formulaSource = fEnd < 0 ? '' : inner.slice(fTagEnd + 1, fEnd);
  }
}
