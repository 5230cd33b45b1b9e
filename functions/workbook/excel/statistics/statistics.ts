import * as cephes from 'cephes';
import type { FunctionArgument, FunctionMetadata, ImplementedFunctions } from 'hyperformula';
import { CellError, ErrorType, FunctionArgumentType, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { CallAst } from '../common/function-plugin.js';
import { ANY, ExcelFunctionPlugin, NUMBER } from '../common/function-plugin.js';

/**
 * Excel's statistical distributions with the precision Excel (and LibreOffice) give them.
 * HyperFormula computes them with jStat, whose log-gamma is good to about ten digits only: its
 * BINOM.DIST, T.INV, F.DIST.RT, CHISQ.TEST… differ from Excel's in the ninth digit, and its
 * BETA.DIST density forgets to divide by the interval's width. Here the numerics are Cephes
 * (Moshier's library of special functions, the `cephes` package, to about 1e-15), behind the same
 * function names and HyperFormula's own declarations of their arguments (types, domains, defaults),
 * so only the numbers change; BINOM.DIST.RANGE and PROB, which HyperFormula lacks, alike. A Cephes domain error, an infinity or a NaN is #NUM!, as in Excel.
 */

// Cephes is WebAssembly; its ES module build compiles it asynchronously, once, when first loaded.
await cephes.compiled;

type Kernel = (...args: never[]) => number | CellError;

const numError = () => new CellError(ErrorType.NUM);

/** Student's t density. */
function tPdf(x: number, df: number): number {
  return Math.exp(cephes.lgam((df + 1) / 2) - cephes.lgam(df / 2)) / Math.sqrt(df * Math.PI) * Math.pow(1 + (x * x) / df, -(df + 1) / 2);
}

/** The gamma distribution's density (shape a, scale b). */
function gammaPdf(x: number, a: number, b: number): number | CellError {
  if (x === 0) return a < 1 ? numError() : a === 1 ? 1 / b : 0;
  return Math.exp((a - 1) * Math.log(x) - x / b - a * Math.log(b) - cephes.lgam(a));
}

/** The F distribution's density. */
function fPdf(x: number, d1: number, d2: number): number {
  if (x === 0) return d1 < 2 ? Infinity : d1 === 2 ? 1 : 0;
  return Math.exp(0.5 * (d1 * Math.log(d1 * x) + d2 * Math.log(d2) - (d1 + d2) * Math.log(d1 * x + d2)) - Math.log(x) - (cephes.lgam(d1 / 2) + cephes.lgam(d2 / 2) - cephes.lgam((d1 + d2) / 2)));
}

/** C(n, s) pᵗ (1-p)ⁿ⁻ˢ, the binomial probability of exactly s successes. */
function binomialPdf(s: number, n: number, p: number): number {
  if (p === 0) return s === 0 ? 1 : 0;
  if (p === 1) return s === n ? 1 : 0;
  if (n <= 1000) {
    let c = 1;
    const k = Math.min(s, n - s);
    for (let i = 1; i <= k; i++) c *= (n - k + i) / i;
    return c * Math.pow(p, s) * Math.pow(1 - p, n - s);
  }
  return Math.exp(cephes.lgam(n + 1) - cephes.lgam(s + 1) - cephes.lgam(n - s + 1) + s * Math.log(p) + (n - s) * Math.log1p(-p));
}

/** P(X ≤ s) for the binomial distribution (Cephes' bdtr wants s < n). */
const binomialCdf = (s: number, n: number, p: number): number => (s >= n ? 1 : cephes.bdtr(s, n, p));

/** The beta density on [A, B]. */
function betaPdf(t: number, a: number, b: number, width: number): number {
  const direct = (Math.pow(t, a - 1) * Math.pow(1 - t, b - 1)) / cephes.beta(a, b);
  if (Number.isFinite(direct) && direct !== 0) return direct / width;
  return Math.exp((a - 1) * Math.log(t) + (b - 1) * Math.log1p(-t) - (cephes.lgam(a) + cephes.lgam(b) - cephes.lgam(a + b))) / width;
}

/** The smallest k for which the binomial distribution's P(X ≤ k) reaches alpha (BINOM.INV). */
function binomialInverse(n: number, p: number, alpha: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (binomialCdf(mid, n, p) >= alpha) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The numbers of arguments (ranges flattened; text, booleans and empty cells in them skipped); the first error stops it. */
function numbers(args: unknown[]): number[] | CellError {
  const out: number[] = [];
  for (const a of args) {
    for (const v of a instanceof SimpleRangeValue ? a.data.flat() : [a]) {
      if (v instanceof CellError) return v;
      if (typeof v === 'number') out.push(v);
    }
  }
  return out;
}

/** The least-squares line through the pairs of numbers of two ranges (a pair with anything else is skipped). */
function line(ys: unknown, xs: unknown): { slope: number; intercept: number } | CellError {
  const ya = ys instanceof SimpleRangeValue ? ys.data.flat() : [ys];
  const xa = xs instanceof SimpleRangeValue ? xs.data.flat() : [xs];
  if (ya.length !== xa.length) return new CellError(ErrorType.NA);
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < ya.length; i++) {
    const y = ya[i];
    const x = xa[i];
    if (y instanceof CellError) return y;
    if (x instanceof CellError) return x;
    if (typeof x === 'number' && typeof y === 'number') {
      px.push(x);
      py.push(y);
    }
  }
  const n = px.length;
  if (!n) return new CellError(ErrorType.DIV_BY_ZERO);
  const mx = px.reduce((a, b) => a + b, 0) / n;
  const my = py.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (px[i]! - mx) * (py[i]! - my);
    sxx += (px[i]! - mx) ** 2;
  }
  if (sxx === 0) return new CellError(ErrorType.DIV_BY_ZERO);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** FREQUENCY(data, bins): how many numbers fall in each bin (up to it, above the one below), and above the last, down a column. */
function frequency(data: unknown, bins: unknown): SimpleRangeValue | CellError {
  const xs = numbers([data]);
  const bs = numbers([bins]);
  if (xs instanceof CellError) return xs;
  if (bs instanceof CellError) return bs;
  const order = bs.map((b, i) => [b, i] as const).sort((a, b) => a[0] - b[0]);
  const counts = new Array<number>(bs.length + 1).fill(0);
  for (const x of xs) {
    const at = order.find(([b]) => x <= b);
    counts[at ? at[1] : bs.length]!++;
  }
  return SimpleRangeValue.onlyValues(counts.map((c) => [c]) as never);
}

/** ln C(n, k). */
const lnChoose = (n: number, k: number) => cephes.lgam(n + 1) - cephes.lgam(k + 1) - cephes.lgam(n - k + 1);

const KERNELS: Record<string, Kernel> = {
  // Excel's functions before 2010, with their own arguments: HyperFormula reads them as aliases of
  // the 2010 functions, whose arguments differ (NORMSDIST(1) had a cumulative argument missing,
  // BETADIST's fourth argument is a bound, not a cumulative flag).
  NORMSDIST: (z: number) => cephes.ndtr(z),
  LOGNORMDIST: (x: number, mean: number, sd: number) => (x <= 0 || sd <= 0 ? numError() : cephes.ndtr((Math.log(x) - mean) / sd)),
  NEGBINOMDIST: (failures: number, successes: number, p: number) => {
    const f = Math.trunc(failures);
    const k = Math.trunc(successes);
    if (f < 0 || k < 1 || p < 0 || p > 1) return numError();
    return Math.exp(lnChoose(f + k - 1, k - 1)) * Math.pow(p, k) * Math.pow(1 - p, f);
  },
  HYPGEOMDIST: (sample: number, size: number, population: number, total: number) => {
    const [s, n, m, N] = [sample, size, population, total].map(Math.trunc) as [number, number, number, number];
    if (s < 0 || s > n || s > m || n > N || m > N || n - s > N - m || N <= 0) return numError();
    return Math.exp(lnChoose(m, s) + lnChoose(N - m, n - s) - lnChoose(N, n));
  },
  BETADIST: (x: number, a: number, b: number, lower: number, upper: number) => {
    if (x < lower || x > upper || lower === upper || a <= 0 || b <= 0) return numError();
    return cephes.incbet(a, b, (x - lower) / (upper - lower));
  },
  INTERCEPT: (ys: unknown, xs: unknown) => {
    const l = line(ys, xs);
    return l instanceof CellError ? l : l.intercept;
  },
  FORECAST: (x: number, ys: unknown, xs: unknown) => {
    const l = line(ys, xs);
    return l instanceof CellError ? l : l.intercept + l.slope * x;
  },
  KURT: (...args: unknown[]) => {
    const xs = numbers(args);
    if (xs instanceof CellError) return xs;
    const n = xs.length;
    const m = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
    if (n < 4 || sd === 0) return new CellError(ErrorType.DIV_BY_ZERO);
    const s4 = xs.reduce((a, b) => a + ((b - m) / sd) ** 4, 0);
    return ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * s4 - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  },
  TRIMMEAN: (list: unknown, percent: number) => {
    const xs = numbers([list]);
    if (xs instanceof CellError) return xs;
    if (percent < 0 || percent >= 1 || !xs.length) return numError();
    // As many values left out at each end: half the share, rounded down.
    const k = Math.floor((xs.length * percent) / 2);
    const kept = xs.sort((a, b) => a - b).slice(k, xs.length - k);
    return kept.reduce((a, b) => a + b, 0) / kept.length;
  },
  PERMUT: (n: number, k: number) => {
    const a = Math.trunc(n);
    const b = Math.trunc(k);
    if (a < 0 || b < 0 || a < b) return numError();
    let p = 1;
    for (let i = 0; i < b; i++) p *= a - i;
    return p;
  },
  PERMUTATIONA: (n: number, k: number) => (Math.trunc(n) < 0 || Math.trunc(k) < 0 ? numError() : Math.trunc(n) ** Math.trunc(k)),
  FREQUENCY: frequency as Kernel,
  GAMMALN: (x: number) => cephes.lgam(x),
  'GAMMA.DIST': (x: number, a: number, b: number, cumulative: boolean) => (cumulative ? cephes.igam(a, x / b) : gammaPdf(x, a, b)),
  'GAMMA.INV': (p: number, a: number, b: number) => (p === 0 ? 0 : b * cephes.igami(a, 1 - p)),
  'BETA.DIST': (x: number, a: number, b: number, cumulative: boolean, lower: number, upper: number) => {
    // Excel: #NUM! outside [A, B] or when A = B; x may be A or B itself.
    if (x < lower || x > upper || lower === upper) return numError();
    const t = (x - lower) / (upper - lower);
    return cumulative ? cephes.incbet(a, b, t) : betaPdf(t, a, b, upper - lower);
  },
  'BETA.INV': (p: number, a: number, b: number, lower: number, upper: number) => (lower >= upper ? numError() : lower + (upper - lower) * cephes.incbi(a, b, p)),
  'BINOM.DIST': (s: number, n: number, p: number, cumulative: boolean) => {
    const k = Math.trunc(s);
    const m = Math.trunc(n);
    if (k > m) return numError();
    return cumulative ? binomialCdf(k, m, p) : binomialPdf(k, m, p);
  },
  'BINOM.INV': (n: number, p: number, alpha: number) => binomialInverse(Math.trunc(n), p, alpha),
  // The probability of s to s2 successes in n trials (of exactly s without s2).
  'BINOM.DIST.RANGE': (trials: number, p: number, successes: number, upTo?: number) => {
    const n = Math.trunc(trials);
    const s = Math.trunc(successes);
    const s2 = upTo === undefined ? s : Math.trunc(upTo);
    if (n < 0 || p < 0 || p > 1 || s < 0 || s > n || s2 < s || s2 > n) return numError();
    let sum = 0;
    for (let k = s; k <= s2; k++) sum += binomialPdf(k, n, p);
    return sum;
  },
  'CHISQ.DIST': (x: number, df: number, cumulative: boolean) => (cumulative ? cephes.igam(Math.trunc(df) / 2, x / 2) : gammaPdf(x, Math.trunc(df) / 2, 2)),
  'CHISQ.DIST.RT': (x: number, df: number) => cephes.igamc(Math.trunc(df) / 2, x / 2),
  'CHISQ.INV': (p: number, df: number) => (p === 0 ? 0 : 2 * cephes.igami(Math.trunc(df) / 2, 1 - p)),
  'CHISQ.INV.RT': (p: number, df: number) => (p === 1 ? 0 : 2 * cephes.igami(Math.trunc(df) / 2, p)),
  'F.DIST': (x: number, d1: number, d2: number, cumulative: boolean) => (cumulative ? cephes.fdtr(Math.trunc(d1), Math.trunc(d2), x) : fPdf(x, Math.trunc(d1), Math.trunc(d2))),
  'F.DIST.RT': (x: number, d1: number, d2: number) => cephes.fdtrc(Math.trunc(d1), Math.trunc(d2), x),
  'F.INV': (p: number, d1: number, d2: number) => (p === 0 ? 0 : cephes.fdtri(Math.trunc(d1), Math.trunc(d2), 1 - p)),
  'F.INV.RT': (p: number, d1: number, d2: number) => (p === 1 ? 0 : cephes.fdtri(Math.trunc(d1), Math.trunc(d2), p)),
  'T.DIST': (x: number, df: number, cumulative: boolean) => (cumulative ? cephes.stdtr(Math.trunc(df), x) : tPdf(x, Math.trunc(df))),
  'T.DIST.RT': (x: number, df: number) => cephes.stdtr(Math.trunc(df), -x),
  'T.DIST.2T': (x: number, df: number) => 2 * cephes.stdtr(Math.trunc(df), -x),
  TDIST: (x: number, df: number, tails: number) => tails * cephes.stdtr(Math.trunc(df), -x),
  'T.INV': (p: number, df: number) => cephes.stdtri(Math.trunc(df), p),
  // The lower tail, negated: 1 - p/2 would lose digits of a small p.
  'T.INV.2T': (p: number, df: number) => -cephes.stdtri(Math.trunc(df), p / 2),
  'CONFIDENCE.T': (alpha: number, sd: number, size: number) => {
    const n = Math.trunc(size);
    if (n === 1) return new CellError(ErrorType.DIV_BY_ZERO);
    return (-cephes.stdtri(n - 1, alpha / 2) * sd) / Math.sqrt(n);
  },
  'CONFIDENCE.NORM': (alpha: number, sd: number, size: number) => (-cephes.ndtri(alpha / 2) * sd) / Math.sqrt(Math.trunc(size)),
  'NORM.DIST': (x: number, mean: number, sd: number, cumulative: boolean) => (cumulative ? cephes.ndtr((x - mean) / sd) : Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (Math.sqrt(2 * Math.PI) * sd)),
  'NORM.INV': (p: number, mean: number, sd: number) => mean + sd * cephes.ndtri(p),
  'NORM.S.DIST': (z: number, cumulative: boolean) => (cumulative ? cephes.ndtr(z) : Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)),
  'NORM.S.INV': (p: number) => cephes.ndtri(p),
};

