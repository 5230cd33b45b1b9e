/**
 * Exact money arithmetic in safe integers: the integer-fen path.
 *
 * The rules compute money in decimal.js (values/money.ts: 34 significant digits, half-up) and the
 * engine rounds once, at the end, half-up to the fen. For the common shapes a rule's money
 * arithmetic is done here instead, in JavaScript integers, and gives the same answer. Why it is the
 * same, in four steps:
 *
 * 1. Reading a number. decimal.js reads a JS number as its shortest round-trip text (`String(x)`).
 *    `scaleOf(x)` finds the fewest decimals k (at most MAX_SCALE) such that n = x × 10^k is an
 *    integer with n / 10^k === x and |n| ≤ READ_LIMIT (2^50). Below 2^50 units of 10^-k the
 *    double's rounding interval is narrower than 10^-k, so n·10^-k is the only decimal with k
 *    decimals that reads back as x, and the shortest text (which has at most k decimals, being in
 *    the same interval) is that decimal: decimal.js holds exactly n·10^-k.
 * 2. Adding, subtracting, multiplying. Every step here is checked to stay within ±(2^53 − 1)
 *    (`add`, `sub`, `mul` answer NaN otherwise, and NaN runs through to a DECLINE), so each is
 *    exact in doubles. decimal.js computes the same expression (the fast rules keep its order of
 *    operations); each of its values is one of these integers times a power of ten, so it has at
 *    most 16 significant digits and decimal.js, at 34, computes it exactly. Where the decimal path
 *    is exact, the two hold the same number.
 * 3. Rounding money once. `fenHalfUp(n, k)` rounds n·10^-k half away from zero to the fen in
 *    integers, which is what the engine's `toFixed(2)` (ROUND_HALF_UP) does to the same value; a
 *    fen amount f becomes the cell value f / 100, the same double as `Number("…")` of the decimal
 *    text, both being the double nearest to f/100. No step rounds before this one.
 * 4. Dividing. Where the decimal path divides, it rounds the quotient to 34 digits, and later steps
 *    may round again; the exact result is a fraction N/D of safe integers. Each rounding moves a
 *    value by at most 5·10^-34 of itself, so the decimal result is within 10^-31 of N/D relative to
 *    the largest value computed. Money: if N/D is not exactly half a fen, it is at least 1/(200·D)
 *    yuan from every half-fen point (200·N − (2m+1)·D is a non-zero integer), far more than that
 *    error while N < 2^53, so both round to the same fen; exactly half a fen is answered here only
 *    when the division is the last step (the quotient then has few digits and decimal.js holds it
 *    exactly), and declined otherwise (`fenOfQuotient`). Ratios: N/D in doubles is the double
 *    nearest N/D; no midpoint between doubles lies within N/D × 2^-54 / D of N/D (a midpoint has a
 *    54-bit odd mantissa, which N < 2^53 cannot reach), more than the decimal error while D < 2^52,
 *    so the decimal result reads as the same double (`ratioOf`).
 *
 * Anything outside these ranges (a number with more decimals, an amount past 2^50 units, a product
 * past 2^53) is a DECLINE, and the call takes the decimal path: the answer is always decimal.js's.
 * The differential test (test/rules/fen.test.ts) compares the two paths on random arguments.
 */

import type { Threshold } from '../policy/schema.js';

/** What a fast rule answers when the call must take the decimal path. */
export const DECLINE: unique symbol = Symbol('decline');
export type Decline = typeof DECLINE;

/** The largest integer every step may reach: 2^53 − 1, past which doubles skip integers. */
export const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** The largest integer a value read from a double may have (step 1). */
const READ_LIMIT = 2 ** 50;

/** The most decimals a value read here may have; one with more takes the decimal path. */
export const MAX_SCALE = 12;

/** 10^0 … 10^22: every one an exact double. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export function pow10(k: number): number {
  return POW10[k]!;
}

/** The fewest decimals x has as decimal.js reads it, up to MAX_SCALE; −1 when more or out of range (step 1). */
export function scaleOf(x: number): number {
  if (!(Math.abs(x) <= READ_LIMIT)) return -1;
  for (let k = 0; k <= MAX_SCALE; k++) {
    const p = POW10[k]!;
    const n = Math.round(x * p);
    if (n / p === x) return Math.abs(n) <= READ_LIMIT ? k : -1;
  }
  return -1;
}

/** The larger of two scales, −1 when either is. */
function wider(ka: number, kb: number): number {
  return ka < 0 || kb < 0 ? -1 : ka > kb ? ka : kb;
}

/** The scale that holds both numbers, −1 when either is not readable. */
export function scaleOf2(a: number, b: number): number {
  return wider(scaleOf(a), scaleOf(b));
}

