/**
 * Rates against the market (issue 18, item 2): the median of the same type, bedrooms and
 * district, and the saving at last year's paid nights. Hand-worked figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { rateBenchmark, unitBenchmark } from "~/features/money/benchmark.server";

let t: TestDatabase;
const ids: Record<string, number> = {};
const DAY = "2026-06-01"; // the 365 nights to it: 1 June 2025 to 31 May 2026

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const unit = async (name: string, type: string, amount: number, basis: "night" | "week", district = "E08000012") => {
    const u = await makeUnit(db, { ta_type_code: type, shared: false, bedrooms: 1, district });
    await db.insertInto("unit_rates").values({ unit_id: u.id, effective_from: "2025-01-01", amount_pence: amount, basis }).execute();
    ids[name] = u.id;
    return u;
  };
  // Nightly paid self-contained, 1 bedroom, one district: £50, £60, £80 a night and £490 a week (£70 a night): median £65.
  await unit("A", "nightly_self_contained", 5000, "night");
  await unit("B", "nightly_self_contained", 6000, "night");
  await unit("C", "nightly_self_contained", 8000, "night");
  await unit("D", "nightly_self_contained", 49000, "week");
  // Alone in its district: nothing to compare with.
  await unit("E", "nightly_self_contained", 9900, "night", "E09000001");
  // Private leased (paid every night), 1 bedroom: £50 and £40, median £45. F in use for the last 100 nights, never placed.
  await unit("F", "private_leased", 5000, "night");
  await unit("G", "private_leased", 4000, "night");
  await db.updateTable("units").set({ in_use_from: "2026-02-21" }).where("id", "=", ids.F).execute();
  const h1 = await makeHousehold(db);
  const h2 = await makeHousehold(db);
  await db
    .insertInto("placements")
    .values([
      // C: 10 nights inside the year (1-10 June 2025) and 100 to the day (open since 21 February 2026).
      { household_id: h1.id, unit_id: ids.C, start_date: "2025-05-01", end_date: "2025-06-11", duty: "s188" },
      { household_id: h1.id, unit_id: ids.C, start_date: "2026-02-21", end_date: null, duty: "s188" },
      // D: 10 nights.
      { household_id: h2.id, unit_id: ids.D, start_date: "2026-05-01", end_date: "2026-05-11", duty: "s188" },
      // E: far above anything, but alone.
      { household_id: h2.id, unit_id: ids.E, start_date: "2026-01-01", end_date: "2026-02-01", duty: "s188" },
    ])
    .execute();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`rate benchmarking on ${ENGINE}`, () => {
  it("lists the units above their market median with the saving at last year's paid nights", async () => {
    const b = await rateBenchmark(t.db, DAY);
    expect(b.units).toBe(7);
    expect(b.above.map((r) => [r.unitId, r.nightlyPence, r.medianPence, r.peers, r.abovePence, r.paidNights, r.savingPence])).toEqual([
      [ids.C, 8000, 6500, 4, 1500, 110, 165000],
      // F: void nights of a unit paid every night count as paid nights.
      [ids.F, 5000, 4500, 2, 500, 100, 50000],
      [ids.D, 7000, 6500, 4, 500, 10, 5000],
    ]);
    expect(b.savingPence).toBe(220000);
    expect(b.byProvider.map((p) => p.savingPence)).toEqual([165000, 50000, 5000]);
  });

  it("gives each unit its comparison, including those at or below the median and those alone", async () => {
    expect(await unitBenchmark(t.db, ids.A, DAY)).toMatchObject({ nightlyPence: 5000, medianPence: 6500, abovePence: 0, savingPence: 0 });
    expect(await unitBenchmark(t.db, ids.E, DAY)).toMatchObject({
      nightlyPence: 9900,
      medianPence: 9900,
      peers: 1,
      abovePence: 0,
      paidNights: 31,
    });
    // Before F was in use it is not compared, and G is then alone.
    expect(await unitBenchmark(t.db, ids.F, "2026-01-01")).toBeNull();
    expect(await unitBenchmark(t.db, ids.G, "2026-01-01")).toMatchObject({ peers: 1, abovePence: 0 });
  });
});
