/**
 * Backtests (issue 25, item 3): the forecast made from each quarter end of the last two
 * years, with only the data up to that night, against what then happened 3, 6 and 12
 * months on: households in TA (households_in_ta), families in B&B by the 2003 Order
 * (households_in_ta with household_facts_on) and what the council paid in that month
 * (spendBy: gross of occupied nights plus void cost).
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";
import { keptUntilDataChanges } from "~/lib/cache.server";
import { addDays, addMonths, quarterEndOnOrBefore, startOfMonth, type IsoDate } from "~/lib/dates";
import { errorSummary, forecastError, type ForecastError } from "~/lib/forecast";
import { spendBy, paidPence } from "~/features/money/spend.server";
import { arrivalPositions, forecastInputs } from "./inputs.server";
import { MIX_WINDOW_DAYS, runForecast } from "./model";

export const BACKTEST_HORIZONS = [3, 6, 12] as const;
export const BACKTEST_ORIGINS = 8;

export interface BacktestRow {
  origin: IsoDate;
  horizon: number;
  target: IsoDate;
  households: ForecastError;
  /** Whether the households in TA fell inside the forecast's 95% interval. */
  inInterval: boolean;
  familiesInBnb: ForecastError;
  paidPence: ForecastError;
}

export interface Backtests {
  rows: BacktestRow[];
  summary: {
    horizon: number;
    n: number;
    households: ReturnType<typeof errorSummary>;
    familiesInBnb: ReturnType<typeof errorSummary>;
    paid: ReturnType<typeof errorSummary>;
    coverage: number | null;
  }[];
}

/** The quarter ends of the last two years (the last one before today first), oldest first. */
export function backtestOrigins(today: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let q = quarterEndOnOrBefore(addDays(today, -1));
  for (let i = 0; i < BACKTEST_ORIGINS; i++) {
    out.unshift(q);
    q = quarterEndOnOrBefore(addDays(startOfMonth(addMonths(startOfMonth(q), -2)), -1));
  }
  return out;
}

async function countsOn(db: Conn, night: IsoDate) {
  const r = await sql<{ households: number; families: number }>`
    SELECT count(*) AS households,
           count(*) FILTER (WHERE t.is_bnb AND (SELECT f.with_children FROM household_facts_on(t.household_id, ${night}::date) f)) AS families
    FROM households_in_ta(${night}::date) t`.execute(db);
  return { households: Number(r.rows[0].households), families: Number(r.rows[0].families) };
}

export async function backtestsNow(db: Conn, today: IsoDate): Promise<Backtests> {
  const rows: BacktestRow[] = [];
  const memo = new Map<string, number>();
  const origins = backtestOrigins(today);
  // Read once for every origin: where arrivals were, and what was paid each month since the first.
  const positions = await arrivalPositions(db, addDays(origins[0], -MIX_WINDOW_DAYS), origins[origins.length - 1]);
  const months = await spendBy(db, { from: addDays(origins[0], 1), to: startOfMonth(today), group: "month" });
  const paidIn = new Map(months.map((m) => [m.key, paidPence(m)]));
  for (const origin of origins) {
    const targets = BACKTEST_HORIZONS.map((h) => ({ h, target: addDays(addMonths(startOfMonth(origin), h + 1), -1) })).filter(
      (x) => x.target < today,
    );
    if (targets.length === 0) continue;
    // Made on the quarter's last night: its first month is that one night, then 12 whole months.
    const f = runForecast(await forecastInputs(db, origin, memo, { budgets: false, positions }), [], 13);
    for (const { h, target } of targets) {
      const m = f.months.find((x) => x.month === target.slice(0, 7));
      if (!m) continue;
      const actual = { ...(await countsOn(db, target)), paid: paidIn.get(target.slice(0, 7)) ?? 0 };
      rows.push({
        origin,
        horizon: h,
        target,
        households: forecastError(m.households.mean, actual.households),
        inInterval: actual.households >= m.households.lower && actual.households <= m.households.upper,
        familiesInBnb: forecastError(m.familiesInBnb.mean, actual.families),
        paidPence: forecastError(m.grossPence + m.voidPence, actual.paid),
      });
    }
  }
  const summary = BACKTEST_HORIZONS.map((horizon) => {
    const at = rows.filter((r) => r.horizon === horizon);
    return {
      horizon,
      n: at.length,
      households: errorSummary(at.map((r) => r.households)),
      familiesInBnb: errorSummary(at.map((r) => r.familiesInBnb)),
      paid: errorSummary(at.map((r) => r.paidPence)),
      coverage: at.length ? at.filter((r) => r.inInterval).length / at.length : null,
    };
  });
  return { rows, summary };
}

export async function backtests(db: Conn, today: IsoDate): Promise<Backtests> {
  return keptUntilDataChanges(db, `forecast-backtests:${today}`, () => backtestsNow(db, today));
}
