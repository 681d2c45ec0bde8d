/**
 * What the forecast reads from the data as at an origin night: every figure from its one
 * home. Households in TA and B&B by the 2003 Order: households_in_ta; family: household_facts_on;
 * B&B nights: six_weeks_on; bedrooms needed: bedroomNeed; length of stay: losObservations
 * (Kaplan-Meier per episode); cost per night: the spend pieces (segment_pence, subsidy caps);
 * void cost: void_pieces; budgets: the budgets table and what was paid (spendBy).
 * Only data up to the origin night is used, so a backtest sees what a forecast made then would have seen.
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";
import { addDays, addMonths, daysBetween, financialYearStart, startOfMonth, type IsoDate } from "~/lib/dates";
import { kaplanMeierOfCounts } from "~/lib/stats";
import { survivalTable, type CurrentHousehold, type MonthCount } from "~/lib/forecast";
import { bedroomNeed, type HouseholdMember } from "~/features/households/household";
import { toDomainMember } from "~/features/households/households.server";
import { losObservations } from "~/features/reports/reports.server";
import { pieces, spendBy, paidPence } from "~/features/money/spend.server";
import { describeSubsidyCap } from "~/features/money/cost.server";
import type { Relationship, Sex } from "~/lib/vocabulary";
import { AGE_BANDS, BASIS_NIGHTS, MIX_WINDOW_DAYS, beds, capKey, groupIndex, GROUPS, newUnitCap } from "./model";
import type { Change, NewUnitPrice } from "./model";

export interface PriceRow {
  cat: number;
  beds: number;
  providerId: number;
  nights: number;
  grossPence: number;
  subsidyPence: number;
}

export interface VoidRow {
  cat: number;
  beds: number;
  providerId: number;
  nights: number;
  pence: number;
}

export interface UnitsRow {
  cat: number;
  beds: number;
  providerId: number;
  units: number;
  occupied: number;
  everyNight: number;
}

export interface ForecastInputs {
  origin: IsoDate;
  survival: Float64Array;
  kmEpisodes: number;
  kmEnded: number;
  current: CurrentHousehold[];
  /** Households in TA on the origin night by group and provider. */
  currentByProvider: { group: number; providerId: number; n: number }[];
  monthlyArrivals: MonthCount[];
  /** Arrivals (episodes starting) in the BASIS year before the origin night. */
  arrivalsLastYear: number;
  /** Per 30-day band since arrival: households seen in each group (episodes that started in the 3 years before). */
  mixCounts: number[][];
  prices: PriceRow[];
  voids: VoidRow[];
  units: UnitsRow[];
  /** The weekly subsidy cap (subsidy_cap in SQL) of each district's BRMA, kind and size, keyed by capKey; null: unknown, with the reason. */
  subsidyCaps: Record<string, { weeklyCapPence: number | null; reason: string | null }>;
  districts: { gss: string; brma: string | null; inLondon: boolean; units: number }[];
  taTypes: { code: string; name: string; cat: number; paidFor: string }[];
  providers: { id: number; name: string }[];
  budgets: { year: number; pence: number }[];
  /** Paid (gross of occupied nights + void) from 1 April of the origin's financial year up to the origin night. */
  paidThisYearPence: number;
  councilGss: string | null;
}

/** subsidy_cap for each BRMA, self-contained or not, and 1 to 4 bedrooms. */
async function subsidyCaps(db: Conn, brmas: (string | null)[]): Promise<ForecastInputs["subsidyCaps"]> {
  const out: ForecastInputs["subsidyCaps"] = {};
  if (brmas.length === 0) return out;
  type Row = Omit<Parameters<typeof describeSubsidyCap>[0], "unit_id" | "self_contained"> & { sc: boolean; beds: number };
  const r = await sql<Row>`
    SELECT q.brma, s.sc, g.beds, c.weekly_cap_pence, c.in_london, c.brma_known, c.lha_category, c.lha_weekly_pence, c.ninety_pence, c.limit_pence
    FROM unnest(${brmas}::text[]) AS q(brma)
    CROSS JOIN (VALUES (true), (false)) AS s(sc)
    CROSS JOIN generate_series(1, 4) AS g(beds)
    CROSS JOIN LATERAL subsidy_cap(s.sc, g.beds, q.brma) c`.execute(db);
  for (const x of r.rows) {
    const cap = x.weekly_cap_pence === null ? null : Number(x.weekly_cap_pence);
    out[capKey(x.brma, x.sc, x.beds)] = {
      weeklyCapPence: cap,
      reason: cap === null ? describeSubsidyCap({ ...x, unit_id: 0, self_contained: x.sc }) : null,
    };
  }
  return out;
}

