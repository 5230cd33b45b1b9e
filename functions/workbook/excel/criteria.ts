import type { ImplementedFunctions } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, HyperFormula } from 'hyperformula';
import { errorCode } from './common/errors.js';
import { EXCEL_ERROR_TABLE } from '../model/errors.js';
import { wildcardSource } from './lookups.js';

/**
 * The criteria of COUNTIF, SUMIF, AVERAGEIF and their -S forms as Excel reads them, where
 * HyperFormula reads them otherwise: an error as criterion ("#N/A", "<>#N/A", or an error value
 * such as 1/0) matches the cells holding that error (`SUMIF(A:A,"<>#N/A",B:B)` sums past them;
 * HyperFormula matches no error); an empty text criterion matches empty text as well as empty
 * cells; a comparison with text (">b", "<=apple") compares the cells holding text with it, as
 * Excel's COUNTIF page has it ("B" and "apples" are criteria alike; HyperFormula answers #VALUE!);
 * a ? in a pattern is one character, as in Excel.
 * And AVERAGEIFS, which HyperFormula lacks, on HyperFormula's own conditional machinery
 * (with its caches for many formulas over one range).
 */

/** A criterion naming one of Excel's classic error values (ERROR.TYPE 1–7), which matches the cells holding it. */
const ERROR_CRITERION = new RegExp(`^(=|<>)?(${EXCEL_ERROR_TABLE.filter((e) => (e.type ?? 99) <= 7).map((e) => e.code.replace(/[/?]/g, '\\$&')).join('|')})$`, 'i');

const TEXT_ORDER = /^(<=|>=|<|>)(.+)$/s;
const TEXT_TESTS: Record<string, (c: number) => boolean> = { '<': (c) => c < 0, '<=': (c) => c <= 0, '>': (c) => c > 0, '>=': (c) => c >= 0 };

/** Whether a cell holds the error a criterion names. */
function isError(v: unknown, code: string): boolean {
  if (!(v instanceof CellError)) return false;
  return errorCode(v) === code;
}

type CriterionPackage = { raw: unknown; lambda: (cell: unknown) => boolean };

/** HyperFormula's reader of text patterns (criteria, SEARCH), as far as this uses it. */
interface WildcardReader {
  config: { useWildcards: boolean; useRegularExpressions: boolean; matchWholeCell: boolean };
  normalizeString(text: string): string;
  buildRegex(pattern: string, matchWholeCell?: boolean): RegExp;
}

/**
 * Excel's wildcards in criteria and SEARCH: ? is exactly one character (HyperFormula reads it as
 * at most one, so "?????es" matched "apples"; COUNTIF's page counts 2 of apples, oranges, peaches,
 * apples), * any run, ~ takes the next ? * or ~ literally.
 */
function readExcelWildcards(reader: WildcardReader): void {
  const original = reader.buildRegex;
  reader.buildRegex = function (this: WildcardReader, pattern: string, matchWholeCell = true) {
    if (!this.config.useWildcards || this.config.useRegularExpressions) return original.call(this, pattern, matchWholeCell);
    const source = wildcardSource(this.normalizeString(pattern));
    return this.config.matchWholeCell && matchWholeCell ? new RegExp(`^(${source})$`) : new RegExp(source);
  };
}

/**
 * Teaches HyperFormula's criterion reader the criteria it misreads (see above). Its reader is one
 * object per engine, so its prototype is reached through a probe engine, once.
 */
export function readExcelCriteria(licenseKey: string): void {
  const probe = HyperFormula.buildEmpty({ licenseKey });
  const interpreter = (probe as unknown as { _evaluator: { interpreter: { criterionBuilder: object; arithmeticHelper: object } } })._evaluator.interpreter;
  const proto = Object.getPrototypeOf(interpreter.criterionBuilder) as { fromCellValue: (raw: unknown, helper: unknown) => CriterionPackage | undefined };
  readExcelWildcards(Object.getPrototypeOf(interpreter.arithmeticHelper) as WildcardReader);
  probe.destroy();
  const original = proto.fromCellValue;
  proto.fromCellValue = function (this: unknown, raw: unknown, helper: unknown) {
    if (typeof raw === 'string') {
      const m = ERROR_CRITERION.exec(raw.trim());
      if (m) {
        const code = m[2]!.toUpperCase();
        const negated = m[1] === '<>';
        // The raw text keys HyperFormula's cache of criterion results: keep it apart from text criteria.
        return { raw: `\u0000${negated ? '<>' : '='}${code}`, lambda: (cell: unknown) => isError(cell, code) !== negated };
      }
      if (raw === '') return { raw: '\u0000empty', lambda: (cell: unknown) => cell === EmptyValue || cell === '' };
    }
    const read = original.call(this, raw, helper);
    if (read !== undefined || typeof raw !== 'string') return read;
    // ">b", "<=apple": text against text, in the collation Excel sorts by (case ignored); numbers,
    // logical values and empty cells never meet it. HyperFormula refuses the criterion (#VALUE!).
    const order = TEXT_ORDER.exec(raw);
    if (!order) return undefined;
    const [, op, text] = order as unknown as [string, string, string];
    const cmp = helper as { stringCmp: (a: string, b: string) => number };
    const test = TEXT_TESTS[op]!;
    return { raw, lambda: (cell: unknown) => typeof cell === 'string' && test(cmp.stringCmp(cell, text)) };
  };
}

/** HyperFormula's conditional aggregation plugin (SUMIFS, COUNTIFS…) as AVERAGEIFS uses it: members its published types do not show. */
interface ConditionalAggregationInternals {
  runFunction(args: unknown[], state: unknown, meta: unknown, fn: (...a: never[]) => unknown): unknown;
  metadata(name: string): unknown;
  computeConditionalAggregationFunction(values: unknown, conditions: unknown[], name: string, initial: unknown, compose: (a: never, b: never) => unknown, map: (v: unknown) => unknown): unknown;
}
const ConditionalAggregationPlugin = HyperFormula.getFunctionPlugin('SUMIFS')!;

type Sum = { sum: number; count: number } | CellError;

/**
 * AVERAGEIFS(average_range, criteria_range, criterion, …): a subclass of HyperFormula's conditional
 * aggregation plugin (read from its SUMIFS), declared as its SUMIFS is.
 */
export class AverageIfsPlugin extends ConditionalAggregationPlugin {
  static override implementedFunctions: ImplementedFunctions = { AVERAGEIFS: { ...ConditionalAggregationPlugin.implementedFunctions.SUMIFS!, method: 'averageifs' } };
  /** None of HyperFormula's aliases of the conditional functions. */
  static override aliases: Record<string, string> = {};

  averageifs(ast: { args: unknown[] }, state: unknown): unknown {
    const plugin = this as unknown as ConditionalAggregationInternals;
    return plugin.runFunction(ast.args, state, plugin.metadata('AVERAGEIFS'), (values: never, ...conditions: never[]) => {
      const r = plugin.computeConditionalAggregationFunction(
        values,
        conditions,
        'AVERAGEIFS',
        { sum: 0, count: 0 },
        ((a: Sum, b: Sum) => (a instanceof CellError ? a : b instanceof CellError ? b : { sum: a.sum + b.sum, count: a.count + b.count })) as never,
        (v) => (v instanceof CellError ? v : typeof v === 'number' ? { sum: v, count: 1 } : { sum: 0, count: 0 }),
      ) as Sum;
      if (r instanceof CellError) return r;
      return r.count ? r.sum / r.count : new CellError(ErrorType.DIV_BY_ZERO);
    });
  }
}
