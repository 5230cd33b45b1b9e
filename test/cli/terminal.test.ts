import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildXlsx } from '../helpers/xlsx.js';
import { sheetNamed } from '../helpers/hostile.js';

/**
 * What the command line prints of names and texts it did not write (issue 22): file names, sheet
 * names, a --remote server's detail, policy problems. A terminal obeys ESC, CR, LF, C1 codes and
 * bidirectional overrides wherever they come from; the CLI shows them as escapes. The real command
 * (bin/policycell.js), as a user runs it.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/policycell.js');

/** Anything a terminal would obey: C0 but LF, DEL, C1, bidirectional controls, line separators. */
// eslint-disable-next-line no-control-regex
const OBEYED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const good = () => buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 1 }, { ref: 'B1', formula: 'A1+1' }] }]);

describe('policycell recalc escapes what it did not write', () => {
  it('a file name with a line feed, CR, ESC and a bidi override cannot forge a line or move the cursor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-term-'));
    const name = 'bad\n✓ payroll.xlsx: recalculated\r\x1b[2J\u202eslx.xlsx';
    writeFileSync(join(dir, name), 'not a workbook');
    writeFileSync(join(dir, 'good.xlsx'), good());
    const r = run(['recalc', dir, '-o', join(dir, 'out'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(OBEYED);
    const failed = r.err.split('\n').filter((l) => l.startsWith('✗'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('bad\\n✓ payroll.xlsx: recalculated\\r\\x1b[2J\\u202eslx.xlsx');
    // The JSON lines say the same name, escaped as JSON (the same name to a JSON reader).
    const json = run(['recalc', dir, '-o', join(dir, 'out2'), '--json', '--lang', 'en']);
    expect(json.out).not.toMatch(OBEYED);
    const lines = json.out.trim().split('\n').map((l) => JSON.parse(l) as { file: string });
    expect(lines.map((l) => l.file)).toContain(join(dir, name));
  });

  it('a sheet name with C1, DEL and a bidi override in a workbook’s problem is escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-term-'));
    // &#x9b; is CSI, an escape of its own on some terminals; XML allows it, DEL and U+202E in a name (not ESC or BEL, below).
    writeFileSync(join(dir, 'book.xlsx'), sheetNamed('Pay&#x9b;2J&#x7f;&#x202e;xls', '<row r="1"><c r="XFE1"><v>1</v></c></row>'));
    const r = run(['recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'out'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(OBEYED);
    expect(r.err).toContain('Pay\\x9b2J\\x7f\\u202exls');
  });

  it('a sheet name with ESC (&#27;, which XML does not allow) is a corrupt workbook, named without the ESC', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-term-'));
    writeFileSync(join(dir, 'book.xlsx'), sheetNamed('&#27;]0;owned&#7;Pay', '<row r="1"><c r="A1"><v>1</v></c></row>'));
    const r = run(['recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'out'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(OBEYED);
    expect(r.err).toMatch(/the part xl\/workbook\.xml is not well-formed XML: "&#27;" is not an entity or character reference XML defines/);
  });

  it('a --remote server’s error detail is escaped', async () => {
    const detail = 'failed\n✓ all 40 workbooks recalculated\x1b[1A\x1b[2K\u202e';
    const server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'x', status: 500, detail }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'pc-term-'));
      writeFileSync(join(dir, 'book.xlsx'), good());
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Awaited, not spawnSync: the server answers from this process.
      const r = await promisify(execFile)(process.execPath, [BIN, 'recalc', join(dir, 'book.xlsx'), '-o', join(dir, 'out'), '--remote', url, '--lang', 'en'], { encoding: 'utf8' }).catch((e: { stdout: string; stderr: string; code: number }) => e);
      expect((r as { code?: number }).code).toBe(1);
      expect(r.stderr).not.toMatch(OBEYED);
      expect(r.stderr).toContain('failed\\n✓ all 40 workbooks recalculated\\x1b[1A\\x1b[2K\\u202e');
    } finally {
      server.close();
    }
  });
});

describe('policycell eval and policy escape what they did not write', () => {
  it('an argument quoted back in an error message', () => {
    const r = run(['eval', 'COMMISSION', '\x1b[31mred\x9b', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(OBEYED);
    expect(r.err).toContain('red\\x9b');
  });

  it('a function id quoted back by eval --batch: the API’s bytes to a pipe, escaped on a terminal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-term-'));
    const file = join(dir, 'batch.json');
    writeFileSync(file, JSON.stringify({ calls: [{ fn: '\u009b2J\u202eXX' }], lang: 'en' }));
    const piped = run(['eval', '--batch', file]);
    expect(piped.out).toContain('\u009b2J\u202eXX'); // the very JSON the API answers
    // Under a terminal (script(1) gives the command a pseudo-terminal).
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" eval --batch "${file}"`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
    expect(tty.stdout).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/); // (a terminal's own line ends are \r\n)
    expect(tty.stdout).toContain('\\u009b2J\\u202eXX');
    expect(JSON.parse(tty.stdout.trim())).toEqual(JSON.parse(piped.out));
  });

  it('policy problems and the file name of a policy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-term-'));
    const file = join(dir, 'pol\x1b[2Jicy\n✓ acme@1 is valid.json');
    writeFileSync(file, JSON.stringify({ id: 'acme', '\x1b]0;x\x07': 1 }));
    const r = run(['policy', 'check', file, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(OBEYED);
    expect(r.err).toContain('pol\\x1b[2Jicy\\n✓ acme@1 is valid.json');
    expect(r.err.split('\n')[0]).toMatch(/^✗ /);
  });
});