/** Bedrooms needed (1 to 4+) of each household on a night, by the bedroom standard (bedroomNeed); keyed "id|night". */
async function bedroomsNeeded(
  db: Conn,
  pairs: readonly { id: number; on: IsoDate }[],
  memo?: Map<string, number>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const todo: { id: number; on: IsoDate }[] = [];
  for (const p of pairs) {
    const key = `${p.id}|${p.on}`;
    const kept = memo?.get(key);
    if (kept === undefined) todo.push(p);
    else out.set(key, kept);
  }
  if (todo.length === 0) return out;
  const ids = [...new Set(todo.map((p) => p.id))];
  // One array parameter, not a list of thousands.
  const members = (
    await sql<{
      household_id: number;
      name: string;
      date_of_birth: IsoDate | null;
      relationship: Relationship;
      pregnant: boolean;
      sex: Sex | null;
    }>`
      SELECT household_id, name, date_of_birth, relationship, pregnant, sex FROM household_members
      WHERE household_id = ANY(${`{${ids.join(",")}}`}::bigint[]) ORDER BY household_id, position`.execute(db)
  ).rows;
  const by = new Map<number, HouseholdMember[]>();
  for (const m of members) {
    const h = Number(m.household_id);
    if (!by.has(h)) by.set(h, []);
    by.get(h)!.push(toDomainMember(m));
  }
  for (const p of todo) {
    const key = `${p.id}|${p.on}`;
    const b = beds(bedroomNeed(by.get(p.id) ?? [], p.on).bedrooms);
    out.set(key, b);
    memo?.set(key, b);
  }
  return out;
}

/** Where households were by time since arriving: one row per episode and 30-day band, with the night it was seen. */
export interface ArrivalPosition {
  householdId: number;
  startDate: IsoDate;
  band: number;
  night: IsoDate;
  cat: number;
  family: boolean;
}

/**
 * For episodes that started in [from, to): the type of accommodation on the middle night of
 * each 30-day band since arrival (nights before `to`), and whether the household was a family
 * when it arrived. Read once for a run of backtests and filtered for each origin.
 */
export async function arrivalPositions(db: Conn, from: IsoDate, to: IsoDate): Promise<ArrivalPosition[]> {
  const r = await sql<{ household_id: number; start_date: IsoDate; band: number; night: IsoDate; cat: number; family: boolean }>`
    WITH ep AS MATERIALIZED (
      SELECT e.id, e.household_id, e.start_date,
             (SELECT f.with_children FROM household_facts_on(e.household_id, e.start_date) f) AS family
      FROM episodes e
      WHERE e.start_date >= ${from}::date AND e.start_date < ${to}::date
    )
    SELECT DISTINCT ON (ep.id, k.band) ep.household_id, ep.start_date, k.band, ep.start_date + 15 + 30 * k.band AS night,
           f.ta1_category AS cat, ep.family
    FROM ep
    CROSS JOIN generate_series(0, ${AGE_BANDS - 1}) AS k(band)
    JOIN placements p ON p.household_id = ep.household_id AND p.cancelled_at IS NULL
      AND p.start_date <= ep.start_date + 15 + 30 * k.band
      AND (p.end_date IS NULL OR p.end_date > ep.start_date + 15 + 30 * k.band)
    JOIN unit_facts f ON f.unit_id = p.unit_id
    WHERE ep.start_date + 15 + 30 * k.band < ${to}::date
    ORDER BY ep.id, k.band, p.is_split, p.start_date DESC, p.id DESC`.execute(db);
  return r.rows.map((x) => ({
    householdId: Number(x.household_id),
    startDate: x.start_date,
    band: Number(x.band),
    night: x.night,
    cat: Number(x.cat),
    family: x.family,
  }));
}

