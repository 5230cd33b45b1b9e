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
  // Accept-Language lists tags with weights (RFC 9110 §12.5.4: no q is 1, q=0 is "not acceptable",
  // a weight that is not a number between 0 and 1 makes the tag unreadable, so it is left out);
  // the heaviest language we speak wins, the earlier one among equals. "*" stands for any language
  // not named, and so for a language we speak that the list does not weigh itself.
  const weight = new Map<Lang, { q: number; at: number }>();
  let any: { q: number; at: number } | undefined;
  for (const [at, part] of hint.split(',').entries()) {
    const [tagText, ...params] = part.split(';');
    const tag = tagText!.trim().toLowerCase();
    let q = 1;
    const qParams = params.map((x) => x.trim()).filter((x) => /^q\s*=/i.test(x));
    if (qParams.length > 1) continue;
    if (qParams.length === 1) {
      const m = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(qParams[0]!);
      if (!m) continue;
      q = Number(m[1]);
    }
    const lang: Lang | undefined = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : undefined;
    if (lang) {
      if (!weight.has(lang)) weight.set(lang, { q, at });
    } else if (tag === '*' && any === undefined) any = { q, at };
  }
  let best: { lang: Lang; q: number; at: number } | undefined;
  for (const lang of ['zh-CN', 'en'] as const) {
    const w = weight.get(lang) ?? any;
    if (w && w.q > 0 && (!best || w.q > best.q || (w.q === best.q && w.at < best.at))) best = { lang, ...w };
  }
  if (best) return best.lang;
  // Nothing we speak is acceptable or named: Chinese, unless Chinese alone was refused.
  return weight.get('zh-CN')?.q === 0 ? 'en' : 'zh-CN';
}
