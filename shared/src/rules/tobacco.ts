import { defineFunction } from '../catalog/declare.js';
import { DIVISOR, NON_NEGATIVE, SCORE, opt, req, t } from '../catalog/params.js';
import { sayReading } from '../explain/reading.js';
import { tpl } from '../explain/trace.js';
import { workingDayNote } from '../explain/working-days.js';
import { ExcelError } from '../i18n/messages.js';
import type { LabelSet } from '../policy/labels.js';
import { cachedPerPolicy, labelSet, normalizeLabel } from '../policy/labels.js';
import type { BandHit } from '../policy/thresholds.js';
import { band, boundText } from '../policy/thresholds.js';
import type { Decimal } from '../values/money.js';
import { backToWorkingDay } from '../values/calendar.js';
import { addMonths, civilFromSerial, serialFromCivil } from '../values/dates.js';
import { ZERO, dec, pdec } from '../values/money.js';
import type { Scalar, Text2 } from '../values/types.js';

// 第五篇 客户经理心得体会: tobacco retail customer tiering (一 客户细分), supply and visits (五 权限), manager KPIs (三).

const STEPS = {
  perCarton: tpl<{ sales: Decimal; cartons: number; result: Decimal }>(
    (p, f) => `单条值 = 销售金额 ${f.m(p.sales)} ÷ ${f.n(p.cartons)} 条 = ${f.m(p.result)}`,
    (p, f) => `value per carton = sales ${f.m(p.sales)} ÷ ${f.c(p.cartons, 'carton', 'cartons')} = ${f.m(p.result)}`,
  ),
  indicator: tpl<{ name: Text2; value: number; floor: number; cap: number; weight: number; points: Decimal }>(
    (p, f) => `${p.name['zh-CN']} ${f.n(p.value)}（${f.n(p.floor)}–${f.n(p.cap)}，权重 ${f.n(p.weight)}）：${f.n(p.points)} 分`,
    (p, f) => `${p.name.en} ${f.n(p.value)} (${f.n(p.floor)}–${f.n(p.cap)}, weight ${f.n(p.weight)}): ${f.c(p.points, 'point', 'points')}`,
  ),
  total: tpl<{ result: Decimal }>(
    (p, f) => `合计 = ${f.n(p.result)}`,
    (p, f) => `total = ${f.n(p.result)}`,
  ),
  tier: tpl<{ score: number; hit: BandHit<string>; area: string; grade: string }>(
    (p, f) => `评分 ${f.n(p.score)}${boundText(p.hit)}：${p.grade} 档；${p.area} → ${p.area}${p.grade}`,
    (p, f) => `score ${f.n(p.score)}${boundText(p.hit)}: grade ${p.grade}; ${f.g(p.area)} → ${f.g(p.area + p.grade)}`,
  ),
  reserve: tpl<{ supply: number; reserve: number; left: number }>(
    (p) => `货源 ${p.supply} 条，客户经理支配 ${p.reserve} 条，其余 ${p.left} 条按档位分配`,
    (p, f) => `supply ${f.c(p.supply, 'carton', 'cartons')}, the manager keeps ${p.reserve}, the other ${p.left} go by tier`,
  ),
  allocateFits: tpl<{ supply: number; total: number }>(
    (p) => `需求合计 ${p.total} 条，不超过货源 ${p.supply} 条：按档位定量全额分配`,
    (p, f) => `the quotas total ${f.c(p.total, 'carton', 'cartons')}, within the supply of ${p.supply}: everyone gets the full quota`,
  ),
  allocateScaled: tpl<{ supply: number; total: number; floors: number; left: number }>(
    (p) =>
      `需求合计 ${p.total} 条，超过货源 ${p.supply} 条：按 ${p.supply}/${p.total} 比例折算取整共 ${p.floors} 条，余下 ${p.left} 条按余数从大到小各补 1 条（余数相同先到先得）`,
    (p, f) =>
      `the quotas total ${f.c(p.total, 'carton', 'cartons')}, more than the supply of ${p.supply}: scaled by ${p.supply}/${p.total} and floored to ${p.floors}; the ${p.left} left go one each to the largest remainders (ties: earlier row first)`,
  ),
  visits: tpl<{ grade: string; visits: number }>(
    (p) => `${p.grade} 档客户每月走访 ${p.visits} 次`,
    (p, f) => `grade ${p.grade} customers are visited ${f.c(p.visits, 'time', 'times')} a month`,
  ),
  managerReserve: tpl<{ supply: number; share: number; result: number }>(
    (p, f) => `客户经理支配 = ⌊货源 ${p.supply} 条 × ${f.p(p.share)}⌋ = ${p.result} 条`,
    (p, f) => `the manager's part = ⌊supply ${p.supply} × ${f.p(p.share)}⌋ = ${f.c(p.result, 'carton', 'cartons')}`,
  ),
  review: tpl<{ last: number; months: number; calendar: boolean; result: number }>(
    (p, f) =>
      p.calendar
        ? `每 ${p.months} 个月评定一次（从1月起分期）：${f.d(p.last)} 评定后，下次评定从下一期首日 ${f.d(p.result)} 起`
        : `每 ${p.months} 个月评定一次（自上次评定起算）：${f.d(p.last)} 评定后，下次评定在 ${f.d(p.result)}`,
    (p, f) =>
      p.calendar
        ? `tiers are reviewed every ${f.c(p.months, 'month', 'months')} (periods from January): after ${f.d(p.last)}, the next review is from the first day of the next period, ${f.d(p.result)}`
        : `tiers are reviewed every ${f.c(p.months, 'month', 'months')} from the last review: after ${f.d(p.last)}, the next is on ${f.d(p.result)}`,
  ),
  visitDate: tpl<{ order: number; lead: number; workingDays: boolean; result: number }>(
    (p, f) => `电访日 ${f.d(p.order)}，客户经理提前 ${p.lead} 个${p.workingDays ? '工作日' : '日历日'}走访：${f.d(p.result)}`,
    (p, f) =>
      `phone-order day ${f.d(p.order)}; the manager visits ${p.workingDays ? f.c(p.lead, 'working day', 'working days') : f.c(p.lead, 'calendar day', 'calendar days')} before: ${f.d(p.result)}`,
  ),
  deposit: tpl<{ deposit: Decimal; violation: boolean }>(
    (p, f) =>
      p.violation
        ? `有违法行为：取消加盟资格，没收全部押金 ${f.m(p.deposit)}。提示：没收押金属违约金，过分高于实际损失的，对方可请求法院予以适当减少（《民法典》第585条）`
        : `无违法行为：押金 ${f.m(p.deposit)} 不没收`,
    (p, f) =>
      p.violation
        ? `a violation: the franchise is cancelled and the whole deposit of ${f.m(p.deposit)} forfeited. Note: a forfeited deposit is liquidated damages, which a court may reduce when excessive against the actual loss (Civil Code art. 585)`
        : `no violation: the deposit of ${f.m(p.deposit)} is kept`,
  ),
  kpi: tpl<{ name: Text2; value: number; target: number; share: Decimal; weight: number; points: Decimal }>(
    (p, f) => `${p.name['zh-CN']} ${f.n(p.value)} ÷ 目标 ${f.n(p.target)} = ${f.n(p.share)}（封顶后）× 权重 ${f.n(p.weight)} × 100 = ${f.n(p.points)}`,
    (p, f) => `${p.name.en} ${f.n(p.value)} ÷ target ${f.n(p.target)} = ${f.n(p.share)} (capped) × weight ${f.n(p.weight)} × 100 = ${f.n(p.points)}`,
  ),
};

