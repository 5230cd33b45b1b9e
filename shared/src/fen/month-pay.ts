import type { PolicyDoc } from '../policy/schema.js';
import { reaches } from '../policy/thresholds.js';
import type { Scalar } from '../values/types.js';
import { DECLINE, add, atScale, compareFractions, exactThreshold, fenHalfUp, moneyOfFen, mul, pow10, reachesFraction, rescale, scaleOf, scaledAll, sub } from './exact.js';
import { fenRule } from './fen-rule.js';

// PAYROLL, PAYSLIP and PAYROLLCHECK in integers: the lines of rules/month-pay.ts (payLinesOf) and
// the law's flags of rules/wage-law.ts (payFlags), each line an integer at its own scale, then all
// at one scale for the sums, in the decimal path's order.

/** PAYROLL's arguments as the adapter makes them, amounts as numbers. */
type PayArgs = [revenue: number, absenceDays: number, leaveDays: number, late: number[], early: number[], offPost: number[], other: number, probation: boolean, bonus: number];

/** What the month's pay reads from the policy, read once. */
function payTerms(policy: PolicyDoc) {
  const m = policy.marketing;
  if (m.baseShortfallRule !== 'full') return undefined; // a prorated base is a quotient inside the sum: the decimal path
  const numbers = scaledAll({
    base: m.baseSalary,
    probationBase: m.probation.baseSalary,
    target: m.monthlyTarget,
    probationTarget: m.probation.monthlyTarget,
    rate: m.commissionRate,
    absenceFine: m.absenceFinePerDay,
    leavePerDay: m.personalLeavePerDay,
    lateFine: m.lateFine,
    earlyFine: m.earlyFine,
    offPostFine: m.offPostFine,
    cap: m.deductionCapRatio.value,
    paidDays: m.paidDaysPerMonth,
    minimumWage: m.minimumWage,
  });
  const absenceForfeit = exactThreshold(m.absenceForfeitDays);
  if (!numbers || !absenceForfeit) return undefined;
  return { ...numbers, absenceForfeit, marketing: m };
}
type PayTerms = NonNullable<ReturnType<typeof payTerms>>;

/** The month's lines, each in integers at `scale` decimals; NaN anywhere means the decimal path. */
interface Lines {
  scale: number;
  basePay: number;
  commission: number;
  commissionEarned: number;
  bonus: number;
  absenceFines: number;
  leaveDeductions: number;
  latenessFines: number;
  offPostFines: number;
  other: number;
  netPay: number;
  forfeited: boolean;
  leaveDays: number;
}

/** x·10^-from at `to` decimals. */
const at = (n: number, from: number, to: number) => rescale(n, from, to);

