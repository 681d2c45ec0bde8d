import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { dependentChildSql, householdFactsOn } from "~/features/households/household-facts.server";
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

/** A household with these members (pregnancies dated long before), read on a night by household_facts_on. */
let caseNo = 0;
async function factsOf(members: { rel: Relationship; dob: string | null; sex?: "female" | "male"; pregnant?: boolean }[]) {
  const h = await t.db
    .insertInto("households")
    .values({ case_ref: `FACTS-${++caseNo}`, duty: "s188" })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, m] of members.entries())
    await t.db
      .insertInto("household_members")
      .values({
        household_id: h.id,
        name: `P${i}`,
        date_of_birth: m.dob,
        relationship: m.rel,
        sex: m.sex ?? null,
        pregnant: m.pregnant ?? false,
        position: i,
      })
      .execute();
  await t.db.updateTable("member_pregnancies").set({ from_date: "2000-01-01" }).where("household_id", "=", h.id).execute();
  return (on: string) => householdFactsOn(t.db, h.id, on);
}

describe(`household_facts_on: the one definition of a household's make-up on ${ENGINE}`, () => {
  const ON = "2026-06-01";
  // Ages on 1 June 2026: 36, 38, 12, 8, 5.
  const coupleWithThree = [
    { rel: "lead", dob: "1990-01-01", sex: "female" },
    { rel: "partner", dob: "1988-05-05", sex: "male" },
    { rel: "child", dob: "2014-03-01", sex: "male" },
    { rel: "child", dob: "2018-02-01", sex: "female" },
    { rel: "child", dob: "2021-01-15", sex: "male" },
  ] as const;

  it("brings the facts together for a couple with three children", async () => {
    expect(await (await factsOf([...coupleWithThree]))(ON)).toEqual({
      adults: 2,
      children: 3,
      expected_children: 0,
      with_children: true,
      lead_16_17: false,
      household_type: "couple_with_children",
      ta2: "couple_with_dependent_children",
    });
  });

  it("is a family with a pregnant member and no children; a pregnant woman on her own is a single adult", async () => {
    const f = await (await factsOf([{ rel: "lead", dob: "1999-09-09", sex: "female", pregnant: true }]))(ON);
    expect(f).toMatchObject({
      with_children: true,
      expected_children: 1,
      children: 0,
      household_type: "single_adult",
      ta2: "single_adult_female",
    });
  });

  it("is not a family when the only 'child' is 19", async () => {
    const f = await (
      await factsOf([
        { rel: "lead", dob: "1970-01-01", sex: "male" },
        { rel: "child", dob: "2007-01-01", sex: "male" },
      ])
    )(ON);
    expect(f).toMatchObject({ with_children: false, children: 0, adults: 2, household_type: "other", ta2: "all_other" });
  });

  it("has a 16 or 17-year-old lead from the 16th birthday to the day before the 18th, never with no date of birth", async () => {
    const tia = await factsOf([{ rel: "lead", dob: "2009-06-02", sex: "female" }]);
    expect((await tia("2025-06-01")).lead_16_17).toBe(false); // 15
    expect((await tia("2025-06-02")).lead_16_17).toBe(true); // 16
    expect((await tia("2027-06-01")).lead_16_17).toBe(true); // 17
    expect((await tia("2027-06-02")).lead_16_17).toBe(false); // 18
    expect((await (await factsOf([{ rel: "lead", dob: null }]))(ON)).lead_16_17).toBe(false);
  });

  it("classifies the common compositions into TA2's columns", async () => {
    const couple = await (await factsOf(coupleWithThree.slice(0, 2)))(ON);
    expect([couple.household_type, couple.ta2]).toEqual(["couple_no_children", "all_other"]);
    const dad = [
      { rel: "lead", dob: "1980-01-01", sex: "male" },
      { rel: "child", dob: "2020-01-01", sex: "female" },
    ] as const;
    expect((await (await factsOf([...dad]))(ON)).ta2).toBe("single_parent_male");
    expect((await (await factsOf([{ rel: "lead", dob: "1980-01-01" }, dad[1]]))(ON)).ta2).toBe("single_parent_sex_not_known");
    expect((await (await factsOf([{ rel: "lead", dob: "1980-01-01", sex: "female" }]))(ON)).ta2).toBe("single_adult_female");
    expect((await (await factsOf([{ rel: "lead", dob: "1980-01-01", sex: "male" }]))(ON)).ta2).toBe("single_adult_male");
    const withGran = await (await factsOf([...dad, { rel: "other_adult", dob: "1950-01-01", sex: "female" }]))(ON);
    expect([withGran.household_type, withGran.ta2]).toEqual(["other", "all_other"]);
  });

  it("does not count a baby recorded before their birth", async () => {
    const f = await factsOf([
      { rel: "lead", dob: "1990-01-01", sex: "female" },
      { rel: "child", dob: "2026-06-15", sex: "female" },
    ]);
    expect(await f("2026-06-14")).toMatchObject({ children: 0, adults: 1, household_type: "single_adult" });
    expect(await f("2026-06-15")).toMatchObject({ children: 1, adults: 1, household_type: "single_parent" });
  });
});
