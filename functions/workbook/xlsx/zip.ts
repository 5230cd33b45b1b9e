import { crc32 as zlibCrc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Text2 } from '../../../shared/src/index.js';

/**
 * The zip container of an .xlsx, read and rewritten without disturbing it. Rewriting copies every
 * entry that did not change byte for byte (local header, compressed data, data descriptor) and
 * only re-deflates the parts that did, so `xl/metadata.xml`, the `cm` attributes and the
 * `xl/webextensions/` parts that tie a workbook to the add-in come out exactly as they went in.
 * A read-and-rewrite through a workbook library would drop them.
 */

export interface ZipLimits {
  /** Total uncompressed bytes of the entries read (a zip bomb stops here). */
  maxUncompressed: number;
  maxEntries: number;
}

/**
 * The largest real workbooks expected unpack to about 60 MB (a 100,000-row payroll, 59 MB; the
 * largest of the 103 real workbooks in the corpus, 57 MB of shared strings): twice that, rounded.
 * A 491 KB upload that unpacks to a 480 MB sheet stops at the directory, before any inflating.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressed: 128 * 1024 * 1024, maxEntries: 10_000 };

export type ZipProblem = 'notZip' | 'encrypted' | 'zip64' | 'corrupt' | 'tooLarge' | 'unsupported';

/** Why a file cannot be read, with the detail for the message in zh-CN and en (the caller adds the file name). */
export class ZipError extends Error {
  readonly text: Text2;
  constructor(
    readonly problem: ZipProblem,
    detail: Text2,
    /** For tooLarge: which cap, and its limit. */
    readonly cap?: { budget: 'unpacked' | 'parts'; limit: number },
  ) {
    super(detail.en);
    this.text = detail;
    this.name = 'ZipError';
  }
}

const zipError = (problem: ZipProblem, zh: string, en: string, cap?: ZipError['cap']) => new ZipError(problem, { 'zh-CN': zh, en }, cap);

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflated
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts, and where its record ends (data descriptor included). */
  localStart: number;
  localEnd: number;
  dataStart: number;
  /** The central directory record as it was. */
  central: Uint8Array;
}

export interface ZipArchive {
  bytes: Uint8Array;
  entries: ZipEntry[];
  byName: Map<string, ZipEntry>;
  /** The same by the name as OPC compares it (foldName): one entry a name, the package refused otherwise. */
  byFoldedName: Map<string, ZipEntry>;
  /** Bytes between the central directory's end record fields we keep (the archive comment). */
  comment: Uint8Array;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

function findEndOfCentralDirectory(b: Uint8Array): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i;
  }
  return -1;
}

