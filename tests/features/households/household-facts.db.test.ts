import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { dependentChildSql } from "~/features/households/household-facts.server";
import { isDependentChild } from "~/features/households/household";
import type { Relationship } from "~/lib/vocabulary";
import { inTaOn } from "~/features/reports/headline.server";
import { makeHousehold, makeUnit } from "../../support/factories";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`dependent children in SQL on ${ENGINE}`, () => {
  it("agrees with the domain rule member by member, at every age boundary", async () => {
    const on = "2026-11-23";
    const dobs = [
      "2010-11-23",
      "2010-11-24",
      "2007-11-23",
      "2007-11-24",
      "2008-02-29",
      "2026-11-23",
      "2026-11-24",
      null,
      "1990-01-01",
      "2012-06-01",
    ];
    const rels: Relationship[] = ["lead", "partner", "child", "other_adult"];
    const h = await makeHousehold(t.db, []);
    const members: { id: number; dob: string | null; rel: Relationship }[] = [];
    for (const dob of dobs)
      for (const rel of rels) {
        if (rel === "lead") continue; // one lead per household
        const r = await t.db
          .insertInto("household_members")
          .values({ household_id: h.id, name: "Test Person", date_of_birth: dob, relationship: rel })
          .returning("id")
          .executeTakeFirstOrThrow();
        members.push({ id: r.id, dob, rel });
      }
    const rows = await t.db
      .selectFrom("household_members as m")
      .select(["m.id", dependentChildSql("m", on).as("dep")])
      .where("m.household_id", "=", h.id)
      .execute();
    const sqlSays = new Map(rows.map((r) => [r.id, r.dep]));
    const expected = members.map((m) => [
      m.id,
      isDependentChild({ name: "x", dateOfBirth: m.dob, relationship: m.rel, pregnant: false }, on),
    ]);
    const diff = members.filter((m, i) => sqlSays.get(m.id) !== expected[i][1]).map((m) => `${m.rel} ${m.dob} sql=${sqlSays.get(m.id)}`);
    expect(diff).toEqual([]);
    // The boundaries do bite: a child turning 19 today is not dependent, the day before they are.
    expect(isDependentChild({ name: "x", dateOfBirth: "2007-11-23", relationship: "child", pregnant: false }, on)).toBe(false);
    expect(isDependentChild({ name: "x", dateOfBirth: "2007-11-24", relationship: "child", pregnant: false }, on)).toBe(true);
  });

  it("counts a household with an 18-year-old child as one with children tonight", async () => {
    const unit = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false, providerType: "agent" });
    const h = await makeHousehold(t.db, [
      { dob: "1980-01-01", relationship: "lead" },
      { dob: "2008-01-01", relationship: "child" },
    ]);
    await t.db
      .insertInto("placements")
      .values({ household_id: h.id, unit_id: unit.id, start_date: "2026-11-01", end_date: null, duty: "s193" })
      .execute();
    expect(await inTaOn(t.db, "2026-11-23")).toEqual({ households: 1, withChildren: 1, bnb: 0 });
  });
});