/** The readings of 每季度 and 前一天 the policy takes (tobacco.reviewPeriods, tobacco.visitLeadDayKind). */
const REVIEW_READINGS = {
  calendar: t('“每季度评定一次”按日历季度：从1月起分期，下次评定在下一期的首日', 'each quarter (每季度) is a calendar quarter: periods from January, the next review on the first day of the next period'),
  fromLastReview: t('“每季度评定一次”自上次评定之日起算', 'each quarter (每季度) is counted from the day of the last review'),
};
const VISIT_READINGS = {
  workingDay: t('“前一天”为电访日之前的工作日：客户经理不在休息日、节假日走访', 'the day before (前一天) is the working day before the phone-order day: the manager does not visit on a rest day or holiday'),
  calendarDay: t('“前一天”为电访日之前的日历日', 'the day before (前一天) is the calendar day before the phone-order day'),
};

const areas = cachedPerPolicy((policy) => labelSet(Object.entries(policy.tobacco.areas).map(([area, { en }]) => [area, [en]] as const)));

function grades(policy: { tobacco: { gradeBands: { bands: { value: string }[]; otherwise: string } } }): string[] {
  return [...policy.tobacco.gradeBands.bands.map((band) => band.value), policy.tobacco.gradeBands.otherwise];
}

/** A customer's tier as the source writes it (城A … 村D, urban A, or just A) → its grade letter. */
const tiers = cachedPerPolicy((policy): LabelSet => {
  const lookup = new Map<string, string>();
  const shown: string[] = [];
  for (const grade of grades(policy)) {
    lookup.set(grade, grade);
    lookup.set(normalizeLabel(grade), grade);
    for (const [area, { en }] of Object.entries(policy.tobacco.areas)) {
      lookup.set(area + grade, grade);
      lookup.set(normalizeLabel(area + grade), grade);
      lookup.set(normalizeLabel(en + grade), grade);
      lookup.set(normalizeLabel(`${en}-${grade}`), grade);
      shown.push(area + grade);
    }
  }
  return { lookup, shown };
});

