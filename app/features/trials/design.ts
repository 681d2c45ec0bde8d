/**
 * A trial a statistician would sign (issue 19, ADR 0035): every outcome over the same
 * window from each household's entry (the horizon), the declared primary measure as the
 * only source of the verdict, a group-sequential boundary before the planned end, Holm
 * for the secondary measures, difference-in-differences against households the change
 * did not touch, and a stratified log-rank test when the groups' make-up differs.
 * Pure: the rows come from trials.server.ts, the statistics from app/lib/stats*.ts.
 */
import { daysBetween, addDays, type IsoDate } from "~/lib/dates";
import { kaplanMeier, mean, median, type SurvivalObservation } from "~/lib/stats";
import {
  cumulativeIncidence,
  destinationTest,
  holmAdjust,
  normalQuantile,
  powerTwoMeans,
  powerTwoProportions,
  restrictedMean,
  sampleSizeTwoMeans,
  sampleSizeTwoProportions,
  sequentialBoundaries,
  stratifiedLogRank,
  truncateAt,
  twoSidedP,
  type CompetingObservation,
  type Estimate,
  type TableTest,
} from "~/lib/stats-design";
import { SIX_WEEK_LIMIT_DAYS } from "~/features/placements/six-weeks";
import type { TrialEpisode, TrialMeasure } from "./trials";

/** The windows from entry that every outcome is measured over. */
export const HORIZONS = [28, 56, 90, 180] as const;
export type Horizon = (typeof HORIZONS)[number];

export const ALPHA = 0.05;
/** With no planned end or size, every look is interim and only |z| ≥ 3.29 (p < 0.001) counts (Haybittle-Peto). */
export const HAYBITTLE_PETO_Z = 3.2905267314918945;
/** Looks are taken to happen every four weeks from the start, and on the day the page is read. */
export const LOOK_EVERY_DAYS = 28;
/** Destinations counted as a settled home, for the destination measure's interval and its power. */
export const SETTLED = ["social_housing", "private_rented"];

/* ------------------------------------------------------------ follow-up */

export interface FollowUp {
  n: number;
  median: number | null;
  min: number | null;
  max: number | null;
}

/** Days each household could have been watched (entry to the as-at date): median and range. */
export function followUp(rows: readonly TrialEpisode[]): FollowUp {
  if (rows.length === 0) return { n: 0, median: null, min: null, max: null };
  const f = rows.map((r) => r.followUp);
  return { n: rows.length, median: median(f), min: Math.min(...f), max: Math.max(...f) };
}

/* ------------------------------------------------------ B&B and breaches */

/** B&B nights in the first `h` nights from entry. Uses the episode's B&B spells when known. */
export function bnbNightsWithin(e: TrialEpisode, h: number): number {
  if (!e.bnbSpells) return Math.min(e.bnbNights, h);
  let n = 0;
  for (const [a, b] of e.bnbSpells) n += Math.max(0, Math.min(b, h) - Math.min(a, h));
  return n;
}

/**
 * Days from entry to the end of a family's 43rd B&B night (the six-week limit passed),
 * or null: not a family, or not past the limit. Nights add up across spells.
 */
export function breachTime(e: TrialEpisode): number | null {
  if (!e.family || !e.bnbSpells) return null;
  let used = 0;
  for (const [a, b] of [...e.bnbSpells].sort((x, y) => x[0] - y[0])) {
    if (used + (b - a) > SIX_WEEK_LIMIT_DAYS) return a + (SIX_WEEK_LIMIT_DAYS - used) + 1;
    used += b - a;
  }
  return null;
}

/** Each household as a competing-risks observation: a breach (1), leaving TA first (2), or still in TA (0). */
export function breachObservations(rows: readonly TrialEpisode[]): CompetingObservation[] {
  return rows.map((e) => {
    const t = breachTime(e);
    if (t !== null && t <= e.days) return { time: t, cause: 1 };
    return { time: e.days, cause: e.left ? 2 : 0 };
  });
}

/* -------------------------------------------------------------- horizons */

