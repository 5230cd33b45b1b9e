import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './imports.js';

// What the hosts' main threads load: the command line and the server answer calls and hand
// workbooks to worker threads, so they never load the spreadsheet engine (HyperFormula, the
// formula parser, the statistics library): each run starts with only what it needs.

const ENGINE_PACKAGES = ['hyperformula', 'cephes', '@borgar/fx', 'exceljs'];

describe('the hosts’ bundles', () => {
  it.each(['cli', 'server'])('dist/%s.mjs does not import the spreadsheet engine (it runs in the workers)', (name) => {
    const code = readFileSync(join(ROOT, `dist/${name}.mjs`), 'utf8');
    const imports = [...code.matchAll(/\bfrom\s*"([^"]+)"/g)].map((m) => m[1]!);
    expect(imports.filter((spec) => ENGINE_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`)))).toEqual([]);
  });
});
