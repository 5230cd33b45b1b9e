import type { SimpleCellAddress } from 'hyperformula';
import { SimpleRangeValue } from 'hyperformula';
import { blank, isErr, numberOf } from '../common/arguments.js';
import { numberText } from '../common/number-format/index.js';

/**
 * The criteria range of Excel's database functions (DSUM, DCOUNT, DGET…) read into tests of a
 * record, as Excel's pages for those functions and the criteria of an advanced filter describe it:
 * the first row holds labels, each row below is one set of conditions that must all hold (AND),
 * and a record is taken when any row's conditions hold (OR); a blank cell sets no condition, so a
 * blank row takes every record.
 *
 * - Under a label that names a column of the database, a number or a logical value is compared as
 *   COUNTIF compares it; text with a comparison operator (=, <>, <, >, <=, >=) likewise, wildcards
 *   included; text without an operator matches every text that begins with it: ECMA-376 Part 1,
 *   §18.17.7.77 (DAVERAGE): "If the text form is used and the text does not begin with a comparison
 *   operator, the criteria matches any string starting with that text. [A criteria of "Pea" can
 *   result in Pea, Pear, and Peach's being matched, whereas a criteria of "=Pea" will only match
 *   Pea.]" (the DSUM and DAVERAGE pages write ="=Apple" to match Apple alone).
 * - Under a blank label, or one that names no column, a formula is a computed criterion: its
 *   references relative to the criteria cell point at the first record, and it is computed again
 *   for each record with them moved down to that record; the records where it answers TRUE are
 *   taken. (Microsoft's page on advanced filter criteria: such a formula refers to the first row
 *   of data by relative references, to anything else by absolute ones.)
 *
 * What Excel's pages leave open is no condition guessed here: it is an Unsure (the cell keeps the
 * value Excel cached) with why.
 */

/** A case of the criteria these functions are not sure how Excel reads. */
export class Unsure {
  constructor(readonly why: string) {}
}

/** How one criterion cell is read as COUNTIF reads it: a test of a cell's value, or undefined when it is no criterion. */
export type CriterionReader = (raw: unknown) => ((cell: unknown) => boolean) | undefined;

/** What reading the criteria needs of the engine: the criterion reader, text read as a number, computed criteria. */
export interface CriteriaEngine {
  criterion: CriterionReader;
  /** Text read as a number as Excel reads typed text (dates, percentages, currency), undefined when it is none. */
  number(text: string): number | undefined;
  /** The computed criterion of a criteria cell: its value for each record (by index), or why it cannot be computed here. */
  computedCriterion(at: SimpleCellAddress, database: Database): ((record: number) => unknown) | Unsure;
}

/** A database: its labels and records, and where it starts when it is a reference. */
export interface Database {
  labels: unknown[];
  records: unknown[][];
  start: SimpleCellAddress | undefined;
}

/** A condition of one row of the criteria range, on a record (by its index): met, not met, or a case Excel's pages leave open. */
type Condition = (record: number) => boolean | Unsure;

/** The tests of a record the criteria range sets, one list of conditions per row (any row whose conditions all hold takes the record). */
export type RecordTest = (record: number) => boolean | Unsure;

/** A label as text, for comparing labels (case ignored): a logical value TRUE names a column labelled TRUE or "true". */
export function labelText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const n = numberOf(v);
  return n === undefined ? undefined : numberText(n);
}

/** The index of the database's column a label names (case ignored), -1 when none does. */
export function columnNamed(labels: unknown[], label: unknown): number {
  const wanted = labelText(label);
  if (wanted === undefined || wanted === '') return -1;
  return labels.findIndex((l) => labelText(l) === wanted);
}

const OPERATOR = /^(<=|>=|<>|<|>|=)/;

/** One criterion under a column's label, as a test of that column's cells. */
function columnTest(engine: CriteriaEngine, raw: unknown): ((cell: unknown) => boolean) | Unsure {
  const reader = engine.criterion;
  if (isErr(raw)) return new Unsure('an error as a criterion of a database function');
  if (typeof raw === 'string') {
    if (raw === '') return () => true;
    if (!OPERATOR.test(raw)) {
      // Text that reads as a number or a logical value: Excel's pages say only how text matches text.
      if (engine.number(raw) !== undefined || /^(true|false)$/i.test(raw.trim())) return new Unsure(`the text criterion ${JSON.stringify(raw)} of a database function reads as a number or a logical value`);
      // A text criterion without an operator matches the texts that begin with it (wildcards included).
      const test = reader(`${raw}*`);
      return test ?? new Unsure(`the criterion ${JSON.stringify(raw)} of a database function`);
    }
  }
  return reader(numberOf(raw) ?? raw) ?? new Unsure(`the criterion ${JSON.stringify(raw)} of a database function`);
}

/** A computed criterion's answer for a record: TRUE takes it; FALSE and text do not (Excel takes no record for ="East" under a blank label); a number, an error or nothing is a case Excel's pages leave open. */
function computedTest(computed: (record: number) => unknown): Condition {
  return (record) => {
    const v = computed(record);
    const one = v instanceof SimpleRangeValue ? (v.width() === 1 && v.height() === 1 ? v.data[0]![0] : undefined) : v;
    if (typeof one === 'boolean') return one;
    if (typeof one === 'string') return false;
    return new Unsure('a computed criterion of a database function that answers a number, an error or nothing for a record');
  };
}

/**
 * The criteria range read against a database: a test of each record (by its index among the
 * records), or an Unsure for the whole range. A row's conditions must all hold (one not met
 * decides, whatever the others); a record is taken by any row (one row taking it decides).
 */
export function readCriteria(engine: CriteriaEngine, database: Database, criteria: SimpleRangeValue): RecordTest | Unsure {
  const rows = criteria.data;
  const labels = rows[0] ?? [];
  if (rows.length < 2) return new Unsure('a criteria range of a database function with no row under its labels');
  const start = (criteria as unknown as { range?: { start: SimpleCellAddress } }).range?.start;
  // A label that is an error names no column (Excel's DPRODUCT under the label #VALUE! takes no record).
  const columns = labels.map((label) => (isErr(label) ? -1 : columnNamed(database.labels, label)));
  const conditionRows: Condition[][] = [];
  for (let r = 1; r < rows.length; r++) {
    const conditions: Condition[] = [];
    for (let c = 0; c < labels.length; c++) {
      const raw = rows[r]![c];
      if (blank(raw)) continue;
      const column = columns[c]!;
      if (column >= 0) {
        const test = columnTest(engine, raw);
        conditions.push(test instanceof Unsure ? () => test : (record) => test(database.records[record]![column]));
        continue;
      }
      // Under a label naming no column: a computed criterion, a formula computed for each record.
      const computed = start ? engine.computedCriterion({ sheet: start.sheet, row: start.row + r, col: start.col + c }, database) : new Unsure('a computed criterion in a criteria range that is no range of cells');
      conditions.push(computed instanceof Unsure ? () => computed : computedTest(computed));
    }
    conditionRows.push(conditions);
  }
  return (record: number) => {
    let unsure: Unsure | undefined;
    for (const conditions of conditionRows) {
      let rowUnsure: Unsure | undefined;
      let met = true;
      for (const condition of conditions) {
        const t = condition(record);
        if (t === false) {
          met = false;
          break;
        }
        if (t instanceof Unsure) rowUnsure ??= t;
      }
      if (met && !rowUnsure) return true;
      if (met) unsure ??= rowUnsure;
    }
    return unsure ?? false;
  };
}
