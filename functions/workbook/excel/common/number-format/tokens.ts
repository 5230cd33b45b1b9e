import { lcidOfName } from './locales.js';

/**
 * A number format code cut into the tokens Excel reads, in the order written. Microsoft's pages
 * "Number format codes" and "Review guidelines for customizing a number format" are the rule:
 * `0 # ?` digit placeholders, `.` the decimal point, `,` grouping or scaling, `%` percent, `E+ E- e+
 * e-` an exponent, `/` a fraction, the date and time letters (`y m d h s`, `AM/PM`, `A/P`, elapsed
 * `[h] [m] [s]`), `General`, `@` the text, `_x` a space the width of x, `*x` a fill, `"text"` and
 * `\c` literal text, `[...]` colours, conditions, locale tags and `[DBNum1]`, `;` between sections.
 * Every other character is shown as it is.
 */

export type Token =
  | { kind: 'digit'; char: '0' | '#' | '?' }
  /** A digit 1–9: a fixed denominator after `/` (`#/100`), else shown as it is. */
  | { kind: 'number'; char: string }
  | { kind: 'point' }
  | { kind: 'comma' }
  | { kind: 'percent' }
  | { kind: 'slash' }
  | { kind: 'exponent'; marker: 'E' | 'e'; sign: '+' | '-' }
  /** Date and time letters, lower-cased and run together (`yyyy`, `mm`, `h`, `ddd`, `e`, `b`, `g`). */
  | { kind: 'date'; letters: string }
  | { kind: 'elapsed'; unit: 'h' | 'm' | 's'; width: number }
  /** AM/PM (any case) writes AM and PM; A/P writes A and P, a/p writes a and p. */
  | { kind: 'ampm'; short: boolean; lower: boolean }
  /** General; `chinese` when written as zh-CN Excel names it in a formula (`G/通用格式`). */
  | { kind: 'general'; chinese?: boolean }
  | { kind: 'at' }
  /** Text shown as it is; `plain` when written bare, not quoted or escaped. */
  | { kind: 'literal'; text: string; plain?: boolean }
  /** `_x`: TEXT writes one space for it. */
  | { kind: 'space' }
  /** `*x`: fills a cell's width; TEXT writes nothing for it. */
  | { kind: 'fill' }
  | { kind: 'color' }
  | { kind: 'condition'; op: Comparison; value: number }
  /** `[$€-407]`, `[$-804]`, `[$INR]`: the text to show (currency) and the language id, if any. */
  | { kind: 'locale'; text: string; lcid: number | undefined; tag: string }
  | { kind: 'dbnum'; level: number }
  /** A bracket this engine does not read (`[NatNum1]`, `[$-x-sysdate]`…). */
  | { kind: 'unknownBracket'; text: string }
  | { kind: 'section' };

export type Comparison = '<' | '<=' | '>' | '>=' | '=' | '<>';

/** Why a code cannot be cut into tokens: Excel refuses it (`refused`), or it is outside what is read here (`unread`). */
export interface TokenProblem {
  problem: 'refused' | 'unread';
  why: string;
}

