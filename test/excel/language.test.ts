import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import type { FixtureCell, FixtureSheet } from '../helpers/xlsx.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { bothAgree, engine, f, recalc, spilled, storedError } from '../helpers/workbook-values.js';

/**
 * The formula language Excel writes, each construct in a small workbook made here: what Excel
 * computes for it (the expected values are Excel's), or, for what cannot be computed here, the
 * value the file cached, reported with its reason. Every workbook is computed both with its cached
 * values and without them (as a program writes it).
 */

describe('structured references, against the tables of the workbook', () => {
  const sales: FixtureSheet = {
    name: 'Sales',
    cells: [
      { ref: 'A1', value: 'Item' },
      { ref: 'B1', value: 'Qty' },
      { ref: 'C1', value: 'Price' },
      { ref: 'D1', value: 'Total' },
      { ref: 'A2', value: 'pen' },
      { ref: 'B2', value: 2 },
      { ref: 'C2', value: 1.5 },
      f('D2', 'Sales[[#This Row],[Qty]]*Sales[[#This Row],[Price]]'),
      { ref: 'A3', value: 'ink' },
      { ref: 'B3', value: 3 },
      { ref: 'C3', value: 4 },
      f('D3', 'Sales[@Qty]*[@Price]'),
      { ref: 'A4', value: 'Total' },
      f('B4', 'SUBTOTAL(109,[Qty])'),
      f('D4', 'SUM(Sales[Total])'),
      f('F1', 'SUM(Sales[[#Data],[Qty]:[Price]])'),
      f('F2', 'COUNTA(Sales[#Headers])'),
      f('F3', 'Sales[[#Totals],[Qty]]*10'),
      f('F4', 'ROWS(Sales[#All])'),
      f('F5', 'COUNTA(Sales)'),
    ],
    tables: [{ name: 'Sales', ref: 'A1:D4', columns: ['Item', 'Qty', 'Price', 'Total'], totalsRow: true }],
  };
  const other: FixtureSheet = { name: 'Other', cells: [f('A2', 'Sales[Item]'), f('A3', 'Sales[Item]&"!"'), f('B1', 'SUM(Sales[Total])/2')] };

  it('resolves #This Row, @, columns, column ranges, #Data, #Headers, #Totals, #All and a bare table name', () => {
    const { v, f: fresh } = recalc([sales, other]);
    const expected = {
      '1!D2': 'n:3',
      '1!D3': 'n:12',
      '1!B4': 'n:5',
      '1!D4': 'n:15',
      '1!F1': 'n:10.5',
      '1!F2': 'n:4',
      '1!F3': 'n:50',
      '1!F4': 'n:4',
      '1!F5': 'n:8',
      // Outside the table a column is intersected with the formula's row, as Excel does.
      '2!A2': 'str:pen',
      '2!A3': 'str:ink!',
      '2!B1': 'n:7.5',
    };
    bothAgree(v, fresh, expected);
  });
});

describe('defined names of every form', () => {
  it('maps names HyperFormula would refuse, scopes, relative names and names of deleted sheets', () => {
    const { v, f: fresh, given } = recalc(
      [
        { name: 'S', cells: [{ ref: 'A1', value: 10 }, { ref: 'A2', value: 20 }, { ref: 'A4', value: 7 }, { ref: 'B1', value: 1 }, { ref: 'B2', value: 2 }, f('C1', 'test1*2'), f('C2', 'Global1+vaSpesen12'), f('C3', 'Scoped'), f('C4', 'Left*100'), f('D2', 'Left*100'), f('C5', 'Tax.Rate*A1'), f('C6', 'IF(B1=1,"ok",Broken)')] },
        { name: 'T', cells: [{ ref: 'A1', value: 5 }, f('C3', 'Scoped')] },
      ],
      {
        definedNames: [
          { name: 'test1', formula: 'S!$A$1' },
          { name: 'Global1', formula: 'S!$A$2' },
          { name: 'vaSpesen12', formula: 'SUM(S!$B$1:$B$2)' },
          { name: 'Scoped', formula: '"workbook"' },
          { name: 'Scoped', formula: 'T!$A$1*2', localSheetId: 1 },
          // Relative: the cell two columns to the left of the one using it; Excel stores it as seen
          // from A1, where two columns to the left wraps round to XFC.
          { name: 'Left', formula: 'S!XFC1' },
          { name: 'Tax.Rate', formula: '0.25' },
          { name: 'Broken', formula: '#REF!' },
        ],
      },
    );
    const expected = { '1!C1': 'n:20', '1!C2': 'n:23', '1!C3': 'str:workbook', '2!C3': 'n:10', '1!C4': 'n:700', '1!D2': 'n:200', '1!C5': 'n:2.5', '1!C6': 'str:ok' };
    bothAgree(v, fresh, expected);
    expect(given.summary.kept).toEqual([]);
  });
});

