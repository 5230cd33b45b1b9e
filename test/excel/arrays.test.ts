import { describe, expect, it } from 'vitest';
import type { FixtureCell } from '../helpers/xlsx.js';
import { bothAgree, f, recalc, storedError } from '../helpers/workbook-values.js';

/**
 * Excel 365's array functions that HyperFormula lacks (functions/workbook/excel/arrays.ts), each in
 * a small workbook: as a dynamic array (`t="array"` over the range it spills to) and as an
 * ordinary one-cell formula, which shows the array's first value as Excel's implicit intersection
 * does. Expected values are Microsoft's documented examples (support.microsoft.com/excel/<name>-function)
 * and the error cases its pages name; every workbook is computed with and without cached values.
 */

type Value = number | string | boolean;
/** A formula and what Excel shows: the whole array when spilled (the default), its first value in an ordinary cell. */
interface Case {
  formula: string;
  expect: Value[][];
  ordinary?: boolean;
}

/** An ordinary one-cell formula and the value Excel shows. */
const one = (formula: string, value: Value): Case => ({ formula, expect: [[value]], ordinary: true });

const column = (i: number) => String.fromCharCode(65 + i);
/** A value as values() reads it: "#…" is an error (as the file holds it), "'#…" the text (as Excel's leading apostrophe). */
const encoded = (v: Value) => (typeof v === 'number' ? `n:${v}` : typeof v === 'boolean' ? `b:${v ? 1 : 0}` : v.startsWith('#') ? storedError(v) : `str:${v.replace(/^'/, '')}`);

/**
 * The data, and each case below the one before, from column `first` (a spilled case over a
 * `t="array"` range as large as its expected array, its other cells holding a stale 0): computed,
 * and compared cell by cell with Excel's values.
 */
function check(data: FixtureCell[], cases: Case[], first = 5) {
  const cells = [...data];
  const expected: Record<string, string> = {};
  let row = 1;
  for (const c of cases) {
    const h = c.ordinary ? 1 : c.expect.length;
    const w = c.ordinary ? 1 : c.expect[0]!.length;
    const anchor = `${column(first)}${row}`;
    cells.push(f(anchor, c.formula, c.ordinary ? {} : { arrayRef: `${anchor}:${column(first + w - 1)}${row + h - 1}` }));
    for (let r = 0; r < h; r++) {
      for (let k = 0; k < w; k++) {
        const ref = `${column(first + k)}${row + r}`;
        if (r || k) cells.push({ ref, value: 0 });
        expected[`1!${ref}`] = encoded(c.expect[r]![k]!);
      }
    }
    row += h + 1;
  }
  cells.sort((a, b) => Number(/\d+/.exec(a.ref)![0]) - Number(/\d+/.exec(b.ref)![0]) || a.ref.length - b.ref.length || a.ref.localeCompare(b.ref));
  const { v, f: fresh, given } = recalc([{ name: 'S', cells }]);
  bothAgree(fifteen(v), fifteen(fresh), expected);
  return { given, fresh };
}

/** Numbers as Excel compares them, to 15 significant digits (MDETERM's 87.99999999999997 is Excel's 88). */
function fifteen(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, x]) => [k, x.startsWith('n:') && x.length > 2 ? `n:${Number(Number(x.slice(2)).toPrecision(15))}` : x]));
}

/** Cells from a grid of values, its top left at `anchor` (a null leaves the cell empty). */
function table(anchor: string, rows: (Value | null)[][]): FixtureCell[] {
  const c0 = anchor.charCodeAt(0) - 65;
  const r0 = Number(anchor.slice(1));
  return rows.flatMap((row, r) => row.flatMap((value, k) => (value === null ? [] : [{ ref: `${column(c0 + k)}${r0 + r}`, value }])));
}

const nine = table('A2', [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
]);

