import { describe, expect, it } from 'vitest';
import type { FixtureCell } from '../helpers/xlsx.js';
import { bothAgree, f, recalc } from '../helpers/workbook-values.js';

/**
 * The database functions (DSUM, DCOUNT, DGET…) in workbooks made here, computed with the cached
 * values and without them. The expected values are Microsoft's: each function's page computes its
 * examples over one orchard table (Tree, Height, Age, Yield, Profit) with criteria above it; the
 * rules of the criteria are those of the functions' pages and ECMA-376's DAVERAGE, and the other
 * values are Excel's as it cached them in Excel-saved workbooks (cited where used).
 */

/** The pages' criteria in A1:F3 (Tree ="=Apple", Height >10 and <16; Tree ="=Pear") and their database in A5:E11. */
const orchard: FixtureCell[] = [
  ...['Tree', 'Height', 'Age', 'Yield', 'Profit', 'Height'].map((value, i) => ({ ref: `${'ABCDEF'[i]}1`, value })),
  f('A2', '"=Apple"'),
  { ref: 'B2', value: '>10' },
  { ref: 'F2', value: '<16' },
  f('A3', '"=Pear"'),
  ...['Tree', 'Height', 'Age', 'Yield', 'Profit'].map((value, i) => ({ ref: `${'ABCDE'[i]}5`, value })),
  ...(
    [
      ['Apple', 18, 20, 14, 105],
      ['Pear', 12, 12, 10, 96],
      ['Cherry', 13, 14, 9, 105],
      ['Apple', 14, 15, 10, 75],
      ['Pear', 9, 8, 8, 76.8],
      ['Apple', 8, 9, 6, 45],
    ] as const
  ).flatMap((row, r) => row.map((value, c) => ({ ref: `${'ABCDE'[c]}${6 + r}`, value }))),
];

describe('the database functions: Microsoft’s examples', () => {
  it('compute each page’s example over the orchard table', () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...orchard,
          // DSUM: the profit of the apple trees (rows 6, 9 and 11): $225; of the apple trees between 10 and
          // 16 feet and of every pear tree (rows 7, 9 and 10): $248, as the page shows 247.8 in dollars.
          f('H1', 'DSUM(A5:E11,"Profit",A1:A2)'),
          f('H2', 'DSUM(A5:E11,"Profit",A1:F3)'),
          // DAVERAGE: the average yield of apple trees over 10 feet: 12; the average age of all trees: 13.
          f('H3', 'DAVERAGE(A5:E11,"Yield",A1:B2)'),
          f('H4', 'DAVERAGE(A5:E11,3,A5:E11)'),
          // DCOUNT and DCOUNTA: the apple trees between 10 and 16 feet whose Age (Profit) holds a number (a value): 1.
          f('H5', 'DCOUNT(A5:E11,"Age",A1:F2)'),
          f('H6', 'DCOUNTA(A5:E11,"Profit",A1:F2)'),
          // DGET: more than one record matches (apples and pears): #NUM!; the one apple tree between 10 and 16 feet yields 10.
          f('H7', 'DGET(A5:E11,"Yield",A1:A3)'),
          f('H8', 'DGET(A5:E11,"Yield",A1:F2)'),
          // DMAX: the largest profit of the apple trees between 10 and 16 feet and the pear trees: 96;
          // DMIN: the smallest profit of the apple trees over 10 feet: 75.
          f('H9', 'DMAX(A5:E11,"Profit",A1:F3)'),
          f('H10', 'DMIN(A5:E11,"Profit",A1:B2)'),
          // DPRODUCT: the product of the yields of the apple trees between 10 and 16 feet and the pear trees: 800.
          f('H11', 'DPRODUCT(A5:E11,"Yield",A1:F3)'),
          // DSTDEV, DSTDEVP, DVAR, DVARP of the yields of the apple and pear trees: 2.96648, 2.65330, 8.8, 7.04.
          f('H12', 'ROUND(DSTDEV(A5:E11,"Yield",A1:A3),5)'),
          f('H13', 'ROUND(DSTDEVP(A5:E11,"Yield",A1:A3),5)'),
          f('H14', 'ROUND(DVAR(A5:E11,"Yield",A1:A3),12)'),
          f('H15', 'ROUND(DVARP(A5:E11,"Yield",A1:A3),12)'),
        ],
      },
    ]);
    bothAgree(v, got, {
      '1!H1': 'n:225',
      '1!H2': 'n:247.8',
      '1!H3': 'n:12',
      '1!H4': 'n:13',
      '1!H5': 'n:1',
      '1!H6': 'n:1',
      '1!H7': 'e:#NUM!',
      '1!H8': 'n:10',
      '1!H9': 'n:96',
      '1!H10': 'n:75',
      '1!H11': 'n:800',
      '1!H12': 'n:2.96648',
      '1!H13': 'n:2.6533',
      '1!H14': 'n:8.8',
      '1!H15': 'n:7.04',
    });
  });
});