export function scaleOf3(a: number, b: number, c: number): number {
  return wider(scaleOf2(a, b), scaleOf(c));
}

export function scaleOf4(a: number, b: number, c: number, d: number): number {
  return wider(scaleOf2(a, b), scaleOf2(c, d));
}

/** x × 10^k as an integer, k at least scaleOf(x); NaN when that leaves the range. Never −0. */
export function atScale(x: number, k: number): number {
  const n = Math.round(x * POW10[k]!);
  return n / POW10[k]! === x && Math.abs(n) <= READ_LIMIT ? n + 0 : NaN;
}

/** The fewest decimals n·10^-k needs: its trailing zeros dropped (a product of rates often has some). */
export function trimmedScale(n: number, k: number): number {
  let scale = k;
  let m = n;
  while (scale > 0 && m % 10 === 0) {
    m /= 10;
    scale--;
  }
  return scale;
}

/** n·10^from as an integer at scale `to` ≥ from (a value moved to more decimals); NaN past the range. */
export function rescale(n: number, from: number, to: number): number {
  return from === to ? n : mul(n, POW10[to - from]!);
}

export function add(a: number, b: number): number {
  const s = a + b;
  return Math.abs(s) <= MAX_EXACT ? s : NaN;
}

export function sub(a: number, b: number): number {
  const s = a - b;
  return Math.abs(s) <= MAX_EXACT ? s : NaN;
}

// A product of two integers is exact when its magnitude is at most 2^53 − 1: the rounded product
// is at least 2^53 whenever the exact one is (rounding is monotonic and 2^53 is a double).
export function mul(a: number, b: number): number {
  const p = a * b;
  return Math.abs(p) <= MAX_EXACT ? p + 0 : NaN;
}

/**
 * ⌊a ÷ d⌋ for 0 ≤ a, 0 < d, both at most 2^53 − 1: the quotient of doubles is within one of the
 * true quotient there, and the remainder corrects it.
 */
function floorQuotient(a: number, d: number): number {
  const q = Math.floor(a / d);
  const r = a - q * d;
  return r < 0 ? q - 1 : r >= d ? q + 1 : q;
}

/**
 * n ÷ d rounded half away from zero (四舍五入) for d > 0; NaN past the range, and NaN for an exact
 * half unless `halfAllowed`.
 */
function quotientHalfUp(n: number, d: number, halfAllowed: boolean): number {
  const a = Math.abs(n);
  if (!(a <= MAX_EXACT && d > 0 && d <= MAX_EXACT)) return NaN;
  const q = floorQuotient(a, d);
  const twice = 2 * (a - q * d);
  if (twice === d && !halfAllowed) return NaN;
  const rounded = twice >= d ? q + 1 : q;
  return n < 0 && rounded !== 0 ? -rounded : rounded;
}

/** n·10^-k yuan rounded half-up to whole fen (step 3); NaN past the range. */
export function fenHalfUp(n: number, k: number): number {
  if (k <= 2) return mul(n, POW10[2 - k]!);
  return quotientHalfUp(n, POW10[k - 2]!, true);
}

/**
 * (n / d)·10^-k yuan, d > 0, rounded half-up to whole fen where the decimal path divides (step 4):
 * an exact half is answered only when the division is the decimal path's last step (`divisionLast`).
 */
export function fenOfQuotient(n: number, d: number, k: number, divisionLast: boolean): number {
  // fen = n·100 / (d·10^k): the power of ten goes to whichever side keeps integers.
  return k <= 2 ? quotientHalfUp(mul(n, POW10[2 - k]!), d, divisionLast) : quotientHalfUp(n, mul(d, POW10[k - 2]!), divisionLast);
}

/** ⌊n ÷ d⌋ for d > 0 (MANAGERRESERVE's whole cartons); NaN past the range. */
export function floorDiv(n: number, d: number): number {
  if (!(Math.abs(n) <= MAX_EXACT && d > 0 && d <= MAX_EXACT)) return NaN;
  if (n >= 0) return floorQuotient(n, d);
  const q = floorQuotient(-n, d);
  return q * d === -n ? -q : -q - 1;
}

/** A whole number of fen as the cell value: the double nearest to fen / 100, never −0. */
export function moneyOfFen(fen: number): number | Decline {
  if (Number.isNaN(fen)) return DECLINE;
  return fen === 0 ? 0 : fen / 100;
}

/**
 * A ratio n / d (d ≠ 0) as the double the decimal path reads its result as, when the decimal path
 * divides once, last (step 4: its quotient is within 5·10^-34 of n/d, relatively); DECLINE past the range.
 */
export function ratioOf(n: number, d: number): number | Decline {
  if (!(Math.abs(n) <= MAX_EXACT && Math.abs(d) <= MAX_EXACT) || d === 0) return DECLINE;
  const q = n / d;
  return q === 0 ? 0 : q;
}

