import type { Book } from '../xlsx/book.js';
import type { RecalcLimits } from './budget.js';
import { DEFAULT_MAX_RANGE_CELLS } from './budget.js';
import { MAX_COLS, MAX_ROWS } from '../model/grid.js';
import { formatRef } from '../xlsx/cells.js';
import { SheetScanner } from '../xlsx/sheet-scanner.js';
import { byteString, fromBytes } from '../xlsx/xml.js';
import { EXCEL_ERRORS } from '../model/errors.js';
import { WorkbookError } from '../model/workbook-error.js';
import { FilledRanges } from './filled.js';

/**
 * One pass over a workbook's sheets before either evaluator runs, checking what can be counted:
 * each sheet part is XML and a sheet as SpreadsheetML writes it (the scanner every reader uses,
 * xlsx/sheet-scanner.ts, refuses it otherwise), every cell lies in Excel's grid, error cells hold
 * Excel's codes, the cells stay under the budget, and no formula refers outside the grid. It asks
 * the scanner only for the cells' places, error codes and formulas, so it costs a small part of the
 * recalculation it protects. The cells of ranges are counted where HyperFormula's real ranges are
 * known (checkRangeBudget, from the engine's translation, after ranges are cut to the used area);
 * the fast path reads only the used part of any range.
 */

export interface Prescan {
  cells: number;
  sheets: { name: string; height: number; width: number; /** grid positions up to each row's last cell */ span: number; widest: string }[];
}

/** A reference in a formula, before it is placed: a cell part is { n, abs } as written. */
interface Part {
  n: number;
  abs: boolean;
}
interface FormulaRef {
  sheet?: string;
  r1: Part;
  c1: Part;
  r2: Part;
  c2: Part;
  whole?: 'cols' | 'rows';
}