/** payLinesOf in integers; undefined when a value leaves this path's range. */
function linesOf(args: PayArgs, t: PayTerms): Lines | undefined {
  const [revenue, absenceDays, leaveDays, late, early, offPost, otherArg, probation, bonusArg] = args;
  const m = t.marketing;
  const base = probation ? t.probationBase : t.base;
  const target = probation ? t.probationTarget : t.target;
  // Lateness and off-post counts compare JS numbers with thresholds, as the rule does.
  let converted = 0;
  let lateFined = 0;
  let earlyFined = 0;
  for (const minutes of late) {
    if (minutes > 0 && reaches(minutes, m.lateAsAbsenceMinutes)) converted++;
    else if (minutes > 0) lateFined++;
  }
  for (const minutes of early) {
    if (minutes > 0 && reaches(minutes, m.earlyAsAbsenceMinutes)) converted++;
    else if (minutes > 0) earlyFined++;
  }
  let offPostTimes = 0;
  for (const minutes of offPost) if (reaches(minutes, m.offPostMinutes)) offPostTimes++;

  const kRevenue = scaleOf(revenue);
  const kAbsence = scaleOf(absenceDays);
  const kLeave = scaleOf(leaveDays);
  const kOther = scaleOf(otherArg);
  const kBonus = scaleOf(bonusArg);
  if (kRevenue < 0 || kAbsence < 0 || kLeave < 0 || kOther < 0 || kBonus < 0) return undefined;

  // Days of absence, converted lateness included: exact, as dec(absenceDays).plus(converted).
  const absence = add(atScale(absenceDays, kAbsence), mul(converted, pow10(kAbsence)));
  const byAbsence = reachesFraction(absence, pow10(kAbsence), t.absenceForfeit);
  if (byAbsence === undefined) return undefined;
  const forfeited = byAbsence || reaches(leaveDays, m.personalLeaveForfeitDays);

  // Commission on revenue above the target: (revenue − target) × rate.
  const kTarget = kRevenue > target.k ? kRevenue : target.k;
  const revenueAt = at(atScale(revenue, kRevenue), kRevenue, kTarget);
  const targetAt = at(target.n, target.k, kTarget);
  const earned = revenueAt <= targetAt ? 0 : mul(sub(revenueAt, targetAt), t.rate.n);
  const kEarned = kTarget + t.rate.k;

  // Each line at its own scale, then all at the largest.
  const kLate = t.lateFine.k > t.earlyFine.k ? t.lateFine.k : t.earlyFine.k;
  const kAbsenceFines = t.absenceFine.k + kAbsence;
  const kLeaveDeductions = t.leavePerDay.k + kLeave;
  const scale = Math.max(base.k, kEarned, kBonus, kAbsenceFines, kLeaveDeductions, kLate, t.offPostFine.k, kOther);
  const basePay = at(base.n, base.k, scale);
  const commissionEarned = at(earned, kEarned, scale);
  const commission = forfeited ? 0 : commissionEarned;
  const bonus = at(atScale(bonusArg, kBonus), kBonus, scale);
  const absenceFines = at(mul(t.absenceFine.n, absence), kAbsenceFines, scale);
  const leaveDeductions = at(mul(t.leavePerDay.n, atScale(leaveDays, kLeave)), kLeaveDeductions, scale);
  const lateness = add(mul(at(t.lateFine.n, t.lateFine.k, kLate), lateFined), mul(at(t.earlyFine.n, t.earlyFine.k, kLate), earlyFined));
  const latenessFines = at(lateness, kLate, scale);
  const offPostFines = at(mul(t.offPostFine.n, offPostTimes), t.offPostFine.k, scale);
  const other = at(atScale(otherArg, kOther), kOther, scale);
  // basePay + commission + bonus − (absence + leave + lateness + off post + other), in the rule's order.
  const deductions = add(add(add(add(absenceFines, leaveDeductions), latenessFines), offPostFines), other);
  const netPay = sub(add(add(basePay, commission), bonus), deductions);
  if (Number.isNaN(netPay) || Number.isNaN(commissionEarned)) return undefined;
  return { scale, basePay, commission, commissionEarned, bonus, absenceFines, leaveDeductions, latenessFines, offPostFines, other, netPay, forfeited, leaveDays };
}

