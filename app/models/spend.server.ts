/**
 * Spend reports, set-based in SQL: the SQL mirror of costOfStay / subsidyForStay
 * (app/domain/money.ts), tested to agree with it to the penny (tests/db/money-sql.test.ts).
 *
 * Every occupied night of a placement falls in exactly one "piece": placement ∩ rate
 * period ∩ charge period ∩ (calendar month, when asked) ∩ window. A piece is priced with
 * segment_pence() anchored at max(placement start, rate start), so month cuts add up to
 * the uncut figure. Subsidy per piece: weekly S = min(charge (or the council's weekly
 * cost), cap, council's weekly cost), priced as a weekly rate with the same anchor,
 * never above the piece's gross. Unknown cap (no BRMA or LHA figure): subsidy NULL.
 */
import { keptUntilDataChanges } from "./report-cache.server";
import { sql, type RawBuilder } from "kysely";
import type { Conn } from "./audit.server";
import { addDays, addMonths, daysBetween, financialYearStart, formatDate, startOfMonth, type IsoDate } from "~/domain/dates";
import { runRateForecast } from "~/domain/money";

/**
 * Runs a costing query with PostgreSQL's JIT compiler off: the planner's guesses for these
 * CTEs are far off, so it compiled for 0.6 s a query that then ran in less (PGlite has no JIT).
 */
async function withoutJit<T>(db: Conn, fn: (c: Conn) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`SET LOCAL jit = off`.execute(db);
    return fn(db);
  }
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return fn(trx);
  });
}

export type SpendGroup = "all" | "month" | "ta_type" | "provider" | "district" | "placement" | "household";

export interface SpendRow {
  key: string;
  label: string;
  nights: number;
  pricedNights: number;
  grossPence: number;
  /** Subsidy over the nights whose cap is known. */
  subsidyPence: number;
  /** gross - subsidy (nights with unknown subsidy count at their full gross). */
  netPence: number;
  unknownSubsidyNights: number;
  households: number;
  placements: number;
}

/**
 * The priced pieces of occupied nights in [from, to), optionally cut by calendar month.
 * Only the placements overlapping the window are read, and for their units only the rate
 * and charge periods overlapping it (the period in force on the first night and those
 * starting inside), found through the (unit, effective_from) indexes: the work grows with
 * the placements of the window, not with every rate ever agreed. Besides `subsidy` (clamped
 * to the piece's gross), each piece carries `subsidy_raw` (unclamped: pieces of one
 * placement, rate and charge period add up to the uncut piece's figure) and the start of its
 * rate and charge periods, so month pieces can be put back together (spendPage).
 */
