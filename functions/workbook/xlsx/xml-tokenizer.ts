import { WorkbookError } from '../model/workbook-error.js';
import { AttributeList, isNameChar, isNameStart, isSpace } from './xml.js';

/**
 * The one XML tokenizer of the package's sheets: start tags, end tags, text and CDATA sections, in
 * document order, with comments and processing instructions passed over as XML readers do. It
 * checks what makes a document XML as it goes (every element closed by its own name, one root,
 * attributes quoted and distinct, no `<` in a value, references that name a character, namespace
 * prefixes declared) and refuses the part at the first fault: a reader never acts on a document it
 * has read only part of. A document type declaration is refused too: Open Packaging Conventions
 * parts may not have one, and its entities would be text no reader here could expand.
 *
 * It makes no object per token: the current token is described by fields (character ranges in the
 * text), which the next token overwrites. Searches for `&`, CR and `]]>` remember where they found
 * the next one, so that a part is searched once however many pieces of text it has.
 */

/** What the current token is. */
export const END_OF_INPUT = 0;
export const START_TAG = 1;
export const END_TAG = 2;
export const TEXT = 3;
export const CDATA = 4;

/** Where a tokenizer reads, and for whom. */
export interface TokenizerOptions {
  /** The part's name (xl/worksheets/sheet1.xml), for the message that refuses it. */
  part?: string;
  /** Where a problem is reported (the sheet's name, or the cell being read), asked for when there is one. */
  where?: () => string | undefined;
  /** The namespaces whose elements the reader reads: inNamespace() tells whether the current element is in one of them. */
  namespaces?: readonly string[];
  /** A fragment (one element cut from a document the scanner has read): no prolog, no root, prefixes not checked. */
  fragment?: boolean;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;

export class XmlTokenizer {
  kind = END_OF_INPUT;
  /** The current token's character range: a tag from `<` to past `>`; a text's characters; a CDATA section's content. */
  start = 0;
  end = 0;
  /** A tag's qualified name, and the position of its colon (-1 without a prefix). */
  nameStart = 0;
  nameEnd = 0;
  colon = -1;
  /** A start tag's attributes; selfClosing for `<x/>`. */
  attributes: AttributeList;
  /** Whether the current text has references (`&…;`) or a CR to decode. */
  textHasReference = false;
  textHasCR = false;
  /** The text an element holds, read with its end tag by readTextContent(). */
  contentStart = 0;
  contentEnd = 0;
  /** A tag's element's depth: the root is 1, its children 2… */
  level = 0;
  /** Elements open after the current token: a start tag (not `<x/>`) counts itself, an end tag no longer does. */
  depth = 0;

  private position: number;
  private limit: number;
  private readonly fragment: boolean;
  private readonly documentStart: number;
  private rootSeen = false;
  /** The open elements' names: where each starts, ends and has its colon (three numbers an element). */
  private open = new Int32Array(96);
  /** Namespace bindings in force, innermost last: prefix ('' for the default namespace), namespace, the depth of the element declaring it. */
  private readonly prefixes: string[] = ['xml'];
  private readonly uris: string[] = ['http://www.w3.org/XML/1998/namespace'];
  private readonly bindingDepths: number[] = [0];
  /** The prefixes now bound to one of the read namespaces, and whether the default namespace is one. */
  private readPrefixes: string[] = [];
  private defaultIsRead = false;
  /** Bindings of a self-closing element, released when the next token is read. */
  private releaseAfterToken = false;
  /**
   * Where the next `<`, `&`, CR and `]]>` are, from the last search on (the text's length when there
   * is none): each is searched for again only once the reading has passed it, also from one fragment
   * to the next, so that the text is searched once in all.
   */
  private nextLt = -1;
  private nextAmpersand = -1;
  private nextCR = -1;
  private nextCdataClose = -1;

  constructor(
    readonly xml: string,
    private readonly options: TokenizerOptions,
    from = 0,
    to = xml.length,
  ) {
    this.attributes = new AttributeList(xml);
    this.limit = to;
    // A byte order mark: U+FEFF in decoded text, its three UTF-8 bytes in a byte string.
    if (xml.charCodeAt(from) === 0xfeff) from += 1;
    else if (xml.startsWith('\xef\xbb\xbf', from)) from += 3;
    this.position = from;
    this.documentStart = from;
    this.fragment = options.fragment === true;
    this.rootSeen = this.fragment;
  }

