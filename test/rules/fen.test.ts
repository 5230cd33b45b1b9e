import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceArgs } from '../../shared/src/catalog/coerce.js';
import type { FunctionDecl, ParamDecl } from '../../shared/src/catalog/declare.js';
import { DECLINE, FEN_SLOTS } from '../../shared/src/fen/index.js';
import { fenHalfUp, fenOfQuotient, ratioOf, scaleOf } from '../../shared/src/fen/exact.js';
import type { PolicyDoc } from '../../shared/src/index.js';
import { CATALOG, Engine, PolicyRegistry } from '../../shared/src/index.js';
import { SHIPPED_POLICIES } from '../../shared/src/policy/builtin.js';
import { Decimal } from '../../shared/src/values/money.js';

// The integer-fen path against the decimal rules it shortcuts: for every catalog function, random
// argument lists (money with float traps, half fen, huge and tiny values, text, blanks, ranges,
// junk) get the same answer, errors and their messages included, from an engine with the fen path
// and one without it, under the shipped policies and one with awkward numbers.

/** A policy whose numbers have more decimals, a prorated base and inclusive thresholds: the fen path's harder cases. */
function awkwardPolicy(): unknown {
  const doc = JSON.parse(readFileSync(new URL('../../shared/policies/default-2025.09.json', import.meta.url), 'utf8'));
  doc.id = 'awkward';
  const m = doc.marketing;
  Object.assign(m, {
    commissionRate: 0.0375,
    baseShortfallRule: 'prorate',
    compRate: 0.0333,
    lateFine: 50.5,
    absenceFinePerDay: 199.99,
    personalLeavePerDay: 137.125,
    minimumWage: 2510.5,
    paidDaysPerMonth: 21.75,
    poachMultiplier: 1.5,
    monthlyTarget: 40000.01,
  });
  m.deductionCapRatio = { value: 0.2, inclusive: true };
  m.absenceForfeitDays = { value: 2.5, inclusive: false };
  doc.tobacco.managerReserveShare = 0.15;
  return doc;
}

function registry(): PolicyRegistry {
  const r = new PolicyRegistry();
  for (const s of SHIPPED_POLICIES) r.add(s.doc, s.file);
  r.add(awkwardPolicy(), 'awkward.json');
  return r;
}

const fast = new Engine(registry());
const reference = new Engine(registry(), { fenPath: false });
const POLICIES = ['default@2019.05', 'default@2025.09', 'awkward'];

/** Money as people type it and as binary floats mangle it. */
const money = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20_000_000 }).map((fen) => fen / 100) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 20_000_000 }).map((n) => n / 1000) }, // tenths of a fen: half fen on the 5s
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2_000_000 }).map((fen) => fen / 100 + 0.005) }, // a half fen as a double
  { weight: 1, arbitrary: fc.integer({ min: -200_000, max: -1 }).map((fen) => fen / 100) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((n) => 40_000 + n / 2) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0, 0.1, 0.2, 0.1 + 0.2, 0.3, 0.7, 42.3, 40000.5, 40005.5, 40018.5, 40016.5, 0.005, 0.015, 0.045, 1.005, 2.675, 1e15 + 0.25, 2 ** 50, 2 ** 53, 1e16, 1e21, 123.456789, 1 / 3, 2 / 3, 1e-7, 5e-324),
  },
  { weight: 1, arbitrary: fc.double({ min: -1e17, max: 1e17, noNaN: true, noDefaultInfinity: true }) },
);

/** Counts, days, minutes and ratios: small numbers with decimals. */
const small = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 4000 }).map((n) => n / 100) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000) },
  { weight: 2, arbitrary: fc.constantFrom(0, 0.5, 0.1 + 0.2, 0.028725, 1.9999999999999998, 2.9, 3.005, 30, 31, 29.999, 20, 19.99, 1 / 3, -1, 1e-9) },
  { weight: 1, arbitrary: fc.double({ min: -100, max: 1000, noNaN: true, noDefaultInfinity: true }) },
);

