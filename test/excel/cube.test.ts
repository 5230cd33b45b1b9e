import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { defaultEngine } from '../../shared/src/index.js';
import { formulaCells, same, stripWorkbook } from '../helpers/corpus.js';
import { recalc } from '../helpers/workbook-values.js';
import type { FixtureCell, FixtureDataModel, FixtureSheet } from '../helpers/xlsx.js';

/**
 * Excel's CUBE functions over the workbook's own data model (tables added to it from ranges or
 * ListObjects of the workbook): CUBEMEMBER and CUBEVALUE computed from the cells, in workbooks
 * made here the way Excel saves them, each computed with its cached values and without them (as a
 * program writes it). What is not certain (an explicit measure, a default measure, CUBESET,
 * another connection, a model table computed by formulas) keeps the value Excel cached and is
 * reported.
 */

const engine = defaultEngine();
const CONN = 'ThisWorkbookDataModel';

/** xl/connections.xml and the workbook's <x15:dataModel>, as Excel writes them for worksheet sources. */
function dataModel(tables: { name: string; connection: string; source: string }[]): FixtureDataModel {
  const x15 = 'http://schemas.microsoft.com/office/spreadsheetml/2010/11/main';
  const ext = (inner: string) => `<extLst><ext uri="{DE250136-89BD-433C-8126-D09CA5730AF9}" xmlns:x15="${x15}">${inner}</ext></extLst>`;
  const sources = tables.map((t, i) => `<connection id="${i + 2}" name="${t.connection}" type="102" refreshedVersion="8" minRefreshableVersion="5">${ext(`<x15:connection id="${t.name}"><x15:rangePr sourceName="${t.source}"/></x15:connection>`)}</connection>`);
  return {
    connections: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" keepAlive="1" name="${CONN}" description="Data Model" type="5" refreshedVersion="8" minRefreshableVersion="5" background="1"><dbPr connection="Data Model Connection" command="Model" commandType="1"/><olapPr sendLocale="1" rowDrillCount="1000"/>${ext('<x15:connection id="" model="1"/>')}</connection>${sources.join('')}</connections>`,
    workbookExtLst: `<extLst><ext uri="{FCE2AD5D-F65C-4FA6-A056-5C36A1767C68}" xmlns:x15="${x15}"><x15:dataModel><x15:modelTables>${tables.map((t) => `<x15:modelTable id="${t.name}" name="${t.name}" connection="${t.connection}"/>`).join('')}</x15:modelTables></x15:dataModel></ext></extLst>`,
  };
}

const f = (ref: string, formula: string, more: Partial<FixtureCell> = {}): FixtureCell => ({ ref, formula, cached: 'stale', cachedType: 'str', ...more });
const cv = (ref: string, more: Partial<FixtureCell> = {}): FixtureCell => ({ ref, cached: '999', ...more });

/** Constant cells from A1, row by row (null: an empty cell). */
function grid(rows: (string | number | null)[][]): FixtureCell[] {
  return rows.flatMap((row, r) => row.flatMap((value, c) => (value === null ? [] : [{ ref: `${String.fromCharCode(65 + c)}${r + 1}`, value }])));
}

const data: FixtureSheet = {
  name: 'Data',
  cells: grid([
    ['Pastry', 'Price', 'Amount', 'Tax'],
    ['Cake', 7, 27, 0.1],
    ['Baclava', 14, 3, null],
    ['Pie', 12, 35, null],
    ['Cake', 5, null, 0.2],
  ]),
};
const rangeModel = {
  definedNames: [{ name: '_xlcn.WorksheetConnection_DataA1C5', formula: 'Data!$A$1:$D$5' }],
  dataModel: dataModel([{ name: 'Range', connection: 'WorksheetConnection_Data!$A$1:$C$5', source: '_xlcn.WorksheetConnection_DataA1C5' }]),
};

