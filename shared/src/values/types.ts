/** A value as a spreadsheet cell or the HTTP API carries it: a scalar, `null` for a blank cell, or a 2-D range. */
export type Scalar = number | string | boolean | null;
export type Matrix = Scalar[][];
export type CellValue = Scalar | Matrix;

/** The languages every user-visible text exists in. */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

/** Excel's error values that PolicyCell returns. */
export type ErrorCode = '#VALUE!' | '#NUM!' | '#DIV/0!' | '#N/A' | '#NAME?';

/** Text in both languages. */
export interface Text2 {
  'zh-CN': string;
  en: string;
}

/** What a call answers: a value, or an Excel error with a message in the requested language. */
export type CallResult = { value: Scalar | Matrix } | { error: { code: ErrorCode; message: string } };

/** Picks the language from a loose hint (an `Accept-Language` header, a `lang` field, Office's display language). */
export function pickLang(hint: string | null | undefined): Lang {
  if (!hint) return 'zh-CN';
  // Accept-Language lists tags by preference; the first one we speak wins.
  for (const part of hint.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
