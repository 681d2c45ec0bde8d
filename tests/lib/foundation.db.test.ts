import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import { makeHousehold, makeUnit } from "../support/factories";
import { settled } from "../support/refusal";
import { placeHousehold, findClash } from "~/features/placements/placements.server";
import { isExclusionViolation } from "~/lib/db/errors";

/** The officer's recorded decision, for placements in units that do not suit the household. */
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`schema on ${ENGINE}`, () => {
  it("returns dates as YYYY-MM-DD strings and counts as numbers", async () => {
    const r = await sql<{ d: string; n: number }>`SELECT '2026-03-29'::date AS d, count(*) AS n FROM ta_types`.execute(t.db);
    expect(r.rows[0]).toEqual({ d: "2026-03-29", n: 6 });
  });

  it("maps the six default TA types to the six TA1 categories", async () => {
    const rows = await t.db.selectFrom("ta_types").select(["code", "ta1_category"]).orderBy("ta1_category").execute();
    expect(rows.map((r) => `${r.code}:${r.ta1_category}`)).toEqual([
      "bnb:1",
      "nightly_self_contained:2",
      "hostel:3",
      "private_leased:4",
      "council_ha_stock:5",
      "other:6",
    ]);
  });

  it("refuses a second placement that overlaps the first in the same unit", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    const b = await makeHousehold(t.db);
    await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-01-01", end_date: "2026-01-10", duty: "s188" })
      .execute();
    const err = await t.db
      .insertInto("placements")
      .values({ household_id: b.id, unit_id: unit.id, start_date: "2026-01-09", end_date: "2026-01-12", duty: "s188" })
      .execute()
      .catch((e) => e);
    expect(isExclusionViolation(err)).toBe(true);
    expect(err.constraint ?? String(err.message)).toContain("unit_calendar_no_overlap");
    // Back to back is fine: the nights are [start, end).
    await t.db
      .insertInto("placements")
      .values({ household_id: b.id, unit_id: unit.id, start_date: "2026-01-10", end_date: "2026-01-12", duty: "s188" })
      .execute();
    const count = await t.db
      .selectFrom("placements")
      .select(sql<number>`count(*)`.as("n"))
      .where("unit_id", "=", unit.id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(2);
  });

  it("refuses an open-ended placement over a later booking", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    const b = await makeHousehold(t.db);
    await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-05-01", end_date: "2026-05-08", duty: "s188" })
      .execute();
    const err = await t.db
      .insertInto("placements")
      .values({ household_id: b.id, unit_id: unit.id, start_date: "2026-04-01", end_date: null, duty: "s188" })
      .execute()
      .catch((e) => e);
    expect(isExclusionViolation(err)).toBe(true);
  });

  it("refuses a placement during an out-of-service period, and the reverse", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    await t.db
      .insertInto("out_of_service")
      .values({ unit_id: unit.id, start_date: "2026-02-01", end_date: "2026-02-15", reason: "Damp treatment" })
      .execute();
    const err = await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-02-14", end_date: null, duty: "s188" })
      .execute()
      .catch((e) => e);
    expect(isExclusionViolation(err)).toBe(true);
    await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-02-15", end_date: "2026-03-01", duty: "s188" })
      .execute();
    const err2 = await t.db
      .insertInto("out_of_service")
      .values({ unit_id: unit.id, start_date: "2026-02-20", end_date: "2026-02-25", reason: "Boiler" })
      .execute()
      .catch((e) => e);
    expect(isExclusionViolation(err2)).toBe(true);
  });

  it("frees the nights when a placement is cancelled", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    const b = await makeHousehold(t.db);
    const p = await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-06-01", end_date: null, duty: "s188" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("placements")
      .set({ cancelled_at: new Date(), cancel_reason: "Entered in error" })
      .where("id", "=", p.id)
      .execute();
    await t.db
      .insertInto("placements")
      .values({ household_id: b.id, unit_id: unit.id, start_date: "2026-06-01", end_date: null, duty: "s188" })
      .execute();
    expect(await findClash(t.db, unit.id, "2026-06-05", "2026-06-06")).toMatchObject({ kind: "placement", householdId: b.id });
  });

  it("refuses an end date that is not after the start", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    const err = await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2026-01-05", end_date: "2026-01-05", duty: "s188" })
      .execute()
      .catch((e) => e);
    expect(err.code).toBe("23514");
    expect(err.constraint ?? err.message).toContain("placements_end_after_start");
  });

  it("keeps the audit trail append-only", async () => {
    await t.db
      .insertInto("audit_events")
      .values({ user_id: null, action: "test", entity: "thing", entity_id: "1", household_id: null, before: null, after: null })
      .execute();
    const upd = await t.db
      .updateTable("audit_events")
      .set({ action: "tampered" })
      .execute()
      .catch((e) => e);
    expect(String(upd.message)).toContain("append-only");
    const del = await t.db
      .deleteFrom("audit_events")
      .execute()
      .catch((e) => e);
    expect(String(del.message)).toContain("append-only");
    const truncate = await sql`TRUNCATE audit_events`.execute(t.db).catch((e) => e);
    expect(String(truncate.message)).toContain("append-only");
    const rows = await t.db.selectFrom("audit_events").select("action").where("action", "=", "test").execute();
    expect(rows).toHaveLength(1);
  });

  it("chains placements into TA episodes: a transfer stays in one episode, a gap starts another", async () => {
    const [u1, u2, u3] = [await makeUnit(t.db), await makeUnit(t.db), await makeUnit(t.db)];
    const h = await makeHousehold(t.db);
    await t.db
      .insertInto("placements")
      .values([
        { household_id: h.id, unit_id: u1.id, start_date: "2025-01-01", end_date: "2025-02-01", duty: "s188" },
        {
          household_id: h.id,
          unit_id: u2.id,
          start_date: "2025-02-01",
          end_date: "2025-06-01",
          duty: "s193",
          destination: "private_rented",
        },
        { household_id: h.id, unit_id: u3.id, start_date: "2025-09-01", end_date: null, duty: "s188" },
      ])
      .execute();
    await sql`SELECT rebuild_episodes(ARRAY[${h.id}]::bigint[])`.execute(t.db);
    const eps = await t.db
      .selectFrom("episodes")
      .select(["start_date", "end_date", "placements", "destination"])
      .where("household_id", "=", h.id)
      .orderBy("start_date")
      .execute();
    expect(eps).toEqual([
      { start_date: "2025-01-01", end_date: "2025-06-01", placements: 2, destination: "private_rented" },
      { start_date: "2025-09-01", end_date: null, placements: 1, destination: null },
    ]);
    const linked = await t.db
      .selectFrom("placements")
      .select(sql<number>`count(DISTINCT episode_id)`.as("n"))
      .where("household_id", "=", h.id)
      .executeTakeFirstOrThrow();
    expect(linked.n).toBe(2);
  });

  it("derives B&B under the 2003 Order: shared facilities, and not a council's, housing association's or charity's", async () => {
    const cases: { shared: boolean; providerType: "hotel" | "charity" | "council" | "agent" | "housing_association" | "landlord" }[] = [];
    for (const providerType of ["hotel", "charity", "council", "agent", "housing_association", "landlord"] as const) {
      for (const shared of [true, false]) cases.push({ shared, providerType });
    }
    for (const c of cases) {
      const unit = await makeUnit(t.db, { shared: c.shared, providerType: c.providerType });
      const f = await t.db.selectFrom("unit_facts").select("is_bnb").where("unit_id", "=", unit.id).executeTakeFirstOrThrow();
      const expected = c.shared && ["hotel", "agent", "landlord"].includes(c.providerType);
      expect(f.is_bnb, `${c.providerType} shared=${c.shared}`).toBe(expected);
    }
  });
});

