import { describe, expect, it } from 'vitest';
import type { FixtureCell } from '../helpers/xlsx.js';
import { bothAgree, f, recalcBoth, spilled, storedError } from '../helpers/workbook-values.js';

/**
 * Functions answering arrays, as Excel shows them: in an ordinary cell their first value (Microsoft's
 * "Implicit intersection operator: @": a range meets the formula's row or column, an array shows its
 * top-left value), over a range of an array formula every cell of it; and the cases Excel's saved
 * values decide where Microsoft's pages are silent (IronCalc's test workbooks SORT.xlsx, MMULT.xlsx,
 * SEQUENCE.xlsx, INDEX.xlsx and FILTER_ERRORS.xlsx, saved by Excel). Every workbook is computed by
 * both evaluators, with and without cached values.
 */

const square: FixtureCell[] = [
  { ref: 'A1', value: 1 },
  { ref: 'B1', value: 2 },
  { ref: 'A2', value: 3 },
  { ref: 'B2', value: 4 },
];

describe('an array function in an ordinary cell', () => {
  it('shows its first value, whatever the cells beside it hold; a reference it answers meets the formula’s row or column', () => {
    const formulas: [string, string][] = [
      ['MMULT(A1:B2,A1:B2)', 'n:7'],
      ['TRANSPOSE(A1:B2)', 'n:1'],
      ['ROUND(MINVERSE(A1:B2),9)', 'n:-2'],
      ['FREQUENCY(A1:B2,{2,3})', 'n:2'],
      ['LINEST(A1:A2,B1:B2)', 'n:1'],
      ['_xlfn.SEQUENCE(3,1,10)', 'n:10'],
      ['_xlfn.UNIQUE(A1:B2)', 'n:1'],
      ['_xlfn._xlws.SORT(A1:B2,1,-1)', 'n:3'],
      ['_xlfn._xlws.FILTER(A1:A2,A1:A2>1)', 'n:3'],
      // @ written in the file: the top-left value, then the rest of the formula.
      ['_xlfn.SINGLE(MMULT(A1:B2,A1:B2))+1', 'n:8'],
      ['SUM(_xlfn.SINGLE(MMULT(A1:B2,A1:B2)))', 'n:7'],
    ];
    const cells: FixtureCell[] = [...square, ...formulas.flatMap(([formula], i): FixtureCell[] => [f(`D${i + 5}`, formula), { ref: `E${i + 5}`, value: 'taken' }])];
    // References: INDEX's column and OFFSET's range meet row 2; outside their rows, #VALUE!.
    cells.push(f('C2', 'INDEX(A1:B2,0,2)'), f('C3', 'INDEX(A1:B2,0,2)'), f('D2', 'OFFSET(A1,0,0,2,1)'), f('E2', 'A1:A2*10'), f('E3', 'A1:A2*10'));
    const { v, f: fresh } = recalcBoth([{ name: 'S', cells }]);
    bothAgree(v, fresh, {
      ...Object.fromEntries(formulas.map(([, value], i) => [`1!D${i + 5}`, value])),
      '1!C2': 'n:4',
      '1!C3': 'e:#VALUE!',
      '1!D2': 'n:3',
      '1!E2': 'n:30',
      '1!E3': 'e:#VALUE!',
    });
  });
});

