/**
 * The officer's Today page: arrivals and departures due today, breaches and
 * warnings, and households awaiting a placement. The six-week lists read the one count
 * in SQL (db/definitions/households-in-ta.ts); the notice lists find a bounded set of candidates
 * in SQL (using the indexes), then apply the rules in app/features/casework/rules.ts to
 * that set only, so they stay fast at 150,000 households.
 */
import { sql, type RawBuilder } from "kysely";
import { getSetting } from "~/lib/settings.server";
import { addDays, daysBetween, formatDate, type IsoDate } from "~/lib/dates";
import { moveOnOverdue, s202Review, s208Notice, S208_NOTICE_DAYS, S202_DECISION_DAYS } from "~/features/casework/rules";
import { SIX_WEEK_LIMIT_DAYS } from "~/features/placements/six-weeks";
import type { Conn } from "~/lib/db/connect";
import { withNightFacts } from "~/features/reports/ta-night.server";
import { councilGss } from "~/features/reports/reports.server";

/** Most rows shown in one list; the count above it is always the full number. */
export const LIST_LIMIT = 20;
/** An unsent s208 notice stays on Today until 28 days after the placement ended. */
export const S208_FLAG_AFTER_END_DAYS = 28;

/** Whose cases: one officer's (My cases) or, null, the whole council's. */
export type Scope = number | null;
/** The condition on households `h` for the scope. */
const mine = (officerId: Scope, alias = "h") => (officerId === null ? sql`` : sql`AND ${sql.ref(`${alias}.officer_id`)} = ${officerId}`);

export interface TodayRow {
  householdId: number;
  caseRef: string;
  lead: string | null;
  detail: string;
  href: string;
  linkText: string;
  /** What to do next, when it is not the row's own link. */
  next?: { href: string; text: string };
}

const leadName = sql<
  string | null
>`(SELECT name FROM household_members lm WHERE lm.household_id = h.id AND lm.relationship = 'lead' LIMIT 1)`;

/**
 * One pass over a list query: the full count and the first LIST_LIMIT rows, with
 * the lead applicant's name looked up for those rows only. The inner query must
 * select the household id as `hid`; `orderBy` names its columns.
 */
async function firstRows<R extends { household_id: number; lead: string | null }>(db: Conn, inner: RawBuilder<unknown>, orderBy: string[]) {
  // MATERIALIZED: filter first, then sort the (small) result. Without it the
  // planner may walk a date index over the whole placements table to honour
  // the ORDER BY ... LIMIT.
  const order = sql.join(orderBy.map((c) => sql.ref(`c.${c}`)));
  const r = await sql<Omit<R, "lead"> & { hid: number; total: number }>`
    WITH c AS MATERIALIZED (${inner})
    SELECT c.*, c.hid AS household_id, count(*) OVER () AS total FROM c ORDER BY ${order} LIMIT ${LIST_LIMIT}`.execute(db);
  const ids = r.rows.map((x) => x.hid);
  const leads = ids.length
    ? await db
        .selectFrom("household_members")
        .select(["household_id", "name"])
        .where("household_id", "in", ids)
        .where("relationship", "=", "lead")
        .execute()
    : [];
  const lead = new Map(leads.map((l) => [l.household_id, l.name]));
  return { total: r.rows[0]?.total ?? 0, rows: r.rows.map((x) => ({ ...x, lead: lead.get(x.hid) ?? null }) as unknown as R) };
}

