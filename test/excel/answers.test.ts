import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import type { FixtureCell } from '../helpers/xlsx.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { bothAgree, engine, f, recalc } from '../helpers/workbook-values.js';

/**
 * Functions whose answers Excel gives otherwise than HyperFormula, and the functions HyperFormula
 * lacks, each in a small workbook made here: the expected values are Excel's (Microsoft's documented
 * examples where it gives them). Every workbook is computed both with its cached values and without
 * them (as a program writes it).
 */

describe("Excel's answers where HyperFormula's differ", () => {
  it('TEXT with real format codes, the listed cases, SUBTOTAL over filtered rows, AGGREGATE, TYPE', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 45000 },
          { ref: 'A2', value: 1234567.8 },
          { ref: 'A3', value: 12.345 },
          { ref: 'A4', value: 0 },
          { ref: 'A5', value: 5 },
          { ref: 'A6', value: true },
          f('B1', 'TEXT(A1,"dd\\ mmm\\ yyyy")'),
          f('B2', 'TEXT(A2,"#,###")'),
          f('B3', 'TEXT(A3,"$###.##")'),
          f('B4', 'TEXT(A1,"dddd-mmmm-yyyy")'),
          f('B5', 'TEXT(A2,"General")'),
          f('B6', 'SUMIF(A1:A5,C20,A1:A5)'),
          f('B7', 'AND(A6:A9)'),
          f('B8', 'ROUND(0.049999999999999975,1)'),
          f('B9', 'YEAR(0)'),
          f('B10', 'DATEVALUE("2021-01-01")'),
          f('B11', 'CEILING(2.5,0)'),
          f('B12', 'FLOOR.MATH(-2.5,1,1)'),
          f('B13', 'TYPE(A6)'),
          f('B14', 'INT(-2.5)'),
          f('B15', 'EDATE(DATE(2024,1,31),1)'),
          f('B16', 'DATE(YEAR(A20),MONTH(A20),1)'),
          f('B17', 'TEXT(-(2/24+3/1440+4/86400),"[h]:mm:ss")'),
          f('B18', 'TEXT(3.14159,"[h]"" and ""h")'),
        ],
      },
      {
        name: 'F',
        cells: [{ ref: 'A1', value: 'n' }, { ref: 'A2', value: 1 }, { ref: 'A3', value: 2 }, { ref: 'A4', value: 4 }, f('B1', 'SUBTOTAL(9,A2:A4)'), f('B2', 'SUBTOTAL(109,A2:A4)'), f('B3', 'SUM(A2:A4)'), f('B4', '_xlfn.AGGREGATE(9,5,A2:A4)'), f('B5', '_xlfn.AGGREGATE(14,6,A2:A4,1)')],
        hiddenRows: [3],
        filter: 'A1:A4',
      },
      {
        // A filter hides row 3; row 7 was hidden by hand (its height set first): SUBTOTAL(9) counts it.
        name: 'G',
        cells: [{ ref: 'A1', value: 'n' }, { ref: 'A2', value: 1 }, { ref: 'A3', value: 2 }, { ref: 'A4', value: 4 }, { ref: 'A6', value: 1 }, { ref: 'A7', value: 2 }, f('B1', 'SUBTOTAL(9,A2:A4)'), f('B2', 'SUBTOTAL(9,A6:A7)'), f('B3', 'SUBTOTAL(109,A6:A7)')],
        hiddenRows: [3],
        hiddenByHand: [7],
        filter: 'A1:A4',
      },
    ]);
    const expected = {
      '1!B1': 'str:15 Mar 2023',
      '1!B2': 'str:1,234,568',
      '1!B3': 'str:$12.35',
      '1!B4': 'str:Wednesday-March-2023',
      '1!B5': 'str:1234567.8',
      '1!B6': 'n:0',
      '1!B7': 'b:1',
      '1!B8': 'n:0.1',
      '1!B9': 'n:1900',
      '1!B10': 'n:44197',
      '1!B11': 'n:0',
      '1!B12': 'n:-2',
      '1!B13': 'n:4',
      '1!B14': 'n:-3',
      '1!B15': 'n:45351',
      '1!B16': 'n:1',
      '1!B17': 'str:-2:03:04',
      '1!B18': 'str:75 and 75',
      '2!B1': 'n:5',
      '2!B2': 'n:5',
      '2!B3': 'n:7',
      '2!B4': 'n:5',
      '2!B5': 'n:4',
      '3!B1': 'n:5',
      '3!B2': 'n:3',
      '3!B3': 'n:1',
    };
    bothAgree(v, fresh, expected);
  });

  it('AGGREGATE and SUBTOTAL variances to the bit of the values Excel cached, and exact where the sums would cancel', () => {
    // The values and the cached results of LibreOffice's functions-excel-2010.xlsx (saved by Excel),
    // whose sheet compares them with ROUND(…,12): the two-pass sum of squares gives …424, not …429.
    const data = [15, 77, 30, 28, 31, 96, 77, 53, 34, 12.545454545454545, 91];
    const near = [1e9 + 1, 1e9 + 2, 1e9 + 3];
    const crowded = [10000000.37, 10000412.81, 10000655.93, 10000120.05, 10000888.19, 10000301.77]; // VAR.S 110329.26939993432 exactly
    const { v, f: fresh } = recalc([
      {
        name: 'V',
        cells: [
          ...data.map((x, i) => ({ ref: `A${i + 1}`, value: x })),
          ...near.map((x, i) => ({ ref: `C${i + 1}`, value: x })),
          f('B1', '_xlfn.AGGREGATE(11,4,A1:A11)'),
          f('B2', '_xlfn.AGGREGATE(10,4,A1:A11)'),
          f('B3', '_xlfn.AGGREGATE(7,4,A1:A11)'),
          f('B4', '_xlfn.AGGREGATE(8,4,A1:A11)'),
          f('B5', 'ROUND(B1,12)=ROUND(853.6489310839429,12)'),
          f('B6', 'SUBTOTAL(10,C1:C3)'),
          f('B7', 'SUBTOTAL(8,C1:C3)'),
          ...crowded.map((x, i) => ({ ref: `D${i + 1}`, value: x })),
          f('B8', 'SUBTOTAL(10,D1:D6)'),
        ],
      },
    ]);
    bothAgree(v, fresh, {
      '1!B1': 'n:853.6489310839429',
      '1!B2': 'n:939.0138241923374',
      '1!B3': 'n:30.643332458992404',
      '1!B4': 'n:29.217271109464395',
      '1!B5': 'b:1',
      '1!B6': 'n:1', // (Σx² − (Σx)²/n)/(n − 1) would lose every digit here
      '1!B7': 'n:0.816496580927726',
    });
    // Close together far from 0 the sums would lose seven digits (110329.3); the two-pass sum keeps them.
    expect(Math.abs(Number(v['1!B8']!.slice(2)) - 110329.26939993432)).toBeLessThan(1e-7);
  });

  it('reads serials in the 1904 date system when the workbook uses it', () => {
    const { v, f: fresh } = recalc(
      [{ name: 'S', cells: [{ ref: 'A1', value: 1 }, f('B1', 'TEXT(A1,"yyyy-mm-dd")'), f('B2', 'YEAR(0)'), f('B3', 'DATE(1904,1,2)'), f('B4', 'TEXT(0.5,"h:mm")'), f('B5', '_xldudf_POLICY_PAYDATE(DATE(2024,5,20))'), f('B6', 'TEXT(B5,"yyyy-mm-dd")')] }],
      { date1904: true },
    );
    // PAYDATE (the 15th of the next month, moved back to a working day: 2024-06-15 is a Saturday)
    // reads and answers serials of the workbook's own date system.
    const expected = { '1!B1': 'str:1904-01-02', '1!B2': 'n:1904', '1!B3': 'n:1', '1!B4': 'str:12:00', '1!B6': 'str:2024-06-14' };
    bothAgree(v, fresh, expected);
  });
});

