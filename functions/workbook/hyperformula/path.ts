import type { Book } from '../xlsx/book.js';
import { formatRef } from '../xlsx/cells.js';
import type { RangeRead } from '../budget/prescan.js';
import type { PolicyCallContext } from '../policy/calls.js';
import { readWorkbookCells } from './path/cells.js';
import { collectFormulas, readDataTableInputs } from './path/entries.js';
import { translateFormulas, translatorFor } from './path/translation.js';
import { hiddenRows } from './path/hidden-rows.js';
import { evaluateInRounds } from './path/evaluation.js';
import { formulaReferences } from './path/formula-references.js';
import { computeDataTables } from './path/data-tables.js';
import { patchSheets } from './path/patches.js';
import type { AnswerBudget } from '../budget/answer.js';
import type { ChangedCell, EngineSummary } from '../model/outcomes.js';
import { calibrateWithExcel } from './path/calibration.js';



/**
 * Recalculation through HyperFormula, for every workbook the fast path does not cover, in stages:
 * the cells read (path/cells.ts); the formula cells collected (path/entries.ts); each formula
 * written out for HyperFormula, constant POLICY calls computed at once (path/translation.ts); the
 * ranges checked against the budget; the sheets built and evaluated, in rounds that keep what
 * cannot be computed (path/evaluation.ts); each answer checked against the file's own where those
 * are Excel's (path/calibration.ts); data tables computed (path/data-tables.ts); the new values
 * patched into the sheets, the changes counted and explained (path/patches.ts, path/changes.ts).
 *
 * A cell whose formula cannot be computed here keeps the value the file cached and is reported, and
 * so are the cells that can only be computed from such a cell when it has no cached value. Nothing
 * Excel accepts refuses the workbook: a formula HyperFormula cannot read, a circular reference, a
 * function it lacks all keep their cell's cached value.
 */
export function hyperFormulaPath(
  book: Book,
  ctx: PolicyCallContext,
  checkCellCount: (n: number) => void,
  summary: EngineSummary & { changed: number; changes?: ChangedCell[] },
  checkRanges: (reads: RangeRead[], sheets: { name: string; rows: number; cols: number }[]) => void = () => undefined,
  options: { calibrate: boolean; listChanges: boolean; answer?: AnswerBudget } = { calibrate: false, listChanges: false },
): Map<string, Uint8Array> {
  const cells = readWorkbookCells(book);
  checkCellCount(cells.cells.reduce((n, list) => n + list.length, 0));
  const formulas = collectFormulas(cells);
  const subtotals = translateFormulas(formulas, translatorFor(book, cells, formulas), cells, book, ctx);
  for (const e of formulas.entries) if (e.dataTable) readDataTableInputs(e, book);
  const hidden = hiddenRows(cells.xmls, book);
  // The ranges HyperFormula would build, as translated (cut to the used area where Excel's answer
  // allows): over the budget, the workbook is refused before HyperFormula starts.
  checkRanges(
    formulas.entries.flatMap((e) => (e.kept ? [] : e.reads.map((a) => ({ ...a, where: `${cells.sheetNames[e.sheet]}!${formatRef(e.cell)}` })))),
    cells.extents,
  );
  return evaluateInRounds(book, cells, formulas.entries, ctx, { hidden, subtotals, formulaReferences: formulaReferences(formulas, cells.sheetNames) }, (result, data) => {
    if (options.calibrate) calibrateWithExcel(formulas.entries, result, cells, book, summary);
    const tables = computeDataTables(formulas.entries, result, data, cells.sheetNames);
    return patchSheets(formulas.entries, (s, r, c) => tables.get(`${s}:${r}:${c}`) ?? result.read(s, r, c), cells, book, summary, options.listChanges, options.answer);
  });
}
