import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { buildXlsx } from './xlsx.js';

/**
 * Hostile and careless workbooks, generated (none is committed as a binary): each is a case of
 * issue 10, as an attacker or a careless user would send it. The tests run every one through the
 * route, the Lambda handlers and the command line; the benchmark measures the server's memory
 * while they run.
 */

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function parts(sheet: Uint8Array | string): Record<string, Uint8Array> {
  return {
    '[Content_Types].xml': strToU8(
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`${HEAD}<workbook ${NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': typeof sheet === 'string' ? strToU8(sheet) : sheet,
  };
}

/** A one-sheet workbook (sheet "S") whose sheetData is given as raw XML, to write what no library would. */
export function rawSheetBook(sheetData: string): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts(`${HEAD}<worksheet ${NS}><sheetData>${sheetData}</sheetData></worksheet>`)).map(([k, v]) => [k, [v, { level: 6 }]])));
}

const cell = (ref: string, inner: string, attrs = '') => `<c r="${ref}"${attrs}>${inner}</c>`;
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;

/** Cells at A1 and at the grid's last cell, XFD1048576, and a formula (nothing circular): HyperFormula used to allocate the whole grid. */
export const farCorners = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('B1', '<f>A1+1</f><v>0</v>')) + row(1048576, cell('XFD1048576', '<v>2</v>')));

/** The same, at XFD30000. */
export const farColumn = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('B1', '<f>A1+1</f><v>0</v>')) + row(30000, cell('XFD30000', '<v>2</v>')));

/** =SUM(A1:XFD1000) beside a function the fast path does not cover (so the workbook would go to HyperFormula). */
export const hugeRange = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('B1', '<f>SUM(A1:XFD1000)</f><v>0</v>') + cell('C1', '<f>TEXT(A1,"0")</f><v>0</v>', ' t="str"')));

/** C1=SUM(A1:XFD1000): a circular reference through a huge range. */
export const circularHugeRange = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('C1', '<f>SUM(A1:XFD1000)</f><v>0</v>')));

/** =SUM(A1:Z100000): 2.6 million cells in one range (20 s and 1.5 GB in HyperFormula). */
export const bigSum = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('AA1', '<f>SUM(A1:Z100000)</f><v>0</v>') + cell('AB1', '<f>TEXT(A1,"0")</f><v>0</v>', ' t="str"')));

/**
 * A huge range where its size is the answer's business, so it cannot be cut to the used cells:
 * SUMPRODUCT (which the fast path leaves to HyperFormula) over A1:XFC1000, 16 million cells (A1:XFD1000 would be rows 1:1000, which HyperFormula sizes by the sheet).
 */
export const hugeUncutRange = () => rawSheetBook(row(1, cell('A1', '<v>1</v>')) + row(2000, cell('A2000', '<f>SUMPRODUCT(A1:XFC1000)</f><v>0</v>')));

/** =SUMPRODUCT(A1:Z100000): 2.6 million cells HyperFormula would build. */
export const bigUncutRange = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('AA1', '<f>SUMPRODUCT(A1:Z100000)</f><v>0</v>')));

/** A cell whose reference lies outside Excel's grid, or is no reference at all. */
export const outOfGridCell = (ref: 'XFE1' | 'A1048577' | '1A') => rawSheetBook(row(1, cell('A1', '<v>1</v>')) + row(2, cell(ref, '<v>2</v>')));

/** =XFE1+1: a reference past column XFD, which HyperFormula read as an empty cell (the answer was 1). */
export const outOfGridFormula = () => rawSheetBook(row(1, cell('A1', '<v>1</v>') + cell('B1', '<f>XFE1+1</f><v>0</v>')));

/** An error cell holding a code that is not Excel's: 20 KB long, or not ASCII. It used to go into X-Errors as it was. */
export const strangeErrorCode = (code: string) => rawSheetBook(row(1, cell('A1', `<v>${code}</v>`, ' t="e"') + cell('B1', '<f>A1</f><v>0</v>')));

/** A cell element never closed: both scanners went round in circles. */
export const unclosedCell = () => rawSheetBook(`${row(1, `<c r="A1"><v>1</v>`)}${row(2, cell('A2', '<f>A1</f><v>0</v>'))}`.replace('</c></row>', '</row>'));

/** Two parts of one name (the second sheet renamed over the first in the zip's records): both used to be rewritten with the last one's content. */
export function duplicateParts(): Uint8Array {
  const book = buildXlsx([
    { name: 'A', cells: [{ ref: 'A1', value: 1 }, { ref: 'B1', formula: 'A1+1' }] },
    { name: 'B', cells: [{ ref: 'A1', value: 5 }, { ref: 'B1', formula: 'A1*2' }] },
  ]);
  const from = Buffer.from('xl/worksheets/sheet2.xml');
  const to = Buffer.from('xl/worksheets/sheet1.xml');
  const b = Buffer.from(book);
  for (let at = b.indexOf(from); at >= 0; at = b.indexOf(from, at + 1)) to.copy(b, at);
  return new Uint8Array(b);
}

/**
 * Packages Excel would not open as they are (it offers a repair): a sheet part that is not XML, a
 * sheet whose part is missing, a workbook part that is not XML. They used to come back unchanged,
 * "ok" with 0 formulas.
 */
export function malformedPackage(what: 'sheetNotXml' | 'sheetMissing' | 'workbookNotXml'): Uint8Array {
  const all = parts(`${HEAD}<worksheet ${NS}><sheetData>${row(1, cell('A1', '<v>1</v>') + cell('B1', '<f>A1+1</f><v>0</v>'))}</sheetData></worksheet>`);
  if (what === 'sheetNotXml') all['xl/worksheets/sheet1.xml'] = strToU8('<garbage');
  if (what === 'sheetMissing') delete all['xl/worksheets/sheet1.xml'];
  if (what === 'workbookNotXml') all['xl/workbook.xml'] = strToU8('not xml');
  return zipSync(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v, { level: 6 }]])));
}

/** More cells than `n`, all constants and one formula (for a small cells cap). */
export const manyCells = (n: number) => rawSheetBook(Array.from({ length: n + 1 }, (_, i) => row(i + 1, cell(`A${i + 1}`, `<v>${i}</v>`) + (i === 0 ? cell('B1', '<f>SUM(A1:A5)</f><v>0</v>') : ''))).join(''));

/**
 * A sheet of `unpackedMiB` MiB (repetitive cells) that deflates to about 1 KB a MiB: the zip bomb
 * of the issue is 491 KB unpacking to 480 MB. One MiB is deflated once and its block repeated
 * (a full flush makes each block stand alone), so the test never holds the sheet. `declared`
 * makes the directory lie about the size.
 */
export function zipBomb(unpackedMiB = 480, declared?: number): Uint8Array {
  const one = '<c r="A1"><v>1</v></c>';
  const chunk = Buffer.from(one.repeat(Math.ceil((1 << 20) / one.length)).slice(0, 1 << 20));
  const head = Buffer.from(`${HEAD}<worksheet ${NS}><sheetData><row r="1">`);
  const tail = Buffer.from('</row></sheetData></worksheet>');
  const piece = (b: Buffer, last: boolean) => deflateRawSync(b, { level: 9, finishFlush: last ? constants.Z_FINISH : constants.Z_FULL_FLUSH });
  const block = piece(chunk, false);
  const data = Buffer.concat([piece(head, false), ...Array.from({ length: unpackedMiB }, () => block), piece(tail, true)]);
  const size = head.length + tail.length + unpackedMiB * chunk.length;
  // The sheet's true CRC would cost holding it; a reader checks the sizes first.
  const book = Buffer.from(zipSync(Object.fromEntries(Object.entries(parts('')).map(([k, v]) => [k, [v, { level: 0 }]]))));
  return patchSheetEntry(book, data, declared ?? size);
}

/** Replaces the (empty, stored) sheet part of a zip with deflated data of the given unpacked size. */
function patchSheetEntry(zip: Buffer, data: Buffer, size: number): Uint8Array {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
  let lh = zip.indexOf(LOCAL);
  for (; lh >= 0; lh = zip.indexOf(LOCAL, lh + 1)) {
    const n = zip.readUInt16LE(lh + 26);
    if (zip.subarray(lh + 30, lh + 30 + n).equals(name)) break;
  }
  const nameLen = zip.readUInt16LE(lh + 26);
  const extraLen = zip.readUInt16LE(lh + 28);
  const dataStart = lh + 30 + nameLen + extraLen;
  const oldLen = zip.readUInt32LE(lh + 18);
  const before = Buffer.from(zip.subarray(0, dataStart));
  const after = Buffer.from(zip.subarray(dataStart + oldLen));
  before.writeUInt16LE(8, lh + 8);
  before.writeUInt32LE(0, lh + 14);
  before.writeUInt32LE(data.length, lh + 18);
  before.writeUInt32LE(size, lh + 22);
  const shift = data.length - oldLen;
  // Central directory: the sheet's record, and the offsets of the records after the sheet's data.
  const out = Buffer.concat([before, data, after]);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdOffset = out.readUInt32LE(eocd + 16) + shift;
  out.writeUInt32LE(cdOffset, eocd + 16);
  const count = out.readUInt16LE(eocd + 10);
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    const n = out.readUInt16LE(p + 28);
    const offset = out.readUInt32LE(p + 42);
    if (out.subarray(p + 46, p + 46 + n).equals(name)) {
      out.writeUInt16LE(8, p + 10);
      out.writeUInt32LE(0, p + 16);
      out.writeUInt32LE(data.length, p + 20);
      out.writeUInt32LE(size, p + 24);
    } else if (offset > lh) out.writeUInt32LE(offset + shift, p + 42);
    p += 46 + n + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return new Uint8Array(out);
}

/** `rows` rows that only HyperFormula computes (TEXT is not on the fast path): heavy enough to exceed a small memory or time budget. */
export const heavyForHyperFormula = (rows: number) =>
  rawSheetBook(Array.from({ length: rows }, (_, i) => row(i + 1, cell(`A${i + 1}`, `<v>${i}</v>`) + cell(`B${i + 1}`, `<f>TEXT(A${i + 1},"0")&amp;"x"</f><v>0</v>`, ' t="str"') + cell(`C${i + 1}`, `<f>SUM($A$1:A${i + 1})</f><v>0</v>`))).join(''));

/** The central directory of a zip: where it starts, its records (each a copy), and the end record's offset. */
function centralRecords(zip: Buffer): { cdOffset: number; eocd: number; records: Buffer[] } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const records: Buffer[] = [];
  for (let i = 0, p = cdOffset; i < zip.readUInt16LE(eocd + 10); i++) {
    const len = 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    records.push(Buffer.from(zip.subarray(p, p + len)));
    p += len;
  }
  return { cdOffset, eocd, records };
}

/** The zip again with its central directory replaced by `records` (the local records left as they are). */
function withCentralRecords(zip: Buffer, records: Buffer[]): Uint8Array {
  const { cdOffset, eocd } = centralRecords(zip);
  const end = Buffer.from(zip.subarray(eocd));
  const cd = Buffer.concat(records);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return new Uint8Array(Buffer.concat([zip.subarray(0, cdOffset), cd, end]));
}

/** A central record copied under another name (same data, same local header). */
function renamed(record: Buffer, name: string): Buffer {
  const n = Buffer.from(name);
  const out = Buffer.concat([record.subarray(0, 46), n, record.subarray(46 + record.readUInt16LE(28))]);
  out.writeUInt16LE(n.length, 28);
  return out;
}

/** A good workbook (B1 = A1+1) with one more part, stored (not deflated): `media` bytes that do not compress. */
function bookWithMedia(media: Uint8Array): Buffer {
  const all = parts(`${HEAD}<worksheet ${NS}><sheetData>${row(1, cell('A1', '<v>1</v>') + cell('B1', '<f>A1+1</f><v>0</v>'))}</sheetData></worksheet>`);
  return Buffer.from(zipSync({ ...Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v, { level: 6 }]])), 'xl/media/image1.png': [media, { level: 0 }] }));
}

/** Bytes that do not compress (a fixed generator: the same file every run). */
function noise(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Issue 22's aliased entries: a workbook with a stored 4 MiB part and `aliases` more central-directory
 * records pointing at that same data under other names, each declaring it unpacks to nothing (or,
 * `truthful`, to its size). A rewrite copied the data once per record (4.2 MB with 300 aliases
 * answered 1,263 MB).
 */
export function aliasedParts(aliases: number, mib = 4, truthful = false): Uint8Array {
  const zip = bookWithMedia(noise(mib << 20));
  const { records } = centralRecords(zip);
  const media = records.find((r) => r.subarray(46, 46 + r.readUInt16LE(28)).toString() === 'xl/media/image1.png')!;
  if (!truthful) media.writeUInt32LE(0, 24);
  return withCentralRecords(zip, [...records, ...Array.from({ length: aliases }, (_, i) => renamed(media, `xl/media/alias${i}.png`))]);
}

/**
 * Overlapping entries: a stored part whose bytes are themselves a complete local record, and a
 * central record for a second part pointing inside the first one's data.
 */
export function overlappingParts(): Uint8Array {
  const inner = Buffer.from('<hidden/>');
  const innerName = Buffer.from('xl/media/inner.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(inner), 14);
  local.writeUInt32LE(inner.length, 18);
  local.writeUInt32LE(inner.length, 22);
  local.writeUInt16LE(innerName.length, 26);
  const zip = bookWithMedia(Buffer.concat([local, innerName, inner, Buffer.from(noise(1000))]));
  const { records } = centralRecords(zip);
  const media = records.find((r) => r.subarray(46, 46 + r.readUInt16LE(28)).toString() === 'xl/media/image1.png')!;
  const start = media.readUInt32LE(42);
  const dataStart = start + 30 + zip.readUInt16LE(start + 26) + zip.readUInt16LE(start + 28);
  const second = renamed(media, innerName.toString());
  second.writeUInt32LE(crc32(inner), 16);
  second.writeUInt32LE(inner.length, 20);
  second.writeUInt32LE(inner.length, 24);
  second.writeUInt32LE(dataStart, 42);
  return withCentralRecords(zip, [...records, second]);
}

/** A stored part whose directory declares `declared` bytes while its data is 1 MiB: a stored part must be its declared size. */
export function storedSizeLie(declared = 10): Uint8Array {
  const zip = bookWithMedia(noise(1 << 20));
  const { records } = centralRecords(zip);
  for (const r of records) if (r.subarray(46, 46 + r.readUInt16LE(28)).toString() === 'xl/media/image1.png') r.writeUInt32LE(declared, 24);
  return withCentralRecords(zip, records);
}

/** A good workbook (B1 = A1+1) carrying a stored part of `bytes` that do not compress: its answer is as large as it is. */
export const withStoredMedia = (bytes: number): Uint8Array => new Uint8Array(bookWithMedia(noise(bytes)));

/** A one-sheet workbook whose sheet is named `name` (as XML text: `&#27;` is ESC), its sheetData given as raw XML. */
export function sheetNamed(name: string, sheetData: string): Uint8Array {
  const all = parts(`${HEAD}<worksheet ${NS}><sheetData>${sheetData}</sheetData></worksheet>`);
  all['xl/workbook.xml'] = strToU8(`${HEAD}<workbook ${NS}><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  return zipSync(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v, { level: 6 }]])));
}

/**
 * A workbook written part by part, to write what no library would: its sheets' sheetData as raw XML,
 * its shared strings part (raw XML inside `<sst>`, or a whole part) and what `<workbook>` holds
 * besides `<sheets>` (defined names).
 */
export function rawPartsBook(opts: { sheets: string[]; sharedStrings?: string; sharedStringsPart?: string; workbookExtra?: string }): Uint8Array {
  const all = parts('');
  delete all['xl/worksheets/sheet1.xml'];
  const sheetList = opts.sheets.map((_, i) => `<sheet name="S${i === 0 ? '' : i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  all['xl/workbook.xml'] = strToU8(`${HEAD}<workbook ${NS}><sheets>${sheetList}</sheets>${opts.workbookExtra ?? ''}</workbook>`);
  const rels = opts.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  if (opts.sharedStrings !== undefined || opts.sharedStringsPart !== undefined) {
    rels.push(`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`);
    all['xl/sharedStrings.xml'] = strToU8(opts.sharedStringsPart ?? `${HEAD}<sst ${NS}>${opts.sharedStrings}</sst>`);
  }
  all['xl/_rels/workbook.xml.rels'] = strToU8(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  opts.sheets.forEach((data, i) => (all[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`${HEAD}<worksheet ${NS}><sheetData>${data}</sheetData></worksheet>`)));
  return zipSync(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v, { level: 9 }]])));
}

/** Letters that do not compress much (a fixed generator: the same text every run). */
function letters(n: number): string {
  let x = 0x2545f491;
  let s = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += String.fromCharCode(97 + ((x >>> 0) % 26));
  }
  return s;
}

