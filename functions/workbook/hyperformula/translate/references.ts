import type { Ast, RefPart } from '../../formula/parser.js';
import { FormulaSyntaxError, formulaKey, parseKey, quoteSheet } from '../../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../../model/grid.js';
import { columnLetter } from '../../../../shared/src/values/columns.js';
import type { Area } from '../../model/area.js';
import type { Place, Translation } from './translation.js';
import { Uncomputable } from './translation.js';
import { booleanLiteral, errorLiteral, numberLiteral, textLiteral } from '../literals.js';

/**
 * References resolved against the workbook: a reference placed at the formula's cell as the area
 * it covers, a defined name's formula (parsed once), a structured reference against its table,
 * another workbook's cached values, and an area written back as HyperFormula's text.
 */

/** A sheet's index by name (the formula's own sheet when none is written); undefined for a sheet the workbook lacks. */
export function sheetIndex(translation: Translation, name: string | undefined, at: Place): number | undefined {
  if (name === undefined) return at.sheet;
  const upper = name.toUpperCase();
  const i = translation.ctx.sheets.findIndex((s) => s.toUpperCase() === upper);
  return i < 0 ? undefined : i;
}

function placedRow(p: RefPart, at: Place): number | undefined {
  if (p.abs) return p.n;
  const n = at.row + p.n;
  if (at.wrap) return ((n % MAX_ROWS) + MAX_ROWS) % MAX_ROWS;
  return n < 0 || n >= MAX_ROWS ? undefined : n;
}

function placedCol(p: RefPart, at: Place): number | undefined {
  if (p.abs) return p.n;
  const n = at.col + p.n;
  if (at.wrap) return ((n % MAX_COLS) + MAX_COLS) % MAX_COLS;
  return n < 0 || n >= MAX_COLS ? undefined : n;
}

/** A reference node as an area (the corners ordered), undefined for #REF!. */
export function refArea(translation: Translation, ref: Extract<Ast, { k: 'ref' }>, at: Place, sheet = ref.sheet): Area | undefined {
  if (ref.book !== undefined) throw new Uncomputable('external', 'a reference to another workbook');
  const s = sheetIndex(translation, sheet, at);
  if (s === undefined) return undefined;
  const r1 = ref.r1 ? placedRow(ref.r1, at) : 0;
  const r2 = ref.r2 ? placedRow(ref.r2, at) : MAX_ROWS - 1;
  const c1 = ref.c1 ? placedCol(ref.c1, at) : 0;
  const c2 = ref.c2 ? placedCol(ref.c2, at) : MAX_COLS - 1;
  if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined) return undefined;
  return { sheet: s, r1: Math.min(r1, r2), r2: Math.max(r1, r2), c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
}

/** An area as HyperFormula's reference text (A1, A1:B9, A:A, 1:1), with its sheet when it is not the formula's. */
export function areaText(translation: Translation, a: Area, at: Place): string {
  const prefix = a.sheet === at.sheet && !at.wrap ? '' : `${quoteSheet(translation.ctx.sheets[a.sheet]!)}!`;
  if (a.r1 === 0 && a.r2 === MAX_ROWS - 1) return `${prefix}${columnLetter(a.c1)}:${columnLetter(a.c2)}`;
  if (a.c1 === 0 && a.c2 === MAX_COLS - 1) return `${prefix}${a.r1 + 1}:${a.r2 + 1}`;
  const first = `${columnLetter(a.c1)}${a.r1 + 1}`;
  return a.r1 === a.r2 && a.c1 === a.c2 ? `${prefix}${first}` : `${prefix}${first}:${columnLetter(a.c2)}${a.r2 + 1}`;
}

/** An area as a reference tree, placed at the formula's cell. */
export function areaTree(translation: Translation, a: Area, at: Place): Ast {
  const sheet = quoteSheet(translation.ctx.sheets[a.sheet]!);
  return parseKey(formulaKey(`${sheet}!${columnLetter(a.c1)}${a.r1 + 1}:${columnLetter(a.c2)}${a.r2 + 1}`, at.row, at.col));
}

/** A cell no sheet uses (past the workbook's used rows, else its used columns), on the formula's sheet. */
export function unusedCell(translation: Translation, at: Place): Area {
  const { rows, cols } = translation.ctx.extent;
  const row = rows < MAX_ROWS ? rows : 0;
  const col = rows < MAX_ROWS ? 0 : Math.min(cols, MAX_COLS - 1);
  return { sheet: at.sheet, r1: row, r2: row, c1: col, c2: col };
}

/** A defined name's key (by the sheet it is looked up from and its name), as Translation.names keys it; undefined for a sheet the workbook lacks. */
function nameKey(translation: Translation, node: Extract<Ast, { k: 'name' }>, at: Place): { key: string; sheet: number } | undefined {
  const sheet = node.sheet === undefined ? at.sheet : sheetIndex(translation, node.sheet, at);
  return sheet === undefined ? undefined : { key: `${sheet}\u0000${node.name.toUpperCase()}`, sheet };
}