  /** Starts reading another fragment of the same text (fragment mode): the element from `from` to `to`. */
  seek(from: number, to: number): void {
    // The remembered positions hold for a fragment further on; one further back searches again.
    if (from < this.position) this.nextLt = this.nextAmpersand = this.nextCR = this.nextCdataClose = -1;
    this.position = from;
    this.limit = to;
    this.depth = 0;
  }

  /** Reads the next token; END_OF_INPUT once the document is read to its end and found whole. */
  next(): number {
    if (this.releaseAfterToken) this.release(this.depth + 1);
    const xml = this.xml;
    for (;;) {
      const at = this.position;
      if (at >= this.limit) return this.finish();
      if (xml.charCodeAt(at) !== LT) return this.readText(at);
      const second = xml.charCodeAt(at + 1);
      if (second === SLASH) return this.readEndTag(at);
      if (second === BANG) {
        if (xml.startsWith('<!--', at)) this.skipComment(at);
        else if (xml.startsWith('<![CDATA[', at)) return this.readCdata(at);
        else if (xml.startsWith('<!DOCTYPE', at)) this.malformed(at, '文档类型声明（Office 文件的部件不得包含）', 'a document type declaration (parts of Office files may not have one)');
        else this.malformed(at, '“<!” 后不是注释或 CDATA', '"<!" that starts neither a comment nor a CDATA section');
      } else if (second === QUESTION) this.skipProcessingInstruction(at);
      else return this.readStartTag(at);
    }
  }

  /**
   * After a start tag (not `<x/>`): when the element holds text alone, or nothing, up to its end tag,
   * reads both, answers true and leaves the text's range in contentStart and contentEnd (its
   * references and CRs told by textHasReference and textHasCR) and the end tag as the current
   * token. Otherwise reads nothing and answers false: the content is for next() to read.
   */
  readTextContent(): boolean {
    const xml = this.xml;
    const from = this.position;
    if (this.nextLt < from) this.nextLt = this.find('<', from);
    const lt = this.nextLt;
    const depth = this.depth;
    if (lt >= this.limit || xml.charCodeAt(lt + 1) !== SLASH || depth === 0) return false;
    const openStart = this.open[3 * depth - 3]!;
    const length = this.open[3 * depth - 2]! - openStart;
    for (let i = 0; i < length; i++) if (xml.charCodeAt(openStart + i) !== xml.charCodeAt(lt + 2 + i)) return false;
    if (xml.charCodeAt(lt + 2 + length) !== GT) return false;
    this.checkText(from, lt);
    this.contentStart = from;
    this.contentEnd = lt;
    this.nameStart = lt + 2;
    this.nameEnd = lt + 2 + length;
    const colon = this.open[3 * depth - 1]!;
    this.colon = colon < 0 ? -1 : colon - openStart + lt + 2;
    this.release(depth);
    this.level = depth;
    this.depth = depth - 1;
    this.start = lt;
    this.end = lt + 3 + length;
    this.position = this.end;
    this.kind = END_TAG;
    return true;
  }

