import { describe, expect, it } from 'vitest';
import { f, recalc } from '../helpers/workbook-values.js';
import type { FixtureCell, FixtureSheet } from '../helpers/xlsx.js';

/**
 * Excel's information functions CELL and AREAS, computed from the workbook (its styles, columns
 * and references), in small workbooks made here. Each is computed with its cached values and
 * without them (as a program writes it). The expected answers follow Microsoft's CELL and AREAS
 * documentation (support.microsoft.com, "CELL function", "AREAS function"): its table of format
 * codes, "0 if the cell is unlocked, 1 if locked", the label prefixes by alignment; column widths
 * in characters follow the OOXML rule (ECMA-376 §18.3.1.13) for Calibri 11, whose digits are 7
 * pixels wide.
 */

/** Cell formats by index (cellXfs): what each test cell is formatted with. */
const STYLES = [
  '<numFmts count="4"><numFmt numFmtId="164" formatCode="0.000"/><numFmt numFmtId="165" formatCode="$#,##0.00_);[Red]($#,##0.00)"/><numFmt numFmtId="166" formatCode="(#,##0)"/><numFmt numFmtId="167" formatCode="yyyy\\-mm\\-dd"/></numFmts>',
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>',
  '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>',
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
  '<cellXfs count="12">',
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', // 0 General
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 1 0.00 (built in)
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 2 0.000
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 3 currency, negatives red
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 4 parentheses for all values
  '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 5 0%
  '<xf numFmtId="15" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 6 d-mmm-yy
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" applyProtection="1"><alignment horizontal="right"/><protection locked="0"/></xf>', // 7
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf>', // 8
  '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 9 yyyy-mm-dd: not in Microsoft's table
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', // 10 #,##0
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="justify"/></xf>', // 11
  '</cellXfs>',
].join('');

/**
 * Column widths as Excel stores them (characters plus 5 pixels of padding): B 15.7109375 is 110
 * pixels, 15 characters; C 12.7109375 is 89 pixels, 12; E hidden; F 13.5703125 is 95 pixels, 12.86
 * characters (where "rounded off" could be 13 or 12). Columns without one have the default 8.43.
 */
const COLS = '<col min="2" max="2" width="15.7109375" customWidth="1"/><col min="3" max="3" width="12.7109375" customWidth="1"/><col min="5" max="5" width="0" hidden="1" customWidth="1"/><col min="6" max="6" width="13.5703125" customWidth="1"/>';

