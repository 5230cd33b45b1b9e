import { defineFunction } from '../catalog/declare.js';
import { DIVISOR, NON_NEGATIVE, SCORE, opt, req, t } from '../catalog/params.js';
import { sayBoundary } from '../explain/boundary.js';
import { tpl } from '../explain/trace.js';
import { ExcelError } from '../i18n/messages.js';
import { cachedPerPolicy, labelSet } from '../policy/labels.js';
import type { BandHit } from '../policy/thresholds.js';
import { band, boundText, reaches } from '../policy/thresholds.js';
import type { Decimal } from '../values/money.js';
import { ZERO, dec, maxDec, pdec } from '../values/money.js';
import type { Text2 } from '../values/types.js';

// 第二篇 担保公司客户经理调查管理制度: due diligence on a guarantee applicant.

const S = {
  netCash: tpl<{ inflow: Decimal; outflow: Decimal; result: Decimal }>(
    (p, f) => `到期现金净额 = 现金流入 ${f.m(p.inflow)} − 现金流出 ${f.m(p.outflow)} = ${f.m(p.result)}`,
    (p, f) => `net cash at maturity = inflow ${f.m(p.inflow)} − outflow ${f.m(p.outflow)} = ${f.m(p.result)}`,
  ),
  debtCover: tpl<{ inflow: Decimal; outflow: Decimal; debt: Decimal; result: Decimal }>(
    (p, f) => `还款覆盖率 = (${f.m(p.inflow)} − ${f.m(p.outflow)}) ÷ ${f.m(p.debt)} = ${f.n(p.result)}`,
    (p, f) => `debt cover = (${f.m(p.inflow)} − ${f.m(p.outflow)}) ÷ ${f.m(p.debt)} = ${f.n(p.result)}`,
  ),
  collateral: tpl<{ value: Decimal; type: string; typeEn: string; ratio: number; result: Decimal }>(
    (p, f) => `${p.type}：${f.m(p.value)} × 抵押率 ${f.p(p.ratio)} = ${f.m(p.result)}`,
    (p, f) => `${p.typeEn} (${p.type}): ${f.m(p.value)} × pledge ratio ${f.p(p.ratio)} = ${f.m(p.result)}`,
  ),
  collateralCover: tpl<{ total: Decimal; exposure: Decimal; result: Decimal }>(
    (p, f) => `反担保覆盖率 = 抵押可用值合计 ${f.m(p.total)} ÷ 担保金额 ${f.m(p.exposure)} = ${f.n(p.result)}`,
    (p, f) => `counter-guarantee cover = usable collateral ${f.m(p.total)} ÷ exposure ${f.m(p.exposure)} = ${f.n(p.result)}`,
  ),
  riskDegree: tpl<{ rating: string; rc: number; term: number; tc: number; mode: string; mc: number; result: Decimal }>(
    (p, f) => `风险度 = 信用等级 ${p.rating} 系数 ${f.n(p.rc)} × 期限 ${f.n(p.term)} 个月系数 ${f.n(p.tc)} × 反担保方式 ${p.mode} 系数 ${f.n(p.mc)} = ${f.n(p.result)}`,
    (p, f) =>
      `risk degree = rating ${p.rating} coefficient ${f.n(p.rc)} × ${f.n(p.term)}-month term coefficient ${f.n(p.tc)} × counter-guarantee ${f.g(p.mode)} coefficient ${f.n(p.mc)} = ${f.n(p.result)}`,
  ),
  rawRiskDegree: tpl<{ rating: string; rc: number; term: number; tc: number; result: Decimal }>(
    (p, f) => `未计反担保的风险度 = 信用等级 ${p.rating} 系数 ${f.n(p.rc)} × 期限 ${f.n(p.term)} 个月系数 ${f.n(p.tc)} = ${f.n(p.result)}（据此确定反担保措施：COUNTERGUARANTEE）`,
    (p, f) =>
      `risk degree before counter-guarantee = rating ${p.rating} coefficient ${f.n(p.rc)} × ${f.n(p.term)}-month term coefficient ${f.n(p.tc)} = ${f.n(p.result)} (it decides the counter-guarantee: COUNTERGUARANTEE)`,
  ),
  counterGuarantee: tpl<{ risk: number; hit: BandHit<unknown>; mode: string }>(
    (p, f) => `未计反担保的风险度 ${f.n(p.risk)}${boundText(p.hit)}：反担保措施须为 ${p.mode}（或更强）`,
    (p, f) => `risk degree before counter-guarantee ${f.n(p.risk)}${boundText(p.hit)}: the counter-guarantee must be ${f.g(p.mode)} (or stronger)`,
  ),
  feeRate: tpl<{ risk: number; hit: BandHit<unknown>; rate: number }>(
    (p, f) => `风险度 ${f.n(p.risk)}${boundText(p.hit)}：年费率 ${f.p(p.rate)}`,
    (p, f) => `risk degree ${f.n(p.risk)}${boundText(p.hit)}: annual fee rate ${f.p(p.rate)}`,
  ),
  fee: tpl<{ amount: Decimal; rate: number; term: number; result: Decimal }>(
    (p, f) => `担保费 = ${f.m(p.amount)} × ${f.p(p.rate)} × ${f.n(p.term)} ÷ 12 = ${f.m(p.result)}`,
    (p, f) => `guarantee fee = ${f.m(p.amount)} × ${f.p(p.rate)} × ${f.n(p.term)} ÷ 12 = ${f.m(p.result)}`,
  ),
  indicator: tpl<{ name: Text2; value: number; full: number; zero: number; weight: number; points: Decimal }>(
    (p, f) => `${p.name['zh-CN']} ${f.n(p.value)}（满分点 ${f.n(p.full)}，零分点 ${f.n(p.zero)}）：${f.n(p.points)} / ${f.n(p.weight)} 分`,
    (p, f) => `${p.name.en} ${f.n(p.value)} (full at ${f.n(p.full)}, zero at ${f.n(p.zero)}): ${f.n(p.points)} of ${f.c(p.weight, 'point', 'points')}`,
  ),
  score: tpl<{ result: Decimal }>(
    (p, f) => `信用评分合计 = ${f.n(p.result)}`,
    (p, f) => `credit score = ${f.n(p.result)}`,
  ),
  rating: tpl<{ score: number; hit: BandHit<unknown>; rating: string }>(
    (p, f) => `评分 ${f.n(p.score)}${boundText(p.hit)}：信用等级 ${p.rating}`,
    (p, f) => `score ${f.n(p.score)}${boundText(p.hit)}: rating ${p.rating}`,
  ),
  reconcile: tpl<{ ledger: number; detail: number; report: number; diff: Decimal; tolerance: number; ok: boolean }>(
    (p, f) =>
      `总帐 ${f.m(p.ledger)}，明细帐 ${f.m(p.detail)}，报表 ${f.m(p.report)}：最大差额 ${f.n(p.diff)}，容差 ${f.n(p.tolerance)}：${p.ok ? '相符' : '不相符'}`,
    (p, f) =>
      `ledger ${f.m(p.ledger)}, detail ${f.m(p.detail)}, report ${f.m(p.report)}: largest difference ${f.n(p.diff)}, tolerance ${f.n(p.tolerance)}: ${p.ok ? 'they agree' : 'they do not agree'}`,
  ),
  share: tpl<{ part: Decimal; whole: Decimal; share: Decimal | null; limit: number; inclusive: boolean; hit: boolean; zhWhat: string; enWhat: string }>(
    (p, f) =>
      `${p.zhWhat} ${f.m(p.part)} ÷ ${f.m(p.whole)} = ${p.share === null ? '—' : f.p(p.share)}，${p.inclusive ? '达到' : '超过'} ${f.p(p.limit)}${p.inclusive ? '以上' : ''}：${p.hit ? '是' : '否'}`,
    (p, f) =>
      `${p.enWhat} ${f.m(p.part)} ÷ ${f.m(p.whole)} = ${p.share === null ? '—' : f.p(p.share)}; ${p.inclusive ? 'at least' : 'more than'} ${f.p(p.limit)}: ${p.hit ? 'yes' : 'no'}`,
  ),
  managerReview: tpl<{ manager: string; result: string }>(
    (p) => `部门经理审查报告的真实性、完整性：${p.manager} → ${p.result}`,
    (p, f) => `the department manager's review of the report's truth and completeness: ${f.g(p.manager)} → ${f.g(p.result)}`,
  ),
  decision: tpl<{ a: string; b: string; r: string; result: string }>(
    (p) => `A角：${p.a}，B角：${p.b}，交叉审查：${p.r} → ${p.result}`,
    (p, f) => `manager A: ${f.g(p.a)}, manager B: ${f.g(p.b)}, cross-reviewer: ${f.g(p.r)} → ${f.g(p.result)}`,
  ),
};

