/**
 * Chinese numerals as Excel in Chinese (zh-CN) writes them for `[DBNum1]` (lower case: 123 is
 * 一百二十三) and `[DBNum2]` (financial upper case: 壹佰贰拾叁), the forms of NUMBERSTRING(n, 1) and
 * NUMBERSTRING(n, 2); a date's year is written digit by digit (Excel's Chinese date type
 * 二〇〇一年三月十四日). `[DBNum3]` is read as full-width digits with the units of DBNum1 (１百２十３),
 * as LibreOffice maps it (NatNum6); Microsoft documents none of these, so only plain cases are
 * certain here (see `certainNumeral`).
 */

const LOWER = '〇一二三四五六七八九';
const UPPER = '零壹贰叁肆伍陆柒捌玖';
const FULL_WIDTH = '０１２３４５６７８９';
const LOWER_UNITS = ['', '十', '百', '千'];
const UPPER_UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '兆'];

/** A string of digits written digit by digit in DBNum1's characters (2024 → 二〇二四). */
export function chineseDigits(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) out += LOWER[digits.charCodeAt(i) - 48] ?? digits[i]!;
  return out;
}

/** A whole number 0 ≤ n < 10^16 in DBNum1's (level 1), DBNum2's (2) or DBNum3's (3) numerals with units. */
export function chineseNumeral(n: number, level = 1): string {
  const digitChars = level === 2 ? UPPER : level === 3 ? FULL_WIDTH : LOWER;
  const units = level === 2 ? UPPER_UNITS : LOWER_UNITS;
  const zero = level === 2 ? '零' : '〇';
  if (n === 0) return digitChars[0]!;
  const digits = String(n);
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    const place = digits.length - 1 - i;
    if (d === 0) {
      pendingZero = out !== '';
    } else {
      if (pendingZero) out += zero;
      pendingZero = false;
      // 10–19 begin with 十 alone in DBNum1 (十四), with 壹拾 in DBNum2.
      const leadingTen = level !== 2 && out === '' && d === 1 && place % 4 === 1;
      out += (leadingTen ? '' : digitChars[d]!) + units[place % 4]!;
    }
    if (place % 4 === 0 && place > 0 && digits.slice(Math.max(0, i - 3), i + 1) !== '0000') {
      out += GROUPS[place / 4]!;
      pendingZero = false;
    }
  }
  return out;
}

/**
 * Whether a whole number's numerals are certain: 0 to 9,999 without a zero between its digits
 * (the forms the sources show); numbers with inner zeros or of 万 and more follow the rule above
 * as Excel's likeliest answer.
 */
export function certainNumeral(n: number, level: number): boolean {
  if (level === 3) return false;
  if (!Number.isInteger(n) || n < 0 || n > 9999) return false;
  const digits = String(n).replace(/0+$/, '');
  return !digits.includes('0');
}
