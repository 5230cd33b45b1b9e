import { defineFunction } from '../catalog/declare.js';
import { DIVISOR, NON_NEGATIVE, PROBABILITY, req, t } from '../catalog/params.js';
import type { Trace } from '../explain/trace.js';
import { tpl } from '../explain/trace.js';
import type { BandHit } from '../policy/thresholds.js';
import { band, boundText } from '../policy/thresholds.js';
import type { Decimal } from '../values/money.js';

// 第三篇 银行客户经理培训: 客户逾期行为预警, 将利润和风险统一起来衡量客户价值, 信贷风险评估.

const S = {
  loanClass: tpl<{ days: number; hit: BandHit<unknown>; label: string }>(
    (p, f) => `逾期 ${f.n(p.days)} 天${boundText(p.hit)}：${p.label}`,
    (p, f) => `${f.c(p.days, 'day', 'days')} past due${boundText(p.hit)}: ${f.g(p.label)}`,
  ),
  overdue: tpl<{ due: number; asOf: number; d: number; hit: BandHit<unknown>; label: string }>(
    (p, f) => `到期日 ${f.d(p.due)}，观察日 ${f.d(p.asOf)}，相差 ${p.d} 天${boundText(p.hit)}：${p.label}`,
    (p, f) => `due ${f.d(p.due)}, as of ${f.d(p.asOf)}: ${f.c(p.d, 'day', 'days')}${boundText(p.hit)}: ${f.g(p.label)}`,
  ),
  el: tpl<{ pd: number; lgd: number; ead: Decimal; result: Decimal }>(
    (p, f) => `预期损失 = 违约概率 ${f.p(p.pd)} × 违约损失率 ${f.p(p.lgd)} × 违约风险暴露 ${f.m(p.ead)} = ${f.m(p.result)}`,
    (p, f) => `expected loss = PD ${f.p(p.pd)} × LGD ${f.p(p.lgd)} × EAD ${f.m(p.ead)} = ${f.m(p.result)}`,
  ),
  value: tpl<{ revenue: Decimal; cost: Decimal; el: Decimal; result: Decimal }>(
    (p, f) => `客户价值 = 收入 ${f.m(p.revenue)} − 成本 ${f.m(p.cost)} − 预期损失 ${f.m(p.el)} = ${f.m(p.result)}`,
    (p, f) => `customer value = revenue ${f.m(p.revenue)} − cost ${f.m(p.cost)} − expected loss ${f.m(p.el)} = ${f.m(p.result)}`,
  ),
  raroc: tpl<{ value: Decimal; capital: Decimal; result: Decimal }>(
    (p, f) => `风险调整收益率 = 客户价值 ${f.m(p.value)} ÷ 经济资本 ${f.m(p.capital)} = ${f.p(p.result)}`,
    (p, f) => `RAROC = customer value ${f.m(p.value)} ÷ economic capital ${f.m(p.capital)} = ${f.p(p.result)}`,
  ),
};

function expectedLoss(pd: number, lgd: number, ead: Decimal, trace: Trace): Decimal {
  const result = ead.times(pd).times(lgd);
  if (trace.on) trace.step(S.el, { pd, lgd, ead, result });
  return result;
}

function customerValue([revenue, cost, pd, lgd, ead]: [Decimal, Decimal, number, number, Decimal], trace: Trace): Decimal {
  const el = expectedLoss(pd, lgd, ead, trace);
  const result = revenue.minus(cost).minus(el);
  if (trace.on) trace.step(S.value, { revenue, cost, el, result });
  return result;
}

const LOSS_PARAMS = [
  req('number', 'pd', '违约概率', t('违约概率 PD，0–1', 'probability of default, 0–1'), { domain: PROBABILITY }),
  req('number', 'lgd', '违约损失率', t('违约损失率 LGD，0–1', 'loss given default, 0–1'), { domain: PROBABILITY }),
  req('amount', 'ead', '风险暴露', t('违约风险暴露 EAD（元）', 'exposure at default (yuan)'), { domain: NON_NEGATIVE }),
] as const;

const VALUE_PARAMS = [
  req('amount', 'revenue', '收入', t('客户带来的收入（元）', 'revenue from the customer (yuan)'), { domain: NON_NEGATIVE }),
  req('amount', 'cost', '成本', t('服务该客户的成本（元）', 'cost of serving the customer (yuan)'), { domain: NON_NEGATIVE }),
  ...LOSS_PARAMS,
] as const;

