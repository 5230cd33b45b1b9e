import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { defaultEngine } from '../../shared/src/index.js';
import { cacheTrusted, fidelityProblems, formulaCells, same, stripWorkbook } from '../helpers/corpus.js';

/**
 * Real workbooks saved by Excel, LibreOffice, WPS and Google Sheets (../shared/corpus, beside the
 * project on every machine and in CI): each is recalculated as given and with its cached values
 * removed (as a program writes a workbook), and checked as ../shared/tools/check_corpus.py checks
 * it: never refused, nothing but formula cells' cached values changed, and every formula cell
 * (not volatile, with a cached value, in a workbook whose cached values an application computed)
 * equal to the value the file cached. The cells that still differ are listed per workbook in
 * corpus-known-differences.json: a workbook may only do better than that list says
 * (CORPUS_UPDATE=1 writes the list anew from a run, to record an improvement).
 */

const dir = join(import.meta.dirname, '../../../shared/corpus/files');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort() : [];
const known = JSON.parse(readFileSync(join(import.meta.dirname, 'corpus-known-differences.json'), 'utf8')) as Record<string, { given?: string[]; strip?: string[] }>;
const engine = defaultEngine();
const seen: typeof known = {};

function differences(original: Uint8Array, output: Uint8Array): string[] {
  const expected = formulaCells(original);
  const got = formulaCells(output);
  const out: string[] = [];
  for (const [key, cell] of expected) {
    if (cell.volatile || cell.value === undefined) continue;
    if (!same(cell.value, got.get(key)?.value)) out.push(key);
  }
  return out.sort();
}

describe.skipIf(files.length === 0)('the corpus of real workbooks', () => {
  afterAll(() => {
    if (process.env.CORPUS_UPDATE === '1') writeFileSync(join(import.meta.dirname, 'corpus-known-differences.json'), `${JSON.stringify(seen, null, 1)}\n`);
  });

  it('has its workbooks (../shared/corpus/files)', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  for (const file of files) {
    it(`${file}: recalculated as given and as a program writes it (no cached values), as Excel computed it`, () => {
      const input = new Uint8Array(readFileSync(join(dir, file)));
      const asGiven = recalcWorkbook(input, { engine, lang: 'en' });
      expect(fidelityProblems(input, asGiven.bytes)).toEqual([]);
      const stripped = stripWorkbook(input);
      const fromScratch = recalcWorkbook(stripped, { engine, lang: 'en' });
      expect(fidelityProblems(stripped, fromScratch.bytes)).toEqual([]);
      if (!cacheTrusted(input)) return;
      const allowed = known[file] ?? {};
      const given = differences(input, asGiven.bytes);
      const strip = differences(input, fromScratch.bytes);
      if (given.length || strip.length) seen[file] = { ...(given.length ? { given } : {}), ...(strip.length ? { strip } : {}) };
      // Every difference is a known one (a function this project does not compute as Excel does yet).
      expect(given.filter((k) => !allowed.given?.includes(k))).toEqual([]);
      expect(strip.filter((k) => !allowed.strip?.includes(k))).toEqual([]);
    });
  }
});
