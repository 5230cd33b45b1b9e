import type { Threshold } from '../policy/schema.js';
import type { Decimal } from '../values/money.js';
import { dec } from '../values/money.js';
import type { Trace } from './trace.js';
import { tpl } from './trace.js';

/**
 * The reading taken at a boundary, said when a value sits exactly on one: the source's words follow
 * Civil Code art. 1259 (以上/以下/以内/届满 include the number; 不满/超过/以外 exclude it), and the
 * policy records which side each threshold is on.
 */
type Unit = { zh: string; en: string } | 'percent';

const shown = (x: Decimal, unit: Unit, f: { n: (x: Decimal) => string; p: (x: Decimal) => string }, lang: 'zh' | 'en') =>
  unit === 'percent' ? f.p(x) : `${f.n(x)}${unit[lang]}`;

const ON_BOUNDARY = tpl<{ x: Decimal; inclusive: boolean; unit: Unit }>(
  (p, f) =>
    `恰为边界 ${shown(p.x, p.unit, f, 'zh')}：${p.inclusive ? '原文“以上/以内/达到”含本数' : '原文“超过/不满”不含本数'}（《民法典》第1259条），故${p.inclusive ? '计入' : '不计入'}`,
  (p, f) =>
    `exactly on the boundary, ${shown(p.x, p.unit, f, 'en')}: the source's ${p.inclusive ? '以上/以内/达到 (or more / within / reaching) includes' : '超过/不满 (over / under) excludes'} the number (Civil Code art. 1259), so it ${p.inclusive ? 'counts' : 'does not count'}`,
);

/** Records the boundary reading when `x` equals the threshold's number (a share is shown as a percentage). */
export function sayBoundary(trace: Trace, x: number | Decimal, th: Threshold, unit: Unit = 'percent'): void {
  if (!trace.on) return;
  const d = dec(x);
  if (d.equals(th.value)) trace.step(ON_BOUNDARY, { x: d, inclusive: th.inclusive, unit });
}

/** Units a boundary is shown in. */
export const DAYS: Unit = { zh: ' 天', en: ' days' };
export const MINUTES: Unit = { zh: ' 分钟', en: ' min' };