/** The largest denominator of a sum of quotients read as a double (step 4, with a margin for its twenty-odd roundings). */
const SUM_DENOMINATOR_LIMIT = 2 ** 48;

/** A sum of non-negative quotients n / d as the double the decimal path reads its sum as; DECLINE past the range. */
export function ratioOfSum(sum: FractionSum): number | Decline {
  if (!(sum.den <= SUM_DENOMINATOR_LIMIT && sum.num >= 0)) return DECLINE; // NaN fails too
  return ratioOf(sum.num, sum.den);
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** An exact sum of fractions, kept in lowest terms; NaN once it leaves the range. */
export class FractionSum {
  num = 0;
  den = 1;

  /** Adds n / d, d ≠ 0. */
  add(n: number, d: number): void {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    if (Number.isNaN(n) || Number.isNaN(d) || Number.isNaN(this.num)) {
      this.num = NaN;
      return;
    }
    const g = gcd(this.den, d);
    const num = add(mul(this.num, d / g), mul(n, this.den / g));
    const den = mul(this.den / g, d);
    if (Number.isNaN(num) || Number.isNaN(den)) {
      this.num = NaN;
      return;
    }
    const r = gcd(num, den) || 1;
    this.num = num / r;
    this.den = den / r;
  }
}

/** The sign of a/b − c/d for b, d > 0, by exact cross-multiplication; NaN past the range. */
export function compareFractions(a: number, b: number, c: number, d: number): number {
  const left = mul(a, d);
  const right = mul(c, b);
  if (Number.isNaN(left) || Number.isNaN(right)) return NaN;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A number as a fraction of integers: n / 10^k (step 1); undefined when it is not readable here. */
export interface Scaled {
  readonly n: number;
  readonly k: number;
}

/** A policy number read once: its integer and its decimals; undefined when it has more than MAX_SCALE. */
export function scaledOf(x: number): Scaled | undefined {
  const k = scaleOf(x);
  return k < 0 ? undefined : { n: atScale(x, k), k };
}

/** Several policy numbers read at once; undefined when any is out of range (the rule then always declines). */
export function scaledAll<K extends string>(numbers: Record<K, number>): Record<K, Scaled> | undefined {
  const out = {} as Record<K, Scaled>;
  for (const key in numbers) {
    const s = scaledOf(numbers[key]);
    if (s === undefined) return undefined;
    out[key] = s;
  }
  return out;
}

/** A policy amount in whole fen, rounded as the engine rounds a result; NaN past the range. */
export function fenOf(c: Scaled): number {
  return fenHalfUp(c.n, c.k);
}

/** x × c rounded half-up to whole fen: the decimal path's product of an argument and a policy number, exact. */
export function fenOfProduct(x: number, c: Scaled): number {
  const k = scaleOf(x);
  return k < 0 ? NaN : fenHalfUp(mul(atScale(x, k), c.n), k + c.k);
}

/** An argument in whole fen; NaN when it is not readable here. */
export function fenOfArgument(x: number): number {
  const k = scaleOf(x);
  return k < 0 ? NaN : fenHalfUp(atScale(x, k), k);
}

/** The sign of x − c for an argument x and a policy number c, exactly; NaN when x is not readable here. */
export function compareWith(x: number, c: Scaled): number {
  const k = scaleOf(x);
  if (k < 0) return NaN;
  const scale = k > c.k ? k : c.k;
  const a = rescale(atScale(x, k), k, scale);
  const b = rescale(c.n, c.k, scale);
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
}

/** A policy threshold read once: its number as a fraction, and whether it includes that number. */
export interface ExactThreshold {
  readonly at: Scaled;
  readonly inclusive: boolean;
}

export function exactThreshold(t: Threshold): ExactThreshold | undefined {
  const at = scaledOf(t.value);
  return at ? { at, inclusive: t.inclusive } : undefined;
}

/** Whether n / d (d > 0) reaches a threshold: ≥ when inclusive (以上), > when not (超过); undefined past the range. */
export function reachesFraction(n: number, d: number, th: ExactThreshold): boolean | undefined {
  const c = compareFractions(n, d, th.at.n, POW10[th.at.k]!);
  if (Number.isNaN(c)) return undefined;
  return th.inclusive ? c >= 0 : c > 0;
}

/** Whether n / d (d > 0) stays within an upper bound: ≤ when inclusive (以内), < when not (不满); undefined past the range. */
export function withinFraction(n: number, d: number, th: ExactThreshold): boolean | undefined {
  const c = compareFractions(n, d, th.at.n, POW10[th.at.k]!);
  if (Number.isNaN(c)) return undefined;
  return th.inclusive ? c <= 0 : c < 0;
}