export async function arrivalsAndDepartures(db: Conn, day: IsoDate, officerId: Scope = null) {
  const rows = await sql<{
    id: number;
    household_id: number;
    case_ref: string;
    lead: string | null;
    unit_ref: string;
    start_date: string;
    end_date: string | null;
    kind: "arrival" | "departure";
  }>`
    SELECT p.id, p.household_id, h.case_ref, ${leadName} AS lead, u.unit_ref, p.start_date, p.end_date,
           CASE WHEN p.start_date = ${day}::date THEN 'arrival' ELSE 'departure' END AS kind
    FROM placements p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = p.unit_id
    WHERE p.cancelled_at IS NULL AND (p.start_date = ${day}::date OR p.end_date = ${day}::date) ${mine(officerId)}
    ORDER BY h.case_ref, p.id`.execute(db);
  const row = (r: (typeof rows.rows)[number]): TodayRow => ({
    householdId: r.household_id,
    caseRef: r.case_ref,
    lead: r.lead,
    href: `/households/${r.household_id}`,
    linkText: r.case_ref,
    detail: r.kind === "arrival" ? `Arrives at ${r.unit_ref}` : `Leaves ${r.unit_ref}`,
  });
  return {
    arrivals: rows.rows.filter((r) => r.kind === "arrival").map(row),
    departures: rows.rows.filter((r) => r.kind === "departure").map(row),
  };
}

/**
 * Families in B&B on day 35 or later of their application's B&B nights, and 16/17-year-old
 * leads in B&B, on the night of D. The count and the status are six_weeks_on's (db/definitions/
 * six-weeks.ts), which TA1 reads too; only households in a B&B unit tonight are listed.
 */
export async function bnbWarnings(db: Conn, day: IsoDate, officerId: Scope = null) {
  // The households in B&B tonight with their six-week count: the rows TA1 counts (ADR 0059).
  const rows = await withNightFacts(db, day, await councilGss(db), (c, facts) =>
    sql<{
      household_id: number;
      case_ref: string;
      lead: string | null;
      nights: number;
      status: string;
      lead_16_17: boolean;
    }>`
    WITH ${facts}
    SELECT s.household_id, h.case_ref, s.six_weeks_nights AS nights, s.six_weeks_status AS status, s.lead_16_17,
           (SELECT m.name FROM household_members m WHERE m.household_id = s.household_id AND m.relationship = 'lead' LIMIT 1) AS lead
    FROM facts s
    JOIN households h ON h.id = s.household_id
    WHERE s.six_weeks_status IS NOT NULL AND (s.six_weeks_status IN ('breach', 'warning') OR s.lead_16_17) ${mine(officerId)}
    ORDER BY s.six_weeks_nights DESC, h.case_ref`.execute(c),
  );
  const breaches: TodayRow[] = [],
    warnings: TodayRow[] = [],
    under18: TodayRow[] = [];
  for (const r of rows.rows) {
    const base = {
      householdId: r.household_id,
      caseRef: r.case_ref,
      lead: r.lead,
      href: `/households/${r.household_id}`,
      linkText: r.case_ref,
    };
    const over = r.nights - SIX_WEEK_LIMIT_DAYS;
    const next = { href: `/households/${r.household_id}/find-unit`, text: `Find self-contained accommodation for ${r.case_ref}` };
    if (r.status === "breach")
      breaches.push({ ...base, next, detail: `Day ${r.nights} in B&B: ${over} ${over === 1 ? "day" : "days"} past the six-week limit` });
    else if (r.status === "warning")
      warnings.push({
        ...base,
        next,
        detail: `Day ${r.nights} of ${SIX_WEEK_LIMIT_DAYS} in B&B: the limit is reached on ${formatDate(addDays(day, SIX_WEEK_LIMIT_DAYS - r.nights))}`,
      });
    if (r.lead_16_17)
      under18.push({
        ...base,
        next: { href: next.href, text: `Find accommodation that is not B&B for ${r.case_ref}` },
        detail: "Lead applicant aged 16 or 17 in B&B",
      });
  }
  return { breaches, warnings, under18 };
}

