import type { FunctionArgument, ImplementedFunctions } from 'hyperformula';
import { CellError, ErrorType, FunctionArgumentType } from 'hyperformula';
import type { Civil } from '../../../../shared/src/values/dates.js';
import { MAX_SERIAL, civilFromSerial, serialFromCivil } from '../../../../shared/src/values/dates.js';
import type { Basis } from './day-count.js';
import { compareDays, couponCount, couponDates, couponDays, couponDaysAfter, couponDaysBefore } from './day-count.js';
import { amortizationDegressive, amortizationLinear, variableDecliningBalance } from './depreciation.js';
import { isErr } from '../common/arguments.js';
import { UNSURE_MESSAGE, unsureAt, unsureError } from '../common/errors.js';
import type { CallAst } from '../common/function-plugin.js';
import { ExcelFunctionPlugin, NUMBER } from '../common/function-plugin.js';
import { DAYS_1904 } from '../../model/date-systems.js';
import { oddFirstPrice, oddFirstYield, oddLastPrice, oddLastYield, onSchedule } from './odd-coupon-bonds.js';
import { accruedAtMaturity, accruedInterest, bondDuration, bondPrice, bondYield, discountSpan, priceAtMaturity, yieldAtMaturity } from './securities.js';

/**
 * Excel's financial functions that HyperFormula lacks or answers otherwise: IPMT and PPMT (their
 * period's range), VDB, the coupon functions (COUPDAYBS, COUPDAYS, COUPDAYSNC, COUPNCD, COUPNUM,
 * COUPPCD), bond PRICE, YIELD, DURATION and MDURATION, the discounted securities (DISC, INTRATE,
 * RECEIVED, PRICEDISC, YIELDDISC), those paying at maturity (PRICEMAT, YIELDMAT), accrued interest
 * (ACCRINT, ACCRINTM), the French depreciation (AMORLINC, AMORDEGRC) and bonds with an odd first
 * or last period (ODDFPRICE, ODDFYIELD, ODDLPRICE, ODDLYIELD). Arguments are checked as Microsoft
 * documents each function: dates, frequency and basis truncated to integers; a date that is no
 * date is #VALUE!; a frequency other than 1, 2 or 4, a basis outside 0–4, settlement on or after
 * maturity, a negative rate… is #NUM!. Dates are serial numbers of the workbook's date system.
 */

const numError = () => new CellError(ErrorType.NUM);

/** A date argument as a calendar day (of the 1900 system), or #VALUE! where it is none (as Microsoft documents). */
function day(serial: number, date1904: boolean): Civil | CellError {
  const s = Math.trunc(serial) + (date1904 ? DAYS_1904 : 0);
  return s < 0 || s > MAX_SERIAL ? new CellError(ErrorType.VALUE) : civilFromSerial(s);
}

/** A calendar day back to a serial number of the workbook's date system. */
const serialOf = (c: Civil, date1904: boolean): number => serialFromCivil(c) - (date1904 ? DAYS_1904 : 0);
/** A date answered: one before the workbook's first day (a coupon date before 1904-01-01 in a 1904 workbook) is no date (undefined: #NUM!). */
const dateResult = (serial: number): number | undefined => (serial < 0 ? undefined : serial);

function frequencyOf(f: number): number | CellError {
  const t = Math.trunc(f);
  return t === 1 || t === 2 || t === 4 ? t : numError();
}

function basisOf(b: number): Basis | CellError {
  const t = Math.trunc(b);
  return t >= 0 && t <= 4 ? (t as Basis) : numError();
}

/**
 * Depreciation is computed period by period; past a million periods the cell keeps the value the
 * file cached (as a function we lack would) rather than hold the run.
 */
const MAX_PERIODS = 1e6;
const TOO_LONG = `more than ${MAX_PERIODS} depreciation periods`;
const tooLong = () => unsureError(TOO_LONG);

/** Several date arguments as calendar days, or the first one's error. */
function daysOf(date1904: boolean, serials: number[]): Civil[] | CellError {
  const out: Civil[] = [];
  for (const s of serials) {
    const d = day(s, date1904);
    if (isErr(d)) return d;
    out.push(d);
  }
  return out;
}

