import type { CellValue } from '../shared/src/index.js';
import type { Ast } from '../functions/workbook/formula/parser.js';
import { FormulaSyntaxError, formulaKey, parseKey, refText } from '../functions/workbook/formula/parser.js';

/**
 * Reads the POLICY formula typed in the task pane's formula box (or found in a selected cell):
 * `=POLICY.COMMISSION(52000)`, `=POLICY.提成金额(B2)`, `=_xldudf_POLICY_COMMISSION(B2)`, or just
 * `COMMISSION(52000)`. Arguments are constants (numbers, "text", TRUE/FALSE, {1,2;3,4}), blanks, or
 * cell references, which the caller resolves (inside Excel, through the Excel API). The syntax is
 * read by the project's one formula reader (functions/workbook/formula/parser.ts), the batch tool's too.
 */

export type Arg = { kind: 'value'; value: CellValue } | { kind: 'ref'; ref: string };

export interface ParsedFormula {
  fn: string;
  args: Arg[];
}

export class FormulaError extends Error {}

/** A constant argument's value, or undefined when the node is not a constant. */
function constant(a: Ast): CellValue | undefined {
  switch (a.k) {
    case 'num':
    case 'str':
    case 'bool':
      return a.v;
    case 'neg': {
      const v = constant(a.a);
      return typeof v === 'number' ? -v : undefined;
    }
    case 'pct': {
      const v = constant(a.a);
      return typeof v === 'number' ? v / 100 : undefined;
    }
    case 'array': {
      const rows = a.rows.map((row) => row.map(constant));
      if (rows.some((row) => row.some((v) => v === undefined || Array.isArray(v)))) throw new FormulaError('an array constant holds only numbers, text and TRUE/FALSE');
      return rows as (number | string | boolean)[][];
    }
    default:
      return undefined;
  }
}

function arg(a: Ast | null): Arg {
  if (a === null) return { kind: 'value', value: null };
  const v = constant(a);
  if (v !== undefined) return { kind: 'value', value: v };
  if (a.k === 'ref' && !a.book && !a.sheet2 && a.r1 && a.c1) {
    const ref = refText(a, 0, 0);
    if (ref) return { kind: 'ref', ref };
  }
  if (a.k === 'call') throw new FormulaError('nested functions are not supported here; use a value or a cell');
  throw new FormulaError(`${a.k === 'name' ? `"${a.name}"` : 'an expression'} is not a value or a cell reference`);
}

export function parseFormula(text: string): ParsedFormula {
  let s = text.trim();
  if (s.startsWith('=')) s = s.slice(1).trim();
  let ast: Ast;
  try {
    // Placed at A1, a relative reference's offsets are its cell's own row and column.
    ast = parseKey(formulaKey(s, 0, 0));
  } catch (e) {
    if (e instanceof FormulaSyntaxError) throw new FormulaError(e.message);
    throw e;
  }
  if (ast.k !== 'call') throw new FormulaError('expected NAME(arguments)');
  const fn = ast.name.replace(/^POLICY\./, '');
  if (!fn) throw new FormulaError('missing function name');
  return { fn, args: ast.args.length === 1 && ast.args[0] === null ? [] : ast.args.map(arg) };
}
