import type { Decimal } from '../values/money.js';
import { pdec } from '../values/money.js';
import type { Bands, Threshold } from './schema.js';

// Comparing two JS numbers is exact and agrees with comparing their decimals: a double's shortest
// decimal lies inside that double's rounding interval, and the intervals do not overlap.
function compare(x: number | Decimal, v: number): number {
  return typeof x === 'number' ? (x < v ? -1 : x > v ? 1 : 0) : x.comparedTo(pdec(v));
}

/** Whether `x` reaches a threshold: `x ≥ value` when it is inclusive (以上), `x > value` when not (超过). */
export function reaches(x: number | Decimal, t: Threshold): boolean {
  const c = compare(x, t.value);
  return t.inclusive ? c >= 0 : c > 0;
}

/** Whether `x` stays within an upper bound: `x ≤ value` when inclusive (以内), `x < value` when not (不满). */
export function within(x: number | Decimal, t: Threshold): boolean {
  const c = compare(x, t.value);
  return t.inclusive ? c <= 0 : c < 0;
}

export interface BandHit<T> {
  value: T;
  /** The band's threshold, or undefined when `otherwise` applied. */
  threshold?: Threshold;
  direction?: 'from' | 'upTo';
}

/** The index of the first band `x` falls in, in the document's order; −1 when none (`otherwise`). */
export function bandIndex(x: number | Decimal, b: Bands<unknown>): number {
  const bands = b.bands;
  for (let i = 0; i < bands.length; i++) {
    const entry = bands[i]!;
    if (entry.from ? reaches(x, entry.from) : within(x, entry.upTo!)) return i;
  }
  return -1;
}

/** The first band `x` falls in, in the document's order; `otherwise` when none. */
export function band<T>(x: number | Decimal, b: Bands<T>): BandHit<T> {
  const i = bandIndex(x, b);
  if (i < 0) return { value: b.otherwise };
  const entry = b.bands[i]!;
  return { value: entry.value, threshold: entry.from ?? entry.upTo!, direction: entry.from ? 'from' : 'upTo' };
}

/** " ≥ 90", " ≤ 0.3": the band a value fell in, for an explanation; empty for `otherwise`. */
export function boundText(hit: BandHit<unknown>): string {
  const th = hit.threshold;
  if (!th) return '';
  const op = hit.direction === 'from' ? (th.inclusive ? '≥' : '>') : th.inclusive ? '≤' : '<';
  return ` ${op} ${th.value}`;
}

