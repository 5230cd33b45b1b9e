import type { ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, SimpleRangeValue } from 'hyperformula';
import { blank, isErr, numberOf } from '../common/arguments.js';
import { unsureAt } from '../common/errors.js';
import type { CallAst } from '../common/function-plugin.js';
import { ANY, ExcelFunctionPlugin } from '../common/function-plugin.js';
import { statistic } from '../common/statistic.js';
import type { CriteriaEngine, Database } from './criteria-range.js';
import { Unsure, columnNamed, readCriteria } from './criteria-range.js';
import { fillDown } from './formula-references.js';

/**
 * Excel's database functions: DSUM, DCOUNT, DCOUNTA, DAVERAGE, DGET, DMAX, DMIN, DPRODUCT,
 * DSTDEV, DSTDEVP, DVAR, DVARP (database, field, criteria). The first row of the database holds
 * its labels; field names a column by its label (case ignored) or by its position from 1; the
 * criteria range chooses the records (criteria-range.ts). Where HyperFormula's answers differ:
 * a text criterion matches the texts beginning with it, a computed criterion (a formula under a
 * label naming no column) is computed for each record, and DCOUNT and DCOUNTA count the records
 * themselves when field is left out ("If field is omitted, DCOUNT counts all records in the
 * database that match the criteria", Microsoft's DCOUNT page).
 */

/** What each function makes of the field's values in the records the criteria take. */
type Summary = (values: unknown[]) => unknown;

const numbers = (values: unknown[]): number[] => values.map(numberOf).filter((n): n is number => n !== undefined);

/**
 * A statistic of the numbers among the values (SUBTOTAL's function numbers, its variance from the
 * sums as Excel's DVAR gives it: 79758095.23809521 for seven revenues in IronCalc's Excel-saved
 * DVAR_DVARP_DSTDEV_DSTDEVP.xlsx, where the two-pass sum ends in …24); an error among them is the answer.
 */
const ofNumbers = (fn: number, none?: number): Summary => (values) => {
  const error = values.find(isErr);
  if (error) return error;
  const nums = numbers(values);
  return nums.length === 0 && none !== undefined ? none : statistic(fn, nums, nums.length);
};

/**
 * The functions by name. DMAX, DMIN and DPRODUCT of no numbers are 0, as MAX, MIN and PRODUCT of
 * none; DAVERAGE of none is #DIV/0!, DSTDEV and DVAR of fewer than two as well.
 */
const SUMMARIES: Record<string, Summary> = {
  DSUM: ofNumbers(9),
  DAVERAGE: ofNumbers(1),
  DMAX: ofNumbers(4),
  DMIN: ofNumbers(5),
  DPRODUCT: ofNumbers(6, 0),
  DSTDEV: ofNumbers(7),
  DSTDEVP: ofNumbers(8),
  DVAR: ofNumbers(10),
  DVARP: ofNumbers(11),
  // As COUNT and COUNTA: DCOUNT counts the numbers (an error is none), DCOUNTA every value that is not empty, errors too.
  DCOUNT: (values) => numbers(values).length,
  DCOUNTA: (values) => values.filter((v) => !blank(v)).length,
};

/** The error marking a case these functions are not sure of, for the cell being computed. */
type UnsureMark = (why: string) => CellError;

/** HyperFormula's members a database function reads: its criterion reader, its reading of text as a number, the formulas of cells. */
interface EngineInternals {
  interpreter: { criterionBuilder: { fromCellValue(raw: unknown, helper: unknown): { lambda: (cell: unknown) => boolean } | undefined } };
  arithmeticHelper: { coerceToMaybeNumber(text: string): unknown };
  dependencyGraph: { getCell(address: SimpleCellAddress): { getFormula?: (service: unknown) => unknown } | undefined; lazilyTransformingAstService: unknown };
}

