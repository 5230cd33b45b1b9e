import type { ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue } from 'hyperformula';
import { isErr, numberOf, valuesOf } from './common/arguments.js';
import { likely, unsureAt } from './common/errors.js';
import type { CallAst } from './common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER } from './common/function-plugin.js';
import { foreignDateReading, foreignLetters, foreignNumberReading, foreignSeparators, numberText } from './common/number-format/index.js';
import type { Uncertainty } from './common/text-rendering.js';
import { dollarText, excelText, fixedText, numberValue, textOptions } from './common/text-rendering.js';
import { wildcardSource } from './lookups.js';
import { MAX_CELL_TEXT } from '../model/limits.js';
import { bahtText } from './common/baht-text.js';

/**
 * Excel's text functions where HyperFormula's answers differ or it has none: TEXT with Excel's
 * number formats, FIXED, DOLLAR and NUMBERVALUE in the user's conventions (en-US here, a cached
 * answer kept), TEXTBEFORE and TEXTAFTER, SUBSTITUTE, MID, FIND, SEARCH and REPLACE with their
 * numbers truncated, T and CONCAT; CHAR and CODE in the computer's code page (Windows-1252 here, a
 * cached answer kept), UNICHAR and UNICODE refusing half a surrogate pair; ENCODEURL and BAHTTEXT.
 * A text longer than Excel's 32,767 characters is #VALUE! wherever one is made: REPT, CONCATENATE,
 * CONCAT, SUBSTITUTE, REPLACE, ENCODEURL, and the `&` operator (the translation writes a chain of `&` as
 * EXCEL.TEXTCAP(a&b&…)); REPT and SUBSTITUTE know their length before they build the text.
 */