describe('criteria ranges', () => {
  it('match text by its beginning, =text exactly, wildcards, comparisons; rows are OR, columns AND, a blank row takes every record', () => {
    // ECMA-376 Part 1 §18.17.7.77 (DAVERAGE): "If the text form is used and the text does not begin with a
    // comparison operator, the criteria matches any string starting with that text. [A criteria of "Pea"
    // can result in Pea, Pear, and Peach's being matched, whereas a criteria of "=Pea" will only match Pea.]"
    // Microsoft's DSUM page: "To perform an operation on an entire column in a database, enter a blank line
    // below the column labels in the criteria range."
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...orchard,
          { ref: 'H1', value: 'Tree' },
          { ref: 'H2', value: 'Pea' },
          f('I1', 'DSUM(A5:E11,"Profit",H1:H2)'),
          f('H4', '"=Pea"'),
          { ref: 'H3', value: 'Tree' },
          f('I2', 'DCOUNTA(A5:E11,1,H3:H4)'),
          { ref: 'J1', value: 'tree' },
          { ref: 'J2', value: '?h*' },
          f('I3', 'DSUM(A5:E11,"profit",J1:J2)'),
          { ref: 'K1', value: 'Profit' },
          { ref: 'L1', value: 'Tree' },
          { ref: 'K2', value: '>=100' },
          { ref: 'L2', value: '<>Cherry' },
          { ref: 'L3', value: 'Ch' },
          f('I4', 'DSUM(A5:E11,"Profit",K1:L2)'),
          f('I5', 'DSUM(A5:E11,"Profit",K1:L3)'),
          f('I6', 'DCOUNT(A5:E11,"Yield",K1:L4)'),
          // The field by position, a fraction truncated; a position outside the database, or 0, is #VALUE!.
          f('I7', 'DSUM(A5:E11,5.9,A1:A2)'),
          f('I8', 'DSUM(A5:E11,6,A1:A2)'),
          f('I9', 'DSUM(A5:E11,0,A1:A2)'),
          f('I10', 'DSUM(A5:E11,"Width",A1:A2)'),
          // DCOUNT with its field left out counts the records (Microsoft's DCOUNT page: "If field is omitted,
          // DCOUNT counts all records in the database that match the criteria").
          f('I11', 'DCOUNT(A5:E11,,A1:A3)'),
          f('I12', 'DAVERAGE(A5:E11,"Yield",H3:H4)'),
        ],
      },
    ]);
    bothAgree(v, got, {
      // Pear and Pear: 96 + 76.8; "=Pea" matches no tree.
      '1!I1': 'n:172.8',
      '1!I2': 'n:0',
      // ?h*: Cherry (105).
      '1!I3': 'n:105',
      // Profit ≥ 100 and not Cherry: the first apple (105); or a Cherry: 105 + 105.
      '1!I4': 'n:105',
      '1!I5': 'n:210',
      // Row 4 of K1:L4 is blank: every record.
      '1!I6': 'n:6',
      '1!I7': 'n:225',
      '1!I8': 'e:#VALUE!',
      '1!I9': 'e:#VALUE!',
      '1!I10': 'e:#VALUE!',
      '1!I11': 'n:5',
      '1!I12': 'e:#DIV/0!',
    });
  });

  it('compute a formula under a blank label, or one naming no column, for each record', () => {
    // A computed criterion refers to the first record by relative references and to anything else by
    // absolute ones; the records where it is TRUE are taken.
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...orchard,
          // Profit above the average profit (83.8): 105, 96, 105.
          f('H2', 'E6>AVERAGE($E$6:$E$11)'),
          f('I1', 'DSUM(A5:E11,"Profit",H1:H2)'),
          // Under a label that names no column, AND with Tree: the apple trees whose yield exceeds their age's half.
          { ref: 'J1', value: 'Tree' },
          { ref: 'J2', value: 'Apple' },
          { ref: 'K1', value: 'Good' },
          f('K2', 'D6>C6/2'),
          f('I2', 'DSUM(A5:E11,"Profit",J1:K2)'),
          f('I3', 'DCOUNT(A5:E11,,J1:K2)'),
          // Text is no TRUE: no record (as Excel answers ="East" under a blank label).
          f('L2', '"East"'),
          f('I4', 'DSUM(A5:E11,"Profit",L1:L2)'),
          f('I5', 'DGET(A5:E11,"Tree",L1:L2)'),
        ],
      },
    ]);
    bothAgree(v, got, {
      '1!I1': 'n:306',
      // Apples: 14 > 10 (105), 10 > 7.5 (75), 6 > 4.5 (45).
      '1!I2': 'n:225',
      '1!I3': 'n:3',
      '1!I4': 'n:0',
      '1!I5': 'e:#VALUE!',
    });
  });

  it('read a database and criteria given as defined names or a table', () => {
    const cells: FixtureCell[] = [
      ...orchard,
      f('H1', 'DSUM(Orchard,"Profit",AppleTrees)'),
      f('H2', 'DAVERAGE(Trees[#All],"Yield",A1:B2)'),
      f('H3', 'DMAX(Trees[#All],Trees[[#Headers],[Profit]],AppleTrees)'),
      f('H4', 'DCOUNTA(Orchard,"Tree",$A$1:$F$3)'),
    ];
    const { v, f: got } = recalc([{ name: 'S', cells, tables: [{ name: 'Trees', ref: 'A5:E11', columns: ['Tree', 'Height', 'Age', 'Yield', 'Profit'] }] }], {
      definedNames: [
        { name: 'Orchard', formula: 'S!$A$5:$E$11' },
        { name: 'AppleTrees', formula: 'S!$A$1:$A$2' },
      ],
    });
    bothAgree(v, got, { '1!H1': 'n:225', '1!H2': 'n:12', '1!H3': 'n:105', '1!H4': 'n:3' });
  });
});

