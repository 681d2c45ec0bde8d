/**
 * The data-led views, as set-based SQL. Every count is taken in the database
 * (range arithmetic and date deltas, never a loop per day over placements); the
 * measures are defined in app/features/reports/reports.ts.
 *
 * "As at D" means the night of D: a placement covers it when start <= D < end
 * (or no end). An episode still open on the night of D is censored at D.
 */
import { keptUntilDataChanges } from "~/lib/cache.server";
import { sql, type RawBuilder } from "kysely";
import { getSetting } from "~/lib/settings.server";
import { addDays, type IsoDate } from "~/lib/dates";
import {
  LOS_BANDS,
  TA1_CATEGORY_LINES,
  TA1_LINES,
  TA2_LINES,
  flowBuckets,
  losSummary,
  occupancyMeasures,
  type FlowInterval,
  type LosBand,
  type LosSummary,
  type OccupancyMeasures,
  type Ta1Line,
  type TiedObservations,
} from "~/features/reports/reports";
import { allDistricts, districtLabel } from "~/features/admin/districts.server";
import type { Conn } from "~/lib/db/connect";

export async function councilGss(db: Conn): Promise<string | null> {
  const v = await getSetting<string>(db, "council_gss");
  return typeof v === "string" && v ? v : null;
}

export async function taTypes(db: Conn) {
  return db.selectFrom("ta_types").select(["code", "name", "ta1_category"]).orderBy("sort_order").orderBy("code").execute();
}

// ---------------------------------------------------------------------------
// Occupancy

export const OCCUPANCY_GROUPS = {
  all: "All units",
  ta_type: "TA type",
  provider: "Provider",
  property: "Property",
  district: "District",
  area: "In or out of area",
} as const;
export type OccupancyGroup = keyof typeof OCCUPANCY_GROUPS;

/** Key and name of a unit's group; aliases u (units), pr (properties), pv (providers), t (ta_types). */
function groupSql(group: OccupancyGroup, gss: string | null): { key: RawBuilder<string>; name: RawBuilder<string> } {
  switch (group) {
    case "ta_type":
      return { key: sql`u.ta_type_code`, name: sql`t.name` };
    case "provider":
      return { key: sql`pv.id::text`, name: sql`pv.name` };
    case "property":
      return { key: sql`pr.id::text`, name: sql`pr.name || ', ' || pr.postcode` };
    case "district":
      return { key: sql`f.district_gss`, name: sql`f.district_gss` };
    case "area": {
      const inArea = sql`f.district_gss = ${gss}`;
      return {
        key: sql`CASE WHEN ${inArea} THEN 'in_area' ELSE 'out_of_area' END`,
        name: sql`CASE WHEN ${inArea} THEN 'In the council''s district' ELSE 'In another district' END`,
      };
    }
    default:
      return { key: sql`'all'`, name: sql`'All units'` };
  }
}

/**
 * Each unit's span of use inside [from, to] (to inclusive), and the parts of it
 * taken by placements (occupied) and by out-of-service periods, from
 * unit_calendar (which holds both and never overlaps within a unit).
 */
function occupancyCtes(group: OccupancyGroup, gss: string | null, from: IsoDate, to: IsoDate) {
  const g = groupSql(group, gss);
  const end = addDays(to, 1);
  return sql`
    spans AS (
      SELECT u.id AS unit_id, ${g.key} AS grp, ${g.name} AS name,
             daterange(greatest(coalesce(u.in_use_from, ${from}::date), ${from}::date),
                       least(coalesce(u.retired_on, ${end}::date), ${end}::date), '[)') AS span
      FROM units u
      JOIN properties pr ON pr.id = u.property_id
      JOIN providers pv ON pv.id = pr.provider_id
      JOIN ta_types t ON t.code = u.ta_type_code
      JOIN unit_facts f ON f.unit_id = u.id
      WHERE coalesce(u.in_use_from, ${from}::date) < ${end}::date
        AND coalesce(u.retired_on, ${end}::date) > ${from}::date
    ),
    parts AS (
      SELECT s.grp, c.placement_id IS NOT NULL AS occupied, c.nights * s.span AS r
      FROM spans s JOIN unit_calendar c ON c.unit_id = s.unit_id AND c.nights && s.span
    )`;
}

export interface OccupancyRow extends OccupancyMeasures {
  key: string;
  name: string;
}

