import type { Decimal as DecimalJs } from 'decimal.js';
import { Decimal } from '../../../../shared/src/values/money.js';

/**
 * Numbers as Excel rounds and compares them: on the 15 significant digits Excel keeps, and in
 * decimal, where JavaScript's (and HyperFormula's) arithmetic works on the binary value.
 */

/** Excel's 15 significant digits: what ROUND and the comparisons of its results see. */
export function fifteenDigits(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(15)) : x;
}

/**
 * Two numbers as Excel compares them (=, <, a criterion): equal when their first 15 significant
 * digits are, so 0.1+0.2=0.3 is TRUE, where JavaScript's (and HyperFormula's) exact comparison says
 * FALSE.
 */
export function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  if (Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(a), Math.abs(b)) && fifteenDigits(a) === fifteenDigits(b)) return 0;
  return a < b ? -1 : 1;
}

/**
 * ROUND half away from zero on the number's decimal form, as Excel does: ROUND(1.005, 2) is 1.01,
 * and ROUND(0.049999999999999975, 1) is 0.1 (Excel first keeps 15 significant digits: 0.05).
 */
export function excelRound(value: number, digits: number): number {
  const x = fifteenDigits(value);
  const d = Math.trunc(digits);
  if (d >= 0 && d <= 15 && Number.isFinite(x)) {
    const s = String(x);
    if (!s.includes('e')) {
      const dot = s.indexOf('.');
      if (dot < 0 || s.length - dot - 1 <= d) return x;
      const neg = s.charCodeAt(0) === 45;
      const int = s.slice(neg ? 1 : 0, dot);
      let kept = int + s.slice(dot + 1, dot + 1 + d);
      if (s.charCodeAt(dot + 1 + d) >= 53) kept = incremented(kept); // the next digit is 5 or more: away from zero
      const cut = kept.length - d;
      const v = Number(d === 0 ? kept : `${kept.slice(0, cut)}.${kept.slice(cut)}`);
      return neg ? -v : v;
    }
  }
  if (!Number.isFinite(x)) return x;
  return roundInDecimal(x, d, Decimal.ROUND_HALF_UP);
}

/** x rounded in decimal to d places (d below 0: to tens, hundreds…), by a decimal.js rounding mode. */
function roundInDecimal(x: number, d: number, mode: DecimalJs.Rounding): number {
  if (d >= 0) return new Decimal(x).toDecimalPlaces(Math.min(d, 30), mode).toNumber();
  const unit = new Decimal(10).pow(Math.min(-d, 400));
  return new Decimal(x).dividedBy(unit).toDecimalPlaces(0, mode).times(unit).toNumber();
}

/**
 * ROUNDUP (away from zero) and ROUNDDOWN or TRUNC (toward zero) on the number's first 15 digits, as
 * ROUND: HyperFormula multiplies by a power of ten in binary first, so its ROUNDDOWN(0.29,2) is 0.28
 * (0.29*100 is 28.999999999999996) and its ROUNDUP(0.07*100,0) is 8. The digits are truncated
 * (ROUNDUP(1.234,1.9) rounds to 1 place), as every Excel argument meant as a count.
 */
export function excelRoundToward(value: number, digits: number, away: boolean): number {
  const x = fifteenDigits(value);
  if (!Number.isFinite(x) || x === 0) return x;
  return roundInDecimal(x, Math.trunc(digits), away ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}

/** A string of decimal digits plus one ("0999" → "1000"). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`;
}
