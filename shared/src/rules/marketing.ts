import { defineFunction } from '../catalog/declare.js';
import { NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import { MINUTES, sayBoundary } from '../explain/boundary.js';
import { workingDayNote } from '../explain/working-days.js';
import type { Trace } from '../explain/trace.js';
import { tpl } from '../explain/trace.js';
import { cachedPerPolicy, labelSet, normalizeLabel } from '../policy/labels.js';
import { reaches } from '../policy/thresholds.js';
import { backToWorkingDay } from '../values/calendar.js';
import { addMonths, civilFromSerial, serialFromCivil } from '../values/dates.js';
import type { Decimal } from '../values/money.js';
import { ZERO, dec, pdec, roundMoney, sumDec } from '../values/money.js';
import type { Scalar } from '../values/types.js';
import type { MarketingPolicy, PayLines } from './month-pay.js';
import { absenceFineOf, basePayOf, commissionOf, convertedDays, forfeitOf, latenessOf, payLinesOf, personalLeaveOf } from './month-pay.js';
import { payCheckText, payFlags } from './wage-law.js';

// 第一篇 营销部: pay, commission, attendance fines and discipline of the marketing department.

const STEPS = {
  sickWithProof: tpl<{ days: number }>(
    (p, f) => `病假 ${f.n(p.days)} 天，持医院证明：不扣款`,
    (p, f) => `sick leave, ${f.c(p.days, 'day', 'days')} with a hospital certificate: no deduction`,
  ),
  sickNoProof: tpl<{ days: number; asAbsence: boolean }>(
    (p, f) => `病假 ${f.n(p.days)} 天，无医院证明：${p.asAbsence ? '按旷工处理' : '按事假处理'}`,
    (p, f) => `sick leave, ${f.c(p.days, 'day', 'days')} without a certificate: counted as ${p.asAbsence ? 'absence' : 'personal leave'}`,
  ),
  offPost: tpl<{ minutes: number; limit: number; inclusive: boolean; fine: number; off: boolean }>(
    (p, f) =>
      p.off
        ? `离岗 ${f.n(p.minutes)} 分钟，${p.inclusive ? `达到 ${p.limit} 分钟以上` : `超过 ${p.limit} 分钟`}算脱岗：罚款 ${f.m(p.fine)}`
        : `离岗 ${f.n(p.minutes)} 分钟，${p.inclusive ? '不足' : '未超过'} ${p.limit} 分钟：不算脱岗`,
    (p, f) =>
      p.off
        ? `away ${f.n(p.minutes)} min, ${p.inclusive ? 'at least' : 'over'} ${p.limit} min is off post: fine ${f.m(p.fine)}`
        : `away ${f.n(p.minutes)} min, ${p.inclusive ? 'under' : 'not over'} ${p.limit} min: not off post`,
  ),
  payDate: tpl<{ date: number; result: number; months: number; day: number }>(
    (p, f) => `${f.d(p.date)} 所在月份的提成于${p.months === 0 ? '当月' : p.months === 1 ? '次月' : ` ${p.months} 个月后的`} ${p.day} 日发放：${f.d(p.result)}`,
    (p, f) =>
      `commission for the month of ${f.d(p.date)} is paid on day ${p.day} of ${p.months === 0 ? 'the same month' : p.months === 1 ? 'the next month' : `the month ${p.months} months later`}: ${f.d(p.result)}`,
  ),
  booking: tpl<{ registered: number; arrived: number; lead: Decimal; limit: number; valid: boolean }>(
    (p, f) =>
      `登记 ${f.dt(p.registered)}，到店 ${f.dt(p.arrived)}，提前 ${f.n(p.lead)} 分钟；须提前 ${p.limit} 分钟登记：${p.valid ? '定台有效' : '定台无效'}`,
    (p, f) =>
      `registered ${f.dt(p.registered)}, arrived ${f.dt(p.arrived)}: ${f.n(p.lead)} min ahead; ${p.limit} min needed: ${p.valid ? 'valid' : 'not valid'}`,
  ),
  compAllowance: tpl<{ spend: Decimal; rate: number; result: Decimal }>(
    (p, f) => `签送额度 = ${f.m(p.spend)} × ${f.p(p.rate)} = ${f.m(p.result)}`,
    (p, f) => `comp allowance = ${f.m(p.spend)} × ${f.p(p.rate)} = ${f.m(p.result)}`,
  ),
  compFine: tpl<{
    comped: Decimal;
    allowance: Decimal;
    over: boolean;
    drinks: boolean;
    notAllowed: string[];
    allowed: string[];
    notOwn: boolean;
    violation: boolean;
    multiplier: number;
    result: Decimal;
  }>(
    (p, f) => {
      const why = [
        p.over ? `超过额度 ${f.m(p.allowance)}` : '',
        p.drinks ? '含酒水' : '',
        p.notAllowed.length ? `含不可签送的 ${p.notAllowed.join('、')}（可签送：${p.allowed.join('、')}）` : '',
        p.notOwn ? '按定台量签送的不是自己的定台' : '',
      ].filter(Boolean);
      return p.violation
        ? `签送 ${f.m(p.comped)}，${why.join('，')}：违规签送，罚款 = ${f.m(p.comped)} × ${f.n(p.multiplier)} = ${f.m(p.result)}`
        : `签送 ${f.m(p.comped)} 未超过额度 ${f.m(p.allowance)}，无酒水或清单外项目，是自己的定台：不罚款`;
    },
    (p, f) => {
      const why = [
        p.over ? `above the allowance ${f.m(p.allowance)}` : '',
        p.drinks ? 'including drinks' : '',
        p.notAllowed.length ? `including ${p.notAllowed.map(f.g).join(', ')}, which may not be comped (allowed: ${p.allowed.map(f.g).join(', ')})` : '',
        p.notOwn ? 'comped by booking volume on a booking that is not their own' : '',
      ].filter(Boolean);
      return p.violation
        ? `comped ${f.m(p.comped)}, ${why.join('; ')}: a violation, fine = ${f.m(p.comped)} × ${f.n(p.multiplier)} = ${f.m(p.result)}`
        : `comped ${f.m(p.comped)} within the allowance ${f.m(p.allowance)}, no drinks or items off the list, own booking: no fine`;
    },
  ),
  poach: tpl<{ revenue: Decimal; multiplier: number; result: Decimal }>(
    (p, f) => `抢客罚款 = 当桌业绩 ${f.m(p.revenue)} × ${f.n(p.multiplier)} = ${f.m(p.result)}`,
    (p, f) => `poaching fine = the table's revenue ${f.m(p.revenue)} × ${f.n(p.multiplier)} = ${f.m(p.result)}`,
  ),
  notice: tpl<{ date: number; months: number; policyDate: number; probation: boolean; days: number; lawDate: number; result: number }>(
    (p, f) =>
      `${f.d(p.date)} 提交离职报告。制度：提前 ${p.months} 个月 → ${f.d(p.policyDate)}；法律：${p.probation ? '试用期内' : ''}提前 ${p.days} 日书面通知即可解除（《劳动合同法》第37条）→ ${f.d(p.lawDate)}。制度不能延长法定通知期，最早离职日取较早者：${f.d(p.result)}`,
    (p, f) =>
      `notice given ${f.d(p.date)}. Policy: ${f.c(p.months, 'month', 'months')} ahead → ${f.d(p.policyDate)}; law: ${f.c(p.days, 'day', 'days')}' written notice${p.probation ? ' during probation' : ''} (Labour Contract Law art. 37) → ${f.d(p.lawDate)}. A policy cannot lengthen the statutory notice, so the earlier applies: ${f.d(p.result)}`,
  ),
  wage: tpl<{ gross: Decimal; deductions: Decimal; net: Decimal; minimumWage: Decimal; ratio: Decimal | null; cap: number; label: string }>(
    (p, f) =>
      `扣除后 ${f.m(p.gross)} − ${f.m(p.deductions)} = ${f.m(p.net)}，最低工资 ${f.m(p.minimumWage)}；扣款占工资 ${p.ratio === null ? '—' : f.p(p.ratio)}，上限 ${f.p(p.cap)}：${p.label}`,
    (p, f) =>
      `after deductions ${f.m(p.gross)} − ${f.m(p.deductions)} = ${f.m(p.net)}, minimum wage ${f.m(p.minimumWage)}; deductions are ${p.ratio === null ? '—' : f.p(p.ratio)} of the wage, cap ${f.p(p.cap)}: ${f.g(p.label)}`,
  ),
};

const PAY_DAY_LAW = t(
  '《工资支付暂行规定》第7条，遇节假日或休息日，提前在最近的工作日支付',
  'Interim Provisions on Wage Payment art. 7: on a holiday or rest day, pay on the nearest working day before',
);

/** 工资支付暂行规定 art. 7: a pay day on a rest day or a holiday moves to the nearest working day before it. */
function workingDayOnOrBefore(serial: number, trace: Trace): number {
  const days = backToWorkingDay(serial);
  workingDayNote(trace, days, PAY_DAY_LAW);
  return days.at(-1)!.serial;
}

const revenueParam = req('amount', 'revenue', '业绩', t('当月定台业绩（元）', "the month's booked revenue (yuan)"), { domain: NON_NEGATIVE });
const probationParam = opt('boolean', 'probation', '试用期', t('是否在试用期内（默认 FALSE）', 'whether in probation (default FALSE)'), false);

/** PAYROLL's parameters, shared by PAYSLIP and PAYROLLCHECK: one month of one manager. */
export const PAY_PARAMS = [
  revenueParam,
  req('number', 'absenceDays', '旷工天数', t('当月旷工天数', 'days of absence this month'), { domain: NON_NEGATIVE }),
  req('number', 'leaveDays', '事假天数', t('当月事假天数', 'days of personal leave this month'), { domain: NON_NEGATIVE }),
  opt('numbers', 'lateMinutes', '迟到分钟', t('每次迟到的分钟数（区域）', 'minutes late, one cell per time (range)'), null),
  opt('numbers', 'earlyMinutes', '早退分钟', t('每次早退的分钟数（区域）', 'minutes left early, one cell per time (range)'), null),
  opt('numbers', 'offPostMinutes', '离岗分钟', t('每次离开营业场所的分钟数（区域）', 'minutes away from the premises, one cell per time (range)'), null),
  opt('amount', 'otherDeductions', '其他扣款', t('其他扣款（元，默认 0）', 'other deductions (yuan, default 0)'), 0, { domain: NON_NEGATIVE }),
  probationParam,
  opt('amount', 'bonus', '奖金', t('当月奖金（元，默认 0）：营销经理按底薪+提成+奖金计算', "the month's bonus (yuan, default 0): pay is base + commission + bonus"), 0, {
    domain: NON_NEGATIVE,
  }),
] as const;

const leaveTypes = cachedPerPolicy((policy) => labelSet(Object.entries(policy.marketing.leaveTypes).map(([term, { en }]) => [term, [en]] as const)));

const lateParams = (what: string, whatEn: string) =>
  [
    req('number', 'minutes', '分钟数', t(`${what}的分钟数`, `minutes ${whatEn}`)),
    opt('boolean', 'excused', '特殊情况', t('有特殊情况或上级安排时为 TRUE（不罚）', 'TRUE when excused by a special situation or a superior (no fine)'), false),
  ] as const;

/**
 * What a manager may comp, by every name the source uses (三、1 水果盘、小吃（花生米、爆米花）; B 小吃果盘):
 * the items of the list (marketing.compItems) and the source's other names for them
 * (marketing.compItemNames: 果盘 is 水果盘), matched as labels are (case, width and spaces ignored;
 * English aliases too). Another name counts only while every item it stands for is on the list.
 */
export const compItemNames = cachedPerPolicy((policy): ReadonlySet<string> => {
  const onList = labelSet(Object.entries(policy.marketing.compItems).map(([term, { en }]) => [term, [en]] as const));
  const names = new Set(onList.lookup.keys());
  for (const [name, { en, items }] of Object.entries(policy.marketing.compItemNames)) {
    if (items.every((item) => onList.lookup.has(item))) for (const key of [name, normalizeLabel(name), normalizeLabel(en)]) names.add(key);
  }
  return names;
});

/** PAYSLIP's rows, in the order a slip is read; 奖金 only when there is a bonus. */
function payslipRows(lines: PayLines, marketing: MarketingPolicy, flags: readonly string[]): Scalar[][] {
  const labels = marketing.payslipLabels;
  const earnings = [lines.basePay, lines.commission, lines.bonus].map(roundMoney);
  const deductions = [lines.absenceFines, lines.leaveDeductions, lines.latenessFines, lines.offPostFines, lines.otherDeductions].map(roundMoney);
  const rows: Scalar[][] = [
    [labels.basePay, earnings[0]!.toNumber()],
    [labels.commission, earnings[1]!.toNumber()],
  ];
  if (!lines.bonus.isZero()) rows.push([labels.bonus, earnings[2]!.toNumber()]);
  const deductionLabels = [labels.absenceFines, labels.leaveDeductions, labels.latenessFines, labels.offPostFines, labels.otherDeductions];
  deductions.forEach((amount, i) => rows.push([deductionLabels[i]!, amount.toNumber()]));
  // Each line is rounded to the fen and the net once, from the unrounded sum: when they differ, a
  // rounding row (尾差) makes the slip add up, so that the clerk can check it by hand.
  const net = roundMoney(lines.netPay);
  const rounding = net.minus(sumDec(earnings).minus(sumDec(deductions)));
  if (!rounding.isZero()) rows.push([labels.rounding, rounding.toNumber()]);
  rows.push([labels.netPay, net.toNumber()]);
  if (flags.length) rows.push([labels.compliance, flags.join('；')]);
  return rows;
}

export const MARKETING = [
  defineFunction({
    id: 'COMMISSION',
    section: 'marketing',
    name: t('提成金额', 'commission'),
    description: t('当月业绩超出任务部分按提成比例计算的提成', "commission on the month's revenue above the target"),
    source: '第一篇 二、1 每月完成任务额后，超出业绩按3%提成，计次月15日发放。',
    params: [revenueParam],
    result: 'money',
    rule: ([revenue], { policy, trace }) => commissionOf(revenue, policy.marketing.monthlyTarget, policy.marketing.commissionRate, trace),
    examples: [
      { args: [52000], result: 360 },
      { args: [40000], result: 0 },
      { args: [40000.5], result: 0.02 },
      { args: [-1], result: { error: '#NUM!' } },
      { args: ['abc'], result: { error: '#VALUE!' } },
    ],
  }),
  defineFunction({
    id: 'BASEPAY',
    section: 'marketing',
    name: t('底薪金额', 'base pay'),
    description: t('当月底薪；未完成任务时按制度的 baseShortfallRule 处理', "the month's base pay; below target as the policy's baseShortfallRule says"),
    source: '第一篇 二、1 底薪：3000/月包括完成任务4万定台业绩为准。二、2 试用期为一个月，底薪按3000元/每月（需完成4万/月的业绩）。',
    params: [revenueParam, probationParam],
    result: 'money',
    rule: ([revenue, probation], { policy, trace }) => basePayOf(revenue, probation, policy.marketing, trace),
    examples: [{ args: [30000], result: 3000 }],
  }),
  defineFunction({
    id: 'LATEFINE',
    section: 'marketing',
    name: t('迟到罚款', 'lateness fine'),
    description: t('一次迟到的罚款；超过半小时按旷工一天扣罚', 'the fine for one late arrival; over half an hour is a day of absence'),
    source: '第一篇 一、D 迟到：如没有特殊情况或有公事需要处理，迟到半小时以内罚50元，半小时以上按旷工处理。',
    params: lateParams('迟到', 'late'),
    result: 'money',
    rule: ([minutes, excused], { policy, trace }) => latenessOf('late', minutes, excused, policy.marketing, trace).fine,
    examples: [
      { args: [10], result: 50 },
      { args: [30], result: 50 },
      { args: [31], result: 200 },
      { args: [0], result: 0 },
      { args: [45, true], result: 0 },
    ],
  }),
  defineFunction({
    id: 'EARLYFINE',
    section: 'marketing',
    name: t('早退罚款', 'early-leave fine'),
    description: t('一次早退的罚款；超过半小时按旷工一天扣罚', 'the fine for leaving early once; over half an hour is a day of absence'),
    source: '第一篇 一、C 早退：如没有特殊情况或上级领导安排等情况，早退半小时以上者记为旷工处理，半小时以内罚50元/次。',
    params: lateParams('早退', 'left early'),
    result: 'money',
    rule: ([minutes, excused], { policy, trace }) => latenessOf('early', minutes, excused, policy.marketing, trace).fine,
    examples: [
      { args: [15], result: 50 },
      { args: [40], result: 200 },
    ],
  }),
  defineFunction({
    id: 'ABSENCEFINE',
    section: 'marketing',
    name: t('旷工罚款', 'absence fine'),
    description: t('旷工天数 × 每天扣罚金额', 'days of absence × the fine per day'),
    source: '第一篇 一、A 旷工一天扣罚200元。',
    params: [req('number', 'days', '天数', t('旷工天数', 'days of absence'), { domain: NON_NEGATIVE })],
    result: 'money',
    rule: ([days], { policy, trace }) => absenceFineOf(days, policy.marketing, trace),
    examples: [{ args: [2], result: 400 }],
  }),
  defineFunction({
    id: 'LEAVEDEDUCT',
    section: 'marketing',
    name: t('请假扣款', 'leave deduction'),
    description: t('事假按天扣款；病假持证明不扣，无证明按旷工', 'personal leave is deducted per day; sick leave with proof is free, without proof it is absence'),
    source: '第一篇 一、A 病假需持区级以上医院的病例证明、收据及病假条，否则算旷工。B 事假一天扣300元/天。',
    params: [
      req('number', 'days', '天数', t('请假天数', 'days of leave'), { domain: NON_NEGATIVE }),
      opt('label', 'type', '假别', t('事假/personal 或 病假/sick（默认 事假）', 'personal/事假 or sick/病假 (default personal)'), (policy) => policy.marketing.defaultLeaveType, {
        labels: leaveTypes,
      }),
      opt('boolean', 'hasProof', '有证明', t('病假是否有区级以上医院证明（默认 TRUE）', 'whether sick leave has a hospital certificate (default TRUE)'), true),
    ],
    result: 'money',
    rule: ([days, type, hasProof], { policy, trace }) => {
      const marketing = policy.marketing;
      if (marketing.leaveTypes[type]!.kind === 'personal') return personalLeaveOf(days, marketing, trace);
      if (hasProof) {
        if (trace.on) trace.step(STEPS.sickWithProof, { days });
        return ZERO;
      }
      const asAbsence = marketing.sickLeaveWithoutProof === 'absence';
      if (trace.on) trace.step(STEPS.sickNoProof, { days, asAbsence });
      return asAbsence ? absenceFineOf(days, marketing, trace) : personalLeaveOf(days, marketing, trace);
    },
    examples: [
      { args: [2], result: 600 },
      { args: [2, '病假', false], result: 400 },
      { args: [2, 'sick', true], result: 0 },
    ],
  }),
  defineFunction({
    id: 'OFFPOSTFINE',
    section: 'marketing',
    name: t('脱岗罚款', 'off-post fine'),
    description: t('营业时间离开营业场所达到规定分钟算脱岗并罚款', 'leaving the premises during business hours for the set minutes or more is off post and fined'),
    source: '第一篇 四、6 如离开营业场所20分钟以上的算脱岗，脱岗罚50元/次。',
    params: [req('number', 'minutes', '分钟数', t('离开营业场所的分钟数', 'minutes away from the premises'))],
    result: 'money',
    rule: ([minutes], { policy, trace }) => {
      const marketing = policy.marketing;
      const off = reaches(minutes, marketing.offPostMinutes);
      sayBoundary(trace, minutes, marketing.offPostMinutes, MINUTES);
      if (trace.on) trace.step(STEPS.offPost, { minutes, limit: marketing.offPostMinutes.value, inclusive: marketing.offPostMinutes.inclusive, fine: marketing.offPostFine, off });
      return off ? pdec(marketing.offPostFine) : ZERO;
    },
    examples: [
      { args: [19], result: 0 },
      { args: [20], result: 50 },
    ],
  }),
  defineFunction({
    id: 'FORFEIT',
    section: 'marketing',
    name: t('提成扣发', 'commission forfeited'),
    description: t(
      '旷工（含超过半小时的迟到早退）达到规定天数，或事假超过规定天数时，扣发当月提成',
      "TRUE when absence (counting lateness over half an hour as a day) or personal leave reaches the limit that forfeits the month's commission",
    ),
    source: '第一篇 一、A 旷工3天以上扣罚当月业绩提成；B 事假……超过5天以上者扣发当月业绩提成。',
    params: [
      req('number', 'absenceDays', '旷工天数', t('当月旷工天数', 'days of absence this month'), { domain: NON_NEGATIVE }),
      req('number', 'leaveDays', '事假天数', t('当月事假天数', 'days of personal leave this month'), { domain: NON_NEGATIVE }),
      opt('numbers', 'lateMinutes', '迟到分钟', t('每次迟到的分钟数（区域）', 'minutes late, one cell per time (range)'), null),
      opt('numbers', 'earlyMinutes', '早退分钟', t('每次早退的分钟数（区域）', 'minutes left early, one cell per time (range)'), null),
    ],
    result: 'boolean',
    rule: ([absenceDays, leaveDays, late, early], { policy, trace }) =>
      forfeitOf(absenceDays, leaveDays, convertedDays(late, early, policy.marketing), policy.marketing, trace),
    examples: [
      { args: [2, 0, [[45]]], result: true },
      { args: [2, 0], result: false },
      { args: [0, 5], result: false },
      { args: [0, 6], result: true },
    ],
  }),
  defineFunction({
    id: 'PAYROLL',
    section: 'marketing',
    name: t('实发工资', 'net pay'),
    description: t(
      '底薪 + 提成 + 奖金 − 旷工、事假、迟到早退、脱岗及其他扣款；说明的最后列出劳动法律的合规提示',
      'base pay + commission + bonus − absence, leave, lateness, off-post and other deductions; the explanation ends with the labour-law flags',
    ),
    source: '第一篇 二、1 营销经理按底薪<任务>+提成+奖金计算；一、考勤制度的扣款与罚款。',
    params: PAY_PARAMS,
    result: 'money',
    rule: (args, { policy, trace }) => {
      const lines = payLinesOf(args, policy.marketing, trace);
      if (trace.on) payFlags(lines, policy.marketing, trace);
      return lines.netPay;
    },
    examples: [
      { args: [52000, 1, 2, [[10, 45]], [], [[25]], 0], result: 2260 },
      { args: [52000, 1, 2, [[10, 45]], [], [[25]], 0, false, 500], result: 2760 },
      { args: [30000, 5, 6], result: 200, policy: 'default@2019.05' },
      { args: [0, 10, 10], result: -2000 },
    ],
  }),
  defineFunction({
    id: 'PAYSLIP',
    section: 'marketing',
    name: t('工资明细', 'payslip'),
    description: t(
      '实发工资的各项明细，每行 [项目, 金额]：底薪、提成、奖金（有奖金时）、各项扣款、尾差（各行四舍五入后合计与实发不等时）、实发工资，不合规时最后一行为合规提示；溢出到相邻单元格',
      'the lines of net pay as rows of [item, amount]: base, commission, bonus (when there is one), each deduction, a rounding row (when the rounded lines do not add up to the net), net pay, and a compliance row when the pay would not stand; spills',
    ),
    source: '第一篇 二、1 营销经理按底薪<任务>+提成+奖金计算。',
    params: PAY_PARAMS,
    result: 'matrix',
    rule: (args, { policy, trace }) => {
      const lines = payLinesOf(args, policy.marketing, trace);
      return payslipRows(lines, policy.marketing, payFlags(lines, policy.marketing, trace));
    },
    examples: [
      {
        args: [52000, 1, 2, [[10, 45]], [], [[25]], 0],
        result: [
          ['底薪', 3000],
          ['业绩提成', 360],
          ['旷工扣款', 400],
          ['事假扣款', 600],
          ['迟到早退罚款', 50],
          ['脱岗罚款', 50],
          ['其他扣款', 0],
          ['实发工资', 2260],
          ['合规提示', '低于最低工资；扣款超20%；含罚款；事假扣款超日工资'],
        ],
      },
      {
        args: [40000.5, 0, 0, [], [], [], 0, false, 0.005],
        result: [
          ['底薪', 3000],
          ['业绩提成', 0.02],
          ['奖金', 0.01],
          ['旷工扣款', 0],
          ['事假扣款', 0],
          ['迟到早退罚款', 0],
          ['脱岗罚款', 0],
          ['其他扣款', 0],
          ['尾差', -0.01],
          ['实发工资', 3000.02],
        ],
      },
    ],
  }),
  defineFunction({
    id: 'PAYROLLCHECK',
    section: 'marketing',
    name: t('工资合规检查', 'payroll compliance check'),
    description: t(
      '按 PAYROLL 的同一组参数检查当月工资是否为劳动法律所允许：列出所有适用的提示（最严重的在前，以“；”分隔），都没有时为“合规”',
      "checks a month's pay (PAYROLL's parameters) against PRC labour law: every flag that applies, most severe first, joined by “；”, or 合规 (compliant)",
    ),
    source:
      '第一篇 二、1 营销经理按底薪<任务>+提成+奖金计算；《工资支付暂行规定》第十五条：用人单位不得克扣劳动者工资；第十六条：每月扣除的部分不得超过劳动者当月工资的20%。若扣除后的剩余工资部分低于当地月最低工资标准，则按最低工资标准支付。',
    params: PAY_PARAMS,
    result: 'label',
    rule: (args, { policy, trace }) => {
      const lines = payLinesOf(args, policy.marketing, trace);
      return payCheckText(payFlags(lines, policy.marketing, trace), policy.marketing);
    },
    examples: [
      { args: [52000, 1, 2, [[10, 45]], [], [[25]], 0], result: '低于最低工资；扣款超20%；含罚款；事假扣款超日工资', policy: 'default@2025.09' },
      { args: [52000, 1, 2, [[10, 45]], [], [[25]], 0], result: '扣款超20%；含罚款；事假扣款超日工资', policy: 'default@2019.05' },
      { args: [30000, 5, 6], result: '低于最低工资；扣款超20%；含罚款；事假扣款超日工资', policy: 'default@2019.05' },
      { args: [0, 10, 10], result: '实发为负；低于最低工资；扣款超20%；含罚款；事假扣款超日工资' },
      { args: [200000, 3, 0], result: '扣款超20%；扣发提成；含罚款', policy: 'default@2019.05' },
      { args: [52000, 0, 0], result: '合规' },
    ],
  }),
  defineFunction({
    id: 'PAYDATE',
    section: 'marketing',
    name: t('提成发放日', 'commission pay date'),
    description: t(
      '该月提成的发放日：次月15日；遇休息日或法定节假日，提前到最近的工作日（按国务院节假日安排，数据覆盖年份以外只避开周末）',
      "the day the month's commission is paid: the 15th of the next month, moved to the nearest working day before it when that is a rest day or a public holiday (China's official arrangements; weekends only outside the years the dataset covers)",
    ),
    source: '第一篇 二、1 超出业绩按3%提成，计次月15日发放。《工资支付暂行规定》第七条：如遇节假日或休息日，则应提前在最近的工作日支付。',
    params: [req('date', 'anyDateInMonth', '当月日期', t('业绩所在月份中的任一日期', 'any date in the month the revenue was made'))],
    result: 'date',
    rule: ([date], { policy, trace }) => {
      const { monthsAfter, day } = policy.marketing.payDay;
      const civil = civilFromSerial(date);
      const due = serialFromCivil({ ...addMonths({ y: civil.y, m: civil.m, d: 1 }, monthsAfter), d: day });
      if (trace.on) trace.step(STEPS.payDate, { date, result: due, months: monthsAfter, day });
      return workingDayOnOrBefore(due, trace);
    },
    examples: [
      { args: [43605], result: 43630 },
      { args: ['2019-08-20'], result: 43720 },
      { args: ['2019-09-10'], result: 43753 },
      { args: [2958465], result: { error: '#NUM!' } },
    ],
  }),
  defineFunction({
    id: 'BOOKINGVALID',
    section: 'marketing',
    name: t('定台有效', 'booking valid'),
    description: t('定台在客人到店前规定分钟以上登记为有效', 'a booking counts when registered the set minutes or more before the guest arrives'),
    source: '第一篇 四、3 定台需在客人到店前10分钟登记为准。',
    params: [
      req('datetime', 'registeredAt', '登记时间', t('定台登记的日期时间', 'when the booking was registered (date and time)')),
      req('datetime', 'arrivedAt', '到店时间', t('客人到店的日期时间', 'when the guest arrived (date and time)')),
    ],
    result: 'boolean',
    rule: ([registered, arrived], { policy, trace }) => {
      const marketing = policy.marketing;
      const lead = dec(arrived - registered).dividedBy(60);
      const valid = reaches(lead, marketing.bookingLeadMinutes);
      sayBoundary(trace, lead, marketing.bookingLeadMinutes, MINUTES);
      if (trace.on) trace.step(STEPS.booking, { registered, arrived, lead, limit: marketing.bookingLeadMinutes.value, valid });
      return valid;
    },
    examples: [
      { args: ['2019-05-20T19:50', '2019-05-20T20:00'], result: true },
      { args: ['2019-05-20T19:51', '2019-05-20T20:00'], result: false },
    ],
  }),
  defineFunction({
    id: 'COMPALLOWANCE',
    section: 'marketing',
    name: t('签送额度', 'comp allowance'),
    description: t('可按客人消费的比例签送小吃果盘的金额', "how much may be comped in snacks, as a share of the guest's spend"),
    source: '第一篇 三、A 按客人消费的5%签送小吃，不能签送酒水。',
    params: [req('amount', 'guestSpend', '客人消费', t('客人消费金额（元）', "the guest's spend (yuan)"), { domain: NON_NEGATIVE })],
    result: 'money',
    rule: ([spend], { policy, trace }) => {
      const rate = policy.marketing.compRate;
      const result = spend.times(pdec(rate));
      if (trace.on) trace.step(STEPS.compAllowance, { spend, rate, result });
      return result;
    },
    examples: [{ args: [1288], result: 64.4 }],
  }),
  defineFunction({
    id: 'COMPFINE',
    section: 'marketing',
    name: t('违规签送罚款', 'comp violation fine'),
    description: t(
      '违规签送（超过额度、签送酒水或清单外的项目、按定台量签送他人的定台）时，罚所签送金额的倍数',
      'a multiple of the comped amount when a comp breaks the rules: above the allowance, drinks or items off the list, or comped by booking volume on someone else’s booking',
    ),
    source: '第一篇 三、1 每月可签送水果盘、小吃（小吃包括：花生米、爆米花）。A 不能签送酒水。B 每天每人可签送小吃果盘。按定台量签送只针对自己定台。如发现违规签送者，罚所签送金额2倍。',
    params: [
      req('amount', 'comped', '签送金额', t('签送金额（元）', 'the amount comped (yuan)'), { domain: NON_NEGATIVE }),
      req('amount', 'guestSpend', '客人消费', t('客人消费金额（元）', "the guest's spend (yuan)"), { domain: NON_NEGATIVE }),
      opt('boolean', 'includesDrinks', '含酒水', t('签送是否含酒水（默认 FALSE）', 'whether the comp includes drinks (default FALSE)'), false),
      opt('texts', 'items', '签送项目', t('签送的项目（区域，可选），如 花生米、果盘', 'the items comped (range, optional), e.g. 花生米 (peanuts), 果盘 (fruit platter)'), null),
      opt('boolean', 'ownBooking', '自己定台', t('是否为自己的定台（默认 TRUE）', 'whether the booking is the manager’s own (default TRUE)'), true),
    ],
    result: 'money',
    rule: ([comped, spend, drinks, items, own], { policy, trace }) => {
      const marketing = policy.marketing;
      const allowance = spend.times(pdec(marketing.compRate));
      const over = comped.greaterThan(allowance);
      const drinksBreach = drinks && !marketing.compDrinksAllowed;
      const allowed = compItemNames(policy);
      const notAllowed = items.filter((item) => !allowed.has(item) && !allowed.has(normalizeLabel(item)));
      const violation = over || drinksBreach || notAllowed.length > 0 || !own;
      const result = violation ? comped.times(pdec(marketing.compViolationMultiplier)) : ZERO;
      if (trace.on) trace.step(STEPS.compFine, { comped, allowance, over, drinks: drinksBreach, notAllowed, allowed: Object.keys(marketing.compItems), notOwn: !own, violation, multiplier: marketing.compViolationMultiplier, result });
      return result;
    },
    examples: [
      { args: [50, 1288], result: 0 },
      { args: [70, 1288], result: 140 },
      { args: [10, 1288, true], result: 20 },
      { args: [30, 1288, false, [['花生米', '爆米花', '水果盘']]], result: 0 },
      { args: [30, 1288, false, [['花生米', '啤酒']]], result: 60 },
      { args: [30, 1288, false, [['果盘', '小吃果盘']]], result: 0 },
      { args: [30, 1288, false, [], false], result: 60 },
    ],
  }),
  defineFunction({
    id: 'POACHFINE',
    section: 'marketing',
    name: t('抢客罚款', 'poaching fine'),
    description: t('抢客的罚款：当日当桌业绩的倍数', "the fine for poaching a guest: a multiple of that table's revenue for the day"),
    source: '第一篇 四、4 如发现抢客者，罚当日当桌业绩2倍充公。',
    params: [req('amount', 'tableRevenue', '当桌业绩', t('当日当桌业绩（元）', "that table's revenue for the day (yuan)"), { domain: NON_NEGATIVE })],
    result: 'money',
    rule: ([revenue], { policy, trace }) => {
      const multiplier = policy.marketing.poachMultiplier;
      const result = revenue.times(pdec(multiplier));
      if (trace.on) trace.step(STEPS.poach, { revenue, multiplier, result });
      return result;
    },
    examples: [{ args: [2680], result: 5360 }],
  }),
  defineFunction({
    id: 'NOTICEDATE',
    section: 'marketing',
    name: t('最早离职日', 'earliest leaving date'),
    description: t(
      '提交书面离职报告后最早的离职日：制度的通知期（日历月，月末对齐）与法定通知期（30日，试用期内3日）中较早者，因为制度不能延长法定通知期',
      "the earliest leaving date after written notice: the earlier of the policy's notice (calendar months, clamped to the month's end) and the statutory notice (30 days, 3 in probation), since a policy cannot lengthen the statute's",
    ),
    source: '第一篇 六 离职需提前1个月打离职报告（必须打书面报告）。《劳动合同法》第三十七条：劳动者提前三十日以书面形式通知用人单位，可以解除劳动合同。劳动者在试用期内提前三日通知用人单位，可以解除劳动合同。',
    params: [
      req('date', 'submittedOn', '提交日期', t('提交书面离职报告的日期', 'the date the written notice was handed in')),
      opt('boolean', 'probation', '试用期', t('是否在试用期内（默认 FALSE）', 'whether in probation (default FALSE)'), false),
    ],
    result: 'date',
    rule: ([date, probation], { policy, trace }) => {
      const marketing = policy.marketing;
      const months = marketing.noticeMonths;
      const policyDate = serialFromCivil(addMonths(civilFromSerial(date), months));
      const days = probation ? marketing.probationNoticeDays : marketing.statutoryNoticeDays;
      const lawDate = date + days;
      const result = Math.min(policyDate, lawDate);
      if (trace.on) trace.step(STEPS.notice, { date, months, policyDate, probation, days, lawDate, result });
      return result;
    },
    examples: [
      { args: ['2019-07-01'], result: 43677 },
      { args: [43496], result: 43524 },
      { args: ['2019-07-01', true], result: 43650 },
    ],
  }),
  defineFunction({
    id: 'WAGECHECK',
    section: 'marketing',
    name: t('工资合规', 'wage check'),
    description: t(
      '检查扣款后工资是否低于最低工资、扣款是否超过工资的20%（《工资支付暂行规定》第16条）',
      'whether pay after deductions is below the minimum wage, or deductions exceed 20% of the wage (Interim Provisions on Wage Payment art. 16)',
    ),
    source: '《工资支付暂行规定》第十六条：每月扣除的部分不得超过劳动者当月工资的20%。若扣除后的剩余工资部分低于当地月最低工资标准，则按最低工资标准支付。',
    params: [
      req('amount', 'gross', '应发工资', t('扣款前的当月工资（元）', "the month's wage before deductions (yuan)"), { domain: NON_NEGATIVE }),
      req('amount', 'deductions', '扣款', t('当月扣款合计（元）', "the month's deductions (yuan)"), { domain: NON_NEGATIVE }),
      opt('amount', 'minimumWage', '最低工资', t('当地月最低工资（默认取制度）', 'the local monthly minimum wage (default: the policy)'), (policy) => policy.marketing.minimumWage, {
        domain: NON_NEGATIVE,
      }),
    ],
    result: 'label',
    rule: ([gross, deductions, minimumWage], { policy, trace }) => {
      const marketing = policy.marketing;
      const net = gross.minus(deductions);
      const ratio = gross.isZero() ? null : deductions.dividedBy(gross);
      const overCap = ratio === null ? deductions.greaterThan(0) : reaches(ratio, marketing.deductionCapRatio);
      sayBoundary(trace, ratio ?? 0, marketing.deductionCapRatio);
      const label = net.lessThan(minimumWage)
        ? marketing.wageCheckLabels.belowMinimumWage
        : overCap
          ? marketing.wageCheckLabels.deductionsOverCap
          : marketing.wageCheckLabels.compliant;
      if (trace.on) trace.step(STEPS.wage, { gross, deductions, net, minimumWage, ratio, cap: marketing.deductionCapRatio.value, label });
      return label;
    },
    examples: [
      { args: [3360, 500], result: '合规' },
      { args: [4000, 900], result: '扣款超20%' },
      { args: [2200, 300], result: '低于最低工资' },
      { args: [3000, 800], result: '扣款超20%', policy: 'default@2019.05' },
      { args: [3000, 800], result: '低于最低工资', policy: 'default@2025.09' },
    ],
  }),
];
