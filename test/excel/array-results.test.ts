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
