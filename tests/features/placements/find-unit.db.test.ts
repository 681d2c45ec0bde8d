import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { settled } from "../../support/refusal";
import { placeHousehold } from "~/features/placements/placements.server";
import { addOutOfService } from "~/features/stock/stock.server";
import { FIND_COUNT_CAP, findUnits, perNightPence, type FindUnitQuery } from "~/features/placements/find-unit.server";
import { sql } from "kysely";
import { Random } from "~/demo/random";

/** The officer's recorded decision, for placements in units that do not suit the household. */
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const q = (over: Partial<FindUnitQuery> = {}): FindUnitQuery => ({
  start: "2026-06-01",
  nights: 14,
  taType: null,
  district: "any",
  stepFreeOnly: false,
  page: 1,
  ...over,
});

describe(`find a unit on ${ENGINE}`, () => {
  it("returns only units free for the whole stay, marks B&B unsuitable for a family with the reason, orders by suitability then cost", async () => {
    const family = await makeHousehold(t.db, [
      { relationship: "lead", dob: "1990-01-01" },
      { relationship: "child", dob: "2019-05-01" },
    ]);
    const bnb = await makeUnit(t.db, { ta_type_code: "bnb", bedrooms: 2, max_occupants: 3, shared: true, providerType: "hotel" });
    const flatDear = await makeUnit(t.db, {
      ta_type_code: "nightly_self_contained",
      bedrooms: 2,
      max_occupants: 3,
      shared: false,
      providerType: "agent",
    });
    const flatCheap = await makeUnit(t.db, {
      ta_type_code: "nightly_self_contained",
      bedrooms: 2,
      max_occupants: 3,
      shared: false,
      providerType: "agent",
    });
    const tooSmall = await makeUnit(t.db, { ta_type_code: "hostel", bedrooms: 2, max_occupants: 1, shared: true, providerType: "charity" });
    const booked = await makeUnit(t.db, {
      ta_type_code: "nightly_self_contained",
      bedrooms: 2,
      max_occupants: 3,
      shared: false,
      providerType: "agent",
    });
    const repairs = await makeUnit(t.db, {
      ta_type_code: "nightly_self_contained",
      bedrooms: 2,
      max_occupants: 3,
      shared: false,
      providerType: "agent",
    });
    const retired = await makeUnit(t.db, {
      ta_type_code: "nightly_self_contained",
      bedrooms: 2,
      max_occupants: 3,
      shared: false,
      providerType: "agent",
    });
    await t.db.updateTable("units").set({ retired_on: "2026-06-10" }).where("id", "=", retired.id).execute();
    await t.db
      .insertInto("unit_rates")
      .values([
        { unit_id: flatDear.id, effective_from: "2026-01-01", amount_pence: 9000, basis: "night" },
        { unit_id: flatCheap.id, effective_from: "2026-01-01", amount_pence: 9000, basis: "night" },
        // A newer weekly rate in force on the start date: £420 a week = £60 a night.
        { unit_id: flatCheap.id, effective_from: "2026-05-01", amount_pence: 42000, basis: "week" },
        { unit_id: flatCheap.id, effective_from: "2026-07-01", amount_pence: 1, basis: "night" },
      ])
      .execute();
    const other = await makeHousehold(t.db);
    expect(
      (
        await settled(
          placeHousehold(t.db, null, {
            decision: EMERGENCY,
            householdId: other.id,
            unitId: booked.id,
            startDate: "2026-06-10",
            endDate: null,
          }),
        )
      ).ok,
    ).toBe(true);
    expect(
      (await settled(addOutOfService(t.db, null, { unitId: repairs.id, startDate: "2026-06-14", endDate: "2026-06-20", reason: "Leak" })))
        .ok,
    ).toBe(true);

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
    // In the order of unit_suitability's score, lowest first.
    const scores = r.units.map((u) => u.suitability.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));

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
    const unitB = await t.db
      .insertInto("units")
      .values({
        unit_ref: `B-${Date.now()}`,
        property_id: prop,
        ta_type_code: "bnb",
        bedrooms: 1,
        max_occupants: 4,
        shared_kitchen: true,
        shared_bathroom: true,
        shared_toilet: false,
        step_free: false,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const neighbour = await makeHousehold(t.db, [
      { relationship: "lead", dob: "1985-01-01" },
      { relationship: "child", dob: "2018-01-01" },
      { relationship: "child", dob: "2020-01-01" },
    ]);
    expect(
      (
        await settled(
          placeHousehold(t.db, null, {
            decision: EMERGENCY,
            householdId: neighbour.id,
            unitId: unitB.id,
            startDate: "2026-05-01",
            endDate: null,
          }),
        )
      ).ok,
    ).toBe(true);
    const r = await findUnits(t.db, lead.id, q({ taType: "bnb" }));
    const a = r.units.find((u) => u.id === unitA.id)!;
    expect(a.sameProperty).toEqual([
      { householdId: neighbour.id, caseRef: neighbour.case_ref, unitRef: unitB.unit_ref, type: "single_parent", adults: 1, children: 2 },
    ]);
  });

  it("shows a weekly rate per night, rounded half up", () => {
    expect(perNightPence(42000, "week")).toBe(6000);
    expect(perNightPence(10000, "week")).toBe(1429);
    expect(perNightPence(5500, "night")).toBe(5500);
  });

  it("counts free units up to 1,000 and then says there are more, still paging the most suitable first", async () => {
    const h = await makeHousehold(t.db, [{ relationship: "lead", dob: "1985-01-01" }]);
    const first = await makeUnit(t.db, { ta_type_code: "hostel", bedrooms: 1, max_occupants: 2, shared: true, providerType: "charity" });
    await sql`INSERT INTO units (unit_ref, property_id, ta_type_code, bedrooms, max_occupants, shared_kitchen, shared_bathroom, shared_toilet, step_free)
              SELECT 'CAPPED-' || g, property_id, ta_type_code, bedrooms, max_occupants, shared_kitchen, shared_bathroom, shared_toilet, step_free
              FROM units, generate_series(1, ${FIND_COUNT_CAP + 5}) g WHERE id = ${first.id}`.execute(t.db);
    const r = await findUnits(t.db, h.id, q({ start: "2031-01-01", taType: "hostel" }));
    expect(r.total).toBe(FIND_COUNT_CAP);
    expect(r.more).toBe(true);
    expect(r.pages).toBe(FIND_COUNT_CAP / 20);
    expect(r.units).toHaveLength(20);
    const few = await findUnits(t.db, h.id, q({ start: "2031-01-01", taType: "private_leased" }));
    expect(few.more).toBe(false);
  });

  it("pages through every free unit once, in the full order of suitability, then cost, then reference", async () => {
    const rnd = new Random(7);
    const start = "2033-03-01";
    const family = await makeHousehold(t.db, [
      { relationship: "lead", dob: "1990-01-01" },
      { relationship: "child", dob: "2026-05-01" },
    ]);
    const types = ["bnb", "nightly_self_contained", "hostel", "private_leased"];
    for (let i = 0; i < 45; i++) {
      const u = await makeUnit(t.db, {
        ta_type_code: rnd.pick(types),
        bedrooms: rnd.int(0, 3),
        max_occupants: rnd.int(1, 4),
        shared: rnd.chance(0.5),
        providerType: rnd.pick(["hotel", "agent", "charity"] as const),
      });
      if (rnd.chance(0.7)) {
        const weekly = rnd.chance(0.5);
        // Ties on purpose: a few amounts, some weekly amounts equal to 7 nights.
        const night = rnd.pick([5000, 6000, 6000, 7000]);
        await t.db
          .insertInto("unit_rates")
          .values({
            unit_id: u.id,
            effective_from: "2030-01-01",
            amount_pence: weekly ? night * 7 : night,
            basis: weekly ? "week" : "night",
          })
          .execute();
      }
      if (rnd.chance(0.3)) {
        const other = await makeHousehold(t.db);
        expect(
          (
            await settled(
              placeHousehold(t.db, null, {
                decision: EMERGENCY,
                householdId: other.id,
                unitId: u.id,
                startDate: "2033-03-05",
                endDate: "2033-03-09",
              }),
            )
          ).ok,
        ).toBe(true);
      }
    }
    const all: Awaited<ReturnType<typeof findUnits>>["units"] = [];
    const first = await findUnits(t.db, family.id, q({ start, nights: 14 }));
    for (let page = 1; page <= first.pages; page++) all.push(...(await findUnits(t.db, family.id, q({ start, nights: 14, page }))).units);
    expect(all.length).toBe(first.total);
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
    const key = (u: (typeof all)[number]) =>
      [
        u.suitability.score,
        u.rate === null ? 1 : 0,
        u.rate === null ? 0 : u.rate.basis === "week" ? u.rate.amountPence / 7 : u.rate.amountPence,
      ] as const;
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [key(all[i - 1]), key(all[i])];
      const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (all[i - 1].unitRef < all[i].unitRef ? -1 : 1);
      expect(cmp, `${all[i - 1].unitRef} before ${all[i].unitRef}`).toBeLessThan(0);
    }
  });
});
