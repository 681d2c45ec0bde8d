/**
 * The trial page's numbers, as words and table cells: every figure with its
 * interval. Used by the results page and the printable summary.
 */
import { sql } from "kysely";
import { keptUntilDataChanges } from "~/lib/cache.server";
import { recentEpisodes, taggedBeforeStart, trialGroups, publicTrial, type Trial } from "./trials.server";
import {
  designResult,
  destinationCounts,
  followUp,
  horizonRow,
  HORIZONS,
  HORIZON_MEASURES,
  powerFor,
  type DesignResult,
  type MeasureResult,
  type Plan,
} from "./design";
import { destinationTest, twoSidedP } from "~/lib/stats-design";
import { addDays, formatDate, londonDate as londonDay, startOfWeek, type IsoDate } from "~/lib/dates";
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
  verdict: DesignResult["verdict"];
  primary: {
    label: string;
    trial: string;
    comparison: string;
    difference: string;
    test: string;
    look: string;
    did: string | null;
  };
  followUp: { group: string; n: number; median: string; range: string }[];
  horizons: { horizon: number; watched: string; left: string; restrictedMean: string; bnb: string; breaches: string }[];
  secondaries: { label: string; trial: string; comparison: string; difference: string; p: string; adjusted: string }[];
  secondaryNote: string;
  makeUpTest: string;
  destinationTest: string;
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

/* ------------------------------------------------- the declared design */

function valueText(r: MeasureResult, x: number | null): string {
  if (x === null) return "Not yet";
  if (r.unit === "days") return `${x.toFixed(1)} days`;
  if (r.unit === "share") return `${(100 * x).toFixed(0)}%`;
  if (r.unit === "pence") return formatPence(Math.round(x));
  return x.toFixed(0);
}

function differenceText(r: MeasureResult, d: number, lo: number, hi: number, level: string): string {
  const f = (x: number) => {
    if (r.unit === "days") return `${x.toFixed(1)} days`;
    if (r.unit === "share") return `${(100 * x).toFixed(1)} points`;
    if (r.unit === "pence") return x < 0 ? `-${formatPence(Math.round(-x))}` : formatPence(Math.round(x));
    return x.toFixed(0);
  };
  return `${f(d)} (${level} interval ${f(lo)} to ${f(hi)})`;
}

const DIRECTION: Record<TrialMeasure, [string, string]> = {
  length_of_stay: ["left TA sooner than", "stayed in TA longer than"],
  left_within: ["left TA sooner than", "left TA later than"],
  cost: ["cost less per week than", "cost more per week than"],
  bnb: ["spent fewer nights in B&B than", "spent more nights in B&B than"],
  exits: ["left to different destinations from", "left to different destinations from"],
};

function pText(p: number | null): string {
  return p === null ? "not testable" : formatP(p);
}

