import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CellError } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { cellFormatInfo, EN_US_MARKS, foreignLetters, foreignSeparators, formatNumber, formatText, FormatProblem } from '../../../functions/workbook/excel/common/number-format/index.js';
import { excelText, textOptions } from '../../../functions/workbook/excel/common/text-rendering.js';
import { cellCount, recalcWorkbook } from '../../../functions/workbook/recalc.js';
import type { FixtureCell, FixtureSheet } from '../../helpers/xlsx.js';
import { buildXlsx } from '../../helpers/xlsx.js';
import { engine, values } from '../../helpers/workbook-values.js';

/**
 * Excel's number format codes against Excel's own answers: pairs.json holds
 * (format code, value) → the text Excel shows, taken from outside records of Excel's output (Apache
 * POI's workbooks of TEXT formulas with the values Excel cached, SheetJS SSF's tables, numfmt's
 * tests, Microsoft's TEXT page), each block naming its source. Every pair goes through the renderer
 * and through a workbook (TEXT in a formula, recalculated by the fast path and by HyperFormula).
 */

type Value = number | string | boolean;
interface Block {
  source: string;
  date1904?: boolean;
  pairs: [string, Value, string][];
}

const { blocks } = JSON.parse(readFileSync(new URL('./pairs.json', import.meta.url), 'utf8')) as { blocks: Block[] };

function render(code: string, value: Value, date1904: boolean): string | FormatProblem {
  if (typeof value === 'number') return formatNumber(code, value, { date1904, marks: EN_US_MARKS });
  return formatText(code, typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : value);
}

/**
 * Sheets of TEXT(A, B) formulas, one per list of pairs: A holds the value, B the code; with
 * `cached`, each formula holds Excel's text as its cached value. Answers the sheets and the text
 * each formula cell must hold ("sheet!ref" → "str:text").
 */
function textSheets(lists: [string, Value, string][][], cached: boolean): { sheets: FixtureSheet[]; expected: Record<string, string> } {
  const expected: Record<string, string> = {};
  const sheets = lists.map((pairs, s) => {
    const cells: FixtureCell[] = [];
    pairs.forEach(([code, value, text], i) => {
      const row = i + 1;
      cells.push({ ref: `A${row}`, value }, { ref: `B${row}`, value: code });
      cells.push({ ref: `C${row}`, formula: `TEXT(A${row},B${row})`, ...(cached ? { cached: text, cachedType: 'str' } : { noCache: true }) });
      expected[`${s + 1}!C${row}`] = `str:${text}`;
    });
    return { name: `S${s + 1}`, cells };
  });
  return { sheets, expected };
}

/** The formula cells whose text differs from the expected one. */
function differences(got: Record<string, string>, expected: Record<string, string>): { at: string; want: string; got: string | undefined }[] {
  return Object.entries(expected)
    .filter(([at, want]) => got[at] !== want)
    .map(([at, want]) => ({ at, want, got: got[at] }));
}

/** A code read in another language's conventions when it has no cached answer (foreign-codes.ts). */
const languageDependent = (code: string) => foreignSeparators(code) !== undefined || foreignLetters(code);

describe('number formats against Excel’s answers', () => {
  it('has at least 300 pairs, every block with its source', () => {
    expect(blocks.reduce((n, b) => n + b.pairs.length, 0)).toBeGreaterThanOrEqual(300);
    for (const b of blocks) expect(b.source.length).toBeGreaterThan(10);
  });

  for (const block of blocks) {
    it(`renders ${block.source}`, () => {
      const wrong = block.pairs.filter(([code, value, text]) => render(code, value, !!block.date1904) !== text);
      expect(wrong.map(([code, value, text]) => ({ code, value, text, got: render(code, value, !!block.date1904) }))).toEqual([]);
    });
  }

  it('gives the same texts through TEXT in a workbook, on the fast path and in HyperFormula', () => {
    const { sheets, expected } = textSheets(blocks.filter((b) => !b.date1904).map((b) => b.pairs.filter(([code]) => !languageDependent(code))), false);
    const bytes = buildXlsx(sheets);
    for (const evaluator of ['auto', 'hyperformula'] as const) {
      const result = recalcWorkbook(bytes, { engine, lang: 'en', evaluator });
      expect(result.summary.engine).toBe(evaluator === 'auto' ? 'fast' : 'hyperformula');
      expect(result.summary.kept).toEqual([]);
      expect(result.summary.assumed).toEqual([]);
      expect(differences(values(result.bytes, sheets.length), expected)).toEqual([]);
    }
  });

  it('gives the same texts in a 1904 workbook (HyperFormula computes it)', () => {
    const { sheets, expected } = textSheets(blocks.filter((b) => b.date1904).map((b) => b.pairs), false);
    const result = recalcWorkbook(buildXlsx(sheets, { date1904: true }), { engine, lang: 'en' });
    expect(differences(values(result.bytes, sheets.length), expected)).toEqual([]);
  });

  it('keeps the cached answer of a code another language would read otherwise, in both evaluators', () => {
    const pairs = blocks.filter((b) => !b.date1904).flatMap((b) => b.pairs.filter(([code]) => languageDependent(code)));
    expect(pairs.length).toBeGreaterThan(0);
    const { sheets, expected } = textSheets([pairs], true);
    for (const evaluator of ['auto', 'hyperformula'] as const) {
      const result = recalcWorkbook(buildXlsx(sheets), { engine, lang: 'en', evaluator });
      expect(differences(values(result.bytes, 1), expected)).toEqual([]);
      expect(cellCount(result.summary.kept)).toBe(pairs.length);
    }
  });
});