describe('references, operators and literals', () => {
  const three = (name: string, a: number): FixtureSheet => ({ name, cells: [{ ref: 'A1', value: a }, { ref: 'B2', value: a * 10 }] });

  it('computes 3-D references, unions, intersections, error literals, escaped quotes, %% and _xlfn. prefixes', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'Sheet1',
        cells: [
          { ref: 'A1', value: 1 },
          { ref: 'B2', value: 10 },
          { ref: 'C1', value: 7 },
          f('D1', 'SUM(Sheet1:Sheet3!A1:B2)'),
          f('D2', 'SUM((A1:B2,C1))'),
          f('D3', 'SUM(A1:C2 C1:C3)'),
          f('D4', 'A1:B2 C3:D4'),
          f('D5', 'ISERR(#NULL!)'),
          f('D6', 'ERROR.TYPE(#NULL!)'),
          f('D7', '""""'),
          f('D8', '1000%%'),
          f('D9', '_xlfn.CONCAT("a",A1,"b")'),
          f('D10', '_xlfn.XMATCH(10,A1:B2)'),
          f('D11', '_xlfn.RANK.EQ(7,(A1,B2,C1))'),
          f('D12', 'COUNTA(Sheet2:Sheet3!A1)'),
        ],
      },
      three('Sheet2', 2),
      three('Sheet3', 3),
    ]);
    const expected = { '1!D1': 'n:66', '1!D2': 'n:18', '1!D3': 'n:7', '1!D4': 'e:#NULL!', '1!D5': 'b:1', '1!D6': 'n:1', '1!D7': 'str:"', '1!D8': 'n:0.1', '1!D9': 'str:a1b', '1!D10': 'n:4', '1!D12': 'n:2' };
    bothAgree(v, fresh, expected);
  });

  it('writes control characters and a literal _xHHHH_ in text results the way the file format wants them', () => {
    const { v } = recalc([{ name: 'S', cells: [f('A1', '"line"&CHAR(13)&CHAR(10)&"next"'), f('A2', '"_x000D_"'), f('A3', 'LEN(A1)')] }]);
    expect(v['1!A1']).toBe('str:line_x000D_\nnext');
    expect(v['1!A2']).toBe('str:_x005F_x000D_');
    expect(v['1!A3']).toBe('n:10');
  });
});

describe('array formulas fill their ranges', () => {
  it('a legacy array formula, MMULT and TRANSPOSE fill every cell of their range; an ordinary formula is intersected', () => {
    const { v, f: fresh } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'B1', value: 1 },
          { ref: 'C1', value: 2 },
          { ref: 'B2', value: 3 },
          { ref: 'C2', value: 4 },
          f('A2', 'SUM(B1:C1*B2:C2)', { arrayRef: 'A2:A3' }),
          { ref: 'A3', value: 0 },
          f('E1', 'MMULT(B1:C2,B1:C2)', { arrayRef: 'E1:F2' }),
          { ref: 'F1', value: 0 },
          { ref: 'E2', value: 0 },
          { ref: 'F2', value: 0 },
          f('G1', 'TRANSPOSE(B1:C1)', { arrayRef: 'G1:G3' }),
          { ref: 'G2', value: 0 },
          { ref: 'G3', value: 0 },
          f('A6', 'SUM(B1:B2*C1:C2)'),
          f('A7', 'SUMPRODUCT(B1:B2*C1:C2)'),
        ],
      },
    ]);
    const expected = {
      '1!A2': 'n:11',
      '1!A3': 'n:11',
      '1!E1': 'n:7',
      '1!F1': 'n:10',
      '1!E2': 'n:15',
      '1!F2': 'n:22',
      '1!G1': 'n:1',
      '1!G2': 'n:2',
      '1!G3': 'e:#N/A',
      '1!A6': 'e:#VALUE!',
      '1!A7': 'n:14',
    };
    bothAgree(v, fresh, expected);
  });
});

