import { civilFromSerial } from '../../../../../shared/src/values/dates.js';
import { DAYS_1904 } from '../../../model/date-systems.js';
import { chineseDigits, chineseNumeral } from './chinese-numerals.js';
import type { DateNames } from './locales.js';
import { shownText } from './number.js';
import type { Token } from './tokens.js';

/**
 * Date and time sections, Microsoft's "Number format codes": `m mm mmm mmmm mmmmm` the month (a
 * number, a name, its first letter), `d dd ddd dddd` the day, `yy yyyy` the year, `h hh`, `m mm`
 * (minutes right after an hour or before seconds), `s ss` and `.0 .00 .000` fractions of a second,
 * `AM/PM` and `A/P` for a 12-hour clock, `[h] [m] [s]` elapsed time. The serial number counts days
 * in the workbook's date system (1900, with its 29 February, or 1904); the time is rounded to the
 * smallest unit shown. A negative number is no date: only elapsed time shows it, with a minus.
 */

type Part = { text: string } | UnitPart;
type UnitPart =
  | { unit: 'year'; digits: 2 | 4 }
  | { unit: 'buddhistYear'; digits: 2 | 4 }
  | { unit: 'month'; style: 'number' | 'padded' | 'short' | 'long' | 'letter' }
  | { unit: 'day'; style: 'number' | 'padded' | 'short' | 'long' }
  | { unit: 'hour' | 'minute' | 'second'; padded: boolean; elapsed: boolean; width: number }
  | { unit: 'subsecond'; decimals: number }
  | { unit: 'ampm'; short: boolean; lower: boolean };

export interface DatePattern {
  parts: Part[];
  /** The decimals of a second shown (the smallest unit the time is rounded to). */
  decimals: number;
  twelveHour: boolean;
  /** Whether a part needs the calendar (a year, month or day), which a negative number or one past 9999 does not have. */
  calendar: boolean;
  elapsed: boolean;
  names: DateNames;
  /** [DBNum1]: the year digit by digit, months and days as numerals (二〇二四年五月二十日). */
  chinese: boolean;
}

/** A section's tokens with date or time letters as a date pattern; undefined for a mix Excel does not read (digit placeholders, %, @…). */
export function datePattern(tokens: readonly Token[], names: DateNames, chinese: boolean): DatePattern | undefined {
  const parts: Part[] = [];
  let decimals = 0;
  let twelveHour = false;
  const elapsedUnits = new Set<string>();
  // Minutes or month: m and mm are minutes after an hour or a second not yet paired with a minute,
  // or before a second (a month waiting for one becomes minutes), as numfmt reads Excel.
  let last: { at: number; unit: string; used: boolean; letters: string } | undefined;
  const minute = (letters: string): UnitPart => ({ unit: 'minute', padded: letters.length > 1, elapsed: elapsedUnits.has('m'), width: letters.length });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'date') {
      const read = datePart(t.letters, elapsedUnits);
      if (!read) return undefined;
      let part: UnitPart = read;
      let used = false;
      if (t.letters === 'm' || t.letters === 'mm') {
        if (last && !last.used && (last.unit === 'hour' || last.unit === 'second')) {
          last.used = true;
          part = minute(t.letters);
        }
      } else if (part.unit === 'second' && last) {
        if (last.unit === 'minute') used = true;
        else if (last.unit === 'month' && (last.letters === 'm' || last.letters === 'mm')) {
          parts[last.at] = minute(last.letters);
          used = true;
        }
      }
      last = { at: parts.length, unit: part.unit, used, letters: t.letters };
      parts.push(part);
    } else if (t.kind === 'elapsed') {
      elapsedUnits.add(t.unit);
      const unit = t.unit === 'h' ? 'hour' : t.unit === 'm' ? 'minute' : 'second';
      last = { at: parts.length, unit, used: false, letters: '' };
      parts.push({ unit, padded: t.width > 1, elapsed: true, width: t.width });
    } else if (t.kind === 'ampm') {
      twelveHour = true;
      parts.push({ unit: 'ampm', short: t.short, lower: t.lower });
    } else if (t.kind === 'point' && tokens[i + 1]?.kind === 'digit') {
      let n = 0;
      while (tokens[i + 1 + n]?.kind === 'digit' && (tokens[i + 1 + n] as { char: string }).char === '0') n++;
      if (n === 0 || n > 3) return undefined;
      parts.push({ unit: 'subsecond', decimals: n });
      decimals = Math.max(decimals, n);
      i += n;
    } else if (t.kind === 'digit' || t.kind === 'percent' || t.kind === 'at' || t.kind === 'general' || t.kind === 'exponent') {
      return undefined;
    } else {
      parts.push({ text: shownText(t) });
    }
  }
  const calendar = parts.some((p) => 'unit' in p && (p.unit === 'year' || p.unit === 'buddhistYear' || p.unit === 'month' || p.unit === 'day'));
  return { parts, decimals, twelveHour, calendar, elapsed: elapsedUnits.size > 0, names, chinese };
}

