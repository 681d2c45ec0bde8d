/**
 * Statistics for the design of a comparison (issue 19): fixed horizons that handle
 * censoring (restricted mean, cumulative incidence with a competing exit), a stratified
 * log-rank test, tests of a table of destinations (chi-square, Fisher's exact test),
 * group-sequential boundaries (Lan-DeMets O'Brien-Fleming alpha spending), Holm's
 * adjustment and sample sizes. Pure functions, no I/O; each is checked in
 * tests/lib/stats-design.test.ts against values computed once with R (survival, stats) or
 * published tables, the command that made them written beside them.
 */
import { kaplanMeier, logRankTest, type SurvivalObservation } from "~/lib/stats";

/* ---------------------------------------------------------------- normal */

/**
 * Standard normal distribution function, Hart's (1968) algorithm 5666 as given by
 * West (2005), "Better approximations to cumulative normal functions": double precision
 * (about 1e-15) in both tails, which the boundaries of early looks need (p ~ 1e-6).
 */
export function normalCdf(x: number): number {
  const a = Math.abs(x);
  let c: number;
  if (a > 37) c = 0;
  else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let b = 3.52624965998911e-2 * a + 0.700383064443688;
      b = b * a + 6.37396220353165;
      b = b * a + 33.912866078383;
      b = b * a + 112.079291497871;
      b = b * a + 221.213596169931;
      b = b * a + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * a + 1.75566716318264;
      b = b * a + 16.064177579207;
      b = b * a + 86.7807322029461;
      b = b * a + 296.564248779674;
      b = b * a + 637.333633378831;
      b = b * a + 793.826512519948;
      b = b * a + 440.413735824752;
      c = c / b;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

export function normalPdf(x: number): number {
  return Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * The standard normal quantile: Acklam's rational approximation refined by one
 * Halley step on normalCdf (full double precision).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`p must be in [0, 1], got ${p}`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/* ------------------------------------------------------------ chi-square */

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9), about 1e-15.
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x) (Numerical Recipes' gammq: series below a + 1, continued fraction above). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(lead);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(lead) * h;
}

/** Upper-tail p-value of a chi-square statistic on `df` degrees of freedom. */
export function chiSquarePValue(x: number, df: number): number {
  if (!(x >= 0) || !(df > 0)) throw new RangeError(`need x >= 0 and df > 0, got ${x}, ${df}`);
  return Math.min(1, Math.max(0, gammaQ(df / 2, x / 2)));
}

/* ------------------------------------------------- tables of destinations */

export interface TableTest {
  method: "chi-square" | "fisher";
  /** Chi-square statistic (null for Fisher's test). */
  statistic: number | null;
  df: number;
  pValue: number;
  /** Smallest expected count under no difference. */
  minExpected: number;
}

/** Drops columns with no households in either row. */
function nonEmptyColumns(table: readonly (readonly number[])[]): number[][] {
  const k = table[0]?.length ?? 0;
  const keep: number[] = [];
  for (let j = 0; j < k; j++) if (table.reduce((s, r) => s + r[j], 0) > 0) keep.push(j);
  return table.map((r) => keep.map((j) => r[j]));
}

/** Pearson's chi-square test of independence (no continuity correction, as R's chisq.test(correct = FALSE)). */
export function chiSquareTest(
  table: readonly (readonly number[])[],
): { statistic: number; df: number; pValue: number; minExpected: number } | null {
  const t = nonEmptyColumns(table);
  const rows = t.map((r) => r.reduce((a, b) => a + b, 0));
  if (rows.some((r) => r === 0) || t[0].length < 2) return null;
  const cols = t[0].map((_, j) => t.reduce((s, r) => s + r[j], 0));
  const n = rows.reduce((a, b) => a + b, 0);
  let x = 0;
  let minExpected = Infinity;
  for (let i = 0; i < t.length; i++)
    for (let j = 0; j < cols.length; j++) {
      const e = (rows[i] * cols[j]) / n;
      minExpected = Math.min(minExpected, e);
      x += (t[i][j] - e) ** 2 / e;
    }
  const df = (t.length - 1) * (cols.length - 1);
  return { statistic: x, df, pValue: chiSquarePValue(x, df), minExpected };
}