describe('what-if data tables', () => {
  it('recomputes the tabulated formula for each input value, in one and two variables', () => {
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 0.5 },
      { ref: 'A2', value: 3 },
      f('C3', 'A1*10+A2'),
      ...[1, 2, 3].map((n, i) => ({ ref: `B${i + 4}`, value: n })),
      { ref: 'C4', dataTable: 'ref="C4:C6" dt2D="0" dtr="0" r1="A1"' },
      { ref: 'C5', value: 0 },
      { ref: 'C6', value: 0 },
      // Two variables: A1 along the top row (E9:F9), A2 down the left column (D10:D11), the formula at D9.
      f('D9', 'A1*A2'),
      { ref: 'E9', value: 2 },
      { ref: 'F9', value: 3 },
      { ref: 'D10', value: 10 },
      { ref: 'D11', value: 100 },
      { ref: 'E10', dataTable: 'ref="E10:F11" dt2D="1" dtr="1" r1="A1" r2="A2"' },
      { ref: 'F10', value: 0 },
      { ref: 'E11', value: 0 },
      { ref: 'F11', value: 0 },
    ];
    cells.sort((a, b) => Number(/\d+/.exec(a.ref)![0]) - Number(/\d+/.exec(b.ref)![0]) || a.ref.localeCompare(b.ref));
    const { v, f: fresh, given } = recalc([{ name: 'S', cells }]);
    const expected = { '1!C3': 'n:8', '1!C4': 'n:13', '1!C5': 'n:23', '1!C6': 'n:33', '1!E10': 'n:20', '1!F10': 'n:30', '1!E11': 'n:200', '1!F11': 'n:300', '1!D9': 'n:1.5' };
    bothAgree(v, fresh, expected);
    expect(given.summary.kept).toEqual([]);
  });
});

describe('never worse than the file given', () => {
  it('keeps the cached value of what cannot be computed here, reports why, and computes the rest from it', () => {
    const { given, v } = recalc([
      {
        name: 'S',
        cells: [
          f('A1', 'CUBEMEMBER("ThisWorkbookDataModel","[Range].[Pastry].&[Cake]")', { cached: 'Cake', cachedType: 'str' }),
          f('A2', 'A1&"!"'),
          f('A3', '[3]Sheet1!A1*2', { cached: '8' }),
          f('A4', '_xll.MYADDIN(1)', { noCache: true }),
          f('A5', 'A4+1', { cached: '5' }),
          f('A6', 'LEN(A2)'),
          f('A7', 'FLOOR(1.2,1,2)', { cached: '#VALUE!', cachedType: 'e' }),
        ],
      },
    ]);
    expect(v).toMatchObject({ '1!A1': 'str:Cake', '1!A2': 'str:Cake!', '1!A3': 'n:8', '1!A4': 'n:', '1!A5': 'n:5', '1!A6': 'n:5', '1!A7': 'e:#VALUE!' });
    expect(given.summary.kept.map((k) => [k.cell, k.reason])).toEqual([
      ['S!A1', 'function'],
      ['S!A3', 'external'],
      ['S!A4', 'function'],
      ['S!A5', 'input'],
      ['S!A7', 'function'],
    ]);
  });
});

