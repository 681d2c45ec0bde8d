/** The scenario page's and print view's data: the scenario, the baseline and their differences, as strings. */
import type { Conn } from "~/lib/db/connect";
import { formatDate, type IsoDate } from "~/lib/dates";
import { scenarioResult, type Scenario } from "./scenarios.server";
import {
  BUDGET_HEAD,
  COMPARE_HEAD,
  budgetRows,
  compareRows,
  describeChange,
  monthLabel,
  namesFrom,
  oneDp,
  pounds,
  signed,
  signedPounds,
  totals,
  whole,
} from "./views.server";

export async function scenarioPage(db: Conn, day: IsoDate, s: Scenario, months: number) {
  const { inputs, base, result } = await scenarioResult(db, day, s, months);
  const names = namesFrom(inputs);
  const headline = [12, months]
    .filter((n, i, a) => a.indexOf(n) === i)
    .map((n) => {
      const b = totals(base, n);
      const r = totals(result, n);
      const last = n - 1;
      return {
        months: n,
        rows: [
          ["Net cost", pounds(b.netPence), pounds(r.netPence), signedPounds(r.netPence - b.netPence)],
          ["Gross cost of occupied nights", pounds(b.grossPence), pounds(r.grossPence), signedPounds(r.grossPence - b.grossPence)],
          ["Void cost", pounds(b.voidPence), pounds(r.voidPence), signedPounds(r.voidPence - b.voidPence)],
          ["Estimated subsidy", pounds(b.subsidyPence), pounds(r.subsidyPence), signedPounds(r.subsidyPence - b.subsidyPence)],
          [
            "Families in B&B, average of month ends",
            oneDp(b.familiesInBnb),
            oneDp(r.familiesInBnb),
            signed(r.familiesInBnb - b.familiesInBnb),
          ],
          [
            `Families in B&B at the end of ${monthLabel(result.months[last].month)}`,
            oneDp(base.months[last].familiesInBnb.mean),
            oneDp(result.months[last].familiesInBnb.mean),
            signed(result.months[last].familiesInBnb.mean - base.months[last].familiesInBnb.mean),
          ],
          ["Families in B&B over six weeks, average of month ends", oneDp(b.breaches), oneDp(r.breaches), signed(r.breaches - b.breaches)],
          ["Households in TA, average of month ends", whole(b.households), whole(r.households), signed(r.households - b.households, whole)],
        ],
      };
    });
  const trialRange = result.trialRange
    ? {
        lowerNet: pounds(result.trialRange.lower.slice(0, 12).reduce((x, m) => x + m.netPence, 0)),
        upperNet: pounds(result.trialRange.upper.slice(0, 12).reduce((x, m) => x + m.netPence, 0)),
        lowerHouseholds: whole(result.trialRange.lower[Math.min(11, result.trialRange.lower.length - 1)].households),
        upperHouseholds: whole(result.trialRange.upper[Math.min(11, result.trialRange.upper.length - 1)].households),
      }
    : null;
  return {
    scenario: {
      id: s.id,
      name: s.name,
      notes: s.notes,
      madeOn: formatDate(s.madeOn),
      by: s.createdBy,
      changes: s.changes.map((c) => describeChange(c, names)),
    },
    origin: formatDate(day),
    months,
    headline,
    trialRange,
    notes: result.notes,
    compareHead: COMPARE_HEAD,
    compare: compareRows(base, result),
    budgetHead: BUDGET_HEAD,
    budgetsBase: budgetRows(base),
    budgetsScenario: budgetRows(result),
    method: {
      origin: formatDate(day),
      current: inputs.current.reduce((x, c) => x + c.n, 0),
      kmEpisodes: inputs.kmEpisodes,
      kmEnded: inputs.kmEnded,
      arrivalsPerMonth: oneDp(base.arrivalsPerMonth),
      seasonality: `${base.seasonality.reason}${base.seasonality.pValue === null ? "" : ` (p = ${base.seasonality.pValue.toFixed(3)})`}.`,
    },
  };
}

export type ScenarioPage = Awaited<ReturnType<typeof scenarioPage>>;

/** Scenarios side by side: totals over 12 months and the horizon, and month by month families in B&B and net cost. */
export async function comparePage(db: Conn, day: IsoDate, scenarios: readonly Scenario[], months: number) {
  const runs = await Promise.all(scenarios.map((s) => scenarioResult(db, day, s, months)));
  const base = runs[0]?.base;
  const names = runs[0] ? namesFrom(runs[0].inputs) : { taTypes: {}, providers: {} };
  if (!base) return null;
  const cols = ["Baseline", ...scenarios.map((s) => s.name)];
  const forecasts = [base, ...runs.map((r) => r.result)];
  const summary = [12, months]
    .filter((n, i, a) => a.indexOf(n) === i)
    .map((n) => {
      const t = forecasts.map((f) => totals(f, n));
      return {
        months: n,
        head: ["Measure", ...cols],
        rows: [
          ["Net cost", ...t.map((x) => pounds(x.netPence))],
          ["Change in net cost", ...t.map((x) => signedPounds(x.netPence - t[0].netPence))],
          ["Gross cost of occupied nights", ...t.map((x) => pounds(x.grossPence))],
          ["Void cost", ...t.map((x) => pounds(x.voidPence))],
          ["Estimated subsidy", ...t.map((x) => pounds(x.subsidyPence))],
          ["Families in B&B, average of month ends", ...t.map((x) => oneDp(x.familiesInBnb))],
          ["Over six weeks, average of month ends", ...t.map((x) => oneDp(x.breaches))],
          ["Households in TA, average of month ends", ...t.map((x) => whole(x.households))],
        ],
      };
    });
  const monthly = {
    head: ["Month", ...cols.map((c) => `Families in B&B: ${c}`), ...cols.map((c) => `Net cost: ${c}`)],
    rows: base.months.map((m, i) => [
      monthLabel(m.month),
      ...forecasts.map((f) => oneDp(f.months[i].familiesInBnb.mean)),
      ...forecasts.map((f) => pounds(f.months[i].netPence)),
    ]),
  };
  return {
    months,
    origin: formatDate(day),
    scenarios: scenarios.map((s) => ({ id: s.id, name: s.name, changes: s.changes.map((c) => describeChange(c, names)) })),
    summary,
    monthly,
  };
}