/**
 * `memo`: bedrooms needed already worked out (household and night), for a run of forecasts
 * over the same data (the backtests): arrivals' bedrooms are taken on their first night, so
 * the forecasts of one run share most of them.
 */
export async function forecastInputs(
  db: Conn,
  origin: IsoDate,
  memo?: Map<string, number>,
  options: { budgets?: boolean; positions?: ArrivalPosition[] } = {},
): Promise<ForecastInputs> {
  const basisFrom = addDays(origin, -BASIS_NIGHTS);
  const yearFrom = addDays(origin, -365);
  const monthsFrom = addMonths(startOfMonth(origin), -36);

  // Length of stay: Kaplan-Meier per episode as at the origin night (the length-of-stay report's observations).
  const obs = (await losObservations(db, origin, "none")).get("all") ?? [];
  const curve = kaplanMeierOfCounts(obs);
  const maxTime = obs.reduce((m, o) => Math.max(m, o.time), 0);
  const survival = survivalTable(curve, maxTime + 1);

  const cur = await sql<{
    household_id: number;
    provider_id: number;
    cat: number;
    duration: number;
    family: boolean;
    bnb_nights: number | null;
  }>`
    SELECT t.household_id, t.provider_id, t.ta1_category AS cat, ${origin}::date - e.start_date AS duration,
           f.with_children AS family, b.nights AS bnb_nights
    FROM households_in_ta(${origin}::date) t
    JOIN placements p ON p.id = t.placement_id
    JOIN episodes e ON e.id = p.episode_id
    CROSS JOIN LATERAL household_facts_on(t.household_id, ${origin}::date) f
    LEFT JOIN six_weeks_on(${origin}::date) b ON b.household_id = t.household_id`.execute(db);
  const curIds = cur.rows.map((r) => Number(r.household_id));
  const curBeds = await bedroomsNeeded(
    db,
    curIds.map((id) => ({ id, on: origin })),
    memo,
  );
  const currentMap = new Map<string, CurrentHousehold>();
  const byProvider = new Map<string, { group: number; providerId: number; n: number }>();
  for (const r of cur.rows) {
    const group = groupIndex(Number(r.cat), curBeds.get(`${r.household_id}|${origin}`) ?? 1, r.family);
    const duration = Number(r.duration);
    const bnbNights = Number(r.bnb_nights ?? 0);
    const k = `${duration}|${group}|${bnbNights}`;
    const c = currentMap.get(k) ?? { duration, group, bnbNights, n: 0 };
    c.n++;
    currentMap.set(k, c);
    const pk = `${group}|${r.provider_id}`;
    const p = byProvider.get(pk) ?? { group, providerId: Number(r.provider_id), n: 0 };
    p.n++;
    byProvider.set(pk, p);
  }

  const months = await sql<{ m: string; n: number }>`
    SELECT to_char(start_date, 'YYYY-MM') AS m, count(*) AS n FROM episodes
    WHERE start_date >= ${monthsFrom}::date AND start_date < ${startOfMonth(origin)}::date GROUP BY 1 ORDER BY 1`.execute(db);
  const byMonth = new Map(months.rows.map((r) => [r.m, Number(r.n)]));
  const monthlyArrivals: MonthCount[] = [];
  for (let m = monthsFrom; m < startOfMonth(origin); m = addMonths(m, 1)) {
    monthlyArrivals.push({ month: m.slice(0, 7), arrivals: byMonth.get(m.slice(0, 7)) ?? 0, days: daysBetween(m, addMonths(m, 1)) });
  }
  const lastYear = await sql<{ n: number }>`
    SELECT count(*) AS n FROM episodes WHERE start_date >= ${yearFrom}::date AND start_date < ${origin}::date`.execute(db);

  // Where arrivals are, by time since arrival: episodes that started in the window, seen on nights before the origin.
  const windowFrom = addDays(origin, -MIX_WINDOW_DAYS);
  const positions = (options.positions ?? (await arrivalPositions(db, windowFrom, origin))).filter(
    (p) => p.startDate >= windowFrom && p.startDate < origin && p.night < origin,
  );
  const entries = new Map<string, { id: number; on: IsoDate }>();
  for (const p of positions) entries.set(`${p.householdId}|${p.startDate}`, { id: p.householdId, on: p.startDate });
  const mixBeds = await bedroomsNeeded(db, [...entries.values()], memo);
  const mixCounts = Array.from({ length: AGE_BANDS }, () => Array(GROUPS).fill(0) as number[]);
  for (const p of positions) mixCounts[p.band][groupIndex(p.cat, mixBeds.get(`${p.householdId}|${p.startDate}`) ?? 1, p.family)]++;

  const priced = await sql<{ cat: number; bedrooms: number; provider_id: number; nights: number; gross: number; subsidy: number }>`
    SELECT f.ta1_category AS cat, u.bedrooms, p.provider_id, sum(x.nights)::bigint AS nights,
           coalesce(sum(x.gross), 0)::bigint AS gross, coalesce(sum(x.subsidy), 0)::bigint AS subsidy
    FROM (${pieces(basisFrom, origin, false)}) x
    JOIN unit_facts f ON f.unit_id = x.unit_id JOIN units u ON u.id = x.unit_id JOIN properties p ON p.id = u.property_id
    WHERE x.amount_pence IS NOT NULL
    GROUP BY 1, 2, 3`.execute(db);
  const voided = await sql<{ cat: number; bedrooms: number; provider_id: number; nights: number; pence: number }>`
    SELECT f.ta1_category AS cat, u.bedrooms, p.provider_id, sum(v.b - v.a)::bigint AS nights,
           coalesce(sum(segment_pence(v.amount_pence, v.basis, v.anchor, v.a, v.b)), 0)::bigint AS pence
    FROM void_pieces(${basisFrom}::date, ${origin}::date) v
    JOIN unit_facts f ON f.unit_id = v.unit_id JOIN units u ON u.id = v.unit_id JOIN properties p ON p.id = u.property_id
    GROUP BY 1, 2, 3`.execute(db);
  const units = await sql<{ cat: number; bedrooms: number; provider_id: number; units: number; occupied: number; every_night: number }>`
    SELECT f.ta1_category AS cat, u.bedrooms, p.provider_id, count(*) AS units,
           count(o.unit_id) AS occupied,
           count(*) FILTER (WHERE pf.paid_for = 'every_night') AS every_night
    FROM units u JOIN unit_facts f ON f.unit_id = u.id JOIN properties p ON p.id = u.property_id JOIN unit_paid_for pf ON pf.unit_id = u.id
    LEFT JOIN (SELECT DISTINCT t.unit_id FROM households_in_ta(${origin}::date) t) o ON o.unit_id = u.id
    WHERE coalesce(u.in_use_from, '-infinity'::date) <= ${origin}::date AND coalesce(u.retired_on, 'infinity'::date) > ${origin}::date
    GROUP BY 1, 2, 3`.execute(db);

  const districts = await sql<{ gss: string; brma: string | null; in_london: boolean | null; units: number }>`
    SELECT DISTINCT ON (f.district_gss) f.district_gss AS gss, p.brma, b.in_london, count(*) AS units
    FROM units u JOIN unit_facts f ON f.unit_id = u.id JOIN properties p ON p.id = u.property_id LEFT JOIN brmas b ON b.name = p.brma
    GROUP BY f.district_gss, p.brma, b.in_london ORDER BY f.district_gss, count(*) DESC`.execute(db);
  const taTypes = await db.selectFrom("ta_types").select(["code", "name", "ta1_category", "paid_for"]).orderBy("sort_order").execute();
  const providers = await db.selectFrom("providers").select(["id", "name"]).orderBy("name").execute();
  const budgets = await sql<{ year: number; pence: number }>`
    SELECT year, sum(amount_pence)::bigint AS pence FROM budgets WHERE cost_centre IS NULL AND provider_id IS NULL GROUP BY 1 ORDER BY 1`.execute(
    db,
  );
  const fy = financialYearStart(origin);
  // A backtest compares months, not budgets: it does not need what was paid this year.
  const paid = fy < origin && options.budgets !== false ? await spendBy(db, { from: fy, to: origin, group: "all" }) : [];
  const gss = await sql<{ gss: string | null }>`SELECT nullif(value #>> '{}', '') AS gss FROM settings WHERE key = 'council_gss'`.execute(
    db,
  );

  return {
    origin,
    survival,
    kmEpisodes: curve.n,
    kmEnded: curve.events,
    current: [...currentMap.values()],
    currentByProvider: [...byProvider.values()],
    monthlyArrivals,
    arrivalsLastYear: Number(lastYear.rows[0]?.n ?? 0),
    mixCounts,
    prices: priced.rows.map((r) => ({
      cat: Number(r.cat),
      beds: beds(Number(r.bedrooms)),
      providerId: Number(r.provider_id),
      nights: Number(r.nights),
      grossPence: Number(r.gross),
      subsidyPence: Number(r.subsidy),
    })),
    voids: voided.rows.map((r) => ({
      cat: Number(r.cat),
      beds: beds(Number(r.bedrooms)),
      providerId: Number(r.provider_id),
      nights: Number(r.nights),
      pence: Number(r.pence),
    })),
    units: units.rows.map((r) => ({
      cat: Number(r.cat),
      beds: beds(Number(r.bedrooms)),
      providerId: Number(r.provider_id),
      units: Number(r.units),
      occupied: Number(r.occupied),
      everyNight: Number(r.every_night),
    })),
    subsidyCaps: await subsidyCaps(db, [...new Set(districts.rows.map((r) => r.brma))]),
    districts: districts.rows.map((r) => ({ gss: r.gss, brma: r.brma, inLondon: r.in_london ?? false, units: Number(r.units) })),
    taTypes: taTypes.map((t) => ({ code: t.code, name: t.name, cat: Number(t.ta1_category), paidFor: String(t.paid_for) })),
    providers: providers.map((p) => ({ id: Number(p.id), name: p.name })),
    budgets: budgets.rows.map((b) => ({ year: Number(b.year), pence: Number(b.pence) })),
    paidThisYearPence: paid.length ? paidPence(paid[0]) : 0,
    councilGss: gss.rows[0]?.gss ?? null,
  };
}