describe('a formula the file gives no value for, where a cached value would be kept', () => {
  const cells: FixtureCell[] = [
    { ref: 'A1', value: 5 },
    f('A2', 'SUM(A1,3)'),
    f('B1', '_xlfn.FORMULATEXT(A2)'),
    f('B2', 'DOLLAR(-1234.567)'),
    f('B3', 'DOLLAR(1234.567,-2)'),
    f('B4', 'Dp()'),
    f('B5', 'IFERROR(Dp(),7)'),
    f('B6', 'D6(21)'),
    f('B7', 'FLOOR(1.2,1,2)'),
    f('B8', 'FLOOR(beta,1,2)'),
    f('B9', 'averageif(A1:A2)'),
    f('B10', 'CUBEMEMBER("ThisWorkbookDataModel","[Range].[Pastry].&[Cake]")'),
    f('B11', '_xll.MYADDIN(1)'),
    f('B12', 'SUM(#REF!:A1)'),
    f('B13', '_xlfn.FORMULATEXT(A1)'),
  ];

  it("takes Excel's likeliest answer (en-US text, #NAME? without an add-in, the error of a call Excel refuses) and reports it as assumed", () => {
    const { fresh, f: got } = recalc([{ name: 'S', cells }]);
    expect(got).toMatchObject({
      '1!B1': 'str:=SUM(A1,3)',
      '1!B2': 'str:($1,234.57)',
      '1!B3': 'str:$1,200',
      '1!B4': 'e:#NAME?',
      '1!B5': 'n:7',
      '1!B6': 'e:#REF!',
      '1!B7': 'e:#VALUE!',
      '1!B8': 'e:#NAME?',
      '1!B9': 'e:#NAME?',
      '1!B12': 'e:#REF!',
      '1!B13': 'e:#N/A',
    });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([
      ['S!B1', 'locale'],
      ['S!B2', 'locale'],
      ['S!B3', 'locale'],
      ['S!B4', 'name'],
      ['S!B5', 'name'],
      ['S!B6', 'call'],
      ['S!B7', 'call'],
      // beta is no name the workbook defines: #NAME?, which FLOOR's call then answers.
      ['S!B8', 'name'],
      ['S!B8', 'call'],
      ['S!B9', 'call'],
      ['S!B13', 'locale'],
    ]);
    // A cube function (Excel's, with a data model this engine does not have) and an add-in's function stay as they were.
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(['S!B10', 'S!B11']);
    // --strict: an answer that rests on an assumption fails the workbook, as a kept value does.
    const stripped = buildXlsx([{ name: 'S', cells: cells.filter((c) => c.ref !== 'B10' && c.ref !== 'B11').map((c) => (c.formula ? { ...c, noCache: true } : c)) }]);
    expect(() => recalcWorkbook(stripped, { engine, lang: 'en', strict: true })).toThrow(/assumption/);
  });

  it('a circular reference without cached values is 0, as Excel shows it, and what reads it computes from that', () => {
    const { given, fresh, v, f: got } = recalc([{ name: 'S', cells: [f('A1', 'A2+1', { cached: '7' }), f('A2', 'A1*2', { cached: '8' }), f('B1', 'A1+10')] }]);
    expect(v).toMatchObject({ '1!A1': 'n:7', '1!A2': 'n:8', '1!B1': 'n:17' });
    expect(given.summary.kept.map((k) => k.reason)).toEqual(['circular', 'circular']);
    expect(got).toMatchObject({ '1!A1': 'n:0', '1!A2': 'n:0', '1!B1': 'n:10' });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([
      ['S!A1', 'circular'],
      ['S!A2', 'circular'],
    ]);
  });

  it('keeps the value the file cached for the same formulas, and an unknown function in a workbook with macros (it may be theirs)', () => {
    const { given, v } = recalc([{ name: 'S', cells }]);
    expect(given.summary.assumed).toEqual([]);
    expect(v['1!B2']).toBe('n:0');
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!B1', 'S!B2', 'S!B3', 'S!B4', 'S!B5', 'S!B6', 'S!B7', 'S!B8', 'S!B9', 'S!B10', 'S!B11', 'S!B13']);
    const withMacros = recalc([{ name: 'S', cells: [f('A1', 'Dp()')] }], { macros: true });
    expect(withMacros.fresh.summary.kept.map((k) => [k.cell, k.reason])).toEqual([['S!A1', 'function']]);
  });
});