export class ExcelTextPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TEXT: { method: 'formatText', parameters: [ANY, { argumentType: FunctionArgumentType.STRING }] },
    FIXED: { method: 'fixed', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false }] },
    NUMBERVALUE: { method: 'numbervalue', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING, defaultValue: '.' }, { argumentType: FunctionArgumentType.STRING, defaultValue: ',' }] },
    TEXTBEFORE: { method: 'textbefore', parameters: [{ argumentType: FunctionArgumentType.STRING }, ANY, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.SCALAR, optionalArg: true }], vectorizationForbidden: true },
    TEXTAFTER: { method: 'textafter', parameters: [{ argumentType: FunctionArgumentType.STRING }, ANY, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }, { argumentType: FunctionArgumentType.SCALAR, optionalArg: true }], vectorizationForbidden: true },
    DOLLAR: { method: 'dollar', parameters: [NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 }] },
    SUBSTITUTE: { method: 'substitute', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }] },
    MID: { method: 'mid', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER, NUMBER] },
    FIND: { method: 'find', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
    SEARCH: { method: 'search', parameters: [{ argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.STRING }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }] },
    REPLACE: { method: 'replace', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER, NUMBER, { argumentType: FunctionArgumentType.STRING }] },
    T: { method: 'textOnly', parameters: [ANY], vectorizationForbidden: true },
    CONCAT: { method: 'concat', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    CONCATENATE: { method: 'concatenate', parameters: [{ argumentType: FunctionArgumentType.STRING }], repeatLastArgs: 1, expandRanges: true },
    REPT: { method: 'rept', parameters: [{ argumentType: FunctionArgumentType.STRING }, NUMBER] },
    'EXCEL.TEXTCAP': { method: 'textCap', parameters: [{ argumentType: FunctionArgumentType.SCALAR }] },
    CHAR: { method: 'char', parameters: [NUMBER] },
    CODE: { method: 'code', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
    UNICHAR: { method: 'unichar', parameters: [NUMBER] },
    UNICODE: { method: 'unicode', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
    ENCODEURL: { method: 'encodeUrl', parameters: [{ argumentType: FunctionArgumentType.STRING }] },
    BAHTTEXT: { method: 'bahtText', parameters: [NUMBER] },
  };

  /**
   * TEXT(value, format_text) with Excel's number formats (text-rendering.ts). Where the answer is
   * not certain here, a cached value is kept; without one the cell takes Excel's likeliest answer,
   * reported: the value as General shows it for a code this engine does not read, the reading of a
   * code written in another language as that language reads it.
   */
  /** BAHTTEXT: the amount in Thai words with บาท and สตางค์. */
  bahtText(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'BAHTTEXT', (n: number) => bahtText(n));
  }

  /** ENCODEURL: each UTF-8 byte outside the unreserved characters (A–Z a–z 0–9 - _ . ~) as %XX. */
  encodeUrl(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'ENCODEURL', (text: string) => capped(encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)));
  }

  formatText(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'TEXT', (v: unknown, fmt: string) => {
      const uncertainty: Uncertainty = {
        unread: (why, general) => likely(this.context, state, 'format', `${why}, shown as General`, general),
        likely: (reason, why, answer) => likely(this.context, state, reason, why, () => answer),
      };
      const options = textOptions(this.context.date1904);
      const group = foreignSeparators(fmt);
      if (group) {
        const foreign = foreignNumberReading(fmt, group);
        const detail = `the number format ${JSON.stringify(fmt)} has the separators of another language (read as such a language reads it)`;
        return likely(this.context, state, 'locale', detail, () => excelText(v, foreign.code, { ...options, marks: foreign.marks }, uncertainty));
      }
      if (foreignLetters(fmt)) {
        const dates = foreignDateReading(fmt);
        if (!dates) return unsureAt(this.context, state, `the number format ${JSON.stringify(fmt)} has the letters of another language`);
        const detail = `the number format ${JSON.stringify(fmt)} has the date letters of another language (read as ${dates.language} reads it)`;
        return likely(this.context, state, 'locale', detail, () => excelText(v, dates.code, options, uncertainty));
      }
      return excelText(v, fmt, options, uncertainty);
    });
  }

  /** FIXED writes the separators of the user's settings ("1 234,57" in much of Europe): a cached answer is kept, else en-US's. */
  fixed(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'FIXED', (n: number, decimals: number, noCommas: boolean) => {
      if (decimals > 127) return new CellError(ErrorType.VALUE);
      return likely(this.context, state, 'locale', "FIXED writes the separators of the user's settings (here en-US's)", () => fixedText(n, decimals, noCommas));
    });
  }

  /** NUMBERVALUE without its separators reads the user's (en-US's here, a cached answer kept); with them, any text. */
  numbervalue(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'NUMBERVALUE', (text: string, decimal: string, group: string) => {
      if (ast.args.length >= 3) return numberValue(text, decimal, group);
      return likely(this.context, state, 'locale', "NUMBERVALUE reads the separators of the user's settings (here en-US's)", () => numberValue(text, decimal, group));
    });
  }

  textAround(ast: CallAst, state: unknown, after: boolean): unknown {
    const name = after ? 'TEXTAFTER' : 'TEXTBEFORE';
    return this.compute(ast, state, name, (text: string, delimiter: unknown, instance?: number, mode?: number, end?: number, notFound?: unknown) => {
      const ds = valuesOf(delimiter);
      if (ds.some(isErr)) return ds.find(isErr);
      return cutAtDelimiter(after, text, ds.map((d) => (typeof d === 'string' ? d : d === EmptyValue ? '' : (numberOf(d) === undefined ? String(d) : numberText(numberOf(d)!)))), instance ?? 1, (mode ?? 0) === 1, (end ?? 0) !== 0, notFound === undefined ? new CellError(ErrorType.NA) : notFound);
    });
  }

  textbefore(ast: CallAst, state: unknown): unknown {
    return this.textAround(ast, state, false);
  }

  textafter(ast: CallAst, state: unknown): unknown {
    return this.textAround(ast, state, true);
  }

  /** DOLLAR writes the currency of the user's settings ("¥" in China): a cached answer is kept, else en-US's. */
  dollar(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'DOLLAR', (n: number, decimals: number) => {
      if (decimals > 127) return new CellError(ErrorType.VALUE);
      return likely(this.context, state, 'locale', "DOLLAR writes the currency of the user's settings (here en-US's)", () => dollarText(n, decimals));
    });
  }

  /** SUBSTITUTE: a fractional instance is truncated; an empty text to find changes nothing. */
  substitute(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'SUBSTITUTE', (text: string, find: string, by: string, instance?: number) => {
      if (find === '') return text;
      if (instance === undefined) {
        if (by.length > find.length && text.length + countOf(text, find) * (by.length - find.length) > MAX_CELL_TEXT) return new CellError(ErrorType.VALUE);
        return text.split(find).join(by);
      }
      const k = Math.trunc(instance);
      if (k < 1) return new CellError(ErrorType.VALUE);
      let at = -1;
      for (let i = 0; i < k; i++) {
        at = text.indexOf(find, at + 1);
        if (at < 0) return text;
      }
      return capped(text.slice(0, at) + by + text.slice(at + find.length));
    });
  }

  /** MID(text, start, count) with its numbers truncated, as Excel takes them (HyperFormula's MID("abcdef",1.9,2.9) is "abc", Excel's "ab"). */
  mid(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'MID', (text: string, start: number, count: number) => {
      const a = Math.trunc(start);
      const n = Math.trunc(count);
      if (a < 1 || n < 0) return new CellError(ErrorType.VALUE);
      return text.slice(a - 1, a - 1 + n);
    });
  }

  /**
   * FIND and SEARCH from a start truncated to a whole position (HyperFormula answers 1.9 for
   * SEARCH("a","ABCA",1.9), Excel 1); SEARCH ignores case and reads * ? ~ as Excel's page says.
   */
  locate(ast: CallAst, state: unknown, name: 'FIND' | 'SEARCH'): unknown {
    return this.compute(ast, state, name, (find: string, within: string, start: number) => {
      const a = Math.trunc(start);
      if (a < 1 || a > within.length) return new CellError(ErrorType.VALUE);
      const rest = within.slice(a - 1);
      const at = name === 'FIND' ? rest.indexOf(find) : (new RegExp(wildcardSource(find), 'iu').exec(rest)?.index ?? -1);
      return at < 0 ? new CellError(ErrorType.VALUE) : at + a;
    });
  }

  find(ast: CallAst, state: unknown): unknown {
    return this.locate(ast, state, 'FIND');
  }

  search(ast: CallAst, state: unknown): unknown {
    return this.locate(ast, state, 'SEARCH');
  }

  /** REPLACE(text, start, count, new): start and count truncated, as Excel does. */
  replace(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'REPLACE', (text: string, start: number, count: number, by: string) => {
      const a = Math.trunc(start);
      const n = Math.trunc(count);
      if (a < 1 || n < 0) return new CellError(ErrorType.VALUE);
      return capped(text.slice(0, a - 1) + by + text.slice(a - 1 + n));
    });
  }

  /** CONCATENATE(text1, …): the texts joined. */
  concatenate(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'CONCATENATE', (...texts: string[]) => capped(texts.join('')));
  }

  /** REPT(text, times): `times` truncated; negative, or a result past 32,767 characters, is #VALUE!. */
  rept(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'REPT', (text: string, times: number) => {
      const n = Math.trunc(times);
      if (n < 0 || text.length * n > MAX_CELL_TEXT) return new CellError(ErrorType.VALUE);
      return text.repeat(n);
    });
  }

  /** A text made by the `&` operator: past 32,767 characters, #VALUE!; anything else as it is. */
  textCap(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'EXCEL.TEXTCAP', (v: unknown) => (typeof v === 'string' ? capped(v) : v));
  }

  /** T(value): text stays, anything else is ""; of a range, its first cell. */
  textOnly(ast: CallAst, state: unknown): unknown {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA);
    let v = this.evaluate(ast.args[0], state);
    if (v instanceof SimpleRangeValue) v = v.data[0]?.[0];
    if (isErr(v)) return v;
    return typeof v === 'string' ? v : '';
  }

  /**
   * CHAR(number), 1…255: "The character is from the character set used by your computer"
   * (Microsoft's CHAR page). Below 128 that is ASCII everywhere; from 128 on it is the computer's
   * code page, a setting: Windows-1252 (Excel for Windows in Western languages: CHAR(128) is "€";
   * its five unassigned codes 129, 141, 143, 144 and 157 are the control characters of the same
   * numbers, as Excel cached them in IronCalc's test workbook TEXT/CHAR.xlsx) is assumed where the
   * file cached nothing.
   */
  char(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'CHAR', (number: number) => {
      const n = Math.trunc(number);
      if (n < 1 || n > 255) return new CellError(ErrorType.VALUE);
      if (n < 128) return String.fromCharCode(n);
      return likely(this.context, state, 'locale', "CHAR from 128 on writes the character of the computer's code page (here Windows-1252)", () => windows1252Character(n));
    });
  }

  /** CODE(text): the first character's number in the computer's code page, as CHAR (Windows-1252 assumed from 128 on; a character it lacks keeps a cached answer). */
  code(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'CODE', (text: string) => {
      if (text === '') return new CellError(ErrorType.VALUE);
      const u = text.charCodeAt(0);
      if (u < 128) return u;
      const n = windows1252Code(text[0]!);
      if (n === undefined) return unsureAt(this.context, state, `CODE of ${JSON.stringify(text[0])}, no character of Windows-1252`);
      return likely(this.context, state, 'locale', "CODE from 128 on reads the computer's code page (here Windows-1252)", () => n);
    });
  }

  /** UNICHAR(number): Microsoft's page: 0 or a number past Unicode's is #VALUE!, half a surrogate pair (55296…57343) #N/A. */
  unichar(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'UNICHAR', (number: number) => {
      const n = Math.trunc(number);
      if (n < 1 || n > 0x10ffff) return new CellError(ErrorType.VALUE);
      if (n >= 0xd800 && n <= 0xdfff) return new CellError(ErrorType.NA);
      return String.fromCodePoint(n);
    });
  }

  /** UNICODE(text): the first character's code point; empty text or half a surrogate pair is #VALUE!. */
  unicode(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'UNICODE', (text: string) => {
      const n = text.codePointAt(0);
      if (n === undefined || (n >= 0xd800 && n <= 0xdfff)) return new CellError(ErrorType.VALUE);
      return n;
    });
  }

  concat(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'CONCAT', (...args: unknown[]) => {
      let s = '';
      for (const a of args) {
        for (const v of valuesOf(a)) {
          if (isErr(v)) return v;
          if (s.length > MAX_CELL_TEXT) return new CellError(ErrorType.VALUE);
          s += v === EmptyValue || v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : (numberOf(v) === undefined ? String(v) : numberText(numberOf(v)!));
        }
      }
      return capped(s);
    });
  }
}

