/**
 * A number as BAHTTEXT writes it: Thai words for the baht and the satang (rounded to 0.01), ถ้วน
 * ("exactly") when there are no satang, ลบ before a negative amount. Millions repeat the words of
 * the smaller units (ล้าน); in the tens, 1 is สิบ and 2 ยี่สิบ; a 1 in the units after tens is เอ็ด.
 */

const DIGITS = ['', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'];
const PLACES = ['', 'สิบ', 'ร้อย', 'พัน', 'หมื่น', 'แสน'];
const MILLION = 'ล้าน';

/** A whole number below one million in words (empty for 0). */
function belowMillion(n: number, afterMore: boolean): string {
  const digits = String(n).split('').map(Number);
  let out = '';
  digits.forEach((d, i) => {
    const place = digits.length - 1 - i;
    if (d === 0) return;
    if (place === 1) out += d === 1 ? 'สิบ' : d === 2 ? 'ยี่สิบ' : `${DIGITS[d]}สิบ`;
    else if (place === 0 && d === 1 && (n > 9 || afterMore)) out += 'เอ็ด';
    else out += DIGITS[d]! + PLACES[place]!;
  });
  return out;
}

/** A whole number in words, millions grouped (empty for 0). */
function wholeWords(n: number): string {
  if (n < 1_000_000) return belowMillion(n, false);
  const high = Math.floor(n / 1_000_000);
  const low = n % 1_000_000;
  return `${wholeWords(high)}${MILLION}${belowMillion(low, true)}`;
}

export function bahtText(value: number): string {
  const negative = value < 0;
  const cents = Math.round(Math.abs(value) * 100);
  const baht = Math.floor(cents / 100);
  const satang = cents % 100;
  if (baht === 0 && satang === 0) return 'ศูนย์บาทถ้วน';
  const words = `${baht > 0 ? `${wholeWords(baht)}บาท` : ''}${satang > 0 ? `${belowMillion(satang, false)}สตางค์` : 'ถ้วน'}`;
  return negative ? `ลบ${words}` : words;
}
