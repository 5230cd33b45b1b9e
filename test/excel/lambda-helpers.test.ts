import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import type { FixtureCell } from '../helpers/xlsx.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { bothAgree, engine, f, recalc, spilled, storedError, values } from '../helpers/workbook-values.js';

/**
 * Excel's LAMBDA helper functions (MAP, BYROW, BYCOL, REDUCE, SCAN, MAKEARRAY) and ISOMITTED, on
 * small workbooks made here: spilled array formulas (`t="array"`, the other cells of the range held
 * as plain values) and ordinary one-cell formulas, each recalculated with the values the file
 * cached and without any. Expected values are those of Microsoft's examples on each function's
 * page (support.microsoft.com, "MAP function", "BYROW function"…), on the sample data A1:C2 below
 * (the pages show theirs as pictures); what cannot be computed here keeps its cached value.
 */

const x = (formula: string) => formula.replace(/\b(LAMBDA|MAP|BYROW|BYCOL|REDUCE|SCAN|MAKEARRAY|ISOMITTED|SEQUENCE)\(/g, '_xlfn.$1(').replace(/\bp\.(\w+)/g, '_xlpm.$1');

/** The sample data of Microsoft's examples: 1 2 3 / 4 5 6 in A1:C2. */
const sample: FixtureCell[] = [1, 2, 3, 4, 5, 6].map((v, i) => ({ ref: `${'ABC'[i % 3]}${1 + Math.floor(i / 3)}`, value: v }));

describe('MAP: the LAMBDA of each cell, in the array’s shape', () => {
  it("computes Microsoft's examples, spilled and in one cell", () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...sample,
          // Example 2's table: Col1 and Col2, and MAP(TableA[Col1],TableA[Col2],LAMBDA(a,b,AND(a,b))).
          { ref: 'I1', value: 'Col1' },
          { ref: 'J1', value: 'Col2' },
          { ref: 'I2', value: true },
          { ref: 'J2', value: true },
          { ref: 'I3', value: true },
          { ref: 'J3', value: false },
          { ref: 'I4', value: false },
          { ref: 'J4', value: false },
          ...spilled('EFG', [1, 2]),
          f('E1', x('MAP(A1:C2,LAMBDA(p.a,IF(p.a>4,p.a*p.a,p.a)))'), { arrayRef: 'E1:G2' }),
          ...spilled('K', [2, 4]),
          f('K2', x('MAP(TableA[Col1],TableA[Col2],LAMBDA(p.a,p.b,AND(p.a,p.b)))'), { arrayRef: 'K2:K4' }),
          // A function given by name, as Excel stores it (_xleta.ABS); an empty cell reads 0.
          { ref: 'A5', value: -2 },
          { ref: 'C5', value: -7 },
          ...spilled('EFG', [5, 5]),
          f('E5', x('MAP(A5:C5,_xleta.ABS)'), { arrayRef: 'E5:G5' }),
          ...spilled('EFG', [6, 6]),
          f('E6', x('MAP(A5:C5,LAMBDA(p.v,p.v))'), { arrayRef: 'E6:G6' }),
          // An array constant, a LET name bound to a range, a named LAMBDA.
          ...spilled('EFG', [7, 7]),
          f('E7', x('MAP({1,2,3},{10,20,30},LAMBDA(p.a,p.b,p.a+p.b))'), { arrayRef: 'E7:G7' }),
          ...spilled('EFG', [8, 8]),
          f('E8', x('_xlfn.LET(p.d,A2:C2,MAP(p.d,LAMBDA(p.c,p.c*10)))'), { arrayRef: 'E8:G8' }),
          ...spilled('EFG', [9, 9]),
          f('E9', x('MAP(A1:C1,DOUBLE)'), { arrayRef: 'E9:G9' }),
          // One-cell formulas: the whole array summed, and an ordinary cell showing the first value.
          f('M1', x('SUM(MAP(A1:C2,LAMBDA(p.a,p.a*2)))')),
          f('M2', x('MAP(B1:C2,LAMBDA(p.a,p.a*2))')),
          // More parameters than arrays: Excel's "Incorrect Parameters".
          f('M3', x('MAP(A1:C2,LAMBDA(p.a,p.b,p.a))')),
          // A LAMBDA that answers an array for a cell: #CALC!.
          f('M4', x('SUM(MAP(A1:A2,LAMBDA(p.a,A1:B1)))')),
        ],
        tables: [{ name: 'TableA', ref: 'I1:J4', columns: ['Col1', 'Col2'] }],
      },
    ], { definedNames: [{ name: 'DOUBLE', formula: '_xlfn.LAMBDA(_xlpm.n,_xlpm.n*2)' }] });
    bothAgree(v, got, {
      '1!E1': 'n:1',
      '1!F1': 'n:2',
      '1!G1': 'n:3',
      '1!E2': 'n:4',
      '1!F2': 'n:25',
      '1!G2': 'n:36',
      '1!K2': 'b:1',
      '1!K3': 'b:0',
      '1!K4': 'b:0',
      '1!E5': 'n:2',
      '1!F5': 'n:0',
      '1!G5': 'n:7',
      '1!E6': 'n:-2',
      '1!F6': 'n:0',
      '1!G6': 'n:-7',
      '1!E7': 'n:11',
      '1!G7': 'n:33',
      '1!E8': 'n:40',
      '1!G8': 'n:60',
      '1!E9': 'n:2',
      '1!G9': 'n:6',
      '1!M1': 'n:42',
      '1!M2': 'n:4',
      '1!M3': 'e:#VALUE!',
      '1!M4': storedError('#CALC!'),
    });
  });
});

