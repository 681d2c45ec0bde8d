/**
 * Spend reports, set-based in SQL, priced by the costing rules' one home (segment_pence and
 * weekly_subsidy_pence in db/definitions/money.ts), held to the reference statement of the
 * rules to the penny (tests/features/money/money-sql.db.test.ts).
 *
 * Every occupied night of a placement falls in exactly one "piece": placement ∩ rate
 * period ∩ charge period ∩ (calendar month, when asked) ∩ window. A piece is priced with
 * segment_pence() anchored at max(placement start, rate start), so month cuts add up to
 * the uncut figure. Subsidy per piece: weekly S = min(charge (or the council's weekly
 * cost), cap, council's weekly cost), priced as a weekly rate with the same anchor,
 * never above the piece's gross. Unknown cap (no BRMA or LHA figure): subsidy NULL.
 */
import { keptUntilDataChanges } from "~/lib/cache.server";
import { sql, type RawBuilder } from "kysely";
import { addDays, addMonths, daysBetween, financialYearStart, formatDate, startOfMonth, type IsoDate } from "~/lib/dates";
import { runRateForecast } from "~/features/money/money";

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

export type SpendGroup = "all" | "month" | "ta_type" | "provider" | "ta_type_provider" | "district" | "placement" | "household";

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
  /** Nights paid for with nobody placed (units paid for every night: void_pieces, db/definitions/void-cost.ts). */
  voidNights: number;
  /** Their cost at the units' rates: paid, but not part of grossPence (the cost of occupied nights). */
  voidPence: number;
}

/**
 * Adds the void nights and cost of each group to its spend row; a group with void nights
 * and no occupied night gets a row of its own. Rows come back in key order.
 */
export function withVoid(rows: SpendRow[], voids: VoidRow[]): SpendRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const v of voids) {
    const r = byKey.get(v.key) ?? emptyRow(v.key, v.label);
    byKey.set(v.key, { ...r, voidNights: r.voidNights + v.voidNights, voidPence: r.voidPence + v.voidPence });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** What the council pays for a group: the occupied nights' gross cost and the void cost. */
export const paidPence = (r: Pick<SpendRow, "grossPence" | "voidPence">) => r.grossPence + r.voidPence;

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
             weekly_subsidy_pence(raw.amount_pence, raw.basis, raw.charge_pence, cap.weekly_cap_pence) AS weekly_subsidy
      FROM raw JOIN caps cap ON cap.unit_id = raw.unit_id
      WHERE raw.a < raw.b
    ), subsidised AS (
      SELECT priced.*, subsidy_pence(weekly_subsidy, anchor, a, b) AS subsidy_raw
      FROM priced
    )
    SELECT subsidised.*, CASE WHEN subsidy_raw IS NULL THEN NULL ELSE least(gross, subsidy_raw) END AS subsidy FROM subsidised`;
}

const GROUPS: Record<SpendGroup, { key: RawBuilder<string>; label: RawBuilder<string>; joins: RawBuilder<unknown> }> = {
  ...UNIT_GROUPS,
  placement: { key: sql`x.placement_id::text`, label: sql`x.placement_id::text`, joins: sql`` },
  household: { key: sql`x.household_id::text`, label: sql`x.household_id::text`, joins: sql`` },
};

/** Gross, subsidy and net over [from, to) grouped one way; "month" cuts pieces at month ends. */
export async function spendBy(
  db: Conn,
  opts: { from: IsoDate; to: IsoDate; group: SpendGroup; filter?: RawBuilder<boolean> },
): Promise<SpendRow[]> {
  if (opts.to <= opts.from) return [];
  const g = GROUPS[opts.group];
  const query = sql<{
    key: string;
    label: string;
    nights: number;
    priced_nights: number;
    gross: number;
    subsidy: number;
    unknown_nights: number;
    households: number;
    placements: number;
  }>`
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
  const rows = r.rows.map((x) => ({
    key: x.key,
    label: x.label,
    nights: x.nights,
    pricedNights: x.priced_nights,
    grossPence: x.gross,
    subsidyPence: x.subsidy,
    netPence: x.gross - x.subsidy,
    unknownSubsidyNights: x.unknown_nights,
    households: x.households,
    placements: x.placements,
    voidNights: 0,
    voidPence: 0,
  }));
  // Void nights belong to units, not placements: none for a placement filter or per-placement groups.
  if (opts.filter || opts.group === "placement" || opts.group === "household") return rows;
  return withVoid(rows, await voidBy(db, { from: opts.from, to: opts.to, group: opts.group }));
}

export const emptyRow = (key: string, label: string): SpendRow => ({
  key,
  label,
  nights: 0,
  pricedNights: 0,
  grossPence: 0,
  subsidyPence: 0,
  netPence: 0,
  unknownSubsidyNights: 0,
  households: 0,
  placements: 0,
  voidNights: 0,
  voidPence: 0,
});

/**
 * The 24 calendar months up to and including the month of the last night before `today`, each
 * with a row: the closed months (every night before today) from those kept (keptMonths), the
 * open month afresh; `kept: false` computes every month afresh.
 */
