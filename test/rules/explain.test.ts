import { describe, expect, it } from 'vitest';
import { CATALOG, defaultEngine } from '../../shared/src/index.js';

const engine = defaultEngine();

describe('explanations', () => {
  it('shows COMMISSION(52000) in zh-CN and en from the same rule that computed the value', () => {
    const zh = engine.explain('COMMISSION', [52000], { lang: 'zh-CN' });
    const en = engine.explain('COMMISSION', [52000], { lang: 'en' });
    expect(zh.result).toEqual({ value: 360 });
    expect(zh.steps).toEqual([
      '依据：第一篇 二、1 每月完成任务额后，超出业绩按3%提成，计次月15日发放。',
      '制度：default@2025.09',
      '提成 = (52,000.00 − 40,000.00) × 3% = 360.00',
    ]);
    expect(en.steps).toEqual([
      'source, Marketing department pay and discipline (第一篇): 第一篇 二、1 每月完成任务额后，超出业绩按3%提成，计次月15日发放。',
      'policy: default@2025.09',
      'commission = (52,000.00 − 40,000.00) × 3% = 360.00',
    ]);
  });

  it('follows the policy the call names', () => {
    const x = engine.explain('WAGECHECK', [3000, 800], { policy: 'default@2025.09', lang: 'en' });
    expect(x.steps.join('\n')).toContain('minimum wage 2,510.00');
    expect(x.result).toEqual({ value: '低于最低工资' });
  });

  it('explains every function in both languages with at least one step beyond the policy line', () => {
    for (const fn of CATALOG) {
      const ex = fn.examples.find((e) => !(typeof e.result === 'object' && e.result !== null && 'error' in e.result))!;
      const [zh, en] = (['zh-CN', 'en'] as const).map((lang) => {
        const x = engine.explain(fn.id, [...ex.args], { lang, policy: ex.policy });
        expect('value' in x.result, `${fn.id} ${lang}`).toBe(true);
        if (fn.id !== 'POLICYINFO' && fn.id !== 'EXPLAIN') expect(x.steps.length, `${fn.id} ${lang}`).toBeGreaterThan(1);
        for (const s of x.steps) expect(s).not.toMatch(/undefined|NaN|\[object/);
        return x.steps;
      });
      // Really translated: every English step differs from its Chinese twin and has English words in it.
      zh!.forEach((s, i) => {
        expect(en![i], fn.id).not.toBe(s);
        expect(en![i], fn.id).toMatch(/[a-z]{3,}/);
      });
    }
  });

  it('ends an explanation of an error with the error', () => {
    const x = engine.explain('DEBTCOVER', [100, 50, 0], { lang: 'en' });
    expect(x.result).toMatchObject({ error: { code: '#DIV/0!' } });
    const text = engine.call('EXPLAIN', ['DEBTCOVER', 100, 50, 0], { lang: 'en' }) as { value: string };
    expect(text.value.split('\n').at(-1)).toMatch(/^#DIV\/0! DEBTCOVER: "debtDue" is 0/);
  });

  it('POLICY.EXPLAIN accepts the id, POLICY.id or the Chinese name', () => {
    const a = engine.call('EXPLAIN', ['COMMISSION', 52000]);
    expect(engine.call('EXPLAIN', ['POLICY.COMMISSION', 52000])).toEqual(a);
    expect(engine.call('EXPLAIN', ['提成金额', 52000])).toEqual(a);
  });

  it('costs nothing when nobody asks: a plain call records no steps', () => {
    expect(engine.explain('COMMISSION', [52000]).steps.length).toBeGreaterThan(0);
    // call() goes through the no-op trace; the value is the same.
    expect(engine.call('COMMISSION', [52000])).toEqual(engine.explain('COMMISSION', [52000]).result);
  });
});