describe('CELL, from the workbook', () => {
  const data: FixtureCell[] = [
    { ref: 'A1', value: 5, style: 1 },
    { ref: 'A2', value: 'abc', style: 7 },
    { ref: 'A4', value: 'mid', style: 8 },
    f('A5', 'A1*2', { style: 0 }),
    { ref: 'A6', value: 'wrap', style: 11 },
    { ref: 'B1', value: 1, style: 2 },
    { ref: 'B2', value: -1, style: 3 },
    { ref: 'B3', value: 1, style: 4 },
    { ref: 'B4', value: 1, style: 5 },
    { ref: 'B5', value: 1, style: 6 },
    { ref: 'B6', value: 'plain' },
    { ref: 'B7', value: 1, style: 9 },
    { ref: 'B8', value: 1000, style: 10 },
  ];
  const sheet: FixtureSheet = {
    name: 'S',
    cols: COLS,
    cells: [
      ...data,
      f('H1', 'CELL("address",A1)', { cachedType: 'str', cached: '$A$1' }),
      f('H2', 'CELL("col",C7)'),
      f('H3', 'CELL("row",C7)'),
      f('H4', 'CELL("contents",A1)'),
      f('H5', 'CELL("contents",A3)'),
      f('H6', 'CELL("type",A1)'),
      f('H7', 'CELL("type",A2)'),
      f('H8', 'CELL("type",A3)'),
      f('H9', 'CELL("format",A1)'),
      f('H10', 'CELL("format",B1)'),
      f('H11', 'CELL("format",B2)'),
      f('H12', 'CELL("color",B2)'),
      f('H13', 'CELL("format",B3)'),
      f('H14', 'CELL("parentheses",B3)'),
      f('H15', 'CELL("format",B4)'),
      f('H16', 'CELL("format",B5)'),
      f('H17', 'CELL("format",A3)'),
      f('H18', 'CELL("protect",A1)'),
      f('H19', 'CELL("protect",A2)'),
      f('H20', 'CELL("prefix",A2)'),
      f('H21', 'CELL("prefix",A4)'),
      f('H22', 'CELL("prefix",A1)'),
      f('H23', 'CELL("prefix",B6)'),
      f('H24', 'CELL("width",B1)'),
      f('H25', 'CELL("width",E1)'),
      f('H26', 'CELL("WIDTH",A1)'),
      f('H27', 'CELL("nonsense",A1)'),
      f('H28', 'CELL(1,A1)'),
      f('H29', 'CELL("row",B2:C3)'),
      f('H30', 'CELL("format",B8)'),
      f('H31', 'CELL("color",B8)&CELL("parentheses",B8)'),
      f('H32', 'CELL("width",C1)+1'),
      // Excel 365: CELL("width") is {width, whether the column has the default width}.
      f('J1', 'CELL("width",B1)', { arrayRef: 'J1:K1', cached: '15' }),
      { ref: 'K1', value: true }, // the members' values here are the opposite of Excel's: recomputed, not kept
      f('J2', 'CELL("width",A1)', { arrayRef: 'J2:K2', cached: '8' }),
      { ref: 'K2', value: false },
    ],
  };

  it('answers the place, contents, type, number format, protection, prefix and width of the cell referred to', () => {
    const { v, f: got, fresh } = recalc([sheet], { styles: STYLES });
    const expected = {
      '1!H1': 'str:$A$1',
      '1!H2': 'n:3',
      '1!H3': 'n:7',
      '1!H4': 'n:5',
      '1!H5': 'n:0', // the value of an empty cell, as a reference to it reads
      '1!H6': 'str:v',
      '1!H7': 'str:l',
      '1!H8': 'str:b',
      // Microsoft's table: 0.00 is F2, $#,##0.00_);[Red]($#,##0.00) is C2- ("-" for color on
      // negatives), a format with parentheses for all values ends in "()", 0% is P0, d-mmm-yy D1, General G.
      '1!H9': 'str:F2',
      '1!H10': 'str:F3',
      '1!H11': 'str:C2-',
      '1!H12': 'n:1',
      '1!H13': 'str:,0()',
      '1!H14': 'n:1',
      '1!H15': 'str:P0',
      '1!H16': 'str:D1',
      '1!H17': 'str:G',
      '1!H18': 'n:1', // locked, Excel's default
      '1!H19': 'n:0',
      '1!H20': 'str:"', // right-aligned text
      '1!H21': 'str:^', // centred text
      '1!H22': 'str:', // a number has no label prefix
      '1!H23': "str:'", // text in General alignment is shown left-aligned
      '1!H24': 'n:15',
      '1!H25': 'n:0', // a hidden column
      '1!H26': 'n:8', // the default width, 8.43 characters; info_type in any case
      '1!H27': 'e:#VALUE!',
      '1!H28': 'e:#VALUE!',
      '1!H29': 'n:2', // the upper-left cell of a range
      '1!H30': 'str:,0',
      '1!H31': 'str:00',
      '1!H32': 'n:13',
      '1!J1': 'n:15',
      '1!K1': 'b:0', // set by hand
      '1!J2': 'n:8',
      '1!K2': 'b:1', // the default width
    };
    expect(v).toMatchObject(expected);
    expect(got).toMatchObject(expected);
    expect(fresh.summary.kept).toEqual([]);
    expect(fresh.summary.assumed).toEqual([]);
  });

  it('keeps the cached value where the answer depends on the machine or the session, and assumes only what Excel would likeliest answer', () => {
    const cells: FixtureCell[] = [
      ...data,
      { ref: 'A10', value: 1 },
      f('H1', 'CELL("filename",A1)', { cachedType: 'str', cached: 'C:\\Books\\[a.xlsx]S' }),
      f('H2', 'CELL("address",Other!B2)', { cachedType: 'str', cached: '[a.xlsx]Other!$B$2' }),
      f('H3', 'CELL("row")', { cached: '1' }), // the cell last changed, in Excel's session
      f('H4', 'CELL("width",F1)', { cached: '13' }), // 12.86 characters: Excel's rounding decides
      f('H5', 'CELL("format",B7)', { cachedType: 'str', cached: 'G' }), // a date format outside Microsoft's table
      f('H6', 'CELL("type",A5)', { cachedType: 'str', cached: 'v' }), // a formula's value
      f('H7', 'CELL("prefix",A6)', { cachedType: 'str', cached: '' }), // justified text
      f('J3', 'CELL("width")', { arrayRef: 'J3:K3', cached: '8' }),
      { ref: 'K3', value: 0 }, // kept with its array, recomputed without a cached value
    ];
    const { v, f: got, given, fresh } = recalc([{ name: 'S', cols: COLS, cells }, { name: 'Other', cells: [{ ref: 'B2', value: 1 }] }], { styles: STYLES });
    // With cached values: every one kept as Excel saved it.
    expect(v).toMatchObject({ '1!H1': 'str:C:\\Books\\[a.xlsx]S', '1!H2': 'str:[a.xlsx]Other!$B$2', '1!H3': 'n:1', '1!H4': 'n:13', '1!H5': 'str:G', '1!H6': 'str:v', '1!H7': 'str:', '1!J3': 'n:8', '1!K3': 'n:0' });
    expect(given.summary.kept.map((k) => k.cell).sort()).toEqual(['S!H1', 'S!H2', 'S!H3', 'S!H4', 'S!H5', 'S!H6', 'S!H7', 'S!J3'].sort());
    // Without: the file name and another sheet's address (which names the file) stay unknown; the
    // rest takes Excel's likeliest answer, reported as assumed.
    expect(got['1!H1']).toBe('str:');
    expect(got['1!H2']).toBe('str:');
    expect(got).toMatchObject({ '1!H3': 'n:3', '1!H4': 'n:13', '1!H5': 'str:G', '1!H6': 'str:v', '1!H7': 'str:', '1!J3': 'n:8', '1!K3': 'b:1' });
    expect(fresh.summary.kept.map((k) => k.cell).sort()).toEqual(['S!H1', 'S!H2']);
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason]).sort()).toEqual([
      ['S!H3', 'cell'],
      ['S!H4', 'cell'],
      ['S!H5', 'cell'],
      ['S!H6', 'cell'],
      ['S!H7', 'cell'],
      ['S!J3', 'cell'],
    ]);
  });

  it('reads the default width of a sheet, and answers General and locked for a workbook without styles', () => {
    const wide: FixtureSheet = {
      name: 'Wide',
      sheetFormat: 'defaultColWidth="12.7109375"',
      cells: [
        { ref: 'A1', value: 1 },
        f('B1', 'CELL("width",A1)'),
        f('C1', 'CELL("format",A1)'),
        f('D1', 'CELL("protect",A1)'),
        f('E1', 'CELL("width",A1)', { arrayRef: 'E1:F1', cached: '12' }),
        { ref: 'F1', value: false },
        // A volatile array's other cells as Excel writes them: an empty formula of their own, no value without a cache.
        f('G1', 'CELL("width",A1)', { arrayRef: 'G1:H1', cached: '12' }),
        f('H1', '', { cachedType: 'b', cached: '1' }),
      ],
    };
    const { v, f: got } = recalc([wide]);
    const expected = { '1!B1': 'n:12', '1!C1': 'str:G', '1!D1': 'n:1', '1!E1': 'n:12', '1!F1': 'b:1', '1!G1': 'n:12', '1!H1': 'b:1' };
    expect(v).toMatchObject(expected);
    expect(got).toMatchObject(expected);
  });
});

