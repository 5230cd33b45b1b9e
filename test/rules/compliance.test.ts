import { isWorkday } from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, defaultEngine, runBatch } from '../../shared/src/index.js';
import { CALENDAR_YEARS } from '../../shared/src/values/calendar.js';
import { formatIsoDate, serialFromCivil } from '../../shared/src/values/dates.js';
import { Decimal } from '../../shared/src/values/money.js';
import { E, check } from '../helpers/examples.js';

// Issue 12: lawful pay. Every worked example of the issue and of coverage.md's legal findings, the
// properties it asks for, and the defects it lists.

const engine = defaultEngine();
const value = (fn: string, args: unknown[], policy?: string) => {
  const r = engine.call(fn, args, { policy });
  if (!('value' in r)) throw new Error(`${fn}: ${JSON.stringify(r)}`);
  return r.value;
};
const steps = (fn: string, args: unknown[], lang: 'zh-CN' | 'en' = 'zh-CN', policy?: string) => engine.explain(fn, args, { lang, policy }).steps;
const serial = (iso: string) => serialFromCivil({ y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) });

const V19 = 'default@2019.05';
const V25 = 'default@2025.09';

describe('PAYROLLCHECK: every flag the law raises, most severe first', () => {
  it.each([
    // The worked example: net 2260 < 2510; deductions 1100 of 3360.
    [[52000, 1, 2, [[10, 45]], [], [[25]], 0], V25, '低于最低工资；扣款超20%；含罚款；事假扣款超日工资'],
    [[52000, 1, 2, [[10, 45]], [], [[25]], 0], V19, '扣款超20%；含罚款；事假扣款超日工资'],
    // coverage.md's legal findings: pay below the minimum wage, negative pay, commission forfeited.
    [[30000, 5, 6], V19, '低于最低工资；扣款超20%；含罚款；事假扣款超日工资'],
    [[0, 10, 10], V19, '实发为负；低于最低工资；扣款超20%；含罚款；事假扣款超日工资'],
    [[200000, 3, 0], V19, '扣款超20%；扣发提成；含罚款'],
    [[200000, 3, 0], V25, '低于最低工资；扣款超20%；扣发提成；含罚款'],
    // Forfeited with no commission to withhold: no 扣发提成; and 600 of 3000 is exactly 20%, not over it.
    [[30000, 3, 0], V19, '含罚款'],
    [[30000, 3.005, 0], V19, '扣款超20%；含罚款'],
    [[52000, 0, 0], V25, '合规'],
    // Bonus is wages: it lifts the net above the minimum and widens the base of the 20%.
    [[52000, 1, 2, [[10, 45]], [], [[25]], 0, false, 2400], V25, '含罚款；事假扣款超日工资'],
  ] as const)('%j under %s → %s', (args, policy, want) => check('PAYROLLCHECK', [...args], want, policy));

  it('agrees with PAYROLL: the same lines, the same net', () => {
    expect(value('PAYROLL', [30000, 5, 6], V19)).toBe(200);
    expect(value('PAYROLL', [0, 10, 10], V19)).toBe(-2000);
    expect(value('PAYROLL', [200000, 3, 0], V19)).toBe(2400); // 4,800 of earned commission forfeited
  });

  it('the explanation of PAYROLL and PAYSLIP ends with the flags and the law', () => {
    for (const fn of ['PAYROLL', 'PAYSLIP']) {
      const zh = steps(fn, [52000, 1, 2, [[10, 45]], [], [[25]], 0], 'zh-CN', V25);
      expect(zh.at(-1)).toBe('合规检查：低于最低工资；扣款超20%；含罚款；事假扣款超日工资');
      const text = zh.join('\n');
      expect(text).toContain('《工资支付暂行规定》第16条');
      expect(text).toContain('3,360.00');
      expect(text).toContain('1,100.00');
      expect(text).toContain('国务院令第516号');
      expect(text).toContain('3,360.00 ÷ 21.75 = 154.48'); // a day's wage: the month's wage income, base 3,000 + commission 360
      const en = steps(fn, [52000, 1, 2, [[10, 45]], [], [[25]], 0], 'en', V25).join('\n');
      expect(en).toContain('低于最低工资 (below the minimum wage)');
      expect(en).toContain('Interim Provisions on Wage Payment art. 16');
    }
    expect(steps('PAYROLL', [200000, 3, 0], 'zh-CN', V19).join('\n')).toContain('已挣提成 4,800.00 被扣发');
  });

  it('PAYSLIP ends with a 合规提示 row holding PAYROLLCHECK’s text when the pay would not stand', () => {
    const args = [52000, 1, 2, [[10, 45]], [], [[25]], 0];
    const slip = value('PAYSLIP', args, V25) as [string, number | string][];
    expect(slip.at(-1)).toEqual(['合规提示', value('PAYROLLCHECK', args, V25)]);
    expect(slip.at(-2)).toEqual(['实发工资', 2260]);
    const fine = value('PAYSLIP', [52000, 0, 0], V25) as [string, number][];
    expect(fine.at(-1)).toEqual(['实发工资', 3360]);
    expect(fine.map((r) => r[0])).not.toContain('合规提示');
  });

  it('bonus (奖金) is added to pay in PAYROLL and shown in PAYSLIP', () => {
    expect(value('PAYROLL', [52000, 1, 2, [[10, 45]], [], [[25]], 0, false, 500])).toBe(2760);
    const slip = value('PAYSLIP', [52000, 0, 0, [], [], [], 0, false, 888.88]) as [string, number][];
    expect(slip).toContainEqual(['奖金', 888.88]);
    expect(slip.at(-1)).toEqual(['实发工资', 4248.88]);
    check('PAYROLL', [52000, 0, 0, [], [], [], 0, false, -1], E('#NUM!'));
  });
});

