import { DAYS, sayBoundary } from '../explain/boundary.js';
import type { Trace } from '../explain/trace.js';
import { tpl } from '../explain/trace.js';
import type { PolicyDoc } from '../policy/schema.js';
import { reaches } from '../policy/thresholds.js';
import type { Decimal } from '../values/money.js';
import { ZERO, dec, pdec, sumDec } from '../values/money.js';

// 第一篇 一、二 the month's pay of one marketing manager: base, commission, the attendance fines and
// deductions, and commission forfeited. PAYROLL, PAYSLIP and PAYROLLCHECK read the same lines, and
// the law's checks (wage-law.ts) read them too.

export type MarketingPolicy = PolicyDoc['marketing'];

const STEPS = {
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
  notLate: tpl<{ what: LateKind; minutes: number; excused: boolean }>(
    (p) => `${p.what === 'late' ? '迟到' : '早退'} ${p.minutes} 分钟${p.excused ? '，有特殊情况或领导安排' : ''}：不罚款`,
    (p) => `${p.what === 'late' ? 'late' : 'left early'} ${p.minutes} min${p.excused ? ', excused' : ''}: no fine`,
  ),
  lateFine: tpl<{ what: LateKind; minutes: number; limit: number; fine: number }>(
    (p, f) => `${p.what === 'late' ? '迟到' : '早退'} ${f.n(p.minutes)} 分钟，在 ${p.limit} 分钟以内：罚款 ${f.m(p.fine)}`,
    (p, f) => `${p.what === 'late' ? 'late' : 'left early'} ${f.n(p.minutes)} min, within ${p.limit} min: fine ${f.m(p.fine)}`,
  ),
  lighterReading: tpl<{ minutes: number; fine: number; absence: number }>(
    (p, f) =>
      `恰为 ${f.n(p.minutes)} 分钟：原文“以内”（罚款 ${f.m(p.fine)}）与“以上”（按旷工，扣罚 ${f.m(p.absence)}）都含本数（《民法典》第1259条）；格式条款有两种以上解释的，作不利于提供方的解释（《民法典》第498条），取对员工较轻的罚款`,
    (p, f) =>
      `exactly ${f.n(p.minutes)} min: the source's 以内 (within: fine ${f.m(p.fine)}) and 以上 (or more: a day of absence, ${f.m(p.absence)}) both include the number (Civil Code art. 1259); a standard term read two ways is read against the drafter (Civil Code art. 498), so the lighter fine applies`,
  ),
  lateAbsence: tpl<{ what: LateKind; minutes: number; limit: number; fine: number }>(
    (p, f) => `${p.what === 'late' ? '迟到' : '早退'} ${f.n(p.minutes)} 分钟，超过 ${p.limit} 分钟按旷工一天：扣罚 ${f.m(p.fine)}`,
    (p, f) => `${p.what === 'late' ? 'late' : 'left early'} ${f.n(p.minutes)} min, over ${p.limit} min counts as a day of absence: fine ${f.m(p.fine)}`,
  ),
  absence: tpl<{ days: number | Decimal; perDay: number; result: Decimal }>(
    (p, f) => `旷工扣款 = ${f.n(p.days)} 天 × ${f.m(p.perDay)} = ${f.m(p.result)}`,
    (p, f) => `absence fine = ${f.c(p.days, 'day', 'days')} × ${f.m(p.perDay)} = ${f.m(p.result)}`,
  ),
  personalLeave: tpl<{ days: number; perDay: number; result: Decimal }>(
    (p, f) => `事假扣款 = ${f.n(p.days)} 天 × ${f.m(p.perDay)} = ${f.m(p.result)}`,
    (p, f) => `personal-leave deduction = ${f.c(p.days, 'day', 'days')} × ${f.m(p.perDay)} = ${f.m(p.result)}`,
  ),
  forfeitCount: tpl<{ days: number; converted: number; total: Decimal }>(
    (p, f) => `旷工天数 = ${f.n(p.days)} + 迟到早退超时折算 ${p.converted} 天 = ${f.n(p.total)} 天`,
    (p, f) => `days of absence = ${f.n(p.days)} + ${p.converted} converted from lateness = ${f.n(p.total)}`,
  ),
  forfeitResult: tpl<{ absence: Decimal; absenceLimit: number; absenceInclusive: boolean; leave: number; leaveLimit: number; leaveInclusive: boolean; byAbsence: boolean; byLeave: boolean }>(
    (p, f) =>
      p.byAbsence
        ? `旷工 ${f.n(p.absence)} 天，${p.absenceInclusive ? '达到' : '超过'} ${p.absenceLimit} 天${p.absenceInclusive ? '以上' : ''}：扣发当月提成`
        : p.byLeave
          ? `事假 ${f.n(p.leave)} 天，${p.leaveInclusive ? '达到' : '超过'} ${p.leaveLimit} 天${p.leaveInclusive ? '以上' : ''}：扣发当月提成`
          : `旷工 ${f.n(p.absence)} 天（${p.absenceInclusive ? '不足' : '未超过'} ${p.absenceLimit} 天），事假 ${f.n(p.leave)} 天（${p.leaveInclusive ? '不足' : '未超过'} ${p.leaveLimit} 天）：不扣发提成`,
    (p, f) =>
      p.byAbsence
        ? `${f.c(p.absence, 'day', 'days')} of absence, ${p.absenceInclusive ? `${p.absenceLimit} or more` : `more than ${p.absenceLimit}`}: the month's commission is forfeited`
        : p.byLeave
          ? `${f.c(p.leave, 'day', 'days')} of personal leave, ${p.leaveInclusive ? `${p.leaveLimit} or more` : `more than ${p.leaveLimit}`}: the month's commission is forfeited`
          : `${f.c(p.absence, 'day', 'days')} of absence (${p.absenceInclusive ? 'under' : 'not over'} ${p.absenceLimit}), ${f.c(p.leave, 'day', 'days')} of leave (${p.leaveInclusive ? 'under' : 'not over'} ${p.leaveLimit}): commission kept`,
  ),
  withheld: tpl<{ commission: Decimal }>(
    (p, f) => `扣发提成 ${f.m(p.commission)}：实发中的提成 = 0.00`,
    (p, f) => `commission of ${f.m(p.commission)} withheld: commission paid = 0.00`,
  ),
  payroll: tpl<{ lines: PayLines }>(
    (p, f) =>
      `实发工资 = 底薪 ${f.m(p.lines.basePay)} + 提成 ${f.m(p.lines.commission)}${p.lines.bonus.isZero() ? '' : ` + 奖金 ${f.m(p.lines.bonus)}`} − 旷工 ${f.m(p.lines.absenceFines)} − 事假 ${f.m(p.lines.leaveDeductions)} − 迟到早退 ${f.m(p.lines.latenessFines)} − 脱岗 ${f.m(p.lines.offPostFines)} − 其他 ${f.m(p.lines.otherDeductions)} = ${f.m(p.lines.netPay)}`,
    (p, f) =>
      `net pay = base ${f.m(p.lines.basePay)} + commission ${f.m(p.lines.commission)}${p.lines.bonus.isZero() ? '' : ` + bonus ${f.m(p.lines.bonus)}`} − absence ${f.m(p.lines.absenceFines)} − leave ${f.m(p.lines.leaveDeductions)} − lateness ${f.m(p.lines.latenessFines)} − off post ${f.m(p.lines.offPostFines)} − other ${f.m(p.lines.otherDeductions)} = ${f.m(p.lines.netPay)}`,
  ),
  latenessCount: tpl<{ fined: number; fines: Decimal; converted: number; limit: number }>(
    (p, f) => `迟到早退：${p.fined} 次在 ${p.limit} 分钟以内，罚款合计 ${f.m(p.fines)}；${p.converted} 次超过 ${p.limit} 分钟，按旷工计`,
    (p, f) => `lateness: ${f.c(p.fined, 'time', 'times')} within ${p.limit} min, fined ${f.m(p.fines)} in all; ${f.c(p.converted, 'time', 'times')} over ${p.limit} min, counted as absence`,
  ),
  offPostCount: tpl<{ times: number; fine: number; result: Decimal }>(
    (p, f) => `脱岗 ${p.times} 次 × ${f.m(p.fine)} = ${f.m(p.result)}`,
    (p, f) => `off post ${f.c(p.times, 'time', 'times')} × ${f.m(p.fine)} = ${f.m(p.result)}`,
  ),
};