  /**
   * Reads a whole element written `<name>text</name>` (no attributes, text alone inside, or nothing)
   * when that is what comes next: answers true with the element's name and level as for its start
   * tag, its text's range in contentStart and contentEnd (as readTextContent leaves them), and its
   * end tag as the current token. Otherwise reads nothing and answers false, for next() to read it
   * (and refuse it, if it is not XML). Most of a sheet's elements are written so (`<v>`, `<f>`,
   * `<t>`): this reads them with a few comparisons where next() would read three tokens.
   */
  readPlainElement(): boolean {
    const xml = this.xml;
    const at = this.position;
    if (xml.charCodeAt(at) !== LT || this.depth === 0) return false;
    let end = at + 1;
    let ch = xml.charCodeAt(end);
    if (!isNameStart(ch)) return false;
    let colon = -1;
    do {
      if (ch === 58) {
        if (colon >= 0) return false;
        colon = end;
      }
      ch = xml.charCodeAt(++end);
    } while (isNameChar(ch));
    if (ch !== GT || colon === at + 1 || colon === end - 1) return false;
    const from = end + 1;
    let lt = this.nextLt;
    if (lt < from) this.nextLt = lt = this.find('<', from);
    const length = end - at - 1;
    if (xml.charCodeAt(lt + 1) !== SLASH || xml.charCodeAt(lt + 2 + length) !== GT || lt + 3 + length > this.limit) return false;
    for (let i = 0; i < length; i++) if (xml.charCodeAt(at + 1 + i) !== xml.charCodeAt(lt + 2 + i)) return false;
    this.nameStart = at + 1;
    this.nameEnd = end;
    this.colon = colon;
    if (colon >= 0 && !this.fragment && !this.inNamespace()) return false; // next() checks its prefix is declared
    this.checkText(from, lt);
    this.attributes.count = 0;
    this.attributes.selfClosing = false;
    this.level = this.depth + 1;
    this.contentStart = from;
    this.contentEnd = lt;
    this.start = lt;
    this.end = lt + 3 + length;
    this.position = this.end;
    this.kind = END_TAG;
    return true;
  }

  /** Hands the current start tag's attributes over to a reader, which keeps them past the next tag; the tokenizer reads on into `spare`. */
  swapAttributes(spare: AttributeList): AttributeList {
    const current = this.attributes;
    this.attributes = spare;
    return current;
  }

  /** Whether the current tag's local name (after its prefix) is `local`. */
  isLocal(local: string): boolean {
    const from = this.colon < 0 ? this.nameStart : this.colon + 1;
    const length = local.length;
    return this.nameEnd - from === length && this.xml.charCodeAt(from) === local.charCodeAt(0) && (length === 1 || this.xml.startsWith(local, from));
  }

  /** The current tag's prefix with its colon ('x:'), or '' without one. */
  prefix(): string {
    return this.colon < 0 ? '' : this.xml.slice(this.nameStart, this.colon + 1);
  }

  /** Whether the current start tag's element is in one of the namespaces the reader reads. */
  inNamespace(): boolean {
    if (this.colon < 0) return this.defaultIsRead;
    const length = this.colon - this.nameStart;
    for (const p of this.readPrefixes) if (p.length === length && this.xml.startsWith(p, this.nameStart)) return true;
    return false;
  }

  /** The namespace `prefix` ('' for the default one) is bound to where the reading stands, or undefined. */
  namespaceOf(prefix: string): string | undefined {
    for (let i = this.prefixes.length - 1; i >= 0; i--) if (this.prefixes[i] === prefix) return this.uris[i];
    return undefined;
  }

  /** The current text (or CDATA content) as written. */
  raw(): string {
    return this.xml.slice(this.start, this.end);
  }

