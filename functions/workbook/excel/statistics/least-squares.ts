/**
 * Ordinary least squares as Excel's LINEST computes it: by a QR decomposition (Householder
 * reflections) of the x columns, centred on their means when the fit has a constant, so an
 * ill-conditioned fit keeps its digits; an x column that is a linear combination of the columns
 * before it is left out of the fit (its coefficient and standard error 0, as Excel reports it), and
 * the degrees of freedom count the columns kept.
 */

export interface Fit {
  /** Coefficients of the x columns, in their order (0 for a column left out). */
  slopes: number[];
  intercept: number;
  /** Standard errors of the slopes (0 for a column left out), and of the intercept (undefined without a constant). */
  slopeErrors: number[];
  interceptError: number | undefined;
  r2: number;
  /** Standard error of the y estimate. */
  sey: number;
  f: number;
  df: number;
  ssreg: number;
  ssresid: number;
}

/** The fit of y (n values) on the columns of x (n rows of k values each). */
export function leastSquares(y: number[], x: number[][], constant: boolean): Fit {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  const xMeans = Array.from({ length: k }, (_, j) => (constant ? x.reduce((s, row) => s + row[j]!, 0) / n : 0));
  const yMean = constant ? y.reduce((s, v) => s + v, 0) / n : 0;
  // a: the centred x columns, column by column; qty: the centred y, reflected along with them.
  const a = Array.from({ length: k }, (_, j) => x.map((row) => row[j]! - xMeans[j]!));
  const qty = y.map((v) => v - yMean);
  const kept: number[] = [];
  const r: number[][] = []; // r[i][c]: row i of R, against the kept column c
  for (let j = 0; j < k; j++) {
    const col = a[j]!;
    const p = kept.length;
    const scale = Math.sqrt(col.reduce((s, v) => s + v * v, 0));
    let norm = 0;
    for (let i = p; i < n; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    if (p >= n || norm <= 1e-13 * scale || scale === 0) continue; // dependent on the columns kept: left out
    const alpha = col[p]! > 0 ? -norm : norm;
    const v = col.slice();
    for (let i = 0; i < p; i++) v[i] = 0;
    v[p] = col[p]! - alpha;
    const vv = v.reduce((s, t) => s + t * t, 0);
    const reflect = (w: number[]) => {
      let d = 0;
      for (let i = p; i < n; i++) d += v[i]! * w[i]!;
      const c = (2 * d) / vv;
      for (let i = p; i < n; i++) w[i] = w[i]! - c * v[i]!;
    };
    for (let jj = j; jj < k; jj++) reflect(a[jj]!);
    reflect(qty);
    kept.push(j);
  }
  const rank = kept.length;
  for (let i = 0; i < rank; i++) r.push(kept.map((j) => (a[j]![i] ?? 0)));
  // Back substitution: R β = Qᵀy.
  const beta = new Array<number>(rank).fill(0);
  for (let i = rank - 1; i >= 0; i--) {
    let s = qty[i]!;
    for (let c = i + 1; c < rank; c++) s -= r[i]![c]! * beta[c]!;
    beta[i] = s / r[i]![i]!;
  }
  const slopes = new Array<number>(k).fill(0);
  kept.forEach((j, i) => (slopes[j] = beta[i]!));
  const intercept = constant ? yMean - slopes.reduce((s, m, j) => s + m * xMeans[j]!, 0) : 0;
  let ssresid = 0;
  let sstotal = 0;
  for (let i = 0; i < n; i++) {
    const fitted = intercept + slopes.reduce((s, m, j) => s + m * x[i]![j]!, 0);
    ssresid += (y[i]! - fitted) ** 2;
    sstotal += (y[i]! - yMean) ** 2;
  }
  const ssreg = sstotal - ssresid;
  const df = n - rank - (constant ? 1 : 0);
  const sey = Math.sqrt(ssresid / df);
  // (RᵀR)⁻¹ = R⁻¹ R⁻ᵀ, for the standard errors.
  const inv: number[][] = Array.from({ length: rank }, () => new Array<number>(rank).fill(0));
  for (let c = 0; c < rank; c++) {
    inv[c]![c] = 1 / r[c]![c]!;
    for (let i = c - 1; i >= 0; i--) {
      let s = 0;
      for (let t = i + 1; t <= c; t++) s += r[i]![t]! * inv[t]![c]!;
      inv[i]![c] = -s / r[i]![i]!;
    }
  }
  const cov = (p: number, q: number) => {
    let s = 0;
    for (let t = Math.max(p, q); t < rank; t++) s += inv[p]![t]! * inv[q]![t]!;
    return s;
  };
  const slopeErrors = new Array<number>(k).fill(0);
  kept.forEach((j, i) => (slopeErrors[j] = sey * Math.sqrt(cov(i, i))));
  let interceptError: number | undefined;
  if (constant) {
    let q = 1 / n;
    for (let p = 0; p < rank; p++) for (let s = 0; s < rank; s++) q += xMeans[kept[p]!]! * cov(p, s) * xMeans[kept[s]!]!;
    interceptError = sey * Math.sqrt(q);
  }
  return { slopes, intercept, slopeErrors, interceptError, r2: ssreg / sstotal, sey, f: ssreg / rank / (ssresid / df), df, ssreg, ssresid };
}
