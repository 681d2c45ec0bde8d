/** A provider's rate history: the average rate a night of its units in use on the first night of each month, per type and overall. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeUnit } from "../../support/factories";
import { providerRateHistory } from "~/features/money/rate-history.server";

let t: TestDatabase;
let providerId = 0;
beforeAll(async () => {
  t = await createTestDatabase();
  // Two units of one provider: a nightly paid flat at £80 a night, £70 from 15 October 2026;
  // a leased flat at £420 a week (£60 a night) in use from 1 October 2026.
  const a = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false });
  const b = await makeUnit(t.db, { ta_type_code: "private_leased", shared: false });
  const p = await t.db.selectFrom("properties").select("provider_id").where("id", "=", a.property_id).executeTakeFirstOrThrow();
  providerId = p.provider_id;
  await t.db.updateTable("units").set({ property_id: a.property_id, in_use_from: "2026-10-01" }).where("id", "=", b.id).execute();
  await t.db
    .insertInto("unit_rates")
    .values([
      { unit_id: a.id, effective_from: "2026-09-01", amount_pence: 8000, basis: "night" },
      { unit_id: a.id, effective_from: "2026-10-15", amount_pence: 7000, basis: "night" },
      { unit_id: b.id, effective_from: "2026-01-01", amount_pence: 42_000, basis: "week" },
    ])
    .execute();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`a provider's rate history on ${ENGINE}`, () => {
  it("averages the rates in force on the first night of each month, per TA type and over all the units", async () => {
    const h = await providerRateHistory(t.db, providerId, "2026-12-07");
    const names = await t.db.selectFrom("ta_types").select(["code", "name"]).execute();
    const n = (code: string) => names.find((x) => x.code === code)!.name;
    expect(h.map((p) => [p.month, p.taType, p.units, p.nightlyPence])).toEqual([
      ["2026-09-01", null, 1, 8000],
      ["2026-09-01", n("nightly_self_contained"), 1, 8000],
      ["2026-10-01", null, 2, 7000],
      ["2026-10-01", n("nightly_self_contained"), 1, 8000],
      ["2026-10-01", n("private_leased"), 1, 6000],
      ["2026-11-01", null, 2, 6500],
      ["2026-11-01", n("nightly_self_contained"), 1, 7000],
      ["2026-11-01", n("private_leased"), 1, 6000],
      ["2026-12-01", null, 2, 6500],
      ["2026-12-01", n("nightly_self_contained"), 1, 7000],
      ["2026-12-01", n("private_leased"), 1, 6000],
    ]);
  });
});