export async function monthlySpend(db: Conn, today: IsoDate, months = 24, kept = true): Promise<SpendRow[]> {
  const lastNight = addDays(today, -1);
  const from = addMonths(startOfMonth(lastNight), -(months - 1));
  const open = kept ? startOfMonth(today) : from;
  const rows = [...(await keptMonths(db, from, open, today)).values(), ...(await spendBy(db, { from: open, to: today, group: "month" }))];
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
  /** Void cost forecast for the rest of the year, at the run-rate of the same nights. */
  forecastVoidPence: number;
  yearGrossPence: number;
  yearVoidPence: number;
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
  const fv = runRateForecast(r.voidPence, basisNights, nightsLeft);
  return {
    fyFrom,
    fyTo,
    toDate: t,
    basisNights,
    recent: r,
    nightsLeft,
    forecastGrossPence: fg,
    forecastSubsidyPence: fs,
    forecastNetPence: fg - fs,
    forecastVoidPence: fv,
    yearGrossPence: t.grossPence + fg,
    yearVoidPence: t.voidPence + fv,
    yearSubsidyPence: t.subsidyPence + fs,
    yearNetPence: t.netPence + fg - fs,
  };
}

/**
 * Names the code that computes a kept month (its source text): a row kept by other code is
 * not read, so changing how spend is computed cannot serve figures of the old rule.
 */
let rule: string | undefined;
const keptRule = () =>
  (rule ??= createHash("sha256")
    .update([spendBy, pieces, voidBy, withVoid].map((f) => f.toString()).join("\n"))
    .digest("hex")
    .slice(0, 16));

/**
 * The spend of each closed month of [from, to) by month (spendBy's "month" rows: occupied
 * and void), from spend_month_totals (migration 0073, ADR 0044). A month whose row is missing
 * (dropped by a write: db/definitions/spend-kept.ts) or of another rule is computed by spendBy
 * and stored, under the lock that keeps writes out meanwhile; inside a transaction it is
 * computed and not stored (the transaction may be read-only, or roll back). Every month of
 * [from, to) must be closed for `today`: all its nights before today. Months are keyed by
 * themselves only, as a closed month's figures do not depend on the day asked.
 */
export async function keptMonths(db: Conn, from: IsoDate, to: IsoDate, today: IsoDate): Promise<Map<string, SpendRow>> {
  const out = new Map<string, SpendRow>();
  if (to <= from) return out;
  if (startOfMonth(from) !== from || startOfMonth(to) !== to || to > today)
    throw new Error(`not closed months: [${from}, ${to}) on ${today}`);
  const read = (c: Conn) =>
    sql<{
      key: string;
      nights: string;
      priced_nights: string;
      gross_pence: string;
      subsidy_pence: string;
      unknown_subsidy_nights: string;
      households: string;
      placements: string;
      void_nights: string;
      void_pence: string;
    }>`
    SELECT to_char(month, 'YYYY-MM') AS key, nights, priced_nights, gross_pence, subsidy_pence, unknown_subsidy_nights,
           households, placements, void_nights, void_pence
    FROM spend_month_totals WHERE month >= ${from}::date AND month < ${to}::date AND rule = ${keptRule()}`.execute(c);
  const keep = (rows: Awaited<ReturnType<typeof read>>["rows"]) => {
    for (const r of rows) {
      const gross = Number(r.gross_pence);
      const subsidy = Number(r.subsidy_pence);
      out.set(r.key, {
        key: r.key,
        label: r.key,
        nights: Number(r.nights),
        pricedNights: Number(r.priced_nights),
        grossPence: gross,
        subsidyPence: subsidy,
        netPence: gross - subsidy,
        unknownSubsidyNights: Number(r.unknown_subsidy_nights),
        households: Number(r.households),
        placements: Number(r.placements),
        voidNights: Number(r.void_nights),
        voidPence: Number(r.void_pence),
      });
    }
    missing = [];
    for (let m = from; m < to; m = addMonths(m, 1)) if (!out.has(m.slice(0, 7))) missing.push(m);
  };
  let missing: IsoDate[] = [];
  keep((await read(db)).rows);
  if (missing.length === 0) return out;
  const compute = async (c: Conn) => {
    if (missing.length === 0) return [];
    const rows = await spendBy(c, { from: missing[0], to: addMonths(missing[missing.length - 1], 1), group: "month" });
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return missing.map((m) => byKey.get(m.slice(0, 7)) ?? emptyRow(m.slice(0, 7), m.slice(0, 7)));
  };
  if (db.isTransaction) {
    for (const r of await compute(db)) out.set(r.key, r);
    return out;
  }
  await db.transaction().execute(async (trx) => {
    // Writes to what a month reads wait until this commits, and this waits for those begun.
    await sql`SELECT pg_advisory_xact_lock(${SPEND_KEPT_LOCK})`.execute(trx);
    // Another reader may have stored some while this one waited.
    keep((await read(trx)).rows);
    const rows = await compute(trx);
    if (rows.length === 0) return;
    await trx
      .insertInto("spend_month_totals")
      .values(
        rows.map((r) => ({
          month: `${r.key}-01`,
          rule: keptRule(),
          nights: r.nights,
          priced_nights: r.pricedNights,
          gross_pence: r.grossPence,
          subsidy_pence: r.subsidyPence,
          unknown_subsidy_nights: r.unknownSubsidyNights,
          households: r.households,
          placements: r.placements,
          void_nights: r.voidNights,
          void_pence: r.voidPence,
        })),
      )
      .onConflict((oc) =>
        oc.column("month").doUpdateSet((eb) => ({
          rule: eb.ref("excluded.rule"),
          nights: eb.ref("excluded.nights"),
          priced_nights: eb.ref("excluded.priced_nights"),
          gross_pence: eb.ref("excluded.gross_pence"),
          subsidy_pence: eb.ref("excluded.subsidy_pence"),
          unknown_subsidy_nights: eb.ref("excluded.unknown_subsidy_nights"),
          households: eb.ref("excluded.households"),
          placements: eb.ref("excluded.placements"),
          void_nights: eb.ref("excluded.void_nights"),
          void_pence: eb.ref("excluded.void_pence"),
          computed_at: sql`now()`,
        })),
      )
      .execute();
    for (const r of rows) out.set(r.key, r);
  });
  return out;
}