/** payFlags in integers: the labels, most severe first; undefined when a comparison leaves the range. */
function flagsOf(l: Lines, t: PayTerms): string[] | undefined {
  const labels = t.marketing.wageCheckLabels;
  const unit = pow10(l.scale);
  const net = fenHalfUp(l.netPay, l.scale);
  const withheld = l.forfeited ? l.commissionEarned : 0;
  const fines = add(add(l.absenceFines, l.latenessFines), l.offPostFines);
  const wages = add(add(l.basePay, l.commissionEarned), l.bonus);
  const deductions = add(add(add(add(add(l.absenceFines, l.leaveDeductions), l.latenessFines), l.offPostFines), l.other), withheld);
  // deductions ÷ wages against the cap, and the leave deduction against wages ÷ paid days, by cross-multiplication.
  const capCompare = wages === 0 ? 0 : compareFractions(deductions, wages, t.cap.n, pow10(t.cap.k));
  const perDayCompare = compareFractions(mul(t.leavePerDay.n, t.paidDays.n), pow10(t.leavePerDay.k + t.paidDays.k), wages, unit);
  const minimumCompare = compareFractions(net, 100, t.minimumWage.n, pow10(t.minimumWage.k));
  if ([net, fines, deductions, capCompare, perDayCompare, minimumCompare].some(Number.isNaN)) return undefined;
  const cap = t.marketing.deductionCapRatio;
  const overCap = wages === 0 ? deductions > 0 : cap.inclusive ? capCompare >= 0 : capCompare > 0;
  const flags: string[] = [];
  // The rule asks whether the rounded net is negative; decimal.js keeps the sign of a net rounded to −0.00, so that is whether the net is.
  if (l.netPay < 0) flags.push(labels.negativePay);
  if (minimumCompare < 0) flags.push(labels.belowMinimumWage);
  if (overCap) flags.push(labels.deductionsOverCap);
  if (withheld !== 0) flags.push(labels.commissionWithheld);
  if (fines > 0) flags.push(labels.fines);
  if (l.leaveDays > 0 && perDayCompare > 0) flags.push(labels.leaveOverDayWage);
  return flags;
}

/** PAYSLIP's rows, as payslipRows makes them: each line rounded to the fen, the net once, and a 尾差 row when they differ. */
function payslipOf(l: Lines, t: PayTerms, flags: readonly string[]): Scalar[][] | undefined {
  const labels = t.marketing.payslipLabels;
  const fen = (n: number) => fenHalfUp(n, l.scale);
  const earnings = [fen(l.basePay), fen(l.commission), fen(l.bonus)] as const;
  const deductions = [fen(l.absenceFines), fen(l.leaveDeductions), fen(l.latenessFines), fen(l.offPostFines), fen(l.other)] as const;
  const net = fen(l.netPay);
  const rounding = sub(net, sub(add(add(earnings[0], earnings[1]), earnings[2]), add(add(add(add(deductions[0], deductions[1]), deductions[2]), deductions[3]), deductions[4])));
  if (Number.isNaN(rounding)) return undefined;
  const money = (f: number) => moneyOfFen(f) as number;
  const rows: Scalar[][] = [
    [labels.basePay, money(earnings[0])],
    [labels.commission, money(earnings[1])],
  ];
  if (l.bonus !== 0) rows.push([labels.bonus, money(earnings[2])]);
  const deductionLabels = [labels.absenceFines, labels.leaveDeductions, labels.latenessFines, labels.offPostFines, labels.otherDeductions];
  deductions.forEach((amount, i) => rows.push([deductionLabels[i]!, money(amount)]));
  if (rounding !== 0) rows.push([labels.rounding, money(rounding)]);
  rows.push([labels.netPay, money(net)]);
  if (flags.length) rows.push([labels.compliance, flags.join('；')]);
  return rows;
}

export const MONTH_PAY_FEN = [
  fenRule('PAYROLL', payTerms, (args: PayArgs, t) => {
    const lines = linesOf(args, t);
    return lines ? moneyOfFen(fenHalfUp(lines.netPay, lines.scale)) : DECLINE;
  }),
  fenRule('PAYSLIP', payTerms, (args: PayArgs, t) => {
    const lines = linesOf(args, t);
    const flags = lines && flagsOf(lines, t);
    return (lines && flags && payslipOf(lines, t, flags)) ?? DECLINE;
  }),
  fenRule('PAYROLLCHECK', payTerms, (args: PayArgs, t) => {
    const lines = linesOf(args, t);
    const flags = lines && flagsOf(lines, t);
    if (!flags) return DECLINE;
    return flags.length ? flags.join('；') : t.marketing.wageCheckLabels.compliant;
  }),
];
