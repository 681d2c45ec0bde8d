/**
 * Void cost (issue 18, item 1): units paid for every night cost their rate on every night in
 * use with nobody placed (out-of-service and cancelled nights included); units paid per
 * occupied night cost nothing empty. Hand-worked figures on a small set of units.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { emptyNow, voidBy } from "~/features/money/void.server";
import { forecastYear, spendBy, spendPage, spendView } from "~/features/money/spend.server";
import { getExport } from "~/features/exports.server";
import "~/features/money/exports.server";

let t: TestDatabase;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  // A: private sector leased (every night by its type), in use 1 Jan to 20 Mar 2026, £50 a night then £60 from 1 March.
  const a = await makeUnit(db, { ta_type_code: "private_leased", shared: false });
  await db.updateTable("units").set({ in_use_from: "2026-01-01", retired_on: "2026-03-20" }).where("id", "=", a.id).execute();
  await db
    .insertInto("unit_rates")
    .values([
      { unit_id: a.id, effective_from: "2026-01-01", amount_pence: 5000, basis: "night" },
      { unit_id: a.id, effective_from: "2026-03-01", amount_pence: 6000, basis: "night" },
    ])
    .execute();
  const h = await makeHousehold(db);
  await db
    .insertInto("placements")
    .values({ household_id: h.id, unit_id: a.id, start_date: "2026-01-05", end_date: "2026-01-20", duty: "s188" })
    .execute();
  // A cancelled booking and a repair: both still paid for.
  await db
    .insertInto("placements")
    .values({ household_id: h.id, unit_id: a.id, start_date: "2026-02-10", end_date: "2026-02-15", duty: "s188", cancelled_at: new Date() })
    .execute();
  await db
    .insertInto("out_of_service")
    .values({ unit_id: a.id, start_date: "2026-02-01", end_date: "2026-02-05", reason: "Boiler" })
    .execute();
  // B: nightly paid self-contained, but block-booked (its own paid_for), in use from 3 Jan, £350.01 a week from 10 Jan.
  const b = await makeUnit(db, { ta_type_code: "nightly_self_contained", shared: false });
  await db.updateTable("units").set({ in_use_from: "2026-01-03", paid_for: "every_night" }).where("id", "=", b.id).execute();
  await db.insertInto("unit_rates").values({ unit_id: b.id, effective_from: "2026-01-10", amount_pence: 35001, basis: "week" }).execute();
  // C: B&B, paid per occupied night (its type's default); D: leased but paid per occupied night (its own setting).
  const c = await makeUnit(db, { ta_type_code: "bnb" });
  const d = await makeUnit(db, { ta_type_code: "private_leased", shared: false });
  await db.updateTable("units").set({ in_use_from: "2026-01-01", paid_for: null }).where("id", "=", c.id).execute();
  await db.updateTable("units").set({ in_use_from: "2026-01-01", paid_for: "occupied_nights" }).where("id", "=", d.id).execute();
  for (const u of [c, d])
    await db.insertInto("unit_rates").values({ unit_id: u.id, effective_from: "2026-01-01", amount_pence: 7000, basis: "night" }).execute();
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`void cost on ${ENGINE}`, () => {
  it("prices the nights paid for with nobody placed, per unit", async () => {
    const rows = await voidBy(t.db, { from: "2026-01-01", to: "2026-04-01", group: "unit" });
    const byUnit = new Map(rows.map((r) => [Number(r.key), r]));
    // A: Jan 31 - 15 placed = 16 nights at £50; Feb 28 at £50 (repair and cancelled booking included); Mar 1-19 at £60.
    expect(byUnit.get(ids.a)).toMatchObject({ voidNights: 63, unpricedVoidNights: 0, voidPence: 16 * 5000 + 28 * 5000 + 19 * 6000 });
    // B: 3 Jan to 31 Mar = 88 nights, the first 7 before any rate; 81 priced weekly from 10 Jan: round(81 x 35001 / 7).
    expect(byUnit.get(ids.b)).toMatchObject({ voidNights: 88, unpricedVoidNights: 7, voidPence: 405012 });
    expect(byUnit.has(ids.c)).toBe(false);
    expect(byUnit.has(ids.d)).toBe(false);
  });

  it("cut by month adds up to the quarter, weekly rates included", async () => {
    const months = await voidBy(t.db, { from: "2026-01-01", to: "2026-04-01", group: "month" });
    expect(months.map((m) => [m.key, m.voidNights, m.voidPence])).toEqual([
      ["2026-01", 16 + 29, 80000 + 110003],
      ["2026-02", 28 + 28, 140000 + 140004],
      ["2026-03", 19 + 31, 114000 + 155005],
    ]);
    const [all] = await voidBy(t.db, { from: "2026-01-01", to: "2026-04-01", group: "all" });
    expect(all).toMatchObject({ voidNights: 151, voidPence: 334000 + 405012, units: 2 });
  });

  it("spend shows the void cost beside the cost of occupied nights, per TA type and in the export", async () => {
    const rows = await spendBy(t.db, { from: "2026-01-01", to: "2026-04-01", group: "ta_type" });
    const pl = rows.find((r) => r.key === "private_leased")!;
    expect([pl.nights, pl.grossPence, pl.voidNights, pl.voidPence]).toEqual([15, 75000, 63, 334000]);
    // B has no occupied night: a row of void alone.
    const nsc = rows.find((r) => r.key === "nightly_self_contained")!;
    expect([nsc.nights, nsc.grossPence, nsc.voidNights, nsc.voidPence]).toEqual([0, 0, 88, 405012]);
    expect(rows.find((r) => r.key === "bnb")).toBeUndefined();

    let text = "";
    for await (const chunk of getExport("spend")!.run(t.db, { from: "2026-01-01", to: "2026-03-31", today: "2026-04-01" })) text += chunk;
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("group,nights,gross,subsidy,net,void_nights,void_cost");
    expect(lines[1]).toMatch(/^all,15,750\.00,[0-9.]+,[0-9.]+,151,7390\.12$/);
    expect(lines.find((l) => l.startsWith("private_leased,"))).toMatch(/^private_leased,15,750\.00,.*,63,3340\.00$/);
    expect(lines.find((l) => l.startsWith("bnb,"))).toBe("bnb,0,0.00,0.00,0.00,0,0.00");
  });

  it("the money page's one query agrees with the views and the forecast, void included", async () => {
    for (const today of ["2026-03-15", "2026-04-01", "2026-05-10"]) {
      const page = await spendPage(t.db, today);
      expect(page.month).toEqual(await spendView(t.db, today, "month"));
      expect(page.ta_type).toEqual(await spendView(t.db, today, "ta_type"));
      expect(page.provider).toEqual(await spendView(t.db, today, "provider"));
      expect(page.forecast).toEqual(await forecastYear(t.db, today));
    }
    // 15 March: the year to 14 March has A's void (16 + 28 + 14 nights) and B's (71 nights, 64 priced).
    const f = await forecastYear(t.db, "2026-03-15");
    expect(f.toDate.voidNights).toBe(58 + 71);
    expect(f.toDate.voidPence).toBe(16 * 5000 + 28 * 5000 + 14 * 6000 + 320009);
    // The run-rate's last 28 nights (15 Feb to 14 Mar): A 28 nights, B 28 nights, spread over the 17 nights to 31 March.
    expect(f.recent.voidNights).toBe(56);
    expect(f.forecastVoidPence).toBe(Math.floor((2 * f.recent.voidPence * 17 + 28) / 56));
    expect(f.yearVoidPence).toBe(f.toDate.voidPence + f.forecastVoidPence);
  });

  it("lists the units paid for every night that were empty last night, longest first, with what their empty run cost", async () => {
    // Last night 31 January: B empty since it came into use (3 Jan, 29 nights, the first 7 unpriced); A since its stay ended (20 Jan, 12 nights at £50).
    const rows = await emptyNow(t.db, "2026-02-01");
    expect(rows.map((r) => [r.unitId, r.emptySince, r.nights, r.pence])).toEqual([
      [ids.b, "2026-01-03", 29, 110003],
      [ids.a, "2026-01-20", 12, 60000],
    ]);
    // On 10 January A is occupied: only B.
    expect((await emptyNow(t.db, "2026-01-11")).map((r) => r.unitId)).toEqual([ids.b]);
  });

  it("a unit's own setting overrides its type's, and the type's default can change", async () => {
    await sql`UPDATE ta_types SET paid_for = 'every_night' WHERE code = 'bnb'`.execute(t.db);
    try {
      const rows = await voidBy(t.db, { from: "2026-01-01", to: "2026-02-01", group: "unit" });
      expect(rows.find((r) => Number(r.key) === ids.c)).toMatchObject({ voidNights: 31, voidPence: 31 * 7000 });
      expect(rows.find((r) => Number(r.key) === ids.d)).toBeUndefined();
    } finally {
      await sql`UPDATE ta_types SET paid_for = 'occupied_nights' WHERE code = 'bnb'`.execute(t.db);
    }
  });
});
