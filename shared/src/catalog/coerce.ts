import { ExcelError } from '../i18n/messages.js';
import type { PolicyDoc } from '../policy/schema.js';
import { normalizeLabel } from '../policy/labels.js';
import { MAX_SERIAL, MIN_SERIAL, SECONDS_PER_DAY, parseIsoDate, serialToSeconds } from '../values/dates.js';
import { Decimal } from '../values/money.js';
import { parseNumberText } from '../values/number-text.js';
import type { CellValue, Text2 } from '../values/types.js';
import type { Cells, FunctionDecl, ParamDecl } from './declare.js';
import { RANGE_TYPES } from './declare.js';

/**
 * The one adapter between raw cell values and typed rule arguments. Every function's arguments
 * pass through here; a value that is not what its declaration asks for becomes an Excel error
 * (#VALUE! wrong type or missing, #NUM! out of domain, #DIV/0! a zero divisor) with a message in
 * both languages. Rule bodies never check types.
 *
 * A problem is returned, never thrown: each reader answers its value or the ExcelError that
 * describes the problem, and the first one found is the answer. A throw costs a JavaScript engine
 * a microsecond or more, several times a whole call, and bad input is common in a sheet.
 */

type Where = {
  fn: string;
  param: Text2;
};

/** A parameter's name in both languages, for a message (built only for a problem). */
function paramName(p: ParamDecl): Text2 {
  return { 'zh-CN': p.zh, en: p.name };
}

/**
 * Where a problem is, for its message: the function and the parameter. Messages' arguments are
 * written out in full, never spread from this: an object spread and then extended costs V8 microseconds.
 */
function whereOf(p: ParamDecl, fn: string): Where {
  return { fn, param: paramName(p) };
}

/** A short, safe description of a bad value for a message (never the whole of a huge input). */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'blank';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Array.isArray(v)) return 'a range';
  return typeof v;
}

const isBlankText = (v: unknown): boolean => typeof v === 'string' && v.trim() === '';

const isBlank = (x: unknown): boolean => x === null || x === undefined || isBlankText(x);

/** A 2-D range as rows; a scalar is a 1×1 range and a flat array one row. Undefined when it is neither. */
function asRows(v: unknown): unknown[][] | undefined {
  if (!Array.isArray(v)) return [[v]];
  if (v.length === 0) return [];
  if (v.every(Array.isArray)) {
    for (const row of v as unknown[][]) if (row.some(Array.isArray)) return undefined; // deeper than 2-D
    return v as unknown[][];
  }
  if (v.some(Array.isArray)) return undefined; // a mix of rows and values
  return [v];
}

/** Rows of a range; ragged rows (of different lengths) are no range Excel can send, so they are refused, never padded. */
function rangeRows(v: unknown, p: ParamDecl, fn: string): unknown[][] | ExcelError {
  const rows = asRows(v);
  if (!rows) return new ExcelError('#VALUE!', 'arg.notRange', { fn, param: paramName(p), got: 'a nested array' });
  const cols = rows[0]?.length ?? 0;
  for (let r = 1; r < rows.length; r++) {
    if (rows[r]!.length !== cols) {
      const lengths = rows.map((row) => row.length);
      return new ExcelError('#VALUE!', 'arg.ragged', { fn, param: paramName(p), got: `${Math.min(...lengths)}–${Math.max(...lengths)}` });
    }
  }
  return rows;
}

/** A single value from something that may be a 1×1 range. */
function asScalar(v: unknown, p: ParamDecl, fn: string): unknown {
  if (!Array.isArray(v)) return v;
  const rows = rangeRows(v, p, fn);
  if (rows instanceof ExcelError) return rows;
  const cells = rows.reduce((n, r) => n + r.length, 0);
  if (cells === 0) return null;
  if (cells === 1) return rows.find((r) => r.length === 1)![0];
  return new ExcelError('#VALUE!', 'arg.notScalar', { fn, param: paramName(p), got: `${rows.length}×${rows[0]?.length ?? 0}` });
}

function toNumber(v: unknown, p: ParamDecl, fn: string): number | ExcelError {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    n = parseNumberText(v);
    if (n === undefined) return new ExcelError('#VALUE!', 'arg.notNumber', { fn, param: paramName(p), got: describe(v) });
  } else return new ExcelError('#VALUE!', 'arg.notNumber', { fn, param: paramName(p), got: describe(v) });
  if (!Number.isFinite(n)) return new ExcelError('#NUM!', 'num.notFinite', whereOf(p, fn));
  return n === 0 ? 0 : n; // -0 is 0
}

