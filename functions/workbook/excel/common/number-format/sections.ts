import { certainNumeral, chineseDigits, chineseNumeral } from './chinese-numerals.js';
import { datePattern, renderDate } from './date-time.js';
import { fractionPattern, renderFraction } from './fraction.js';
import { generalMagnitude } from './general.js';
import { dateNamesOf, ENGLISH_NAMES } from './locales.js';
import { numberPattern, renderNumberPattern, shownText } from './number.js';
import type { Marks } from './number.js';
import { renderScientific, scientificPattern } from './scientific.js';
import type { Comparison, Token } from './tokens.js';

/**
 * One section of a code compiled: its condition and colour (a colour changes no text), its locale
 * tag and [DBNum], and what it is, Microsoft's "Number format codes": text (`@`), a date or time,
 * General, scientific, a fraction, or digit placeholders (or text alone). Which section a value
 * goes through is index.ts's choice.
 */

/** A case Excel refuses (#VALUE!), a code this engine does not read, or an answer that is only Excel's likeliest. */
export class FormatProblem {
  constructor(
    readonly kind: 'refused' | 'unread' | 'likely',
    readonly why: string,
    /** For `likely`: the answer, and whether it depends on the user's language. */
    readonly answer = '',
    readonly reason: 'format' | 'locale' = 'format',
  ) {}
}

export interface Condition {
  op: Comparison;
  value: number;
}

/** How numbers are written: the workbook's date system, the decimal point and group separator. */
export interface RenderOptions {
  date1904: boolean;
  marks: Marks;
}

/** Renders a number (writing a minus sign before a negative one when `minus`). */
type NumberRenderer = (value: number, minus: boolean, options: RenderOptions) => string | FormatProblem;

/** A compiled section: what a number and a text become through it. */
export interface Section {
  condition: Condition | undefined;
  /** Only quoted or escaped text: such a single section serves text too. */
  quotedTextOnly: boolean;
  /** Has `@`: the section for text. */
  forText: boolean;
  /** The section's problem, met when it is used. */
  problem: FormatProblem | undefined;
  number: NumberRenderer;
  text: (value: string) => string;
}

type SectionBase = Pick<Section, 'condition' | 'quotedTextOnly' | 'forText' | 'problem'>;

/** One section's tokens compiled. */
export function compileSection(all: readonly Token[]): Section {
  let condition: Condition | undefined;
  let lcid: number | undefined;
  let dbnum = 0;
  let chineseGeneral = false;
  let problem: FormatProblem | undefined;
  const tokens: Token[] = [];
  for (const t of all) {
    if (t.kind === 'color') continue;
    if (t.kind === 'condition') {
      if (condition) problem ??= new FormatProblem('unread', 'two conditions in one section');
      condition = { op: t.op, value: t.value };
    } else if (t.kind === 'dbnum') dbnum = t.level;
    else if (t.kind === 'unknownBracket') problem ??= new FormatProblem('unread', `the code ${t.text}`);
    else if (t.kind === 'locale') {
      if (t.lcid !== undefined) lcid = t.lcid;
      if (t.text) tokens.push({ kind: 'literal', text: t.text });
    } else {
      if (t.kind === 'general' && t.chinese) chineseGeneral = true;
      // Letters Excel takes for codes of its own when written bare (an E without a sign, N).
      if (t.kind === 'literal' && t.plain && /^[EeNnÈÉÊËèéêëÑñ]$/.test(t.text)) problem ??= new FormatProblem('unread', `the letter ${t.text} written bare`);
      tokens.push(t);
    }
  }
  // Without a placeholder, e+ and e- are the year (e) and a sign: e-m is 1900-1.
  if (!tokens.some((t) => t.kind === 'digit')) {
    for (let i = tokens.length - 1; i >= 0; i--) {
      const t = tokens[i]!;
      if (t.kind === 'exponent' && t.marker === 'e') tokens.splice(i, 1, { kind: 'date', letters: 'e' }, { kind: 'literal', text: t.sign });
    }
  }
  const has = (kind: Token['kind']) => tokens.some((t) => t.kind === kind);
  const base: SectionBase = { condition, quotedTextOnly: false, forText: has('at'), problem };
  const unread = (why: string): SectionBase => ({ ...base, problem: problem ?? new FormatProblem('unread', why) });
  const text = (value: string) => renderTextSection(tokens, value);
  if (base.forText) {
    const mixed = has('digit') || has('date') || has('general') || has('exponent') || has('elapsed') || has('ampm');
    return { ...(mixed ? unread('placeholders beside @') : base), number: generalNumber([], 0), text };
  }
  let section: Section;
  if (has('date') || has('elapsed') || has('ampm')) section = dateSection(tokens, lcid, dbnum, base);
  else if (has('general')) {
    const beside = tokens.some((t) => t.kind === 'digit' || t.kind === 'point' || t.kind === 'slash' || t.kind === 'percent');
    section = { ...(beside ? unread('General beside placeholders') : base), number: generalNumber(tokens, dbnum), text };
  } else if (has('exponent')) {
    const p = scientificPattern(tokens);
    section = p ? { ...base, number: (v, minus, o) => renderScientific(p, Math.abs(v), minus && v < 0, o.marks), text } : { ...unread('an exponent without placeholders on both sides'), number: () => '', text };
  } else if (has('slash') && fractionPattern(tokens)) {
    const p = fractionPattern(tokens)!;
    section = { ...base, number: (v, minus) => renderFraction(p, Math.abs(v), minus && v < 0), text };
  } else {
    const p = numberPattern(tokens);
    // Only quoted or escaped text ("hi", \h\i): such a section writes no minus sign and, alone, serves text too
    // (Excel's answers in POI's TextFormatTests.xlsx and SSF's oddities); bare characters (r, 123) show a minus.
    const quotedOnly = tokens.length > 0 && tokens.every((t) => t.kind === 'literal' && !t.plain);
    const noDigits = p.wholeSlots === '' && p.fractionSlots === '';
    const render: NumberRenderer = (v, minus, o) => (noDigits ? (minus && v < 0 && !quotedOnly ? '-' : '') + renderNumberPattern(p, 0, false) : renderNumberPattern(p, Math.abs(v), minus && v < 0, o.marks));
    // Chinese numerals through digit placeholders have no source here: Excel's likeliest answer.
    section = { ...base, quotedTextOnly: quotedOnly, number: dbnum ? chineseNumber(render, dbnum, false) : render, text };
  }
  if (chineseGeneral) {
    const number = section.number;
    section = { ...section, number: (v, minus, o) => likelyIn(number(v, minus, o), 'G/通用格式 is General as zh-CN Excel writes it', 'locale') };
  }
  return section;
}

