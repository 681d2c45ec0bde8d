/**
 * Find a unit for a household: units free for the whole stay, filtered and
 * ordered in SQL (so it pages at national scale) by unit_suitability's score, the one
 * definition of each reason (db/definitions/unit-suitability.ts); TypeScript words the
 * reasons for the page shown (describeSuitability).
 */
import { sql } from "kysely";
import { addDays, type IsoDate } from "~/lib/dates";
import { bedroomNeed, type HouseholdType } from "~/features/households/household";
import { describeSuitability, type HouseholdNeeds, type SuitabilityCodes, type UnitSuitability } from "~/features/placements/suitability";
import { mulDivRoundHalfUp, type RateBasis } from "~/features/money/money";
import { toDomainMember } from "~/features/households/households.server";
import { householdFactsOn } from "~/features/households/household-facts.server";
import type { Conn } from "~/lib/db/connect";

export const FIND_PAGE_SIZE = 20;
/** Free units beyond this are shown as "more than 1,000". */
export const FIND_COUNT_CAP = 1000;

export interface FindUnitQuery {
  start: IsoDate;
  /** null: open-ended. */
  nights: number | null;
  taType: string | null;
  district: "any" | "in" | "out";
  stepFreeOnly: boolean;
  page: number;
}

export interface OtherHousehold {
  householdId: number;
  caseRef: string;
  type: HouseholdType;
  adults: number;
  children: number;
  unitRef: string;
}

export interface FoundUnit {
  id: number;
  unitRef: string;
  name: string;
  propertyId: number;
  propertyName: string;
  town: string;
  providerName: string;
  taType: string;
  bedrooms: number;
  maxOccupants: number;
  stepFree: boolean;
  isBnb: boolean;
  outOfDistrict: boolean;
  rate: { amountPence: number; basis: RateBasis; perNightPence: number } | null;
  suitability: UnitSuitability;
  /** The latest inspection's grade and date on the start date (unit_standards), null: never inspected. */
  grade: string | null;
  inspectedOn: string | null;
  sameProperty: OtherHousehold[];
}

/** What the search needs to know about the household, from its members on the start date. */
export async function householdNeeds(db: Conn, householdId: number, on: IsoDate): Promise<HouseholdNeeds> {
  const h = await db.selectFrom("households").select(["id", "step_free_needed"]).where("id", "=", householdId).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const members = await db
    .selectFrom("household_members")
    .select(["name", "date_of_birth", "relationship", "pregnant", "sex"])
    .where("household_id", "=", householdId)
    .execute();
  const facts = await householdFactsOn(db, householdId, on);
  return {
    familyForBnbRule: facts.with_children,
    leadAged16or17: facts.lead_16_17,
    bedroomNeed: bedroomNeed(members.map(toDomainMember), on).bedrooms,
    occupants: facts.adults + facts.children,
    stepFreeNeeded: h.step_free_needed,
  };
}

/** Nightly equivalent of a rate, in pence: a weekly rate shown per night (rounded half up). */
export function perNightPence(amountPence: number, basis: RateBasis): number {
  return basis === "night" ? amountPence : mulDivRoundHalfUp(amountPence, 1, 7);
}

/**
 * unit_standards for the unit aliased `u` on a date (db/definitions/unit-standards.ts, the one
 * definition of "do not use" and of an expired certificate): a table function in FROM, as `st`.
 */
export function standardsSql(on: IsoDate) {
  return sql<{
    grade: string | null;
    inspected_on: string | null;
    do_not_use: string[];
    expired: string[];
  }>`unit_standards(u.id, u.property_id,
    (SELECT hmo_licence_required FROM properties WHERE id = u.property_id), ${on}::date)`;
}

/** unit_suitability for the unit aliased `u` (with its facts `f` and standards `st`) and this household: a table function in FROM. */
function suitabilitySql(needs: HouseholdNeeds) {
  return sql<Required<SuitabilityCodes>>`unit_suitability(u.max_occupants, f.is_bnb, u.bedrooms, u.step_free, ${needs.occupants}::int,
    ${needs.familyForBnbRule}::boolean, ${needs.leadAged16or17}::boolean, ${needs.bedroomNeed}::int, ${needs.stepFreeNeeded}::boolean,
    st.do_not_use, st.expired)`;
}

