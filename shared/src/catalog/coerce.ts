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
 */

type Where = {
  fn: string;
  param: Text2;
};

/**
 * Where a problem is, for its message: the parameter here; the function id is added by coerceArgs
 * on the way out (only errors pay for it, never an argument that is fine).
 */
type At = ParamDecl;

function whereOf(p: ParamDecl): Where {
  return { fn: '', param: { 'zh-CN': p.zh, en: p.name } };
}

function where(fn: FunctionDecl, p: ParamDecl): Where {
  return { fn: fn.id, param: { 'zh-CN': p.zh, en: p.name } };
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
function rangeRows(v: unknown, at: At): unknown[][] {
  const rows = asRows(v);
  if (!rows) throw new ExcelError('#VALUE!', 'arg.notRange', { ...whereOf(at), got: 'a nested array' });
  const cols = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== cols)) {
    const lengths = rows.map((r) => r.length);
    throw new ExcelError('#VALUE!', 'arg.ragged', { ...whereOf(at), got: `${Math.min(...lengths)}–${Math.max(...lengths)}` });
  }
  return rows;
}

/** A single value from something that may be a 1×1 range. */
function asScalar(v: unknown, at: At): unknown {
  if (!Array.isArray(v)) return v;
  const rows = rangeRows(v, at);
  const cells = rows.reduce((n, r) => n + r.length, 0);
  if (cells === 0) return null;
  if (cells === 1) return rows.find((r) => r.length === 1)![0];
  throw new ExcelError('#VALUE!', 'arg.notScalar', { ...whereOf(at), got: `${rows.length}×${rows[0]?.length ?? 0}` });
}

function toNumber(v: unknown, at: At): number {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    n = parseNumberText(v);
    if (n === undefined) throw new ExcelError('#VALUE!', 'arg.notNumber', { ...whereOf(at), got: describe(v) });
  } else throw new ExcelError('#VALUE!', 'arg.notNumber', { ...whereOf(at), got: describe(v) });
  if (!Number.isFinite(n)) throw new ExcelError('#NUM!', 'num.notFinite', whereOf(at));
  return n === 0 ? 0 : n; // -0 is 0
}

function checkDomain(n: number, p: ParamDecl, at: At): void {
  const d = p.domain;
  if (!d) return;
  if (d.divisor) {
    if (n === 0) throw new ExcelError('#DIV/0!', 'num.divByZero', whereOf(at));
    if (n < 0) throw new ExcelError('#NUM!', 'num.negativeDenominator', { ...whereOf(at), got: n });
  }
  if (d.min !== undefined && (d.minExclusive ? n <= d.min : n < d.min)) {
    throw new ExcelError('#NUM!', 'num.belowMin', { ...whereOf(at), got: n, limit: d.min, inclusive: d.minExclusive ? 'no' : 'yes' });
  }
  if (d.max !== undefined && (d.maxExclusive ? n >= d.max : n > d.max)) {
    throw new ExcelError('#NUM!', 'num.aboveMax', { ...whereOf(at), got: n, limit: d.max, inclusive: d.maxExclusive ? 'no' : 'yes' });
  }
}

const TRUE_TEXT = new Set(['true', '是', '真']);
const FALSE_TEXT = new Set(['false', '否', '假']);

function toBoolean(v: unknown, at: At): boolean {
  if (typeof v === 'boolean') return v;
  // As Excel's IF: any non-zero number is TRUE.
  if (typeof v === 'number' && Number.isFinite(v)) return v !== 0;
  if (typeof v === 'string') {
    const t = normalizeLabel(v);
    if (TRUE_TEXT.has(t)) return true;
    if (FALSE_TEXT.has(t)) return false;
  }
  throw new ExcelError('#VALUE!', 'arg.notBoolean', { ...whereOf(at), got: describe(v) });
}