describe('TAKE and DROP', () => {
  it('answer Microsoft’s examples; a negative count counts from the end, an omitted one keeps all', () => {
    check(nine, [
      // support.microsoft.com/excel/take-function
      { formula: '_xlfn.TAKE(A2:C4,2)', expect: [[1, 2, 3], [4, 5, 6]] },
      { formula: '_xlfn.TAKE(A2:C4,,2)', expect: [[1, 2], [4, 5], [7, 8]] },
      { formula: '_xlfn.TAKE(A2:C4,-2)', expect: [[4, 5, 6], [7, 8, 9]] },
      { formula: '_xlfn.TAKE(A2:C4,2,2)', expect: [[1, 2], [4, 5]] },
      // support.microsoft.com/excel/drop-function
      { formula: '_xlfn.DROP(A2:C4,2)', expect: [[7, 8, 9]] },
      { formula: '_xlfn.DROP(A2:C4,,2)', expect: [[3], [6], [9]] },
      { formula: '_xlfn.DROP(A2:C4,-2)', expect: [[1, 2, 3]] },
      { formula: '_xlfn.DROP(A2:C4,2,2)', expect: [[9]] },
      // More than there is: all of it; an array constant; the counts truncated.
      { formula: '_xlfn.TAKE(A2:C4,5,-5)', expect: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] },
      { formula: '_xlfn.TAKE({1,2;3,4},-1.9,1)', expect: [[3]] },
      { formula: '_xlfn.DROP(A2:C4*10,-1,-2)', expect: [[10], [40]] },
    ]);
  });

  it('in an ordinary cell show the first value; nothing left is #CALC!, a count that is no number #VALUE!', () => {
    check(nine, [
      one('_xlfn.TAKE(A2:C4,-1)', 7),
      one('_xlfn.DROP(A2:C4,1,1)', 5),
      one('SUM(_xlfn.DROP(A2:C4,1))', 39),
      one('_xlfn.TAKE(A2:C4,0)', '#CALC!'),
      one('_xlfn.DROP(A2:C4,3)', '#CALC!'),
      { formula: '_xlfn.DROP(A2:C4,,-3)', expect: [['#CALC!']] },
      one('_xlfn.TAKE(A2:C4,"two")', '#VALUE!'),
      one('_xlfn.TAKE(A2:C4,1/0)', '#DIV/0!'),
      one('IFERROR(_xlfn.TAKE(A2:C4,0),"none")', 'none'),
      // ERROR.TYPE numbers #CALC! 14 (support.microsoft.com/excel/error-type-function).
      one('ERROR.TYPE(_xlfn.TAKE(A2:C4,0))', 14),
    ]);
  });
});

describe('TOCOL and TOROW', () => {
  // support.microsoft.com/excel/tocol-function, example 2: two empty cells at the end.
  const names = table('A2', [
    ['Ben', 'Peter', 'Mary', 'Sam'],
    ['John', 'Hillary', 'Jenny', 'James'],
    ['Agnes', 'Harry', null, null],
  ]);
  const column10 = ['Ben', 'Peter', 'Mary', 'Sam', 'John', 'Hillary', 'Jenny', 'James', 'Agnes', 'Harry'];

  it('read by rows, or by columns; empty cells are 0 unless ignored', () => {
    check(
      names,
      [
        { formula: '_xlfn.TOCOL(A2:D4)', expect: [...column10, 0, 0].map((x) => [x]) },
        { formula: '_xlfn.TOCOL(A2:D4,1)', expect: column10.map((x) => [x]) },
        { formula: '_xlfn.TOCOL(A2:D4,1,TRUE)', expect: ['Ben', 'John', 'Agnes', 'Peter', 'Hillary', 'Harry', 'Mary', 'Jenny', 'Sam', 'James'].map((x) => [x]) },
        // support.microsoft.com/excel/torow-function
        { formula: '_xlfn.TOROW(A2:D4,1)', expect: [column10] },
        { formula: '_xlfn.TOROW(A2:D4,1,TRUE)', expect: [['Ben', 'John', 'Agnes', 'Peter', 'Hillary', 'Harry', 'Mary', 'Jenny', 'Sam', 'James']] },
        one('_xlfn.TOCOL(A2:D4)', 'Ben'),
      ],
      6,
    );
  });

  it('leave out errors (2) or blanks and errors (3); an ignore other than 0–3 is #VALUE!, nothing left #CALC!', () => {
    const data = [...table('A1', [[1, null, 3]]), { ref: 'D1', error: '#N/A' }, { ref: 'A2', formula: '1/0', cached: '#DIV/0!', cachedType: 'e' }];
    check(data, [
      { formula: '_xlfn.TOROW(A1:D1)', expect: [[1, 0, 3, '#N/A']] },
      { formula: '_xlfn.TOROW(A1:D1,2)', expect: [[1, 0, 3]] },
      { formula: '_xlfn.TOROW(A1:D2,3)', expect: [[1, 3]] },
      one('_xlfn.TOCOL(A1:D1,4)', '#VALUE!'),
      one('_xlfn.TOCOL(B1:B3,1)', '#CALC!'),
      { formula: '_xlfn.TOCOL(D1:D2,2)', expect: [[0]] },
      { formula: '_xlfn.TOCOL(D1,2)', expect: [['#CALC!']] },
    ]);
  });
});

