/** The forecast and scenario pages' tables and CSV files, as plain strings: one source for the page, the print view and the CSV. */
import { formatDate, type IsoDate } from "~/lib/dates";
import { formatPence, penceToPounds2dp } from "~/features/money/money";
import type { Interval } from "~/lib/forecast";
import type { Backtests } from "./backtests.server";
import { BED_NAMES, CAT_NAMES, CATS, BEDS, type Change, type ForecastResult, type MonthRow } from "./model";
import type { Scenario } from "./scenarios.server";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
export const whole = (x: number) => Math.round(x).toLocaleString("en-GB");
export const oneDp = (x: number) =>
  (Math.round(x * 10) / 10).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export const pounds = (p: number) => formatPence(Math.round(p / 100) * 100).replace(/\.00$/, "");
export const signedPounds = (p: number) => (Math.round(p / 100) === 0 ? "£0" : p > 0 ? `+${pounds(p)}` : pounds(p));
export const signed = (x: number, f = oneDp) => (Math.abs(x) < 0.05 ? "0" : x > 0 ? `+${f(x)}` : f(x));
export const interval = (i: Interval, f = whole) => `${f(i.mean)} (${f(i.lower)} to ${f(i.upper)})`;
export const percent = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
const bp = (b: number) => `${b > 0 ? "+" : ""}${(b / 100).toLocaleString("en-GB", { maximumFractionDigits: 2 })}%`;

export interface Names {
  taTypes: Record<string, string>;
  providers: Record<number, string>;
}

/** A change in words, as a manager would say it. */
export function describeChange(c: Change, names: Names): string {
  if (c.kind === "units") {
    const size = c.bedrooms === 0 ? "studio" : `${c.bedrooms}-bedroom`;
    const type = names.taTypes[c.taType] ?? c.taType;
    if (c.action === "remove") return `Remove ${whole(c.count)} ${size} units of ${type} from ${formatDate(c.from)}`;
    const rate = `${formatPence(c.ratePence)} a ${c.basis}`;
    const paid = c.paidFor === "every_night" ? "paid every night" : "paid per occupied night";
    return `Add ${whole(c.count)} ${size} units of ${type}${c.district ? ` in ${c.district}` : ""} at ${rate}, ${paid}, from ${formatDate(c.from)}`;
  }
  if (c.kind === "provider") {
    const who = names.providers[c.providerId] ?? `provider ${c.providerId}`;
    return c.action === "end"
      ? `Stop using ${who} from ${formatDate(c.from)}`
      : `${who}'s rates change by ${bp(c.basisPoints)} from ${formatDate(c.from)}`;
  }
  if (c.trial)
    return `Length of stay changes by ${bp(c.basisPoints)} (95% interval ${bp(c.trial.lowerBp)} to ${bp(c.trial.upperBp)}), the measured effect of the finished trial "${c.trial.name}", from ${formatDate(c.from)}`;
  return `Length of stay changes by ${bp(c.basisPoints)} from ${formatDate(c.from)}`;
}

export const FORECAST_HEAD = [
  "Month",
  "Households in TA at the month's end (95% interval)",
  "Families in B&B (95% interval)",
  "Families in B&B over six weeks",
  "Void nights",
  "Gross cost of occupied nights",
  "Void cost",
  "Estimated subsidy",
  "Net cost",
];

export function forecastRows(f: ForecastResult): string[][] {
  return f.months.map((m) => [
    monthLabel(m.month) + (m.nights < daysIn(m.month) ? ` (${m.nights} nights)` : ""),
    interval(m.households),
    interval(m.familiesInBnb, oneDp),
    oneDp(m.breaches),
    whole(m.voidNights),
    pounds(m.grossPence),
    pounds(m.voidPence),
    pounds(m.subsidyPence),
    pounds(m.netPence),
  ]);
}

function daysIn(month: string): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function byCatRows(f: ForecastResult): { head: string[]; rows: string[][] } {
  return {
    head: ["Month", ...CATS.map((c) => CAT_NAMES[c])],
    rows: f.months.map((m, i) => [monthLabel(m.month), ...CATS.map((_, k) => interval(f.catIntervals[i][k]))]),
  };
}

