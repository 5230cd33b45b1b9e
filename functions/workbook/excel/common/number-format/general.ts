import { roundToPlaces, roundToSignificant, significant } from './digits.js';

/**
 * Numbers written without a format of their own, in Excel's two contexts: a number turned into text
 * by a formula (="x"&A1, CONCATENATE, LEN), which keeps 15 significant digits, and the General
 * format (a General cell, TEXT(x,"General"), `General` inside a code), which shows what fits in 11
 * characters: "General … uses scientific (exponential) notation for large numbers (12 or more
 * digits)" (Microsoft, "Available number formats in Excel").
 */

/**
 * A number as Excel writes it where text is wanted (="x"&A1, LEN(A1), CONCATENATE…): 15
 * significant digits, plain below 1E+20 and for up to 20 characters below 1, else scientific with
 * a two-digit exponent ("0.3" for 0.1+0.2, "1E+20", "0.333333333333333"). Apache POI's
 * NumberToTextConverter, checked against Excel, is the rule.
 */
export function numberText(v: number): string {
  // Zero, and the denormal numbers Excel shows as zero.
  if (Math.abs(v) < 2.2250738585072014e-308) return '0';
  if (!Number.isFinite(v)) return String(v);
  const { digits, exponent } = significant(Math.abs(v));
  // The exponent of the first digit: v = d.ddd × 10^e.
  const e = exponent - 1;
  const sci = (sign: string, x: number) => `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}E${sign}${String(x).padStart(2, '0')}`;
  let out: string;
  if (e < 0) out = 2 + (-e - 1) + digits.length > 20 ? sci('-', -e) : `0.${'0'.repeat(-e - 1)}${digits}`;
  else if (e > 19) out = sci('+', e);
  else out = digits.length > e + 1 ? `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}` : digits + '0'.repeat(e + 1 - digits.length);
  return v < 0 ? `-${out}` : out;
}

/** The width General has for a number, its minus sign not counted. */
const GENERAL_WIDTH = 11;

/**
 * |x| as the General format shows it: in decimals rounded to fit 11 characters, unless scientific
 * notation (at most 11 characters too, a two-digit exponent at least) keeps more significant
 * digits: 0.000123457 but 1.23457E-05, 12345670000 but 1.23457E+11, 0.000000001 but 1E-10.
 */
export function generalMagnitude(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (!Number.isFinite(a)) return String(a);
  // A whole number of up to 11 digits is itself.
  if (a < 1e11 && Number.isInteger(a)) return String(a);
  const decimal = decimalGeneral(a);
  // From 0.0001 the decimals show at least the 6 significant digits scientific notation has room for.
  if (decimal !== undefined && a >= 1e-4) return decimal;
  const scientific = scientificGeneral(a);
  return decimal !== undefined && significantCount(decimal) >= significantCount(scientific) ? decimal : scientific;
}

/** The decimal form in 11 characters, or undefined when the whole part alone is longer. */
function decimalGeneral(a: number): string | undefined {
  const wholeDigits = significant(a).exponent;
  if (wholeDigits > GENERAL_WIDTH) return undefined;
  // "0." before a number below 1; the point takes one character.
  const places = wholeDigits >= GENERAL_WIDTH - 1 ? 0 : wholeDigits > 0 ? GENERAL_WIDTH - 1 - wholeDigits : GENERAL_WIDTH - 2;
  const { whole, fraction } = roundToPlaces(a, places);
  if (whole.length > GENERAL_WIDTH) return undefined;
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  const shown = fraction.slice(0, end);
  return `${whole || '0'}${shown ? `.${shown}` : ''}`;
}

/** The scientific form: as many significant digits as 11 characters hold, trailing zeros dropped. */
function scientificGeneral(a: number): string {
  const exponentOf = significant(a).exponent - 1;
  const exponentWidth = Math.max(2, String(Math.abs(exponentOf)).length);
  // d.ddddd plus E±XX: the mantissa's decimals are what is left of 11 characters.
  let decimals = GENERAL_WIDTH - 2 - 2 - exponentWidth;
  let rounded = roundToSignificant(a, decimals + 1);
  if (String(Math.abs(rounded.exponent)).length > exponentWidth) {
    decimals--;
    rounded = roundToSignificant(a, decimals + 1);
  }
  let end = rounded.digits.length;
  while (end > 1 && rounded.digits.charCodeAt(end - 1) === 48) end--;
  const mantissa = end > 1 ? `${rounded.digits[0]}.${rounded.digits.slice(1, end)}` : rounded.digits[0]!;
  const e = rounded.exponent;
  return `${mantissa}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** How many significant digits a General text shows ("0.000123457" shows 6, "1E-10" one). */
function significantCount(text: string): number {
  const e = text.indexOf('E');
  const body = e < 0 ? text : text.slice(0, e);
  let first = -1;
  let last = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 49 && c <= 57) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return 0;
  let count = 0;
  for (let i = first; i <= last; i++) if (body.charCodeAt(i) !== 46) count++;
  // Whole-number zeros after the last significant digit are shown, not significant ("12345670000" has 7).
  return count;
}