describe(`placing a household on ${ENGINE}`, () => {
  it("names the clashing placement when the unit is taken", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    const b = await makeHousehold(t.db);
    expect(
      await settled(
        placeHousehold(t.db, null, { decision: EMERGENCY, householdId: a.id, unitId: unit.id, startDate: "2026-03-01", endDate: null }),
      ),
    ).toMatchObject({
      ok: true,
    });
    const second = await settled(
      placeHousehold(t.db, null, {
        decision: EMERGENCY,
        householdId: b.id,
        unitId: unit.id,
        startDate: "2026-03-20",
        endDate: "2026-03-25",
      }),
    );
    expect(second).toMatchObject({
      ok: false,
      field: "unitId",
      message: `The unit is already booked from 1 March 2026 with no end date for household ${a.case_ref}`,
    });
    const n = await t.db
      .selectFrom("placements")
      .select(sql<number>`count(*)`.as("n"))
      .where("household_id", "=", b.id)
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(0);
  });

  it("refuses a household too big for the unit, and changes nothing", async () => {
    const unit = await makeUnit(t.db, { max_occupants: 2 });
    const h = await makeHousehold(t.db, [{}, { dob: "2015-01-01" }, { dob: "2018-01-01" }]);
    const r = await settled(
      placeHousehold(t.db, null, {
        decision: EMERGENCY,
        householdId: h.id,
        unitId: unit.id,
        startDate: "2026-03-01",
        endDate: null,
      }),
    );
    expect(r).toMatchObject({ ok: false, message: `The household has 3 people and unit ${unit.unit_ref} takes at most 2` });
    const audits = await t.db.selectFrom("audit_events").select("id").where("household_id", "=", h.id).execute();
    expect(audits).toHaveLength(0);
  });

  it("records the placement, its episode and an audit entry", async () => {
    const unit = await makeUnit(t.db);
    const h = await makeHousehold(t.db);
    const r = await settled(
      placeHousehold(t.db, null, {
        decision: EMERGENCY,
        householdId: h.id,
        unitId: unit.id,
        startDate: "2026-04-01",
        endDate: null,
      }),
    );
    expect(r.ok).toBe(true);
    const ep = await t.db.selectFrom("episodes").selectAll().where("household_id", "=", h.id).executeTakeFirstOrThrow();
    expect(ep).toMatchObject({ start_date: "2026-04-01", end_date: null, placements: 1 });
    const audits = await t.db.selectFrom("audit_events").select(["action", "entity"]).where("household_id", "=", h.id).execute();
    expect(audits).toEqual([{ action: "place", entity: "placement" }]);
  });
});