/** 超出业绩按3%提成: commission on revenue above the month's target. */
export function commissionOf(revenue: Decimal, target: number, rate: number, trace: Trace): Decimal {
  if (revenue.lessThanOrEqualTo(pdec(target))) {
    if (trace.on) trace.step(STEPS.commissionUnder, { revenue, target });
    return ZERO;
  }
  const result = revenue.minus(pdec(target)).times(pdec(rate));
  if (trace.on) trace.step(STEPS.commissionOver, { revenue, target, rate, result });
  return result;
}

/** 底薪3000/月包括完成任务4万定台业绩为准: the base, and what happens below target (baseShortfallRule). */
export function basePayOf(revenue: Decimal, probation: boolean, marketing: MarketingPolicy, trace: Trace): Decimal {
  const terms = probation ? marketing.probation : marketing;
  if (marketing.baseShortfallRule === 'prorate' && revenue.lessThan(pdec(terms.monthlyTarget))) {
    const result = pdec(terms.baseSalary).times(revenue).dividedBy(pdec(terms.monthlyTarget));
    if (trace.on) trace.step(STEPS.baseProrated, { base: terms.baseSalary, revenue, target: terms.monthlyTarget, result });
    return result;
  }
  if (trace.on) trace.step(STEPS.baseFull, { base: terms.baseSalary, probation });
  return pdec(terms.baseSalary);
}