/**
 * Issue 22, item 2: one shared formula of `length` characters that cannot be read (a bracket never
 * closed), filled down `rows` cells of column B, each with a cached value. Every cell keeps its
 * value, and each used to be listed with a parse error quoting the whole formula.
 */
export function keptSharedFormula(rows = 100_000, length = 6000): Uint8Array {
  const formula = `SUM(A1${'+A1'.repeat(Math.ceil((length - 6) / 3))}`.slice(0, length);
  const body = [row(1, cell('A1', '<v>1</v>') + cell('B1', `<f t="shared" ref="B1:B${rows}" si="0">${formula}</f><v>5</v>`))];
  for (let r = 2; r <= rows; r++) body.push(row(r, cell(`B${r}`, '<f t="shared" si="0"/><v>5</v>')));
  return rawSheetBook(body.join(''));
}

/**
 * Issue 22, item 3: a text of 32,767 characters (Excel's longest) in A1, and `=$A$1` in `cells`
 * cells of column B: a small upload whose answer would hold the text once per cell.
 */
export function longTextCopies(cells = 5000): Uint8Array {
  const body = [row(1, cell('A1', `<is><t>${letters(32_767)}</t></is>`, ' t="inlineStr"'))];
  for (let r = 2; r <= cells + 1; r++) body.push(row(r, cell(`B${r}`, '<f>$A$1</f><v>0</v>')));
  return rawSheetBook(body.join(''));
}