/** s208 notices past their due date and not recorded as sent. */
export async function s208Overdue(db: Conn, day: IsoDate, officerId: Scope = null) {
  const councilGss = (await getSetting<string>(db, "council_gss")) ?? "";
  if (!councilGss) return { total: 0, rows: [] as TodayRow[] };
  const lastStart = addDays(day, -(S208_NOTICE_DAYS + 1));
  const endedAfter = addDays(day, -S208_FLAG_AFTER_END_DAYS);
  // Out-of-district placements of the window first (MATERIALIZED), then the notice and
  // the case reference per placement: as joins, the planner hashed every notice and every
  // household ever recorded.
  const rows = await firstRows<{
    id: number;
    household_id: number;
    case_ref: string;
    lead: string | null;
    start_date: string;
    district_gss: string;
    unit_ref: string;
  }>(
    db,
    sql`
    WITH ood AS MATERIALIZED (
      SELECT p.id, p.household_id, p.start_date, p.unit_id, f.district_gss
      FROM placements p
      JOIN unit_facts f ON f.unit_id = p.unit_id
      WHERE p.cancelled_at IS NULL AND f.out_of_district AND p.start_date <= ${lastStart}::date
        AND (p.end_date IS NULL OR p.end_date > ${endedAfter}::date)
    )
    SELECT o.id, o.household_id AS hid, (SELECT h.case_ref FROM households h WHERE h.id = o.household_id) AS case_ref,
           o.start_date, o.district_gss, (SELECT unit_ref FROM units u WHERE u.id = o.unit_id) AS unit_ref
    FROM ood o
    WHERE NOT EXISTS (SELECT 1 FROM s208_notices n WHERE n.placement_id = o.id)
      ${officerId === null ? sql`` : sql`AND EXISTS (SELECT 1 FROM households h WHERE h.id = o.household_id AND h.officer_id = ${officerId})`}`,
    ["start_date", "id"],
  );
  return {
    total: rows.total,
    rows: rows.rows.map((r): TodayRow => {
      const s = s208Notice({ councilGss, unitGss: r.district_gss, madeAvailableOn: r.start_date, asOf: day });
      return {
        householdId: r.household_id,
        caseRef: r.case_ref,
        lead: r.lead,
        href: `/households/${r.household_id}/placements/${r.id}/notice`,
        linkText: `Record notice for ${r.case_ref}`,
        detail: `Unit ${r.unit_ref} (${r.district_gss}): due by ${formatDate(s.dueDate)}, ${s.daysOverdue} ${s.daysOverdue === 1 ? "day" : "days"} overdue`,
      };
    }),
  };
}

/** Move-on plans past their target date while the household is still in TA. */
export async function moveOnPastTarget(db: Conn, day: IsoDate, officerId: Scope = null) {
  const base = sql`
    FROM move_on_plans m
    JOIN households h ON h.id = m.household_id
    JOIN episodes e ON e.household_id = m.household_id AND e.start_date <= ${day}::date AND (e.end_date IS NULL OR e.end_date > ${day}::date)
    WHERE m.target_date < ${day}::date ${mine(officerId)}`;
  const rows = await firstRows<{
    household_id: number;
    case_ref: string;
    lead: string | null;
    target_date: string;
    end_date: string | null;
  }>(
    db,
    sql`
    SELECT m.household_id AS hid, h.case_ref, m.target_date, e.end_date ${base}
    `,
    ["target_date", "hid"],
  );
  return {
    total: rows.total,
    rows: rows.rows.flatMap((r): TodayRow[] => {
      const o = moveOnOverdue({ targetDate: r.target_date, episodeEnd: r.end_date, asOf: day });
      if (!o.overdue) return [];
      return [
        {
          householdId: r.household_id,
          caseRef: r.case_ref,
          lead: r.lead,
          href: `/households/${r.household_id}/move-on`,
          linkText: `Update the plan for ${r.case_ref}`,
          detail: `Target ${formatDate(r.target_date)}: ${o.daysOverdue} ${o.daysOverdue === 1 ? "day" : "days"} past`,
        },
      ];
    }),
  };
}