export async function findUnits(db: Conn, householdId: number, q: FindUnitQuery) {
  const needs = await householdNeeds(db, householdId, q.start);
  const end = q.nights === null ? null : addDays(q.start, q.nights);
  let base = db
    .selectFrom("units as u")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .innerJoin(standardsSql(q.start).as("st"), (j) => j.onTrue())
    .innerJoin(suitabilitySql(needs).as("s"), (j) => j.onTrue())
    .where((eb) => eb.or([eb("u.in_use_from", "is", null), eb("u.in_use_from", "<=", q.start)]))
    .where((eb) => (end === null ? eb("u.retired_on", "is", null) : eb.or([eb("u.retired_on", "is", null), eb("u.retired_on", ">=", end)])))
    // Booked on a night of the stay: the booking ends after the stay starts and starts
    // before it ends (the same as `nights && daterange(start, end)`, in the terms of the
    // calendar's index by dates, migration 0017).
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("unit_calendar as c")
            .select(sql`1`.as("x"))
            .whereRef("c.unit_id", "=", "u.id")
            .where(sql<boolean>`coalesce(upper(c.nights), 'infinity'::date) > ${q.start}::date`)
            .where(sql<boolean>`lower(c.nights) < coalesce(${end}::date, 'infinity'::date)`),
        ),
      ),
    );
  if (q.taType) base = base.where("u.ta_type_code", "=", q.taType);
  if (q.district === "in") base = base.where("f.out_of_district", "=", false);
  if (q.district === "out") base = base.where("f.out_of_district", "=", true);
  if (q.stepFreeOnly) base = base.where("u.step_free", "=", true);

  // Counted up to a cap: the count stops at the cap's free unit instead of testing every
  // unit in the stock against the calendar (153,000 units at national size). Nobody pages
  // through more than a thousand units; the page says "more than 1,000".
  const counted = await db
    .selectFrom(
      base
        .select(sql`1`.as("x"))
        .limit(FIND_COUNT_CAP + 1)
        .as("free"),
    )
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  const total = { n: Math.min(Number(counted.n), FIND_COUNT_CAP) };
  const more = Number(counted.n) > FIND_COUNT_CAP;
  // The page in two steps, so that rates are looked up only for the units that can be on
  // it. First every free unit and its score, from one pass that finds the booked units
  // (a hash anti-join over the calendar). Then the score of the last unit of the page in
  // score order: every unit on the page scores at most that, so only those units are
  // joined to their details and rate and put in the full order. In one step, the planner
  // sorted the whole stock by score, then looked up the calendar and the rate of 30,000
  // units in turn (600 ms at national size).
  const offset = (q.page - 1) * FIND_PAGE_SIZE;
  const rows = await db
    .with(
      (cte) => cte("free").materialized(),
      () =>
        base.select([
          "u.id",
          "u.unit_ref",
          "u.name",
          "u.bedrooms",
          "u.max_occupants",
          "u.step_free",
          "u.property_id",
          "u.ta_type_code",
          "f.is_bnb",
          "f.out_of_district",
          "s.score",
          "s.hard",
          "s.do_not_use",
          "s.warnings",
          "st.grade",
          "st.inspected_on",
        ]),
    )
    .with("cutoff", (qb) =>
      qb
        .selectFrom("free")
        .select("free.score")
        .orderBy("free.score")
        .offset(offset + FIND_PAGE_SIZE - 1)
        .limit(1),
    )
    .selectFrom("free as u")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("unit_rates as r")
          .select(["r.amount_pence", "r.basis"])
          .whereRef("r.unit_id", "=", "u.id")
          .where("r.effective_from", "<=", q.start)
          .orderBy("r.effective_from", "desc")
          .limit(1)
          .as("rate"),
      (j) => j.onTrue(),
    )
    .where(sql<boolean>`u.score <= coalesce((SELECT score FROM cutoff), 2147483647)`)
    .select([
      "u.id",
      "u.unit_ref",
      "u.name",
      "u.bedrooms",
      "u.max_occupants",
      "u.step_free",
      "u.is_bnb",
      "u.out_of_district",
      "p.id as property_id",
      "p.name as property_name",
      "p.town",
      "pr.name as provider_name",
      "t.name as ta_type",
      "rate.amount_pence",
      "rate.basis",
      "u.score",
      "u.hard",
      "u.do_not_use",
      "u.warnings",
      "u.grade",
      "u.inspected_on",
    ])
    .orderBy("u.score")
    .orderBy(sql`rate.amount_pence IS NULL`)
    .orderBy(sql`CASE WHEN rate.basis = 'week' THEN rate.amount_pence / 7.0 ELSE rate.amount_pence END`)
    .orderBy("u.unit_ref")
    .limit(FIND_PAGE_SIZE)
    .offset(offset)
    .execute();

  const sameProperty = await householdsInProperties(
    db,
    rows.map((r) => r.property_id),
    q.start,
    householdId,
  );
  const units: FoundUnit[] = rows.map((r) => ({
    id: r.id,
    unitRef: r.unit_ref,
    name: r.name,
    propertyId: r.property_id,
    propertyName: r.property_name,
    town: r.town,
    providerName: r.provider_name,
    taType: r.ta_type,
    bedrooms: r.bedrooms,
    maxOccupants: r.max_occupants,
    stepFree: r.step_free,
    isBnb: r.is_bnb,
    outOfDistrict: r.out_of_district,
    rate:
      r.amount_pence === null || r.basis === null
        ? null
        : { amountPence: r.amount_pence, basis: r.basis, perNightPence: perNightPence(r.amount_pence, r.basis) },
    suitability: describeSuitability(
      needs,
      { isBnb: r.is_bnb, bedrooms: r.bedrooms, maxOccupants: r.max_occupants, stepFree: r.step_free },
      { hard: r.hard, do_not_use: r.do_not_use, warnings: r.warnings, score: r.score },
    ),
    grade: r.grade,
    inspectedOn: r.inspected_on,
    sameProperty: sameProperty.get(r.property_id) ?? [],
  }));
  return {
    needs,
    end,
    total: total.n,
    more,
    pages: Math.max(1, Math.ceil(total.n / FIND_PAGE_SIZE)),
    units,
  };
}

