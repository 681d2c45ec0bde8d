/**
 * Homes fit to live in (issue 21): unit_standards (db/definitions/unit-standards.ts) is the one
 * definition of "do not use" (grade E, or required works past their due date) and of an
 * expired certificate; find a unit shows them with the reason; placing into a do-not-use unit
 * is refused unless a manager records the emergency; the database refuses bad rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { refusalOf } from "../../support/refusal";
import { placeHousehold, transferHousehold } from "~/features/placements/placements.server";
import { findUnits } from "~/features/placements/find-unit.server";
import {
  decideComplaint,
  placementComplaints,
  recordComplaint,
  completeWorks,
  expiringCertificates,
  propertyStandards,
  recordCertificate,
  recordInspection,
  setHmoLicenceRequired,
  standingOfUnits,
} from "~/features/standards/standards.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const flat = () => makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false, bedrooms: 1, max_occupants: 2 });
const inspection = (propertyId: number, over: Partial<Parameters<typeof recordInspection>[2]> = {}) =>
  recordInspection(t.db, null, {
    propertyId,
    unitId: null,
    inspectedOn: "2026-01-10",
    inspector: "Inspector One",
    grade: "B",
    findings: "",
    reinspectOn: null,
    works: [],
    ...over,
  });

describe(`property standards on ${ENGINE}`, () => {
  it("marks a unit do not use from a grade E inspection of its property until a later inspection grades it better", async () => {
    const u = await flat();
    expect((await standingOfUnits(t.db, [u.id], "2026-02-01")).get(u.id)).toEqual({
      grade: null,
      inspectedOn: null,
      doNotUse: [],
      expired: [],
    });
    await inspection(u.property_id, { grade: "E", inspectedOn: "2026-01-10", findings: "Damp and mould in every room" });
    const before = (await standingOfUnits(t.db, [u.id], "2026-01-09")).get(u.id)!;
    expect(before.doNotUse).toEqual([]);
    const on = (await standingOfUnits(t.db, [u.id], "2026-01-10")).get(u.id)!;
    expect([on.grade, on.inspectedOn, on.doNotUse.map((d) => d.code)]).toEqual(["E", "2026-01-10", ["grade_e"]]);
    // A later inspection of the unit itself (grade B) is the latest for the unit.
    await inspection(u.property_id, { unitId: u.id, grade: "B", inspectedOn: "2026-03-01" });
    expect((await standingOfUnits(t.db, [u.id], "2026-03-01")).get(u.id)!.doNotUse).toEqual([]);
  });

  it("marks a unit do not use while required works are past their due date, until they are completed", async () => {
    const u = await flat();
    const r = await inspection(u.property_id, {
      grade: "C",
      inspectedOn: "2026-01-10",
      works: [{ description: "Repair the broken window", dueOn: "2026-02-10" }],
    });
    expect(r).toEqual(expect.any(Number));
    const codes = async (on: string) => (await standingOfUnits(t.db, [u.id], on)).get(u.id)!.doNotUse.map((d) => d.code);
    expect(await codes("2026-02-10")).toEqual([]);
    expect(await codes("2026-02-11")).toEqual(["works_overdue"]);
    const works = await t.db.selectFrom("inspection_works").select("id").where("inspection_id", "=", r).executeTakeFirstOrThrow();
    expect(await refusalOf(completeWorks(t.db, null, u.property_id, works.id, "2026-01-05"))).toMatchObject({ field: "completed" });
    expect(await completeWorks(t.db, null, u.property_id, works.id, "2026-02-20")).toBe(works.id);
    expect(await codes("2026-02-15")).toEqual(["works_overdue"]);
    expect(await codes("2026-02-20")).toEqual([]);
  });

  it("shows an expired certificate (the latest of its kind) and a missing HMO licence where one is needed", async () => {
    const u = await flat();
    await recordCertificate(t.db, null, {
      propertyId: u.property_id,
      unitId: null,
      kind: "gas_safety",
      issuedOn: "2025-01-01",
      expiresOn: "2026-01-01",
      reference: "GS-1",
    });
    const expired = async (on: string) => (await standingOfUnits(t.db, [u.id], on)).get(u.id)!.expired.map((d) => d.code);
    expect(await expired("2026-01-01")).toEqual([]);
    expect(await expired("2026-01-02")).toEqual(["expired_gas_safety"]);
    await recordCertificate(t.db, null, {
      propertyId: u.property_id,
      unitId: u.id,
      kind: "gas_safety",
      issuedOn: "2026-01-05",
      expiresOn: "2027-01-05",
      reference: "",
    });
    expect(await expired("2026-02-01")).toEqual([]);
    await setHmoLicenceRequired(t.db, null, u.property_id, true);
    expect(await expired("2026-02-01")).toEqual(["no_hmo_licence"]);
    const listed = await expiringCertificates(t.db, "2026-12-10", 30);
    expect(listed.filter((c) => c.property_id === u.property_id).map((c) => [c.kind, c.expires_on, c.unit_ref, c.expired])).toEqual([
      ["gas_safety", "2026-01-01", null, true],
      ["gas_safety", "2027-01-05", u.unit_ref, false],
    ]);
  });

  it("refuses bad rows in the database itself: a grade outside A to E, an expiry before the issue date, a unit of another property", async () => {
    const u = await flat();
    const other = await flat();
    await expect(
      t.db
        .insertInto("inspections")
        .values({ property_id: u.property_id, inspected_on: "2026-01-01", inspector: "X", grade: "F" as never })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      t.db
        .insertInto("certificates")
        .values({ property_id: u.property_id, kind: "epc", issued_on: "2026-01-01", expires_on: "2025-01-01" })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      t.db
        .insertInto("inspections")
        .values({ property_id: u.property_id, unit_id: other.id, inspected_on: "2026-01-01", inspector: "X", grade: "A" })
        .execute(),
    ).rejects.toThrow(/foreign key/);
    expect(await refusalOf(inspection(u.property_id, { unitId: other.id }))).toMatchObject({ field: "unit" });
    expect(await t.db.selectFrom("inspections").select("id").where("property_id", "=", u.property_id).execute()).toEqual([]);
  });

  it("lists a do-not-use unit in find a unit with the reason, after the suitable ones, and places there only with a manager's emergency reason", async () => {
    const household = await makeHousehold(t.db, [{ dob: "1980-01-01" }]);
    const bad = await flat();
    await inspection(bad.property_id, { grade: "E", inspectedOn: "2026-01-10" });
    const found = await findUnits(t.db, household.id, {
      start: "2026-04-01",
      nights: 7,
      taType: "nightly_self_contained",
      district: "any",
      stepFreeOnly: false,
      page: 1,
    });
    const shown = found.units.find((x) => x.id === bad.id)!;
    expect(shown.suitability.doNotUse.map((d) => d.message)).toEqual(["Do not use: the latest inspection graded it E"]);
    expect([shown.grade, shown.inspectedOn, shown.suitability.placeable]).toEqual(["E", "2026-01-10", true]);
    const scores = found.units.map((x) => x.suitability.score);
    expect(shown.suitability.score).toBe(Math.max(...scores));

    const base = { householdId: household.id, unitId: bad.id, startDate: "2026-04-01", endDate: null };
    // An officer: refused even with a reason.
    const officer = await refusalOf(
      placeHousehold(t.db, null, { ...base, decision: { reason: "emergency_nothing_suitable", note: "Night" } }),
    );
    expect(officer).toMatchObject({ field: "unitId" });
    expect(officer.message).toContain("only a manager can place a household there");
    // A manager: the emergency reason and a note are required.
    const noReason = await refusalOf(placeHousehold(t.db, null, { ...base, mayUseDoNotUse: true, onlyDoNotUse: true }));
    expect(noReason).toMatchObject({ field: "decision" });
    const wrongReason = await refusalOf(
      placeHousehold(t.db, null, {
        ...base,
        mayUseDoNotUse: true,
        decision: { reason: "household_choice", note: "They asked" },
      }),
    );
    expect(wrongReason).toMatchObject({ field: "decision" });
    const noNote = await refusalOf(
      placeHousehold(t.db, null, {
        ...base,
        mayUseDoNotUse: true,
        decision: { reason: "emergency_nothing_suitable", note: " " },
      }),
    );
    expect(noNote).toMatchObject({ field: "decisionNote" });
    expect(await t.db.selectFrom("placements").select("id").where("household_id", "=", household.id).execute()).toEqual([]);

    const placed = await placeHousehold(t.db, null, {
      ...base,
      mayUseDoNotUse: true,
      onlyDoNotUse: true,
      decision: { reason: "emergency_nothing_suitable", note: "Fire at the family's home at 2am; nothing else free" },
    });
    expect(placed).toEqual(expect.any(Number));
    const row = await t.db
      .selectFrom("placements")
      .select(["unsuitable_reasons", "decision_reason", "decision_note"])
      .where("household_id", "=", household.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      unsuitable_reasons: ["grade_e"],
      decision_reason: "emergency_nothing_suitable",
      decision_note: "Fire at the family's home at 2am; nothing else free",
    });

    // A manager who does not place otherwise cannot transfer into a unit that is not do not use.
    const good = await flat();
    const p = await t.db.selectFrom("placements").select("id").where("household_id", "=", household.id).executeTakeFirstOrThrow();
    const moved = await refusalOf(
      transferHousehold(t.db, null, {
        householdId: household.id,
        placementId: p.id,
        unitId: good.id,
        date: "2026-04-03",
        decision: undefined,
        mayUseDoNotUse: true,
        onlyDoNotUse: true,
      }),
    );
    expect(moved).toMatchObject({ field: "unitId" });
  });

  it("records a household's complaint on its placement and its outcome, refusing one before the placement or decided twice", async () => {
    const household = await makeHousehold(t.db, [{ dob: "1980-01-01" }]);
    const u = await flat();
    const placementId = await placeHousehold(t.db, null, {
      householdId: household.id,
      unitId: u.id,
      startDate: "2026-05-01",
      endDate: null,
    });
    const base = {
      householdId: household.id,
      placementId,
      kind: "disrepair" as const,
      details: "No heating",
      outcome: "open" as const,
      outcomeOn: null,
      outcomeNote: "",
      inspectionRequested: true,
    };
    expect(await refusalOf(recordComplaint(t.db, null, { ...base, receivedOn: "2026-04-30" }))).toMatchObject({ field: "received" });
    const id = await recordComplaint(t.db, null, { ...base, receivedOn: "2026-05-10" });
    expect(id).toEqual(expect.any(Number));
    const other = await makeHousehold(t.db, [{ dob: "1980-01-01" }]);
    await expect(recordComplaint(t.db, null, { ...base, householdId: other.id, receivedOn: "2026-05-10" })).rejects.toBeInstanceOf(
      Response,
    );
    // The complaint asks for an inspection: shown on the property until one is made on or after it.
    expect((await propertyStandards(t.db, u.property_id)).inspectionAsks.map((c) => [c.unit_ref, c.received_on])).toEqual([
      [u.unit_ref, "2026-05-10"],
    ]);
    await inspection(u.property_id, { unitId: u.id, inspectedOn: "2026-05-12", grade: "B" });
    expect((await propertyStandards(t.db, u.property_id)).inspectionAsks).toEqual([]);
    expect(
      await refusalOf(
        decideComplaint(t.db, null, household.id, placementId, id, { outcome: "upheld", outcomeOn: "2026-05-09", outcomeNote: "" }),
      ),
    ).toMatchObject({ field: "decidedOn" });
    expect(
      await decideComplaint(t.db, null, household.id, placementId, id, {
        outcome: "upheld",
        outcomeOn: "2026-05-20",
        outcomeNote: "Boiler fixed",
      }),
    ).toBe(id);
    expect(
      await refusalOf(
        decideComplaint(t.db, null, household.id, placementId, id, { outcome: "not_upheld", outcomeOn: "2026-05-21", outcomeNote: "" }),
      ),
    ).toMatchObject({ field: "_form" });
    expect(
      (await placementComplaints(t.db, placementId)).map((c) => [c.kind, c.received_on, c.outcome, c.outcome_on, c.inspection_requested]),
    ).toEqual([["disrepair", "2026-05-10", "upheld", "2026-05-20", true]]);
  });
});