describe('property: PAYROLLCHECK is 合规 only if net ≥ the minimum wage and deductions ≤ 20% of wages', () => {
  const minutes = fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 3 }).map((xs) => [xs]);
  const pay = fc.tuple(
    fc.integer({ min: 0, max: 120000 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 7 }),
    minutes,
    minutes,
    minutes,
    fc.integer({ min: 0, max: 800 }),
    fc.boolean(),
    fc.integer({ min: 0, max: 3000 }),
  );
  it.each([V19, V25])('%s', (policy) => {
    const minimumWage = value('POLICYINFO', ['marketing.minimumWage'], policy) as number;
    fc.assert(
      fc.property(pay, (args) => {
        const verdict = value('PAYROLLCHECK', [...args], policy) as string;
        const net = new Decimal(value('PAYROLL', [...args], policy) as number);
        // Wages (base + commission earned + bonus), computed apart from PAYROLLCHECK; all that is
        // taken off them, commission withheld included, is wages − net.
        const wages = new Decimal(value('BASEPAY', [args[0], args[7]], policy) as number)
          .plus(value('COMMISSION', [args[0]], policy) as number)
          .plus(args[8]);
        const deductions = wages.minus(net);
        if (verdict === '合规') {
          expect(net.greaterThanOrEqualTo(minimumWage)).toBe(true);
          expect(deductions.lessThanOrEqualTo(wages.times(0.2))).toBe(true);
        }
        if (net.lessThan(minimumWage)) expect(verdict).toContain('低于最低工资');
        if (net.isNegative()) expect(verdict.startsWith('实发为负')).toBe(true);
        if (deductions.greaterThan(wages.times(0.2))) expect(verdict).toContain('扣款超20%');
      }),
      { numRuns: 300 },
    );
  });
});

