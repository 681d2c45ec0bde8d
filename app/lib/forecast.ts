/**
 * Forecasting households in TA: pure, deterministic functions (no I/O, no clock, no
 * randomness), so every figure is reproducible and checked against R in
 * tests/lib/forecast.test.ts.
 *
 * The model (docs/reports.md, "Forecast"; ADR 0055):
 * - A household in TA on the origin night that has been in TA d nights is still in TA t
 *   nights later with probability S(d + t) / S(d), S the Kaplan-Meier survival of length
 *   of stay per episode (households still in TA censored). So each household leaves at the
 *   rate its duration predicts. Households are independent: the number still in TA is a
 *   sum of Bernoulli variables, variance sum p(1 - p).
 * - Arrivals are a Poisson process with the recent daily rate (times a month-of-year
 *   factor when the data shows seasonality, seasonalityTest). The arrivals still in TA at
 *   t are then Poisson too (a thinned Poisson process), with mean sum_a lambda_a S(t - a):
 *   variance equal to the mean. The rate itself is estimated from N arrivals, so it is
 *   uncertain by a factor of 1/sqrt(N); that adds mean^2 / N to the variance.
 * - The 95% interval is the normal approximation: mean +/- 1.96 sd, not below 0.
 * - A length-of-stay change stretches the survival curve from a day on: S_f(t) = S(t / f),
 *   f = 1 + change (0.9: stays 10% shorter).
 */
import { Z_95, type KaplanMeierCurve } from "~/lib/stats";

/* ------------------------------------------------------------ survival */

/**
 * S(t) = P(length of stay > t) for t = 0, 1, ..., maxDays from a Kaplan-Meier curve (a
 * right-continuous step function). Past the last observed time it stays at its last value:
 * the curve says nothing about longer stays, and assuming nobody leaves is the cautious
 * reading (stated on the page as a limit).
 */
export function survivalTable(curve: KaplanMeierCurve, maxDays: number): Float64Array {
  if (!Number.isInteger(maxDays) || maxDays < 0) throw new RangeError(`maxDays must be a whole number >= 0, got ${maxDays}`);
  const s = new Float64Array(maxDays + 1);
  let i = 0;
  let value = 1;
  for (let t = 0; t <= maxDays; t++) {
    while (i < curve.steps.length && curve.steps[i].time <= t) {
      value = curve.steps[i].survival;
      i++;
    }
    s[t] = value;
  }
  return s;
}

/** S at day t (a whole or fractional number of days: floor), the last value beyond the table. */
export function survivalAt(s: Float64Array, t: number): number {
  if (t < 0) return 1;
  const k = Math.floor(t + 1e-9);
  return k < s.length ? s[k] : s[s.length - 1];
}

/**
 * The chance a household in TA for `duration` nights on the origin night is still in TA
 * `t` nights later: S(d + t) / S(d). A length-of-stay change from day `fromDay` (days after
 * the origin) with factor f continues the curve S_f(x) = S(x / f) from that day:
 * S(d + c) / S(d) * S_f(d + t) / S_f(d + c), c = min(t, fromDay). If S(d) is 0 (a stay
 * longer than every stay that ended), the household is taken to stay.
 */
export function stillInTa(s: Float64Array, duration: number, t: number, change?: LosChange | null): number {
  if (!change || change.factor === 1 || t <= change.fromDay) return ratio(s, duration, duration + t, 1);
  const c = Math.max(0, change.fromDay);
  return ratio(s, duration, duration + c, 1) * ratio(s, duration + c, duration + t, change.factor);
}

/** S(b / f) / S(a / f); 1 when S(a / f) is 0. */
function ratio(s: Float64Array, a: number, b: number, f: number): number {
  const sa = survivalAt(s, a / f);
  return sa > 0 ? survivalAt(s, b / f) / sa : 1;
}

/** The survival of an arrival on night a, u nights later, with a change from its day. */
function arrivalSurvival(s: Float64Array, a: number, u: number, change: LosChange | null): number {
  if (!change || change.factor === 1 || a + u <= change.fromDay) return survivalAt(s, u);
  if (a >= change.fromDay) return survivalAt(s, u / change.factor);
  const c = change.fromDay - a;
  return ratio(s, 0, c, 1) * ratio(s, c, u, change.factor);
}

export interface LosChange {
  /** Days after the origin night the change applies from. */
  fromDay: number;
  /** Multiplies every length of stay: 0.9 is 10% shorter. */
  factor: number;
}

/* ----------------------------------------------------------- arrivals */

/**
 * Upper tail of the chi-square distribution with k degrees of freedom: P(X > x) =
 * Q(k/2, x/2), the regularized upper incomplete gamma function (series for x < a + 1,
 * Lentz's continued fraction beyond; Numerical Recipes 6.2). R: pchisq(x, k, lower.tail = FALSE).
 */
