import { describe, expect, it } from 'vitest';
import type { FixtureCell } from '../helpers/xlsx.js';
import { bothAgree, f, recalcBoth } from '../helpers/workbook-values.js';

/**
 * Defined names as Excel reads them, each in a small workbook computed by both evaluators, with and
 * without cached values. The expected values are Excel's: Microsoft's pages ("Implicit intersection
 * operator: @" — a range meets the formula's row or column, an array shows its top-left value;
 * "Substituting Defined Names for Array Formulas", KB Q83816 — a name's formula is read as an
 * array formula), or the values Excel saved in IronCalc's test workbook defined_names.xlsx.
 */

const column = (values: (number | string)[], col = 'A'): FixtureCell[] => values.map((value, i) => ({ ref: `${col}${i + 1}`, value }));

describe('a name holding an array constant', () => {
  it('is an array to the functions that take one, and shows its top-left value in an ordinary cell', () => {
    const { v, f: fresh } = recalcBoth(
      [
        {
          name: 'S',
          cells: [
            f('A1', 'INDEX(Arr,2,1)'),
            f('A2', 'SUM(Arr)'),
            f('A3', 'ROWS(Arr)*10+COLUMNS(Arr)'),
            f('A4', 'VLOOKUP(3,Arr,2,FALSE)'),
            f('A5', 'MATCH(4,INDEX(Arr,0,2),0)'),
            f('A6', 'SUMPRODUCT(Arr,Arr)'),
            // One cell: the array's top-left value, whatever the cells beside it hold.
            f('A7', 'Arr'),
            { ref: 'B7', value: 'taken' },
            f('A8', 'Arr+10'),
            { ref: 'B8', value: 'taken' },
            f('A9', 'Wide'),
            f('A10', 'TRANSPOSE(Arr)'),
            f('A11', 'Arr&"x"'),
            f('A12', 'AND(Arr>0)'),
            // An array formula over the range its answer fills.
            f('C1', 'Arr*2', { arrayRef: 'C1:D2' }),
            { ref: 'D1', value: 0 },
            { ref: 'C2', value: 0 },
            { ref: 'D2', value: 0 },
          ],
        },
      ],
      { definedNames: [{ name: 'Arr', formula: '{1,2;3,4}' }, { name: 'Wide', formula: '{5,6,7}' }] },
    );
    bothAgree(v, fresh, {
      '1!A1': 'n:3',
      '1!A2': 'n:10',
      '1!A3': 'n:22',
      '1!A4': 'n:4',
      '1!A5': 'n:2',
      '1!A6': 'n:30',
      '1!A7': 'n:1',
      '1!A8': 'n:11',
      '1!A9': 'n:5',
      '1!A10': 'n:1',
      '1!A11': 'str:1x',
      '1!A12': 'b:1',
      '1!C1': 'n:2',
      '1!D1': 'n:4',
      '1!C2': 'n:6',
      '1!D2': 'n:8',
    });
  });
});

describe("a name's formula, read as an array formula", () => {
  it('takes its ranges whole; a range the name is meets the formula’s row, an array it answers shows its first value', () => {
    const { v, f: fresh } = recalcBoth(
      [{ name: 'S', cells: [...column([10, 20, 30, 40, 50]), f('C1', 'CondSum'), f('C2', 'SUM(Doubled)'), f('C3', 'Doubled'), f('C4', 'COUNT(Over25)'), f('C5', 'Vals'), f('D3', 'Vals*2'), f('C9', 'Vals')] }],
      {
        definedNames: [
          // KB Q83816's own example is a conditional sum, =SUM(IF($A$1:$A$5=1,$B$1:$B$5,0)), "computed as if … entered as an array".
          { name: 'CondSum', formula: 'SUM(IF(S!$A$1:$A$5>20,S!$A$1:$A$5,0))' },
          { name: 'Doubled', formula: 'S!$A$1:$A$5*2' },
          { name: 'Over25', formula: 'IF(S!$A$1:$A$5>25,S!$A$1:$A$5,"")' },
          { name: 'Vals', formula: 'S!$A$1:$A$5' },
        ],
      },
    );
    bothAgree(v, fresh, {
      '1!C1': 'n:120',
      '1!C2': 'n:300',
      // The array {20;40;60;80;100}: its top-left value, not the row's.
      '1!C3': 'n:20',
      '1!C4': 'n:3',
      // A range: the cell of the formula's row; outside its rows #VALUE!.
      '1!C5': 'n:50',
      '1!D3': 'n:60',
      '1!C9': 'e:#VALUE!',
    });
  });
});

