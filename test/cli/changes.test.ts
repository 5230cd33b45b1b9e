import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { findTemplate, writeTemplate } from '../../functions/workbook/xlsx/template-writer.js';
import { readBook } from '../../functions/workbook/xlsx/book.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readZip } from '../../functions/workbook/xlsx/zip.js';
import type { CellValueText } from '../../functions/workbook/model/outcomes.js';
import { buildXlsx } from '../helpers/xlsx.js';

/**
 * `policycell recalc --changes FILE` as a manager uses it: a payroll template computed under one
 * policy, then that output under the next, and the report read back against the two outputs.
 */

type Line = { file: string; ok: boolean; changed?: number; kept?: { cell: string; reason: string; excel?: string; computed?: string }[]; uncertain?: unknown[]; calibrated?: boolean; calibrationReason?: string; policy?: string; savedPolicy?: string; problem?: string };

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
  const lines = (args.includes('--json') && out.trim() ? out.trim().split('\n').map((l) => JSON.parse(l) as Line) : []) as Line[];
  return { code, out, err, lines };
}

/** Every formula cell's value in a written workbook, by "sheet!cell", as a report carries it. */
function formulaValues(bytes: Uint8Array): Map<string, CellValueText> {
  const book = readBook(readZip(bytes));
  const out = new Map<string, CellValueText>();
  for (const sheet of book.sheets) {
    for (const c of readCells(new TextDecoder().decode(sheet.data))) {
      if (c.formula === undefined && !c.formulaAttrs) continue;
      const t = c.attrs.t;
      const v = c.value;
      const value: CellValueText = v === undefined ? null : t === 's' ? book.sharedStrings[Number(v)]! : t === 'str' || t === 'inlineStr' ? v : t === 'b' ? v === '1' : t === 'e' ? { error: v } : Number(v);
      out.set(`${sheet.name}!${c.ref}`, value);
    }
  }
  return out;
}

/** The cells whose values differ between two outputs: "sheet!cell" → [old, new]. */
function differences(before: Uint8Array, after: Uint8Array): Map<string, [CellValueText, CellValueText]> {
  const a = formulaValues(before);
  const b = formulaValues(after);
  const out = new Map<string, [CellValueText, CellValueText]>();
  for (const [key, now] of b) {
    const was = a.get(key) ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) out.set(key, [was, now]);
  }
  return out;
}

