import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { csvReport } from '../../functions/cli/change-report/csv-format.js';
import { payrollWorkbook } from '../../bench/workbooks.js';
import { axeViolations, launchChromium } from '../helpers/browser.js';
import { buildXlsx } from '../helpers/xlsx.js';

/**
 * The change report's files as their readers meet them: the .html page in a browser (offline,
 * axe-clean, money totalled by column heading, a chart), the .csv in a spreadsheet (nothing it
 * would run as a formula), and a report left by an interrupted run.
 */

const ROOT = new URL('../..', import.meta.url).pathname;

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
  return { code, out, err };
}

/** A pay sheet another program saved with stale values: commission and pay are money by their headings, the rate is not. */
const paySheet = buildXlsx([
  {
    name: '工资',
    cells: [
      ...(['姓名', '业绩', '提成', '应发工资', '提成比例'] as const).map((h, i) => ({ ref: `${'ABCDE'[i]}1`, value: h })),
      ...[2, 3, 4, 5].flatMap((r) => [
        { ref: `A${r}`, value: `员工${r}` },
        { ref: `B${r}`, value: 40000 + r * 5000 },
        { ref: `C${r}`, formula: `B${r}*0.01`, cached: String(100 * r) },
        { ref: `D${r}`, formula: `3000+C${r}`, cached: String(3000 + 100 * r) },
        { ref: `E${r}`, formula: `C${r}/B${r}`, cached: '0.02' },
      ]),
    ],
  },
]);

describe('the .html report', () => {
  it.each(['zh-CN', 'en'] as const)('opens offline, passes axe, totals money by column heading and charts the changes (%s)', async (lang) => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-report-html-'));
    writeFileSync(join(dir, 'pay.xlsx'), paySheet);
    writeFileSync(join(dir, 'broken.xlsx'), 'not a workbook');
    const r = await cli(['recalc', join(dir, 'pay.xlsx'), join(dir, 'broken.xlsx'), '-o', join(dir, 'out'), '--changes', join(dir, 'report.html'), '--lang', lang]);
    expect(r.code).toBe(1);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // The workbook that failed contributes nothing.
    expect(html).not.toContain('broken.xlsx');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (q) => requests.push(q.url()));
      await page.setContent(html, { waitUntil: 'load' });
      expect(requests).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      // Totals by heading: 提成 and 应发工资 are money, 提成比例 is a rate.
      const totals = await page.$$eval('table', (tables) => tables.map((t) => [t.caption?.textContent ?? '', [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? ''))] as const));
      const moneyTable = totals.find(([caption]) => /money cells totalled|金额单元格按列标题合计/.test(caption));
      expect(moneyTable?.[1].map((row) => row[1])).toEqual(['提成', '应发工资']);
      // 4 cells each: commission was 200+300+400+500 = 1,400, now 500+550+600+650 = 2,300.
      expect(moneyTable?.[1][0]!.slice(2)).toEqual(['4', '1,400.00', '2,300.00', '+900.00']);
      // Largest changes first.
      const largest = totals.find(([caption]) => /largest first|变化大的在前/.test(caption))![1];
      const deltas = largest.map((row) => Number(row[6]!.replace(/[+,]/g, '').replace('−', '-')));
      expect(deltas).toEqual([...deltas].sort((a, b) => Math.abs(b) - Math.abs(a)));
      expect(largest).toHaveLength(12);
      const chart = page.locator('svg[role="img"]');
      expect(await chart.count()).toBe(1);
      expect(await chart.locator('rect').count()).toBeGreaterThan(0);
      expect(await chart.getAttribute('aria-labelledby')).toBe('chart-title chart-desc');
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('the .csv report', () => {
  it('is UTF-8 with a BOM, and makes inert every text a spreadsheet would run as a formula', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-report-csv-'));
    // (A carriage return in a cell's XML text is read as a line feed, so CR is checked on the format itself below.)
    const texts = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'];
    writeFileSync(
      join(dir, 'inject.xlsx'),
      buildXlsx([
        {
          name: '-Sheet',
          cells: [
            ...texts.map((t, i) => ({ ref: `A${i + 1}`, value: t })),
            ...texts.map((_, i) => ({ ref: `B${i + 1}`, formula: `A${i + 1}`, cached: 'old', cachedType: 'str' })),
            { ref: 'C1', value: 5 },
            { ref: 'D1', formula: '-C1', cached: '5' },
          ],
        },
      ]),
    );
    const r = await cli(['recalc', join(dir, 'inject.xlsx'), '-o', join(dir, 'out'), '--changes', join(dir, 'report.csv'), '--lang', 'zh-CN']);
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(dir, 'report.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('工作簿,工作表,单元格,公式,原值,新值,原因');
    // Every field that begins a cell with = + - @ tab or CR starts with an apostrophe instead.
    const body = lines.slice(1).join('\r\n');
    for (const t of texts) expect(body).toContain(`'${t}`);
    expect(body).not.toMatch(/(^|,)(?!'|"')[=+@\t]/m);
    expect(body).toMatch(/,'-Sheet,B1,'=A1,old,'=1\+1,/);
    // A negative number stays a number.
    expect(body).toMatch(/,'-Sheet,D1,'=-C1,5,-5,/);
    const cr = csvReport([{ file: '\rbook.xlsx', output: '/o', policy: 'p', changed: 1, changes: [{ sheet: 'S', cell: 'A1', formula: '=B1', old: '\rold', new: 'x', because: [] }] }], 'en');
    expect(cr.split('\r\n')[1]).toBe(`"'\rbook.xlsx",S,A1,'=B1,"'\rold",x,`);
  });
});

describe('an interrupted run', () => {
  it('leaves a report that lists exactly the workbooks written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-report-sigint-'));
    const out = join(dir, 'out');
    const names = ['w1', 'w2', 'w3', 'w4', 'w5'];
    names.forEach((n, i) => writeFileSync(join(dir, `${n}.xlsx`), payrollWorkbook(1500, i + 1)));
    const report = join(dir, 'report.json');
    const child = spawn(process.execPath, [join(ROOT, 'bin/policycell.js'), 'recalc', dir, '-o', out, '--json', '--concurrency', '1', '--changes', report], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    const written = readdirSync(out).filter((f) => f.endsWith('.xlsx')).sort();
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(names.length);
    const books = JSON.parse(readFileSync(report, 'utf8')) as { output: string; changed: number; changes: unknown[] }[];
    expect(books.map((b) => b.output.split('/').pop()).sort()).toEqual(written);
    for (const b of books) expect(b.changes).toHaveLength(b.changed);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