describe('AREAS', () => {
  it('counts the areas of a reference, a union and a name; #NULL! for ranges that do not meet', () => {
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 1 },
      f('H1', 'AREAS(A1:B2)'),
      f('H2', 'AREAS((A1:B2,C3,D4:E5))'),
      f('H3', 'AREAS(Two)'),
      f('H4', 'AREAS(A1:B2 C3:D4)', { cachedType: 'e', cached: '#NULL!' }),
      f('H5', 'AREAS(A1:B2 B2:C3)'),
      f('H6', 'AREAS(Other!A1)+1'),
      // INDEX of numbers the file decides is the reference it names.
      f('H7', 'AREAS(INDEX(A1:B2,1,0))'),
    ];
    const { v, f: got } = recalc([{ name: 'S', cells }, { name: 'Other', cells: [] }], { definedNames: [{ name: 'Two', formula: 'S!$A$1,S!$C$3:$D$4' }] });
    const expected = { '1!H1': 'n:1', '1!H2': 'n:3', '1!H3': 'n:2', '1!H4': 'e:#NULL!', '1!H5': 'n:1', '1!H6': 'n:2', '1!H7': 'n:1' };
    expect(v).toMatchObject(expected);
    expect(got).toMatchObject(expected);
  });

  it('keeps the cached value of AREAS over a reference a function computes', () => {
    const { given, fresh } = recalc([{ name: 'S', cells: [{ ref: 'A1', value: 1 }, f('H1', 'AREAS(INDEX(A1:B2,MATCH(1,A1:A2,0),1))', { cached: '1' })] }]);
    expect(given.summary.kept.map((k) => [k.cell, k.reason])).toEqual([['S!H1', 'reference']]);
    expect(fresh.summary.kept.map((k) => [k.cell, k.reason])).toEqual([['S!H1', 'reference']]);
  });
});
