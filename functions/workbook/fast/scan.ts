import { SheetScanner } from '../xlsx/sheet-scanner.js';
import { unescapeText } from '../xlsx/text.js';
import type { CauseSet } from '../calibration/causes.js';
import type { CellValue } from './values.js';
import { NotCompiled, XlErr } from './values.js';

/**
 * A worksheet read for the fast path: its constants into flat arrays, its formulas as their text
 * and the cell they are written for, each with its element's place in the XML for patching the
 * cached value afterwards. The cells come from the scanner every reader uses (xlsx/sheet-scanner.ts).
 */

/** One worksheet: values and formulas in flat arrays, row-major, width × height. */
export class Sheet {
  values: CellValue[];
  /** 1 + the index of the cell's compiled formula; 0 for a constant or an empty cell. */
  formulaIds: Int32Array;
  /** 0 not evaluated, 1 being evaluated, 2 done. */
  state: Uint8Array;
  /** What each formula cell caches in the file (absent: none), by cell index. */
  cached = new Map<number, CellValue>();
  /** 1 for a formula cell whose value changed (it differs from what the file cached, or the file cached none). */
  changed: Uint8Array;
  /** Why each changed cell changed, by cell index. */
  causes = new Map<number, CauseSet>();
  /** 1 for a formula cell that keeps Excel's cached value (calibration). */
  kept: Uint8Array;
  constructor(
    readonly name: string,
    readonly width: number,
    readonly height: number,
  ) {
    this.values = new Array<CellValue>(width * height).fill(null);
    this.formulaIds = new Int32Array(width * height);
    this.state = new Uint8Array(width * height);
    this.changed = new Uint8Array(width * height);
    this.kept = new Uint8Array(width * height);
  }
}

/** A formula cell found while scanning, for evaluation and for patching its element afterwards. */
export interface FormulaCell {
  row: number;
  col: number;
  /** The `<c …>…</c>` element's character range in the sheet XML. */
  start: number;
  end: number;
  /** The formula's text and the cell it is written for (a shared formula's master). */
  source: { text: string; row: number; col: number };
  /** The value the file caches for it; undefined when it caches none. */
  cached?: CellValue;
}

export interface ScannedSheet {
  name: string;
  xml: string;
  formulas: FormulaCell[];
  sheet: Sheet;
  /** Cells read (constants, formulas and empty styled cells). */
  cells: number;
}

/** Largest sheet area the flat arrays take, relative to the cells in it (a sparse sheet goes to HyperFormula). */
const MAX_AREA = 50_000_000;

/**
 * Reads a worksheet's cells into a Sheet: constants as values, formulas as their text (shared
 * formulas resolved to their master's text and cell). One linear pass; the only objects made per
 * cell are its value and, for a formula, its record (position and source). `xml` is the part as a
 * byte string (xlsx/xml.ts byteString).
 */
export function scanSheet(name: string, xml: string, sharedStrings: string[]): ScannedSheet {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: CellValue[] = [];
  const formulas: FormulaCell[] = [];
  const masters = new Map<string, FormulaCell['source']>();
  const followers: { cell: FormulaCell; si: string }[] = [];
  let maxRow = -1;
  let maxCol = -1;
  let empties = 0;
  const scan = new SheetScanner(xml, { bytes: true, sheet: name });
  while (scan.next()) {
    const { row, col } = scan;
    if (row > maxRow) maxRow = row;
    if (col > maxCol) maxCol = col;
    if (scan.selfClosing) {
      empties++; // an empty, styled cell
      continue;
    }
    const type = scan.attribute('t');
    if (scan.hasFormula) {
      const formulaType = scan.formulaAttribute('t');
      const text = scan.formulaText();
      if (formulaType === 'array') {
        const ref = scan.formulaAttribute('ref');
        if (ref !== undefined && ref.includes(':') && ref.split(':')[0] !== ref.split(':')[1]) throw new NotCompiled('an array formula that spills');
      } else if (formulaType !== undefined && formulaType !== 'normal' && formulaType !== 'shared') throw new NotCompiled(`a ${formulaType} formula`);
      if (text || formulaType === 'shared') {
        const cached = scan.valueText() === undefined && type !== 'inlineStr' ? undefined : valueOf(scan, type, sharedStrings);
        const cell: FormulaCell = { row, col, start: scan.start, end: scan.end, source: { text, row, col }, ...(cached !== undefined ? { cached } : {}) };
        formulas.push(cell);
        if (formulaType === 'shared') {
          const si = scan.formulaAttribute('si') ?? '';
          if (text) masters.set(si, cell.source);
          else followers.push({ cell, si });
        }
        continue;
      }
    }
    const value = valueOf(scan, type, sharedStrings);
    if (value === undefined) throw new NotCompiled(type === undefined || type === 'n' ? `a number the fast path does not read: ${scan.valueText()}` : `a cell of type ${type}`);
    rows.push(row);
    cols.push(col);
    values.push(value);
  }
  for (const { cell, si } of followers) {
    const master = masters.get(si);
    if (!master) throw new NotCompiled('a shared formula without its master');
    cell.source = master;
  }
  const filled = rows.length + formulas.length;
  const width = maxCol + 1;
  const height = maxRow + 1;
  if (width * height > MAX_AREA || width * height > 16 * filled + 1_000_000) throw new NotCompiled('a sparse sheet');
  const sheet = new Sheet(name, width, height);
  for (let i = 0; i < rows.length; i++) sheet.values[rows[i]! * width + cols[i]!] = values[i]!;
  for (const f of formulas) if (f.cached !== undefined) sheet.cached.set(f.row * width + f.col, f.cached);
  return { name, xml, formulas, sheet, cells: filled + empties };
}

/** A cell's value as its element holds it (empty for no `<v>`); undefined for a value the fast path does not read. */
function valueOf(scan: SheetScanner, type: string | undefined, sharedStrings: string[]): CellValue | undefined {
  if (type === 'inlineStr') return scan.inlineText() ?? '';
  const raw = scan.valueText();
  if (raw === undefined) return null;
  if (type === 's') return sharedStrings[Number(raw)] ?? '';
  if (type === 'str') return unescapeText(raw);
  if (type === 'b') return raw === '1';
  if (type === 'e') return XlErr.of(raw);
  if (type === undefined || type === 'n') {
    const value = Number(raw);
    return !Number.isFinite(value) || raw.trim() === '' ? undefined : value;
  }
  return undefined;
}
