import type { PolicyDoc } from '../policy/schema.js';
import type { Scaled } from './exact.js';
import { DECLINE, FractionSum, atScale, fenHalfUp, fenOfArgument, fenOfQuotient, floorDiv, moneyOfFen, mul, pow10, ratioOf, ratioOfSum, rescale, scaleOf, scaledOf, sub, trimmedScale } from './exact.js';
import { fenRule } from './fen-rule.js';

// 第五篇 烟草 and 第三篇 银行 in integers: rules/tobacco.ts and rules/bank.ts, each function beside its
// decimal rule's reading of the policy.

/** Policy numbers read once, in order; undefined when one is out of range. */
function scaledList(xs: readonly number[]): Scaled[] | undefined {
  const out: Scaled[] = [];
  for (const x of xs) {
    const s = scaledOf(x);
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

/** TIERSCORE's indicators read once: floor, cap and weight × 100 of each. */
function tierTerms(p: PolicyDoc) {
  const indicators = p.tobacco.indicators;
  const floors = scaledList(indicators.map((i) => i.floor));
  const caps = scaledList(indicators.map((i) => i.cap));
  const weights = scaledList(indicators.map((i) => i.weight));
  return floors && caps && weights ? { indicators, floors, caps, weights } : undefined;
}

/** MANAGERSCORE's indicators read once: target and weight of each, and the cap. */
function kpiTerms(p: PolicyDoc) {
  const kpis = p.tobacco.kpis;
  const targets = scaledList(kpis.map((k) => k.target));
  const weights = scaledList(kpis.map((k) => k.weight));
  const cap = scaledOf(p.tobacco.kpiCap);
  return targets && weights && cap ? { kpis, targets, weights, cap } : undefined;
}

/** ead × pd × lgd, exact, with its scale; NaN past the range. */
function expectedLoss(pd: number, lgd: number, ead: number): { n: number; k: number } {
  const kPd = scaleOf(pd);
  const kLgd = scaleOf(lgd);
  const kEad = scaleOf(ead);
  if (kPd < 0 || kLgd < 0 || kEad < 0) return { n: NaN, k: 0 };
  const n = mul(mul(atScale(ead, kEad), atScale(pd, kPd)), atScale(lgd, kLgd));
  const k = kEad + kPd + kLgd;
  // The same value with its trailing zeros dropped, so that the sums after it stay in range.
  const trimmed = trimmedScale(n, k);
  return { n: n / pow10(k - trimmed), k: trimmed };
}

/** revenue − cost − expected loss, exact, with its scale. */
function customerValue(revenue: number, cost: number, pd: number, lgd: number, ead: number): { n: number; k: number } {
  const el = expectedLoss(pd, lgd, ead);
  const kRevenue = scaleOf(revenue);
  const kCost = scaleOf(cost);
  if (kRevenue < 0 || kCost < 0) return { n: NaN, k: 0 };
  const k = Math.max(kRevenue, kCost, el.k);
  return { n: sub(sub(rescale(atScale(revenue, kRevenue), kRevenue, k), rescale(atScale(cost, kCost), kCost, k)), rescale(el.n, el.k, k)), k };
}

export const TOBACCO_AND_BANK_FEN = [
  fenRule('PERCARTON', () => true, ([sales, cartons]: [number, number]) => {
    // sales ÷ cartons, the division last.
    const ks = scaleOf(sales);
    const kc = scaleOf(cartons);
    if (ks < 0 || kc < 0) return DECLINE;
    return moneyOfFen(fenOfQuotient(atScale(sales, ks), atScale(cartons, kc), ks - kc, true));
  }),
  fenRule('TIERSCORE', tierTerms, (args: [number, number, number, number], t) => {
    const [cartons, salesAmount, perCarton, compliance] = args;
    const values = { cartons, salesAmount, perCarton, compliance };
    const total = new FractionSum();
    for (let i = 0; i < t.indicators.length; i++) {
      const ind = t.indicators[i]!;
      const value = values[ind.indicator];
      const weight = t.weights[i]!;
      // Scaled between floor and cap to 0–1, × weight × 100.
      if (value <= ind.floor) continue;
      if (value >= ind.cap) {
        total.add(mul(weight.n, 100), pow10(weight.k));
        continue;
      }
      const floor = t.floors[i]!;
      const cap = t.caps[i]!;
      const kv = scaleOf(value);
      if (kv < 0) return DECLINE;
      const k = Math.max(kv, floor.k, cap.k);
      const f = rescale(floor.n, floor.k, k);
      total.add(mul(mul(sub(rescale(atScale(value, kv), kv, k), f), weight.n), 100), mul(sub(rescale(cap.n, cap.k, k), f), pow10(weight.k)));
    }
    return ratioOfSum(total);
  }),
  fenRule('MANAGERSCORE', kpiTerms, ([values]: [number[]], t) => {
    if (values.length !== t.kpis.length) return DECLINE;
    const total = new FractionSum();
    for (let i = 0; i < t.kpis.length; i++) {
      const value = values[i]!;
      if (value <= 0) continue;
      const target = t.targets[i]!;
      const weight = t.weights[i]!;
      // value ÷ target, capped at the cap, × weight × 100.
      const kv = scaleOf(value);
      if (kv < 0) return DECLINE;
      const capped = mul(t.cap.n, target.n); // cap × target at scale cap.k + target.k
      const k = Math.max(kv, t.cap.k + target.k);
      const v = rescale(atScale(value, kv), kv, k);
      const limit = rescale(capped, t.cap.k + target.k, k);
      if (Number.isNaN(v) || Number.isNaN(limit)) return DECLINE;
      if (v >= limit) total.add(mul(mul(t.cap.n, weight.n), 100), pow10(t.cap.k + weight.k));
      else total.add(mul(mul(atScale(value, kv), pow10(target.k)), mul(weight.n, 100)), mul(target.n, pow10(kv + weight.k)));
    }
    return ratioOfSum(total);
  }),
  fenRule('MANAGERRESERVE', (p) => scaledOf(p.tobacco.managerReserveShare), ([supply]: [number], share) => {
    // ⌊share × supply⌋ whole cartons.
    const cartons = floorDiv(mul(share.n, supply), pow10(share.k));
    return Number.isNaN(cartons) ? DECLINE : cartons + 0;
  }),
  fenRule('DEPOSITFORFEIT', () => true, ([deposit, violation]: [number, boolean]) => moneyOfFen(violation ? fenOfArgument(deposit) : 0)),
  fenRule('EXPECTEDLOSS', () => true, ([pd, lgd, ead]: [number, number, number]) => {
    const el = expectedLoss(pd, lgd, ead);
    return moneyOfFen(fenHalfUp(el.n, el.k));
  }),
  fenRule('CUSTOMERVALUE', () => true, ([revenue, cost, pd, lgd, ead]: [number, number, number, number, number]) => {
    const value = customerValue(revenue, cost, pd, lgd, ead);
    return moneyOfFen(fenHalfUp(value.n, value.k));
  }),
  fenRule('RAROC', () => true, ([revenue, cost, pd, lgd, ead, capital]: [number, number, number, number, number, number]) => {
    const value = customerValue(revenue, cost, pd, lgd, ead);
    const kc = scaleOf(capital);
    if (kc < 0) return DECLINE;
    const k = value.k > kc ? value.k : kc;
    return ratioOf(rescale(value.n, value.k, k), atScale(capital, k));
  }),
];

