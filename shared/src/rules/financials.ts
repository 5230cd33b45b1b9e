import { defineFunction } from '../catalog/declare.js';
import type { Cells } from '../catalog/declare.js';
import { DIVISOR, NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import { sayBoundary } from '../explain/boundary.js';
import type { Trace } from '../explain/trace.js';
import { sayReading } from '../explain/reading.js';
import { tpl } from '../explain/trace.js';
import { ExcelError } from '../i18n/messages.js';
import type { PolicyDoc } from '../policy/schema.js';
import type { BandHit } from '../policy/thresholds.js';
import { band, boundText, reaches } from '../policy/thresholds.js';
import { addMonths, civilFromSerial, formatIsoDate, serialFromCivil } from '../values/dates.js';
import { Decimal, ZERO, dec, nthRoot, pdec } from '../values/money.js';
import type { Scalar, Text2 } from '../values/types.js';

// 第二篇 第五条 3–4 经营状况、财务状况调查评价: the figures a due-diligence analyst computes from the
// applicant's statements, so that CREDITSCORE's scorecard can start from the statement lines.

const STEPS = {
  ratio: tpl<{ name: Text2; formula: Text2; numerator: Decimal; denominator: Decimal; result: Decimal }>(
    (p, f) => `${p.name['zh-CN']} = ${p.formula['zh-CN']} = ${f.m(p.numerator)} ÷ ${f.m(p.denominator)} = ${f.n(p.result)}`,
    (p, f) => `${p.name.en} = ${p.formula.en} = ${f.m(p.numerator)} ÷ ${f.m(p.denominator)} = ${f.n(p.result)}`,
  ),
  quick: tpl<{ ca: Decimal; inventory: Decimal; other: Decimal; cl: Decimal; result: Decimal }>(
    (p, f) => `速动比率 = (流动资产 ${f.m(p.ca)} − 存货 ${f.m(p.inventory)} − 其他非速动资产 ${f.m(p.other)}) ÷ 流动负债 ${f.m(p.cl)} = ${f.n(p.result)}`,
    (p, f) => `quick ratio = (current assets ${f.m(p.ca)} − inventory ${f.m(p.inventory)} − other illiquid ${f.m(p.other)}) ÷ current liabilities ${f.m(p.cl)} = ${f.n(p.result)}`,
  ),
  interest: tpl<{ pbt: Decimal; interest: Decimal; result: Decimal }>(
    (p, f) => `利息保障倍数 = (利润总额 ${f.m(p.pbt)} + 利息费用 ${f.m(p.interest)}) ÷ 利息费用 ${f.m(p.interest)} = ${f.n(p.result)}`,
    (p, f) => `interest cover = (profit before tax ${f.m(p.pbt)} + interest ${f.m(p.interest)}) ÷ interest ${f.m(p.interest)} = ${f.n(p.result)}`,
  ),
  growth: tpl<{ now: Decimal; before: Decimal; result: Decimal }>(
    (p, f) => `营业收入增长率 = (本年 ${f.m(p.now)} − 上年 ${f.m(p.before)}) ÷ 上年 ${f.m(p.before)} = ${f.p(p.result)}`,
    (p, f) => `revenue growth = (this year ${f.m(p.now)} − last year ${f.m(p.before)}) ÷ last year ${f.m(p.before)} = ${f.p(p.result)}`,
  ),
  cagr: tpl<{ first: number; last: number; years: number; result: Decimal }>(
    (p, f) => `年均增长率 = (${f.m(p.last)} ÷ ${f.m(p.first)})^(1/${p.years}) − 1 = ${f.p(p.result)}（跨 ${p.years + 1} 年，${p.years} 个间隔）`,
    (p, f) => `compound annual growth = (${f.m(p.last)} ÷ ${f.m(p.first)})^(1/${p.years}) − 1 = ${f.p(p.result)} (${p.years + 1} years, ${f.c(p.years, 'interval', 'intervals')})`,
  ),
  ageItem: tpl<{ amount: number; date: number; years: Decimal; label: string; hit: BandHit<unknown> }>(
    (p, f) => `${f.m(p.amount)}，发生于 ${formatIsoDate(p.date)}，帐龄 ${f.n(p.years.toDecimalPlaces(4))} 年${boundText(p.hit)}：${p.label}`,
    (p, f) => `${f.m(p.amount)} from ${formatIsoDate(p.date)}, aged ${f.c(p.years.toDecimalPlaces(4), 'year', 'years')}${boundText(p.hit)}: ${f.g(p.label)}`,
  ),
  ageTotal: tpl<{ label: string; amount: Decimal; share: Decimal; rate?: number; provision?: Decimal }>(
    (p, f) => `${p.label}：${f.m(p.amount)}，占 ${f.p(p.share)}${p.provision ? `；计提 ${f.p(p.rate!)} = ${f.m(p.provision)}` : ''}`,
    (p, f) => `${f.g(p.label)}: ${f.m(p.amount)}, ${f.p(p.share)} of the total${p.provision ? `; provision ${f.p(p.rate!)} = ${f.m(p.provision)}` : ''}`,
  ),
  provision: tpl<{ result: Decimal }>(
    (p, f) => `坏帐准备合计 = ${f.m(p.result)}`,
    (p, f) => `bad-debt provision = ${f.m(p.result)}`,
  ),
  tangible: tpl<{ equity: Decimal; intangibles: Decimal; deferred: Decimal; result: Decimal }>(
    (p, f) => `有形净资产 = 净资产 ${f.m(p.equity)} − 无形资产 ${f.m(p.intangibles)} − 递延资产 ${f.m(p.deferred)} = ${f.m(p.result)}`,
    (p, f) => `tangible net assets = net assets ${f.m(p.equity)} − intangibles ${f.m(p.intangibles)} − deferred assets ${f.m(p.deferred)} = ${f.m(p.result)}`,
  ),
  capital: tpl<{ paid: Decimal; registered: Decimal; percent: Decimal; ok: boolean; short: Decimal }>(
    (p, f) => `实收资本 ${f.m(p.paid)} ÷ 注册资本 ${f.m(p.registered)} = ${f.n(p.percent)}%：资本金${p.ok ? '已到位' : `未全部到位，尚差 ${f.m(p.short)}`}`,
    (p, f) => `paid-in capital ${f.m(p.paid)} ÷ registered capital ${f.m(p.registered)} = ${f.n(p.percent)}%: ${p.ok ? 'fully paid in' : `not fully paid in, ${f.m(p.short)} short`}`,
  ),
  material: tpl<{ amount: Decimal; base: Decimal; share: Decimal; limit: number; inclusive: boolean; hit: boolean }>(
    (p, f) =>
      `|${f.m(p.amount)}| ÷ 基数 ${f.m(p.base)} = ${f.p(p.share)}，${p.inclusive ? '达到' : '超过'} ${f.p(p.limit)}${p.inclusive ? '以上' : ''}为金额过大：${p.hit ? '是，须查明原因、审核原始凭证' : '否'}`,
    (p, f) =>
      `|${f.m(p.amount)}| ÷ base ${f.m(p.base)} = ${f.p(p.share)}; ${p.inclusive ? 'at least' : 'more than'} ${f.p(p.limit)} is too large: ${p.hit ? 'yes, find the cause and check the vouchers' : 'no'}`,
  ),
};

/** The error of a part (inventory) larger than its whole (current assets); undefined when it is not. */
function partOf(fn: string, part: Decimal, whole: Decimal, names: { part: Text2; whole: Text2 }): ExcelError | undefined {
  if (part.greaterThan(whole)) {
    return new ExcelError('#NUM!', 'fin.partExceedsWhole', { fn, part: names.part, whole: names.whole, got: part.toString(), limit: whole.toString() });
  }
  return undefined;
}

const amountParam = (name: string, zh: string, en: string) => req('amount', name, zh, t(zh, en), { domain: NON_NEGATIVE });
const divisorParam = (name: string, zh: string, en: string) => req('amount', name, zh, t(`${zh}（大于 0）`, `${en} (above 0)`), { domain: DIVISOR });
const signedParam = (name: string, zh: string, en: string) => req('amount', name, zh, t(`${zh}（可为负）`, `${en} (may be negative)`));

/** A simple ratio of two statement lines: its names, the lines, the formula in words, the clause, and an example. */
function simpleRatio(spec: {
  id: string;
  name: Text2;
  description: Text2;
  formula: Text2;
  numerator: ReturnType<typeof amountParam> | ReturnType<typeof signedParam>;
  denominator: ReturnType<typeof divisorParam>;
  source?: string;
  example: { args: [number, number]; result: number };
}) {
  return defineFunction({
    id: spec.id,
    section: 'guarantee',
    name: spec.name,
    description: spec.description,
    source: spec.source ?? '第二篇 第五条 4（15）在确认数据真实的情况下，计算有关财务指标。',
    params: [spec.numerator, spec.denominator],
    result: 'ratio',
    rule: ([numerator, denominator], { trace }) => {
      const result = numerator.dividedBy(denominator);
      if (trace.on) trace.step(STEPS.ratio, { name: spec.name, formula: spec.formula, numerator, denominator, result });
      return result;
    },
    examples: [spec.example, { args: [spec.example.args[0], 0], result: { error: '#DIV/0!' } }],
  });
}

/** An age by calendar anniversaries: the whole years, and the days into the year begun out of its length. */
export interface Age {
  years: number;
  days: number;
  yearLength: number;
}

export function ageBetween(from: number, to: number): Age {
  const start = civilFromSerial(from);
  let years = civilFromSerial(to).y - start.y;
  const anniversary = (count: number) => serialFromCivil(addMonths(start, 12 * count));
  while (years > 0 && anniversary(years) > to) years--;
  while (anniversary(years + 1) <= to) years++;
  const yearBegun = anniversary(years);
  return { years, days: to - yearBegun, yearLength: anniversary(years + 1) - yearBegun };
}

/** Age in years by calendar anniversaries: whole years, plus the fraction of the year begun. */
function yearsBetween(from: number, to: number): Decimal {
  const age = ageBetween(from, to);
  return dec(age.years).plus(dec(age.days).dividedBy(age.yearLength));
}

/** Paid-in capital as a percentage of the registered: a share just short of the whole is rounded down, so that it never reads 100% beside 未全部到位. */
function paidPercent(paid: Decimal, registered: Decimal, ok: boolean): Decimal {
  return paid.dividedBy(registered).times(100).toDecimalPlaces(4, ok ? Decimal.ROUND_HALF_UP : Decimal.ROUND_DOWN);
}

interface Aged {
  label: string;
  amount: Decimal;
  rate: number;
}

/** Each receivable in its ageing bucket (the policy's bands of age in years), bucket totals in the bands' order. */
function ageingOf(fn: string, amounts: Cells<number>, dates: Cells<number>, asOf: number, policy: PolicyDoc, trace: Trace): { buckets: Aged[]; total: Decimal } | ExcelError {
  const names = { a: t('金额', 'amounts'), b: t('发生日期', 'dates') };
  if (amounts.rows !== dates.rows || amounts.cols !== dates.cols) {
    return new ExcelError('#VALUE!', 'range.sizeMismatch', { fn, a: names.a, b: names.b, sa: `${amounts.rows}×${amounts.cols}`, sb: `${dates.rows}×${dates.cols}` });
  }
  const bands = policy.guarantee.ageing;
  const buckets: Aged[] = [...bands.bands.map((entry) => entry.value), bands.otherwise].map((bucket) => ({ label: bucket.label, amount: ZERO, rate: bucket.provisionRate }));
  let total = ZERO;
  for (let i = 0; i < amounts.items.length; i++) {
    const amount = amounts.items[i]!;
    const date = dates.items[i]!;
    if (amount === null && date === null) continue;
    if (amount === null || date === null) return new ExcelError('#VALUE!', 'range.unpaired', { fn, index: i + 1, a: names.a, b: names.b });
    if (date > asOf) return new ExcelError('#NUM!', 'date.future', { fn, date: formatIsoDate(date), asOf: formatIsoDate(asOf) });
    const years = yearsBetween(date, asOf);
    const hit = band(years, bands);
    if (trace.on) trace.step(STEPS.ageItem, { amount, date, years, label: hit.value.label, hit });
    const bucket = buckets.find((candidate) => candidate.label === hit.value.label)!;
    bucket.amount = bucket.amount.plus(amount);
    total = total.plus(amount);
  }
  return { buckets, total };
}

/** A blank year between the first and last figures: the reading the policy takes (guarantee.cagrBlankYear). */
const CAGR_READINGS = {
  counts: t(
    '一年一格：首末两年之间的空白格是缺数的一年，仍计为一年，间隔按格数计',
    'one cell a year: a blank between the first and last figures is a year whose figure is missing, still a year, so intervals are counted by cells',
  ),
  skipped: t('空白格不算一年：只在给出的数值之间计间隔', 'a blank cell is no year: intervals are counted between the figures given'),
};

const AGEING_PARAMS = [
  req('numberCells', 'amounts', '金额', t('各笔应收帐款金额（区域）', 'each receivable’s amount (range)'), { domain: NON_NEGATIVE }),
  req('dateCells', 'dates', '发生日期', t('各笔应收帐款的发生日期（区域，与金额一一对应）', 'the date each receivable arose (range, one per amount)')),
  req('date', 'asOf', '观察日', t('计算帐龄的日期（如报表日）', 'the date ages are counted to (e.g. the balance-sheet date)')),
] as const;

const AGEING_SOURCE = '第二篇 第五条 4（1）同时，还要分析应收帐款的帐龄结构，了解计提坏帐准备的方法，评价应收帐款回收的可能性。';

const RECEIVABLES: [number[], string[]] = [
  [120000, 80000, 50000, 30000],
  ['2019-03-31', '2018-03-31', '2016-12-31', '2013-01-01'],
];
const column = <T>(values: T[]) => values.map((value) => [value]);

export const FINANCIALS = [
  simpleRatio({
    id: 'DEBTRATIO',
    name: t('资产负债率', 'debt ratio'),
    description: t('负债总额 ÷ 资产总额', 'total liabilities ÷ total assets'),
    formula: t('负债总额 ÷ 资产总额', 'total liabilities ÷ total assets'),
    numerator: amountParam('totalLiabilities', '负债总额', 'total liabilities (yuan)'),
    denominator: divisorParam('totalAssets', '资产总额', 'total assets'),
    example: { args: [5500000, 10000000], result: 0.55 },
  }),
  simpleRatio({
    id: 'CURRENTRATIO',
    name: t('流动比率', 'current ratio'),
    description: t('流动资产 ÷ 流动负债', 'current assets ÷ current liabilities'),
    formula: t('流动资产 ÷ 流动负债', 'current assets ÷ current liabilities'),
    numerator: amountParam('currentAssets', '流动资产', 'current assets (yuan)'),
    denominator: divisorParam('currentLiabilities', '流动负债', 'current liabilities'),
    example: { args: [3600000, 2000000], result: 1.8 },
  }),
  defineFunction({
    id: 'QUICKRATIO',
    section: 'guarantee',
    name: t('速动比率', 'quick ratio'),
    description: t('(流动资产 − 存货 − 其他非速动资产) ÷ 流动负债', '(current assets − inventory − other illiquid current assets) ÷ current liabilities'),
    source: '第二篇 第五条 4（15）在确认数据真实的情况下，计算有关财务指标；（2）审核存货。',
    params: [
      amountParam('currentAssets', '流动资产', 'current assets (yuan)'),
      amountParam('inventory', '存货', 'inventory (yuan)'),
      divisorParam('currentLiabilities', '流动负债', 'current liabilities'),
      opt('amount', 'otherIlliquid', '其他非速动资产', t('预付帐款等其他非速动资产（元，默认 0）', 'prepayments and other illiquid current assets (yuan, default 0)'), 0, { domain: NON_NEGATIVE }),
    ],
    result: 'ratio',
    rule: ([ca, inventory, cl, other], { trace }) => {
      const tooMuch = partOf('QUICKRATIO', inventory.plus(other), ca, { part: t('存货 + 其他非速动资产', 'inventory + other illiquid'), whole: t('流动资产', 'currentAssets') });
      if (tooMuch) return tooMuch;
      const result = ca.minus(inventory).minus(other).dividedBy(cl);
      if (trace.on) trace.step(STEPS.quick, { ca, inventory, other, cl, result });
      return result;
    },
    examples: [
      { args: [3600000, 1800000, 2000000], result: 0.9 },
      { args: [3600000, 1500000, 2000000, 300000], result: 0.9 },
      { args: [1000, 2000, 500], result: { error: '#NUM!' } },
    ],
  }),
  defineFunction({
    id: 'INTERESTCOVER',
    section: 'guarantee',
    name: t('利息保障倍数', 'interest cover'),
    description: t('(利润总额 + 利息费用) ÷ 利息费用', '(profit before tax + interest expense) ÷ interest expense'),
    source: '第二篇 第五条 4（15）在确认数据真实的情况下，计算有关财务指标；（12）审核费用：……财务费用。',
    params: [signedParam('profitBeforeTax', '利润总额', 'profit before tax (yuan)'), divisorParam('interestExpense', '利息费用', 'interest expense')],
    result: 'ratio',
    rule: ([pbt, interest], { trace }) => {
      const result = pbt.plus(interest).dividedBy(interest);
      if (trace.on) trace.step(STEPS.interest, { pbt, interest, result });
      return result;
    },
    examples: [
      { args: [600000, 200000], result: 4 },
      { args: [-300000, 200000], result: -0.5 },
    ],
  }),
  simpleRatio({
    id: 'NETMARGIN',
    name: t('销售净利率', 'net margin'),
    description: t('净利润 ÷ 营业收入（净利润可为负）', 'net profit ÷ revenue (net profit may be negative)'),
    formula: t('净利润 ÷ 营业收入', 'net profit ÷ revenue'),
    numerator: signedParam('netProfit', '净利润', 'net profit (yuan)'),
    denominator: divisorParam('revenue', '营业收入', 'revenue'),
    example: { args: [800000, 10000000], result: 0.08 },
  }),
  defineFunction({
    id: 'REVENUEGROWTH',
    section: 'guarantee',
    name: t('营业收入增长率', 'revenue growth'),
    description: t('(本年营业收入 − 上年营业收入) ÷ 上年营业收入', '(this year’s revenue − last year’s) ÷ last year’s'),
    source: '第二篇 第五条 3（4）经营业绩调查：主要了解近3年经营收入、利润总额、净利润情况，观察发展变化趋势。',
    params: [amountParam('thisYear', '本年收入', 'this year’s revenue (yuan)'), divisorParam('lastYear', '上年收入', 'last year’s revenue')],
    result: 'ratio',
    rule: ([now, before], { trace }) => {
      const result = now.minus(before).dividedBy(before);
      if (trace.on) trace.step(STEPS.growth, { now, before, result });
      return result;
    },
    examples: [
      { args: [11200000, 10000000], result: 0.12 },
      { args: [9500000, 10000000], result: -0.05 },
    ],
  }),
  defineFunction({
    id: 'CAGR',
    section: 'guarantee',
    name: t('年均增长率', 'compound annual growth'),
    description: t(
      '按年排列（从早到晚）的经营收入、利润总额或净利润的年均复合增长率：(末年 ÷ 首年)^(1/间隔年数) − 1；中间的空白年默认仍计为一年（制度参数 guarantee.cagrBlankYear）',
      'compound annual growth of yearly revenue, profit before tax or net profit (oldest first): (last ÷ first)^(1/intervals) − 1; a blank year between counts as a year by default (the policy parameter guarantee.cagrBlankYear)',
    ),
    source: '第二篇 第五条 3（4）经营业绩调查：主要了解近3年经营收入、利润总额、净利润情况，观察发展变化趋势。',
    params: [req('numberCells', 'values', '各年数值', t('各年数值（区域，从早到晚，一年一格，至少两年）', 'one figure a year (range, oldest first, one cell a year, two years or more)'))],
    result: 'ratio',
    rule: ([cells], { policy, trace }) => {
      // The first and the last figure given decide; blanks before the first and after the last are no years.
      const given = cells.items.flatMap((figure, i) => (figure === null ? [] : [i]));
      if (given.length < 2) return new ExcelError('#VALUE!', 'range.count', { fn: 'CAGR', param: t('各年数值', 'values'), want: '≥ 2', got: given.length });
      const first = cells.items[given[0]!]!;
      const last = cells.items[given.at(-1)!]!;
      if (!(first > 0) || last < 0) return new ExcelError('#NUM!', 'fin.growthUndefined', { fn: 'CAGR', first, last });
      const blankYearsCount = policy.guarantee.cagrBlankYear === 'counts';
      const span = given.at(-1)! - given[0]!;
      if (span > given.length - 1) {
        sayReading(trace, 'guarantee.cagrBlankYear', policy.guarantee.cagrBlankYear, blankYearsCount ? CAGR_READINGS.counts : CAGR_READINGS.skipped);
      }
      const years = blankYearsCount ? span : given.length - 1;
      const result = nthRoot(dec(last).dividedBy(first), years).minus(1);
      if (trace.on) trace.step(STEPS.cagr, { first, last, years, result });
      return result;
    },
    examples: [
      { args: [[[10000000, 11000000, 12100000]]], result: 0.1 },
      { args: [[[800000], [600000], [1250000]]], result: 0.25 },
      { args: [[[-100, 50, 80]]], result: { error: '#NUM!' } },
    ],
  }),
  defineFunction({
    id: 'AGEING',
    section: 'guarantee',
    name: t('帐龄结构', 'receivables ageing'),
    description: t(
      '应收帐款按帐龄分档（制度的帐龄分档表）的金额与占比，每行 [帐龄, 金额, 占比]；溢出',
      'receivables by age bucket (the policy’s ageing bands): rows of [bucket, amount, share of the total]; spills',
    ),
    source: AGEING_SOURCE,
    params: AGEING_PARAMS,
    result: 'matrix',
    rule: ([amounts, dates, asOf], { policy, trace }): Scalar[][] | ExcelError => {
      const aged = ageingOf('AGEING', amounts, dates, asOf, policy, trace);
      if (aged instanceof ExcelError) return aged;
      const { buckets, total } = aged;
      return buckets.map((bucket) => {
        const share = total.isZero() ? ZERO : bucket.amount.dividedBy(total);
        if (trace.on) trace.step(STEPS.ageTotal, { label: bucket.label, amount: bucket.amount, share });
        return [bucket.label, bucket.amount.toDecimalPlaces(2).toNumber(), share.toNumber()];
      });
    },
    examples: [
      {
        args: [column(RECEIVABLES[0]), column(RECEIVABLES[1]), '2019-06-30'],
        result: [
          ['1年以内', 120000, 0.42857142857142855],
          ['1至2年', 80000, 0.2857142857142857],
          ['2至3年', 50000, 0.17857142857142858],
          ['3至4年', 0, 0],
          ['4至5年', 0, 0],
          ['5年以上', 30000, 0.10714285714285714],
        ],
      },
    ],
  }),
  defineFunction({
    id: 'BADDEBT',
    section: 'guarantee',
    name: t('坏帐准备', 'bad-debt provision'),
    description: t('按帐龄分析法计提的坏帐准备：各档金额 × 该档计提比例之和', 'the bad-debt provision by ageing: each bucket’s amount × its provision rate, summed'),
    source: AGEING_SOURCE,
    params: AGEING_PARAMS,
    result: 'money',
    rule: ([amounts, dates, asOf], { policy, trace }) => {
      const aged = ageingOf('BADDEBT', amounts, dates, asOf, policy, trace);
      if (aged instanceof ExcelError) return aged;
      const { buckets, total } = aged;
      let result = ZERO;
      for (const bucket of buckets) {
        if (bucket.amount.isZero()) continue;
        const provision = bucket.amount.times(pdec(bucket.rate));
        if (trace.on) trace.step(STEPS.ageTotal, { label: bucket.label, amount: bucket.amount, share: bucket.amount.dividedBy(total), rate: bucket.rate, provision });
        result = result.plus(provision);
      }
      if (trace.on) trace.step(STEPS.provision, { result });
      return result;
    },
    examples: [
      { args: [column(RECEIVABLES[0]), column(RECEIVABLES[1]), '2019-06-30'], result: 59000 },
      // Exactly one year old on the as-of date: 1年以内 includes the year (以内, Civil Code art. 1259).
      { args: [[[1000]], [['2018-06-30']], '2019-06-30'], result: 50 },
    ],
  }),
  defineFunction({
    id: 'TANGIBLENETASSETS',
    section: 'guarantee',
    name: t('有形净资产', 'tangible net assets'),
    description: t('净资产（所有者权益）− 无形资产 − 递延资产', 'net assets (owners’ equity) − intangible assets − deferred assets'),
    source: '第二篇 第五条 3（3）经济实力调查：主要调查企业的有形净资产和长期资产；4（6）审核无形资产、递延资产。',
    params: [
      signedParam('netAssets', '净资产', 'net assets, owners’ equity (yuan)'),
      amountParam('intangibleAssets', '无形资产', 'intangible assets (yuan)'),
      opt('amount', 'deferredAssets', '递延资产', t('递延资产（元，默认 0）', 'deferred assets (yuan, default 0)'), 0, { domain: NON_NEGATIVE }),
    ],
    result: 'money',
    rule: ([equity, intangibles, deferred], { trace }) => {
      const result = equity.minus(intangibles).minus(deferred);
      if (trace.on) trace.step(STEPS.tangible, { equity, intangibles, deferred, result });
      return result;
    },
    examples: [
      { args: [4500000, 600000, 100000], result: 3800000 },
      { args: [4500000, 600000], result: 3900000 },
    ],
  }),
  simpleRatio({
    id: 'IMMOVABLERATIO',
    name: t('不动产动产比', 'immovable to movable assets'),
    description: t('房屋等不动产 ÷ 机器设备、车辆等动产（固定资产构成）', 'buildings and other immovables ÷ machinery, vehicles and other movables (the make-up of fixed assets)'),
    formula: t('不动产 ÷ 动产', 'immovables ÷ movables'),
    numerator: amountParam('immovables', '不动产', 'buildings and other immovables (yuan)'),
    denominator: divisorParam('movables', '动产', 'machinery, vehicles and other movables'),
    source: '第二篇 第五条 4（5）审核固定资产：……并分析固定财产的构成，看房屋等不动产有与机器设备、车辆等动产的比例，评价哪些还要吧作为抵押，抵押值多少。',
    example: { args: [3000000, 1200000], result: 2.5 },
  }),
  defineFunction({
    id: 'CAPITALPAID',
    section: 'guarantee',
    name: t('资本金到位', 'capital paid in'),
    description: t('实收资本是否达到注册资本（资本金是否到位）', 'whether paid-in capital reaches the registered capital'),
    source: '第二篇 第五条 4（9）审核实收资本：重点看其资本金是否到位，有无抽走、转移和虚假增资等行为。',
    params: [amountParam('paidInCapital', '实收资本', 'paid-in capital (yuan)'), divisorParam('registeredCapital', '注册资本', 'registered capital')],
    result: 'boolean',
    rule: ([paid, registered], { trace }) => {
      const ok = paid.greaterThanOrEqualTo(registered);
      if (trace.on) trace.step(STEPS.capital, { paid, registered, percent: paidPercent(paid, registered, ok), ok, short: registered.minus(paid) });
      return ok;
    },
    examples: [
      { args: [5000000, 5000000], result: true },
      { args: [3000000, 5000000], result: false },
      { args: [4999999.99, 5000000], result: false },
    ],
  }),
  defineFunction({
    id: 'MATERIAL',
    section: 'guarantee',
    name: t('金额过大', 'material amount'),
    description: t(
      '一项金额（股东往来、存货、应收票据、投资收益、营业外收支等）占基数（如资产总额）的比例达到制度的重要性标准时为 TRUE：须查明原因、核对原始凭证',
      'TRUE when an amount (shareholder balances, inventory, notes, investment income, non-operating items…) is at least the policy’s materiality share of a base (e.g. total assets): find the cause and check the vouchers',
    ),
    source: '第二篇 第五条 4（1）对与股东往来且往来金额过大的，要查明形成往来的原因；（2）对金额过大的，还需到仓库核实；（3）对应收票据金额过大的，要审核其原始票据；（13）对金额过大的投资损失或溢余……要查明形成原因。',
    params: [signedParam('amount', '金额', 'the amount (yuan)'), divisorParam('base', '基数', 'the base, e.g. total assets')],
    result: 'boolean',
    rule: ([amount, base], { policy, trace }) => {
      const materiality = policy.guarantee.materiality;
      const share = amount.abs().dividedBy(base);
      const hit = reaches(share, materiality);
      sayBoundary(trace, share, materiality);
      if (trace.on) trace.step(STEPS.material, { amount, base, share, limit: materiality.value, inclusive: materiality.inclusive, hit });
      return hit;
    },
    examples: [
      { args: [600000, 10000000], result: true },
      { args: [-500000, 10000000], result: true },
      { args: [400000, 10000000], result: false },
    ],
  }),
];