import { SPEND_VIEWS, type SpendView } from "~/features/money/spend-views";
import { SPEND_KEPT_LOCK } from "../../../db/definitions/spend-kept";
import { createHash } from "node:crypto";
import type { Conn } from "~/lib/db/connect";
import { UNIT_GROUPS, voidBy, voidByGroups, type VoidRow } from "~/features/money/void.server";
export { SPEND_VIEWS, type SpendView };

/** One view's rows: the page and its CSV download both call this, so their numbers are the same. */
export async function spendView(db: Conn, today: IsoDate, view: SpendView, kept = true): Promise<SpendRow[]> {
  if (view === "month") return monthlySpend(db, today, 24, kept);
  const rows = await spendBy(db, { from: financialYearStart(addDays(today, -1)), to: today, group: view });
  return rows.sort(byCost);
}

/** Largest cost first (occupied and void nights), then by name. */
const byCost = (a: SpendRow, b: SpendRow) => paidPence(b) - paidPence(a) || a.label.localeCompare(b.label);

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
 * Every figure of the money page in one query (spendPageQuery): the spans of the last 24
 * months (placement x rate period x charge period) are found once; the months are summed
 * from their month pieces, and the financial-year views price each span cut at 1 April
 * whole (gross and unclamped subsidy of its month pieces add up to it exactly, since
 * weekly rounding telescopes from the same anchor) before clamping subsidy to gross,
 * exactly as the uncut window does. The run-rate's last 28 nights are the same spans cut
 * at their start. Equal to spendView and forecastYear (tests/features/money/money-sql.db.test.ts).
 */
export async function spendPage(db: Conn, today: IsoDate, basisNights = 28): Promise<SpendPage> {
  return keptUntilDataChanges(db, `spend:${today}:${basisNights}`, () => spendPageNow(db, today, basisNights));
}

/**
 * The money page computed afresh (spendPage keeps it until data changes). Kept (`kept`,
 * ADR 0044): the closed months come from spend_month_totals (keptMonths), and the
 * financial-year views [1 April, today) from the closed months' part kept per group in
 * spend_month_groups (keptGroups: the spans whose last night is in the month, priced from
 * 1 April, and the month's void nights) plus the spans still running after the open month
 * began, priced from 1 April, and the open month's void nights; households and placements
 * are counted distinct over the year from placements. Only the open month (and the month of
 * the run-rate's first night) is priced afresh. `kept: false` computes all 24 months and the
 * views' year afresh (the figure the kept path is held to).
 */
