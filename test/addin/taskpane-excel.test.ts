import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { OFFICE_JS_URL, axeViolations, launchChromium, officeModelJs } from '../helpers/browser.js';
import type { WorkbookModel, WorkbookOptions } from './office/model.js';

// The task pane as Excel loads it: taskpane.html with office.js, here the model of Office
// (test/office/model.ts) served in place of Microsoft's script. Each page is one workbook; the pages
// of one browser context share localStorage, as the workbooks of one Excel do.

const ROOT = new URL('../..', import.meta.url).pathname;
const POLICY = 'policycell.policy';

declare const __workbook: WorkbookModel;

describe('the task pane inside Excel (a model of Office in headless Chromium)', () => {
  let s: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    s = await startServer({ port: 0, addinDir: `${ROOT}dist/addin`, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => undefined } });
    browser = await launchChromium();
    context = await browser.newContext();
    const model = await officeModelJs();
    await context.route(OFFICE_JS_URL, (r) => r.fulfill({ contentType: 'text/javascript', body: model }));
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** Opens a workbook: a page of taskpane.html whose office.js is the model, set up with `wb`. */
  async function open(wb: Omit<WorkbookOptions, 'metadata'>, query = ''): Promise<Page> {
    const page = await context.newPage();
    await page.addInitScript((cfg) => ((window as unknown as { __officeModel: unknown }).__officeModel = cfg), wb);
    await page.goto(`${s.url}/addin/taskpane.html${query}`);
    await expect.poll(() => page.getByTestId('status').count()).toBe(1);
    return page;
  }

  it('loads office.js the way Microsoft’s templates do: a plain script tag, no guess', async () => {
    const html = await (await fetch(`${s.url}/addin/taskpane.html`)).text();
    expect(html).toContain(`<script src="${OFFICE_JS_URL}"></script>`);
    expect(html).not.toMatch(/document\.write|_host_Info/);
  });

  it('waits for Office.onReady and shows the workbook’s own policy', async () => {
    const page = await open({ settings: { [POLICY]: 'default@2019.05' }, readyAfterMs: 400, displayLanguage: 'en-US' });
    expect(await page.getByTestId('status').textContent()).toMatch(/default@2019\.05 · in Excel/);
    await page.getByTestId('tab-settings').click();
    expect(await page.getByTestId('settings-policy').inputValue()).toBe('default@2019.05');
    await page.close();
  });

  it('Save changes only what the user changed: a new mode keeps the workbook’s policy, even one this add-in does not ship', async () => {
    for (const own of ['default@2019.05', 'acme@2030.01']) {
      const page = await open({ settings: { [POLICY]: own }, displayLanguage: 'en-US' });
      await page.getByTestId('tab-settings').click();
      expect(await page.getByTestId('settings-policy').inputValue()).toBe(own);
      await page.getByTestId('settings-mode').selectOption('remote');
      await page.getByTestId('settings-endpoint').fill(s.url);
      await page.getByTestId('settings-save').click();
      await expect.poll(() => page.getByTestId('settings-saved').textContent()).toMatch(/recalculated/);
      expect(await page.evaluate(() => __workbook.fileSettings())).toEqual({ [POLICY]: own });
      expect(await page.evaluate(() => __workbook.calculations)).toEqual(['sheet:Sheet1']);
      // Back to local for the next workbook (preferences are the user's, shared by every workbook).
      await page.getByTestId('settings-mode').selectOption('local');
      await page.getByTestId('settings-save').click();
      await expect.poll(() => page.evaluate(() => __workbook.calculations.length)).toBe(2);
      await page.close();
    }
  });

  it('two workbooks open at once: one changing its policy leaves the other’s alone', async () => {
    const sheets = { Sheet1: { A1: 3000, B1: 800, C1: '=POLICY.WAGECHECK(A1,B1)' } };
    const a = await open({ name: 'A', settings: { [POLICY]: 'default@2025.09' }, sheets, displayLanguage: 'zh-CN' });
    const b = await open({ name: 'B', settings: { [POLICY]: 'default@2019.05' }, sheets, displayLanguage: 'zh-CN' });
    const c1 = (p: Page) =>
      p.evaluate(async () => {
        await __workbook.calculate('Full');
        return __workbook.value('C1');
      });
    expect(await c1(a)).toBe('低于最低工资');
    expect(await c1(b)).toBe('扣款超20%');
    await a.getByTestId('tab-settings').click();
    await a.getByTestId('settings-policy').selectOption('default@2019.05');
    await a.getByTestId('settings-save').click();
    await expect.poll(() => a.evaluate(() => __workbook.fileSettings())).toEqual({ [POLICY]: 'default@2019.05' });
    await expect.poll(() => a.evaluate(() => __workbook.value('C1'))).toBe('扣款超20%');
    await a.getByTestId('settings-policy').selectOption('default@2025.09');
    await a.getByTestId('settings-save').click();
    await expect.poll(() => a.evaluate(() => __workbook.value('C1'))).toBe('低于最低工资');
    // B, still open, and B reopened, both compute with B's own policy.
    expect(await c1(b)).toBe('扣款超20%');
    await b.reload();
    await b.getByTestId('tab-settings').click();
    expect(await b.getByTestId('settings-policy').inputValue()).toBe('default@2019.05');
    expect(await c1(b)).toBe('扣款超20%');
    const stored = await b.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain('@20');
    await a.close();
    await b.close();
  });

  it('a preference saved in one workbook reaches the others already open; a refused save or insert says so', async () => {
    const a = await open({ name: 'A', displayLanguage: 'en-US' });
    const b = await open({ name: 'B', displayLanguage: 'en-US', failSaves: 'the file is read-only', failRuns: 'Excel is in cell-editing mode' });
    await a.getByTestId('tab-settings').click();
    await a.getByTestId('settings-mode').selectOption('remote');
    await a.getByTestId('settings-endpoint').fill(s.url);
    await a.getByTestId('settings-save').click();
    await expect.poll(() => b.evaluate(() => (globalThis as unknown as { PolicyCell: { settings: () => { mode: string; endpoint: string } } }).PolicyCell.settings())).toMatchObject({ mode: 'remote', endpoint: s.url });
    await a.getByTestId('settings-mode').selectOption('local');
    await a.getByTestId('settings-save').click();
    await expect.poll(() => b.evaluate(() => (globalThis as unknown as { PolicyCell: { settings: () => { mode: string } } }).PolicyCell.settings().mode)).toBe('local');
    // B's file is read-only and its Excel is editing a cell.
    await b.getByTestId('tab-settings').click();
    await b.getByTestId('settings-policy').selectOption('default@2019.05');
    await b.getByTestId('settings-save').click();
    await expect.poll(() => b.getByTestId('settings-saved').textContent()).toMatch(/Could not save: the file is read-only/);
    await b.locator('button[data-template=payroll]').click();
    await expect.poll(() => b.getByTestId('template-note').textContent()).toMatch(/Could not insert: Excel is in cell-editing mode/);
    await a.close();
    await b.close();
  });

  it('inserts a template with its number formats (dates, money, ratios), and its POLICY cells compute', async () => {
    const page = await open({ displayLanguage: 'en-US' });
    await page.getByTestId('tab-settings').click();
    await page.locator('button[data-template=overdue]').click();
    await expect.poll(() => page.evaluate(() => [...__workbook.sheets.keys()])).toContain('逾期 Overdue');
    const cells = await page.evaluate(() => {
      const c = (a: string) => {
        const x = __workbook.cell(`'逾期 Overdue'!${a}`);
        return x && { f: x.numberFormat, v: x.value, formula: x.formula };
      };
      return { asOf: c('B3'), due: c('B7'), pd: c('C7'), ead: c('E7'), el: c('I7'), name: c('A7') };
    });
    expect(cells.asOf!.f).toBe('yyyy-mm-dd');
    expect(cells.due!.f).toBe('yyyy-mm-dd');
    expect(cells.pd!.f).toBe('0.0000');
    expect(cells.ead!.f).toBe('#,##0.00');
    expect(cells.el!.f).toBe('#,##0.00');
    expect(cells.name!.f).toBe('General');
    expect(cells.el!.formula).toMatch(/^=POLICY\.EXPECTEDLOSS\(/);
    // 0.01 × 0.45 × 500,000, computed by the add-in's function as soon as the sheet is written
    await expect.poll(() => page.evaluate(() => __workbook.value(`'逾期 Overdue'!I7`))).toBe(2250);
    await page.close();
  });

  it('inserts a date function into the active cell with a date format; explains the selected cell', async () => {
    const page = await open({ displayLanguage: 'en-US', sheets: { Sheet1: { A1: 52000, B1: '=POLICY.COMMISSION(A1)' } } });
    await page.getByTestId('tab-functions').click();
    await page.getByTestId('function-search').fill('PAYDATE');
    await page.locator('button[data-id=PAYDATE]').click();
    await page.getByTestId('insert-function').click();
    await expect.poll(() => page.evaluate(() => __workbook.cell('A1')?.formula)).toMatch(/^=POLICY\.PAYDATE\(/);
    expect(await page.evaluate(() => __workbook.cell('A1')!.numberFormat)).toBe('yyyy-mm-dd');
    await expect.poll(() => page.evaluate(() => typeof __workbook.value('A1'))).toBe('number');
    // Explain B1 (=POLICY.COMMISSION(A1), computed with what A1 held when Excel last called it).
    await page.evaluate(async () => {
      await __workbook.type('A1', 52000);
      await __workbook.calculate('Full');
      __workbook.selection = 'B1';
    });
    await page.getByTestId('tab-evaluate').click();
    await page.getByTestId('explain-selected').click();
    await expect.poll(() => page.getByTestId('formula-explain').textContent()).toContain('(52,000.00 − 40,000.00) × 3% = 360.00');
    expect(await page.getByTestId('formula-result').textContent()).toBe('360');
    await page.close();
  });

  it('has no serious or critical accessibility violation (axe-core) inside Excel either, in Chinese and English', async () => {
    for (const lang of ['zh-CN', 'en-US']) {
      const page = await open({ displayLanguage: lang, settings: { [POLICY]: 'default@2019.05' } });
      for (const tab of ['evaluate', 'functions', 'settings']) {
        await page.getByTestId(`tab-${tab}`).click();
        const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(bad, `${lang} ${tab}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
      }
      await page.close();
    }
  });
});