describe('BYROW and BYCOL: the LAMBDA of each row or column as a range', () => {
  it("computes Microsoft's examples; a row answering an array is #CALC!", () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...sample,
          ...spilled('E', [1, 2]),
          f('E1', x('BYROW(A1:C2,LAMBDA(p.array,MAX(p.array)))'), { arrayRef: 'E1:E2' }),
          ...spilled('F', [1, 2]),
          f('F1', x('BYROW(A1:C2,LAMBDA(p.array,SUMSQ(p.array)))'), { arrayRef: 'F1:F2' }),
          ...spilled('EFG', [4, 4]),
          f('E4', x('BYCOL(A1:C2,LAMBDA(p.array,MAX(p.array)))'), { arrayRef: 'E4:G4' }),
          ...spilled('EFG', [5, 5]),
          f('E5', x('BYCOL(A1:C2,_xleta.SUM)'), { arrayRef: 'E5:G5' }),
          // The row is a range: ROWS, COLUMNS and INDEX see it whole.
          ...spilled('H', [1, 2]),
          f('H1', x('BYROW(A1:C2,LAMBDA(p.r,INDEX(p.r,1,COLUMNS(p.r))*ROW(p.r)))'), { arrayRef: 'H1:H2' }),
          f('M1', x('BYROW(A1:C2,LAMBDA(p.r,p.r*2))')),
          f('M2', x('SUM(BYCOL(A1:C2,LAMBDA(p.c,PRODUCT(p.c))))')),
        ],
      },
    ]);
    bothAgree(v, got, {
      '1!E1': 'n:3',
      '1!E2': 'n:6',
      '1!F1': 'n:14',
      '1!F2': 'n:77',
      '1!E4': 'n:4',
      '1!F4': 'n:5',
      '1!G4': 'n:6',
      '1!E5': 'n:5',
      '1!F5': 'n:7',
      '1!G5': 'n:9',
      '1!H1': 'n:3',
      '1!H2': 'n:12',
      '1!M1': storedError('#CALC!'),
      '1!M2': 'n:32',
    });
  });
});

