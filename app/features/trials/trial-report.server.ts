/**
 * The trial page's numbers, as words and table cells: every figure with its
 * interval. Used by the results page and the printable summary.
 */
import { keptUntilDataChanges } from "~/lib/cache.server";
import { taggedBeforeStart, trialGroups, publicTrial, type Trial } from "./trials.server";
import { addDays, formatDate, startOfWeek, type IsoDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { DESTINATIONS } from "~/lib/vocabulary";
import {
  compareOutcomes,
  describeMedian,
  groupOutcome,
  formatP,
  GROUP_NAMES,
  MAKE_UP_THRESHOLD_PP,
  MEASURES,
  WEEKLY_MEASURES,
  weeklySeries,
  type Comparison,
  type GroupOutcome,
  type TrialEpisode,
  type TrialGroup,
  type TrialMeasure,
  type WeeklyMeasure,
} from "~/features/trials/trials";
import type { KaplanMeierCurve } from "~/lib/stats";
import type { Conn } from "~/lib/db/connect";

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const pct1 = (x: number) => `${x.toFixed(1)}`;

function interval(estimate: string, lower: string | null, upper: string | null): string {
  return lower === null || upper === null ? estimate : `${estimate} (95% CI ${lower} to ${upper})`;
}

function survivalAt(curve: KaplanMeierCurve, t: number): number | null {
  if (curve.steps.length === 0) return null;
  const last = curve.steps[curve.steps.length - 1];
  if (t > last.time && last.survival > 0) return null; // past follow-up
  let s = 1;
  for (const step of curve.steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

export interface ComparisonView {
  key: TrialGroup;
  name: string;
  verdict: Comparison["verdict"];
  shows: string[];
  doesNotShow: string[];
  sizes: { trial: number; comparison: number };
  makeUp: { label: string; trial: string; comparison: string; flagged: boolean }[];
  makeUpFlags: string[];
  lengthOfStay: { rows: { group: string; n: number; exited: number; median: string; q25: string; q75: string }[]; test: string };
  kmChart: { series: { name: string; points: { x: string; y: number | null }[] }[] };
  leftWithin: { days: number; trial: string; comparison: string }[];
  cost: { trial: string; comparison: string; netTrial: string; netComparison: string; difference: string };
  bnb: { nightsTrial: string; nightsComparison: string; breachesTrial: string; breachesComparison: string };
  exits: { destination: string; trial: string; comparison: string }[];
}

function makeUpRows(c: Comparison, taTypeNames: Record<string, string>) {
  const a = c.trial.makeUp;
  const b = c.comparison.makeUp;
  const share = (k: number, n: number) => (n === 0 ? "none" : `${((100 * k) / n).toFixed(0)}% (${k})`);
  const flagged = new Set(c.makeUpDifferences.map((d) => d.what));
  const rows = [
    {
      label: "Households with children",
      trial: share(a.families, a.n),
      comparison: share(b.families, b.n),
      flagged: flagged.has("families"),
    },
  ];
  const types = [...new Set([...Object.keys(a.taTypes), ...Object.keys(b.taTypes)])].sort();
  for (const t of types) {
    rows.push({
      label: `Entered in ${taTypeNames[t] ?? t}`,
      trial: share(a.taTypes[t] ?? 0, a.n),
      comparison: share(b.taTypes[t] ?? 0, b.n),
      flagged: flagged.has(t),
    });
  }
  const parts = c.makeUpDifferences.map((d) => {
    const what = d.what === "families" ? "households with children" : `entering ${taTypeNames[d.what] ?? d.what}`;
    return `${what} (${d.a.toFixed(0)}% in the change against ${d.b.toFixed(0)}%)`;
  });
  const flags = parts.length
    ? [
        `These shares differ by more than the ${MAKE_UP_THRESHOLD_PP} percentage points this page allows before warning: ${parts.join("; ")}.`,
      ]
    : [];
  return { rows, flags };
}

function losRow(o: GroupOutcome, name: string) {
  const q = o.quantiles;
  const short = (x: typeof q.q25) => (x.time === null ? "not reached yet" : `${Math.round(x.time)} days`);
  return { group: name, n: o.n, exited: o.exited, median: describeMedian(q.median), q25: short(q.q25), q75: short(q.q75) };
}

function kmSeries(c: Comparison, names: [string, string]) {
  const maxT = Math.max(0, ...[c.trial.curve, c.comparison.curve].map((k) => (k.steps.length ? k.steps[k.steps.length - 1].time : 0)));
  const horizon = Math.min(maxT, 730);
  const step = horizon <= 120 ? 7 : horizon <= 400 ? 14 : 28;
  const grid: number[] = [];
  for (let t = 0; t <= horizon; t += step) grid.push(t);
  return [c.trial.curve, c.comparison.curve].map((curve, i) => ({
    name: names[i],
    points: grid.map((t) => {
      const s = survivalAt(curve, t);
      return { x: `Day ${t}`, y: s === null ? null : Math.round(s * 1000) / 10 };
    }),
  }));
}

function leftWithinText(l: GroupOutcome["leftWithin"][number]): string {
  if (!l.interval) return `No household watched ${l.days} days yet`;
  return `${interval(pct(l.interval.proportion), pct(l.interval.lower), pct(l.interval.upper))}, ${l.interval.k} of ${l.interval.n}`;
}

function costText(o: GroupOutcome, which: "grossCostPerWeek" | "netCostPerWeek" = "grossCostPerWeek"): string {
  const c = o[which];
  if (!c) return which === "netCostPerWeek" ? "Subsidy cannot be estimated (no LHA figure or rate)" : "No priced nights";
  return interval(formatPence(Math.round(c.estimate)), formatPence(Math.round(c.lower)), formatPence(Math.round(c.upper)));
}

function exitsRows(c: Comparison) {
  const keys = [...new Set([...c.trial.exits, ...c.comparison.exits].map((e) => e.destination))];
  const cell = (o: GroupOutcome, k: string) => {
    const n = o.exits.find((e) => e.destination === k)?.count ?? 0;
    return o.exited === 0 ? "0" : `${n} (${((100 * n) / o.exited).toFixed(0)}%)`;
  };
  return keys.map((k) => ({
    destination: (DESTINATIONS as Record<string, string>)[k] ?? "Not recorded",
    trial: cell(c.trial, k),
    comparison: cell(c.comparison, k),
  }));
}

export function comparisonView(key: TrialGroup, c: Comparison, taTypeNames: Record<string, string>): ComparisonView {
  const { rows, flags } = makeUpRows(c, taTypeNames);
  const lr = c.logRank;
  const diff = c.costDifference;
  const signed = (p: number) => (p < 0 ? `-${formatPence(Math.round(-p))}` : formatPence(Math.round(p)));
  return {
    key,
    name: GROUP_NAMES[key],
    verdict: c.verdict,
    shows: c.shows,
    doesNotShow: c.doesNotShow,
    sizes: { trial: c.trial.n, comparison: c.comparison.n },
    makeUp: rows,
    makeUpFlags: flags,
    lengthOfStay: {
      rows: [losRow(c.trial, GROUP_NAMES.trial), losRow(c.comparison, GROUP_NAMES[key])],
      test: lr.testable
        ? `Log-rank test: chi-square ${lr.chiSquare.toFixed(2)}, ${formatP(lr.pValue)}. Exits in the change: ${lr.groupA.observed} observed against ${lr.groupA.expected.toFixed(1)} expected if both groups shared one pattern.`
        : "Log-rank test: not possible yet (" +
          (lr.reason === "empty-group" ? "a group has no households" : "no exits while both groups were in TA") +
          ").",
    },
    kmChart: { series: kmSeries(c, [GROUP_NAMES.trial, GROUP_NAMES[key]]) },
    leftWithin: c.trial.leftWithin.map((l, i) => ({
      days: l.days,
      trial: leftWithinText(l),
      comparison: leftWithinText(c.comparison.leftWithin[i]),
    })),
    cost: {
      trial: costText(c.trial),
      comparison: costText(c.comparison),
      netTrial: costText(c.trial, "netCostPerWeek"),
      netComparison: costText(c.comparison, "netCostPerWeek"),
      difference: diff ? interval(signed(diff.estimate), signed(diff.lower), signed(diff.upper)) : "Not available",
    },
    bnb: {
      nightsTrial: c.trial.bnbNightsPer100
        ? interval(pct1(c.trial.bnbNightsPer100.estimate), pct1(c.trial.bnbNightsPer100.lower), pct1(c.trial.bnbNightsPer100.upper))
        : "No households",
      nightsComparison: c.comparison.bnbNightsPer100
        ? interval(
            pct1(c.comparison.bnbNightsPer100.estimate),
            pct1(c.comparison.bnbNightsPer100.lower),
            pct1(c.comparison.bnbNightsPer100.upper),
          )
        : "No households",
      breachesTrial: c.trial.breachesPer100
        ? interval(
            pct1(c.trial.breachesPer100.proportion * 100),
            pct1(c.trial.breachesPer100.lower * 100),
            pct1(c.trial.breachesPer100.upper * 100),
          )
        : "No households",
      breachesComparison: c.comparison.breachesPer100
        ? interval(
            pct1(c.comparison.breachesPer100.proportion * 100),
            pct1(c.comparison.breachesPer100.lower * 100),
            pct1(c.comparison.breachesPer100.upper * 100),
          )
        : "No households",
    },
    exits: exitsRows(c),
  };
}

export async function taTypeNames(db: Conn): Promise<Record<string, string>> {
  const rows = await db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.name]));
}