describe.runIf(ENGINE === "pg")("two officers at the same moment (PostgreSQL)", () => {
  it("lets exactly one of two concurrent overlapping placements succeed", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    const b = await makeHousehold(t.db);
    const other = await t.second();
    // Both transactions start, both insert, then both commit: the constraint makes one wait and fail.
    const attempt = (db: typeof t.db, householdId: number, start: string) =>
      settled(placeHousehold(db, null, { decision: EMERGENCY, householdId, unitId: unit.id, startDate: start, endDate: "2026-08-20" }));
    const results = await Promise.all([attempt(t.db, a.id, "2026-08-01"), attempt(other.db, b.id, "2026-08-05")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, field: "unitId" });
    const rows = await t.db.selectFrom("placements").select("household_id").where("unit_id", "=", unit.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("holds under many concurrent attempts on one unit: no overlapping nights", async () => {
    const unit = await makeUnit(t.db, { max_occupants: 6 });
    const households = await Promise.all(Array.from({ length: 20 }, () => makeHousehold(t.db)));
    const other = await t.second();
    const results = await Promise.all(
      households.map((h, i) =>
        settled(
          placeHousehold(i % 2 ? other.db : t.db, null, {
            decision: EMERGENCY,
            householdId: h.id,
            unitId: unit.id,
            startDate: `2027-01-${String(1 + (i % 10)).padStart(2, "0")}`,
            endDate: `2027-01-${String(4 + (i % 10)).padStart(2, "0")}`,
          }),
        ),
      ),
    );
    const ok = results.filter((r) => r.ok).length;
    const overlaps = await sql<{ n: number }>`
      SELECT count(*) AS n FROM placements a JOIN placements b ON a.unit_id = b.unit_id AND a.id < b.id
      WHERE a.unit_id = ${unit.id} AND daterange(a.start_date, a.end_date) && daterange(b.start_date, b.end_date)`.execute(t.db);
    expect(overlaps.rows[0].n).toBe(0);
    const stored = await t.db
      .selectFrom("placements")
      .select(sql<number>`count(*)`.as("n"))
      .where("unit_id", "=", unit.id)
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(ok);
    expect(ok).toBeGreaterThanOrEqual(3); // 1-4, 4-7, 7-10 at least fit back to back
  });
});