describe('EXPAND, WRAPROWS and WRAPCOLS', () => {
  it('pad with #N/A or pad_with, as Microsoft’s examples do', () => {
    const data = [...table('A2', [[1, 2], [3, 4]]), ...table('A5', [['A', 'B', 'C', 'D', 'E', 'F', 'G']])];
    check(
      data,
      [
        // support.microsoft.com/excel/expand-function
        { formula: '_xlfn.EXPAND(A2:B3,3,3)', expect: [[1, 2, '#N/A'], [3, 4, '#N/A'], ['#N/A', '#N/A', '#N/A']] },
        { formula: '_xlfn.EXPAND(A2:B3,3,3,"-")', expect: [[1, 2, '-'], [3, 4, '-'], ['-', '-', '-']] },
        { formula: '_xlfn.EXPAND(A2:B3,,3,0)', expect: [[1, 2, 0], [3, 4, 0]] },
        // support.microsoft.com/excel/wraprows-function and wrapcols-function
        { formula: '_xlfn.WRAPROWS(A5:G5,3)', expect: [['A', 'B', 'C'], ['D', 'E', 'F'], ['G', '#N/A', '#N/A']] },
        { formula: '_xlfn.WRAPROWS(A5:G5,3,"x")', expect: [['A', 'B', 'C'], ['D', 'E', 'F'], ['G', 'x', 'x']] },
        { formula: '_xlfn.WRAPCOLS(A5:G5,3)', expect: [['A', 'D', 'G'], ['B', 'E', '#N/A'], ['C', 'F', '#N/A']] },
        { formula: '_xlfn.WRAPCOLS({1;2;3;4},2)', expect: [[1, 3], [2, 4]] },
        one('_xlfn.WRAPROWS(A5:G5,3)', 'A'),
      ],
      8,
    );
  });

  it('refuse what their pages name: fewer rows than the array (#VALUE!), a 2-D vector (#VALUE!), a count below 1 (#NUM!)', () => {
    check(table('A2', [[1, 2], [3, 4]]), [
      one('_xlfn.EXPAND(A2:B3,1)', '#VALUE!'),
      one('_xlfn.EXPAND(A2:B3,2,1)', '#VALUE!'),
      one('_xlfn.EXPAND(A2:B3,2000000)', '#NUM!'),
      one('_xlfn.WRAPROWS(A2:B3,2)', '#VALUE!'),
      one('_xlfn.WRAPCOLS(A2:A3,0)', '#NUM!'),
    ]);
  });
});

