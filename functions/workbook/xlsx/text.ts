import { decodeXml } from './xml.js';
import { checkFlatElements } from './elements.js';

/**
 * Text as the file format stores it in cells and shared strings: `_xHHHH_` escapes for characters
 * XML cannot hold (ST_Xstring), and rich text, whose runs are read as one text.
 */

/**
 * Text of the file format (ST_Xstring) as text: `_xHHHH_` stands for the character HHHH (Excel
 * writes a carriage return as `_x000D_`, and a literal "_x000D_" as `_x005F_x000D_`).
 */
export function unescapeText(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Text as the file format stores it: control characters XML cannot hold as `_xHHHH_`, a literal `_xHHHH_` with its "_" escaped. */
export function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_/.test(s)
    ? // eslint-disable-next-line no-control-regex
      s.replace(/_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    : s;
}

/**
 * The text of a rich-text body (a shared string's `<si>`, an inline string's `<is>`): its `<t>`
 * pieces joined, phonetic runs (`<rPh>`) left out. `convert` first turns byte-form text (see
 * byteString) into text.
 */
export function runText(body: string, convert: (s: string) => string = (s) => s): string {
  if (body.startsWith('<t>') && body.indexOf('<', 3) === body.length - 4) return unescapeText(decodeXml(convert(body.slice(3, -4)))); // the common case: one plain <t>
  checkFlatElements(body, { 'zh-CN': '一段富文本', en: 'a rich text' }, ['r', 't', 'rPh']);
  return unescapeText([...body.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)].map((m) => decodeXml(convert(m[1] ?? ''))).join(''));
}