/** Unit-nights per group as occupancy rows, with the all-units row summed from them. */
function occupancyResult(totals: { grp: string; name: string; span_nights: number; occupied: number; out_of_service: number }[]): {
  all: OccupancyRow;
  rows: OccupancyRow[];
} {
  const rows = totals.map((x) => ({
    key: x.grp,
    name: x.name,
    ...occupancyMeasures({ available: Number(x.span_nights) - Number(x.out_of_service), occupied: Number(x.occupied) }),
  }));
  const available = rows.reduce((s, x) => s + x.available, 0);
  const occupied = rows.reduce((s, x) => s + x.occupied, 0);
  return { all: { key: "all", name: "All units", ...occupancyMeasures({ available, occupied }) }, rows };
}

/**
 * Totals per group for the period [from, to], both days included. All units and TA types
 * read the changes kept on write (occupancy_changes, ADR 0016): a weighted sum over at most
 * one row per type and day, whatever the size of history. Other groups are computed from
 * the calendar (occupancyTotalsFromCalendar), which the kept figures always equal.
 */
export async function occupancyTotals(
  db: Conn,
  opts: { from: IsoDate; to: IsoDate; group: OccupancyGroup },
): Promise<{ all: OccupancyRow; rows: OccupancyRow[] }> {
  if (opts.group !== "all" && opts.group !== "ta_type") return occupancyTotalsFromCalendar(db, opts);
  const end = addDays(opts.to, 1);
  const r = await sql<{ grp: string; name: string; span_nights: number; occupied: number; out_of_service: number }>`
    WITH w AS (
      SELECT ta_type_code, (${end}::date - greatest(day, ${opts.from}::date)) AS n, units, out_of_service, occupied
      FROM occupancy_changes WHERE day < ${end}::date
    ), t AS (
      SELECT ta_type_code, sum(units * n) AS span_nights, sum(out_of_service * n) AS out_of_service, sum(occupied * n) AS occupied
      FROM w GROUP BY ta_type_code
    )
    SELECT ${opts.group === "all" ? sql`'all'` : sql`t.ta_type_code`} AS grp, min(${opts.group === "all" ? sql`'All units'` : sql`ty.name`}) AS name,
           sum(t.span_nights)::bigint AS span_nights, sum(t.occupied)::bigint AS occupied, sum(t.out_of_service)::bigint AS out_of_service
    FROM t JOIN ta_types ty ON ty.code = t.ta_type_code
    WHERE t.span_nights > 0
    GROUP BY 1 ORDER BY 2, 1`.execute(db);
  return occupancyResult(r.rows);
}

/** occupancyTotals computed from the calendar and the units (any group; the reference for the kept figures). */
export async function occupancyTotalsFromCalendar(
  db: Conn,
  opts: { from: IsoDate; to: IsoDate; group: OccupancyGroup },
): Promise<{ all: OccupancyRow; rows: OccupancyRow[] }> {
  const gss = await councilGss(db);
  const r = await sql<{ grp: string; name: string; span_nights: number; occupied: number; out_of_service: number }>`
    WITH ${occupancyCtes(opts.group, gss, opts.from, opts.to)},
    span_totals AS (SELECT grp, min(name) AS name, sum(upper(span) - lower(span)) AS span_nights FROM spans GROUP BY grp),
    part_totals AS (
      SELECT grp,
             coalesce(sum(upper(r) - lower(r)) FILTER (WHERE occupied), 0) AS occupied,
             coalesce(sum(upper(r) - lower(r)) FILTER (WHERE NOT occupied), 0) AS out_of_service
      FROM parts GROUP BY grp
    )
    SELECT s.grp, s.name, s.span_nights, coalesce(p.occupied, 0) AS occupied, coalesce(p.out_of_service, 0) AS out_of_service
    FROM span_totals s LEFT JOIN part_totals p ON p.grp = s.grp
    ORDER BY s.name, s.grp`.execute(db);
  if (opts.group === "district") {
    // A district by its name beside its code, as on every page (issue 20, item 4).
    const names = new Map((await allDistricts(db)).map((d) => [d.gss, d]));
    return occupancyResult(r.rows.map((x) => ({ ...x, name: districtLabel(x.grp, names.get(x.grp)) })));
  }
  return occupancyResult(r.rows);
}

export interface DailyOccupancy {
  day: IsoDate;
  available: number;
  occupied: number;
}

/**
 * Available and occupied units on each night of [from, to], per group: the
 * database returns only the changes (+1 where a span or placement starts, -1
 * where it ends, grouped by date), and a running sum over the days of the period
 * gives each night's count. The work grows with units and placements plus days,
 * not with units times days.
 */
export async function occupancyDaily(
  db: Conn,
  opts: { from: IsoDate; to: IsoDate; group: OccupancyGroup },
): Promise<Map<string, DailyOccupancy[]>> {
  if (opts.group === "all" || opts.group === "ta_type") return runningCounts(opts, await occupancyChangesByDay(db, opts));
  return occupancyDailyFromCalendar(db, opts);
}

