import { WorkbookError } from '../model/workbook-error.js';

/**
 * The XML text of a package's parts as every reader here sees it: a part's bytes as a one-byte
 * string, entities and line ends decoded, and the one reader of a start tag's attributes. Which
 * elements a sheet holds is the sheet scanner's business (sheet-scanner.ts); this file knows only
 * XML's own rules.
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

export function decodeXml(text: string): string {
  // An XML reader sees a line break written raw as CR LF (or CR) as LF; &#13; stays a CR.
  const s = text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return referencedCharacter(e);
  });
}

/** The character of a reference (`#123`, `#x7B`); a number past Unicode's last code point is no character, and the part is corrupt. */
function referencedCharacter(e: string): string {
  const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  if (code <= 0x10ffff) return String.fromCodePoint(code);
  const shown = e.length > 16 ? `${e.slice(0, 16)}…` : e;
  throw new WorkbookError('corrupt', { 'zh-CN': `字符引用 &${shown}; 不对应任何字符`, en: `the character reference &${shown}; names no character` });
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const isSpace = (ch: number) => ch === 32 || ch === 9 || ch === 10 || ch === 13;

/**
 * The value of the attribute `name` of a start tag's text (`<c r="A1" t="s">`, or its attributes
 * alone), entities decoded; undefined when the tag has none, or its value is not closed.
 */
export function xmlAttr(tag: string, name: string): string | undefined {
  let at = tag.indexOf(name);
  while (at >= 0) {
    const after = at + name.length;
    if (isSpace(tag.charCodeAt(at - 1)) && tag.charCodeAt(after) === 61 && tag.charCodeAt(after + 1) === 34) {
      const close = tag.indexOf('"', after + 2);
      return close < 0 ? undefined : decodeXml(tag.slice(after + 2, close));
    }
    at = tag.indexOf(name, at + 1);
  }
  return undefined;
}

/** Every attribute of a start tag's text, by name, entities decoded; an attribute whose value is not closed ends the list. */
export function xmlAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  for (;;) {
    const eq = tag.indexOf('="', at);
    if (eq < 0) return out;
    let nameStart = eq;
    while (nameStart > at && tag.charCodeAt(nameStart - 1) > 32) nameStart--;
    const close = tag.indexOf('"', eq + 2);
    if (close < 0) return out;
    out[tag.slice(nameStart, eq)] = decodeXml(tag.slice(eq + 2, close));
    at = close + 1;
  }
}