/** A share between 0 and 1 (PD, LGD, a probability), as typed and as floats make it. */
const share = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 0.1 + 0.2, 0.45, 0.02, 1 / 3, 0.005) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);

const numberText = fc.oneof(money.map(String), fc.constantFrom('52,000', ' 52,000.50 ', '3%', '(1,000)', '¥1,000', '１２，０００', '1.5E3', '.5', 'abc', '5.2万', ''));

const junk = fc.oneof(fc.constant(null), fc.constant(''), fc.constant('  '), fc.boolean(), fc.constantFrom('TRUE', '是', 'x', '城A', '住宅', '2019-05-20'), fc.double());

function labelsOf(p: ParamDecl, policy: PolicyDoc): string[] {
  return p.labels ? p.labels(policy).shown.flatMap((s) => s.split('/')) : [];
}

/**
 * Wild arguments: anything a sheet or a request may send, junk included. Common arguments: what a
 * clerk types, every value of its declared kind and inside its domain, paired ranges of one size.
 */
type Shape = 'wild' | 'common';

/** Money as a clerk types it: whole yuan or yuan and fen, up to a million. */
const typedMoney = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000_000 }).map((fen) => fen / 100));

function commonNumber(p: ParamDecl): fc.Arbitrary<number> {
  const d = p.domain;
  if (d?.max !== undefined && d.max <= 1) return fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000);
  if (d?.max !== undefined) return fc.integer({ min: 0, max: d.max * 100 }).map((n) => n / 100);
  const positive = d?.divisor === true || d?.minExclusive === true;
  if (p.type === 'amount') return positive ? typedMoney.filter((x) => x > 0) : typedMoney;
  const n = fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 40_000 }).map((x) => x / 100), fc.integer({ min: 0, max: 100_000 }).map((x) => x / 1000));
  return positive ? n.filter((x) => x > 0) : n;
}

function scalarFor(p: ParamDecl, policy: PolicyDoc, shape: Shape): fc.Arbitrary<unknown> {
  const choose = (main: fc.Arbitrary<unknown>, common: fc.Arbitrary<unknown>) =>
    shape === 'common' ? common : fc.oneof({ weight: 12, arbitrary: main }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: numberText });
  switch (p.type) {
    case 'amount':
      return choose(money, commonNumber(p));
    case 'number':
      return choose(p.domain?.max !== undefined && p.domain.max <= 1 ? share : fc.oneof(small, money), commonNumber(p));
    case 'integer':
      return choose(fc.integer({ min: -5, max: 200 }), fc.integer({ min: 0, max: 200 }));
    case 'boolean':
      return choose(fc.boolean(), fc.boolean());
    case 'label':
      return choose(fc.constantFrom(...labelsOf(p, policy), 'nope'), fc.constantFrom(...labelsOf(p, policy)));
    case 'date':
    case 'expiry':
      return choose(fc.oneof(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom('2019-05-20', '2019-06-30', '2018-06-30', '长期', '2029-12-31')), fc.integer({ min: 43_000, max: 46_000 }));
    case 'datetime':
    case 'time': {
      const times = fc.oneof(fc.double({ min: 43_000, max: 44_000, noNaN: true }), fc.constantFrom('2019-05-20 19:50', '2019-05-20T20:00', '20:30', '00:15', '02:00', '19:59'));
      return choose(times, times);
    }
    case 'text':
    case 'entry':
    case 'digits': {
      const texts = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('COMMISSION', '四哥', '王经理', '13812345678', 'marketing.commissionRate'));
      return choose(texts, texts);
    }
    default:
      return junk;
  }
}