export async function spendPageNow(db: Conn, today: IsoDate, basisNights = 28, kept = true): Promise<SpendPage> {
  const lastNight = addDays(today, -1);
  const first = addMonths(startOfMonth(lastNight), -23);
  const viewFrom = financialYearStart(lastNight);
  const fyFrom = financialYearStart(today);
  const recentFrom = addDays(today, -basisNights);
  // The first month not closed (every month before it has all its nights before today).
  const open = startOfMonth(today);
  // The window whose spans are found afresh: kept, the open month and the run-rate's nights; else the 24 months.
  const from = kept ? startOfMonth(recentFrom < open ? recentFrom : open) : first;
  // Void nights, the same windows: the 24 months by month, the views' year per group, the run-rate's nights.
  const voidsOf = async (): Promise<Record<string, VoidRow[]>> => {
    const voids: Record<string, VoidRow[]> = { month: [], all: [], ta_type: [], provider: [], district: [], recent: [] };
    if (today <= from) return voids;
    if (kept) {
      // One pass of void_pieces over the window found afresh, every group cut by month: the
      // views take the open month's, added to the closed months' kept.
      Object.assign(
        voids,
        await voidByGroups(db, {
          from,
          to: today,
          groups: ["month", ...FY_KINDS],
          monthly: true,
          recentFrom: recentFrom >= from ? recentFrom : undefined,
        }),
      );
      for (const g of FY_KINDS) voids[g] = voids[g].filter((v) => v.month !== undefined && v.month >= open);
    } else {
      voids.month = await voidBy(db, { from, to: today, group: "month" });
      for (const g of FY_KINDS) voids[g] = await voidBy(db, { from: viewFrom, to: today, group: g });
      voids.recent = await voidBy(db, { from: recentFrom, to: today, group: "all" });
    }
    return voids;
  };
  // The parts are independent: on PostgreSQL they run side by side on the pool's connections.
  const [r, voids, keptMonthRows, keptGroupRows] = await Promise.all([
    today <= from
      ? { rows: [] as PageRaw[] }
      : withoutJit(db, (c) => spendPageQuery(from, today, viewFrom, recentFrom, kept ? open : undefined).execute(c)),
    voidsOf(),
    keptMonths(db, first, kept ? open : from, today),
    kept ? keptGroups(db, viewFrom, open, today) : [],
  ]);
  const occupied = (kind: string) => r.rows.filter((x) => x.kind === kind).map(rawRow);
  const rows = (kind: string) => withVoid(occupied(kind), voids[kind] ?? []);

  const byKey = new Map([
    ...keptMonthRows,
    ...rows("month")
      .filter((x) => !kept || x.key >= open.slice(0, 7))
      .map((x): [string, SpendRow] => [x.key, x]),
  ]);
  const month: SpendRow[] = [];
  for (let m = first; m <= lastNight; m = addMonths(m, 1)) {
    const k = m.slice(0, 7);
    const row = byKey.get(k) ?? emptyRow(k, k);
    month.push(m === startOfMonth(lastNight) && addMonths(m, 1) > today ? { ...row, label: `${k} (to ${formatDate(lastNight)})` } : row);
  }
  // The financial-year views: afresh, or the closed months' part kept plus the rest afresh.
  const views: Record<FyKind, SpendRow[]> = { all: [], ta_type: [], provider: [], district: [] };
  if (kept) {
    const sum = new Map<string, SpendRow>();
    const add = (kind: string, x: SpendRow) => {
      const k = `${kind}\u0000${x.key}`;
      const s = sum.get(k);
      sum.set(k, s ? addRows(s, x) : x);
    };
    for (const g of keptGroupRows) add(g.kind, g.row);
    for (const g of FY_KINDS) for (const x of rows(g)) add(g, x);
    const counts = new Map(r.rows.filter((x) => x.kind.startsWith("count_")).map((x) => [`${x.kind.slice(6)}\u0000${x.key}`, x]));
    for (const [k, x] of sum) {
      const [kind] = k.split("\u0000");
      const c = counts.get(k);
      views[kind as FyKind].push({ ...x, households: Number(c?.households ?? 0), placements: Number(c?.placements ?? 0) });
    }
  } else for (const g of FY_KINDS) views[g] = rows(g);
  // The year to date is the views' window, except on 1 April (the views show the year just ended; the new year has no night yet).
  const toDate = fyFrom === viewFrom ? views.all[0] : undefined;
  // The run-rate's nights: the same spans cut to [today - basisNights, today), as spendBy over that window prices them.
  const [recent] = recentFrom >= from ? rows("recent") : await spendBy(db, { from: recentFrom, to: today, group: "all" });
  return {
    month,
    ta_type: views.ta_type.sort(byCost),
    provider: views.provider.sort(byCost),
    district: views.district.sort(byCost),
    forecast: forecastFrom(today, basisNights, toDate, recent),
  };
}

/** The groupings of the financial-year views (the page's views and the year to date). */
const FY_KINDS = ["all", "ta_type", "provider", "district"] as const;
type FyKind = (typeof FY_KINDS)[number];

type PageRaw = {
  kind: string;
  key: string;
  label: string;
  nights: number;
  priced_nights: number;
  gross: number;
  subsidy: number;
  unknown_nights: number;
  households: number;
  placements: number;
  /** The month of the spans' last night (closedGroupsQuery), else null. */
  bucket: string | null;
};

const rawRow = (x: PageRaw): SpendRow => ({
  key: x.key,
  label: x.label,
  nights: Number(x.nights),
  pricedNights: Number(x.priced_nights),
  grossPence: Number(x.gross),
  subsidyPence: Number(x.subsidy),
  netPence: Number(x.gross) - Number(x.subsidy),
  unknownSubsidyNights: Number(x.unknown_nights),
  households: Number(x.households),
  placements: Number(x.placements),
  voidNights: 0,
  voidPence: 0,
});

/** Two parts of one group's figures added (households and placements are not: they are counted distinct). */
const addRows = (a: SpendRow, b: SpendRow): SpendRow => ({
  key: a.key,
  label: a.label,
  nights: a.nights + b.nights,
  pricedNights: a.pricedNights + b.pricedNights,
  grossPence: a.grossPence + b.grossPence,
  subsidyPence: a.subsidyPence + b.subsidyPence,
  netPence: a.netPence + b.netPence,
  unknownSubsidyNights: a.unknownSubsidyNights + b.unknownSubsidyNights,
  households: 0,
  placements: 0,
  voidNights: a.voidNights + b.voidNights,
  voidPence: a.voidPence + b.voidPence,
});