export class ExcelDatabasePlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = Object.fromEntries(
    ['DSUM', 'DCOUNT', 'DCOUNTA', 'DAVERAGE', 'DGET', 'DMAX', 'DMIN', 'DPRODUCT', 'DSTDEV', 'DSTDEVP', 'DVAR', 'DVARP'].map((name) => [name, { method: 'database', parameters: [ANY, ANY, ANY], vectorizationForbidden: true }]),
  );

  /** Any of the database functions, by the name it was called by. */
  database(ast: CallAst, state: { formulaAddress: SimpleCellAddress }): unknown {
    const name = ast.procedureName;
    const unsure: UnsureMark = (why) => unsureAt(this.context, state, why);
    if (ast.args.length !== 3) return new CellError(ErrorType.NA);
    const database = this.databaseOf(this.evaluate(ast.args[0], state));
    if (database instanceof CellError) return database;
    const criteria = this.evaluate(ast.args[2], state);
    if (isErr(criteria)) return criteria;
    if (!(criteria instanceof SimpleRangeValue)) {
      // One cell is a criteria range of labels alone, which Excel's pages leave open; a value typed in the formula is no range.
      return (ast.args[2] as { type?: string }).type === 'CELL_REFERENCE' ? unsure('a criteria range of one cell') : new CellError(ErrorType.VALUE);
    }
    const field = this.fieldOf(name, database, this.evaluate(ast.args[1], state));
    if (field instanceof CellError) return field;
    const test = readCriteria(this.criteriaEngine(state), database, criteria);
    if (test instanceof Unsure) return unsure(test.why);
    const taken: number[] = [];
    for (let i = 0; i < database.records.length; i++) {
      const t = test(i);
      if (t instanceof Unsure) return unsure(t.why);
      if (t === true) taken.push(i);
    }
    if (field === 'records') return taken.length;
    const values = taken.map((i) => database.records[i]![field]);
    if (name === 'DGET') {
      // Microsoft's DGET page: "If no record matches the criteria, DGET returns the #VALUE! error
      // value. If more than one record matches the criteria, DGET returns the #NUM! error value."
      if (values.length === 0) return new CellError(ErrorType.VALUE);
      if (values.length > 1) return new CellError(ErrorType.NUM);
      return blank(values[0]) ? unsure('DGET of an empty field') : values[0];
    }
    return SUMMARIES[name]!(values);
  }

  /** The database argument: a range or array of its labels and at least one record. */
  private databaseOf(v: unknown): Database | CellError {
    if (isErr(v)) return v;
    if (!(v instanceof SimpleRangeValue)) return new CellError(ErrorType.VALUE);
    const [labels = [], ...records] = v.data;
    // A database of its labels alone is #VALUE! (as Excel answers DSUM(A1:H1, …)).
    if (records.length === 0) return new CellError(ErrorType.VALUE);
    const start = (v as unknown as { range?: { start: SimpleCellAddress } }).range?.start;
    return { labels, records, start };
  }

  /**
   * The column field names (by label, case ignored, or by position from 1), or 'records' where
   * DCOUNT or DCOUNTA count the records themselves (field left out). A label naming no column, or
   * a position outside the database, is #VALUE!.
   */
  private fieldOf(name: string, database: Database, v: unknown): number | 'records' | CellError {
    let field = v;
    if (field instanceof SimpleRangeValue) field = field.width() === 1 && field.height() === 1 ? field.data[0]![0] : new CellError(ErrorType.VALUE);
    if (isErr(field)) return field;
    if (field === EmptyValue) return name === 'DCOUNT' || name === 'DCOUNTA' ? 'records' : new CellError(ErrorType.VALUE);
    // A logical value is a position (TRUE the first column: Excel's DCOUNTA(…, TRUE, …) counts the first column's).
    const n = typeof field === 'boolean' ? Number(field) : numberOf(field);
    if (n !== undefined) {
      const k = Math.trunc(n);
      return k >= 1 && k <= database.labels.length ? k - 1 : new CellError(ErrorType.VALUE);
    }
    const column = columnNamed(database.labels, field);
    return column >= 0 ? column : new CellError(ErrorType.VALUE);
  }

  /** The engine as the criteria range reads it, for the cell being computed. */
  private criteriaEngine(state: { formulaAddress: SimpleCellAddress }): CriteriaEngine {
    const engine = this as unknown as EngineInternals;
    const builder = engine.interpreter.criterionBuilder;
    const helper = engine.arithmeticHelper;
    const graph = engine.dependencyGraph;
    return {
      criterion: (raw) => {
        const lambda = builder.fromCellValue(raw, helper)?.lambda;
        return lambda && ((cell: unknown) => lambda(numberOf(cell) ?? cell));
      },
      number: (text) => numberOf(helper.coerceToMaybeNumber(text)),
      computedCriterion: (at, database) => {
        const formula = graph.getCell(at)?.getFormula?.(graph.lazilyTransformingAstService);
        const written = this.context.formulaReferences?.(at.sheet, at.row, at.col);
        if (formula === undefined || written === undefined) return new Unsure('a value under a label of the criteria range that names no column (Excel reads a formula there, its pages say nothing of a value)');
        if (!database.start) return new Unsure('a computed criterion over a database that is no range of cells');
        const first = database.start;
        const filled = fillDown(formula, at, written, { sheet: first.sheet, r1: first.row + 1, c1: first.col, r2: first.row + 1, c2: first.col + database.labels.length - 1 });
        if (typeof filled === 'string') return new Unsure(filled);
        // Computed at the criteria cell, with its moving references moved down to the record.
        return (record) => this.evaluate(filled(record), { ...state, formulaAddress: at });
      },
    };
  }
}