/** A defined name's tree, or undefined when no such name exists. */
export function definedNameTree(translation: Translation, node: Extract<Ast, { k: 'name' }>, at: Place): Ast | undefined {
  if (node.book !== undefined) throw new Uncomputable('external', `a name in another workbook: ${node.name}`);
  if (at.depth > 16) throw new Uncomputable('reference', `names defined through more names than this engine follows: ${node.name}`);
  const named = nameKey(translation, node, at);
  if (named === undefined) return undefined;
  const text = translation.ctx.name(node.name, named.sheet);
  if (text === undefined) return undefined;
  let tree = translation.names.get(named.key);
  if (tree === undefined) {
    try {
      // A name's relative references are stored as if written in A1: placed there, their offsets are A1's.
      tree = parseKey(formulaKey(text.replace(/^=/, ''), 0, 0));
    } catch (e) {
      if (!(e instanceof FormulaSyntaxError)) throw e;
      tree = e;
    }
    translation.names.set(named.key, tree);
  }
  if (tree instanceof FormulaSyntaxError) {
    // A name whose sheet was deleted reads "#REF!A1" or "Sheet!#REF!": Excel answers #REF!.
    if (/#REF!/i.test(text)) return { k: 'err', v: '#REF!' };
    throw new Uncomputable('syntax', `the name ${node.name} cannot be read: ${tree.message}`);
  }
  return tree;
}

/** A defined name being read: its formula's tree, the place that formula is read at, and the name's key (Translation.names). */
export interface NameReading {
  tree: Ast;
  at: Place;
  key: string;
}

/**
 * A defined name read as a value or a reference: its tree, the place its formula is read at
 * (relative references wrap around the sheet's edges, and the name is noted among those being
 * read) and its key; undefined when no such name exists. A name met again while its own formula
 * is read is a circular reference, as a cell computed from itself is.
 */
export function definedName(translation: Translation, node: Extract<Ast, { k: 'name' }>, at: Place): NameReading | undefined {
  const tree = definedNameTree(translation, node, at);
  if (tree === undefined) return undefined;
  const { key } = nameKey(translation, node, at)!;
  const names = at.names ?? [];
  if (names.includes(key)) {
    const chain = [...names.slice(names.indexOf(key)), key].map((k) => k.slice(k.indexOf('\u0000') + 1));
    throw new Uncomputable('circular', `a name defined through itself: ${chain.join(' → ')}`);
  }
  return { tree, at: { ...at, wrap: true, depth: at.depth + 1, names: [...names, key] }, key };
}

/** A structured reference as the area it covers; undefined for #REF!. */
export function tableArea(translation: Translation, node: Extract<Ast, { k: 'table' }>, at: Place): Area | undefined {
  if (node.book !== undefined) throw new Uncomputable('external', 'a table in another workbook');
  const want = node.table.toUpperCase();
  const table = want
    ? translation.ctx.tables.find((x) => x.name.toUpperCase() === want)
    : translation.ctx.tables.find((x) => x.sheet === at.sheet && at.row >= x.top && at.row <= x.bottom && at.col >= x.left && at.col <= x.right);
  if (!table) return undefined;
  const dataTop = table.top + table.headerRows;
  const dataBottom = table.bottom - table.totalsRows;
  let top = dataTop;
  let bottom = dataBottom;
  const sections = new Set(node.sections);
  if (sections.has('this row')) {
    if (at.row < dataTop || at.row > dataBottom) throw new Uncomputable('reference', `[#This Row] of ${table.name} outside its rows`);
    top = bottom = at.row;
  } else if (sections.has('all')) {
    top = table.top;
    bottom = table.bottom;
  } else if (sections.size) {
    const rows: [number, number][] = [];
    if (sections.has('headers') && table.headerRows) rows.push([table.top, dataTop - 1]);
    if (sections.has('data')) rows.push([dataTop, dataBottom]);
    if (sections.has('totals') && table.totalsRows) rows.push([dataBottom + 1, table.bottom]);
    if (!rows.length) return undefined;
    top = Math.min(...rows.map((r) => r[0]));
    bottom = Math.max(...rows.map((r) => r[1]));
  }
  let left = table.left;
  let right = table.right;
  if (node.columns.length) {
    const index = (name: string) => table.columns.findIndex((c) => c.toUpperCase() === name.toUpperCase());
    const cols = node.columns.map(index);
    if (cols.some((c) => c < 0)) return undefined;
    left = table.left + Math.min(...cols);
    right = table.left + Math.max(...cols);
  }
  if (top > bottom) return undefined;
  return { sheet: table.sheet, r1: top, r2: bottom, c1: left, c2: right };
}

/**
 * A reference into another workbook, from the values the file cached of it when Excel last read
 * it (Excel too computes with those until the link is updated). A link whose part is missing or
 * could not be read is #REF!, as Excel shows it.
 */
export function externalValues(translation: Translation, ref: Extract<Ast, { k: 'ref' }>, at: Place): string {
  const ext = translation.ctx.externals[Number(ref.book) - 1];
  if (!ext) throw new Uncomputable('external', `a link to another workbook ([${ref.book}]) the file does not describe`);
  if (ref.sheet2 !== undefined) throw new Uncomputable('external', 'a 3-D reference into another workbook');
  const want = (ref.sheet ?? '').toUpperCase();
  const si = ext.sheets.findIndex((s) => s.toUpperCase() === want);
  const values = si < 0 ? undefined : ext.values[si];
  if (!values) return '#REF!';
  const a = refArea(translation, { ...ref, book: undefined, sheet: undefined }, at);
  if (!a) return '#REF!';
  const cells = (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1);
  if (cells > 10_000) throw new Uncomputable('external', 'a large range of another workbook');
  const literal = (r: number, c: number) => {
    const v = values.get(`${r}:${c}`);
    if (v === undefined) return '0'; // a blank cell of the other workbook reads as 0
    if (typeof v === 'number') return numberLiteral(v);
    if (typeof v === 'string') return textLiteral(v);
    if (typeof v === 'boolean') return booleanLiteral(v);
    return errorLiteral(v.error) ?? '#N/A';
  };
  if (cells === 1) return literal(a.r1, a.c1);
  const rows: string[] = [];
  for (let r = a.r1; r <= a.r2; r++) {
    const row: string[] = [];
    for (let c = a.c1; c <= a.c2; c++) row.push(literal(r, c));
    rows.push(row.join(','));
  }
  return `{${rows.join(';')}}`;
}
