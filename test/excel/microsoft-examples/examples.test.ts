import { describe, expect, it } from 'vitest';
import { FUNCTIONS as FAST_FUNCTIONS } from '../../../functions/workbook/fast/functions.js';
import { WorkbookError, recalcWorkbook } from '../../../functions/workbook/recalc.js';
import type { Check, DataValue, Expected, FunctionExamples } from '../../../scripts/microsoft-examples.js';
import { coverageRows } from '../../../scripts/excel-coverage.js';
import { dateSerial, exampleFamilies, listedFunctions } from '../../../scripts/microsoft-examples.js';
import type { FixtureCell, FixtureSheet } from '../../helpers/xlsx.js';
import { buildXlsx } from '../../helpers/xlsx.js';
import { engine, storedError, values } from '../../helpers/workbook-values.js';

/**
 * Microsoft's documented examples of Excel's functions, computed here: each family file becomes one
 * real .xlsx (a sheet a function, with the example's data and its formulas, no cached values, as a
 * program writes it), recalculated by HyperFormula, and the functions of the fast path once more
 * through the default evaluator. Each formula must give the page's result, or keep the mark that
 * says why it does not (docs/excel-functions.md lists them); a function this engine does not
 * compute must keep the value the file cached.
 */

const COLUMN = 'AA';

