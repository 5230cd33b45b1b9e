import type { Book } from '../xlsx/book.js';
import { formatRef } from '../xlsx/cells.js';
import { definedNameLookup } from '../xlsx/defined-names.js';
import type { NewValue } from '../xlsx/patch.js';
import { patchSheet } from '../xlsx/patch.js';
import { byteString, toBytes } from '../xlsx/xml.js';
import { shownFormula } from '../formula/parser.js';
import { columnIndex } from '../../../shared/src/values/columns.js';
import type { ChangedCell, EngineSummary } from '../model/outcomes.js';
import { CellListing } from '../model/outcomes.js';
import { shownValue } from '../calibration/values.js';
import type { PolicyCallContext } from '../policy/calls.js';
import { FastBook } from './evaluate.js';
import type { ScannedSheet } from './scan.js';
import { scanSheet } from './scan.js';
import { NotCompiled, XlErr, asReported } from './values.js';

/**
 * The fast path end to end: the sheets scanned, every formula compiled and evaluated, each answer
 * checked against the value the file caches (calibration, where those values are Excel's), and the
 * new values patched into the sheets. Throws NotCompiled when the workbook needs HyperFormula.
 */

export interface FastPathOptions {
  /** Whether the file's cached values are Excel's own, to check this engine's answers against. */
  calibrate: boolean;
  /** Whether to list each changed cell (with why) in the summary, beside counting them. */
  listChanges: boolean;
  /** Throws when a workbook has more cells than the budget allows. */
  checkCellCount: (n: number) => void;
  /** Counts each value written, and throws past the answer's budget (budget/answer.ts). */
  answer?: { value(v: unknown, where: () => string): void };
}

export function fastPath(book: Book, ctx: PolicyCallContext, options: FastPathOptions, summary: EngineSummary & { changed: number; changes?: ChangedCell[] }): Map<string, Uint8Array> {
  const scanned = book.sheets.map((s) => scanSheet(s.name, byteString(s.data), book.sharedStrings));
  options.checkCellCount(scanned.reduce((n, s) => n + s.cells, 0));
  const fast = new FastBook(scanned, { ...ctx, date1904: book.date1904 }, { sheets: book.sheets.map((s) => s.name), tables: book.tables, name: definedNameLookup(book.definedNames) }, options.calibrate);
  const values = fast.run();
  const where = (sheet: number, index: number) => {
    const s = scanned[sheet]!.sheet;
    return `${s.name}!${formatRef({ row: Math.floor(index / s.width), col: index % s.width })}`;
  };
  const found = fast.calibration();
  const kept = new CellListing(summary.kept);
  for (const k of found.kept) {
    const excel = shownValue(asReported(k.excel));
    const computed = shownValue(asReported(k.computed));
    kept.add(where(k.sheet, k.index), fast.shapeAt(k.sheet, k.index), { reason: 'differs-from-excel', detail: `Excel's answer ${excel} kept; this engine computes ${computed} from the same inputs`, excel, computed });
  }
  for (const u of found.uncertain) {
    const evidence = where(u.evidence.sheet, u.evidence.index);
    summary.uncertain.push({
      cell: where(u.sheet, u.index),
      detail: `computed anew (${shownValue(u.excel === undefined ? undefined : asReported(u.excel))} → ${shownValue(asReported(u.computed))}) from a value that changed in this run, by a formula this engine answers otherwise than Excel at ${evidence}`,
      evidence,
    });
  }
  if (options.listChanges) summary.changes = [];
  const out = new Map<string, Uint8Array>();
  scanned.forEach((s, si) => {
    const answers = values[si]!;
    if (!s.formulas.length) return;
    const patches: { start: number; end: number; value: NewValue }[] = [];
    s.formulas.forEach((f, i) => {
      const index = f.row * s.sheet.width + f.col;
      if (s.sheet.kept[index] === 1) return; // Excel's value stays, byte for byte
      const v = answers[i]!;
      options.answer?.value(v instanceof XlErr ? null : v, () => `${s.name}!${formatRef(f)}`);
      summary.formulas++;
      if (s.sheet.changed[index] === 1) {
        summary.changed++;
        summary.changes?.push(changedCell(s, f, v, fast));
      }
      if (!(v instanceof XlErr)) patches.push({ start: f.start, end: f.end, value: v });
      else {
        summary.errors[v.code] = (summary.errors[v.code] ?? 0) + 1;
        patches.push({ start: f.start, end: f.end, value: { error: v.code } });
      }
    });
    out.set(book.sheets[si]!.path, Buffer.from(patchSheet(s.xml, patches, toBytes), 'latin1'));
  });
  if (summary.changes) addHeadings(summary.changes, scanned);
  return out;
}

