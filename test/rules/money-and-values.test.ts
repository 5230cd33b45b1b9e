import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../shared/src/index.js';
import { addMonths, civilFromSerial, parseIsoDate, serialFromCivil } from '../../shared/src/values/dates.js';
import { Decimal, nthRoot } from '../../shared/src/values/money.js';
import { parseNumberText } from '../../shared/src/values/number-text.js';
import fc from 'fast-check';

const call = (fn: string, ...args: unknown[]) => defaultEngine().call(fn, args);
const value = (fn: string, ...args: unknown[]) => {
  const r = call(fn, ...args);
  if (!('value' in r)) throw new Error(`${fn}: ${JSON.stringify(r)}`);
  return r.value;
};

describe('money is decimal, rounded once, half-up to 0.01', () => {
  // Each case is one where binary floating point gives another answer; the float answer is in the comment.
  it.each([
    ['COMMISSION', [40000.5], 0.02], // (0.015).toFixed(2) is "0.01"
    ['COMMISSION', [40005.5], 0.17], // Math.round(5.5 * 0.03 * 100) / 100 is 0.16
    ['COMMISSION', [40018.5], 0.56], // float 0.55
    ['COMPALLOWANCE', [0.7], 0.04], // float 0.03
    ['COMPALLOWANCE', [42.3], 2.12], // float 2.11
    ['GUARANTEEFEE', [4, 7, 0.3], 0.04], // 4 × 1.5% × 7/12 = 0.035; float 0.03
    ['GUARANTEEFEE', [76, 7, 0.3], 0.67], // float 0.66
    ['NETCASH', [0.3, 0.1], 0.2], // float 0.19999999999999998
    ['NETCASH', [1e15 + 0.25, 0.5], 999999999999999.8], // 15 significant digits, half-up
  ])('%s(%j) = %s', (fn, args, want) => {
    expect(value(fn, ...args)).toBe(want);
  });

  it('rounds half away from zero for negative amounts too (四舍五入)', () => {
    expect(value('NETCASH', 0, 0.005)).toBe(-0.01);
    expect(value('NETCASH', 0.005, 0.01)).toBe(-0.01);
  });

  it('rounds once at the end, not step by step', () => {
    // 16.5 × 3% = 0.495 → 0.50; rounding each step to the fen and adding would come to 0.49 + … elsewhere.
    expect(value('COMMISSION', 40016.5)).toBe(0.5);
    // PAYSLIP's net line equals PAYROLL exactly, both from the unrounded sum.
    const slip = value('PAYSLIP', 40000.5, 0, 0) as [string, number][];
    expect(slip.at(-1)).toEqual(['实发工资', value('PAYROLL', 40000.5, 0, 0)]);
    expect(value('PAYROLL', 40000.5, 0, 0)).toBe(3000.02);
  });

  it('returns ratios unrounded, as the nearest double to the decimal result', () => {
    expect(value('DEBTCOVER', 1, 0, 3)).toBe(1 / 3);
    expect(value('COLLATERALCOVER', [[2000000], [500000]], [['住宅'], ['机器设备']], 1500000)).toBe(1.0666666666666667);
    expect(value('RISKDEGREE', 'BBB', 24, '保证')).toBe(0.616); // 0.7 × 1.1 × 0.8; float gives 0.6160000000000001
  });

  it('takes n-th roots (CAGR) to 34 digits as decimal.js pow does, exact ones exactly', () => {
    expect(nthRoot(new Decimal('1.21'), 2).toString()).toBe('1.1');
    expect(nthRoot(new Decimal('1.331'), 3).toString()).toBe('1.1');
    expect(value('CAGR', [[10000000, 11000000, 12100000]])).toBe(0.1); // Math.pow(1.21, 1/2) - 1 is 0.10000000000000009
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 60 }), (x, n) => {
        const d = new Decimal(x);
        const ours = nthRoot(d, n);
        const theirs = Decimal.pow(d, new Decimal(1).dividedBy(n));
        expect(ours.minus(theirs).abs().lessThanOrEqualTo(theirs.times('1e-32'))).toBe(true);
        expect(ours.toNumber()).toBe(theirs.toNumber());
      }),
      { numRuns: 500 },
    );
  });

  it('never answers −0', () => {
    expect(Object.is(value('NETCASH', 5, 5), 0)).toBe(true);
    expect(Object.is(value('COMMISSION', '-0'), 0)).toBe(true);
  });

  it('says #NUM! when a result is too large to represent', () => {
    expect(call('POACHFINE', 1e308)).toMatchObject({ error: { code: '#NUM!' } });
  });
});