describe('statistical distributions, to the digits Excel gives', () => {
  it('BETA, BINOM, T, F, CHISQ, ERF, CONFIDENCE: the values Excel computes, within 1e-12 (HyperFormula is off in the ninth digit)', () => {
    // Excel's values (the expected column of a LibreOffice test workbook, and Excel's own answers for it).
    const cases: [string, number][] = [
      ['_xlfn.BETA.DIST(2,2/15,2/15,1,1,6)', 0.42284813280246891],
      ['_xlfn.BETA.DIST(2,2/15,2/15,0,1,6)', 6.6888842192061565e-2],
      ['_xlfn.BINOM.DIST(20/15,44,2/15,1)', 1.4317596684776885e-2],
      ['_xlfn.BINOM.DIST(20/15,44,2/15,0)', 1.2474737705548173e-2],
      ['_xlfn.T.INV(2/15,5)', -1.2498497882652577],
      ['_xlfn.T.INV.2T(2/15,6)', 1.7355217310679223],
      ['_xlfn.T.DIST(2,6,0)', 6.4036122618409685e-2],
      ['_xlfn.F.DIST.RT(2,5,6)', 0.21167432749937592],
      ['_xlfn.CHISQ.INV.RT(2/15,5)', 8.4454801128564974],
      ['_xlfn.ERF.PRECISE(2)', 0.99532226501895271],
      ['_xlfn.ERFC.PRECISE(2)', 4.6777349810472645e-3],
      ['_xlfn.CONFIDENCE.T(2/15,6.6,44)', 1.5223611251194489],
      ['_xlfn.CHISQ.TEST(A1:A3,B1:B3)', 0.6065306597126334],
      ['TINV(2/15,6)', 1.7355217310679223],
      // Excel's functions before 2010 take their own arguments (Microsoft's examples).
      ['NORMSDIST(1.333333)', 0.9087887256040952],
      ['LOGNORMDIST(4,3.5,1.2)', 0.03908355570680048],
      ['NEGBINOMDIST(10,5,0.25)', 0.05504866037517795],
      ['HYPGEOMDIST(1,4,8,20)', 0.3632610939112508],
      ['BETADIST(2,8,10,1,3)', 0.6854705810546875],
    ];
    const { v, f: fresh } = recalc([{ name: 'S', cells: [{ ref: 'A1', value: 1 }, { ref: 'A2', value: 2 }, { ref: 'A3', value: 3 }, { ref: 'B1', value: 2 }, { ref: 'B2', value: 2 }, { ref: 'B3', value: 2 }, ...cases.map(([formula], i) => f(`C${i + 1}`, formula))] }]);
    cases.forEach(([formula, want], i) => {
      for (const got of [v[`1!C${i + 1}`], fresh[`1!C${i + 1}`]]) {
        expect(got, formula).toMatch(/^n:/);
        expect(Math.abs(Number(got!.slice(2)) - want) / Math.abs(want), formula).toBeLessThan(1e-12);
      }
    });
  });

  it('an empty weekend of WORKDAY.INTL and NETWORKDAYS.INTL is Saturday and Sunday; an empty if_not_found of XLOOKUP is #N/A', () => {
    const holidays = [41714, 41733, 41718, 41640].map((value, i) => ({ ref: `A${i + 1}`, value }));
    const { v, f: fresh } = recalc([{ name: 'S', cells: [...holidays, f('B1', 'WORKDAY.INTL(41709,24,,A1:A4)'), f('B2', 'NETWORKDAYS.INTL(41709,41733,,A1:A4)'), f('B3', '_xlfn.XLOOKUP(9,A1:A4,A1:A4,,0)'), f('C2', 'NETWORKDAYS(41709,41733,A1:A4)')] }]);
    const expected = { '1!B1': 'n:41745', '1!B2': v['1!C2'], '1!B3': 'e:#N/A' };
    bothAgree(v, fresh, expected);
  });
});

