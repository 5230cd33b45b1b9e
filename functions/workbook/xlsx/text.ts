/**
 * Text as the file format stores it in cells and shared strings: `_xHHHH_` escapes for characters
 * XML cannot hold (ST_Xstring).
 */

/**
 * Text of the file format (ST_Xstring) as text: `_xHHHH_` stands for the character HHHH (Excel
 * writes a carriage return as `_x000D_`, and a literal "_x000D_" as `_x005F_x000D_`).
 */
export function unescapeText(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Text as the file format stores it: control characters XML cannot hold as `_xHHHH_`, a literal `_xHHHH_` with its "_" escaped. */
export function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_/.test(s)
    ? // eslint-disable-next-line no-control-regex
      s.replace(/_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    : s;
}
