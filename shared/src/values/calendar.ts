import days from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Text2 } from './types.js';
import { formatIsoDate, serialOf } from './dates.js';

/**
 * China's working-day calendar: public holidays (法定节假日 and the days off around them) and the
 * make-up working days (调休上班) of the State Council's yearly notices, from the dataset the
 * `chinese-days` package maintains, never typed in here. Outside the years the dataset covers only
 * weekends are known, and a caller says so.
 */

// "2019-09-13" → "Mid-autumn Festival,中秋,1" (English name, Chinese name, statutory days).
const HOLIDAYS: Readonly<Record<string, string>> = days.holidays;
const MAKEUP_WORKDAYS: Readonly<Record<string, string>> = days.workdays;

function yearsOf(keys: string[]): { first: number; last: number } {
  const years = keys.map((k) => Number(k.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
}

/** The years whose official arrangements the dataset holds (2004–2026 in chinese-days 1.5.7). */
export const CALENDAR_YEARS = yearsOf(Object.keys(HOLIDAYS));

export type DayKind = 'workday' | 'makeupWorkday' | 'weekend' | 'holiday';

export interface Day {
  serial: number;
  kind: DayKind;
  /** The holiday a day off or a make-up working day belongs to. */
  holiday?: Text2;
  /** Whether the dataset covers the day's year (else only weekends are known). */
  covered: boolean;
}

function holidayName(entry: string): Text2 {
  const [en, zh] = entry.split(',');
  return { 'zh-CN': zh ?? en ?? '', en: en ?? '' };
}

/** The dataset's days off and make-up working days by serial, each Day made once. */
const SPECIAL_DAYS: ReadonlyMap<number, Day> = (() => {
  const out = new Map<number, Day>();
  const add = (table: Readonly<Record<string, string>>, kind: DayKind) => {
    for (const [iso, entry] of Object.entries(table)) {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      const serial = serialOf(y, m, d);
      out.set(serial, Object.freeze({ serial, kind, holiday: Object.freeze(holidayName(entry)), covered: true }));
    }
  };
  add(MAKEUP_WORKDAYS, 'makeupWorkday');
  add(HOLIDAYS, 'holiday'); // a day in both tables is a day off
  return out;
})();

/** The serials of the first and last day of the years the dataset covers. */
const COVERED_FROM = serialOf(CALENDAR_YEARS.first, 1, 1);
const COVERED_TO = serialOf(CALENDAR_YEARS.last, 12, 31);

/** 0 = Sunday … 6 = Saturday, by the real calendar: serial 61 (1900-03-01) was a Thursday, and Excel's invented serial 60 reads as that day. */
export function weekday(serial: number): number {
  const s = Math.floor(serial);
  return s < 60 ? ((s % 7) + 7) % 7 : (s + (s === 60 ? 7 : 6)) % 7;
}

export function dayOf(serial: number): Day {
  const covered = serial >= COVERED_FROM && serial <= COVERED_TO;
  if (covered) {
    const special = SPECIAL_DAYS.get(serial);
    if (special !== undefined) return special;
  }
  const wd = weekday(serial);
  return { serial, kind: wd === 0 || wd === 6 ? 'weekend' : 'workday', covered };
}

export function isWorkingDay(d: Day): boolean {
  return d.kind === 'workday' || d.kind === 'makeupWorkday';
}

/** The days from `serial` back to the nearest working day (inclusive), newest first: the last one is it. */
export function backToWorkingDay(serial: number): Day[] {
  const seen: Day[] = [];
  // The longest run of days off in the dataset is 10 (Spring Festival 2020): 31 is a safe bound.
  for (let s = serial; s > serial - 31; s--) {
    const d = dayOf(s);
    seen.push(d);
    if (isWorkingDay(d)) return seen;
  }
  throw new Error(`no working day in the month before ${formatIsoDate(serial)}`);
}
