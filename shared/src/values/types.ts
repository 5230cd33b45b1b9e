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
  // Accept-Language lists tags with weights (RFC 9110 §12.5.4: q=0 is "not acceptable", no q is 1);
  // the heaviest tag we speak wins, the earlier one among equals.
  let best: { lang: Lang; q: number } | undefined;
  for (const part of hint.split(',')) {
    const [tagText, ...params] = part.split(';');
    const tag = tagText!.trim().toLowerCase();
    const lang: Lang | undefined = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : undefined;
    if (!lang) continue;
    const qParam = params.map((x) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(x)).find((m) => m);
    const q = qParam ? Number(qParam[1]) : 1;
    if (!(q > 0) || q > 1) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? 'zh-CN';
}