describe('the database functions where Excel answers otherwise than the usual reading', () => {
  it('follow what Excel cached: a database of labels alone, DCOUNT and DCOUNTA over errors, TRUE as a label or a field', () => {
    // Excel's answers as cached in IronCalc's Excel-saved test workbooks DATABASE/DMIN_DMAX_DAVERAGE_DSUM.xlsx
    // and DCOUNT_DCOUNTA_DGET_DPRODUCT.xlsx: a database of its labels alone is #VALUE!; DCOUNT counts the
    // numbers of a field holding an error, DCOUNTA the error too; a logical value as the field is a position.
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [
          ...['Name', 'N', true].map((value, i) => ({ ref: `${'ABC'[i]}1`, value })),
          ...[
            ['a', 1, 'x'],
            ['b', 2, 'y'],
            ['c', 3, 'x'],
          ].flatMap((row, r) => row.map((value, c) => ({ ref: `${'ABC'[c]}${r + 2}`, value }))),
          f('B5', '1/0'),
          { ref: 'A5', value: 'd' },
          { ref: 'E1', value: 'Name' },
          { ref: 'F1', value: 'TRUE' },
          { ref: 'F2', value: 'x' },
          f('H1', 'DSUM(A1:C1,"N",E1:E2)'),
          f('H2', 'DCOUNT(A1:C5,"N",E1:E2)'),
          f('H3', 'DCOUNTA(A1:C5,"N",E1:E2)'),
          f('H4', 'DSUM(A1:C5,"N",E1:E2)'),
          // The label TRUE (text) names the column labelled TRUE: the records whose value there begins with x.
          f('H5', 'DSUM(A1:C4,"N",F1:F2)'),
          f('H6', 'DCOUNTA(A1:C5,TRUE,E1:E2)'),
        ],
      },
    ]);
    bothAgree(v, got, { '1!H1': 'e:#VALUE!', '1!H2': 'n:3', '1!H3': 'n:4', '1!H4': 'e:#DIV/0!', '1!H5': 'n:4', '1!H6': 'n:4' });
  });

  it('keep the cached value where Excel’s pages leave the criteria open: a value under a label naming no column', () => {
    // Excel reads a formula under such a label; what it makes of a value there, its pages do not say (its
    // cached answers differ from workbook to workbook): the cell keeps its value and is reported.
    const { given, fresh, v } = recalc([
      {
        name: 'S',
        cells: [...orchard, { ref: 'H1', value: 'Region' }, { ref: 'H2', value: 'North' }, f('I1', 'DSUM(A5:E11,"Profit",H1:H2)', { cached: '7' }), f('I2', 'DSUM(A5:E11,"Profit",A1:A2)')],
      },
    ]);
    expect(v['1!I1']).toBe('n:7');
    expect(v['1!I2']).toBe('n:225');
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!I1']);
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(['S!I1']);
  });
});