/** The part of a run of date letters (lower case); an hour, minute or second after its elapsed form is elapsed too. */
function datePart(letters: string, elapsedUnits: Set<string>): UnitPart | undefined {
  const n = letters.length;
  switch (letters[0]) {
    case 'y':
      return { unit: 'year', digits: n <= 2 ? 2 : 4 };
    case 'e':
      return { unit: 'year', digits: 4 };
    case 'b':
      return { unit: 'buddhistYear', digits: n <= 2 ? 2 : 4 };
    case 'm':
      return { unit: 'month', style: n === 1 ? 'number' : n === 2 ? 'padded' : n === 3 ? 'short' : n === 5 ? 'letter' : 'long' };
    case 'd':
      return { unit: 'day', style: n === 1 ? 'number' : n === 2 ? 'padded' : n === 3 ? 'short' : 'long' };
    case 'h':
      return { unit: 'hour', padded: n > 1, elapsed: elapsedUnits.has('h'), width: n };
    case 's':
      return { unit: 'second', padded: n > 1, elapsed: elapsedUnits.has('s'), width: n };
    default:
      // g (an era) has no en-US meaning read here.
      return undefined;
  }
}

/** The last serial the calendar has: 31 December 9999. */
const LAST_SERIAL = 2958465;

/** A serial number through a date pattern; undefined where Excel shows no date (a negative number or one past 9999, but as elapsed time). */
export function renderDate(p: DatePattern, value: number, date1904: boolean): string | undefined {
  const negative = value < 0;
  if (negative && (!p.elapsed || p.calendar)) return undefined;
  const perSecond = 10 ** p.decimals;
  const units = Math.round(Number((Math.abs(value) * 86400 * perSecond).toPrecision(15)));
  const perDay = 86400 * perSecond;
  const day = Math.floor(units / perDay);
  const serial = day + (date1904 ? DAYS_1904 : 0);
  // Past 31 December 9999 (after rounding) no date or time of day is shown; elapsed time alone goes on.
  if ((p.calendar || !p.elapsed) && serial > LAST_SERIAL) return undefined;
  const ofDay = units - day * perDay;
  const totalSeconds = Math.floor(units / perSecond);
  // Serial 0 is 0 January 1900, the day before the first.
  const civil = serial === 0 ? { y: 1900, m: 1, d: 0 } : civilFromSerial(serial);
  const hour = Math.floor(ofDay / (3600 * perSecond));
  let out = negative ? '-' : '';
  for (const part of p.parts) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    switch (part.unit) {
      case 'year':
        out += p.chinese ? chineseDigits(String(civil.y).padStart(4, '0').slice(part.digits === 2 ? 2 : 0)) : part.digits === 2 ? String(civil.y % 100).padStart(2, '0') : String(civil.y);
        break;
      case 'buddhistYear':
        out += part.digits === 2 ? String((civil.y + 543) % 100).padStart(2, '0') : String(civil.y + 543);
        break;
      case 'month':
        out += monthText(part.style, civil.m, p);
        break;
      case 'day':
        // Serial 1 (1 January 1900) is a Sunday to Excel, serial 0 a Saturday.
        out += part.style === 'short' || part.style === 'long' ? p.names.days[part.style][(serial + 6) % 7]! : p.chinese ? chineseNumeral(civil.d) : pad(civil.d, part.style === 'padded');
        break;
      case 'hour': {
        const h = part.elapsed ? Math.floor(totalSeconds / 3600) : p.twelveHour ? hour % 12 || 12 : hour;
        out += part.elapsed ? String(h).padStart(part.width, '0') : pad(h, part.padded);
        break;
      }
      case 'minute': {
        const m = part.elapsed ? Math.floor(totalSeconds / 60) : Math.floor(totalSeconds / 60) % 60;
        out += part.elapsed ? String(m).padStart(part.width, '0') : pad(m, part.padded);
        break;
      }
      case 'second': {
        const s = part.elapsed ? totalSeconds : totalSeconds % 60;
        out += part.elapsed ? String(s).padStart(part.width, '0') : pad(s, part.padded);
        break;
      }
      case 'subsecond':
        out += `.${String(units % perSecond).padStart(p.decimals, '0').slice(0, part.decimals)}`;
        break;
      case 'ampm': {
        const pm = hour >= 12;
        out += part.short ? (pm ? 'P' : 'A')[part.lower ? 'toLowerCase' : 'toUpperCase']() : p.names.ampm[pm ? 1 : 0];
        break;
      }
    }
  }
  return out;
}

function monthText(style: 'number' | 'padded' | 'short' | 'long' | 'letter', month: number, p: DatePattern): string {
  if (style === 'number' || style === 'padded') return p.chinese ? chineseNumeral(month) : pad(month, style === 'padded');
  if (style === 'letter') return p.names.months.long[month - 1]![0]!;
  return p.names.months[style][month - 1]!;
}

function pad(n: number, padded: boolean): string {
  return padded && n < 10 ? `0${n}` : String(n);
}
