import { roundToPlaces, significant } from './digits.js';
import { EN_US_MARKS, fractionSlotText, lastSignificant, padding, shownText, wholeSlotText } from './number.js';
import type { Marks } from './number.js';
import type { Token } from './tokens.js';

/**
 * Scientific sections, Microsoft's "Number format codes": `E+`, `E-`, `e+` or `e-` after digit
 * placeholders shows the number with an exponent, `E+` writing the exponent's sign always, `E-`
 * only when negative, and as many exponent digits as there are placeholders after it. With n
 * placeholders before the point the exponent is a multiple of n (`##0.0E+0` is engineering
 * notation: 12,345 is 12.3E+3). In such a section a comma that is not between placeholders and a
 * percent sign are shown as written without scaling the number (`#%e-#` is 1%e5 for 123,456.789),
 * and zero fills every whole placeholder with 0, as Excel's answers in Apache POI's
 * NumberFormatApproxTests.xlsx show.
 */

type Piece = { text: string } | { whole: number } | { fraction: number } | { point: true } | { marker: string } | { exponent: number };

export interface ScientificPattern {
  pieces: Piece[];
  wholeSlots: string;
  fractionSlots: string;
  exponentSlots: string;
  grouping: boolean;
  /** Whether the exponent's sign is written when positive (E+). */
  plus: boolean;
}

/** A section's tokens with an exponent as a scientific pattern; undefined without placeholders on both sides of the exponent. */
export function scientificPattern(tokens: readonly Token[]): ScientificPattern | undefined {
  const exponentAt = tokens.findIndex((t) => t.kind === 'exponent');
  const pointAt = tokens.findIndex((t, i) => t.kind === 'point' && i < exponentAt);
  const wholeEnd = pointAt < 0 ? exponentAt : pointAt;
  const pieces: Piece[] = [];
  let wholeSlots = '';
  let fractionSlots = '';
  let exponentSlots = '';
  let grouping = false;
  let plus = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'digit') {
      if (i > exponentAt) {
        pieces.push({ exponent: exponentSlots.length });
        exponentSlots += t.char;
      } else if (i > wholeEnd) {
        pieces.push({ fraction: fractionSlots.length });
        fractionSlots += t.char;
      } else {
        pieces.push({ whole: wholeSlots.length });
        wholeSlots += t.char;
      }
    } else if (i === pointAt) {
      pieces.push({ point: true });
    } else if (i === exponentAt && t.kind === 'exponent') {
      plus = t.sign === '+';
      pieces.push({ marker: t.marker });
    } else if (t.kind === 'comma') {
      // Grouping between whole placeholders; any other comma is left out (Excel's answers).
      if (i < wholeEnd && wholeSlots !== '' && tokens.slice(i + 1, wholeEnd).some((x) => x.kind === 'digit')) grouping = true;
    } else {
      pieces.push({ text: shownText(t) });
    }
  }
  if ((wholeSlots === '' && fractionSlots === '') || exponentSlots === '') return undefined;
  return { pieces, wholeSlots, fractionSlots, exponentSlots, grouping, plus };
}

/** |value| through a scientific pattern, a minus sign in front when `minus` and the value is not zero. */
export function renderScientific(p: ScientificPattern, magnitude: number, minus: boolean, marks: Marks = EN_US_MARKS): string {
  const n = p.wholeSlots.length;
  let exponent = 0;
  let whole = '';
  let fraction = '0'.repeat(p.fractionSlots.length);
  if (magnitude > 0 && Number.isFinite(magnitude)) {
    // The first digit's power of ten, and the exponent: the multiple of n at or below it (with no
    // placeholder before the point, the one that puts the first digit right after it: .1E+1 for 1).
    const first = significant(magnitude).exponent - 1;
    const step = Math.max(n, 1);
    exponent = n === 0 ? first + 1 : Math.floor(first / n) * n;
    ({ whole, fraction } = roundToPlaces(magnitude, p.fractionSlots.length, -exponent));
    if (whole.length > n) {
      exponent += step;
      ({ whole, fraction } = roundToPlaces(magnitude, p.fractionSlots.length, -exponent));
    }
  }
  const zero = magnitude === 0;
  const shown = lastSignificant(fraction);
  const exponentDigits = String(Math.abs(exponent));
  const sign = exponent < 0 ? '-' : p.plus ? '+' : '';
  let out = minus && !zero ? '-' : '';
  for (const piece of p.pieces) {
    if ('text' in piece) out += piece.text;
    else if ('whole' in piece) out += wholeSlotText(zero ? '0'.repeat(n) : whole, p.wholeSlots, piece.whole, p.grouping, marks.group);
    else if ('fraction' in piece) out += fractionSlotText(fraction, shown, p.fractionSlots, piece.fraction);
    else if ('point' in piece) out += marks.point;
    else if ('marker' in piece) out += piece.marker;
    else out += exponentSlotText(exponentDigits, sign, p.exponentSlots, piece.exponent);
  }
  return out;
}

/** Exponent placeholder k: the sign before the first, then the digits right-aligned (the first placeholder takes the extra digits). */
function exponentSlotText(digits: string, sign: string, slots: string, k: number): string {
  const position = slots.length - k;
  let out = k === 0 ? sign : '';
  if (k === 0 && digits.length > slots.length) out += digits.slice(0, digits.length - slots.length);
  // An exponent of 0 shows its digit even under #.
  out += position <= digits.length ? digits[digits.length - position]! : padding(slots[k]!);
  return out;
}