describe('SORTBY', () => {
  const people = table('A1', [
    ['Tom', 'West', 52],
    ['Fred', 'North', 65],
    ['Amy', 'East', 22],
    ['Sal', 'North', 73],
    ['Fritz', 'East', 19],
    ['Xi', 'West', 39],
    ['Hector', 'North', 52],
  ]);

  it('sorts by one or more arrays, each ascending or descending; ties keep their order', () => {
    check(people, [
      // support.microsoft.com/excel/sortby-function: names by age, ascending.
      { formula: '_xlfn.SORTBY(A1:A7,C1:C7)', expect: [['Fritz'], ['Amy'], ['Xi'], ['Tom'], ['Hector'], ['Fred'], ['Sal']] },
      // … by region ascending, then by age descending.
      {
        formula: '_xlfn.SORTBY(A1:C7,B1:B7,1,C1:C7,-1)',
        expect: [['Amy', 'East', 22], ['Fritz', 'East', 19], ['Sal', 'North', 73], ['Fred', 'North', 65], ['Hector', 'North', 52], ['Tom', 'West', 52], ['Xi', 'West', 39]],
      },
      one('_xlfn.SORTBY(A1:A7,C1:C7,-1)', 'Sal'),
      // A row sorts columns.
      { formula: '_xlfn.SORTBY({"a","b","c"},{3,1,2})', expect: [['b', 'c', 'a']] },
    ]);
  });

  it('orders numbers, then text ignoring case, then FALSE and TRUE, empty cells last', () => {
    const mixed = [...table('A1', [['n'], ['t'], ['f'], ['T'], ['e'], ['m']]), ...table('B1', [[2], ['b'], [false], [true], [null], ['A']])];
    check(mixed, [{ formula: '_xlfn.SORTBY(A1:A6,B1:B6)', expect: [['n'], ['m'], ['t'], ['f'], ['T'], ['e']] }]);
  });

  it('is #VALUE! for a by_array of another size or shape, or an order other than 1 and -1', () => {
    check(people, [
      one('_xlfn.SORTBY(A1:A7,C1:C6)', '#VALUE!'),
      one('_xlfn.SORTBY(A1:A7,B1:C7)', '#VALUE!'),
      one('_xlfn.SORTBY(A1:A7,C1:C7,2)', '#VALUE!'),
      one('_xlfn.SORTBY(A1:A7,C1:C7,1,B1:B6)', '#VALUE!'),
    ]);
  });
});

describe('MUNIT, MDETERM and MINVERSE', () => {
  it('answer Microsoft’s examples (to Excel’s 15 digits); not square or not numbers is #VALUE!, singular #NUM!', () => {
    const { given } = check(table('A1', [[1, 3, 8, 5], [1, 3, 6, 1], [1, 1, 1, 0], [7, 3, 10, 2]]), [
      // support.microsoft.com/excel/munit-function
      { formula: '_xlfn.MUNIT(3)', expect: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] },
      // support.microsoft.com/excel/mdeterm-function
      one('MDETERM(A1:D4)', 88),
      one('MDETERM({3,6;1,1})', -3),
      one('MDETERM({1,3,8,5;1,3,6,1})', '#VALUE!'),
      one('MDETERM({1,2;2,4})', 0),
      one('MDETERM({1,"a";2,4})', '#VALUE!'),
      // support.microsoft.com/excel/minverse-function
      { formula: 'MINVERSE({4,-1;2,0})', expect: [[0, 0.5], [-1, 2]] },
      one('MINVERSE({1,2;2,4})', '#NUM!'),
      one('MINVERSE(A1:C2)', '#VALUE!'),
      one('INDEX(MINVERSE({4,-1;2,0}),2,2)', 2),
      one('_xlfn.MUNIT(0)', '#VALUE!'),
    ]);
    expect(given.summary.kept).toEqual([]);
  });

  it('MINVERSE of a 3×3 matrix, and MDETERM of one, as Microsoft’s examples', () => {
    check([], [
      // support.microsoft.com/excel/minverse-function
      { formula: 'MINVERSE({1,2,1;3,4,-1;0,2,0})', expect: [[0.25, 0.25, -0.75], [0, 0, 0.5], [0.75, -0.25, -0.25]] },
      // support.microsoft.com/excel/mdeterm-function
      one('MDETERM({3,6,1;1,1,0;3,10,2})', 1),
    ]);
  });
});