export interface ProportionEstimate extends Estimate {
  lower: number;
  upper: number;
}

export interface HorizonRow {
  horizon: number;
  /** Households watched for at least the horizon. */
  watched: number;
  /** Share that left TA within the horizon, 1 − KM(h), with a Greenwood standard error; null past follow-up. */
  leftWithin: Estimate | null;
  /** Restricted mean days in TA within the horizon (area under KM); null past follow-up. */
  restrictedMean: Estimate | null;
  /** Mean B&B nights in the first h nights, per 100 households, among those watched h days. */
  bnbPer100: Estimate | null;
  /** Six-week breaches by day h per 100 households (cumulative incidence, leaving TA competing). */
  breachesPer100: Estimate | null;
}

function observations(rows: readonly TrialEpisode[]): SurvivalObservation[] {
  return rows.map((r) => ({ time: r.days, event: r.left }));
}

/** 1 − S(h) with its Greenwood standard error; null when the curve does not reach h. */
export function shareLeftBy(rows: readonly TrialEpisode[], h: number): Estimate | null {
  if (rows.length === 0) return null;
  const curve = kaplanMeier(observations(rows));
  const last = curve.steps[curve.steps.length - 1];
  if (last.time < h && last.survival > 0) return null;
  let s = 1;
  let se = 0;
  for (const step of curve.steps) {
    if (step.time > h) break;
    s = step.survival;
    se = step.stdErr ?? 0;
  }
  return { estimate: 1 - s, se };
}

function meanEstimate(values: readonly number[]): Estimate | null {
  if (values.length === 0) return null;
  const m = mean(values);
  const v = values.length > 1 ? values.reduce((s, x) => s + (x - m) ** 2, 0) / (values.length - 1) : 0;
  return { estimate: m, se: Math.sqrt(v / values.length) };
}

export function horizonRow(rows: readonly TrialEpisode[], h: number): HorizonRow {
  const watched = rows.filter((r) => r.followUp >= h);
  const cif = rows.length ? cumulativeIncidence(breachObservations(rows), h) : null;
  const last = rows.length ? Math.max(...rows.map((r) => r.days)) : 0;
  const allLeft = rows.length > 0 && rows.every((r) => r.left);
  return {
    horizon: h,
    watched: watched.length,
    leftWithin: shareLeftBy(rows, h),
    restrictedMean: restrictedMean(observations(rows), h),
    bnbPer100: meanEstimate(watched.map((r) => bnbNightsWithin(r, h) * 100)),
    breachesPer100: cif && (last >= h || allLeft) ? { estimate: cif.estimate * 100, se: cif.se * 100 } : null,
  };
}

/* -------------------------------------------------------------- measures */

export const HORIZON_MEASURES: Record<TrialMeasure, (h: number) => string> = {
  length_of_stay: (h) => `Days in TA within the first ${h} days (restricted mean; log-rank test to day ${h})`,
  left_within: (h) => `Share leaving TA within ${h} days (Kaplan-Meier)`,
  cost: (h) => `Gross cost per household per week in TA, households watched ${h} days or more`,
  bnb: (h) => `B&B nights in the first ${h} days, per 100 households watched ${h} days or more`,
  exits: (h) => `Exits by destination within ${h} days of entry (households watched ${h} days or more)`,
};

export interface MeasureResult {
  measure: TrialMeasure;
  horizon: number;
  label: string;
  /** How the difference is shown: days, a share (0-1), pence, or nights per 100 households. */
  unit: "days" | "share" | "pence" | "per100";
  trial: number | null;
  comparison: number | null;
  /** Trial minus comparison, with its standard error; null when it cannot be measured yet. */
  difference: number | null;
  se: number | null;
  /** The test statistic the verdict reads (|z|); positive when the change's households do better by the measure's own direction is not assumed. */
  z: number | null;
  pValue: number | null;
  method: string;
  /** Destinations: the table test. */
  table: TableTest | null;
  /** Why there is no result, in plain words. */
  reason: string | null;
}

