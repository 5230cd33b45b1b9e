import { CellError, ErrorType } from 'hyperformula';
import { addMonths, civilFromSerial, daysInMonth, serialFromCivil } from '../../../../shared/src/values/dates.js';
import { DAYS_1904 } from '../../model/date-systems.js';

/**
 * Serial numbers as Excel's date functions read and write them: serial 0 is 0 January 1900 (the
 * day before 1 January), 60 the 29 February 1900 Excel invents, 2,958,465 the last day of 9999;
 * a 1904 workbook's serials count from 1 January 1904 (date1904), 1,462 days fewer.
 */

/** YEAR, MONTH or DAY of a 1900-system serial (0 is 0 January 1900), or #NUM!. */
export function datePart(serial: number, part: 'YEAR' | 'MONTH' | 'DAY', date1904 = false): number | CellError {
  let s = Math.floor(serial);
  if (s < 0 || s > 2958465) return new CellError(ErrorType.NUM);
  if (date1904) s += DAYS_1904;
  const c = s === 0 ? { y: 1900, m: 1, d: 0 } : civilFromSerial(s);
  return part === 'YEAR' ? c.y : part === 'MONTH' ? c.m : c.d;
}

/** The first day of each WEEKNUM return type (0 Sunday … 6 Saturday), as Excel's WEEKNUM page lists them; 21 is ISO. */
const WEEK_START: Record<number, number> = { 1: 0, 2: 1, 11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 16: 6, 17: 0 };

/**
 * WEEKNUM(serial, type) and ISOWEEKNUM(serial): the week containing 1 January is week 1 (system 1),
 * or, for type 21 and ISOWEEKNUM, the week containing the year's first Thursday (ISO 8601), so that
 * 31 December 2024 is week 1 of 2025 (HyperFormula: 53). Days of the week counted on the serial as
 * Excel does (serial 1 is a Sunday).
 */
export function weekNumber(serial: number, type: number, date1904 = false): number | CellError {
  let s = Math.floor(serial);
  if (s < 0 || s > 2958465) return new CellError(ErrorType.NUM);
  if (date1904) s += DAYS_1904;
  const dow = (n: number) => (((n + 6) % 7) + 7) % 7;
  // Serial 0 is 0 January 1900 (YEAR(0) is 1900); the Thursday of its ISO week falls in 1899.
  const yearOf = (n: number) => (n < 0 ? 1899 : n === 0 ? 1900 : civilFromSerial(n).y);
  const jan1 = (y: number) => serialFromCivil({ y, m: 1, d: 1 });
  if (type === 21) {
    const thursday = s - ((dow(s) + 6) % 7) + 3;
    return Math.floor((thursday - jan1(yearOf(thursday))) / 7) + 1;
  }
  const start = WEEK_START[Math.trunc(type)];
  if (start === undefined) return new CellError(ErrorType.NUM);
  const first = jan1(yearOf(s));
  return Math.floor((s - first + ((dow(first) - start + 7) % 7)) / 7) + 1;
}

/** DATE(y, m, d): years 0–1899 are 1900–3799, months and days roll over, as in Excel. */
export function excelDate(year: number, month: number, day: number, date1904 = false): number | CellError {
  let y = Math.trunc(year);
  if (y < 0 || y >= 10000) return new CellError(ErrorType.NUM);
  if (y < 1900) y += 1900;
  const idx = y * 12 + Math.trunc(month) - 1;
  const first = serialFromCivil({ y: Math.floor(idx / 12), m: (((idx % 12) + 12) % 12) + 1, d: 1 });
  // Day by day from the month's first (the 1900 system's invented 29 February included, as Excel counts it).
  let s = first + Math.trunc(day) - 1;
  if (date1904) s -= DAYS_1904;
  if (s < 0 || s > 2958465) return new CellError(ErrorType.NUM);
  return s;
}

/** EOMONTH(start, months): the last day of the month that many months on (0 is 0 January 1900). */
export function eomonth(start: number, months: number, date1904 = false): number | CellError {
  const y = datePart(start, 'YEAR', date1904);
  const m = datePart(start, 'MONTH', date1904);
  if (y instanceof CellError) return y;
  if (m instanceof CellError) return m;
  const idx = y * 12 + m - 1 + Math.trunc(months);
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  let s = serialFromCivil({ y: yy, m: mm, d: daysInMonth(yy, mm) });
  if (date1904) s -= DAYS_1904;
  return s < 0 || s > 2958465 || yy < 1900 ? new CellError(ErrorType.NUM) : s;
}

/** EDATE(start, months): the same day that many months on, or that month's last day (31 January 2024 + 1 month is 29 February; HyperFormula's EDATE answers 28 February). */
export function edate(start: number, months: number, date1904 = false): number | CellError {
  if (start < 0) return new CellError(ErrorType.NUM);
  const shift = date1904 ? DAYS_1904 : 0;
  const s = Math.floor(start) + shift;
  // Serial 0 is 0 January 1900: a month later is 0 February, i.e. 31 January.
  const r = s === 0 ? serialFromCivil(addMonths({ y: 1900, m: 1, d: 1 }, Math.trunc(months))) - 1 : serialFromCivil(addMonths(civilFromSerial(s), Math.trunc(months)));
  return r - shift < 0 ? new CellError(ErrorType.NUM) : r - shift;
}