/**
 * Fisher's exact test for a 2 × K table: every table with the same margins is
 * enumerated; the p-value sums the probabilities of tables no more likely than the one
 * seen (with R's relative tolerance of 1e-7). Null when there are more than `maxTables`
 * tables (use the chi-square test there).
 */
export function fisherExact2xK(table: readonly (readonly number[])[], maxTables = 200_000): number | null {
  if (table.length !== 2) throw new RangeError("Fisher's exact test here takes two rows");
  const t = nonEmptyColumns(table);
  const cols = t[0].map((_, j) => t[0][j] + t[1][j]);
  const r1 = t[0].reduce((a, b) => a + b, 0);
  const n = cols.reduce((a, b) => a + b, 0);
  if (cols.length < 2 || r1 === 0 || r1 === n) return 1;
  // log k! for k = 0..n, once (the walk below looks each up many times)
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = lf[k - 1] + Math.log(k);
  const logChoose = (a: number, b: number) => lf[a] - lf[b] - lf[a - b];
  const logDen = logChoose(n, r1);
  const logProb = (x: readonly number[]) => x.reduce((s, xj, j) => s + logChoose(cols[j], xj), 0) - logDen;
  const observed = logProb(t[0]);
  const k = cols.length;
  // remaining column capacity after j, to prune
  const capAfter = new Array<number>(k + 1).fill(0);
  for (let j = k - 1; j >= 0; j--) capAfter[j] = capAfter[j + 1] + cols[j];
  let p = 0;
  let count = 0;
  const threshold = observed + Math.log1p(1e-7);
  const x = new Array<number>(k).fill(0);
  const walk = (j: number, left: number, logSoFar: number): boolean => {
    if (j === k - 1) {
      if (left > cols[j]) return true;
      x[j] = left;
      const lp = logSoFar + logChoose(cols[j], left) - logDen;
      if (++count > maxTables) return false;
      if (lp <= threshold) p += Math.exp(lp);
      return true;
    }
    const lo = Math.max(0, left - capAfter[j + 1]);
    const hi = Math.min(cols[j], left);
    for (let v = lo; v <= hi; v++) {
      x[j] = v;
      if (!walk(j + 1, left - v, logSoFar + logChoose(cols[j], v))) return false;
    }
    return true;
  };
  if (!walk(0, r1, 0)) return null;
  return Math.min(1, p);
}

/**
 * The test for a table of exits by destination (two groups): Pearson's chi-square when
 * every expected count is 5 or more (Cochran's rule), otherwise Fisher's exact test.
 * Null when a group has no exits or there is only one destination.
 */
export function destinationTest(table: readonly (readonly number[])[]): TableTest | null {
  const chi = chiSquareTest(table);
  if (!chi) return null;
  if (chi.minExpected >= 5)
    return { method: "chi-square", statistic: chi.statistic, df: chi.df, pValue: chi.pValue, minExpected: chi.minExpected };
  const p = fisherExact2xK(table);
  if (p === null) return { method: "chi-square", statistic: chi.statistic, df: chi.df, pValue: chi.pValue, minExpected: chi.minExpected };
  return { method: "fisher", statistic: null, df: chi.df, pValue: p, minExpected: chi.minExpected };
}

/* ------------------------------------------------------------ survival */

/** Stays measured only up to `horizon` days: a longer stay is counted as "still in TA at the horizon". */
export function truncateAt(observations: readonly SurvivalObservation[], horizon: number): SurvivalObservation[] {
  return observations.map((o) => (o.time > horizon ? { time: horizon, event: false } : o));
}

export interface Estimate {
  estimate: number;
  se: number;
}

/**
 * Restricted mean time in TA up to `tau` days: the area under the Kaplan-Meier curve
 * from 0 to tau, with the usual variance Σ A_j² d_j / (n_j (n_j − d_j)), A_j the area
 * from the j-th exit time to tau (as R survival's print(survfit, rmean = tau)). Null when
 * the group was not followed to tau (its longest observation ends before tau while some
 * are still in TA): the curve says nothing there.
 */
