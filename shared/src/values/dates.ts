/**
 * Dates as Excel's 1900 date system counts them: serial 1 is 1900-01-01, and serial 60 is the
 * 29 February 1900 that Excel keeps for Lotus 1-2-3 compatibility. Date-times are serials with a
 * fraction of a day; PolicyCell compares them to the whole second.
 */
export interface Civil {
  y: number;
  m: number; // 1..12
  d: number; // 1..31
}

export const MIN_SERIAL = 1; // 1900-01-01
export const MAX_SERIAL = 2958465; // 9999-12-31
export const SECONDS_PER_DAY = 86400;

// Howard Hinnant's days-from-civil: days since 1970-01-01 in the proleptic Gregorian calendar.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): Civil {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

const EPOCH_AFTER_LEAP_BUG = daysFromCivil(1899, 12, 30); // serials from 61 (1900-03-01) on
const EPOCH_BEFORE_LEAP_BUG = daysFromCivil(1899, 12, 31); // serials 1..59

const MARCH_1900 = daysFromCivil(1900, 3, 1);

/** The serial of a day given as year, month and day. */
export function serialOf(y: number, m: number, d: number): number {
  if (y === 1900 && m === 2 && d === 29) return 60;
  const days = daysFromCivil(y, m, d);
  return days < MARCH_1900 ? days - EPOCH_BEFORE_LEAP_BUG : days - EPOCH_AFTER_LEAP_BUG;
}

export function serialFromCivil({ y, m, d }: Civil): number {
  return serialOf(y, m, d);
}

export function civilFromSerial(serial: number): Civil {
  const s = Math.floor(serial);
  if (s === 60) return { y: 1900, m: 2, d: 29 };
  return civilFromDays(s < 60 ? s + EPOCH_BEFORE_LEAP_BUG : s + EPOCH_AFTER_LEAP_BUG);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a year of the proleptic Gregorian calendar is a leap year. */
function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysInMonth(y: number, m: number): number {
  if (y === 1900 && m === 2) return 29; // Excel's 1900-02-29
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;
}

/** Calendar months later, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as EDATE. */
export function addMonths(c: Civil, months: number): Civil {
  const idx = c.y * 12 + (c.m - 1) + months;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return { y, m, d: Math.min(c.d, daysInMonth(y, m)) };
}

const ISO =
  /^(?:(?<y>\d{4})[-/](?<m>\d{1,2})[-/](?<d>\d{1,2})|(?<by>\d{4})(?<bm>\d{2})(?<bd>\d{2}))(?:[T ](?<hh>\d{1,2}):(?<mi>\d{2})(?::(?<ss>\d{2})(?:[.,](?<fs>\d+))?)?(?<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * The wall clock the policies' times are on: China Standard Time, UTC+8 (no daylight saving since
 * 1991). A date-time sent with a time zone ("2025-10-01T01:00:00Z", what JavaScript's toISOString
 * writes) is that instant on this clock, as the clerk's Excel would show it: 09:00 on 1 October.
 */
export const WALL_CLOCK_UTC_OFFSET_MINUTES = 8 * 60;

/**
 * An ISO-8601 date or date-time ("2019-05-20", "20190520", "2019-05-20T19:50", "2019-05-20 19:50:00",
 * "2019-05-20T11:50:00Z", "2019-05-20T19:50+08:00") as an Excel serial with a day fraction; undefined
 * when the text is not one or names a day or time that does not exist. A time without a zone is a
 * wall-clock time, as a spreadsheet's are; one with a zone is converted to the policies' wall clock
 * (China Standard Time), so the day may change: "2019-05-19T16:00:00Z" is 2019-05-20 00:00.
 */
export function parseIsoDate(text: string): number | undefined {
  const simple = parseIsoDateTime(text);
  if (simple !== NOT_SIMPLE) return simple;
  const g = ISO.exec(text.normalize('NFKC').trim())?.groups;
  if (!g) return undefined;
  const y = Number(g.y ?? g.by);
  const m = Number(g.m ?? g.bm);
  const d = Number(g.d ?? g.bd);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900) return undefined;
  if (y === 1900 && m === 2 && d === 29) return undefined; // a day Excel invented, not an ISO date
  const hh = Number(g.hh ?? 0);
  const mi = Number(g.mi ?? 0);
  const ss = Number(g.ss ?? 0) + Number(`0.${g.fs ?? '0'}`);
  if (hh > 23 || mi > 59 || ss >= 60) return undefined;
  let shift = 0; // seconds from the text's clock to the wall clock
  if (g.tz) {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(g.tz);
    const offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) : 0; // Z is UTC
    if (z && (Number(z[2]) > 14 || Number(z[3] ?? 0) > 59)) return undefined;
    shift = (WALL_CLOCK_UTC_OFFSET_MINUTES - offset) * 60;
  }
  const clock = hh * 3600 + mi * 60 + ss;
  if (!shift) return serialFromCivil({ y, m, d }) + clock / SECONDS_PER_DAY;
  // Moved on the real calendar first, then made a serial: a shift across the end of February 1900
  // never lands on the 29th that Excel's serials invent.
  const seconds = daysFromCivil(y, m, d) * SECONDS_PER_DAY + clock + shift;
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const civil = civilFromDays(day);
  if (civil.y < 1900) return undefined;
  return serialFromCivil(civil) + (seconds - day * SECONDS_PER_DAY) / SECONDS_PER_DAY;
}

