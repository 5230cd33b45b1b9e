import type { Book } from '../../xlsx/book.js';
import { formatRef } from '../../xlsx/cells.js';
import { cellNumber } from '../../model/grid.js';
import { UNSURE_MESSAGE } from '../../excel/common/errors.js';
import type { Area } from '../../model/area.js';
import { hasCachedValue } from './cells.js';
import type { FormulaEntry } from './entries.js';

/**
 * Which formula cells keep the value the file cached: those whose formula is read from a kept cell
 * without a cached value, those on a cycle, those HyperFormula could not compute.
 */

/** HyperFormula's message for a call with too many or too few arguments (its ErrorMessage.WrongArgNumber). */
export const WRONG_ARGUMENT_COUNT = 'Wrong number of arguments.';

/**
 * A formula that reads a kept cell without a cached value cannot be computed either (its answer
 * would be a guess): it keeps its own cached value, and so on down the chain. A kept array
 * formula's other cells keep theirs.
 */
export function propagateKept(entries: FormulaEntry[], book: Book): void {
  // Cells kept without a value, by sheet: as a list and by position (an area is checked the cheaper way).
  const blind = new Map<number, { list: { row: number; col: number; ref: string }[]; at: Map<number, string> }>();
  const addBlind = (e: FormulaEntry) => {
    if (hasCachedValue(e.cell)) return;
    let b = blind.get(e.sheet);
    if (!b) blind.set(e.sheet, (b = { list: [], at: new Map() }));
    const ref = `${book.sheets[e.sheet]!.name}!${formatRef(e.cell)}`;
    b.list.push({ row: e.cell.row, col: e.cell.col, ref });
    b.at.set(cellNumber(e.cell.row, e.cell.col), ref);
  };
  const hitIn = (a: Area): string | undefined => {
    const b = blind.get(a.sheet);
    if (!b) return undefined;
    if ((a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1) <= b.list.length) {
      for (let r = a.r1; r <= a.r2; r++) for (let c = a.c1; c <= a.c2; c++) if (b.at.has(cellNumber(r, c))) return b.at.get(cellNumber(r, c));
      return undefined;
    }
    return b.list.find((x) => x.row >= a.r1 && x.row <= a.r2 && x.col >= a.c1 && x.col <= a.c2)?.ref;
  };
  for (const e of entries) if (e.kept) addBlind(e);
  for (let changed = blind.size > 0; changed; ) {
    changed = false;
    for (const e of entries) {
      if (e.kept) continue;
      for (const a of e.reads) {
        const hit = hitIn(a);
        if (hit) {
          e.kept = { reason: 'input', detail: `computed from ${hit}, which could not be computed and has no cached value` };
          addBlind(e);
          changed = true;
          break;
        }
      }
    }
  }
}

/** The entries that lie on a cycle among themselves (strongly connected through what they read). */
export function inCycles(cells: FormulaEntry[]): FormulaEntry[] {
  if (!cells.length) return [];
  const reads = (a: FormulaEntry, b: FormulaEntry) => a.reads.some((r) => r.sheet === b.sheet && b.cell.row >= r.r1 && b.cell.row <= r.r2 && b.cell.col >= r.c1 && b.cell.col <= r.c2);
  const next = cells.map((a) => cells.map((b, j) => (reads(a, b) ? j : -1)).filter((j) => j >= 0));
  // Tarjan's strongly connected components, iteratively (a long cycle must not overflow the stack).
  const index = new Array<number>(cells.length).fill(-1);
  const low = new Array<number>(cells.length).fill(0);
  const onStack = new Array<boolean>(cells.length).fill(false);
  const stack: number[] = [];
  const out: FormulaEntry[] = [];
  let counter = 0;
  for (let root = 0; root < cells.length; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0 && index[v] === -1) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      if (i < next[v]!.length) {
        frame[1]++;
        const w = next[v]![i]!;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || next[v]!.includes(v)) for (const c of component) out.push(cells[c]!);
      }
    }
  }
  return out;
}

/** Whether HyperFormula's answer is one it could not compute (a cycle, a formula it cannot read, a case a function is unsure of, a call it takes no such arguments for). */
export function isUnreadable(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const { value, message } = v as { value: string; message?: string };
  return value === '#CYCLE!' || value === '#ERROR!' || (message ?? '').startsWith(UNSURE_MESSAGE) || (value === '#N/A' && message === WRONG_ARGUMENT_COUNT);
}