/**
 * The spans of [from, to) as CTEs, the one home of how spans are found (spendPageQuery,
 * closedGroupsQuery): each placement of the window cut by its unit's rate and charge periods,
 * as in pieces() (same anchor, same start and end), joined to the unit's cap once per span.
 * Rate and charge periods overlapping the window come from one ordered pass over each table
 * (1.3 million rates: 0.5 s, against 1.5 s for 140,000 per-unit index lookups), plus the
 * unpriced lead-in for the window's units whose first period starts inside it or that have
 * none. A span carries its nights in the window [a0, b0) and its own [an, bn) (the
 * placement, rate and charge period's, uncut by the window; bn may be infinity).
 */
function spanCtes(from: IsoDate, to: IsoDate) {
  // The periods of a history table (rates or charges) overlapping the window, as CTE `name`:
  // one pass over the table in (unit, effective_from) order gives each row's end (the next
  // row's start) and whether it is the unit's first; the window's units whose first row
  // starts after the window's first night (or have none) get the unpriced lead-in period.
  const periods = (name: string, table: "unit_rates" | "unit_charges", cols: string, nulls: string) => sql`
    ${sql.raw(name)}_all AS MATERIALIZED (
      SELECT * FROM (
        SELECT unit_id, effective_from, lead(effective_from) OVER w AS effective_to, lag(effective_from) OVER w IS NULL AS is_first, ${sql.raw(cols)}
        FROM ${sql.table(table)} WINDOW w AS (PARTITION BY unit_id ORDER BY effective_from)
      ) h
      WHERE is_first OR (coalesce(effective_to, 'infinity'::date) > ${from}::date AND effective_from < ${to}::date)
    ),
    ${sql.raw(name)} AS MATERIALIZED (
      SELECT unit_id, effective_from, effective_to, ${sql.raw(cols.replace(/\S+ AS /g, ""))}
      FROM ${sql.raw(name)}_all WHERE coalesce(effective_to, 'infinity'::date) > ${from}::date AND effective_from < ${to}::date
      UNION ALL
      SELECT u.unit_id, '-infinity'::date, f.effective_from, ${sql.raw(nulls)}
      FROM units_in u LEFT JOIN ${sql.raw(name)}_all f ON f.unit_id = u.unit_id AND f.is_first
      WHERE f.effective_from IS NULL OR f.effective_from > ${from}::date
    )`;
  return sql`
    pl AS MATERIALIZED (
      SELECT p.id, p.household_id, p.unit_id, p.start_date, coalesce(p.end_date, 'infinity'::date) AS pe,
             greatest(p.start_date, ${from}::date) AS pa, least(coalesce(p.end_date, 'infinity'::date), ${to}::date) AS pb
      FROM placements p
      -- Written so the partial indexes on end_date (open, and ending after) find them: a narrow window reads a tenth of the table.
      WHERE p.cancelled_at IS NULL AND p.start_date < ${to}::date AND (p.end_date IS NULL OR p.end_date > ${from}::date)
    ),
    units_in AS MATERIALIZED (SELECT DISTINCT unit_id FROM pl),
    ${periods("rp", "unit_rates", "amount_pence::bigint AS amount_pence, basis", "NULL::bigint, NULL::text")},
    ${periods("cp", "unit_charges", "weekly_pence::bigint AS weekly_pence", "NULL::bigint")},
    caps AS MATERIALIZED (SELECT unit_id, weekly_cap_pence FROM unit_subsidy_caps WHERE unit_id IN (SELECT unit_id FROM units_in)),
    spans AS MATERIALIZED (
      SELECT s.*, weekly_subsidy_pence(s.amt, s.basis, s.charge, s.cap) AS sw
      FROM (
        SELECT p.id AS placement_id, p.household_id, p.unit_id,
               greatest(p.pa, r.effective_from, c.effective_from) AS a0,
               least(p.pb, coalesce(r.effective_to, 'infinity'::date), coalesce(c.effective_to, 'infinity'::date)) AS b0,
               greatest(p.start_date, r.effective_from, c.effective_from) AS an,
               least(p.pe, coalesce(r.effective_to, 'infinity'::date), coalesce(c.effective_to, 'infinity'::date)) AS bn,
               greatest(p.start_date, r.effective_from) AS anchor,
               r.amount_pence AS amt, r.basis, c.weekly_pence AS charge, cap.weekly_cap_pence AS cap
        FROM pl p
        JOIN rp r ON r.unit_id = p.unit_id AND r.effective_from < p.pb AND coalesce(r.effective_to, 'infinity'::date) > p.pa
        JOIN cp c ON c.unit_id = p.unit_id
          AND c.effective_from < least(p.pb, coalesce(r.effective_to, 'infinity'::date))
          AND coalesce(c.effective_to, 'infinity'::date) > greatest(p.pa, r.effective_from)
        JOIN caps cap ON cap.unit_id = p.unit_id
      ) s
      WHERE s.a0 < s.b0
    )`;
}

/**
 * A piece [a, b) of a span (a < b), priced by segment_pence: nights, gross, and the
 * unclamped subsidy (sw: the span's weekly_subsidy_pence, NULL when the cap is unknown, 0 unpriced).
 */
const piece = (a: string, b: string) =>
  sql.raw(`${b} - ${a} AS nights, amt,
        segment_pence(amt, basis, anchor, ${a}, ${b}) AS gross,
        subsidy_pence(sw, anchor, ${a}, ${b}) AS sr`);