/**
 * The kept changes per group and day for [from, to]: the changes on or before `from` summed
 * into one row on `from` (the counts on the first night), then each later day's changes.
 * Groups whose units are in use for no night of the period are left out, as in the totals.
 */
async function occupancyChangesByDay(db: Conn, opts: { from: IsoDate; to: IsoDate; group: OccupancyGroup }) {
  const end = addDays(opts.to, 1);
  const grp = opts.group === "all" ? sql`'all'` : sql`ta_type_code`;
  const r = await sql<{ grp: string; d: string; da: number; doc: number; span_nights: number }>`
    SELECT ${grp} AS grp, greatest(day, ${opts.from}::date)::text AS d, sum(units - out_of_service)::bigint AS da, sum(occupied)::bigint AS doc,
           sum(units * (${end}::date - greatest(day, ${opts.from}::date)))::bigint AS span_nights
    FROM occupancy_changes WHERE day < ${end}::date
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  const span = new Map<string, number>();
  for (const x of r.rows) span.set(x.grp, (span.get(x.grp) ?? 0) + Number(x.span_nights));
  return r.rows.filter((x) => span.get(x.grp)! > 0);
}

/** Each night's counts from the changes per group and day (a running sum over the nights of the period). */
function runningCounts(
  opts: { from: IsoDate; to: IsoDate },
  rows: { grp: string; d: string; da: number; doc: number }[],
): Map<string, DailyOccupancy[]> {
  const byGroup = new Map<string, Map<string, { da: number; doc: number }>>();
  for (const x of rows) {
    if (!byGroup.has(x.grp)) byGroup.set(x.grp, new Map());
    byGroup.get(x.grp)!.set(x.d, { da: Number(x.da), doc: Number(x.doc) });
  }
  const nights = nightsOf(opts.from, opts.to);
  const out = new Map<string, DailyOccupancy[]>();
  for (const [grp, changes] of byGroup) {
    const days: DailyOccupancy[] = [];
    let available = 0;
    let occupied = 0;
    for (const d of nights) {
      const c = changes.get(d);
      if (c) {
        available += c.da;
        occupied += c.doc;
      }
      days.push({ day: d, available, occupied });
    }
    out.set(grp, days);
  }
  return out;
}

/** occupancyDaily computed from the calendar and the units (any group; the reference for the kept figures). */
export async function occupancyDailyFromCalendar(
  db: Conn,
  opts: { from: IsoDate; to: IsoDate; group: OccupancyGroup },
): Promise<Map<string, DailyOccupancy[]>> {
  const gss = await councilGss(db);
  const r = await sql<{ grp: string; d: string; da: number; doc: number }>`
    WITH ${occupancyCtes(opts.group, gss, opts.from, opts.to)},
    changes AS (
      SELECT grp, lower(span) AS d, 1 AS da, 0 AS doc FROM spans
      UNION ALL SELECT grp, upper(span), -1, 0 FROM spans
      UNION ALL SELECT grp, lower(r), CASE WHEN occupied THEN 0 ELSE -1 END, CASE WHEN occupied THEN 1 ELSE 0 END FROM parts
      UNION ALL SELECT grp, upper(r), CASE WHEN occupied THEN 0 ELSE 1 END, CASE WHEN occupied THEN -1 ELSE 0 END FROM parts
    )
    SELECT grp, d, sum(da) AS da, sum(doc) AS doc FROM changes
    WHERE d <= ${opts.to}::date
    GROUP BY grp, d ORDER BY grp, d`.execute(db);
  return runningCounts(opts, r.rows);
}

/** Every date from `from` to `to`, both included (plain UTC arithmetic: calendar dates have no time zone). */
function nightsOf(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The occupancy export: a row `all`, then one per TA type code (zeros included). */
export async function occupancyByTaType(db: Conn, from: IsoDate, to: IsoDate): Promise<OccupancyRow[]> {
  const [{ all, rows }, types] = await Promise.all([occupancyTotals(db, { from, to, group: "ta_type" }), taTypes(db)]);
  const byCode = new Map(rows.map((r) => [r.key, r]));
  return [
    all,
    ...types.map((t) => byCode.get(t.code) ?? { key: t.code, name: t.name, ...occupancyMeasures({ available: 0, occupied: 0 }) }),
  ];
}

// ---------------------------------------------------------------------------
// Household type and TA2 composition: household_facts_on (db/definitions/household-facts.ts)

/** The groups of the length-of-stay split by household type: the words managers use. */
export const HOUSEHOLD_GROUPS: Record<string, string> = {
  couple_with_children: "Families",
  single_parent: "Families",
  single_adult: "Single adults",
  couple_no_children: "Couples",
  other: "Other households",
};

// ---------------------------------------------------------------------------
// Households in TA on the night of D: one row per household

/**
 * A household with more than one placement on the night (a split placement: a
 * family in two rooms) is counted once, in its main placement: the one not
 * marked as split, then the latest to start, then the latest recorded. The
 * split unit is the extra room, so the main one says where the household lives
 * (see docs/decisions/0007-reports-count-each-household-once.md).
 *
 * The households and their main placements come from households_in_ta and the
 * six-week count from six_weeks_on (db/definitions/households-in-ta.ts), which Today and
 * the household page read too: one definition, so the pages agree by construction.
 */
function tonightCte(asOf: IsoDate, gss: string | null, withFacts = true) {
  const tonight = sql`
    tonight AS (
      SELECT t.*, (${gss}::text IS NOT NULL AND t.out_of_district) AS in_another_district
      FROM households_in_ta(${asOf}::date) t
    )`;
  // Without the household's facts and six-week count (one row each per household, so the
  // rows are the same): for a filter that reads neither, computing them for every household
  // in TA was most of the time of the households behind a number.
  if (!withFacts)
    return sql`${tonight},
    facts AS (
      SELECT n.*, e.start_date AS episode_start FROM tonight n LEFT JOIN episodes e ON e.id = n.episode_id
    )`;
  return sql`${tonight},
    facts AS (
      SELECT n.*, e.start_date AS episode_start, f.children, f.expected_children, f.adults,
             f.household_type, f.ta2_category AS ta2, f.with_children,
             -- A 16 or 17-year-old lead: six_weeks_on's, as Today reads it (one definition).
             coalesce(s.lead_16_17, false) AS lead_16_17,
             -- Past the six-week limit: the one count (db/definitions/households-in-ta.ts), read for
             -- the households in B&B tonight only.
             coalesce(s.status = 'breach', false) AS bnb_over_limit
      FROM tonight n
      LEFT JOIN episodes e ON e.id = n.episode_id
      LEFT JOIN six_weeks_on(${asOf}::date) s ON s.household_id = n.household_id
      CROSS JOIN LATERAL household_facts_on(n.household_id, ${asOf}::date) f
    )`;
}

/**
 * Which households in `facts` each TA1 line counts. "With children": a dependent child or
 * a pregnant member (an expected child), as TA1 has counted since 2002; the children line
 * counts those children and expected children (people, not households). The category of
 * each household is its unit's (unit_facts.ta1_category: B&B by the 2003 Order is line 1).
 */
export function ta1Predicate(line: Exclude<Ta1Line, "no_accommodation_secured">): RawBuilder<boolean> {
  const kids = sql<boolean>`with_children`;
  const category = TA1_CATEGORY_LINES.indexOf(line.replace(/_with_children$/, "") as (typeof TA1_CATEGORY_LINES)[number]) + 1;
  if (category > 0 && line.endsWith("_with_children")) return sql`ta1_category = ${sql.lit(category)} AND ${kids}`;
  if (category > 0) return sql`ta1_category = ${sql.lit(category)}`;
  switch (line) {
    case "total":
      return sql`true`;
    case "children":
    case "with_children":
      return kids;
    case "bnb_with_children_over_6_weeks":
      return sql`ta1_category = 1 AND ${kids} AND bnb_over_limit`;
    case "bnb_with_children_over_6_weeks_awaiting_review":
      return sql`ta1_category = 1 AND ${kids} AND bnb_over_limit AND duty = 'review_or_appeal'`;
    case "bnb_16_17":
      return sql`ta1_category = 1 AND lead_16_17`;
    case "in_another_district":
      return sql`in_another_district`;
    case "in_another_district_with_children":
      return sql`in_another_district AND ${kids}`;
  }
  throw new Error(`No definition for the TA1 line ${line}`);
}

/** Households with a duty owed and no accommodation secured on D (not in TA that night): the one definition, in SQL. */
function awaitingSql(asOf: IsoDate) {
  return sql`SELECT household_id FROM households_awaiting_on(${asOf}::date)`;
}

export type Ta1Counts = Record<Ta1Line, number | null>;
export type Ta2Counts = Record<(typeof TA2_LINES)[number] | "total", number>;

/**
 * TA1 and TA2 as at the night of D, in one pass over the households in TA: the TA1
 * lines are counted per TA2 category and added up (every household is in exactly one).
 * in_another_district is null while the council's district is not set.
 */
export async function statutoryCounts(db: Conn, asOf: IsoDate): Promise<{ ta1: Ta1Counts; ta2: Ta2Counts }> {
  const gss = await councilGss(db);
  const lines = TA1_LINES.filter((l) => l !== "no_accommodation_secured" && l !== "children") as Exclude<
    Ta1Line,
    "no_accommodation_secured" | "children"
  >[];
  const [r, awaiting] = await Promise.all([
    sql<Record<string, number> & { ta2: string }>`
      WITH ${tonightCte(asOf, gss)}
      SELECT ta2, ${sql.join(lines.map((l) => sql`count(*) FILTER (WHERE ${ta1Predicate(l)}) AS ${sql.ref(l)}`))},
             coalesce(sum(children + expected_children), 0) AS children
      FROM facts GROUP BY ta2`.execute(db),
    sql<{ n: number }>`SELECT count(*) AS n FROM (${awaitingSql(asOf)}) a`.execute(db),
  ]);
  const ta1 = {} as Ta1Counts;
  for (const l of TA1_LINES) ta1[l] = 0;
  const ta2 = { total: 0 } as Ta2Counts;
  for (const l of TA2_LINES) ta2[l] = 0;
  for (const row of r.rows) {
    for (const l of [...lines, "children" as const]) ta1[l] = (ta1[l] as number) + Number(row[l]);
    ta2[row.ta2 as (typeof TA2_LINES)[number]] = Number(row.total);
    ta2.total += Number(row.total);
  }
  ta1.no_accommodation_secured = Number(awaiting.rows[0].n);
  if (gss === null) ta1.in_another_district = null;
  return { ta1, ta2 };
}

/**
 * The households behind each TA1 line on the night of D (every line but "children", which
 * counts people in the with_children households), by the same predicates as the counts.
 */
export async function ta1Households(db: Conn, asOf: IsoDate): Promise<Map<Ta1Line, number[]>> {
  const gss = await councilGss(db);
  const lines = TA1_LINES.filter((l) => l !== "no_accommodation_secured" && l !== "children") as Exclude<
    Ta1Line,
    "no_accommodation_secured" | "children"
  >[];
  const [r, awaiting] = await Promise.all([
    sql<{ household_id: number; line: Ta1Line }>`
      WITH ${tonightCte(asOf, gss)}
      SELECT f.household_id, l.line FROM facts f
      CROSS JOIN LATERAL (VALUES ${sql.join(lines.map((l) => sql`(${l}, ${ta1Predicate(l)})`))}) AS l(line, counted)
      WHERE l.counted AND (${gss}::text IS NOT NULL OR l.line NOT IN ('in_another_district', 'in_another_district_with_children'))
      ORDER BY l.line, f.household_id`.execute(db),
    sql<{ household_id: number }>`${awaitingSql(asOf)} ORDER BY household_id`.execute(db),
  ]);
  const out = new Map<Ta1Line, number[]>(TA1_LINES.filter((l) => l !== "children").map((l) => [l, []]));
  for (const row of r.rows) out.get(row.line)!.push(Number(row.household_id));
  out.set(
    "no_accommodation_secured",
    awaiting.rows.map((a) => Number(a.household_id)),
  );
  return out;
}

/** The TA1 table as at the night of D. in_another_district is null while the council's district is not set. */
export async function ta1(db: Conn, asOf: IsoDate): Promise<Ta1Counts> {
  return (await statutoryCounts(db, asOf)).ta1;
}

/** TA2: households in TA on the night of D by composition; the lines add up to the total. */
export async function ta2(db: Conn, asOf: IsoDate): Promise<Ta2Counts> {
  return (await statutoryCounts(db, asOf)).ta2;
}

// ---------------------------------------------------------------------------
// The households behind a number

export interface HouseholdFilter {
  asOf: IsoDate;
  line?: Ta1Line;
  ta2?: (typeof TA2_LINES)[number];
  band?: LosBand;
  /** Occupancy group: households placed on the night of asOf in units of this group. */
  group?: OccupancyGroup;
  key?: string;
  /** Flow: households whose episode ended from `from` to asOf (both included), with this destination ("not_recorded" for none). */
  exit?: { from: IsoDate; destination: string };
}

export const LIST_PAGE_SIZE = 50;

function bandPredicate(band: LosBand, asOf: IsoDate, startCol: RawBuilder<unknown>): RawBuilder<boolean> {
  const b = LOS_BANDS.find((x) => x.code === band)!;
  const after = (months: number) => sql`${startCol} > (${asOf}::date - ${`${months} months`}::interval)::date`;
  const lower = b.toMonths === null ? sql`true` : after(b.toMonths);
  const upper = b.fromMonths === 0 ? sql`true` : sql`NOT (${after(b.fromMonths)})`;
  return sql`(${lower} AND ${upper})`;
}

/** Predicate over `facts` (aliases as in tonightCte) for a filter; null for the awaiting list. */
function filterPredicate(f: HouseholdFilter, gss: string | null): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  if (f.line && f.line !== "no_accommodation_secured") parts.push(ta1Predicate(f.line));
  if (f.ta2) parts.push(sql`ta2 = ${f.ta2}`);
  if (f.band) parts.push(bandPredicate(f.band, f.asOf, sql`episode_start`));
  if (f.group && f.group !== "all" && f.key !== undefined) {
    const key =
      f.group === "ta_type"
        ? sql`ta_type_code`
        : f.group === "provider"
          ? sql`provider_id::text`
          : f.group === "property"
            ? sql`property_id::text`
            : f.group === "district"
              ? sql`district_gss`
              : sql`CASE WHEN district_gss = ${gss} THEN 'in_area' ELSE 'out_of_area' END`;
    parts.push(sql`${key} = ${f.key}`);
  }
  return parts.length ? (sql.join(parts, sql` AND `) as RawBuilder<boolean>) : sql`true`;
}

export async function householdsBehind(db: Conn, f: HouseholdFilter, page: number) {
  return keptUntilDataChanges(db, `households-behind:${JSON.stringify(f)}:${page}`, () => householdsBehindNow(db, f, page));
}

async function householdsBehindNow(db: Conn, f: HouseholdFilter, page: number) {
  const gss = await councilGss(db);
  const base = f.exit
    ? sql`SELECT e.household_id, lp.unit_id, e.start_date AS episode_start, u.ta_type_code
          FROM episodes e JOIN placements lp ON lp.id = e.last_placement_id JOIN units u ON u.id = lp.unit_id
          WHERE e.end_date BETWEEN ${f.exit.from}::date AND ${f.asOf}::date
            AND coalesce(e.destination, 'not_recorded') = ${f.exit.destination}`
    : f.line === "no_accommodation_secured"
      ? sql`SELECT a.household_id, NULL::bigint AS unit_id, NULL::date AS episode_start, NULL::text AS ta_type_code FROM (${awaitingSql(f.asOf)}) a`
      : sql`SELECT household_id, unit_id, episode_start, ta_type_code FROM facts WHERE ${filterPredicate(f, gss)}`;
  // Only a TA1 line or TA2 column reads the household's facts (filterPredicate).
  const withTonight =
    f.exit || f.line === "no_accommodation_secured"
      ? sql``
      : sql`WITH ${tonightCte(f.asOf, gss, f.line !== undefined || f.ta2 !== undefined)}`;
  const r = await sql<{ total: number }>`${withTonight} SELECT count(*) AS total FROM (${base}) b`.execute(db);
  const total = Number(r.rows[0].total);
  const rows = await sql<{
    id: number;
    case_ref: string;
    lead_name: string | null;
    unit_ref: string | null;
    ta_type: string | null;
    episode_start: string | null;
  }>`
    ${withTonight}
    SELECT h.id, h.case_ref, lead.name AS lead_name, u.unit_ref, t.name AS ta_type, b.episode_start
    FROM (${base}) b
    JOIN households h ON h.id = b.household_id
    LEFT JOIN household_members lead ON lead.household_id = h.id AND lead.relationship = 'lead'
    LEFT JOIN units u ON u.id = b.unit_id
    LEFT JOIN ta_types t ON t.code = b.ta_type_code
    ORDER BY b.episode_start NULLS LAST, h.case_ref
    LIMIT ${LIST_PAGE_SIZE} OFFSET ${(page - 1) * LIST_PAGE_SIZE}`.execute(db);
  return { total, pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)), rows: rows.rows };
}

// ---------------------------------------------------------------------------
// Length of stay

export const LOS_SPLITS = {
  none: "No split",
  ta_type: "TA type at entry",
  household_type: "Household type at entry",
  entry_year: "Year of entry",
} as const;
export type LosSplit = keyof typeof LOS_SPLITS;

function losGroupSql(split: LosSplit): RawBuilder<string> {
  switch (split) {
    case "ta_type":
      return sql`e.entry_ta_type`;
    case "entry_year":
      return sql`extract(year FROM e.start_date)::int::text`;
    case "household_type":
      return sql`(SELECT f.household_type FROM household_facts_on(e.household_id, e.start_date) f)`;
    default:
      return sql`'all'`;
  }
}

/** Episodes started on or before D, tied by (group, days, ended) in SQL: one row per distinct stay length. */
export async function losObservations(db: Conn, asOf: IsoDate, split: LosSplit): Promise<Map<string, TiedObservations[]>> {
  const r = await sql<{ grp: string; time: number; event: boolean; n: number }>`
    WITH ep AS (
      SELECT ${losGroupSql(split)} AS grp,
             (e.end_date IS NOT NULL AND e.end_date <= ${asOf}::date) AS event,
             e.start_date, e.end_date
      FROM episodes e
      WHERE e.start_date <= ${asOf}::date
    )
    SELECT grp, event, (CASE WHEN event THEN end_date ELSE ${asOf}::date END) - start_date AS time, count(*) AS n
    FROM ep GROUP BY 1, 2, 3 ORDER BY 1, 3`.execute(db);
  const out = new Map<string, TiedObservations[]>();
  for (const x of r.rows) {
    const grp = split === "household_type" ? (HOUSEHOLD_GROUPS[x.grp] ?? x.grp) : x.grp;
    if (!out.has(grp)) out.set(grp, []);
    out.get(grp)!.push({ time: Number(x.time), event: x.event, n: Number(x.n) });
  }
  return out;
}

export interface LosGroup {
  key: string;
  summary: LosSummary;
}

export async function lengthOfStay(db: Conn, asOf: IsoDate, split: LosSplit): Promise<{ all: LosSummary; groups: LosGroup[] }> {
  // One query: the whole is the groups' tied rows merged (each episode is in exactly one group).
  const groupObs = await losObservations(db, asOf, split);
  const merged = new Map<string, TiedObservations>();
  for (const rows of groupObs.values())
    for (const r of rows) {
      const k = `${r.time}|${r.event}`;
      const cur = merged.get(k);
      if (cur) cur.n += r.n;
      else merged.set(k, { ...r });
    }
  const all = losSummary([...merged.values()]);
  if (split === "none") groupObs.clear();
  const groups = [...groupObs.entries()].map(([key, rows]) => ({ key, summary: losSummary(rows) }));
  return { all, groups };
}

/** MHCLG bands of households in TA on the night of D (by the start of their episode), per group. */
export async function losBands(db: Conn, asOf: IsoDate, split: LosSplit): Promise<{ key: string; band: LosBand; n: number }[]> {
  const cases = LOS_BANDS.map((b) => sql`WHEN ${bandPredicate(b.code, asOf, sql`e.start_date`)} THEN ${b.code}`);
  const r = await sql<{ grp: string; band: LosBand; n: number }>`
    SELECT ${losGroupSql(split)} AS grp, CASE ${sql.join(cases, sql` `)} END AS band, count(*) AS n
    FROM episodes e
    WHERE e.start_date <= ${asOf}::date AND (e.end_date IS NULL OR e.end_date > ${asOf}::date)
    GROUP BY 1, 2`.execute(db);
  const merged = new Map<string, { key: string; band: LosBand; n: number }>();
  for (const x of r.rows) {
    const key = split === "household_type" ? (HOUSEHOLD_GROUPS[x.grp] ?? x.grp) : x.grp;
    const k = `${key}|${x.band}`;
    const cur = merged.get(k) ?? { key, band: x.band, n: 0 };
    cur.n += Number(x.n);
    merged.set(k, cur);
  }
  return [...merged.values()];
}

// ---------------------------------------------------------------------------
// Flow

export interface FlowRow {
  start: IsoDate;
  end: IsoDate;
  entries: number;
  exits: number;
  transfers: number;
  netChange: number;
  inTaAtEnd: number;
}

/**
 * Entries (episodes starting), exits (episodes ending: the household's last
 * night is the night before the end date) and transfers (a later placement of
 * the same episode, split placements apart) per bucket, and the households in
 * TA on the last night of each bucket (in TA on D = started on or before D
 * minus ended on or before D).
 */
export async function flow(db: Conn, opts: { from: IsoDate; to: IsoDate; interval: FlowInterval }) {
  const { from, to } = opts;
  const [entries, exits, transfers, base, destinations] = await Promise.all([
    sql<{
      d: string;
      n: number;
    }>`SELECT start_date AS d, count(*) AS n FROM episodes WHERE start_date BETWEEN ${from}::date AND ${to}::date GROUP BY 1`.execute(db),
    sql<{
      d: string;
      n: number;
    }>`SELECT end_date AS d, count(*) AS n FROM episodes WHERE end_date BETWEEN ${from}::date AND ${to}::date GROUP BY 1`.execute(db),
    // A first placement starts its episode, so it can only be the first of an episode
    // starting in the period: leave those out, rather than join every episode ever made.
    sql<{ d: string; n: number }>`
      SELECT p.start_date AS d, count(*) AS n FROM placements p
      WHERE p.cancelled_at IS NULL AND NOT p.is_split AND p.episode_id IS NOT NULL
        AND p.start_date BETWEEN ${from}::date AND ${to}::date
        AND p.id NOT IN (SELECT first_placement_id FROM episodes WHERE start_date BETWEEN ${from}::date AND ${to}::date)
      GROUP BY 1`.execute(db),
    // Open episodes and those ending from `from` on, through the index on end dates: the
    // households in TA now and the exits since, not every episode that started before.
    sql<{ n: number }>`
      SELECT (SELECT count(*) FROM episodes WHERE end_date IS NULL AND start_date < ${from}::date)
           + (SELECT count(*) FROM episodes WHERE end_date >= ${from}::date AND start_date < ${from}::date) AS n`.execute(db),
    sql<{ destination: string; n: number }>`
      SELECT coalesce(destination, 'not_recorded') AS destination, count(*) AS n FROM episodes
      WHERE end_date BETWEEN ${from}::date AND ${to}::date GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db),
  ]);
  const buckets = flowBuckets(from, to, opts.interval);
  // Each per-day count into its bucket (binary search on the bucket starts): linear in days, not days times buckets.
  const bucketOf = (d: IsoDate) => {
    let lo = 0,
      hi = buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (buckets[mid].start <= d) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const perBucket = (rows: { d: string; n: number }[]) => {
    const out = new Array<number>(buckets.length).fill(0);
    for (const x of rows) out[bucketOf(x.d)] += Number(x.n);
    return out;
  };
  const [entriesBy, exitsBy, transfersBy] = [perBucket(entries.rows), perBucket(exits.rows), perBucket(transfers.rows)];
  let inTa = Number(base.rows[0].n);
  const rows: FlowRow[] = buckets.map((b, i) => {
    const en = entriesBy[i];
    const ex = exitsBy[i];
    inTa += en - ex;
    return { start: b.start, end: b.end, entries: en, exits: ex, transfers: transfersBy[i], netChange: en - ex, inTaAtEnd: inTa };
  });
  return {
    inTaAtStart: Number(base.rows[0].n),
    rows,
    destinations: destinations.rows.map((d) => ({ destination: d.destination, n: Number(d.n) })),
  };
}

