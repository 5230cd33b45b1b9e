/**
 * The decimal digits a number format shows. Excel keeps 15 significant digits of a number and
 * shows zeros after them ("Numbers in Microsoft Excel can never have more than 15 significant
 * digits", the FIXED page), and a format rounds half away from zero on those digits: 2.675 with
 * "0.00" is 2.68, as ROUND(2.675, 2) is, although the binary value is a little below it.
 */

/** The significant digits of a positive number (at most 15, without trailing zeros) and where its point falls: x = 0.digits × 10^exponent. */
export interface Significant {
  digits: string;
  exponent: number;
}

/** x's 15 significant digits (x > 0 and finite). */
export function significant(x: number): Significant {
  const text = x.toPrecision(15);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const power = e < 0 ? 0 : Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  let digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  let exponent = (point < 0 ? mantissa.length : point) + power;
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 48) lead++;
  if (lead > 0) {
    digits = digits.slice(lead);
    exponent -= lead;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), exponent };
}

/** A number rounded to a count of decimals: its whole digits ('' for none) and exactly that many fraction digits. */
export interface Rounded {
  whole: string;
  fraction: string;
}

/**
 * |x| rounded half away from zero to `places` decimals on its 15 significant digits; with a shift,
 * |x| × 10^shift, the point moved on the digits themselves (a scientific mantissa).
 */
export function roundToPlaces(x: number, places: number, shift = 0): Rounded {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return { whole: '', fraction: '0'.repeat(places) };
  const { digits, exponent } = significant(a);
  // The digits kept: every digit down to the places-th decimal (0.digits × 10^exponent).
  const keep = exponent + shift + places;
  if (keep < 0) return { whole: '', fraction: '0'.repeat(places) };
  let kept = keep <= digits.length ? digits.slice(0, keep) : digits + '0'.repeat(keep - digits.length);
  if (keep < digits.length && digits.charCodeAt(keep) >= 53) kept = incremented(kept);
  // A carry may add a digit in front (9.99 → 10.0).
  const wholeLength = kept.length - places;
  const whole = wholeLength > 0 ? stripLeadingZeros(kept.slice(0, wholeLength)) : '';
  const fraction = wholeLength >= 0 ? kept.slice(wholeLength) : '0'.repeat(-wholeLength) + kept;
  return { whole, fraction };
}

/** |x| rounded half away from zero to `count` significant digits: exactly that many digits, and the exponent of the first (x = d.ddd × 10^exponent). */
export function roundToSignificant(x: number, count: number): { digits: string; exponent: number } {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return { digits: '0'.repeat(count), exponent: 0 };
  const { digits, exponent } = significant(a);
  let kept = count <= digits.length ? digits.slice(0, count) : digits + '0'.repeat(count - digits.length);
  let first = exponent - 1;
  if (count < digits.length && digits.charCodeAt(count) >= 53) {
    kept = incremented(kept);
    if (kept.length > count) {
      kept = kept.slice(0, count);
      first++;
    }
  }
  return { digits: kept, exponent: first };
}

/** A string of decimal digits plus one ("0999" → "1000", "99" → "100"). */
export function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`;
}

function stripLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 48) i++;
  return s.slice(i);
}