const collateralTypes = cachedPerPolicy((p) => labelSet(Object.entries(p.guarantee.collateral).map(([k, v]) => [k, [v.en]] as const)));
const modes = cachedPerPolicy((p) => labelSet(Object.entries(p.guarantee.modes).map(([k, v]) => [k, [v.en]] as const)));
const ratings = cachedPerPolicy((p) => labelSet(Object.keys(p.guarantee.ratingCoefficients).map((k) => [k, []] as const)));
const opinions = cachedPerPolicy((p) => {
  const g = p.guarantee;
  return labelSet([
    [g.opinionLabels.agree, [g.opinions.agree.en, 'TRUE']],
    [g.opinionLabels.disagree, [g.opinions.disagree.en, 'FALSE']],
    [g.opinionLabels.reevaluate, [g.opinions.reevaluate.en]],
  ]);
});

/** CREDITSCORE's scorecard as decimals, once per policy: zero point, span (full − zero) and weight. */
const scoreTerms = cachedPerPolicy((p) =>
  p.guarantee.scorecard.map((ind) => ({ zero: pdec(ind.zero), span: pdec(ind.full).minus(ind.zero), weight: pdec(ind.weight) })),
);

const amount = (name: string, zh: string, en: string) => req('amount', name, zh, t(zh, en), { domain: NON_NEGATIVE });