describe('TEXT with the format codes other renderers read otherwise than Excel', () => {
  it('a lower-case scientific marker, % and scaling commas in a scientific format, an unreadable code', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 123456.789 },
          f('B1', 'TEXT(A1,"|#.#|e-|#|")'),
          f('B2', 'TEXT(A1,"|####.####|e+|#|")'),
          f('B3', 'TEXT(A1,"#%e-#")'),
          f('B4', 'TEXT(A1,"#e-#,")'),
          f('B5', 'TEXT(A1,"0.0E+00")'),
          f('B6', 'TEXT(A1,"[Red")'),
          f('B7', 'TEXT(A1,"0;0;0;0;0")'),
        ],
      },
    ]);
    const expected = { '1!B1': 'str:|1.2|e|5|', '1!B2': 'str:|12.3457|e|+4|', '1!B3': 'str:1%e5', '1!B4': 'str:1e5', '1!B5': 'str:1.2E+05', '1!B6': 'e:#VALUE!', '1!B7': 'e:#VALUE!' };
    bothAgree(v, fresh, expected);
  });

  it('a code this engine does not read keeps the cached answer, and without one shows the value as General, reported', () => {
    const { given, fresh, v, f: got } = recalc([{ name: 'S', cells: [f('A1', 'TEXT(1234.5,"0_")', { cached: 'kept', cachedType: 'str' })] }]);
    expect(v['1!A1']).toBe('str:kept');
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!A1']);
    expect(got['1!A1']).toBe('str:1234.5');
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([['S!A1', 'format']]);
  });
});