/** A text made by a formula, or #VALUE! past Excel's 32,767 characters. */
function capped(s: string): string | CellError {
  return s.length > MAX_CELL_TEXT ? new CellError(ErrorType.VALUE) : s;
}

/** How many times `find` (not empty) occurs in `text`, not overlapping. */
function countOf(text: string, find: string): number {
  let n = 0;
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + find.length)) n++;
  return n;
}

/**
 * TEXTBEFORE / TEXTAFTER(text, delimiter, instance, match_mode, match_end, if_not_found): the text
 * before (after) the instance-th delimiter (from the end when negative), ignoring case with
 * match_mode 1, the text's end counting as a delimiter with match_end 1.
 */
function cutAtDelimiter(after: boolean, text: string, delimiters: string[], instance: number, ignoreCase: boolean, matchEnd: boolean, notFound: unknown): unknown {
  const n = Math.trunc(instance);
  if (n === 0 || Math.abs(n) > text.length + 1 || delimiters.length === 0) return new CellError(ErrorType.VALUE);
  const hay = ignoreCase ? text.toLowerCase() : text;
  const needles = delimiters.map((d) => (ignoreCase ? d.toLowerCase() : d));
  // Every place a delimiter starts, and its length, left to right.
  const hits: [number, number][] = [];
  for (let i = 0; i <= hay.length; ) {
    const d = needles.find((x) => hay.startsWith(x, i));
    if (d === undefined || (d === '' && i > hay.length)) {
      i++;
      continue;
    }
    hits.push([i, d.length]);
    i += Math.max(d.length, 1);
  }
  if (matchEnd) {
    if (n > 0) hits.push([text.length, 0]);
    else hits.unshift([0, 0]);
  }
  const hit = n > 0 ? hits[n - 1] : hits[hits.length + n];
  if (!hit) return notFound;
  return after ? text.slice(hit[0] + hit[1]) : text.slice(0, hit[0]);
}

/**
 * Windows-1252 from 128 to 159, where it differs from Unicode's first 256 characters (160…255 are
 * the same): the euro sign, typographic quotes and dashes, and letters of Central European
 * languages; its unassigned 129, 141, 143, 144 and 157 are Unicode's control characters of those
 * numbers, as Windows converts them.
 */
const WINDOWS_1252_128 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The character of a code 128…255 in Windows-1252. */
function windows1252Character(n: number): string {
  return n >= 160 ? String.fromCharCode(n) : WINDOWS_1252_128[n - 128]!;
}

/** The code 128…255 of a character in Windows-1252, undefined when it has none. */
function windows1252Code(ch: string): number | undefined {
  const u = ch.charCodeAt(0);
  if (u >= 160 && u <= 255) return u;
  const i = WINDOWS_1252_128.indexOf(ch);
  return i < 0 ? undefined : 128 + i;
}