/** Who is placed in each of these properties on the night of `on` (a safeguarding aid), leaving out `exceptHousehold`. */
export async function householdsInProperties(
  db: Conn,
  propertyIds: number[],
  on: IsoDate,
  exceptHousehold: number,
): Promise<Map<number, OtherHousehold[]>> {
  const out = new Map<number, OtherHousehold[]>();
  if (propertyIds.length === 0) return out;
  // Each household's make-up on the night: household_facts_on, as every page counts it.
  const rows = await sql<{
    property_id: number;
    unit_ref: string;
    id: number;
    case_ref: string;
    adults: number;
    children: number;
    household_type: HouseholdType;
  }>`
    SELECT u.property_id, u.unit_ref, h.id, h.case_ref, f.adults, f.children, f.household_type
    FROM placements pl
    JOIN units u ON u.id = pl.unit_id
    JOIN households h ON h.id = pl.household_id
    CROSS JOIN LATERAL household_facts_on(h.id, ${on}::date) f
    WHERE u.property_id = ANY(${[...new Set(propertyIds)]}::bigint[]) AND pl.cancelled_at IS NULL AND pl.household_id <> ${exceptHousehold}
      AND pl.start_date <= ${on}::date AND (pl.end_date IS NULL OR pl.end_date > ${on}::date)
    ORDER BY u.unit_ref
    LIMIT 2000`.execute(db);
  for (const r of rows.rows) {
    const list = out.get(r.property_id) ?? [];
    list.push({
      householdId: r.id,
      caseRef: r.case_ref,
      unitRef: r.unit_ref,
      type: r.household_type,
      adults: r.adults,
      children: r.children,
    });
    out.set(r.property_id, list);
  }
  return out;
}

/** One unit as the confirmation pages show it, with its suitability for the household on `on`. */
export async function unitForHousehold(db: Conn, householdId: number, unitId: number, on: IsoDate) {
  const needs = await householdNeeds(db, householdId, on);
  const u = await db
    .selectFrom("units as u")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .innerJoin(standardsSql(on).as("st"), (j) => j.onTrue())
    .innerJoin(suitabilitySql(needs).as("s"), (j) => j.onTrue())
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .select([
      "u.id",
      "u.unit_ref",
      "u.name",
      "u.bedrooms",
      "u.max_occupants",
      "u.step_free",
      "u.retired_on",
      "f.is_bnb",
      "f.out_of_district",
      "s.hard",
      "s.do_not_use",
      "s.warnings",
      "s.score",
      "st.grade",
      "st.inspected_on",
      "p.name as property_name",
      "p.address_line_1",
      "p.town",
      "p.postcode",
      "pr.name as provider_name",
      "t.name as ta_type",
    ])
    .where("u.id", "=", unitId)
    .executeTakeFirst();
  if (!u) throw new Response("Not Found", { status: 404 });
  const suitability = describeSuitability(
    needs,
    { isBnb: u.is_bnb, bedrooms: u.bedrooms, maxOccupants: u.max_occupants, stepFree: u.step_free },
    { hard: u.hard, do_not_use: u.do_not_use, warnings: u.warnings, score: u.score },
  );
  return { unit: u, needs, suitability };
}
