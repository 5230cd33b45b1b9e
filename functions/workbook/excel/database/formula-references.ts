import type { SimpleCellAddress } from 'hyperformula';
import type { Area } from '../../model/area.js';
import type { FormulaReference } from '../common/context.js';

/**
 * A computed criterion of a database function filled down to each record: the criteria cell's
 * formula (HyperFormula's tree) with the references whose rows move (A1, $A1, as the file wrote
 * them) moved down to the record, the others kept. Excel's rule for such a formula: its relative
 * references name the first record, its other references are absolute.
 *
 * HyperFormula's tree holds every reference relative to the cell (the translation places each
 * formula at its cell), so which of them move is read from the file's formula: each reference of
 * the tree is matched with the file's reference of the same area (a range the translation cut to
 * the used rows keeps its top left corner).
 */

/** A cell reference in HyperFormula's tree. */
interface CellAddressNode {
  row: number;
  toSimpleCellAddress(base: SimpleCellAddress): SimpleCellAddress;
}

type Node = { type?: string; reference?: CellAddressNode; start?: CellAddressNode; end?: CellAddressNode; [key: string]: unknown };

/** The record a formula is filled down to, by its offset from the first record. */
export type FilledDown = (offset: number) => unknown;

const sameArea = (a: Area, b: Area) => a.sheet === b.sheet && a.r1 === b.r1 && a.c1 === b.c1 && a.r2 === b.r2 && a.c2 === b.c2;
/** A range the translation may have cut to the used rows and columns: same sheet and corner, inside. */
const cutFrom = (cut: Area, written: Area) => cut.sheet === written.sheet && cut.r1 === written.r1 && cut.c1 === written.c1 && cut.r2 <= written.r2 && cut.c2 <= written.c2;

/**
 * The formula at `at` filled down to each record, given the file's references and the first
 * record's row and columns; a text saying why not, when a reference cannot be matched with the
 * file's or a moving one names anything but a cell of the first record.
 */
export function fillDown(formula: unknown, at: SimpleCellAddress, written: FormulaReference[], firstRecord: Area): FilledDown | string {
  const moving = new Set<Node>();
  let why: string | undefined;
  const rowsMove = (area: Area, cell: boolean): boolean | undefined => {
    const found = written.filter((w) => sameArea(w.area, area) || (!cell && cutFrom(area, w.area)));
    if (found.length === 0 || found.some((w) => w.rowsMove !== found[0]!.rowsMove)) return undefined;
    return found[0]!.rowsMove;
  };
  const check = (node: unknown): void => {
    if (why || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(check);
    const n = node as Node;
    if (n.type === 'CELL_REFERENCE' && n.reference) {
      const a = n.reference.toSimpleCellAddress(at);
      const moves = rowsMove({ sheet: a.sheet, r1: a.row, c1: a.col, r2: a.row, c2: a.col }, true);
      if (moves === undefined) why = 'a computed criterion whose references cannot be matched with the formula the file wrote';
      else if (moves) {
        const inFirst = a.sheet === firstRecord.sheet && a.row === firstRecord.r1 && a.col >= firstRecord.c1 && a.col <= firstRecord.c2;
        if (inFirst) moving.add(n);
        else why = 'a computed criterion whose relative references are not to the first record of the database';
      }
      return;
    }
    if (n.type === 'CELL_RANGE' && n.start && n.end) {
      const s = n.start.toSimpleCellAddress(at);
      const e = n.end.toSimpleCellAddress(at);
      const moves = rowsMove({ sheet: s.sheet, r1: Math.min(s.row, e.row), c1: Math.min(s.col, e.col), r2: Math.max(s.row, e.row), c2: Math.max(s.col, e.col) }, false);
      if (moves !== false) why = 'a computed criterion with a range whose rows move, or that cannot be matched with the formula the file wrote';
      return;
    }
    if (n.type === 'ROW_RANGE') {
      why = 'a computed criterion with a range of whole rows';
      return;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'reference' && key !== 'start' && key !== 'end') check(value);
  };
  check(formula);
  if (why) return why;
  // A copy of the tree with each moving reference `offset` rows further down.
  const copy = (node: unknown, offset: number): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((x) => copy(x, offset));
    const n = node as Node;
    if (moving.has(n)) return { ...n, reference: Object.assign(Object.create(Object.getPrototypeOf(n.reference) as object) as object, n.reference, { row: n.reference!.row + offset }) };
    if (Object.getPrototypeOf(n) !== Object.prototype) return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, copy(v, offset)]));
  };
  return (offset) => (offset === 0 ? formula : copy(formula, offset));
}