/** Functions HyperFormula lacks, declared here. */
const OWN_PARAMETERS: Record<string, FunctionArgument[]> = {
  INTERCEPT: [ANY, ANY],
  FORECAST: [NUMBER, ANY, ANY],
  KURT: [ANY],
  TRIMMEAN: [ANY, NUMBER],
  PERMUT: [NUMBER, NUMBER],
  PERMUTATIONA: [NUMBER, NUMBER],
  FREQUENCY: [ANY, ANY],
  NORMSDIST: [NUMBER],
  LOGNORMDIST: [NUMBER, NUMBER, NUMBER],
  NEGBINOMDIST: [NUMBER, NUMBER, NUMBER],
  HYPGEOMDIST: [NUMBER, NUMBER, NUMBER, NUMBER],
  BETADIST: [NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 }],
  'BINOM.DIST.RANGE': [NUMBER, NUMBER, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }],
};

/** Declarations beyond the parameters of functions HyperFormula lacks (repeated arguments, no vectorizing). */
const OWN_DECLARATION: Record<string, Partial<FunctionMetadata>> = {
  INTERCEPT: { vectorizationForbidden: true },
  FORECAST: { vectorizationForbidden: true },
  KURT: { repeatLastArgs: 1, vectorizationForbidden: true },
  TRIMMEAN: { vectorizationForbidden: true },
  FREQUENCY: { vectorizationForbidden: true },
};