describe('TEXTSPLIT', () => {
  const yoda = 'Do. Or do not. There is no try. -Anonymous';

  it('answers Microsoft’s examples: column and row delimiters, several delimiters, ignore_empty, #N/A padding', () => {
    check(
      [
        { ref: 'A1', value: 'Dakota Lennon Sanchez' },
        { ref: 'A2', value: '1,2,3;4,5,6' },
        { ref: 'A3', value: yoda },
      ],
      [
        // support.microsoft.com/excel/textsplit-function, examples 1–5 and 7
        { formula: '_xlfn.TEXTSPLIT(A1," ")', expect: [['Dakota', 'Lennon', 'Sanchez']] },
        { formula: '_xlfn.TEXTSPLIT(A2,",",";")', expect: [['1', '2', '3'], ['4', '5', '6']] },
        { formula: '_xlfn.TEXTSPLIT(A3,".")', expect: [['Do', ' Or do not', ' There is no try', ' -Anonymous']] },
        { formula: '_xlfn.TEXTSPLIT(A3,{".","-"})', expect: [['Do', ' Or do not', ' There is no try', ' ', 'Anonymous']] },
        { formula: '_xlfn.TEXTSPLIT(A3,{".","-"},,FALSE)', expect: [['Do', ' Or do not', ' There is no try', ' ', 'Anonymous']] },
        { formula: '_xlfn.TEXTSPLIT(A3,,".")', expect: [['Do'], [' Or do not'], [' There is no try'], [' -Anonymous']] },
        { formula: '_xlfn.TEXTSPLIT(A3,,{".","-"},TRUE)', expect: [['Do'], [' Or do not'], [' There is no try'], [' '], ['Anonymous']] },
        {
          formula: '_xlfn.TEXTSPLIT(A3," ",".",TRUE)',
          expect: [['Do', '#N/A', '#N/A', '#N/A'], ['Or', 'do', 'not', '#N/A'], ['There', 'is', 'no', 'try'], ['-Anonymous', '#N/A', '#N/A', '#N/A']],
        },
        one('_xlfn.TEXTSPLIT(A1," ")', 'Dakota'),
      ],
      3,
    );
  });

  it('keeps empty pieces unless told, matches case unless match_mode is 1, pads with pad_with; an empty delimiter is #VALUE!, nothing left #CALC!', () => {
    check(
      [],
      [
        { formula: '_xlfn.TEXTSPLIT("a,,b",",")', expect: [['a', '', 'b']] },
        { formula: '_xlfn.TEXTSPLIT("a,,b",",",,TRUE)', expect: [['a', 'b']] },
        { formula: '_xlfn.TEXTSPLIT("1x2X3","x")', expect: [['1', '2X3']] },
        { formula: '_xlfn.TEXTSPLIT("1x2X3","x",,,1)', expect: [['1', '2', '3']] },
        { formula: '_xlfn.TEXTSPLIT("a,b;c",",",";",,,"-")', expect: [['a', 'b'], ['c', '-']] },
        { formula: '_xlfn.TEXTSPLIT(12.5,".")', expect: [['12', '5']] },
        one('_xlfn.TEXTSPLIT("a,b","")', '#VALUE!'),
        one('_xlfn.TEXTSPLIT("a,b",,)', '#VALUE!'),
        one('_xlfn.TEXTSPLIT(",,",",",,TRUE)', '#CALC!'),
        one('_xlfn.TEXTSPLIT("a b","x",,,2)', '#VALUE!'),
      ],
    );
  });
});

