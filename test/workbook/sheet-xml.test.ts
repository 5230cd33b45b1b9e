import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/cli.js';
import { recalcWorkbook, WorkbookError } from '../../functions/workbook/recalc.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readEntry, readText, readZip, rewriteZip } from '../../functions/workbook/xlsx/zip.js';
import { defaultEngine } from '../../shared/src/index.js';
import { rawSheetBook } from '../helpers/hostile.js';
import type { FixtureCell, SheetForm } from '../helpers/xlsx.js';
import { buildXlsx } from '../helpers/xlsx.js';

/**
 * Sheets written as XML allows and Excel reads (issue 22, item 4): a cell inside a comment is no
 * cell, elements may carry a namespace prefix (as the Open XML SDK writes them), attributes either
 * quote with white space around `=`, cells and rows may leave `r` out, text may be CDATA or hold
 * references. Each sheet is a real workbook, recalculated by both evaluators (the fast path and
 * HyperFormula, which read the cells through the same scanner), and the output differs from the
 * input in the recomputed cached values alone, written the way the file writes its elements.
 * Markup that is not XML is refused as a corrupt part, named, before anything is computed.
 */

const engine = defaultEngine();

const sheetOf = (bytes: Uint8Array) => readText(readZip(bytes), 'xl/worksheets/sheet1.xml')!;

/** Every part of a package but the first sheet, by name, as its bytes. */
function otherParts(bytes: Uint8Array): Map<string, string> {
  const zip = readZip(bytes);
  return new Map(zip.entries.filter((e) => e.name !== 'xl/worksheets/sheet1.xml').map((e) => [e.name, Buffer.from(readEntry(zip, e.name)!).toString('hex')]));
}

/**
 * Recalculates with both evaluators; answers the fast path's run, after checking HyperFormula wrote
 * the same sheet and that every other part of the package comes back byte for byte.
 */
function recalculated(input: Uint8Array) {
  const fast = recalcWorkbook(input, { engine, strict: true });
  const hyperFormula = recalcWorkbook(input, { engine, evaluator: 'hyperformula', strict: true });
  expect(fast.summary.engine).toBe('fast');
  expect(sheetOf(hyperFormula.bytes)).toBe(sheetOf(fast.bytes));
  expect(otherParts(fast.bytes)).toEqual(otherParts(input));
  expect(otherParts(hyperFormula.bytes)).toEqual(otherParts(input));
  return { ...fast, sheet: sheetOf(fast.bytes), input: sheetOf(input) };
}

/** The workbook with parts replaced by the given XML texts. */
function withParts(bytes: Uint8Array, parts: Record<string, string>): Uint8Array {
  return rewriteZip(readZip(bytes), new Map(Object.entries(parts).map(([name, xml]) => [name, new TextEncoder().encode(xml)])));
}

const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The cached values of the first sheet's cells, by reference. */
const valuesOf = (bytes: Uint8Array) => Object.fromEntries(readCells(sheetOf(bytes)).map((c) => [c.ref, c.value]));

function book(cells: FixtureCell[], form?: SheetForm): Uint8Array {
  return buildXlsx([{ name: 'S', cells, ...(form ? { form } : {}) }]);
}

/** The sheet with each of `changes` (output text → input text) undone: what must equal the input. */
function undone(sheet: string, changes: [string, string][]): string {
  let out = sheet;
  for (const [now, before] of changes) {
    expect(out).toContain(now);
    out = out.replace(now, before);
  }
  return out;
}