export function stratumOf(e: TrialEpisode): string {
  return `${e.taType}|${e.withChildren ? "with children" : "without children"}`;
}

function diffOf(a: Estimate | null, b: Estimate | null) {
  if (!a || !b) return { difference: null, se: null, z: null, pValue: null };
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  const difference = a.estimate - b.estimate;
  const z = se > 0 ? difference / se : null;
  return { difference, se, z, pValue: z === null ? null : twoSidedP(z) };
}

/** Exits within h days by destination, for the households watched h days or more. */
export function destinationCounts(rows: readonly TrialEpisode[], h: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.followUp < h || !r.left || r.days > h) continue;
    const k = r.destination ?? "not_recorded";
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/**
 * One measure at one horizon, the change's group against a comparison group.
 * `stratify`: use the stratified log-rank test (TA type at entry and household type) for
 * length of stay, because the groups' make-up differs.
 */
export function measureResult(
  measure: TrialMeasure,
  h: number,
  a: readonly TrialEpisode[],
  b: readonly TrialEpisode[],
  stratify = false,
): MeasureResult {
  const base = { measure, horizon: h, label: HORIZON_MEASURES[measure](h), table: null, reason: null };
  const none = (reason: string): MeasureResult => ({
    ...base,
    unit: "days",
    trial: null,
    comparison: null,
    difference: null,
    se: null,
    z: null,
    pValue: null,
    method: "",
    reason,
  });
  if (a.length === 0 || b.length === 0) return none("One of the groups has no households yet.");
  const notFollowed = `No household in one of the groups has been watched ${h} days yet.`;
  if (measure === "length_of_stay") {
    const ra = restrictedMean(observations(a), h);
    const rb = restrictedMean(observations(b), h);
    const ta = truncateAt(observations(a), h).map((o, i) => ({ ...o, stratum: stratify ? stratumOf(a[i]) : "all" }));
    const tb = truncateAt(observations(b), h).map((o, i) => ({ ...o, stratum: stratify ? stratumOf(b[i]) : "all" }));
    const lr = stratifiedLogRank(ta, tb);
    if (!ra || !rb) return { ...none(notFollowed), unit: "days" };
    if (lr.z === null) return { ...none("No household has left TA yet while both groups were in TA."), unit: "days" };
    const d = diffOf(ra, rb);
    return {
      ...base,
      unit: "days",
      trial: ra.estimate,
      comparison: rb.estimate,
      difference: d.difference,
      se: d.se,
      // log-rank z: positive when the change's households leave sooner; on the scale of days in TA that is a negative difference
      z: -lr.z,
      pValue: lr.pValue,
      method: `${stratify ? `stratified log-rank test (${lr.strata} strata: TA type at entry and household type)` : "log-rank test"} on stays counted to day ${h}; interval on the difference in restricted mean days in TA`,
    };
  }
  if (measure === "left_within") {
    const pa = shareLeftBy(a, h);
    const pb = shareLeftBy(b, h);
    if (!pa || !pb) return { ...none(notFollowed), unit: "share" };
    const d = diffOf(pa, pb);
    return {
      ...base,
      unit: "share",
      trial: pa.estimate,
      comparison: pb.estimate,
      ...d,
      method: `difference of Kaplan-Meier shares at day ${h} (Greenwood standard errors)`,
    };
  }
  if (measure === "bnb" || measure === "cost") {
    const wa = a.filter((r) => r.followUp >= h);
    const wb = b.filter((r) => r.followUp >= h);
    const values = (rows: TrialEpisode[]) =>
      measure === "bnb"
        ? rows.map((r) => bnbNightsWithin(r, h) * 100)
        : rows.filter((r) => r.pricedNights > 0).map((r) => (r.grossPence / r.pricedNights) * 7);
    const ea = meanEstimate(values(wa));
    const eb = meanEstimate(values(wb));
    if (!ea || !eb) return { ...none(notFollowed), unit: measure === "bnb" ? "per100" : "pence" };
    const d = diffOf(ea, eb);
    return {
      ...base,
      unit: measure === "bnb" ? "per100" : "pence",
      trial: ea.estimate,
      comparison: eb.estimate,
      ...d,
      method: "difference of means (Welch standard error, normal approximation)",
    };
  }
  // exits by destination
  const ca = destinationCounts(a, h);
  const cb = destinationCounts(b, h);
  const keys = [...new Set([...ca.keys(), ...cb.keys()])].sort();
  const table = [keys.map((k) => ca.get(k) ?? 0), keys.map((k) => cb.get(k) ?? 0)];
  const test = keys.length ? destinationTest(table) : null;
  if (!test) return { ...none(`Too few exits within ${h} days in one of the groups to compare destinations.`), unit: "share" };
  const settled = (c: Map<string, number>) => {
    const n = [...c.values()].reduce((s, x) => s + x, 0);
    const k = SETTLED.reduce((s, d) => s + (c.get(d) ?? 0), 0);
    const p = n ? k / n : 0;
    return n ? { estimate: p, se: Math.sqrt((p * (1 - p)) / n) } : null;
  };
  const sa = settled(ca);
  const sb = settled(cb);
  const d = diffOf(sa, sb);
  return {
    ...base,
    unit: "share",
    trial: sa?.estimate ?? null,
    comparison: sb?.estimate ?? null,
    difference: d.difference,
    se: d.se,
    // the verdict reads the table test, as a z on the same scale as the others
    z: test.pValue >= 1 ? 0 : normalQuantile(1 - test.pValue / 2),
    pValue: test.pValue,
    method:
      test.method === "fisher"
        ? `Fisher's exact test on the table of destinations (an expected count is under 5)`
        : `chi-square test on the table of destinations (${test.df} degrees of freedom)`,
    table: test,
  };
}

