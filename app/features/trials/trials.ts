/**
 * Test and learn: compare the households a process change touched with a
 * comparison group, each measure with its uncertainty, and say in plain words
 * what the result does and does not show. Pure: the rows come from
 * app/features/trials/trials.server.ts; the statistics from app/lib/stats.ts.
 */
import { addDays, daysBetween, startOfWeek, type IsoDate } from "~/lib/dates";
import {
  bootstrapMeanCIs,
  bootstrapMeanDifferenceCI,
  kaplanMeier,
  logRankTest,
  mean,
  minimumDetectableDifference,
  survivalQuantiles,
  wilsonInterval,
  type BootstrapInterval,
  type KaplanMeierCurve,
  type LogRankResult,
  type MinimumDetectableDifference,
  type ProportionInterval,
  type SurvivalObservation,
  type SurvivalQuantile,
} from "~/lib/stats";

export type TrialGroup = "trial" | "before" | "concurrent" | "concurrent_before";
export type ComparisonChoice = "before_after" | "concurrent" | "both";
export type TrialMeasure = "length_of_stay" | "left_within" | "cost" | "bnb" | "exits";

export const MEASURES: Record<TrialMeasure, string> = {
  length_of_stay: "Length of stay",
  left_within: "Share leaving TA within 28, 56 and 90 days",
  cost: "Cost per household per week in TA",
  bnb: "B&B nights and six-week breaches",
  exits: "Exits by destination",
};

export const GROUP_NAMES: Record<TrialGroup, string> = {
  trial: "Households in the change",
  before: "Before the change (same rule)",
  concurrent: "Same period, not in the change",
  concurrent_before: "Before the change, not picked by its rule",
};

/** Days for "share leaving TA within N days". */
export const LEFT_WITHIN_DAYS = [28, 56, 90] as const;

/** The make-up of two groups is flagged when a share differs by more than this many percentage points. */
export const MAKE_UP_THRESHOLD_PP = 10;

/** Seed for every bootstrap on trial pages, so a reload never changes a published interval. */
export const TRIAL_BOOTSTRAP_SEED = 20261125;

/** One TA episode in a group, as at `asOf`. */
export interface TrialEpisode {
  group: TrialGroup;
  householdId: number;
  /** When the clock starts: entry to TA (or, for tagged households already in TA, the change's start). */
  origin: IsoDate;
  /** Days in TA from `origin` to leaving, or to `asOf` if still in TA. */
  days: number;
  /** True when the household has left TA (by `asOf`). */
  left: boolean;
  /** Days from origin to asOf: how long this household could have been watched. */
  followUp: number;
  destination: string | null;
  withChildren: boolean;
  /** TA type of the first placement counted. */
  taType: string;
  bnbNights: number;
  /** Nights with a rate in force, and their gross cost (pence). */
  pricedNights: number;
  grossPence: number;
  /** Net cost to the council (gross less estimated housing benefit subsidy), pence; null when the subsidy is unknown. */
  netPence?: number | null;
  /** Family whose B&B nights in the episode passed the six-week limit. */
  breach: boolean;
  /** With children or a pregnant member at entry (the six-week rule's family); when asked for. */
  family?: boolean;
  /** The episode's B&B nights as [from, to) day offsets from the origin, up to the as-at date; when asked for. */
  bnbSpells?: readonly (readonly [number, number])[];
}

export function observations(rows: readonly TrialEpisode[]): SurvivalObservation[] {
  return rows.map((r) => ({ time: r.days, event: r.left }));
}

/* ------------------------------------------------------------ make-up */

export interface MakeUp {
  n: number;
  families: number;
  /** Count per TA type at entry. */
  taTypes: Record<string, number>;
}

export function makeUp(rows: readonly TrialEpisode[]): MakeUp {
  const taTypes: Record<string, number> = {};
  let families = 0;
  for (const r of rows) {
    if (r.withChildren) families++;
    taTypes[r.taType] = (taTypes[r.taType] ?? 0) + 1;
  }
  return { n: rows.length, families, taTypes };
}