/** Whether the dates are in strictly increasing order. */
const increasing = (...ds: Civil[]) => ds.every((d, i) => i === 0 || compareDays(ds[i - 1]!, d) < 0);

/** The French accounting system's depreciation (AMORLINC, AMORDEGRC) with its checks; basis 2 is none of its bases. */
function amortization(f: typeof amortizationLinear) {
  return (date1904: boolean, cost: number, purchased: number, first: number, salvage: number, period: number, rate: number, basis: number): number | CellError => {
    // Computed period by period: past a million periods within the life, the cell keeps its value (valid arguments only; a rate of 0 depreciates nothing).
    if (cost >= 0 && salvage >= 0 && salvage <= cost && rate > 0 && period > MAX_PERIODS && period <= Math.ceil(1 / rate)) return tooLong();
    // Microsoft's AMORDEGRC page gives #NUM! for a life (1 / rate) of 0–3 or 4–5 years, but Excel
    // answers those (886 at a rate of 0.22 in PhpSpreadsheet's data checked against Excel), and so do we.
    const valid = (ds: Civil[]) => increasing(ds[0]!, ds[1]!) && cost >= 0 && salvage >= 0 && salvage <= cost && period >= 0 && rate >= 0;
    // Basis 2 (actual/360) is none of this system's bases.
    return checked(date1904, [purchased, first], undefined, basis, valid, (ds, _, b) => (b === 2 ? undefined : f(cost, ds[0]!, ds[1]!, salvage, period, rate, b)));
  };
}

/** A number, or #NUM! for no answer (undefined) or one that is not finite. */
const finite = (v: number | undefined): number | CellError => (v === undefined || !Number.isFinite(v) ? numError() : v);

/**
 * Date arguments, a frequency (where the function has one) and a basis checked, the dates in the
 * order `order` wants (with any other condition on the arguments), then the kernel; #NUM! for no
 * answer or one that is not finite.
 */
function checked(date1904: boolean, serials: number[], frequency: number | undefined, basis: number, order: (ds: Civil[]) => boolean, f: (ds: Civil[], frequency: number, basis: Basis) => number | undefined): number | CellError {
  const ds = daysOf(date1904, serials);
  if (isErr(ds)) return ds;
  const fq = frequency === undefined ? 1 : frequencyOf(frequency);
  if (isErr(fq)) return fq;
  const b = basisOf(basis);
  if (isErr(b)) return b;
  return order(ds) ? finite(f(ds, fq, b)) : numError();
}

/** A coupon function (settlement, maturity, frequency, basis): settlement before maturity. */
const coupon =
  (f: (settlement: Civil, maturity: Civil, frequency: number, basis: Basis) => number | undefined) =>
  (date1904: boolean, settlement: number, maturity: number, frequency: number, basis: number): number | CellError =>
    checked(date1904, [settlement, maturity], frequency, basis, (ds) => increasing(ds[0]!, ds[1]!), (ds, fq, b) => f(ds[0]!, ds[1]!, fq, b));

/** A discounted security's function (settlement, maturity, x, y, basis), x and y positive. */
const discounted =
  (f: (x: number, y: number, dim: number, b: number) => number) =>
  (date1904: boolean, settlement: number, maturity: number, x: number, y: number, basis: number): number | CellError =>
    checked(date1904, [settlement, maturity], undefined, basis, (ds) => increasing(ds[0]!, ds[1]!) && x > 0 && y > 0, (ds, _, b) => {
      const span = discountSpan(ds[0]!, ds[1]!, b);
      return f(x, y, span.dim, span.b);
    });

/** A function of a security paying interest at maturity (settlement, maturity, issue, rate, x, basis). */
const atMaturity =
  (f: (s: Civil, m: Civil, i: Civil, rate: number, x: number, b: Basis) => number, xMayBeZero: boolean) =>
  (date1904: boolean, settlement: number, maturity: number, issue: number, rate: number, x: number, basis: number): number | CellError =>
    checked(date1904, [settlement, maturity, issue], undefined, basis, (ds) => increasing(ds[0]!, ds[1]!) && rate >= 0 && (xMayBeZero ? x >= 0 : x > 0), (ds, _, b) => f(ds[0]!, ds[1]!, ds[2]!, rate, x, b));