/** The verdict in plain words: what it shows and what it does not. */
function verdictWords(d: DesignResult, comparisonName: string, kind: TrialGroup): { shows: string[]; doesNotShow: string[] } {
  const r = d.primary;
  const shows: string[] = [];
  const doesNotShow: string[] = [];
  const look = d.look;
  const measure = `${r.label} (the primary measure)`;
  const boundary = Number.isFinite(look.boundary) ? `|z| ${look.boundary.toFixed(2)}, p < ${look.nominalP.toPrecision(2)}` : "none yet";
  const where =
    look.kind === "none"
      ? "There is no planned end date or number of households, so every result is interim and only p < 0.001 counts."
      : look.final
        ? "This is the final result: the planned end has come."
        : `This is an interim result at ${Math.round(100 * (look.fraction ?? 0))}% of the planned information; the boundary at this look is ${boundary} (O'Brien-Fleming), so that reading the page every day does not inflate false alarms.`;
  const up = r.measure === "left_within" ? (r.z ?? 0) > 0 : (r.z ?? 0) < 0;
  const direction = DIRECTION[r.measure][up ? 0 : 1];
  const figures =
    r.measure === "exits"
      ? `${r.method}, ${pText(r.pValue)}`
      : `${valueText(r, r.trial)} in the change against ${valueText(r, r.comparison)}; ${r.method}, ${pText(r.pValue)}`;
  if (d.verdict === "not_yet") {
    shows.push(`There is nothing to compare yet on ${measure}: ${r.reason ?? "too few households"}`);
  } else if (d.verdict === "effect" || d.verdict === "interim_effect") {
    shows.push(`Households in the change ${direction} the comparison group on ${measure}: ${figures}.`);
    shows.push(
      d.verdict === "effect"
        ? "A difference this large is unlikely to be chance alone."
        : "The difference has crossed the boundary for this look: strong enough to call before the planned end.",
    );
    shows.push(where);
  } else {
    shows.push(`${d.verdict === "interim" ? "No conclusion yet" : "No detectable difference"} on ${measure}: ${figures}.`);
    shows.push(where);
    if (d.interval) shows.push("The interval shows the differences these numbers cannot yet rule out.");
    doesNotShow.push("It does not show that the change had no effect: only that any effect is too small to see with these numbers.");
  }
  doesNotShow.push(
    "It does not show that the change caused any difference: the groups were not chosen at random, and other things changed over the same weeks.",
  );
  if (kind === "before")
    doesNotShow.push(
      d.didResult
        ? "Before and after are months apart: the difference-in-differences below allows for what changed over time for households the rule does not pick, assuming they would have moved alike."
        : "Before and after are months apart: a change over time for everyone (season, supply, policy) would look the same.",
    );
  if (d.secondaries.length)
    doesNotShow.push("Secondary measures do not decide the verdict; their intervals are widened for testing several at once.");
  void comparisonName;
  return { shows, doesNotShow };
}

