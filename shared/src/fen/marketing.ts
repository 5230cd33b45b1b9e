import type { Cells } from '../catalog/declare.js';
import { normalizeLabel } from '../policy/labels.js';
import type { PolicyDoc, Threshold } from '../policy/schema.js';
import { reaches } from '../policy/thresholds.js';
import { arrival, departure, shiftOf } from '../rules/attendance.js';
import { convertedDays } from '../rules/month-pay.js';
import { compItemNames } from '../rules/marketing.js';
import { dismissalWarning } from '../rules/wage-law.js';
import type { Scalar } from '../values/types.js';
import type { Scaled } from './exact.js';
import {
  DECLINE,
  add,
  atScale,
  compareFractions,
  compareWith,
  exactThreshold,
  fenOf,
  fenOfArgument,
  fenOfProduct,
  fenOfQuotient,
  fenHalfUp,
  moneyOfFen,
  mul,
  pow10,
  ratioOf,
  reachesFraction,
  rescale,
  scaleOf,
  scaleOf2,
  scaledAll,
  scaledOf,
  sub,
} from './exact.js';
import { fenRule } from './fen-rule.js';

// 第一篇 营销部 in integers: rules/marketing.ts, attendance.ts, floor.ts and wage-law.ts, each
// function beside its decimal rule's reading of the policy.

type MarketingPolicy = PolicyDoc['marketing'];

/** (revenue − target) × rate when revenue exceeds the target, else 0: commissionOf, in whole fen. */
function commissionFen(revenue: number, target: Scaled, rate: Scaled): number {
  const kRevenue = scaleOf(revenue);
  if (kRevenue < 0) return NaN;
  const k = kRevenue > target.k ? kRevenue : target.k;
  const r = rescale(atScale(revenue, kRevenue), kRevenue, k);
  const t = rescale(target.n, target.k, k);
  return r <= t ? 0 : fenHalfUp(mul(sub(r, t), rate.n), k + rate.k);
}

const commissionTerms = (p: PolicyDoc) => scaledAll({ target: p.marketing.monthlyTarget, rate: p.marketing.commissionRate });

/** The fines of LATEFINE and EARLYFINE in whole fen: what latenessOf answers for each case. */
function latenessTerms(kind: 'late' | 'early') {
  return (p: PolicyDoc) => {
    const m = p.marketing;
    const fine = scaledOf(kind === 'late' ? m.lateFine : m.earlyFine);
    const absence = scaledOf(m.absenceFinePerDay);
    if (!fine || !absence) return undefined;
    return { fine: fenOf(fine), absence: fenOf(absence), limit: kind === 'late' ? m.lateAsAbsenceMinutes : m.earlyAsAbsenceMinutes };
  };
}

const latenessFine = ([minutes, excused]: [number, boolean], t: { fine: number; absence: number; limit: Threshold }) =>
  moneyOfFen(minutes <= 0 || excused ? 0 : reaches(minutes, t.limit) ? t.absence : t.fine);

/** A rate of the policy times a money argument: COMPALLOWANCE, POACHFINE. */
const productRule = (id: string, read: (m: MarketingPolicy) => number) =>
  fenRule(
    id,
    (p) => scaledOf(read(p.marketing)),
    ([amount]: [number], c) => moneyOfFen(fenOfProduct(amount, c)),
  );

/** Seconds ÷ 60 as the double the decimal path's minutes read as. */
const minutesOf = (seconds: number) => ratioOf(seconds, 60);