function changedCell(s: ScannedSheet, f: ScannedSheet['formulas'][number], v: Parameters<typeof asReported>[0], fast: FastBook): ChangedCell {
  const index = f.row * s.sheet.width + f.col;
  return {
    sheet: s.name,
    cell: formatRef(f),
    formula: shownFormula(f.source.text, f.source.row, f.source.col, f.row, f.col),
    old: f.cached === undefined ? null : asReported(f.cached),
    new: asReported(v),
    because: [...(s.sheet.causes.get(index) ?? fast.causes.none).causes],
  };
}

/** Each changed cell's column heading: the nearest text above the column's first changed cell. */
function addHeadings(changes: ChangedCell[], scanned: ScannedSheet[]): void {
  const byName = new Map(scanned.map((s) => [s.name, s.sheet]));
  const top = new Map<string, number>();
  const colOf = (c: ChangedCell) => /^([A-Z]+)(\d+)$/.exec(c.cell)!;
  for (const c of changes) {
    const m = colOf(c);
    const key = `${c.sheet}\u0000${m[1]}`;
    const row = Number(m[2]) - 1;
    if (!top.has(key) || row < top.get(key)!) top.set(key, row);
  }
  const headings = new Map<string, string | undefined>();
  for (const [key, row] of top) {
    const [name, letters] = key.split('\u0000') as [string, string];
    const sheet = byName.get(name)!;
    const col = columnIndex(letters);
    let heading: string | undefined;
    for (let r = row - 1; r >= 0 && heading === undefined; r--) {
      const v = sheet.values[r * sheet.width + col];
      if (typeof v === 'string' && v.trim() !== '' && sheet.formulaIds[r * sheet.width + col] === 0) heading = v.trim();
    }
    headings.set(key, heading);
  }
  for (const c of changes) {
    const heading = headings.get(`${c.sheet}\u0000${colOf(c)[1]}`);
    if (heading !== undefined) c.heading = heading;
  }
}

/** What the fast path covers of a workbook: its formula cells, and those it refuses by reason. */
export interface FastPathReach {
  formulas: number;
  /** Formula cells the fast path refuses, by reason: a formula it does not compile counts its cells; a workbook refused while reading or evaluating counts all of them. */
  refused: Record<string, number>;
}

/**
 * The reach of the fast path over a workbook, measured (the benchmark's): every formula is
 * compiled, the refused ones counted by reason; when every one compiles, the workbook is evaluated,
 * and a refusal there counts all its formulas. Reasons lose their details (a cell's text, a name).
 */
export function fastPathReach(book: Book, ctx: PolicyCallContext): FastPathReach {
  const refusals = new Map<string, number>();
  let formulas = 0;
  const whole = (e: unknown) => {
    // A chain of formulas deeper than the stack goes to HyperFormula as well (recalc.ts).
    const reason = e instanceof NotCompiled ? e.message : e instanceof RangeError ? 'formulas nested too deeply' : undefined;
    if (reason === undefined) throw e;
    return { formulas, refused: { [reasonKind(reason)]: formulas } };
  };
  let scanned: ScannedSheet[];
  try {
    scanned = book.sheets.map((s) => scanSheet(s.name, byteString(s.data), book.sharedStrings));
  } catch (e) {
    // The formulas of a sheet the fast path does not read are not counted: only HyperFormula's run knows them.
    return whole(e);
  }
  formulas = scanned.reduce((n, s) => n + s.formulas.length, 0);
  const names = { sheets: book.sheets.map((s) => s.name), tables: book.tables, name: definedNameLookup(book.definedNames) };
  let fast: FastBook;
  try {
    fast = new FastBook(scanned, { ...ctx, date1904: book.date1904 }, names, false, undefined, refusals);
  } catch (e) {
    return whole(e);
  }
  if (refusals.size === 0) {
    try {
      fast.run();
    } catch (e) {
      return whole(e);
    }
  }
  const refused: Record<string, number> = {};
  for (const [reason, n] of refusals) refused[reasonKind(reason)] = (refused[reasonKind(reason)] ?? 0) + n;
  return { formulas, refused };
}

/** A refusal's reason without its details: "a defined name (Rate)" and "…: <text>" lose the part in brackets or after the colon. */
function reasonKind(reason: string): string {
  return reason.replace(/: .*$/s, '').replace(/ \([^)]*\)$/, '');
}
