import type { Trace } from '../explain/trace.js';
import type { ExcelError } from '../i18n/messages.js';
import type { LabelSet } from '../policy/labels.js';
import type { PolicyDoc } from '../policy/schema.js';
import type { Decimal } from '../values/money.js';
import type { CallResult, CellValue, Lang, Matrix, Scalar, Text2 } from '../values/types.js';

/**
 * How a parameter is read from a cell value. The adapter (coerce.ts) does every check these imply,
 * so rule bodies receive clean typed values and hold only the policy.
 */
export type ParamType =
  | 'number' // a finite number → number
  | 'amount' // a money amount → Decimal
  | 'integer' // a whole number → number
  | 'boolean'
  | 'text' // any text → trimmed string
  | 'entry' // what is written in one cell, text or a number → its text; TRUE/FALSE or a range (even of one cell) is refused
  | 'digits' // a number written as digits (an identity number) → trimmed text; a whole number of at most 15 digits, which Excel keeps exactly, is read as its digits
  | 'label' // one of the policy's labels → its canonical term
  | 'date' // Excel serial or ISO text → whole-day serial
  | 'datetime' // Excel serial or ISO text → whole seconds since serial 0
  | 'time' // a time of day (0.875, "20:45", or a date-time's time) → seconds since midnight
  | 'expiry' // a date, or 长期/long-term for none → whole-day serial or null
  | 'numbers' // a range of numbers, blanks skipped → number[]
  | 'numberCells' // a range of numbers keeping blanks' places → Cells<number>
  | 'labelCells' // a range of labels keeping blanks' places → Cells<string>
  | 'booleanCells' // a range of TRUE/FALSE keeping blanks' places → Cells<boolean>
  | 'dateCells' // a range of dates keeping blanks' places → Cells<whole-day serial>
  | 'texts' // a range of any text, blanks skipped → string[]
  | 'any'; // anything, passed through (EXPLAIN's arguments)

/** A range flattened in reading order (rows, then columns), blanks as null, with its shape. */
export interface Cells<T> {
  rows: number;
  cols: number;
  items: (T | null)[];
}

/** The allowed values of a number: bounds (inclusive unless said), whole numbers, a divisor. */
export interface Domain {
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  /** 0 is #DIV/0!, below 0 is #NUM! */
  divisor?: boolean;
}

export interface ParamDecl {
  /** The name on the wire and in English metadata (camelCase). */
  readonly name: string;
  readonly type: ParamType;
  readonly zh: string;
  readonly description: Text2;
  readonly optional?: boolean;
  /** A default for an optional parameter: a constant, or read from the policy. */
  readonly default?: Scalar | ((p: PolicyDoc) => Scalar);
  readonly domain?: Domain;
  /** For `label` and `labelCells`: the labels the policy accepts. */
  readonly labels?: (p: PolicyDoc) => LabelSet;
  /** The last parameter may repeat (EXPLAIN's arguments). */
  readonly repeating?: boolean;
}

interface TypeOf {
  number: number;
  amount: Decimal;
  integer: number;
  boolean: boolean;
  text: string;
  entry: string;
  digits: string;
  label: string;
  date: number;
  datetime: number;
  time: number;
  expiry: number | null;
  numbers: number[];
  numberCells: Cells<number>;
  labelCells: Cells<string>;
  booleanCells: Cells<boolean>;
  dateCells: Cells<number>;
  texts: string[];
  any: CellValue[];
}

type RangeType = 'numbers' | 'numberCells' | 'labelCells' | 'booleanCells' | 'dateCells' | 'texts';

/**
 * The parameter types whose value is text even when it is all digits: a command line keeps what was
 * typed for them (120101199003070048 stays those 18 digits, never a number rounded to 15).
 */
export const TEXT_TYPES: ReadonlySet<ParamType> = new Set<ParamType>(['text', 'entry', 'digits']);

/** The parameter types that take a range (Excel's metadata declares them as matrices). */
export const RANGE_TYPES: ReadonlySet<ParamType> = new Set<RangeType>(['numbers', 'numberCells', 'labelCells', 'booleanCells', 'dateCells', 'texts']);

// An optional parameter without a default (or with null) is undefined when omitted; an omitted range is empty.
type ArgOf<P extends ParamDecl> = P['repeating'] extends true
  ? CellValue[]
  : P['optional'] extends true
    ? P['type'] extends RangeType
      ? TypeOf[P['type']]
      : P extends { default: infer D }
        ? [D] extends [null | undefined]
          ? TypeOf[P['type']] | undefined
          : TypeOf[P['type']]
        : TypeOf[P['type']] | undefined
    : TypeOf[P['type']];

export type ArgsOf<P extends readonly ParamDecl[]> = { -readonly [K in keyof P]: P[K] extends ParamDecl ? ArgOf<P[K]> : never };

/** What a rule returns, by its declared result type; the caller rounds money and converts decimals. */
export interface ResultOf {
  money: Decimal; // rounded once, half-up, to 0.01
  ratio: Decimal | number; // unrounded: the nearest double to the decimal result
  number: number;
  boolean: boolean;
  label: string;
  text: string;
  date: number; // a whole-day serial
  matrix: Matrix;
  any: Scalar;
}
export type ResultType = keyof ResultOf;

export interface RuleContext {
  readonly policy: PolicyDoc;
  readonly trace: Trace;
  readonly lang: Lang;
  /** Calls another catalog function (EXPLAIN uses it): value and explanation from the same rules. */
  readonly call: (id: string, args: readonly unknown[], explain: boolean) => { result: CallResult; steps: string[] };
  /** Finds a catalog function by id, POLICY.id or Chinese name. */
  readonly find: (name: string) => FunctionDecl | undefined;
}

export type Section = 'marketing' | 'guarantee' | 'tobacco' | 'bank' | 'policy';

/** A worked example: it is shown in the reference and the task pane, and run as a test. */
export interface Example {
  readonly args: readonly CellValue[];
  /** The value; `{ error }` an Excel error code; `{ contains }` text that must appear in a text result. */
  readonly result: Scalar | Matrix | { error: string } | { contains: readonly string[] };
  readonly policy?: string;
}

export interface FunctionDecl<P extends readonly ParamDecl[] = readonly ParamDecl[], R extends ResultType = ResultType> {
  readonly id: string;
  readonly section: Section;
  readonly name: Text2;
  readonly description: Text2;
  /** The sentence of the source policy the rule implements (Chinese, as written). */
  readonly source: string;
  readonly params: P;
  readonly result: R;
  /** The policy's rule: the result, or the ExcelError that says why there is none (returned, not thrown: a throw costs more than a call). */
  readonly rule: (args: ArgsOf<P>, ctx: RuleContext) => ResultOf[R] | ExcelError;
  readonly examples: readonly Example[];
}

/**
 * Declares a catalog function; the generic parameters give the rule typed arguments. Every
 * parameter gets the same object shape, so the adapter's property reads stay monomorphic.
 */
export function defineFunction<const P extends readonly ParamDecl[], const R extends ResultType>(d: FunctionDecl<P, R>): FunctionDecl {
  const params = d.params.map(
    (p): ParamDecl => ({
      name: p.name,
      type: p.type,
      zh: p.zh,
      description: p.description,
      optional: p.optional === true,
      default: p.default,
      domain: p.domain,
      labels: p.labels,
      repeating: p.repeating === true,
    }),
  );
  return Object.freeze({ ...d, params: Object.freeze(params) }) as unknown as FunctionDecl;
}
