import { WorkbookError } from '../model/workbook-error.js';

/**
 * The XML text of a package's parts as every reader here sees it: a part's bytes as a one-byte
 * string, entities and line ends decoded, and the one reader of a start tag's attributes (used by
 * the tokenizer, xml-tokenizer.ts, and by the readers of the other parts). Which elements a sheet
 * holds is the sheet scanner's business (sheet-scanner.ts); this file knows only XML's own rules.
 */

/**
 * A part's bytes as a one-byte string, a character per byte. It is made at memory speed and takes
 * half the memory of the UTF-16 string a sheet with Chinese text would decode to; the XML's markup
 * is ASCII, so scanning and slicing it is unchanged. Text taken out of it goes through fromBytes,
 * text put into it through toBytes.
 */
export function byteString(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

export function fromBytes(s: string): string {
  return /[\x80-\xff]/.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

export function toBytes(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s;
}

/** The five entities XML predefines, by the character after "&". */
const ENTITIES: Record<string, [name: string, text: string][]> = { l: [['lt;', '<']], g: [['gt;', '>']], a: [['amp;', '&'], ['apos;', "'"]], q: [['quot;', '"']] };

/**
 * Text content with its line ends and references decoded: the five predefined entities and
 * character references. Anything else after "&" is left as written (the tokenizer refuses a sheet
 * that has any; other parts are read as they stand).
 */
export function decodeXml(text: string): string {
  // An XML reader sees a line break written raw as CR LF (or CR) as LF; &#13; stays a CR.
  const s = text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let done = 0;
  while (amp >= 0) {
    let end = -1;
    let replacement = '';
    if (s.charCodeAt(amp + 1) === 35) {
      const hex = s.charCodeAt(amp + 2) === 120;
      let at = amp + (hex ? 3 : 2);
      let code = 0;
      for (;; at++) {
        const ch = s.charCodeAt(at);
        const digit = ch >= 48 && ch <= 57 ? ch - 48 : hex && ((ch | 32) >= 97 && (ch | 32) <= 102) ? (ch | 32) - 87 : -1;
        if (digit < 0) break;
        code = code * (hex ? 16 : 10) + digit;
      }
      if (at > amp + (hex ? 3 : 2) && s.charCodeAt(at) === 59) {
        end = at + 1;
        replacement = referencedCharacter(s.slice(amp + 1, at), code);
      }
    } else {
      for (const [name, character] of ENTITIES[s[amp + 1] ?? ''] ?? []) {
        if (s.startsWith(name, amp + 1)) {
          end = amp + 1 + name.length;
          replacement = character;
        }
      }
    }
    if (end >= 0) {
      out += s.slice(done, amp) + replacement;
      done = end;
    }
    amp = s.indexOf('&', end >= 0 ? end : amp + 1);
  }
  return out + s.slice(done);
}

/** An attribute's value as XML reads it: line ends and white space each a space, then references decoded. */
export function decodeAttribute(raw: string): string {
  return decodeXml(/[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw);
}

/** The character of a reference (`#123`, `#x7B`); a number past Unicode's last code point is no character, and the part is corrupt. */
function referencedCharacter(e: string, code: number): string {
  if (code <= 0x10ffff) return String.fromCodePoint(code);
  const shown = e.length > 16 ? `${e.slice(0, 16)}…` : e;
  throw new WorkbookError('corrupt', { 'zh-CN': `字符引用 &${shown}; 不对应任何字符`, en: `the character reference &${shown}; names no character` });
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What may start (1) or continue (1 or 2) an XML name, by character code below 128; every code from 128 on continues one. */
const NAME_CHARS = new Uint8Array(128);
for (let ch = 0; ch < 128; ch++) {
  const c = String.fromCharCode(ch);
  if (/[A-Za-z_:]/.test(c)) NAME_CHARS[ch] = 1;
  else if (/[0-9.-]/.test(c)) NAME_CHARS[ch] = 2;
}

/** Whether a character may start an XML name (NaN, past the text's end, may not). */
export const isNameStart = (ch: number) => (ch < 128 ? NAME_CHARS[ch] === 1 : ch >= 128);
/** Whether a character may continue an XML name. */
export const isNameChar = (ch: number) => (ch < 128 ? NAME_CHARS[ch] !== 0 : ch >= 128);
/** XML's white space: space, tab, line feed, carriage return. */
export const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 9 || ch === 13;

/**
 * The attributes of one start tag, as character ranges in its text: for each, where its name
 * starts and ends and where its value starts and ends (inside the quotes). One list is reused from
 * tag to tag: reading a tag makes no object.
 */
export class AttributeList {
  count = 0;
  /** Name start, name end, value start, value end: four numbers an attribute. */
  spans = new Int32Array(32);
  /** Whether the tag ends with `/>`. */
  selfClosing = false;
  /** Whether an attribute's name starts with "xmlns": the tag may declare namespaces. */
  declaresNamespace = false;

  constructor(public text = '') {}

  /** The index of the attribute named `name`, or -1. */
  find(name: string): number {
    const text = this.text;
    const length = name.length;
    const first = name.charCodeAt(0);
    for (let i = 0; i < this.count; i++) {
      const start = this.spans[4 * i]!;
      if (this.spans[4 * i + 1]! - start === length && text.charCodeAt(start) === first && (length === 1 || text.startsWith(name, start))) return i;
    }
    return -1;
  }

  /** The value of attribute `i` as written (references not decoded). */
  raw(i: number): string {
    return this.text.slice(this.spans[4 * i + 2]!, this.spans[4 * i + 3]!);
  }

  /** The value of attribute `i`, decoded. */
  value(i: number): string {
    const raw = this.raw(i);
    return this.isPlain(i) ? raw : decodeAttribute(raw);
  }

  /** Whether the value of attribute `i` is its own text: no reference, no white space but spaces. */
  isPlain(i: number): boolean {
    const text = this.text;
    for (let at = this.spans[4 * i + 2]!, end = this.spans[4 * i + 3]!; at < end; at++) {
      const ch = text.charCodeAt(at);
      if (ch === 38 || ch === 9 || ch === 10 || ch === 13) return false;
    }
    return true;
  }

  /** The value of the attribute named `name`, decoded, or undefined. */
  get(name: string): string | undefined {
    const i = this.find(name);
    return i < 0 ? undefined : this.value(i);
  }

  /** Every attribute by name, decoded. */
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.count; i++) out[this.text.slice(this.spans[4 * i]!, this.spans[4 * i + 1]!)] ??= this.value(i);
    return out;
  }

  /** Whether two attributes have the same name (XML forbids it). */
  hasDuplicate(): boolean {
    const { spans, text } = this;
    for (let i = 1; i < this.count; i++) {
      const start = spans[4 * i]!;
      const length = spans[4 * i + 1]! - start;
      for (let j = 0; j < i; j++) {
        const other = spans[4 * j]!;
        if (spans[4 * j + 1]! - other !== length) continue;
        let k = 0;
        while (k < length && text.charCodeAt(start + k) === text.charCodeAt(other + k)) k++;
        if (k === length) return true;
      }
    }
    return false;
  }

  /**
   * Reads the attributes of a start tag from `at` (just past the element's name) to the tag's end,
   * `>` or `/>`, with either quote and white space around `=`. Answers the position of the final
   * `>`, or -1 - the position where the tag stops being XML.
   */
  read(text: string, at: number): number {
    if (this.text !== text) this.text = text;
    this.count = 0;
    this.selfClosing = false;
    this.declaresNamespace = false;
    for (;;) {
      let ch = text.charCodeAt(at);
      if (!isSpace(ch)) {
        if (ch === 62) return at;
        if (ch === 47 && text.charCodeAt(at + 1) === 62) {
          this.selfClosing = true;
          return at + 1;
        }
        return -1 - at; // an attribute must follow white space
      }
      do ch = text.charCodeAt(++at);
      while (isSpace(ch));
      if (!isNameStart(ch)) continue; // `>`, `/>` or a fault, seen above
      const nameStart = at;
      do ch = text.charCodeAt(++at);
      while (isNameChar(ch));
      const nameEnd = at;
      while (isSpace(ch)) ch = text.charCodeAt(++at);
      if (ch !== 61) return -1 - at;
      do ch = text.charCodeAt(++at);
      while (isSpace(ch));
      if (ch !== 34 && ch !== 39) return -1 - at;
      const close = text.indexOf(ch === 34 ? '"' : "'", at + 1);
      if (close < 0) return -1 - at;
      if (this.count * 4 === this.spans.length) {
        const grown = new Int32Array(this.spans.length * 2);
        grown.set(this.spans);
        this.spans = grown;
      }
      if (text.charCodeAt(nameStart) === 120 && text.startsWith('xmlns', nameStart)) this.declaresNamespace = true;
      const k = 4 * this.count++;
      this.spans[k] = nameStart;
      this.spans[k + 1] = nameEnd;
      this.spans[k + 2] = at + 1;
      this.spans[k + 3] = close;
      at = close + 1;
    }
  }
}

const lenient = new AttributeList();

/** Where the attributes of a tag's text begin: past `<name`, or at once when the text holds attributes alone. */
function attributesStart(tag: string): number {
  if (tag.charCodeAt(0) !== 60) return 0;
  let at = 1;
  while (isNameChar(tag.charCodeAt(at))) at++;
  return at;
}

/**
 * The value of the attribute `name` of a start tag's text (`<c r="A1" t="s">`, or its attributes
 * alone), decoded; undefined when the tag has none. The attributes are read as far as the text is
 * XML: an attribute past a fault is not read.
 */
export function xmlAttr(tag: string, name: string): string | undefined {
  lenient.read(tag, attributesStart(tag));
  return lenient.get(name);
}

/** Every attribute of a start tag's text, by name, decoded (as far as the text is XML). */
export function xmlAttributes(tag: string): Record<string, string> {
  lenient.read(tag, attributesStart(tag));
  return lenient.record();
}