describe('TEXT with a format code written in another language', () => {
  it("keeps the cached answer of a code with another language's separators, and without one reads it as that language does, reported", () => {
    const cells = [
      { ref: 'A1', value: 349578723238.4 },
      // Swedish Excel's answer, as EPPlus's FormulaTest.xlsx caches it.
      f('B1', 'TEXT(A1,"# ##0,00")', { cached: '349 578 723 238,40', cachedType: 'str' }),
      f('B2', 'TEXT(A1,"#.##0,00")', { cached: '349.578.723.238,40', cachedType: 'str' }),
      // en-US codes with commas are computed as ever.
      f('B3', 'TEXT(A1,"#,##0.00")', { cached: 'stale', cachedType: 'str' }),
      f('B4', 'TEXT(A1,"#,##0,,")', { cached: 'stale', cachedType: 'str' }),
      // A comma before an exponent is no decimal comma (POI's NumberFormatApproxTests, as Excel answers).
      f('B5', 'TEXT(0,"|#,e+#|")', { cached: 'stale', cachedType: 'str' }),
      // Kept even where an error-catching function stands between the unsure case and the cell.
      f('B6', 'IFERROR(TEXT(A1,"# ##0,00"),"x")', { cached: '349 578 723 238,40', cachedType: 'str' }),
      f('B7', 'ISERROR(TEXT(A1,"# ##0,00"))', { cached: '0', cachedType: 'b' }),
      // Grouping alone, by spaces or periods; date letters of another language (German), never read as en-US's.
      f('B8', 'TEXT(1234567,"# ##0")', { cached: '1 234 567', cachedType: 'str' }),
      f('B9', 'TEXT(1234567,"#.##0")', { cached: '1.234.567', cachedType: 'str' }),
      f('B10', 'TEXT(1234.5,"TT.MM.JJJJ")', { cached: '18.05.1903', cachedType: 'str' }),
    ];
    const { given, fresh, v, f: got } = recalc([{ name: 'S', cells }]);
    expect(v).toMatchObject({ '1!B1': 'str:349 578 723 238,40', '1!B2': 'str:349.578.723.238,40', '1!B3': 'str:349,578,723,238.40', '1!B4': 'str:349,579', '1!B5': 'str:|0e+0|' });
    expect(v).toMatchObject({ '1!B6': 'str:349 578 723 238,40', '1!B7': 'b:0', '1!B8': 'str:1 234 567', '1!B9': 'str:1.234.567', '1!B10': 'str:18.05.1903' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!B1', 'S!B2', 'S!B6', 'S!B7', 'S!B8', 'S!B9', 'S!B10']);
    // Without cached values: read as the language its separators are (a decimal comma, grouped as written), noted as an assumption.
    expect(got).toMatchObject({ '1!B1': 'str:349 578 723 238,40', '1!B2': 'str:349.578.723.238,40', '1!B3': 'str:349,578,723,238.40', '1!B4': 'str:349,579' });
    // German date letters are read as German Excel reads them (TT Tag, JJJJ Jahr).
    expect(got).toMatchObject({ '1!B6': 'str:349 578 723 238,40', '1!B7': 'b:0', '1!B8': 'str:1 234 567', '1!B9': 'str:1.234.567', '1!B10': 'str:18.05.1903' });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([
      ['S!B1', 'locale'],
      ['S!B2', 'locale'],
      ['S!B6', 'locale'],
      ['S!B7', 'locale'],
      ['S!B8', 'locale'],
      ['S!B9', 'locale'],
      ['S!B10', 'locale'],
    ]);
    expect(fresh.summary.kept).toEqual([]);
    // The fast path leaves such a code to the engine rather than read it as en-US's.
    const fast = recalcWorkbook(buildXlsx([{ name: 'S', cells }]), { engine, lang: 'en' });
    expect(fast.summary.kept.map((k) => k.cell)).toEqual(['S!B1', 'S!B2', 'S!B6', 'S!B7', 'S!B8', 'S!B9', 'S!B10']);
  });
});

describe('the criteria of COUNTIF, SUMIF and friends', () => {
  it('an error as criterion matches that error; a range criterion meets the formula’s row; a short sum range grows; AVERAGEIFS', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 5 },
          { ref: 'A2', error: '#N/A' },
          { ref: 'A3', error: '#DIV/0!' },
          { ref: 'A4', value: 'x' },
          { ref: 'B1', value: 1 },
          { ref: 'B2', value: 2 },
          { ref: 'B3', value: 3 },
          { ref: 'B4', value: 4 },
          { ref: 'C1', value: '' },
          f('D1', 'COUNTIF(A1:A4,"#N/A")'),
          f('D2', 'COUNTIF(A1:A4,"<>#N/A")'),
          f('D3', 'SUMIF(A1:A4,"<>#N/A",B1:B4)'),
          f('D4', 'COUNTIF(A1:A4,1/0)'),
          f('D5', 'COUNTIFS(A1:A4,"=#DIV/0!",B1:B4,">0")'),
          f('D6', '_xlfn.AVERAGEIFS(B1:B4,A1:A4,"<>#N/A")'),
          f('D7', '_xlfn.AVERAGEIFS(B1:B4,B1:B4,">1",B1:B4,"<4")'),
          f('D8', 'SUMIF(B1:B4,">1",B1)'),
          f('D9', 'COUNTIF(C1:C3,"")'),
          // The criterion E1:E4 meets row 3 at E3 (2); row 12 it does not meet: #VALUE!, which matches no cell here.
          { ref: 'E1', value: 9 },
          { ref: 'E2', value: 9 },
          { ref: 'E3', value: 2 },
          { ref: 'E4', value: 9 },
          f('F3', 'COUNTIF(B1:B4,E1:E4)'),
          f('F12', 'COUNTIF(B1:B4,E1:E4)'),
          f('D10', 'SUMIF(B1:B4,">1",A1:A4)'),
        ],
      },
    ]);
    const expected = {
      '1!D1': 'n:1',
      '1!D2': 'n:3',
      '1!D3': 'n:8',
      '1!D4': 'n:1',
      '1!D5': 'n:1',
      '1!D6': `n:${8 / 3}`,
      '1!D7': 'n:2.5',
      '1!D8': 'n:9',
      '1!D9': 'n:3',
      '1!F3': 'n:1',
      '1!F12': 'n:0',
      '1!D10': 'e:#N/A',
    };
    bothAgree(v, fresh, expected);
  });
});