/** A function's computation: the workbook's date system, then the arguments as its declaration coerced them. */
type Kernel = (date1904: boolean, ...args: never[]) => number | CellError;

// settlement, maturity, issue, first coupon: issue < settlement < first coupon < maturity, and (Excel
// requires it, its pages do not say) the first coupon on maturity's schedule.
const oddFirst = (f: (ds: Civil[], frequency: number, basis: Basis) => number | undefined) => (date1904: boolean, serials: number[], frequency: number, basis: number) =>
  checked(date1904, serials, frequency, basis, (ds) => increasing(ds[2]!, ds[0]!, ds[3]!, ds[1]!), (ds, fq, b) => (onSchedule(ds[1]!, ds[3]!, fq) ? f(ds, fq, b) : undefined));
// settlement, maturity, last interest: last interest < settlement < maturity.
const oddLast = (f: (ds: Civil[], frequency: number, basis: Basis) => number | undefined) => (date1904: boolean, serials: number[], frequency: number, basis: number) =>
  checked(date1904, serials, frequency, basis, (ds) => increasing(ds[2]!, ds[0]!, ds[1]!), f);

/** The payment of an annuity (PMT), type 0 at the end of each period, else at its start. */
function payment(rate: number, nper: number, pv: number, fv: number, atStart: boolean): number {
  if (rate === 0) return (-pv - fv) / nper;
  const term = (1 + rate) ** nper;
  return ((fv * rate + pv * rate * term) * (atStart ? 1 / (1 + rate) : 1)) / (1 - term);
}

/** The future value after n periods (FV). */
function futureValue(rate: number, n: number, pmt: number, pv: number, atStart: boolean): number {
  if (rate === 0) return -pv - pmt * n;
  const term = (1 + rate) ** n;
  return (pmt * (atStart ? 1 + rate : 1) * (1 - term)) / rate - pv * term;
}

/**
 * IPMT's interest of period `per`, or #NUM! for a period outside 1 ≤ per < nper+1, as Office does
 * ([MS-OI29500] 2.1.978: "In Office if argument per is not in the range 1 ≤ per < nper+1, then
 * #NUM! is returned"; "any nonzero value of argument type is equivalent to 1"). HyperFormula
 * answers a number for any period (its IPMT(1%,13,12,1000) is 0, its PPMT -88.85).
 */
function interestPart(rate: number, per: number, nper: number, pv: number, fv: number, type: number): number | CellError {
  if (!(per >= 1 && per < nper + 1)) return numError();
  const atStart = type !== 0;
  const pmt = payment(rate, nper, pv, fv, atStart);
  if (per === 1) return finite(rate * (atStart ? 0 : -pv));
  return finite(rate * (atStart ? futureValue(rate, per - 2, pmt, pv, true) - pmt : futureValue(rate, per - 1, pmt, pv, false)));
}

