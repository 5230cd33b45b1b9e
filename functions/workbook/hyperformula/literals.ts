import { HYPERFORMULA_NATIVE_ERRORS } from '../model/errors.js';

/**
 * Values written as HyperFormula's formula text (by translation and its rewrites): text, numbers,
 * booleans, error codes, and the parentheses an operand needs.
 */

/** The error codes HyperFormula reads as literals. It has no #NULL!: EXCEL.NULL() stands for it. */
export const HYPERFORMULA_ERRORS: ReadonlySet<string> = HYPERFORMULA_NATIVE_ERRORS;

/** An error code's literal (#NULL! as EXCEL.NULL()); undefined for a code HyperFormula cannot write. */
export function errorLiteral(code: string): string | undefined {
  if (HYPERFORMULA_ERRORS.has(code)) return code;
  return code === '#NULL!' ? 'EXCEL.NULL()' : undefined;
}

/** A text as a string literal. HyperFormula's string literals have no escaped quote: "a""b" is written "a"&CHAR(34)&"b". */
export function textLiteral(s: string): string {
  return s.includes('"') ? `(${s.split('"').map((p) => `"${p}"`).join('&CHAR(34)&')})` : `"${s}"`;
}

/** A number as JavaScript writes it, its exponent without the plus sign (1e21). */
export function numberLiteral(v: number): string {
  const s = String(v);
  return s.replace('e+', 'e');
}

/** TRUE and FALSE, which HyperFormula writes as functions. */
export const booleanLiteral = (v: boolean): string => (v ? 'TRUE()' : 'FALSE()');

/**
 * A text in parentheses, unless it is one group in parentheses already: a LAMBDA's accumulator
 * (REDUCE) is written into the next step, and each level of nesting costs HyperFormula's parser
 * stack (see rewrite/lambda-helpers.ts).
 */
export function parenthesized(text: string): string {
  // A function call, IF(…), is one group too.
  const start = text.charCodeAt(0) === 40 ? 0 : (/^[A-Z][A-Z0-9._]*\(/.exec(text)?.[0].length ?? 0) - 1;
  if (start < 0 || text.charCodeAt(text.length - 1) !== 41) return `(${text})`;
  let depth = 0;
  let quoted = false;
  for (let i = start; i < text.length - 1; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (ch === 40) depth++;
    else if (ch === 41 && --depth === 0) return `(${text})`; // the first group closes before the end: (a)+(b), F(a)+1
  }
  return text;
}
