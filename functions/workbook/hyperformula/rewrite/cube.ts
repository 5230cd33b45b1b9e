import type { Ast } from '../../formula/parser.js';
import type { DataModel, ModelTable } from '../../xlsx/data-model.js';
import { Decimal } from '../../../../shared/src/values/money.js';

/**
 * Excel's CUBE functions over the workbook's own data model, where every table of the model is a
 * range or a table (ListObject) of the workbook itself: the model's rows are then the cells, and
 * CUBEMEMBER and CUBEVALUE can be answered from them as Excel's model engine answers them. Only
 * what is certain is answered: members by key (`[Table].[Column].&[Key]`), the All member with a
 * caption given, Excel's implicit measures (`[Measures].[Sum of Price]`, as a PivotTable over the
 * model names them) over text members and number measures. Anything else (other MDX, explicit DAX
 * measures, calculated columns, related tables, cells computed by formulas, text whose matching in
 * the model engine is not plain) keeps the value Excel cached.
 */

/** What a CUBE call answers: a value, #N/A, or why it keeps its cached value. */
export type CubeAnswer = { value: string | number } | { error: '#N/A' } | { keep: string };

/** What the cube functions read of the workbook. */
export interface CubeCells {
  model: DataModel;
  /** A constant cell's value: null when empty, undefined for a formula or error cell. */
  constant: (sheet: number, row: number, col: number) => unknown;
  /** The one cell a reference argument names, placed at the formula's cell; undefined for anything else. */
  cell: (arg: Ast, sheet: number, row: number, col: number) => { sheet: number; row: number; col: number } | undefined;
  /** The tree of a formula cell's formula (its references relative to that cell); undefined for a cell without one. */
  formula: (sheet: number, row: number, col: number) => Ast | undefined;
}

interface Place {
  sheet: number;
  row: number;
  col: number;
}

/** A column of a model table read from the cells; undefined when a cell is computed by a formula (or an error). */
interface Column {
  table: ModelTable;
  index: number;
  values: (string | number | boolean | null)[];
}

type Member = { kind: 'measure'; aggregate: string; column: Column } | { kind: 'key'; column: Column; key: string; caption: string } | { kind: 'all'; column: Column };

class Keep extends Error {}
class NotFound extends Error {}