describe('a sheet read as XML, as Excel reads it', () => {
  it('passes over a cell inside a comment: B1 = A1+1 is 2, not 1998, and the comment is kept as written', () => {
    const input = book([
      { ref: 'A1', value: 1 },
      { ref: 'B1', formula: 'A1+1', before: '<!-- <c r="A1"><v>1997</v></c> -->' },
      { ref: 'C1', formula: 'B1*2', before: '<!-- <c r="C1"><f>1/0</f><v>7</v></c> -->' },
    ]);
    const r = recalculated(input);
    expect(r.summary.formulas).toBe(2);
    expect(undone(r.sheet, [['<f>A1+1</f><v>2</v>', '<f>A1+1</f><v>0</v>'], ['<f>B1*2</f><v>4</v>', '<f>B1*2</f><v>0</v>']])).toBe(r.input);
  });

  it('reads a sheet written with a namespace prefix on every element (<x:c>, <x:is><x:t>), as the Open XML SDK writes it, and writes its values with that prefix', () => {
    const input = book(
      [
        { ref: 'A1', value: 5 },
        { ref: 'B1', formula: 'A1*2' },
        { ref: 'A2', value: '高', inline: true },
        { ref: 'B2', formula: 'LEN(A2)' },
        { ref: 'B3', formula: 'A2&"!"', cachedType: 'str', cached: '' },
      ],
      { prefix: 'x' },
    );
    const r = recalculated(input);
    expect(r.input).toContain('<x:worksheet xmlns:x=');
    expect(r.summary.formulas).toBe(3);
    expect(
      undone(r.sheet, [
        ['<x:f>A1*2</x:f><x:v>10</x:v>', '<x:f>A1*2</x:f><x:v>0</x:v>'],
        ['<x:f>LEN(A2)</x:f><x:v>1</x:v>', '<x:f>LEN(A2)</x:f><x:v>0</x:v>'],
        ['<x:f>A2&amp;&quot;!&quot;</x:f><x:v>高!</x:v>', '<x:f>A2&amp;&quot;!&quot;</x:f><x:v></x:v>'],
      ]),
    ).toBe(r.input);
  });

  it('reads single-quoted attributes with white space around "=" and before ">", and keeps them so', () => {
    const input = book(
      [
        { ref: 'A1', value: 3 },
        { ref: 'B1', formula: 'A1+1' },
        { ref: 'C1', formula: 'IF(A1>2,"big","small")' },
      ],
      { quote: "'", spaced: true },
    );
    const r = recalculated(input);
    expect(r.input).toContain("<c r = 'B1' s = '1' >");
    expect(r.summary.formulas).toBe(2);
    expect(r.sheet).toContain("<c r = 'C1' s = '1' t='str' ><f>IF(A1&gt;2,&quot;big&quot;,&quot;small&quot;)</f><v>big</v></c>");
    expect(undone(r.sheet, [['<v>4</v>', '<v>0</v>'], [" t='str' ><f>IF", ' ><f>IF'], ['<v>big</v>', '<v>0</v>']])).toBe(r.input);
  });

  it('places a cell without r after the previous cell of its row, and a row without r after the previous row', () => {
    const input = book(
      [
        { ref: 'A1', value: 1 },
        { ref: 'B1', value: 2 },
        { ref: 'C1', formula: 'A1+B1' },
        { ref: 'E1', formula: 'C1*10' },
        { ref: 'F1', formula: 'E1+1' },
        { ref: 'A2', value: 7 },
        { ref: 'B2', formula: 'A2*C1' },
        { ref: 'A4', formula: 'B2+F1' },
      ],
      { implicitReferences: true },
    );
    const r = recalculated(input);
    expect(r.input).toContain('<row spans="1:8"><c><v>7</v></c><c s="1"><f>A2*C1</f>');
    expect(r.summary.formulas).toBe(5);
    const values = Object.fromEntries(readCells(r.sheet).map((c) => [c.ref, c.value]));
    expect(values).toMatchObject({ C1: '3', E1: '30', F1: '31', B2: '21', A4: '52' });
  });

  it('reads CDATA as text: a formula written in CDATA is computed, an inline string in CDATA is its characters as they stand', () => {
    const input = book([
      { ref: 'A1', value: 5 },
      { ref: 'B1', formula: 'A1&"<b>"', cdata: true, cachedType: 'str', cached: '' },
      { ref: 'A2', value: 'a&amp;b', inline: true, cdata: true },
      { ref: 'B2', formula: 'LEN(A2)' },
    ]);
    const r = recalculated(input);
    expect(r.input).toContain('<f><![CDATA[A1&"<b>"]]></f>');
    expect(r.summary.formulas).toBe(2);
    expect(undone(r.sheet, [['<v>5&lt;b&gt;</v>', '<v><![CDATA[]]></v>'], ['<f>LEN(A2)</f><v>7</v>', '<f>LEN(A2)</f><v>0</v>']])).toBe(r.input);
  });

  it('decodes references wherever XML has them: in formulas, in values (a number included) and in attributes', () => {
    const input = rawSheetBook(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>&#x9AD8;&#39;s</t></is></c><c r="&#66;1" t="&#115;tr"><f>A1&amp;&quot;&#33;&quot;</f><v></v></c><c r="C1"><f>LEN(B1)+A2</f><v>0</v></c></row><row r="2"><c r="A2"><v>&#49;&#x32;</v></c></row>',
    );
    const r = recalculated(input);
    expect(r.summary.formulas).toBe(2);
    expect(r.sheet).toContain('<c r="&#66;1" t="str"><f>A1&amp;&quot;&#33;&quot;</f><v>高\'s!</v></c><c r="C1"><f>LEN(B1)+A2</f><v>16</v></c>');
  });

  it('reads hidden rows as XML too: SUBTOTAL(109) leaves out a row hidden with single quotes, not one hidden inside a comment', () => {
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 1 },
      { ref: 'A2', value: 2, before: '<!-- </row><row r="2" hidden="1"> -->' },
      { ref: 'A3', value: 3 },
      { ref: 'A4', value: 4 },
      { ref: 'B1', formula: 'SUBTOTAL(109,A1:A4)' },
    ];
    const input = buildXlsx([{ name: 'S', cells, hiddenRows: [3], form: { quote: "'" } }]);
    expect(sheetOf(input)).toContain("<row r='3' spans='1:8' hidden='1'>");
    for (const evaluator of ['auto', 'hyperformula'] as const) {
      const r = recalcWorkbook(input, { engine, evaluator, strict: true });
      expect(valuesOf(r.bytes).B1).toBe('7');
    }
  });

  it('reads processing instructions and comments anywhere, and text split by them, as XML readers do', () => {
    const input = rawSheetBook('<?keep me?><row r="1"><c r="A1"><v>1<!-- split -->2</v></c><!-- <c r="A2"/> --><c r="B1"><f>A1<?pi?>*2</f><v>0</v></c></row>');
    const r = recalculated(input);
    expect(r.sheet).toContain('<c r="B1"><f>A1<?pi?>*2</f><v>24</v></c>');
  });
});

