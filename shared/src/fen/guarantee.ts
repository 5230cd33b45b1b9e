import type { Cells } from '../catalog/declare.js';
import type { PolicyDoc } from '../policy/schema.js';
import { bandIndex } from '../policy/thresholds.js';
import type { Scaled } from './exact.js';
import {
  DECLINE,
  FractionSum,
  add,
  atScale,
  exactThreshold,
  fenHalfUp,
  fenOfProduct,
  fenOfQuotient,
  moneyOfFen,
  mul,
  pow10,
  ratioOf,
  ratioOfSum,
  reachesFraction,
  rescale,
  scaleOf,
  scaleOf2,
  scaleOf3,
  scaleOf4,
  scaledOf,
  sub,
} from './exact.js';
import { fenRule } from './fen-rule.js';

// 第二篇 担保公司 in integers: rules/guarantee.ts, each function beside its decimal rule's reading of
// the policy.

/** Each value of a table read once; undefined when one is out of range. */
function scaledTable(table: Record<string, number>): Record<string, Scaled> | undefined {
  const out: Record<string, Scaled> = {};
  for (const [key, x] of Object.entries(table)) {
    const s = scaledOf(x);
    if (!s) return undefined;
    out[key] = s;
  }
  return out;
}

/** A band table's values read once, in the bands' order, `otherwise` last. */
function scaledBands(b: { bands: { value: number }[]; otherwise: number }): Scaled[] | undefined {
  const out: Scaled[] = [];
  for (const x of [...b.bands.map((entry) => entry.value), b.otherwise]) {
    const s = scaledOf(x);
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

/** The band value of x as read once: the bands' order, `otherwise` last. */
const inBand = (values: readonly Scaled[], x: number, b: { bands: unknown[] }) => {
  const i = bandIndex(x, b as never);
  return values[i < 0 ? b.bands.length : i]!;
};

const pledgeRatios = (p: PolicyDoc) => scaledTable(Object.fromEntries(Object.entries(p.guarantee.collateral).map(([k, v]) => [k, v.pledgeRatio])));

export const GUARANTEE_FEN = [
  fenRule('NETCASH', () => true, ([inflow, outflow]: [number, number]) => {
    const k = scaleOf2(inflow, outflow);
    return k < 0 ? DECLINE : moneyOfFen(fenHalfUp(sub(atScale(inflow, k), atScale(outflow, k)), k));
  }),
  fenRule('DEBTCOVER', () => true, ([inflow, outflow, debt]: [number, number, number]) => {
    const k = scaleOf3(inflow, outflow, debt);
    return k < 0 ? DECLINE : ratioOf(sub(atScale(inflow, k), atScale(outflow, k)), atScale(debt, k));
  }),
  fenRule('COLLATERALVALUE', pledgeRatios, ([value, type]: [number, string], ratios) => moneyOfFen(fenOfProduct(value, ratios[type]!))),
  fenRule('COLLATERALCOVER', pledgeRatios, ([values, types, exposure]: [Cells<number>, Cells<string>, number], ratios) => {
    if (values.rows !== types.rows || values.cols !== types.cols) return DECLINE;
    // Σ value × pledge ratio, exact, at the largest scale among the products; then ÷ exposure.
    let total = 0;
    let scale = 0;
    for (let i = 0; i < values.items.length; i++) {
      const v = values.items[i];
      const type = types.items[i];
      if (v === null && type === null) continue;
      if (v === null || type === null || v === undefined || type === undefined) return DECLINE;
      const ratio = ratios[type]!;
      const kv = scaleOf(v);
      if (kv < 0) return DECLINE;
      const k = kv + ratio.k;
      const usable = mul(atScale(v, kv), ratio.n);
      if (k > scale) {
        total = rescale(total, scale, k);
        scale = k;
      }
      total = add(total, rescale(usable, k, scale));
    }
    const ke = scaleOf(exposure);
    if (ke < 0) return DECLINE;
    const k = ke > scale ? ke : scale;
    return ratioOf(rescale(total, scale, k), atScale(exposure, k));
  }),
  fenRule(
    'RISKDEGREE',
    (p) => {
      const g = p.guarantee;
      const ratings = scaledTable(g.ratingCoefficients);
      const terms = scaledBands(g.termCoefficients);
      const modes = scaledTable(Object.fromEntries(Object.entries(g.modes).map(([k, v]) => [k, v.coefficient])));
      return ratings && terms && modes ? { ratings, terms, modes } : undefined;
    },
    ([rating, term, mode]: [string, number, string | undefined], t, p) => {
      // rating × term coefficient (× mode coefficient): exact, read as a double.
      const rc = t.ratings[rating]!;
      const tc = inBand(t.terms, term, p.guarantee.termCoefficients);
      let n = mul(rc.n, tc.n);
      let k = rc.k + tc.k;
      if (mode !== undefined) {
        const mc = t.modes[mode]!;
        n = mul(n, mc.n);
        k += mc.k;
      }
      return k > 22 ? DECLINE : ratioOf(n, pow10(k));
    },
  ),
  fenRule(
    'GUARANTEEFEE',
    (p) => scaledBands(p.guarantee.feeRates),
    ([amount, term, risk]: [number, number, number], rates, p) => {
      // amount × rate × term ÷ 12, the division last.
      const rate = inBand(rates, risk, p.guarantee.feeRates);
      const ka = scaleOf(amount);
      const kt = scaleOf(term);
      if (ka < 0 || kt < 0) return DECLINE;
      return moneyOfFen(fenOfQuotient(mul(mul(atScale(amount, ka), rate.n), atScale(term, kt)), 12, ka + rate.k + kt, true));
    },
  ),
  fenRule(
    'CREDITSCORE',
    (p) => {
      const cards = p.guarantee.scorecard.map((ind) => ({ ind, zero: scaledOf(ind.zero), full: scaledOf(ind.full), weight: scaledOf(ind.weight) }));
      return cards.every((c) => c.zero && c.full && c.weight) ? (cards as { ind: (typeof cards)[0]['ind']; zero: Scaled; full: Scaled; weight: Scaled }[]) : undefined;
    },
    (args: [number, number, number, number, number, number, number], cards) => {
      const [debtRatio, currentRatio, quickRatio, interestCover, netMargin, revenueGrowth, debtCover] = args;
      const values = { debtRatio, currentRatio, quickRatio, interestCover, netMargin, revenueGrowth, debtCover };
      const total = new FractionSum();
      for (const { ind, zero, full, weight } of cards) {
        const value = values[ind.indicator];
        const rising = ind.full > ind.zero;
        const atZero = rising ? value <= ind.zero : value >= ind.zero;
        const atFull = rising ? value >= ind.full : value <= ind.full;
        if (atZero) continue;
        if (atFull) {
          total.add(weight.n, pow10(weight.k));
          continue;
        }
        // (value − zero) ÷ (full − zero) × weight, at one scale.
        const kv = scaleOf(value);
        if (kv < 0) return DECLINE;
        const k = Math.max(kv, zero.k, full.k);
        const z = rescale(zero.n, zero.k, k);
        total.add(mul(sub(rescale(atScale(value, kv), kv, k), z), weight.n), mul(sub(rescale(full.n, full.k, k), z), pow10(weight.k)));
      }
      return ratioOfSum(total);
    },
  ),
  fenRule('RECONCILE', () => true, ([ledger, detail, report, tolerance]: [number, number, number, number]) => {
    const k = scaleOf4(ledger, detail, report, tolerance);
    if (k < 0) return DECLINE;
    const a = atScale(ledger, k);
    const b = atScale(detail, k);
    const c = atScale(report, k);
    const allowed = atScale(tolerance, k);
    // The largest of the three differences within the tolerance (相符 within it includes it).
    const diff = Math.max(Math.abs(sub(a, b)), Math.abs(sub(a, c)), Math.abs(sub(b, c)));
    return Number.isNaN(diff) || Number.isNaN(allowed) ? DECLINE : diff <= allowed;
  }),
  fenRule('LTIREVIEW', (p) => exactThreshold(p.guarantee.longTermInvestmentReview), ([lti, total]: [number, number], th) => {
    const k = scaleOf2(lti, total);
    return k < 0 ? DECLINE : (reachesFraction(atScale(lti, k), atScale(total, k), th) ?? DECLINE);
  }),
  fenRule('DIVERSIFYRISK', (p) => exactThreshold(p.guarantee.diversificationRisk), ([investment, netAssets]: [number, number], th) => {
    const k = scaleOf2(investment, netAssets);
    if (k < 0) return DECLINE;
    // No positive net assets: any investment is more than half of them.
    return netAssets > 0 ? (reachesFraction(atScale(investment, k), atScale(netAssets, k), th) ?? DECLINE) : investment > 0;
  }),
];