/** The decimals MANAGERSCORE needs, made once per policy: each KPI's target, cap × target and weight × 100. */
const kpiTerms = cachedPerPolicy((policy) => {
  const cap = pdec(policy.tobacco.kpiCap);
  return policy.tobacco.kpis.map((kpi) => ({ target: pdec(kpi.target), cap, capped: cap.times(kpi.target), weight100: pdec(kpi.weight).times(100) }));
});

/** TIERSCORE's scaling per indicator, once per policy: floor, span (cap − floor) and weight × 100. */
const tierTerms = cachedPerPolicy((policy) =>
  policy.tobacco.indicators.map((indicator) => ({ floor: pdec(indicator.floor), span: pdec(indicator.cap).minus(indicator.floor), weight100: pdec(indicator.weight).times(100) })),
);

const INDICATOR_NAMES = {
  cartons: t('销量（条/月）', 'cartons a month'),
  salesAmount: t('销售金额', 'sales amount'),
  perCarton: t('单条值', 'value per carton'),
  compliance: t('守法程度', 'compliance'),
} as const;

export const TOBACCO = [
  defineFunction({
    id: 'PERCARTON',
    section: 'tobacco',
    name: t('单条值', 'value per carton'),
    description: t('销售金额 ÷ 销量（条）', 'sales amount ÷ cartons sold'),
    source: '第五篇 一 将辖区客户按照一定标准（如：销量，销售金额，单条值，守法程度等）细分。',
    params: [
      req('amount', 'salesAmount', '销售金额', t('销售金额（元）', 'sales amount (yuan)'), { domain: NON_NEGATIVE }),
      req('number', 'cartons', '销量', t('销量（条）', 'cartons sold'), { domain: DIVISOR }),
    ],
    result: 'money',
    rule: ([sales, cartons], { trace }) => {
      const result = sales.dividedBy(cartons);
      if (trace.on) trace.step(STEPS.perCarton, { sales, cartons, result });
      return result;
    },
    examples: [
      { args: [52000, 200], result: 260 },
      { args: [52000, 0], result: { error: '#DIV/0!' } },
    ],
  }),
  defineFunction({
    id: 'TIERSCORE',
    section: 'tobacco',
    name: t('客户评分', 'customer score'),
    description: t('销量、销售金额、单条值、守法程度各按上下限折算为 0–100 后加权', 'cartons, sales, value per carton and compliance, each scaled to 0–100 between its floor and cap, weighted'),
    source: '第五篇 一 将辖区客户按照一定标准（如：销量，销售金额，单条值，守法程度等）细分。',
    params: [
      req('number', 'cartons', '销量', t('月销量（条）', 'cartons a month'), { domain: NON_NEGATIVE }),
      req('number', 'salesAmount', '销售金额', t('月销售金额（元）', 'sales a month (yuan)'), { domain: NON_NEGATIVE }),
      req('number', 'perCarton', '单条值', t('单条值（元）', 'value per carton (yuan)'), { domain: NON_NEGATIVE }),
      req('number', 'compliance', '守法程度', t('守法程度评分 0–100', 'compliance score 0–100'), { domain: SCORE }),
    ],
    result: 'ratio',
    rule: ([cartons, salesAmount, perCarton, compliance], { policy, trace }) => {
      const values = { cartons, salesAmount, perCarton, compliance };
      const terms = tierTerms(policy);
      let total = ZERO;
      policy.tobacco.indicators.forEach((ind, i) => {
        const value = values[ind.indicator];
        const term = terms[i]!;
        // Scaled linearly between floor and cap to 0–1 (compared as numbers, exact), then × weight × 100.
        const share = value <= ind.floor ? ZERO : value >= ind.cap ? pdec(1) : dec(value).minus(term.floor).dividedBy(term.span);
        const points = share.times(term.weight100);
        if (trace.on) trace.step(STEPS.indicator, { name: INDICATOR_NAMES[ind.indicator], value, floor: ind.floor, cap: ind.cap, weight: ind.weight, points });
        total = total.plus(points);
      });
      if (trace.on) trace.step(STEPS.total, { result: total });
      return total;
    },
    examples: [{ args: [200, 50000, 250, 90], result: 58 }],
  }),
  defineFunction({
    id: 'TIER',
    section: 'tobacco',
    name: t('客户档位', 'customer tier'),
    description: t('区域（城/村）加档位（A–D），如 城A', 'area (城 urban / 村 rural) and grade (A–D), e.g. 城A'),
    source: '第五篇 一 可分为城a、城b、城c、城d或村a、村b、村c、村d，从而将商户区分开来，制定合理的走访次数。',
    params: [
      req('number', 'score', '评分', t('客户评分 0–100（TIERSCORE 的结果）', 'customer score 0–100 (from TIERSCORE)'), { domain: SCORE }),
      opt('label', 'area', '区域', t('城/urban 或 村/rural（默认 城）', 'urban/城 or rural/村 (default urban)'), (p) => p.tobacco.defaultArea, { labels: areas }),
    ],
    result: 'label',
    rule: ([score, area], { policy, trace }) => {
      const hit = band(score, policy.tobacco.gradeBands);
      if (trace.on) trace.step(STEPS.tier, { score, hit, area, grade: hit.value });
      return area + hit.value;
    },
    examples: [
      { args: [58], result: '城C' },
      { args: [85], result: '城A' },
      { args: [84.99, '村'], result: '村B' },
    ],
  }),
  defineFunction({
    id: 'ALLOCATE',
    section: 'tobacco',
    name: t('货源分配', 'supply allocation'),
    description: t(
      '紧俏货源按档位定量分配；不够时按比例折算取整，余下的按最大余数各补 1 条；结果为一列整条数',
      'scarce supply by tier quota; when short, quotas are scaled, floored, and the rest go one each to the largest remainders; a column of whole cartons',
    ),
    source: '第五篇 一 紧俏烟可以明确规定a、b、c、d类商户各给几条，从而调动广大商户的积极性。五 在紧俏品种上客户经理支配一部分。',
    params: [
      req('integer', 'supply', '货源', t('可分配的货源（整条）', 'cartons available (whole)'), { domain: NON_NEGATIVE }),
      req('labelCells', 'tiers', '客户档位', t('每位客户的档位（区域，如 城A）', "each customer's tier (range, e.g. 城A)"), { labels: tiers }),
      opt('integer', 'reserve', '经理支配', t('客户经理支配、不参与分配的条数（默认 0；MANAGERRESERVE 给出制度的比例）', "cartons the manager keeps back (default 0; MANAGERRESERVE gives the policy's share)"), 0, {
        domain: NON_NEGATIVE,
      }),
    ],
    result: 'matrix',
    rule: ([all, cells, reserve], { policy, trace }) => {
      if (reserve > all) return new ExcelError('#NUM!', 'num.aboveMax', { fn: 'ALLOCATE', param: t('经理支配', 'reserve'), got: reserve, limit: all, inclusive: 'yes' });
      const supply = all - reserve;
      if (trace.on && reserve > 0) trace.step(STEPS.reserve, { supply: all, reserve, left: supply });
      const quotas = policy.tobacco.quotas;
      const want = cells.items.map((grade) => (grade === null ? 0 : quotas[grade]!));
      const total = want.reduce((sum, quota) => sum + quota, 0);
      let got: number[];
      if (total <= supply) {
        if (trace.on) trace.step(STEPS.allocateFits, { supply, total });
        got = want;
      } else {
        // Largest remainder in whole numbers: quota × supply = floor × total + remainder.
        got = want.map((quota) => Math.floor((quota * supply) / total));
        const floors = got.reduce((sum, cartons) => sum + cartons, 0);
        const left = supply - floors;
        const order = want
          .map((quota, i) => ({ i, remainder: (quota * supply) % total }))
          .filter((entry) => cells.items[entry.i] !== null)
          .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
        for (let extra = 0; extra < left; extra++) got[order[extra]!.i]! += 1;
        if (trace.on) trace.step(STEPS.allocateScaled, { supply, total, floors, left });
      }
      return got.map((cartons, i): Scalar[] => [cells.items[i] === null ? '' : cartons]);
    },
    examples: [
      { args: [20, [['城A'], ['城B'], ['城C'], ['城D']]], result: [[5], [3], [2], [1]] },
      { args: [8, [['城A'], ['城B'], ['城C'], ['城D']]], result: [[4], [2], [1], [1]] },
      { args: [10, [['城A'], ['城B'], ['城C'], ['城D']], 2], result: [[4], [2], [1], [1]] },
      { args: [5, [['城A', '城B'], ['城C']]], result: { error: '#VALUE!' } },
    ],
  }),
  defineFunction({
    id: 'VISITS',
    section: 'tobacco',
    name: t('走访次数', 'visits a month'),
    description: t('该档位客户每月的走访次数', 'visits a month for a customer of the tier'),
    source: '第五篇 一 从而将商户区分开来，制定合理的走访次数。',
    params: [req('label', 'tier', '客户档位', t('客户档位，如 村A', "the customer's tier, e.g. 村A"), { labels: tiers })],
    result: 'number',
    rule: ([grade], { policy, trace }) => {
      const visits = policy.tobacco.visits[grade]!;
      if (trace.on) trace.step(STEPS.visits, { grade, visits });
      return visits;
    },
    examples: [{ args: ['村A'], result: 4 }],
  }),
  defineFunction({
    id: 'MANAGERSCORE',
    section: 'tobacco',
    name: t('客户经理考核', 'manager score'),
    description: t('十项考核指标按原文顺序：完成值 ÷ 目标（封顶 1.2，负值计 0）× 权重 × 100', 'the ten indicators in the source’s order: value ÷ target (capped at 1.2, negatives 0) × weight × 100'),
    source: '第五篇 三 努力提升销量指标完成率，单条价值提升率，名优烟增长率，主打品牌上柜率，营销实施到位率，目标客户维护率，客户质量转化率，客户投诉办结率，服务对象满意率，卷烟销售毛利率。',
    params: [req('numbers', 'kpiValues', '考核指标', t('十项指标的实际值（区域，按原文顺序）', 'the ten indicator values (range, in the source’s order)'))],
    result: 'ratio',
    rule: ([values], { policy, trace }) => {
      const kpis = policy.tobacco.kpis;
      if (values.length !== kpis.length) {
        return new ExcelError('#VALUE!', 'range.count', { fn: 'MANAGERSCORE', param: t('考核指标', 'kpiValues'), want: kpis.length, got: values.length });
      }
      const terms = kpiTerms(policy);
      let total = ZERO;
      kpis.forEach((kpi, i) => {
        const value = values[i]!;
        const term = terms[i]!;
        // A negative value scores 0; at or above cap × target the share is the cap (no division needed).
        const achieved = value <= 0 ? ZERO : dec(value);
        const share = value <= 0 ? ZERO : achieved.greaterThanOrEqualTo(term.capped) ? term.cap : achieved.dividedBy(term.target);
        const points = share.times(term.weight100);
        if (trace.on) trace.step(STEPS.kpi, { name: kpi.name, value, target: kpi.target, share, weight: kpi.weight, points });
        total = total.plus(points);
      });
      if (trace.on) trace.step(STEPS.total, { result: total });
      return total;
    },
    examples: [{ args: [[[1, 0.05, 0.05, 0.9, 1, 0.95, 0.1, 1, 0.95, 0.12]]], result: 100 }],
  }),
  defineFunction({
    id: 'MANAGERRESERVE',
    section: 'tobacco',
    name: t('经理支配量', "manager's reserve"),
    description: t('紧俏货源中由客户经理支配的条数：货源 × 制度比例，向下取整（作为 ALLOCATE 的 reserve）', "the cartons of a scarce supply the manager keeps to place: supply × the policy's share, rounded down (ALLOCATE's reserve)"),
    source: '第五篇 五 在紧俏品种上客户经理支配一部分，以利于运作我们的主销品牌。',
    params: [req('integer', 'supply', '货源', t('紧俏货源（整条）', 'scarce supply (whole cartons)'), { domain: NON_NEGATIVE })],
    result: 'number',
    rule: ([supply], { policy, trace }) => {
      const share = policy.tobacco.managerReserveShare;
      const result = pdec(share).times(supply).floor().toNumber();
      if (trace.on) trace.step(STEPS.managerReserve, { supply, share, result });
      return result;
    },
    examples: [
      { args: [20], result: 2 },
      { args: [8], result: 0 },
    ],
  }),
  defineFunction({
    id: 'REVIEWDATE',
    section: 'tobacco',
    name: t('下次评级日', 'next tier review'),
    description: t(
      '商户级别每季度评定一次：上次评定后，下一季度（评定期）的第一天（默认按日历季度：制度参数 tobacco.reviewPeriods）',
      "retailers' tiers are reviewed once a quarter: after a review, the first day of the next quarter (review period; calendar quarters by default: the policy parameter tobacco.reviewPeriods)",
    ),
    source: '第五篇 一 商户级别可以每季度评定一次。',
    params: [req('date', 'lastReview', '上次评定', t('上次评定的日期', 'the date of the last review'))],
    result: 'date',
    rule: ([last], { policy, trace }) => {
      const { reviewMonths: months, reviewPeriods } = policy.tobacco;
      const calendar = reviewPeriods === 'calendar';
      sayReading(trace, 'tobacco.reviewPeriods', reviewPeriods, calendar ? REVIEW_READINGS.calendar : REVIEW_READINGS.fromLastReview);
      const reviewed = civilFromSerial(last);
      const periodStart = Math.floor((reviewed.m - 1) / months) * months + 1;
      const result = calendar ? serialFromCivil(addMonths({ y: reviewed.y, m: periodStart, d: 1 }, months)) : serialFromCivil(addMonths(reviewed, months));
      if (trace.on) trace.step(STEPS.review, { last, months, calendar, result });
      return result;
    },
    examples: [
      { args: ['2019-05-20'], result: 43647 },
      { args: ['2019-12-31'], result: 43831 },
    ],
  }),
  defineFunction({
    id: 'VISITDATE',
    section: 'tobacco',
    name: t('走访日', 'visit date'),
    description: t(
      '客户经理走在电访员的前一天：默认为电访日之前的工作日（制度参数 tobacco.visitLeadDayKind；按国务院节假日安排，数据覆盖年份以外只避开周末）',
      "the manager visits the day before the phone-order day: by default the working day before (the policy parameter tobacco.visitLeadDayKind; China's official holidays, weekends only outside the years the dataset covers)",
    ),
    source: '第五篇 一 晨会（一）了解库存情况，因为客户经理要走在电访员的前一天。',
    params: [req('date', 'phoneOrderDate', '电访日', t('电访员电话订货的日期', 'the day the phone-order clerk calls'))],
    result: 'date',
    rule: ([order], { policy, trace }) => {
      const { visitLeadDays: lead, visitLeadDayKind } = policy.tobacco;
      const workingDays = visitLeadDayKind === 'workingDay';
      sayReading(trace, 'tobacco.visitLeadDayKind', visitLeadDayKind, workingDays ? VISIT_READINGS.workingDay : VISIT_READINGS.calendarDay);
      let result = order - (workingDays ? 0 : lead);
      for (let step = 0; workingDays && step < lead; step++) {
        const days = backToWorkingDay(result - 1);
        workingDayNote(trace, days);
        result = days.at(-1)!.serial;
      }
      if (trace.on) trace.step(STEPS.visitDate, { order, lead, workingDays, result });
      return result;
    },
    examples: [
      { args: ['2019-06-17'], result: 43630 },
      { args: ['2019-10-08'], result: 43738 },
    ],
  }),
  defineFunction({
    id: 'DEPOSITFORFEIT',
    section: 'tobacco',
    name: t('没收押金', 'deposit forfeited'),
    description: t('加盟店有违法行为时没收的押金（全部）；说明提示违约金可被调减', 'the deposit a franchised shop forfeits for a violation (all of it); the explanation notes that such a penalty can be reduced'),
    source: '第五篇 二 加盟商户需要交纳一部分抵押金，如有违法行为将取消其加盟资格，并没收全部押金。',
    params: [
      req('amount', 'deposit', '押金', t('加盟商户交纳的押金（元）', 'the deposit the shop paid (yuan)'), { domain: NON_NEGATIVE }),
      req('boolean', 'violation', '违法行为', t('是否有违法行为', 'whether the shop broke the law')),
    ],
    result: 'money',
    rule: ([deposit, violation], { trace }) => {
      if (trace.on) trace.step(STEPS.deposit, { deposit, violation });
      return violation ? deposit : ZERO;
    },
    examples: [
      { args: [5000, true], result: 5000 },
      { args: [5000, false], result: 0 },
    ],
  }),
];
