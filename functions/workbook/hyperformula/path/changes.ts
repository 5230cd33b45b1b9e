import type { Area } from '../../model/area.js';
import { cellNumber } from '../../model/grid.js';
import type { CauseSet, CauseSets } from '../../calibration/causes.js';
import type { FormulaEntry } from './entries.js';

/**
 * Why each changed formula cell of the HyperFormula path changed: its own calls (POLICY functions,
 * a volatile function), no value cached by the file, the changed cells it reads (their causes, in
 * turn), or, with none of these, this engine's own answer. Reads are followed through the areas
 * each formula reads; past a budget of cells visited, an area's causes are those of every changed
 * cell of its sheet (a report of why, never a value, rests on it).
 */

const VISIT_BUDGET = 20_000_000;

export function changeCauses(changed: ReadonlySet<FormulaEntry>, causes: CauseSets, uncached: (e: FormulaEntry) => boolean): Map<FormulaEntry, CauseSet> {
  const bySheet = new Map<number, { at: Map<number, FormulaEntry>; list: FormulaEntry[] }>();
  for (const e of changed) {
    let sheet = bySheet.get(e.sheet);
    if (!sheet) bySheet.set(e.sheet, (sheet = { at: new Map(), list: [] }));
    sheet.list.push(e);
    const a = e.array ?? { from: e.cell, to: e.cell };
    for (let r = a.from.row; r <= a.to.row; r++) for (let c = a.from.col; c <= a.to.col; c++) sheet.at.set(cellNumber(r, c), e);
  }
  let visits = 0;
  const within = (area: Area, self: FormulaEntry): FormulaEntry[] => {
    const sheet = bySheet.get(area.sheet);
    if (!sheet) return [];
    const size = (area.r2 - area.r1 + 1) * (area.c2 - area.c1 + 1);
    if (visits > VISIT_BUDGET) return sheet.list.filter((e) => e !== self);
    const found = new Set<FormulaEntry>();
    if (size <= sheet.list.length) {
      visits += size;
      for (let r = area.r1; r <= area.r2; r++) {
        for (let c = area.c1; c <= area.c2; c++) {
          const e = sheet.at.get(cellNumber(r, c));
          if (e !== undefined && e !== self) found.add(e);
        }
      }
    } else {
      visits += sheet.list.length;
      for (const e of sheet.list) if (e !== self && e.cell.row >= area.r1 && e.cell.row <= area.r2 && e.cell.col >= area.c1 && e.cell.col <= area.c2) found.add(e);
    }
    return [...found];
  };
  const own = (e: FormulaEntry): CauseSet => {
    let set = causes.of(...(e.traits?.policy ?? []).map((fn) => ({ kind: 'policy' as const, fn })), ...(e.traits?.volatile ? [{ kind: 'volatile' as const, fn: e.traits.volatile }] : []));
    if (uncached(e)) set = causes.union(set, causes.of({ kind: 'uncached' }));
    return set;
  };
  const out = new Map<FormulaEntry, CauseSet>();
  const recomputed = causes.of({ kind: 'recomputed' });
  // Depth first over what each changed cell reads, without recursion: a long chain of formulas must not overflow the stack.
  for (const root of changed) {
    if (out.has(root)) continue;
    const stack: { entry: FormulaEntry; inputs: FormulaEntry[] | undefined; next: number }[] = [{ entry: root, inputs: undefined, next: 0 }];
    const open = new Set<FormulaEntry>([root]);
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      const inputs = (frame.inputs ??= frame.entry.reads.flatMap((a) => within(a, frame.entry)));
      while (frame.next < inputs.length && (out.has(inputs[frame.next]!) || open.has(inputs[frame.next]!))) frame.next++;
      if (frame.next < inputs.length) {
        const input = inputs[frame.next++]!;
        open.add(input);
        stack.push({ entry: input, inputs: undefined, next: 0 });
        continue;
      }
      stack.pop();
      open.delete(frame.entry);
      let set = own(frame.entry);
      for (const p of inputs) {
        const upstream = out.get(p);
        if (upstream) set = causes.union(set, upstream);
      }
      out.set(frame.entry, set.causes.length ? set : recomputed);
    }
  }
  return out;
}