/**
 * Reads a zip's directory (not its data): checks what an .xlsx must be and what PolicyCell can
 * rewrite, before any work. Every part's size is bounded by what the directory declares, and the
 * declared sizes together by the unpacked cap: a stored part must hold exactly what it declares, a
 * deflated one is never inflated past it (readEntry). Parts never read are copied as they are, so
 * an answer holds each byte of the upload at most once (the records are disjoint: checkDisjoint).
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipArchive {
  if (bytes.length >= 8 && OLE_MAGIC.every((x, i) => bytes[i] === x)) {
    throw zipError('encrypted', '工作簿已加密（设有密码），或是旧的二进制 .xls 格式', 'the workbook is encrypted (password-protected) or in the old binary .xls format');
  }
  if (bytes.length < 22 || u32(bytes, 0) !== 0x04034b50) throw zipError('notZip', '不是 zip 包，因此不是 .xlsx 工作簿', 'not a zip package, so not an .xlsx workbook');
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw zipError('corrupt', 'zip 包没有中央目录（文件不完整？）', 'the zip package has no central directory (truncated file?)');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw zipError('zip64', '不支持 zip64 包（超过 4 GiB 或 65,535 个部件）', 'zip64 packages (over 4 GiB or 65,535 parts) are not supported');
  if (count > limits.maxEntries) throw zipError('tooLarge', `包内有 ${count} 个部件，上限为 ${limits.maxEntries}`, `the package has ${count} parts; the limit is ${limits.maxEntries}`, { budget: 'parts', limit: limits.maxEntries });
  if (cdOffset + cdSize > eocd) throw zipError('corrupt', '中央目录位于文件之外', 'the central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let total = 0;
  const byFoldedName = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (u32(bytes, p) !== 0x02014b50) throw zipError('corrupt', `中央目录第 ${i + 1} 条记录已损坏`, `central directory record ${i + 1} is damaged`);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc32 = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const uncompressedSize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const localStart = u32(bytes, p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    const central = bytes.subarray(p, p + 46 + nameLen + extraLen + commentLen);
    p += central.length;
    if (flags & 1) throw zipError('encrypted', `部件 ${name} 已加密`, `the part ${name} is encrypted`);
    if (method !== 0 && method !== 8) throw zipError('unsupported', `部件 ${name} 使用了不支持的压缩方法 ${method}`, `the part ${name} uses compression method ${method}`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localStart === 0xffffffff) throw zipError('zip64', '不支持 zip64 部件', 'zip64 parts are not supported');
    // A stored part is its own bytes: what it declares it unpacks to must be what it holds, so that
    // the cap below counts it like an inflated one.
    if (method === 0 && compressedSize !== uncompressedSize) {
      throw zipError('corrupt', `未压缩的部件 ${name} 声明 ${uncompressedSize} 字节，实际为 ${compressedSize} 字节`, `the stored part ${name} declares ${uncompressedSize} bytes but holds ${compressedSize}`);
    }
    total += uncompressedSize;
    if (total > limits.maxUncompressed) {
      throw zipError(
        'tooLarge',
        `各部件解压后超过 ${limits.maxUncompressed} 字节（zip 炸弹，或工作簿超出上限）`,
        `the parts unpack to more than ${limits.maxUncompressed} bytes (a zip bomb, or a workbook over the limit)`,
        { budget: 'unpacked', limit: limits.maxUncompressed },
      );
    }
    if (u32(bytes, localStart) !== 0x04034b50) throw zipError('corrupt', `部件 ${name} 的本地文件头缺失`, `the local header of ${name} is missing`);
    const dataStart = localStart + 30 + u16(bytes, localStart + 26) + u16(bytes, localStart + 28);
    let localEnd = dataStart + compressedSize;
    if (flags & 8) localEnd += u32(bytes, localEnd) === 0x08074b50 ? 16 : 12; // data descriptor
    if (localEnd > bytes.length) throw zipError('corrupt', `部件 ${name} 超出了文件末尾`, `the part ${name} runs past the end of the file`);
    // Part names compare without regard to ASCII case (ECMA-376 Part 2, 9.1.1.1.2). Two parts of one
    // name would be read as one and rewritten both with the last one's content: refuse the package.
    const folded = foldName(name);
    if (byFoldedName.has(folded)) throw zipError('corrupt', `包内有两个同名部件：${name}`, `the package has two parts named ${name}`);
    const entry = { name, method, flags, crc32, compressedSize, uncompressedSize, localStart, localEnd, dataStart, central };
    entries.push(entry);
    byFoldedName.set(folded, entry);
  }
  checkDisjoint(entries, cdOffset);
  return { bytes, entries, byName: new Map(entries.map((e) => [e.name, e])), byFoldedName, comment: bytes.subarray(eocd + 22, eocd + 22 + u16(bytes, eocd + 20)) };
}

/**
 * Every part's record (local header, data, data descriptor) lies apart from every other's and before
 * the central directory. Several directory records pointing at one record (aliases), or at records
 * that overlap, would make one stored byte count as many: a rewrite copies each record once per
 * entry, so an upload of a few megabytes could answer gigabytes. A zip writer never makes
 * either: refuse.
 */
function checkDisjoint(entries: readonly ZipEntry[], cdOffset: number): void {
  const byStart = [...entries].sort((a, b) => a.localStart - b.localStart);
  for (let i = 0; i < byStart.length; i++) {
    const e = byStart[i]!;
    const next = byStart[i + 1];
    if (next && next.localStart === e.localStart) {
      throw zipError('corrupt', `部件 ${e.name} 与 ${next.name} 指向同一份数据`, `the parts ${e.name} and ${next.name} point at the same data`);
    }
    if (next && next.localStart < e.localEnd) throw zipError('corrupt', `部件 ${next.name} 与 ${e.name} 的数据重叠`, `the part ${next.name} overlaps the part ${e.name}`);
    if (e.localEnd > cdOffset) throw zipError('corrupt', `部件 ${e.name} 与中央目录重叠`, `the part ${e.name} overlaps the central directory`);
  }
}

/** A part name as OPC compares it: ASCII case folded, "\\" read as "/". */
export const foldName = (name: string) => name.replace(/\\/g, '/').replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));

