import { CATALOG } from '../../shared/src/index.js';
import { columnLetter } from '../../shared/src/templates.js';

/**
 * Formula text as Excel stores it, made readable for HyperFormula: add-in calls saved as
 * `_xldudf_POLICY_COMMISSION(` and calls typed while the add-in was absent (`POLICY.COMMISSION(`,
 * `POLICY.提成金额(`) all become `POLICY.COMMISSION(`; `_xlfn.` / `_xlws.` prefixes of newer
 * functions go (HyperFormula cannot parse names starting with `_`). String literals are left alone.
 */

const zhToId = new Map(CATALOG.map((f) => [f.name['zh-CN'], f.id]));

function outsideStrings(formula: string, f: (code: string) => string): string {
  // Even pieces are outside "…" literals ("" inside a literal splits into two pieces that stay odd/even-consistent).
  return formula
    .split('"')
    .map((piece, i) => (i % 2 === 0 ? f(piece) : piece))
    .join('"');
}

export function forEngine(formula: string): string {
  return outsideStrings(formula, (code) =>
    code
      .replace(/_xldudf_POLICY_([A-Za-z0-9_]+)\s*\(/g, (_m, id: string) => `POLICY.${id.toUpperCase()}(`)
      .replace(/\bPOLICY\.([\u4e00-\u9fff]+)\s*\(/g, (m, zh: string) => (zhToId.has(zh) ? `POLICY.${zhToId.get(zh)}(` : m))
      .replace(/\bPOLICY\.([A-Za-z0-9_]+)\s*\(/gi, (_m, id: string) => `POLICY.${id.toUpperCase()}(`)
      .replace(/_xlfn\.(?:_xlws\.)?/g, '')
      .replace(/_xlws\./g, ''),
  );
}

/** The formula of a shared-formula follower: the master's, with relative references moved by (dr, dc). */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  return outsideStrings(formula, (code) =>
    code.replace(/(^|[^A-Za-z0-9_.!$'])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])/g, (m, pre: string, colAbs: string, col: string, rowAbs: string, row: string) => {
      let c = 0;
      for (const ch of col) c = c * 26 + (ch.charCodeAt(0) - 64);
      if (c > 16384) return m; // not a column: a name like LOG10 is guarded by the "(" look-ahead; this catches others
      const newCol = colAbs ? c : c + dc;
      const newRow = rowAbs ? Number(row) : Number(row) + dr;
      if (newCol < 1 || newRow < 1) return `${pre}#REF!`;
      return `${pre}${colAbs}${columnLetter(newCol - 1)}${rowAbs}${newRow}`;
    }),
  );
}
