/**
 * The provider record (issue 21): figures per provider from the one definitions
 * (unit_standards, unit_stock_on, rate_benchmark, invoices, complaints), and unit_stock_on's
 * "free tonight" and "void since".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { placeHousehold } from "~/features/placements/placements.server";
import { providerFigures, providerProperties } from "~/features/standards/provider-record.server";
import { recordCertificate, recordInspection, recordProviderCheck } from "~/features/standards/standards.server";
import { complaintSchema, prepareComplaint } from "~/features/standards/standards-forms.server";
import { parseForm } from "~/lib/forms.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`provider record on ${ENGINE}`, () => {
  it("counts grades, do not use, expired certificates, voids, complaints and the latest check for the provider", async () => {
    const a = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false });
    const property = await t.db.selectFrom("properties").selectAll().where("id", "=", a.property_id).executeTakeFirstOrThrow();
    const b = await t.db
      .insertInto("units")
      .values({
        unit_ref: `${a.unit_ref}-B`,
        property_id: a.property_id,
        ta_type_code: "nightly_self_contained",
        bedrooms: 1,
        max_occupants: 2,
        shared_kitchen: false,
        shared_bathroom: false,
        shared_toilet: false,
        step_free: false,
        in_use_from: "2026-01-01",
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await t.db.updateTable("units").set({ in_use_from: "2026-01-01" }).where("id", "=", a.id).execute();
    // Unit a: placed 1 to 11 March; unit b never placed.
    const h = await makeHousehold(t.db, [{ dob: "1985-01-01" }]);
    const placed = await placeHousehold(t.db, null, { householdId: h.id, unitId: a.id, startDate: "2026-03-01", endDate: "2026-03-11" });
    expect(placed).toEqual(expect.any(Number));
    const state = await sql<{
      unit_id: number;
      booked: boolean;
      free_tonight: boolean;
      void_since: string | null;
      void_nights: number | null;
    }>`
      SELECT unit_id, booked, free_tonight, void_since, void_nights FROM unit_stock_on('2026-03-20') WHERE unit_id IN (${a.id}, ${b.id}) ORDER BY unit_id`.execute(
      t.db,
    );
    expect(state.rows.map((r) => [Number(r.unit_id), r.booked, r.free_tonight, r.void_since, r.void_nights])).toEqual([
      [a.id, false, true, "2026-03-11", 10],
      [b.id, false, true, "2026-01-01", 79],
    ]);

    await recordInspection(t.db, null, {
      propertyId: a.property_id,
      unitId: null,
      inspectedOn: "2026-02-01",
      inspector: "I",
      grade: "C",
      findings: "",
      reinspectOn: null,
      works: [],
    });
    await recordInspection(t.db, null, {
      propertyId: a.property_id,
      unitId: b.id,
      inspectedOn: "2026-02-02",
      inspector: "I",
      grade: "E",
      findings: "",
      reinspectOn: null,
      works: [],
    });
    await recordCertificate(t.db, null, {
      propertyId: a.property_id,
      unitId: a.id,
      kind: "eicr",
      issuedOn: "2020-01-01",
      expiresOn: "2025-01-01",
      reference: "",
    });
    await recordProviderCheck(t.db, null, {
      providerId: property.provider_id,
      checkedOn: "2026-02-01",
      outcome: "passed_with_conditions",
      checkedBy: "C",
      note: "",
      nextDueOn: "2027-02-01",
    });
    const complaint = parseForm(
      (() => {
        const f = new FormData();
        for (const [k, v] of Object.entries({
          kind: "disrepair",
          "received-day": "5",
          "received-month": "3",
          "received-year": "2026",
          details: "No hot water",
        }))
          f.set(k, v);
        return f;
      })(),
      complaintSchema("2026-03-20"),
      prepareComplaint,
    );
    expect(complaint.ok).toBe(true);
    await t.db
      .insertInto("complaints")
      .values({ placement_id: placed, kind: "disrepair", received_on: "2026-03-05", details: "No hot water" })
      .execute();

    const [f] = await providerFigures(t.db, "2026-03-20", property.provider_id);
    expect(f).toMatchObject({
      properties: 1,
      units_in_use: 2,
      grade_c: 1,
      grade_e: 1,
      not_inspected: 0,
      do_not_use: 1,
      certificate_expired: 1,
      free_tonight: 2,
      void_now: 2,
      longest_void_nights: 79,
      disputed_invoices: 0,
      complaints_12m: 1,
      complaints_open: 1,
      complaints_upheld_12m: 0,
      last_check_on: "2026-02-01",
      last_check_outcome: "passed_with_conditions",
      next_check_due: "2027-02-01",
    });
    const props = await providerProperties(t.db, property.provider_id, "2026-03-20");
    expect(props.map((p) => [p.units, p.grades, p.do_not_use, p.certificate_expired])).toEqual([[2, "C, E", 1, 1]]);
  });
});