describe('REDUCE and SCAN: a left fold over the cells, row by row', () => {
  const nums: FixtureCell[] = [10, 60, 70, 3, 55].map((n, i) => ({ ref: `K${i + 1}`, value: n }));
  const letters: FixtureCell[] = 'abcdef'.split('').map((s, i) => ({ ref: `${'ABC'[i % 3]}${4 + Math.floor(i / 3)}`, value: s }));

  it("computes Microsoft's examples with an initial value", () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...sample,
          ...nums,
          ...letters,
          // PRODUCTIF: multiply only values greater than 50; count only even values.
          f('E1', x('REDUCE(1,K1:K5,LAMBDA(p.a,p.b,IF(p.b>50,p.a*p.b,p.a)))')),
          f('E2', x('REDUCE(0,K1:K5,LAMBDA(p.a,p.n,IF(ISEVEN(p.n),1+p.a,p.a)))')),
          f('E3', x('REDUCE(0,A1:C2,LAMBDA(p.a,p.b,p.a+p.b^2))')),
          // SCAN: the running product, and the letters joined.
          ...spilled('EFG', [6, 7]),
          f('E6', x('SCAN(1,A1:C2,LAMBDA(p.a,p.b,p.a*p.b))'), { arrayRef: 'E6:G7' }),
          ...spilled('EFG', [9, 10]),
          f('E9', x('SCAN("",A4:C5,LAMBDA(p.a,p.b,p.a&p.b))'), { arrayRef: 'E9:G10' }),
          f('M1', x('SUM(SCAN(0,K1:K5,LAMBDA(p.a,p.b,p.a+p.b)))')),
          f('M2', x('REDUCE(0,A1:C2,LAMBDA(p.a,p.b,p.c,p.a))')),
        ],
      },
    ]);
    bothAgree(v, got, {
      '1!E1': 'n:231000',
      '1!E2': 'n:3',
      '1!E3': 'n:91',
      '1!E6': 'n:1',
      '1!F6': 'n:2',
      '1!G6': 'n:6',
      '1!E7': 'n:24',
      '1!F7': 'n:120',
      '1!G7': 'n:720',
      '1!E9': 'str:a',
      '1!G9': 'str:abc',
      '1!G10': 'str:abcdef',
      '1!M1': 'n:561',
      '1!M2': 'e:#VALUE!',
    });
  });

  it('folds any length with an initial value; keeps a left-out one (Microsoft documents it two ways) unless the file has no value', () => {
    const { given, fresh, v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...sample,
          ...Array.from({ length: 120 }, (_, i) => ({ ref: `K${i + 1}`, value: i + 1 })),
          // REDUCE(, A1:C2, LAMBDA(a,b,a+b^2)), Microsoft's example 1: "sum the squared values".
          f('E1', x('REDUCE(,A1:C2,LAMBDA(p.a,p.b,p.a+p.b^2))'), { cached: '91' }),
          // ISOMITTED of the accumulator is Microsoft's open case too: kept when cached, else TRUE and noted.
          f('E2', x('REDUCE(,A1:C2,LAMBDA(p.a,p.b,IF(ISOMITTED(p.a),p.b,p.a*p.b)))'), { cached: '720' }),
          // With an initial value, the LAMBDA is applied as the engine computes: any length, the accumulator used twice.
          f('E3', x('REDUCE(0,K1:K120,LAMBDA(p.a,p.b,p.a+p.b))')),
          f('E4', x('REDUCE(0,K1:K120,LAMBDA(p.a,p.b,IF(p.a>p.b,p.a,p.b)))')),
          f('E5', x('SUM(SCAN(0,K1:K120,LAMBDA(p.a,p.b,IF(p.b>100,p.a+p.b,p.a))))')),
          // A REDUCE inside the LAMBDA of another: each sees its own accumulator, and the outer one's.
          f('E6', x('REDUCE(0,A1:C1,LAMBDA(p.a,p.b,p.a+REDUCE(p.b,A2:C2,LAMBDA(p.x,p.y,p.x*p.y+p.a))))')),
          // Left out, the steps are written out, each nesting the one before: past what the engine reads, kept.
          f('E7', x('REDUCE(,K1:K120,LAMBDA(p.a,p.b,p.a+p.b))'), { cached: '7260' }),
          f('E8', x('REDUCE(0,K1:K20000,LAMBDA(p.a,p.b,p.a+p.b))'), { cached: '7260' }),
        ],
      },
    ]);
    const computed = { '1!E3': 'n:7260', '1!E4': 'n:120', '1!E5': 'n:22540', '1!E6': 'n:182760' };
    expect(v).toMatchObject({ ...computed, '1!E1': 'n:91', '1!E2': 'n:720', '1!E7': 'n:7260', '1!E8': 'n:7260' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!E1', 'S!E2', 'S!E7', 'S!E8']);
    // Without a cached value, the omitted accumulator is taken as an empty value (0), and noted.
    expect(got).toMatchObject({ ...computed, '1!E1': 'n:91', '1!E2': 'n:720' });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([
      ['S!E1', 'call'],
      ['S!E2', 'call'],
    ]);
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(['S!E7', 'S!E8']);
  });
});

describe('MAKEARRAY: the LAMBDA of each row and column number', () => {
  it("computes Microsoft's multiplication table; a size below 1 or not a number is #VALUE!", () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 2 },
          ...spilled('CDE', [1, 3]),
          f('C1', x('MAKEARRAY(3,3,LAMBDA(p.r,p.c,p.r*p.c))'), { arrayRef: 'C1:E3' }),
          ...spilled('CD', [5, 6]),
          f('C5', x('MAKEARRAY(A1,A1,LAMBDA(p.r,p.c,p.r&"-"&p.c))'), { arrayRef: 'C5:D6' }),
          f('G1', x('MAKEARRAY(0,2,LAMBDA(p.r,p.c,1))')),
          f('G2', x('MAKEARRAY("x",2,LAMBDA(p.r,p.c,1))')),
          f('G3', x('SUM(MAKEARRAY(2.9,4,LAMBDA(p.r,p.c,p.c)))')),
        ],
      },
    ]);
    bothAgree(v, got, {
      '1!C1': 'n:1',
      '1!E1': 'n:3',
      '1!D2': 'n:4',
      '1!E3': 'n:9',
      '1!C5': 'str:1-1',
      '1!D6': 'str:2-2',
      '1!G1': 'e:#VALUE!',
      '1!G2': 'e:#VALUE!',
      '1!G3': 'n:20',
    });
  });
});

