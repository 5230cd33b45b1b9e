import { describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import type { RecalcOptions } from '../../functions/workbook/recalc.js';
import { WorkbookError } from '../../functions/workbook/model/workbook-error.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { Engine, shippedRegistry } from '../../shared/src/index.js';
import * as H from '../helpers/hostile.js';

/**
 * Issue 22's engine items, through recalcWorkbook and both evaluators: texts past Excel's 32,767
 * characters, the answer's budget, the kept and assumed lists summarised and bounded, circularity
 * through a defined name, sheet-sized ranges and malformed parts refused before work, over-size
 * results named as the budget they pass.
 */

const engine = new Engine(shippedRegistry());
const EVALUATORS = ['auto', 'hyperformula'] as const;

const recalc = (bytes: Uint8Array, over: Partial<RecalcOptions> = {}) => recalcWorkbook(bytes, { engine, lang: 'en', ...over });

function cellsOf(bytes: Uint8Array): Map<string, string | undefined> {
  return new Map(readCells(readText(readZip(bytes), 'xl/worksheets/sheet1.xml')!).map((c) => [c.ref, c.value]));
}

/** The WorkbookError a recalculation throws (the test fails when it throws none). */
function refusal(run: () => unknown): WorkbookError {
  try {
    run();
  } catch (e) {
    if (e instanceof WorkbookError) return e;
    throw e;
  }
  throw new Error('the workbook was not refused');
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const formula = (ref: string, f: string, t = '') => `<c r="${ref}"${t}><f>${f.replace(/&/g, '&amp;')}</f><v>0</v></c>`;

describe('a text past 32,767 characters is #VALUE!, as in Excel', () => {
  for (const evaluator of EVALUATORS) {
    it(`REPT, CONCATENATE, SUBSTITUTE, REPLACE and & (${evaluator})`, () => {
      const r = recalc(H.overlongText(['LEN(REPT("a",40000))', 'REPT("a",40000)', 'A1&REPT("b",32767)', 'CONCATENATE(REPT("a",30000),REPT("b",3000))', 'SUBSTITUTE(REPT("a",20000),"a","bb")', 'REPLACE(REPT("a",20000),1,1,REPT("c",20000))', 'LEN(REPT("a",32767))']), { evaluator });
      const cells = cellsOf(r.bytes);
      expect(cells.get('B1')).toBe('#VALUE!');
      for (const ref of ['B2', 'B3', 'B4', 'B5', 'B6', 'C2', 'C3']) expect(cells.get(ref), ref).toBe('#VALUE!');
      expect(cells.get('B7')).toBe('32767');
      expect(cells.get('C7')).toBe('5');
    });

    it(`a concatenation of cells on the fast path (${evaluator})`, () => {
      const a = 'a'.repeat(20_000);
      const r = recalc(H.rawSheetBook(`<row r="1">${inline('A1', a)}${formula('B1', 'A1&A1', ' t="str"')}${formula('C1', 'LEN(A1&A1)')}${formula('D1', 'CONCATENATE(A1,A1)', ' t="str"')}${formula('E1', 'LEN(A1&"b")')}</row>`), { evaluator });
      expect(r.summary.engine).toBe(evaluator === 'auto' ? 'fast' : 'hyperformula');
      const cells = cellsOf(r.bytes);
      expect([cells.get('B1'), cells.get('C1'), cells.get('D1'), cells.get('E1')]).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', '20001']);
    });
  }
});

describe('the answer budget: a bounded multiple of the upload', () => {
  for (const evaluator of EVALUATORS) {
    it(`a 32,767-character text copied into 5,000 cells is refused, naming the budget and the cell (${evaluator})`, () => {
      const book = H.longTextCopies(5000);
      expect(book.length).toBeLessThan(60_000);
      const e = refusal(() => recalc(book, { evaluator }));
      expect(e.problem).toBe('tooLarge');
      expect(e.detail).toMatchObject({ budget: 'answerSize', limit: 128 * 1048576 });
      expect(e.cell).toMatch(/^S!B\d+$/);
      expect(e.text.en).toContain('answer budget');
      expect(e.text['zh-CN']).toContain('答复上限');
    });
  }

  it('three sheets of MID slices: refused before their XML is made', () => {
    const e = refusal(() => recalc(H.midSlices(3, 4000)));
    expect(e.detail.budget).toBe('answerSize');
  });

  it('configurable: a higher floor lets the same workbook through, and its answer is what the budget allowed', () => {
    const book = H.longTextCopies(600);
    expect(refusal(() => recalc(book, { limits: { maxUncompressed: 1 << 30, maxEntries: 100, maxCells: 1e6, answerFloorMb: 1 } })).detail).toMatchObject({ budget: 'answerSize', limit: 1048576 });
    const r = recalc(book, { limits: { maxUncompressed: 1 << 30, maxEntries: 100, maxCells: 1e6, answerFloorMb: 32 } });
    expect(cellsOf(r.bytes).get('B600')?.length).toBe(32_767);
  });
});

describe('kept and assumed cells: one entry a formula, bounded', () => {
  it('a 6,000-character shared formula that cannot be read, filled down 100,000 cells: one entry, a small summary, seconds', () => {
    const book = H.keptSharedFormula(100_000, 6000);
    const started = performance.now();
    const r = recalc(book);
    const seconds = (performance.now() - started) / 1000;
    expect(r.summary.kept).toHaveLength(1);
    expect(r.summary.kept[0]).toMatchObject({ cell: 'S!B1', reason: 'syntax', count: 100_000, cells: ['S!B1', 'S!B2', 'S!B3', 'S!B4', 'S!B5'] });
    expect(r.summary.kept[0]!.detail.length).toBeLessThanOrEqual(301);
    expect(JSON.stringify(r.summary).length).toBeLessThan(2000);
    expect(cellsOf(r.bytes).get('B100000')).toBe('5');
    // 70 s at 20,000 cells before the formula was keyed once for its copies.
    expect(seconds).toBeLessThan(30);
  });

  it('copies of one formula in separate cells (no shared formula) are still one entry: the R1C1 shape', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c>${formula(`B${i + 1}`, `NOSUCHFN(A${i + 1})`).replace('<v>0</v>', '<v>4</v>')}</row>`).join('');
    const r = recalc(H.rawSheetBook(rows));
    expect(r.summary.kept).toEqual([{ cell: 'S!B1', reason: 'function', detail: expect.any(String), count: 300, cells: ['S!B1', 'S!B2', 'S!B3', 'S!B4', 'S!B5'] }]);
  });

  it('distinct formulas past 200 entries: the rest counted in one entry of their reason', () => {
    const rows = Array.from({ length: 450 }, (_, i) => `<row r="${i + 1}">${formula(`B${i + 1}`, `NOSUCHFN(${i})`).replace('<v>0</v>', '<v>4</v>')}</row>`).join('');
    const r = recalc(H.rawSheetBook(rows));
    expect(r.summary.kept).toHaveLength(201);
    expect(r.summary.kept.reduce((n, k) => n + k.count, 0)).toBe(450);
    expect(r.summary.kept[200]).toMatchObject({ reason: 'function', count: 250, detail: expect.stringContaining('not listed') });
  });
});

describe('names Excel could never define', () => {
  for (const name of ['N1', 'TAX2024', 'R1C1']) {
    it(`a defined name ${name} is a corrupt workbook, named (it was computed as the cell)`, () => {
      const e = refusal(() => recalc(H.cellLikeName(name)));
      expect(e.problem).toBe('corrupt');
      expect(e.text.en).toContain(`"${name}"`);
      expect(e.text['zh-CN']).toContain(`「${name}」`);
    });
  }

  it("the issue's case: N1 := S!$A$1+1, A1 = N1, cached 5", () => {
    const book = H.rawPartsBook({ sheets: ['<row r="1"><c r="A1"><f>N1</f><v>5</v></c></row>'], workbookExtra: '<definedNames><definedName name="N1">S!$A$1+1</definedName></definedNames>' });
    expect(refusal(() => recalc(book)).problem).toBe('corrupt');
  });

  for (const evaluator of EVALUATORS) {
    it(`a cycle through a name Excel allows keeps its cached value and is reported as a cycle through cells is (${evaluator})`, () => {
      const book = H.rawPartsBook({ sheets: ['<row r="1"><c r="A1"><f>LOOPY</f><v>5</v></c></row>'], workbookExtra: '<definedNames><definedName name="LOOPY">S!$A$1+1</definedName></definedNames>' });
      const r = recalc(book, { evaluator });
      expect(cellsOf(r.bytes).get('A1')).toBe('5');
      expect(r.summary.kept).toEqual([expect.objectContaining({ cell: 'S!A1', reason: 'circular', count: 1 })]);
    });
  }
});

describe('refused before work, at once', () => {
  for (const kind of ['dataTable', 'array', 'spill'] as const) {
    it(`a ${kind} range the size of the sheet: 413 naming the range`, () => {
      const book = H.sheetSizedRange(kind);
      expect(book.length).toBeLessThan(2500);
      const started = performance.now();
      const e = refusal(() => recalc(book));
      expect(performance.now() - started).toBeLessThan(2000);
      expect(e).toMatchObject({ problem: 'tooLarge', cell: 'S!B2', detail: { budget: 'rangeCells', range: 'S!B2:XFD1048576', limit: 1_048_576 } });
    });
  }

  for (const what of ['si', 'rPh', 'definedName'] as const) {
    it(`200,000 unclosed <${what}>: corrupt, without reading the part once per element`, () => {
      const started = performance.now();
      const e = refusal(() => recalc(H.unclosedElements(what)));
      expect(performance.now() - started).toBeLessThan(2000);
      expect(e.problem).toBe('corrupt');
      expect(e.text.en).toContain(`<${what}>`);
    });
  }

  for (const [what, body] of [
    ['rPh', `<t>a</t>${'<rPh sb="0" eb="1"><t>x</t>'.repeat(200_000)}`],
    ['t', '<t>x'.repeat(200_000)],
  ] as const) {
    it(`an inline string of 200,000 unclosed <${what}> in a sheet: corrupt at once`, () => {
      const started = performance.now();
      const e = refusal(() => recalc(H.rawSheetBook(`<row r="1"><c r="A1" t="inlineStr"><is>${body}</is></c>${formula('B1', 'A1&"x"', ' t="str"')}</row>`)));
      expect(performance.now() - started).toBeLessThan(3000);
      expect(e.problem).toBe('corrupt');
      // The sheet's tokenizer names the element where the XML stops being a sheet, in both languages.
      expect(e.text.en).toMatch(what === 'rPh' ? /the end tag <\/is> closes <rPh>/ : /an element inside <t>/);
      expect(e.text['zh-CN']).toContain(`<${what}>`);
    });
  }

  it('a nested <si> (every one closed, at the end) is refused the same way', () => {
    const book = H.rawPartsBook({ sheets: ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], sharedStrings: `${'<si><t>a</t>'.repeat(1000)}${'</si>'.repeat(1000)}` });
    expect(refusal(() => recalc(book)).problem).toBe('corrupt');
  });
});

describe('over-size results name their budget', () => {
  for (const evaluator of EVALUATORS) {
    it(`TEXTSPLIT padding 12,001 rows against 12,001 columns: 413, arrayItems (${evaluator})`, () => {
      const book = H.rawSheetBook(`<row r="1">${inline('A1', `${','.repeat(12_000)}${';'.repeat(12_000)}`)}${formula('B1', 'ROWS(TEXTSPLIT(A1,",",";"))')}</row>`);
      expect(refusal(() => recalc(book, { evaluator })).detail).toEqual({ budget: 'arrayItems', limit: 4 * 1_048_576 });
    });

    it(`REPT to 800 million characters, and TEXTSPLIT of it: #VALUE!, as in Excel (${evaluator})`, () => {
      const r = recalc(H.overlongText(['LEN(REPT("a",800000000))', 'ROWS(TEXTSPLIT(REPT(",",130000000),","))']), { evaluator });
      const cells = cellsOf(r.bytes);
      expect([cells.get('B1'), cells.get('B2')]).toEqual(['#VALUE!', '#VALUE!']);
    });
  }

  for (const where of ['sharedStrings', 'sheet'] as const) {
    it(`&#99999999999; in the ${where === 'sheet' ? "sheet's inline string" : 'shared strings'}: a corrupt part, not a RangeError`, () => {
      const e = refusal(() => recalc(H.badCharacterReference(where)));
      expect(e.problem).toBe('corrupt');
      expect(e.text.en).toContain('&#99999999999;');
    });
  }
});
