import type { Civil } from '../../../../shared/src/values/dates.js';
import type { Basis } from './day-count.js';
import { compareDays, couponCount, couponDays, couponDaysBefore, days360Us, daysBetween, daysInYear, lastOfMonth, shiftMonths } from './day-count.js';

/**
 * Excel's securities formulas (bonds paying periodic coupons, discounted securities, securities
 * paying interest at maturity), on dates and arguments already checked. Each follows the formula of
 * Microsoft's page for the function, in the order of operations of Excel's own implementation as
 * published by the Excel-compatible library ExcelFinancialFunctions (binary floating point, no
 * rounding), so the results agree with Excel's to its 15 digits.
 */

/** The factors of a coupon bond's price: coupons left (N), days of the period before settlement (A), the period (E), days after (DSC = E − A). */
function priceFactors(settlement: Civil, maturity: Civil, frequency: number, basis: Basis) {
  const n = couponCount(settlement, maturity, frequency);
  const a = couponDaysBefore(settlement, maturity, frequency, basis);
  const e = couponDays(settlement, maturity, frequency, basis);
  return { n, a, e, dsc: e - a };
}

/** PRICE: the clean price per 100 of face value of a bond yielding `yld`. */
export function bondPrice(settlement: Civil, maturity: Civil, rate: number, yld: number, redemption: number, frequency: number, basis: Basis): number {
  const { n, a, e, dsc } = priceFactors(settlement, maturity, frequency, basis);
  const coupon = (100 * rate) / frequency;
  const accrued = (((100 * rate) / frequency) * a) / e;
  if (n === 1) return (redemption + coupon) / (1 + ((dsc / e) * yld) / frequency) - accrued;
  const discount = (k: number) => Math.pow(1 + yld / frequency, k - 1 + dsc / e);
  let coupons = 0;
  for (let k = 1; k <= n; k++) coupons += coupon / discount(k);
  return redemption / discount(n) + coupons - accrued;
}

/** d PRICE / d yld, for Newton's method. */
function bondPriceSlope(settlement: Civil, maturity: Civil, rate: number, yld: number, redemption: number, frequency: number, basis: Basis): number {
  const { n, e, dsc } = priceFactors(settlement, maturity, frequency, basis);
  const coupon = (100 * rate) / frequency;
  const base = 1 + yld / frequency;
  let slope = 0;
  for (let k = 1; k <= n; k++) {
    const t = k - 1 + dsc / e;
    slope -= ((coupon + (k === n ? redemption : 0)) * t * Math.pow(base, -t - 1)) / frequency;
  }
  return slope;
}

/** YIELD: the yield at which the bond's price is `price`; in closed form with one coupon left, else found by Newton's method. */
export function bondYield(settlement: Civil, maturity: Civil, rate: number, price: number, redemption: number, frequency: number, basis: Basis): number | undefined {
  const { n, a, e, dsc } = priceFactors(settlement, maturity, frequency, basis);
  if (n <= 1) {
    const paid = price / 100 + ((a / e) * rate) / frequency;
    const gain = redemption / 100 + rate / frequency - paid;
    return ((gain / paid) * frequency * e) / dsc;
  }
  const f = (y: number) => bondPrice(settlement, maturity, rate, y, redemption, frequency, basis) - price;
  return solveDecreasing(f, (y) => bondPriceSlope(settlement, maturity, rate, y, redemption, frequency, basis), 0.05, -frequency);
}

/**
 * The root of a decreasing function: Newton's method from `guess` to the last bit; where it leaves
 * the domain (above `floor`) or does not settle, bisection over a bracket found by doubling.
 */