/* --------------------------------------------------------- sequential */

export interface Plan {
  start: IsoDate;
  end: IsoDate | null;
  plannedSize: number | null;
  horizon: number;
}

export interface Look {
  kind: "date" | "size" | "none";
  /** Information fraction now (0-1); null with no plan. */
  fraction: number | null;
  /** The looks allowed for (fractions), the last being now. */
  fractions: number[];
  /** The |z| the result must reach at this look. */
  boundary: number;
  /** The two-sided p-value that boundary corresponds to. */
  nominalP: number;
  final: boolean;
}

/** Information fraction on a date: households watched to the horizon, against the plan. */
export function fractionOn(plan: Plan, trialRows: readonly TrialEpisode[], d: IsoDate): number | null {
  if (plan.end !== null) {
    const intake = daysBetween(plan.start, addDays(plan.end, 1));
    const usable = intake - plan.horizon;
    if (usable <= 0) return null;
    return Math.max(0, Math.min(1, (daysBetween(plan.start, d) - plan.horizon) / usable));
  }
  if (plan.plannedSize !== null && plan.plannedSize > 0) {
    const cut = addDays(d, -plan.horizon);
    return Math.min(1, trialRows.filter((r) => r.origin <= cut).length / plan.plannedSize);
  }
  return null;
}

/**
 * The look the page is at: with a planned end date the information fraction is the
 * share of the planned intake that could be watched to the horizon by today; with a
 * planned size, households watched to the horizon over the planned number. Looks are
 * taken every four weeks from the start and today, and each gets the O'Brien-Fleming
 * (Lan-DeMets) boundary for that sequence of looks. The verdict is final once the
 * fraction reaches 1 (the planned end has come, or the planned households have all been
 * watched to the horizon).
 */
