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
const ON_BOUNDARY = tpl<{ x: Decimal; inclusive: boolean; unit: { zh: string; en: string } }>(
  (p, f) =>
    `恰为边界 ${f.n(p.x)}${p.unit.zh}：${p.inclusive ? '原文“以上/以内/达到”含本数' : '原文“超过/不满”不含本数'}（《民法典》第1259条），故${p.inclusive ? '计入' : '不计入'}`,
  (p, f) =>
    `exactly on the boundary, ${f.n(p.x)}${p.unit.en}: the source's ${p.inclusive ? '以上/以内/达到 (or more / within / reaching) includes' : '超过/不满 (over / under) excludes'} the number (Civil Code art. 1259), so it ${p.inclusive ? 'counts' : 'does not count'}`,
);

const NO_UNIT = { zh: '', en: '' };

/** Records the boundary reading when `x` equals the threshold's number. */
export function sayBoundary(trace: Trace, x: number | Decimal, th: Threshold, unit = NO_UNIT): void {
  if (!trace.on) return;
  const d = dec(x);
  if (d.equals(th.value)) trace.step(ON_BOUNDARY, { x: d, inclusive: th.inclusive, unit });
}
