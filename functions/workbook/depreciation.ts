/**
 * VDB, Excel's variable declining balance depreciation: declining balance at `factor` / life a
 * period, switching to straight line over the remaining life once that is larger (unless
 * `noSwitch`), never below salvage; a fractional period takes its share of the next whole period's
 * depreciation. Computed as the depreciation to the end period less that to the start period, in
 * the order of operations of the Excel-compatible library ExcelFinancialFunctions.
 */

/** The depreciation accumulated from the start to `period` (which may be fractional). */
function accumulated(cost: number, salvage: number, life: number, period: number, factor: number, straightLine: boolean): number {
  const whole = Math.trunc(period);
  const fraction = period - whole;
  const declining = (total: number) => Math.min((cost - total) * (factor / life), cost - salvage - total);
  const straight = (total: number, elapsed: number) => (cost - total - salvage) / (life - elapsed);
  const next = (total: number, elapsed: number) => {
    const d = declining(total);
    const s = straight(total, elapsed);
    return straightLine && d < s ? { depr: s, straight: true } : { depr: d, straight: false };
  };
  let total = 0;
  for (let elapsed = 0; ; elapsed++) {
    const now = total + next(total, elapsed).depr;
    if (whole === 0) return now * fraction;
    if (elapsed === whole - 1) {
      const after = next(now, elapsed + 1);
      // Past the end of the life a straight-line period has nothing left to take.
      const share = after.straight && whole === Math.trunc(life) ? 0 : after.depr;
      return now + share * fraction;
    }
    total = now;
  }
}

/** VDB(cost, salvage, life, start_period, end_period, factor, no_switch), or undefined for #NUM!. */
export function variableDecliningBalance(cost: number, salvage: number, life: number, start: number, end: number, factor: number, noSwitch: boolean): number | undefined {
  if (cost < 0 || salvage < 0 || life <= 0 || factor <= 0 || start < 0 || start > end || end > life || end <= 0) return undefined;
  if (!noSwitch && life === start && start === end) return undefined;
  return accumulated(cost, salvage, life, end, factor, !noSwitch) - accumulated(cost, salvage, life, start, factor, !noSwitch);
}
