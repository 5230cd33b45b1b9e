import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { median, table } from './harness.js';

/**
 * What calibration costs (issue 17: at most 1.3× the time without it). The same workbooks are timed
 * twice in one run, alternating: once as Excel saved them (docProps/app.xml naming Microsoft Excel, a
 * calcPr with a calcId, so every formula cell is compared with its cached value) and once as a
 * library wrote them (app.xml naming another program, so nothing is compared). The cached values
 * are the ones the file holds: for the payroll, a first recalculation's own answers.
 */

const APP_XML = (application: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${application}</Application><AppVersion>16.0300</AppVersion></Properties>`;
const APP_TYPE = '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>';
const APP_REL = '<Relationship Id="rIdBenchApp" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>';

/** The workbook as `application` would have saved it: that name in docProps/app.xml and a calcPr with a calcId, no full calculation on load. */
export function savedBy(bytes: Uint8Array, application: string): Uint8Array {
  const parts = unzipSync(bytes);
  const workbook = strFromU8(parts['xl/workbook.xml']!);
  const calc = '<calcPr calcId="191029"/>';
  parts['xl/workbook.xml'] = strToU8(/<calcPr\b[^>]*\/>/.test(workbook) ? workbook.replace(/<calcPr\b[^>]*\/>/, calc) : workbook.replace('</workbook>', `${calc}</workbook>`));
  const hadApp = parts['docProps/app.xml'] !== undefined;
  parts['docProps/app.xml'] = strToU8(APP_XML(application));
  if (!hadApp) {
    parts['[Content_Types].xml'] = strToU8(strFromU8(parts['[Content_Types].xml']!).replace('</Types>', `${APP_TYPE}</Types>`));
    parts['_rels/.rels'] = strToU8(strFromU8(parts['_rels/.rels']!).replace('</Relationships>', `${APP_REL}</Relationships>`));
  }
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, [v, { level: 6 }]])));
}

/** Whose answers: the name Excel writes, and another program's. */
const EXCEL = 'Microsoft Excel';
const LIBRARY = 'PolicyCell bench (a library)';

export interface CalibrationSet {
  name: string;
  /** The workbooks with the cached values they carry (as Excel saved them or as computed once). */
  files: string[];
}

/**
 * Times each set both ways, `runs` times alternating, with `time(files, out)` (seconds of one
 * `policycell recalc` run); answers the table's lines.
 */
export async function benchCalibration(sets: CalibrationSet[], work: string, runs: number, time: (files: string[], label: string) => Promise<number>): Promise<{ lines: string[]; ratios: Record<string, number> }> {
  const rows: (string | number)[][] = [['workbooks', 'calibrated s (Excel’s caches)', 'not calibrated s (a library’s)', 'calibrated / not', 'target']];
  const ratios: Record<string, number> = {};
  for (const set of sets) {
    const variants = [EXCEL, LIBRARY].map((application, v) => {
      const dir = join(work, `calibration-${set.name}-${v}`);
      mkdirSync(dir, { recursive: true });
      return set.files.map((f, i) => {
        const to = join(dir, `${i + 1}.xlsx`);
        writeFileSync(to, savedBy(readFileSync(f), application));
        return to;
      });
    });
    const t: number[][] = [[], []];
    for (let r = 0; r < runs; r++) for (const v of r % 2 ? [1, 0] : [0, 1]) t[v]!.push(await time(variants[v]!, `calibration-${set.name}-${v}`));
    const [calibrated, plain] = t.map(median) as [number, number];
    ratios[set.name] = calibrated / plain;
    rows.push([`${set.name} (${set.files.length})`, calibrated.toFixed(2), plain.toFixed(2), `${(calibrated / plain).toFixed(2)}×`, '≤ 1.3×']);
  }
  return { lines: [`calibration: the same workbooks with Excel's caches (compared cell by cell) and with a library's (not compared), medians of ${runs} runs, alternating`, table(rows)], ratios };
}

/** The .xlsx files of a folder, sorted. */
export function xlsxIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .map((f) => join(dir, f));
}