/** A number inside the parameter's domain. */
function toNumberIn(v: unknown, p: ParamDecl, fn: string): number | ExcelError {
  const n = toNumber(v, p, fn);
  return typeof n === 'number' ? inDomain(n, p, fn) : n;
}

function inDomain(n: number, p: ParamDecl, fn: string): number | ExcelError {
  const d = p.domain;
  if (!d) return n;
  if (d.divisor) {
    if (n === 0) return new ExcelError('#DIV/0!', 'num.divByZero', whereOf(p, fn));
    if (n < 0) return new ExcelError('#NUM!', 'num.negativeDenominator', { fn, param: paramName(p), got: n });
  }
  if (d.min !== undefined && (d.minExclusive ? n <= d.min : n < d.min)) {
    return new ExcelError('#NUM!', 'num.belowMin', { fn, param: paramName(p), got: n, limit: d.min, inclusive: d.minExclusive ? 'no' : 'yes' });
  }
  if (d.max !== undefined && (d.maxExclusive ? n >= d.max : n > d.max)) {
    return new ExcelError('#NUM!', 'num.aboveMax', { fn, param: paramName(p), got: n, limit: d.max, inclusive: d.maxExclusive ? 'no' : 'yes' });
  }
  return n;
}

const TRUE_TEXT = new Set(['true', '是', '真']);
const FALSE_TEXT = new Set(['false', '否', '假']);

function toBoolean(v: unknown, p: ParamDecl, fn: string): boolean | ExcelError {
  if (typeof v === 'boolean') return v;
  // As Excel's IF: any non-zero number is TRUE.
  if (typeof v === 'number' && Number.isFinite(v)) return v !== 0;
  if (typeof v === 'string') {
    const t = normalizeLabel(v);
    if (TRUE_TEXT.has(t)) return true;
    if (FALSE_TEXT.has(t)) return false;
  }
  return new ExcelError('#VALUE!', 'arg.notBoolean', { fn, param: paramName(p), got: describe(v) });
}

function toDateSerial(v: unknown, p: ParamDecl, fn: string): number | ExcelError {
  let s: number | undefined;
  if (typeof v === 'number') s = v;
  // Eight digits are the ISO basic form (20190520), never a serial (that would be past 9999-12-31).
  else if (typeof v === 'string') s = parseIsoDate(v) ?? (/^\s*\d{8}\s*$/.test(v) ? undefined : parseNumberText(v));
  if (s === undefined) return new ExcelError('#VALUE!', 'arg.notDate', { fn, param: paramName(p), got: describe(v) });
  if (!Number.isFinite(s)) return new ExcelError('#NUM!', 'num.notFinite', whereOf(p, fn));
  if (s < MIN_SERIAL || s >= MAX_SERIAL + 1) return new ExcelError('#NUM!', 'num.dateRange', { fn, param: paramName(p), got: describe(v) });
  return s;
}

/** A date as a whole-day serial. */
function toDay(v: unknown, p: ParamDecl, fn: string): number | ExcelError {
  const s = toDateSerial(v, p, fn);
  return s instanceof ExcelError ? s : Math.floor(s);
}

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function twoDigitsAt(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;
}

/**
 * "20:45" or "20:45:30", the forms a clock sends, read without normalising or matching, as CLOCK
 * reads them: seconds since midnight, −1 for a time that does not exist, NaN for any other text.
 */
function plainClockSeconds(text: string): number {
  const length = text.length;
  if (length !== 5 && length !== 8) return NaN;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (i === 2 || i === 5 ? c !== 58 : c < 48 || c > 57) return NaN;
  }
  const h = twoDigitsAt(text, 0);
  const mi = twoDigitsAt(text, 3);
  const ss = length === 8 ? twoDigitsAt(text, 6) : 0;
  return h > 23 || mi > 59 || ss > 59 ? -1 : h * 3600 + mi * 60 + ss;
}

/** A time of day as seconds since midnight: an Excel time (0.875), the time part of a date-time, or text "20:45". */
function notTime(v: unknown, p: ParamDecl, fn: string): ExcelError {
  return new ExcelError('#VALUE!', 'arg.notTime', { fn, param: paramName(p), got: describe(v) });
}

