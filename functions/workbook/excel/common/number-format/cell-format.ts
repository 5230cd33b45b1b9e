import { fractionPattern } from './fraction.js';
import { tokenize } from './tokens.js';
import type { Token } from './tokens.js';

/**
 * What CELL("format"), CELL("color") and CELL("parentheses") answer for a number format,
 * Microsoft's "CELL function" table: General is G, 0 is F0, #,##0 is ",0", 0.00 F2, a currency
 * format C with its decimals, 0% P0, 0.00E+00 S2, a fraction G, the dates and times D1 to D9
 * (d-mmm-yy D1, d-mmm D2, mmm-yy D3, m/d/yy D4, mm/dd D5, h:mm:ss AM/PM D6, h:mm AM/PM D7, h:mm:ss
 * D8, h:mm D9), "-" after the code when negative numbers have a colour, "()" when positive numbers
 * have parentheses. A date or time format outside the table, text (@), and a currency sign written
 * as quoted text or in a locale tag are Excel's own choice: the answer is then not certain.
 */

export interface CellFormatInfo {
  code: string;
  color: 0 | 1;
  parentheses: 0 | 1;
  certain: boolean;
}

/** The codes of Microsoft's table for dates and times (lower case, without a trailing ;@). */
const DOCUMENTED_DATES = new Set(['m/d/yy', 'm/d/yy h:mm', 'mm/dd/yy', 'd-mmm-yy', 'dd-mmm-yy', 'd-mmm', 'dd-mmm', 'mmm-yy', 'mm/dd', 'h:mm am/pm', 'h:mm:ss am/pm', 'h:mm', 'h:mm:ss', 'm/d/yyyy', 'm/d/yyyy h:mm']);

/** The order of a date's parts and its D code: the first order a format's parts begin with. */
const DATE_CODES: [string, number][] = [
  ['DMY', 1],
  ['DM', 2],
  ['MY', 3],
  ['MDY', 4],
  ['MD', 5],
  ['hmsa', 6],
  ['hma', 7],
  ['hms', 8],
  ['hm', 9],
];

const CURRENCY = /[$¢£¤¥֏؋৲৳৻૱௹฿៛₠-₿﷼﹩＄￠￡￥￦]/;

/** CELL's answers for a number format code. */
export function cellFormatInfo(numFmt: string): CellFormatInfo {
  const tokens = tokenize(numFmt);
  if (!Array.isArray(tokens)) return { code: 'G', color: 0, parentheses: 0, certain: false };
  const sections: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'section') sections.push([]);
    else sections.at(-1)!.push(t);
  }
  const first = sections[0]!;
  // Negative numbers go through the second section, or through the first when it is alone.
  const color = (sections.length > 1 ? sections[1]! : first).some((t) => t.kind === 'color') ? 1 : 0;
  const parentheses = first.some((t) => t.kind === 'literal' && t.plain && t.text === '(') ? 1 : 0;
  const suffix = (color ? '-' : '') + (parentheses ? '()' : '');
  const has = (kind: Token['kind']) => first.some((t) => t.kind === kind);
  const pointAt = first.findIndex((t) => t.kind === 'point');
  let decimals = 0;
  for (let i = pointAt + 1; pointAt >= 0 && i < first.length && first[i]!.kind !== 'exponent' && first[i]!.kind !== 'slash'; i++) if (first[i]!.kind === 'digit') decimals++;
  decimals = Math.min(15, decimals);
  // A currency sign written as quoted or escaped text, or a locale tag's currency: Excel's own choice.
  const quotedCurrency = tokens.some((t) => (t.kind === 'literal' && !t.plain && CURRENCY.test(t.text)) || (t.kind === 'locale' && t.text !== ''));
  const result = (code: string, certain = true): CellFormatInfo => ({ code: code + suffix, color, parentheses, certain: certain && !quotedCurrency });
  // A format of text alone (@).
  if (sections.length === 1 && has('at')) return result('G', false);
  const dated = sections.some((s) => s.some((t) => t.kind === 'date' || t.kind === 'elapsed' || t.kind === 'ampm'));
  const currency = !dated && first.some((t) => t.kind === 'literal' && t.plain && CURRENCY.test(t.text));
  if (currency) return result(`C${decimals}`);
  if (dated) {
    const documented = DOCUMENTED_DATES.has(numFmt.toLowerCase().replace(/;@$/, ''));
    const code = DATE_CODES.find(([order]) => dateOrder(first).startsWith(order));
    return result(code ? `D${code[1]}` : 'G', documented);
  }
  if (has('general')) return result('G');
  if (has('slash') && fractionPattern(first)) return result('G');
  if (has('exponent')) return result(`S${decimals}`);
  if (sections.some((s) => s.some((t) => t.kind === 'percent'))) return result(`P${decimals}`);
  const grouped = first.some((t, i) => t.kind === 'comma' && first[i - 1]?.kind === 'digit' && first[i + 1]?.kind === 'digit');
  if (grouped) return result(`,${decimals}`);
  if (has('digit')) return result(`F${decimals}`);
  return result('G');
}

/** The order of a date section's parts: Y, M, D for the date, h, m, s, a for the time. */
function dateOrder(tokens: readonly Token[]): string {
  let order = '';
  let afterHour = false;
  for (const t of tokens) {
    if (t.kind === 'date') {
      const c = t.letters[0]!;
      // m right after an hour, or before a second, is minutes.
      if (c === 'm' && t.letters.length <= 2 && (afterHour || nextIsSecond(tokens, t))) order += 'm';
      else if (c === 'y' || c === 'e' || c === 'b') order += 'Y';
      else if (c === 'm') order += 'M';
      else if (c === 'd') order += 'D';
      else if (c === 'h' || c === 's') order += c;
      afterHour = c === 'h';
    } else if (t.kind === 'ampm') order += 'a';
    else if (t.kind === 'elapsed') order += t.unit;
  }
  return order;
}

function nextIsSecond(tokens: readonly Token[], t: Token): boolean {
  const next = tokens.slice(tokens.indexOf(t) + 1).find((x) => x.kind === 'date' || x.kind === 'elapsed');
  return next !== undefined && ((next.kind === 'date' && next.letters[0] === 's') || (next.kind === 'elapsed' && next.unit === 's'));
}
