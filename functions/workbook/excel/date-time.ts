import type { ImplementedFunctions } from 'hyperformula';
import type { CallAst } from './common/function-plugin.js';
import { ExcelFunctionPlugin, NUMBER } from './common/function-plugin.js';
import { FunctionArgumentType } from 'hyperformula';
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