export function solveDecreasing(f: (x: number) => number, slope: (x: number) => number, guess: number, floor: number): number | undefined {
  let x = guess;
  for (let i = 0; i < 100; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    const next = x - fx / slope(x);
    if (!Number.isFinite(next) || next <= floor) break;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  let lo = floor / 2;
  let hi = 1;
  for (let i = 0; f(hi) > 0; i++) {
    if (i > 60) return undefined;
    hi *= 2;
  }
  for (let i = 0; f(lo) < 0; i++) {
    if (i > 60) return undefined;
    lo = floor + (lo - floor) / 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-16 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** DURATION (Macaulay) or, `modified`, MDURATION of a bond per 100 of face value. */
export function bondDuration(settlement: Civil, maturity: Civil, coupon: number, yld: number, frequency: number, basis: Basis, modified: boolean): number {
  const { n, e, dsc } = priceFactors(settlement, maturity, frequency, basis);
  const x1 = dsc / e;
  const x2 = x1 + n - 1;
  const x3 = yld / frequency + 1;
  const x4 = Math.pow(x3, x2);
  let weighted = (x2 * 100) / x4;
  let total = 100 / x4;
  for (let k = 1; k <= n; k++) {
    const t = k - 1 + x1;
    const pv = ((100 * coupon) / frequency) / Math.pow(x3, t);
    weighted += pv * t;
    total += pv;
  }
  const d = weighted / total / frequency;
  return modified ? d / x3 : d;
}

/** The factors of a security paying interest at maturity: year (B), issue to maturity (DIM), issue to settlement (A), settlement to maturity (DSM). */
function maturityFactors(settlement: Civil, maturity: Civil, issue: Civil, basis: Basis) {
  const b = daysInYear(issue, settlement, basis);
  const dim = daysBetween(issue, maturity, basis);
  const a = daysBetween(issue, settlement, basis);
  return { b, dim, a, dsm: dim - a };
}

/** PRICEMAT: price per 100 of a security paying interest at maturity. */
export function priceAtMaturity(settlement: Civil, maturity: Civil, issue: Civil, rate: number, yld: number, basis: Basis): number {
  const { b, dim, a, dsm } = maturityFactors(settlement, maturity, issue, basis);
  return (100 + (dim / b) * rate * 100) / (1 + (dsm / b) * yld) - (a / b) * rate * 100;
}

/** YIELDMAT: annual yield of a security paying interest at maturity, in the order of Microsoft's formula. */
export function yieldAtMaturity(settlement: Civil, maturity: Civil, issue: Civil, rate: number, price: number, basis: Basis): number {
  const { b, dim, a, dsm } = maturityFactors(settlement, maturity, issue, basis);
  const paid = price / 100 + (a / b) * rate;
  return ((1 + (dim / b) * rate - paid) / paid) * (b / dsm);
}

/** The span of a discounted security, settlement to maturity (DSM), and its year (B). */
export function discountSpan(settlement: Civil, maturity: Civil, basis: Basis): { dim: number; b: number } {
  return { dim: daysBetween(settlement, maturity, basis), b: daysInYear(settlement, maturity, basis) };
}

/** ACCRINTM: interest accrued from issue to settlement by a security paying at maturity. */
export function accruedAtMaturity(issue: Civil, settlement: Civil, rate: number, par: number, basis: Basis): number {
  return par * rate * (daysBetween(issue, settlement, basis) / daysInYear(issue, settlement, basis));
}

/**
 * ACCRINT: interest accrued by a coupon bond from issue (or, `fromIssue` false, from the coupon
 * period's start) to settlement, period by period back from the first coupon (`firstInterest`), each
 * period counted as a whole coupon except the one that issue falls in, which counts its days.
 */
export function accruedInterest(issue: Civil, firstInterest: Civil, settlement: Civil, rate: number, par: number, frequency: number, basis: Basis, fromIssue: boolean): number {
  const months = 12 / frequency;
  const eom = lastOfMonth(firstInterest);
  let pcd: Civil;
  if (compareDays(settlement, firstInterest) > 0 && fromIssue) {
    // Settlement after the first coupon: up to the coupon date on or after settlement, less the days from settlement to it.
    pcd = firstInterest;
    while (compareDays(pcd, settlement) < 0) pcd = shiftMonths(pcd, months, eom);
  } else pcd = shiftMonths(firstInterest, -months, eom);
  const later = (x: Civil, y: Civil) => (compareDays(x, y) > 0 ? x : y);
  // Excel's period here, on basis 1, is the span between that date and the first coupon.
  const periodDays = basis === 1 ? Math.abs(daysBetween(pcd, firstInterest, 1)) : (basis === 3 ? 365 : 360) / frequency;
  let total = daysBetween(later(issue, pcd), settlement, basis) / periodDays;
  let start = pcd;
  while (compareDays(start, issue) > 0) {
    const ncd = start;
    start = shiftMonths(start, -months, eom);
    if (compareDays(issue, start) <= 0) total += fromIssue ? 1 : 0;
    else {
      // The period issue falls in: its days from issue.
      const counted = basis === 0 ? days360Us(issue, ncd, false) : daysBetween(issue, ncd, basis);
      const length = basis === 0 ? days360Us(start, ncd, true) : basis === 3 ? 365 / frequency : daysBetween(start, ncd, basis, true);
      total += counted / length;
    }
  }
  return ((par * rate) / frequency) * total;
}