function toDateSerial(v: unknown, at: At): number {
  let s: number | undefined;
  if (typeof v === 'number') s = v;
  // Eight digits are the ISO basic form (20190520), never a serial (that would be past 9999-12-31).
  else if (typeof v === 'string') s = parseIsoDate(v) ?? (/^\s*\d{8}\s*$/.test(v) ? undefined : parseNumberText(v));
  if (s === undefined) throw new ExcelError('#VALUE!', 'arg.notDate', { ...whereOf(at), got: describe(v) });
  if (!Number.isFinite(s)) throw new ExcelError('#NUM!', 'num.notFinite', whereOf(at));
  if (s < MIN_SERIAL || s >= MAX_SERIAL + 1) throw new ExcelError('#NUM!', 'num.dateRange', { ...whereOf(at), got: describe(v) });
  return s;
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
function toTimeOfDay(v: unknown, at: At): number {
  if (typeof v === 'string') {
    const plain = plainClockSeconds(v);
    if (plain >= 0) return plain;
    if (plain === -1) throw new ExcelError('#VALUE!', 'arg.notTime', { ...whereOf(at), got: describe(v) });
    const m = CLOCK.exec(v.normalize('NFKC').trim());
    if (m) {
      const [h, mi, ss] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
      if (h > 23 || mi > 59 || ss > 59) throw new ExcelError('#VALUE!', 'arg.notTime', { ...whereOf(at), got: describe(v) });
      return h * 3600 + mi * 60 + ss;
    }
    // A date-time's time of day; a date alone ("2019-05-20", "20190520") names no time.
    const d = /\d[T ]\d/i.test(v) ? parseIsoDate(v) : undefined;
    if (d === undefined) throw new ExcelError('#VALUE!', 'arg.notTime', { ...whereOf(at), got: describe(v) });
    return serialToSeconds(d) % SECONDS_PER_DAY;
  }
  if (typeof v !== 'number') throw new ExcelError('#VALUE!', 'arg.notTime', { ...whereOf(at), got: describe(v) });
  if (!Number.isFinite(v)) throw new ExcelError('#NUM!', 'num.notFinite', whereOf(at));
  if (v < 0 || v >= MAX_SERIAL + 1) throw new ExcelError('#NUM!', 'num.dateRange', { ...whereOf(at), got: describe(v) });
  return serialToSeconds(v) % SECONDS_PER_DAY;
}

/** Words for "no end date" on a licence (营业期限：长期). */
const OPEN_ENDED = new Set(['长期', '永久', '无固定期限', 'long-term', 'longterm', 'permanent', 'none']);

function toLabel(v: unknown, p: ParamDecl, policy: PolicyDoc, at: At): string {
  const set = p.labels!(policy);
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') {
    // Most labels arrive exactly as the policy spells them; normalise only when they do not.
    const key = (typeof v === 'string' ? set.lookup.get(v) : undefined) ?? set.lookup.get(normalizeLabel(String(v)));
    if (key !== undefined) return key;
  }
  throw new ExcelError('#VALUE!', 'arg.unknownLabel', { ...whereOf(at), got: describe(v).replace(/^"|"$/g, ''), allowed: set.shown });
}

function toText(v: unknown, at: At): string {
  if (typeof v === 'string') return v.trim();
  throw new ExcelError('#VALUE!', 'arg.notText', { ...whereOf(at), got: describe(v) });
}

/** What is written in one cell: text as it is, a number as its digits. A range is no one cell, even a range of one. */
function toEntry(v: unknown, at: At): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const got = Array.isArray(v) ? { 'zh-CN': '区域', en: 'a range' } : describe(v);
  throw new ExcelError('#VALUE!', 'arg.notEntry', { ...whereOf(at), got });
}

/** Excel keeps 15 significant digits: a whole number below 10^15 is its digits exactly, a longer one has lost some. */
const EXACT_DIGITS_BELOW = 1e15;

/** A number written as digits (an identity number): text as it is; a number only while its digits are all there. */
function toDigits(v: unknown, at: At): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    if (v < EXACT_DIGITS_BELOW) return String(v);
    throw new ExcelError('#VALUE!', 'arg.digitsLost', { ...whereOf(at), got: describe(v) });
  }
  throw new ExcelError('#VALUE!', 'arg.notText', { ...whereOf(at), got: describe(v) });
}

function cells<T>(v: unknown, at: At, read: (x: unknown) => T): Cells<T> {
  const rows = rangeRows(v, at);
  const cols = rows[0]?.length ?? 0;
  const items: (T | null)[] = [];
  for (const r of rows) {
    for (let c = 0; c < cols; c++) {
      const x = r[c];
      items.push(x === null || x === undefined || isBlankText(x) ? null : read(x));
    }
  }
  return { rows: rows.length, cols, items };
}