/** s202 review decisions past the 8 weeks with no outcome recorded. */
export async function s202Overdue(db: Conn, day: IsoDate, officerId: Scope = null) {
  const latestRequest = addDays(day, -S202_DECISION_DAYS);
  const base = sql`FROM suitability_reviews r JOIN households h ON h.id = r.household_id
    WHERE r.outcome IS NULL AND r.requested_on <= ${latestRequest}::date ${mine(officerId)}`;
  const rows = await firstRows<{
    id: number;
    household_id: number;
    case_ref: string;
    lead: string | null;
    offered_on: string;
    requested_on: string;
  }>(
    db,
    sql`
    SELECT r.id, r.household_id AS hid, h.case_ref, r.offered_on, r.requested_on ${base}
    `,
    ["requested_on", "id"],
  );
  return {
    total: rows.total,
    rows: rows.rows.map((r): TodayRow => {
      const s = s202Review({ offeredOn: r.offered_on, requestedOn: r.requested_on, asOf: day });
      return {
        householdId: r.household_id,
        caseRef: r.case_ref,
        lead: r.lead,
        href: `/households/${r.household_id}/reviews/${r.id}`,
        linkText: `Record the decision for ${r.case_ref}`,
        detail: `Requested ${formatDate(r.requested_on)}: decision due by ${formatDate(s.decisionDueDate)}, ${s.daysOverdue} ${s.daysOverdue === 1 ? "day" : "days"} overdue`,
      };
    }),
  };
}

/** Duty owed, no accommodation secured on the night of D (households_awaiting_on, as TA1 counts them). */
export async function awaitingPlacement(db: Conn, day: IsoDate, officerId: Scope = null) {
  const base = sql`FROM households_awaiting_on(${day}::date) a JOIN households h ON h.id = a.household_id WHERE true ${mine(officerId)}`;
  const rows = await firstRows<{ household_id: number; case_ref: string; lead: string | null; awaiting_since: string }>(
    db,
    sql`
    SELECT h.id AS hid, h.case_ref, h.awaiting_since ${base}
    `,
    ["awaiting_since", "hid"],
  );
  return {
    total: rows.total,
    rows: rows.rows.map((r): TodayRow => {
      const days = daysBetween(r.awaiting_since, day);
      return {
        householdId: r.household_id,
        caseRef: r.case_ref,
        lead: r.lead,
        href: `/households/${r.household_id}`,
        linkText: r.case_ref,
        detail: `Awaiting since ${formatDate(r.awaiting_since)} (${days} ${days === 1 ? "day" : "days"})`,
      };
    }),
  };
}

export interface TodayList {
  total: number;
  rows: TodayRow[];
}
const whole = (rows: TodayRow[]): TodayList => ({ total: rows.length, rows });

/** The lists Today can show whole on request (the others are cut to LIST_LIMIT rows in SQL). */
export const WHOLE_LISTS = ["breaches", "under18", "warnings", "arrivals", "departures"] as const;

/**
 * Every list at once, each as its full count and its rows: all of them for WHOLE_LISTS,
 * the first LIST_LIMIT for the others. The page shows the first LIST_LIMIT of each unless
 * asked for one list whole (a national caseload has thousands of families in B&B). On
 * PostgreSQL the lists run side by side on the pool; PGlite queues them.
 */
export async function todayLists(db: Conn, day: IsoDate, officerId: Scope = null) {
  const [moves, bnb, notices, moveOn, reviews, awaiting] = await Promise.all([
    arrivalsAndDepartures(db, day, officerId),
    bnbWarnings(db, day, officerId),
    s208Overdue(db, day, officerId),
    moveOnPastTarget(db, day, officerId),
    s202Overdue(db, day, officerId),
    awaitingPlacement(db, day, officerId),
  ]);
  return {
    arrivals: whole(moves.arrivals),
    departures: whole(moves.departures),
    breaches: whole(bnb.breaches),
    warnings: whole(bnb.warnings),
    under18: whole(bnb.under18),
    notices,
    moveOn,
    reviews,
    awaiting,
  };
}
