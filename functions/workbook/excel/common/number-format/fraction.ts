import { padding, shownText, wholeSlotText } from './number.js';
import type { Token } from './tokens.js';

/**
 * Fraction sections, Microsoft's "Number format codes": `# ?/?` shows 5.25 as 5 1/4, `# ???/???`
 * allows denominators of three digits, `?/8` and `#/100` fix the denominator, and without a whole
 * part (`??/??`) the fraction is improper. The fraction is the last convergent of the number's
 * continued fraction whose denominator fits the placeholders (123.456 with `# ??/??` is 123 26/57,
 * SheetJS SSF's table of Excel's answers). Around a fraction of 0 and a whole part of 0, Excel's
 * answers (Apache POI's NumberFormatTests.xlsx) set the layout: a zero fraction is left out, or
 * becomes spaces as wide when a `?` stands in it, unless its numerator has a `0`; a whole part of 0
 * under `#` is left out together with the text that follows it, spaces excepted (" 1/3" for 0.34 in
 * `# ?/?`, as Microsoft's TEXT page shows).
 */

export interface FractionPattern {
  prefix: string;
  /** The whole part: its placeholders and the text between them; undefined for an improper fraction. */
  whole: { pieces: ({ text: string } | { slot: number })[]; slots: string; grouping: boolean } | undefined;
  /** The text between the whole part and the numerator. */
  separator: string;
  numeratorSlots: string;
  /** The text between numerator and denominator, the bar among it. */
  middle: string;
  denominatorSlots: string;
  /** A denominator written as a number (`#/100`). */
  fixedDenominator: number | undefined;
  suffix: string;
  /** How wide the fraction part is, for the spaces that stand for it. */
  fractionWidth: number;
}

/** A section's tokens with a fraction bar as a fraction pattern; undefined when placeholders do not stand on both sides of the bar. */
export function fractionPattern(tokens: readonly Token[]): FractionPattern | undefined {
  const bar = tokens.findIndex((t) => t.kind === 'slash');
  // The numerator: the run of placeholders nearest before the bar.
  let numeratorEnd = bar;
  while (numeratorEnd > 0 && tokens[numeratorEnd - 1]!.kind !== 'digit') numeratorEnd--;
  let numeratorStart = numeratorEnd;
  while (numeratorStart > 0 && tokens[numeratorStart - 1]!.kind === 'digit') numeratorStart--;
  // The denominator: the run of placeholders or digits nearest after the bar.
  let denominatorStart = bar + 1;
  while (denominatorStart < tokens.length && !isDenominatorDigit(tokens[denominatorStart]!)) denominatorStart++;
  let denominatorEnd = denominatorStart;
  while (denominatorEnd < tokens.length && isDenominatorDigit(tokens[denominatorEnd]!)) denominatorEnd++;
  if (numeratorStart === numeratorEnd || denominatorStart === denominatorEnd) return undefined;
  const denominator = tokens.slice(denominatorStart, denominatorEnd);
  const fixed = denominator[0]!.kind === 'number';
  const text = (from: number, to: number) => tokens.slice(from, to).map(shownText).join('');
  // The whole part: placeholders before the numerator, set apart from it by something.
  const before = tokens.slice(0, numeratorStart);
  const firstDigit = before.findIndex((t) => t.kind === 'digit');
  let lastDigit = -1;
  before.forEach((t, i) => {
    if (t.kind === 'digit') lastDigit = i;
  });
  let whole: FractionPattern['whole'];
  let slots = '';
  if (firstDigit >= 0) {
    const pieces: ({ text: string } | { slot: number })[] = [];
    let grouping = false;
    const part = before.slice(firstDigit, lastDigit + 1);
    part.forEach((t, i) => {
      if (t.kind === 'digit') {
        pieces.push({ slot: slots.length });
        slots += t.char;
      } else if (t.kind === 'comma') grouping ||= part[i - 1]?.kind === 'digit' && part[i + 1]?.kind === 'digit';
      else pieces.push({ text: shownText(t) });
    });
    whole = { pieces, slots, grouping };
  }
  const middle = text(numeratorEnd, denominatorStart);
  const numeratorSlots = digitsOf(tokens.slice(numeratorStart, numeratorEnd));
  const denominatorSlots = fixed ? '' : digitsOf(denominator);
  const separator = whole ? text(lastDigit + 1, numeratorStart) : '';
  const denominatorText = digitsOf(denominator);
  return {
    prefix: whole ? text(0, firstDigit) : text(0, numeratorStart),
    whole,
    separator,
    numeratorSlots,
    middle,
    denominatorSlots,
    fixedDenominator: fixed ? Number(denominatorText) : undefined,
    suffix: text(denominatorEnd, tokens.length),
    fractionWidth: separator.length + numeratorSlots.length + middle.length + denominatorText.length,
  };
}