describe('TRIMRANGE and trim references (A1.:.E8), from the cells the file holds', () => {
  // EPPlus's TrimFunctions layout: A..F by rows 1..5, with row 1, row 5, column A, column D and column F blank.
  const grid: FixtureCell[] = ['B', 'C', 'E'].flatMap((col) => [2, 3, 4].map((row) => ({ ref: `${col}${row}`, value: 'A' })));
  it('trims leading, trailing or both, spills what is left (a blank inside reads 0), and counts through it', () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...grid,
          { ref: 'H30', value: 5 },
          ...spilled('IJKL', [6, 8]),
          ...spilled('IJKLM', [12, 16]),
          ...spilled('IJKLM', [20, 23]),
          f('I6', '_xlfn.TRIMRANGE(A1:F5)', { arrayRef: 'I6:L8' }),
          f('I12', '_xlfn.TRIMRANGE(A1:F5,0,2)', { arrayRef: 'I12:M16' }),
          f('I20', '_xlfn._TRO_LEADING(A1:F5)', { arrayRef: 'I20:M23' }),
          f('P1', 'ROWS(_xlfn._TRO_TRAILING(A1:F5))'),
          f('P2', 'COLUMNS(_xlfn._TRO_ALL(A1:F5))'),
          f('P3', 'COUNTA(_xlfn._TRO_ALL(A:F))'),
          f('P4', '_xlfn._TRO_ALL(A19:E25)'),
          f('P5', 'SUM(_xlfn._TRO_ALL(H:H))'),
          f('P6', '_xlfn.TRIMRANGE(A1:F5,4)'),
          // A formula cell is not blank, whatever it answers.
          f('Q1', 'ROWS(_xlfn.TRIMRANGE(P5:P12))'),
        ],
      },
    ]);
    const expected = {
      '1!I6': 'str:A',
      '1!J6': 'str:A',
      '1!K6': 'n:0',
      '1!L6': 'str:A',
      '1!L8': 'str:A',
      '1!I12': 'n:0',
      '1!J13': 'str:A',
      '1!M13': 'str:A',
      '1!M16': 'n:0',
      '1!I20': 'str:A',
      '1!M23': 'n:0',
      '1!P1': 'n:4',
      '1!P2': 'n:4',
      '1!P3': 'n:9',
      '1!P4': 'e:#REF!',
      '1!P5': 'n:5',
      '1!P6': 'e:#VALUE!',
      '1!Q1': 'n:2',
    };
    bothAgree(v, got, expected);
  });

  it('trims a whole sheet from the cells the file holds, whatever the size of the sheets', () => {
    // A cell at the last row and column of another sheet: the trim reads the sheet's cells, not every address.
    const { v, f: got } = recalc([
      { name: 'S', cells: [{ ref: 'A1', value: 1 }, { ref: 'B3', value: 2 }, f('D1', 'ROWS(_xlfn._TRO_ALL(A:C))*10+COLUMNS(_xlfn._TRO_ALL(A:C))')] },
      { name: 'T', cells: [{ ref: 'XFD1048576', value: 3 }, f('A1', 'SUM(_xlfn._TRO_ALL(XFA1048000:XFD1048576))')] },
    ]);
    bothAgree(v, got, { '1!D1': 'n:32', '2!A1': 'n:3' });
  });
});

