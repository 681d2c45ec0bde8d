/**
 * The six-week limit on B&B as the 2003 Order counts it, in its one home: six_weeks_on
 * (db/definitions/households-in-ta.ts). B&B is B&B by the Order (unit_facts.is_bnb), whatever the
 * unit's TA type; nights add up over the household's current application, across
 * transfers and gaps; a recorded new application starts the count again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { SIX_WEEK_LIMIT_DAYS, SIX_WEEK_WARNING_FROM_DAY } from "~/features/placements/six-weeks";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Each stay gets a unit of its own (a unit holds one household a night). */
const UNITS = {
  bnb: { ta_type_code: "bnb" },
  selfContained: { ta_type_code: "nightly_self_contained", shared: false },
  // A private hotel's shared rooms typed "hostel": B&B by the Order all the same.
  hostelTypedPrivateShared: { ta_type_code: "hostel", providerType: "hotel" },
  // Shared rooms run by a charity: not B&B, whatever they are called.
  charityShared: { ta_type_code: "bnb", providerType: "charity" },
  // A self-contained flat typed "bnb": not B&B.
  flatTypedBnb: { ta_type_code: "bnb", shared: false },
} as const;

type Stay = [unit: keyof typeof UNITS, start: string, end: string | null];

async function family(stays: Stay[], members: Parameters<typeof makeHousehold>[1] = [{ dob: "1990-01-01" }, { dob: "2020-01-01" }]) {
  const h = await makeHousehold(t.db, members);
  for (const [kind, start, end] of stays) {
    const unit = await makeUnit(t.db, UNITS[kind]);
    await t.db
      .insertInto("placements")
      .values({ household_id: h.id, unit_id: unit.id, start_date: start, end_date: end, duty: "s188" })
      .execute();
  }
  return h.id;
}

async function on(householdId: number, d: string) {
  const r = await sql<{ nights: number; in_bnb_tonight: boolean; status: string; family: boolean; lead_16_17: boolean }>`
    SELECT nights, in_bnb_tonight, status, family, lead_16_17 FROM six_weeks_on(${d}::date, ${[householdId]}::bigint[])`.execute(t.db);
  return r.rows[0];
}

/** Households six_weeks_on lists for night d when asked for everyone in B&B. */
async function listed(d: string) {
  const r = await sql<{ household_id: number; status: string }>`SELECT household_id, status FROM six_weeks_on(${d}::date)`.execute(t.db);
  return new Map(r.rows.map((x) => [Number(x.household_id), x.status]));
}