export const MARKETING_FEN = [
  fenRule('COMMISSION', commissionTerms, ([revenue]: [number], t) => moneyOfFen(commissionFen(revenue, t.target, t.rate))),
  fenRule(
    'BASEPAY',
    (p) => {
      const m = p.marketing;
      const terms = scaledAll({ base: m.baseSalary, target: m.monthlyTarget, probationBase: m.probation.baseSalary, probationTarget: m.probation.monthlyTarget });
      return terms && { ...terms, prorate: m.baseShortfallRule === 'prorate' };
    },
    ([revenue, probation]: [number, boolean], t) => {
      const base = probation ? t.probationBase : t.base;
      const target = probation ? t.probationTarget : t.target;
      const below = compareWith(revenue, target);
      if (Number.isNaN(below)) return DECLINE;
      if (!t.prorate || below >= 0) return moneyOfFen(fenOf(base));
      // base × revenue ÷ target, the division last.
      const k = scaleOf(revenue);
      return moneyOfFen(fenOfQuotient(mul(base.n, atScale(revenue, k)), target.n, base.k + k - target.k, true));
    },
  ),
  fenRule('LATEFINE', latenessTerms('late'), latenessFine),
  fenRule('EARLYFINE', latenessTerms('early'), latenessFine),
  fenRule(
    'ABSENCEFINE',
    (p) => scaledOf(p.marketing.absenceFinePerDay),
    ([days]: [number], fine) => moneyOfFen(fenOfProduct(days, fine)),
  ),
  fenRule(
    'LEAVEDEDUCT',
    (p) => scaledAll({ personal: p.marketing.personalLeavePerDay, absence: p.marketing.absenceFinePerDay }),
    ([days, type, hasProof]: [number, string, boolean], t, p) => {
      const m = p.marketing;
      if (m.leaveTypes[type]!.kind === 'personal') return moneyOfFen(fenOfProduct(days, t.personal));
      if (hasProof) return 0;
      return moneyOfFen(fenOfProduct(days, m.sickLeaveWithoutProof === 'absence' ? t.absence : t.personal));
    },
  ),
  fenRule(
    'OFFPOSTFINE',
    (p) => scaledOf(p.marketing.offPostFine),
    ([minutes]: [number], fine, p) => moneyOfFen(reaches(minutes, p.marketing.offPostMinutes) ? fenOf(fine) : 0),
  ),
  fenRule(
    'FORFEIT',
    (p) => exactThreshold(p.marketing.absenceForfeitDays),
    ([absenceDays, leaveDays, late, early]: [number, number, number[], number[]], limit, p) => {
      const m = p.marketing;
      // dec(absenceDays).plus(converted), compared with the threshold exactly.
      const k = scaleOf(absenceDays);
      if (k < 0) return DECLINE;
      const absence = add(atScale(absenceDays, k), mul(convertedDays(late, early, m), pow10(k)));
      const byAbsence = reachesFraction(absence, pow10(k), limit);
      if (byAbsence === undefined) return DECLINE;
      return byAbsence || reaches(leaveDays, m.personalLeaveForfeitDays);
    },
  ),
  fenRule(
    'BOOKINGVALID',
    (p) => exactThreshold(p.marketing.bookingLeadMinutes),
    // (arrived − registered) ÷ 60 minutes against the lead, by cross-multiplication.
    ([registered, arrived]: [number, number], lead) => reachesFraction(sub(arrived, registered), 60, lead) ?? DECLINE,
  ),
  productRule('COMPALLOWANCE', (m) => m.compRate),
  fenRule(
    'COMPFINE',
    (p) => scaledAll({ rate: p.marketing.compRate, multiplier: p.marketing.compViolationMultiplier }),
    ([comped, spend, drinks, items, own]: [number, number, boolean, string[], boolean], t, p) => {
      const m = p.marketing;
      // comped > spend × rate, exactly.
      const kSpend = scaleOf(spend);
      const kComped = scaleOf(comped);
      if (kSpend < 0 || kComped < 0) return DECLINE;
      const over = compareFractions(atScale(comped, kComped), pow10(kComped), mul(atScale(spend, kSpend), t.rate.n), pow10(kSpend + t.rate.k));
      if (Number.isNaN(over)) return DECLINE;
      const allowed = compItemNames(p);
      const offList = items.some((item) => !allowed.has(item) && !allowed.has(normalizeLabel(item)));
      const violation = over > 0 || (drinks && !m.compDrinksAllowed) || offList || !own;
      return moneyOfFen(violation ? fenOfProduct(comped, t.multiplier) : 0);
    },
  ),
  productRule('POACHFINE', (m) => m.poachMultiplier),
  fenRule(
    'WAGECHECK',
    (p) => exactThreshold(p.marketing.deductionCapRatio),
    ([gross, deductions, minimumWage]: [number, number, number], cap, p) => {
      const m = p.marketing;
      const kPay = scaleOf2(gross, deductions);
      const kMinimum = scaleOf(minimumWage);
      if (kPay < 0 || kMinimum < 0) return DECLINE;
      const k = kPay > kMinimum ? kPay : kMinimum;
      const g = atScale(gross, k);
      const d = atScale(deductions, k);
      const net = sub(g, d);
      const minimum = atScale(minimumWage, k);
      // deductions ÷ gross against the cap, by cross-multiplication; with no gross any deduction is over it.
      const overCap = g === 0 ? d > 0 : reachesFraction(d, g, cap);
      if (overCap === undefined || Number.isNaN(net) || Number.isNaN(minimum)) return DECLINE;
      const labels = m.wageCheckLabels;
      return net < minimum ? labels.belowMinimumWage : overCap ? labels.deductionsOverCap : labels.compliant;
    },
  ),
  fenRule('LATEMINUTES', (p) => shiftOf(p), ([at]: [number], shift) => minutesOf(arrival(at, shift).seconds)),
  fenRule('EARLYMINUTES', (p) => shiftOf(p), ([at]: [number], shift) => minutesOf(departure(at, shift).seconds)),
  fenRule(
    'RESTBALANCE',
    (p) => p.marketing.restDaysPerMonth,
    ([taken]: [number], allowed) => {
      // dec(allowed).minus(taken), exact, read as a double.
      const k = scaleOf(taken);
      return k < 0 ? DECLINE : ratioOf(sub(mul(allowed, pow10(k)), atScale(taken, k)), pow10(k));
    },
  ),
  fenRule(
    'COUNTEDREVENUE',
    () => true,
    ([revenues, onTime, touting, repeat]: [Cells<number>, Cells<boolean>, Cells<boolean>, Cells<boolean>], _t, p) => {
      for (const flags of [onTime, touting, repeat]) if (flags.rows !== 0 && (flags.rows !== revenues.rows || flags.cols !== revenues.cols)) return DECLINE;
      const needsRegistration = p.marketing.repeatBookingNeedsRegistration;
      // The sum of the revenues that count, at the largest scale among them.
      let sum = 0;
      let scale = 0;
      const items = revenues.items;
      for (let i = 0; i < items.length; i++) {
        const revenue = items[i];
        if (revenue === null || revenue === undefined || touting.items[i] === true) continue;
        if (onTime.items[i] !== true && !(repeat.items[i] === true && !needsRegistration)) continue;
        const k = scaleOf(revenue);
        if (k < 0) return DECLINE;
        if (k > scale) {
          sum = rescale(sum, scale, k);
          scale = k;
        }
        sum = add(sum, rescale(atScale(revenue, k), k, scale));
      }
      return moneyOfFen(fenHalfUp(sum, scale));
    },
  ),
  fenRule('TIPFORFEIT', () => true, ([tips, solicited]: [number, boolean]) => moneyOfFen(solicited ? fenOfArgument(tips) : 0)),
  fenRule(
    'RESTDAYPAY',
    (p) => scaledAll({ paidDays: p.marketing.paidDaysPerMonth, rest: p.marketing.restDayPayMultiplier, holiday: p.marketing.holidayPayMultiplier }),
    ([days, holiday, wage]: [number, boolean, number], t) => {
      // wage ÷ paid days × days × multiplier: the division first, so an exact half fen is the decimal path's.
      const multiplier = holiday ? t.holiday : t.rest;
      const kDays = scaleOf(days);
      const kWage = scaleOf(wage);
      if (kDays < 0 || kWage < 0) return DECLINE;
      const numerator = mul(mul(atScale(wage, kWage), atScale(days, kDays)), multiplier.n);
      return moneyOfFen(fenOfQuotient(numerator, t.paidDays.n, kWage + kDays + multiplier.k - t.paidDays.k, false));
    },
  ),
  fenRule(
    'DISMISSALPAY',
    () => true,
    ([wages, commission, deposit]: [number, number, number], _t, p, lang) => {
      const labels = p.marketing.dismissalLabels;
      const kEarned = scaleOf2(wages, commission);
      const kDeposit = scaleOf(deposit);
      if (kEarned < 0 || kDeposit < 0) return DECLINE;
      const k = kEarned > kDeposit ? kEarned : kDeposit;
      const earned = add(atScale(wages, k), atScale(commission, k));
      const held = atScale(deposit, k);
      const heldFen = fenHalfUp(held, k);
      const lawfulFen = fenHalfUp(add(earned, held), k);
      const earnedFen = fenHalfUp(earned, k);
      if (Number.isNaN(heldFen) || Number.isNaN(lawfulFen) || Number.isNaN(earnedFen)) return DECLINE;
      const money = (fen: number) => moneyOfFen(fen) as number;
      const rows: Scalar[][] = [
        [labels.deposit, money(heldFen)],
        [labels.wages, 0],
        [labels.commission, 0],
        [labels.policyPay, money(heldFen)],
        [labels.lawfulPay, money(lawfulFen)],
        [labels.shortfall, money(earnedFen)],
      ];
      const warning = dismissalWarning(earned !== 0, held !== 0, lang);
      if (warning !== undefined) rows.push([labels.compliance, warning]);
      return rows;
    },
  ),
];
