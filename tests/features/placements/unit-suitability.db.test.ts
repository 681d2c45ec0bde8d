/**
 * unit_suitability (db/definitions/unit-suitability.ts), the one definition of why a unit
 * does not suit a household and of find a unit's order, with the words the pages use.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { describeSuitability, type HouseholdNeeds, type SuitabilityCodes, type UnitFacts } from "~/features/placements/suitability";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function assess(
  h: HouseholdNeeds,
  u: UnitFacts,
  standards: { doNotUse: string[]; expired: string[] } = { doNotUse: [], expired: [] },
) {
  const r = await sql<SuitabilityCodes>`
    SELECT * FROM unit_suitability(${u.maxOccupants}::int, ${u.isBnb}::boolean, ${u.bedrooms}::int, ${u.stepFree}::boolean,
      ${h.occupants}::int, ${h.familyForBnbRule}::boolean, ${h.leadAged16or17}::boolean, ${h.bedroomNeed}::int, ${h.stepFreeNeeded}::boolean,
      ${standards.doNotUse}::text[], ${standards.expired}::text[])`.execute(t.db);
  return describeSuitability(h, u, r.rows[0]);
}

describe(`unit suitability on ${ENGINE}`, () => {
  const family: HouseholdNeeds = { familyForBnbRule: true, leadAged16or17: false, bedroomNeed: 3, occupants: 5, stepFreeNeeded: true };

  it("gives every reason, split into hard and warnings", async () => {
    const r = await assess(family, { isBnb: true, bedrooms: 2, maxOccupants: 4, stepFree: false });
    expect(r.hard).toEqual([{ code: "too_many_occupants", message: "Too many people: 5 people, unit takes 4" }]);
    expect(r.warnings).toEqual([
      { code: "bnb_family", message: "B&B is unsuitable for a family except in an emergency, and then for no more than 6 weeks" },
      { code: "too_few_bedrooms", message: "Too few bedrooms: needs 3, unit has 2" },
      { code: "not_step_free", message: "Not step-free" },
    ]);
    expect(r.placeable).toBe(false);
    expect(r.score).toBe(1301);
  });

  it("allows a unit that takes exactly the household", async () => {
    expect(await assess(family, { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: true })).toEqual({
      hard: [],
      doNotUse: [],
      warnings: [],
      placeable: true,
      score: 0,
    });
  });

  it("warns about B&B for a 16 or 17 year old and counts a studio as one bedroom", async () => {
    const young: HouseholdNeeds = { familyForBnbRule: false, leadAged16or17: true, bedroomNeed: 1, occupants: 1, stepFreeNeeded: false };
    const r = await assess(young, { isBnb: true, bedrooms: 0, maxOccupants: 1, stepFree: false });
    expect(r.warnings).toEqual([{ code: "bnb_16_17", message: "B&B is unsuitable for a 16 or 17 year old applicant" }]);
    expect(r.score).toBe(100);
  });

  it("keeps a do-not-use unit placeable only with a manager's decision, and words each reason (issue 21)", async () => {
    const r = await assess(
      family,
      { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: true },
      { doNotUse: ["grade_e", "works_overdue"], expired: ["expired_gas_safety", "no_hmo_licence"] },
    );
    expect(r.hard).toEqual([]);
    expect(r.placeable).toBe(true);
    expect(r.doNotUse).toEqual([
      { code: "grade_e", message: "Do not use: the latest inspection graded it E" },
      { code: "works_overdue", message: "Do not use: works an inspection required are past their due date" },
    ]);
    expect(r.warnings).toEqual([
      { code: "expired_gas_safety", message: "Gas safety certificate has expired" },
      { code: "no_hmo_licence", message: "No HMO licence, and the property needs one" },
    ]);
    // 500 per do-not-use reason, 100 per warning.
    expect(r.score).toBe(1200);
  });

  it("scores fewer problems first, then the closer bedroom fit (at most 99)", async () => {
    const units = {
      tooSmall: { isBnb: false, bedrooms: 3, maxOccupants: 4, stepFree: true },
      fourBed: { isBnb: false, bedrooms: 4, maxOccupants: 6, stepFree: true },
      exact: { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: true },
      stairs: { isBnb: false, bedrooms: 3, maxOccupants: 5, stepFree: false },
      huge: { isBnb: false, bedrooms: 300, maxOccupants: 500, stepFree: true },
    };
    const scored = await Promise.all(Object.entries(units).map(async ([name, u]) => ({ name, score: (await assess(family, u)).score })));
    expect(Object.fromEntries(scored.map((x) => [x.name, x.score]))).toEqual({
      tooSmall: 1000,
      fourBed: 1,
      exact: 0,
      stairs: 100,
      huge: 99,
    });
  });
});