describe('the shared strings, the workbook part and its relationships read as XML too', () => {
  it('reads shared strings written with a prefix, in CDATA, with references, rich runs and phonetic runs, and a comment hiding an <si>', () => {
    const base = book([
      { ref: 'A1', value: 'first' },
      { ref: 'A2', value: 'second' },
      { ref: 'A3', value: 'third' },
      { ref: 'B1', formula: 'A1&"|"&A2&"|"&A3', cachedType: 'str', cached: '' },
      { ref: 'B2', formula: 'LEN(A2)' },
    ]);
    const sst = `<?xml version="1.0" encoding="UTF-8"?>\n<x:sst xmlns:x="${SML}" count="3" uniqueCount="3"><!-- <x:si><x:t>hidden</x:t></x:si> --><x:si><x:t><![CDATA[a<b&c]]></x:t></x:si><x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space='preserve'>高 </x:t></x:r><x:r><x:t>&#x5DE5;_x0041_</x:t></x:r><x:rPh sb="0" eb="1"><x:t>gao</x:t></x:rPh></x:si><x:si/></x:sst>`;
    const r = recalculated(withParts(base, { 'xl/sharedStrings.xml': sst }));
    expect(r.summary.formulas).toBe(2);
    expect(valuesOf(r.bytes)).toMatchObject({ B1: 'a<b&c|高 工A|', B2: '4' });
  });

  it('reads a workbook part written with a prefix and single quotes, a sheet and a name hidden in comments, a name in CDATA, and relationships written the same way', () => {
    const base = book([
      { ref: 'A1', value: 4 },
      { ref: 'B1', formula: 'A1*Rate' },
      { ref: 'B2', formula: 'Rate+Other' },
    ]);
    const workbook = `<?xml version='1.0' encoding='UTF-8'?>\n<x:workbook xmlns:x='${SML}' xmlns:rel='${OFFICE_RELS}'><x:sheets><!-- <x:sheet name="Hidden" sheetId="9" rel:id="rId9"/> --><x:sheet name = 'S' sheetId='1' rel:id='rId1' /></x:sheets><x:definedNames><!-- <x:definedName name="Rate">1998</x:definedName> --><x:definedName name='Rate'><![CDATA[S!$A$1/2]]></x:definedName><x:definedName name='Other'>S!$A$1&lt;&gt;0</x:definedName></x:definedNames><x:calcPr calcId='191029'/></x:workbook>`;
    const rels = `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><!-- <Relationship Id="rId1" Type="x" Target="worksheets/none.xml"/> --><Relationship Id='rId1' Type='${OFFICE_RELS}/worksheet' Target='worksheets/sheet1.xml'/><Relationship Id='rIdS' Type='${OFFICE_RELS}/sharedStrings' Target='sharedStrings.xml'/></Relationships>`;
    const r = recalculated(withParts(base, { 'xl/workbook.xml': workbook, 'xl/_rels/workbook.xml.rels': rels }));
    expect(r.summary.formulas).toBe(2);
    expect(valuesOf(r.bytes)).toMatchObject({ B1: '8', B2: '3' });
  });

  it('reads a table part written with a prefix, its columns and filter as XML has them, and a policy setting hidden in a comment is no setting', () => {
    const base = buildXlsx([
      {
        name: 'S',
        cells: [{ ref: 'A1', value: 'Item' }, { ref: 'B1', value: 'Amt' }, { ref: 'A2', value: 'a' }, { ref: 'B2', value: 3 }, { ref: 'A3', value: 'b' }, { ref: 'B3', value: 4 }, { ref: 'D1', formula: 'SUM(Tab[Amt])' }, { ref: 'D2', formula: '_xldudf_POLICY_POLICYINFO()', addin: true, cachedType: 'str', cached: '' }],
        tables: [{ name: 'Tab', ref: 'A1:B3', columns: ['Item', 'Amt'] }],
      },
    ]);
    const table = `<?xml version="1.0" encoding="UTF-8"?>\n<x:table xmlns:x='${SML}' id='1' name='Tab' displayName='Tab' ref='A1:B3' totalsRowShown='0'><!-- <x:tableColumn id="9" name="Hidden"/> --><x:autoFilter ref='A1:B3'/><x:tableColumns count='2'><x:tableColumn id='1' name='Item'/><x:tableColumn id='2' name='Amt'/></x:tableColumns></x:table>`;
    const webextension = readText(readZip(base), 'xl/webextensions/webextension1.xml')!.replace('<we:properties>', '<we:properties><!-- <we:property name="policycell.policy" value="&quot;default@2019.05&quot;"/> -->');
    const r = recalculated(withParts(base, { 'xl/tables/table1.xml': table, 'xl/webextensions/webextension1.xml': webextension }));
    expect(r.summary.formulas).toBe(2);
    expect(valuesOf(r.bytes).D1).toBe('7');
    // The policy is the one the run falls back to, as for the same workbook without the comment.
    expect(valuesOf(r.bytes).D2).toBe(valuesOf(recalcWorkbook(base, { engine }).bytes).D2);
    expect(valuesOf(r.bytes).D2).not.toBe('default@2019.05');
  });

  it("reads an external link's cached values as XML: prefixed and single-quoted, a cell inside a comment is none", () => {
    const base = book([{ ref: 'B1', formula: '[1]Other!A1*2' }, { ref: 'B2', formula: '[1]Other!A2+1' }]);
    const zip = readZip(base);
    const workbook = readText(zip, 'xl/workbook.xml')!.replace('<calcPr', '<externalReferences><externalReference r:id="rIdX"/></externalReferences><calcPr');
    const rels = readText(zip, 'xl/_rels/workbook.xml.rels')!.replace('</Relationships>', `<Relationship Id="rIdX" Type="${OFFICE_RELS}/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`);
    const link = `<?xml version="1.0" encoding="UTF-8"?>\n<x:externalLink xmlns:x='${SML}'><x:externalBook xmlns:r='${OFFICE_RELS}' r:id='rId1'><x:sheetNames><x:sheetName val='Other'/></x:sheetNames><x:sheetDataSet><x:sheetData sheetId='0'><x:row r='1'><!-- <x:cell r="A1"><x:v>1998</x:v></x:cell> --><x:cell r='A1'><x:v>21</x:v></x:cell></x:row><x:row r='2'><x:cell r='A2'><x:v><![CDATA[4]]></x:v></x:cell></x:row></x:sheetData></x:sheetDataSet></x:externalBook></x:externalLink>`;
    const input = withParts(base, { 'xl/workbook.xml': workbook, 'xl/_rels/workbook.xml.rels': rels });
    const withLink = zipSync({ ...unzipSync(input), 'xl/externalLinks/externalLink1.xml': new TextEncoder().encode(link) });
    const r = recalcWorkbook(withLink, { engine, strict: true });
    expect(valuesOf(r.bytes)).toMatchObject({ B1: '42', B2: '5' });
  });

  const refused: [string, string, string, RegExp][] = [
    ['shared strings with an <si> never closed', 'xl/sharedStrings.xml', `<sst xmlns="${SML}"><si><t>a</t></sst>`, /the part xl\/sharedStrings\.xml is not well-formed XML: the end tag <\/sst> closes <si>/],
    ['shared strings with a reference XML does not define', 'xl/sharedStrings.xml', `<sst xmlns="${SML}"><si><t>&euro;</t></si></sst>`, /the part xl\/sharedStrings\.xml is not well-formed XML: "&euro;" is not an entity/],
    ['shared strings with a phonetic run never closed', 'xl/sharedStrings.xml', `<sst xmlns="${SML}"><si><t>a</t><rPh sb="0" eb="1"><t>x</t></si></sst>`, /the end tag <\/si> closes <rPh>/],
    ['a defined name never closed', 'xl/workbook.xml', `<workbook xmlns="${SML}" xmlns:r="${OFFICE_RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="N">S!$A$1</definedNames></workbook>`, /the end tag <\/definedNames> closes <definedName>/],
    ['a workbook part cut short', 'xl/workbook.xml', `<workbook xmlns="${SML}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>`, /the part xl\/workbook\.xml is not well-formed XML/],
    ['a workbook part whose <sheets> is only in a comment', 'xl/workbook.xml', `<workbook xmlns="${SML}"><!-- <sheets/> --></workbook>`, /xl\/workbook\.xml is not a workbook \(no <workbook> with <sheets>\)/],
    ['relationships with an attribute given twice', 'xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Id="rId2" Target="worksheets/sheet1.xml"/></Relationships>', /the part xl\/_rels\/workbook\.xml\.rels is not well-formed XML: an attribute given twice/],
  ];
  for (const [name, part, xml, message] of refused) {
    it(`refuses ${name} as a corrupt workbook`, () => {
      let caught: unknown;
      try {
        recalcWorkbook(withParts(book([{ ref: 'A1', value: 'x' }, { ref: 'B1', formula: 'A1' }]), { [part]: xml }), { engine });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(WorkbookError);
      expect((caught as WorkbookError).problem).toBe('corrupt');
      expect((caught as WorkbookError).message).toMatch(message);
    });
  }
});

describe('policycell recalc --strict on sheets written as XML allows', () => {
  it('recalculates prefixed, single-quoted and r-less sheets and a comment-hidden cell, and passes --strict with every formula counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-sheet-xml-'));
    const cells: FixtureCell[] = [
      { ref: 'A1', value: 1 },
      { ref: 'B1', formula: 'A1+1', before: '<!-- <c r="A1"><v>1997</v></c> -->' },
      { ref: 'C1', formula: 'B1*3' },
    ];
    const forms: [string, SheetForm | undefined][] = [
      ['prefixed', { prefix: 'x' }],
      ['quoted', { quote: "'", spaced: true }],
      ['implicit', { implicitReferences: true }],
      ['commented', undefined],
    ];
    for (const [name, form] of forms) writeFileSync(join(dir, `${name}.xlsx`), book(cells, form));
    let out = '';
    let err = '';
    const code = await main(['recalc', ...forms.map(([name]) => join(dir, `${name}.xlsx`)), '-o', join(dir, 'out'), '--strict', '--lang', 'en'], { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/formulas recalculated\s+8/);
    for (const [name] of forms) {
      const values = valuesOf(readFileSync(join(dir, 'out', `${name}.xlsx`)));
      expect(values.B1).toBe('2');
      expect(values.C1).toBe('6');
    }
  });
});