describe('LAMBDA called where it is written, through LET, and as a named function of the workbook', () => {
  it('binds each parameter to its argument as LET binds a name; what it cannot follow keeps the cached value', () => {
    const { given, v, f: got } = recalc(
      [
        {
          name: 'S',
          cells: [
            { ref: 'A1', value: 4 },
            { ref: 'B1', value: 0.1 },
            f('C1', '_xlfn.LAMBDA(_xlpm.number, _xlpm.number + 1)(1)'),
            f('C2', '_xlfn.LET(_xlpm.f,_xlfn.LAMBDA(_xlpm.x,_xlpm.x*2),_xlpm.f(3)+_xlpm.f(A1))'),
            f('C3', 'TAX(200)+TAX(A1)'),
            // A LAMBDA sees the LET names where it was written.
            f('C4', '_xlfn.LET(_xlpm.k,10,_xlpm.f,_xlfn.LAMBDA(_xlpm.x,_xlpm.x+_xlpm.k),_xlpm.f(1))'),
            // A LAMBDA given to a LAMBDA is called by it.
            f('C5', '_xlfn.LAMBDA(_xlpm.g,_xlpm.x,_xlpm.g(_xlpm.x))(_xlfn.LAMBDA(_xlpm.y,_xlpm.y*3),2)'),
            f('C6', '_xlfn.LAMBDA(_xlpm.x,_xlpm.x)(1,2)'),
            f('C7', 'SUM(_xlfn.LAMBDA(_xlpm.r,_xlpm.r*2)(A1:B1))'),
            // Recursion deeper than the translation follows, and a LAMBDA never called: kept.
            f('C8', 'FACT2(5)', { cached: '120' }),
            f('C9', '_xlfn.LAMBDA(_xlpm.x,_xlpm.x)', { cached: '#CALC!', cachedType: 'e' }),
          ],
        },
      ],
      {
        definedNames: [
          { name: 'TAX', formula: '_xlfn.LAMBDA(_xlpm.amount,_xlpm.amount*S!$B$1)' },
          { name: 'FACT2', formula: '_xlfn.LAMBDA(_xlpm.n,IF(_xlpm.n<=1,1,_xlpm.n*FACT2(_xlpm.n-1)))' },
        ],
      },
    );
    const expected = { '1!C1': 'n:2', '1!C2': 'n:14', '1!C3': 'n:20.4', '1!C4': 'n:11', '1!C5': 'n:6', '1!C6': 'e:#VALUE!', '1!C7': 'n:8.2' };
    bothAgree(v, got, expected);
    expect(v).toMatchObject({ '1!C8': 'n:120', '1!C9': 'e:#CALC!' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!C8', 'S!C9']);
  });

  it('a LAMBDA that answers an array shows its first value in an ordinary cell; what written-out text would get wrong keeps the value', () => {
    const { given, v, f: got } = recalc(
      [
        {
          name: 'S',
          cells: [
            { ref: 'B1', value: 4 },
            { ref: 'B2', value: 5 },
            // An ordinary formula is intersected (=@DBL(B1:B2)): the first value, even with the next cell taken.
            f('C1', 'DBL(B1:B2)'),
            { ref: 'C2', value: 'taken' },
            f('C3', '_xlfn.LAMBDA(_xlpm.r,_xlpm.r*2)(B1:B2)'),
            { ref: 'C4', value: 'taken' },
            // A LAMBDA used as a value, a random number used twice, ISREF of a bound name: kept.
            f('D1', '_xlfn.LET(_xlpm.f,_xlfn.LAMBDA(_xlpm.x,_xlpm.x),_xlpm.f)', { cached: '#CALC!', cachedType: 'e' }),
            f('D2', '_xlfn.LET(_xlpm.x,RAND(),_xlpm.x-_xlpm.x)', { cached: '0' }),
            f('D3', '_xlfn.LET(_xlpm.x,B1,ISREF(_xlpm.x))', { cached: '1', cachedType: 'b' }),
          ],
        },
      ],
      { definedNames: [{ name: 'DBL', formula: '_xlfn.LAMBDA(_xlpm.x,_xlpm.x*2)' }] },
    );
    bothAgree(v, got, { '1!C1': 'n:8', '1!C3': 'n:8' });
    expect(v).toMatchObject({ '1!D1': 'e:#CALC!', '1!D2': 'n:0', '1!D3': 'b:1' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!D1', 'S!D2', 'S!D3']);
  });
});

describe('FORMULATEXT of a workbook made where numbers have a decimal comma', () => {
  it("without a cached value, writes semicolons and decimal commas when the workbook's drawings were typed in such a language", () => {
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 2 },
      f('B1', 'SUBTOTAL(9,A1:A3)+1.5'),
      f('B2', 'SUM({1,2})'),
      f('C1', '_xlfn.FORMULATEXT(B1)', { cached: '=SUBTOTAL(9;A1:A3)+1,5', cachedType: 'str' }),
      f('C2', '_xlfn.FORMULATEXT(B2)', { cached: '=SUM({1\\2})', cachedType: 'str' }),
    ];
    const swedish = recalc([{ name: 'S', cells }], { drawingLanguage: 'sv-SE' });
    expect(swedish.v).toMatchObject({ '1!C1': 'str:=SUBTOTAL(9;A1:A3)+1,5' });
    expect(swedish.f).toMatchObject({ '1!C1': 'str:=SUBTOTAL(9;A1:A3)+1,5' });
    expect(swedish.fresh.summary.assumed.map((a) => [a.cell, a.reason, a.detail.includes('sv-SE')])).toEqual([['S!C1', 'locale', true]]);
    // An array constant's separators differ between such languages: nothing to assume.
    expect(swedish.fresh.summary.kept.map((k) => k.cell)).toEqual(['S!C2']);
    // Drawings typed in en-US, or in a language with a decimal point, leave en-US's separators.
    for (const drawingLanguage of ['en-US', 'zh-CN']) {
      const other = recalc([{ name: 'S', cells }], { drawingLanguage });
      expect(other.f).toMatchObject({ '1!C1': 'str:=SUBTOTAL(9,A1:A3)+1.5', '1!C2': 'str:=SUM({1,2})' });
    }
  });
});

describe("Excel's newer error values held by a cell", () => {
  it('reach the formulas reading them as themselves, with their ERROR.TYPE numbers', () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', error: '#SPILL!' },
          { ref: 'A2', error: '#FIELD!' },
          { ref: 'A3', error: '#CALC!' },
          { ref: 'A4', error: '#GETTING_DATA' },
          { ref: 'A5', error: '#NULL!' },
          f('B5', 'A5'),
          f('C5', 'ERROR.TYPE(A5)'),
          f('B1', 'A1'),
          f('B2', 'A2&"x"'),
          f('B3', 'A3+1'),
          f('C1', 'ERROR.TYPE(A1)'),
          f('C2', 'ERROR.TYPE(A2)'),
          f('C3', 'ERROR.TYPE(A3)'),
          f('C4', 'ERROR.TYPE(A4)'),
          f('D1', 'ISERR(A1)'),
          f('D2', 'IFERROR(A2,"caught")'),
          // A formula cell kept with such a cached value passes it on the same way.
          f('E1', '_xll.ADDIN(1)', { cached: '#SPILL!', cachedType: 'e' }),
          f('E2', 'E1'),
        ],
      },
    ]);
    // As the file holds them: #SPILL!, #FIELD! and #CALC! are `<v>#VALUE!</v>` (Excel names them in its rich value data), #NULL! itself.
    bothAgree(v, got, { '1!B1': storedError('#SPILL!'), '1!B2': storedError('#FIELD!'), '1!B3': storedError('#CALC!'), '1!C1': 'n:9', '1!C2': 'n:13', '1!C3': 'n:14', '1!C4': 'n:8', '1!B5': 'e:#NULL!', '1!C5': 'n:1', '1!D1': 'b:1', '1!D2': 'str:caught' });
    expect(v['1!E2']).toBe(storedError('#SPILL!'));
  });
});