function toTimeOfDay(v: unknown, p: ParamDecl, fn: string): number | ExcelError {
  if (typeof v === 'string') {
    const plain = plainClockSeconds(v);
    if (plain >= 0) return plain;
    if (plain === -1) return notTime(v, p, fn);
    const m = CLOCK.exec(v.normalize('NFKC').trim());
    if (m) {
      const [h, mi, ss] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
      if (h > 23 || mi > 59 || ss > 59) return notTime(v, p, fn);
      return h * 3600 + mi * 60 + ss;
    }
    // A date-time's time of day; a date alone ("2019-05-20", "20190520") names no time.
    const d = /\d[T ]\d/i.test(v) ? parseIsoDate(v) : undefined;
    if (d === undefined) return notTime(v, p, fn);
    return serialToSeconds(d) % SECONDS_PER_DAY;
  }
  if (typeof v !== 'number') return notTime(v, p, fn);
  if (!Number.isFinite(v)) return new ExcelError('#NUM!', 'num.notFinite', whereOf(p, fn));
  if (v < 0 || v >= MAX_SERIAL + 1) return new ExcelError('#NUM!', 'num.dateRange', { fn, param: paramName(p), got: describe(v) });
  return serialToSeconds(v) % SECONDS_PER_DAY;
}

/** Words for "no end date" on a licence (营业期限：长期). */
const OPEN_ENDED = new Set(['长期', '永久', '无固定期限', 'long-term', 'longterm', 'permanent', 'none']);

function toLabel(v: unknown, p: ParamDecl, fn: string, policy: PolicyDoc): string | ExcelError {
  const set = p.labels!(policy);
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') {
    // Most labels arrive exactly as the policy spells them; normalise only when they do not.
    const key = (typeof v === 'string' ? set.lookup.get(v) : undefined) ?? set.lookup.get(normalizeLabel(String(v)));
    if (key !== undefined) return key;
  }
  return new ExcelError('#VALUE!', 'arg.unknownLabel', { fn, param: paramName(p), got: describe(v).replace(/^"|"$/g, ''), allowed: set.shown });
}

function toText(v: unknown, p: ParamDecl, fn: string): string | ExcelError {
  if (typeof v === 'string') return v.trim();
  return new ExcelError('#VALUE!', 'arg.notText', { fn, param: paramName(p), got: describe(v) });
}

/** What is written in one cell: text as it is, a number as its digits. A range is no one cell, even a range of one. */
function toEntry(v: unknown, p: ParamDecl, fn: string): string | ExcelError {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const got = Array.isArray(v) ? { 'zh-CN': '区域', en: 'a range' } : describe(v);
  return new ExcelError('#VALUE!', 'arg.notEntry', { fn, param: paramName(p), got });
}

/** Excel keeps 15 significant digits: a whole number below 10^15 is its digits exactly, a longer one has lost some. */
const EXACT_DIGITS_BELOW = 1e15;

/** A number written as digits (an identity number): text as it is; a number only while its digits are all there. */
function toDigits(v: unknown, p: ParamDecl, fn: string): string | ExcelError {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    if (v < EXACT_DIGITS_BELOW) return String(v);
    return new ExcelError('#VALUE!', 'arg.digitsLost', { fn, param: paramName(p), got: describe(v) });
  }
  return new ExcelError('#VALUE!', 'arg.notText', { fn, param: paramName(p), got: describe(v) });
}

/** One cell of a range parameter (numberCells, labelCells, booleanCells, dateCells), not blank. */
function readCell(x: unknown, p: ParamDecl, fn: string, policy: PolicyDoc): unknown {
  switch (p.type) {
    case 'numberCells':
      return toNumberIn(x, p, fn);
    case 'labelCells':
      return toLabel(x, p, fn, policy);
    case 'booleanCells':
      return toBoolean(x, p, fn);
    default:
      return toDay(x, p, fn);
  }
}

/** A range with blanks' places kept: the cells read in reading order, the first problem the answer. */
function cells(v: unknown, p: ParamDecl, fn: string, policy: PolicyDoc): Cells<unknown> | ExcelError {
  const rows = rangeRows(v, p, fn);
  if (rows instanceof ExcelError) return rows;
  const cols = rows[0]?.length ?? 0;
  const items: unknown[] = [];
  for (const r of rows) {
    for (let c = 0; c < cols; c++) {
      const x = r[c];
      if (isBlank(x)) {
        items.push(null);
        continue;
      }
      const item = readCell(x, p, fn, policy);
      if (item instanceof ExcelError) return item;
      items.push(item);
    }
  }
  return { rows: rows.length, cols, items };
}