export async function providerName(db: Conn, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const p = await db.selectFrom("providers").select("name").where("id", "=", id).executeTakeFirst();
  return p?.name ?? null;
}

export function isWeeklyMeasure(v: string | null): v is WeeklyMeasure {
  return v !== null && v in WEEKLY_MEASURES;
}

/** Everything the results page and the print view show, as plain data. */
export async function trialReport(db: Conn, trial: Trial, asOf: IsoDate, weekly: WeeklyMeasure) {
  return keptUntilDataChanges(db, `trial:${trial.id}:${asOf}:${weekly}`, () => trialReportNow(db, trial, asOf, weekly));
}

export async function trialReportNow(db: Conn, trial: Trial, asOf: IsoDate, weekly: WeeklyMeasure) {
  const groups = await trialGroups(db, trial, asOf);
  const names = await taTypeNames(db);
  const provider = await providerName(db, trial.rule_provider_id);
  const comparisons: ComparisonView[] = [];
  const trialOutcome = groupOutcome("trial", groups.trial); // once, for both comparisons
  const add = (key: TrialGroup, rows: TrialEpisode[] | null) => {
    if (rows) comparisons.push(comparisonView(key, compareOutcomes(groups.trial, rows, key, trialOutcome), names));
  };
  add("before", groups.before);
  add("concurrent", groups.concurrent);
  const w = groups.windows;
  const chartFrom = groups.before ? w.before.from : w.trial.from;
  const chartSeries = [
    { name: GROUP_NAMES.trial, rows: groups.trial },
    ...(groups.before ? [{ name: GROUP_NAMES.before, rows: groups.before }] : []),
    ...(groups.concurrent ? [{ name: GROUP_NAMES.concurrent, rows: groups.concurrent }] : []),
  ].map((s) => ({
    name: s.name,
    points: weeklySeries(s.rows, weekly, chartFrom, asOf).map((p) => ({
      x: p.week,
      y: p.value === null || (weekly !== "entries" && p.n === 0) ? null : Math.round(p.value * 10) / 10,
    })),
  }));
  // A group only has points in its own window: blank the rest so lines do not run along zero.
  for (const s of chartSeries) {
    const windowOf = s.name === GROUP_NAMES.before ? w.before : w.trial;
    for (const p of s.points) if (p.x < startOfWeek(windowOf.from) || p.x >= windowOf.to) p.y = null;
  }
  const rule: string[] = [];
  if (trial.rule_children !== "any") rule.push(trial.rule_children === "with" ? "with children" : "without children");
  if (provider) rule.push(`placed with ${provider}`);
  if (trial.rule_ta_types.length) rule.push(`placed in ${trial.rule_ta_types.map((t) => names[t] ?? t).join(" or ")}`);
  const period = `from ${formatDate(trial.start_date)}${trial.end_date ? ` to ${formatDate(trial.end_date)}` : ""}`;
  const ruleText = rule.length ? `households ${rule.join(", ")} (checked at entry)` : "all households";
  return {
    trial: {
      ...publicTrial(trial),
      startText: formatDate(trial.start_date),
      endText: trial.end_date ? formatDate(trial.end_date) : null,
      measuresText: trial.measures.map((m: TrialMeasure) => MEASURES[m]),
      who:
        trial.selection === "rule"
          ? `${rule.length ? `Households ${rule.join(", ")} (checked at entry)` : "All households"}, entering TA ${period}`
          : `Households tagged by officers, entering TA ${period}${rule.length ? `; compared with untagged ${ruleText}` : ""}`,
      taggedBeforeStart: trial.selection === "tagged" ? await taggedBeforeStart(db, trial) : 0,
    },
    asOf,
    asOfText: formatDate(asOf),
    windows: {
      trial: `${formatDate(w.trial.from)} to ${formatDate(w.trial.to === w.trial.from ? w.trial.from : addDays(w.trial.to, -1))}`,
      before: w.days > 0 ? `${formatDate(w.before.from)} to ${formatDate(addDays(w.before.to, -1))}` : null,
      days: w.days,
    },
    sizes: { trial: groups.trial.length, before: groups.before?.length ?? null, concurrent: groups.concurrent?.length ?? null },
    comparisons,
    weekly: {
      measure: weekly,
      title: WEEKLY_MEASURES[weekly],
      series: chartSeries,
      marker: { x: startOfWeek(trial.start_date), label: "Change starts" },
    },
  };
}
