import type { Cells } from '../catalog/declare.js';
import type { PolicyDoc } from '../policy/schema.js';
import { ageBetween } from '../rules/financials.js';
import type { Scalar } from '../values/types.js';
import type { ExactThreshold, Scaled } from './exact.js';
import {
  DECLINE,
  add,
  atScale,
  exactThreshold,
  fenHalfUp,
  moneyOfFen,
  mul,
  ratioOf,
  reachesFraction,
  rescale,
  scaleOf,
  scaleOf2,
  scaleOf3,
  scaleOf4,
  scaledOf,
  sub,
  withinFraction,
} from './exact.js';
import { fenRule } from './fen-rule.js';

// 第二篇 第五条 财务状况 in integers: rules/financials.ts, each function beside its decimal rule's
// reading of the policy.

/** A ratio of two statement lines at one scale, read as the decimal path's double. */
const ratioRule = (id: string) =>
  fenRule(id, () => true, ([numerator, denominator]: [number, number]) => {
    const k = scaleOf2(numerator, denominator);
    return k < 0 ? DECLINE : ratioOf(atScale(numerator, k), atScale(denominator, k));
  });

/** The ageing bands read once: each band's threshold as a fraction, its bucket (the first with its label), and each bucket's provision rate. */
function ageingTerms(p: PolicyDoc) {
  const ageing = p.guarantee.ageing;
  const values = [...ageing.bands.map((entry) => entry.value), ageing.otherwise];
  const labels = values.map((v) => v.label);
  const bucketOf = labels.map((label) => labels.indexOf(label));
  const thresholds: { from: boolean; at: ExactThreshold }[] = [];
  for (const entry of ageing.bands) {
    const at = exactThreshold(entry.from ?? entry.upTo!);
    if (!at) return undefined;
    thresholds.push({ from: entry.from !== undefined, at });
  }
  const rates: Scaled[] = [];
  for (const v of values) {
    const rate = scaledOf(v.provisionRate);
    if (!rate) return undefined;
    rates.push(rate);
  }
  return { labels, bucketOf, thresholds, rates };
}
type AgeingTerms = NonNullable<ReturnType<typeof ageingTerms>>;

/** Each receivable's amount in its bucket, at one scale; undefined where the decimal rule would raise an error or a value is out of range. */
function bucketsOf(amounts: Cells<number>, dates: Cells<number>, asOf: number, t: AgeingTerms): { amounts: number[]; scale: number } | undefined {
  if (amounts.rows !== dates.rows || amounts.cols !== dates.cols) return undefined;
  const sums = t.labels.map(() => 0);
  let scale = 0;
  for (let i = 0; i < amounts.items.length; i++) {
    const amount = amounts.items[i];
    const date = dates.items[i];
    if (amount === null && date === null) continue;
    if (amount === null || date === null || amount === undefined || date === undefined || date > asOf) return undefined;
    // years + days ÷ year length against each band, exactly.
    const age = ageBetween(date, asOf);
    const years = add(mul(age.years, age.yearLength), age.days);
    let band = t.thresholds.length;
    for (let b = 0; b < t.thresholds.length; b++) {
      const { from, at } = t.thresholds[b]!;
      const hit = from ? reachesFraction(years, age.yearLength, at) : withinFraction(years, age.yearLength, at);
      if (hit === undefined) return undefined;
      if (hit) {
        band = b;
        break;
      }
    }
    const k = scaleOf(amount);
    if (k < 0) return undefined;
    if (k > scale) {
      for (let s = 0; s < sums.length; s++) sums[s] = rescale(sums[s]!, scale, k);
      scale = k;
    }
    const bucket = t.bucketOf[band]!;
    sums[bucket] = add(sums[bucket]!, rescale(atScale(amount, k), k, scale));
  }
  return sums.some(Number.isNaN) ? undefined : { amounts: sums, scale };
}

