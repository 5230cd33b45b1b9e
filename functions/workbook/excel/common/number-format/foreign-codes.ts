import type { Marks } from './number.js';

/**
 * Format codes written in another language. TEXT's code is read in the user's language: Swedish
 * Excel writes `"# ##0,00"`, German `"#.##0,00"` and `"TT.MM.JJJJ"`, French `"jj/mm/aaaa"` where en-US
 * writes `"#,##0.00"` and `"dd.mm.yyyy"`. Such a code has no certain answer here: a cached one is
 * kept, and without one the code is read as that language reads it, reported as assumed.
 */

/** A format code cut into what Excel reads as one piece: quoted text, an escaped character, a [bracket], _x and *x, or one character. */
function pieces(code: string): string[] {
  return code.match(/"[^"]*"?|\\.|\[[^\]]*\]?|[_*].|[\s\S]/g) ?? [];
}

/** The same pieces with General, AM/PM and A/P kept whole (they are no letters of a date). */
function wordPieces(code: string): string[] {
  return code.match(/"[^"]*"?|\\.|\[[^\]]*\]?|[_*].|general|am\/pm|a\/p|[\s\S]/gi) ?? [];
}

const DIGIT = /^[0#?]$/;

function splitSections(ps: string[]): string[][] {
  const out: string[][] = [[]];
  for (const p of ps) {
    if (p === ';') out.push([]);
    else out.at(-1)!.push(p);
  }
  return out;
}

/**
 * The grouping a code written with a decimal comma shows (`.` for digits grouped by periods,
 * `#.##0`; a space otherwise, `# ##0` or a bare `0,00`), undefined for en-US's separators. A section
 * ending in a comma followed by one, two or more than three digit placeholders means a decimal
 * comma: in en-US that comma would only turn digit grouping on, which nobody writes that way; so
 * does `#` grouped by spaces or periods into threes ending in `0`.
 */
export function foreignSeparators(code: string): ' ' | '.' | undefined {
  for (const section of splitSections(pieces(code))) {
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
 * A code with another language's separators (foreignSeparators answers its grouping) as that
 * language reads it: the code with en-US's separators, and the marks that write its decimal comma
 * and grouping (`"# ##0,00"` is `"#,##0.00"` written `349 578 723 238,40`).
 */
export function foreignNumberReading(code: string, group: ' ' | '.'): { code: string; marks: Marks } {
  const ps = pieces(code);
  const read = ps
    .map((p, i) => {
      if (p === ',') return '.';
      if (p === '.' && group === '.') return ',';
      if (p === ' ' && group === ' ' && DIGIT.test(ps[i - 1] ?? '') && DIGIT.test(ps[i + 1] ?? '')) return ',';
      return p;
    })
    .join('');
  return { code: read, marks: { point: ',', group } };
}

/**
 * Whether a code has letters en-US's codes do not have (German `TT.MM.JJJJ`, Swedish `ÅÅÅÅ-MM-DD`,
 * French `jj/mm/aaaa`): written in another language. Quoted text, escaped characters, [brackets],
 * General and AM/PM are not letters of the code.
 */
export function foreignLetters(code: string): boolean {
  return bareLetters(code).some((p) => !/[ymdhseapgb]/i.test(p));
}

function bareLetters(code: string): string[] {
  return wordPieces(code).filter((p) => p.length === 1 && /[A-Za-zÀ-ÖØ-öø-ÿ]/.test(p));
}

/**
 * The date letters of the languages whose Excel writes them otherwise than en-US, each set told
 * apart by the letters it has: German Tag and Jahr (TT.MM.JJJJ), French jour and année
 * (jj/mm/aaaa), Dutch jaar (dd-mm-jjjj), Spanish, Portuguese and Italian año, ano, anno with
 * Italian giorno (dd/mm/aaaa, gg/mm/aaaa), Swedish, Danish and Norwegian år (ÅÅÅÅ-MM-DD).
 */
const DATE_LANGUAGES: { language: string; has: RegExp; letters: Record<string, string> }[] = [
  { language: 'German', has: /t/, letters: { t: 'd', j: 'y' } },
  { language: 'French', has: /j.*a|a.*j/, letters: { j: 'd', a: 'y' } },
  { language: 'Dutch', has: /j/, letters: { j: 'y' } },
  { language: 'Spanish, Portuguese or Italian', has: /a/, letters: { a: 'y', g: 'd' } },
  { language: 'Swedish, Danish or Norwegian', has: /å/, letters: { å: 'y' } },
];

/**
 * A code with another language's date letters as that language reads it (en-US's letters in
 * their place), and the language; undefined when no language above reads all its letters, or when
 * it names months or days (their names are the language's own).
 */
export function foreignDateReading(code: string): { code: string; language: string } | undefined {
  const letters = bareLetters(code).map((p) => p.toLowerCase()).join('');
  const reading = DATE_LANGUAGES.find((l) => l.has.test(letters));
  if (!reading) return undefined;
  let read = '';
  for (const p of wordPieces(code)) {
    const lower = p.toLowerCase();
    read += p.length === 1 && reading.letters[lower] !== undefined ? reading.letters[lower] : p;
  }
  const readLetters = bareLetters(read).map((p) => p.toLowerCase()).join('');
  if (/[^ymdhs]/.test(readLetters) || /mmm|ddd/.test(readLetters)) return undefined;
  return { code: read, language: reading.language };
}
