import { columnLetter } from '../../../shared/src/values/columns.js';

/**
 * Cells of a worksheet part, read from its XML and patched in place. Only the `<c>` elements of
 * formula cells (and the cells their array results spill into) are rewritten, and of those only
 * the type attribute and the cached `<v>`: every other byte of the sheet stays as Excel wrote it.
 */

export interface CellRef {
  row: number; // 0-based
  col: number; // 0-based
}

export interface SheetCell extends CellRef {
  ref: string;
  /** Character range of the whole `<c …>…</c>` element in the sheet XML. */
  start: number;
  end: number;
  attrs: Record<string, string>;
  /** The formula as written (unescaped), when the cell has one. */
  formula?: string;
  formulaAttrs?: Record<string, string>;
  /** The cached value as text, and its type attribute. */
  value?: string;
  inlineText?: string;
}


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

/**
 * The text of a rich-text body (a shared string's `<si>`, an inline string's `<is>`): its `<t>`
 * pieces joined, phonetic runs (`<rPh>`) left out. `convert` first turns byte-form text (see
 * byteString) into text.
 */
export function runText(body: string, convert: (s: string) => string = (s) => s): string {
  if (body.startsWith('<t>') && body.indexOf('<', 3) === body.length - 4) return unescapeText(decodeXml(convert(body.slice(3, -4)))); // the common case: one plain <t>
  return unescapeText([...body.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)].map((m) => decodeXml(convert(m[1] ?? ''))).join(''));
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
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** The value of a `name="…"` attribute of a start tag's text, entities decoded; undefined when the tag has none. */
export function xmlAttr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeXml(m[1]!) : undefined;
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The attributes of a start tag's text (name="value" pairs), scanned by hand: this runs once per cell. */
function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (;;) {
    const eq = s.indexOf('="', i);
    if (eq < 0) return out;
    let k = eq;
    while (k > i && s.charCodeAt(k - 1) > 32) k--;
    const close = s.indexOf('"', eq + 2);
    if (close < 0) return out;
    out[s.slice(k, eq)] = decodeXml(s.slice(eq + 2, close));
    i = close + 1;
  }
}

/** "AB12" → { row: 11, col: 27 }. */
export function parseRef(ref: string): CellRef {
  let col = 0;
  let i = 0;
  const n = ref.length;
  if (ref.charCodeAt(0) === 36) i++; // $
  for (; i < n; i++) {
    const ch = ref.charCodeAt(i) & ~32; // upper case
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (ref.charCodeAt(i) === 36) i++;
  const row = Number(ref.slice(i));
  if (col === 0 || col > 16384 || !Number.isInteger(row) || row < 1 || i === n) throw new Error(`not a cell reference: ${ref}`);
  return { row: row - 1, col: col - 1 };
}

export function formatRef({ row, col }: CellRef): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** "E2:F9" → its corners. */
export function parseRange(ref: string): { from: CellRef; to: CellRef } {
  const [a, b] = ref.split(':');
  const from = parseRef(a!);
  return { from, to: b ? parseRef(b) : from };
}

/** Every `<c>` element of a sheet's `<sheetData>`, in document order: one linear scan with indexOf. */
export function readCells(xml: string): SheetCell[] {
  const startData = xml.indexOf('<sheetData');
  if (startData < 0) return [];
  const endData = xml.indexOf('</sheetData>', startData);
  if (endData < 0) return [];
  const cells: SheetCell[] = [];
  let at = startData;
  for (;;) {
    const open = xml.indexOf('<c', at);
    if (open < 0 || open >= endData) break;
    const next = xml.charCodeAt(open + 2);
    if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
      at = open + 2; // <col…, <cfRule… and other names that start with c
      continue;
    }
    const tagEnd = xml.indexOf('>', open);
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    const a = attrs(xml.slice(open + 2, selfClosing ? tagEnd - 1 : tagEnd));
    let end: number;
    let inner = '';
    if (selfClosing) end = tagEnd + 1;
    else {
      const close = xml.indexOf('</c>', tagEnd);
      inner = xml.slice(tagEnd + 1, close);
      end = close + 4;
    }
    at = end;
    if (!a.r) continue; // Excel always writes r; a cell without one is left alone
    const pos = parseRef(a.r);
    // Every cell object gets the same fields in the same order: one hidden class for 100,000s of them.
    const cell: SheetCell = { row: pos.row, col: pos.col, ref: a.r, start: open, end, attrs: a, formula: undefined, formulaAttrs: undefined, value: undefined, inlineText: undefined };
    if (inner) {
      const f = inner.indexOf('<f');
      if (f >= 0) {
        const fTagEnd = inner.indexOf('>', f);
        const fSelf = inner.charCodeAt(fTagEnd - 1) === 47;
        cell.formulaAttrs = attrs(inner.slice(f + 2, fSelf ? fTagEnd - 1 : fTagEnd));
        cell.formula = fSelf ? '' : decodeXml(inner.slice(fTagEnd + 1, inner.indexOf('</f>', fTagEnd)));
      }
      const v = inner.indexOf('<v>');
      if (v >= 0) cell.value = decodeXml(inner.slice(v + 3, inner.indexOf('</v>', v)));
      // A text result cached as <v/> is the empty text (Excel writes it so), not a missing value.
      else if (a.t === 'str' && inner.includes('<v/>')) cell.value = '';
      const is = inner.indexOf('<is>');
      if (is >= 0) {
        const body = inner.slice(is + 4, inner.indexOf('</is>', is));
        cell.inlineText = runText(body);
      }
    }
    cells.push(cell);
  }
  return cells;
}

