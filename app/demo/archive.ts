/**
 * Old closed cases for the demo (issue 22, item 2): nine households whose stays ended seven
 * to nine years before the demo's day, before the generated history begins, so the retention
 * dry run has cases to list. They stayed in a made-up landlord's flats, retired six years ago. One is on legal hold; one child turned 16 during the stay, one was
 * born during it, one member was pregnant, so anonymising them shows that every figure stays the same. All names
 * are made up. Also one family registered twice (DUP-001, DUP-002), for a merge. Loaded by `waypoint demo` after the generated council.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import { addDays, addMonths, type IsoDate } from "~/lib/dates";

const FAMILIES = [
  ["Harriet Oldfield", "Noah Oldfield"],
  ["Dev Archer", "Priya Archer", "Sunny Archer"],
  ["Colm Yearsley"],
  ["Maja Longbottom", "Ellis Longbottom"],
  ["Tunde Pastor", "Ada Pastor", "Femi Pastor", "Lola Pastor"],
  ["Rhian Bygone"],
  ["Sam Elderkin", "Jo Elderkin"],
  ["Grace Formerly", "Ivy Formerly"],
  ["Omar Hitherto", "Leila Hitherto", "Zain Hitherto"],
] as const;

/** The archive's case references start ARC-. */
export async function loadDemoArchive(db: Kysely<DB>, today: IsoDate): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // The rooms they stayed in: a made-up landlord's flats, let to the council until the year after.
    const provider = await trx
      .insertInto("providers")
      .values({ name: "Bygone Lettings (demo, made up)", provider_type: "landlord" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const property = await trx
      .insertInto("properties")
      .values({
        provider_id: provider.id,
        name: "Former Court",
        address_line_1: "1 Former Court (made up)",
        town: "Liverpool",
        postcode: "L1 9ZZ",
        district_gss: "E08000012",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const units: { id: number }[] = [];
    for (let i = 0; i < FAMILIES.length; i++)
      units.push(
        await trx
          .insertInto("units")
          .values({
            unit_ref: `ARC-${String(i + 1).padStart(2, "0")}`,
            property_id: property.id,
            name: `Flat ${i + 1}`,
            ta_type_code: i % 3 === 1 ? "bnb" : "nightly_self_contained",
            bedrooms: i % 3 === 1 ? 1 : 2,
            max_occupants: i % 3 === 1 ? 4 : 5,
            shared_kitchen: i % 3 === 1,
            shared_bathroom: i % 3 === 1,
            shared_toilet: false,
            step_free: false,
            retired_on: addMonths(today, -12 * 6),
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
    const admin = await trx.selectFrom("users").select("id").where("role", "=", "administrator").orderBy("id").executeTakeFirst();
    const officer = await trx.selectFrom("users").select("id").where("role", "=", "officer").orderBy("id").executeTakeFirst();
    // Ids from the gaps the generator left (households it did not keep), so these old cases sit
    // among the oldest records, not at the top of the newest-first household list.
    const gaps = (
      await sql<{ id: number }>`
        SELECT g AS id FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM households)) g
        WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.id = g) ORDER BY g LIMIT ${FAMILIES.length + 2}`.execute(trx)
    ).rows.map((r) => Number(r.id));
    const nextId = () => (gaps.length ? { id: gaps.shift()! } : {});
    const ids: number[] = [];
    for (let i = 0; i < FAMILIES.length; i++) {
      const start = addDays(addMonths(today, -12 * 9), i * 45);
      const end = addDays(start, 120 + i * 25);
      const h = await trx
        .insertInto("households")
        .values({
          ...nextId(),
          case_ref: `ARC-${start.slice(0, 4)}-${String(i + 1).padStart(3, "0")}`,
          duty: i % 3 === 0 ? "s188" : "s193",
          support_needs: i % 2 === 0 ? `Made-up support need for the demo (${FAMILIES[i][0]})` : "",
          created_at: new Date(`${addDays(start, -3)}T10:00:00Z`),
          updated_at: new Date(`${end}T10:00:00Z`),
          ...(i === 2 && admin
            ? {
                legal_hold_reason: "Demo: a claim against the council about this case is open",
                legal_hold_by: admin.id,
                legal_hold_at: new Date(`${today}T09:00:00Z`),
              }
            : {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(h.id);
      const names = FAMILIES[i];
      for (let j = 0; j < names.length; j++) {
        // The lead is an adult; children are born at spread dates. The first family's child turns
        // 16 during the stay; the fifth family's lead is 17 when placed.
        const dob =
          j === 0
            ? i === 4
              ? addDays(addMonths(start, -12 * 17), -30)
              : addMonths(start, -12 * (25 + i))
            : i === 0
              ? addDays(addMonths(start, -12 * 16), 40)
              : i === 7
                ? addDays(start, 218) // born during the stay, after a quarter's end in the year of birth
                : addMonths(start, -12 * (j * 3 + (i % 5)));
        const m = await trx
          .insertInto("household_members")
          .values({
            household_id: h.id,
            name: names[j],
            date_of_birth: dob,
            relationship: j === 0 ? "lead" : i === 1 && j === 1 ? "partner" : "child",
            position: j,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (i === 5 && j === 0)
          await trx
            .insertInto("member_pregnancies")
            .values({ household_id: h.id, member_id: m.id, from_date: start, to_date: addDays(start, 60) })
            .execute();
      }
      if (i === 3)
        await trx
          .insertInto("awaiting_periods")
          .values({ household_id: h.id, from_date: addDays(start, -20), to_date: start })
          .execute();
      await trx
        .insertInto("placements")
        .values({
          household_id: h.id,
          unit_id: units[i].id,
          start_date: start,
          end_date: end,
          duty: i % 3 === 0 ? "s188" : "s193",
          destination: i % 2 === 0 ? "social_housing" : "private_rented",
          end_reason: `Made-up reason for the demo: moved on (${names[0]})`,
          created_at: new Date(`${start}T10:00:00Z`),
        })
        .execute();
      await trx
        .insertInto("contacts")
        .values({
          household_id: h.id,
          contact_on: addDays(start, 14),
          kind: "phone",
          note: `Made-up note: spoke to ${names[0]} about the move-on offer`,
          recorded_by: officer?.id ?? null,
          recorded_at: new Date(`${addDays(start, 14)}T11:00:00Z`),
        })
        .execute();
      await trx
        .insertInto("record_views")
        .values({ at: new Date(`${addDays(start, 15)}T12:00:00Z`), user_id: officer?.id ?? null, what: "household", household_id: h.id })
        .execute();
    }
    await sql`SELECT rebuild_episodes(${ids}::bigint[])`.execute(trx);
    // One family registered twice, for a manager to merge (and undo): the same lead, with the
    // child recorded only in the second record.
    for (const [ref, people] of [
      ["DUP-001", [["Mo Twofold", "lead", "1991-04-12"]]],
      [
        "DUP-002",
        [
          ["Mo Twofold", "lead", "1991-04-12"],
          ["Kit Twofold", "child", "2019-09-30"],
        ],
      ],
    ] as const) {
      const h = await trx
        .insertInto("households")
        .values({ ...nextId(), case_ref: ref, duty: "s188" })
        .returning("id")
        .executeTakeFirstOrThrow();
      let position = 0;
      for (const [name, relationship, dob] of people)
        await trx
          .insertInto("household_members")
          .values({ household_id: h.id, name, relationship, date_of_birth: dob, position: position++ })
          .execute();
      await trx
        .insertInto("contacts")
        .values({
          household_id: h.id,
          contact_on: addDays(today, -2),
          kind: "office",
          note: "Made-up note: came to the office",
          recorded_by: officer?.id ?? null,
        })
        .execute();
    }
    return ids.length;
  });
}