describe('names through names, and names defined through themselves', () => {
  const sheet = {
    name: 'Sheet1',
    cells: [
      f('A1', 'Next', { cached: '5' }),
      f('B1', 'Chain3', { cached: '7' }),
      { ref: 'C1', value: 7 },
      f('A2', 'A1*2', { cached: '10' }),
      f('B2', 'Loop1', { cached: '9' }),
      f('B3', 'B2+1', { cached: '10' }),
    ],
  };
  const definedNames = [
    { name: 'Next', formula: 'Sheet1!$A$1+1' },
    { name: 'Chain1', formula: 'Sheet1!$C$1' },
    { name: 'Chain2', formula: 'Chain1' },
    { name: 'Chain3', formula: 'Chain2' },
    { name: 'Loop1', formula: 'Loop2' },
    { name: 'Loop2', formula: 'Loop1' },
  ];

  it('follows a chain; a cycle, through a cell or through names alone, is a circular reference that keeps its cached value', () => {
    const { given, fresh, v, f: got } = recalcBoth([sheet], { definedNames });
    expect(v).toMatchObject({ '1!A1': 'n:5', '1!B1': 'n:7', '1!A2': 'n:10', '1!B2': 'n:9', '1!B3': 'n:10' });
    expect(given.summary.kept.map((k) => [k.cell, k.reason])).toEqual([
      ['Sheet1!A1', 'circular'],
      ['Sheet1!B2', 'circular'],
    ]);
    expect(given.summary.kept[1]!.detail).toMatch(/LOOP1 → LOOP2 → LOOP1/);
    // Without cached values: the cycle through a cell is 0, as Excel shows it; the names' own cycle has nothing to show.
    expect(got).toMatchObject({ '1!A1': 'n:0', '1!B1': 'n:7', '1!A2': 'n:0', '1!B2': 'n:', '1!B3': 'n:' });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual([['Sheet1!A1', 'circular']]);
    expect(fresh.summary.kept.map((k) => [k.cell, k.reason])).toEqual([
      ['Sheet1!B2', 'circular'],
      ['Sheet1!B3', 'input'],
    ]);
  });
});

describe("a name's references, placed at the cell that uses it", () => {
  it('relative ones move with the cell (from A1, as the file stores them), absolute ones stay', () => {
    const { v, f: fresh } = recalcBoth([{ name: 'S', cells: [...column([1, 2, 3, 4, 5]), f('B3', 'LeftCell'), f('C4', 'ColumnA*10'), f('D1', 'Fixed'), f('E2', 'TwoRows'), f('E4', 'TwoRows')] }], {
      definedNames: [
        { name: 'LeftCell', formula: 'S!XFD1' },
        { name: 'ColumnA', formula: 'S!$A1' },
        { name: 'Fixed', formula: 'S!$A$5' },
        { name: 'TwoRows', formula: 'SUM(S!$A1:$A2)' },
      ],
    });
    bothAgree(v, fresh, { '1!B3': 'n:3', '1!C4': 'n:40', '1!D1': 'n:5', '1!E2': 'n:5', '1!E4': 'n:9' });
  });
});