export const FINANCIALS_FEN = [
  ratioRule('DEBTRATIO'),
  ratioRule('CURRENTRATIO'),
  ratioRule('NETMARGIN'),
  ratioRule('IMMOVABLERATIO'),
  fenRule('QUICKRATIO', () => true, ([ca, inventory, cl, other]: [number, number, number, number]) => {
    const k = scaleOf4(ca, inventory, cl, other);
    if (k < 0) return DECLINE;
    const illiquid = add(atScale(inventory, k), atScale(other, k));
    const assets = atScale(ca, k);
    // More inventory than current assets is the decimal rule's error.
    if (!(illiquid <= assets)) return DECLINE;
    return ratioOf(sub(sub(assets, atScale(inventory, k)), atScale(other, k)), atScale(cl, k));
  }),
  fenRule('INTERESTCOVER', () => true, ([pbt, interest]: [number, number]) => {
    const k = scaleOf2(pbt, interest);
    return k < 0 ? DECLINE : ratioOf(add(atScale(pbt, k), atScale(interest, k)), atScale(interest, k));
  }),
  fenRule('REVENUEGROWTH', () => true, ([now, before]: [number, number]) => {
    const k = scaleOf2(now, before);
    return k < 0 ? DECLINE : ratioOf(sub(atScale(now, k), atScale(before, k)), atScale(before, k));
  }),
  fenRule('AGEING', ageingTerms, ([amounts, dates, asOf]: [Cells<number>, Cells<number>, number], t) => {
    const buckets = bucketsOf(amounts, dates, asOf, t);
    if (!buckets) return DECLINE;
    let total = 0;
    for (const amount of buckets.amounts) total = add(total, amount);
    const rows: Scalar[][] = [];
    for (let b = 0; b < t.labels.length; b++) {
      const amount = buckets.amounts[b]!;
      const fen = fenHalfUp(amount, buckets.scale);
      const share = total === 0 ? 0 : ratioOf(amount, total);
      if (Number.isNaN(fen) || share === DECLINE) return DECLINE;
      rows.push([t.labels[b]!, moneyOfFen(fen) as number, share]);
    }
    return rows;
  }),
  fenRule('BADDEBT', ageingTerms, ([amounts, dates, asOf]: [Cells<number>, Cells<number>, number], t) => {
    const buckets = bucketsOf(amounts, dates, asOf, t);
    if (!buckets) return DECLINE;
    // Σ bucket × its provision rate, exact, at the largest scale among the products.
    let sum = 0;
    let scale = 0;
    for (let b = 0; b < t.labels.length; b++) {
      const rate = t.rates[b]!;
      const k = buckets.scale + rate.k;
      if (k > scale) {
        sum = rescale(sum, scale, k);
        scale = k;
      }
      sum = add(sum, rescale(mul(buckets.amounts[b]!, rate.n), k, scale));
    }
    return moneyOfFen(fenHalfUp(sum, scale));
  }),
  fenRule('TANGIBLENETASSETS', () => true, ([equity, intangibles, deferred]: [number, number, number]) => {
    const k = scaleOf3(equity, intangibles, deferred);
    return k < 0 ? DECLINE : moneyOfFen(fenHalfUp(sub(sub(atScale(equity, k), atScale(intangibles, k)), atScale(deferred, k)), k));
  }),
  fenRule('CAPITALPAID', () => true, ([paid, registered]: [number, number]) => {
    const k = scaleOf2(paid, registered);
    const difference = k < 0 ? NaN : sub(atScale(paid, k), atScale(registered, k));
    return Number.isNaN(difference) ? DECLINE : difference >= 0;
  }),
  fenRule('MATERIAL', (p) => exactThreshold(p.guarantee.materiality), ([amount, base]: [number, number], materiality) => {
    const k = scaleOf2(amount, base);
    return k < 0 ? DECLINE : (reachesFraction(Math.abs(atScale(amount, k)), atScale(base, k), materiality) ?? DECLINE);
  }),
];