/**
 * A part by the name the package's relationships give it: exactly, else without regard to ASCII
 * case (part names compare so, ECMA-376 Part 2, 9.1.1.1.2) and with "\\" read as "/" (as some
 * Windows writers store names). Its `name` is the one in the zip, the key to rewrite it under.
 */
export function findEntry(zip: ZipArchive, name: string): ZipEntry | undefined {
  return zip.byName.get(name) ?? zip.byFoldedName.get(foldName(name));
}

/** An entry's content, inflated and checked against the size the directory declares. */
export function readEntry(zip: ZipArchive, name: string): Uint8Array | undefined {
  const e = findEntry(zip, name);
  if (!e) return undefined;
  const data = zip.bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
  if (e.method === 0) return data;
  let out: Uint8Array;
  try {
    // One byte more than declared: never more memory than the directory promised (plus one), and a
    // part that would inflate further shows up as too long instead of being silently cut short.
    out = inflateRawSync(data, { maxOutputLength: e.uncompressedSize + 1 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw zipError('corrupt', `部件 ${name} 解压后超过声明的 ${e.uncompressedSize} 字节`, `the part ${name} inflates to more than the ${e.uncompressedSize} bytes declared`);
    throw zipError('corrupt', `部件 ${name} 无法解压：${(err as Error).message}`, `the part ${name} does not inflate: ${(err as Error).message}`);
  }
  if (out.length !== e.uncompressedSize) throw zipError('corrupt', `部件 ${name} 解压后为 ${out.length} 字节，而非声明的 ${e.uncompressedSize} 字节`, `the part ${name} inflates to ${out.length} bytes, not the ${e.uncompressedSize} declared`);
  return out;
}

export function readText(zip: ZipArchive, name: string): string | undefined {
  const b = readEntry(zip, name);
  return b === undefined ? undefined : new TextDecoder().decode(b);
}

/** CRC-32 of the zip format (zlib's, native). */
export function crc32(buf: Uint8Array): number {
  return zlibCrc32(buf) >>> 0;
}

function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}

function put32(b: Uint8Array, o: number, v: number): void {
  put16(b, o, v & 0xffff);
  put16(b, o + 2, (v >>> 16) & 0xffff);
}

/**
 * The package again, with `replace` (part name → new content) swapped in. Untouched entries are
 * copied byte for byte in their original order; a replaced entry keeps its name, time stamp and
 * extra fields, gets new data (deflated), sizes and CRC, and loses any data descriptor.
 */
export function rewriteZip(zip: ZipArchive, replace: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  // Parts are named as the relationships give them, which may differ from the zip's names in case
  // or separators (findEntry): each is rewritten under its own name.
  const folded = new Map([...replace].map(([k, v]) => [foldName(k), v]));
  for (const e of zip.entries) {
    const content = replace.get(e.name) ?? folded.get(foldName(e.name));
    const central = new Uint8Array(e.central);
    if (content === undefined) {
      const record = zip.bytes.subarray(e.localStart, e.localEnd);
      chunks.push(record);
      put32(central, 42, offset);
      offset += record.length;
    } else {
      // Level 1: several times faster than 6 on a large sheet, a little larger; untouched parts keep their own bytes anyway.
      const data = deflateRawSync(content, { level: 1 });
      const crc = crc32(content);
      const nameExtraLen = u16(zip.bytes, e.localStart + 26) + u16(zip.bytes, e.localStart + 28);
      const header = new Uint8Array(zip.bytes.subarray(e.localStart, e.localStart + 30 + nameExtraLen));
      const flags = e.flags & ~8; // sizes are in the header now, no data descriptor
      put16(header, 6, flags);
      put16(header, 8, 8);
      put32(header, 14, crc);
      put32(header, 18, data.length);
      put32(header, 22, content.length);
      chunks.push(header, data);
      put16(central, 8, flags);
      put16(central, 10, 8);
      put32(central, 16, crc);
      put32(central, 20, data.length);
      put32(central, 24, content.length);
      put32(central, 42, offset);
      offset += header.length + data.length;
    }
    centrals.push(central);
  }
  const cdOffset = offset;
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22 + zip.comment.length);
  put32(end, 0, 0x06054b50);
  put16(end, 8, zip.entries.length);
  put16(end, 10, zip.entries.length);
  put32(end, 12, cdSize);
  put32(end, 16, cdOffset);
  put16(end, 20, zip.comment.length);
  end.set(zip.comment, 22);
  const all = [...chunks, ...centrals, end];
  const out = new Uint8Array(all.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