describe('SORT and SORTBY over errors and empty cells', () => {
  // SORT.xlsx's column A (an empty A12) and its keys in column B.
  const a: (number | string | { error: string } | null)[] = [1, 5, 2, -2, 5, 7, 'Hola', 'De', 'HOLA', { error: '#NAME?' }, 'Qwer', null, 'AAAA', 123, '2', { error: '#DIV/0!' }, { error: '#N/A' }];
  const b = ['abra', 'cada', 'abra', 'nos', 'sin tu', 'sf', 'ad', 'sa', 'df', 'ghdf', 'xvsd', 12, 'de', 'efv', 'uhgf', 'nht', 'ettyer'];
  const data: FixtureCell[] = [
    ...a.flatMap((x, i): FixtureCell[] => (x === null ? [] : [typeof x === 'object' ? { ref: `A${i + 1}`, error: x.error } : { ref: `A${i + 1}`, value: x }])),
    ...b.map((value, i) => ({ ref: `B${i + 1}`, value })),
  ];
  const expectColumn = (col: string, values: string[]) => Object.fromEntries(values.map((x, i) => [`1!${col}${i + 1}`, x]));

  it('sorts numbers, text, then errors by their number, empty cells last (shown 0); descending reverses all but the empty cells; ties keep their order', () => {
    const cells = [
      ...data,
      f('D1', '_xlfn._xlws.SORT(A1:A17)', { arrayRef: 'D1:D17' }),
      f('E1', '_xlfn._xlws.SORT(A1:A17,1,-1)', { arrayRef: 'E1:E17' }),
      f('F1', '_xlfn.SORTBY(A1:A17,B1:B17)', { arrayRef: 'F1:F17' }),
      f('G1', '_xlfn.SORTBY(A1:A17,B1:B17,-1)', { arrayRef: 'G1:G17' }),
      ...[...'DEFG'].flatMap((col) => spilled(col, [1, 17])),
    ].sort((x, y) => Number(/\d+/.exec(x.ref)![0]) - Number(/\d+/.exec(y.ref)![0]) || x.ref.localeCompare(y.ref));
    const { v, f: fresh } = recalcBoth([{ name: 'S', cells }]);
    bothAgree(v, fresh, {
      ...expectColumn('D', ['n:-2', 'n:1', 'n:2', 'n:5', 'n:5', 'n:7', 'n:123', 'str:2', 'str:AAAA', 'str:De', 'str:Hola', 'str:HOLA', 'str:Qwer', 'e:#DIV/0!', 'e:#NAME?', 'e:#N/A', 'n:0']),
      ...expectColumn('E', ['e:#N/A', 'e:#NAME?', 'e:#DIV/0!', 'str:Qwer', 'str:Hola', 'str:HOLA', 'str:De', 'str:AAAA', 'str:2', 'n:123', 'n:7', 'n:5', 'n:5', 'n:2', 'n:1', 'n:-2', 'n:0']),
      ...expectColumn('F', ['n:0', 'n:1', 'n:2', 'str:Hola', 'n:5', 'str:AAAA', 'str:HOLA', 'n:123', 'e:#N/A', 'e:#NAME?', 'e:#DIV/0!', 'n:-2', 'str:De', 'n:7', 'n:5', 'str:2', 'str:Qwer']),
      ...expectColumn('G', ['str:Qwer', 'str:2', 'n:5', 'n:7', 'str:De', 'n:-2', 'e:#DIV/0!', 'e:#NAME?', 'e:#N/A', 'n:123', 'str:HOLA', 'str:AAAA', 'n:5', 'str:Hola', 'n:1', 'n:2', 'n:0']),
    });
  });

  it('UNIQUE over an error keeps the cached value (whether Excel tells errors apart, no page says); FILTER of nothing is #CALC!, held as #VALUE!', () => {
    const cells = [...data, f('D1', '_xlfn.UNIQUE(A1:A17)', { cached: '1' }), f('D2', '_xlfn._xlws.FILTER(A1:A5,A1:A5>10)', { arrayRef: 'D2' })];
    const { v, f: got, given, fresh } = recalcBoth([{ name: 'S', cells }]);
    expect(v['1!D1']).toBe('n:1');
    expect(given.summary.kept.map((k) => [k.cell, k.reason])).toEqual([['S!D1', 'function']]);
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(['S!D1']);
    bothAgree(v, got, { '1!D2': storedError('#CALC!') });
    expect(given.summary.errors).toMatchObject({ '#CALC!': 1 });
  });
});