export function pieces(from: IsoDate, to: IsoDate, byMonth: boolean, filter?: RawBuilder<boolean>): RawBuilder<unknown> {
  // Each piece's own calendar months (a lateral series), or the whole window as one "month".
  const months = byMonth
    ? sql`SELECT m::date AS m_from, (m + interval '1 month')::date AS m_to
          FROM generate_series(date_trunc('month', s.a0::timestamp), (s.b0 - 1)::timestamp, interval '1 month') AS m`
    : sql`SELECT ${from}::date AS m_from, ${to}::date AS m_to`;
  // Periods of one history table (rates or charges) of the window's units overlapping
  // [from, to), with a leading unpriced period from -infinity up to the first row.
  const periods = (table: "unit_rates" | "unit_charges", cols: RawBuilder<unknown>) => sql`
      SELECT u.unit_id, x.effective_from, x.effective_to, ${cols}
      FROM units_in u
      CROSS JOIN LATERAL (
        SELECT h.*, lead(h.effective_from) OVER (ORDER BY h.effective_from) AS effective_to
        FROM ${sql.table(table)} h
        WHERE h.unit_id = u.unit_id
          AND h.effective_from >= coalesce((SELECT max(h0.effective_from) FROM ${sql.table(table)} h0
                                            WHERE h0.unit_id = u.unit_id AND h0.effective_from <= ${from}::date), '-infinity'::date)
      ) x
      WHERE x.effective_from < ${to}::date`;
  return sql`
    WITH pl AS MATERIALIZED (
      SELECT p.id, p.household_id, p.unit_id, p.start_date, p.end_date
      FROM placements p
      WHERE p.cancelled_at IS NULL AND p.start_date < ${to}::date AND coalesce(p.end_date, 'infinity'::date) > ${from}::date
        ${filter ? sql`AND ${filter}` : sql``}
    ),
    units_in AS MATERIALIZED (SELECT DISTINCT unit_id FROM pl),
    -- Materialised once and hash-joined: joined as views, the window functions were
    -- re-evaluated per placement (minutes on the demo data).
    rp AS MATERIALIZED (
      ${periods("unit_rates", sql`x.amount_pence::bigint AS amount_pence, x.basis`)}
      UNION ALL
      SELECT u.unit_id, '-infinity'::date, (SELECT min(r.effective_from) FROM unit_rates r WHERE r.unit_id = u.unit_id), NULL::bigint, NULL::text
      FROM units_in u
    ),
    cp AS MATERIALIZED (
      ${periods("unit_charges", sql`x.weekly_pence::bigint AS weekly_pence`)}
      UNION ALL
      SELECT u.unit_id, '-infinity'::date, (SELECT min(c.effective_from) FROM unit_charges c WHERE c.unit_id = u.unit_id), NULL::bigint
      FROM units_in u
    ),
    caps AS MATERIALIZED (SELECT unit_id, weekly_cap_pence FROM unit_subsidy_caps WHERE unit_id IN (SELECT unit_id FROM units_in)),
    spans AS (
      SELECT p.id AS placement_id, p.household_id, p.unit_id, r.effective_from AS rate_from, c.effective_from AS charge_from,
             greatest(p.start_date, r.effective_from, c.effective_from, ${from}::date) AS a0,
             least(coalesce(p.end_date, 'infinity'::date), coalesce(r.effective_to, 'infinity'::date),
                   coalesce(c.effective_to, 'infinity'::date), ${to}::date) AS b0,
             greatest(p.start_date, r.effective_from) AS anchor,
             r.amount_pence, r.basis, c.weekly_pence AS charge_pence
      FROM pl p
      JOIN rp r ON r.unit_id = p.unit_id
        AND r.effective_from < least(coalesce(p.end_date, 'infinity'::date), ${to}::date)
        AND coalesce(r.effective_to, 'infinity'::date) > greatest(p.start_date, ${from}::date)
      JOIN cp c ON c.unit_id = p.unit_id
        AND c.effective_from < least(coalesce(p.end_date, 'infinity'::date), coalesce(r.effective_to, 'infinity'::date), ${to}::date)
        AND coalesce(c.effective_to, 'infinity'::date) > greatest(p.start_date, r.effective_from, ${from}::date)
    ),
    raw AS (
      SELECT s.placement_id, s.household_id, s.unit_id, mo.m_from AS month, s.rate_from, s.charge_from,
             greatest(s.a0, mo.m_from) AS a, least(s.b0, mo.m_to) AS b, s.anchor, s.amount_pence, s.basis, s.charge_pence
      FROM spans s CROSS JOIN LATERAL (${months}) mo
      WHERE s.a0 < s.b0
    ),
    priced AS (
      SELECT raw.*, (raw.b - raw.a) AS nights,
             segment_pence(raw.amount_pence, raw.basis, raw.anchor, raw.a, raw.b) AS gross,
             cap.weekly_cap_pence AS cap,
             CASE WHEN raw.basis = 'night' THEN raw.amount_pence * 7 ELSE raw.amount_pence END AS council_weekly
      FROM raw JOIN caps cap ON cap.unit_id = raw.unit_id
      WHERE raw.a < raw.b
    ), subsidised AS (
      SELECT priced.*,
             CASE WHEN cap IS NULL THEN NULL
                  WHEN amount_pence IS NULL THEN 0::bigint
                  ELSE segment_pence(least(coalesce(charge_pence, council_weekly), cap, council_weekly), 'week', anchor, a, b)
             END AS subsidy_raw
      FROM priced
    )
    SELECT subsidised.*, CASE WHEN subsidy_raw IS NULL THEN NULL ELSE least(gross, subsidy_raw) END AS subsidy FROM subsidised`;
}

