import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZipError, readEntry, readText, readZip, rewriteZip } from '../../functions/workbook/xlsx/zip.js';
import { aliasedParts, overlappingParts, storedSizeLie } from '../helpers/hostile.js';

/** A package shaped like an .xlsx with the add-in's parts, some stored, some deflated. */
function samplePackage(): Uint8Array {
  const mtime = new Date('2024-03-01T10:00:00Z');
  return zipSync(
    {
      '[Content_Types].xml': [strToU8('<?xml version="1.0"?><Types/>'), { level: 6, mtime }],
      'xl/workbook.xml': [strToU8('<workbook><sheets><sheet name="工资" sheetId="1" r:id="rId1"/></sheets></workbook>'), { level: 6, mtime }],
      'xl/worksheets/sheet1.xml': [strToU8('<worksheet><sheetData><row r="1"><c r="A1" cm="1"><f t="array" ref="A1">_xldudf_POLICY_COMMISSION(52000)</f><v>0</v></c></row></sheetData></worksheet>'), { level: 9, mtime }],
      'xl/metadata.xml': [strToU8('<metadata><cellMetadata count="1"/></metadata>'), { level: 0, mtime }],
      'xl/webextensions/webextension1.xml': [strToU8('<we:webextension><we:properties><we:property name="policycell.policy" value="&quot;default@2019.05&quot;"/></we:properties></we:webextension>'), { level: 6, mtime }],
    },
    { comment: 'made by a test' },
  );
}

function pythonTestZip(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pc-zip-'));
  const file = join(dir, 'x.xlsx');
  writeFileSync(file, bytes);
  return execFileSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())', file], { encoding: 'utf8' }).trim();
}

describe('the .xlsx container', () => {
  it('reads the directory and the parts', () => {
    const zip = readZip(samplePackage());
    expect(zip.entries.map((e) => e.name)).toContain('xl/webextensions/webextension1.xml');
    expect(readText(zip, 'xl/workbook.xml')).toContain('工资');
    expect(readText(zip, 'xl/metadata.xml')).toBe('<metadata><cellMetadata count="1"/></metadata>');
    expect(readEntry(zip, 'nope.xml')).toBeUndefined();
  });

  it('rewrites with nothing replaced to the very same bytes', () => {
    const input = samplePackage();
    expect(Buffer.compare(Buffer.from(rewriteZip(readZip(input), new Map())), Buffer.from(input))).toBe(0);
  });

  it('replaces one part and copies every other part’s bytes as they were', () => {
    const input = samplePackage();
    const zip = readZip(input);
    const sheet = strToU8(readText(zip, 'xl/worksheets/sheet1.xml')!.replace('<v>0</v>', '<v>360</v>'));
    const out = rewriteZip(zip, new Map([['xl/worksheets/sheet1.xml', sheet]]));
    const again = readZip(out);
    expect(readText(again, 'xl/worksheets/sheet1.xml')).toContain('<v>360</v>');
    for (const e of zip.entries) {
      if (e.name === 'xl/worksheets/sheet1.xml') continue;
      const before = input.subarray(e.dataStart, e.dataStart + e.compressedSize);
      const a = again.byName.get(e.name)!;
      expect(Buffer.compare(Buffer.from(out.subarray(a.dataStart, a.dataStart + a.compressedSize)), Buffer.from(before)), e.name).toBe(0);
    }
    // Two independent readers agree, CRCs included.
    const plain = unzipSync(out);
    expect(new TextDecoder().decode(plain['xl/metadata.xml'])).toBe('<metadata><cellMetadata count="1"/></metadata>');
    expect(pythonTestZip(out)).toBe('None');
  });

  it.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]), 'notZip'],
    ['a text file', strToU8('name,salary\n张三,3000\n'.repeat(3)), 'notZip'],
    ['an encrypted (OLE) workbook', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]), 'encrypted'],
    ['a truncated package', samplePackage().subarray(0, 200), 'corrupt'],
  ])('refuses %s', (_what, bytes, problem) => {
    expect(() => readZip(bytes)).toThrow(ZipError);
    try {
      readZip(bytes);
    } catch (e) {
      expect((e as ZipError).problem).toBe(problem);
    }
  });

  it('stops a zip bomb by the sizes it declares, before inflating anything', () => {
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': [new Uint8Array(20 * 1024 * 1024), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => readZip(bomb, { maxUncompressed: 5 * 1024 * 1024, maxEntries: 100 })).toThrow(/zip bomb/);
  });

  it('stops a part that inflates to more than it declares', () => {
    const zip = readZip(zipSync({ 'a.xml': [new Uint8Array(1000).fill(65), { level: 9 }] }));
    const e = zip.entries[0]!;
    e.uncompressedSize = 10; // a lying directory
    expect(() => readEntry(zip, 'a.xml')).toThrow(ZipError);
  });
});

describe('hostile directories (issue 22)', () => {
  const problemOf = (bytes: Uint8Array, limits?: Parameters<typeof readZip>[1]) => {
    try {
      readZip(bytes, limits);
    } catch (e) {
      return { problem: (e as ZipError).problem, message: (e as ZipError).message, cap: (e as ZipError).cap };
    }
    return undefined;
  };

  it('refuses several records pointing at the same data (aliases)', () => {
    expect(problemOf(aliasedParts(3, 1, true))).toMatchObject({ problem: 'corrupt', message: expect.stringMatching(/point at the same data/) });
    // The file: the aliases also declare the stored part unpacks to nothing.
    expect(problemOf(aliasedParts(3, 1))).toMatchObject({ problem: 'corrupt' });
  });

  it('refuses a record that starts inside another part', () => {
    expect(problemOf(overlappingParts())).toMatchObject({ problem: 'corrupt', message: expect.stringMatching(/overlaps the part/) });
  });

  it('a stored part must hold what it declares', () => {
    expect(problemOf(storedSizeLie(10))).toMatchObject({ problem: 'corrupt', message: expect.stringMatching(/stored part xl\/media\/image1\.png declares 10 bytes but holds 1048576/) });
  });

  it('a stored part counts against the unpacked cap like an inflated one', () => {
    const stored = zipSync({ 'xl/media/a.bin': [new Uint8Array(3 * 1024 * 1024), { level: 0 }] });
    expect(problemOf(stored, { maxUncompressed: 2 * 1024 * 1024, maxEntries: 100 })).toMatchObject({ problem: 'tooLarge', cap: { budget: 'unpacked', limit: 2 * 1024 * 1024 } });
    expect(problemOf(stored, { maxUncompressed: 4 * 1024 * 1024, maxEntries: 100 })).toBeUndefined();
  });

  it('a record that runs into the central directory is refused', () => {
    const zip = Buffer.from(zipSync({ 'a.xml': [strToU8('<a/>'), { level: 0 }] }));
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = zip.readUInt32LE(eocd + 16);
    // Both sizes of the one stored part grow by 10: its data now runs over the directory's first bytes.
    zip.writeUInt32LE(14, cd + 20);
    zip.writeUInt32LE(14, cd + 24);
    expect(problemOf(new Uint8Array(zip))).toMatchObject({ problem: 'corrupt', message: expect.stringMatching(/overlaps the central directory/) });
  });
});