/** The parts of an MDX name `[a].[b].&[c]`: each bracketed part with `]]` read as `]`, and whether it was a key (`&`). */
function mdxParts(expr: string): { name: string; key: boolean }[] | undefined {
  const parts: { name: string; key: boolean }[] = [];
  let i = 0;
  const s = expr.trim();
  while (i < s.length) {
    if (parts.length) {
      if (s[i] !== '.') return undefined;
      i++;
    }
    const key = s[i] === '&';
    if (key) i++;
    if (s[i] !== '[') return undefined;
    let name = '';
    i++;
    for (;;) {
      if (i >= s.length) return undefined;
      if (s[i] === ']') {
        if (s[i + 1] === ']') {
          name += ']';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      name += s[i++];
    }
    parts.push({ name, key });
  }
  return parts;
}

const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/** Excel's implicit measures, named as a PivotTable over the model names them. */
const IMPLICIT = /^(Sum|Count|Average|Min|Max|Distinct Count) of (.+)$/;

class Cube {
  /** Columns read, by table and header (a Keep for one that cannot be read). */
  private readonly columns = new Map<string, Column | undefined | Keep>();

  constructor(private readonly cells: CubeCells) {}

  /** A column of a model table by its header; undefined when the table has none of that name. */
  private findColumn(table: ModelTable, name: string): Column | undefined {
    const key = `${table.name}\u0000${name}`.toUpperCase();
    if (!this.columns.has(key)) {
      try {
        this.columns.set(key, this.readColumn(table, name));
      } catch (e) {
        if (!(e instanceof Keep)) throw e;
        this.columns.set(key, e);
      }
    }
    const column = this.columns.get(key);
    if (column instanceof Keep) throw column;
    return column;
  }

  private readColumn(table: ModelTable, name: string): Column | undefined {
    const { constant } = this.cells;
    let index = -1;
    for (let c = table.left; c <= table.right; c++) {
      const header = constant(table.sheet, table.top, c);
      // A header the model would rename (empty, a number, a duplicate) or a computed one: not certain.
      if (typeof header !== 'string' || header.trim() === '' || header.trim() !== header) throw new Keep(`a data model table (${table.name}) whose header is not text`);
      if (same(header, name)) {
        if (index >= 0) throw new Keep(`a data model table (${table.name}) with two columns named ${name}`);
        index = c - table.left;
      }
    }
    if (index < 0) return undefined;
    const values: Column['values'] = [];
    for (let r = table.top + 1; r <= table.bottom; r++) {
      const v = constant(table.sheet, r, table.left + index);
      if (v === undefined) throw new Keep(`a data model table (${table.name}) with cells computed by formulas`);
      if (typeof v === 'string' && v.trim() !== v) throw new Keep(`text with spaces around it in the data model (${table.name})`);
      values.push(v as Column['values'][number]);
    }
    return { table, index, values };
  }

  private column(table: ModelTable, name: string): Column {
    // Not among the cells: a column calculated in the model itself, which only Excel can compute.
    const column = this.findColumn(table, name);
    if (!column) throw new Keep(`a column of the data model not in the workbook: [${table.name}].[${name}]`);
    return column;
  }

  private table(name: string): ModelTable {
    const t = this.cells.model.tables.find((x) => same(x.name, name));
    if (!t) throw new Keep(`a table the data model does not read from the workbook: ${name}`);
    return t;
  }

  /** The member an MDX expression names. */
  member(expr: string): Member {
    const parts = mdxParts(expr);
    if (!parts) throw new Keep(`MDX this does not compute: ${expr}`);
    if (parts.length === 2 && same(parts[0]!.name, 'Measures') && !parts[0]!.key && !parts[1]!.key) {
      const m = IMPLICIT.exec(parts[1]!.name);
      if (!m) throw new Keep(`a measure of the data model: ${expr}`);
      const owners = this.cells.model.tables.flatMap((t) => this.findColumn(t, m[2]!) ?? []);
      if (owners.length !== 1) throw new Keep(`a measure this cannot place in one table: ${expr}`);
      return { kind: 'measure', aggregate: m[1]!, column: owners[0]! };
    }
    if (parts.length !== 3 || parts[0]!.key || parts[1]!.key) throw new Keep(`MDX this does not compute: ${expr}`);
    const column = this.column(this.table(parts[0]!.name), parts[1]!.name);
    if (!parts[2]!.key) {
      if (same(parts[2]!.name, 'All')) return { kind: 'all', column };
      throw new Keep(`a member named without its key: ${expr}`);
    }
    const key = parts[2]!.name;
    // Members by key of a text column: the model engine matches text whatever its case.
    if (column.values.some((v) => v !== null && typeof v !== 'string')) throw new Keep(`a member of a column that is not text: ${expr}`);
    const found = new Set(column.values.filter((v): v is string => typeof v === 'string' && same(v, key)));
    if (found.size === 0) throw new NotFound();
    if (found.size > 1) throw new Keep(`a member written in several cases in the data: ${expr}`);
    return { kind: 'key', column, key, caption: [...found][0]! };
  }

  /** The MDX expression an argument gives: text, or the member of the CUBEMEMBER formula in the cell it names. */
  expression(arg: Ast | null, at: Place, depth: number): string {
    if (arg === null) throw new Keep('a CUBE function with an argument left out');
    if (arg.k === 'str') return arg.v;
    const cell = this.cells.cell(arg, at.sheet, at.row, at.col);
    if (!cell) throw new Keep('a CUBE function argument that is not text or one cell');
    const tree = this.cells.formula(cell.sheet, cell.row, cell.col);
    if (tree === undefined) {
      const v = this.cells.constant(cell.sheet, cell.row, cell.col);
      if (typeof v !== 'string') throw new Keep('a CUBE function reading a cell without MDX text');
      return v;
    }
    if (tree.k !== 'call' || tree.name !== 'CUBEMEMBER' || depth > 8) throw new Keep('a CUBE function reading a cell that is not a CUBEMEMBER');
    this.connection(tree.args[0] ?? null, cell);
    const expr = this.expression(tree.args[1] ?? null, cell, depth + 1);
    this.member(expr); // a member that does not exist: #N/A there, and here
    return expr;
  }

  /** The connection argument, which must name the model's. */
  connection(arg: Ast | null, at: Place): void {
    const name = arg === null ? undefined : arg.k === 'str' ? arg.v : this.constantText(arg, at);
    if (name !== this.cells.model.connection) throw new Keep('a CUBE function over a connection other than the workbook data model');
  }

  private constantText(arg: Ast, at: Place): string | undefined {
    const cell = this.cells.cell(arg, at.sheet, at.row, at.col);
    const v = cell && this.cells.formula(cell.sheet, cell.row, cell.col) === undefined ? this.cells.constant(cell.sheet, cell.row, cell.col) : undefined;
    return typeof v === 'string' ? v : undefined;
  }

  cubeMember(args: (Ast | null)[], at: Place): string {
    if (args.length < 2 || args.length > 3) throw new Keep(`CUBEMEMBER with ${args.length} arguments`);
    this.connection(args[0]!, at);
    const expr = this.expression(args[1]!, at, 0);
    const member = this.member(expr);
    if (args.length === 3) {
      const c = args[2];
      const caption = c === null || c === undefined ? undefined : c.k === 'str' ? c.v : this.constantText(c, at);
      if (caption === undefined) throw new Keep('CUBEMEMBER with a caption that is not text');
      return caption;
    }
    if (member.kind === 'measure') return mdxParts(expr)![1]!.name;
    if (member.kind === 'key') return member.caption;
    throw new Keep(`the caption of an All member: ${expr}`);
  }

  cubeValue(args: (Ast | null)[], at: Place): string | number {
    if (args.length < 2) throw new Keep('CUBEVALUE without a measure');
    this.connection(args[0]!, at);
    const members = args.slice(1).map((a) => this.member(this.expression(a, at, 0)));
    const measures = members.filter((m) => m.kind === 'measure');
    // Without a measure the cube's default measure is used, which only the model knows.
    if (measures.length !== 1) throw new Keep('CUBEVALUE without exactly one measure');
    const measure = measures[0]!;
    const table = measure.column.table;
    const filters = members.filter((m) => m.kind === 'key');
    const hierarchies = members.filter((m) => m.kind !== 'measure').map((m) => `${m.column.table.name}\u0000${m.column.index}`.toUpperCase());
    if (new Set(hierarchies).size !== hierarchies.length) throw new Keep('CUBEVALUE with two members of one hierarchy');
    if (members.some((m) => m.kind !== 'measure' && m.column.table !== table)) throw new Keep('CUBEVALUE across tables of the data model');
    const rows = measure.column.values.map((_, i) => i).filter((i) => filters.every((f) => f.kind === 'key' && typeof f.column.values[i] === 'string' && same(f.column.values[i] as string, f.key)));
    return aggregate(measure.aggregate, measure.column.values, rows);
  }
}

/**
 * An implicit measure over the rows a slicer leaves, as the model engine computes it; a result
 * with no value (BLANK: no rows) is the empty text CUBEVALUE shows for it.
 */
function aggregate(kind: string, values: Column['values'], rows: number[]): string | number {
  const picked = rows.map((i) => values[i]!);
  const present = picked.filter((v) => v !== null);
  if (kind === 'Count') return present.length ? present.length : '';
  if (kind === 'Distinct Count') {
    // DISTINCTCOUNT counts a blank as a value of its own; text and numbers mixed are not one type.
    if (present.length !== picked.length || new Set(values.filter((v) => v !== null).map((v) => typeof v)).size > 1) throw new Keep('a Distinct Count this does not compute');
    return present.length ? new Set(present.map((v) => (typeof v === 'string' ? v.toUpperCase() : String(v)))).size : '';
  }
  // Sum, Average, Min, Max: of a column of numbers (the model would not type another as one).
  if (values.some((v) => v !== null && typeof v !== 'number')) throw new Keep(`${kind} of a column that is not numbers`);
  // A column of cells formatted as money may be typed Currency, which keeps 4 decimals: numbers
  // with more are not certain.
  if (values.some((v) => typeof v === 'number' && !fourDecimals(v))) throw new Keep(`${kind} of numbers with more than 4 decimals`);
  const nums = present as number[];
  if (!nums.length) return '';
  switch (kind) {
    // Summed in decimal: the values have at most 4 decimals, and 0.1 + 0.2 is 0.3 (as a Currency column sums), not 0.30000000000000004.
    case 'Sum':
      return decimalSum(nums).toNumber();
    case 'Average': {
      const mean = decimalSum(nums).div(nums.length).toNumber();
      if (!fourDecimals(mean)) throw new Keep('an Average with more than 4 decimals (a Currency column would round it)');
      return mean;
    }
    case 'Min':
      return nums.reduce((m, x) => Math.min(m, x), Infinity);
    default:
      return nums.reduce((m, x) => Math.max(m, x), -Infinity);
  }
}

/** Whether a number has at most 4 decimals (within the float's own error). */
function fourDecimals(v: number): boolean {
  const scaled = v * 10_000;
  return Math.abs(scaled - Math.round(scaled)) <= 1e-6 * Math.max(1, Math.abs(scaled));
}

/** CUBEMEMBER and CUBEVALUE over the workbook's own data model; other CUBE functions keep their value. */
export class CubeFunctions {
  private readonly cube: Cube;

  /** The cells are read once per column of the model, however many CUBE calls read it. */
  constructor(cells: CubeCells) {
    this.cube = new Cube(cells);
  }

  call(name: string, args: (Ast | null)[], at: Place): CubeAnswer {
    try {
      if (name === 'CUBEMEMBER') return { value: this.cube.cubeMember(args, at) };
      if (name === 'CUBEVALUE') return { value: this.cube.cubeValue(args, at) };
      return { keep: name };
    } catch (e) {
      if (e instanceof NotFound) return { error: '#N/A' };
      if (e instanceof Keep) return { keep: e.message };
      throw e;
    }
  }
}

const decimalSum = (nums: number[]) => nums.reduce((a, b) => a.plus(b), new Decimal(0));
