import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../shared/src/index.js';
import { CATALOG, defaultEngine } from '../../shared/src/index.js';
import { Decimal } from '../../shared/src/values/money.js';

const engine = defaultEngine();
const CODES = ['#VALUE!', '#NUM!', '#DIV/0!', '#N/A', '#NAME?'];
const RUNS = { numRuns: 300 };

/** A well-formed answer: a cell value, or a known Excel error with a real message (never an internal error). */
function expectWellFormed(r: CallResult): void {
  if ('error' in r) {
    expect(CODES).toContain(r.error.code);
    expect(r.error.message.length).toBeGreaterThan(3);
    expect(r.error.message).not.toMatch(/internal error|内部错误/);
    return;
  }
  const v = r.value;
  const ok = (x: unknown) => x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
  if (Array.isArray(v)) for (const row of v) for (const x of row) expect(ok(x)).toBe(true);
  else expect(ok(v)).toBe(true);
}

const money = fc.double({ min: 0, max: 1e9, noNaN: true }).map((x) => Math.round(x * 1000) / 1000);
const days = fc.double({ min: 0, max: 31, noNaN: true });

describe('property: money results have at most two decimals', () => {
  const moneyFns = CATALOG.filter((f) => f.result === 'money');
  it.each(moneyFns.map((f) => [f.id, f] as const))('%s', (_id, fn) => {
    const arg = (type: string) =>
      type === 'amount' ? money : type === 'number' ? days : type === 'boolean' ? fc.boolean() : fc.constant(null);
    const args = fc.tuple(...fn.params.map((p) => (p.type === 'label' ? fc.constant(null) : arg(p.type))));
    fc.assert(
      fc.property(args, (a) => {
        const r = engine.call(fn.id, a);
        expectWellFormed(r);
        if ('value' in r) expect(new Decimal(r.value as number).decimalPlaces()).toBeLessThanOrEqual(2);
      }),
      RUNS,
    );
  });
});

describe('property: fines are never negative', () => {
  const anyNumber = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  it.each([
    ['LATEFINE', fc.tuple(anyNumber, fc.boolean())],
    ['EARLYFINE', fc.tuple(anyNumber, fc.boolean())],
    ['ABSENCEFINE', fc.tuple(anyNumber)],
    ['LEAVEDEDUCT', fc.tuple(anyNumber, fc.constantFrom('事假', '病假', 'sick'), fc.boolean())],
    ['OFFPOSTFINE', fc.tuple(anyNumber)],
    ['COMPFINE', fc.tuple(anyNumber, anyNumber, fc.boolean())],
    ['POACHFINE', fc.tuple(anyNumber)],
  ] as const)('%s', (fn, args) => {
    fc.assert(
      fc.property(args, (a) => {
        const r = engine.call(fn, a as unknown[]);
        if ('value' in r) expect(r.value as number).toBeGreaterThanOrEqual(0);
        else expect(r.error.code).toBe('#NUM!'); // only a negative input is refused
      }),
      RUNS,
    );
  });
});

describe('property: COMMISSION is monotone in revenue', () => {
  it('a higher revenue never earns less', () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = engine.call('COMMISSION', [lo]) as { value: number };
        const y = engine.call('COMMISSION', [hi]) as { value: number };
        expect(y.value).toBeGreaterThanOrEqual(x.value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('property: ALLOCATE', () => {
  const tier = fc.constantFrom('城A', '城B', '城C', '城D', '村A', '村D', null);
  it('never exceeds the supply, and uses all of it when the quotas exceed it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.array(tier, { minLength: 1, maxLength: 60 }), (supply, tiers) => {
        const r = engine.call('ALLOCATE', [supply, tiers.map((x) => [x])]);
        expect('value' in r).toBe(true);
        const got = (r as { value: (number | string)[][] }).value.map((row) => row[0]);
        expect(got).toHaveLength(tiers.length);
        const quota = (x: string | null) => (x === null ? 0 : ({ A: 5, B: 3, C: 2, D: 1 } as Record<string, number>)[x.slice(-1)]!);
        const want = tiers.reduce((s, x) => s + quota(x), 0);
        const total = got.reduce<number>((s, x) => s + (typeof x === 'number' ? x : 0), 0);
        expect(total).toBeLessThanOrEqual(supply);
        if (want >= supply) expect(total).toBe(supply);
        else expect(total).toBe(want);
        got.forEach((g, i) => {
          if (tiers[i] === null) expect(g).toBe('');
          else expect(g as number).toBeLessThanOrEqual(quota(tiers[i]!));
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: junk never throws', () => {
  const scalarJunk = fc.oneof(
    fc.double(), // includes NaN, ±Infinity, −0
    fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1e308, 2 ** 53 + 1, 9.99e307),
    fc.integer(),
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('52,000', '5.2万', '十万', '1e999', '-0', '(1)', '%', '2019-05-20', '2019-02-30T10:00', '城A', '住宅', 'TRUE', '同意', '', '  '),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  );
  const junk: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 5, arbitrary: scalarJunk },
    { weight: 2, arbitrary: fc.array(fc.array(scalarJunk, { maxLength: 4 }), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(scalarJunk, { maxLength: 4 }) }, // a flat array
    { weight: 1, arbitrary: fc.array(fc.array(fc.array(scalarJunk, { maxLength: 2 }), { maxLength: 2 }), { maxLength: 2 }) }, // 3-D
    { weight: 1, arbitrary: fc.oneof(fc.object(), fc.constant(Symbol('x')), fc.bigInt(), fc.constant(() => 1)) },
  );
  const ids = [...CATALOG.map((f) => f.id), 'NOPE', '', 'policy.commission', '__proto__', 'constructor'];

  it.each(ids.map((id) => [id]))('%s', (id) => {
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 9 }), fc.constantFrom('zh-CN', 'en') as fc.Arbitrary<'zh-CN' | 'en'>, (args, lang) => {
        let r: CallResult | undefined;
        expect(() => {
          r = engine.call(id, args, { lang });
        }).not.toThrow();
        expectWellFormed(r!);
        const x = engine.explain(id, args, { lang });
        expectWellFormed(x.result);
        expect(x.result).toEqual(r);
      }),
      { numRuns: 150 },
    );
  });

  it('a non-array argument list and odd policy names are errors too', () => {
    for (const policy of ['nope', 'default@1999.01', '@', 'DEFAULT', 'default@', '../etc/passwd', 'x'.repeat(500)]) {
      const r = engine.call('COMMISSION', [52000], { policy });
      expect(r).toMatchObject({ error: { code: '#VALUE!' } });
    }
    expect(engine.call('COMMISSION', 'nope' as unknown as unknown[])).toMatchObject({ error: { code: '#VALUE!' } });
  });
});