export type LateKind = 'late' | 'early';

function lateTerms(kind: LateKind, marketing: MarketingPolicy) {
  return kind === 'late'
    ? { fine: marketing.lateFine, absence: marketing.lateAsAbsenceMinutes }
    : { fine: marketing.earlyFine, absence: marketing.earlyAsAbsenceMinutes };
}

/**
 * 迟到半小时以内罚50元，半小时以上按旷工处理 (and the same for 早退). Exactly 30 minutes is the
 * lighter fine: both clauses include 30, and standard terms are read against the drafter (Civil Code art. 498).
 */
export function latenessOf(kind: LateKind, minutes: number, excused: boolean, marketing: MarketingPolicy, trace: Trace): { fine: Decimal; asAbsence: boolean } {
  const terms = lateTerms(kind, marketing);
  if (minutes <= 0 || excused) {
    if (trace.on) trace.step(STEPS.notLate, { what: kind, minutes, excused });
    return { fine: ZERO, asAbsence: false };
  }
  if (reaches(minutes, terms.absence)) {
    if (trace.on) trace.step(STEPS.lateAbsence, { what: kind, minutes, limit: terms.absence.value, fine: marketing.absenceFinePerDay });
    return { fine: pdec(marketing.absenceFinePerDay), asAbsence: true };
  }
  if (trace.on && minutes === terms.absence.value) trace.step(STEPS.lighterReading, { minutes, fine: terms.fine, absence: marketing.absenceFinePerDay });
  if (trace.on) trace.step(STEPS.lateFine, { what: kind, minutes, limit: terms.absence.value, fine: terms.fine });
  return { fine: pdec(terms.fine), asAbsence: false };
}

/** 旷工一天扣罚200元. */
export function absenceFineOf(days: number | Decimal, marketing: MarketingPolicy, trace: Trace): Decimal {
  const result = pdec(marketing.absenceFinePerDay).times(days);
  if (trace.on) trace.step(STEPS.absence, { days, perDay: marketing.absenceFinePerDay, result });
  return result;
}

/** 事假一天扣300元/天. */
export function personalLeaveOf(days: number, marketing: MarketingPolicy, trace: Trace): Decimal {
  const result = pdec(marketing.personalLeavePerDay).times(days);
  if (trace.on) trace.step(STEPS.personalLeave, { days, perDay: marketing.personalLeavePerDay, result });
  return result;
}

/** The number of late or early departures long enough to count as a day of absence. */
export function convertedDays(late: readonly number[], early: readonly number[], marketing: MarketingPolicy): number {
  let days = 0;
  for (const minutes of late) if (minutes > 0 && reaches(minutes, marketing.lateAsAbsenceMinutes)) days++;
  for (const minutes of early) if (minutes > 0 && reaches(minutes, marketing.earlyAsAbsenceMinutes)) days++;
  return days;
}

/**
 * 旷工3天以上扣罚当月业绩提成; 事假超过5天以上者扣发当月业绩提成. Days are added in decimal: a
 * fraction of a day typed into a sheet (0.028725) plus a converted lateness is exact.
 */