/** The non-blank cells of a range, in reading order: numbers or texts. */
function list(v: unknown, p: ParamDecl, fn: string): unknown[] | ExcelError {
  const rows = rangeRows(v, p, fn);
  if (rows instanceof ExcelError) return rows;
  const out: unknown[] = [];
  for (const r of rows) {
    for (const x of r) {
      if (isBlank(x)) continue; // blank cells are skipped
      const item = p.type === 'numbers' ? toNumberIn(x, p, fn) : typeof x === 'string' ? x.trim() : toText(x, p, fn);
      if (item instanceof ExcelError) return item;
      out.push(item);
    }
  }
  return out;
}

/** One argument as its parameter's type, or the problem with it. */
function coerceOne(v: unknown, p: ParamDecl, fn: string, policy: PolicyDoc): unknown {
  switch (p.type) {
    case 'any':
      return v;
    case 'entry':
      return toEntry(v, p, fn);
    case 'numbers':
    case 'texts':
      return list(v, p, fn);
    case 'numberCells':
    case 'labelCells':
    case 'booleanCells':
    case 'dateCells':
      return cells(v, p, fn, policy);
    default:
      break;
  }
  const s = asScalar(v, p, fn);
  if (s instanceof ExcelError) return s;
  switch (p.type) {
    case 'number':
    case 'amount':
      return toNumberIn(s, p, fn);
    case 'integer': {
      const n = toNumber(s, p, fn);
      if (typeof n !== 'number') return n;
      // Whole first, then inside the domain.
      return Number.isInteger(n) ? inDomain(n, p, fn) : new ExcelError('#NUM!', 'num.notInteger', { fn, param: paramName(p), got: n });
    }
    case 'boolean':
      return toBoolean(s, p, fn);
    case 'text':
      return toText(s, p, fn);
    case 'digits':
      return toDigits(s, p, fn);
    case 'label':
      return toLabel(s, p, fn, policy);
    case 'date':
      return toDay(s, p, fn);
    case 'expiry':
      return typeof s === 'string' && OPEN_ENDED.has(normalizeLabel(s)) ? null : toDay(s, p, fn);
    case 'time':
      return toTimeOfDay(s, p, fn);
    case 'datetime': {
      const serial = toDateSerial(s, p, fn);
      return serial instanceof ExcelError ? serial : serialToSeconds(serial);
    }
  }
}

function isMissing(v: unknown): boolean {
  if (isBlank(v)) return true;
  // An empty range ([] or [[]]) given where one value is expected counts as blank.
  return Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 0);
}

/**
 * Turns raw arguments into the typed arguments of `fn`'s rule (amounts still JS numbers: see
 * decimalAmounts), or answers the ExcelError that describes the first problem.
 */
export function coerceArgs(fn: FunctionDecl, raw: readonly unknown[], policy: PolicyDoc): unknown[] | ExcelError {
  const params = fn.params;
  const repeating = params.length > 0 && params[params.length - 1]!.repeating === true;
  if (!repeating && raw.length > params.length) {
    return new ExcelError('#VALUE!', 'arg.tooMany', { fn: fn.id, max: params.length, got: raw.length });
  }
  const out: unknown[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p.repeating) {
      out[i] = raw.slice(i);
      break;
    }
    const v = raw[i];
    let typed: unknown;
    if (isMissing(v)) {
      if (!p.optional) return new ExcelError('#VALUE!', 'arg.missing', whereOf(p, fn.id));
      const d = typeof p.default === 'function' ? p.default(policy) : p.default;
      // No default: an omitted range is an empty one, an omitted value stays undefined.
      typed = d === undefined || d === null ? (RANGE_TYPES.has(p.type) ? coerceOne([], p, fn.id, policy) : undefined) : coerceOne(d, p, fn.id, policy);
    } else typed = coerceOne(v, p, fn.id, policy);
    if (typed instanceof ExcelError) return typed;
    out[i] = typed;
  }
  return out;
}

/**
 * The decimal rules' amounts: coerceArgs leaves an amount a JS number (the fen path computes with
 * it as it is); before a decimal rule runs, each becomes the decimal it reads as.
 */
export function decimalAmounts(fn: FunctionDecl, typed: unknown[]): void {
  const params = fn.params;
  for (let i = 0; i < params.length; i++) {
    if (params[i]!.type === 'amount' && typeof typed[i] === 'number') typed[i] = new Decimal(typed[i] as number);
  }
}

/** For EXPLAIN and the API: whether a value is one a cell can hold (the wire format). */
export function isCellValue(v: unknown): v is CellValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return true;
  return Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every((x: unknown) => x === null || ['number', 'string', 'boolean'].includes(typeof x)));
}
