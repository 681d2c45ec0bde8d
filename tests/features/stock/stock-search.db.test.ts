/** Stock you can search (issue 21, item 4): each filter, on a date, from unit_stock_on and unit_standards. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { placeHousehold } from "~/features/placements/placements.server";
import { recordCertificate, recordInspection } from "~/features/standards/standards.server";
import { searchStock, stockFilterSchema } from "~/features/stock/stock-search.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ON = "2026-06-15";
const refs = async (q: Record<string, string>) =>
  (await searchStock(t.db, stockFilterSchema.parse(q), ON, null)).rows.map((r) => r.unit_ref).sort();

describe(`stock filters on ${ENGINE}`, () => {
  it("filters by free tonight, void for how long, type, bedrooms, step-free, district, provider, grade, do not use and expired", async () => {
    const booked = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false, bedrooms: 2, district: "E08000011" });
    const empty = await makeUnit(t.db, { ta_type_code: "bnb", bedrooms: 1 });
    const graded = await makeUnit(t.db, { ta_type_code: "bnb", bedrooms: 1 });
    for (const u of [booked, empty, graded])
      await t.db.updateTable("units").set({ in_use_from: "2026-06-01" }).where("id", "=", u.id).execute();
    await t.db.updateTable("units").set({ step_free: true }).where("id", "=", booked.id).execute();
    const h = await makeHousehold(t.db, [{ dob: "1980-01-01" }]);
    expect(await placeHousehold(t.db, null, { householdId: h.id, unitId: booked.id, startDate: "2026-06-10", endDate: null })).toEqual(
      expect.any(Number),
    );
    await recordInspection(t.db, null, {
      propertyId: graded.property_id,
      unitId: null,
      inspectedOn: "2026-06-01",
      inspector: "I",
      grade: "E",
      findings: "",
      reinspectOn: null,
      works: [],
    });
    await recordCertificate(t.db, null, {
      propertyId: empty.property_id,
      unitId: null,
      kind: "gas_safety",
      issuedOn: "2025-01-01",
      expiresOn: "2026-01-01",
      reference: "",
    });
    const mine = [booked, empty, graded].map((u) => u.unit_ref).sort();
    const only = async (q: Record<string, string>) => (await refs(q)).filter((r) => mine.includes(r));

    expect(await only({})).toEqual(mine);
    expect(await only({ free: "yes" })).toEqual([empty.unit_ref, graded.unit_ref].sort());
    expect(await only({ void: "14" })).toEqual(mine); // a bad value is ignored
    expect(await only({ void: "7" })).toEqual([empty.unit_ref, graded.unit_ref].sort());
    expect(await only({ void: "28" })).toEqual([]);
    expect(await only({ type: "bnb" })).toEqual([empty.unit_ref, graded.unit_ref].sort());
    expect(await only({ bedrooms: "2" })).toEqual([booked.unit_ref]);
    expect(await only({ stepfree: "yes" })).toEqual([booked.unit_ref]);
    expect(await only({ district: "E08000011" })).toEqual([booked.unit_ref]);
    const provider = await t.db
      .selectFrom("properties")
      .select("provider_id")
      .where("id", "=", graded.property_id)
      .executeTakeFirstOrThrow();
    expect(await only({ provider: String(provider.provider_id) })).toEqual([graded.unit_ref]);
    expect(await only({ grade: "E" })).toEqual([graded.unit_ref]);
    expect(await only({ grade: "none" })).toEqual([booked.unit_ref, empty.unit_ref].sort());
    expect(await only({ dnu: "yes" })).toEqual([graded.unit_ref]);
    expect(await only({ expired: "yes" })).toEqual([empty.unit_ref]);
    const row = (await searchStock(t.db, stockFilterSchema.parse({ q: empty.unit_ref }), ON, 1)).rows[0];
    expect([row.free_tonight, row.void_since, row.void_nights, row.expired]).toEqual([true, "2026-06-01", 15, ["expired_gas_safety"]]);
  });
});
