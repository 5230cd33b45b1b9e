import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { axeViolations, launchChromium } from '../helpers/browser.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('the task pane as the playground, in headless Chromium', () => {
  let s: RunningServer;
  let browser: Browser;
  let page: Page;
  const batchRequests: number[] = [];
  const outside: string[] = [];
  beforeAll(async () => {
    s = await startServer({
      port: 0,
      addinDir: `${ROOT}dist/addin`,
      config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: (l) => l.route === '/v1/batch' && batchRequests.push(l.calls as number) },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    // The playground works offline: it asks nothing of any other host (no office.js from Microsoft's CDN).
    page.on('request', (r) => {
      if (!r.url().startsWith(s.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('computes =POLICY.COMMISSION(52000) → 360 and explains it in Chinese', async () => {
    await page.goto(`${s.url}/addin/playground.html?lang=zh-CN`);
    await page.getByTestId('formula-input').fill('=POLICY.COMMISSION(52000)');
    await page.getByTestId('formula-evaluate').click();
    await expect.poll(() => page.getByTestId('formula-result').textContent()).toBe('360');
    expect(await page.getByTestId('formula-explain').textContent()).toContain('提成 = (52,000.00 − 40,000.00) × 3% = 360.00');
  });

  it('and in English', async () => {
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('formula-input').fill('=POLICY.COMMISSION(52000)');
    await page.getByTestId('formula-input').press('Enter');
    await expect.poll(() => page.getByTestId('formula-explain').textContent()).toContain('commission = (52,000.00 − 40,000.00) × 3% = 360.00');
    expect(await page.getByTestId('formula-result').textContent()).toBe('360');
    expect(await page.getByTestId('tab-functions').textContent()).toBe('Functions');
  });

  it('reads Chinese names, arrays and shows errors with their message', async () => {
    await page.getByTestId('formula-input').fill('=POLICY.提成金额(-1)');
    await page.getByTestId('formula-input').press('Enter');
    await expect.poll(() => page.getByTestId('formula-result').textContent()).toMatch(/^#NUM! COMMISSION: "revenue" is -1/);
    await page.getByTestId('formula-input').fill('=POLICY.ALLOCATE(8, {"城A";"城B";"城C";"城D"})');
    await page.getByTestId('formula-input').press('Enter');
    await expect.poll(() => page.locator('[data-testid=formula-result] td').allTextContents()).toEqual(['4', '2', '1', '1']);
  });

  it('browses the functions: search by Chinese name, details with source and example', async () => {
    await page.getByTestId('tab-functions').click();
    await page.getByTestId('function-search').fill('抵押可用值');
    await page.locator('button[data-id=COLLATERALVALUE]').click();
    const detail = await page.getByTestId('function-detail').textContent();
    expect(detail).toContain('COLLATERALVALUE');
    expect(detail).toContain('第二篇 第八条');
    expect(detail).toContain('=POLICY.COLLATERALVALUE(2000000, "住宅")');
  });

  it('the function list works by keyboard alone, and a redraw keeps the focus', async () => {
    await page.getByTestId('function-search').fill('');
    await page.locator('button[data-id=COMMISSION]').focus();
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    expect(second).not.toBe('COMMISSION');
    expect(await page.getByTestId('function-detail').textContent()).toContain(second!);
    await page.keyboard.press('End');
    const last = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    expect(await page.getByTestId('function-detail').textContent()).toContain(last!);
    // The whole list is one stop in the tab order (the current function), not 40: Tab leaves it.
    expect(await page.locator('[data-testid=function-list] button[tabindex="0"]').count()).toBe(1);
    await page.locator('[data-testid=function-list] button[tabindex="0"]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid=function-list]') === null)).toBe(true);
    // Switching tabs with the arrow keys, and the language: the focus stays where the user was.
    await page.getByTestId('tab-functions').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-settings');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-functions');
    await page.getByTestId('language').focus();
    await page.getByTestId('language').selectOption('zh-CN');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe('language');
    await page.getByTestId('language').selectOption('en');
  });

  it('has no serious or critical accessibility violation (axe-core) on any tab, in Chinese or English', async () => {
    for (const lang of ['zh-CN', 'en']) {
      for (const tab of ['evaluate', 'functions', 'settings']) {
        await page.goto(`${s.url}/addin/playground.html?lang=${lang}`);
        await page.getByTestId(`tab-${tab}`).click();
        await expect.poll(() => page.locator(`#panel-${tab}`).count()).toBe(1);
        const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(bad, `${lang} ${tab}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
      }
    }
  });

  it('asked nothing of any host but its own (no office.js from the CDN)', () => {
    expect(outside).toEqual([]);
  });

  it('exposes PolicyCell.evaluate for outside checks', async () => {
    expect(await page.evaluate(() => (globalThis as any).PolicyCell.evaluate('COMMISSION', [52000]))).toEqual({ value: 360 });
  });

  it('remote mode: 5,000 simultaneous calls in at most 5 requests, the same values as local mode', async () => {
    batchRequests.length = 0;
    const out = await page.evaluate(async (endpoint) => {
      const pc = (globalThis as any).PolicyCell;
      const calls = Array.from({ length: 5000 }, (_, i) => [i % 2 ? 'COMMISSION' : 'LATEFINE', [i % 2 ? 40000 + i * 3.5 : i % 45]]);
      pc.configure({ mode: 'local' });
      const local = await Promise.all(calls.map(([f, a]) => pc.evaluate(f, a)));
      pc.configure({ mode: 'remote', endpoint });
      const remote = await Promise.all(calls.map(([f, a]) => pc.evaluate(f, a)));
      const requests = pc.remoteRequests;
      pc.configure({ mode: 'local' });
      return { same: JSON.stringify(local) === JSON.stringify(remote), requests, first: remote[1] };
    }, s.url);
    expect(out.same).toBe(true);
    expect(out.requests).toBeLessThanOrEqual(5);
    expect(batchRequests.length).toBeLessThanOrEqual(5);
    expect(batchRequests.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(out.first).toEqual({ value: 0.11 }); // 3.5 × 3% = 0.105, half-up
  });

  it('remote mode: a server that drops the connection gives #N/A, not a hang', async () => {
    const dropper = createServer((sock) => sock.destroy());
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}`;
    const r = await page.evaluate(async (ep) => {
      const pc = (globalThis as any).PolicyCell;
      pc.configure({ mode: 'remote', endpoint: ep, retries: 1, backoffMs: 20 });
      const res = await pc.evaluate('COMMISSION', [52000]);
      pc.configure({ mode: 'local' });
      return { res };
    }, endpoint);
    dropper.close();
    expect(r.res).toMatchObject({ error: { code: '#N/A', message: expect.stringMatching(/无法连接|cannot reach/) } });
  });
});