const isNameChar = (ch: number) => (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 46 || ch === 36 || ch === 92 || ch === 63 || ch > 127;
const isDigit = (ch: number) => ch >= 48 && ch <= 57;

/** "$AB$12" → column and row parts (0-based); undefined when the word is not a cell reference's shape; row or column past the grid stay as read. */
function cellWord(w: string): { c: Part; r: Part } | undefined {
  let i = 0;
  const colAbs = w.charCodeAt(0) === 36;
  if (colAbs) i++;
  const letters = i;
  let c = 0;
  for (; i < w.length; i++) {
    const ch = w.charCodeAt(i) & ~32;
    if (ch < 65 || ch > 90) break;
    c = c * 26 + (ch - 64);
  }
  if (i === letters || i - letters > 3) return undefined;
  const rowAbs = w.charCodeAt(i) === 36;
  if (rowAbs) i++;
  if (i === w.length) return undefined;
  let r = 0;
  for (; i < w.length; i++) {
    const d = w.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    r = r * 10 + d;
  }
  return { c: { n: c - 1, abs: colAbs }, r: { n: r - 1, abs: rowAbs } };
}

/** "$AB" → a whole column's part; undefined otherwise. */
function columnWord(w: string): Part | undefined {
  const m = /^(\$?)([A-Za-z]{1,3})$/.exec(w);
  if (!m) return undefined;
  let c = 0;
  for (const ch of m[2]!.toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return c <= MAX_COLS ? { n: c - 1, abs: m[1] === '$' } : undefined;
}

/** "$12" → a whole row's part; undefined otherwise. */
function rowWord(w: string): Part | undefined {
  const m = /^(\$?)(\d{1,7})$/.exec(w);
  if (!m) return undefined;
  const r = Number(m[2]);
  return r >= 1 && r <= MAX_ROWS ? { n: r - 1, abs: m[1] === '$' } : undefined;
}

const inGrid = (p: { c: Part; r: Part }) => p.c.n >= 0 && p.c.n < MAX_COLS && p.r.n >= 0 && p.r.n < MAX_ROWS;

/**
 * The references of a formula (A1 style, as files store it): cells, ranges, whole columns and
 * rows, each with its sheet as written. String literals, structured references, error literals,
 * numbers and function names are skipped. Answers the first word shaped like a cell reference
 * but outside the grid (XFE1, A1048577), unless a defined name of that name exists.
 */
function formulaRefs(f: string, names: ReadonlySet<string>, out: FormulaRef[], usedNames?: Set<string>): string | undefined {
  const n = f.length;
  let i = 0;
  let sheet: string | undefined;
  const word = (from: number) => {
    let e = from;
    while (e < n && isNameChar(f.charCodeAt(e))) e++;
    return e;
  };
  while (i < n) {
    const ch = f.charCodeAt(i);
    if (ch === 34) {
      // "text", with "" for a quote
      i++;
      while (i < n) {
        if (f.charCodeAt(i) === 34) {
          if (f.charCodeAt(i + 1) === 34) i += 2;
          else break;
        } else i++;
      }
      i++;
      sheet = undefined;
      continue;
    }
    if (ch === 39) {
      // 'Sheet name'! with '' for a quote
      let s = '';
      let j = i + 1;
      for (;;) {
        const q = f.indexOf("'", j);
        if (q < 0) return undefined; // unterminated: the evaluators report the formula
        s += f.slice(j, q);
        if (f.charCodeAt(q + 1) === 39) {
          s += "'";
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      if (f.charCodeAt(j) === 33) {
        sheet = s;
        i = j + 1;
      } else i = j;
      continue;
    }
    if (ch === 91) {
      // [structured reference] or [external book]: skip to the matching bracket
      let depth = 0;
      for (; i < n; i++) {
        const c = f.charCodeAt(i);
        if (c === 91) depth++;
        else if (c === 93 && --depth === 0) break;
      }
      i++;
      continue;
    }
    if (ch === 35) {
      // #REF!, #N/A, #DIV/0!…
      i++;
      while (i < n && (isNameChar(f.charCodeAt(i)) || f.charCodeAt(i) === 47 || f.charCodeAt(i) === 33)) i++;
      sheet = undefined;
      continue;
    }
    if (isDigit(ch) || ch === 46 || isNameChar(ch)) {
      const e = word(i);
      const w = f.slice(i, e);
      if (f.charCodeAt(e) === 33) {
        // Sheet1!…
        sheet = w;
        i = e + 1;
        continue;
      }
      const next = f.charCodeAt(e);
      if (next === 40 || next === 91) {
        // a function's name, or a table's
        i = e + 1;
        sheet = undefined;
        continue;
      }
      const a = cellWord(w);
      if (usedNames && (!a || !inGrid(a)) && names.has(w.toUpperCase())) usedNames.add(w.toUpperCase());
      if (a && !inGrid(a)) {
        if (names.has(w.toUpperCase())) {
          i = e;
          continue;
        }
        return sheet === undefined ? w : `${sheet}!${w}`;
      }
      if (next === 58) {
        // A1:B2, A:C, 1:3
        const e2 = word(e + 1);
        const w2 = f.slice(e + 1, e2);
        const b = cellWord(w2);
        if (a && b) {
          if (!inGrid(b)) return w2;
          out.push({ sheet, r1: a.r, c1: a.c, r2: b.r, c2: b.c });
          i = e2;
          sheet = undefined;
          continue;
        }
        const ca = columnWord(w);
        const cb = columnWord(w2);
        if (ca && cb) {
          out.push({ sheet, r1: { n: 0, abs: true }, c1: ca, r2: { n: MAX_ROWS - 1, abs: true }, c2: cb, whole: 'cols' });
          i = e2;
          sheet = undefined;
          continue;
        }
        const ra = rowWord(w);
        const rb = rowWord(w2);
        if (ra && rb) {
          out.push({ sheet, r1: ra, c1: { n: 0, abs: true }, r2: rb, c2: { n: MAX_COLS - 1, abs: true }, whole: 'rows' });
          i = e2;
          sheet = undefined;
          continue;
        }
      }
      if (a) out.push({ sheet, r1: a.r, c1: a.c, r2: a.r, c2: a.c });
      // A number: its exponent's sign is not an operator to look at.
      i = isDigit(ch) && (f.charCodeAt(e - 1) | 32) === 101 && (next === 43 || next === 45) ? e + 1 : e;
      sheet = undefined;
      continue;
    }
    sheet = undefined;
    i++;
  }
  return undefined;
}

function tooLarge(zh: string, en: string, where: string | undefined, detail: ConstructorParameters<typeof WorkbookError>[3]): WorkbookError {
  return new WorkbookError('tooLarge', { 'zh-CN': zh, en }, where, detail);
}

/** Where a problem is, as the answer names it: Sheet!A1. */
const whereOf = (sheet: string, reference: string) => `${sheet}!${fromBytes(reference).slice(0, 24)}`;

/**
 * Whether a formula (as the XML holds it) may have a range or something shaped like a reference
 * past the grid: a colon, three letters then a digit (XFE1), seven digits (A1048577) or a letter
 * then 0 (A0). Most formulas have none of these, and their text is not even decoded.
 */
function mayHaveRefs(f: string): boolean {
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < f.length; i++) {
    const ch = f.charCodeAt(i);
    if (ch === 58) return true;
    const up = ch & ~32;
    if (up >= 65 && up <= 90) {
      letters++;
      digits = 0;
    } else if (ch >= 48 && ch <= 57) {
      if (digits === 0 && (letters >= 3 || (letters >= 1 && ch === 48))) return true;
      if (++digits >= 7) return true;
      letters = 0;
    } else if (ch !== 36) {
      letters = 0;
      digits = 0;
    }
  }
  return false;
}

/**
 * Checks a workbook against the countable caps of its budget; throws WorkbookError naming the cell.
 */
export function prescanBook(book: Book, limits: RecalcLimits): Prescan {
  const names = new Set(book.definedNames.map((d) => d.name.toUpperCase()));
  const sheets: Prescan['sheets'] = [];
  let cells = 0;
  const filled = new FilledRanges(limits);

  // Defined names are read where a formula uses them: a workbook often defines names it never
  // computes with (data-validation lists), and those do not decide whether it can be recalculated.
  const usedNames = new Set<string>();
  const rangeNames = book.definedNames.some((d) => d.formula.includes(':'));
  const readFormula = (text: string, where: () => string): FormulaRef[] => {
    const refs: FormulaRef[] = [];
    const outside = formulaRefs(text, names, refs, usedNames);
    if (outside !== undefined) {
      const shown = outside.length > 40 ? `${outside.slice(0, 40)}…` : outside;
      throw new WorkbookError(
        'outOfGrid',
        { 'zh-CN': `公式引用了 ${shown}，超出 Excel 的表格范围（A1:XFD1048576）：=${text.slice(0, 200)}`, en: `the formula refers to ${shown}, outside Excel's grid (A1:XFD1048576): =${text.slice(0, 200)}` },
        where(),
        { range: shown },
      );
    }
    return refs;
  };

  book.sheets.forEach((s) => {
    const info = { name: s.name, height: 0, width: 0, span: 0, widest: '' };
    sheets.push(info);
    const scan = new SheetScanner(byteString(s.data), { bytes: true, sheet: s.name, part: s.path });
    let curRow = -1;
    let rowEnd = 0;
    while (scan.next()) {
      if (++cells > limits.maxCells) {
        throw tooLarge(`工作簿的单元格超过 ${limits.maxCells} 个`, `the workbook has more than ${limits.maxCells} cells`, whereOf(s.name, scan.reference()), { budget: 'cells', limit: limits.maxCells });
      }
      const { row, col } = scan;
      if (row !== curRow) {
        info.span += rowEnd;
        curRow = row;
        rowEnd = 0;
      }
      if (col >= rowEnd) rowEnd = col + 1;
      if (row >= info.height) info.height = row + 1;
      if (col >= info.width) {
        info.width = col + 1;
        info.widest = whereOf(s.name, scan.reference());
      }
      if (scan.selfClosing) continue;
      if (scan.attribute('t') === 'e') {
        // No value at all (a formula with nothing cached, as programs write them) is no error code to check.
        const code = scan.valueText();
        if (code !== undefined && !EXCEL_ERRORS.has(code)) {
          const shown = code.length > 24 ? `${code.slice(0, 24)}…` : code;
          throw new WorkbookError('corrupt', { 'zh-CN': `错误值「${shown}」不是 Excel 的错误值`, en: `the error value "${shown}" is not one of Excel's` }, whereOf(s.name, scan.reference()));
        }
      }
      if (!scan.hasFormula) continue;
      const where = () => whereOf(s.name, scan.reference());
      filled.add(scan.formulaAttribute('t'), scan.formulaAttribute('ref'), s.name, where);
      if (scan.formulaAttribute('t') === 'array') {
        const ref = scan.formulaAttribute('ref');
        if (ref !== undefined && ref.includes(':')) readFormula(ref, where);
      }
      const text = scan.formulaText();
      if (text && (rangeNames || mayHaveRefs(text))) readFormula(text, where);
    }
    info.span += rowEnd;
  });
  // The names formulas use (and the names those use in turn) refer inside the grid too.
  const done = new Set<string>();
  for (let added = true; added; ) {
    added = false;
    for (const d of book.definedNames) {
      const key = d.name.toUpperCase();
      if (d.name.startsWith('_xlnm.') || !usedNames.has(key) || done.has(`${key}\u0000${d.localSheet ?? ''}`)) continue;
      done.add(`${key}\u0000${d.localSheet ?? ''}`);
      const before = usedNames.size;
      readFormula(d.formula, () => d.name);
      if (usedNames.size > before) added = true;
    }
  }
  return { cells, sheets };
}

/**
 * The cap that matters only when a workbook goes to HyperFormula: it builds every row of a sheet
 * up to the row's last cell. `reason` is why the fast path passed the workbook on, for the message.
 */
export function checkForHyperFormula(book: Book, limits: RecalcLimits, reason = ''): void {
  const scan = prescanBook(book, limits);
  const because = becauseOf(reason);
  const maxSpan = 4 * limits.maxCells;
  for (const s of scan.sheets) {
    if (s.span > maxSpan) {
      throw tooLarge(
        `工作表「${s.name}」的单元格分布过散：HyperFormula 需遍历 ${s.span} 个位置，上限为 ${maxSpan}（单元格上限的 4 倍）${because.zh}`,
        `the cells of sheet "${s.name}" lie too far apart: HyperFormula would walk ${s.span} grid positions; the limit is ${maxSpan} (4 × the cells cap)${because.en}`,
        s.widest,
        { budget: 'cells', limit: maxSpan },
      );
    }
  }
}

const becauseOf = (reason: string) => (reason ? { zh: `（${reasonZh(reason)}）`, en: ` (the fast path does not cover ${reason})` } : { zh: '', en: '' });

/**
 * Why the fast path passed a workbook on, for a Chinese message: the fast path's reasons are English
 * (they are also the `fallback` field of --json); the function or name they name is kept, the rest
 * said in Chinese.
 */
function reasonZh(reason: string): string {
  const whole = /^the function (\S+)$/.exec(reason);
  if (whole) return `快速路径不支持函数 ${whole[1]}，改由 HyperFormula 计算`;
  const use = /^([A-Z][A-Z0-9.]*)(?:,| of| over| with) /.exec(reason);
  if (use) return `快速路径不支持函数 ${use[1]} 的这种用法，改由 HyperFormula 计算`;
  const name = /defined name \((.+)\)$/.exec(reason);
  if (name) return `快速路径不支持定义名称 ${name[1]}，改由 HyperFormula 计算`;
  return '快速路径不支持该工作簿的某些公式，改由 HyperFormula 计算';
}

/** A range HyperFormula is given (0-based corners), and the formula's cell that reads it. */
export interface RangeRead {
  sheet: number;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  where: string;
}

/**
 * The cells of the ranges HyperFormula would build, as the engine hands them over (ranges already
 * cut to the used area where Excel's answer allows): an object for every cell of every distinct
 * range, a whole column as deep as its sheet is used (HyperFormula sizes A:A by the sheet), a range
 * one row longer than another it already has for one row (a running total filled down is cheap).
 * Over the cap, the workbook is a 413 naming the range and the cell, before HyperFormula starts.
 */
export function checkRangeBudget(reads: readonly RangeRead[], sheets: readonly { name: string; rows: number; cols: number }[], limits: RecalcLimits, reason = ''): void {
  const maxRange = limits.maxRangeCells ?? DEFAULT_MAX_RANGE_CELLS;
  const because = becauseOf(reason);
  const seen = new Set<string>();
  let total = 0;
  for (const u of reads) {
    if (u.r1 === u.r2 && u.c1 === u.c2) continue;
    const key = `${u.sheet}|${u.r1}|${u.c1}|${u.r2}|${u.c2}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const extent = sheets[u.sheet] ?? { rows: 0, cols: 0 };
    const height = u.r1 === 0 && u.r2 === MAX_ROWS - 1 ? extent.rows : u.r2 - u.r1 + 1;
    const width = u.c1 === 0 && u.c2 === MAX_COLS - 1 ? extent.cols : u.c2 - u.c1 + 1;
    const oneRowLess = u.r2 > u.r1 && seen.has(`${u.sheet}|${u.r1}|${u.c1}|${u.r2 - 1}|${u.c2}`);
    total += oneRowLess ? width : height * width;
    if (total > maxRange) {
      const name = sheets[u.sheet]?.name ?? '';
      const text = `${name}!${formatRef({ row: u.r1, col: u.c1 })}:${formatRef({ row: u.r2, col: u.c2 })}`;
      throw tooLarge(
        `各公式引用的区域合计超过 ${maxRange} 个单元格（在 ${text} 处超出）${because.zh}`,
        `the ranges the formulas refer to cover more than ${maxRange} cells together (the limit was passed at ${text})${because.en}`,
        u.where,
        { range: text, budget: 'rangeCells', limit: maxRange },
      );
    }
  }
}
