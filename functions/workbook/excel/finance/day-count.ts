import type { Civil } from '../../../../shared/src/values/dates.js';
import { addMonths, daysInMonth, serialFromCivil } from '../../../../shared/src/values/dates.js';

/**
 * The day-count bases of Excel's securities functions (the `basis` argument) and the coupon
 * schedule they share, as Excel computes them, quirks included:
 *  0  US (NASD) 30/360, with Excel's end-of-February rules (and a coupon period counted as a whole
 *     360/frequency, so COUPDAYSNC is that minus COUPDAYBS, not the 30/360 days to the next coupon);
 *  1  actual/actual (a year of 365 or 366 days, or the average year over the years spanned);
 *  2  actual/360;  3  actual/365;  4  European 30/360.
 * Coupon dates step back from maturity a period at a time, each step from the previous date (so a
 * day clamped to the end of a short month stays clamped), and at the month's end throughout when
 * maturity is the last day of its month. The rules are those published by the Excel-compatible
 * financial library of Luca Bolognese (ExcelFinancialFunctions, tested against Excel), and
 * D. A. Wheeler's reading of Excel's YEARFRAC.
 */

export type Basis = 0 | 1 | 2 | 3 | 4;

export const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Days from a to b (serial numbers' difference: Excel's own calendar). */
export const days = (a: Civil, b: Civil): number => serialFromCivil(b) - serialFromCivil(a);
export const compareDays = (a: Civil, b: Civil): number => days(b, a);
export const lastOfMonth = (c: Civil) => c.d === daysInMonth(c.y, c.m);
const lastOfFebruary = (c: Civil) => c.m === 2 && lastOfMonth(c);

/** Months later (or earlier); at the end of the month when `endOfMonth`, else the day clamped to the month's length. */
export function shiftMonths(c: Civil, months: number, endOfMonth: boolean): Civil {
  const r = addMonths(c, months);
  return endOfMonth ? { ...r, d: daysInMonth(r.y, r.m) } : r;
}

/** US 30/360: the start date's rules, and the end date's too when `both` (Excel uses both inside a coupon period). */
export function days360Us(a: Civil, b: Civil, both: boolean): number {
  let sd = a.d;
  let ed = b.d;
  if (lastOfFebruary(b) && (lastOfFebruary(a) || both)) ed = 30;
  if (ed === 31 && (sd >= 30 || both)) ed = 30;
  if (sd === 31) sd = 30;
  if (lastOfFebruary(a)) sd = 30;
  return (b.y - a.y) * 360 + (b.m - a.m) * 30 + (ed - sd);
}

/** European 30/360: a 31st counts as the 30th. */
export function days360Eu(a: Civil, b: Civil): number {
  return (b.y - a.y) * 360 + (b.m - a.m) * 30 + (Math.min(b.d, 30) - Math.min(a.d, 30));
}

/** The days from a to b as the basis counts them (what Excel's formulas call A, DIM, DSM…); `denominator` where a period's length is meant. */
export function daysBetween(a: Civil, b: Civil, basis: Basis, denominator = false): number {
  if (basis === 0 || (basis === 2 && denominator)) return days360Us(a, b, false);
  if (basis === 4) return days360Eu(a, b);
  return days(a, b);
}

/** Whether a and b are at most a year apart (the same year, or the next before the same day). */
function withinAYear(a: Civil, b: Civil): boolean {
  return a.y === b.y || (b.y === a.y + 1 && (a.m > b.m || (a.m === b.m && a.d >= b.d)));
}

/** Whether a 29 February lies in the span from a to b (a year apart at most). */
function spansLeapDay(a: Civil, b: Civil): boolean {
  if (a.y === b.y) return leap(a.y) && a.m <= 2 && b.m > 2;
  if (leap(a.y)) return a.m <= 2;
  return leap(b.y) && b.m > 2;
}

/** The year's length in days (B in Excel's formulas) for a span from a to b. */
export function daysInYear(a: Civil, b: Civil, basis: Basis): number {
  if (basis === 3) return 365;
  if (basis !== 1) return 360;
  if (!withinAYear(a, b)) {
    // Over several years: the average length of the years spanned.
    const years = b.y - a.y + 1;
    return days({ y: a.y, m: 1, d: 1 }, { y: b.y + 1, m: 1, d: 1 }) / years;
  }
  return (a.y === b.y && leap(a.y)) || (b.m === 2 && b.d === 29) || spansLeapDay(a, b) ? 366 : 365;
}

/** The coupon dates around settlement: the last on or before it (pcd) and the next after it (ncd). */
export function couponDates(settlement: Civil, maturity: Civil, frequency: number): { pcd: Civil; ncd: Civil } {
  const eom = lastOfMonth(maturity);
  const step = -12 / frequency;
  let ncd = settlement;
  let pcd = maturity;
  while (compareDays(pcd, settlement) > 0) {
    ncd = pcd;
    pcd = shiftMonths(pcd, step, eom);
  }
  return { pcd, ncd };
}

/** The coupons still to be paid from settlement to maturity (COUPNUM). */
export function couponCount(settlement: Civil, maturity: Civil, frequency: number): number {
  const { pcd } = couponDates(settlement, maturity, frequency);
  return (((maturity.y - pcd.y) * 12 + (maturity.m - pcd.m)) * frequency) / 12;
}

/** The length of the coupon period holding settlement (E, COUPDAYS). */
export function couponDays(settlement: Civil, maturity: Civil, frequency: number, basis: Basis): number {
  if (basis === 1) {
    const { pcd, ncd } = couponDates(settlement, maturity, frequency);
    return days(pcd, ncd);
  }
  return (basis === 3 ? 365 : 360) / frequency;
}

/** Days from the coupon period's start to settlement (A, COUPDAYBS). */
export function couponDaysBefore(settlement: Civil, maturity: Civil, frequency: number, basis: Basis): number {
  return daysBetween(couponDates(settlement, maturity, frequency).pcd, settlement, basis);
}

/** Days from settlement to the next coupon (DSC, COUPDAYSNC). */
export function couponDaysAfter(settlement: Civil, maturity: Civil, frequency: number, basis: Basis): number {
  const { pcd, ncd } = couponDates(settlement, maturity, frequency);
  if (basis === 0) return days360Us(pcd, ncd, true) - days360Us(pcd, settlement, false);
  if (basis === 4) return days360Eu(settlement, ncd);
  return days(settlement, ncd);
}