describe('ISOMITTED and LAMBDA calls that leave arguments out', () => {
  it('an empty argument and a left-out optional parameter ([y], stored _xlop.y) are omitted; too few required arguments is #VALUE!', () => {
    const { given, fresh, v, f: got } = recalc(
      [
        {
          name: 'S',
          cells: [
            // Microsoft's ISOMITTED example.
            f('A1', x('LAMBDA(p.x,p.y,IF(ISOMITTED(p.y),"Missing second argument",p.x+p.y))(1,)')),
            f('A2', x('LAMBDA(p.x,p.y,IF(ISOMITTED(p.y),"Missing second argument",p.x+p.y))(1,2)')),
            // LAMBDA(x, [y], x + IF(ISOMITTED(y), 10, y)), as Excel stores an optional parameter.
            f('A3', x('LAMBDA(p.x,_xlop.y,p.x+IF(ISOMITTED(p.y),10,p.y))(1)')),
            f('A4', x('LAMBDA(p.x,_xlop.y,p.x+IF(ISOMITTED(p.y),10,p.y))(1,5)')),
            f('A5', 'GROW(100,0.5)+GROW(100,0.5,2)'),
            f('A6', x('LAMBDA(p.x,p.y,p.x+p.y)(1)')),
            f('A7', x('ISOMITTED(A1)')),
            // A left-out parameter used as a value: Microsoft does not say what it is.
            f('A8', x('LAMBDA(p.x,_xlop.y,p.x+p.y)(1)'), { cached: '1' }),
          ],
        },
      ],
      { definedNames: [{ name: 'GROW', formula: '_xlfn.LAMBDA(_xlpm.value,_xlpm.rate,_xlop.periods,_xlpm.value*(1+_xlpm.rate)^IF(_xlfn.ISOMITTED(_xlpm.periods),1,_xlpm.periods))' }] },
    );
    bothAgree(v, got, {
      '1!A1': 'str:Missing second argument',
      '1!A2': 'n:3',
      '1!A3': 'n:11',
      '1!A4': 'n:6',
      '1!A5': 'n:375',
      '1!A6': 'e:#VALUE!',
      '1!A7': 'b:0',
      '1!A8': 'n:1',
    });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!A8']);
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([['S!A8', 'call']]);
  });
});

describe('LAMBDA helpers over arrays a formula computes', () => {
  it('applies the LAMBDA to the values as the engine computes them', () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          f('A1', '1+1'),
          f('E1', x('SUM(MAP(SEQUENCE(3),LAMBDA(p.a,p.a*2)))')),
          ...spilled('E', [2, 3]),
          f('E2', x('BYROW(SEQUENCE(2,3),LAMBDA(p.r,SUM(p.r)))'), { arrayRef: 'E2:E3' }),
          ...spilled('EF', [4, 4]),
          f('E4', x('BYCOL({1,2;3,4},LAMBDA(p.c,MAX(p.c)))'), { arrayRef: 'E4:F4' }),
          ...spilled('EF', [5, 6]),
          f('E5', x('MAKEARRAY(A1,A1,LAMBDA(p.r,p.c,p.r*10+p.c))'), { arrayRef: 'E5:F6' }),
          f('E7', x('REDUCE(0,SEQUENCE(4),LAMBDA(p.a,p.b,p.a+p.b))')),
          ...spilled('EFG', [8, 8]),
          f('E8', x('SCAN(0,SEQUENCE(1,3),LAMBDA(p.a,p.b,p.a+p.b))'), { arrayRef: 'E8:G8' }),
          f('E9', x('SUM(BYROW(SEQUENCE(2,2),LAMBDA(p.r,p.r)))')),
        ],
      },
    ]);
    bothAgree(v, got, {
      '1!E1': 'n:12',
      '1!E2': 'n:6',
      '1!E3': 'n:15',
      '1!E4': 'n:3',
      '1!F4': 'n:4',
      '1!E5': 'n:11',
      '1!F5': 'n:12',
      '1!E6': 'n:21',
      '1!F6': 'n:22',
      '1!E7': 'n:10',
      '1!E8': 'n:1',
      '1!F8': 'n:3',
      '1!G8': 'n:6',
      '1!E9': storedError('#CALC!'),
    });
  });
});

