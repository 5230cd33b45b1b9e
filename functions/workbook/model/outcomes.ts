/**
 * Why a formula cell keeps the value the file cached instead of a recomputed one: a function this
 * engine does not have, an external link, a reference form, a formula it cannot read, a circular
 * reference, a what-if data table, an input that could not be computed — or, for a file whose
 * cached values are Excel's own, a formula this engine answers otherwise than Excel did for the
 * same inputs (`differs-from-excel`, both answers given).
 */
export type KeptReason = 'function' | 'external' | 'reference' | 'syntax' | 'circular' | 'dataTable' | 'input' | 'differs-from-excel';

/**
 * Why a formula cell without a cached value has Excel's likeliest answer rather than a certain one:
 * it depends on the user's settings (FORMULATEXT's and DOLLAR's en-US text), on a number format
 * this engine cannot read (TEXT as General), on a function no add-in of this machine defines or a
 * name the workbook does not define (#NAME?, as Excel without it), on a call Excel would not take
 * (its error), or on a circular reference (0, as Excel shows it without iterative calculation), or
 * on what Excel's CELL answers where Microsoft's documentation leaves it open (the cell last changed,
 * a width at the edge of its rounding, a number format outside its table).
 */
export type AssumedReason = 'locale' | 'format' | 'name' | 'call' | 'circular' | 'cell';

export interface Assumption {
  reason: AssumedReason;
  detail: string;
}

/**
 * Formula cells that kept the value the file cached, for one reason and message: the copies of
 * one formula (a filled-down column) are one entry, with how many cells it stands for and the
 * first few of them; for `differs-from-excel`, both answers.
 */
export interface KeptCell {
  /** The first of its cells. */
  cell: string;
  reason: KeptReason;
  detail: string;
  /** What Excel cached (kept) and what this engine computed, as a report shows them. */
  excel?: string;
  computed?: string;
  /** How many formula cells the entry stands for. */
  count: number;
  /** The first SAMPLE_CELLS of them. */
  cells: string[];
}

/**
 * Formula cells the file gives no value for, whose answer rests on an assumption (the en-US
 * language, no add-in…), with what was assumed: they were computed, with Excel's likeliest answer.
 * One entry per formula and assumption, as KeptCell.
 */
export interface AssumedCell {
  cell: string;
  reason: AssumedReason;
  detail: string;
  count: number;
  cells: string[];
}

/** Entries a workbook's kept (or assumed) list holds at most; past them, one entry a reason stands for the rest. */
export const MAX_LISTED = 200;
/** Cells an entry names at most. */
export const SAMPLE_CELLS = 5;
/** An entry's message is cut at this many characters (a message may quote a formula of thousands). */
export const MAX_DETAIL = 300;

/**
 * A list of kept or assumed cells as the summary carries it: bounded whatever the workbook. A cell
 * joins the entry of its formula (its R1C1 shape, so a filled-down column is one entry), reason
 * and message; past MAX_LISTED entries, the entry of its reason alone. The summary's list stays
 * plain data (it crosses the worker thread's boundary).
 */
export class CellListing<T extends KeptCell | AssumedCell> {
  private readonly byKey = new Map<string, T>();
  constructor(private readonly list: T[]) {}

  add(cell: string, formula: string, entry: Omit<T, 'cell' | 'count' | 'cells'>): void {
    const detail = entry.detail.length > MAX_DETAIL ? `${entry.detail.slice(0, MAX_DETAIL)}…` : entry.detail;
    const key = `${entry.reason}\u0000${detail}\u0000${formula}`;
    let found = this.byKey.get(key);
    if (!found && this.byKey.size >= MAX_LISTED) {
      const rest = `${entry.reason}\u0000`;
      found = this.byKey.get(rest);
      if (!found) {
        found = { reason: entry.reason, detail: `more formulas not listed (past ${MAX_LISTED} entries)`, cell, count: 0, cells: [] } as unknown as T;
        this.byKey.set(rest, found);
        this.list.push(found);
      }
    }
    if (!found) {
      found = { ...entry, detail, cell, count: 0, cells: [] } as unknown as T;
      this.byKey.set(key, found);
      this.list.push(found);
    }
    found.count++;
    if (found.cells.length < SAMPLE_CELLS) found.cells.push(cell);
  }
}

/** How many cells a list of entries stands for. */
export function cellCount(list: readonly { count: number }[]): number {
  let n = 0;
  for (const e of list) n += e.count;
  return n;
}

/**
 * A formula cell computed anew because a value it depends on really changed in this run (a POLICY
 * call under another policy, a volatile function), whose formula — or a copy of it — this engine
 * was found to answer otherwise than Excel elsewhere in the same file: its new value may not be
 * Excel's.
 */
export interface UncertainCell {
  cell: string;
  detail: string;
  /** The cell where the same formula was found to differ from Excel's answer. */
  evidence: string;
}

/** What an evaluator reports of a workbook: formulas recomputed, error values by code, cells kept, answers assumed or uncertain. */
export interface EngineSummary {
  formulas: number;
  errors: Record<string, number>;
  kept: KeptCell[];
  assumed: AssumedCell[];
  uncertain: UncertainCell[];
}

/**
 * Why a formula cell's value changed: a POLICY call in it or upstream of it (computed under the
 * run's policy), a volatile function (NOW, TODAY, RAND…), no value held by the file (for it or a
 * cell upstream), or this engine's own answer where the file's values are not Excel's to check it
 * against.
 */
export type ChangeCause = { kind: 'policy'; fn: string } | { kind: 'volatile'; fn: string } | { kind: 'uncached' } | { kind: 'recomputed' };

/** A formula cell written with a value other than the one the file held. */
export interface ChangedCell {
  sheet: string;
  /** A1 reference on its sheet. */
  cell: string;
  /** The formula as Excel shows it (=…). */
  formula: string;
  old: CellValueText;
  new: CellValueText;
  because: ChangeCause[];
  /** The text heading the cell's column (the nearest text above it), for totals by column. */
  heading?: string;
  /** Whether both values are amounts of money (a money format, or a POLICY function answering money). */
  money?: boolean;
}

/** A value as a report carries it: a number, text, a boolean, an error code ({ error }), or null for none. */
export type CellValueText = number | string | boolean | { error: string } | null;

/** Kept cells counted by reason ({ function: 3, external: 1 }). */
export function keptReasons(kept: readonly { reason: string; count?: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kept) out[k.reason] = (out[k.reason] ?? 0) + (k.count ?? 1);
  return out;
}