/** The cells of an array result anchored at `at`, row by row. */
function arrayCells(at: string, rows: number, cols: number): string[] {
  const m = /^([A-Z]+)(\d+)$/.exec(at)!;
  const col0 = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const name = (n: number): string => (n > 26 ? name(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
  const out: string[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push(`${name(col0 + c)}${Number(m[2]) + r}`);
  return out;
}

function dataCell(ref: string, v: DataValue): FixtureCell {
  if (typeof v !== 'object') return { ref, value: v };
  if ('date' in v) return { ref, value: dateSerial(v.date) };
  if ('error' in v) return { ref, error: v.error };
  return { ref, formula: v.formula, noCache: true };
}

/** Functions whose arguments bind names: Excel stores them `_xlfn.LET(_xlpm.x, …)`, as a file holds them. */
const BINDING = new Set(['LET', 'LAMBDA']);
const PREFIXED = new Set([...BINDING, 'MAP', 'REDUCE', 'SCAN', 'BYROW', 'BYCOL', 'MAKEARRAY', 'ISOMITTED']);

/** The formula as Excel stores it in the file: the LAMBDA family with `_xlfn.`, the names LET and LAMBDA bind with `_xlpm.`, a function given as an argument with `_xleta.` (outside text in quotes). */
function storedFormula(formula: string): string {
  const parts = formula.split('"');
  const code = parts.filter((_, i) => i % 2 === 0).join('"\uE000"');
  const params = new Set<string>();
  for (const m of code.matchAll(/\b(LET|LAMBDA)\(/gi)) {
    let depth = 0;
    const args: string[] = [''];
    for (const ch of code.slice(m.index + m[0].length)) {
      if (ch === '(' || ch === '{') depth++;
      if ((ch === ')' || ch === '}') && depth-- === 0) break;
      if (ch === ',' && depth === 0) args.push('');
      else args[args.length - 1] += ch;
    }
    const names = m[1]!.toUpperCase() === 'LET' ? args.filter((_, i) => i % 2 === 0 && i < args.length - 1) : args.slice(0, -1);
    for (const n of names) if (/^\s*[A-Za-z_][\w.]*\s*$/.test(n)) params.add(n.trim().toLowerCase());
  }
  // A function named as an argument (GROUPBY(…, SUM)) is stored as _xleta.SUM.
  const eta = (text: string) => text.replace(/([(,]\s*)(SUM|AVERAGE|COUNT|COUNTA|MAX|MIN|PRODUCT|MEDIAN)(?=\s*[,)])/g, '$1_xleta.$2');
  let out = eta(code).replace(/\b([A-Za-z_][\w.]*)(\s*\()?/g, (whole, name: string, call: string | undefined) => {
    if (call && PREFIXED.has(name.toUpperCase())) return `_xlfn.${name}${call}`;
    if (params.has(name.toLowerCase())) return `_xlpm.${name}${call ?? ''}`;
    return whole;
  });
  const texts = parts.filter((_, i) => i % 2 === 1);
  out = out.replace(/"\uE000"/g, () => `"${texts.shift()}"`);
  return out;
}

interface Placed {
  fn: string;
  check: Check;
  cells: string[];
}

/** Where each check's formula goes: its own cell, or the next row of column AA (an array result takes the rows below and the columns beside it). */
function place(fn: string, ex: FunctionExamples, cached: boolean): { sheet: FixtureSheet; placed: Placed[] } {
  const cells: FixtureCell[] = Object.entries(ex.data ?? {}).map(([ref, v]) => dataCell(ref, v));
  const placed: Placed[] = [];
  let row = 1;
  for (const check of ex.checks) {
    const [formula, expected, opts] = check;
    const at = opts?.at ?? `${COLUMN}${row}`;
    const shape = Array.isArray(expected) ? [expected.length, expected[0]!.length] : [1, 1];
    const refs = arrayCells(at, shape[0]!, shape[1]!);
    if (!opts?.at) row += shape[0]!;
    const text = storedFormula(formula.replace(/^=/, ''));
    const cachedValue = cached ? cachedOf(expected) : {};
    cells.push({ ref: at, formula: text, ...(refs.length > 1 ? { arrayRef: `${refs[0]}:${refs.at(-1)}` } : {}), ...(cached ? cachedValue : { noCache: true }) });
    for (const ref of refs.slice(1)) cells.push({ ref, value: 0 });
    placed.push({ fn, check, cells: refs });
  }
  return { sheet: { name: fn, cells }, placed };
}

/** The documented result as the file's cached value (for a function this engine keeps). */
function cachedOf(e: Expected): Partial<FixtureCell> {
  if (typeof e === 'number') return { cached: String(e) };
  if (typeof e === 'string') return { cached: e, cachedType: 'str' };
  if (typeof e === 'boolean') return { cached: e ? '1' : '0', cachedType: 'b' };
  if (Array.isArray(e)) return cachedOf(e[0]![0]!);
  if ('error' in e) return { cached: e.error, cachedType: 'e' };
  if ('approx' in e) return { cached: String(e.approx) };
  return { cached: String(dateSerial(e.date)) };
}

/** Whether a value as values() reads it ("n:3", "str:x", "b:1", "e:#N/A") is the documented one. */
function agrees(got: string | undefined, e: Expected): boolean {
  if (got === undefined) return false;
  const [t, ...rest] = got.split(':');
  const v = rest.join(':');
  if (typeof e === 'string') return (t === 'str' || t === 's') && v === e;
  if (typeof e === 'boolean') return t === 'b' && v === (e ? '1' : '0');
  if (typeof e === 'number') return t === 'n' && closeTo(Number(v), e, false);
  if (Array.isArray(e)) return false;
  if ('error' in e) return got === storedError(e.error);
  if ('approx' in e) return t === 'n' && closeTo(Number(v), e.approx, true);
  return t === 'n' && closeTo(Number(v), dateSerial(e.date), false);
}

/** Equal to the digits the page shows: a whole number exactly (unless approximate), else to its last decimal shown. */
function closeTo(got: number, shown: number, approx: boolean): boolean {
  const decimals = /\.(\d+)/.exec(String(shown))?.[1]?.length ?? (/e-(\d+)/.exec(String(shown)) ? 15 : 0);
  if (decimals === 0 && !approx) return Math.abs(got - shown) <= 1e-9 * Math.max(1, Math.abs(shown));
  const m = /e-(\d+)$/.exec(String(shown));
  const step = m ? 10 ** -(Number(m[1]) + ((/\.(\d+)e/.exec(String(shown))?.[1]?.length ?? 0))) : 10 ** -decimals;
  return Math.abs(got - shown) <= step / 2 + 1e-12 * Math.max(1, Math.abs(shown));
}

/** Each placed check's values (one a cell) against its documented result: the lines that disagree. */
function disagreements(placed: Placed[], got: Record<string, string>, sheetIndex: Map<string, number>, expectDiffer: boolean): string[] {
  const out: string[] = [];
  for (const p of placed) {
    const [formula, expected, opts] = p.check;
    const flat: Expected[] = Array.isArray(expected) ? expected.flat() : [expected];
    const seen = p.cells.map((ref) => got[`${sheetIndex.get(p.fn)}!${ref}`]);
    const ok = flat.every((e, i) => agrees(seen[i], e));
    const marked = opts?.differs !== undefined;
    if (expectDiffer ? marked && ok : !marked && !ok) out.push(`${p.fn}: ${formula} → ${seen.join(', ')} (documented: ${JSON.stringify(expected)})${marked ? ' — marked as differing, yet agrees' : ''}`);
  }
  return out;
}

const listed = new Set(listedFunctions().map((f) => f.name));

for (const { file, data } of exampleFamilies()) {
  describe(`Microsoft’s examples: ${data.family} (${file})`, () => {
    const computed = Object.entries(data.functions).filter(([, ex]) => ex.kept === undefined);
    const kept = Object.entries(data.functions).filter(([, ex]) => ex.kept !== undefined);

    it('names functions of Microsoft’s list', () => {
      expect(Object.keys(data.functions).filter((fn) => !listed.has(fn))).toEqual([]);
    });

    const run = (entries: [string, FunctionExamples][], evaluator: 'hyperformula' | 'auto', cached: boolean) => {
      const book = entries.length === 1 ? entries[0]![1].workbook : undefined;
      const sheets: FixtureSheet[] = [];
      const placed: Placed[] = [];
      for (const [fn, ex] of entries) {
        const p = place(fn, ex, cached);
        sheets.push(book ? { ...p.sheet, name: book.at, ...(book.tables?.[book.at] ? { tables: book.tables[book.at] } : {}) } : p.sheet);
        placed.push(...p.placed);
      }
      // An example whose workbook has more sheets: the function's sheet among them, in their order.
      const all = book ? book.sheets.map((name) => (name === book.at ? sheets[0]! : { name, cells: [], ...(book.tables?.[name] ? { tables: book.tables[name] } : {}) })) : sheets;
      const result = recalcWorkbook(buildXlsx(all, book?.names ? { definedNames: book.names } : {}), { engine, lang: 'en', evaluator });
      const sheetIndex = new Map(entries.map(([fn], i) => [fn, book ? book.sheets.indexOf(book.at) + 1 : i + 1]));
      return { result, placed, got: values(result.bytes, all.length), sheetIndex };
    };

    // The checks marked as differing run one a workbook: a difference may be the whole workbook refused.
    // Examples with a workbook of their own run alone.
    const ownBooks = computed.filter(([, ex]) => ex.workbook !== undefined).map(([fn, ex]): [string, FunctionExamples] => [fn, { ...ex, checks: ex.checks.filter((c) => c[2]?.differs === undefined) }]).filter(([, ex]) => ex.checks.length);
    const shared = computed.filter(([, ex]) => ex.workbook === undefined);
    for (const entry of ownBooks) {
      it(`computes ${entry[0]}’s documented results in its example’s own workbook`, () => {
        const { result, placed, got, sheetIndex } = run([entry], 'hyperformula', false);
        expect(disagreements(placed, got, sheetIndex, false)).toEqual([]);
        expect(result.summary.kept).toEqual([]);
      });
    }
    const agreeing = shared.map(([fn, ex]): [string, FunctionExamples] => [fn, { ...ex, checks: ex.checks.filter((c) => c[2]?.differs === undefined) }]).filter(([, ex]) => ex.checks.length);
    const differing = computed.flatMap(([fn, ex]) => ex.checks.filter((c) => c[2]?.differs !== undefined).map((c): [string, FunctionExamples] => [fn, { ...ex, checks: [c] }]));

    if (agreeing.length) {
      it('computes each documented result (HyperFormula)', () => {
        const { result, placed, got, sheetIndex } = run(agreeing, 'hyperformula', false);
        expect(disagreements(placed, got, sheetIndex, false)).toEqual([]);
        expect(result.summary.kept).toEqual([]);
      });
    }

    if (differing.length) {
      it('still answers otherwise than the page where the table says so (a fixed difference loses its mark)', () => {
        const agreed: string[] = [];
        for (const entry of differing) {
          try {
            const { placed, got, sheetIndex } = run([entry], 'hyperformula', false);
            agreed.push(...disagreements(placed, got, sheetIndex, true));
          } catch (e) {
            if (!(e instanceof WorkbookError)) throw e;
          }
        }
        expect(agreed).toEqual([]);
      });
    }

    const fast = agreeing.filter(([fn]) => Object.hasOwn(FAST_FUNCTIONS, fn));
    for (const [fn, ex] of fast) {
      it(`computes ${fn}’s documented results through the default evaluator (the fast path where it takes the workbook)`, () => {
        const { placed, got, sheetIndex } = run([[fn, ex]], 'auto', false);
        expect(disagreements(placed, got, sheetIndex, false)).toEqual([]);
      });
    }

    if (kept.length) {
      it('keeps the cached value of the functions it does not compute, with the reason', () => {
        const { result, placed } = run(kept, 'hyperformula', true);
        const keptCells = new Map(result.summary.kept.map((k) => [k.cell, k.reason]));
        const notKept = placed.filter((p) => ![...keptCells].some(([cell, reason]) => reason === 'function' && cell.endsWith(`!${p.cells[0]}`) && cell.startsWith(`${p.fn}!`)));
        expect(notKept.map((p) => `${p.fn}: ${p.check[0]}`)).toEqual([]);
      });
    }
  });
}

describe('functions of Microsoft’s list this engine does not compute', () => {
  it('keep the value the file cached, reported with reason `function`', () => {
    const missing = coverageRows().filter((r) => !r.fn.outsideWorld && !r.implementation.fast && !r.implementation.plugin && !r.implementation.translated && !r.implementation.hyperformula);
    const cells: FixtureCell[] = missing.map((r, i) => ({ ref: `A${i + 1}`, formula: `${r.fn.name}(1)`, cached: '7' }));
    const result = recalcWorkbook(buildXlsx([{ name: 'S', cells }]), { engine, lang: 'en', evaluator: 'hyperformula' });
    expect(result.summary.kept.map((k) => `${k.cell} ${k.reason}`)).toEqual(cells.map((c) => `S!${c.ref} function`));
    expect(Object.values(values(result.bytes, 1))).toEqual(cells.map(() => 'n:7'));
  });
});