// ---------------------------------------------------------------------------
// Placement-level extract

export const EXTRACT_COLUMNS = [
  "case_ref",
  "household_id",
  "episode_id",
  "episode_start",
  "placement_id",
  "unit_ref",
  "ta_type",
  "ta1_category",
  "district_gss",
  "in_another_district",
  "start_date",
  "end_date",
  "destination",
  "duty",
  "split",
  "counted_in_ta1",
] as const;

/**
 * Every placement that had started by D, as known on D (an end or destination
 * after D is not shown), with the council's case reference; counted_in_ta1 marks
 * the one placement per household that the TA1 count on D uses. Read in pages by
 * id, so memory stays flat however many placements there are.
 */
export async function* statutoryExtract(db: Conn, asOf: IsoDate, batch = 5000): AsyncGenerator<(string | number | boolean | null)[]> {
  const gss = await councilGss(db);
  let after = 0;
  for (;;) {
    const r = await sql<Record<(typeof EXTRACT_COLUMNS)[number], string | number | boolean | null> & { id: number }>`
      WITH counted AS (SELECT placement_id AS id FROM households_in_ta(${asOf}::date))
      SELECT p.id, h.case_ref, h.id AS household_id, p.episode_id, e.start_date AS episode_start, p.id AS placement_id,
             u.unit_ref, u.ta_type_code AS ta_type, f.ta1_category, f.district_gss,
             (${gss}::text IS NOT NULL AND f.district_gss <> ${gss}::text) AS in_another_district,
             p.start_date,
             CASE WHEN p.end_date <= ${asOf}::date THEN p.end_date END AS end_date,
             CASE WHEN p.end_date <= ${asOf}::date THEN p.destination END AS destination,
             p.duty, p.is_split AS split,
             p.id IN (SELECT id FROM counted) AS counted_in_ta1
      FROM placements p
      JOIN households h ON h.id = p.household_id
      JOIN units u ON u.id = p.unit_id
      JOIN unit_facts f ON f.unit_id = u.id
      JOIN properties pr ON pr.id = u.property_id
      LEFT JOIN episodes e ON e.id = p.episode_id
      WHERE p.cancelled_at IS NULL AND p.start_date <= ${asOf}::date AND p.id > ${after}
      ORDER BY p.id
      LIMIT ${batch}`.execute(db);
    for (const row of r.rows) yield EXTRACT_COLUMNS.map((c) => row[c] ?? null);
    if (r.rows.length < batch) return;
    after = r.rows[r.rows.length - 1].id;
  }
}