export function byBedsRows(f: ForecastResult): { head: string[]; rows: string[][] } {
  return {
    head: ["Month", ...BEDS.map((b) => BED_NAMES[b])],
    rows: f.months.map((m, i) => [monthLabel(m.month), ...BEDS.map((_, k) => interval(f.bedIntervals[i][k]))]),
  };
}

export function budgetRows(f: ForecastResult): string[][] {
  return f.budgets.map((b) => [
    `${b.year} to ${b.year + 1}`,
    b.budgetPence === null ? "No budget set" : pounds(b.budgetPence),
    pounds(b.paidToDatePence),
    `${pounds(b.forecastPence)}${b.monthsCovered < 12 ? ` (${b.monthsCovered} of 12 months)` : ""}`,
    b.budgetPence === null ? "" : signedPounds(b.budgetPence - b.forecastPence),
  ]);
}
export const BUDGET_HEAD = ["Financial year", "Budget", "Paid to date", "Paid to date and forecast", "Budget minus forecast"];

export const COMPARE_HEAD = [
  "Month",
  "Households in TA",
  "Families in B&B: baseline",
  "Families in B&B: scenario",
  "Over six weeks: baseline",
  "Over six weeks: scenario",
  "In the added units",
  "Void nights: baseline",
  "Void nights: scenario",
  "Net cost: baseline",
  "Net cost: scenario",
  "Change in net cost",
];

export function compareRows(base: ForecastResult, s: ForecastResult): string[][] {
  return s.months.map((m, i) => {
    const b = base.months[i];
    return [
      monthLabel(m.month),
      whole(m.households.mean) +
        (Math.round(m.households.mean) !== Math.round(b.households.mean) ? ` (baseline ${whole(b.households.mean)})` : ""),
      oneDp(b.familiesInBnb.mean),
      oneDp(m.familiesInBnb.mean),
      oneDp(b.breaches),
      oneDp(m.breaches),
      whole(m.inNewUnits),
      whole(b.voidNights),
      whole(m.voidNights),
      pounds(b.netPence),
      pounds(m.netPence),
      signedPounds(m.netPence - b.netPence),
    ];
  });
}

export interface Totals {
  months: number;
  netPence: number;
  grossPence: number;
  voidPence: number;
  subsidyPence: number;
  familiesInBnb: number;
  breaches: number;
  households: number;
}

/** Sums over the first `n` months (costs), and averages of the month-end counts. */
export function totals(f: ForecastResult, n: number): Totals {
  const ms: MonthRow[] = f.months.slice(0, n);
  const avg = (g: (m: MonthRow) => number) => (ms.length ? ms.reduce((s, m) => s + g(m), 0) / ms.length : 0);
  return {
    months: ms.length,
    netPence: ms.reduce((s, m) => s + m.netPence, 0),
    grossPence: ms.reduce((s, m) => s + m.grossPence, 0),
    voidPence: ms.reduce((s, m) => s + m.voidPence, 0),
    subsidyPence: ms.reduce((s, m) => s + m.subsidyPence, 0),
    familiesInBnb: avg((m) => m.familiesInBnb.mean),
    breaches: avg((m) => m.breaches),
    households: avg((m) => m.households.mean),
  };
}

export const SCENARIO_CSV_HEADER = [
  "scenario",
  "month",
  "nights",
  "households",
  "households_lower",
  "households_upper",
  "families_in_bnb",
  "families_in_bnb_baseline",
  "over_six_weeks",
  "over_six_weeks_baseline",
  "in_added_units",
  "void_nights",
  "void_nights_baseline",
  "gross",
  "void_cost",
  "subsidy",
  "net",
  "net_baseline",
  "net_change",
];

