import { describe, expect, it } from 'vitest';
import { POLICY_SETTING, Runtime } from '../../addin/runtime.js';

/** Office.context.document.settings as Excel gives it: values saved inside the .xlsx. */
function fakeDocumentSettings(initial: Record<string, unknown> = {}) {
  const values = new Map(Object.entries(initial));
  let saves = 0;
  return {
    get: (n: string) => values.get(n) ?? null,
    set: (n: string, v: unknown) => values.set(n, v),
    remove: (n: string) => values.delete(n),
    saveAsync: (cb?: (r: { status: string }) => void) => {
      saves++;
      cb?.({ status: 'succeeded' });
    },
    values,
    saves: () => saves,
  };
}

describe('a workbook carries its policy', () => {
  it('the functions use the policy saved in the workbook', async () => {
    const rt = new Runtime({ policy: '' });
    rt.document = fakeDocumentSettings({ [POLICY_SETTING]: 'default@2019.05' });
    expect(await rt.evaluate('POLICYINFO', [])).toEqual({ value: 'default@2019.05' });
    expect(await rt.evaluate('WAGECHECK', [3000, 800])).toEqual({ value: '扣款超20%' });
  });

  it('the task pane’s choice is saved into the workbook’s settings', async () => {
    const rt = new Runtime({ policy: '' });
    const doc = fakeDocumentSettings();
    rt.document = doc;
    expect(await rt.evaluate('POLICYINFO', [])).toEqual({ value: 'default@2025.09' });
    await rt.setWorkbookPolicy('default@2019.05');
    expect(doc.values.get(POLICY_SETTING)).toBe('default@2019.05');
    expect(doc.saves()).toBe(1);
    expect(await rt.evaluate('POLICYINFO', ['marketing.minimumWage'])).toEqual({ value: 2050 });
  });

  it('a workbook naming an unknown policy gets #VALUE! with the available versions', async () => {
    const rt = new Runtime({ policy: '' });
    rt.document = fakeDocumentSettings({ [POLICY_SETTING]: 'acme@2030.01' });
    expect(await rt.evaluate('COMMISSION', [52000])).toMatchObject({ error: { code: '#VALUE!', message: expect.stringContaining('default@2025.09') } });
  });

  it('follows Office’s display language until the user picks one', () => {
    const rt = new Runtime({ lang: 'zh-CN', langChosen: false });
    rt.attach({ displayLanguage: 'en-US' });
    expect(rt.current.lang).toBe('en');
    rt.configure({ lang: 'zh-CN', langChosen: true });
    rt.attach({ displayLanguage: 'en-US' });
    expect(rt.current.lang).toBe('zh-CN');
  });
});