describe('the grammar beyond the tables', () => {
  const text = (code: string, value: Value, date1904 = false) => {
    const out = render(code, value, date1904);
    return out instanceof FormatProblem ? `${out.kind}${out.answer ? `:${out.answer}` : ''}` : out;
  };

  it('writes one space for _x and nothing for a *x fill, as TEXT does', () => {
    expect(text('_(#,##0_)', 1234)).toBe(' 1,234 ');
    expect(text('**#,##0', 1234)).toBe('1,234');
    expect(text('_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)', -1234.5)).toBe(' $(1,234.50)');
    expect(text('_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)', 0)).toBe(' $-   ');
  });

  it('reads colours, [ColorN], locale tags and their currency, and percent twice', () => {
    expect(text('[Color10]0.00;[Red]-0.00', -1.5)).toBe('-1.50');
    expect(text('[$€-407]#,##0.00', 1234.5)).toBe('€1,234.50');
    expect(text('#,##0.00 [$€-407]', -1234.5)).toBe('-1,234.50 €');
    expect(text('[$¥-804]#,##0', 1234)).toBe('¥1,234');
    expect(text('0.0%%', 0.0123)).toBe('123.0%%');
    expect(text('0‰', 0.5)).toBe('1‰');
  });

  it('writes a date in Chinese names under [$-804], in the 1904 system, and Excel’s 29 February 1900', () => {
    expect(text('[$-804]yyyy"年"m"月"d"日" dddd', 45000)).toBe('2023年3月15日 星期三');
    expect(text('[$-804]mmmm ddd AM/PM h:mm', 45000.75)).toBe('三月 周三 下午 6:00');
    expect(text('yyyy-mm-dd', 60)).toBe('1900-02-29');
    expect(text('yyyy-mm-dd dddd', 0)).toBe('1900-01-00 Saturday');
    expect(text('yyyy-mm-dd', 0, true)).toBe('1904-01-01');
    expect(text('yyyy-mm-dd', -1)).toBe('refused');
    expect(text('[h]:mm:ss', -1.5)).toBe('-36:00:00');
  });

  it('writes the hour of a 12-hour clock and the marker as written: AM/PM, A/P, a/p', () => {
    expect(text('h:mm:ss AM/PM', 0.5)).toBe('12:00:00 PM');
    expect(text('h:mm a/p', 0.25)).toBe('6:00 a');
    expect(text('h:mm:ss.000 A/P', 0.70707)).toBe('4:58:10.848 P');
    expect(text('[mm]:ss', 1 / 24 + 2.5 / 1440)).toBe('62:30');
    expect(text('[ss]', 1 / 24)).toBe('3600');
  });

  it('writes [DBNum1] and [DBNum2] as zh-CN Excel does, and what it cannot be sure of as likeliest', () => {
    expect(text('[DBNum1][$-804]General', 123)).toBe('一百二十三');
    expect(text('[DBNum2][$-804]General', 123)).toBe('壹佰贰拾叁');
    expect(text('[DBNum2]General"元"', 4567)).toBe('肆仟伍佰陆拾柒元');
    expect(text('[DBNum1]General', 14)).toBe('十四');
    expect(text('[DBNum1]General', 100200)).toBe('likely:十万〇二百');
    expect(text('[DBNum2]General', 1001)).toBe('likely:壹仟零壹');
    expect(text('[DBNum3]General', 123)).toBe('likely:１百２十３');
    expect(text('[DBNum1][$-804]yyyy"年"m"月"d"日"', 37329)).toBe('likely:二〇〇二年三月十四日');
    expect(text('G/通用格式', 1.5)).toBe('likely:1.5');
  });

  it('uses text sections: the fourth, one with @, ;;; hiding numbers, an empty section', () => {
    expect(text(';;;', 5)).toBe('');
    expect(text(';;;', 'abc')).toBe('');
    expect(text(';;;@', 'abc')).toBe('abc');
    expect(text(';;;@', -5)).toBe('');
    expect(text('0;;"zero"', -5)).toBe('');
    expect(text('0;-0;;"text: "@', 0)).toBe('');
    expect(text('0;-0;;"text: "@', 'x')).toBe('text: x');
    expect(text('@', 12.5)).toBe('12.5');
  });

  it('answers #VALUE! for a code Excel refuses, and marks what it does not read', () => {
    expect(text('"open', 1)).toBe('refused');
    expect(text('[Red', 1)).toBe('refused');
    expect(text('0;0;0;0;0', 1)).toBe('refused');
    expect(text('0_', 1)).toBe('unread');
    expect(text('[$-F800]dddd, mmmm dd, yyyy', 45000)).toBe('unread');
    expect(text('B2yyyy', 45000)).toBe('unread');
  });
});