describe('text that Excel would read as a number', () => {
  it.each([
    ['52000', 52000],
    ['52,000', 52000],
    [' 52,000.50 ', 52000.5],
    ['3%', 0.03],
    ['(1,000)', -1000],
    ['¥1,000', 1000],
    ['１２，０００', 12000], // full-width, as a Chinese IME types it
    ['1.5E3', 1500],
    ['.5', 0.5],
    ['-7', -7],
  ])('%j → %s', (text, n) => expect(parseNumberText(text)).toBe(n));

  it.each(['5.2万', '十万', '1,00', '1.2.3', '', '-', '.', 'abc', '1e', '(1', '--1', '52 000x'])('%j is not a number', (text) => {
    expect(parseNumberText(text)).toBeUndefined();
  });

  it('accepts coercible text in a money argument, rejects the rest with #VALUE!', () => {
    expect(value('COMMISSION', '52,000')).toBe(360);
    expect(call('COMMISSION', '5.2万')).toMatchObject({ error: { code: '#VALUE!' } });
  });
});

describe('dates in Excel’s 1900 system', () => {
  it.each([
    [1, 1900, 1, 1],
    [59, 1900, 2, 28],
    [60, 1900, 2, 29], // Excel's fictitious day
    [61, 1900, 3, 1],
    [43605, 2019, 5, 20],
    [45322, 2024, 1, 31],
    [2958465, 9999, 12, 31],
  ])('serial %i is %i-%i-%i', (serial, y, m, d) => {
    expect(civilFromSerial(serial)).toEqual({ y, m, d });
    expect(serialFromCivil({ y, m, d })).toBe(serial);
  });

  it('adds calendar months as EDATE does, clamping to the month’s end', () => {
    expect(addMonths({ y: 2024, m: 1, d: 31 }, 1)).toEqual({ y: 2024, m: 2, d: 29 });
    expect(addMonths({ y: 2019, m: 1, d: 31 }, 1)).toEqual({ y: 2019, m: 2, d: 28 });
    expect(addMonths({ y: 2019, m: 12, d: 15 }, 1)).toEqual({ y: 2020, m: 1, d: 15 });
    expect(value('NOTICEDATE', '2024-01-31')).toBe(serialFromCivil({ y: 2024, m: 2, d: 29 }));
  });

  it('reads ISO text and serials alike, and compares date-times to the whole second', () => {
    expect(parseIsoDate('2019-05-20')).toBe(43605);
    expect(value('PAYDATE', '2019-05-20')).toBe(43630); // the 15th was a Saturday: paid on Friday the 14th
    expect(value('PAYDATE', '2019-12-31')).toBe(serialFromCivil({ y: 2020, m: 1, d: 15 }));
    // 19:50 and 20:00 as serials carry float noise; exactly 600 s apart after rounding to the second.
    const at = (h: number, m: number) => 43605 + (h * 60 + m) / 1440;
    expect(value('BOOKINGVALID', at(19, 50), at(20, 0))).toBe(true);
    expect(value('BOOKINGVALID', at(19, 50) + 0.4 / 86400, at(20, 0))).toBe(true);
    expect(value('BOOKINGVALID', at(19, 50) + 1 / 86400, at(20, 0))).toBe(false);
    expect(value('BOOKINGVALID', '2019-05-20T19:49:59', '2019-05-20 20:00')).toBe(true);
  });

  it('reads a date-time with a time zone on the policies’ wall clock (China Standard Time), and the basic form 20190520', () => {
    const at = (d: string, h = 0, m = 0) => parseIsoDate(d)! + (h * 60 + m) / 1440;
    expect(parseIsoDate('2019-05-20T10:00+08:00')).toBe(at('2019-05-20', 10));
    expect(parseIsoDate('2019-05-20T02:00Z')).toBe(at('2019-05-20', 10));
    expect(parseIsoDate('2019-05-19T16:00:00.000Z')).toBe(at('2019-05-20')); // new Date(2019, 4, 20).toISOString() in Beijing
    expect(parseIsoDate('2019-05-20T10:00-0500')).toBe(at('2019-05-20', 23));
    expect(parseIsoDate('20190520')).toBe(43605);
    // Across the end of February 1900 on the real calendar, never onto Excel's invented 29th (serial 60).
    expect(parseIsoDate('1900-02-28T20:00:00Z')).toBeCloseTo(61 + 4 / 24, 10);
    expect(parseIsoDate('1900-03-01T00:00:00+14:00')).toBeCloseTo(59 + 18 / 24, 10);
    // A time parameter wants a time: a date alone names none.
    for (const dateOnly of ['20190520', '2019-05-20']) expect(call('LATEMINUTES', dateOnly)).toMatchObject({ error: { code: '#VALUE!' } });
    expect(value('LATEMINUTES', '2019-05-20T09:05')).toBe(value('LATEMINUTES', '09:05'));
    expect(value('PAYDATE', '2019-05-19T16:00:00.000Z')).toBe(value('PAYDATE', '2019-05-20'));
    expect(value('BOOKINGVALID', '2019-05-20T11:49:59Z', '2019-05-20 20:00')).toBe(true); // 19:49:59 in Beijing
    expect(value('BOOKINGVALID', '2019-05-20T11:50:01Z', '2019-05-20 20:00')).toBe(false);
  });

  it('refuses impossible dates, times and zones', () => {
    for (const bad of ['2019-02-30', '2019-13-01', '2019-05-20T25:00', '2019-05-20T10:00+15:00', '2019-05-20T10:00+08:60', '2019-05-20Z', '20190230', '2019-05', '20190520x']) {
      expect(call('PAYDATE', bad), bad).toMatchObject({ error: { code: '#VALUE!' } });
    }
    expect(call('PAYDATE', 0)).toMatchObject({ error: { code: '#NUM!' } });
    expect(call('PAYDATE', 2958466)).toMatchObject({ error: { code: '#NUM!' } });
  });
});