function cellFor(p: ParamDecl, policy: PolicyDoc, shape: Shape): fc.Arbitrary<unknown> {
  const wild = shape === 'wild';
  switch (p.type) {
    case 'labelCells':
      return fc.constantFrom(...labelsOf(p, policy), ...(wild ? ['nope', null] : []));
    case 'booleanCells':
      return wild ? fc.oneof(fc.boolean(), fc.constant(null)) : fc.boolean();
    case 'dateCells':
      return wild ? fc.oneof(fc.integer({ min: 30_000, max: 45_000 }), fc.constantFrom('2019-03-31', '2018-06-30', '2013-01-01', null)) : fc.integer({ min: 38_000, max: 43_000 });
    case 'texts':
      return fc.oneof(fc.constantFrom('花生米', '果盘', '啤酒', '小吃果盘'), fc.string({ maxLength: 3 }));
    default:
      return wild ? fc.oneof({ weight: 8, arbitrary: p.type === 'numbers' ? small : money }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: junk }) : commonNumber(p);
  }
}

/** A wild range: mostly a column, sometimes a row of ten (MANAGERSCORE's indicators) or a ragged range. */
function wildRange(cell: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.array(cell, { minLength: 10, maxLength: 10 }).map((row) => [row]) },
    { weight: 6, arbitrary: fc.array(cell.map((x) => [x]), { maxLength: 10 }) },
    { weight: 2, arbitrary: fc.array(cell, { minLength: 1, maxLength: 10 }).map((row) => [row]) },
    { weight: 1, arbitrary: fc.array(fc.array(cell, { maxLength: 3 }), { maxLength: 3 }) },
  );
}

/**
 * The share of common calls the fen path must answer, where it is less than 0.9: CUSTOMERVALUE and
 * RAROC move revenue, cost and capital to the decimals of PD × LGD × EAD (ten, with four-decimal
 * shares and fen), which passes 2^53 for the larger amounts.
 */
const COMMON_ANSWERED: Readonly<Record<string, number>> = { CUSTOMERVALUE: 0.75, RAROC: 0.6 };

const RANGE_TYPES = new Set(['numbers', 'numberCells', 'labelCells', 'booleanCells', 'dateCells', 'texts']);

function argsFor(fn: FunctionDecl, policy: PolicyDoc, shape: Shape): fc.Arbitrary<unknown[]> {
  if (shape === 'common') {
    // Every argument given; the ranges one column of one size (a list of numbers, ten: MANAGERSCORE's indicators).
    return fc.integer({ min: 1, max: 8 }).chain((rows) =>
      fc.tuple(
        ...fn.params.map((p) =>
          !RANGE_TYPES.has(p.type)
            ? scalarFor(p, policy, shape)
            : p.type === 'numbers'
              ? fc.array(cellFor(p, policy, shape), { minLength: 10, maxLength: 10 }).map((row) => [row])
              : fc.array(cellFor(p, policy, shape).map((x) => [x]), { minLength: rows, maxLength: rows }),
        ),
      ),
    );
  }
  const each = fn.params.map((p) => (RANGE_TYPES.has(p.type) ? wildRange(cellFor(p, policy, shape)) : scalarFor(p, policy, shape)));
  // All of them, or fewer (optional ones left out), now and then one too many.
  return fc.tuple(fc.tuple(...each), fc.nat({ max: fn.params.length + 1 })).map(([all, n]) => (n > fn.params.length ? [...all, 1] : all.slice(0, Math.max(n, 1))));
}

