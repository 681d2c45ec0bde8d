/** Households: search and the household page's facts. Set-based, paged. */
import { sql } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { HouseholdMember } from "~/features/households/household";
import type { Selectable } from "kysely";
import type { HouseholdMembersTable } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { parseDate } from "~/features/import/values";

/** A stored member as the domain rules see it. */
export function toDomainMember(
  m: Pick<Selectable<HouseholdMembersTable>, "name" | "date_of_birth" | "relationship" | "pregnant" | "sex">,
): HouseholdMember {
  return { name: m.name, dateOfBirth: m.date_of_birth, relationship: m.relationship, pregnant: m.pregnant, sex: m.sex };
}

export interface HouseholdSearch {
  q: string;
  page: number;
}
export const PAGE_SIZE = 25;
/** Matches beyond this are shown as "more than 1,000". */
export const COUNT_CAP = 1000;

/** A search term shaped like a date (DD/MM/YYYY or YYYY-MM-DD): read as a date of birth, as the importer reads dates. */
const DATE_LIKE = /^(\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d{1,2}-\d{1,2})$/;

/**
 * Search by case reference, any member's name, or a date of birth written as the import
 * template accepts it (DD/MM/YYYY or YYYY-MM-DD). A term shaped like a date that is not
 * a real one says why (`problem`) and is looked for as a case reference only.
 */
export async function searchHouseholds(db: Conn, { q, page }: HouseholdSearch, day: IsoDate) {
  const term = q.trim();
  // A merged household is kept, but hidden from lists and search (ADR 0037).
  let base = db.selectFrom("households as h").where("h.merged_into", "is", null);
  let n: number;
  let dob: IsoDate | null = null;
  let problem: string | null = null;
  if (DATE_LIKE.test(term)) {
    const d = parseDate(term, "The date of birth");
    if (d.ok) dob = d.value;
    else problem = d.reason;
  }
  if (term) {
    const like = `%${term.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    // The matching households found once, as one set from two indexes (case reference;
    // name or date of birth), then counted up to the cap and paged. As `case_ref = ... OR
    // EXISTS (...)` the planner walked every household to test the OR (430 ms at national
    // size for a term that matched nobody), and the count and the page each found the
    // matches again.
    const r = await sql<{ n: number; id: number | null }>`
      WITH m AS MATERIALIZED (
        SELECT x.id FROM (
          SELECT id FROM households WHERE lower(case_ref) = ${term.toLowerCase()}
          UNION
          SELECT household_id FROM household_members
          WHERE ${dob ? sql`date_of_birth = ${dob}::date` : problem ? sql`false` : sql`lower(name) LIKE ${like}`}
        ) x JOIN households hh ON hh.id = x.id AND hh.merged_into IS NULL
      ), total AS (SELECT count(*) AS n FROM (SELECT 1 FROM m LIMIT ${COUNT_CAP + 1}) c)
      SELECT total.n, p.id FROM total
      LEFT JOIN LATERAL (SELECT id FROM m ORDER BY id DESC LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}) p ON true`.execute(db);
    n = Number(r.rows[0].n);
    const ids = r.rows.flatMap((x) => (x.id === null ? [] : [Number(x.id)]));
    base = base.where("h.id", "in", ids.length ? ids : [0]);
  } else {
    // Counting every household at national size reads a million rows for a number
    // nobody needs exactly: count up to a cap and say "more than".
    n = Number(
      (
        await db
          .selectFrom(
            base
              .select(sql`1`.as("x"))
              .limit(COUNT_CAP + 1)
              .as("m"),
          )
          .select(sql<number>`count(*)`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  const pageOffset = term ? 0 : (page - 1) * PAGE_SIZE;
  const rows = await base
    .leftJoin("household_members as lead", (j) => j.onRef("lead.household_id", "=", "h.id").on("lead.relationship", "=", "lead"))
    .select((eb) => [
      "h.id",
      "h.case_ref",
      "h.duty",
      "h.awaiting_since",
      "lead.name as lead_name",
      eb
        .selectFrom("household_members as m")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("m.household_id", "=", "h.id")
        .as("members"),
      eb
        .selectFrom("placements as p")
        .innerJoin("units as u", "u.id", "p.unit_id")
        .select("u.unit_ref")
        .whereRef("p.household_id", "=", "h.id")
        .where("p.cancelled_at", "is", null)
        .where("p.start_date", "<=", day)
        .where((e) => e.or([e("p.end_date", "is", null), e("p.end_date", ">", day)]))
        .orderBy("p.start_date", "desc")
        .limit(1)
        .as("current_unit"),
    ])
    .orderBy("h.id", "desc")
    .limit(PAGE_SIZE)
    .offset(pageOffset)
    .execute();
  return {
    total: Math.min(n, COUNT_CAP),
    more: n > COUNT_CAP,
    pages: Math.max(1, Math.ceil(Math.min(n, COUNT_CAP) / PAGE_SIZE)),
    rows,
    problem,
  };
}

export async function getHousehold(db: Conn, id: number) {
  const household = await db.selectFrom("households").selectAll().where("id", "=", id).executeTakeFirst();
  if (!household) throw new Response("Not Found", { status: 404 });
  const members = await db
    .selectFrom("household_members")
    .selectAll()
    .where("household_id", "=", id)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const placements = await db
    .selectFrom("placements as p")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .innerJoin("properties as pr", "pr.id", "u.property_id")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .select([
      "p.id",
      "p.start_date",
      "p.end_date",
      "p.destination",
      "p.end_reason",
      "p.episode_id",
      "p.cancelled_at",
      "p.duty",
      "u.id as unit_id",
      "u.unit_ref",
      "u.name as unit_name",
      "pr.name as property_name",
      "pr.address_line_1",
      "pr.town",
      "pr.postcode",
      "t.name as ta_type",
      "f.is_bnb",
      "f.out_of_district",
      "f.district_gss",
    ])
    .where("p.household_id", "=", id)
    .orderBy("p.start_date", "desc")
    .orderBy("p.id", "desc")
    .execute();
  const episodes = await db.selectFrom("episodes").selectAll().where("household_id", "=", id).orderBy("start_date", "desc").execute();
  return { household, members, placements, episodes };
}