export interface MakeUpDifference {
  /** "families" or a TA type code. */
  what: string;
  /** Shares in percent. */
  a: number;
  b: number;
  differencePp: number;
}

const pct = (k: number, n: number) => (n === 0 ? 0 : (100 * k) / n);

/**
 * Where two groups differ in make-up (share of families, share in each TA type
 * at entry) by more than `thresholdPp` percentage points. An empty group gives
 * no differences (there is nothing to compare yet).
 */
export function makeUpDifferences(a: MakeUp, b: MakeUp, thresholdPp = MAKE_UP_THRESHOLD_PP): MakeUpDifference[] {
  if (a.n === 0 || b.n === 0) return [];
  const out: MakeUpDifference[] = [];
  const check = (what: string, ka: number, kb: number) => {
    const pa = pct(ka, a.n);
    const pb = pct(kb, b.n);
    if (Math.abs(pa - pb) > thresholdPp) out.push({ what, a: pa, b: pb, differencePp: pa - pb });
  };
  check("families", a.families, b.families);
  const types = [...new Set([...Object.keys(a.taTypes), ...Object.keys(b.taTypes)])].sort();
  for (const t of types) check(t, a.taTypes[t] ?? 0, b.taTypes[t] ?? 0);
  return out;
}

/* ------------------------------------------------------- left within N */

export interface LeftWithin {
  days: number;
  /** Households watched for at least `days` days, and how many of them left within `days`. */
  interval: ProportionInterval | null;
}

/**
 * Share leaving TA within `days` days, counting only households that entered
 * at least `days` days before the as-at date, whether or not they have left.
 * (Counting a recent arrival as "not left" biases the share low; counting only
 * those who left biases it high.) Wilson interval.
 */
export function leftWithin(rows: readonly TrialEpisode[], days: number): LeftWithin {
  const watched = rows.filter((r) => r.followUp >= days);
  const k = watched.filter((r) => r.left && r.days <= days).length;
  return { days, interval: wilsonInterval(k, watched.length) };
}

/* ---------------------------------------------------------------- cost */

/** Gross cost per household per week in TA, in pence (fractional), one value per household with priced nights. */
export function weeklyCostValues(rows: readonly TrialEpisode[]): number[] {
  return rows.filter((r) => r.pricedNights > 0).map((r) => (r.grossPence / r.pricedNights) * 7);
}

/** Net cost per household per week in TA (pence), for households whose subsidy could be estimated. */
export function weeklyNetCostValues(rows: readonly TrialEpisode[]): number[] {
  return rows
    .filter((r) => r.pricedNights > 0 && r.netPence !== null && r.netPence !== undefined)
    .map((r) => ((r.netPence as number) / r.pricedNights) * 7);
}

/* ------------------------------------------------------------ outcomes */

export interface GroupOutcome {
  group: TrialGroup;
  n: number;
  curve: KaplanMeierCurve;
  quantiles: { q25: SurvivalQuantile; median: SurvivalQuantile; q75: SurvivalQuantile };
  leftWithin: LeftWithin[];
  /** Mean gross cost per household-week (pence) with a bootstrap interval; null when no priced nights. */
  grossCostPerWeek: BootstrapInterval | null;
  /** The same after estimated housing benefit subsidy; null when no household's subsidy could be estimated. */
  netCostPerWeek: BootstrapInterval | null;
  /** B&B nights per 100 households, with a bootstrap interval. */
  bnbNightsPer100: BootstrapInterval | null;
  /** Six-week breaches per 100 households (Wilson interval × 100). */
  breachesPer100: ProportionInterval | null;
  exits: { destination: string; count: number }[];
  exited: number;
  makeUp: MakeUp;
}

