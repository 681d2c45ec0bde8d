/**
 * A placement in a unit that does not suit the household needs the officer's recorded
 * reason (issue 20, item 5): refused without one, nothing saved; kept with the placement
 * and listed for managers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { settled } from "../../support/refusal";
import { placeHousehold, transferHousehold, unsuitablePlacements } from "~/features/placements/placements.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`placements that need a reason on ${ENGINE}`, () => {
  it("refuses B&B for a family without a reason and saves nothing; with one, keeps the reasons found and the decision", async () => {
    const family = await makeHousehold(t.db, [{ dob: "1990-01-01" }, { dob: "2019-05-05" }]);
    const bnb = await makeUnit(t.db, { ta_type_code: "bnb", bedrooms: 1, max_occupants: 3 });
    const refused = await settled(
      placeHousehold(t.db, null, { householdId: family.id, unitId: bnb.id, startDate: "2026-03-01", endDate: null }),
    );
    expect(refused).toMatchObject({ ok: false, field: "decision" });
    expect(refused.ok ? "" : refused.message).toContain("B&B is unsuitable for a family");
    expect(await t.db.selectFrom("placements").select("id").where("household_id", "=", family.id).execute()).toEqual([]);

    const other = await settled(
      placeHousehold(t.db, null, {
        householdId: family.id,
        unitId: bnb.id,
        startDate: "2026-03-01",
        endDate: null,
        decision: { reason: "other", note: "  " },
      }),
    );
    expect(other).toMatchObject({ ok: false, field: "decisionNote", message: "Say why the household is placed in this unit" });

    const placed = await settled(
      placeHousehold(t.db, null, {
        householdId: family.id,
        unitId: bnb.id,
        startDate: "2026-03-01",
        endDate: null,
        decision: { reason: "emergency_nothing_suitable", note: "Out of hours, no flat free" },
      }),
    );
    expect(placed.ok).toBe(true);
    const row = await t.db
      .selectFrom("placements")
      .select(["unsuitable_reasons", "decision_reason", "decision_note"])
      .where("household_id", "=", family.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      unsuitable_reasons: ["bnb_family", "too_few_bedrooms"],
      decision_reason: "emergency_nothing_suitable",
      decision_note: "Out of hours, no flat free",
    });
    const listed = await unsuitablePlacements(t.db);
    expect(listed.map((r) => [r.case_ref, r.unit_ref, r.decision_reason])).toContainEqual([
      family.case_ref,
      bnb.unit_ref,
      "emergency_nothing_suitable",
    ]);
  });

  it("asks nothing for a unit that suits the household, and asks again on a transfer to one that does not", async () => {
    const single = await makeHousehold(t.db, [{ dob: "1980-01-01" }]);
    const flat = await makeUnit(t.db, { ta_type_code: "private_leased", shared: false, bedrooms: 1 });
    const placed = await settled(
      placeHousehold(t.db, null, { householdId: single.id, unitId: flat.id, startDate: "2026-04-01", endDate: null }),
    );
    expect(placed.ok).toBe(true);
    const row = await t.db
      .selectFrom("placements")
      .select(["id", "unsuitable_reasons", "decision_reason"])
      .where("household_id", "=", single.id)
      .executeTakeFirstOrThrow();
    expect([row.unsuitable_reasons, row.decision_reason]).toEqual([null, null]);

    const family = await makeHousehold(t.db, [{ dob: "1985-01-01" }, { dob: "2015-01-01" }, { dob: "2017-01-01", relationship: "child" }]);
    const big = await makeUnit(t.db, { ta_type_code: "private_leased", shared: false, bedrooms: 3, max_occupants: 5 }); // needs 3: sexes not recorded
    const small = await makeUnit(t.db, { ta_type_code: "private_leased", shared: false, bedrooms: 2, max_occupants: 5 });
    const first = await settled(
      placeHousehold(t.db, null, { householdId: family.id, unitId: big.id, startDate: "2026-04-01", endDate: null }),
    );
    expect(first.ok).toBe(true);
    const p = await t.db.selectFrom("placements").select("id").where("household_id", "=", family.id).executeTakeFirstOrThrow();
    const refused = await settled(
      transferHousehold(t.db, null, {
        householdId: family.id,
        placementId: p.id,
        unitId: small.id,
        date: "2026-05-01",
      }),
    );
    expect(refused).toMatchObject({ ok: false, field: "decision" });
    // Refused as a whole: the placement being left still has no end.
    expect((await t.db.selectFrom("placements").select("end_date").where("id", "=", p.id).executeTakeFirstOrThrow()).end_date).toBeNull();
    const moved = await settled(
      transferHousehold(t.db, null, {
        householdId: family.id,
        placementId: p.id,
        unitId: small.id,
        date: "2026-05-01",
        decision: { reason: "short_stay_until_suitable", note: "" },
      }),
    );
    expect(moved.ok).toBe(true);
    const now = await t.db
      .selectFrom("placements")
      .select(["unsuitable_reasons", "decision_reason", "decision_note"])
      .where("household_id", "=", family.id)
      .where("unit_id", "=", small.id)
      .executeTakeFirstOrThrow();
    expect(now).toEqual({ unsuitable_reasons: ["too_few_bedrooms"], decision_reason: "short_stay_until_suitable", decision_note: null });
  });
});