describe('text read as a number', () => {
  it('as en-US Excel reads it: grouped digits, a currency sign before or after the minus, an accountant’s parentheses', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: '1,000' },
          f('B1', 'VALUE("$1,000")'),
          f('B2', 'A1*2'),
          f('B3', 'VALUE("12,345.5")'),
          f('B4', 'VALUE("-$5")'),
          f('B5', 'VALUE("($1,000)")'),
          f('B6', 'VALUE("1,0")'),
          f('B7', '""*1'),
          f('B8', 'COUNTIF(A1:A1,"1,000")'),
        ],
      },
    ]);
    const expected = { '1!B1': 'n:1000', '1!B2': 'n:2000', '1!B3': 'n:12345.5', '1!B4': 'n:-5', '1!B5': 'n:-1000', '1!B6': 'e:#VALUE!', '1!B7': 'e:#VALUE!', '1!B8': 'n:1' };
    bothAgree(v, fresh, expected);
  });
});

describe('approximate lookups, searched by halves as Excel searches', () => {
  it('over values that are not sorted or not all of one kind, VLOOKUP/HLOOKUP/MATCH/LOOKUP give the row Excel gives; an array constant is a table too', () => {
    // Excel's answers (Apache POI's test workbook of Excel's results): the search by halves meets
    // DOUBLE at once in the header row and stops there, where a scan would go on to BLANK.
    const header = ['INTEGRAL', 'DOUBLE', 'BLANK', 'STRING', 'REF', 'AREA (rows)'];
    const cells: FixtureCell[] = [
      ...header.map((value, i) => ({ ref: `${'BCDEFG'[i]}6`, value })),
      ...['x1', 1.1, 'x3', 'x4', 'x5', 'x6'].map((value, i) => ({ ref: `${'BCDEFG'[i]}9`, value })),
      ...['i', 'd', 'b', ' beginsWithSpace', 'r', 'blanksIncl'].map((value, i) => ({ ref: `${'BCDEFG'[i]}11`, value })),
      f('A1', 'LOOKUP("DOUBLE",C6:G6,C9:G9)'),
      f('A2', 'HLOOKUP("STRING",$B$6:$H$12,6,TRUE)'),
      f('A3', 'MATCH("STRING",B6:H6)'),
      f('A4', 'VLOOKUP(8,{1;2;3;4},1,FALSE)'),
      f('A5', 'VLOOKUP(8,{1;2;3;4;10},1,TRUE)'),
      f('A6', 'VLOOKUP(8,B6:B9,0,FALSE)'),
    ];
    const { v, f: fresh } = recalc([{ name: 'S', cells }]);
    const expected = { '1!A1': 'n:1.1', '1!A2': 'str: beginsWithSpace', '1!A3': 'n:4', '1!A4': 'e:#N/A', '1!A5': 'n:4', '1!A6': 'e:#N/A' };
    bothAgree(v, fresh, expected);
  });
});

