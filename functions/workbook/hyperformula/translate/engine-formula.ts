import type { Ast } from '../../formula/parser.js';
import { someNode } from '../../formula/parser.js';
import type { Area } from '../../model/area.js';
import type { Assumption } from '../../model/outcomes.js';
import type { FormulaContext, Translation } from './translation.js';
import { answersArray, operand } from './expression.js';
import { call } from './calls.js';
import { COMPLEX_RESULT } from './function-traits.js';

/**
 * A formula tree (formula/parser.ts) written out as HyperFormula's formula text, with everything
 * Excel accepts and HyperFormula does not resolved first: defined names of every form (inlined,
 * relative ones placed at the cell), structured references (against the tables), 3-D references
 * and unions inside the functions that take several ranges, static intersections, spill
 * references, error literals, escaped quotes. What cannot be computed here is an Uncomputable
 * with its reason: the cell then keeps the value Excel cached.
 *
 * The stages, each in its file: references.ts and areas.ts resolve what a node refers to, fold.ts
 * folds what the file alone decides, expression.ts writes each node, calls.ts writes calls (by
 * its table of the calls written here, else function-call.ts with cut-ranges.ts), lambda.ts
 * expands LET and LAMBDA, answered-calls.ts answers FORMULATEXT, ISREF, CELL, AREAS and CUBE
 * functions from the file. translation.ts holds what they share.
 */
export class EngineFormula {
  private readonly translation: Translation;

  constructor(ctx: FormulaContext) {
    const translation: Translation = { ctx, names: new Map(), arrayNames: new Map(), namedArray: false, cubes: undefined, folds: 0, assumed: undefined, call: (ast, at, reads) => call(translation, ast, at, reads) };
    this.translation = translation;
  }

  /**
   * HyperFormula's text of a tree placed at (sheet, row, col), and the areas it reads. With assume
   * (a cell the file gives no value to keep), what would make the cell keep its cached value is
   * answered with Excel's likeliest answer instead where there is one, and listed.
   */
  translate(ast: Ast, sheet: number, row: number, col: number, array = false, assume = false): { text: string; reads: Area[]; assumed: Assumption[] } {
    const translation = this.translation;
    const reads: Area[] = [];
    const assumed: Assumption[] = [];
    translation.assumed = assume ? assumed : undefined;
    translation.namedArray = false;
    try {
      const text = operand(translation, ast, { sheet, row, col, wrap: false, depth: 0, array }, reads);
      // An ordinary formula whose result may be an array (an array constant in it, a function or a
      // LAMBDA answering one, a defined name whose value may be one) shows the array's first value,
      // as Excel's implicit intersection does; HyperFormula would spill it.
      if (!array && (translation.namedArray || someNode(ast, (n) => answersArray(translation, n, sheet)))) return { text: `EXCEL.ARRAYFILL(1,1,${text})`, reads, assumed };
      return { text: COMPLEX_RESULT.has(ast.k === 'call' ? ast.name : '') ? `EXCEL.COMPLEX(${text})` : text, reads, assumed };
    } finally {
      translation.assumed = undefined;
    }
  }
}