describe('a sheet part that is not XML is refused, named, before anything is computed', () => {
  const cases: [string, string, RegExp][] = [
    ['an element never closed', '<row r="1"><c r="A1"><v>1</v></row>', /the part xl\/worksheets\/sheet1\.xml is not well-formed XML: the end tag <\/row> closes <c>/],
    ['a "<" inside an attribute value', '<row r="1"><c r="A<1"><v>1</v></c></row>', /a "<" inside an attribute value/],
    ['an attribute without quotes', '<row r="1"><c r=A1><v>1</v></c></row>', /a tag that is cut short or has a malformed attribute/],
    ['an attribute given twice', '<row r="1"><c r="A1" r="B1"><v>1</v></c></row>', /an attribute given twice/],
    ['a reference XML does not define', '<row r="1"><c r="A1" t="str"><f>"&nbsp;"</f><v>0</v></c></row>', /"&nbsp;" is not an entity or character reference XML defines/],
    ['a character reference to no character', '<row r="1"><c r="A1" t="str"><f>"&#0;"</f><v>0</v></c></row>', /"&#0;" is not an entity/],
    ['a comment never closed', '<row r="1"><c r="A1"><v>1</v></c><!-- </row>', /a comment that is not closed/],
    ['an undeclared prefix', '<row r="1"><y:c r="A1"><y:v>1</y:v></y:c></row>', /the prefix "y" is not declared/],
    ['an element SpreadsheetML does not put in a row', '<row r="1"><cell r="A1"><v>1</v></cell></row>', /is not a valid sheet: an element <cell> where <row> may not have it/],
    ['a cell without r in a row past the grid', '<row r="1048577"><c><v>1</v></c></row>', /the row number "1048577" is not in Excel's grid/],
  ];
  for (const [name, sheetData, message] of cases) {
    it(name, () => {
      let caught: unknown;
      try {
        recalcWorkbook(rawSheetBook(sheetData), { engine });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(WorkbookError);
      expect((caught as WorkbookError).problem).toBe('corrupt');
      expect((caught as WorkbookError).message).toMatch(message);
    });
  }

  it('a document type declaration (its entities would be text no reader here expands)', () => {
    const sheet = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY n "1998">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>&n;</v></c><c r="B1"><f>A1+1</f><v>0</v></c></row></sheetData></worksheet>';
    const input = rewriteZip(readZip(book([{ ref: 'A1', value: 1 }])), new Map([['xl/worksheets/sheet1.xml', new TextEncoder().encode(sheet)]]));
    expect(() => recalcWorkbook(input, { engine })).toThrow(/a document type declaration/);
  });
});