describe(`the six-week count on ${ENGINE}`, () => {
  it("uses the statutory limit and the default warning day", () => {
    expect(SIX_WEEK_LIMIT_DAYS).toBe(42);
    expect(SIX_WEEK_WARNING_FROM_DAY).toBe(35);
  });

  it("counts the first night as day 1, warns from day 35 and is in breach from day 43", async () => {
    const h = await family([["bnb", "2026-01-01", null]]);
    expect(await on(h, "2025-12-31")).toMatchObject({ nights: 0, in_bnb_tonight: false, status: "not_applicable" });
    expect(await on(h, "2026-01-01")).toMatchObject({ nights: 1, in_bnb_tonight: true, status: "ok" });
    expect(await on(h, "2026-02-03")).toMatchObject({ nights: 34, status: "ok" });
    expect(await on(h, "2026-02-04")).toMatchObject({ nights: 35, status: "warning" });
    expect(await on(h, "2026-02-11")).toMatchObject({ nights: 42, status: "warning" });
    expect(await on(h, "2026-02-12")).toMatchObject({ nights: 43, status: "breach" });
    expect((await listed("2026-02-12")).get(h)).toBe("breach");
  });

  it("keeps counting across a transfer out of B&B and back", async () => {
    const h = await family([
      ["bnb", "2026-01-01", "2026-01-21"],
      ["selfContained", "2026-01-21", "2026-02-10"],
      ["bnb", "2026-02-10", null],
    ]);
    expect(await on(h, "2026-02-09")).toMatchObject({ nights: 20, in_bnb_tonight: false, status: "not_applicable" });
    expect(await on(h, "2026-02-10")).toMatchObject({ nights: 21, status: "ok" });
    expect(await on(h, "2026-03-03")).toMatchObject({ nights: 42, status: "warning" });
    expect(await on(h, "2026-03-04")).toMatchObject({ nights: 43, status: "breach" });
  });

  it("breaches on the first night back when 42 were used before a move out of B&B", async () => {
    const h = await family([
      ["bnb", "2026-01-01", "2026-02-12"], // 42 nights
      ["selfContained", "2026-02-12", "2026-02-20"],
      ["bnb", "2026-02-20", null],
    ]);
    expect(await on(h, "2026-02-19")).toMatchObject({ nights: 42, in_bnb_tonight: false, status: "not_applicable" });
    expect(await on(h, "2026-02-20")).toMatchObject({ nights: 43, in_bnb_tonight: true, status: "breach" });
  });

  it("keeps counting across a gap out of TA (a total of periods), which the old count restarted", async () => {
    const h = await family([
      ["bnb", "2026-01-01", "2026-01-31"], // 30 nights
      ["bnb", "2026-02-10", null], // out of TA for 10 nights, then back
    ]);
    expect(await on(h, "2026-02-10")).toMatchObject({ nights: 31, status: "ok" });
    expect(await on(h, "2026-02-22")).toMatchObject({ nights: 43, status: "breach" });
  });

  it("starts again from a new application recorded by an officer", async () => {
    const h = await family([
      ["bnb", "2026-01-01", "2026-01-31"],
      ["bnb", "2026-02-10", null],
    ]);
    await t.db.insertInto("applications").values({ household_id: h, start_date: "2026-02-05" }).execute();
    expect(await on(h, "2026-02-04")).toMatchObject({ nights: 30 }); // the application is not yet made
    expect(await on(h, "2026-02-22")).toMatchObject({ nights: 13, status: "ok" });
    // A stay that runs across the application's start counts from that day.
    const k = await family([["bnb", "2026-01-01", null]]);
    await t.db.insertInto("applications").values({ household_id: k, start_date: "2026-01-20" }).execute();
    expect(await on(k, "2026-01-29")).toMatchObject({ nights: 10 });
  });

  it("keeps a past breach on the record after the household leaves B&B, without listing it tonight", async () => {
    const h = await family([
      ["bnb", "2026-01-01", "2026-01-21"],
      ["selfContained", "2026-01-21", "2026-02-10"],
      ["bnb", "2026-02-10", "2026-03-10"], // 28 nights: 48 in all
      ["selfContained", "2026-03-10", null],
    ]);
    expect(await on(h, "2026-03-20")).toMatchObject({ nights: 48, in_bnb_tonight: false, status: "breach" });
    expect((await listed("2026-03-20")).has(h)).toBe(false);
  });

  it("counts overlapping B&B nights once and ignores nights after D", async () => {
    const h = await family([
      ["bnb", "2026-01-01", "2026-01-11"],
      ["bnb", "2026-01-06", "2026-01-16"],
      ["bnb", "2026-02-01", null],
    ]);
    expect(await on(h, "2026-01-20")).toMatchObject({ nights: 15 });
  });

  it("counts B&B by the Order, not by the TA type label", async () => {
    const hostel = await family([["hostelTypedPrivateShared", "2026-01-01", null]]);
    expect(await on(hostel, "2026-02-12")).toMatchObject({ nights: 43, status: "breach" });
    const charity = await family([["charityShared", "2026-01-01", null]]);
    expect(await on(charity, "2026-02-12")).toMatchObject({ nights: 0, in_bnb_tonight: false, status: "not_applicable" });
    const flat = await family([["flatTypedBnb", "2026-01-01", null]]);
    expect(await on(flat, "2026-02-12")).toMatchObject({ nights: 0, status: "not_applicable" });
    const units = [];
    for (const kind of ["bnb", "selfContained", "hostelTypedPrivateShared", "charityShared", "flatTypedBnb"] as const)
      units.push((await makeUnit(t.db, UNITS[kind])).id);
    const facts = await t.db
      .selectFrom("unit_facts")
      .select(["unit_id", "is_bnb", "ta1_category", "type_contradiction"])
      .where("unit_id", "in", units)
      .orderBy("unit_id")
      .execute();
    expect(facts.map((f) => [f.is_bnb, f.ta1_category, f.type_contradiction])).toEqual([
      [true, 1, null],
      [false, 2, null],
      [true, 1, "bnb_typed_otherwise"],
      [false, 3, "typed_bnb_not_bnb"],
      [false, 2, "typed_bnb_not_bnb"],
    ]);
  });

  it("applies to a family: a dependent child or a pregnant member; and flags a 16 or 17 year old lead", async () => {
    const single = await family([["bnb", "2026-01-01", null]], [{ dob: "1990-01-01" }]);
    expect(await on(single, "2026-03-01")).toMatchObject({ nights: 60, family: false, status: "not_applicable" });
    const pregnant = await family([["bnb", "2026-01-01", null]], [{ dob: "1990-01-01", pregnant: true }]);
    expect(await on(pregnant, "2026-03-01")).toMatchObject({ family: true, status: "breach" });
    const seventeen = await family([["bnb", "2026-01-01", null]], [{ dob: "2008-06-01" }]);
    expect(await on(seventeen, "2026-01-01")).toMatchObject({ lead_16_17: true, family: false, status: "not_applicable" });
  });
});