/** Sums over priced pieces aliased `x`, the subsidy of each clamped to its gross; households and placements counted distinct. */
const agg = (x: string) =>
  sql.raw(`
      sum(${x}.nights)::bigint AS nights,
      coalesce(sum(${x}.nights) FILTER (WHERE ${x}.amt IS NOT NULL), 0)::bigint AS priced_nights,
      sum(${x}.gross)::bigint AS gross,
      coalesce(sum(CASE WHEN ${x}.sr IS NULL THEN NULL ELSE least(${x}.gross, ${x}.sr) END), 0)::bigint AS subsidy,
      coalesce(sum(${x}.nights) FILTER (WHERE ${x}.sr IS NULL), 0)::bigint AS unknown_nights,
      count(DISTINCT ${x}.household_id) AS households,
      count(DISTINCT ${x}.placement_id) AS placements`);

/**
 * The financial-year views' rows over the priced span pieces of CTE `fy` (with a unit_id and
 * a `bucket`), one per kind, group and bucket: the one home of how the views group spend,
 * for the page and for the closed months kept.
 */
const fyGroupRows = () =>
  sql.join(
    FY_KINDS.map((kind) => {
      const g = UNIT_GROUPS[kind];
      return sql`
    SELECT ${kind} AS kind, ${g.key} AS key, min(${g.label}) AS label, ${agg("x")}, to_char(x.bucket, 'YYYY-MM-DD') AS bucket
    FROM fy x ${g.joins} GROUP BY 2, x.bucket`;
    }),
    sql` UNION ALL `,
  );

/**
 * The occupied part of the financial-year views kept for the closed months [from, to) (one
 * financial year, starting `cutFrom`): the spans whose last night is in [from, to), each
 * priced from max(its first night, cutFrom) to its last night, by the month of that last
 * night (`bucket`). Summed with the spans running past the open month's start priced the same
 * way (spendPageQuery), every span of the year is priced whole once, as spendBy prices it.
 */
function closedGroupsQuery(from: IsoDate, to: IsoDate, cutFrom: IsoDate) {
  return sql<PageRaw>`
    WITH ${spanCtes(from, to)},
    fy AS MATERIALIZED (
      SELECT date_trunc('month', (bn - 1)::timestamp)::date AS bucket, placement_id, household_id, unit_id, ${piece("a", "b0")}
      FROM (SELECT s.*, greatest(s.an, ${cutFrom}::date) AS a FROM spans s WHERE s.bn <= ${to}::date) s
      WHERE a < b0
    )
    ${fyGroupRows()}`;
}

/**
 * The one query of spendPageNow, set-based: its work grows with the spans of its window and
 * the months each covers (3.3 million month pieces at national size over 24 months), each
 * priced once with no row kept, sorted or looked up per unit:
 *
 * - Spans: spanCtes.
 * - Months: each span is cut at month starts (width_bucket over the window's month starts
 *   finds its first and last month) and every piece is priced with segment_pence's formula,
 *   summed straight into its month: nothing of the pieces is kept or sorted.
 * - Distinct placements and households per month: a placement's nights in the window are
 *   one interval [pa, pb) (its spans partition it, and every unit has exactly one row in
 *   unit_subsidy_caps: units, properties and providers are joined on NOT NULL foreign
 *   keys), so it counts in the months from bucket(pa) to bucket(pb - 1);
 *   a household counts in the union of its placements' months. Each is counted by adding
 *   +1 at a first month and -1 after a last month and summing in month order. For a
 *   household, placements taken by first month add only the months past the largest last
 *   month of those before (those months up to it are already covered by that placement).
 * - The financial-year views: each span cut at the view's start and priced whole, exactly as
 *   the month pieces put back together (weekly rounding telescopes from the same anchor).
 *   With `openFrom` (the first month not closed) only the spans running past its start,
 *   priced from max(their first night, the view's start): the closed months' part is kept
 *   (closedGroupsQuery); and households and placements per group are counted distinct over
 *   the year from placements (`count_` rows: a placement's spans partition its nights).
 * - The run-rate's last nights: the same spans cut at its start, as spendBy's pieces.
 */