describe('PAYDATE: the nearest working day before a pay day on a rest day or holiday', () => {
  it('moves 2019-06-15 (a Saturday) to Friday 2019-06-14, and 2019-09-15 past the Mid-Autumn Festival to 2019-09-12', () => {
    expect(value('PAYDATE', [43605])).toBe(serial('2019-06-14'));
    expect(value('PAYDATE', ['2019-08-20'])).toBe(serial('2019-09-12'));
    expect(value('PAYDATE', ['2019-09-10'])).toBe(serial('2019-10-15')); // a Tuesday: stays
  });

  it('says which calendar decided', () => {
    expect(steps('PAYDATE', ['2019-08-20']).join('\n')).toMatch(/2019 年节假日安排.*chinese-days/);
    expect(steps('PAYDATE', ['2019-08-20'], 'en').join('\n')).toContain('Mid-autumn Festival');
    const outside = steps('PAYDATE', ['2030-08-20']).join('\n');
    expect(outside).toContain('2030 年不在节假日数据');
    expect(outside).toContain('只避开周六、周日');
  });

  it(`property: never a rest day or holiday in the dataset's years (${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last}), checked with chinese-days' own isWorkday`, () => {
    const first = serialFromCivil({ y: CALENDAR_YEARS.first, m: 1, d: 1 });
    const last = serialFromCivil({ y: CALENDAR_YEARS.last, m: 11, d: 30 }); // pay day still inside the data
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (d) => {
        const paid = value('PAYDATE', [d]) as number;
        expect(isWorkday(formatIsoDate(paid))).toBe(true);
        // The nearest one: every day after it up to the 15th of the next month is a day off.
        const [y, m] = formatIsoDate(d).split('-').map(Number);
        const due = serialFromCivil(m === 12 ? { y: y! + 1, m: 1, d: 15 } : { y: y!, m: m! + 1, d: 15 });
        expect(paid).toBeLessThanOrEqual(due);
        for (let s = paid + 1; s <= due; s++) expect(isWorkday(formatIsoDate(s))).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('property: outside the dataset, never a Saturday or Sunday', () => {
    fc.assert(
      fc.property(fc.integer({ min: serialFromCivil({ y: 2030, m: 1, d: 1 }), max: serialFromCivil({ y: 2099, m: 12, d: 31 }) }), (d) => {
        const paid = value('PAYDATE', [d]) as number;
        const wd = new Date(`${formatIsoDate(paid)}T00:00:00Z`).getUTCDay();
        expect(wd === 0 || wd === 6).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('NOTICEDATE: the policy cannot lengthen the statutory notice', () => {
  it.each([
    [['2019-07-01'], '2019-07-31'], // 30 days come before a calendar month
    [[serial('2019-01-31')], '2019-02-28'], // a calendar month comes first
    [['2019-07-01', true], '2019-07-04'], // 3 days in probation
  ] as const)('NOTICEDATE(%j) = %s', (args, want) => expect(value('NOTICEDATE', [...args])).toBe(serial(want)));

  it('names both dates', () => {
    const text = steps('NOTICEDATE', ['2019-07-01']).join('\n');
    expect(text).toContain('2019-08-01');
    expect(text).toContain('2019-07-31');
    expect(text).toContain('《劳动合同法》第37条');
  });
});

describe('explanations cite the clause, flag illustrative values, state the boundary reading, gloss labels', () => {
  it('open with the clause (依据) the rule comes from', () => {
    for (const fn of CATALOG) {
      const ex = fn.examples[0]!;
      const s = steps(fn.id, [...ex.args], 'zh-CN', ex.policy);
      expect(s[0], fn.id).toBe(`依据：${fn.source}`);
    }
  });

  it('say when a value is illustrative (†), and only then', () => {
    expect(steps('FEERATE', [0.3]).join('\n')).toContain('† 示例值，非制度原文：guarantee.feeRates');
    expect(steps('FEERATE', [0.3], 'en').join('\n')).toContain('† illustrative, not in the source: guarantee.feeRates');
    expect(steps('COUNTERGUARANTEE', [0.6]).join('\n')).toContain('guarantee.counterGuarantee');
    expect(steps('COMMISSION', [52000]).join('\n')).not.toContain('†');
  });

  it('LATEFINE(30): both clauses include 30; the lighter reading is taken (民法典 art. 498)', () => {
    const zh = steps('LATEFINE', [30]).join('\n');
    expect(zh).toContain('《民法典》第498条');
    expect(zh).toContain('“以内”');
    expect(steps('LATEFINE', [30], 'en').join('\n')).toContain('Civil Code art. 498');
    expect(steps('LATEFINE', [29]).join('\n')).not.toContain('第498条');
    expect(steps('FORFEIT', [3, 0]).join('\n')).toContain('恰为边界 3 天');
  });

  it('gloss Chinese labels in English', () => {
    expect(steps('LOANCLASS', [91], 'en').join('\n')).toContain('次级 (substandard)');
    expect(steps('TIER', [58], 'en').join('\n')).toContain('城C (urban C)');
    expect(steps('DDDECISION', ['同意', '同意', '同意'], 'en').join('\n')).toContain('报保审会 (submit to the review board)');
  });

  it('hold no policy number in their own words and never say "1 times"', () => {
    for (const fn of CATALOG) {
      for (const ex of fn.examples) {
        const [, ...rest] = steps(fn.id, [...ex.args], 'zh-CN', ex.policy); // the first line quotes the source
        for (const s of rest) expect(s, `${fn.id} ${s}`).not.toMatch(/半小时/);
        for (const s of steps(fn.id, [...ex.args], 'en', ex.policy)) expect(s, `${fn.id} ${s}`).not.toMatch(/\b1 (times|days|months|cartons|points|intervals)\b|\(s\)/);
      }
    }
  });
});

describe('defects found by the differential test', () => {
  it('adds absence days and converted lateness in decimal', () => {
    expect(value('PAYROLL', [0, 0.028725, 0, [[45]]])).toBe(2794.26); // float gives 2794.25
    const slip = value('PAYSLIP', [0, 0.028725, 0, [[45]]]) as [string, number][];
    expect(slip.find((r) => r[0] === '实发工资')).toEqual(['实发工资', 2794.26]);
    expect(value('FORFEIT', [2.9, 0, [[45]]])).toBe(true); // 2.9 + 1 ≥ 3
    expect(value('FORFEIT', [1.9999999999999998, 0, [[45]]])).toBe(false); // decimal sum 2.9999999999999998 < 3
  });

  it('a date past 9999-12-31 is #NUM!, never a number', () => {
    check('PAYDATE', [2958465], E('#NUM!'));
    check('NOTICEDATE', [2958465], E('#NUM!'));
    check('REVIEWDATE', [2958465], E('#NUM!'));
  });

  it('a ragged range is #VALUE!, never padded', () => {
    check('ALLOCATE', [5, [['城A', '城B'], ['城C']]], E('#VALUE!'));
    check('PAYROLL', [52000, 1, 2, [[10, 45], [5]]], E('#VALUE!'));
    check('COLLATERALCOVER', [[[1, 2], [3]], [['住宅', '住宅'], ['住宅']], 10], E('#VALUE!'));
  });

  it('a PAYSLIP whose rounded lines do not add up has a 尾差 row that makes them add up', () => {
    const slip = value('PAYSLIP', [40000.5, 0, 0, [], [], [], 0, false, 0.005]) as [string, number][];
    expect(slip).toContainEqual(['尾差', -0.01]);
    const net = slip.find((r) => r[0] === '实发工资')![1];
    const sign = (label: string) => (['底薪', '业绩提成', '奖金', '尾差'].includes(label) ? 1 : -1);
    const sum = slip.filter((r) => r[0] !== '实发工资').reduce((s, [label, x]) => s.plus(new Decimal(x).times(sign(label))), new Decimal(0));
    expect(sum.toNumber()).toBe(net);
  });

  it('property: every PAYSLIP adds up to its net, 尾差 included', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 1000);
    fc.assert(
      fc.property(cents, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 }), cents, cents, (revenue, a, l, other, bonus) => {
        const slip = value('PAYSLIP', [revenue * 10, a, l, [], [], [], other, false, bonus]) as [string, number | string][];
        const rows = slip.filter((r) => typeof r[1] === 'number') as [string, number][];
        const net = rows.find((r) => r[0] === '实发工资')![1];
        const plus = new Set(['底薪', '业绩提成', '奖金', '尾差']);
        const sum = rows.filter((r) => r[0] !== '实发工资').reduce((s, [label, x]) => s.plus(plus.has(label) ? x : -x), new Decimal(0));
        expect(sum.toNumber()).toBe(net);
      }),
      { numRuns: 300 },
    );
  });

  it('honours a per-call policy inside /v1/batch, over the batch’s', () => {
    const body = {
      policy: V19,
      calls: [
        { fn: 'POLICYINFO', args: ['marketing.minimumWage'] },
        { fn: 'POLICYINFO', args: ['marketing.minimumWage'], policy: V25 },
        { fn: 'WAGECHECK', args: [3000, 800], policy: V25 },
        { fn: 'WAGECHECK', args: [3000, 800] },
        { fn: 'COMMISSION', args: [52000], policy: 'default@1999.01' },
        { fn: 'COMMISSION', args: [52000], policy: 42 },
      ],
    };
    const r = runBatch(engine, body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.answer.policy).toBe(V19);
    expect(r.answer.results.slice(0, 4)).toEqual([{ value: 2050 }, { value: 2510 }, { value: '低于最低工资' }, { value: '扣款超20%' }]);
    expect(r.answer.results[4]).toMatchObject({ error: { code: '#VALUE!', message: expect.stringContaining('default@1999.01') } });
    // A policy that is no text is named by its type, in the answer's language.
    expect(r.answer.results[5]).toMatchObject({ error: { code: '#VALUE!', message: expect.stringContaining('收到「数字」') } });
    const en = runBatch(engine, body, { lang: 'en' });
    expect(en.ok && en.answer.results[5]).toMatchObject({ error: { message: expect.stringContaining('got "a number"') } });
  });
});