describe('INDIRECT and OFFSET of arguments the file alone decides', () => {
  it('reads the reference it names; text computed by other formulas keeps the cell’s value', () => {
    const { v, f: fresh, given } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 5 },
          { ref: 'A2', value: 'A1' },
          { ref: 'A3', value: 1.00001 },
          { ref: 'A4', value: 'T' },
          { ref: 'B1', value: 7 },
          f('C1', 'INDIRECT("A1")'),
          f('C2', 'INDIRECT("$A$1")*2'),
          f('C3', 'INDIRECT(A2)'),
          f('C4', 'INDIRECT(A3)'),
          f('C5', 'SUM(INDIRECT("A1:B"&ROW()-4))'),
          f('C6', 'INDIRECT(ADDRESS(1,2))'),
          f('C7', 'INDIRECT("R1C2",FALSE)'),
          f('C8', 'INDIRECT(A4&"!A1")+1'),
          f('C9', 'INDIRECT("nope")'),
          f('C10', 'INDIRECT(C1&"1")', { cached: '9' }),
          { ref: 'D1', value: 1 },
          f('C11', 'OFFSET(A1,D1,1)'),
          f('C12', 'SUM(OFFSET(A1:B2,0,0,1,))'),
          f('C13', 'SUM(A1:OFFSET(A1,1,1))'),
          f('C14', 'SUM(A1:INDIRECT("B"&D1))'),
          f('C15', 'OFFSET(A1,-1,0)'),
          // A range where one number belongs meets the formula's row (E1:E20 → E16 = 0, D1:D20 → D16 = 1) or column (A1:Z1 → C1, a formula: left to the engine).
          { ref: 'D16', value: 1 },
          { ref: 'E16', value: 0 },
          f('C16', 'OFFSET(A1,E1:E20,D1:D20)'),
          f('C17', 'OFFSET(A1,A1:Z1,0)', { cached: '3' }),
          // Text is read as a decimal number ("1" is 1); a hexadecimal look-alike is no number to Excel.
          f('C18', 'OFFSET(A1,"0",1)'),
          f('C19', 'OFFSET(A1," 0x1",0)', { cached: '#VALUE!', cachedType: 'e' }),
        ],
      },
      { name: 'T', cells: [{ ref: 'A1', value: 40 }] },
    ]);
    const expected = { '1!C1': 'n:5', '1!C2': 'n:10', '1!C3': 'n:5', '1!C4': 'e:#REF!', '1!C5': 'n:12', '1!C6': 'n:7', '1!C7': 'n:7', '1!C8': 'n:41', '1!C9': 'e:#REF!', '1!C11': 'n:0', '1!C12': 'n:12', '1!C13': 'n:12', '1!C14': 'n:12', '1!C15': 'e:#REF!', '1!C16': 'n:7', '1!C18': 'n:7' };
    expect(v).toMatchObject({ ...expected, '1!C10': 'n:9', '1!C17': 'n:3', '1!C19': 'e:#VALUE!' });
    expect(fresh).toMatchObject(expected);
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!C10', 'S!C17', 'S!C19']);
  });
});