describe('SUMPRODUCT, MODE and AVERAGEA over what is not a number', () => {
  it('as Excel reads each kind of value in each kind of argument', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 1 },
          { ref: 'A2', value: 3 },
          { ref: 'A3', value: '4' },
          { ref: 'B1', value: 2 },
          { ref: 'B2', value: 2 },
          { ref: 'B3', value: 2 },
          { ref: 'C1', value: true },
          f('D1', 'SUMPRODUCT(A1:A3,B1:B3)'),
          f('D2', 'SUMPRODUCT(A1:A3>1,B1:B3)'),
          f('D3', 'SUMPRODUCT(--(A1:A3>1),B1:B3)'),
          f('D4', 'SUMPRODUCT(A3:A3,B1:B1)'),
          f('D5', 'SUMPRODUCT(3,A1,B1)'),
          f('D6', 'SUMPRODUCT(2,B1:B2)'),
          f('D7', 'MODE(A2,3,E1)'),
          f('D8', 'MODE(B1:B3,A2)'),
          f('D9', 'AVERAGEA({1;2;4;"Text";TRUE})'),
          f('D10', 'AVERAGEA(A1:C1)'),
        ],
      },
    ]);
    const expected = { '1!D1': 'n:8', '1!D2': 'n:0', '1!D3': 'n:4', '1!D4': 'e:#VALUE!', '1!D5': 'n:6', '1!D6': 'e:#VALUE!', '1!D7': 'e:#VALUE!', '1!D8': 'n:2', '1!D9': 'n:1.75', '1!D10': `n:${4 / 3}` };
    bothAgree(v, fresh, expected);
  });
});

describe('GROUPBY', () => {
  const data: FixtureCell[] = [
    { ref: 'A1', value: 'Type' },
    { ref: 'B1', value: 'Revenue' },
    ...[
      ['Design', 60],
      ['Research', 86],
      ['design', 40],
      ['Marketing', 10],
      ['Research', 14],
    ].flatMap(([t, n], i) => [
      { ref: `A${i + 2}`, value: t! },
      { ref: `B${i + 2}`, value: n! },
    ]),
    ...[true, true, true, false, true].map((value, i) => ({ ref: `C${i + 2}`, value })),
  ];
  const fill = (anchor: string, formula: string, rows: number, cols = 2): FixtureCell[] => {
    const col = anchor.charCodeAt(0);
    const row = Number(anchor.slice(1));
    const ref = `${anchor}:${String.fromCharCode(col + cols - 1)}${row + rows - 1}`;
    const cells: FixtureCell[] = [f(anchor, formula, { arrayRef: ref })];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (r || c) cells.push({ ref: `${String.fromCharCode(col + c)}${row + r}`, value: 0 });
    return cells;
  };

  it('groups, aggregates, sorts, filters and shows headers as Excel 365; a total (labelled in the user’s language) is kept when cached, en-US otherwise', () => {
    const cells = [...data, ...fill('E1', '_xlfn.GROUPBY(A1:A6,B1:B6,_xleta.SUM,3,0,-2,C1:C6)', 4), ...fill('H1', '_xlfn.GROUPBY(A1:A6,B1:B6,_xleta.AVERAGE)', 4)];
    cells.sort((a, b) => Number(/\d+/.exec(a.ref)![0]) - Number(/\d+/.exec(b.ref)![0]) || a.ref.localeCompare(b.ref));
    const { v, f: got, given, fresh } = recalc([{ name: 'S', cells }]);
    // Headers shown, no total, by revenue descending (a tie keeps the order of the groups), Marketing
    // filtered out; "Design" and "design" are one group; the range's fourth row is past the result.
    const sorted = { '1!E1': 'str:Type', '1!F1': 'str:Revenue', '1!E2': 'str:Design', '1!F2': 'n:100', '1!E3': 'str:Research', '1!F3': 'n:100', '1!E4': 'e:#N/A' };
    expect(v).toMatchObject(sorted);
    expect(got).toMatchObject(sorted);
    // With a total: the cached answer is kept; without one, en-US's, noted.
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!H1']);
    expect(got).toMatchObject({ '1!H1': 'str:Design', '1!I1': 'n:50', '1!H2': 'str:Marketing', '1!I2': 'n:10', '1!H3': 'str:Research', '1!I3': 'n:50', '1!H4': 'str:Total', '1!I4': 'n:42' });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([['S!H1', 'locale']]);
  });
});