describe('MMULT and SEQUENCE where HyperFormula answered otherwise', () => {
  it('as Excel saved them: typed numbers multiply, the first error is the answer, a blank or logical value #VALUE!, an overflow #NUM!', () => {
    const time = (ref: string, h: number, m: number) => f(ref, `TIME(${h},${m},0)`);
    const cells: FixtureCell[] = [
      time('A1', 15, 0),
      time('B1', 14, 30),
      time('C1', 14, 30),
      time('D1', 14, 12),
      f('E1', 'MMULT(A1:B2,C1:D2)', { arrayRef: 'E1:F2' }),
      { ref: 'F1', value: 0 },
      time('A2', 15, 30),
      time('B2', 14, 56),
      time('C2', 14, 45),
      time('D2', 14, 55),
      { ref: 'E2', value: 0 },
      { ref: 'F2', value: 0 },
      { ref: 'A4', value: 1 },
      { ref: 'B4', error: '#DIV/0!' },
      { ref: 'C4', value: 5 },
      { ref: 'D4', value: 6 },
      f('E4', 'MMULT(A4:B5,C4:D5)', { arrayRef: 'E4' }),
      { ref: 'A5', value: 3 },
      { ref: 'B5', error: '#DIV/0!' },
      { ref: 'C5', error: '#DIV/0!' },
      { ref: 'D5', value: 8 },
      { ref: 'A7', error: '#N/A' },
      { ref: 'B7', error: '#N/A' },
      { ref: 'C7', value: 5 },
      { ref: 'D7', error: '#NAME?' },
      f('E7', 'MMULT(A7:B8,C7:D8)', { arrayRef: 'E7' }),
      { ref: 'A8', error: '#VALUE!' },
      { ref: 'B8', error: '#DIV/0!' },
      { ref: 'C8', error: '#DIV/0!' },
      { ref: 'D8', error: '#NUM!' },
      { ref: 'A10', value: 1 },
      { ref: 'B10', value: true },
      { ref: 'C10', value: 5 },
      { ref: 'D10', value: 6 },
      f('E10', 'MMULT(A10:B11,C10:D11)', { arrayRef: 'E10' }),
      { ref: 'A11', value: 3 },
      { ref: 'B11', value: 4 },
      { ref: 'C11', value: 7 },
      { ref: 'D11', value: 8 },
      { ref: 'A13', value: 1e200 },
      { ref: 'B13', value: 3.24e200 },
      { ref: 'C13', value: 3.654e200 },
      { ref: 'D13', value: 3.552e200 },
      f('E13', 'MMULT(A13:B14,C13:D14)', { arrayRef: 'E13' }),
      f('F13', 'MMULT(C16:D17,C13:D14)', { arrayRef: 'F13' }),
      { ref: 'A14', value: 1.234e200 },
      { ref: 'B14', value: 5.23e200 },
      { ref: 'C14', value: 2.3463e200 },
      { ref: 'D14', value: 3.645e200 },
      { ref: 'C16', value: 1 },
      { ref: 'D17', value: 1 },
    ];
    const { v, f: fresh } = recalcBoth([{ name: 'S', cells }]);
    const near = (values: Record<string, string>, ref: string, x: number) => expect(Math.abs(Number(values[ref]!.slice(2)) - x)).toBeLessThan(1e-15);
    for (const values of [v, fresh]) {
      near(values, '1!E1', 0.7489149305555556);
      near(values, '1!F1', 0.7452980324074074);
      near(values, '1!E2', 0.7725983796296296);
      near(values, '1!F2', 0.768846450617284);
    }
    // F13: a blank among the values (C17) is #VALUE!, as MMULT.xlsx's blank first argument.
    bothAgree(v, fresh, { '1!E4': 'e:#DIV/0!', '1!E7': 'e:#N/A', '1!E10': 'e:#VALUE!', '1!E13': 'e:#NUM!', '1!F13': 'e:#VALUE!' });
  });

  it('SEQUENCE with its arguments left empty: one row, from 1, by 1', () => {
    const { v, f: fresh } = recalcBoth([{ name: 'S', cells: [f('A1', '_xlfn.SEQUENCE(,4,,2.5)', { arrayRef: 'A1:D1' }), ...spilled('ABCD', [1, 1]).filter((c) => c.ref !== 'A1'), f('A3', '_xlfn.SEQUENCE(,,5)')] }]);
    bothAgree(v, fresh, { '1!A1': 'n:1', '1!B1': 'n:3.5', '1!C1': 'n:6', '1!D1': 'n:8.5', '1!A3': 'n:5' });
  });
});

describe('INDEX with a row and no column', () => {
  it('of an array of several rows and columns is that row; of a range it keeps the cached value', () => {
    const { v, f: fresh, given } = recalcBoth([
      {
        name: 'S',
        cells: [
          ...square,
          f('A4', 'INDEX({1,2,3;4,5,6},1)', { arrayRef: 'A4:C4' }),
          ...spilled('ABC', [4, 4]).filter((c) => c.ref !== 'A4'),
          // The reference form takes no such call (Microsoft's page makes the column optional for one column only).
          f('A6', 'SUM(INDEX(A1:B2,2))', { cached: '7' }),
        ],
      },
    ]);
    bothAgree(v, fresh, { '1!A4': 'n:1', '1!B4': 'n:2', '1!C4': 'n:3' });
    expect(v['1!A6']).toBe('n:7');
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!A6']);
  });
});

describe('a spill reference as a file stores it', () => {
  it('_xlfn.ANCHORARRAY(C2) is C2#, the range the array formula at C2 fills', () => {
    // SORT.xlsx's third sheet: =SUM(C2#) over =FILTER(A2:A12,A2:A12>10).
    const { v, f: fresh } = recalcBoth([
      {
        name: 'S',
        cells: [
          { ref: 'A1', value: 25 },
          { ref: 'A2', value: 23 },
          f('C2', '_xlfn._xlws.FILTER(A2:A12, A2:A12>10)', { arrayRef: 'C2:C5' }),
          f('E2', 'SUM(_xlfn.ANCHORARRAY(C2))'),
          { ref: 'A3', value: 24 },
          { ref: 'C3', value: 0 },
          { ref: 'A4', value: 12 },
          { ref: 'C4', value: 0 },
          { ref: 'A5', value: 8 },
          { ref: 'C5', value: 0 },
          { ref: 'A6', value: 9 },
          { ref: 'A7', value: 12 },
        ],
      },
    ]);
    bothAgree(v, fresh, { '1!C2': 'n:23', '1!C5': 'n:12', '1!E2': 'n:71' });
  });
});