describe('the adapter checks every argument by its declaration', () => {
  it.each([
    ['COMMISSION', [], '#VALUE!'], // missing
    ['COMMISSION', [null], '#VALUE!'], // a blank cell for a required value
    ['COMMISSION', [1, 2], '#VALUE!'], // too many
    ['COMMISSION', [true], '#VALUE!'], // a boolean is not an amount
    ['COMMISSION', [[[1, 2]]], '#VALUE!'], // a range for a single value
    ['COMMISSION', [[[[1]]]], '#VALUE!'], // deeper than 2-D
    ['COMMISSION', [NaN], '#NUM!'],
    ['COMMISSION', [Infinity], '#NUM!'],
    ['LEAVEDEDUCT', [1, '年假'], '#VALUE!'], // unknown label
    ['ALLOCATE', [8.5, [['城A']]], '#NUM!'], // cartons are whole
    ['PERCARTON', [100, -2], '#NUM!'], // a negative divisor
    ['FORFEIT', [0, 0, [['x']]], '#VALUE!'], // text in a numeric range
    ['COLLATERALCOVER', [[[1], [2]], [['住宅']], 1], '#VALUE!'], // ranges of different sizes
    ['COLLATERALCOVER', [[[1], [null]], [['住宅'], ['车辆']], 1], '#VALUE!'], // an unpaired cell
    ['MANAGERSCORE', [[[1, 2, 3]]], '#VALUE!'], // not ten indicators
    ['DDDECISION', ['重评', '同意', '同意'], '#VALUE!'], // only the reviewer may ask for re-evaluation
    ['EXPLAIN', ['NOPE', 1], '#VALUE!'],
    ['EXPLAIN', ['EXPLAIN', 'COMMISSION'], '#VALUE!'],
  ])('%s(%j) → %s', (fn, args, code) => {
    const r = call(fn, ...args);
    expect(r).toMatchObject({ error: { code } });
  });

  it('unwraps a 1×1 range, treats an omitted optional as its default, and accepts labels in either language', () => {
    expect(value('COMMISSION', [[52000]])).toBe(360);
    expect(value('LATEFINE', 45, null)).toBe(200);
    expect(value('LEAVEDEDUCT', 2, 'PERSONAL')).toBe(600);
    expect(value('COLLATERALVALUE', 100, ' Residential ')).toBe(70);
    expect(value('DDDECISION', true, 'agree', 'TRUE')).toBe('报保审会');
    expect(value('VISITS', 'urban B')).toBe(3);
    expect(value('LATEFINE', 45, 1)).toBe(0); // any non-zero number is TRUE, as in Excel's IF
  });

  it('skips blank cells in ranges and keeps the places of blanks in ALLOCATE’s column', () => {
    expect(value('FORFEIT', 2, 0, [[null, '', 45]])).toBe(true);
    expect(value('ALLOCATE', 8, [['城A'], [null], ['城B'], ['城C'], ['城D']])).toEqual([[4], [''], [2], [1], [1]]);
  });

  it('gives messages in both languages', () => {
    const zh = defaultEngine().call('COMMISSION', [-1], { lang: 'zh-CN' });
    const en = defaultEngine().call('COMMISSION', [-1], { lang: 'en' });
    expect(zh).toMatchObject({ error: { message: expect.stringMatching(/业绩.*不小于 0/) } });
    expect(en).toMatchObject({ error: { message: expect.stringMatching(/revenue.*at least 0/) } });
  });
});