function coerceOne(v: unknown, p: ParamDecl, fn: FunctionDecl, policy: PolicyDoc): unknown {
  const at = p;
  switch (p.type) {
    case 'any':
      return v;
    case 'entry':
      return toEntry(v, at);
    case 'numbers': {
      const out: number[] = [];
      for (const r of rangeRows(v, at)) {
        for (const x of r) {
          if (x === null || x === undefined || isBlankText(x)) continue; // blank cells are skipped
          const n = toNumber(x, at);
          checkDomain(n, p, at);
          out.push(n);
        }
      }
      return out;
    }
    case 'numberCells':
      return cells(v, at, (x) => {
        const n = toNumber(x, at);
        checkDomain(n, p, at);
        return n;
      });
    case 'labelCells':
      return cells(v, at, (x) => toLabel(x, p, policy, at));
    case 'booleanCells':
      return cells(v, at, (x) => toBoolean(x, at));
    case 'dateCells':
      return cells(v, at, (x) => Math.floor(toDateSerial(x, at)));
    case 'texts': {
      const out: string[] = [];
      for (const r of rangeRows(v, at)) {
        for (const x of r) {
          if (x === null || x === undefined || isBlankText(x)) continue;
          out.push(typeof x === 'string' ? x.trim() : toText(x, at));
        }
      }
      return out;
    }
    default:
      break;
  }
  const s = asScalar(v, at);
  switch (p.type) {
    case 'number':
    case 'integer':
    case 'amount': {
      const n = toNumber(s, at);
      if (p.type === 'integer' && !Number.isInteger(n)) throw new ExcelError('#NUM!', 'num.notInteger', { ...whereOf(at), got: n });
      checkDomain(n, p, at);
      return n;
    }
    case 'boolean':
      return toBoolean(s, at);
    case 'text':
      return toText(s, at);
    case 'digits':
      return toDigits(s, at);
    case 'label':
      return toLabel(s, p, policy, at);
    case 'date':
      return Math.floor(toDateSerial(s, at));
    case 'expiry':
      return typeof s === 'string' && OPEN_ENDED.has(normalizeLabel(s)) ? null : Math.floor(toDateSerial(s, at));
    case 'time':
      return toTimeOfDay(s, at);
    case 'datetime':
      return serialToSeconds(toDateSerial(s, at));
  }
}

function isMissing(v: unknown): boolean {
  if (v === undefined || v === null || isBlankText(v)) return true;
  // An empty range ([] or [[]]) given where one value is expected counts as blank.
  return Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 0);
}

/**
 * Turns raw arguments into the typed arguments of `fn`'s rule (amounts still JS numbers: see
 * decimalAmounts), or throws the ExcelError that describes the first problem.
 */
export function coerceArgs(fn: FunctionDecl, raw: readonly unknown[], policy: PolicyDoc): unknown[] {
  const params = fn.params;
  const last = params[params.length - 1];
  const repeating = last?.repeating === true;
  if (!repeating && raw.length > params.length) {
    throw new ExcelError('#VALUE!', 'arg.tooMany', { fn: fn.id, max: params.length, got: raw.length });
  }
  const out: unknown[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p.repeating) {
      out[i] = raw.slice(i);
      break;
    }
    const v = raw[i];
    const isRange = RANGE_TYPES.has(p.type);
    if (isMissing(v)) {
      if (!p.optional) throw new ExcelError('#VALUE!', 'arg.missing', where(fn, p));
      const d = typeof p.default === 'function' ? p.default(policy) : p.default;
      // No default: an omitted range is an empty one, an omitted value stays undefined.
      out[i] = d === undefined || d === null ? (isRange ? coerceOne([], p, fn, policy) : undefined) : coerceOne(d, p, fn, policy);
      continue;
    }
    try {
      out[i] = coerceOne(v, p, fn, policy);
    } catch (e) {
      if (e instanceof ExcelError && e.args.fn === '') (e.args as { fn: string }).fn = fn.id;
      throw e;
    }
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
