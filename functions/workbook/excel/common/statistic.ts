import { CellError, ErrorType } from 'hyperformula';

/**
 * The statistics SUBTOTAL and AGGREGATE compute, by their shared function numbers (1 AVERAGE,
 * 2 COUNT … 13 MODE.SNGL, 14 LARGE … 19 QUARTILE.EXC), which GROUPBY, LARGE, SMALL and MODE
 * compute with them.
 */

/** A statistic of a list of numbers, by the function numbers SUBTOTAL and AGGREGATE share (1–13 …). */
export function statistic(fn: number, nums: number[], counta: number, k?: number, subtotal = true): number | CellError {
  const n = nums.length;
  const sum = () => nums.reduce((s, x) => s + x, 0);
  const mean = () => sum() / n;
  // The sum of squared deviations, over n − 1 or n. Excel's SUBTOTAL and AGGREGATE take it from the
  // sums, the sample variance as (Σx² − (Σx)²/n)/(n − 1) and the population variance as
  // (nΣx² − (Σx)²)/n²: those give the bits of the values Excel cached (LibreOffice's
  // functions-excel-2010.xlsx, AGGREGATE 7, 8, 10 and 11 over four subsets; the two-pass sum misses
  // in the last bit, which ROUND(…,12) comparisons there see). They lose digits as the values
  // crowd together far from 0 (a relative error about n·ε·mean²/variance): only where that stays
  // far under Excel's 15 digits (the variance at least a hundredth of the mean square, up to 1,000
  // values) are they used; elsewhere, and for GROUPBY, the two-pass sum, which keeps its digits.
  const variance = (sample: boolean) => {
    const s = sum();
    const m = s / n;
    if (subtotal && n <= 1000) {
      const q = nums.reduce((a, x) => a + x * x, 0);
      const fromSums = sample ? (q - (s * s) / n) / (n - 1) : (n * q - s * s) / (n * n);
      if (Number.isFinite(fromSums) && fromSums * 100 >= q / n) return fromSums;
    }
    return nums.reduce((a, x) => a + (x - m) * (x - m), 0) / (sample ? n - 1 : n);
  };
  const div0 = new CellError(ErrorType.DIV_BY_ZERO);
  const sorted = () => [...nums].sort((a, b) => a - b);
  switch (fn) {
    case 1:
      return n ? mean() : div0;
    case 2:
      return n;
    case 3:
      return counta;
    case 4:
      return n ? Math.max(...nums) : 0;
    case 5:
      return n ? Math.min(...nums) : 0;
    case 6:
      return nums.reduce((s, x) => s * x, 1);
    case 7:
      return n > 1 ? Math.sqrt(variance(true)) : div0;
    case 8:
      return n ? Math.sqrt(variance(false)) : div0;
    case 9:
      return sum();
    case 10:
      return n > 1 ? variance(true) : div0;
    case 11:
      return n ? variance(false) : div0;
    case 12: {
      if (!n) return new CellError(ErrorType.NUM);
      const s = sorted();
      return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
    }
    case 13: {
      // The most frequent value; among equally frequent ones, the one met first.
      const counts = new Map<number, number>();
      for (const x of nums) counts.set(x, (counts.get(x) ?? 0) + 1);
      let best: number | undefined;
      let bestCount = 1;
      for (const x of nums) {
        const c = counts.get(x)!;
        if (c > bestCount) {
          best = x;
          bestCount = c;
        }
      }
      return best ?? new CellError(ErrorType.NA);
    }
    case 14:
    case 15: {
      const kk = Math.ceil(k ?? NaN);
      if (!(kk >= 1 && kk <= n)) return new CellError(ErrorType.NUM);
      const s = sorted();
      return fn === 14 ? s[n - kk]! : s[kk - 1]!;
    }
    case 16: // PERCENTILE.INC
    case 17: // QUARTILE.INC
    case 18: // PERCENTILE.EXC
    case 19: {
      // QUARTILE.EXC
      const p = k ?? NaN;
      if (!n) return new CellError(ErrorType.NUM);
      const s = sorted();
      const frac = fn === 17 || fn === 19 ? Math.trunc(p) / 4 : p;
      if (fn === 16 || fn === 17) {
        if (!(frac >= 0 && frac <= 1)) return new CellError(ErrorType.NUM);
        const pos = frac * (n - 1);
        const lo = Math.floor(pos);
        return s[lo]! + (pos - lo) * ((s[Math.min(lo + 1, n - 1)] ?? 0) - s[lo]!);
      }
      const pos = frac * (n + 1) - 1;
      if (pos < 0 || pos > n - 1) return new CellError(ErrorType.NUM);
      const lo = Math.floor(pos);
      return s[lo]! + (pos - lo) * ((s[Math.min(lo + 1, n - 1)] ?? 0) - s[lo]!);
    }
    default:
      return new CellError(ErrorType.VALUE);
  }
}