describe('VALUETOTEXT and ARRAYTOTEXT', () => {
  it('write values as General shows them; strict puts text in quotes; a format other than 0 or 1 is #VALUE!', () => {
    const data: FixtureCell[] = [
      { ref: 'A1', value: true },
      { ref: 'A2', value: 1234.01234 },
      { ref: 'A3', value: 'Hello' },
      { ref: 'A4', error: '#VALUE!' },
      { ref: 'A5', value: 1234 },
      { ref: 'B1', error: '#VALUE!' },
      { ref: 'B2', value: 'Seattle' },
      { ref: 'B3', value: 1123 },
    ];
    // support.microsoft.com/excel/valuetotext-function: concise and strict of TRUE, 1234.01234, Hello, #VALUE!, 1234.
    const concise = ['TRUE', '1234.01234', 'Hello', "'#VALUE!", '1234'];
    const strict = ['TRUE', '1234.01234', '"Hello"', "'#VALUE!", '1234'];
    check(
      data,
      [
        ...concise.map((x, i) => one(`_xlfn.VALUETOTEXT(A${i + 1},0)`, x)),
        ...strict.map((x, i) => one(`_xlfn.VALUETOTEXT(A${i + 1},1)`, x)),
        one('_xlfn.VALUETOTEXT(A1,2)', '#VALUE!'),
        one('_xlfn.VALUETOTEXT(0.1+0.2)', '0.3'),
        one('_xlfn.VALUETOTEXT("say ""hi""",1)', '"say ""hi"""'),
        // support.microsoft.com/excel/arraytotext-function (its last cell a plain 1123 here: the page's is a currency-formatted cell)
        one('_xlfn.ARRAYTOTEXT(A1:B3,0)', 'TRUE, #VALUE!, 1234.01234, Seattle, Hello, 1123'),
        one('_xlfn.ARRAYTOTEXT(A1:B3,1)', '{TRUE,#VALUE!;1234.01234,"Seattle";"Hello",1123}'),
        one('_xlfn.ARRAYTOTEXT({1,2;3,4})', '1, 2, 3, 4'),
        one('_xlfn.ARRAYTOTEXT(A1:A2,3)', '#VALUE!'),
      ],
      3,
    );
  });
});

describe('PERCENTOF and GESTEP', () => {
  it('PERCENTOF is SUM(subset)/SUM(all) (text skipped, a zero total #DIV/0!); GESTEP answers Microsoft’s examples', () => {
    check(table('A1', [[10], [30], ['x'], [60], [0]]), [
      // support.microsoft.com/excel/percentof-function: "logically equivalent to =SUM(data_subset)/SUM(data_all)"
      one('_xlfn.PERCENTOF(A1:A2,A1:A4)', 0.4),
      one('_xlfn.PERCENTOF(A1:A3,A1:A3)', 1),
      one('_xlfn.PERCENTOF(A1,A5)', '#DIV/0!'),
      one('_xlfn.PERCENTOF(A1,1/0)', '#DIV/0!'),
      // support.microsoft.com/excel/gestep-function
      one('GESTEP(5,4)', 1),
      one('GESTEP(5,5)', 1),
      one('GESTEP(-4,-5)', 1),
      one('GESTEP(-1)', 0),
      one('GESTEP("five")', '#VALUE!'),
    ]);
  });
});

describe('HyperFormula’s own VSTACK, HSTACK and CHOOSECOLS', () => {
  it('fill a spilled range as Excel does, and in an ordinary cell show the first value (not #SPILL! over the next cell)', () => {
    // support.microsoft.com/excel/vstack-function and hstack-function: a shorter array is padded with #N/A.
    check([...table('A1', [[1, 2], [3, 4]]), { ref: 'C1', value: 'x' }], [
      { formula: '_xlfn.VSTACK(A1:B2,C1)', expect: [[1, 2], [3, 4], ['x', '#N/A']] },
      { formula: '_xlfn.HSTACK(A1:B2,C1)', expect: [[1, 2, 'x'], [3, 4, '#N/A']] },
      one('_xlfn.VSTACK(A1:B2,C1)', 1),
      one('_xlfn.CHOOSECOLS(A1:B2,2)', 2),
      one('_xlfn.HSTACK(C1,A1:B2)', 'x'),
    ]);
  });
});

