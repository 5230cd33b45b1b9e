import type { FormulaReference } from '../../excel/common/context.js';
import type { Ast } from '../../formula/parser.js';
import { FormulaSyntaxError, FormulaTrees, place, someNode } from '../../formula/parser.js';
import { MAX_COLS, MAX_ROWS, cellNumber } from '../../model/grid.js';
import type { WorkbookFormulas } from './entries.js';

/**
 * The references of each formula cell as the file wrote its formula, for Excel's functions that
 * read a formula filled down (ExcelContext.formulaReferences: the computed criteria of the
 * database functions). Read when asked, from the formula's text: most workbooks never ask.
 */
export function formulaReferences(formulas: WorkbookFormulas, sheetNames: string[]): (sheet: number, row: number, col: number) => FormulaReference[] | undefined {
  const trees = new FormulaTrees();
  const sheetIndex = new Map(sheetNames.map((name, i) => [name.toUpperCase(), i]));
  return (sheet, row, col) => {
    const e = formulas.byCell[sheet]?.get(cellNumber(row, col));
    if (!e || e.dataTable) return undefined;
    const { ast } = trees.at(e.text, e.row, e.col);
    if (ast instanceof FormulaSyntaxError) return undefined;
    const out: FormulaReference[] = [];
    someNode(ast, (n) => {
      if (n.k === 'ref') {
        const reference = placed(n, sheet, row, col, sheetIndex);
        if (reference) out.push(reference);
      }
      return false;
    });
    return out;
  };
}

/** A reference of this workbook placed at the cell (a row or column left out is the whole of it); undefined off the grid or in another workbook, or across sheets. */
function placed(ref: Extract<Ast, { k: 'ref' }>, sheet: number, row: number, col: number, sheetIndex: Map<string, number>): FormulaReference | undefined {
  if (ref.book !== undefined || ref.sheet2 !== undefined) return undefined;
  const at = ref.sheet === undefined ? sheet : sheetIndex.get(ref.sheet.toUpperCase());
  if (at === undefined) return undefined;
  const r1 = ref.r1 ? place(ref.r1, row, MAX_ROWS) : 0;
  const r2 = ref.r2 ? place(ref.r2, row, MAX_ROWS) : MAX_ROWS - 1;
  const c1 = ref.c1 ? place(ref.c1, col, MAX_COLS) : 0;
  const c2 = ref.c2 ? place(ref.c2, col, MAX_COLS) : MAX_COLS - 1;
  if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined) return undefined;
  const rowsMove = (ref.r1 !== null && !ref.r1.abs) || (ref.r2 !== null && !ref.r2.abs);
  return { area: { sheet: at, r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) }, rowsMove };
}