export function scenarioCsvRows(name: string, base: ForecastResult, s: ForecastResult): (string | number)[][] {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return s.months.map((m, i) => {
    const b = base.months[i];
    return [
      name,
      m.month,
      m.nights,
      r1(m.households.mean),
      r1(m.households.lower),
      r1(m.households.upper),
      r1(m.familiesInBnb.mean),
      r1(b.familiesInBnb.mean),
      r1(m.breaches),
      r1(b.breaches),
      r1(m.inNewUnits),
      m.voidNights,
      b.voidNights,
      penceToPounds2dp(m.grossPence),
      penceToPounds2dp(m.voidPence),
      penceToPounds2dp(m.subsidyPence),
      penceToPounds2dp(m.netPence),
      penceToPounds2dp(b.netPence),
      penceToPounds2dp(m.netPence - b.netPence),
    ];
  });
}

export const BACKTEST_HEAD = [
  "Made on",
  "Months ahead",
  "Households in TA: forecast",
  "actual",
  "error",
  "Inside the 95% interval",
  "Families in B&B: forecast",
  "actual",
  "Paid in the month: forecast",
  "actual",
  "error",
];

export function backtestRows(b: Backtests): string[][] {
  return b.rows.map((r) => [
    formatDate(r.origin),
    String(r.horizon),
    whole(r.households.forecast),
    whole(r.households.actual),
    `${signed(r.households.error, whole)} (${percent(r.households.relative)})`,
    r.inInterval ? "Yes" : "No",
    oneDp(r.familiesInBnb.forecast),
    whole(r.familiesInBnb.actual),
    pounds(r.paidPence.forecast),
    pounds(r.paidPence.actual),
    percent(r.paidPence.relative),
  ]);
}

export const BACKTEST_SUMMARY_HEAD = [
  "Months ahead",
  "Forecasts checked",
  "Households in TA: mean absolute error",
  "bias",
  "Inside the 95% interval",
  "Families in B&B: mean absolute error",
  "Paid: mean absolute error",
];

export function backtestSummaryRows(b: Backtests): string[][] {
  return b.summary.map((s) => [
    String(s.horizon),
    String(s.n),
    percent(s.households.mape),
    s.households.bias === null ? "n/a" : `${s.households.bias > 0 ? "+" : ""}${percent(s.households.bias)}`,
    s.coverage === null ? "n/a" : `${Math.round(s.coverage * 100)}%`,
    percent(s.familiesInBnb.mape),
    percent(s.paid.mape),
  ]);
}

export function namesFrom(inputs: { taTypes: { code: string; name: string }[]; providers: { id: number; name: string }[] }): Names {
  return {
    taTypes: Object.fromEntries(inputs.taTypes.map((t) => [t.code, t.name])),
    providers: Object.fromEntries(inputs.providers.map((p) => [p.id, p.name])),
  };
}

export function scenarioSummary(s: Scenario, names: Names) {
  return {
    id: s.id,
    name: s.name,
    notes: s.notes,
    madeOn: formatDate(s.madeOn as IsoDate),
    by: s.createdBy,
    changes: s.changes.map((c) => describeChange(c, names)),
  };
}

export const FORECAST_CSV_HEADER = [
  "month",
  "nights",
  "households",
  "households_lower",
  "households_upper",
  "families_in_bnb",
  "families_in_bnb_lower",
  "families_in_bnb_upper",
  "over_six_weeks",
  ...CATS.map((c) => `type_${c}`),
  ...BEDS.map((b) => `bedrooms_${b}`),
  "void_nights",
  "gross",
  "void_cost",
  "subsidy",
  "net",
];

/** The forecast page's month-by-month table with the counts by type (TA1 line) and bedrooms needed. */
export function forecastCsvRows(f: ForecastResult): (string | number)[][] {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return f.months.map((m) => [
    m.month,
    m.nights,
    r1(m.households.mean),
    r1(m.households.lower),
    r1(m.households.upper),
    r1(m.familiesInBnb.mean),
    r1(m.familiesInBnb.lower),
    r1(m.familiesInBnb.upper),
    r1(m.breaches),
    ...m.byCat.map(r1),
    ...m.byBeds.map(r1),
    m.voidNights,
    penceToPounds2dp(m.grossPence),
    penceToPounds2dp(m.voidPence),
    penceToPounds2dp(m.subsidyPence),
    penceToPounds2dp(m.netPence),
  ]);
}