describe('the fen path answers exactly as the decimal rules do', () => {
  it.each(CATALOG.map((fn) => [fn.id, fn] as const))('%s', (_id, fn) => {
    const fen = FEN_SLOTS.get(fn.id)?.rule;
    for (const shape of ['wild', 'common'] as const) {
      let valued = 0;
      let answered = 0;
      for (const policy of POLICIES) {
        const doc = reference.policy(policy);
        const terms = fen?.compile(doc);
        fc.assert(
          fc.property(argsFor(fn, doc, shape), fc.constantFrom('zh-CN', 'en') as fc.Arbitrary<'zh-CN' | 'en'>, (args, lang) => {
            const want = reference.call(fn.id, args, { policy, lang });
            expect(fast.call(fn.id, args, { policy, lang })).toEqual(want);
            if (fen && terms !== undefined && 'value' in want && policy !== 'awkward') {
              valued++;
              if (fen.run(coerceArgs(fn, args, doc) as unknown[], terms, doc, lang) !== DECLINE) answered++;
            }
          }),
          { numRuns: fen ? 1000 : 200 },
        );
      }
      // The fen path is no decoration: under the shipped policies it answers the common calls that have a
      // value, all but those whose products leave 2^53 or that land exactly on half a fen after a division.
      if (fen && shape === 'common') expect(answered / valued, `${fn.id}: ${answered} of ${valued}`).toBeGreaterThan(COMMON_ANSWERED[fn.id] ?? 0.9);
    }
  });

  it('answers the catalog’s worked examples itself, without the decimal rule', () => {
    for (const fn of CATALOG) {
      const fen = FEN_SLOTS.get(fn.id);
      if (!fen) continue;
      for (const example of fn.examples) {
        if (typeof example.result === 'object' && example.result !== null && !Array.isArray(example.result)) continue; // errors and text
        const doc = reference.policy(example.policy);
        const typed = coerceArgs(fn, [...example.args], doc) as unknown[];
        expect(fen.rule.run(typed, fen.rule.compile(doc), doc, 'zh-CN'), `${fn.id} ${JSON.stringify(example.args)}`).not.toBe(DECLINE);
      }
    }
  });

  it.each([
    ['COMMISSION', [40000.5], 0.02],
    ['COMMISSION', [40005.5], 0.17],
    ['COMMISSION', [40016.5], 0.5],
    ['COMPALLOWANCE', [0.7], 0.04],
    ['COMPALLOWANCE', [42.3], 2.12],
    ['GUARANTEEFEE', [4, 7, 0.3], 0.04],
    ['NETCASH', [0.3, 0.1], 0.2],
    ['NETCASH', [0.1 + 0.2, 0], 0.3],
    ['NETCASH', [0, 0.005], -0.01],
    ['NETCASH', [1e15 + 0.25, 0.5], 999999999999999.8],
    ['PAYROLL', [0, 0.028725, 0, [[45]]], 2794.26],
    ['PAYROLL', [40000.5, 0, 0], 3000.02],
  ] as const)('%s(%j) = %s where binary floats go wrong', (fn, args, want) => {
    expect(fast.call(fn, [...args])).toEqual({ value: want });
    expect(reference.call(fn, [...args])).toEqual({ value: want });
  });
});

describe('the integer arithmetic', () => {
  it('reads a number as decimal.js does, or not at all', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((n) => n / 1000), fc.integer().map((n) => n / 100 + 0.005)), (x) => {
        const k = scaleOf(x);
        if (k < 0) return;
        const n = Math.round(x * 10 ** k);
        expect(new Decimal(x).equals(new Decimal(n).dividedBy(new Decimal(10).pow(k)))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds to the fen half away from zero, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), fc.integer({ min: 0, max: 12 }), (n, k) => {
        const want = new Decimal(n).dividedBy(new Decimal(10).pow(k)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(100).toNumber();
        const fen = fenHalfUp(n, k);
        if (!Number.isNaN(fen)) expect(fen).toBe(want === 0 ? 0 : want);
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds a quotient as decimal.js rounds it, and reads a ratio as the same double', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 6 }), (n, d, k) => {
        const q = new Decimal(n).dividedBy(d).dividedBy(new Decimal(10).pow(k));
        const fen = fenOfQuotient(n, d, k, true);
        if (!Number.isNaN(fen)) expect(fen).toBe(q.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(100).toNumber() || 0);
        expect(ratioOf(n, d)).toBe(new Decimal(n).dividedBy(d).toNumber() || 0);
      }),
      { numRuns: 5000 },
    );
  });
});