/** Issue 22, item 3: `sheets` sheets of `cells` MID cells each, every one a different 30,000-character slice of one long text. */
export function midSlices(sheets = 3, cells = 4000): Uint8Array {
  const text = letters(32_767);
  const one = (s: number) => {
    const body = [row(1, cell('A1', `<is><t>${text}</t></is>`, ' t="inlineStr"'))];
    for (let r = 2; r <= cells + 1; r++) body.push(row(r, cell(`B${r}`, `<f>MID($A$1,${(r + s) % 2000 + 1},30000)</f><v>0</v>`)));
    return body.join('');
  };
  return rawPartsBook({ sheets: Array.from({ length: sheets }, (_, i) => one(i)) });
}

/** Formulas whose text would pass Excel's 32,767 characters (Excel answers #VALUE!), in column B, each beside LEN of it in column C. */
export function overlongText(formulas: string[]): Uint8Array {
  return rawSheetBook(formulas.map((f, i) => row(i + 1, cell(`A${i + 1}`, '<v>3</v>') + cell(`B${i + 1}`, `<f>${f.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</f><v>0</v>`) + cell(`C${i + 1}`, `<f>LEN(B${i + 1})</f><v>0</v>`))).join(''));
}

/** Issue 22, item 6: a what-if data table (or an array formula) whose range is the whole sheet, in a file of a kilobyte or two. */
export function sheetSizedRange(kind: 'dataTable' | 'array' | 'spill'): Uint8Array {
  const anchor =
    kind === 'dataTable'
      ? cell('B2', '<f t="dataTable" ref="B2:XFD1048576" dt2D="1" dtr="1" r1="A1" r2="A2"/><v>0</v>')
      : kind === 'array'
        ? cell('B2', '<f t="array" ref="B2:XFD1048576">A1+1</f><v>2</v>')
        : cell('B2', '<f t="array" ref="B2:XFD1048576">_xlfn.SEQUENCE(1048575,16383)</f><v>1</v>', ' cm="1"');
  return rawSheetBook(row(1, cell('A1', '<v>1</v>')) + row(2, cell('A2', '<v>2</v>') + anchor));
}