const KERNELS: Record<string, Kernel> = {
  IPMT: (_date1904: boolean, rate: number, per: number, nper: number, pv: number, fv: number, type: number) => interestPart(rate, per, nper, pv, fv, type),
  PPMT: (_date1904: boolean, rate: number, per: number, nper: number, pv: number, fv: number, type: number) => {
    const interest = interestPart(rate, per, nper, pv, fv, type);
    return interest instanceof CellError ? interest : finite(payment(rate, nper, pv, fv, type !== 0) - interest);
  },
  VDB: (_date1904: boolean, cost: number, salvage: number, life: number, start: number, end: number, factor: number, noSwitch: boolean) =>
    end > MAX_PERIODS && end <= life ? tooLong() : finite(variableDecliningBalance(cost, salvage, life, start, end, factor, noSwitch)),
  COUPDAYBS: coupon(couponDaysBefore),
  COUPDAYS: coupon(couponDays),
  COUPDAYSNC: coupon(couponDaysAfter),
  COUPNCD: (date1904: boolean, settlement: number, maturity: number, frequency: number, basis: number) =>
    coupon((s, m, f) => dateResult(serialOf(couponDates(s, m, f).ncd, date1904)))(date1904, settlement, maturity, frequency, basis),
  COUPPCD: (date1904: boolean, settlement: number, maturity: number, frequency: number, basis: number) =>
    coupon((s, m, f) => dateResult(serialOf(couponDates(s, m, f).pcd, date1904)))(date1904, settlement, maturity, frequency, basis),
  COUPNUM: coupon(couponCount),
  PRICE: (date1904: boolean, settlement: number, maturity: number, rate: number, yld: number, redemption: number, frequency: number, basis: number) => {
    if (rate < 0 || yld < 0 || redemption <= 0) return numError();
    return coupon((s, m, f, b) => bondPrice(s, m, rate, yld, redemption, f, b))(date1904, settlement, maturity, frequency, basis);
  },
  YIELD: (date1904: boolean, settlement: number, maturity: number, rate: number, pr: number, redemption: number, frequency: number, basis: number) => {
    if (rate < 0 || pr <= 0 || redemption <= 0) return numError();
    return coupon((s, m, f, b) => bondYield(s, m, rate, pr, redemption, f, b) ?? NaN)(date1904, settlement, maturity, frequency, basis);
  },
  DURATION: (date1904: boolean, settlement: number, maturity: number, couponRate: number, yld: number, frequency: number, basis: number) => {
    if (couponRate < 0 || yld < 0) return numError();
    return coupon((s, m, f, b) => bondDuration(s, m, couponRate, yld, f, b, false))(date1904, settlement, maturity, frequency, basis);
  },
  MDURATION: (date1904: boolean, settlement: number, maturity: number, couponRate: number, yld: number, frequency: number, basis: number) => {
    if (couponRate < 0 || yld < 0) return numError();
    return coupon((s, m, f, b) => bondDuration(s, m, couponRate, yld, f, b, true))(date1904, settlement, maturity, frequency, basis);
  },
  DISC: discounted((pr, redemption, dim, b) => ((-pr / redemption + 1) * b) / dim),
  INTRATE: discounted((investment, redemption, dim, b) => (((redemption - investment) / investment) * b) / dim),
  RECEIVED: discounted((investment, discount, dim, b) => {
    const left = 1 - (discount * dim) / b;
    return left <= 0 ? NaN : investment / left;
  }),
  PRICEDISC: discounted((discount, redemption, dim, b) => redemption - (discount * redemption * dim) / b),
  YIELDDISC: discounted((pr, redemption, dim, b) => (((redemption - pr) / pr) * b) / dim),
  PRICEMAT: atMaturity(priceAtMaturity, true),
  YIELDMAT: atMaturity(yieldAtMaturity, false),
  AMORLINC: amortization(amortizationLinear),
  AMORDEGRC: amortization(amortizationDegressive),
  ODDFPRICE: (date1904: boolean, settlement: number, maturity: number, issue: number, first: number, rate: number, yld: number, redemption: number, frequency: number, basis: number) => {
    if (rate < 0 || yld < 0 || redemption <= 0) return numError();
    return oddFirst((ds, fq, b) => oddFirstPrice(ds[0]!, ds[1]!, ds[2]!, ds[3]!, rate, yld, redemption, fq, b))(date1904, [settlement, maturity, issue, first], frequency, basis);
  },
  ODDFYIELD: (date1904: boolean, settlement: number, maturity: number, issue: number, first: number, rate: number, pr: number, redemption: number, frequency: number, basis: number) => {
    if (rate < 0 || pr <= 0 || redemption <= 0) return numError();
    return oddFirst((ds, fq, b) => oddFirstYield(ds[0]!, ds[1]!, ds[2]!, ds[3]!, rate, pr, redemption, fq, b))(date1904, [settlement, maturity, issue, first], frequency, basis);
  },
  ODDLPRICE: (date1904: boolean, settlement: number, maturity: number, last: number, rate: number, yld: number, redemption: number, frequency: number, basis: number) => {
    if (rate < 0 || yld < 0 || redemption <= 0) return numError();
    return oddLast((ds, fq, b) => oddLastPrice(ds[0]!, ds[1]!, ds[2]!, rate, yld, redemption, fq, b))(date1904, [settlement, maturity, last], frequency, basis);
  },
  ODDLYIELD: (date1904: boolean, settlement: number, maturity: number, last: number, rate: number, pr: number, redemption: number, frequency: number, basis: number) => {
    if (rate < 0 || pr <= 0 || redemption <= 0) return numError();
    return oddLast((ds, fq, b) => oddLastYield(ds[0]!, ds[1]!, ds[2]!, rate, pr, redemption, fq, b))(date1904, [settlement, maturity, last], frequency, basis);
  },
  ACCRINTM: (date1904: boolean, issue: number, settlement: number, rate: number, par: number, basis: number) =>
    checked(date1904, [issue, settlement], undefined, basis, (ds) => increasing(ds[0]!, ds[1]!) && rate > 0 && par > 0, (ds, _, b) => accruedAtMaturity(ds[0]!, ds[1]!, rate, par, b)),
  ACCRINT: (date1904: boolean, issue: number, firstInterest: number, settlement: number, rate: number, par: number, frequency: number, basis: number, fromIssue: boolean) =>
    checked(date1904, [issue, firstInterest, settlement], frequency, basis, (ds) => increasing(ds[0]!, ds[2]!) && rate > 0 && par > 0, (ds, fq, b) => accruedInterest(ds[0]!, ds[1]!, ds[2]!, rate, par, fq, b, fromIssue)),
};

