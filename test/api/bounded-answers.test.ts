import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import * as H from '../helpers/hostile.js';
import { buildXlsx } from '../helpers/xlsx.js';

/**
 * Issue 22's engine items on the real server (HTTP on loopback, workbooks in worker threads) and
 * through the real command over a folder: answers bounded by the upload, the kept cells summarised
 * in the headers, hostile parts refused at once with a 4xx naming what they passed, never logged
 * as the server's own error.
 */

const ROOT = new URL('../..', import.meta.url).pathname;

describe('POST /v1/workbooks/recalc on the real server', () => {
  let s: RunningServer;
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: (l) => logs.push(l) } });
  });
  afterAll(() => s.close());

  const post = async (bytes: Uint8Array) => {
    const r = await fetch(`http://127.0.0.1:${s.port}/v1/workbooks/recalc`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'accept-language': 'en' }, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    const body = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, headers: r.headers, body, json: () => JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown> };
  };

  it('a 52 KB upload copying a 32,767-character text into 5,000 cells: 413 naming the answer budget, not 123 MB', async () => {
    const book = H.longTextCopies(5000);
    const r = await post(book);
    expect(r.status).toBe(413);
    expect(r.body.length).toBeLessThan(2000);
    expect(r.json()).toMatchObject({ problem: 'tooLarge', budget: 'answerSize', limit: 128 * 1048576, cell: expect.stringMatching(/^S!B\d+$/) });
  });

  it('a 6,000-character shared formula kept in 100,000 cells: 200, the cells counted in X-Kept, the answer the size of the upload', async () => {
    const book = H.keptSharedFormula(100_000, 6000);
    const r = await post(book);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-kept')).toBe('100000');
    expect(JSON.parse(r.headers.get('x-kept-reasons')!)).toEqual({ syntax: 100_000 });
    expect(r.body.length).toBeLessThan(2 * book.length);
    expect(readCells(readText(readZip(r.body), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === 'B100000')?.value).toBe('5');
  });

  it('a data table the size of the sheet, unclosed parts, TEXTSPLIT past its items, a character past Unicode: each a 4xx at once', async () => {
    const cases: [Uint8Array, number, Record<string, unknown>][] = [
      [H.sheetSizedRange('dataTable'), 413, { problem: 'tooLarge', budget: 'rangeCells', range: 'S!B2:XFD1048576', cell: 'S!B2' }],
      [H.sheetSizedRange('spill'), 413, { problem: 'tooLarge', budget: 'rangeCells' }],
      [H.unclosedElements('si'), 400, { problem: 'corrupt' }],
      [H.unclosedElements('rPh'), 400, { problem: 'corrupt' }],
      [H.unclosedElements('definedName'), 400, { problem: 'corrupt' }],
      [H.rawSheetBook(`<row r="1"><c r="A1" t="inlineStr"><is><t>${','.repeat(12_000)}${';'.repeat(12_000)}</t></is></c><c r="B1"><f>ROWS(TEXTSPLIT(A1,",",";"))</f><v>0</v></c></row>`), 413, { problem: 'tooLarge', budget: 'arrayItems' }],
      [H.badCharacterReference('sharedStrings'), 400, { problem: 'corrupt' }],
      [H.cellLikeName('N1'), 400, { problem: 'corrupt' }],
    ];
    const started = performance.now();
    for (const [book, status, body] of cases) {
      const r = await post(book);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json()).toMatchObject(body);
    }
    // Eight uploads, none held to the time budget (120 s each).
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('policycell recalc DIR --json (the real command)', () => {
  it('goes on past a workbook of 100,000 kept cells and one too large to answer: a small line each, the rest computed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-bounded-'));
    writeFileSync(join(dir, 'a-kept.xlsx'), H.keptSharedFormula(100_000, 6000));
    writeFileSync(join(dir, 'b-copies.xlsx'), H.longTextCopies(5000));
    writeFileSync(join(dir, 'c-good.xlsx'), buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 2 }, { ref: 'B1', formula: 'A1*3' }] }]));
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/policycell.js'), 'recalc', dir, '-o', out, '--json', '--lang', 'en'], { encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 20 });
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.length).toBeLessThan(3000);
    const byFile = Object.fromEntries(lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((o) => [String(o.file).split('/').pop(), o]));
    expect(byFile['a-kept.xlsx']).toMatchObject({ ok: true, kept: [{ cell: 'S!B1', reason: 'syntax', count: 100_000, cells: ['S!B1', 'S!B2', 'S!B3', 'S!B4', 'S!B5'] }] });
    expect(byFile['b-copies.xlsx']).toMatchObject({ ok: false, problem: 'tooLarge', message: expect.stringContaining('answer budget') });
    expect(byFile['c-good.xlsx']).toMatchObject({ ok: true });
    expect(readCells(readText(readZip(readFileSync(join(out, 'c-good.xlsx'))), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === 'B1')?.value).toBe('6');
    expect(r.stderr).toMatch(/not recomputed \(cached value kept\)\s+100000/);
  });
});