export function currentLook(plan: Plan, trialRows: readonly TrialEpisode[], asOf: IsoDate): Look {
  const now = fractionOn(plan, trialRows, asOf);
  if (now === null) {
    return { kind: "none", fraction: null, fractions: [], boundary: HAYBITTLE_PETO_Z, nominalP: twoSidedP(HAYBITTLE_PETO_Z), final: false };
  }
  const kind = plan.end !== null ? "date" : "size";
  const fractions: number[] = [];
  for (let d = addDays(plan.start, LOOK_EVERY_DAYS); d < asOf; d = addDays(d, LOOK_EVERY_DAYS)) {
    const t = fractionOn(plan, trialRows, d)!;
    if (t > 1e-6 && (fractions.length === 0 || t > fractions[fractions.length - 1] + 1e-6) && t < 1) fractions.push(t);
  }
  if (now > 1e-6 && (fractions.length === 0 || now > fractions[fractions.length - 1] + 1e-6)) fractions.push(now);
  if (fractions.length === 0) return { kind, fraction: now, fractions, boundary: Infinity, nominalP: 0, final: false };
  const bounds = sequentialBoundaries(fractions, ALPHA);
  const boundary = bounds[bounds.length - 1];
  return { kind, fraction: now, fractions, boundary, nominalP: Number.isFinite(boundary) ? twoSidedP(boundary) : 0, final: now >= 1 };
}

/* ------------------------------------------------------------- verdict */

export type DesignVerdict = "effect" | "no_detectable_effect" | "interim" | "interim_effect" | "not_yet";

export interface SecondaryResult extends MeasureResult {
  /** Holm-adjusted p-value over the secondary measures. */
  adjustedP: number | null;
  /** The z of the Bonferroni level the intervals use (1 − 0.05/m two-sided). */
  intervalZ: number;
}

export interface DiffInDiff {
  /** (change − before) − (untouched now − untouched before), on the primary measure's scale. */
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  pValue: number;
  untouched: { now: number; before: number };
}

export interface DesignResult {
  primary: MeasureResult;
  look: Look;
  verdict: DesignVerdict;
  /** The interval on the primary difference at the look's boundary (a repeated confidence interval). */
  interval: { lower: number; upper: number; level: string } | null;
  secondaries: SecondaryResult[];
  stratified: boolean;
  didResult: DiffInDiff | null;
}

export function designResult(opts: {
  primary: TrialMeasure;
  secondaries: readonly TrialMeasure[];
  plan: Plan;
  trial: readonly TrialEpisode[];
  comparison: readonly TrialEpisode[];
  asOf: IsoDate;
  stratify: boolean;
  untouched?: { now: readonly TrialEpisode[]; before: readonly TrialEpisode[] } | null;
}): DesignResult {
  const h = opts.plan.horizon;
  const primary = measureResult(opts.primary, h, opts.trial, opts.comparison, opts.stratify);
  const look = currentLook(opts.plan, opts.trial, opts.asOf);
  let verdict: DesignVerdict;
  if (primary.z === null) verdict = "not_yet";
  else {
    const crossed = Math.abs(primary.z) >= look.boundary;
    verdict = look.final ? (crossed ? "effect" : "no_detectable_effect") : crossed ? "interim_effect" : "interim";
  }
  const c = Number.isFinite(look.boundary) ? look.boundary : null;
  const interval =
    primary.difference !== null && primary.se !== null && c !== null
      ? {
          lower: primary.difference - c * primary.se,
          upper: primary.difference + c * primary.se,
          level:
            look.final && look.kind !== "none" && look.fractions.length === 1
              ? "95%"
              : `repeated ${(100 * (1 - twoSidedP(c))).toFixed(1)}%`,
        }
      : null;
  const sec = opts.secondaries
    .filter((m) => m !== opts.primary)
    .map((m) => measureResult(m, h, opts.trial, opts.comparison, opts.stratify));
  const ps = sec.map((s) => s.pValue);
  const tested = ps.filter((p): p is number => p !== null);
  const adjusted = holmAdjust(tested);
  let k = 0;
  const m = Math.max(1, tested.length);
  const intervalZ = normalQuantile(1 - ALPHA / (2 * m));
  const secondaries = sec.map((s) => ({ ...s, adjustedP: s.pValue === null ? null : adjusted[k++], intervalZ }));
  let didResult: DiffInDiff | null = null;
  if (opts.untouched && opts.primary !== "exits") {
    const u = measureResult(opts.primary, h, opts.untouched.now, opts.untouched.before);
    if (primary.difference !== null && primary.se !== null && u.difference !== null && u.se !== null) {
      const est = primary.difference - u.difference;
      const se = Math.sqrt(primary.se ** 2 + u.se ** 2);
      didResult = {
        estimate: est,
        se,
        lower: est - 1.959963984540054 * se,
        upper: est + 1.959963984540054 * se,
        pValue: twoSidedP(est / se),
        untouched: { now: u.trial!, before: u.comparison! },
      };
    }
  }
  return { primary, look, verdict, interval, secondaries, stratified: opts.stratify && opts.primary === "length_of_stay", didResult };
}