/** General with the section's text around it (General where no text is, a minus sign before it). */
function generalNumber(tokens: readonly Token[], dbnum: number): NumberRenderer {
  const texts = tokens.map((t) => (t.kind === 'general' ? undefined : shownText(t)));
  const placed = texts.includes(undefined);
  const render: NumberRenderer = (value, minus, o) => {
    const magnitude = generalMagnitude(value);
    const body = o.marks.point === '.' ? magnitude : magnitude.replace('.', o.marks.point);
    let out = minus && value < 0 ? '-' : '';
    for (const text of texts) out += text ?? body;
    return placed ? out : out + body;
  };
  return dbnum ? chineseNumber(render, dbnum, true) : render;
}

/**
 * A section under [DBNumN]: a whole number written as Chinese numerals with units, the rest of the
 * section as written. Certain for plain numbers through General (`certain`, chinese-numerals.ts);
 * numbers with a fraction or inner zeros, through placeholders, and DBNum3, are Excel's likeliest answer.
 */
function chineseNumber(render: NumberRenderer, level: number, certain: boolean): NumberRenderer {
  return (value, minus, o) => {
    const plain = render(value, minus, o);
    if (plain instanceof FormatProblem) return plain;
    if (level < 1 || level > 3) return new FormatProblem('unread', `[DBNum${level}]`);
    const match = /\d[\d,]*(\.\d+)?(E[-+]\d+)?/.exec(plain);
    if (!match) return plain;
    if (match[2]) return new FormatProblem('unread', `[DBNum${level}] of a number in scientific notation`);
    const grouped = match[0].includes(',');
    const whole = Number(match[0].split('.')[0]!.replace(/,/g, ''));
    const fraction = match[1] ? `.${level === 2 ? upperDigits(match[1].slice(1)) : chineseDigits(match[1].slice(1))}` : '';
    const answer = plain.slice(0, match.index) + chineseNumeral(whole, level) + fraction + plain.slice(match.index + match[0].length);
    if (certain && !grouped && !match[1] && certainNumeral(whole, level)) return answer;
    return new FormatProblem('likely', `[DBNum${level}] of ${match[0]} as zh-CN Excel likeliest writes it`, answer);
  };
}

function upperDigits(digits: string): string {
  let out = '';
  for (const d of digits) out += '零壹贰叁肆伍陆柒捌玖'[Number(d)]!;
  return out;
}

function dateSection(tokens: readonly Token[], lcid: number | undefined, dbnum: number, base: SectionBase): Section {
  const names = lcid === undefined ? ENGLISH_NAMES : dateNamesOf(lcid);
  const usesNames = tokens.some((t) => t.kind === 'ampm' || (t.kind === 'date' && /^(mmm|ddd)/.test(t.letters)));
  const text = (v: string) => renderTextSection(tokens, v);
  const unread = (why: string): Section => ({ ...base, problem: base.problem ?? new FormatProblem('unread', why), number: () => '', text });
  if (!names && usesNames) return unread(`the date names of language ${lcid}`);
  const timeParts = tokens.some((t) => t.kind === 'elapsed' || t.kind === 'ampm' || (t.kind === 'date' && /^[hs]/.test(t.letters)));
  if (dbnum > 1 || (dbnum === 1 && timeParts)) return unread(`[DBNum${dbnum}] in a date or time`);
  const p = datePattern(tokens, names ?? ENGLISH_NAMES, dbnum === 1);
  if (!p) return unread('date or time codes this engine does not read (an era, or beside digit placeholders)');
  return {
    ...base,
    number: (v, minus, o) => {
      // A negative number in a section that writes no minus (the second of two): no certain reading.
      if (v < 0 && !minus) return new FormatProblem('unread', 'a negative number in a date section of its own');
      const answer = renderDate(p, v, o.date1904);
      if (answer === undefined) return new FormatProblem('refused', 'a number that is no date or time Excel shows');
      return dbnum ? new FormatProblem('likely', 'a date in Chinese numerals ([DBNum1]) as zh-CN Excel likeliest writes it', answer) : answer;
    },
    text,
  };
}

/** Text through a text section: `@` (or General) is the text, the rest as written. */
export function renderTextSection(tokens: readonly Token[], value: string): string {
  let out = '';
  for (const t of tokens) out += t.kind === 'at' || t.kind === 'general' ? value : shownText(t);
  return out;
}

/** An answer marked as Excel's likeliest for a reason (a problem other than a likely answer stays as it is). */
function likelyIn(answer: string | FormatProblem, why: string, reason: 'format' | 'locale'): string | FormatProblem {
  if (answer instanceof FormatProblem) return answer.kind === 'likely' ? new FormatProblem('likely', `${answer.why}; ${why}`, answer.answer, reason) : answer;
  return new FormatProblem('likely', why, answer, reason);
}
