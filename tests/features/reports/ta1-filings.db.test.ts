/**
 * A quarter's TA1 marked as filed keeps its figures and households; the page shows what
 * changed since (a placement recorded late), and nothing for changes dated after the night.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { fileTa1, ta1Filing } from "~/features/reports/ta1-filings.server";
import { Refusal } from "~/lib/refusal";

let t: TestDatabase;
let manager: number;
const QUARTER_END = "2026-03-31";

async function place(householdId: number, start: string, kind: "bnb" | "flat" = "bnb") {
  const unit = await makeUnit(t.db, kind === "bnb" ? { ta_type_code: "bnb" } : { ta_type_code: "private_leased", shared: false });
  await t.db
    .insertInto("placements")
    .values({ household_id: householdId, unit_id: unit.id, start_date: start, end_date: null, duty: "s193" })
    .execute();
}

beforeAll(async () => {
  t = await createTestDatabase();
  manager = (
    await t.db
      .insertInto("users")
      .values({ email: "m@example.test", name: "Mo Manager", role: "manager", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`a filed TA1 on ${ENGINE}`, () => {
  it("keeps the figures filed, shows a late entry with its household, and ignores changes dated after the night", async () => {
    const family = await makeHousehold(t.db, [{ dob: "1990-01-01" }, { dob: "2020-01-01" }]);
    await place(family.id, "2026-01-01"); // 90 nights of B&B by 31 March: over six weeks
    const single = await makeHousehold(t.db, [{ dob: "1985-01-01" }]);
    await place(single.id, "2026-02-01", "flat");

    await expect(fileTa1(t.db, manager, "2026-04-10", "2026-04-10")).rejects.toThrow(Refusal);
    await fileTa1(t.db, manager, QUARTER_END, "2026-04-10");
    await expect(fileTa1(t.db, manager, QUARTER_END, "2026-04-11")).rejects.toThrow(/already marked as filed/);

    const filed = (await ta1Filing(t.db, QUARTER_END))!;
    expect(filed.filedBy).toBe("Mo Manager");
    expect(filed.counts).toMatchObject({ total: 2, bnb: 1, bnb_with_children: 1, bnb_with_children_over_6_weeks: 1, private_leased: 1 });
    expect(filed.differences).toEqual([]);

    // Placed after the quarter: the filed night is unchanged.
    const later = await makeHousehold(t.db, [{ dob: "1980-01-01" }]);
    await place(later.id, "2026-04-05", "flat");
    expect((await ta1Filing(t.db, QUARTER_END))!.differences).toEqual([]);

    // A placement from 15 March recorded late: a difference, with the household behind it.
    const late = await makeHousehold(t.db, [{ dob: "1991-01-01" }, { dob: "2021-06-01" }]);
    await place(late.id, "2026-03-15", "flat");
    const now = (await ta1Filing(t.db, QUARTER_END))!;
    const byLine = new Map(now.differences.map((d) => [d.line, d]));
    expect(byLine.get("total")).toMatchObject({ filed: 2, now: 3, added: [{ id: late.id, caseRef: late.case_ref }], removed: [] });
    expect(byLine.get("private_leased_with_children")).toMatchObject({ filed: 0, now: 1 });
    expect(byLine.get("with_children")).toMatchObject({ filed: 1, now: 2 });
    expect(byLine.has("bnb")).toBe(false);
    // The figures kept are the ones filed, not the ones now.
    expect(now.counts.total).toBe(2);
  });
});