export function groupOutcome(group: TrialGroup, rows: readonly TrialEpisode[]): GroupOutcome {
  const curve = kaplanMeier(observations(rows));
  const boot = { seed: TRIAL_BOOTSTRAP_SEED, resamples: 2000 };
  // The three bootstraps in one call: lists of one length (usually all three) share their draws.
  const [gross, net, bnb] = bootstrapMeanCIs([weeklyCostValues(rows), weeklyNetCostValues(rows), rows.map((r) => r.bnbNights * 100)], boot);
  const exits = new Map<string, number>();
  for (const r of rows) if (r.left) exits.set(r.destination ?? "not_recorded", (exits.get(r.destination ?? "not_recorded") ?? 0) + 1);
  const breaches = rows.filter((r) => r.breach).length;
  return {
    group,
    n: rows.length,
    curve,
    quantiles: survivalQuantiles(curve),
    leftWithin: LEFT_WITHIN_DAYS.map((d) => leftWithin(rows, d)),
    grossCostPerWeek: gross,
    netCostPerWeek: net,
    bnbNightsPer100: bnb,
    breachesPer100: wilsonInterval(breaches, rows.length),
    exits: [...exits.entries()]
      .map(([destination, count]) => ({ destination, count }))
      .sort((a, b) => b.count - a.count || a.destination.localeCompare(b.destination)),
    exited: rows.filter((r) => r.left).length,
    makeUp: makeUp(rows),
  };
}

export type Verdict = "effect" | "no_detectable_effect" | "not_yet";

export interface Comparison {
  trial: GroupOutcome;
  comparison: GroupOutcome;
  logRank: LogRankResult;
  /** Smallest difference in median stay (days) these numbers could tell from noise; null if a median CI is open. */
  detectable: MinimumDetectableDifference | null;
  /** Comparison minus trial, pence per household-week. */
  costDifference: BootstrapInterval | null;
  makeUpDifferences: MakeUpDifference[];
  verdict: Verdict;
  /** Plain words: what the result shows. */
  shows: string[];
  /** Plain words: what it does not show. */
  doesNotShow: string[];
}

const days = (n: number) => `${Math.round(n)} ${Math.round(n) === 1 ? "day" : "days"}`;