export function forfeitOf(absenceDays: number, leaveDays: number, converted: number, marketing: MarketingPolicy, trace: Trace): boolean {
  const absence = dec(absenceDays).plus(converted);
  if (trace.on && converted > 0) trace.step(STEPS.forfeitCount, { days: absenceDays, converted, total: absence });
  const byAbsence = reaches(absence, marketing.absenceForfeitDays);
  const byLeave = reaches(leaveDays, marketing.personalLeaveForfeitDays);
  sayBoundary(trace, absence, marketing.absenceForfeitDays, DAYS);
  sayBoundary(trace, leaveDays, marketing.personalLeaveForfeitDays, DAYS);
  if (trace.on) trace.step(STEPS.forfeitResult, {
    absence,
    absenceLimit: marketing.absenceForfeitDays.value,
    absenceInclusive: marketing.absenceForfeitDays.inclusive,
    leave: leaveDays,
    leaveLimit: marketing.personalLeaveForfeitDays.value,
    leaveInclusive: marketing.personalLeaveForfeitDays.inclusive,
    byAbsence,
    byLeave,
  });
  return byAbsence || byLeave;
}

/** A month's pay, line by line, as PAYROLL computes it and PAYSLIP shows it. */
export interface PayLines {
  basePay: Decimal;
  commission: Decimal;
  bonus: Decimal;
  absenceFines: Decimal;
  leaveDeductions: Decimal;
  latenessFines: Decimal;
  offPostFines: Decimal;
  otherDeductions: Decimal;
  netPay: Decimal;
  /** What the law's checks need beyond the lines. */
  facts: {
    /** Commission earned this month, before any forfeiture. */
    commissionEarned: Decimal;
    forfeited: boolean;
    leaveDays: number;
  };
}

/** PAYROLL's typed arguments: one month of one manager. */
export type PayArgs = [
  revenue: Decimal,
  absenceDays: number,
  leaveDays: number,
  late: number[],
  early: number[],
  offPost: number[],
  other: Decimal,
  probation: boolean,
  bonus: Decimal,
];

/** The month's pay: 底薪 + 提成 (扣发 when forfeited) + 奖金 − 旷工 − 事假 − 迟到早退 − 脱岗 − other deductions. */
export function payLinesOf(args: PayArgs, marketing: MarketingPolicy, trace: Trace): PayLines {
  const [revenue, absenceDays, leaveDays, late, early, offPost, other, probation, bonus] = args;
  const basePay = basePayOf(revenue, probation, marketing, trace);
  const converted = convertedDays(late, early, marketing);
  const forfeited = forfeitOf(absenceDays, leaveDays, converted, marketing, trace);
  const target = probation ? marketing.probation.monthlyTarget : marketing.monthlyTarget;
  const commissionEarned = commissionOf(revenue, target, marketing.commissionRate, trace);
  if (trace.on && forfeited && !commissionEarned.isZero()) trace.step(STEPS.withheld, { commission: commissionEarned });
  const commission = forfeited ? ZERO : commissionEarned;
  const absenceFines = absenceFineOf(dec(absenceDays).plus(converted), marketing, trace);
  const leaveDeductions = personalLeaveOf(leaveDays, marketing, trace);
  let fined = 0;
  let latenessFines = ZERO;
  for (const [kind, times] of [['late', late], ['early', early]] as const) {
    const terms = lateTerms(kind, marketing);
    for (const minutes of times) {
      if (minutes > 0 && !reaches(minutes, terms.absence)) {
        fined++;
        latenessFines = latenessFines.plus(terms.fine);
      }
    }
  }
  if (trace.on) trace.step(STEPS.latenessCount, { fined, fines: latenessFines, converted, limit: marketing.lateAsAbsenceMinutes.value });
  const offPostTimes = offPost.filter((minutes) => reaches(minutes, marketing.offPostMinutes)).length;
  const offPostFines = pdec(marketing.offPostFine).times(offPostTimes);
  if (trace.on) trace.step(STEPS.offPostCount, { times: offPostTimes, fine: marketing.offPostFine, result: offPostFines });
  const netPay = basePay.plus(commission).plus(bonus).minus(sumDec([absenceFines, leaveDeductions, latenessFines, offPostFines, other]));
  const lines: PayLines = {
    basePay,
    commission,
    bonus,
    absenceFines,
    leaveDeductions,
    latenessFines,
    offPostFines,
    otherDeductions: other,
    netPay,
    facts: { commissionEarned, forfeited, leaveDays },
  };
  if (trace.on) trace.step(STEPS.payroll, { lines });
  return lines;
}