/** A kernel's answer as a cell value: Cephes' domain errors, infinities and NaN are #NUM!. */
function safely(kernel: Kernel): Kernel {
  return (...args: never[]) => {
    try {
      const v = kernel(...args);
      return typeof v === 'number' && !Number.isFinite(v) ? numError() : v;
    } catch (e) {
      if (e instanceof RangeError) return numError();
      throw e;
    }
  };
}

/**
 * HyperFormula's declaration of each function computed here, read before its own function of the
 * name is unregistered (this module is loaded before the engine registers its functions), with
 * HyperFormula's aliases of it (FDIST, TINV, CHIDIST…), which answer with the precise kernel too.
 */
function declarations(): { implementedFunctions: ImplementedFunctions; aliases: Record<string, string> } {
  const implementedFunctions: ImplementedFunctions = {};
  const aliases: Record<string, string> = {};
  const declared = (name: string): FunctionMetadata | undefined => {
    const plugin = HyperFormula.getFunctionPlugin(name) as { implementedFunctions?: ImplementedFunctions; aliases?: Record<string, string> } | undefined;
    if (!plugin) return undefined;
    for (const [alias, target] of Object.entries(plugin.aliases ?? {})) if (target === name) aliases[alias] = name;
    return plugin.implementedFunctions?.[name];
  };
  for (const name of Object.keys(KERNELS)) {
    const metadata = name in OWN_PARAMETERS ? undefined : declared(name);
    const parameters = metadata?.parameters ?? OWN_PARAMETERS[name];
    if (!parameters) throw new Error(`no declaration of ${name}`);
    implementedFunctions[name] = { ...metadata, ...OWN_DECLARATION[name], parameters, method: 'kernel' };
  }
  // FORECAST.LINEAR is Excel 2016's name of FORECAST; a function of its own is no alias.
  aliases['FORECAST.LINEAR'] = 'FORECAST';
  for (const name of Object.keys(KERNELS)) delete aliases[name];
  implementedFunctions['CHISQ.TEST'] = { ...declared('CHISQ.TEST'), method: 'chiSquareTest' };
  const RANGE = { argumentType: FunctionArgumentType.RANGE };
  implementedFunctions.PROB = { method: 'probability', parameters: [RANGE, RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }], vectorizationForbidden: true };
  return { implementedFunctions, aliases };
}