describe('PERCENTRANK and MODE.MULT', () => {
  it('answer as Microsoft’s examples of them do; MODE.MULT shows its first mode in an ordinary cell and fills an array range', () => {
    const data = [13, 12, 11, 8, 4, 3, 2, 1, 1, 1].map((value, i) => ({ ref: `A${i + 1}`, value }));
    const exc = [1, 2, 3, 6, 6, 6, 7, 8, 9].map((value, i) => ({ ref: `B${i + 1}`, value }));
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          ...data,
          ...exc,
          f('C1', '_xlfn.PERCENTRANK.INC(A1:A10,2)'),
          f('C2', '_xlfn.PERCENTRANK.INC(A1:A10,4)'),
          f('C3', 'PERCENTRANK(A1:A10,5)'),
          f('C4', '_xlfn.PERCENTRANK.EXC(B1:B9,7)'),
          f('C5', '_xlfn.PERCENTRANK.EXC(B1:B9,5.43)'),
          f('C6', '_xlfn.PERCENTRANK.EXC(B1:B9,5.43,1)'),
          f('C7', '_xlfn.PERCENTRANK.INC(A1:A10,20)'),
          f('C8', '_xlfn.MODE.MULT({1,2,3,4,3,2,1,2,3})'),
          f('D1', '_xlfn.MODE.MULT({1,2,3,4,3,2,1,2,3})', { arrayRef: 'D1:D3' }),
          { ref: 'D2', value: 0 },
          { ref: 'D3', value: 0 },
        ].sort((a, b) => Number(/\d+/.exec(a.ref)![0]) - Number(/\d+/.exec(b.ref)![0]) || a.ref.localeCompare(b.ref)),
      },
    ]);
    const expected = { '1!C1': 'n:0.333', '1!C2': 'n:0.555', '1!C3': 'n:0.583', '1!C4': 'n:0.7', '1!C5': 'n:0.381', '1!C6': 'n:0.3', '1!C7': 'e:#N/A', '1!C8': 'n:2', '1!D1': 'n:2', '1!D2': 'n:3', '1!D3': 'e:#N/A' };
    bothAgree(v, fresh, expected);
  });
});

describe('functions HyperFormula lacks, as Microsoft’s examples of them answer', () => {
  it('INTERCEPT, FORECAST(.LINEAR), KURT, TRIMMEAN, PERMUT, PERMUTATIONA, FREQUENCY, FIXED, NUMBERVALUE, TEXTBEFORE, TEXTAFTER, LET', () => {
    const ys = [2, 3, 9, 1, 8].map((value, i) => ({ ref: `A${i + 1}`, value }));
    const xs = [6, 5, 11, 7, 5].map((value, i) => ({ ref: `B${i + 1}`, value }));
    const cases: [string, string][] = [
      ['INTERCEPT(A1:A5,B1:B5)', `n:${0.04838709677419217}`],
      ['_xlfn.FORECAST.LINEAR(30,{6,7,9,15,21},{20,28,31,38,40})', 'n:10.607253086419755'],
      ['KURT(3,4,5,2,3,4,5,6,4,7)', 'n:-0.15179963720841627'],
      ['TRIMMEAN({4,5,6,7,2,3,4,5,1,2,3},0.2)', `n:${34 / 9}`],
      ['PERMUT(100,3)', 'n:970200'],
      ['_xlfn.PERMUTATIONA(3,2)', 'n:9'],
      ['SUM(FREQUENCY({79,85,78,85,50,81,95,88,97},{70,79,89}))', 'n:9'],
      ['FIXED(1234.567,-1)', 'str:1,230'],
      ['FIXED(-1234.567,-1,TRUE)', 'str:-1230'],
      ['_xlfn.NUMBERVALUE("2.500,27",",",".")', 'n:2500.27'],
      ['_xlfn.NUMBERVALUE("3.5%")', 'n:0.035'],
      ['_xlfn.TEXTBEFORE("Red riding hood’s, red hood","hood")', 'str:Red riding '],
      ['_xlfn.TEXTAFTER("Red riding hood’s, red hood","basket")', 'e:#N/A'],
      ['_xlfn.TEXTAFTER("a-b","+",,,,"none")', 'str:none'],
      ['_xlfn.TEXTBEFORE("a,b;c",{",",";"},2)', 'str:a,b'],
      ['_xlfn.LET(_xlpm.x,A1*2,_xlpm.y,_xlpm.x+1,_xlpm.x*_xlpm.y)', 'n:20'],
    ];
    // FIXED and NUMBERVALUE without separators write (read) the user's separators: a cached answer is kept.
    const locale = new Set(['FIXED(1234.567,-1)', 'FIXED(-1234.567,-1,TRUE)', '_xlfn.NUMBERVALUE("3.5%")']);
    const { v, f: fresh, given } = recalc([{ name: 'S', cells: [...ys, ...xs, ...cases.map(([formula], i) => f(`D${i + 1}`, formula))].sort((a, b) => Number(/\d+/.exec(a.ref)![0]) - Number(/\d+/.exec(b.ref)![0]) || a.ref.localeCompare(b.ref)) }]);
    cases.forEach(([formula, want], i) => {
      for (const got of locale.has(formula) ? [fresh[`1!D${i + 1}`]] : [v[`1!D${i + 1}`], fresh[`1!D${i + 1}`]]) {
        if (want.startsWith('n:')) expect(Number(got!.slice(2)), formula).toBeCloseTo(Number(want.slice(2)), 9);
        else expect(got, formula).toBe(want);
      }
    });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!D8', 'S!D9', 'S!D11']);
  });
});