/**
 * The price per night of the units each change adds, by the money rules' one home in SQL: a
 * week's cost (segment_pence over seven nights) and a week's subsidy (weekly_subsidy_pence under
 * the cap of their kind, size and area: subsidy_cap, in the inputs), each over seven. Null for a
 * change that adds no units. One query for all of them.
 */
export async function priceNewUnits(
  db: Conn,
  inputs: Pick<ForecastInputs, "subsidyCaps" | "districts" | "taTypes" | "councilGss">,
  changes: readonly Change[],
): Promise<(NewUnitPrice | null)[]> {
  const asked = changes.flatMap((c, i) =>
    c.kind === "units" && c.action === "add" ? [{ i, amount: c.ratePence, basis: c.basis, cap: newUnitCap(c, inputs) }] : [],
  );
  const out: (NewUnitPrice | null)[] = changes.map(() => null);
  if (asked.length === 0) return out;
  // Any week does: a week's cost and subsidy do not depend on where it starts.
  const r = await sql<{ i: number; gross: string; subsidy: string | null }>`
    SELECT q.i, segment_pence(q.amount, q.basis, DATE '2000-01-03', DATE '2000-01-03', DATE '2000-01-10') AS gross,
           subsidy_pence(weekly_subsidy_pence(q.amount, q.basis, NULL, q.cap), DATE '2000-01-03', DATE '2000-01-03', DATE '2000-01-10') AS subsidy
    FROM jsonb_to_recordset(${JSON.stringify(asked.map((a) => ({ i: a.i, amount: a.amount, basis: a.basis, cap: a.cap.weeklyCapPence })))}::jsonb)
         AS q(i int, amount bigint, basis text, cap bigint)`.execute(db);
  for (const row of r.rows) {
    const a = asked.find((x) => x.i === Number(row.i))!;
    out[a.i] = {
      gross: Number(row.gross) / 7,
      subsidy: row.subsidy === null ? 0 : Number(row.subsidy) / 7,
      capReason: a.cap.reason,
    };
  }
  return out;
}