function spendPageQuery(from: IsoDate, to: IsoDate, viewFrom: IsoDate, recentFrom: IsoDate, openFrom?: IsoDate) {
  const starts: IsoDate[] = [];
  for (let m = from; m < to; m = addMonths(m, 1)) starts.push(m);
  const B = sql`${starts}::date[]`;
  const E = sql`${starts.map((m) => addMonths(m, 1))}::date[]`;
  // Sums over priced pieces, the subsidy of each clamped to its gross.
  const sums = sql.raw(`
      sum(nights)::bigint AS nights,
      coalesce(sum(nights) FILTER (WHERE amt IS NOT NULL), 0)::bigint AS priced_nights,
      sum(gross)::bigint AS gross,
      coalesce(sum(CASE WHEN sr IS NULL THEN NULL ELSE least(gross, sr) END), 0)::bigint AS subsidy,
      coalesce(sum(nights) FILTER (WHERE sr IS NULL), 0)::bigint AS unknown_nights`);
  const fy = openFrom
    ? sql`SELECT NULL::date AS bucket, placement_id, household_id, unit_id, ${piece("a", "b0")}
          FROM (SELECT s.*, greatest(s.an, ${viewFrom}::date) AS a FROM spans s WHERE s.bn > ${openFrom}::date) s
          WHERE a < b0`
    : sql`SELECT NULL::date AS bucket, placement_id, household_id, unit_id, ${piece("a", "b0")}
          FROM (SELECT s.*, greatest(s.a0, ${viewFrom}::date) AS a FROM spans s WHERE s.b0 > ${viewFrom}::date) s`;
  const counts = openFrom
    ? sql`
    UNION ALL
    ${sql.join(
      FY_KINDS.map((kind) => {
        const g = UNIT_GROUPS[kind];
        return sql`
    SELECT ${`count_${kind}`}, ${g.key}, min(${g.label}), 0, 0, 0, 0, 0,
           count(DISTINCT x.household_id), count(DISTINCT x.placement_id), NULL::text
    FROM fyp x ${g.joins}
    GROUP BY 2`;
      }),
      sql` UNION ALL `,
    )}`
    : sql``;
  return sql<PageRaw>`
    WITH ${spanCtes(from, to)},
    months AS (
      SELECT k, ${sums}
      FROM (
        SELECT k, ${piece("a", "b")}
        FROM (
          SELECT k, greatest(s.a0, (${B})[k]) AS a, least(s.b0, (${E})[k]) AS b, s.anchor, s.amt, s.basis, s.sw
          FROM spans s CROSS JOIN LATERAL generate_series(width_bucket(s.a0, ${B}), width_bucket(s.b0 - 1, ${B})) AS k
        ) q
      ) q
      GROUP BY k
    ),
    pm AS MATERIALIZED (
      SELECT width_bucket(pa, ${B}) AS ms, width_bucket(pb - 1, ${B}) AS me, household_id
      FROM pl
    ),
    hm AS (
      SELECT greatest(ms, coalesce(max(me) OVER (PARTITION BY household_id ORDER BY ms, me ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1, ms)) AS ms, me
      FROM pm
    ),
    steps AS (
      SELECT k, sum(dp) AS dp, sum(dh) AS dh
      FROM (
        SELECT ms AS k, 1 AS dp, 0 AS dh FROM pm
        UNION ALL SELECT me + 1, -1, 0 FROM pm
        UNION ALL SELECT ms, 0, 1 FROM hm WHERE ms <= me
        UNION ALL SELECT me + 1, 0, -1 FROM hm WHERE ms <= me
      ) d
      GROUP BY k
    ),
    counts AS (
      SELECT n.k, sum(coalesce(st.dp, 0)) OVER (ORDER BY n.k) AS placements, sum(coalesce(st.dh, 0)) OVER (ORDER BY n.k) AS households
      FROM generate_series(1, ${starts.length}) AS n(k) LEFT JOIN steps st ON st.k = n.k
    ),
    fy AS MATERIALIZED (${fy}),
    ${
      openFrom
        ? sql`fyp AS MATERIALIZED (
      SELECT p.id AS placement_id, p.household_id, p.unit_id FROM placements p
      WHERE p.cancelled_at IS NULL AND p.start_date < ${to}::date AND (p.end_date IS NULL OR p.end_date > ${viewFrom}::date)
    ),`
        : sql``
    }
    recent AS (
      SELECT placement_id, household_id, ${piece("a", "b0")}
      FROM (SELECT s.*, greatest(s.a0, ${recentFrom}::date) AS a FROM spans s WHERE s.b0 > ${recentFrom}::date) s
    )
    SELECT 'month' AS kind, to_char((${B})[m.k], 'YYYY-MM') AS key, to_char((${B})[m.k], 'YYYY-MM') AS label,
           m.nights, m.priced_nights, m.gross, m.subsidy, m.unknown_nights, c.households, c.placements, NULL::text AS bucket
    FROM months m JOIN counts c ON c.k = m.k
    UNION ALL
    ${fyGroupRows()}
    UNION ALL
    SELECT 'recent', 'all', 'All', ${agg("recent")}, NULL::text FROM recent HAVING count(*) > 0
    ${counts}`;
}

/** One group's part of the financial-year views in one closed month (spend_month_groups). */
export interface MonthGroupRow {
  month: IsoDate;
  kind: FyKind;
  row: SpendRow;
}

/** Names the code that computes kept groups (as keptRule for months). */
let groupsRuleHash: string | undefined;
const groupsRule = () =>
  (groupsRuleHash ??= createHash("sha256")
    .update([spanCtes, piece, agg, fyGroupRows, closedGroupsQuery, computeGroups, voidByGroups].map((f) => f.toString()).join("\n"))
    .digest("hex")
    .slice(0, 16));

/**
 * The closed months [from, to) of one financial year, by group, computed: their spans' part
 * of the views (closedGroupsQuery) and their void nights (voidByGroups cut by month).
 */