/** General as zh-CN Excel writes it in a formula's format text. */
const CHINESE_GENERAL = 'G/通用格式';
const COLORS = new Set(['black', 'blue', 'cyan', 'green', 'magenta', 'red', 'white', 'yellow']);
const CONDITION = /^(<>|<=|>=|<|>|=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$/;
const DATE_LETTERS = /[ymdhsebg]/i;

/** The tokens of a whole code (sections included), or why it cannot be read. */
export function tokenize(code: string): Token[] | TokenProblem {
  const tokens: Token[] = [];
  const n = code.length;
  let i = 0;
  while (i < n) {
    const c = code[i]!;
    switch (c) {
      case '"': {
        const end = code.indexOf('"', i + 1);
        if (end < 0) return { problem: 'refused', why: 'a quote left open' };
        tokens.push({ kind: 'literal', text: code.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
      case '\\':
      case '_':
      case '*': {
        if (i + 1 >= n) return { problem: 'unread', why: `"${c}" at the end of the code` };
        // The character after _ or * may itself be escaped (`_\)`).
        const width = code[i + 1] === '\\' && c !== '\\' && i + 2 < n ? 2 : 1;
        const next = code.slice(i + width, i + width + 1);
        tokens.push(c === '\\' ? { kind: 'literal', text: next } : c === '_' ? { kind: 'space' } : { kind: 'fill' });
        i += 1 + width;
        continue;
      }
      case '[': {
        const end = code.indexOf(']', i + 1);
        if (end < 0) return { problem: 'refused', why: 'a bracket left open' };
        tokens.push(bracket(code.slice(i + 1, end)));
        i = end + 1;
        continue;
      }
      case ';':
        tokens.push({ kind: 'section' });
        break;
      case '0':
      case '#':
      case '?':
        tokens.push({ kind: 'digit', char: c });
        break;
      case '.':
        tokens.push({ kind: 'point' });
        break;
      case ',':
        tokens.push({ kind: 'comma' });
        break;
      case '%':
        tokens.push({ kind: 'percent' });
        break;
      case '/':
        tokens.push({ kind: 'slash' });
        break;
      case '@':
        tokens.push({ kind: 'at' });
        break;
      default: {
        if (c >= '1' && c <= '9') {
          tokens.push({ kind: 'number', char: c });
          break;
        }
        const word = wordAt(code, i);
        if (word) {
          tokens.push(word.token);
          i += word.length;
          continue;
        }
        tokens.push({ kind: 'literal', text: c, plain: true });
      }
    }
    i++;
  }
  return tokens;
}

/** A token of letters at i (General, an exponent, AM/PM, date letters), or undefined for a plain character. */
function wordAt(code: string, i: number): { token: Token; length: number } | undefined {
  const c = code[i]!;
  if ((c === 'G' || c === 'g') && code.slice(i, i + 7).toLowerCase() === 'general') return { token: { kind: 'general' }, length: 7 };
  if (c === 'G' && code.startsWith(CHINESE_GENERAL, i)) return { token: { kind: 'general', chinese: true }, length: CHINESE_GENERAL.length };
  if ((c === 'E' || c === 'e') && (code[i + 1] === '+' || code[i + 1] === '-')) return { token: { kind: 'exponent', marker: c, sign: code[i + 1] as '+' | '-' }, length: 2 };
  if (c === 'A' || c === 'a') {
    if (code.slice(i, i + 5).toUpperCase() === 'AM/PM') return { token: { kind: 'ampm', short: false, lower: false }, length: 5 };
    if (code.slice(i, i + 3).toUpperCase() === 'A/P') return { token: { kind: 'ampm', short: true, lower: c === 'a' }, length: 3 };
    return undefined;
  }
  if (code.startsWith('上午/下午', i)) return { token: { kind: 'ampm', short: false, lower: false }, length: 5 };
  // A bare E is no date letter (e is the year): Excel reads E only as an exponent's.
  if (c === 'E' || !DATE_LETTERS.test(c)) return undefined;
  // B1 and B2 choose the Gregorian or the Hijri calendar.
  if ((c === 'B' || c === 'b') && (code[i + 1] === '1' || code[i + 1] === '2')) return { token: { kind: 'unknownBracket', text: code.slice(i, i + 2) }, length: 2 };
  const lower = c.toLowerCase();
  let j = i + 1;
  while (j < code.length && code[j]!.toLowerCase() === lower) j++;
  return { token: { kind: 'date', letters: lower.repeat(j - i) }, length: j - i };
}

/** What a [bracket] holds: a colour, a condition, elapsed time, a locale tag, DBNum, or something unread. */
function bracket(inner: string): Token {
  const lower = inner.toLowerCase();
  if (COLORS.has(lower) || /^color\s*\d{1,2}$/.test(lower)) return { kind: 'color' };
  const condition = CONDITION.exec(inner);
  if (condition) return { kind: 'condition', op: condition[1] as Comparison, value: Number(condition[2]) };
  if (/^(h+|m+|s+)$/.test(lower)) return { kind: 'elapsed', unit: lower[0] as 'h' | 'm' | 's', width: lower.length };
  const dbnum = /^dbnum(\d)$/.exec(lower);
  if (dbnum) return { kind: 'dbnum', level: Number(dbnum[1]) };
  if (inner.startsWith('$')) {
    // [$text-lcid] with the language id in hex, or [$text-name] with a language name (zh-CN).
    const last = inner.lastIndexOf('-');
    if (last < 0) return { kind: 'locale', text: inner.slice(1), lcid: undefined, tag: inner };
    if (/^[0-9a-f]{1,8}$/i.test(inner.slice(last + 1))) return { kind: 'locale', text: inner.slice(1, last), lcid: parseInt(inner.slice(last + 1), 16), tag: inner };
    const first = inner.indexOf('-');
    if (/^[a-z]{2,3}(-[a-z0-9]+)*$/i.test(inner.slice(first + 1))) return { kind: 'locale', text: inner.slice(1, first), lcid: lcidOfName(inner.slice(first + 1)) ?? -1, tag: inner };
  }
  return { kind: 'unknownBracket', text: inner };
}