describe('no code, however malformed, makes TEXT throw', () => {
  it('answers text or an Excel error for any code made of the grammar’s pieces and any value', () => {
    const piece = fc.constantFrom('0', '#', '?', '.', ',', '%', 'E+', 'e-', '/', ';', '@', '"', '"x"', '\\', '_', '*', '[', ']', '[Red]', '[>1]', '[<=-5]', '[h]', '[mm]', '[$€-407]', '[$-804]', '[DBNum1]', 'y', 'm', 'd', 'h', 's', 'AM/PM', 'a/p', 'General', 'G/通用格式', 'B2', 'g', 'N', ' ', '-', '1', '8');
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0.5, 1e308, -1e-308, 45000.5, 2958466), fc.string(), fc.boolean());
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), value, fc.boolean(), (pieces, v, date1904) => {
        const out = excelText(v, pieces.join(''), textOptions(date1904));
        expect(typeof out === 'string' || out instanceof CellError).toBe(true);
      }),
      { numRuns: 3000, seed: 18 },
    );
  });
});

describe('CELL("format") from the same reading of a code', () => {
  it('gives Microsoft’s table of codes, colour and parentheses', () => {
    const cases: [string, string][] = [
      ['General', 'G'],
      ['0', 'F0'],
      ['#,##0', ',0'],
      ['0.00', 'F2'],
      ['#,##0.00', ',2'],
      ['$#,##0_);($#,##0)', 'C0'],
      ['$#,##0_);[Red]($#,##0)', 'C0-'],
      ['$#,##0.00_);($#,##0.00)', 'C2'],
      ['$#,##0.00_);[Red]($#,##0.00)', 'C2-'],
      ['0%', 'P0'],
      ['0.00%', 'P2'],
      ['0.00E+00', 'S2'],
      ['# ?/?', 'G'],
      ['# ??/??', 'G'],
      ['m/d/yy', 'D4'],
      ['m/d/yy h:mm', 'D4'],
      ['mm/dd/yy', 'D4'],
      ['d-mmm-yy', 'D1'],
      ['dd-mmm-yy', 'D1'],
      ['d-mmm', 'D2'],
      ['dd-mmm', 'D2'],
      ['mmm-yy', 'D3'],
      ['mm/dd', 'D5'],
      ['h:mm AM/PM', 'D7'],
      ['h:mm:ss AM/PM', 'D6'],
      ['h:mm', 'D9'],
      ['h:mm:ss', 'D8'],
      ['(#,##0)', ',0()'],
    ];
    for (const [code, want] of cases) expect(cellFormatInfo(code), code).toMatchObject({ code: want, certain: true });
    expect(cellFormatInfo('yyyy-mm-dd').certain).toBe(false);
    expect(cellFormatInfo('"$"#,##0.00').certain).toBe(false);
    expect(cellFormatInfo('@').certain).toBe(false);
  });
});
