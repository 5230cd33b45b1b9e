import { numberText } from '../common/number-format/index.js';

/**
 * Complex numbers as Excel's engineering functions read and write them: text "x+yi" or "x+yj"
 * (COMPLEX, IMSUM, IMSQRT…). Microsoft's COMPLEX page: "All complex number functions accept "i"
 * and "j" for suffix, but neither "I" nor "J"… All functions that accept two or more complex
 * numbers require that all suffixes match." A result is written with the suffix its arguments
 * used, each part with Excel's 15 significant digits (numberText, as Excel turns a number into
 * text): "1.09868411346781+0.455089860562227i", "i", "-2j", "3".
 */

/** A complex number, and the suffix its text was written with (none for a real number). */
export interface Complex {
  re: number;
  im: number;
  suffix?: Suffix;
}

export type Suffix = 'i' | 'j';

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
/** A real part and an imaginary one ("3+4i", "-1.5-j"), an imaginary part alone ("4i", "-i"), or a real number. */
const COMPLEX_TEXT = new RegExp(String.raw`^(?:([-+]?${NUMBER})([-+])(${NUMBER})?([ij])|([-+]?)(${NUMBER})?([ij])|([-+]?${NUMBER}))$`);

/** A complex number's text read; undefined when it is not one (Excel's #NUM!). */
export function parseComplex(text: string): Complex | undefined {
  const m = COMPLEX_TEXT.exec(text);
  if (!m) return undefined;
  if (m[8] !== undefined) return { re: Number(m[8]), im: 0 };
  if (m[4] !== undefined) return { re: Number(m[1]), im: (m[2] === '-' ? -1 : 1) * (m[3] === undefined ? 1 : Number(m[3])), suffix: m[4] as Suffix };
  return { re: 0, im: (m[5] === '-' ? -1 : 1) * (m[6] === undefined ? 1 : Number(m[6])), suffix: m[7] as Suffix };
}

/** The suffix a result takes from its arguments: the one they share ("i" when none wrote one); null when they mix "i" and "j". */
export function commonSuffix(numbers: Complex[]): Suffix | null {
  let suffix: Suffix | undefined;
  for (const z of numbers) {
    if (z.suffix === undefined) continue;
    if (suffix !== undefined && z.suffix !== suffix) return null;
    suffix = z.suffix;
  }
  return suffix ?? 'i';
}

/** A complex number's text as Excel writes it; undefined when a part is not finite (Excel's #NUM!). */
export function complexText(re: number, im: number, suffix: Suffix): string | undefined {
  if (!Number.isFinite(re) || !Number.isFinite(im)) return undefined;
  const real = numberText(re);
  const imaginary = numberText(Math.abs(im));
  if (imaginary === '0') return real;
  const coefficient = imaginary === '1' ? '' : imaginary;
  if (real === '0') return `${im < 0 ? '-' : ''}${coefficient}${suffix}`;
  return `${real}${im < 0 ? '-' : '+'}${coefficient}${suffix}`;
}

/** [re, im] */
export type Pair = readonly [number, number];

export const add = ([a, b]: Pair, [c, d]: Pair): Pair => [a + c, b + d];
export const sub = ([a, b]: Pair, [c, d]: Pair): Pair => [a - c, b - d];
export const mul = ([a, b]: Pair, [c, d]: Pair): Pair => [a * c - b * d, a * d + b * c];
export function div([a, b]: Pair, [c, d]: Pair): Pair {
  const denominator = c * c + d * d;
  const [p, q] = mul([a, b], [c, -d]);
  return [p / denominator, q / denominator];
}
export const abs = ([a, b]: Pair): number => Math.sqrt(a * a + b * b);
export const ln = (z: Pair): Pair => [Math.log(abs(z)), Math.atan2(z[1], z[0])];
export const exp = ([a, b]: Pair): Pair => [Math.exp(a) * Math.cos(b), Math.exp(a) * Math.sin(b)];
/** z to the power n, through the polar form (as Excel's IMPOWER and IMSQRT: IMPOWER("2+3i", 3) is -46+9.00000000000001i). */
export function power(z: Pair, n: number): Pair {
  const [a, b] = ln(z);
  return exp([n * a, n * b]);
}
export const sin = ([a, b]: Pair): Pair => [Math.sin(a) * Math.cosh(b), Math.cos(a) * Math.sinh(b)];
export const cos = ([a, b]: Pair): Pair => [Math.cos(a) * Math.cosh(b), -Math.sin(a) * Math.sinh(b)];
/**
 * tan and sec from the double angle (over cos 2a + cosh 2b), which keeps their digits where
 * sin/cos would not: IMTAN("1.23+9.5121i") has the real part 6.89106871662165E-9 Excel gives
 * (IronCalc's Excel-saved COMPLEXs.xlsx), IMSEC("4+3i") is -0.0652940278579471-0.0752249603027732i
 * (Microsoft's IMSEC page; 1/cos ends in …470). cot is 1/tan, as Excel's IMCOT gives 1E+16 for
 * 1E-16 and 2.25273756035673E-11 for the real part of IMCOT("7-12.6i").
 */
export function tan([a, b]: Pair): Pair {
  const d = Math.cos(2 * a) + Math.cosh(2 * b);
  return [Math.sin(2 * a) / d, Math.sinh(2 * b) / d];
}
export function sec([a, b]: Pair): Pair {
  const d = Math.cos(2 * a) + Math.cosh(2 * b);
  return [(2 * Math.cos(a) * Math.cosh(b)) / d, (2 * Math.sin(a) * Math.sinh(b)) / d];
}
export const cot = (z: Pair): Pair => div([1, 0], tan(z));
export const sinh = ([a, b]: Pair): Pair => [Math.sinh(a) * Math.cos(b), Math.cosh(a) * Math.sin(b)];
export const cosh = ([a, b]: Pair): Pair => [Math.cosh(a) * Math.cos(b), Math.sinh(a) * Math.sin(b)];