export function chiSquarePValue(x: number, k: number): number {
  if (!(k > 0)) throw new RangeError(`degrees of freedom must be positive, got ${k}`);
  if (!(x > 0)) return 1;
  const a = k / 2;
  const z = x / 2;
  const lnGammaA = logGamma(a);
  if (z < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= z / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-z + a * Math.log(z) - lnGammaA));
  }
  let b = z + 1 - a;
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
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-z + a * Math.log(z) - lnGammaA) * h;
}

/** log Gamma(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0];
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

export interface MonthCount {
  /** YYYY-MM */
  month: string;
  arrivals: number;
  /** Nights in the month (the exposure). */
  days: number;
}

export interface Seasonality {
  /** Whole months used. */
  months: number;
  /** Pearson chi-square of arrivals by month of the year against a constant daily rate. */
  chiSquare: number | null;
  df: number;
  /** Dispersion: the chi-square of month-to-month counts against the constant rate per degree of freedom (1 for Poisson counts). */
  dispersion: number | null;
  pValue: number | null;
  /** True when the month-of-year effect is significant at 5% (after allowing for over-dispersion). */
  seasonal: boolean;
  /** Rate in each month of the year (January first) relative to the average daily rate: all 1 when not seasonal. */
  factors: number[];
  reason: string;
}

/**
 * Is there a month-of-year pattern in arrivals? Needs two whole years. The counts of each
 * month of the year are compared with what a constant daily rate would give (Pearson
 * chi-square, 11 degrees of freedom). Month-to-month counts of arrivals are often more
 * variable than Poisson; the test is divided by the dispersion of the monthly counts about
 * their month-of-year means (quasi-Poisson), when above 1. Seasonal at p < 0.05: factors =
 * observed / expected per month of the year; otherwise every factor is 1.
 */
export function seasonalityTest(counts: readonly MonthCount[]): Seasonality {
  const flat = Array(12).fill(1) as number[];
  const n = counts.length;
  if (n < 24)
    return {
      months: n,
      chiSquare: null,
      df: 11,
      dispersion: null,
      pValue: null,
      seasonal: false,
      factors: flat,
      reason: "fewer than 24 whole months of arrivals",
    };
  const total = counts.reduce((s, c) => s + c.arrivals, 0);
  const days = counts.reduce((s, c) => s + c.days, 0);
  if (total === 0)
    return { months: n, chiSquare: null, df: 11, dispersion: null, pValue: null, seasonal: false, factors: flat, reason: "no arrivals" };
  const rate = total / days;
  const obs = Array(12).fill(0) as number[];
  const exp = Array(12).fill(0) as number[];
  for (const c of counts) {
    const m = Number(c.month.slice(5, 7)) - 1;
    obs[m] += c.arrivals;
    exp[m] += c.days * rate;
  }
  let chi = 0;
  for (let m = 0; m < 12; m++) if (exp[m] > 0) chi += (obs[m] - exp[m]) ** 2 / exp[m];
  // Residual dispersion about the month-of-year rates: sum (O - E_m)^2 / E_m over months, df n - 12.
  let resid = 0;
  for (const c of counts) {
    const m = Number(c.month.slice(5, 7)) - 1;
    const e = exp[m] > 0 ? (c.days * obs[m]) / (exp[m] / rate) : 0;
    if (e > 0) resid += (c.arrivals - e) ** 2 / e;
  }
  const dispersion = n > 12 ? resid / (n - 12) : 1;
  const scaled = chi / Math.max(1, dispersion);
  const pValue = chiSquarePValue(scaled, 11);
  const seasonal = pValue < 0.05;
  return {
    months: n,
    chiSquare: chi,
    df: 11,
    dispersion,
    pValue,
    seasonal,
    factors: seasonal ? obs.map((o, m) => (exp[m] > 0 ? o / exp[m] : 1)) : flat,
    reason: seasonal ? "arrivals differ by month of the year (p < 0.05)" : "no month-of-year pattern in arrivals (p ≥ 0.05)",
  };
}

/* --------------------------------------------------------- projection */

export interface CurrentHousehold {
  /** Nights in TA in this episode before the origin night (0: arrived that night). */
  duration: number;
  group: number;
  /** B&B nights of the current application up to and including the origin night (six_weeks_on). */
  bnbNights: number;
  n: number;
}

export interface ProjectionInput {
  /** Nights projected: night 0 is the origin. */
  days: number;
  survival: Float64Array;
  groups: number;
  /** Groups whose households are families in B&B (by the 2003 Order): for the six-week count. */
  familyInBnb: readonly boolean[];
  current: readonly CurrentHousehold[];
  /** Expected arrivals on each night 0..days-1. */
  arrivalsPerDay: Float64Array;
  /** Arrivals counted to estimate the rate: its relative variance is 1/N. */
  rateBasisCount: number;
  /** For each 30-day band of time since arrival, the share of arrivals still in TA in each group; the last band beyond. */
  arrivalMix: readonly (readonly number[])[];
  losChange?: LosChange | null;
  /** The six-week limit in nights (42). */
  bnbLimit: number;
}