/** The answer of parseIsoDateTime for text it leaves to the full reading. */
const NOT_SIMPLE = -1;

/** The number the two ASCII digits at `i` write. */
function twoDigits(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;
}

/**
 * The forms a sheet or a request sends most, read without normalising or matching: "2019-05-20",
 * "2019-05-20 19:50", "2019-05-20T19:50:00" (two-digit parts, no zone, nothing around them). The
 * answer is the one the full reading gives; any other text is NOT_SIMPLE, for the full reading.
 */
function parseIsoDateTime(text: string): number | undefined | typeof NOT_SIMPLE {
  const length = text.length;
  if (length !== 10 && length !== 16 && length !== 19) return NOT_SIMPLE;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (c !== 45) return NOT_SIMPLE; // -
    } else if (i === 10) {
      if (c !== 84 && c !== 116 && c !== 32) return NOT_SIMPLE; // T, t or a space
    } else if (i === 13 || i === 16) {
      if (c !== 58) return NOT_SIMPLE; // :
    } else if (c < 48 || c > 57) return NOT_SIMPLE;
  }
  const y = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const m = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  const hh = length > 10 ? twoDigits(text, 11) : 0;
  const mi = length > 10 ? twoDigits(text, 14) : 0;
  const ss = length > 16 ? twoDigits(text, 17) : 0;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900) return undefined;
  if (y === 1900 && m === 2 && d === 29) return undefined;
  if (hh > 23 || mi > 59 || ss >= 60) return undefined;
  return serialOf(y, m, d) + (hh * 3600 + mi * 60 + ss) / SECONDS_PER_DAY;
}

/** A serial date-time in whole seconds since serial 0, so that 19:50 and 20:00 are exactly 600 apart. */
export function serialToSeconds(serial: number): number {
  return Math.round(serial * SECONDS_PER_DAY);
}

export function formatIsoDate(serial: number): string {
  const { y, m, d } = civilFromSerial(serial);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function formatIsoDateTime(seconds: number): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const rest = seconds - day * SECONDS_PER_DAY;
  const hh = Math.floor(rest / 3600);
  const mi = Math.floor((rest % 3600) / 60);
  const ss = rest % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatIsoDate(day)} ${pad(hh)}:${pad(mi)}${ss ? `:${pad(ss)}` : ''}`;
}

/**
 * Whole years from `from` to `to` as a person's age counts them (周岁): the anniversary must have come.
 * A 29 February birthday comes on 28 February in a common year (as EDATE clamps it).
 */
export function wholeYears(from: number, to: number): number {
  const a = civilFromSerial(from);
  let years = civilFromSerial(to).y - a.y;
  if (years > 0 && serialFromCivil(addMonths(a, 12 * years)) > to) years--;
  return Math.max(0, years);
}
