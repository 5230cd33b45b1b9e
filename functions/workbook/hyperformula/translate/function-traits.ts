/**
 * What translation must know of Excel's functions beyond HyperFormula's own declarations: which
 * take lists of ranges, arrays, single values or criteria; which read an empty argument as their
 * default; which answer arrays or complex numbers. Each is a list of names, as HyperFormula keeps
 * its function metadata.
 */

/** Functions whose arguments are each a list of values: a union or a 3-D reference becomes several arguments. */
export const LIST_FUNCTIONS = new Set(
  'SUM SUMSQ PRODUCT COUNT COUNTA AVERAGE AVERAGEA MIN MINA MAX MAXA STDEV STDEV.S STDEV.P STDEVA STDEVP STDEVPA VAR VAR.S VAR.P VARA VARP VARPA MEDIAN AVEDEV DEVSQ GEOMEAN HARMEAN CONCAT AND OR SUBTOTAL'.split(' '),
);

/** Functions HyperFormula declares as taking anything, whose argument is one value to Excel. */
export const SCALAR_ARGUMENTS = new Set('ISERROR ISERR ISNA ISBLANK ISTEXT ISNONTEXT ISNUMBER ISLOGICAL ISEVEN ISODD ISFORMULA N TYPE ERROR.TYPE CONCATENATE'.split(' '));

/** Functions whose arguments Excel evaluates as arrays even in an ordinary formula. */
export const ARRAY_ARGUMENTS = new Set(
  'SUMPRODUCT MMULT TRANSPOSE INDEX MATCH XMATCH LOOKUP XLOOKUP VLOOKUP HLOOKUP FREQUENCY SUMX2MY2 SUMX2PY2 SUMXMY2 CORREL COVAR COVARIANCE.P COVARIANCE.S PEARSON RSQ SLOPE INTERCEPT STEYX FORECAST FORECAST.LINEAR TREND GROWTH LINEST LOGEST FILTER SORT SORTBY UNIQUE MDETERM MINVERSE TEXTJOIN CONCAT COUNTIF COUNTIFS SUMIF SUMIFS AVERAGEIF AVERAGEIFS MAXIFS MINIFS ARRAYFORMULA ROWS COLUMNS AREAS ISREF ROW COLUMN OFFSET CHOOSECOLS CHOOSEROWS TAKE DROP VSTACK HSTACK TOCOL TOROW WRAPCOLS WRAPROWS GROUPBY EXPAND ARRAYTOTEXT PERCENTOF SHEET SHEETS'.split(' '),
);

/** Which arguments of the conditional functions are criteria (an empty cell there is 0 to Excel). */
export function isCriterion(fn: string, i: number): boolean {
  switch (fn) {
    case 'COUNTIF':
    case 'SUMIF':
    case 'AVERAGEIF':
      return i === 1;
    case 'COUNTIFS':
      return i % 2 === 1;
    case 'SUMIFS':
    case 'AVERAGEIFS':
    case 'MAXIFS':
    case 'MINIFS':
      return i >= 2 && i % 2 === 0;
    default:
      return false;
  }
}

/**
 * Arguments that Excel reads as omitted (their default) when left empty in the middle of a call,
 * where HyperFormula would read an empty argument as 0: the weekend of WORKDAY.INTL(start, days, ,
 * holidays) is Saturday and Sunday, XLOOKUP's empty if_not_found is #N/A, SEQUENCE's empty
 * rows, columns, start and step are 1.
 */
const AROUND_DEFAULTS = { 2: '1', 3: '0', 4: '0', 5: 'NA()' };
/** SEQUENCE(,12,,2.5) is one row of 12 from 1 by 2.5 (Excel's answer in IronCalc's SEQUENCE.xlsx, saved by Excel). */
const SEQUENCE_DEFAULTS = { 0: '1', 1: '1', 2: '1', 3: '1' };
export const EMPTY_MEANS_DEFAULT: Record<string, Record<number, string>> = { 'WORKDAY.INTL': { 2: '1' }, 'NETWORKDAYS.INTL': { 2: '1' }, XLOOKUP: { 3: 'NA()' }, TEXTBEFORE: AROUND_DEFAULTS, TEXTAFTER: AROUND_DEFAULTS, SEQUENCE: SEQUENCE_DEFAULTS };

/** Functions whose array Excel reads with 0 for an empty cell, where HyperFormula's keep it empty (EXCEL.VALUES); FILTER and SORT do so themselves (excel/arrays.ts). */
export const VALUE_SOURCES = new Set(['SORTBY', 'UNIQUE']);

/** Of those, HyperFormula's own, which answer the first error of their array as their whole answer (EXCEL.VALUES is told their name). */
export const WHOLE_ERROR_SOURCES = new Set(['UNIQUE']);

/** Functions answering an array: an ordinary formula shows its first value (Excel's implicit intersection, `=@TAKE(…)`), where HyperFormula would spill it (or answer #SPILL!). */
export const ARRAY_RESULTS = new Set('MAP BYROW BYCOL SCAN MAKEARRAY REDUCE MODE.MULT GROUPBY FREQUENCY LINEST LOGEST TREND GROWTH TAKE DROP TOCOL TOROW EXPAND WRAPROWS WRAPCOLS SORTBY MUNIT MINVERSE MMULT TRANSPOSE TEXTSPLIT VALUETOTEXT VSTACK HSTACK CHOOSECOLS CHOOSEROWS SORT UNIQUE FILTER SEQUENCE RANDARRAY REGEXEXTRACT'.split(' '));

/** Functions that may answer a reference, whose range an implicit intersection meets the formula's row or column with (`=@INDEX(A:B,0,2)`) rather than taking its first value. */
export const REFERENCE_RESULTS = new Set('INDEX OFFSET INDIRECT CHOOSE IF IFS SWITCH XLOOKUP LET'.split(' '));

/** Functions answering a complex number as text, which Excel writes with 15 significant digits. */
export const COMPLEX_RESULT = new Set('COMPLEX IMLN IMEXP IMSQRT IMSUM IMSUB IMPRODUCT IMDIV IMPOWER IMSIN IMCOS IMTAN IMSEC IMCSC IMCOT IMSINH IMCOSH IMSECH IMCSCH IMLOG10 IMLOG2 IMCONJUGATE'.split(' '));