describe('a name the workbook does not define', () => {
  it('is #NAME? where the file has no value (COUNT skips it, as Excel saved in defined_names.xlsx); a cached value is kept', () => {
    const cells = [
      f('A1', 'COUNT(DOESNOTEXIST)', { cached: '0' }),
      f('A2', 'SUM(DOESNOTEXIST)', { cached: '#NAME?', cachedType: 'e' }),
      f('A3', 'IFERROR(Nope,"x")', { cached: 'x', cachedType: 'str' }),
      f('A4', 'Nope*2', { cached: '4' }),
    ];
    const { given, fresh, v, f: got } = recalcBoth([{ name: 'S', cells }]);
    expect(got).toMatchObject({ '1!A1': 'n:0', '1!A2': 'e:#NAME?', '1!A3': 'str:x', '1!A4': 'e:#NAME?' });
    expect(fresh.summary.assumed.map((a) => [a.cell, a.reason])).toEqual(['A1', 'A2', 'A3', 'A4'].map((c) => [`S!${c}`, 'name']));
    expect(v).toMatchObject({ '1!A1': 'n:0', '1!A2': 'e:#NAME?', '1!A3': 'str:x', '1!A4': 'n:4' });
    expect(given.summary.kept.map((k) => [k.cell, k.reason])).toEqual(['A1', 'A2', 'A3', 'A4'].map((c) => [`S!${c}`, 'reference']));
  });
});

describe('scopes, and names that look like cells', () => {
  it("a sheet's own name shadows the workbook's there only; another sheet reaches it by the sheet's name", () => {
    // defined_names.xlsx: NC_2 is 2 in the workbook, 777 on 'Local shadowing'.
    const { v, f: fresh, given } = recalcBoth(
      [
        { name: 'NamedCells', cells: [{ ref: 'B6', value: 2 }, f('C1', 'NC_2'), f('C2', "'Local shadowing'!NC_2"), f('C3', 'test1*2+Global1')] },
        { name: 'Local shadowing', cells: [{ ref: 'B2', value: 777 }, f('C1', 'NC_2')] },
      ],
      {
        definedNames: [
          { name: 'NC_2', formula: 'NamedCells!$B$6' },
          { name: 'NC_2', formula: "'Local shadowing'!$B$2", localSheetId: 1 },
          // Not cells to Excel (columns stop at XFD), though HyperFormula would read them as cells.
          { name: 'test1', formula: 'NamedCells!$B$6' },
          { name: 'Global1', formula: '100' },
        ],
      },
    );
    bothAgree(v, fresh, { '1!C1': 'n:2', '1!C2': 'n:777', '1!C3': 'n:104', '2!C1': 'n:777' });
    expect(given.summary.kept).toEqual([]);
  });
});

describe('a name given to lookups, OFFSET, INDIRECT, ROWS and COLUMNS', () => {
  it('is the range it names', () => {
    const cells: FixtureCell[] = [...column([10, 20, 30, 40, 50]), ...column(['k1', 'k2', 'k3', 'k4', 'k5'], 'B')];
    const formulas = [
      ['INDEX(Table,2,2)', 'str:k2'],
      ['INDEX(Table,MATCH(50,Vals,0),2)', 'str:k5'],
      ['VLOOKUP(40,Table,2,FALSE)', 'str:k4'],
      ['LOOKUP(35,Vals,Keys)', 'str:k3'],
      ['_xlfn.XLOOKUP(20,Vals,Keys)', 'str:k2'],
      ['COUNTIF(Vals,">20")', 'n:3'],
      ['SUM(OFFSET(Vals,1,0,2,1))', 'n:50'],
      ['SUM(INDIRECT("Vals"))', 'n:150'],
      ['ROWS(Table)*10+COLUMNS(Table)', 'n:52'],
    ];
    formulas.forEach(([formula], i) => cells.push(f(`D${i + 1}`, formula!)));
    const { v, f: fresh } = recalcBoth([{ name: 'S', cells }], {
      definedNames: [
        { name: 'Table', formula: 'S!$A$1:$B$5' },
        { name: 'Vals', formula: 'S!$A$1:$A$5' },
        { name: 'Keys', formula: 'S!$B$1:$B$5' },
      ],
    });
    bothAgree(v, fresh, Object.fromEntries(formulas.map(([, value], i) => [`1!D${i + 1}`, value!])));
  });
});
