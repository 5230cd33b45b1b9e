import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The decimal type every money step uses. A clone, so that our precision and rounding never
 * change the global Decimal of a host that shares the module. 34 significant digits is
 * decimal128: more than any money amount or ratio here needs.
 */
export const Decimal = DecimalJs.clone({ precision: 34, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

/** A JS number as a decimal: decimal.js reads the shortest round-trip text, so 0.1 is exactly 0.1. */
export function dec(x: number | Decimal): Decimal {
  return typeof x === 'number' ? new Decimal(x) : x;
}

const POLICY_DECIMALS = new Map<number, Decimal>();

/**
 * A policy number (a rate, a fine, a threshold) as a decimal, made once and shared: policy documents
 * hold a small, fixed set of numbers, and decimals are immutable. Not for call arguments.
 */
export function pdec(x: number): Decimal {
  let d = POLICY_DECIMALS.get(x);
  if (d === undefined) {
    d = new Decimal(x);
    if (POLICY_DECIMALS.size < 10_000) POLICY_DECIMALS.set(x, d);
  }
  return d;
}

/** Rounds a money amount once, at the end: half-up (四舍五入) to 0.01 yuan. */
export function roundMoney(x: Decimal): Decimal {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}

export function sumDec(xs: readonly Decimal[]): Decimal {
  let s = ZERO;
  for (const x of xs) s = s.plus(x);
  return s;
}

/**
 * The n-th root of a positive decimal (n a whole number ≥ 1) to the decimals' 34 digits, by
 * Newton's method from the double's root (good to 15 digits, so two or three steps). decimal.js's
 * pow with a fractional exponent goes through ln and exp and costs a hundred times more: CAGR alone
 * was a third of the mixed workload's time. Exact roots stay exact: √1.21 is 1.1.
 */
export function nthRoot(x: Decimal, n: number): Decimal {
  if (n === 1 || x.isZero()) return x;
  const guess = Math.pow(x.toNumber(), 1 / n);
  if (!Number.isFinite(guess) || guess === 0) return Decimal.pow(x, new Decimal(1).dividedBy(n)); // past a double's range
  let r = new Decimal(guess);
  for (let i = 0; i < 6; i++) {
    const next = r
      .times(n - 1)
      .plus(x.dividedBy(r.pow(n - 1)))
      .dividedBy(n);
    if (next.equals(r)) break;
    r = next;
  }
  return r;
}
