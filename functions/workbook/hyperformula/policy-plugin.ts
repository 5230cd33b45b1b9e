import type { ImplementedFunctions } from 'hyperformula';
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue } from 'hyperformula';
import type { CallResult, FunctionDecl } from '../../../shared/src/index.js';
import { CATALOG } from '../../../shared/src/index.js';
import type { ExcelContext } from '../excel/common/context.js';
import type { PolicyCallContext } from '../policy/calls.js';
import { callPolicy, policyFormulaName, policyFunction } from '../policy/calls.js';

/**
 * Every catalog function as `POLICY.<ID>` inside HyperFormula: one plugin whose calls go through
 * the POLICY bridge (policy/calls.ts) with the workbook's policy, language and date system, read
 * from the engine's `context` option like every other plugin's context.
 */

/** What an engine is built with: Excel's functions' context, and what its POLICY calls are computed with. */
export interface WorkbookContext extends ExcelContext {
  policyCalls: PolicyCallContext;
}

const ERROR_TYPES: Record<string, ErrorType> = {
  '#VALUE!': ErrorType.VALUE,
  '#NUM!': ErrorType.NUM,
  '#DIV/0!': ErrorType.DIV_BY_ZERO,
  '#N/A': ErrorType.NA,
  '#NAME?': ErrorType.NAME,
};

/** A HyperFormula argument as a cell value of the wire format (errors propagate, as in Excel). */
function fromEngine(v: unknown): unknown {
  if (v === EmptyValue || v === undefined || v === null) return null;
  if (v instanceof CellError) throw v;
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map((x) => fromEngine(x)));
  if (typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val; // dates, currencies, percents
  return v;
}

function toEngine(r: CallResult): unknown {
  if ('error' in r) return new CellError(ERROR_TYPES[r.error.code] ?? ErrorType.VALUE, r.error.message);
  const v = r.value;
  if (Array.isArray(v)) return SimpleRangeValue.onlyValues(v.map((row) => row.map((x) => (x === null ? EmptyValue : x))) as never);
  return v;
}

/** How many cells a range argument of a function call covers (for ALLOCATE's column). */
function rangeCells(ast: { type: string; start?: { row: number; col: number }; end?: { row: number; col: number } } | undefined): number | undefined {
  if (!ast || ast.type !== 'CELL_RANGE' || !ast.start || !ast.end) return undefined;
  return (Math.abs(ast.end.row - ast.start.row) + 1) * (Math.abs(ast.end.col - ast.start.col) + 1);
}

/**
 * A catalog function's declaration for HyperFormula. Every argument is optional and the last one
 * repeats, as far as HyperFormula knows: the number of arguments is checked by the rules package,
 * which answers #VALUE! with a message naming the missing argument (the same answer as the API and
 * the add-in), not HyperFormula's bare #N/A.
 */
function declaration(f: FunctionDecl): ImplementedFunctions[string] {
  return {
    method: 'policyCall',
    parameters: f.params.map(() => ({ argumentType: FunctionArgumentType.ANY, optionalArg: true })),
    vectorizationForbidden: true,
    ...(f.params.length > 0 ? { repeatLastArgs: 1 } : {}),
    ...(f.result === 'matrix' ? { sizeOfResultArrayMethod: 'policyCallSize' } : {}),
  };
}

type CallAst = { procedureName: string; args: never[] };

export class PolicyPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = Object.fromEntries(CATALOG.map((f) => [policyFormulaName(f), declaration(f)]));

  private get workbook(): WorkbookContext | undefined {
    return this.config.context as WorkbookContext | undefined;
  }

  policyCall(ast: CallAst, state: unknown): unknown {
    const f = policyFunction(ast.procedureName)!;
    return this.runFunction(ast.args, state as never, this.metadata(ast.procedureName), ((...args: unknown[]) => {
      const workbook = this.workbook;
      if (!workbook) return new CellError(ErrorType.VALUE, 'no workbook context');
      let values: unknown[];
      try {
        values = args.map(fromEngine);
      } catch (e) {
        return e; // an error argument: the same error, as Excel does
      }
      return toEngine(callPolicy(f, values, workbook.policyCalls, workbook.date1904));
    }) as never);
  }

  /** The size of a matrix result: PAYSLIP's two columns of the policy's rows; ALLOCATE's column as long as its range. */
  policyCallSize(ast: CallAst): ArraySize {
    if (policyFunction(ast.procedureName)?.id === 'PAYSLIP') return new ArraySize(2, Object.keys(this.workbook?.policyCalls.policy.marketing.payslipLabels ?? {}).length || 8);
    const n = rangeCells(ast.args[1]);
    return n === undefined ? ArraySize.error() : new ArraySize(1, n);
  }
}

/** The names the plugin registers, each as itself. */
export const POLICY_TRANSLATIONS: Record<string, string> = Object.fromEntries(CATALOG.map((f) => [policyFormulaName(f), policyFormulaName(f)]));