describe('LAMBDA helpers this engine cannot compute keep the cached value', () => {
  it('arrays of different sizes, more cells than the cap, no initial value over a computed array, something that is not a LAMBDA', () => {
    const { given, fresh, v } = recalc([
      {
        name: 'S',
        cells: [
          ...sample,
          f('E1', x('SUM(MAP(SEQUENCE(3),SEQUENCE(2),LAMBDA(p.a,p.b,p.a*p.b)))'), { cached: '5' }),
          f('E2', x('SUM(MAP(A1:A20000,LAMBDA(p.a,p.a+1)))'), { cached: '20021' }),
          f('E3', x('SUM(BYROW(A1:C2,A1))'), { cached: '5' }),
          f('E4', x('SUM(MAP(A1:C2,A1:B2,LAMBDA(p.a,p.b,p.a+p.b)))'), { cached: '4' }),
          f('E5', x('REDUCE(,SEQUENCE(3),LAMBDA(p.a,p.b,p.a+p.b))'), { cached: '6' }),
          f('E6', x('SUM(MAP(SEQUENCE(20001),LAMBDA(p.a,1)))'), { cached: '20001' }),
        ],
      },
    ]);
    expect(v).toMatchObject({ '1!E1': 'n:5', '1!E2': 'n:20021', '1!E3': 'n:5', '1!E4': 'n:4', '1!E5': 'n:6', '1!E6': 'n:20001' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!E1', 'S!E2', 'S!E3', 'S!E4', 'S!E5', 'S!E6']);
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(['S!E1', 'S!E2', 'S!E3', 'S!E4', 'S!E5', 'S!E6']);
  });
});

describe('the LAMBDA helpers through the command’s own evaluator choice', () => {
  it('leaves them to the engine, with the same answers', () => {
    const cells = [...sample, ...spilled('E', [1, 2]), f('E1', x('BYROW(A1:C2,LAMBDA(p.r,SUM(p.r)))'), { arrayRef: 'E1:E2' }), f('F1', x('REDUCE(0,A1:C2,LAMBDA(p.a,p.b,p.a+p.b))'))];
    const r = recalcWorkbook(buildXlsx([{ name: 'S', cells }]), { engine, lang: 'en' });
    expect(r.summary.kept).toEqual([]);
    expect(values(r.bytes, 1)).toMatchObject({ '1!E1': 'n:6', '1!E2': 'n:15', '1!F1': 'n:21' });
  });
});

describe('what the helpers must not get wrong (review)', () => {
  it("keeps a reference read of a parameter bound to a value, applies the LAMBDA to an error given as the array, and takes no engine function from the file", () => {
    const { given, fresh, v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          { ref: 'B1', value: 1 },
          { ref: 'B2', value: 2 },
          { ref: 'B3', value: 3 },
          { ref: 'A3', error: '#N/A' },
          // With an initial value the accumulator and the cell are values as the engine computes: ROW of one is kept.
          f('D1', x('REDUCE(0,B1:B3,LAMBDA(p.a,p.b,p.a+ROW(p.b)))'), { cached: '6' }),
          // An error as the array is one value the LAMBDA sees, as the written-out MAP does.
          f('D2', x('REDUCE(0,A3,LAMBDA(p.a,p.b,p.a+ISNA(p.b)))')),
          f('D3', x('MAP(A3,LAMBDA(p.a,ISNA(p.a)))')),
          // This engine's own functions are no functions of a file's formula (Excel answers #NAME?).
          f('D4', 'EXCEL.ARRAY(2,2,1)', { cached: '#NAME?', cachedType: 'e' }),
          f('D5', 'SUM(EXCEL.FOLD(0,1,1,1,0,B1,B1))'),
          // Helpers inside helpers: each within its cap, together past what one formula may compute here.
          f('D6', x('SUM(MAP(SEQUENCE(1100),LAMBDA(p.x,SUM(MAP(SEQUENCE(1000),LAMBDA(p.y,p.x*p.y))))))'), { cached: '302801050000' }),
        ],
      },
    ]);
    expect(v).toMatchObject({ '1!D1': 'n:6', '1!D2': 'n:1', '1!D3': 'b:1', '1!D4': 'e:#NAME?', '1!D6': 'n:302801050000' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!D1', 'S!D4', 'S!D5', 'S!D6']);
    expect(got).toMatchObject({ '1!D2': 'n:1', '1!D3': 'b:1', '1!D4': 'e:#NAME?', '1!D5': 'e:#NAME?' });
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(['S!D1', 'S!D6']);
  });
});
