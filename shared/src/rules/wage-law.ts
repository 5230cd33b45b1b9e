import { defineFunction } from '../catalog/declare.js';
import { NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import type { Trace } from '../explain/trace.js';
import { tpl } from '../explain/trace.js';
import { reaches } from '../policy/thresholds.js';
import type { Decimal } from '../values/money.js';
import { ZERO, pdec, roundMoney, sumDec } from '../values/money.js';
import type { Lang, Scalar } from '../values/types.js';
import type { MarketingPolicy, PayLines } from './month-pay.js';

// The law beside the policy (第一篇): the policy is computed as written, and wherever PRC labour law
// would not let a result stand, the result says so where the clerk sees it.

const LAW = {
  negative: t('《劳动法》第50条、《工资支付暂行规定》第15条：不得克扣工资', 'Labour Law art. 50, Interim Provisions on Wage Payment art. 15: wages may not be docked'),
  minimum: t('《工资支付暂行规定》第16条、《最低工资规定》第12条', 'Interim Provisions on Wage Payment art. 16; Minimum Wage Provisions art. 12'),
  cap: t('《工资支付暂行规定》第16条；提成是工资（第15条）', 'Interim Provisions on Wage Payment art. 16; commission is wages (art. 15)'),
  withheld: t('提成是已挣的工资，不得克扣（《劳动法》第50条、《工资支付暂行规定》第15条）', 'commission earned is wages and may not be withheld (Labour Law art. 50; Interim Provisions art. 15)'),
  fines: t(
    '《企业职工奖惩条例》2008年废止（国务院令第516号）后，罚款没有法律依据',
    'fines have had no legal basis since the Regulations on Rewards and Punishments for Enterprise Employees were repealed in 2008 (State Council Decree 516)',
  ),
  dayWage: t(
    '日工资 = 月工资收入 ÷ 月计薪天数（劳社部发〔2008〕3号）；提成、奖金计入工资（《关于工资总额组成的规定》第4条）',
    "a day's wage is the month's wage income ÷ paid days a month (MOHRSS 2008 No. 3); commission and bonus are wages (Provisions on the Composition of Total Wages art. 4)",
  ),
  excessIsFine: t('超出部分实为罚款', 'the excess is in effect a fine'),
};

const FLAG_STEPS = {
  negative: tpl<{ label: string; net: Decimal }>(
    (p, f) => `⚠ ${p.label}：实发 ${f.m(p.net)} < 0（${LAW.negative['zh-CN']}）`,
    (p, f) => `⚠ ${f.g(p.label)}: net pay ${f.m(p.net)} < 0 (${LAW.negative.en})`,
  ),
  minimum: tpl<{ label: string; net: Decimal; minimumWage: number }>(
    (p, f) => `⚠ ${p.label}：实发 ${f.m(p.net)} < 当地最低工资 ${f.m(p.minimumWage)}（${LAW.minimum['zh-CN']}）`,
    (p, f) => `⚠ ${f.g(p.label)}: net pay ${f.m(p.net)} < the local minimum wage ${f.m(p.minimumWage)} (${LAW.minimum.en})`,
  ),
  cap: tpl<{ label: string; deductions: Decimal; wages: Decimal; ratio: Decimal | null; cap: number }>(
    (p, f) =>
      `⚠ ${p.label}：扣款合计 ${f.m(p.deductions)}（含扣发的提成）÷ 当月工资 ${f.m(p.wages)}（底薪 + 已挣提成 + 奖金）= ${p.ratio === null ? '—' : f.p(p.ratio)}，超过 ${f.p(p.cap)}（${LAW.cap['zh-CN']}）`,
    (p, f) =>
      `⚠ ${f.g(p.label)}: deductions ${f.m(p.deductions)} (commission withheld included) ÷ the month's wages ${f.m(p.wages)} (base + commission earned + bonus) = ${p.ratio === null ? '—' : f.p(p.ratio)}, over ${f.p(p.cap)} (${LAW.cap.en})`,
  ),
  withheld: tpl<{ label: string; commission: Decimal }>(
    (p, f) => `⚠ ${p.label}：当月已挣提成 ${f.m(p.commission)} 被扣发（${LAW.withheld['zh-CN']}）`,
    (p, f) => `⚠ ${f.g(p.label)}: commission of ${f.m(p.commission)} earned this month is withheld (${LAW.withheld.en})`,
  ),
  fines: tpl<{ label: string; fines: Decimal }>(
    (p, f) => `⚠ ${p.label}：旷工、迟到早退、脱岗罚款共 ${f.m(p.fines)}（${LAW.fines['zh-CN']}）`,
    (p, f) => `⚠ ${f.g(p.label)}: absence, lateness and off-post fines of ${f.m(p.fines)} (${LAW.fines.en})`,
  ),
  dayWage: tpl<{ label: string; over: boolean; perDay: number; wages: Decimal; paidDays: number; dayWage: Decimal }>(
    (p, f) =>
      `${p.over ? `⚠ ${p.label}：事假每天扣 ${f.m(p.perDay)}，超过` : `事假每天扣 ${f.m(p.perDay)}，不超过`}日工资 = 月工资收入（底薪 + 已挣提成 + 奖金）${f.m(p.wages)} ÷ ${f.n(p.paidDays)} = ${f.m(p.dayWage)}（${LAW.dayWage['zh-CN']}${p.over ? `；${LAW.excessIsFine['zh-CN']}` : ''}）`,
    (p, f) =>
      `${p.over ? `⚠ ${f.g(p.label)}: personal leave costs ${f.m(p.perDay)} a day, more than` : `personal leave costs ${f.m(p.perDay)} a day, not more than`} a day's wage = the month's wage income (base + commission earned + bonus) ${f.m(p.wages)} ÷ ${f.n(p.paidDays)} = ${f.m(p.dayWage)} (${LAW.dayWage.en}${p.over ? `; ${LAW.excessIsFine.en}` : ''})`,
  ),
  verdict: tpl<{ labels: string[]; compliant: string; net: Decimal; minimumWage: number; ratio: Decimal | null; cap: number }>(
    (p, f) =>
      p.labels.length
        ? `合规检查：${p.labels.join('；')}`
        : `合规检查：${p.compliant}（实发 ${f.m(p.net)} 不低于最低工资 ${f.m(p.minimumWage)}；扣款占工资 ${p.ratio === null ? '0%' : f.p(p.ratio)}，未超过 ${f.p(p.cap)}；无扣发提成、无罚款）`,
    (p, f) =>
      p.labels.length
        ? `compliance check: ${f.g(p.labels.join('；'))}`
        : `compliance check: ${f.g(p.compliant)} (net pay ${f.m(p.net)} is not below the minimum wage ${f.m(p.minimumWage)}; deductions are ${p.ratio === null ? '0%' : f.p(p.ratio)} of wages, not over ${f.p(p.cap)}; no commission withheld, no fines)`,
  ),
};

/**
 * The flags PRC labour law raises on a month's pay, most severe first: negative pay, pay below the
 * minimum wage, deductions over 20% of the month's wages (commission earned is wages, so commission
 * withheld is a deduction), commission withheld, fines, and a personal-leave deduction above a day's
 * wage, where a day's wage is the month's wage income (base, commission earned and bonus: all of it is
 * wages) ÷ the paid days a month (日工资 = 月工资收入 ÷ 21.75). Each flag's step names the law; none when
 * the pay would stand.
 */
export function payFlags(lines: PayLines, marketing: MarketingPolicy, trace: Trace): string[] {
  const flagLabels = marketing.wageCheckLabels;
  const { commissionEarned, forfeited, leaveDays } = lines.facts;
  const net = roundMoney(lines.netPay);
  const withheld = forfeited ? commissionEarned : ZERO;
  const fines = sumDec([lines.absenceFines, lines.latenessFines, lines.offPostFines]);
  const wages = sumDec([lines.basePay, commissionEarned, lines.bonus]);
  const deductions = sumDec([lines.absenceFines, lines.leaveDeductions, lines.latenessFines, lines.offPostFines, lines.otherDeductions, withheld]);
  const ratio = wages.isZero() ? null : deductions.dividedBy(wages);
  const cap = marketing.deductionCapRatio;
  const overCap = ratio === null ? deductions.greaterThan(0) : reaches(ratio, cap);
  const dayWage = wages.dividedBy(pdec(marketing.paidDaysPerMonth));
  const leaveOver = leaveDays > 0 && pdec(marketing.personalLeavePerDay).greaterThan(dayWage);
  const flags: string[] = [];
  if (net.isNegative()) {
    flags.push(flagLabels.negativePay);
    if (trace.on) trace.step(FLAG_STEPS.negative, { label: flagLabels.negativePay, net });
  }
  if (net.lessThan(pdec(marketing.minimumWage))) {
    flags.push(flagLabels.belowMinimumWage);
    if (trace.on) trace.step(FLAG_STEPS.minimum, { label: flagLabels.belowMinimumWage, net, minimumWage: marketing.minimumWage });
  }
  if (overCap) {
    flags.push(flagLabels.deductionsOverCap);
    if (trace.on) trace.step(FLAG_STEPS.cap, { label: flagLabels.deductionsOverCap, deductions, wages, ratio, cap: cap.value });
  }
  if (!withheld.isZero()) {
    flags.push(flagLabels.commissionWithheld);
    if (trace.on) trace.step(FLAG_STEPS.withheld, { label: flagLabels.commissionWithheld, commission: withheld });
  }
  if (fines.greaterThan(0)) {
    flags.push(flagLabels.fines);
    if (trace.on) trace.step(FLAG_STEPS.fines, { label: flagLabels.fines, fines });
  }
  if (leaveOver) flags.push(flagLabels.leaveOverDayWage);
  if (leaveDays > 0) {
    if (trace.on) trace.step(FLAG_STEPS.dayWage, { label: flagLabels.leaveOverDayWage, over: leaveOver, perDay: marketing.personalLeavePerDay, wages, paidDays: marketing.paidDaysPerMonth, dayWage });
  }
  if (trace.on) trace.step(FLAG_STEPS.verdict, { labels: flags, compliant: flagLabels.compliant, net, minimumWage: marketing.minimumWage, ratio, cap: cap.value });
  return flags;
}

/** PAYROLLCHECK's answer: the flags joined by "；", or the policy's word for compliant. */
export function payCheckText(flags: readonly string[], marketing: MarketingPolicy): string {
  return flags.length ? flags.join('；') : marketing.wageCheckLabels.compliant;
}

const LAWFUL_PAY_STEPS = {
  restPay: tpl<{ days: number; holiday: boolean; wage: Decimal; paidDays: number; dayWage: Decimal; multiplier: number; result: Decimal }>(
    (p, f) =>
      `${p.holiday ? '法定休假日' : '休息日'}加班工资 = 月工资 ${f.m(p.wage)} ÷ ${f.n(p.paidDays)} × ${f.n(p.days)} 天 × ${f.p(p.multiplier)} = ${f.m(p.result)}（日工资 ${f.m(p.wage)} ÷ ${f.n(p.paidDays)} ≈ ${f.m(p.dayWage)}；《劳动法》第44条${p.holiday ? '（三）' : '（二）'}）`,
    (p, f) =>
      `${p.holiday ? 'statutory-holiday' : 'rest-day'} overtime pay = the monthly wage ${f.m(p.wage)} ÷ ${f.n(p.paidDays)} × ${f.c(p.days, 'day', 'days')} × ${f.p(p.multiplier)} = ${f.m(p.result)} (a day's wage ${f.m(p.wage)} ÷ ${f.n(p.paidDays)} ≈ ${f.m(p.dayWage)}; Labour Law art. 44 ${p.holiday ? '(3)' : '(2)'})`,
  ),
  restPolicy: tpl<{ holiday: boolean; multiplier: number }>(
    (p, f) =>
      p.holiday
        ? `法定休假日安排工作的，须支付不低于 ${f.p(p.multiplier)} 的工资，不能以补休代替（《劳动法》第44条（三））；制度“如遇公司节日或重大活动日，营销经理需自动放弃休息日”不能免除这项工资`
        : `制度“如遇公司节日或重大活动日，营销经理需自动放弃休息日”不能免除这项工资：放弃的休息日须安排补休，不能安排补休的按上式支付（《劳动法》第44条（二））`,
    (p, f) =>
      p.holiday
        ? `work on a statutory holiday is paid at least ${f.p(p.multiplier)}, and time off cannot replace that pay (Labour Law art. 44 (3)); the policy's rule that managers give up their rest days on company festivals and events does not waive it`
        : `the policy's rule that managers give up their rest days on company festivals and events does not waive this pay: a rest day given up is owed time off in lieu, and this pay when none can be given (Labour Law art. 44 (2))`,
  ),
  dismissal: tpl<{ deposit: Decimal; wages: Decimal; commission: Decimal; lawful: Decimal }>(
    (p, f) =>
      `制度：开除只发押金 ${f.m(p.deposit)}，不发工资 ${f.m(p.wages)}、提成 ${f.m(p.commission)}。依法：解除劳动合同时一次付清已挣工资（《工资支付暂行规定》第9条），提成是工资${p.deposit.isZero() ? '' : '；押金本不得收取，应退还（《劳动合同法》第9条）'}：依法应付 ${f.m(p.lawful)}`,
    (p, f) =>
      `policy: dismissal pays only the deposit ${f.m(p.deposit)}, not the wages ${f.m(p.wages)} nor the commission ${f.m(p.commission)}. Law: wages earned are paid in full when the contract ends (Interim Provisions art. 9), and commission is wages${p.deposit.isZero() ? '' : '; a deposit may not be taken at all and is returned (Labour Contract Law art. 9)'}: owed ${f.m(p.lawful)}`,
  ),
};

/** What the law says of a dismissal paid as the policy pays it: each warning that applies, in the reader's language. */
const DISMISSAL_LAW = {
  wagesWithheld: t(
    '开除不发已挣工资提成违法（《劳动法》第50条、《工资支付暂行规定》第9条）',
    'withholding wages and commission earned on dismissal is unlawful (Labour Law art. 50; Interim Provisions on Wage Payment art. 9)',
  ),
  depositTaken: t('收取押金违法，应退还（《劳动合同法》第9条）', 'taking a deposit is unlawful, and it is owed back (Labour Contract Law art. 9)'),
};

/** The compliance row's text: 开除只发押金，不发工资提成 withholds what was earned; a deposit is warned of only when one is held. */
export function dismissalWarning(earnedWithheld: boolean, depositTaken: boolean, lang: Lang): string | undefined {
  const warnings = [earnedWithheld ? DISMISSAL_LAW.wagesWithheld : undefined, depositTaken ? DISMISSAL_LAW.depositTaken : undefined].filter((warning) => warning !== undefined);
  return warnings.length ? warnings.map((warning) => warning[lang]).join(lang === 'zh-CN' ? '；' : '; ') : undefined;
}

export const WAGE_LAW = [
  defineFunction({
    id: 'RESTDAYPAY',
    section: 'marketing',
    name: t('休息日加班工资', 'rest-day overtime pay'),
    description: t(
      '放弃的休息日（或法定休假日）依法应付的加班工资：月工资 ÷ 月计薪天数 × 天数 × 200%（法定休假日 300%，不能以补休代替）',
      'the overtime pay the law requires for rest days given up (or statutory holidays worked): the monthly wage ÷ paid days a month × days × 200% (300% on statutory holidays, which time off cannot replace)',
    ),
    source: '第一篇 一、2 B 营销部每月可排休一天，如不休者算自动放弃休假……如遇公司节日或重大活动日，营销经理需自动放弃休息日。',
    params: [
      req('number', 'days', '天数', t('放弃的休息日（或法定休假日加班）天数', 'rest days given up (or statutory holidays worked)'), { domain: NON_NEGATIVE }),
      opt('boolean', 'holiday', '法定休假日', t('TRUE 为法定休假日（300%），默认 FALSE 为休息日（200%）', 'TRUE for statutory holidays (300%); default FALSE, rest days (200%)'), false),
      opt('amount', 'monthlyWage', '月工资', t('计算日工资的月工资（元，默认取制度底薪）', 'the monthly wage a day’s wage is taken from (yuan, default: the policy’s base)'), (policy) => policy.marketing.baseSalary, {
        domain: NON_NEGATIVE,
      }),
    ],
    result: 'money',
    rule: ([days, holiday, wage], { policy, trace }) => {
      const marketing = policy.marketing;
      const multiplier = holiday ? marketing.holidayPayMultiplier : marketing.restDayPayMultiplier;
      const dayWage = wage.dividedBy(pdec(marketing.paidDaysPerMonth));
      const result = dayWage.times(days).times(pdec(multiplier));
      if (trace.on) trace.step(LAWFUL_PAY_STEPS.restPay, { days, holiday, wage, paidDays: marketing.paidDaysPerMonth, dayWage, multiplier, result });
      if (trace.on) trace.step(LAWFUL_PAY_STEPS.restPolicy, { holiday, multiplier });
      return result;
    },
    examples: [
      { args: [1], result: 275.86 },
      { args: [2, true], result: 827.59 },
      { args: [1, false, 4350], result: 400 },
    ],
  }),
  defineFunction({
    id: 'DISMISSALPAY',
    section: 'marketing',
    name: t('开除结算', 'pay on dismissal'),
    description: t(
      '开除时制度实发（只发押金）与依法应付（已挣工资、提成并退还押金），每行 [项目, 金额]；有不合法之处时最后一行为合规提示（按调用者的语言，收取了押金才提示押金）；溢出',
      'on dismissal, what the policy pays (the deposit only) beside what the law requires (wages and commission earned, the deposit returned), as rows of [item, amount]; when something would not stand, a last row warns of it (in the caller’s language; of the deposit only when one was taken); spills',
    ),
    source: '第一篇 四、8 注：开除只发押金，不发工资提成。',
    params: [
      req('amount', 'wagesEarned', '已挣工资', t('当月已挣的工资（元，不含提成）', 'wages earned and unpaid (yuan, commission excluded)'), { domain: NON_NEGATIVE }),
      req('amount', 'commissionEarned', '已挣提成', t('已挣未发的提成（元）', 'commission earned and unpaid (yuan)'), { domain: NON_NEGATIVE }),
      opt('amount', 'deposit', '押金', t('收取的押金（元，默认 0）', 'the deposit taken (yuan, default 0)'), 0, { domain: NON_NEGATIVE }),
    ],
    result: 'matrix',
    rule: ([wages, commission, deposit], { policy, trace, lang }): Scalar[][] => {
      const labels = policy.marketing.dismissalLabels;
      const earned = wages.plus(commission);
      const lawful = earned.plus(deposit);
      if (trace.on) trace.step(LAWFUL_PAY_STEPS.dismissal, { deposit, wages, commission, lawful });
      const money = (amount: Decimal) => roundMoney(amount).toNumber();
      const rows: Scalar[][] = [
        [labels.deposit, money(deposit)],
        [labels.wages, 0],
        [labels.commission, 0],
        [labels.policyPay, money(deposit)],
        [labels.lawfulPay, money(lawful)],
        [labels.shortfall, money(earned)],
      ];
      // The row's label is the policy's term, like every label of the result; the warning is text for the reader.
      const warning = dismissalWarning(!earned.isZero(), !deposit.isZero(), lang);
      if (warning !== undefined) rows.push([labels.compliance, warning]);
      return rows;
    },
    examples: [
      {
        args: [2400, 360, 500],
        result: [
          ['押金', 500],
          ['工资', 0],
          ['提成', 0],
          ['制度实发', 500],
          ['依法应付', 3260],
          ['少付', 2760],
          ['合规提示', `${DISMISSAL_LAW.wagesWithheld['zh-CN']}；${DISMISSAL_LAW.depositTaken['zh-CN']}`],
        ],
      },
      {
        args: [3000, 0],
        result: [
          ['押金', 0],
          ['工资', 0],
          ['提成', 0],
          ['制度实发', 0],
          ['依法应付', 3000],
          ['少付', 3000],
          ['合规提示', DISMISSAL_LAW.wagesWithheld['zh-CN']],
        ],
      },
    ],
  }),
];