function zeroCount(slots: string): number {
  let n = 0;
  for (const c of slots) if (c === '0') n++;
  return n;
}

function isDenominatorDigit(t: Token): boolean {
  return t.kind === 'digit' || t.kind === 'number';
}

function digitsOf(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'digit' ? t.char : t.kind === 'number' ? t.char : '')).join('');
}

/** |value| through a fraction pattern, a minus sign in front when `minus` and the value is not zero. */
export function renderFraction(p: FractionPattern, magnitude: number, minus: boolean): string {
  let whole = p.whole ? Math.floor(magnitude) : 0;
  const fixed = p.fixedDenominator;
  let [numerator, denominator] = fixed !== undefined ? [Math.round((magnitude - whole) * fixed), fixed] : convergent(magnitude - whole, 10 ** p.denominatorSlots.length - 1);
  if (p.whole && numerator === denominator) {
    whole++;
    numerator = 0;
  }
  if (numerator === 0 && fixed === undefined) denominator = 1;
  let out = (minus && magnitude !== 0 ? '-' : '') + p.prefix;
  if (p.whole) {
    const slots = p.whole.slots;
    const hidden = numerator === 0 && !p.numeratorSlots.includes('0');
    const rightmost = slots[slots.length - 1]!;
    // A fraction part left out: the whole part shows 0 at least, and spaces stand for the fraction where a ? is.
    // A whole part of 0 before a fraction shows its placeholders' padding, 0 itself before a 0 numerator (but under #).
    const digits = whole > 0 ? String(whole) : hidden || (numerator === 0 && rightmost !== '#') ? '0' : '';
    for (const piece of p.whole.pieces) out += 'text' in piece ? piece.text : wholeSlotText(digits, slots, piece.slot, p.whole.grouping);
    if (hidden) return out + (/\?/.test(slots + p.numeratorSlots + p.denominatorSlots) ? ' '.repeat(p.fractionWidth) : '') + p.suffix;
    // Before a fraction, the text after a whole part of 0 stays under 0, becomes spaces where a ? stands, else goes.
    if (digits !== '' || rightmost === '0') out += p.separator;
    else if (/\?/.test(slots + p.numeratorSlots)) out += ' '.repeat(p.separator.length);
  }
  const numeratorDigits = String(numerator);
  for (let k = 0; k < p.numeratorSlots.length; k++) out += wholeSlotText(numeratorDigits, p.numeratorSlots, k, false);
  out += p.middle;
  // The denominator: zeros in front for its 0 placeholders (4 in 000 is 004), then left-aligned, a ? padding with a space.
  const denominatorDigits = fixed !== undefined ? String(fixed) : String(denominator).padStart(zeroCount(p.denominatorSlots), '0');
  out += denominatorDigits;
  for (let k = denominatorDigits.length; k < p.denominatorSlots.length; k++) out += padding(p.denominatorSlots[k]!);
  return out + p.suffix;
}

/**
 * The last convergent of x's continued fraction (0 ≤ x) whose denominator is at most `limit`, as
 * [numerator, denominator]: 0.456 within 99 is 26/57.
 */
function convergent(x: number, limit: number): [number, number] {
  let [h0, h1] = [0, 1];
  let [k0, k1] = [1, 0];
  let rest = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(rest);
    const h = a * h1 + h0;
    const k = a * k1 + k0;
    if (k > limit) break;
    [h0, h1, k0, k1] = [h1, h, k1, k];
    const fraction = rest - a;
    // Excel stops once the fraction meets the number to about 14 digits (0.123251512342345 is 480894/3901729).
    if (fraction < 1e-12 || Math.abs(h / k - x) < 1e-14 * Math.max(1, x)) break;
    rest = 1 / fraction;
  }
  return k1 === 0 ? [Math.round(x), 1] : [h1, k1];
}