function designView(
  key: TrialGroup,
  d: DesignResult,
  trialRows: readonly TrialEpisode[],
  comparisonRows: readonly TrialEpisode[],
  flagged: boolean,
) {
  const r = d.primary;
  const fu = (name: string, rows: readonly TrialEpisode[]) => {
    const f = followUp(rows);
    return {
      group: name,
      n: f.n,
      median: f.median === null ? "No households" : `${Math.round(f.median)} days`,
      range: f.min === null ? "" : `${f.min} to ${f.max} days`,
    };
  };
  const est = (x: { estimate: number; se: number } | null, fmt: (v: number) => string) =>
    x === null ? "not yet" : `${fmt(x.estimate)} (${fmt(Math.max(0, x.estimate - 1.96 * x.se))} to ${fmt(x.estimate + 1.96 * x.se)})`;
  const pair = (a: string, b: string) => `${a} against ${b}`;
  const pc = (v: number) => `${(100 * v).toFixed(0)}%`;
  const horizons = HORIZONS.map((h) => {
    const a = horizonRow(trialRows, h);
    const b = horizonRow(comparisonRows, h);
    return {
      horizon: h,
      watched: pair(String(a.watched), String(b.watched)),
      left: pair(est(a.leftWithin, pc), est(b.leftWithin, pc)),
      restrictedMean: pair(
        est(a.restrictedMean, (v) => v.toFixed(1)),
        est(b.restrictedMean, (v) => v.toFixed(1)),
      ),
      bnb: pair(
        est(a.bnbPer100, (v) => v.toFixed(0)),
        est(b.bnbPer100, (v) => v.toFixed(0)),
      ),
      breaches: pair(
        est(a.breachesPer100, (v) => v.toFixed(1)),
        est(b.breachesPer100, (v) => v.toFixed(1)),
      ),
    };
  });
  const secondaries = d.secondaries.map((x) => ({
    label: x.label,
    trial: valueText(x, x.trial),
    comparison: valueText(x, x.comparison),
    difference:
      x.difference !== null && x.se !== null
        ? differenceText(
            x,
            x.difference,
            x.difference - x.intervalZ * x.se,
            x.difference + x.intervalZ * x.se,
            `${(100 * (1 - 2 * (1 - normalCdfApprox(x.intervalZ)))).toFixed(1)}%`,
          )
        : (x.reason ?? "Not yet"),
    p: pText(x.pValue),
    adjusted: x.adjustedP === null ? "" : formatP(x.adjustedP).replace("p", "Holm p"),
  }));
  const dc = (rows: readonly TrialEpisode[]) => destinationCounts(rows, d.primary.horizon);
  const ca = dc(trialRows);
  const cb = dc(comparisonRows);
  const keys = [...new Set([...ca.keys(), ...cb.keys()])].sort();
  const dt = keys.length ? destinationTest([keys.map((k) => ca.get(k) ?? 0), keys.map((k) => cb.get(k) ?? 0)]) : null;
  const did = d.didResult;
  return {
    primary: {
      label: r.label,
      trial:
        valueText(r, r.trial) + (r.measure === "exits" && r.trial !== null ? " of exits to social housing or a private rented offer" : ""),
      comparison:
        valueText(r, r.comparison) +
        (r.measure === "exits" && r.comparison !== null ? " of exits to social housing or a private rented offer" : ""),
      difference:
        r.difference !== null && d.interval
          ? differenceText(r, r.difference, d.interval.lower, d.interval.upper, d.interval.level)
          : r.difference !== null
            ? differenceText(r, r.difference, r.difference, r.difference, "no")
            : (r.reason ?? "Not yet"),
      test: r.z === null ? (r.reason ?? "Not testable yet") : `${r.method}: z = ${r.z.toFixed(2)}, ${pText(r.pValue)}`,
      look:
        d.look.kind === "none"
          ? "No planned end date or number of households: every look is interim; the boundary is |z| 3.29 (p < 0.001, Haybittle-Peto)."
          : `${d.look.final ? "Final look" : "Interim look"} at ${Math.round(100 * (d.look.fraction ?? 0))}% of the planned information (${d.look.fractions.length} ${d.look.fractions.length === 1 ? "look" : "looks"} every four weeks since the start, this one included): boundary ${Number.isFinite(d.look.boundary) ? `|z| ${d.look.boundary.toFixed(2)} (p < ${d.look.nominalP.toPrecision(2)})` : "not reached: no information yet"}.`,
      did: did
        ? `Difference-in-differences against households the rule does not pick, in the same two windows: the change's difference less theirs (${valueText(r, did.untouched.now)} now against ${valueText(r, did.untouched.before)} before): ${differenceText(r, did.estimate, did.lower, did.upper, "95%")}, ${formatP(did.pValue)}.`
        : null,
    },
    followUp: [fu(GROUP_NAMES.trial, trialRows), fu(GROUP_NAMES[key], comparisonRows)],
    horizons,
    secondaries,
    secondaryNote: d.secondaries.length
      ? `Holm-adjusted p-values over the ${d.secondaries.length} secondary ${d.secondaries.length === 1 ? "measure" : "measures"}; intervals at the Bonferroni level (${(100 * (1 - 0.05 / d.secondaries.length)).toFixed(1)}%), so that together they hold at 95%. Not adjusted for interim looks: read them as supporting evidence only.`
      : "No secondary measures declared.",
    makeUpTest: flagged
      ? d.stratified
        ? "Because the make-up differs, the length-of-stay test is stratified by TA type at entry and household type (stratified log-rank)."
        : `The make-up differs; the primary measure (${MEASURES[d.primary.measure].toLowerCase()}) is not adjusted for it.`
      : "The make-up is alike: the length-of-stay test is not stratified (plain log-rank).",
    destinationTest: dt
      ? `Destinations of exits within ${d.primary.horizon} days: ${dt.method === "fisher" ? "Fisher's exact test (an expected count is under 5)" : `chi-square test, ${dt.df} degrees of freedom`}, ${formatP(dt.pValue)}${d.primary.measure === "exits" ? " (the primary measure)" : ""}.`
      : `Destinations of exits within ${d.primary.horizon} days: too few exits to test.`,
  };
}

function normalCdfApprox(z: number): number {
  return 1 - twoSidedP(z) / 2;
}

