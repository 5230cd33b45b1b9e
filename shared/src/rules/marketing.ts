import { defineFunction } from '../catalog/declare.js';
import { NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import type { Trace } from '../explain/trace.js';
import { tpl } from '../explain/trace.js';
import { cachedPerPolicy, labelSet } from '../policy/labels.js';
import type { PolicyDoc } from '../policy/schema.js';
import { reaches } from '../policy/thresholds.js';
import { addMonths, civilFromSerial, serialFromCivil } from '../values/dates.js';
import type { Decimal } from '../values/money.js';
import { ZERO, dec, roundMoney, pdec } from '../values/money.js';

// 第一篇 营销部: pay, commission, attendance fines and discipline of the marketing department.

type Marketing = PolicyDoc['marketing'];

const S = {
  commissionOver: tpl<{ revenue: Decimal; target: number; rate: number; result: Decimal }>(
    (p, f) => `提成 = (${f.m(p.revenue)} − ${f.m(p.target)}) × ${f.p(p.rate)} = ${f.m(p.result)}`,
    (p, f) => `commission = (${f.m(p.revenue)} − ${f.m(p.target)}) × ${f.p(p.rate)} = ${f.m(p.result)}`,
  ),
  commissionUnder: tpl<{ revenue: Decimal; target: number }>(
    (p, f) => `业绩 ${f.m(p.revenue)} 未超出任务 ${f.m(p.target)}：提成 = 0.00`,
    (p, f) => `revenue ${f.m(p.revenue)} does not exceed the target ${f.m(p.target)}: commission = 0.00`,
  ),
  baseFull: tpl<{ base: number; probation: boolean }>(
    (p, f) => `底薪 = ${f.m(p.base)}${p.probation ? '（试用期）' : ''}`,
    (p, f) => `base pay = ${f.m(p.base)}${p.probation ? ' (probation)' : ''}`,
  ),
  baseProrated: tpl<{ base: number; revenue: Decimal; target: number; result: Decimal }>(
    (p, f) => `未完成任务，底薪按完成比例折算 = ${f.m(p.base)} × ${f.m(p.revenue)} ÷ ${f.m(p.target)} = ${f.m(p.result)}`,
    (p, f) => `below target, base pay is prorated = ${f.m(p.base)} × ${f.m(p.revenue)} ÷ ${f.m(p.target)} = ${f.m(p.result)}`,
  ),
  notLate: tpl<{ what: 'late' | 'early'; minutes: number; excused: boolean }>(
    (p) => `${p.what === 'late' ? '迟到' : '早退'} ${p.minutes} 分钟${p.excused ? '，有特殊情况或领导安排' : ''}：不罚款`,
    (p) => `${p.what === 'late' ? 'late' : 'left early'} ${p.minutes} min${p.excused ? ', excused' : ''}: no fine`,
  ),
  lateFine: tpl<{ what: 'late' | 'early'; minutes: number; limit: number; fine: number }>(
    (p, f) => `${p.what === 'late' ? '迟到' : '早退'} ${p.minutes} 分钟，在 ${p.limit} 分钟以内：罚款 ${f.m(p.fine)}`,
    (p, f) => `${p.what === 'late' ? 'late' : 'left early'} ${p.minutes} min, within ${p.limit} min: fine ${f.m(p.fine)}`,
  ),
  lateAbsence: tpl<{ what: 'late' | 'early'; minutes: number; limit: number; fine: number }>(
    (p, f) => `${p.what === 'late' ? '迟到' : '早退'} ${p.minutes} 分钟，超过 ${p.limit} 分钟按旷工一天：扣罚 ${f.m(p.fine)}`,
    (p, f) => `${p.what === 'late' ? 'late' : 'left early'} ${p.minutes} min, over ${p.limit} min counts as a day of absence: fine ${f.m(p.fine)}`,
  ),
  absence: tpl<{ days: number; perDay: number; result: Decimal }>(
    (p, f) => `旷工扣款 = ${f.n(p.days)} 天 × ${f.m(p.perDay)} = ${f.m(p.result)}`,
    (p, f) => `absence fine = ${f.n(p.days)} days × ${f.m(p.perDay)} = ${f.m(p.result)}`,
  ),
  personalLeave: tpl<{ days: number; perDay: number; result: Decimal }>(
    (p, f) => `事假扣款 = ${f.n(p.days)} 天 × ${f.m(p.perDay)} = ${f.m(p.result)}`,
    (p, f) => `personal-leave deduction = ${f.n(p.days)} days × ${f.m(p.perDay)} = ${f.m(p.result)}`,
  ),
  sickWithProof: tpl<{ days: number }>(
    (p, f) => `病假 ${f.n(p.days)} 天，持医院证明：不扣款`,
    (p, f) => `sick leave ${f.n(p.days)} days with a hospital certificate: no deduction`,
  ),
  sickNoProof: tpl<{ days: number; asAbsence: boolean }>(
    (p, f) => `病假 ${f.n(p.days)} 天，无医院证明：${p.asAbsence ? '按旷工处理' : '按事假处理'}`,
    (p, f) => `sick leave ${f.n(p.days)} days without a certificate: counted as ${p.asAbsence ? 'absence' : 'personal leave'}`,
  ),
  offPost: tpl<{ minutes: number; limit: number; inclusive: boolean; fine: number; off: boolean }>(
    (p, f) =>
      p.off
        ? `离岗 ${p.minutes} 分钟，达到 ${p.limit} 分钟${p.inclusive ? '以上' : ''}算脱岗：罚款 ${f.m(p.fine)}`
        : `离岗 ${p.minutes} 分钟，不足 ${p.limit} 分钟：不算脱岗`,
    (p, f) =>
      p.off
        ? `away ${p.minutes} min, ${p.inclusive ? 'at least' : 'over'} ${p.limit} min is off post: fine ${f.m(p.fine)}`
        : `away ${p.minutes} min, under ${p.limit} min: not off post`,
  ),
  forfeitCount: tpl<{ days: number; converted: number; total: number }>(
    (p, f) => `旷工天数 = ${f.n(p.days)} + 迟到早退超时折算 ${p.converted} 天 = ${f.n(p.total)} 天`,
    (p, f) => `days of absence = ${f.n(p.days)} + ${p.converted} converted from lateness = ${f.n(p.total)}`,
  ),
  forfeitResult: tpl<{ absence: number; absenceLimit: number; leave: number; leaveLimit: number; byAbsence: boolean; byLeave: boolean }>(
    (p, f) =>
      p.byAbsence
        ? `旷工 ${f.n(p.absence)} 天，达到 ${p.absenceLimit} 天以上：扣发当月提成`
        : p.byLeave
          ? `事假 ${f.n(p.leave)} 天，超过 ${p.leaveLimit} 天：扣发当月提成`
          : `旷工 ${f.n(p.absence)} 天（不足 ${p.absenceLimit} 天），事假 ${f.n(p.leave)} 天（未超过 ${p.leaveLimit} 天）：不扣发提成`,
    (p, f) =>
      p.byAbsence
        ? `${f.n(p.absence)} days of absence, ${p.absenceLimit} or more: the month's commission is forfeited`
        : p.byLeave
          ? `${f.n(p.leave)} days of personal leave, more than ${p.leaveLimit}: the month's commission is forfeited`
          : `${f.n(p.absence)} days of absence (under ${p.absenceLimit}), ${f.n(p.leave)} days of leave (not over ${p.leaveLimit}): commission kept`,
  ),
  payroll: tpl<{ lines: PayLines }>(
    (p, f) =>
      `实发工资 = ${f.m(p.lines.basePay)} + ${f.m(p.lines.commission)} − ${f.m(p.lines.absenceFines)} − ${f.m(p.lines.leaveDeductions)} − ${f.m(p.lines.latenessFines)} − ${f.m(p.lines.offPostFines)} − ${f.m(p.lines.otherDeductions)} = ${f.m(p.lines.netPay)}`,
    (p, f) =>
      `net pay = ${f.m(p.lines.basePay)} + ${f.m(p.lines.commission)} − ${f.m(p.lines.absenceFines)} − ${f.m(p.lines.leaveDeductions)} − ${f.m(p.lines.latenessFines)} − ${f.m(p.lines.offPostFines)} − ${f.m(p.lines.otherDeductions)} = ${f.m(p.lines.netPay)}`,
  ),
  latenessCount: tpl<{ fined: number; fine: number; converted: number }>(
    (p, f) => `迟到早退：${p.fined} 次半小时以内，各罚 ${f.m(p.fine)}；${p.converted} 次超过半小时，按旷工计`,
    (p, f) => `lateness: ${p.fined} times within the limit, fined ${f.m(p.fine)} each; ${p.converted} times over it, counted as absence`,
  ),
  offPostCount: tpl<{ times: number; fine: number; result: Decimal }>(
    (p, f) => `脱岗 ${p.times} 次 × ${f.m(p.fine)} = ${f.m(p.result)}`,
    (p, f) => `off post ${p.times} times × ${f.m(p.fine)} = ${f.m(p.result)}`,
  ),
  payDate: tpl<{ date: number; result: number; months: number; day: number }>(
    (p, f) => `${f.d(p.date)} 所在月份的提成于 ${p.months === 1 ? '次月' : `${p.months} 个月后`} ${p.day} 日发放：${f.d(p.result)}`,
    (p, f) => `commission for the month of ${f.d(p.date)} is paid on day ${p.day}, ${p.months} month(s) later: ${f.d(p.result)}`,
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
  compFine: tpl<{ comped: Decimal; allowance: Decimal; drinks: boolean; violation: boolean; multiplier: number; result: Decimal }>(
    (p, f) =>
      p.violation
        ? `签送 ${f.m(p.comped)}${p.drinks ? '，含酒水' : `，超过额度 ${f.m(p.allowance)}`}：罚款 = ${f.m(p.comped)} × ${p.multiplier} = ${f.m(p.result)}`
        : `签送 ${f.m(p.comped)} 未超过额度 ${f.m(p.allowance)}，无酒水：不罚款`,
    (p, f) =>
      p.violation
        ? `comped ${f.m(p.comped)}${p.drinks ? ', including drinks' : `, above the allowance ${f.m(p.allowance)}`}: fine = ${f.m(p.comped)} × ${p.multiplier} = ${f.m(p.result)}`
        : `comped ${f.m(p.comped)} within the allowance ${f.m(p.allowance)}, no drinks: no fine`,
  ),
  poach: tpl<{ revenue: Decimal; multiplier: number; result: Decimal }>(
    (p, f) => `抢客罚款 = 当桌业绩 ${f.m(p.revenue)} × ${p.multiplier} = ${f.m(p.result)}`,
    (p, f) => `poaching fine = the table's revenue ${f.m(p.revenue)} × ${p.multiplier} = ${f.m(p.result)}`,
  ),
  notice: tpl<{ date: number; months: number; result: number }>(
    (p, f) => `${f.d(p.date)} 提交离职报告，提前 ${p.months} 个月：最早离职日 ${f.d(p.result)}`,
    (p, f) => `notice given ${f.d(p.date)}, ${p.months} month(s) ahead: earliest leaving date ${f.d(p.result)}`,
  ),
  wage: tpl<{ gross: Decimal; deductions: Decimal; net: Decimal; minimumWage: Decimal; ratio: Decimal | null; cap: number; label: string }>(
    (p, f) =>
      `扣除后 ${f.m(p.gross)} − ${f.m(p.deductions)} = ${f.m(p.net)}，最低工资 ${f.m(p.minimumWage)}；扣款占工资 ${p.ratio === null ? '—' : f.p(p.ratio)}，上限 ${f.p(p.cap)}：${p.label}`,
    (p, f) =>
      `after deductions ${f.m(p.gross)} − ${f.m(p.deductions)} = ${f.m(p.net)}, minimum wage ${f.m(p.minimumWage)}; deductions are ${p.ratio === null ? '—' : f.p(p.ratio)} of the wage, cap ${f.p(p.cap)}: ${p.label}`,
  ),
};

/** 超出业绩按3%提成: commission on revenue above the month's target. */
export function commissionOf(revenue: Decimal, target: number, rate: number, trace: Trace): Decimal {
  if (revenue.lessThanOrEqualTo(pdec(target))) {
    trace.step(S.commissionUnder, { revenue, target });
    return ZERO;
  }
  const result = revenue.minus(pdec(target)).times(pdec(rate));
  trace.step(S.commissionOver, { revenue, target, rate, result });
  return result;
}

/** 底薪3000/月包括完成任务4万定台业绩为准: the base, and what happens below target (baseShortfallRule). */
function basePayOf(revenue: Decimal, probation: boolean, m: Marketing, trace: Trace): Decimal {
  const terms = probation ? m.probation : m;
  if (m.baseShortfallRule === 'prorate' && revenue.lessThan(pdec(terms.monthlyTarget))) {
    const result = pdec(terms.baseSalary).times(revenue).dividedBy(pdec(terms.monthlyTarget));
    trace.step(S.baseProrated, { base: terms.baseSalary, revenue, target: terms.monthlyTarget, result });
    return result;
  }
  trace.step(S.baseFull, { base: terms.baseSalary, probation });
  return pdec(terms.baseSalary);
}

type LateKind = 'late' | 'early';

function lateTerms(kind: LateKind, m: Marketing) {
  return kind === 'late' ? { fine: m.lateFine, absence: m.lateAsAbsenceMinutes } : { fine: m.earlyFine, absence: m.earlyAsAbsenceMinutes };
}

/**
 * 迟到半小时以内罚50元，半小时以上按旷工处理 (and the same for 早退). Exactly 30 minutes is the
 * lighter fine: both clauses include 30, and standard terms are read against the drafter (Civil Code art. 498).
 */
function latenessOf(kind: LateKind, minutes: number, excused: boolean, m: Marketing, trace: Trace): { fine: Decimal; asAbsence: boolean } {
  const terms = lateTerms(kind, m);
  if (minutes <= 0 || excused) {
    trace.step(S.notLate, { what: kind, minutes, excused });
    return { fine: ZERO, asAbsence: false };
  }
  if (reaches(minutes, terms.absence)) {
    trace.step(S.lateAbsence, { what: kind, minutes, limit: terms.absence.value, fine: m.absenceFinePerDay });
    return { fine: pdec(m.absenceFinePerDay), asAbsence: true };
  }
  trace.step(S.lateFine, { what: kind, minutes, limit: terms.absence.value, fine: terms.fine });
  return { fine: pdec(terms.fine), asAbsence: false };
}

function absenceFineOf(days: number, m: Marketing, trace: Trace): Decimal {
  const result = pdec(m.absenceFinePerDay).times(days);
  trace.step(S.absence, { days, perDay: m.absenceFinePerDay, result });
  return result;
}

function personalLeaveOf(days: number, m: Marketing, trace: Trace): Decimal {
  const result = pdec(m.personalLeavePerDay).times(days);
  trace.step(S.personalLeave, { days, perDay: m.personalLeavePerDay, result });
  return result;
}

/** The number of late or early departures long enough to count as a day of absence. */
function convertedDays(late: readonly number[], early: readonly number[], m: Marketing): number {
  let n = 0;
  for (const x of late) if (x > 0 && reaches(x, m.lateAsAbsenceMinutes)) n++;
  for (const x of early) if (x > 0 && reaches(x, m.earlyAsAbsenceMinutes)) n++;
  return n;
}

/** 旷工3天以上扣罚当月业绩提成; 事假超过5天以上者扣发当月业绩提成. */
function forfeitOf(absenceDays: number, leaveDays: number, converted: number, m: Marketing, trace: Trace): boolean {
  const absence = absenceDays + converted;
  if (converted > 0) trace.step(S.forfeitCount, { days: absenceDays, converted, total: absence });
  const byAbsence = reaches(absence, m.absenceForfeitDays);
  const byLeave = reaches(leaveDays, m.personalLeaveForfeitDays);
  trace.step(S.forfeitResult, {
    absence,
    absenceLimit: m.absenceForfeitDays.value,
    leave: leaveDays,
    leaveLimit: m.personalLeaveForfeitDays.value,
    byAbsence,
    byLeave,
  });
  return byAbsence || byLeave;
}

export interface PayLines {
  basePay: Decimal;
  commission: Decimal;
  absenceFines: Decimal;
  leaveDeductions: Decimal;
  latenessFines: Decimal;
  offPostFines: Decimal;
  otherDeductions: Decimal;
  netPay: Decimal;
}

type PayArgs = [revenue: Decimal, absenceDays: number, leaveDays: number, late: number[], early: number[], offPost: number[], other: Decimal, probation: boolean];

/** The month's pay: 底薪 + 提成 (扣发 when forfeited) − 旷工 − 事假 − 迟到早退 − 脱岗 − other deductions. */
function payLinesOf([revenue, absenceDays, leaveDays, late, early, offPost, other, probation]: PayArgs, m: Marketing, trace: Trace): PayLines {
  const basePay = basePayOf(revenue, probation, m, trace);
  const converted = convertedDays(late, early, m);
  const forfeit = forfeitOf(absenceDays, leaveDays, converted, m, trace);
  const target = probation ? m.probation.monthlyTarget : m.monthlyTarget;
  const commission = forfeit ? ZERO : commissionOf(revenue, target, m.commissionRate, trace);
  const absenceFines = absenceFineOf(absenceDays + converted, m, trace);
  const leaveDeductions = personalLeaveOf(leaveDays, m, trace);
  let fined = 0;
  let latenessFines = ZERO;
  for (const [kind, list] of [['late', late], ['early', early]] as const) {
    const terms = lateTerms(kind, m);
    for (const x of list) {
      if (x > 0 && !reaches(x, terms.absence)) {
        fined++;
        latenessFines = latenessFines.plus(terms.fine);
      }
    }
  }
  trace.step(S.latenessCount, { fined, fine: m.lateFine, converted });
  const times = offPost.filter((x) => reaches(x, m.offPostMinutes)).length;
  const offPostFines = pdec(m.offPostFine).times(times);
  trace.step(S.offPostCount, { times, fine: m.offPostFine, result: offPostFines });
  const netPay = basePay.plus(commission).minus(absenceFines).minus(leaveDeductions).minus(latenessFines).minus(offPostFines).minus(other);
  const lines = { basePay, commission, absenceFines, leaveDeductions, latenessFines, offPostFines, otherDeductions: other, netPay };
  trace.step(S.payroll, { lines });
  return lines;
}

const revenueParam = req('amount', 'revenue', '业绩', t('当月定台业绩（元）', "the month's booked revenue (yuan)"), { domain: NON_NEGATIVE });
const probationParam = opt('boolean', 'probation', '试用期', t('是否在试用期内（默认 FALSE）', 'whether in probation (default FALSE)'), false);

const PAY_PARAMS = [
  revenueParam,
  req('number', 'absenceDays', '旷工天数', t('当月旷工天数', 'days of absence this month'), { domain: NON_NEGATIVE }),
  req('number', 'leaveDays', '事假天数', t('当月事假天数', 'days of personal leave this month'), { domain: NON_NEGATIVE }),
  opt('numbers', 'lateMinutes', '迟到分钟', t('每次迟到的分钟数（区域）', 'minutes late, one cell per time (range)'), null),
  opt('numbers', 'earlyMinutes', '早退分钟', t('每次早退的分钟数（区域）', 'minutes left early, one cell per time (range)'), null),
  opt('numbers', 'offPostMinutes', '离岗分钟', t('每次离开营业场所的分钟数（区域）', 'minutes away from the premises, one cell per time (range)'), null),
  opt('amount', 'otherDeductions', '其他扣款', t('其他扣款（元，默认 0）', 'other deductions (yuan, default 0)'), 0, { domain: NON_NEGATIVE }),
  probationParam,
] as const;

const leaveTypes = cachedPerPolicy((p) => labelSet(Object.entries(p.marketing.leaveTypes).map(([k, v]) => [k, [v.en]] as const)));

const lateParams = (what: string, whatEn: string) =>
  [
    req('number', 'minutes', '分钟数', t(`${what}的分钟数`, `minutes ${whatEn}`)),
    opt('boolean', 'excused', '特殊情况', t('有特殊情况或上级安排时为 TRUE（不罚）', 'TRUE when excused by a special situation or a superior (no fine)'), false),
  ] as const;

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
      opt('label', 'type', '假别', t('事假/personal 或 病假/sick（默认 事假）', 'personal/事假 or sick/病假 (default personal)'), (p) => p.marketing.defaultLeaveType, {
        labels: leaveTypes,
      }),
      opt('boolean', 'hasProof', '有证明', t('病假是否有区级以上医院证明（默认 TRUE）', 'whether sick leave has a hospital certificate (default TRUE)'), true),
    ],
    result: 'money',
    rule: ([days, type, hasProof], { policy, trace }) => {
      const m = policy.marketing;
      if (m.leaveTypes[type]!.kind === 'personal') return personalLeaveOf(days, m, trace);
      if (hasProof) {
        trace.step(S.sickWithProof, { days });
        return ZERO;
      }
      const asAbsence = m.sickLeaveWithoutProof === 'absence';
      trace.step(S.sickNoProof, { days, asAbsence });
      return asAbsence ? absenceFineOf(days, m, trace) : personalLeaveOf(days, m, trace);
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
      const m = policy.marketing;
      const off = reaches(minutes, m.offPostMinutes);
      trace.step(S.offPost, { minutes, limit: m.offPostMinutes.value, inclusive: m.offPostMinutes.inclusive, fine: m.offPostFine, off });
      return off ? pdec(m.offPostFine) : ZERO;
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
    description: t('底薪 + 提成 − 旷工、事假、迟到早退、脱岗及其他扣款', 'base pay + commission − absence, leave, lateness, off-post and other deductions'),
    source: '第一篇 二、1 营销经理按底薪<任务>+提成+奖金计算；一、考勤制度的扣款与罚款。',
    params: PAY_PARAMS,
    result: 'money',
    rule: (args, { policy, trace }) => payLinesOf(args, policy.marketing, trace).netPay,
    examples: [{ args: [52000, 1, 2, [[10, 45]], [], [[25]], 0], result: 2260 }],
  }),
  defineFunction({
    id: 'PAYSLIP',
    section: 'marketing',
    name: t('工资明细', 'payslip'),
    description: t('实发工资的各项明细，每行 [项目, 金额]，最后一行为实发工资；溢出到相邻单元格', 'the lines of net pay as rows of [item, amount], the last being net pay; spills'),
    source: '第一篇 二、1 营销经理按底薪<任务>+提成+奖金计算。',
    params: PAY_PARAMS,
    result: 'matrix',
    rule: (args, { policy, trace }) => {
      const lines = payLinesOf(args, policy.marketing, trace);
      const labels = policy.marketing.payslipLabels;
      return (Object.keys(labels) as (keyof typeof labels)[]).map((k) => [labels[k], roundMoney(lines[k]).toNumber()]);
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
        ],
      },
    ],
  }),
  defineFunction({
    id: 'PAYDATE',
    section: 'marketing',
    name: t('提成发放日', 'commission pay date'),
    description: t('该月提成的发放日：次月15日', "the day the month's commission is paid: the 15th of the next month"),
    source: '第一篇 二、1 超出业绩按3%提成，计次月15日发放。',
    params: [req('date', 'anyDateInMonth', '当月日期', t('业绩所在月份中的任一日期', 'any date in the month the revenue was made'))],
    result: 'date',
    rule: ([date], { policy, trace }) => {
      const { monthsAfter, day } = policy.marketing.payDay;
      const c = civilFromSerial(date);
      const result = serialFromCivil({ ...addMonths({ y: c.y, m: c.m, d: 1 }, monthsAfter), d: day });
      trace.step(S.payDate, { date, result, months: monthsAfter, day });
      return result;
    },
    examples: [{ args: [43605], result: 43631 }],
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
      const m = policy.marketing;
      const lead = dec(arrived - registered).dividedBy(60);
      const valid = reaches(lead, m.bookingLeadMinutes);
      trace.step(S.booking, { registered, arrived, lead, limit: m.bookingLeadMinutes.value, valid });
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
      trace.step(S.compAllowance, { spend, rate, result });
      return result;
    },
    examples: [{ args: [1288], result: 64.4 }],
  }),
  defineFunction({
    id: 'COMPFINE',
    section: 'marketing',
    name: t('违规签送罚款', 'comp violation fine'),
    description: t('签送超过额度或签送酒水时，罚所签送金额的倍数', 'when the comp exceeds the allowance or includes drinks, a multiple of the comped amount'),
    source: '第一篇 三、A 不能签送酒水。B 如发现违规签送者，罚所签送金额2倍。',
    params: [
      req('amount', 'comped', '签送金额', t('签送金额（元）', 'the amount comped (yuan)'), { domain: NON_NEGATIVE }),
      req('amount', 'guestSpend', '客人消费', t('客人消费金额（元）', "the guest's spend (yuan)"), { domain: NON_NEGATIVE }),
      opt('boolean', 'includesDrinks', '含酒水', t('签送是否含酒水（默认 FALSE）', 'whether the comp includes drinks (default FALSE)'), false),
    ],
    result: 'money',
    rule: ([comped, spend, drinks], { policy, trace }) => {
      const m = policy.marketing;
      const allowance = spend.times(pdec(m.compRate));
      const drinksBreach = drinks && !m.compDrinksAllowed;
      const violation = comped.greaterThan(allowance) || drinksBreach;
      const result = violation ? comped.times(pdec(m.compViolationMultiplier)) : ZERO;
      trace.step(S.compFine, { comped, allowance, drinks: drinksBreach, violation, multiplier: m.compViolationMultiplier, result });
      return result;
    },
    examples: [
      { args: [50, 1288], result: 0 },
      { args: [70, 1288], result: 140 },
      { args: [10, 1288, true], result: 20 },
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
      trace.step(S.poach, { revenue, multiplier, result });
      return result;
    },
    examples: [{ args: [2680], result: 5360 }],
  }),
  defineFunction({
    id: 'NOTICEDATE',
    section: 'marketing',
    name: t('最早离职日', 'earliest leaving date'),
    description: t('提交离职报告后最早的离职日：加上通知期的日历月（月末对齐）', "the earliest leaving date: the notice period's calendar months later (clamped to the month's end)"),
    source: '第一篇 六 离职需提前1个月打离职报告（必须打书面报告）。',
    params: [req('date', 'submittedOn', '提交日期', t('提交书面离职报告的日期', 'the date the written notice was handed in'))],
    result: 'date',
    rule: ([date], { policy, trace }) => {
      const months = policy.marketing.noticeMonths;
      const result = serialFromCivil(addMonths(civilFromSerial(date), months));
      trace.step(S.notice, { date, months, result });
      return result;
    },
    examples: [{ args: [43496], result: 43524 }],
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
      opt('amount', 'minimumWage', '最低工资', t('当地月最低工资（默认取制度）', 'the local monthly minimum wage (default: the policy)'), (p) => p.marketing.minimumWage, {
        domain: NON_NEGATIVE,
      }),
    ],
    result: 'label',
    rule: ([gross, deductions, minimumWage], { policy, trace }) => {
      const m = policy.marketing;
      const net = gross.minus(deductions);
      const ratio = gross.isZero() ? null : deductions.dividedBy(gross);
      const overCap = ratio === null ? deductions.greaterThan(0) : reaches(ratio, m.deductionCapRatio);
      const label = net.lessThan(minimumWage)
        ? m.wageCheckLabels.belowMinimumWage
        : overCap
          ? m.wageCheckLabels.deductionsOverCap
          : m.wageCheckLabels.compliant;
      trace.step(S.wage, { gross, deductions, net, minimumWage, ratio, cap: m.deductionCapRatio.value, label });
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
