import type { Civil } from '../../../../shared/src/values/dates.js';
import type { Basis } from './day-count.js';
import { daysBetween, leap } from './day-count.js';

/**
 * Excel's depreciation functions that HyperFormula lacks, in the order of operations of the
 * Excel-compatible library ExcelFinancialFunctions (tested against Excel).
 *
 * VDB, variable declining balance depreciation: declining balance at `factor` / life a period,
 * switching to straight line over the remaining life once that is larger (unless
 * `noSwitch`), never below salvage; a fractional period takes its share of the next whole period's
 * depreciation. Computed as the depreciation to the end period less that to the start period.
 */

/** The depreciation accumulated from the start to `period` (which may be fractional). */
function accumulated(cost: number, salvage: number, life: number, period: number, factor: number, straightLine: boolean): number {
  const whole = Math.trunc(period);
  const fraction = period - whole;
  const declining = (total: number) => Math.min((cost - total) * (factor / life), cost - salvage - total);
  const straight = (total: number, elapsed: number) => (cost - total - salvage) / (life - elapsed);
  const next = (total: number, elapsed: number) => {
    const d = declining(total);
    const s = straight(total, elapsed);
    return straightLine && d < s ? { depr: s, straight: true } : { depr: d, straight: false };
  };
  let total = 0;
  for (let elapsed = 0; ; elapsed++) {
    const now = total + next(total, elapsed).depr;
    if (whole === 0) return now * fraction;
    if (elapsed === whole - 1) {
      const after = next(now, elapsed + 1);
      // Past the end of the life a straight-line period has nothing left to take.
      const share = after.straight && whole === Math.trunc(life) ? 0 : after.depr;
      return now + share * fraction;
    }
    total = now;
  }
}

/** VDB(cost, salvage, life, start_period, end_period, factor, no_switch), or undefined for #NUM!. */
export function variableDecliningBalance(cost: number, salvage: number, life: number, start: number, end: number, factor: number, noSwitch: boolean): number | undefined {
  if (cost < 0 || salvage < 0 || life <= 0 || factor <= 0 || start < 0 || start > end || end > life || end <= 0) return undefined;
  if (!noSwitch && life === start && start === end) return undefined;
  return accumulated(cost, salvage, life, end, factor, !noSwitch) - accumulated(cost, salvage, life, start, factor, !noSwitch);
}

/**
 * The French accounting system's first period (AMORLINC, AMORDEGRC): the share of a year from
 * purchase to the end of the first period (a 29 February counted as the 28th on bases 1 and 3),
 * at `rate`, never more than cost less salvage; a first period of no days takes a whole year's
 * rate, else the life grows by the period.
 */
function firstPeriod(cost: number, purchased: Civil, first: Civil, salvage: number, rate: number, life: number, basis: Basis): { depr: number; life: number } {
  const feb28 = (c: Civil) => ((basis === 1 || basis === 3) && leap(c.y) && c.m === 2 && c.d >= 28 ? { ...c, d: 28 } : c);
  const year = basis === 1 ? (leap(purchased.y) ? 366 : 365) : basis === 3 ? 365 : 360;
  const share = (daysBetween(feb28(purchased), feb28(first), basis) / year) * rate * cost;
  const depr = share === 0 ? cost * rate : share;
  return { depr: Math.min(depr, cost - salvage), life: share === 0 ? life : life + 1 };
}

/** AMORLINC: straight-line depreciation of `period` (0 the first, prorated), never past cost less salvage. */
export function amortizationLinear(cost: number, purchased: Civil, first: Civil, salvage: number, period: number, rate: number, basis: Basis): number {
  const life = Math.ceil(1 / rate);
  // A rate of 0 depreciates nothing in any period (and the life it implies has no end to count to).
  if (cost === salvage || period > life || rate === 0) return 0;
  const start = firstPeriod(cost, purchased, first, salvage, rate, life, basis).depr;
  if (period === 0) return start;
  let depr = rate * cost;
  let left = cost - salvage - start;
  for (let p = 1; p <= period; p++) {
    depr = Math.min(depr, left);
    left = Math.max(left - depr, 0);
  }
  return depr;
}

/**
 * AMORDEGRC: declining depreciation of `period` at rate × a coefficient of the life (1.5 for 3–4
 * years, 2 for 5–6, 2.5 above), half the rest in the second-last year and the rest in the last,
 * rounded to a whole unit as Excel does, after rounding to 13 significant digits: 0.3 × 1.5 × 6250
 * is 2812.4999999999995 in binary, and 2813 to Excel.
 */
export function amortizationDegressive(cost: number, purchased: Civil, first: Civil, salvage: number, period: number, rate: number, basis: Basis): number {
  const round = (x: number) => Math.round(Number(x.toPrecision(13)));
  const assetLife = Math.ceil(1 / rate);
  if (cost === salvage || period > assetLife || rate === 0) return 0;
  const coefficient = assetLife >= 3 && assetLife <= 4 ? 1.5 : assetLife >= 5 && assetLife <= 6 ? 2 : assetLife > 6 ? 2.5 : 1;
  let r = rate * coefficient;
  const start = firstPeriod(cost, purchased, first, salvage, r, assetLife, basis);
  if (period === 0) return round(start.depr);
  let remaining = cost - round(start.depr);
  let depr = 0;
  for (let p = 1; p <= period; ) {
    p++;
    const secondLast = Math.abs(start.life - p - 2) < 1e-4;
    const planned = secondLast ? remaining * 0.5 : r * remaining;
    if (secondLast) r = 1;
    depr = remaining < salvage ? Math.max(remaining - salvage, 0) : planned;
    remaining -= depr;
  }
  return round(depr);
}
