/**
 * Spreadsheet column names: 0 is A, 25 is Z, 26 is AA … 16383 is XFD. One pair of conversions for
 * the templates, the add-in and the workbook engine.
 */

/** The letters of a 0-based column index (0 → A, 27 → AB). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The 0-based index of column letters, either case (A → 0, ab → 27). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 0x20) - 96);
  return n - 1;
}
