import type { Civil } from '../../../../shared/src/values/dates.js';
import type { Basis } from './day-count.js';
import { compareDays, couponCount, couponDates, couponDays, days360Us, daysBetween, lastOfMonth, shiftMonths } from './day-count.js';
import { solveDecreasing } from './securities.js';

/**
 * Bonds with an odd (short or long) first or last coupon period: ODDFPRICE, ODDFYIELD, ODDLPRICE,
 * ODDLYIELD, with the formulas of Microsoft's pages (a long first period counted in quasi-coupon
 * periods), in the order of operations of the Excel-compatible library ExcelFinancialFunctions.
 */

/** Days from a to b on the basis, never negative. */
const span = (a: Civil, b: Civil, basis: Basis) => Math.max(daysBetween(a, b, basis), 0);
/** The same, on basis 0 counting a period's end by the end-of-month rules too. */
const periodSpan = (a: Civil, b: Civil, basis: Basis) => (basis === 0 ? Math.max(days360Us(a, b, true), 0) : span(a, b, basis));

/** Whether first coupon falls on maturity's schedule (stepping back from maturity a period at a time). */
export function onSchedule(maturity: Civil, firstCoupon: Civil, frequency: number): boolean {
  const eom = lastOfMonth(maturity);
  let d = shiftMonths(maturity, -12 / frequency, eom);
  while (compareDays(d, firstCoupon) > 0) d = shiftMonths(d, -12 / frequency, eom);
  return compareDays(d, firstCoupon) === 0;
}

/** Whole quasi-coupon periods from settlement to first coupon (NQ). */
function quasiPeriods(firstCoupon: Civil, settlement: Civil, months: number): number {
  const eomFirst = lastOfMonth(firstCoupon);
  const eom = !eomFirst && firstCoupon.m !== 2 && firstCoupon.d > 28 ? lastOfMonth(settlement) : eomFirst;
  const start = shiftMonths(settlement, 0, eom);
  let count = compareDays(settlement, start) < 0 ? 1 : 0;
  let d = shiftMonths(start, months, eom);
  while (compareDays(d, firstCoupon) < 0) {
    d = shiftMonths(d, months, eom);
    count++;
  }
  return count;
}

/** ODDFPRICE: price per 100 of a bond whose first period is odd. */
export function oddFirstPrice(settlement: Civil, maturity: Civil, issue: Civil, firstCoupon: Civil, rate: number, yld: number, redemption: number, frequency: number, basis: Basis): number {
  const months = 12 / frequency;
  const e = couponDays(settlement, firstCoupon, frequency, basis);
  const coupon = (100 * rate) / frequency;
  const x = yld / frequency + 1;
  const dfc = span(issue, firstCoupon, basis);
  if (dfc < e) {
    // A short first period.
    const n = couponCount(settlement, maturity, frequency);
    const dsc = span(settlement, firstCoupon, basis);
    const a = span(issue, settlement, basis);
    const y = dsc / e;
    let coupons = 0;
    for (let k = 2; k <= n; k++) coupons += coupon / Math.pow(x, k - 1 + y);
    return redemption / Math.pow(x, n - 1 + y) + (coupon * dfc) / e / Math.pow(x, y) + coupons - (a / e) * (rate / frequency) * 100;
  }
  // A long first period: its quasi-coupon periods, latest first.
  const nc = couponCount(issue, firstCoupon, frequency);
  let late = firstCoupon;
  let dcnl = 0;
  let anl = 0;
  for (let i = nc; i >= 1; i--) {
    const early = shiftMonths(late, -months, false);
    const nl = basis === 1 ? span(early, late, basis) : e;
    const dci = i > 1 ? nl : span(issue, late, basis);
    const from = compareDays(issue, early) > 0 ? issue : early;
    const to = compareDays(settlement, late) < 0 ? settlement : late;
    dcnl += dci / nl;
    anl += span(from, to, basis) / nl;
    late = early;
  }
  const { pcd, ncd } = couponDates(settlement, firstCoupon, frequency);
  const dsc = basis === 2 || basis === 3 ? span(settlement, ncd, basis) : e - daysBetween(pcd, settlement, basis);
  const nq = quasiPeriods(firstCoupon, settlement, months);
  const n = couponCount(firstCoupon, maturity, frequency);
  const y = dsc / e;
  let coupons = 0;
  for (let k = 1; k <= n; k++) coupons += coupon / Math.pow(x, k + nq + y);
  return redemption / Math.pow(x, y + nq + n) + (coupon * dcnl) / Math.pow(x, nq + y) + coupons - coupon * anl;
}

/** ODDFYIELD: the yield at which ODDFPRICE is `price`, from the first guess Excel's documentation implies. */
export function oddFirstYield(settlement: Civil, maturity: Civil, issue: Civil, firstCoupon: Civil, rate: number, price: number, redemption: number, frequency: number, basis: Basis): number | undefined {
  const years = daysBetween(settlement, maturity, basis);
  const px = price - 100;
  const guess = (rate * years * 100 - px) / (px / 4 + (years * px) / 2 + years * 100);
  const f = (y: number) => oddFirstPrice(settlement, maturity, issue, firstCoupon, rate, y, redemption, frequency, basis) - price;
  const slope = (y: number) => (f(y + 1e-7) - f(y - 1e-7)) / 2e-7;
  return solveDecreasing(f, slope, Number.isFinite(guess) && guess > -frequency ? guess : 0.05, -frequency);
}

/** The factors of an odd last period, in its quasi-coupon periods: coupon days, accrued days, days left, each over its period. */
function lastPeriodFactors(settlement: Civil, maturity: Civil, lastInterest: Civil, frequency: number, basis: Basis) {
  const months = 12 / frequency;
  const nc = couponCount(lastInterest, maturity, frequency);
  let early = lastInterest;
  let dcnl = 0;
  let anl = 0;
  let dscnl = 0;
  for (let i = 1; i <= nc; i++) {
    const late = shiftMonths(early, months, false);
    const nl = periodSpan(early, late, basis);
    const dci = i < nc ? nl : periodSpan(early, maturity, basis);
    const a = compareDays(late, settlement) < 0 ? dci : compareDays(early, settlement) < 0 ? span(early, settlement, basis) : 0;
    const from = compareDays(settlement, early) > 0 ? settlement : early;
    const to = compareDays(maturity, late) < 0 ? maturity : late;
    dcnl += dci / nl;
    anl += a / nl;
    dscnl += span(from, to, basis) / nl;
    early = late;
  }
  return { dcnl, anl, dscnl };
}

/** ODDLPRICE: price per 100 of a bond whose last period is odd. */
export function oddLastPrice(settlement: Civil, maturity: Civil, lastInterest: Civil, rate: number, yld: number, redemption: number, frequency: number, basis: Basis): number {
  const { dcnl, anl, dscnl } = lastPeriodFactors(settlement, maturity, lastInterest, frequency, basis);
  const x = (100 * rate) / frequency;
  return (dcnl * x + redemption) / ((dscnl * yld) / frequency + 1) - anl * x;
}

/** ODDLYIELD: yield of a bond whose last period is odd. */
export function oddLastYield(settlement: Civil, maturity: Civil, lastInterest: Civil, rate: number, price: number, redemption: number, frequency: number, basis: Basis): number {
  const { dcnl, anl, dscnl } = lastPeriodFactors(settlement, maturity, lastInterest, frequency, basis);
  const x = (100 * rate) / frequency;
  const paid = anl * x + price;
  return ((dcnl * x + redemption - paid) / paid) * (frequency / dscnl);
}