describe('CUBEMEMBER and CUBEVALUE over a data model read from a range of the workbook', () => {
  const cube: FixtureSheet = {
    name: 'Cube',
    cells: [
      f('B1', `CUBEMEMBER("${CONN}","[Measures].[Sum of Price]")`),
      f('C1', `CUBEMEMBER("${CONN}","[Measures].[Count of Amount]")`),
      f('D1', `CUBEMEMBER("${CONN}","[Measures].[Average of Price]")`),
      f('A2', `CUBEMEMBER("${CONN}","[Range].[Pastry].&[Cake]")`),
      // MDX names and the model's text match whatever their case; the caption is the data's.
      f('A3', `CUBEMEMBER("${CONN}","[range].[pastry].&[baclava]")`),
      f('A4', `CUBEMEMBER("${CONN}","[Range].[Pastry].[All]","Grand Total")`),
      f('A5', `CUBEMEMBER("${CONN}","[Range].[Pastry].&[Strudel]")`),
      cv('B2', { formula: `CUBEVALUE("${CONN}",$A2,B$1)`, shared: { si: 0, ref: 'B2:D5' } }),
      ...['C2', 'D2', 'B3', 'C3', 'D3', 'B4', 'C4', 'D4', 'B5', 'C5', 'D5'].map((ref) => cv(ref, { shared: { si: 0 } })),
      cv('B6', { formula: `CUBEVALUE("${CONN}","[Range].[Pastry].&[Pie]","[Measures].[Max of Amount]")` }),
      cv('B7', { formula: `CUBEVALUE("${CONN}","[Measures].[Sum of Amount]")` }),
      // The least of Cake's amounts: its row without one is no value, not 0.
      cv('B8', { formula: `CUBEVALUE("${CONN}","[Range].[Pastry].&[Cake]","[Measures].[Min of Amount]")` }),
      f('B9', `CUBEMEMBER("${CONN}","[Measures].[Sum of Price]","Price total")`),
      // Summed in decimal: 0.1 + 0.2 is 0.3, as the model sums a Currency column.
      cv('B10', { formula: `CUBEVALUE("${CONN}","[Range].[Pastry].&[Cake]","[Measures].[Sum of Tax]")` }),
    ],
  };

  it('answers members with their captions, values aggregated over the matching rows, #N/A for a member the data lacks', () => {
    const { given, fresh, v, f: got } = recalc([data, cube], rangeModel);
    const expected = {
      '2!B1': 'str:Sum of Price',
      '2!C1': 'str:Count of Amount',
      '2!D1': 'str:Average of Price',
      '2!A2': 'str:Cake',
      '2!A3': 'str:Baclava',
      '2!A4': 'str:Grand Total',
      '2!A5': 'e:#N/A',
      // Cake: prices 7 and 5, one amount (the other row's is empty).
      '2!B2': 'n:12',
      '2!C2': 'n:1',
      '2!D2': 'n:6',
      '2!B3': 'n:14',
      '2!C3': 'n:1',
      '2!D3': 'n:14',
      // The All member: no slicer.
      '2!B4': 'n:38',
      '2!C4': 'n:3',
      '2!D4': 'n:9.5',
      '2!B5': 'e:#N/A',
      '2!C5': 'e:#N/A',
      '2!D5': 'e:#N/A',
      '2!B6': 'n:35',
      '2!B7': 'n:65',
      '2!B8': 'n:27',
      '2!B9': 'str:Price total',
      '2!B10': 'n:0.3',
    };
    expect(v).toMatchObject(expected);
    expect(got).toMatchObject(expected);
    expect(given.summary.kept).toEqual([]);
    expect(fresh.summary.kept).toEqual([]);
  });

  it('keeps the cached value, and reports it, of what only Excel knows: an explicit measure, the default measure, CUBESET, another connection, a model read from formulas', () => {
    const kept: FixtureSheet = {
      name: 'Kept',
      cells: [
        f('A1', `CUBEMEMBER("${CONN}","[Measures].[Total Sales]")`, { cached: 'Total Sales' }),
        cv('A2', { formula: `CUBEVALUE("${CONN}","[Range].[Pastry].&[Pie]")`, cached: '12' }),
        f('A3', `CUBESET("${CONN}","[Range].[Pastry].Children","Pastries")`, { cached: 'Pastries' }),
        f('A4', `CUBEMEMBER("Sales cube","[Range].[Pastry].&[Pie]")`, { cached: 'Pie' }),
        f('A5', `CUBEMEMBER("${CONN}","[Range].[Pastry].[Pie]")`, { cached: 'Pie' }),
        f('A6', `CUBEMEMBER("${CONN}","[Range].[Weight].&[1]")`, { cached: '1' }),
      ],
    };
    const { given, fresh, v } = recalc([data, kept], rangeModel);
    expect(v).toMatchObject({ '2!A1': 'str:Total Sales', '2!A2': 'n:12', '2!A3': 'str:Pastries', '2!A4': 'str:Pie', '2!A5': 'str:Pie', '2!A6': 'str:1' });
    const cells = ['Kept!A1', 'Kept!A2', 'Kept!A3', 'Kept!A4', 'Kept!A5', 'Kept!A6'];
    expect(given.summary.kept.map((k) => [k.cell, k.reason])).toEqual(cells.map((c) => [c, 'function']));
    // Without cached values there is nothing to keep: still reported, never a guess.
    expect(fresh.summary.kept.map((k) => k.cell)).toEqual(cells);

    // A model table whose cells are computed by formulas: only Excel's refresh of the model knows them.
    const computed: FixtureSheet = { ...data, cells: data.cells.map((c) => (c.ref === 'B5' ? { ref: 'B5', formula: '2+3', cached: '5' } : c)) };
    const again = recalc([computed, { name: 'Cube', cells: [cv('A1', { formula: `CUBEVALUE("${CONN}","[Measures].[Sum of Price]")`, cached: '38' })] }], rangeModel);
    expect(again.v['2!A1']).toBe('n:38');
    expect(again.given.summary.kept.map((k) => k.cell)).toEqual(['Cube!A1']);

    // Numbers with more than 4 decimals (a Currency column of the model would have rounded them),
    // and a connection named in another case than the file's.
    const thirds: FixtureSheet = { ...data, cells: data.cells.map((c) => (c.ref === 'B5' ? { ref: 'B5', value: 1 / 3 } : c)) };
    const more = recalc([thirds, { name: 'Cube', cells: [cv('A1', { formula: `CUBEVALUE("${CONN}","[Measures].[Sum of Price]")`, cached: '33.3333333333333' }), f('A2', `CUBEMEMBER("${CONN.toLowerCase()}","[Range].[Pastry].&[Pie]")`, { cached: 'Pie' }), cv('A3', { formula: `CUBEVALUE("${CONN}","[Measures].[Sum of Amount]")` })] }], rangeModel);
    expect(more.v).toMatchObject({ '2!A1': 'n:33.3333333333333', '2!A2': 'str:Pie', '2!A3': 'n:65' });
    expect(more.given.summary.kept.map((k) => k.cell)).toEqual(['Cube!A1', 'Cube!A2']);
  });

  it('keeps the cached value when the model is not fully described (its source name resolves to nothing)', () => {
    const broken = { ...rangeModel, definedNames: [] };
    const { given, v } = recalc([data, { name: 'Cube', cells: [f('A1', `CUBEMEMBER("${CONN}","[Range].[Pastry].&[Cake]")`, { cached: 'Cake' })] }], broken);
    expect(v['2!A1']).toBe('str:Cake');
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['Cube!A1']);
  });
});

