import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { defaultEngine } from '../../shared/src/index.js';
import { check } from '../helpers/examples.js';

// Issue 23: the rules read once more against the source. Each expected value below is worked out
// from the source sentence (../shared/seed/customer-manager-policies.zh.txt) or the law it names,
// never read off the code.

const engine = defaultEngine();

const value = (fn: string, args: unknown[], policy?: string) => {
  const r = engine.call(fn, args, { policy });
  if (!('value' in r)) throw new Error(`${fn}: ${JSON.stringify(r)}`);
  return r.value;
};

/** The explanation without its first two lines (the source sentence and the policy's name). */
const told = (fn: string, args: unknown[], lang: 'zh-CN' | 'en' = 'zh-CN', policy?: string) => engine.explain(fn, args, { lang, policy }).steps.slice(2).join('\n');

const HAN = /\p{Script=Han}/u;

describe('a clock time at or past the end of the shift is never “on time”', () => {
  // 第一篇 一、2 上下班时间：下午20:00——凌晨02:00: the shift is 6 hours, 360 minutes.
  // D 迟到……半小时以上按旷工处理; C 早退半小时以上者记为旷工处理; A 旷工一天扣罚200元.
  it('arriving at 02:00 missed the whole shift: 360 minutes late, a day of absence', () => {
    expect(value('LATEMINUTES', ['02:00'])).toBe(360);
    expect(value('LATEMINUTES', ['01:59:59'])).toBeLessThan(value('LATEMINUTES', ['02:00']) as number);
    expect(value('LATEFINE', [value('LATEMINUTES', ['02:00'])])).toBe(200);
    expect(told('LATEMINUTES', ['02:00'])).not.toContain('未迟到');
    expect(told('LATEMINUTES', ['02:00'])).toContain('旷工');
    expect(told('LATEMINUTES', ['02:00'], 'en')).toContain('absence');
  });

  it('leaving at 19:59 is before the shift began: 361 minutes early (19:59 to 02:00), a day of absence', () => {
    expect(value('EARLYMINUTES', ['19:59'])).toBe(361);
    expect(value('EARLYMINUTES', ['20:00'])).toBe(360);
    expect(value('EARLYFINE', [value('EARLYMINUTES', ['19:59'])])).toBe(200);
    expect(told('EARLYMINUTES', ['19:59'])).not.toContain('未早退');
    expect(told('EARLYMINUTES', ['19:59'], 'en')).toContain('absence');
  });

  it('just before the start and just after the end are still on time; the explanation names the reading', () => {
    expect(value('LATEMINUTES', ['19:55'])).toBe(0);
    expect(value('EARLYMINUTES', ['02:05'])).toBe(0);
    // Outside the shift a bare clock time is read by the nearer end of the shift; halfway (11:00) takes the lighter side.
    expect(value('LATEMINUTES', ['10:59'])).toBe(14 * 60 + 59); // 20:00 to 10:59 the next day
    expect(value('LATEMINUTES', ['11:00'])).toBe(0);
    expect(value('EARLYMINUTES', ['11:01'])).toBe(14 * 60 + 59); // 11:01 to 02:00 the next day
    expect(value('EARLYMINUTES', ['11:00'])).toBe(0);
    for (const [fn, at] of [
      ['LATEMINUTES', '03:00'],
      ['LATEMINUTES', '15:00'],
      ['EARLYMINUTES', '19:00'],
      ['EARLYMINUTES', '03:00'],
    ] as const) {
      expect(told(fn, [at]), `${fn} ${at}`).toMatch(/较近/);
      expect(told(fn, [at], 'en'), `${fn} ${at}`).toMatch(/nearer/);
    }
  });
});

describe('DISMISSALPAY: the deposit warning only when a deposit is held, in the caller’s language', () => {
  // 第一篇 四、8 注：开除只发押金，不发工资提成。《劳动合同法》第9条: no deposit may be taken.
  const warning = (args: unknown[], lang: 'zh-CN' | 'en' = 'zh-CN') => {
    const r = engine.call('DISMISSALPAY', args, { lang });
    if (!('value' in r)) throw new Error(JSON.stringify(r));
    const rows = r.value as [string, number | string][];
    return rows.find((row) => typeof row[1] === 'string')?.[1] as string | undefined;
  };

  it('no deposit: wages withheld are flagged, a deposit is not mentioned', () => {
    expect(warning([3000, 0])).toContain('工资');
    expect(warning([3000, 0])).not.toContain('押金');
    expect(warning([3000, 0], 'en')).not.toMatch(/deposit/i);
    expect(told('DISMISSALPAY', [3000, 0])).not.toContain('押金本不得收取');
    expect(told('DISMISSALPAY', [3000, 0], 'en')).not.toMatch(/deposit may not be taken/);
  });

  it('a deposit held: both flags, in English under en', () => {
    expect(warning([2400, 360, 500])).toContain('押金');
    expect(warning([2400, 360, 500], 'en')).toMatch(/deposit/i);
    expect(warning([2400, 360, 500], 'en')).not.toMatch(HAN);
    expect(warning([3000, 0], 'en')).not.toMatch(HAN);
  });

  it('nothing withheld and no deposit: nothing to flag', () => {
    expect(warning([0, 0, 0])).toBeUndefined();
    expect(warning([0, 0, 500])).toContain('押金');
  });

  it('the CLI under --lang en prints the warning in English', async () => {
    let out = '';
    const code = await main(['eval', 'DISMISSALPAY', '2400', '360', '500', '--lang', 'en'], { out: (s) => (out += s), err: () => {}, readStdin: async () => '' });
    expect(code).toBe(0);
    const [, warningCell] = out.trim().split('\n').at(-1)!.split('\t');
    expect(warningCell).toMatch(/deposit/i);
    expect(warningCell).not.toMatch(HAN);
  });
});

describe('PAYROLLCHECK: a day’s wage is the month’s wage income ÷ 21.75', () => {
  // 劳社部发〔2008〕3号: 日工资 = 月工资收入 ÷ 月计薪天数 (21.75); commission is wages (工资支付暂行规定).
  // PAYROLLCHECK(200000, 0, 1): wages 3,000 + (200,000 − 40,000) × 3% = 7,800; 7,800 ÷ 21.75 = 358.62 ≥ 300.
  it('a large commission lifts the day’s wage above the 300 deducted: no 事假扣款超日工资', () => {
    for (const policy of ['default@2019.05', 'default@2025.09']) check('PAYROLLCHECK', [200000, 0, 1], '合规', policy);
    expect(told('PAYROLLCHECK', [200000, 0, 1])).toContain('7,800.00 ÷ 21.75 = 358.62');
  });

  it('a bonus is wage income too: 3,000 + 3,600 = 6,600, ÷ 21.75 = 303.45', () => {
    check('PAYROLLCHECK', [40000, 0, 1, [], [], [], 0, false, 3600], '合规');
    check('PAYROLLCHECK', [40000, 0, 1], '事假扣款超日工资');
    expect(told('PAYROLLCHECK', [40000, 0, 1])).toContain('3,000.00 ÷ 21.75 = 137.93');
  });

  it('the explanation names the basis in both languages', () => {
    expect(told('PAYROLLCHECK', [52000, 1, 2, [[10, 45]], [], [[25]], 0])).toContain('3,360.00 ÷ 21.75 = 154.48');
    expect(told('PAYROLLCHECK', [52000, 1, 2, [[10, 45]], [], [[25]], 0])).toContain('月工资收入');
    expect(told('PAYROLLCHECK', [52000, 1, 2, [[10, 45]], [], [[25]], 0], 'en')).toContain("the month's wage income");
  });
});