const GROUPS: Record<SpendGroup, { key: RawBuilder<string>; label: RawBuilder<string>; joins: RawBuilder<unknown> }> = {
  all: { key: sql`'all'`, label: sql`'All'`, joins: sql`` },
  month: { key: sql`to_char(x.month, 'YYYY-MM')`, label: sql`to_char(x.month, 'YYYY-MM')`, joins: sql`` },
  ta_type: { key: sql`u.ta_type_code`, label: sql`t.name`, joins: sql`JOIN units u ON u.id = x.unit_id JOIN ta_types t ON t.code = u.ta_type_code` },
  provider: { key: sql`pr.id::text`, label: sql`pr.name`, joins: sql`JOIN units u ON u.id = x.unit_id JOIN properties p ON p.id = u.property_id JOIN providers pr ON pr.id = p.provider_id` },
  district: { key: sql`p.district_gss`, label: sql`p.district_gss`, joins: sql`JOIN units u ON u.id = x.unit_id JOIN properties p ON p.id = u.property_id` },
  placement: { key: sql`x.placement_id::text`, label: sql`x.placement_id::text`, joins: sql`` },
  household: { key: sql`x.household_id::text`, label: sql`x.household_id::text`, joins: sql`` },
};

/** Gross, subsidy and net over [from, to) grouped one way; "month" cuts pieces at month ends. */
export async function spendBy(db: Conn, opts: { from: IsoDate; to: IsoDate; group: SpendGroup; filter?: RawBuilder<boolean> }): Promise<SpendRow[]> {
  if (opts.to <= opts.from) return [];
  const g = GROUPS[opts.group];
  const query = sql<{ key: string; label: string; nights: number; priced_nights: number; gross: number; subsidy: number; unknown_nights: number; households: number; placements: number }>`
    SELECT ${g.key} AS key, min(${g.label}) AS label,
           sum(x.nights)::bigint AS nights,
           coalesce(sum(x.nights) FILTER (WHERE x.amount_pence IS NOT NULL), 0)::bigint AS priced_nights,
           sum(x.gross)::bigint AS gross,
           coalesce(sum(x.subsidy), 0)::bigint AS subsidy,
           coalesce(sum(x.nights) FILTER (WHERE x.subsidy IS NULL), 0)::bigint AS unknown_nights,
           count(DISTINCT x.household_id) AS households,
           count(DISTINCT x.placement_id) AS placements
    FROM (${pieces(opts.from, opts.to, opts.group === "month", opts.filter)}) x
    ${g.joins}
    GROUP BY 1 ORDER BY 1`;
  const r = await withoutJit(db, (c) => query.execute(c));
  return r.rows.map((x) => ({
    key: x.key, label: x.label, nights: x.nights, pricedNights: x.priced_nights, grossPence: x.gross, subsidyPence: x.subsidy,
    netPence: x.gross - x.subsidy, unknownSubsidyNights: x.unknown_nights, households: x.households, placements: x.placements,
  }));
}

export const emptyRow = (key: string, label: string): SpendRow => ({
  key, label, nights: 0, pricedNights: 0, grossPence: 0, subsidyPence: 0, netPence: 0, unknownSubsidyNights: 0, households: 0, placements: 0,
});

/** The 24 calendar months up to and including the month of the last night before `today`, each with a row. */
export async function monthlySpend(db: Conn, today: IsoDate, months = 24): Promise<SpendRow[]> {
  const lastNight = addDays(today, -1);
  const from = addMonths(startOfMonth(lastNight), -(months - 1));
  const rows = await spendBy(db, { from, to: today, group: "month" });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: SpendRow[] = [];
  for (let m = from; m <= lastNight; m = addMonths(m, 1)) {
    const k = m.slice(0, 7);
    const row = byKey.get(k) ?? emptyRow(k, k);
    // The month holding the last night is only part of a month: say so beside the figure.
    out.push(m === startOfMonth(lastNight) && addMonths(m, 1) > today ? { ...row, label: `${k} (to ${formatDate(lastNight)})` } : row);
  }
  return out;
}