export const BANK = [
  defineFunction({
    id: 'LOANCLASS',
    section: 'bank',
    name: t('五级分类', 'loan classification'),
    description: t(
      '按逾期天数可归入的最轻风险分类：正常、关注、次级、可疑、损失（《商业银行金融资产风险分类办法》2023）',
      'the least severe of the five classes the days past due allow (2023 risk classification measures)',
    ),
    source: '第三篇 二、6 信贷风险评估及借款人信用分析；《商业银行金融资产风险分类办法》（2023）第十条至第十三条。',
    params: [req('number', 'daysPastDue', '逾期天数', t('逾期天数（未逾期为 0）', 'days past due (0 when not overdue)'))],
    result: 'label',
    rule: ([days], { policy, trace }) => {
      const hit = band(days, policy.bank.loanClasses);
      if (trace.on) trace.step(S.loanClass, { days, hit, label: hit.value });
      return hit.value;
    },
    examples: [
      { args: [0], result: '正常' },
      { args: [1], result: '关注' },
      { args: [90], result: '关注' },
      { args: [91], result: '次级' },
      { args: [361], result: '损失' },
    ],
  }),
  defineFunction({
    id: 'OVERDUEALERT',
    section: 'bank',
    name: t('逾期预警', 'overdue alert'),
    description: t('按观察日与到期日相差的天数给出预警级别', 'the alert level for the days between the due date and the as-of date'),
    source: '第三篇 一、6 客户逾期行为预警。',
    params: [
      req('date', 'dueDate', '到期日', t('还款到期日', 'the due date')),
      req('date', 'asOf', '观察日', t('观察日（如今天）', 'the as-of date (e.g. today)')),
    ],
    result: 'label',
    rule: ([due, asOf], { policy, trace }) => {
      const d = asOf - due;
      const hit = band(d, policy.bank.overdueAlerts);
      if (trace.on) trace.step(S.overdue, { due, asOf, d, hit, label: hit.value });
      return hit.value;
    },
    examples: [
      { args: [43631, 43620], result: '正常' },
      { args: [43631, 43661], result: '一级预警' },
    ],
  }),
  defineFunction({
    id: 'EXPECTEDLOSS',
    section: 'bank',
    name: t('预期损失', 'expected loss'),
    description: t('违约概率 × 违约损失率 × 违约风险暴露', 'PD × LGD × EAD'),
    source: '第三篇 一、8 将利润和风险统一起来衡量客户价值。',
    params: LOSS_PARAMS,
    result: 'money',
    rule: ([pd, lgd, ead], { trace }) => expectedLoss(pd, lgd, ead, trace),
    examples: [
      { args: [0.02, 0.45, 1000000], result: 9000 },
      { args: [1.2, 0.45, 1000], result: { error: '#NUM!' } },
    ],
  }),
  defineFunction({
    id: 'CUSTOMERVALUE',
    section: 'bank',
    name: t('客户价值', 'customer value'),
    description: t('收入 − 成本 − 预期损失', 'revenue − cost − expected loss'),
    source: '第三篇 一、8 将利润和风险统一起来衡量客户价值。',
    params: VALUE_PARAMS,
    result: 'money',
    rule: (args, { trace }) => customerValue(args, trace),
    examples: [{ args: [80000, 30000, 0.02, 0.45, 1000000], result: 41000 }],
  }),
  defineFunction({
    id: 'RAROC',
    section: 'bank',
    name: t('风险调整收益率', 'risk-adjusted return'),
    description: t('客户价值 ÷ 经济资本', 'customer value ÷ economic capital'),
    source: '第三篇 一、8 将利润和风险统一起来衡量客户价值；三、6 客户利润的计算/量度表现。',
    params: [...VALUE_PARAMS, req('amount', 'capital', '经济资本', t('占用的经济资本（元）', 'economic capital held (yuan)'), { domain: DIVISOR })],
    result: 'ratio',
    rule: ([revenue, cost, pd, lgd, ead, capital], { trace }) => {
      const value = customerValue([revenue, cost, pd, lgd, ead], trace);
      const result = value.dividedBy(capital);
      if (trace.on) trace.step(S.raroc, { value, capital, result });
      return result;
    },
    examples: [{ args: [80000, 30000, 0.02, 0.45, 1000000, 100000], result: 0.41 }],
  }),
];