describe('numbers written as text, text compared', () => {
  it('a number joined to text has Excel’s 15 digits; accents count in comparisons, case does not', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 0.1 },
          { ref: 'A2', value: 0.2 },
          { ref: 'A3', value: 'café' },
          f('B1', '"x"&(A1+A2)'),
          f('B2', 'LEN(1/3)'),
          f('B3', '"x"&1E+20'),
          f('B4', 'CONCATENATE("a",2/3)'),
          f('B5', '_xlfn.TEXTJOIN("-",TRUE,A1:A2,1/3)'),
          f('B6', '"x"&123456789012345678'),
          f('B7', 'A3="cafe"'),
          f('B8', 'A3="CAFÉ"'),
          f('B9', 'COUNTIF(A3,"cafe")'),
        ],
      },
    ]);
    const expected = { '1!B1': 'str:x0.3', '1!B2': 'n:17', '1!B3': 'str:x1E+20', '1!B4': 'str:a0.666666666666667', '1!B5': 'str:0.1-0.2-0.333333333333333', '1!B6': 'str:x123456789012346000', '1!B7': 'b:0', '1!B8': 'b:1', '1!B9': 'n:0' };
    bothAgree(v, fresh, expected);
  });
});

describe('dates, rounding to multiples and comparisons as Excel reads them', () => {
  it('DATEDIF units in any case, dates with a month’s name, CEILING/FLOOR.MATH modes, 15-digit equality', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 'Jan-2024' },
          { ref: 'A2', value: 0.1 },
          { ref: 'A3', value: 0.2 },
          { ref: 'A4', value: 0.3 },
          f('B1', 'DATEDIF(DATE(2020,1,31),DATE(2020,3,1),"m")'),
          f('B2', 'DATEDIF(DATE(2019,1,31),DATE(2020,3,1),"y")'),
          f('B3', 'DATEVALUE("1-Jan-2024")'),
          f('B4', 'DATEVALUE("January 5, 2024")'),
          f('B5', 'VALUE("1-Jan-2024 6:30 PM")'),
          f('B6', 'ISTEXT(A1)'),
          f('B7', 'A1+1'),
          f('B8', '_xlfn.CEILING.MATH(-5.5,2,-1)'),
          f('B9', '_xlfn.FLOOR.MATH(-5.5,2,-1)'),
          f('B10', '_xlfn.CEILING.MATH(4.4,0.1)'),
          f('B11', 'A2+A3=A4'),
          f('B12', 'COUNTIF(A4,A2+A3)'),
          f('B13', '1E-17=0'),
        ],
      },
    ]);
    const expected = {
      '1!B1': 'n:1',
      '1!B2': 'n:1',
      '1!B3': 'n:45292',
      '1!B4': 'n:45296',
      '1!B5': `n:${45292 + 18.5 / 24}`,
      '1!B6': 'b:1',
      '1!B7': 'n:45293',
      '1!B8': 'n:-6',
      '1!B9': 'n:-4',
      '1!B10': 'n:4.4',
      '1!B11': 'b:1',
      '1!B12': 'n:1',
      '1!B13': 'b:0',
    };
    bothAgree(v, fresh, expected);
  });
});
