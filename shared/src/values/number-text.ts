/**
 * Text that Excel itself would turn into a number ("52000", "52,000", "3%", "(1,000)", "¥1,000",
 * "1.5E3"); anything else ("5.2万", "十万", "1,00") is not a number. Full-width forms typed
 * with a Chinese IME ("５２，０００") are read as their ASCII equivalents.
 */
const NUMBER_TEXT =
  /^(?<sign>[+-])?(?<open>\()?[¥$]?(?<int>\d{1,3}(?:,\d{3})+|\d*)(?<frac>\.\d*)?(?<exp>[eE][+-]?\d+)?(?<close>\))?(?<pct>%)?$/;

export function parseNumberText(text: string): number | undefined {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, '');
  const m = NUMBER_TEXT.exec(t);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const intPart = g.int ?? '';
  const fracPart = g.frac ?? '';
  if (intPart === '' && fracPart.length <= 1) return undefined; // no digits at all
  if (Boolean(g.open) !== Boolean(g.close)) return undefined;
  if (g.open && g.sign) return undefined;
  let n = Number(intPart.replace(/,/g, '') + fracPart + (g.exp ?? ''));
  if (!Number.isFinite(n)) return undefined;
  if (g.pct) n = n / 100;
  if (g.sign === '-' || g.open) n = -n;
  return n === 0 ? 0 : n; // never -0
}
