import { strToU8, unzipSync, zipSync } from 'fflate';
import { readBook } from '../../functions/workbook/xlsx/book.js';
import type { SheetCell } from '../../functions/workbook/xlsx/cells.js';
import { parseRange, readCells } from '../../functions/workbook/xlsx/cells.js';
import { unescapeText } from '../../functions/workbook/xlsx/text.js';
import { readZip } from '../../functions/workbook/xlsx/zip.js';

/**
 * What ../shared/tools/check_corpus.py checks of a recalculated real workbook, in TypeScript for the
 * test suite: every formula cell's value (and every cell an array formula fills) against the value
 * the saving application cached, and that nothing but those cached values changed.
 */

export type Cached = ['n', number] | ['s', string] | ['b', boolean] | ['e', string] | undefined;

const VOLATILE = /\b(NOW|TODAY|RAND|RANDBETWEEN|OFFSET|INDIRECT|CELL|INFO|RANDARRAY)\s*\(/i;

export interface FormulaCellValue {
  key: string;
  formula: string;
  value: Cached;
  volatile: boolean;
}

function valueOf(c: SheetCell, shared: string[]): Cached {
  const t = c.attrs.t;
  if (t === 'inlineStr') return c.inlineText === undefined ? undefined : ['s', c.inlineText];
  if (c.value === undefined) return undefined;
  if (t === 's') return ['s', shared[Number(c.value)] ?? ''];
  if (t === 'str') return ['s', unescapeText(c.value)];
  if (t === 'b') return ['b', c.value === '1' || c.value === 'true'];
  if (t === 'e') return ['e', c.value];
  return ['n', Number(c.value)];
}

/** Formula cells and the cells array formulas fill, by "sheet!ref", with their cached values. */
export function formulaCells(bytes: Uint8Array): Map<string, FormulaCellValue> {
  const book = readBook(readZip(bytes));
  const out = new Map<string, FormulaCellValue>();
  for (const sheet of book.sheets) {
    const cells = readCells(new TextDecoder().decode(sheet.data));
    const masters = new Map<string, string>();
    for (const c of cells) if (c.formulaAttrs?.t === 'shared' && c.formula) masters.set(c.formulaAttrs.si ?? '', c.formula);
    const areas: { r1: number; c1: number; r2: number; c2: number; formula: string }[] = [];
    for (const c of cells) {
      if (!c.formulaAttrs) continue;
      const formula = c.formula || masters.get(c.formulaAttrs.si ?? '') || '';
      out.set(`${sheet.name}!${c.ref}`, { key: `${sheet.name}!${c.ref}`, formula, value: valueOf(c, book.sharedStrings), volatile: VOLATILE.test(formula) });
      if ((c.formulaAttrs.t === 'array' || c.formulaAttrs.t === 'dataTable') && c.formulaAttrs.ref) {
        try {
          const r = parseRange(c.formulaAttrs.ref);
          areas.push({ r1: r.from.row, c1: r.from.col, r2: r.to.row, c2: r.to.col, formula });
        } catch {
          // a range that cannot be read fills nothing
        }
      }
    }
    for (const c of cells) {
      if (c.formulaAttrs) continue;
      const a = areas.find((x) => c.row >= x.r1 && c.row <= x.r2 && c.col >= x.c1 && c.col <= x.c2);
      if (a) out.set(`${sheet.name}!${c.ref}`, { key: `${sheet.name}!${c.ref}`, formula: a.formula, value: valueOf(c, book.sharedStrings), volatile: VOLATILE.test(a.formula) });
    }
  }
  return out;
}

export function same(a: Cached, b: Cached): boolean {
  if (!a || !b) return a === b;
  if (a[0] !== b[0]) return false;
  if (a[0] === 'n') {
    const x = a[1];
    const y = b[1] as number;
    if (x === y) return true;
    if (Math.abs(x) < 1e-12 && Math.abs(y) < 1e-12) return true;
    return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return a[1] === b[1];
}

/** Whether the cached values are an application's own results (the checker's rules). */
export function cacheTrusted(bytes: Uint8Array): boolean {
  const files = unzipSync(bytes);
  const wb = new TextDecoder().decode(files['xl/workbook.xml'] ?? new Uint8Array());
  const calc = /<(?:\w+:)?calcPr\b[^>]*>/.exec(wb)?.[0] ?? '';
  if (/fullCalcOnLoad="(1|true)"/.test(calc) || calc.includes('calcId="999999"') || calc.includes('calcMode="manual"')) return false;
  const app = files['docProps/app.xml'] ? new TextDecoder().decode(files['docProps/app.xml']) : '';
  if (app.includes('Apache POI')) return false;
  if (!app && (!calc || /^<(?:\w+:)?calcPr\s*\/>$/.test(calc))) return false;
  return true;
}

const CELL = /<((?:[A-Za-z_][\w.-]*:)?)c\b((?:[^>/]|\/(?!>))*)(\/>|>([\s\S]*?)<\/\1c>)/g;

/** A sheet's XML with the cached value (`<v>`, `<is>`) and type of its formula cells (and listed cells) removed. */
export function stripValues(xml: string, fill: Set<string>): string {
  return xml.replace(CELL, (m, pre: string, attrs: string, _end: string, body: string | undefined) => {
    const isFormula = body !== undefined && /<(?:[A-Za-z_][\w.-]*:)?f\b/.test(body);
    const ref = /\sr="([A-Z]+\d+)"/.exec(attrs)?.[1];
    if (!isFormula && !(ref && fill.has(ref))) return m;
    const a = attrs.replace(/\st="[^"]*"/, '');
    const b = (body ?? '').replace(/<((?:[A-Za-z_][\w.-]*:)?)(?:v|is)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1(?:v|is)>)/g, '');
    return `<${pre}c${a}${b ? `>${b}</${pre}c>` : '/>'}`;
  });
}

/** The cells of each sheet part that array formulas fill (without formulas of their own). */
function fills(bytes: Uint8Array): Map<string, Set<string>> {
  const book = readBook(readZip(bytes));
  const out = new Map<string, Set<string>>();
  for (const sheet of book.sheets) {
    const set = new Set<string>();
    const cells = readCells(new TextDecoder().decode(sheet.data));
    const areas = cells.filter((c) => (c.formulaAttrs?.t === 'array' || c.formulaAttrs?.t === 'dataTable') && c.formulaAttrs.ref).map((c) => {
      try {
        return parseRange(c.formulaAttrs!.ref!);
      } catch {
        return undefined;
      }
    });
    for (const c of cells) if (!c.formulaAttrs && areas.some((a) => a && c.row >= a.from.row && c.row <= a.to.row && c.col >= a.from.col && c.col <= a.to.col)) set.add(c.ref);
    out.set(sheet.path, set);
  }
  return out;
}

/** What changed beyond formula cells' cached values: entries, their order, other parts' bytes, sheet XML. */
export function fidelityProblems(input: Uint8Array, output: Uint8Array): string[] {
  const a = readZip(input);
  const b = readZip(output);
  const problems: string[] = [];
  const names = (z: typeof a) => z.entries.map((e) => e.name).join('\n');
  if (names(a) !== names(b)) problems.push('zip entries differ or are reordered');
  const ua = unzipSync(input);
  const ub = unzipSync(output);
  const sheetFills = fills(input);
  for (const name of Object.keys(ua)) {
    const x = ua[name]!;
    const y = ub[name];
    if (!y) continue;
    const fill = sheetFills.get(name);
    if (fill) {
      const sx = stripValues(new TextDecoder().decode(x), fill);
      const sy = stripValues(new TextDecoder().decode(y), fill);
      if (sx !== sy) problems.push(`${name}: changed beyond the cached values of formula cells`);
    } else if (Buffer.compare(Buffer.from(x), Buffer.from(y)) !== 0) problems.push(`${name}: not byte-identical`);
  }
  return problems;
}

/** The workbook with every formula cell's cached value removed, as a program writes it (check_corpus.py --strip). */
export function stripWorkbook(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const sheetFills = fills(bytes);
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) {
    const fill = sheetFills.get(name);
    out[name] = fill ? strToU8(stripValues(new TextDecoder().decode(data), fill)) : data;
  }
  return zipSync(out);
}