export function comparisonView(
  key: TrialGroup,
  c: Comparison,
  taTypeNames: Record<string, string>,
  design: { result: DesignResult; trialRows: readonly TrialEpisode[]; comparisonRows: readonly TrialEpisode[] },
): ComparisonView {
  const { rows, flags } = makeUpRows(c, taTypeNames);
  const lr = c.logRank;
  const diff = c.costDifference;
  const signed = (p: number) => (p < 0 ? `-${formatPence(Math.round(-p))}` : formatPence(Math.round(p)));
  const words = verdictWords(design.result, GROUP_NAMES[key], key);
  return {
    key,
    name: GROUP_NAMES[key],
    verdict: design.result.verdict,
    shows: words.shows,
    doesNotShow: [...words.doesNotShow, ...c.doesNotShow.filter((x) => x.startsWith("The groups differ"))],
    ...designView(key, design.result, design.trialRows, design.comparisonRows, c.makeUpDifferences.length > 0),
    sizes: { trial: c.trial.n, comparison: c.comparison.n },
    makeUp: rows,
    makeUpFlags: flags,
    lengthOfStay: {
      rows: [losRow(c.trial, GROUP_NAMES.trial), losRow(c.comparison, GROUP_NAMES[key])],
      test: lr.testable
        ? `Log-rank test over the whole follow-up (a description, not the verdict): chi-square ${lr.chiSquare.toFixed(2)}, ${formatP(lr.pValue)}. Exits in the change: ${lr.groupA.observed} observed against ${lr.groupA.expected.toFixed(1)} expected if both groups shared one pattern.`
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
  // Kept once for every chart measure: choosing another measure to chart does not recompute the comparisons.
  const all = await keptUntilDataChanges(db, `trial:${trial.id}:${asOf}`, () => trialReportAll(db, trial, asOf));
  return pickWeekly(all, weekly);
}

type TrialReportAll = Awaited<ReturnType<typeof trialReportAll>>;

function pickWeekly(all: TrialReportAll, weekly: WeeklyMeasure) {
  const { weeklyAll, ...rest } = all;
  return { ...rest, weekly: { ...weeklyAll[weekly], measure: weekly, title: WEEKLY_MEASURES[weekly] } };
}

export async function trialReportNow(db: Conn, trial: Trial, asOf: IsoDate, weekly: WeeklyMeasure) {
  return pickWeekly(await trialReportAll(db, trial, asOf), weekly);
}

function declaredText(trial: Trial): string {
  const made = trial.created_at instanceof Date ? trial.created_at.toISOString().slice(0, 10) : String(trial.created_at).slice(0, 10);
  return made <= trial.start_date
    ? `Declared on ${formatDate(made as IsoDate)}, before the change started; locked since the start.`
    : `Declared on ${formatDate(made as IsoDate)}, after the change started on ${formatDate(trial.start_date)}: the choice may have been made after seeing some figures.`;
}

/** Changes to the planned end date made after the change started, from the audit trail: shown, since they move the verdict. */
async function planChanges(db: Conn, trial: Trial): Promise<string[]> {
  const rows = await sql<{ at: Date; before: string | null; after: string | null }>`
    SELECT a.at, a.before ->> 'end_date' AS before, a.after ->> 'end_date' AS after
    FROM audit_events a
    WHERE a.entity = 'trial' AND a.entity_id = ${String(trial.id)} AND a.action = 'update'
      AND (a.before ->> 'end_date') IS DISTINCT FROM (a.after ->> 'end_date')
    ORDER BY a.at, a.id`.execute(db);
  const day = (v: string | null) => (v ? formatDate(v.slice(0, 10) as IsoDate) : "none");
  return rows.rows
    .filter((r) => londonDay(new Date(r.at)) >= trial.start_date)
    .map(
      (r) =>
        `On ${formatDate(londonDay(new Date(r.at)))}, after the start, the planned end date was changed from ${day(r.before)} to ${day(r.after)}.`,
    );
}

async function powerText(db: Conn, trial: Trial, plan: Plan): Promise<string[]> {
  const recent = await recentEpisodes(db, trial);
  const p = powerFor(trial.primary_measure, plan, recent);
  if (!p)
    return [
      `Too few of the council's households entering TA in the year before the start were watched ${plan.horizon} days to plan the size of this change.`,
    ];
  const out = [
    `From the council's ${p.recent} households the rule picks that entered TA in the year before the start and were watched ${plan.horizon} days: ${p.baseline}.`,
    `To detect a change of ${p.difference} with 80% power (two-sided 5%), each group needs about ${p.perGroup} households; a few per cent more allows for the interim looks.`,
  ];
  if (p.planned !== null && p.power !== null)
    out.push(
      `${trial.planned_size !== null ? "Planned" : "Expected by the end date at the recent rate, watched to the horizon"}: ${p.planned} households, which gives about ${Math.round(100 * p.power)}% power.`,
    );
  return out;
}

async function trialReportAll(db: Conn, trial: Trial, asOf: IsoDate) {
  const groups = await trialGroups(db, trial, asOf, { detail: true });
  const names = await taTypeNames(db);
  const provider = await providerName(db, trial.rule_provider_id);
  const comparisons: ComparisonView[] = [];
  const trialOutcome = groupOutcome("trial", groups.trial); // once, for both comparisons
  const plan: Plan = { start: trial.start_date, end: trial.end_date, plannedSize: trial.planned_size, horizon: trial.primary_horizon };
  const add = (key: TrialGroup, rows: TrialEpisode[] | null) => {
    if (!rows) return;
    const c = compareOutcomes(groups.trial, rows, key, trialOutcome);
    const result = designResult({
      primary: trial.primary_measure,
      secondaries: trial.measures,
      plan,
      trial: groups.trial,
      comparison: rows,
      asOf,
      stratify: c.makeUpDifferences.length > 0,
      untouched: key === "before" ? (groups.untouched ?? null) : null,
    });
    comparisons.push(comparisonView(key, c, names, { result, trialRows: groups.trial, comparisonRows: rows }));
  };
  add("before", groups.before);
  add("concurrent", groups.concurrent);
  const w = groups.windows;
  const chartFrom = groups.before ? w.before.from : w.trial.from;
  const chartSeries = (weekly: WeeklyMeasure) => {
    const series = [
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
    for (const s of series) {
      const windowOf = s.name === GROUP_NAMES.before ? w.before : w.trial;
      for (const p of s.points) if (p.x < startOfWeek(windowOf.from) || p.x >= windowOf.to) p.y = null;
    }
    return series;
  };
  const marker = { x: startOfWeek(trial.start_date), label: "Change starts" };
  const weeklyAll = Object.fromEntries(
    (Object.keys(WEEKLY_MEASURES) as WeeklyMeasure[]).map((m) => [m, { series: chartSeries(m), marker }]),
  ) as Record<WeeklyMeasure, { series: ReturnType<typeof chartSeries>; marker: typeof marker }>;
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
      primaryText: `${MEASURES[trial.primary_measure]}, over the first ${trial.primary_horizon} days from entry`,
      primaryLabel: HORIZON_MEASURES[trial.primary_measure](trial.primary_horizon),
      secondaryText: trial.measures.filter((m: TrialMeasure) => m !== trial.primary_measure).map((m: TrialMeasure) => MEASURES[m]),
      planText:
        trial.end_date !== null
          ? `Households join until ${formatDate(trial.end_date)}; the verdict is final from then${trial.planned_size ? "" : ""}`
          : trial.planned_size !== null
            ? `${trial.planned_size} households in the change, each watched ${trial.primary_horizon} days`
            : "No planned end date or number of households: every verdict is interim",
      declaredText: declaredText(trial),
      planChanges: await planChanges(db, trial),
    },
    power: await powerText(db, trial, plan),
    asOf,
    asOfText: formatDate(asOf),
    windows: {
      trial: `${formatDate(w.trial.from)} to ${formatDate(w.trial.to === w.trial.from ? w.trial.from : addDays(w.trial.to, -1))}`,
      before: w.days > 0 ? `${formatDate(w.before.from)} to ${formatDate(addDays(w.before.to, -1))}` : null,
      days: w.days,
    },
    sizes: { trial: groups.trial.length, before: groups.before?.length ?? null, concurrent: groups.concurrent?.length ?? null },
    comparisons,
    weeklyAll,
  };
}
