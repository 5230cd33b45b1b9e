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
  /** The raw `<f …>…</f>` element, kept verbatim when the cell is patched. */
  formulaXml?: string;
  /** The cached value as text, and its type attribute. */
  value?: string;
  inlineText?: string;
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ATTR = /([\w:]+)="([^"]*)"/g;

export function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(ATTR)) out[m[1]!] = decodeXml(m[2]!);
  return out;
}

/** "AB12" → { row: 11, col: 27 }. */
export function parseRef(ref: string): CellRef {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
  if (!m) throw new Error(`not a cell reference: ${ref}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export function formatRef({ row, col }: CellRef): string {
  let c = col + 1;
  let letters = '';
  while (c > 0) {
    const r = (c - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    c = Math.floor((c - 1) / 26);
  }
  return `${letters}${row + 1}`;
}

/** "E2:F9" → its corners. */
export function parseRange(ref: string): { from: CellRef; to: CellRef } {
  const [a, b] = ref.split(':');
  const from = parseRef(a!);
  return { from, to: b ? parseRef(b) : from };
}

/** Every `<c>` element of a sheet's `<sheetData>`, in document order. */
export function readCells(xml: string): SheetCell[] {
  const startData = xml.indexOf('<sheetData');
  if (startData < 0) return [];
  const endData = xml.indexOf('</sheetData>', startData);
  const region = endData < 0 ? '' : xml.slice(0, endData);
  const cells: SheetCell[] = [];
  CELL.lastIndex = startData;
  for (let m = CELL.exec(region); m; m = CELL.exec(region)) {
    const a = attrs(m[1]!);
    if (!a.r) continue; // Excel always writes r; a cell without one is left alone
    const cell: SheetCell = { ...parseRef(a.r), ref: a.r, start: m.index, end: m.index + m[0].length, attrs: a };
    const inner = m[2] ?? '';
    const f = /<f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/f>)/.exec(inner);
    if (f) {
      cell.formulaXml = f[0];
      cell.formulaAttrs = attrs(f[1]!);
      cell.formula = decodeXml(f[2] ?? '');
    }
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
    if (v) cell.value = decodeXml(v[1]!);
    const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
    if (is) cell.inlineText = [...is[1]!.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => decodeXml(t[1]!)).join('');
    cells.push(cell);
  }
  return cells;
}

export type NewValue = number | string | boolean | { error: string } | null;

/** A cell element with its cached value replaced: type attribute and `<v>`; its formula and other attributes kept. */
export function cellXml(cell: SheetCell, value: NewValue): string {
  const keep = Object.entries(cell.attrs).filter(([k]) => k !== 't');
  let t: string | undefined;
  let v: string | undefined;
  if (value === null) v = undefined;
  else if (typeof value === 'number') v = Number.isFinite(value) ? String(value) : undefined;
  else if (typeof value === 'boolean') {
    t = 'b';
    v = value ? '1' : '0';
  } else if (typeof value === 'string') {
    t = 'str';
    v = encodeXml(value);
  } else {
    t = 'e';
    v = encodeXml(value.error);
  }
  const attrText = [...keep.map(([k, x]) => `${k}="${x.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`), ...(t ? [`t="${t}"`] : [])].join(' ');
  const inner = `${cell.formulaXml ?? ''}${v === undefined ? '' : `<v>${v}</v>`}`;
  return inner ? `<c ${attrText}>${inner}</c>` : `<c ${attrText}/>`;
}

/** The sheet XML with the given cells' elements replaced; everything between them untouched. */
export function patchSheet(xml: string, patches: { cell: SheetCell; value: NewValue }[]): string {
  const sorted = [...patches].sort((a, b) => a.cell.start - b.cell.start);
  const parts: string[] = [];
  let at = 0;
  for (const { cell, value } of sorted) {
    parts.push(xml.slice(at, cell.start), cellXml(cell, value));
    at = cell.end;
  }
  parts.push(xml.slice(at));
  return parts.join('');
}