/* --------------------------------------------------------------- power */

export interface PowerResult {
  /** What the baseline is and its value. */
  baseline: string;
  /** The difference to detect, in words. */
  difference: string;
  /** Households per group for 80% power at 5% (two-sided, one look). */
  perGroup: number;
  /** Households expected (or planned) in the change by the end, and the power that gives; null when unknown. */
  planned: number | null;
  power: number | null;
  recent: number;
}

/**
 * How many households each group needs to detect a chosen difference in the primary
 * measure with 80% power at 5%, from the council's own households entering TA in the
 * year before the start (`recent`, watched as at the start). Shares: a 10-point change
 * (R's power.prop.test); B&B nights and cost: a 20% change in the mean (normal
 * approximation). Length of stay is planned on the share leaving within the horizon.
 * Interim looks add a few per cent to the numbers.
 */
export function powerFor(primary: TrialMeasure, plan: Plan, recent: readonly TrialEpisode[]): PowerResult | null {
  const h = plan.horizon;
  const watched = recent.filter((r) => r.followUp >= h);
  if (watched.length < 10) return null;
  const perDay = recent.length / 365;
  const expected =
    plan.plannedSize ?? (plan.end !== null ? Math.round(perDay * Math.max(0, daysBetween(plan.start, addDays(plan.end, 1)) - h)) : null);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  if (primary === "length_of_stay" || primary === "left_within" || primary === "exits") {
    let p0: number;
    let what: string;
    if (primary === "exits") {
      const exits = watched.filter((r) => r.left && r.days <= h);
      if (exits.length < 10) return null;
      p0 = exits.filter((r) => r.destination !== null && SETTLED.includes(r.destination)).length / exits.length;
      what = `share of exits within ${h} days to social housing or a private rented offer`;
    } else {
      p0 = watched.filter((r) => r.left && r.days <= h).length / watched.length;
      what = `share leaving TA within ${h} days`;
    }
    const p1 = p0 <= 0.85 ? p0 + 0.1 : p0 - 0.1;
    return {
      baseline: `${what}: ${pct(p0)}`,
      difference: `${pct(p0)} to ${pct(p1)} (10 percentage points)`,
      perGroup: Math.ceil(sampleSizeTwoProportions(p0, p1)),
      planned: expected,
      power: expected ? powerTwoProportions(expected, p0, p1) : null,
      recent: watched.length,
    };
  }
  const values =
    primary === "bnb"
      ? watched.map((r) => bnbNightsWithin(r, h) * 100)
      : watched.filter((r) => r.pricedNights > 0).map((r) => (r.grossPence / r.pricedNights) * 7);
  const m = mean(values);
  if (!(values.length >= 10 && m > 0)) return null;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - m) ** 2, 0) / (values.length - 1));
  if (!(sd > 0)) return null;
  const delta = 0.2 * m;
  const show = (x: number) => (primary === "bnb" ? `${x.toFixed(0)} nights per 100 households` : `£${(x / 100).toFixed(2)} a week`);
  return {
    baseline: `${primary === "bnb" ? `B&B nights in the first ${h} days` : "gross cost per household-week"}: ${show(m)} (standard deviation ${show(sd)})`,
    difference: `${show(m)} to ${show(m - delta)} (20%)`,
    perGroup: Math.ceil(sampleSizeTwoMeans(delta, sd)),
    planned: expected,
    power: expected ? powerTwoMeans(expected, delta, sd) : null,
    recent: watched.length,
  };
}
