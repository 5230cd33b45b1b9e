import { compileSection, FormatProblem } from './sections.js';
import type { Condition, RenderOptions, Section } from './sections.js';
import { tokenize } from './tokens.js';
import type { Token } from './tokens.js';

/**
 * Excel's number format codes, rendered here for TEXT, FIXED, DOLLAR, CELL("format") and the fast
 * path alike: a code is compiled once (cached by its text) into its sections, and a value goes
 * through the section Microsoft's rules choose for it (chosen here). The parts: tokens.ts cuts the
 * code, sections.ts compiles a section, number.ts, fraction.ts, scientific.ts,
 * date-time.ts and general.ts render them, chinese-numerals.ts and locales.ts write [DBNum] and
 * language tags, foreign-codes.ts reads codes written in another language, cell-format.ts answers
 * CELL("format").
 */

export { FormatProblem } from './sections.js';
export type { RenderOptions } from './sections.js';
export { EN_US_MARKS } from './number.js';
export type { Marks } from './number.js';
export { generalMagnitude, numberText } from './general.js';
export { foreignDateReading, foreignLetters, foreignNumberReading, foreignSeparators } from './foreign-codes.js';
export { cellFormatInfo } from './cell-format.js';
export type { CellFormatInfo } from './cell-format.js';

/**
 * A compiled code: the sections numbers go through, in order, and the one text goes through.
 * Microsoft's "Review guidelines for customizing a number format": up to four sections,
 * `<POSITIVE>;<NEGATIVE>;<ZERO>;<TEXT>`. With one section every number uses it (a negative one with
 * a minus sign in front), with two the first serves positive numbers and zero, an empty section
 * shows nothing, and a section with `@` is the one for text. Conditions (`[>100]`, `[<=-5]`)
 * choose among the first three sections (minusSigns says which write a minus sign).
 */
export interface CompiledFormat {
  numbers: Section[];
  /** Whether a condition chooses the section (else the sign of the number does). */
  conditional: boolean;
  /** Whether each number section writes a minus sign before a negative number. */
  minus: boolean[];
  text: Section | undefined;
  problem: FormatProblem | undefined;
}

/** Compiled codes by their text. A workbook holds few distinct codes; a computed code text is bounded by this count. */
const compiled = new Map<string, CompiledFormat>();
const CACHE_LIMIT = 10_000;

/** A code compiled (once). */
export function compileFormat(code: string): CompiledFormat {
  let format = compiled.get(code);
  if (!format) {
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    format = compileCode(code);
    compiled.set(code, format);
  }
  return format;
}

/** A number through a code, in the options' date system and with their decimal point and group separator. */
export function formatNumber(code: string, value: number, options: RenderOptions): string | FormatProblem {
  const format = compileFormat(code);
  if (format.problem) return format.problem;
  if (!Number.isFinite(value)) return new FormatProblem('refused', 'a number that is not finite');
  const v = value === 0 ? 0 : value;
  const at = sectionIndex(format, v);
  if (at < 0) return new FormatProblem('unread', 'a number no section of the code admits');
  const section = format.numbers[at]!;
  if (section.problem) return section.problem;
  return section.number(v, format.minus[at]!, options);
}

/** Text through a code: its text section, or the text as it is when the code has none; empty text stays empty. */
export function formatText(code: string, value: string): string | FormatProblem {
  const format = compileFormat(code);
  if (format.problem) return format.problem;
  if (!format.text || value === '') return value;
  if (format.text.problem) return format.text.problem;
  return format.text.text(value);
}

/** The index of the number section a value goes through, or -1 when no section admits it. */
function sectionIndex(format: CompiledFormat, v: number): number {
  const n = format.numbers.length;
  if (!format.conditional) {
    if (n === 1 || v > 0 || (v === 0 && n === 2)) return 0;
    if (v < 0) return 1;
    return 2;
  }
  for (let i = 0; i < Math.min(n, 3); i++) {
    const condition = format.numbers[i]!.condition;
    if (!condition || holds(condition, v)) return i;
  }
  return -1;
}

function holds(c: Condition, v: number): boolean {
  switch (c.op) {
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    case '=':
      return v === c.value;
    default:
      return v !== c.value;
  }
}

/** Whether a condition admits negative numbers only, so that its section writes no minus sign: `<` or `<=` or `=` a negative number, `<0`. */
function negativeOnly(c: Condition): boolean {
  return (c.value < 0 && (c.op === '<' || c.op === '<=' || c.op === '=')) || (c.value === 0 && c.op === '<');
}

function compileCode(code: string): CompiledFormat {
  const tokens = tokenize(code);
  if (!Array.isArray(tokens)) return { numbers: [], conditional: false, minus: [], text: undefined, problem: new FormatProblem(tokens.problem, tokens.why) };
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'section') parts.push([]);
    else parts.at(-1)!.push(t);
  }
  // More than four sections: Excel refuses the code (TEXT answers #VALUE!).
  if (parts.length > 4) return { numbers: [], conditional: false, minus: [], text: undefined, problem: new FormatProblem('refused', 'more than four sections') };
  const sections = parts.map(compileSection);
  if (sections.filter((s) => s.condition).length > 2) return { numbers: [], conditional: false, minus: [], text: undefined, problem: new FormatProblem('unread', 'more than two conditions') };
  // The text section: the fourth, or the one with @; a single section of text alone serves text too.
  let text: Section | undefined;
  let numbers = sections;
  if (sections.length === 4) {
    text = sections[3];
    numbers = sections.slice(0, 3);
  } else {
    const at = sections.findIndex((s) => s.forText);
    if (at >= 0) {
      if (sections.some((s, i) => i !== at && s.forText)) return { numbers: [], conditional: false, minus: [], text: undefined, problem: new FormatProblem('unread', 'two sections for text') };
      text = sections[at];
      numbers = sections.filter((_, i) => i !== at);
    } else if (sections.length === 1 && sections[0]!.quotedTextOnly) text = sections[0];
  }
  if (numbers.length === 0) numbers = [compileSection([{ kind: 'general' }])];
  const conditional = numbers.some((s) => s.condition);
  return { numbers, conditional, minus: minusSigns(numbers), text, problem: undefined };
}

/**
 * Which number sections write a minus sign before a negative number. Without conditions only a
 * single section does. With conditions (numfmt's tests, checked against Excel): each conditional
 * section does unless its condition admits only negative numbers; with one or two sections, a
 * second one without a condition does when the first's condition is `=` or admits no negative
 * number (`>`, `>=` a number not below 0). Without a section for what the conditions leave, the
 * rest is shown as General.
 */
function minusSigns(numbers: Section[]): boolean[] {
  const conditional = numbers.some((s) => s.condition);
  if (!conditional) return numbers.map((_, i) => numbers.length === 1 && i === 0);
  const first = numbers[0]!;
  first.condition ??= { op: '>', value: 0 };
  if (numbers.length === 1) numbers.push(compileSection([{ kind: 'general' }]));
  if (numbers.length >= 3) return numbers.map((s) => !s.condition || !negativeOnly(s.condition));
  const c = first.condition;
  const second = numbers[1]!;
  const secondMinus = second.condition ? !negativeOnly(second.condition) : c.op === '=' || (c.value >= 0 && (c.op === '>' || c.op === '>='));
  return [!negativeOnly(c), secondMinus];
}