export function restrictedMean(observations: readonly SurvivalObservation[], tau: number): Estimate | null {
  if (observations.length === 0) return null;
  const curve = kaplanMeier(observations);
  const last = curve.steps[curve.steps.length - 1];
  if (last.time < tau && last.survival > 0) return null;
  const events = curve.steps.filter((s) => s.events > 0 && s.time <= tau);
  // areas between consecutive exit times, up to tau
  const times = [0, ...events.map((s) => s.time), tau];
  const surv = [1, ...events.map((s) => s.survival)];
  let area = 0;
  const pieces: number[] = [];
  for (let i = 0; i < surv.length; i++) {
    const a = surv[i] * (times[i + 1] - times[i]);
    pieces.push(a);
    area += a;
  }
  let variance = 0;
  let tail = 0; // area from exit time j to tau
  for (let j = events.length - 1; j >= 0; j--) {
    tail += pieces[j + 1];
    const s = events[j];
    if (s.atRisk > s.events) variance += (tail * tail * s.events) / (s.atRisk * (s.atRisk - s.events));
  }
  return { estimate: area, se: Math.sqrt(variance) };
}

/** One household: the time it was followed, and what ended it: 0 still in TA, 1 the event of interest, 2 a competing exit. */
export interface CompetingObservation {
  time: number;
  cause: 0 | 1 | 2;
}

/**
 * Cumulative incidence of cause 1 by `t` with cause 2 competing (Aalen-Johansen), and
 * its infinitesimal-jackknife standard error, as R survival's survfit on a multi-state
 * outcome (pstate and std.err). Households still in TA are censored. Null when empty.
 */
export function cumulativeIncidence(observations: readonly CompetingObservation[], t: number): Estimate | null {
  const n = observations.length;
  if (n === 0) return null;
  const times = [...new Set(observations.filter((o) => o.cause !== 0 && o.time <= t).map((o) => o.time))].sort((a, b) => a - b);
  const J = times.length;
  const atRisk = new Array<number>(J).fill(0);
  const d1 = new Array<number>(J).fill(0);
  const d = new Array<number>(J).fill(0);
  const index = new Map(times.map((x, j) => [x, j]));
  const sortedObs = [...observations].map((o) => o.time).sort((a, b) => a - b);
  for (let j = 0, i = 0; j < J; j++) {
    while (i < n && sortedObs[i] < times[j]) i++;
    atRisk[j] = n - i;
  }
  for (const o of observations) {
    const j = index.get(o.time);
    if (j === undefined || o.cause === 0) continue;
    d[j]++;
    if (o.cause === 1) d1[j]++;
  }
  const sBefore = new Array<number>(J); // S(t_j−)
  let s = 1;
  let f = 0;
  for (let j = 0; j < J; j++) {
    sBefore[j] = s;
    f += (s * d1[j]) / atRisk[j];
    s *= 1 - d[j] / atRisk[j];
  }
  // influence of each household on F(t): dF = Σ_j [dS_{j−1} h1_j + S_{j−1} dh1_j]
  let variance = 0;
  for (const o of observations) {
    let dS = 0;
    let dF = 0;
    for (let j = 0; j < J; j++) {
      const y = o.time >= times[j] ? 1 : 0;
      const dn = o.time === times[j] && o.cause !== 0 ? 1 : 0;
      const dn1 = o.time === times[j] && o.cause === 1 ? 1 : 0;
      const h1 = d1[j] / atRisk[j];
      const h = d[j] / atRisk[j];
      const dh1 = (dn1 - y * h1) / atRisk[j];
      const dh = (dn - y * h) / atRisk[j];
      dF += dS * h1 + sBefore[j] * dh1;
      dS = dS * (1 - h) - sBefore[j] * dh;
      if (y === 0 && dS === 0) break;
    }
    variance += dF * dF;
  }
  return { estimate: f, se: Math.sqrt(variance) };
}

