import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * LibreOffice headless as the differential run uses it: a workbook recalculated by LibreOffice
 * (Debian's `libreoffice-calc`), to set its answers beside this engine's. LibreOffice's answer is
 * never taken for Excel's: each difference is decided by Microsoft's page (test/excel/differential.test.ts).
 * Tests that need it are skipped where it is not installed.
 */

/** LibreOffice's program, where it is installed (LIBREOFFICE names another one). */
export const LIBREOFFICE = [process.env.LIBREOFFICE, '/usr/bin/soffice', '/usr/bin/libreoffice'].find((p): p is string => !!p && existsSync(p));

/**
 * A LibreOffice profile that recalculates every formula of an .xlsx when it loads it (its default
 * keeps the cached values of a file Excel saved; the workbooks here have none to keep).
 */
function profile(dir: string): string {
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(
    join(dir, 'user/registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>\n`,
  );
  return `file://${dir}`;
}

/** A workbook as LibreOffice saves it once it has recalculated it. */
export function recalcWithLibreOffice(workbook: Uint8Array): Uint8Array {
  if (!LIBREOFFICE) throw new Error('LibreOffice is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'policycell-lo-'));
  try {
    const input = join(dir, 'in.xlsx');
    const out = join(dir, 'out');
    writeFileSync(input, workbook);
    execFileSync(LIBREOFFICE, [`-env:UserInstallation=${profile(join(dir, 'profile'))}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', out, input], { stdio: 'ignore', timeout: 180_000 });
    return readFileSync(join(out, 'in.xlsx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