async function computeGroups(db: Conn, from: IsoDate, to: IsoDate): Promise<MonthGroupRow[]> {
  const occ = await withoutJit(db, (c) => closedGroupsQuery(from, to, financialYearStart(from)).execute(c));
  const voids = await voidByGroups(db, { from, to, groups: FY_KINDS, monthly: true });
  const byKey = new Map<string, MonthGroupRow>();
  for (const x of occ.rows)
    byKey.set(`${x.bucket}\u0000${x.kind}\u0000${x.key}`, { month: x.bucket as IsoDate, kind: x.kind as FyKind, row: rawRow(x) });
  for (const kind of FY_KINDS)
    for (const v of voids[kind]) {
      const k = `${v.month}\u0000${kind}\u0000${v.key}`;
      const g = byKey.get(k) ?? { month: v.month as IsoDate, kind, row: emptyRow(v.key, v.label) };
      byKey.set(k, { ...g, row: { ...g.row, voidNights: g.row.voidNights + v.voidNights, voidPence: g.row.voidPence + v.voidPence } });
    }
  return [...byKey.values()].map((g) => ({ ...g, row: { ...g.row, households: 0, placements: 0 } }));
}

/**
 * The closed months [from, to) of one financial year, each month's part of the year's views
 * by group, from spend_month_groups (migration 0076, ADR 0044): as keptMonths, a month whose
 * rows are missing (dropped by a write) or of another rule is computed (computeGroups) and
 * stored under the lock that keeps writes out meanwhile; inside a transaction it is computed
 * and not stored. Households and placements are 0: they are counted over the year.
 */
export async function keptGroups(db: Conn, from: IsoDate, to: IsoDate, today: IsoDate): Promise<MonthGroupRow[]> {
  if (to <= from) return [];
  if (startOfMonth(from) !== from || startOfMonth(to) !== to || to > today)
    throw new Error(`not closed months: [${from}, ${to}) on ${today}`);
  if (financialYearStart(from) !== financialYearStart(addDays(to, -1))) throw new Error(`not one financial year: [${from}, ${to})`);
  const read = (c: Conn) =>
    sql<{
      month: IsoDate;
      kind: string;
      key: string;
      label: string;
      nights: string;
      priced_nights: string;
      gross_pence: string;
      subsidy_pence: string;
      unknown_subsidy_nights: string;
      void_nights: string;
      void_pence: string;
    }>`
    SELECT to_char(month, 'YYYY-MM-DD') AS month, kind, key, label, nights, priced_nights, gross_pence, subsidy_pence,
           unknown_subsidy_nights, void_nights, void_pence
    FROM spend_month_groups WHERE month >= ${from}::date AND month < ${to}::date AND rule = ${groupsRule()}`.execute(c);
  let out: MonthGroupRow[] = [];
  let missing: IsoDate[] = [];
  const keep = (rows: Awaited<ReturnType<typeof read>>["rows"]) => {
    const done = new Set(rows.filter((r) => r.kind === "done").map((r) => r.month));
    out = rows
      .filter((r) => r.kind !== "done" && done.has(r.month))
      .map((r) => {
        const gross = Number(r.gross_pence);
        const subsidy = Number(r.subsidy_pence);
        return {
          month: r.month,
          kind: r.kind as FyKind,
          row: {
            key: r.key,
            label: r.label,
            nights: Number(r.nights),
            pricedNights: Number(r.priced_nights),
            grossPence: gross,
            subsidyPence: subsidy,
            netPence: gross - subsidy,
            unknownSubsidyNights: Number(r.unknown_subsidy_nights),
            households: 0,
            placements: 0,
            voidNights: Number(r.void_nights),
            voidPence: Number(r.void_pence),
          },
        };
      });
    missing = [];
    for (let m = from; m < to; m = addMonths(m, 1)) if (!done.has(m)) missing.push(m);
  };
  keep((await read(db)).rows);
  if (missing.length === 0) return out;
  const compute = async (c: Conn) => {
    if (missing.length === 0) return [];
    const want = new Set(missing);
    return (await computeGroups(c, missing[0], addMonths(missing[missing.length - 1], 1))).filter((g) => want.has(g.month));
  };
  if (db.isTransaction) return [...out, ...(await compute(db))];
  await db.transaction().execute(async (trx) => {
    // Writes to what a month reads wait until this commits, and this waits for those begun.
    await sql`SELECT pg_advisory_xact_lock(${SPEND_KEPT_LOCK})`.execute(trx);
    // Another reader may have stored some while this one waited.
    keep((await read(trx)).rows);
    if (missing.length === 0) return;
    const rows = await compute(trx);
    await sql`DELETE FROM spend_month_groups WHERE month = ANY(${missing}::date[])`.execute(trx);
    const rule = groupsRule();
    const values = [...missing.map((m) => ({ month: m, kind: "done", row: emptyRow("", "") })), ...rows].map((g) => ({
      month: g.month,
      kind: g.kind,
      key: g.row.key,
      label: g.row.label,
      rule,
      nights: g.row.nights,
      priced_nights: g.row.pricedNights,
      gross_pence: g.row.grossPence,
      subsidy_pence: g.row.subsidyPence,
      unknown_subsidy_nights: g.row.unknownSubsidyNights,
      void_nights: g.row.voidNights,
      void_pence: g.row.voidPence,
    }));
    // In chunks: PostgreSQL takes at most 65,535 parameters a statement.
    for (let i = 0; i < values.length; i += 2000)
      await trx
        .insertInto("spend_month_groups")
        .values(values.slice(i, i + 2000))
        .execute();
    out.push(...rows);
  });
  return out;
}