export interface StratifiedLogRank {
  /** Observed minus expected exits in the first group, summed over strata. */
  observedMinusExpected: number;
  variance: number;
  chiSquare: number | null;
  pValue: number | null;
  /** Signed: positive when the first group leaves sooner than expected. */
  z: number | null;
  strata: number;
}

/**
 * Log-rank test within strata (R's survdiff(... + strata(s))): observed − expected and
 * the variance are worked out within each stratum and summed, so groups that differ in
 * make-up are compared like with like. One stratum gives the plain log-rank test.
 */
export function stratifiedLogRank(
  groupA: readonly (SurvivalObservation & { stratum: string })[],
  groupB: readonly (SurvivalObservation & { stratum: string })[],
): StratifiedLogRank {
  const keys = [...new Set([...groupA.map((o) => o.stratum), ...groupB.map((o) => o.stratum)])].sort();
  let oe = 0;
  let v = 0;
  for (const k of keys) {
    const a = groupA.filter((o) => o.stratum === k);
    const b = groupB.filter((o) => o.stratum === k);
    if (a.length === 0 || b.length === 0) continue;
    const r = logRankTest(a, b);
    oe += r.groupA.observed - r.groupA.expected;
    v += r.variance;
  }
  if (!(v > 0)) return { observedMinusExpected: oe, variance: v, chiSquare: null, pValue: null, z: null, strata: keys.length };
  const chiSquare = (oe * oe) / v;
  return {
    observedMinusExpected: oe,
    variance: v,
    chiSquare,
    pValue: chiSquarePValue(chiSquare, 1),
    z: oe / Math.sqrt(v),
    strata: keys.length,
  };
}

/* --------------------------------------------------- sequential boundary */

/**
 * Lan-DeMets O'Brien-Fleming-type spending of a two-sided alpha split equally between the
 * tails (as gsDesign's sfLDOF and ldbounds): α(t) = 4 (1 − Φ(z_{1−α/4} / √t)), the share
 * of alpha spent by information fraction t (α at t = 1).
 */
export function obrienFlemingSpent(t: number, alpha = 0.05): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  return Math.min(alpha, 4 * (1 - normalCdf(normalQuantile(1 - alpha / 4) / Math.sqrt(t))));
}

/**
 * Two-sided group-sequential boundaries (|Z| ≥ c_k stops) at looks with information
 * fractions `fractions` (increasing, in (0, 1]), spending alpha by obrienFlemingSpent.
 * The probabilities of crossing are worked out by recursive numerical integration of the
 * score process (Armitage, McPherson and Rowe 1969; Jennison and Turnbull 2000, ch. 19),
 * Simpson's rule on a grid finer than the spread of each increment.
 */