describe('what these functions cannot be sure of', () => {
  it('keeps the cached value and reports it: TEXTSPLIT of empty text, ARRAYTOTEXT over an empty cell, a sheet-sized array', () => {
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 1 },
      f('C1', '_xlfn.TEXTSPLIT(B1,",")', { cached: '#CALC!', cachedType: 'e' }),
      f('C2', '_xlfn.ARRAYTOTEXT(A1:B1)', { cached: '1, ', cachedType: 'str' }),
      f('C3', '_xlfn.TAKE(A1:B1,1,1)'),
      // An array of a sheet's size is not built (gigabytes): kept.
      f('C4', 'ROWS(_xlfn.EXPAND(A1,1048576,16384))', { cached: '1048576' }),
      f('C5', 'SUM(_xlfn.MUNIT(16384))', { cached: '16384' }),
    ];
    const { v, given } = recalc([{ name: 'S', cells }]);
    expect(v).toMatchObject({ '1!C1': 'e:#CALC!', '1!C2': 'str:1, ', '1!C3': 'n:1', '1!C4': 'n:1048576', '1!C5': 'n:16384' });
    expect(given.summary.kept.map((k) => k.cell).sort()).toEqual(['S!C1', 'S!C2', 'S!C4', 'S!C5']);
  });
});

describe('FILTER, SORT and UNIQUE as Excel reads their arrays', () => {
  it("FILTER answers if_empty when nothing is kept (HyperFormula took it for another condition), #CALC! without it; an empty cell is 0 in SORT's, UNIQUE's and FILTER's answers (last in SORT's)", () => {
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 1 },
      { ref: 'A3', value: 3 },
      { ref: 'B1', value: 1 },
      { ref: 'B2', value: 1 },
      { ref: 'B3', value: 1 },
      f('D1', '_xlfn._xlws.FILTER(A1:A3,B1:B3=1)', { arrayRef: 'D1:D3' }),
      { ref: 'D2', value: 9 },
      { ref: 'D3', value: 9 },
      f('E1', 'SUM(--ISBLANK(_xlfn._xlws.FILTER(A1:A3,B1:B3=1)))'),
      f('E2', '_xlfn.TEXTJOIN(",",FALSE,_xlfn._xlws.SORT(A1:A3))'),
      f('E3', '_xlfn.TEXTJOIN(",",FALSE,_xlfn.UNIQUE(A1:A3))'),
      f('E4', 'COUNTA(_xlfn._xlws.FILTER(A1:A3,B1:B3=1))'),
      // support.microsoft.com/excel/filter-function: "if_empty: the value to return if all values in the included array are empty".
      f('E5', '_xlfn._xlws.FILTER(A1:A3,B1:B3=2,"none")'),
      f('E6', '_xlfn._xlws.FILTER(A1:A3,B1:B3=2)'),
      // include must be as tall (or as wide) as the array; it keeps columns when it is a row.
      f('E7', '_xlfn._xlws.FILTER(A1:A3,{1,0})'),
      f('E8', 'SUM(_xlfn._xlws.FILTER(A1:B3,{1;0;1}))'),
      f('E9', 'SUM(_xlfn._xlws.FILTER(A1:B3,{0,1}))'),
      f('E10', '_xlfn._xlws.FILTER(A1:A3,{1;"x";0})'),
    ];
    const { v, f: got } = recalc([{ name: 'S', cells }]);
    bothAgree(v, got, {
      '1!D1': 'n:1',
      '1!D2': 'n:0',
      '1!D3': 'n:3',
      '1!E1': 'n:0',
      // An empty cell sorts last, whatever the order, shown as 0 (as Excel saved SORT over empty cells in IronCalc's SORT.xlsx).
      '1!E2': 'str:1,3,0',
      '1!E3': 'str:1,0,3',
      '1!E4': 'n:3',
      '1!E5': 'str:none',
      '1!E6': storedError('#CALC!'),
      '1!E7': 'e:#VALUE!',
      '1!E8': 'n:6',
      '1!E9': 'n:3',
      '1!E10': 'e:#VALUE!',
    });
  });
});
