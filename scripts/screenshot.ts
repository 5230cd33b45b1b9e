import { DEFAULT_LIMITS } from '../functions/config.js';
import { startServer } from '../functions/hosts/server.js';
import { launchChromium } from '../test/helpers/browser.js';

// `npx tsx scripts/screenshot.ts`: the task pane's picture in the README (docs/taskpane.png), taken
// from the built add-in in headless Chromium at a task pane's size.
const s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 'docs', log: () => {} } });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 420, height: 640 }, deviceScaleFactor: 2 });
  await page.goto(`${s.url}/addin/playground.html?lang=zh-CN`);
  await page.getByTestId('formula-input').fill('=POLICY.PAYROLL(52000, 1, 2, {10,45}, , {25}, 0)');
  await page.getByTestId('formula-evaluate').click();
  await page.getByTestId('formula-result').filter({ hasText: '2260' }).waitFor();
  await page.screenshot({ path: 'docs/taskpane.png' });
  console.log('wrote docs/taskpane.png');
} finally {
  await browser.close();
  await s.close();
}