describe('CUBEVALUE over a table (ListObject) added to the data model', () => {
  it('reads the table’s rows, its totals row left out', () => {
    const sales: FixtureSheet = {
      name: 'Sales',
      cells: [
        ...grid([
          ['Region', 'Amount'],
          ['North', 100],
          ['South', 40],
          ['North', 2.5],
          ['Total', null],
        ]),
        { ref: 'B5', formula: 'SUBTOTAL(109,[Amount])', cached: '142.5' },
      ],
      tables: [{ name: 'Sales', ref: 'A1:B5', columns: ['Region', 'Amount'], totalsRow: true }],
    };
    const report: FixtureSheet = {
      name: 'Report',
      cells: [
        f('A1', `CUBEMEMBER("${CONN}","[Sales].[Region].&[North]")`),
        cv('B1', { formula: `CUBEVALUE("${CONN}",A1,"[Measures].[Sum of Amount]")` }),
        cv('B2', { formula: `CUBEVALUE("${CONN}","[Measures].[Distinct Count of Region]")` }),
        cv('B3', { formula: `CUBEVALUE("${CONN}","[Sales].[Region].&[South]","[Measures].[Average of Amount]")` }),
      ],
    };
    const opts = { dataModel: dataModel([{ name: 'Sales', connection: 'WorksheetConnection_Book1!Sales', source: 'Sales' }]) };
    const { given, v, f: got } = recalc([sales, report], opts);
    const expected = { '2!A1': 'str:North', '2!B1': 'n:102.5', '2!B2': 'n:2', '2!B3': 'n:40' };
    expect(v).toMatchObject(expected);
    expect(got).toMatchObject(expected);
    expect(given.summary.kept).toEqual([]);
  });
});

const corpusFile = join(import.meta.dirname, '../../../shared/corpus/files/closedxml__ClosedXML.Tests__Resource__Other__Cubes__CubeFromRange-Input.xlsx');

describe.skipIf(!existsSync(corpusFile))('the corpus workbook with a data model from a range (ClosedXML test data)', () => {
  it("computes every CUBE cell as Excel cached it, as given and without cached values", () => {
    const input = new Uint8Array(readFileSync(corpusFile));
    const expected = formulaCells(input);
    expect([...expected.values()].filter((c) => c.value !== undefined).length).toBe(14);
    for (const bytes of [input, stripWorkbook(input)]) {
      const out = recalcWorkbook(bytes, { engine, lang: 'en' });
      expect(out.summary.kept).toEqual([]);
      const got = formulaCells(out.bytes);
      for (const [key, cell] of expected) expect(same(cell.value, got.get(key)?.value), key).toBe(true);
    }
  });
});
