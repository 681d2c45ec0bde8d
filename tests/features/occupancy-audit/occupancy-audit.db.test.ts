/**
 * The contact log and the occupancy audit (issue 18, item 6), with hand-worked figures:
 * a visit that found a household gone, the nights and money still paid after it, the
 * nights and money recovered once the placement is ended from the date found, the lists of
 * placements with no contact and of invoice lines for households who had left.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { contactSchema, contactsOf, prepareContact, recordContact } from "~/features/casework/contacts.server";
import { auditFindings, billedAfterLeaving, longVoids, noContactFor } from "~/features/occupancy-audit/occupancy-audit.server";
import { endPlacement } from "~/features/placements/placements.server";
import { parseForm } from "~/lib/forms.server";
import { Refusal } from "~/lib/refusal";

let t: TestDatabase;
let officer: number;
const TODAY = "2026-03-01";

beforeAll(async () => {
  t = await createTestDatabase();
  officer = (
    await t.db
      .insertInto("users")
      .values({ email: "o@example.test", name: "Olu Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function placed(
  ta: string,
  rates: { from: string; pence: number; basis: "night" | "week" }[],
  start: string,
  end: string | null = null,
) {
  const u = await makeUnit(t.db, { ta_type_code: ta, shared: false });
  await t.db.updateTable("units").set({ in_use_from: "2025-06-01" }).where("id", "=", u.id).execute();
  for (const r of rates)
    await t.db.insertInto("unit_rates").values({ unit_id: u.id, effective_from: r.from, amount_pence: r.pence, basis: r.basis }).execute();
  const h = await makeHousehold(t.db);
  const p = await t.db
    .insertInto("placements")
    .values({ household_id: h.id, unit_id: u.id, start_date: start, end_date: end, duty: "s188" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { unit: u, household: h, placementId: p.id };
}

const form = (v: Record<string, string>) => {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.append(k, x);
  return parseForm(f, contactSchema(TODAY), prepareContact);
};

describe(`the contact log on ${ENGINE}`, () => {
  it("refuses a future date, an outcome on a contact that is not a visit and a missing kind, in GOV.UK words", () => {
    const bad = form({ "contact_on-day": "2", "contact_on-month": "3", "contact_on-year": "2026", kind: "phone", outcome: "left" });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors).toEqual({
        contact_on: "Date of the contact must be today or in the past",
        outcome: "Only a home visit at the placement has an outcome: leave the outcome empty, or choose home visit",
      });
    const none = form({ "contact_on-day": "1", "contact_on-month": "3", "contact_on-year": "2026", contact_time: "25:00" });
    expect(none.ok).toBe(false);
    if (!none.ok)
      expect(none.errors).toEqual({
        contact_time: "Enter the time as hours and minutes on the 24-hour clock, like 14:30",
        kind: "Select the kind of contact",
      });
    const visit = form({ "contact_on-day": "1", "contact_on-month": "3", "contact_on-year": "2026", kind: "visit" });
    expect(visit.ok).toBe(false);
    if (!visit.ok) expect(visit.errors).toEqual({ outcome: "Select what the visit found" });
    const ok = form({ "contact_on-day": "1", "contact_on-month": "3", "contact_on-year": "2026", contact_time: "9.05", kind: "office" });
    expect(ok.ok && ok.data).toEqual({ contact_on: "2026-03-01", contact_time: "09:05", kind: "office", outcome: null, note: "" });
  });

  it("records a visit at the placement held that night, audited; refuses a visit with no placement and saves nothing", async () => {
    const s = await placed("nightly_self_contained", [{ from: "2026-01-01", pence: 6000, basis: "night" }], "2026-01-10");
    await expect(
      recordContact(
        t.db,
        officer,
        s.household.id,
        { contactOn: "2026-01-05", contactTime: null, kind: "visit", outcome: "confirmed", note: "" },
        TODAY,
      ),
    ).rejects.toThrow(
      new Refusal("contact_on", "The household had no placement on 5 January 2026: a home visit must be on a night they were placed"),
    );
    await expect(
      recordContact(
        t.db,
        officer,
        s.household.id,
        { contactOn: "2026-03-02", contactTime: null, kind: "phone", outcome: null, note: "" },
        TODAY,
      ),
    ).rejects.toThrow("Date of the contact must be today or in the past");
    expect(await t.db.selectFrom("contacts").select("id").where("household_id", "=", s.household.id).execute()).toEqual([]);

    const id = await recordContact(
      t.db,
      officer,
      s.household.id,
      { contactOn: "2026-02-01", contactTime: "10:30", kind: "visit", outcome: "confirmed", note: "Seen with both children" },
      TODAY,
    );
    const row = await t.db.selectFrom("contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      placement_id: s.placementId,
      kind: "visit",
      outcome: "confirmed",
      placement_end_then: null,
      recorded_by: officer,
    });
    const a = await t.db
      .selectFrom("audit_events")
      .selectAll()
      .where("entity", "=", "contact")
      .where("entity_id", "=", String(id))
      .execute();
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ action: "record", household_id: s.household.id, user_id: officer });
    const list = await contactsOf(t.db, s.household.id);
    expect(list.map((c) => [c.on, c.time, c.kind, c.outcome, c.recordedBy, c.endFrom])).toEqual([
      ["1 February 2026", "10:30", "Home visit at the placement", "Confirmed living there", "Olu Officer", null],
    ]);
  });
});

describe(`the occupancy audit's figures on ${ENGINE}`, () => {
  it("counts the nights and money still paid after a visit found the household gone, then recovered once the placement is ended from that date", async () => {
    // Nightly paid, per occupied night: £60 a night, £70 from 15 February; placed 10 January, open.
    const n = await placed(
      "nightly_self_contained",
      [
        { from: "2026-01-01", pence: 6000, basis: "night" },
        { from: "2026-02-15", pence: 7000, basis: "night" },
      ],
      "2026-01-10",
    );
    await recordContact(
      t.db,
      officer,
      n.household.id,
      { contactOn: "2026-02-10", contactTime: null, kind: "visit", outcome: "left", note: "" },
      TODAY,
    );
    const before = (await auditFindings(t.db, TODAY)).rows.find((r) => r.placementId === n.placementId)!;
    // 10 Feb to 28 Feb: 5 nights at £60 + 14 at £70 = £1,280.
    expect(before).toMatchObject({ foundOn: "2026-02-10", outcome: "left", paidFor: "occupied_nights", endNow: null });
    expect([before.stillPaidNights, before.stillPaidPence, before.recoveredNights, before.recoveredPence]).toEqual([19, 128_000, 0, 0]);
    expect((await contactsOf(t.db, n.household.id))[0].endFrom).toBe("2026-02-10");

    const r = await endPlacement(t.db, officer, {
      householdId: n.household.id,
      placementId: n.placementId,
      endDate: "2026-02-10",
      reason: "Found gone on a home visit",
      leavesTa: true,
      destination: "other",
    });
    expect(r).toBe(n.placementId);
    const after = (await auditFindings(t.db, TODAY)).rows.find((x) => x.placementId === n.placementId)!;
    expect([after.stillPaidNights, after.stillPaidPence, after.recoveredNights, after.recoveredPence]).toEqual([0, 0, 19, 128_000]);
    expect(after.endNow).toBe("2026-02-10");
    expect((await contactsOf(t.db, n.household.id))[0].endFrom).toBeNull();
    // A day later one more night has passed that is no longer paid.
    const next = (await auditFindings(t.db, "2026-03-02")).rows.find((x) => x.placementId === n.placementId)!;
    expect([next.recoveredNights, next.recoveredPence]).toEqual([20, 135_000]);

    // The invoice billed 1 to 19 February (19 nights, £1,140) after the household left on 10 February: 10 nights, £600 pro rata.
    const provider = await t.db
      .selectFrom("units as u")
      .innerJoin("properties as p", "p.id", "u.property_id")
      .select("p.provider_id")
      .where("u.id", "=", n.unit.id)
      .executeTakeFirstOrThrow();
    const inv = await t.db
      .insertInto("invoices")
      .values({ provider_id: provider.provider_id, invoice_ref: "INV-AUDIT-1", received_on: "2026-02-25" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("invoice_lines")
      .values({
        invoice_id: inv.id,
        line_no: 1,
        unit_ref: n.unit.unit_ref,
        household_ref: n.household.case_ref,
        from_date: "2026-02-01",
        to_date: "2026-02-20",
        amount_pence: 114_000,
      })
      .execute();
    const billed = (await billedAfterLeaving(t.db)).filter((b) => b.invoiceRef === "INV-AUDIT-1");
    expect(billed.map((b) => [b.caseRef, b.leftOn, b.nightsAfter, b.linePence, b.afterPence, b.paidFor])).toEqual([
      [n.household.case_ref, "2026-02-10", 10, 114_000, 60_000, "occupied_nights"],
    ]);
  });

  it("prices a weekly rate in whole weeks from the stay's start, and caps recovered nights at the end the placement had when the visit was recorded", async () => {
    // £350.07 a week; placed 3 January, due to end 28 February; found gone 14 February.
    const w = await placed("nightly_self_contained", [{ from: "2026-01-01", pence: 35_007, basis: "week" }], "2026-01-03", "2026-02-28");
    await recordContact(
      t.db,
      officer,
      w.household.id,
      { contactOn: "2026-02-14", contactTime: null, kind: "visit", outcome: "irregular", note: "Sublet" },
      TODAY,
    );
    const f1 = (await auditFindings(t.db, TODAY)).rows.find((r) => r.placementId === w.placementId)!;
    expect([f1.stillPaidNights, f1.stillPaidPence, f1.recoveredNights]).toEqual([14, 70_014, 0]);
    await t.db.updateTable("placements").set({ end_date: "2026-02-14" }).where("id", "=", w.placementId).execute();
    const f2 = (await auditFindings(t.db, "2026-03-20")).rows.find((r) => r.placementId === w.placementId)!;
    expect([f2.stillPaidNights, f2.stillPaidPence, f2.recoveredNights, f2.recoveredPence]).toEqual([0, 0, 14, 70_014]);
  });

  it("counts nights but no money for a unit paid for every night, and drops a finding a later visit contradicts", async () => {
    const l = await placed("private_leased", [{ from: "2026-01-01", pence: 5000, basis: "night" }], "2026-01-05");
    await recordContact(
      t.db,
      officer,
      l.household.id,
      { contactOn: "2026-02-20", contactTime: null, kind: "visit", outcome: "left", note: "" },
      TODAY,
    );
    const f = (await auditFindings(t.db, TODAY)).rows.find((r) => r.placementId === l.placementId)!;
    expect([f.paidFor, f.stillPaidNights, f.stillPaidPence]).toEqual(["every_night", 9, 0]);
    await recordContact(
      t.db,
      officer,
      l.household.id,
      { contactOn: "2026-02-25", contactTime: null, kind: "visit", outcome: "confirmed", note: "Back" },
      TODAY,
    );
    expect((await auditFindings(t.db, TODAY)).rows.find((r) => r.placementId === l.placementId)).toBeUndefined();
  });

  it("lists placements with no contact for N weeks (an absent visit is not a contact) and long voids", async () => {
    const a = await placed("bnb", [], "2025-12-01");
    const b = await placed("bnb", [], "2025-12-01");
    const c = await placed("bnb", [], "2025-12-01");
    const d = await placed("bnb", [], "2026-02-01");
    await recordContact(
      t.db,
      officer,
      a.household.id,
      { contactOn: "2025-12-20", contactTime: null, kind: "phone", outcome: null, note: "" },
      TODAY,
    );
    await recordContact(
      t.db,
      officer,
      b.household.id,
      { contactOn: "2025-12-10", contactTime: null, kind: "letter", outcome: null, note: "" },
      TODAY,
    );
    await recordContact(
      t.db,
      officer,
      b.household.id,
      { contactOn: "2026-02-01", contactTime: null, kind: "visit", outcome: "absent", note: "" },
      TODAY,
    );
    await recordContact(
      t.db,
      officer,
      c.household.id,
      { contactOn: "2026-01-20", contactTime: null, kind: "email", outcome: null, note: "" },
      TODAY,
    );
    const ours = new Set([a, b, c, d].map((x) => x.placementId));
    const eight = (await noContactFor(t.db, TODAY, 8)).filter((r) => ours.has(r.placementId));
    expect(eight.map((r) => [r.caseRef, r.lastContactOn, r.weeks])).toEqual([
      [b.household.case_ref, "2025-12-10", 11],
      [a.household.case_ref, "2025-12-20", 10],
    ]);
    const four = (await noContactFor(t.db, TODAY, 4)).filter((r) => ours.has(r.placementId));
    expect(four.map((r) => r.caseRef)).toEqual([b.household.case_ref, a.household.case_ref, c.household.case_ref, d.household.case_ref]);

    // A leased unit empty since 1 February (in use from 1 June 2025, never placed before): 28 nights to last night at £40.
    const v = await makeUnit(t.db, { ta_type_code: "private_leased", shared: false });
    await t.db.updateTable("units").set({ in_use_from: "2026-02-01" }).where("id", "=", v.id).execute();
    await t.db
      .insertInto("unit_rates")
      .values({ unit_id: v.id, effective_from: "2026-01-01", amount_pence: 4000, basis: "night" })
      .execute();
    const long = (await longVoids(t.db, TODAY, 28)).filter((r) => r.unitId === v.id);
    expect(long.map((r) => [r.emptySince, r.nights, r.pence])).toEqual([["2026-02-01", 28, 112_000]]);
    expect((await longVoids(t.db, TODAY, 29)).filter((r) => r.unitId === v.id)).toEqual([]);
  });
});
