import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "./harness";
import { makeHousehold, makeUnit } from "./factories";
import { placeHousehold } from "~/models/placements.server";
import { addOutOfService } from "~/models/stock.server";
import { findUnits, perNightPence, type FindUnitQuery } from "~/models/find-unit.server";

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t?.close(); });

const q = (over: Partial<FindUnitQuery> = {}): FindUnitQuery => ({ start: "2026-06-01", nights: 14, taType: null, district: "any", stepFreeOnly: false, page: 1, ...over });

describe(`find a unit on ${ENGINE}`, () => {
  it("returns only units free for the whole stay, marks B&B unsuitable for a family with the reason, orders by suitability then cost", async () => {
    const family = await makeHousehold(t.db, [{ relationship: "lead", dob: "1990-01-01" }, { relationship: "child", dob: "2019-05-01" }]);
    const bnb = await makeUnit(t.db, { ta_type_code: "bnb", bedrooms: 2, max_occupants: 3, shared: true, providerType: "hotel" });
    const flatDear = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", bedrooms: 2, max_occupants: 3, shared: false, providerType: "agent" });
    const flatCheap = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", bedrooms: 2, max_occupants: 3, shared: false, providerType: "agent" });
    const tooSmall = await makeUnit(t.db, { ta_type_code: "hostel", bedrooms: 2, max_occupants: 1, shared: true, providerType: "charity" });
    const booked = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", bedrooms: 2, max_occupants: 3, shared: false, providerType: "agent" });
    const repairs = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", bedrooms: 2, max_occupants: 3, shared: false, providerType: "agent" });
    const retired = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", bedrooms: 2, max_occupants: 3, shared: false, providerType: "agent" });
    await t.db.updateTable("units").set({ retired_on: "2026-06-10" }).where("id", "=", retired.id).execute();
    await t.db.insertInto("unit_rates").values([
      { unit_id: flatDear.id, effective_from: "2026-01-01", amount_pence: 9000, basis: "night" },
      { unit_id: flatCheap.id, effective_from: "2026-01-01", amount_pence: 9000, basis: "night" },
      // A newer weekly rate in force on the start date: £420 a week = £60 a night.
      { unit_id: flatCheap.id, effective_from: "2026-05-01", amount_pence: 42000, basis: "week" },
      { unit_id: flatCheap.id, effective_from: "2026-07-01", amount_pence: 1, basis: "night" },
    ]).execute();
    const other = await makeHousehold(t.db);
    expect((await placeHousehold(t.db, null, { householdId: other.id, unitId: booked.id, startDate: "2026-06-10", endDate: null })).ok).toBe(true);
    expect((await addOutOfService(t.db, null, { unitId: repairs.id, startDate: "2026-06-14", endDate: "2026-06-20", reason: "Leak" })).ok).toBe(true);

    const r = await findUnits(t.db, family.id, q());
    const ids = r.units.map((u) => u.id);
    expect(ids).not.toContain(booked.id);
    expect(ids).not.toContain(repairs.id);
    expect(ids).not.toContain(retired.id);
    expect(ids).toEqual([flatCheap.id, flatDear.id, bnb.id, tooSmall.id]);
    expect(r.total).toBe(4);
    const b = r.units.find((u) => u.id === bnb.id)!;
    expect(b.isBnb).toBe(true);
    expect(b.suitability.warnings.map((w) => w.code)).toEqual(["bnb_family"]);
    expect(b.suitability.warnings[0].message).toMatch(/B&B is unsuitable for a family/);
    const small = r.units.find((u) => u.id === tooSmall.id)!;
    expect(small.suitability.placeable).toBe(false);
    expect(small.suitability.hard[0].message).toMatch(/Too many people/);
    expect(r.units[0].rate).toEqual({ amountPence: 42000, basis: "week", perNightPence: 6000 });
    // The SQL ordering key agrees with the domain's score for every unit.
    for (const u of r.units) expect(u.sqlScore).toBe(u.suitability.score);

    // The retired unit is free for a stay that ends by its retirement date; open-ended stays skip it.
    const shortStay = await findUnits(t.db, family.id, q({ nights: 9 }));
    expect(shortStay.units.map((u) => u.id)).toContain(retired.id);
    expect((await findUnits(t.db, family.id, q({ nights: null }))).units.map((u) => u.id)).not.toContain(retired.id);
    // Filters.
    expect((await findUnits(t.db, family.id, q({ taType: "bnb" }))).units.map((u) => u.id)).toEqual([bnb.id]);
    expect((await findUnits(t.db, family.id, q({ district: "in" }))).total).toBe(0);
  });

  it("lists who else is in the same property on the start night", async () => {
    const lead = await makeHousehold(t.db, [{ relationship: "lead" }]);
    const unitA = await makeUnit(t.db, { ta_type_code: "bnb" });
    const prop = (await t.db.selectFrom("units").select("property_id").where("id", "=", unitA.id).executeTakeFirstOrThrow()).property_id;
    const unitB = await t.db.insertInto("units").values({ unit_ref: `B-${Date.now()}`, property_id: prop, ta_type_code: "bnb", bedrooms: 1, max_occupants: 4, shared_kitchen: true, shared_bathroom: true, shared_toilet: false, step_free: false }).returningAll().executeTakeFirstOrThrow();
    const neighbour = await makeHousehold(t.db, [{ relationship: "lead", dob: "1985-01-01" }, { relationship: "child", dob: "2018-01-01" }, { relationship: "child", dob: "2020-01-01" }]);
    expect((await placeHousehold(t.db, null, { householdId: neighbour.id, unitId: unitB.id, startDate: "2026-05-01", endDate: null })).ok).toBe(true);
    const r = await findUnits(t.db, lead.id, q({ taType: "bnb" }));
    const a = r.units.find((u) => u.id === unitA.id)!;
    expect(a.sameProperty).toEqual([{ householdId: neighbour.id, caseRef: neighbour.case_ref, unitRef: unitB.unit_ref, type: "single_parent", adults: 1, children: 2 }]);
  });

  it("shows a weekly rate per night, rounded half up", () => {
    expect(perNightPence(42000, "week")).toBe(6000);
    expect(perNightPence(10000, "week")).toBe(1429);
    expect(perNightPence(5500, "night")).toBe(5500);
  });
});
