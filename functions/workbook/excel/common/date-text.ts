import { HyperFormula } from 'hyperformula';

/**
 * Dates written as text with a month's name, as en-US Excel reads them (DATEVALUE, VALUE, text in
 * arithmetic): "1-Jan-2024", "01 January 2024", "Jan 5, 2024", "January 5 2024", "Jan 2024" (its
 * first day), each with a time after it if any. HyperFormula's own reader, which takes digits
 * only, reads everything else. A year of two digits is 2000–2029 or 1930–1999, as Excel
 * reads it; a date without a year (which Excel takes in the current year) is not read.
 */

type DateTime = { year: number; month: number; day: number; hours?: number; minutes?: number; seconds?: number };
type Parse = (text: string, dateFormat?: string, timeFormat?: string) => DateTime | undefined;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function month(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.findIndex((m) => m === n || (n.length === 3 && m.startsWith(n)));
  return i < 0 ? undefined : i + 1;
}

function year(text: string): number {
  const y = Number(text);
  return text.length <= 2 ? (y < 30 ? 2000 + y : 1900 + y) : y;
}

/** "10:30", "10:30:15", "6:30 PM": hours, minutes, seconds; undefined for anything else. */
function time(text: string | undefined): { hours: number; minutes: number; seconds: number } | undefined {
  if (text === undefined) return { hours: 0, minutes: 0, seconds: 0 };
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*([ap]m?)?$/i.exec(text.trim());
  if (!m) return undefined;
  let hours = Number(m[1]);
  if (m[4]) {
    if (hours > 12) return undefined;
    hours = (hours % 12) + (/^p/i.test(m[4]) ? 12 : 0);
  }
  return { hours, minutes: Number(m[2]), seconds: Number(m[3] ?? 0) };
}

const DAY_MONTH_YEAR = /^(\d{1,2})[-\s/]+([a-z]{3,9}\.?)[-\s/,]+(\d{2}|\d{4})(?:\s+(\d.*))?$/i;
const MONTH_DAY_YEAR = /^([a-z]{3,9}\.?)[-\s/]+(\d{1,2}),?[-\s/]+(\d{2}|\d{4})(?:\s+(\d.*))?$/i;
const MONTH_YEAR = /^([a-z]{3,9}\.?)[-\s/,]+(\d{4})$/i;

function withMonthName(text: string): DateTime | undefined {
  const s = text.replace(/\s+/g, ' ').trim();
  let d: { y: number; m: number | undefined; day: number; t: string | undefined } | undefined;
  let m = DAY_MONTH_YEAR.exec(s);
  if (m) d = { y: year(m[3]!), m: month(m[2]!), day: Number(m[1]), t: m[4] };
  else if ((m = MONTH_DAY_YEAR.exec(s))) d = { y: year(m[3]!), m: month(m[1]!), day: Number(m[2]), t: m[4] };
  else if ((m = MONTH_YEAR.exec(s))) d = { y: Number(m[2]), m: month(m[1]!), day: 1, t: undefined };
  if (!d || d.m === undefined) return undefined;
  const days = new Date(Date.UTC(d.y, d.m, 0)).getUTCDate() + (d.y === 1900 && d.m === 2 ? 1 : 0);
  if (d.day < 1 || d.day > days) return undefined;
  const t = time(d.t);
  if (!t) return undefined;
  return { year: d.y, month: d.m, day: d.day, ...(d.t === undefined ? {} : t) };
}

/** HyperFormula's reader of dates and times, taught the dates with a month's name. */
export function excelDateTimeReader(): Parse {
  const original = HyperFormula.defaultConfig.parseDateTime as Parse;
  return (text, dateFormat, timeFormat) => original(text, dateFormat, timeFormat) ?? (dateFormat !== undefined ? withMonthName(text) : undefined);
}