export function sequentialBoundaries(fractions: readonly number[], alpha = 0.05): number[] {
  for (let i = 0; i < fractions.length; i++) {
    const t = fractions[i];
    if (!(t > 0 && t <= 1) || (i > 0 && !(t > fractions[i - 1])))
      throw new RangeError(`information fractions must increase within (0, 1], got ${fractions.join(", ")}`);
  }
  const out: number[] = [];
  let grid: Float64Array | null = null;
  let dens: Float64Array | null = null;
  let weights: Float64Array | null = null;
  let spent = 0;
  let tPrev = 0;
  const CAP = 9; // a look with nothing to spend: continuation region ±9 standard deviations
  const simpson = (lo: number, hi: number, m: number) => {
    const pts = m % 2 === 0 ? m + 1 : m;
    const g = new Float64Array(pts);
    const w = new Float64Array(pts);
    const h = (hi - lo) / (pts - 1);
    for (let i = 0; i < pts; i++) {
      g[i] = lo + i * h;
      w[i] = ((i === 0 || i === pts - 1 ? 1 : i % 2 === 1 ? 4 : 2) * h) / 3;
    }
    return { g, w };
  };
  for (const t of fractions) {
    const target = obrienFlemingSpent(t, alpha) - spent;
    const sdT = Math.sqrt(t);
    let c: number;
    if (grid === null) {
      c = target > 0 ? normalQuantile(1 - target / 2) : Infinity;
      const b = Math.min(c, CAP) * sdT;
      const m = 401;
      const s = simpson(-b, b, m);
      grid = s.g;
      weights = s.w;
      dens = new Float64Array(grid.length);
      for (let i = 0; i < grid.length; i++) dens[i] = normalPdf(grid[i] / sdT) / sdT;
    } else {
      const sdD = Math.sqrt(t - tPrev);
      const g0 = grid;
      const w0 = weights!;
      const f0 = dens!;
      const cross = (cc: number) => {
        const b = cc * sdT;
        let p = 0;
        for (let i = 0; i < g0.length; i++) p += w0[i] * f0[i] * (normalCdf((-b - g0[i]) / sdD) + normalCdf((g0[i] - b) / sdD));
        return p;
      };
      if (target <= 1e-15) c = Infinity;
      else {
        let lo = 0.01;
        let hi = 40;
        for (let it = 0; it < 100 && hi - lo > 1e-9; it++) {
          const mid = (lo + hi) / 2;
          if (cross(mid) > target) lo = mid;
          else hi = mid;
        }
        c = (lo + hi) / 2;
      }
      const b = Math.min(c, CAP) * sdT;
      const m = Math.min(4001, Math.max(401, Math.ceil((2 * b * 12) / sdD)));
      const s = simpson(-b, b, m);
      const next = new Float64Array(s.g.length);
      for (let j = 0; j < s.g.length; j++) {
        let v = 0;
        for (let i = 0; i < g0.length; i++) v += w0[i] * f0[i] * normalPdf((s.g[j] - g0[i]) / sdD);
        next[j] = v / sdD;
      }
      grid = s.g;
      weights = s.w;
      dens = next;
    }
    out.push(c);
    spent = obrienFlemingSpent(t, alpha);
    tPrev = t;
  }
  return out;
}

/* ---------------------------------------------------------- multiplicity */

/** Holm's step-down adjusted p-values (R's p.adjust(p, "holm")), in the order given. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}

/* ----------------------------------------------------------- sample size */

/**
 * Households per group to tell proportions p1 and p2 apart with a two-sided test at
 * `alpha` and the given power (R's power.prop.test, strict = FALSE).
 */
export function sampleSizeTwoProportions(p1: number, p2: number, alpha = 0.05, power = 0.8): number {
  if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1) || p1 === p2) throw new RangeError("need two different proportions in [0, 1]");
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const q1 = 1 - p1;
  const q2 = 1 - p2;
  return ((za * Math.sqrt(((p1 + p2) * (q1 + q2)) / 2) + zb * Math.sqrt(p1 * q1 + p2 * q2)) / Math.abs(p1 - p2)) ** 2;
}

/** The power of that test with n households per group (R's power.prop.test, strict = FALSE). */
export function powerTwoProportions(n: number, p1: number, p2: number, alpha = 0.05): number {
  const za = normalQuantile(1 - alpha / 2);
  const q1 = 1 - p1;
  const q2 = 1 - p2;
  return normalCdf((Math.sqrt(n) * Math.abs(p1 - p2) - za * Math.sqrt(((p1 + p2) * (q1 + q2)) / 2)) / Math.sqrt(p1 * q1 + p2 * q2));
}

/** Households per group to detect a difference `delta` in means with standard deviation `sd` (normal approximation). */
export function sampleSizeTwoMeans(delta: number, sd: number, alpha = 0.05, power = 0.8): number {
  if (!(delta !== 0 && sd > 0)) throw new RangeError("need a non-zero difference and a positive standard deviation");
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return 2 * ((z * sd) / delta) ** 2;
}

/** The power of that comparison with n households per group. */
export function powerTwoMeans(n: number, delta: number, sd: number, alpha = 0.05): number {
  return normalCdf(Math.abs(delta) / (sd * Math.sqrt(2 / n)) - normalQuantile(1 - alpha / 2));
}