const DECLARATIONS = declarations();
/** Each kernel as a cell's answer (safely()). */
const ANSWERS: Record<string, Kernel> = Object.fromEntries(Object.entries(KERNELS).map(([name, kernel]) => [name, safely(kernel)]));

/** Each function with its precise kernel, declared as HyperFormula declares it (or as OWN_PARAMETERS does). */
export class StatisticsPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = DECLARATIONS.implementedFunctions;
  static override aliases: Record<string, string> = DECLARATIONS.aliases;

  /** A function of KERNELS, called by its name or an alias of it. */
  kernel(ast: CallAst, state: unknown): unknown {
    const name = StatisticsPlugin.aliases[ast.procedureName] ?? ast.procedureName;
    return this.compute(ast, state, name, ANSWERS[name]!);
  }

  /**
   * PROB(values, probabilities, lower, [upper]): the probability that a value lies in [lower,
   * upper] (is lower, without upper). Probabilities each in (0, 1] and summing to 1, else #NUM!;
   * ranges of different sizes: #N/A.
   */
  probability(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'PROB', (values: SimpleRangeValue, probabilities: SimpleRangeValue, lower: number, upper?: number) => {
      const xs = values.valuesFromTopLeftCorner();
      const ps = probabilities.valuesFromTopLeftCorner();
      if (xs.length !== ps.length) return new CellError(ErrorType.NA);
      const high = upper ?? lower;
      let total = 0;
      let inside = 0;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const p = ps[i];
        if (x instanceof CellError) return x;
        if (p instanceof CellError) return p;
        if (typeof p !== 'number' || typeof x !== 'number') continue;
        if (p <= 0 || p > 1) return numError();
        total += p;
        if (x >= lower && x <= high) inside += p;
      }
      return Math.abs(total - 1) > 1e-9 ? numError() : inside;
    });
  }

  /**
   * CHISQ.TEST(actual, expected): HyperFormula's reading of the two ranges (pairs of numbers, an
   * error stops it), with the chi-square tail from Cephes.
   */
  chiSquareTest(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'CHISQ.TEST', (actual: SimpleRangeValue, expected: SimpleRangeValue) => {
      const r = actual.height();
      const c = actual.width();
      if (expected.height() !== r || expected.width() !== c) return new CellError(ErrorType.NA);
      const xs = actual.valuesFromTopLeftCorner();
      const ys = expected.valuesFromTopLeftCorner();
      let chi = 0;
      let pairs = 0;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const y = ys[i];
        if (x instanceof CellError) return x;
        if (y instanceof CellError) return y;
        if (typeof x !== 'number' || typeof y !== 'number') continue;
        if (y === 0) return new CellError(ErrorType.DIV_BY_ZERO);
        chi += ((x - y) * (x - y)) / y;
        pairs++;
      }
      if (pairs <= 1) return new CellError(ErrorType.DIV_BY_ZERO);
      const df = r > 1 && c > 1 ? (r - 1) * (c - 1) : r * c - 1;
      return safely((d: number, x: number) => cephes.igamc(d / 2, x / 2))(df as never, chi as never);
    });
  }
}
