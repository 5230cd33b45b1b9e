import { CellError, EmptyValue, ErrorType } from 'hyperformula';
import { formatCode, formatTextValue, malformedCode } from './number-format.js';
import { excelRound } from './rounding.js';
import { unsureError } from './errors.js';

/**
 * Values written as text the way TEXT, FIXED and DOLLAR write them (Excel's number formats,
 * number-format.ts), and text read back as a number the way NUMBERVALUE reads it. The fast path
 * writes TEXT with these too, so both evaluators agree.
 */

/**
 * TEXT(value, format) with Excel's format codes (number-format.ts); HyperFormula's TEXT knows a few
 * codes only. A code numfmt cannot read is unsure; `general` then answers instead (the value as
 * General shows it); without it (the fast path) the answer is the error that marks the case.
 */
export function excelText(value: unknown, fmt: string, date1904: boolean, general?: (why: string, answer: () => string) => string | CellError, locale = 'en-US'): string | CellError {
  if (fmt === '') return '';
  let v = value;
  if (v === EmptyValue || v === null || v === undefined) v = 0;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n)) return formatTextValue(v, fmt);
    v = n;
  }
  if (typeof v !== 'number') return new CellError(ErrorType.VALUE);
  const n = v;
  const out = formatCode(fmt, n, date1904, locale);
  if (out !== undefined) return out;
  // A code Excel itself refuses (a quote or bracket left open, more than four sections) is #VALUE!.
  if (malformedCode(fmt)) return new CellError(ErrorType.VALUE);
  const why = `the number format ${JSON.stringify(fmt)}`;
  return general ? general(why, () => formatCode('General', n, date1904)!) : unsureError(why);
}

/** FIXED(number, decimals, no_commas): the number rounded (half away from zero) and written with en-US separators. */
export function fixedText(n: number, decimals: number, noCommas: boolean): string {
  const d = Math.trunc(decimals);
  const x = excelRound(n, d);
  return formatCode(`${noCommas ? '0' : '#,##0'}${d > 0 ? `.${'0'.repeat(d)}` : ''}`, x, false)!;
}

/** DOLLAR(number, decimals) in en-US: "$1,234.57", "($1.00)"; decimals below 0 round left of the point. */
export function dollarText(n: number, decimals: number): string {
  const d = Math.trunc(decimals);
  const x = excelRound(n, d);
  const body = formatCode(d > 0 ? `#,##0.${'0'.repeat(d)}` : '#,##0', Math.abs(x), false)!;
  return x < 0 ? `($${body})` : `$${body}`;
}

/**
 * NUMBERVALUE(text, decimal_separator, group_separator): spaces and group separators before the
 * decimal separator go, each % at the end divides by 100; anything else is #VALUE!.
 */
export function numberValue(text: string, decimal: string, group: string): number | CellError {
  const dec = decimal.charAt(0);
  const grp = group.charAt(0);
  if (!dec || dec === grp) return new CellError(ErrorType.VALUE);
  let t = text.replace(/\s+/g, '');
  if (t === '') return 0;
  let scale = 1;
  while (t.endsWith('%')) {
    t = t.slice(0, -1);
    scale /= 100;
  }
  const at = t.indexOf(dec);
  if (at >= 0 && t.indexOf(dec, at + 1) >= 0) return new CellError(ErrorType.VALUE);
  const whole = at >= 0 ? t.slice(0, at) : t;
  const fraction = at >= 0 ? t.slice(at + 1) : '';
  if (grp && fraction.includes(grp)) return new CellError(ErrorType.VALUE);
  const s = `${grp ? whole.split(grp).join('') : whole}${at >= 0 ? `.${fraction}` : ''}`;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return new CellError(ErrorType.VALUE);
  return Number(s) * scale;
}