export interface Forecast {
  fyFrom: IsoDate;
  fyTo: IsoDate;
  /** Nights of the financial year so far: [fyFrom, today). */
  toDate: SpendRow;
  basisNights: number;
  recent: SpendRow;
  nightsLeft: number;
  forecastGrossPence: number;
  forecastSubsidyPence: number;
  forecastNetPence: number;
  yearGrossPence: number;
  yearSubsidyPence: number;
  yearNetPence: number;
}

/**
 * Financial year (April to March) to date, and the rest of the year at the run-rate of
 * the last 28 nights. Nights from today to 31 March are forecast; tonight included.
 */
export async function forecastYear(db: Conn, today: IsoDate, basisNights = 28): Promise<Forecast> {
  const fyFrom = financialYearStart(today);
  const [toDate] = await spendBy(db, { from: fyFrom, to: today, group: "all" });
  const [recent] = await spendBy(db, { from: addDays(today, -basisNights), to: today, group: "all" });
  return forecastFrom(today, basisNights, toDate, recent);
}

function forecastFrom(today: IsoDate, basisNights: number, toDate: SpendRow | undefined, recent: SpendRow | undefined): Forecast {
  const fyFrom = financialYearStart(today);
  const fyTo = addMonths(fyFrom, 12);
  const t = toDate ?? emptyRow("all", "All");
  const r = recent ?? emptyRow("all", "All");
  const nightsLeft = daysBetween(today, fyTo);
  const fg = runRateForecast(r.grossPence, basisNights, nightsLeft);
  const fs = runRateForecast(r.subsidyPence, basisNights, nightsLeft);
  return {
    fyFrom, fyTo, toDate: t, basisNights, recent: r, nightsLeft,
    forecastGrossPence: fg, forecastSubsidyPence: fs, forecastNetPence: fg - fs,
    yearGrossPence: t.grossPence + fg, yearSubsidyPence: t.subsidyPence + fs, yearNetPence: t.netPence + fg - fs,
  };
}

import { SPEND_VIEWS, type SpendView } from "~/domain/spend-views";
export { SPEND_VIEWS, type SpendView };

/** One view's rows: the page and its CSV download both call this, so their numbers are the same. */
export async function spendView(db: Conn, today: IsoDate, view: SpendView): Promise<SpendRow[]> {
  if (view === "month") return monthlySpend(db, today);
  const rows = await spendBy(db, { from: financialYearStart(addDays(today, -1)), to: today, group: view });
  return rows.sort((a, b) => b.grossPence - a.grossPence || a.label.localeCompare(b.label));
}

/** Average cost of a priced night, in pence (rounded half up), or null. */
export function averageNightly(r: SpendRow): number | null {
  return r.pricedNights > 0 ? Math.floor((2 * r.grossPence + r.pricedNights) / (2 * r.pricedNights)) : null;
}

export interface SpendPage {
  month: SpendRow[];
  ta_type: SpendRow[];
  provider: SpendRow[];
  district: SpendRow[];
  forecast: Forecast;
}

/**
 * Every figure of the money page in two queries instead of six: the month pieces of the
 * last 24 months are priced once; the months are summed from them, and the financial-year
 * views put each placement's month pieces of one rate and charge period back together
 * (gross and unclamped subsidy add up exactly, since weekly rounding telescopes from the
 * same anchor) before clamping subsidy to gross, exactly as the uncut window does. The
 * year starts on 1 April, a month start, so its pieces are whole months of the 24 and the
 * part month to today. The run-rate's last 28 nights are priced on their own. Equal to
 * spendView and forecastYear (tests/db/spend-page.test.ts).
 */
export async function spendPage(db: Conn, today: IsoDate, basisNights = 28): Promise<SpendPage> {
  return keptUntilDataChanges(db, `spend:${today}:${basisNights}`, () => spendPageNow(db, today, basisNights));
}