/** A CSV of RFC 4180, quoted fields and all, as rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

const asText = (v: CellValueText) => (v === null ? '' : typeof v === 'object' ? v.error : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));

describe('the change report: a payroll under default@2019.05, then under default@2025.09', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-changes-'));
  writeFileSync(join(dir, 'payroll.xlsx'), await writeTemplate(findTemplate('payroll')!));
  const first = await cli(['recalc', join(dir, 'payroll.xlsx'), '-o', join(dir, '2019'), '--policy', 'default@2019.05', '--json', '--lang', 'en']);
  const before = readFileSync(join(dir, '2019', 'payroll.xlsx'));

  it('the first run writes the payroll under 2019.05', () => {
    expect(first.code).toBe(0);
    expect(first.lines[0]).toMatchObject({ ok: true, policy: 'default@2019.05' });
  });

  it.each(['json', 'csv', 'html'] as const)('--changes report.%s lists exactly the cells that differ between the two outputs, old and new; the --json line counts them', async (format) => {
    const out = join(dir, `2025-${format}`);
    const report = join(dir, `report.${format}`);
    const second = await cli(['recalc', join(dir, '2019', 'payroll.xlsx'), '-o', out, '--policy', 'default@2025.09', '--changes', report, '--json', '--lang', format === 'html' ? 'zh-CN' : 'en']);
    expect(second.code).toBe(0);
    const diff = differences(before, readFileSync(join(out, 'payroll.xlsx')));
    expect(diff.size).toBeGreaterThan(0);
    expect(second.lines[0]).toMatchObject({ ok: true, policy: 'default@2025.09', changed: diff.size });
    const text = readFileSync(report, 'utf8');
    if (format === 'json') {
      const books = JSON.parse(text) as { file: string; changed: number; changes: { sheet: string; cell: string; formula: string; old: CellValueText; new: CellValueText; because: string }[] }[];
      expect(books).toHaveLength(1);
      expect(books[0]!.changed).toBe(diff.size);
      const listed = new Map(books[0]!.changes.map((c) => [`${c.sheet}!${c.cell}`, [c.old, c.new]]));
      expect(listed).toEqual(diff);
      for (const c of books[0]!.changes) {
        expect(c.formula).toMatch(/^=/);
        expect(c.because).toMatch(/POLICY\.\w+ computed under default@2025\.09/);
      }
    } else if (format === 'csv') {
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(header).toEqual(['workbook', 'sheet', 'cell', 'formula', 'old', 'new', 'because']);
      expect(rows).toHaveLength(diff.size);
      const listed = new Map(rows.map((r) => [`${r[1]}!${r[2]}`, [r[4], r[5]]]));
      expect(listed).toEqual(new Map([...diff].map(([k, [o, n]]) => [k, [asText(o), asText(n)]])));
      // A formula is made inert: Excel shows it as text instead of running it.
      for (const r of rows) expect(r[3]).toMatch(/^'=/);
    } else {
      expect(text).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
      // Every changed cell is on the page with its old and new value, and no other (the payroll changes fewer cells than a page shows).
      const rows = [...text.matchAll(/<tr><td>([^<]*)<\/td><th scope="row">([A-Z]+\d+)<\/th>(.*?)<\/tr>/g)];
      expect(new Set(rows.map((m) => `${m[1]}!${m[2]}`))).toEqual(new Set(diff.keys()));
      const shown = (v: CellValueText) => (typeof v === 'number' ? new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 6 }).format(v) : asText(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
      for (const m of rows) {
        const [was, now] = diff.get(`${m[1]}!${m[2]}`)!;
        expect(m[3]).toContain(`>${shown(was)}</td>`);
        expect(m[3]).toContain(`>${shown(now)}</td>`);
      }
      expect(text).not.toMatch(/<script|<link|src=|href="http/);
    }
  });

  it('the summary names the changed cells and workbooks, and the report written', async () => {
    const r = await cli(['recalc', join(dir, '2019', 'payroll.xlsx'), '-o', join(dir, '2025-summary'), '--policy', 'default@2025.09', '--changes', join(dir, 'summary.json'), '--lang', 'en']);
    const n = differences(before, readFileSync(join(dir, '2025-summary', 'payroll.xlsx'))).size;
    expect(r.out).toMatch(new RegExp(`cells changed\\s+${n} \\(in 1 workbook\\)`));
    expect(r.out).toContain(join(dir, 'summary.json'));
    const zh = await cli(['recalc', join(dir, '2019', 'payroll.xlsx'), '-o', join(dir, '2025-summary-zh'), '--policy', 'default@2025.09', '--lang', 'zh-CN']);
    expect(zh.out).toMatch(new RegExp(`值有变化的单元格\\s+${n}（1 个工作簿）`));
  });
});

describe('a workbook saved by Excel whose B1 =A1*3 caches 7 while A1 holds 2', () => {
  const excel = () => buildXlsx(
    [{ name: 'S', cells: [{ ref: 'A1', value: 2 }, { ref: 'B1', formula: 'A1*3', cached: '7' }, { ref: 'C1', formula: 'B1+1', cached: '8' }] }],
    { application: 'Microsoft Excel' },
  );

  it('B1 keeps 7, C1 stays 8, B1 is named in the --json line with both values, and --strict exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-calibrated-'));
    writeFileSync(join(dir, 'book.xlsx'), excel());
    const r = await cli(['recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'out'), '--json', '--lang', 'en', '--changes', join(dir, 'changes.json')]);
    expect(r.code).toBe(0);
    expect(formulaValues(readFileSync(join(dir, 'out', 'book.xlsx')))).toEqual(new Map([['S!B1', 7], ['S!C1', 8]]));
    expect(r.lines[0]).toMatchObject({ ok: true, changed: 0, calibrated: true, uncertain: [], kept: [{ cell: 'S!B1', reason: 'differs-from-excel', excel: '7', computed: '6' }] });
    expect(r.lines[0]!.calibrationReason).toMatch(/Microsoft Excel/);
    expect(JSON.parse(readFileSync(join(dir, 'changes.json'), 'utf8'))).toMatchObject([{ changed: 0, changes: [] }]);
    expect(r.err).toMatch(/not recomputed \(cached value kept\)\s+1 \(differs from Excel \(Excel's value kept\) 1\)/);
    expect(r.err).toMatch(/calibrated on Excel's values\s+1 of 1 workbooks/);
    const zh = await cli(['recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'out-zh'), '--lang', 'zh-CN']);
    expect(zh.out).toMatch(/与 Excel 结果不同（保留 Excel 的值） 1/);

    const strict = await cli(['recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'strict'), '--json', '--strict', '--lang', 'en']);
    expect(strict.code).toBe(1);
    expect(strict.lines[0]).toMatchObject({ ok: false, problem: 'notRecomputed', cell: 'S!B1' });
  });
});

describe('--changes is checked before any work', () => {
  it.each([
    ['a folder that does not exist', (d: string) => join(d, 'missing', 'r.json'), /the folder .*missing does not exist/, /文件夹 .*missing 不存在/],
    ['an unknown extension', (d: string) => join(d, 'r.txt'), /unknown extension "\.txt"; .*\.json, \.csv or \.html/, /不认识扩展名「\.txt」/],
    ['a folder', (d: string) => (mkdirSync(join(d, 'r.json'), { recursive: true }), join(d, 'r.json')), /that is a folder/, /这是一个文件夹/],
  ])('%s: a message in the run’s language, exit 1, nothing written', async (_what, path, en, zh) => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-changes-bad-'));
    writeFileSync(join(dir, 'a.xlsx'), buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 1 }, { ref: 'B1', formula: 'A1+1', noCache: true }] }]));
    for (const [lang, message] of [['en', en], ['zh-CN', zh]] as const) {
      const r = await cli(['recalc', join(dir, 'a.xlsx'), '-o', join(dir, 'out'), '--changes', path(dir), '--lang', lang]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
    expect(readdirSync(dir).filter((f) => f !== 'r.json')).toEqual(['a.xlsx']);
  });
});