describe('rules at their boundaries', () => {
  it('reads 以上 as inclusive and 超过 as exclusive', () => {
    expect(value('FORFEIT', 3, 0)).toBe(true); // 旷工3天以上
    expect(value('FORFEIT', 2.5, 0)).toBe(false);
    expect(value('FORFEIT', 0, 5.5)).toBe(true); // 超过5天
    expect(value('EARLYFINE', 30)).toBe(50);
    expect(value('EARLYFINE', 30.01)).toBe(200);
    expect(value('LATEFINE', -5)).toBe(0); // arrived early
  });

  it('ALLOCATE never hands out more than the supply and breaks remainder ties by row', () => {
    expect(value('ALLOCATE', 3, [['城D'], ['城D'], ['城D'], ['城D']])).toEqual([[1], [1], [1], [0]]);
    expect(value('ALLOCATE', 0, [['城A'], ['城B']])).toEqual([[0], [0]]);
  });

  it('WAGECHECK applies the 20% cap only above it', () => {
    expect(value('WAGECHECK', 5000, 1000)).toBe('合规'); // exactly 20%
    expect(value('WAGECHECK', 5000, 1000.01)).toBe('扣款超20%');
    expect(value('WAGECHECK', 5000, 1000, 4500)).toBe('低于最低工资'); // a minimum wage given in the call
  });

  it('CREDITSCORE and RATING follow the scorecard', () => {
    expect(value('CREDITSCORE', 0.8, 1, 0.5, 1, 0, -0.1, 1)).toBe(0);
    expect(value('CREDITSCORE', 0.65, 1.5, 0.75, 3, 0.05, 0.05, 1.25)).toBe(50);
    expect(value('RATING', 89.99)).toBe('AA');
  });

  it('LOANCLASS follows the 2023 measures at each boundary', () => {
    expect([270, 271, 360, 361].map((d) => value('LOANCLASS', d))).toEqual(['次级', '可疑', '可疑', '损失']);
  });

  it('OVERDUEALERT at its boundaries', () => {
    const due = 43631;
    expect([-8, -7, 0, 1, 31, 90, 91].map((d) => value('OVERDUEALERT', due, due + d))).toEqual([
      '正常',
      '到期提醒',
      '到期提醒',
      '一级预警',
      '二级预警',
      '二级预警',
      '三级预警',
    ]);
  });
});