async function spendPageNow(db: Conn, today: IsoDate, basisNights = 28): Promise<SpendPage> {
  const lastNight = addDays(today, -1);
  const from = addMonths(startOfMonth(lastNight), -23);
  const viewFrom = financialYearStart(lastNight);
  const fyFrom = financialYearStart(today);
  type Raw = { kind: string; key: string; label: string; nights: number; priced_nights: number; gross: number; subsidy: number; unknown_nights: number; households: number; placements: number };
  const agg = (x: string) => sql.raw(`
      sum(${x}.nights)::bigint AS nights,
      coalesce(sum(${x}.nights) FILTER (WHERE ${x}.amount_pence IS NOT NULL), 0)::bigint AS priced_nights,
      sum(${x}.gross)::bigint AS gross,
      coalesce(sum(${x}.subsidy), 0)::bigint AS subsidy,
      coalesce(sum(${x}.nights) FILTER (WHERE ${x}.subsidy IS NULL), 0)::bigint AS unknown_nights,
      count(DISTINCT ${x}.household_id) AS households,
      count(DISTINCT ${x}.placement_id) AS placements`);
  const query = sql<Raw>`
    WITH x AS MATERIALIZED (${pieces(from, today, true)}),
    fy AS MATERIALIZED (
      SELECT y.placement_id, y.household_id, y.unit_id, y.amount_pence, y.nights, y.gross,
             CASE WHEN y.raw IS NULL THEN NULL ELSE least(y.gross, y.raw) END AS subsidy
      FROM (
        SELECT placement_id, min(household_id) AS household_id, min(unit_id) AS unit_id, min(amount_pence) AS amount_pence,
               sum(nights) AS nights, sum(gross) AS gross, sum(subsidy_raw) AS raw
        FROM x WHERE month >= ${viewFrom}::date
        GROUP BY placement_id, rate_from, charge_from
      ) y
    )
    SELECT 'month' AS kind, to_char(x.month, 'YYYY-MM') AS key, to_char(x.month, 'YYYY-MM') AS label, ${agg("x")}
    FROM x GROUP BY 2
    UNION ALL
    SELECT 'all', 'all', 'All', ${agg("fy")} FROM fy HAVING count(*) > 0
    UNION ALL
    SELECT 'ta_type', u.ta_type_code, min(t.name), ${agg("fy")}
    FROM fy JOIN units u ON u.id = fy.unit_id JOIN ta_types t ON t.code = u.ta_type_code GROUP BY 2
    UNION ALL
    SELECT 'provider', pr.id::text, min(pr.name), ${agg("fy")}
    FROM fy JOIN units u ON u.id = fy.unit_id JOIN properties p ON p.id = u.property_id JOIN providers pr ON pr.id = p.provider_id GROUP BY 2
    UNION ALL
    SELECT 'district', p.district_gss, min(p.district_gss), ${agg("fy")}
    FROM fy JOIN units u ON u.id = fy.unit_id JOIN properties p ON p.id = u.property_id GROUP BY 2`;
  const r = today <= from ? { rows: [] as Raw[] } : await withoutJit(db, (c) => query.execute(c));
  const rows = (kind: string) => r.rows.filter((x) => x.kind === kind).map((x): SpendRow => ({
    key: x.key, label: x.label, nights: Number(x.nights), pricedNights: Number(x.priced_nights), grossPence: Number(x.gross), subsidyPence: Number(x.subsidy),
    netPence: Number(x.gross) - Number(x.subsidy), unknownSubsidyNights: Number(x.unknown_nights), households: Number(x.households), placements: Number(x.placements),
  }));
  const sorted = (kind: string) => rows(kind).sort((a, b) => b.grossPence - a.grossPence || a.label.localeCompare(b.label));

  const byKey = new Map(rows("month").map((x) => [x.key, x]));
  const month: SpendRow[] = [];
  for (let m = from; m <= lastNight; m = addMonths(m, 1)) {
    const k = m.slice(0, 7);
    const row = byKey.get(k) ?? emptyRow(k, k);
    month.push(m === startOfMonth(lastNight) && addMonths(m, 1) > today ? { ...row, label: `${k} (to ${formatDate(lastNight)})` } : row);
  }
  // The year to date is the views' window, except on 1 April (the views show the year just ended; the new year has no night yet).
  const toDate = fyFrom === viewFrom ? rows("all")[0] : undefined;
  const [recent] = await spendBy(db, { from: addDays(today, -basisNights), to: today, group: "all" });
  return { month, ta_type: sorted("ta_type"), provider: sorted("provider"), district: sorted("district"), forecast: forecastFrom(today, basisNights, toDate, recent) };
}
