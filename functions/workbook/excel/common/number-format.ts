import { addLocale, format as formatNumber } from 'numfmt';

/**
 * Excel's number format codes, as TEXT applies them (and DOLLAR's currency format), through numfmt,
 * with what Excel reads differently from numfmt made right first: a scientific marker written in
 * lower case (`0.0e+0`), a percent sign and scaling commas inside a scientific format, elapsed-time
 * units, the 1904 date system.
 */

/** 1904 serials are 1,462 days behind 1900 ones; numfmt reads 1900 serials. */
export const DAYS_1904 = 1462;

/**
 * A number as Excel writes it where text is wanted (="x"&A1, LEN(A1), CONCATENATE…): 15
 * significant digits, plain below 1E+20 and for up to 20 characters below 1, else scientific with
 * a two-digit exponent ("0.3" for 0.1+0.2, "1E+20", "0.333333333333333"). Apache POI's
 * NumberToTextConverter, checked against Excel, is the rule.
 */
export function numberText(v: number): string {
  // Zero, and the denormal numbers Excel shows as zero.
  if (Math.abs(v) < 2.2250738585072014e-308) return '0';
  if (!Number.isFinite(v)) return String(v);
  const neg = v < 0;
  const [mantissa, exp] = Math.abs(v).toPrecision(15).split('e') as [string, string | undefined];
  // The significant digits, without the point and trailing zeros, and the decimal exponent.
  let digits = mantissa.replace('.', '');
  let e = exp !== undefined ? Number(exp) : mantissa.indexOf('.') >= 0 ? mantissa.indexOf('.') - 1 : mantissa.length - 1;
  if (exp === undefined && mantissa.startsWith('0.')) {
    const lead = /^0\.(0*)/.exec(mantissa)![1]!.length;
    digits = mantissa.slice(2 + lead);
    e = -lead - 1;
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sci = (sign: string, x: number) => `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}E${sign}${String(x).padStart(2, '0')}`;
  let out: string;
  if (e < 0) out = 2 + (-e - 1) + digits.length > 20 ? sci('-', -e) : `0.${'0'.repeat(-e - 1)}${digits}`;
  else if (e > 19) out = sci('+', e);
  else out = digits.length > e + 1 ? `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}` : digits + '0'.repeat(e + 1 - digits.length);
  return neg ? `-${out}` : out;
}

/** Formats a number; undefined when the code is one numfmt cannot read. */
export function formatCode(fmt: string, v: number, date1904: boolean, locale = 'en-US'): string | undefined {
  try {
    // numfmt reads a date format's number as a 1900 serial; a 1904 workbook's serials are shifted
    // first (times of day and elapsed [h] durations do not depend on the date system).
    const serial = date1904 && showsCalendarDate(fmt) ? v + DAYS_1904 : v;
    const sci = scientific(fmt);
    const e = elapsed(sci.code, serial);
    const out = e.sign + (formatNumber(e.fmt, e.value, { locale, throws: true, nbsp: false }) as string);
    // The format has no E of its own (scientific() checked): every E of the answer is the marker.
    return sci.lower ? out.replace(/E/g, 'e') : out;
  } catch {
    return undefined;
  }
}

/** Text through a format's text section (@); text as it is when the code cannot be read. */
export function formatTextValue(s: string, fmt: string): string {
  try {
    return formatNumber(fmt, s, { locale: 'en-US', throws: true }) as string;
  } catch {
    return s;
  }
}

/** A format code cut into what Excel reads as one piece: quoted text, an escaped character, a [bracket], _x and *x, or one character. */
function pieces(fmt: string): string[] {
  return fmt.match(/"[^"]*"?|\\.|\[[^\]]*\]?|[_*].|[\s\S]/g) ?? [];
}

const DIGIT = /^[0#?]$/;

/** A code Excel itself refuses: a quote or a bracket left open, more than four sections. */
export function malformedCode(fmt: string): boolean {
  const ps = pieces(fmt);
  return ps.some((p) => (p.startsWith('"') && (p.length === 1 || !p.endsWith('"'))) || (p.startsWith('[') && !p.endsWith(']'))) || ps.filter((p) => p === ';').length > 3;
}

/**
 * A number format written with the separators of a language whose decimal mark is a comma: the
 * code of a TEXT formula is read in the user's language, and Swedish Excel writes `"# ##0,00"`,
 * German `"#.##0,00"`, for en-US's `"#,##0.00"`. Answers the grouping such a code shows (`.` for
 * digits grouped by periods, `#.##0`; a space otherwise, `# ##0` or a bare `0,00`), undefined for
 * en-US's separators. A section ending in a comma followed by one, two or more than three digit
 * placeholders means a decimal comma: in en-US that comma would only turn digit grouping on, which
 * nobody writes that way; so does `#` grouped by spaces or periods into threes ending in `0`.
 */
export function foreignSeparators(fmt: string): ' ' | '.' | undefined {
  for (const section of splitSections(pieces(fmt))) {
    // Anything else (text, an exponent, a bracket) ends a number: `#,e+#` is no decimal comma.
    const marks = section.map((p) => (p.length === 1 && (DIGIT.test(p) || p === ',' || p === '.' || p === ' ') ? p : '|')).join('');
    if (/[0#?]\.[0#?]{3}(\.[0#?]{3})*,[0#?]/.test(marks) || /(^|[^0#?.,])#(\.[#0]{3})*\.##0(?![0#?.,])/.test(marks)) return '.';
    if (marks.includes('.')) continue;
    if (/(^|[^0#?])#( [#0]{3})* ##0(?![0#?])/.test(marks)) return ' ';
    if (/[0#?],([0#?]{1,2}|[0#?]{4,})(?![0#?,])/.test(marks.replace(/ (?=[0#?])/g, ''))) return ' ';
  }
  return undefined;
}

/**
 * A format code with letters en-US's codes do not have (German `TT.MM.JJJJ`, Swedish `ÅÅÅÅ-MM-DD`,
 * French `jj/mm/aaaa`): written in another language, whose date letters this engine does not read.
 * Quoted text, escaped characters, [brackets] and `General` are not letters of the code.
 */
export function foreignLetters(fmt: string): boolean {
  return pieces(fmt.replace(/general/gi, '')).some((p) => p.length === 1 && /[A-Za-zÀ-ÖØ-öø-ÿ]/.test(p) && !/[ymdhseapgb]/i.test(p));
}

/**
 * numfmt's settings for the decimal comma, grouped by spaces (Swedish, French…) or by periods
 * (German…), registered under private-use language tags (qaa–qtz) so no real language's are changed.
 */
const COMMA_DECIMAL = { ' ': 'qaa', '.': 'qab' } as const;
addLocale({ decimal: ',', group: ' ' }, COMMA_DECIMAL[' ']);
addLocale({ decimal: ',', group: '.' }, COMMA_DECIMAL['.']);

/**
 * A code with another language's separators (foreignSeparators, which answers its grouping) as
 * that language reads it: the code with en-US's separators, and numfmt's settings that write the
 * decimal comma and that grouping (`"# ##0,00"` is `"#,##0.00"` written `349 578 723 238,40`).
 */
export function foreignReading(fmt: string, group: ' ' | '.'): { code: string; locale: string } {
  const ps = pieces(fmt);
  const code = ps
    .map((p, i) => {
      if (p === ',') return '.';
      if (p === '.' && group === '.') return ',';
      if (p === ' ' && group === ' ' && DIGIT.test(ps[i - 1] ?? '') && DIGIT.test(ps[i + 1] ?? '')) return ',';
      return p;
    })
    .join('');
  return { code, locale: COMMA_DECIMAL[group] };
}

/**
 * A scientific format as numfmt reads it. Excel takes `e+`/`e-` as the exponent marker as much as
 * `E+`/`E-` (numfmt only the capital); and in a scientific section Excel shows a percent sign as it
 * is, without scaling the number by 100, and ignores commas that are not digit grouping
 * (`#e-#,` is `1e5` for 123456.789), both checked against Excel's answers. Answers whether the
 * marker was lower case (the answer's marker is then lower case too).
 */
function scientific(fmt: string): { code: string; lower: boolean } {
  if (!/[eE][-+]/.test(fmt)) return { code: fmt, lower: false };
  let lower = false;
  const sections = splitSections(pieces(fmt)).map((section) => {
    if (!section.some((p, i) => /^[eE]$/.test(p) && /^[-+]$/.test(section[i + 1] ?? ''))) return section.join('');
    return section
      .map((p, i) => {
        if (/^[eE]$/.test(p) && /^[-+]$/.test(section[i + 1] ?? '')) {
          if (p === 'e') lower = true;
          return 'E';
        }
        if (p === '%') return '\\%';
        if (p === ',') {
          const before = section.slice(0, i).filter((x) => x.length === 1 && x !== ',').at(-1) ?? '';
          const after = section.slice(i + 1).find((x) => x.length === 1 && x !== ',') ?? '';
          return DIGIT.test(before) && DIGIT.test(after) ? p : '';
        }
        return p;
      })
      .join('');
  });
  const code = sections.join(';');
  // A literal E of the format's own would be taken for the marker in the answer: leave the case alone then.
  if (lower && /"[^"]*[eE]|\\[eE]/.test(code)) lower = false;
  return { code, lower };
}

function splitSections(ps: string[]): string[][] {
  const out: string[][] = [[]];
  for (const p of ps) {
    if (p === ';') out.push([]);
    else out.at(-1)!.push(p);
  }
  return out;
}

/**
 * An elapsed-time format ([h], [m], [s]) as Excel reads it, for numfmt: once a unit is elapsed, its
 * later plain tokens are elapsed too ("[h] … h" shows 75 twice, not 75 and 3), and a negative
 * duration is the positive one with a minus sign in front. Answers the format and the sign to add.
 */
function elapsed(fmt: string, v: number): { fmt: string; value: number; sign: string } {
  if (fmt.includes(';') || !/\[(h+|m+|s+)\]/i.test(fmt)) return { fmt, value: v, sign: '' };
  const units = new Set([...fmt.matchAll(/\[(h+|m+|s+)\]/gi)].map((m) => m[1]![0]!.toLowerCase()));
  // Outside quotes, escapes and brackets, a plain token of an elapsed unit becomes elapsed.
  const out = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]|(h+|s+)/gi, (m, token: string | undefined) => (token && units.has(token[0]!.toLowerCase()) ? `[${token}]` : m));
  return v < 0 ? { fmt: out, value: -v, sign: '-' } : { fmt: out, value: v, sign: '' };
}

function showsCalendarDate(fmt: string): boolean {
  // Outside quotes, escapes and [brackets]: a year, a day or a month name.
  const code = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[yd]|mmm/i.test(code);
}