/** Issue 22, item 6: a part of the package with `count` elements never closed (`<si>`, `<rPh>` inside one `<si>`, `<definedName>`). */
export function unclosedElements(what: 'si' | 'rPh' | 'definedName', count = 200_000): Uint8Array {
  const sheet = row(1, cell('A1', '<v>0</v>', ' t="s"') + cell('B1', '<f>A1&amp;"x"</f><v>0</v>', ' t="str"'));
  if (what === 'si') return rawPartsBook({ sheets: [sheet], sharedStrings: `<si><t>a</t></si>${'<si><t>a</t>'.repeat(count)}` });
  if (what === 'rPh') return rawPartsBook({ sheets: [sheet], sharedStrings: `<si><t>a</t>${'<rPh sb="0" eb="1"><t>x</t>'.repeat(count)}</si>` });
  return rawPartsBook({ sheets: [sheet], sharedStrings: '<si><t>a</t></si>', workbookExtra: `<definedNames>${'<definedName name="x">S!$A$1'.repeat(count)}</definedNames>` });
}

/** Issue 22, item 5: a defined name Excel could never have (it reads as a cell, or as an R1C1 reference), used by a formula. */
export function cellLikeName(name: string): Uint8Array {
  return rawPartsBook({ sheets: [row(1, cell('A1', '<v>5</v>') + cell('B1', `<f>${name}+1</f><v>7</v>`))], workbookExtra: `<definedNames><definedName name="${name}">S!$A$1+1</definedName></definedNames>` });
}

/** Issue 22, item 12: a character reference to no character (`&#99999999999;`) in a shared string, or in a sheet's inline string. */
export function badCharacterReference(where: 'sharedStrings' | 'sheet'): Uint8Array {
  const ref = '&#99999999999;';
  if (where === 'sharedStrings') return rawPartsBook({ sheets: [row(1, cell('A1', '<v>0</v>', ' t="s"') + cell('B1', '<f>A1&amp;"x"</f><v>0</v>', ' t="str"'))], sharedStrings: `<si><t>a${ref}</t></si>` });
  return rawSheetBook(row(1, cell('A1', `<is><t>a${ref}</t></is>`, ' t="inlineStr"') + cell('B1', '<f>A1&amp;"x"</f><v>0</v>', ' t="str"')));
}