export interface Projection {
  days: number;
  groups: number;
  /** present[g][t]: expected households of group g in TA on night t. */
  present: Float64Array[];
  /** Variance of each group's count from the households already in TA. */
  currentVariance: Float64Array[];
  /** Expected arrivals of the projection still in TA, per group and night (Poisson: variance = mean). */
  arrivalsPresent: Float64Array[];
  /** Expected families in B&B past the limit on night t. */
  breaches: Float64Array;
  rateBasisCount: number;
}

export const AGE_BAND_DAYS = 30;

export function project(input: ProjectionInput): Projection {
  const { days, groups, survival: s } = input;
  const present = Array.from({ length: groups }, () => new Float64Array(days));
  const currentVariance = Array.from({ length: groups }, () => new Float64Array(days));
  const arrivalsPresent = Array.from({ length: groups }, () => new Float64Array(days));
  const breaches = new Float64Array(days);
  const change = input.losChange ?? null;

  for (const h of input.current) {
    const pres = present[h.group];
    const v = currentVariance[h.group];
    const fam = input.familyInBnb[h.group];
    const s0 = survivalAt(s, h.duration);
    for (let t = 0; t < days; t++) {
      const p = change ? stillInTa(s, h.duration, t, change) : s0 > 0 ? survivalAt(s, h.duration + t) / s0 : 1;
      pres[t] += h.n * p;
      v[t] += h.n * p * (1 - p);
      if (fam && h.bnbNights + t > input.bnbLimit) breaches[t] += h.n * p;
    }
  }

  // Arrivals: W[t][band] = expected arrivals still in TA on night t, by time since arrival.
  const bands = input.arrivalMix.length;
  if (bands > 0) {
    const famShare = input.arrivalMix.map((mix) => mix.reduce((sum, x, g) => sum + (input.familyInBnb[g] ? x : 0), 0));
    const w = new Float64Array(bands);
    for (let t = 0; t < days; t++) {
      w.fill(0);
      let over = 0;
      for (let u = 0; u <= t; u++) {
        const lambda = input.arrivalsPerDay[t - u];
        if (lambda === 0) continue;
        const x = lambda * arrivalSurvival(s, t - u, u, change);
        const band = Math.min(bands - 1, Math.floor(u / AGE_BAND_DAYS));
        w[band] += x;
        // Counted from the night of arrival: u + 1 nights by night t, past the limit when above it.
        if (u + 1 > input.bnbLimit) over += x * famShare[band];
      }
      breaches[t] += over;
      for (let b = 0; b < bands; b++) {
        if (w[b] === 0) continue;
        const mix = input.arrivalMix[b];
        for (let g = 0; g < groups; g++) {
          if (mix[g] === 0) continue;
          arrivalsPresent[g][t] += w[b] * mix[g];
          present[g][t] += w[b] * mix[g];
        }
      }
    }
  }
  return { days, groups, present, currentVariance, arrivalsPresent, breaches, rateBasisCount: input.rateBasisCount };
}

export interface Interval {
  mean: number;
  lower: number;
  upper: number;
}

/**
 * The count of a set of groups on night t with its 95% interval: variance = the households
 * already in TA's sum p(1 - p) + the arrivals' Poisson variance (= their mean) + the rate's
 * uncertainty (arrivals' mean squared / N).
 */
export function countInterval(p: Projection, t: number, which: (g: number) => boolean, z = Z_95): Interval {
  let mean = 0;
  let variance = 0;
  let arrivals = 0;
  for (let g = 0; g < p.groups; g++) {
    if (!which(g)) continue;
    mean += p.present[g][t];
    variance += p.currentVariance[g][t];
    arrivals += p.arrivalsPresent[g][t];
  }
  variance += arrivals + (p.rateBasisCount > 0 ? (arrivals * arrivals) / p.rateBasisCount : 0);
  return normalInterval(mean, variance, z);
}

/** mean +/- z sd, not below 0. */
export function normalInterval(mean: number, variance: number, z = Z_95): Interval {
  const sd = Math.sqrt(Math.max(0, variance));
  return { mean, lower: Math.max(0, mean - z * sd), upper: mean + z * sd };
}

/* ------------------------------------------------------------ backtests */

export interface ForecastError {
  forecast: number;
  actual: number;
  /** forecast - actual */
  error: number;
  /** (forecast - actual) / actual; null when actual is 0. */
  relative: number | null;
}

export function forecastError(forecast: number, actual: number): ForecastError {
  return { forecast, actual, error: forecast - actual, relative: actual === 0 ? null : (forecast - actual) / actual };
}

/** Mean absolute percentage error (0.05 = 5%) and mean error (bias), over the errors with an actual above 0. */
export function errorSummary(errors: readonly ForecastError[]): { n: number; mape: number | null; bias: number | null } {
  const rel = errors.filter((e) => e.relative !== null).map((e) => e.relative as number);
  if (rel.length === 0) return { n: 0, mape: null, bias: null };
  return {
    n: rel.length,
    mape: rel.reduce((s, r) => s + Math.abs(r), 0) / rel.length,
    bias: rel.reduce((s, r) => s + r, 0) / rel.length,
  };
}