export type NewValue = number | string | boolean | { error: string } | null;

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
 * A cell element with its cached value replaced: the type attribute and the `<v>` element change
 * (an inline `<is>` cached value goes); the start tag's other attributes, the formula element and
 * any whitespace between the children are kept exactly as written.
 */
export function rewriteCell(el: string, value: NewValue, encode: (s: string) => string = (s) => s): string {
  const tagEnd = el.indexOf('>');
  const selfClosing = el.charCodeAt(tagEnd - 1) === 47;
  const head = el.slice(0, selfClosing ? tagEnd - 1 : tagEnd).replace(/\s+t="[^"]*"/, '').trimEnd();
  let t = '';
  let v: string | undefined;
  if (value === null) v = undefined;
  else if (typeof value === 'number') v = Number.isFinite(value) ? String(value) : undefined;
  else if (typeof value === 'boolean') {
    t = ' t="b"';
    v = value ? '1' : '0';
  } else if (typeof value === 'string') {
    t = ' t="str"';
    v = encode(encodeXml(escapeText(value)));
  } else {
    t = ' t="e"';
    v = encodeXml(value.error);
  }
  const newV = v === undefined ? '' : `<v>${v}</v>`;
  let body = selfClosing ? '' : el.slice(tagEnd + 1, el.lastIndexOf('</'));
  body = body.replace(/<is\b[\s\S]*?<\/is>|<is\/>/, '');
  const old = /<v>[\s\S]*?<\/v>|<v\/>/.exec(body);
  if (old) body = body.slice(0, old.index) + newV + body.slice(old.index + old[0].length);
  else {
    const fEnd = /<f\b[^>]*\/>|<f\b[\s\S]*?<\/f>/.exec(body);
    const at = fEnd ? fEnd.index + fEnd[0].length : 0;
    body = body.slice(0, at) + newV + body.slice(at);
  }
  return body ? `${head}${t}>${body}</c>` : `${head}${t}/>`;
}

/** The sheet XML with the given cell elements (by character range) rewritten; everything between them untouched. */
export function patchSheet(xml: string, patches: { start: number; end: number; value: NewValue }[], encode?: (s: string) => string): string {
  const sorted = patches.every((p, i) => i === 0 || patches[i - 1]!.start < p.start) ? patches : [...patches].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, value } of sorted) {
    parts.push(xml.slice(at, start), rewriteCell(xml.slice(start, end), value, encode));
    at = end;
  }
  parts.push(xml.slice(at));
  return parts.join('');
}
