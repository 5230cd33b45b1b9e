import type { ImplementedFunctions } from 'hyperformula';
import type { CallAst } from './common/function-plugin.js';
import { ExcelFunctionPlugin, NUMBER } from './common/function-plugin.js';
import { CellError, ErrorType, FunctionArgumentType, HyperFormula } from 'hyperformula';
import { datePart, edate, eomonth, excelDate, weekNumber } from './common/dates.js';

/**
 * Excel's date functions where HyperFormula's answers differ: YEAR, MONTH and DAY of serial 0,
 * DATE, EDATE and EOMONTH at a month's end, WEEKNUM and ISOWEEKNUM, each in the workbook's date
 * system (1900 or 1904).
 */

export class ExcelDatePlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    EDATE: { method: 'edate', parameters: [NUMBER, NUMBER] },
    YEAR: { method: 'year', parameters: [NUMBER] },
    MONTH: { method: 'month', parameters: [NUMBER] },
    DAY: { method: 'day', parameters: [NUMBER] },
    WEEKNUM: { method: 'weeknum', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
    ISOWEEKNUM: { method: 'isoweeknum', parameters: [NUMBER] },
    EOMONTH: { method: 'eomonth', parameters: [NUMBER, NUMBER] },
    DATE: { method: 'date', parameters: [NUMBER, NUMBER, NUMBER] },
  };

  /** EDATE: HyperFormula's 31 January 2024 + 1 month is 28 February; Excel's is 29 February, the month's end. */
  edate(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'EDATE', (start: number, months: number) => edate(start, months, this.context.date1904));
  }

  /** YEAR, MONTH, DAY: serial 0 is 0 January 1900 to Excel (HyperFormula: 30 December 1899). */
  datePart(ast: CallAst, state: unknown, name: 'YEAR' | 'MONTH' | 'DAY'): unknown {
    return this.compute(ast, state, name, (serial: number) => datePart(serial, name, this.context.date1904));
  }

  year(ast: CallAst, state: unknown): unknown {
    return this.datePart(ast, state, 'YEAR');
  }

  month(ast: CallAst, state: unknown): unknown {
    return this.datePart(ast, state, 'MONTH');
  }

  day(ast: CallAst, state: unknown): unknown {
    return this.datePart(ast, state, 'DAY');
  }

  weeknum(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'WEEKNUM', (serial: number, type: number) => weekNumber(serial, type, this.context.date1904));
  }

  isoweeknum(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ISOWEEKNUM', (serial: number) => weekNumber(serial, 21, this.context.date1904));
  }

  eomonth(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'EOMONTH', (start: number, months: number) => eomonth(start, months, this.context.date1904));
  }

  date(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'DATE', (year: number, month: number, day: number) => excelDate(year, month, day, this.context.date1904));
  }
}


/** HyperFormula's plugin of the working-day functions, whose declarations and counting these keep. */
const HyperFormulaDateTimePlugin = HyperFormula.getFunctionPlugin('NETWORKDAYS')!;
const declared = HyperFormulaDateTimePlugin.implementedFunctions;

/**
 * NETWORKDAYS, NETWORKDAYS.INTL, WORKDAY and WORKDAY.INTL with holidays given as text that reads as
 * a date: Excel's page of NETWORKDAYS.INTL counts {"2006/1/2","2006/1/16"} as two holidays, where
 * HyperFormula answers #VALUE!. Text that reads as no date stays #VALUE!.
 */
export class ExcelWorkdayPlugin extends HyperFormulaDateTimePlugin {
  static override implementedFunctions: ImplementedFunctions = {
    NETWORKDAYS: declared.NETWORKDAYS!,
    'NETWORKDAYS.INTL': declared['NETWORKDAYS.INTL']!,
    WORKDAY: declared.WORKDAY!,
    'WORKDAY.INTL': declared['WORKDAY.INTL']!,
  };
  static override aliases: Record<string, string> = {};

  /** HyperFormula's list of holidays (its own method, called by the four), each text read as Excel reads a date. */
  simpleRangeToFilteredHolidays(weekend: unknown, holidays?: { valuesFromTopLeftCorner(): unknown[] }): unknown {
    const helper = (this as unknown as { arithmeticHelper: { coerceScalarToNumberOrError(v: unknown): unknown } }).arithmeticHelper;
    const values = holidays?.valuesFromTopLeftCorner() ?? [];
    // An error among the holidays is the answer, before any text is read.
    const error = values.find((v) => v instanceof CellError);
    if (error) return error;
    const read = values.map((v) => (typeof v === 'string' ? helper.coerceScalarToNumberOrError(v) : v));
    if (read.some((v) => v instanceof CellError)) return new CellError(ErrorType.VALUE);
    return base.simpleRangeToFilteredHolidays.call(this, weekend, { valuesFromTopLeftCorner: () => read });
  }

  networkdays(ast: unknown, state: unknown): unknown {
    return base.networkdays.call(this, ast, state);
  }

  networkdaysintl(ast: unknown, state: unknown): unknown {
    return base.networkdaysintl.call(this, ast, state);
  }

  workday(ast: unknown, state: unknown): unknown {
    return base.workday.call(this, ast, state);
  }

  workdayintl(ast: unknown, state: unknown): unknown {
    return base.workdayintl.call(this, ast, state);
  }
}

type Method = (this: unknown, a: unknown, b: unknown) => unknown;
/** HyperFormula's methods of these functions. */
const base = HyperFormulaDateTimePlugin.prototype as unknown as Record<'simpleRangeToFilteredHolidays' | 'networkdays' | 'networkdaysintl' | 'workday' | 'workdayintl', Method>;
