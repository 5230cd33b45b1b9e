import type { Ast } from '../../formula/parser.js';
import { quoteSheet } from '../../formula/parser.js';
import { MAX_COLS, MAX_ROWS } from '../../model/grid.js';
import { columnLetter } from '../../../../shared/src/values/columns.js';
import type { Place, Translation } from './translation.js';
import { refArea } from './references.js';

/**
 * Folding: the value of an expression that depends on nothing but the file (literals, constant
 * cells, &, arithmetic, ROW() and COLUMN(), ADDRESS of those), computed while translating. What
 * INDIRECT, OFFSET, TRIMRANGE, CELL and MAKEARRAY are given is often such an expression, and then
 * the reference or size they stand for is known before the engine computes anything.
 */

/** The value of an expression that depends on nothing but the file; undefined otherwise. */
export function foldValue(translation: Translation, ast: Ast, at: Place): string | number | boolean | undefined {
  switch (ast.k) {
    case 'str':
    case 'num':
    case 'bool':
      return ast.v;
    case 'ref': {
      if (ast.book !== undefined || ast.sheet2 !== undefined || (ast.range && at.array)) return undefined;
      const a = refArea(translation, ast, at);
      if (!a) return undefined;
      // A range where one value belongs is met by the formula's row or column (OFFSET(F7, E7:I7, 0) in G1008 reads G7).
      const [row, col] = !ast.range ? [a.r1, a.c1] : a.r1 === a.r2 ? [a.r1, at.col] : a.c1 === a.c2 ? [at.row, a.c1] : [-1, -1];
      if (row < a.r1 || row > a.r2 || col < a.c1 || col > a.c2) return undefined;
      const v = translation.ctx.constant(a.sheet, row, col);
      return v === null ? '' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
    }
    case 'op': {
      const x = foldValue(translation, ast.a, at);
      const y = foldValue(translation, ast.b, at);
      if (x === undefined || y === undefined) return undefined;
      if (ast.op === '&') {
        const asText = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));
        return asText(x) + asText(y);
      }
      if (typeof x !== 'number' || typeof y !== 'number') return undefined;
      const n = ast.op === '+' ? x + y : ast.op === '-' ? x - y : ast.op === '*' ? x * y : ast.op === '/' && y !== 0 ? x / y : undefined;
      return n;
    }
    case 'call': {
      const args = ast.args.map((x) => (x === null ? undefined : foldValue(translation, x, at)));
      if ((ast.name === 'ROW' || ast.name === 'COLUMN') && ast.args.length === 0) return ast.name === 'ROW' ? at.row + 1 : at.col + 1;
      if (ast.name === 'ADDRESS' && args.length >= 2 && ast.args.every((x, i) => (x === null ? i > 1 : args[i] !== undefined))) {
        const [row, col, abs = 1, a1 = true, sheet] = args as (string | number | boolean | undefined)[];
        if (typeof row !== 'number' || typeof col !== 'number' || typeof abs !== 'number' || !(a1 === true || a1 === 1)) return undefined;
        const r = Math.trunc(row);
        const c = Math.trunc(col);
        if (r < 1 || c < 1 || r > MAX_ROWS || c > MAX_COLS) return undefined;
        const cell = `${abs === 1 || abs === 3 ? '$' : ''}${columnLetter(c - 1)}${abs === 1 || abs === 2 ? '$' : ''}${r}`;
        return sheet === undefined ? cell : `${quoteSheet(String(sheet))}!${cell}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A count or offset the file alone decides (an argument of OFFSET or TRIMRANGE), truncated as
 * Excel takes it: TRUE is 1, text only as decimal digits; undefined otherwise.
 */
export function foldCount(translation: Translation, ast: Ast, at: Place): number | undefined {
  const v = foldValue(translation, ast, at);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? decimalText(v) : typeof v === 'boolean' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Text as a number argument reads it: decimal digits only (JavaScript's Number would take " 0x10" for 16, where Excel answers #VALUE!). */
function decimalText(v: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
}
