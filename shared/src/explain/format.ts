import type { Decimal } from '../values/money.js';
import { dec, roundMoney } from '../values/money.js';
import { formatIsoDate, formatIsoDateTime } from '../values/dates.js';

/** Digits in groups of three from the right: 52000 → 52,000. */
export function groupThousands(digits: string): string {
  const n = digits.length;
  const head = n % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < n; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

function grouped(fixed: string): string {
  const neg = fixed.startsWith('-');
  const body = neg ? fixed.slice(1) : fixed;
  const [i, f] = body.split('.');
  return `${neg ? '−' : ''}${groupThousands(i!)}${f ? `.${f}` : ''}`;
}

/** How explanation steps show values: money with two decimals and separators, rates as percentages. */
export const fmt = {
  /** money: 52,000.00 */
  m(x: number | Decimal): string {
    return grouped(roundMoney(dec(x)).toFixed(2));
  },
  /** a plain number, exact up to 10 decimals: 52,000 or 1.0666666667 */
  n(x: number | Decimal): string {
    const d = dec(x);
    return grouped(d.toDecimalPlaces(10).toFixed());
  },
  /** a rate as a percentage: 3%, 1.5%, 26.6667% */
  p(x: number | Decimal): string {
    return `${grouped(dec(x).times(100).toDecimalPlaces(4).toFixed())}%`;
  },
  /** a whole-day serial as an ISO date with its serial: 2019-06-15 (43631) */
  d(serial: number): string {
    return `${formatIsoDate(serial)} (${serial})`;
  },
  /** seconds since serial 0 as an ISO date-time */
  dt(seconds: number): string {
    return formatIsoDateTime(seconds);
  },
  b(x: boolean): string {
    return x ? 'TRUE' : 'FALSE';
  },
  /** a count with its noun, singular only for exactly one: 1 day, 2 days, 1.5 days (English steps) */
  c(x: number | Decimal, one: string, many: string): string {
    const d = dec(x);
    return `${grouped(d.toDecimalPlaces(10).toFixed())} ${d.equals(1) ? one : many}`;
  },
  /** a Chinese label as the reader needs it: itself in zh-CN, glossed in English (次级 (substandard)) */
  g(label: string): string {
    return label;
  },
};
export type Fmt = typeof fmt;