export function formatP(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

export function describeMedian(q: SurvivalQuantile): string {
  if (q.time === null) return "not reached yet";
  const lo = q.lower === null ? "?" : Math.round(q.lower);
  const hi = q.upper === null ? "not yet known" : Math.round(q.upper);
  return `${days(q.time)} (95% CI ${lo} to ${hi})`;
}

/**
 * The headline in plain words. The log-rank test decides "effect" (p < 0.05);
 * otherwise the minimum detectable difference says how big a change could hide
 * in the noise. Never claims the change caused a difference.
 */
export function compareOutcomes(
  trialRows: readonly TrialEpisode[],
  comparisonRows: readonly TrialEpisode[],
  comparisonGroup: TrialGroup,
  /** groupOutcome("trial", trialRows) when the caller already has it (two comparisons share it). */
  trialOutcome?: GroupOutcome,
): Comparison {
  const trial = trialOutcome ?? groupOutcome("trial", trialRows);
  const comparison = groupOutcome(comparisonGroup, comparisonRows);
  const logRank = logRankTest(observations(trialRows), observations(comparisonRows));
  const detectable = minimumDetectableDifference(trial.quantiles.median, comparison.quantiles.median);
  const costA = weeklyCostValues(trialRows);
  const costB = weeklyCostValues(comparisonRows);
  const costDifference = bootstrapMeanDifferenceCI(costA, costB, { seed: TRIAL_BOOTSTRAP_SEED, resamples: 2000 });
  const differences = makeUpDifferences(trial.makeUp, comparison.makeUp);
  const shows: string[] = [];
  const doesNotShow: string[] = [];
  let verdict: Verdict;
  const mt = trial.quantiles.median;
  const mc = comparison.quantiles.median;
  if (!logRank.testable) {
    verdict = "not_yet";
    shows.push(
      logRank.reason === "empty-group"
        ? "There is nothing to compare yet: one of the groups has no households."
        : "There is nothing to compare yet: no household has left TA while both groups had households in TA.",
    );
  } else if (logRank.pValue < 0.05) {
    verdict = "effect";
    const sooner = logRank.groupA.observed > logRank.groupA.expected;
    shows.push(
      `Households in the change left TA ${sooner ? "sooner" : "later"} than the comparison group (log-rank ${formatP(logRank.pValue)}): a difference this large is unlikely to be chance alone.`,
    );
    shows.push(`Median stay: ${describeMedian(mt)} in the change, against ${describeMedian(mc)} in the comparison group.`);
  } else {
    verdict = "no_detectable_effect";
    shows.push(`No detectable difference in length of stay (log-rank ${formatP(logRank.pValue)}).`);
    if (detectable) {
      shows.push(`Too few households yet to tell a change of less than ${days(detectable.days)} in the median stay from noise.`);
    } else {
      shows.push("Too few households have left TA yet to pin down the median stay, so even a large change could be hidden in the noise.");
    }
    doesNotShow.push("It does not show that the change had no effect: only that any effect is too small to see with these numbers.");
  }
  doesNotShow.push(
    "It does not show that the change caused any difference: the groups were not chosen at random, and other things changed over the same weeks.",
  );
  if (differences.length > 0) {
    doesNotShow.push(
      `The groups differ in make-up by more than ${MAKE_UP_THRESHOLD_PP} percentage points (see below), which alone could explain a difference.`,
    );
  }
  return { trial, comparison, logRank, detectable, costDifference, makeUpDifferences: differences, verdict, shows, doesNotShow };
}

/* ------------------------------------------------------------- weekly */

export type WeeklyMeasure = "entries" | "left_28" | "left_90" | "cost";

export const WEEKLY_MEASURES: Record<WeeklyMeasure, string> = {
  entries: "Households entering TA each week",
  left_28: "Share leaving TA within 28 days, by week of entry (%)",
  left_90: "Share leaving TA within 90 days, by week of entry (%)",
  cost: "Gross cost per household per week in TA, by week of entry (£)",
};

export interface WeeklyPoint {
  week: IsoDate;
  value: number | null;
  n: number;
}

/**
 * One point per week (Monday) from `from` to `to`, by week of entry (origin).
 * Shares count only households watched long enough; weeks with none give null.
 */
export function weeklySeries(rows: readonly TrialEpisode[], measure: WeeklyMeasure, from: IsoDate, to: IsoDate): WeeklyPoint[] {
  const byWeek = new Map<IsoDate, TrialEpisode[]>();
  for (const r of rows) {
    const w = startOfWeek(r.origin);
    const list = byWeek.get(w);
    if (list) list.push(r);
    else byWeek.set(w, [r]);
  }
  const out: WeeklyPoint[] = [];
  for (let w = startOfWeek(from); w <= to; w = addDays(w, 7)) {
    const list = byWeek.get(w) ?? [];
    if (measure === "entries") {
      out.push({ week: w, value: list.length, n: list.length });
    } else if (measure === "cost") {
      const values = weeklyCostValues(list);
      out.push({ week: w, value: values.length ? mean(values) / 100 : null, n: values.length });
    } else {
      const d = measure === "left_28" ? 28 : 90;
      const interval = leftWithin(list, d).interval;
      out.push({ week: w, value: interval ? interval.proportion * 100 : null, n: interval?.n ?? 0 });
    }
  }
  return out;
}

/* ------------------------------------------------------------- windows */

export interface TrialWindow {
  /** Households entering TA (or in TA, for tags) in [from, to). */
  from: IsoDate;
  to: IsoDate;
}

/**
 * The change's window runs from its start through its end date (inclusive),
 * or through today while it runs; the before window is the same number of days
 * immediately before the start.
 */
export function trialWindows(
  start: IsoDate,
  end: IsoDate | null,
  asOf: IsoDate,
): { trial: TrialWindow; before: TrialWindow; days: number } {
  const tomorrow = addDays(asOf, 1);
  const afterEnd = end === null ? null : addDays(end, 1);
  const to = afterEnd === null || afterEnd > tomorrow ? tomorrow : afterEnd;
  const length = Math.max(0, daysBetween(start, to));
  return { trial: { from: start, to: to < start ? start : to }, before: { from: addDays(start, -length), to: start }, days: length };
}