const BASIS: FunctionArgument = { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 };

/** Each function's arguments, as Microsoft documents them (a basis omitted is 0, US 30/360). */
const PARAMETERS: Record<string, FunctionArgument[]> = {
  IPMT: [NUMBER, NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
  PPMT: [NUMBER, NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
  VDB: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false }],
  COUPDAYBS: [NUMBER, NUMBER, NUMBER, BASIS],
  COUPDAYS: [NUMBER, NUMBER, NUMBER, BASIS],
  COUPDAYSNC: [NUMBER, NUMBER, NUMBER, BASIS],
  COUPNCD: [NUMBER, NUMBER, NUMBER, BASIS],
  COUPPCD: [NUMBER, NUMBER, NUMBER, BASIS],
  COUPNUM: [NUMBER, NUMBER, NUMBER, BASIS],
  PRICE: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  YIELD: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  DURATION: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  MDURATION: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  DISC: [NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  INTRATE: [NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  RECEIVED: [NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  PRICEDISC: [NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  YIELDDISC: [NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  PRICEMAT: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  YIELDMAT: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  AMORLINC: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  AMORDEGRC: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  ODDFPRICE: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  ODDFYIELD: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  ODDLPRICE: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  ODDLYIELD: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, BASIS],
  ACCRINTM: [NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1000 }, BASIS],
  // Par omitted is 1,000; calc_method omitted is TRUE (from issue).
  ACCRINT: [NUMBER, NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1000 }, NUMBER, BASIS, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true }],
};

/**
 * The financial functions, each computed by its kernel in the workbook's date system. The kernels
 * see no cell: their unsure case is noted against the formula's cell here, so an IFERROR around
 * it cannot hide it.
 */
export class FinancePlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = Object.fromEntries(Object.keys(KERNELS).map((name) => [name, { method: 'financial', parameters: PARAMETERS[name] }]));

  financial(ast: CallAst, state: unknown): unknown {
    const name = ast.procedureName;
    const kernel = KERNELS[name]!;
    const date1904 = this.context.date1904;
    return this.compute(ast, state, name, (...args: never[]) => {
      const v = kernel(date1904, ...args);
      return v instanceof CellError && v.message === `${UNSURE_MESSAGE}: ${TOO_LONG}` ? unsureAt(this.context, state, TOO_LONG) : v;
    });
  }
}
