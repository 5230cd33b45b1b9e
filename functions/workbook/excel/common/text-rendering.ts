import { CellError, EmptyValue, ErrorType } from 'hyperformula';
import { EN_US_MARKS, formatNumber, formatText, FormatProblem, generalMagnitude } from './number-format/index.js';
import type { RenderOptions } from './number-format/index.js';
import { excelRound } from './rounding.js';
import { unsureError } from './errors.js';

/**
 * Values written as text the way TEXT, FIXED and DOLLAR write them (Excel's number formats,
 * number-format/), and text read back as a number the way NUMBERVALUE reads it. The fast path
 * writes TEXT with these too, so both evaluators agree.
 */

/** What a caller does where Excel's answer is not certain here (the HyperFormula plugin keeps a cached value or assumes). */
export interface Uncertainty {
  /** A code this engine does not read: Excel's likeliest answer is the value as General shows it. */
  unread: (why: string, general: () => string) => string | CellError;
  /** An answer that is Excel's likeliest only, for a reason. */
  likely: (reason: 'format' | 'locale', why: string, answer: string) => string | CellError;
}

/** A number written as TEXT reads a text that is one ("12", " 1.5E3 "); hexadecimal and other notations JavaScript reads are text. */
const NUMBER_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/** TEXT's options in the 1900 and 1904 date systems with en-US's separators. */
const EN_US_1900: RenderOptions = { date1904: false, marks: EN_US_MARKS };
const EN_US_1904: RenderOptions = { date1904: true, marks: EN_US_MARKS };

/** The render options of a workbook's date system, en-US's separators. */
export function textOptions(date1904: boolean): RenderOptions {
  return date1904 ? EN_US_1904 : EN_US_1900;
}

/**
 * TEXT(value, format) with Excel's format codes (number-format/). A logical value is text to TEXT
 * ("TRUE" through the code's text section, as Excel's answers in Apache POI's TextFormatTests.xlsx
 * show), a number written as text is the number. A code Excel refuses is #VALUE!; where Excel's
 * answer is not certain here, `uncertainty` decides, and without it (the fast path) the answer is
 * the error that marks the case.
 */
export function excelText(value: unknown, fmt: string, options: RenderOptions, uncertainty?: Uncertainty): string | CellError {
  if (fmt === '') return '';
  let v = value;
  if (v === EmptyValue || v === null || v === undefined) v = 0;
  if (typeof v === 'boolean') v = v ? 'TRUE' : 'FALSE';
  let out: string | FormatProblem;
  let n: number | undefined;
  if (typeof v === 'string') {
    if (NUMBER_TEXT.test(v)) n = Number(v);
    out = n === undefined ? formatText(fmt, v) : formatNumber(fmt, n, options);
  } else if (typeof v === 'number') {
    n = v;
    out = formatNumber(fmt, n, options);
  } else return new CellError(ErrorType.VALUE);
  if (!(out instanceof FormatProblem)) return out;
  const why = `the number format ${JSON.stringify(fmt)}: ${out.why}`;
  switch (out.kind) {
    case 'refused':
      return new CellError(ErrorType.VALUE);
    case 'likely':
      return uncertainty ? uncertainty.likely(out.reason, why, out.answer) : unsureError(why);
    default: {
      const shown = n;
      const general = () => (shown === undefined ? String(v) : (shown < 0 ? '-' : '') + generalMagnitude(shown));
      return uncertainty ? uncertainty.unread(why, general) : unsureError(why);
    }
  }
}

/** FIXED(number, decimals, no_commas): the number rounded (half away from zero) and written with en-US separators. */
export function fixedText(n: number, decimals: number, noCommas: boolean): string {
  const d = Math.trunc(decimals);
  const x = excelRound(n, d);
  return formatNumber(`${noCommas ? '0' : '#,##0'}${d > 0 ? `.${'0'.repeat(d)}` : ''}`, x, EN_US_1900) as string;
}

/** DOLLAR(number, decimals) in en-US: "$1,234.57", "($1.00)"; decimals below 0 round left of the point. */
export function dollarText(n: number, decimals: number): string {
  const d = Math.trunc(decimals);
  const x = excelRound(n, d);
  const body = formatNumber(d > 0 ? `#,##0.${'0'.repeat(d)}` : '#,##0', Math.abs(x), EN_US_1900) as string;
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