  /**
   * Refuses the part: `zh` and `en` say what is wrong at character `at`; the lead says what the
   * part is not (well-formed XML, unless a reader of it says otherwise).
   */
  malformed(at: number, zh: string, en: string, lead = { zh: '不是格式正确的 XML', en: 'is not well-formed XML' }): never {
    let line = 1;
    let lineStart = 0;
    for (let i = this.xml.indexOf('\n'); i >= 0 && i < at; i = this.xml.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    const column = at - lineStart + 1;
    const part = this.options.part;
    throw new WorkbookError(
      'corrupt',
      {
        'zh-CN': `${part ? `部件 ${part}` : '工作表部件'}${lead.zh}：${zh}（第 ${line} 行第 ${column} 列）`,
        en: `${part ? `the part ${part}` : "the sheet's part"} ${lead.en}: ${en} (line ${line}, column ${column})`,
      },
      this.options.where?.(),
    );
  }

  private finish(): number {
    if (this.depth > 0) {
      const name = this.xml.slice(this.open[3 * this.depth - 3]!, this.open[3 * this.depth - 2]!);
      this.malformed(this.limit, `元素 <${name}> 没有结束标记`, `the element <${name}> is not closed`);
    }
    if (!this.rootSeen) this.malformed(this.limit, '没有根元素', 'it has no root element');
    this.kind = END_OF_INPUT;
    this.start = this.end = this.limit;
    return END_OF_INPUT;
  }

  private readText(at: number): number {
    const xml = this.xml;
    if (this.nextLt < at) this.nextLt = this.find('<', at);
    const end = Math.min(this.nextLt, this.limit);
    this.start = at;
    this.end = end;
    this.position = end;
    if (this.depth === 0) {
      for (let i = at; i < end; i++) if (!isSpace(xml.charCodeAt(i))) this.malformed(i, '根元素之外有文本', 'text outside the root element');
    }
    this.checkText(at, end);
    this.kind = TEXT;
    return TEXT;
  }

  private readCdata(at: number): number {
    if (this.depth === 0) this.malformed(at, '根元素之外有 CDATA', 'a CDATA section outside the root element');
    const close = this.xml.indexOf(']]>', at + 9);
    if (close < 0 || close + 3 > this.limit) this.malformed(at, 'CDATA 段没有结束', 'a CDATA section that is not closed');
    this.start = at + 9;
    this.end = close;
    this.position = close + 3;
    this.textHasReference = false;
    this.textHasCR = this.hasCR(this.start, close);
    this.kind = CDATA;
    return CDATA;
  }

  private skipComment(at: number): void {
    const close = this.xml.indexOf('-->', at + 4);
    if (close < 0 || close + 3 > this.limit) this.malformed(at, '注释没有结束', 'a comment that is not closed');
    // "--" may appear in a comment only as its end.
    if (this.xml.indexOf('--', at + 4) < close) this.malformed(at, '注释中有“--”', 'a comment with "--" inside');
    this.position = close + 3;
  }

  private skipProcessingInstruction(at: number): void {
    const xml = this.xml;
    const close = xml.indexOf('?>', at + 2);
    if (close < 0 || close + 2 > this.limit) this.malformed(at, '处理指令没有结束', 'a processing instruction that is not closed');
    let nameEnd = at + 2;
    if (!isNameStart(xml.charCodeAt(nameEnd))) this.malformed(at, '处理指令没有名称', 'a processing instruction without a target');
    while (isNameChar(xml.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd - at - 2 === 3 && xml.slice(at + 2, nameEnd).toLowerCase() === 'xml') {
      // The XML declaration: first in the document, and declaring the encoding every part is read in.
      if (at !== this.documentStart || this.fragment) this.malformed(at, 'XML 声明不在文档开头', 'an XML declaration that is not at the start');
      const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(xml.slice(at, close))?.[1];
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) this.malformed(at, `编码 ${encoding} 不是 UTF-8`, `the encoding ${encoding}, not UTF-8`);
    }
    this.position = close + 2;
  }

  /** Reads a name from `at`; answers its end. */
  private readName(at: number): number {
    const xml = this.xml;
    let ch = xml.charCodeAt(at);
    if (!isNameStart(ch)) this.malformed(at, '“<” 后不是元素名', '"<" not followed by an element name');
    this.nameStart = at;
    this.colon = -1;
    do {
      if (ch === 58) {
        if (this.colon >= 0) this.malformed(at, '名称中有两个冒号', 'a name with two colons');
        this.colon = at;
      }
      ch = xml.charCodeAt(++at);
    } while (isNameChar(ch));
    if (this.colon === this.nameStart || this.colon === at - 1) this.malformed(this.nameStart, '前缀或本地名为空', 'an empty prefix or local name');
    this.nameEnd = at;
    return at;
  }

  private readStartTag(at: number): number {
    const xml = this.xml;
    if (this.depth === 0 && this.rootSeen && !this.fragment) this.malformed(at, '有第二个根元素', 'a second root element');
    const nameEnd = this.readName(at + 1);
    const attributes = this.attributes;
    const gt = attributes.read(xml, nameEnd);
    if (gt < 0 || gt >= this.limit) this.malformed(gt < 0 ? -1 - gt : at, '标记不完整或属性有误', 'a tag that is cut short or has a malformed attribute');
    // A "<" before the tag's end is inside an attribute value (names and white space have none).
    let lt = this.nextLt;
    if (lt <= at) this.nextLt = lt = this.find('<', at + 1);
    if (lt < gt) this.malformed(lt, '属性值中有“<”', 'a "<" inside an attribute value');
    if (attributes.count > 1 && attributes.hasDuplicate()) this.malformed(at, '同一属性出现两次', 'an attribute given twice');
    if (this.nextAmpersand < gt) this.checkReferences(at, gt);
    this.start = at;
    this.end = gt + 1;
    this.position = gt + 1;
    this.rootSeen = true;
    const depth = this.depth + 1;
    this.level = depth;
    const declared = attributes.declaresNamespace && this.declareNamespaces(depth);
    if (this.colon >= 0 && !this.fragment && !this.inNamespace()) this.checkPrefix();
    if (attributes.selfClosing) this.releaseAfterToken = declared;
    else {
      if (3 * depth > this.open.length) {
        const grown = new Int32Array(this.open.length * 2);
        grown.set(this.open);
        this.open = grown;
      }
      this.open[3 * depth - 3] = this.nameStart;
      this.open[3 * depth - 2] = this.nameEnd;
      this.open[3 * depth - 1] = this.colon;
      this.depth = depth;
    }
    this.kind = START_TAG;
    return START_TAG;
  }

  private readEndTag(at: number): number {
    const xml = this.xml;
    const depth = this.depth;
    // The end tag must name the element it closes: compared where it stands, as most are right.
    const openStart = depth > 0 ? this.open[3 * depth - 3]! : 0;
    const length = depth > 0 ? this.open[3 * depth - 2]! - openStart : 0;
    let same = depth > 0;
    for (let i = 0; same && i < length; i++) same = xml.charCodeAt(openStart + i) === xml.charCodeAt(at + 2 + i);
    let gt = at + 2 + length;
    if (!same || isNameChar(xml.charCodeAt(gt))) {
      const name = xml.slice(at + 2, this.readName(at + 2));
      if (depth === 0) this.malformed(at, `结束标记 </${name}> 没有对应的开始标记`, `the end tag </${name}> closes no element`);
      const open = xml.slice(openStart, openStart + length);
      this.malformed(at, `结束标记 </${name}> 与 <${open}> 不符`, `the end tag </${name}> closes <${open}>`);
    }
    while (isSpace(xml.charCodeAt(gt))) gt++;
    if (xml.charCodeAt(gt) !== GT || gt >= this.limit) this.malformed(gt, '结束标记不完整', 'an end tag that is cut short');
    this.nameStart = at + 2;
    this.nameEnd = at + 2 + length;
    const colon = this.open[3 * depth - 1]!;
    this.colon = colon < 0 ? -1 : colon - openStart + at + 2;
    this.release(depth);
    this.level = depth;
    this.depth = depth - 1;
    this.start = at;
    this.end = gt + 1;
    this.position = gt + 1;
    this.kind = END_TAG;
    return END_TAG;
  }

  /** Checks the text from `from` to `to` (its references, no "]]>") and tells whether it has references or CRs to decode. */
  private checkText(from: number, to: number): void {
    this.textHasReference = this.nextAmpersand < to && this.checkReferences(from, to);
    if (this.nextCR < from) this.nextCR = this.find('\r', from);
    this.textHasCR = this.nextCR < to;
    if (this.nextCdataClose < from) this.nextCdataClose = this.find(']]>', from);
    if (this.nextCdataClose < to) this.malformed(this.nextCdataClose, '文本中有“]]>”', 'the text "]]>" outside a CDATA section');
  }

  /** Checks every reference (`&…;`) between `from` and `to`; answers whether there was one. */
  private checkReferences(from: number, to: number): boolean {
    if (this.nextAmpersand < from) this.nextAmpersand = this.find('&', from);
    if (this.nextAmpersand >= to) return false;
    while (this.nextAmpersand < to) {
      const after = this.checkReference(this.nextAmpersand, to);
      this.nextAmpersand = this.find('&', after);
    }
    return true;
  }

  /** Checks the reference at `at`: one of XML's five names, or a character's number, ending with ";" before `to`. Answers where it ends. */
  private checkReference(at: number, to: number): number {
    const xml = this.xml;
    // The longest reference that names a character is "&#x10FFFF;" (or "&#1114111;").
    let semicolon = at + 1;
    while (semicolon < to && semicolon - at <= 10 && xml.charCodeAt(semicolon) !== 59) semicolon++;
    const body = semicolon < to && xml.charCodeAt(semicolon) === 59 ? xml.slice(at + 1, semicolon) : '';
    if (body === 'lt' || body === 'gt' || body === 'amp' || body === 'quot' || body === 'apos') return semicolon + 1;
    let code = -1;
    if (/^#[0-9]{1,7}$/.test(body)) code = parseInt(body.slice(1), 10);
    else if (/^#x[0-9a-fA-F]{1,6}$/.test(body)) code = parseInt(body.slice(2), 16);
    // XML's characters: tab, line feed, CR, and from space on, less the surrogates, U+FFFE and U+FFFF.
    const isChar = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!isChar) {
      const close = xml.indexOf(';', at);
      const shown = body ? `&${body};` : close > at && close < to && close - at <= 24 ? xml.slice(at, close + 1) : xml.slice(at, Math.min(to, at + 12));
      this.malformed(at, `“${shown}” 不是实体或字符引用`, `"${shown}" is not an entity or character reference XML defines`);
    }
    return semicolon + 1;
  }

  private hasCR(from: number, to: number): boolean {
    if (this.nextCR < from) this.nextCR = this.find('\r', from);
    return this.nextCR < to;
  }

  /** The next `what` from `from`, or the text's length. */
  private find(what: string, from: number): number {
    const at = this.xml.indexOf(what, from);
    return at < 0 ? this.xml.length : at;
  }

  /** Takes the namespace declarations (xmlns, xmlns:p) of the current start tag; answers whether there were any. */
  private declareNamespaces(depth: number): boolean {
    const attributes = this.attributes;
    let declared = false;
    for (let i = 0; i < attributes.count; i++) {
      const start = attributes.spans[4 * i]!;
      const end = attributes.spans[4 * i + 1]!;
      if (this.xml.charCodeAt(start) !== 120 || !this.xml.startsWith('xmlns', start) || (end !== start + 5 && this.xml.charCodeAt(start + 5) !== 58)) continue;
      const prefix = end === start + 5 ? '' : this.xml.slice(start + 6, end);
      const uri = attributes.value(i);
      if (prefix === 'xmlns' || (prefix === 'xml') !== (uri === 'http://www.w3.org/XML/1998/namespace') || (prefix !== '' && uri === '')) this.malformed(start, `命名空间声明 ${prefix} 有误`, `the namespace declaration of "${prefix}" is not allowed`);
      this.prefixes.push(prefix);
      this.uris.push(uri);
      this.bindingDepths.push(depth);
      declared = true;
    }
    if (declared) this.bindingsChanged();
    return declared;
  }

  /** Releases the bindings declared at `depth` (its element has ended). */
  private release(depth: number): void {
    this.releaseAfterToken = false;
    const depths = this.bindingDepths;
    if (depths[depths.length - 1] !== depth) return;
    while (depths.length && depths[depths.length - 1] === depth) {
      depths.pop();
      this.prefixes.pop();
      this.uris.pop();
    }
    this.bindingsChanged();
  }

  private bindingsChanged(): void {
    const read = this.options.namespaces ?? [];
    const current = new Map<string, string>();
    this.prefixes.forEach((p, i) => current.set(p, this.uris[i]!));
    this.defaultIsRead = read.includes(current.get('') ?? '');
    this.readPrefixes = [...current].filter(([p, uri]) => p !== '' && read.includes(uri)).map(([p]) => p);
  }

  /** A prefixed name outside the read namespaces: its prefix must be declared. */
  private checkPrefix(): void {
    const length = this.colon - this.nameStart;
    for (const p of this.prefixes) if (p.length === length && this.xml.startsWith(p, this.nameStart)) return;
    const prefix = this.xml.slice(this.nameStart, this.colon);
    this.malformed(this.nameStart, `前缀 ${prefix} 未声明`, `the prefix "${prefix}" is not declared`);
  }
}