const SCORECARD_NAMES = {
  debtRatio: t('资产负债率', 'debt ratio'),
  currentRatio: t('流动比率', 'current ratio'),
  quickRatio: t('速动比率', 'quick ratio'),
  interestCover: t('利息保障倍数', 'interest cover'),
  netMargin: t('销售净利率', 'net margin'),
  revenueGrowth: t('营业收入增长率', 'revenue growth'),
  debtCover: t('还款覆盖率', 'debt cover'),
} as const;

export const GUARANTEE = [
  defineFunction({
    id: 'NETCASH',
    section: 'guarantee',
    name: t('到期现金净额', 'net cash at maturity'),
    description: t('融资到期时的现金流入量减现金流出量', 'cash inflow minus outflow at the financing’s maturity'),
    source: '第二篇 第七条 （一）调查并确认融资到期时的现金流入量；（二）……现金流出量；（三）计算并确认融资到期量的现金净额。',
    params: [amount('inflow', '现金流入', 'cash inflow at maturity'), amount('outflow', '现金流出', 'cash outflow at maturity')],
    result: 'money',
    rule: ([inflow, outflow], { trace }) => {
      const result = inflow.minus(outflow);
      if (trace.on) trace.step(S.netCash, { inflow, outflow, result });
      return result;
    },
    examples: [{ args: [1500000, 900000], result: 600000 }],
  }),
  defineFunction({
    id: 'DEBTCOVER',
    section: 'guarantee',
    name: t('还款覆盖率', 'debt cover'),
    description: t('到期现金净额 ÷ 到期应还债务；可以为负', 'net cash at maturity ÷ the debt due; may be negative'),
    source: '第二篇 第七条 还款来源可靠性调查评价是对担保申请人到期时的现金流量进行调查，根据掌握的数据对还款资金落实的可靠性进行评价。',
    params: [
      amount('inflow', '现金流入', 'cash inflow at maturity'),
      amount('outflow', '现金流出', 'cash outflow at maturity'),
      req('amount', 'debtDue', '到期债务', t('到期应还的债务（元）', 'the debt due at maturity (yuan)'), { domain: DIVISOR }),
    ],
    result: 'ratio',
    rule: ([inflow, outflow, debt], { trace }) => {
      const result = inflow.minus(outflow).dividedBy(debt);
      if (trace.on) trace.step(S.debtCover, { inflow, outflow, debt, result });
      return result;
    },
    examples: [
      { args: [1500000, 900000, 400000], result: 1.5 },
      { args: [100, 50, 0], result: { error: '#DIV/0!' } },
    ],
  }),
  defineFunction({
    id: 'COLLATERALVALUE',
    section: 'guarantee',
    name: t('抵押可用值', 'usable collateral value'),
    description: t('抵（质）押物市场价值 × 该类抵押物的抵押率', 'market value × the pledge ratio of that kind of collateral'),
    source: '第二篇 第八条 逐项核实价值或权益是否足值；（一）3、了解抵（质）押物的市场价格及变现能力。',
    params: [
      amount('marketValue', '市场价值', 'market value of the collateral (yuan)'),
      req('label', 'type', '抵押物类型', t('抵押物类型，如 住宅/residential', 'kind of collateral, e.g. residential/住宅'), { labels: collateralTypes }),
    ],
    result: 'money',
    rule: ([value, type], { policy, trace }) => {
      const { pledgeRatio: ratio, en: typeEn } = policy.guarantee.collateral[type]!;
      const result = value.times(pdec(ratio));
      if (trace.on) trace.step(S.collateral, { value, type, typeEn, ratio, result });
      return result;
    },
    examples: [
      { args: [2000000, '住宅'], result: 1400000 },
      { args: [100, '飞船'], result: { error: '#VALUE!' } },
    ],
  }),
  defineFunction({
    id: 'COLLATERALCOVER',
    section: 'guarantee',
    name: t('反担保覆盖率', 'collateral cover'),
    description: t('各项抵押可用值之和 ÷ 担保金额；两个区域大小须相同', 'the sum of usable collateral values ÷ the exposure; the two ranges must be the same size'),
    source: '第二篇 第八条 反担保措施可控性调查评价……逐项核实价值或权益是否足值。',
    params: [
      req('numberCells', 'values', '市场价值', t('各项抵押物的市场价值（区域）', 'market values of the collateral (range)'), { domain: NON_NEGATIVE }),
      req('labelCells', 'types', '抵押物类型', t('各项抵押物的类型（区域，与价值一一对应）', 'kinds of collateral (range, one per value)'), { labels: collateralTypes }),
      req('amount', 'exposure', '担保金额', t('担保金额（元）', 'the amount guaranteed (yuan)'), { domain: DIVISOR }),
    ],
    result: 'ratio',
    rule: ([values, types, exposure], { policy, trace }) => {
      const names = { a: t('市场价值', 'values'), b: t('抵押物类型', 'types') };
      if (values.rows !== types.rows || values.cols !== types.cols) {
        return new ExcelError('#VALUE!', 'range.sizeMismatch', {
          fn: 'COLLATERALCOVER',
          a: names.a,
          b: names.b,
          sa: `${values.rows}×${values.cols}`,
          sb: `${types.rows}×${types.cols}`,
        });
      }
      let total = ZERO;
      for (let i = 0; i < values.items.length; i++) {
        const v = values.items[i]!;
        const type = types.items[i]!;
        if (v === null && type === null) continue;
        if (v === null || type === null) return new ExcelError('#VALUE!', 'range.unpaired', { fn: 'COLLATERALCOVER', index: i + 1, a: names.a, b: names.b });
        const { pledgeRatio: ratio, en: typeEn } = policy.guarantee.collateral[type]!;
        const value = dec(v);
        const usable = value.times(pdec(ratio));
        if (trace.on) trace.step(S.collateral, { value, type, typeEn, ratio, result: usable });
        total = total.plus(usable);
      }
      const result = total.dividedBy(exposure);
      if (trace.on) trace.step(S.collateralCover, { total, exposure, result });
      return result;
    },
    examples: [{ args: [[[2000000], [500000]], [['住宅'], ['机器设备']], 1500000], result: 1.0666666666666667 }],
  }),
  defineFunction({
    id: 'RISKDEGREE',
    section: 'guarantee',
    name: t('担保风险度', 'guarantee risk degree'),
    description: t('信用等级系数 × 期限系数 × 反担保方式系数', 'rating coefficient × term coefficient × counter-guarantee mode coefficient'),
    source: '第二篇 第九条 （一）根据调查情况对担保申请人进行信用评价……（二）确定融资期限……（三）落实反担保措施；第十条 客户经理在计算担保业务风险度并据此确定反担保措施与担保费率。',
    params: [
      req('label', 'rating', '信用等级', t('信用等级，如 AAA、A、BB', 'credit rating, e.g. AAA, A, BB'), { labels: ratings }),
      req('number', 'termMonths', '期限月数', t('融资期限（月）', 'term of the financing (months)'), { domain: { min: 0, minExclusive: true } }),
      opt(
        'label',
        'mode',
        '反担保方式',
        t(
          '质押/pledge、抵押/mortgage、保证/surety 或 信用/unsecured；省略时为未计反担保的风险度（据此用 COUNTERGUARANTEE 确定反担保措施）',
          'pledge/质押, mortgage/抵押, surety/保证 or unsecured/信用; omitted, the risk degree before counter-guarantee (from which COUNTERGUARANTEE sets the measure)',
        ),
        null,
        { labels: modes },
      ),
    ],
    result: 'ratio',
    rule: ([rating, term, mode], { policy, trace }) => {
      const g = policy.guarantee;
      const rc = g.ratingCoefficients[rating]!;
      const tc = band(term, g.termCoefficients).value;
      const raw = pdec(rc).times(pdec(tc));
      if (mode === undefined) {
        if (trace.on) trace.step(S.rawRiskDegree, { rating, rc, term, tc, result: raw });
        return raw;
      }
      const mc = g.modes[mode]!.coefficient;
      const result = raw.times(pdec(mc));
      if (trace.on) trace.step(S.riskDegree, { rating, rc, term, tc, mode, mc, result });
      return result;
    },
    examples: [
      { args: ['A', 12, '抵押'], result: 0.3 },
      { args: ['A', 12], result: 0.6 },
    ],
  }),
  defineFunction({
    id: 'COUNTERGUARANTEE',
    section: 'guarantee',
    name: t('反担保措施', 'counter-guarantee required'),
    description: t(
      '按未计反担保的风险度分档确定应落实的反担保措施（制度的分档表）',
      'the counter-guarantee the policy requires for the band of risk degree before counter-guarantee (the policy’s band table)',
    ),
    source: '第二篇 第九条 （三）落实反担保措施，并确定风险内容；第十条 客户经理在计算担保业务风险度并据此确定反担保措施与担保费率。',
    params: [
      req('number', 'riskDegree', '风险度', t('未计反担保的风险度：RISKDEGREE(信用等级, 期限)', 'the risk degree before counter-guarantee: RISKDEGREE(rating, term)'), {
        domain: NON_NEGATIVE,
      }),
    ],
    result: 'label',
    rule: ([risk], { policy, trace }) => {
      const hit = band(risk, policy.guarantee.counterGuarantee);
      if (trace.on) trace.step(S.counterGuarantee, { risk, hit, mode: hit.value });
      return hit.value;
    },
    examples: [
      { args: [0.6], result: '保证' },
      { args: [0.4], result: '信用' },
      { args: [0.7], result: '抵押' },
      { args: [1.2], result: '质押' },
    ],
  }),
  defineFunction({
    id: 'FEERATE',
    section: 'guarantee',
    name: t('担保费率', 'guarantee fee rate'),
    description: t('按风险度分档的年担保费率', 'the annual fee rate for the band of risk degree'),
    source: '第二篇 第九条 （四）确定担保费率。',
    params: [req('number', 'riskDegree', '风险度', t('担保风险度（RISKDEGREE 的结果）', 'the risk degree (from RISKDEGREE)'), { domain: NON_NEGATIVE })],
    result: 'ratio',
    rule: ([risk], { policy, trace }) => {
      const hit = band(risk, policy.guarantee.feeRates);
      if (trace.on) trace.step(S.feeRate, { risk, hit, rate: hit.value });
      return hit.value;
    },
    examples: [{ args: [0.3], result: 0.015 }],
  }),
  defineFunction({
    id: 'GUARANTEEFEE',
    section: 'guarantee',
    name: t('担保费', 'guarantee fee'),
    description: t('担保金额 × 年费率 × 期限月数 ÷ 12', 'amount × annual fee rate × term in months ÷ 12'),
    source: '第二篇 第九条 （四）确定担保费率；第十条 ……据此确定反担保措施与担保费率。',
    params: [
      amount('amount', '担保金额', 'the amount guaranteed (yuan)'),
      req('number', 'termMonths', '期限月数', t('担保期限（月）', 'term (months)'), { domain: { min: 0, minExclusive: true } }),
      req('number', 'riskDegree', '风险度', t('担保风险度', 'the risk degree'), { domain: NON_NEGATIVE }),
    ],
    result: 'money',
    rule: ([amt, term, risk], { policy, trace }) => {
      const hit = band(risk, policy.guarantee.feeRates);
      if (trace.on) trace.step(S.feeRate, { risk, hit, rate: hit.value });
      const result = amt.times(pdec(hit.value)).times(term).dividedBy(pdec(12));
      if (trace.on) trace.step(S.fee, { amount: amt, rate: hit.value, term, result });
      return result;
    },
    examples: [{ args: [1000000, 12, 0.3], result: 15000 }],
  }),
  defineFunction({
    id: 'CREDITSCORE',
    section: 'guarantee',
    name: t('信用评分', 'credit score'),
    description: t('按制度评分卡对七项财务指标分档计分并加权，满分 100', 'the policy scorecard: seven financial indicators each scored between its zero and full points, weighted, out of 100'),
    source: '第二篇 第五条 4（15）在确认数据真实的情况下，计算有关财务指标。',
    params: [
      req('number', 'debtRatio', '资产负债率', t('资产负债率，如 0.55', 'debt ratio, e.g. 0.55'), { domain: NON_NEGATIVE }),
      req('number', 'currentRatio', '流动比率', t('流动比率', 'current ratio'), { domain: NON_NEGATIVE }),
      req('number', 'quickRatio', '速动比率', t('速动比率', 'quick ratio'), { domain: NON_NEGATIVE }),
      req('number', 'interestCover', '利息保障倍数', t('利息保障倍数', 'interest cover')),
      req('number', 'netMargin', '销售净利率', t('销售净利率，如 0.08', 'net margin, e.g. 0.08')),
      req('number', 'revenueGrowth', '收入增长率', t('营业收入增长率，如 0.12', 'revenue growth, e.g. 0.12')),
      req('number', 'debtCover', '还款覆盖率', t('还款覆盖率（DEBTCOVER 的结果）', 'debt cover (from DEBTCOVER)')),
    ],
    result: 'ratio',
    rule: (args, { policy, trace }) => {
      const [debtRatio, currentRatio, quickRatio, interestCover, netMargin, revenueGrowth, debtCover] = args;
      const values = { debtRatio, currentRatio, quickRatio, interestCover, netMargin, revenueGrowth, debtCover };
      const terms = scoreTerms(policy);
      let total = ZERO;
      policy.guarantee.scorecard.forEach((ind, i) => {
        const value = values[ind.indicator];
        const term = terms[i]!;
        // Linear between the zero point and the full point, whichever way round they are; outside them
        // the indicator scores 0 or full (compared as numbers, which is exact).
        const rising = ind.full > ind.zero;
        const atZero = rising ? value <= ind.zero : value >= ind.zero;
        const atFull = rising ? value >= ind.full : value <= ind.full;
        const points = atZero ? ZERO : atFull ? term.weight : dec(value).minus(term.zero).dividedBy(term.span).times(term.weight);
        if (trace.on) trace.step(S.indicator, { name: SCORECARD_NAMES[ind.indicator], value, full: ind.full, zero: ind.zero, weight: ind.weight, points });
        total = total.plus(points);
      });
      if (trace.on) trace.step(S.score, { result: total });
      return total;
    },
    examples: [{ args: [0.5, 2, 1, 5, 0.1, 0.2, 1.5], result: 100 }],
  }),
  defineFunction({
    id: 'RATING',
    section: 'guarantee',
    name: t('信用等级', 'credit rating'),
    description: t('按评分分档的信用等级 AAA 至 C', 'the rating AAA to C for the band of score'),
    source: '第二篇 第九条 （一）根据调查情况对担保申请人进行信用评价，并确定风险内容。',
    params: [req('number', 'score', '评分', t('信用评分 0–100（CREDITSCORE 的结果）', 'credit score 0–100 (from CREDITSCORE)'), { domain: SCORE })],
    result: 'label',
    rule: ([score], { policy, trace }) => {
      const hit = band(score, policy.guarantee.ratingBands);
      if (trace.on) trace.step(S.rating, { score, hit, rating: hit.value });
      return hit.value;
    },
    examples: [
      { args: [90], result: 'AAA' },
      { args: [65], result: 'BBB' },
      { args: [10], result: 'C' },
    ],
  }),
  defineFunction({
    id: 'RECONCILE',
    section: 'guarantee',
    name: t('帐帐相符', 'accounts agree'),
    description: t('总帐余额、明细帐累计数与报表数在容差内是否一致', 'whether the ledger balance, the detail total and the report agree within the tolerance'),
    source: '第二篇 第五条 4（1）重点审核其总帐余额与明细帐累计数是否相符，并与相应的报表数是否一致。',
    params: [
      req('number', 'ledgerTotal', '总帐余额', t('总帐余额', 'general ledger balance')),
      req('number', 'detailTotal', '明细帐累计', t('明细帐累计数', 'total of the detail ledger')),
      req('number', 'reportValue', '报表数', t('报表数', 'the figure in the report')),
      opt('number', 'tolerance', '容差', t('允许的差额（默认取制度，0.01）', 'the difference allowed (default: the policy, 0.01)'), (p) => p.guarantee.reconcileTolerance, {
        domain: NON_NEGATIVE,
      }),
    ],
    result: 'boolean',
    rule: ([ledger, detail, report, tolerance], { trace }) => {
      const [a, b, c] = [dec(ledger), dec(detail), dec(report)];
      const diff = maxDec(a.minus(b).abs(), maxDec(a.minus(c).abs(), b.minus(c).abs()));
      const ok = diff.lessThanOrEqualTo(tolerance); // 相符 "within" the tolerance includes it
      if (trace.on) trace.step(S.reconcile, { ledger, detail, report, diff, tolerance, ok });
      return ok;
    },
    examples: [
      { args: [1000, 1000, 1000.004], result: true },
      { args: [1000, 999, 1000], result: false },
    ],
  }),
  defineFunction({
    id: 'LTIREVIEW',
    section: 'guarantee',
    name: t('长投审核', 'long-term investment review'),
    description: t('长期投资占总资产比例达到10%以上时须审核明细', 'TRUE when long-term investment is 10% of total assets or more, which calls for a detailed review'),
    source: '第二篇 第五条 4（4）对长期投资占总资产比例达到10%以上的，要审核明细，并要了解和分析投资收益。',
    params: [
      amount('longTermInvestment', '长期投资', 'long-term investment (yuan)'),
      req('amount', 'totalAssets', '总资产', t('总资产（元）', 'total assets (yuan)'), { domain: DIVISOR }),
    ],
    result: 'boolean',
    rule: ([lti, total], { policy, trace }) => {
      const th = policy.guarantee.longTermInvestmentReview;
      const share = lti.dividedBy(total);
      const hit = reaches(share, th);
      sayBoundary(trace, share, th);
      if (trace.on) trace.step(S.share, { part: lti, whole: total, share, limit: th.value, inclusive: th.inclusive, hit, zhWhat: '长期投资', enWhat: 'long-term investment' });
      return hit;
    },
    examples: [
      { args: [100, 1000], result: true },
      { args: [99.99, 1000], result: false },
    ],
  }),
  defineFunction({
    id: 'DIVERSIFYRISK',
    section: 'guarantee',
    name: t('多元投资风险', 'diversification risk'),
    description: t(
      '与主业无关的投资额超过净资产50%时须分析投资风险；净资产为零或负时，任何此类投资都算超过',
      'TRUE when a non-core investment exceeds 50% of net assets; with zero or negative net assets any such investment does',
    ),
    source: '第二篇 第五条 5（1）对投资额超过其净资产50%的客户，要分析投资风险程度。',
    params: [amount('investment', '投资额', 'the non-core investment (yuan)'), req('amount', 'netAssets', '净资产', t('净资产（元，可为负）', 'net assets (yuan, may be negative)'))],
    result: 'boolean',
    rule: ([investment, netAssets], { policy, trace }) => {
      const th = policy.guarantee.diversificationRisk;
      // A company with no positive net assets: any investment is more than half of them (no division by zero or a negative).
      const share = netAssets.greaterThan(0) ? investment.dividedBy(netAssets) : null;
      const hit = share === null ? investment.greaterThan(0) : reaches(share, th);
      if (share !== null) sayBoundary(trace, share, th);
      if (trace.on) trace.step(S.share, { part: investment, whole: netAssets, share, limit: th.value, inclusive: th.inclusive, hit, zhWhat: '投资额', enWhat: 'investment' });
      return hit;
    },
    examples: [
      { args: [500, 1000], result: false },
      { args: [500.01, 1000], result: true },
    ],
  }),
  defineFunction({
    id: 'DDDECISION',
    section: 'guarantee',
    name: t('调查结论', 'due-diligence decision'),
    description: t(
      'A、B角与交叉审查人都同意则报保审会；审查人要求重评则重评；否则书面通知客户。给出姓名时须为三个不同的人',
      'submit to the review board when A, B and the cross-reviewer all agree; re-evaluate when the reviewer asks; else notify the client in writing. Names, when given, must be three different people',
    ),
    source: '第二篇 第二条 尽职调查实行双人落实制度；（三）部门经理的职责：审查客户经理提交的《企业（客户）调查评估报告书》的真实性、完整性；第十二条 交第三客户经理交叉审查……有权要求客户经理进行重评；第十三条 第三客户经理也同意担保的客户……送保审会复核，对于不同意报批的客户要及时以书面形式通知客户。',
    params: [
      req('label', 'opinionA', 'A角意见', t('A角意见：同意/agree/TRUE 或 不同意/disagree/FALSE', "manager A's opinion: agree/同意/TRUE or disagree/不同意/FALSE"), { labels: opinions }),
      req('label', 'opinionB', 'B角意见', t('B角意见', "manager B's opinion"), { labels: opinions }),
      req('label', 'opinionReviewer', '审查意见', t('第三客户经理意见：同意、不同意或 重评/reevaluate', "the cross-reviewer's opinion: agree, disagree or reevaluate/重评"), {
        labels: opinions,
      }),
      opt('text', 'managerA', 'A角姓名', t('A角姓名（可选）', "manager A's name (optional)"), null),
      opt('text', 'managerB', 'B角姓名', t('B角姓名（可选）', "manager B's name (optional)"), null),
      opt('text', 'reviewer', '审查人姓名', t('第三客户经理姓名（可选）', "the cross-reviewer's name (optional)"), null),
      opt(
        'label',
        'managerReview',
        '部门经理审查',
        t('部门经理对报告真实性、完整性的审查：同意，或 不同意（退回重评）；可选', "the department manager's review of the report's truth and completeness: agree, or disagree (sent back to re-evaluate); optional"),
        null,
        { labels: opinions },
      ),
    ],
    result: 'label',
    rule: ([a, b, r, ma, mb, mr, manager], { policy, trace }) => {
      const g = policy.guarantee;
      for (const [op, name] of [
        [a, t('A角意见', 'opinionA')],
        [b, t('B角意见', 'opinionB')],
      ] as const) {
        if (op === g.opinionLabels.reevaluate) return new ExcelError('#VALUE!', 'dd.reevaluateByReviewer', { fn: 'DDDECISION', param: name });
      }
      const seen = new Set<string>();
      for (const n of [ma, mb, mr]) {
        if (!n) continue;
        if (seen.has(n)) return new ExcelError('#VALUE!', 'dd.samePerson', { fn: 'DDDECISION', name: n });
        seen.add(n);
      }
      const agree = g.opinionLabels.agree;
      // 部门经理…审查报告书的真实性、完整性: a report the manager does not pass goes back to be redone.
      if (manager !== undefined && manager !== agree) {
        if (trace.on) trace.step(S.managerReview, { manager, result: g.decisions.reevaluate });
        return g.decisions.reevaluate;
      }
      const result = r === g.opinionLabels.reevaluate ? g.decisions.reevaluate : a === agree && b === agree && r === agree ? g.decisions.submit : g.decisions.notify;
      if (trace.on) trace.step(S.decision, { a, b, r, result });
      return result;
    },
    examples: [
      { args: ['同意', '同意', '同意'], result: '报保审会' },
      { args: ['同意', '不同意', '同意'], result: '书面通知客户' },
      { args: ['同意', '同意', '重评'], result: '重评' },
      { args: ['同意', '同意', '同意', '张三', '张三', '李四'], result: { error: '#VALUE!' } },
      { args: ['同意', '同意', '同意', null, null, null, '不同意'], result: '重评' },
    ],
  }),
];

