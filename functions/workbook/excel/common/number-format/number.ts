import { roundToPlaces } from './digits.js';
import type { Token } from './tokens.js';

/**
 * Sections of digit placeholders, Microsoft's "Number format codes": `0` shows a digit or a zero,
 * `#` only significant digits, `?` a space for an insignificant zero; digits beyond the whole
 * part's placeholders are shown by the first of them; a comma between whole-part placeholders
 * groups thousands, a comma after the last placeholder scales by 1,000 (`#,##0,,` shows millions);
 * `%` multiplies by 100 each time it is written. Text between placeholders stays where it is
 * written (`000-00-0000` is a social security number), each placeholder keeping its digit.
 */

/** The decimal point and the thousands separator a number is written with. */
export interface Marks {
  point: string;
  group: string;
}

/** en-US's marks, the language these workbooks are computed in. */
export const EN_US_MARKS: Marks = { point: '.', group: ',' };

/** One piece of a section as written: text shown as it is, a placeholder of the whole part or of the fraction, or the point. */
export type NumberPiece = { text: string } | { whole: number } | { fraction: number } | { point: true };

export interface NumberPattern {
  pieces: NumberPiece[];
  /** The whole part's placeholders, left to right ('0', '#' or '?'). */
  wholeSlots: string;
  fractionSlots: string;
  grouping: boolean;
  /** What the number is multiplied by: 100 for each %, 1/1,000 for each scaling comma. */
  scale: number;
}

/** A section's tokens (no brackets, no exponent or fraction bar) as a number pattern. */
export function numberPattern(tokens: readonly Token[]): NumberPattern {
  const pointAt = tokens.findIndex((t) => t.kind === 'point');
  const pieces: NumberPiece[] = [];
  let wholeSlots = '';
  let fractionSlots = '';
  let grouping = false;
  let scale = 1;
  let seenPoint = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'digit') {
      if (seenPoint) {
        pieces.push({ fraction: fractionSlots.length });
        fractionSlots += t.char;
      } else {
        pieces.push({ whole: wholeSlots.length });
        wholeSlots += t.char;
      }
    } else if (t.kind === 'point' && !seenPoint) {
      seenPoint = true;
      pieces.push({ point: true });
    } else if (t.kind === 'comma') {
      const role = commaRole(tokens, i, seenPoint || pointAt < 0 ? tokens.length : pointAt, seenPoint);
      if (role === 'grouping') grouping = true;
      else if (role === 'scaling') scale /= 1000;
      else if (role === 'text') pieces.push({ text: ',' });
    } else if (t.kind === 'percent') {
      scale *= 100;
      pieces.push({ text: '%' });
    } else {
      pieces.push({ text: shownText(t) });
    }
  }
  return { pieces, wholeSlots, fractionSlots, grouping, scale };
}

/**
 * What the comma at i does, `end` closing its part of the number (the point, or the section's
 * end): right between two whole-part placeholders it groups thousands; after a placeholder (or
 * after such commas) with no placeholder later in the part it scales by 1,000; after a placeholder
 * with more to come it is left out; after anything else it is text.
 */
export function commaRole(tokens: readonly Token[], i: number, end: number, inFraction: boolean): 'grouping' | 'scaling' | 'none' | 'text' {
  let before = i - 1;
  while (before >= 0 && tokens[before]!.kind === 'comma') before--;
  const afterDigit = before >= 0 && (tokens[before]!.kind === 'digit' || (tokens[before]!.kind === 'point' && before === i - 1));
  if (!afterDigit) return 'text';
  let after = i + 1;
  while (after < tokens.length && tokens[after]!.kind === 'comma') after++;
  if (tokens[after]?.kind === 'digit' && after < end && !inFraction) return 'grouping';
  for (let j = i + 1; j < end; j++) if (tokens[j]!.kind === 'digit') return 'none';
  return 'scaling';
}

/** What a token that is no placeholder shows: its text, one space for `_x`, nothing for a fill. */
export function shownText(t: Token): string {
  switch (t.kind) {
    case 'literal':
      return t.text;
    case 'number':
      return t.char;
    case 'point':
      return '.';
    case 'comma':
      return ',';
    case 'percent':
      return '%';
    case 'slash':
      return '/';
    case 'space':
      return ' ';
    case 'locale':
      return t.text;
    default:
      return '';
  }
}

/**
 * |value| through a number pattern, with a minus sign in front when `minus` and the number shown
 * is not zero (a negative number that rounds to 0.0 shows as 0.0).
 */
export function renderNumberPattern(p: NumberPattern, magnitude: number, minus: boolean, marks: Marks = EN_US_MARKS): string {
  const { whole, fraction } = roundToPlaces(magnitude * p.scale, p.fractionSlots.length);
  const shown = lastSignificant(fraction);
  let out = minus && (whole !== '' || shown > 0) ? '-' : '';
  for (const piece of p.pieces) {
    if ('text' in piece) out += piece.text;
    else if ('whole' in piece) out += wholeSlotText(whole, p.wholeSlots, piece.whole, p.grouping, marks.group);
    else if ('fraction' in piece) out += fractionSlotText(fraction, shown, p.fractionSlots, piece.fraction);
    else out += p.wholeSlots === '' ? `${groupDigits(whole, p.grouping, marks.group)}${marks.point}` : marks.point;
  }
  return out;
}

/** The length of a fraction's digits up to its last non-zero digit ("250" → 2). */
export function lastSignificant(fraction: string): number {
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  return end;
}

/** What a placeholder shows where the number has no digit: 0 a zero, ? a space, # nothing. */
export function padding(slot: string): string {
  return slot === '0' ? '0' : slot === '?' ? ' ' : '';
}

/**
 * What whole-part placeholder k (0 the leftmost) shows of the whole digits, counted from the right:
 * its digit or its padding, the digits beyond the placeholders when it is the first, and the group
 * separator after it (a comma after a digit, a space after a `?` space, nothing after a `#`).
 */
export function wholeSlotText(whole: string, slots: string, k: number, grouping: boolean, group = ','): string {
  const position = slots.length - k;
  let out = '';
  if (k === 0) {
    for (let p = whole.length; p > slots.length; p--) {
      out += whole[whole.length - p]!;
      if (grouping && p > 1 && (p - 1) % 3 === 0) out += group;
    }
  }
  const shown = position <= whole.length ? whole[whole.length - position]! : padding(slots[k]!);
  out += shown;
  if (grouping && position > 1 && (position - 1) % 3 === 0) out += shown === '' ? '' : shown === ' ' ? ' ' : group;
  return out;
}

/** What fraction placeholder k shows: its digit up to the last significant one, then its padding. */
export function fractionSlotText(fraction: string, shown: number, slots: string, k: number): string {
  return k < shown ? fraction[k]! : padding(slots[k]!);
}

/** Whole digits grouped by thousands, when grouping ("1234567" → "1,234,567"). */
export function groupDigits(whole: string, grouping: boolean, group = ','): string {
  if (!grouping || whole.length <= 3) return whole;
  let out = '';
  for (let i = 0; i < whole.length; i++) {
    out += whole[i]!;
    const left = whole.length - 1 - i;
    if (left > 0 && left % 3 === 0) out += group;
  }
  return out;
}
