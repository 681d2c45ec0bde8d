import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { settled } from "../../support/refusal";
import {
  placeHousehold,
  transferHousehold,
  endPlacement,
  correctPlacementDates,
  cancelPlacement,
} from "~/features/placements/placements.server";
import { addOutOfService, cancelOutOfService, retireUnit, unitCalendar } from "~/features/stock/stock.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const placement = (id: number) => t.db.selectFrom("placements").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const audits = (entityId: number) =>
  t.db
    .selectFrom("audit_events")
    .selectAll()
    .where("entity", "=", "placement")
    .where("entity_id", "=", String(entityId))
    .orderBy("id")
    .execute();

async function placed(start = "2026-03-01", end: string | null = null) {
  const unit = await makeUnit(t.db);
  const h = await makeHousehold(t.db);
  const placementId = await placeHousehold(t.db, null, { householdId: h.id, unitId: unit.id, startDate: start, endDate: end });
  return { unit, h, placementId };
}

describe(`placing, transferring, ending and correcting on ${ENGINE}`, () => {
  it("places a household and audits it", async () => {
    const { placementId, h } = await placed();
    expect((await placement(placementId)).household_id).toBe(h.id);
    expect((await audits(placementId)).map((a) => a.action)).toEqual(["place"]);
  });

  it("transfers in one transaction: old placement ends on the date the new one starts, one episode", async () => {
    const { h, placementId } = await placed("2026-03-01");
    const to = await makeUnit(t.db, { ta_type_code: "nightly_self_contained", shared: false, providerType: "agent" });
    const r = await settled(transferHousehold(t.db, null, { householdId: h.id, placementId, unitId: to.id, date: "2026-03-20" }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const old = await placement(placementId);
    const next = await placement(r.value);
    expect([old.end_date, old.destination, next.start_date, next.end_date, next.unit_id]).toEqual([
      "2026-03-20",
      null,
      "2026-03-20",
      null,
      to.id,
    ]);
    const eps = await t.db.selectFrom("episodes").selectAll().where("household_id", "=", h.id).execute();
    expect(eps).toHaveLength(1);
    expect(eps[0].placements).toBe(2);
    expect((await audits(placementId)).map((a) => a.action)).toEqual(["place", "end (transfer)"]);
    expect((await audits(r.value)).map((a) => a.action)).toEqual(["transfer"]);
  });

  it("a transfer refused part-way (the new unit is booked) leaves the old placement open and nothing written", async () => {
    const { h, placementId } = await placed("2026-03-01");
    const busy = await placed("2026-03-15");
    const before = await placement(placementId);
    const auditCount = (
      await t.db
        .selectFrom("audit_events")
        .select(sql<number>`count(*)`.as("n"))
        .executeTakeFirstOrThrow()
    ).n;
    // The old placement's end is written first; the insert into the booked unit then fails in the database.
    const r = await settled(transferHousehold(t.db, null, { householdId: h.id, placementId, unitId: busy.unit.id, date: "2026-03-20" }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.clash).toMatchObject({ kind: "placement", householdId: busy.h.id });
    expect(r.message).toContain(busy.h.case_ref);
    expect(await placement(placementId)).toEqual(before);
    expect(
      (
        await t.db
          .selectFrom("placements")
          .select(sql<number>`count(*)`.as("n"))
          .where("household_id", "=", h.id)
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(1);
    expect(
      (
        await t.db
          .selectFrom("audit_events")
          .select(sql<number>`count(*)`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(auditCount);
  });

  it("a transfer refused by the rules after the old end was written (household too big) leaves nothing", async () => {
    const { h, placementId } = await placed("2026-03-01");
    await t.db
      .insertInto("household_members")
      .values(
        [1, 2, 3].map((i) => ({ household_id: h.id, name: `Child ${i}`, date_of_birth: "2020-01-01", relationship: "child" as const })),
      )
      .execute();
    const small = await makeUnit(t.db, { max_occupants: 2 });
    const before = await placement(placementId);
    const r = await settled(transferHousehold(t.db, null, { householdId: h.id, placementId, unitId: small.id, date: "2026-03-20" }));
    expect(r).toMatchObject({ ok: false, field: "unitId" });
    expect(await placement(placementId)).toEqual(before);
  });

  it("refuses a transfer date outside the current placement, and another household's placement", async () => {
    const { h, placementId } = await placed("2026-03-01", "2026-04-01");
    const to = await makeUnit(t.db);
    expect(
      await settled(transferHousehold(t.db, null, { householdId: h.id, placementId, unitId: to.id, date: "2026-03-01" })),
    ).toMatchObject({
      ok: false,
      field: "date",
    });
    expect(
      await settled(transferHousehold(t.db, null, { householdId: h.id, placementId, unitId: to.id, date: "2026-04-01" })),
    ).toMatchObject({
      ok: false,
      field: "date",
    });
    const other = await makeHousehold(t.db);
    expect(
      await settled(transferHousehold(t.db, null, { householdId: other.id, placementId, unitId: to.id, date: "2026-03-10" })),
    ).toMatchObject({
      ok: false,
      message: "This placement does not belong to this household",
    });
    expect((await placement(placementId)).end_date).toBe("2026-04-01");
  });

  it("ends a placement leaving TA only with a destination, and a move without one", async () => {
    const { h, placementId } = await placed("2026-03-01");
    expect(
      await settled(
        endPlacement(t.db, null, {
          householdId: h.id,
          placementId,
          endDate: "2026-05-01",
          reason: "Offer",
          leavesTa: true,
          destination: null,
        }),
      ),
    ).toMatchObject({ ok: false, field: "destination" });
    expect(
      await settled(
        endPlacement(t.db, null, {
          householdId: h.id,
          placementId,
          endDate: "2026-05-01",
          reason: "Move",
          leavesTa: false,
          destination: "social_housing",
        }),
      ),
    ).toMatchObject({ ok: false, field: "destination" });
    expect(
      await settled(
        endPlacement(t.db, null, {
          householdId: h.id,
          placementId,
          endDate: "2026-02-01",
          reason: "x",
          leavesTa: true,
          destination: "social_housing",
        }),
      ),
    ).toMatchObject({ ok: false, field: "endDate" });
    expect(
      await settled(
        endPlacement(t.db, null, {
          householdId: h.id,
          placementId,
          endDate: "2026-05-01",
          reason: "Accepted an offer",
          leavesTa: true,
          destination: "social_housing",
        }),
      ),
    ).toMatchObject({ ok: true });
    const p = await placement(placementId);
    expect([p.end_date, p.destination, p.end_reason]).toEqual(["2026-05-01", "social_housing", "Accepted an offer"]);
    const ep = await t.db.selectFrom("episodes").selectAll().where("household_id", "=", h.id).executeTakeFirstOrThrow();
    expect([ep.end_date, ep.destination]).toEqual(["2026-05-01", "social_housing"]);
    const a = await audits(placementId);
    expect(a.at(-1)!.action).toBe("end");
    expect((a.at(-1)!.before as { end_date: string | null }).end_date).toBeNull();

    const second = await placed("2026-03-01");
    expect(
      await settled(
        endPlacement(t.db, null, {
          householdId: second.h.id,
          placementId: second.placementId,
          endDate: "2026-04-01",
          reason: "Moved",
          leavesTa: false,
          destination: null,
        }),
      ),
    ).toMatchObject({ ok: true });
    expect((await placement(second.placementId)).destination).toBeNull();
  });

  it("corrects dates with a reason, audited before and after, and re-runs the clash check with a link target", async () => {
    const { h, placementId, unit } = await placed("2026-03-01", "2026-03-10");
    const r = await settled(
      correctPlacementDates(t.db, null, {
        householdId: h.id,
        placementId,
        startDate: "2026-03-02",
        endDate: "2026-03-12",
        reason: "Arrived a day late",
      }),
    );
    expect(r.ok).toBe(true);
    const last = (await audits(placementId)).at(-1)!;
    expect(last.action).toBe("correct dates");
    expect(last.before).toMatchObject({ start_date: "2026-03-01", end_date: "2026-03-10" });
    expect(last.after).toMatchObject({ start_date: "2026-03-02", end_date: "2026-03-12", correction_reason: "Arrived a day late" });
    // Someone else is booked from the 20th; stretching into that is refused, naming them.
    const other = await makeHousehold(t.db);
    await placeHousehold(t.db, null, { householdId: other.id, unitId: unit.id, startDate: "2026-03-20", endDate: null });
    const clash = await settled(
      correctPlacementDates(t.db, null, {
        householdId: h.id,
        placementId,
        startDate: "2026-03-02",
        endDate: "2026-03-25",
        reason: "typo",
      }),
    );
    expect(clash).toMatchObject({ ok: false, clash: { kind: "placement", householdId: other.id } });
    expect((await placement(placementId)).end_date).toBe("2026-03-12");
  });

  it("refuses a second open placement unless it is recorded as a split placement", async () => {
    const { h } = await placed("2026-03-01");
    const second = await makeUnit(t.db);
    const r = await settled(placeHousehold(t.db, null, { householdId: h.id, unitId: second.id, startDate: "2026-03-05", endDate: null }));
    expect(r).toMatchObject({ ok: false, field: "unitId" });
    if (!r.ok) expect(r.message).toMatch(/already has a placement.*split placement/);
    expect(
      (
        await settled(
          placeHousehold(t.db, null, { householdId: h.id, unitId: second.id, startDate: "2026-03-05", endDate: null, isSplit: true }),
        )
      ).ok,
    ).toBe(true);
  });

  it("refuses to end, correct or cancel another household's placement (tampered ids) and changes nothing", async () => {
    const { placementId } = await placed("2026-03-01");
    const other = await makeHousehold(t.db);
    const before = await placement(placementId);
    const refusal = { ok: false, message: "This placement does not belong to this household" };
    expect(
      await settled(
        endPlacement(t.db, null, {
          householdId: other.id,
          placementId,
          endDate: "2026-04-01",
          reason: "x",
          leavesTa: false,
          destination: null,
        }),
      ),
    ).toMatchObject(refusal);
    expect(
      await settled(
        correctPlacementDates(t.db, null, { householdId: other.id, placementId, startDate: "2026-03-02", endDate: null, reason: "x" }),
      ),
    ).toMatchObject(refusal);
    expect(await settled(cancelPlacement(t.db, null, { householdId: other.id, placementId, reason: "x" }))).toMatchObject(refusal);
    expect(await placement(placementId)).toEqual(before);
  });

  it("cancels a placement made in error: it leaves the calendar and the episodes", async () => {
    const { h, placementId, unit } = await placed("2026-03-01");
    expect(await settled(cancelPlacement(t.db, null, { householdId: h.id, placementId, reason: "Wrong household" }))).toMatchObject({
      ok: true,
    });
    expect((await placement(placementId)).cancel_reason).toBe("Wrong household");
    expect(await t.db.selectFrom("unit_calendar").selectAll().where("unit_id", "=", unit.id).execute()).toEqual([]);
    expect(await t.db.selectFrom("episodes").selectAll().where("household_id", "=", h.id).execute()).toEqual([]);
    expect(await settled(cancelPlacement(t.db, null, { householdId: h.id, placementId, reason: "again" }))).toMatchObject({ ok: false });
  });
});

describe(`stock on ${ENGINE}`, () => {
  it("refuses out of service over a placement, naming the household; allows it after and cancels it", async () => {
    const { unit, h } = await placed("2026-03-01", "2026-03-10");
    const user = await t.db
      .insertInto("users")
      .values({ email: `o${Date.now()}@x.test`, name: "Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = await settled(addOutOfService(t.db, user.id, { unitId: unit.id, startDate: "2026-03-05", endDate: null, reason: "Leak" }));
    expect(r).toMatchObject({ ok: false, field: "startDate", clash: { kind: "placement", householdId: h.id } });
    if (!r.ok) expect(r.message).toContain(h.case_ref);
    const ok = await settled(
      addOutOfService(t.db, user.id, { unitId: unit.id, startDate: "2026-03-10", endDate: "2026-03-20", reason: "Leak" }),
    );
    expect(ok.ok).toBe(true);
    // A placement into the period is refused with the period named.
    const other = await makeHousehold(t.db);
    const p = await settled(placeHousehold(t.db, null, { householdId: other.id, unitId: unit.id, startDate: "2026-03-15", endDate: null }));
    expect(p).toMatchObject({ ok: false, clash: { kind: "out_of_service" } });
    if (!p.ok) expect(p.message).toContain("out of service");
    if (!ok.ok) return;
    expect(await settled(cancelOutOfService(t.db, user.id, unit.id, ok.value))).toMatchObject({ ok: true });
    expect(
      (await settled(placeHousehold(t.db, null, { householdId: other.id, unitId: unit.id, startDate: "2026-03-15", endDate: null }))).ok,
    ).toBe(true);
  });

  it("refuses to retire a unit before its last placement's nights; allows it on the check-out date", async () => {
    const { unit, h } = await placed("2026-03-01", "2026-03-10");
    const r = await settled(retireUnit(t.db, null, unit.id, "2026-03-09"));
    expect(r).toMatchObject({ ok: false, field: "retiredOn", clash: { householdId: h.id } });
    expect((await t.db.selectFrom("units").select("retired_on").where("id", "=", unit.id).executeTakeFirstOrThrow()).retired_on).toBeNull();
    const open = await placed("2026-03-01");
    expect(await settled(retireUnit(t.db, null, open.unit.id, "2027-01-01"))).toMatchObject({ ok: false });
    const users = await t.db
      .insertInto("users")
      .values({ email: `r${Date.now()}@x.test`, name: "Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await settled(retireUnit(t.db, users.id, unit.id, "2026-03-10"))).toMatchObject({ ok: true });
    // A retired unit cannot take a placement after it retires.
    const other = await makeHousehold(t.db);
    expect(
      await settled(placeHousehold(t.db, null, { householdId: other.id, unitId: unit.id, startDate: "2026-03-12", endDate: null })),
    ).toMatchObject({ ok: false, field: "unitId" });
  });

  it("shows a unit's calendar with placements, out-of-service periods and the voids between", async () => {
    const { unit, h } = await placed("2026-03-05", "2026-03-10");
    const users = await t.db
      .insertInto("users")
      .values({ email: `c${Date.now()}@x.test`, name: "Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await addOutOfService(t.db, users.id, { unitId: unit.id, startDate: "2026-03-12", endDate: "2026-03-14", reason: "Paint" });
    const cal = await unitCalendar(t.db, unit.id, { from: "2026-03-01", to: "2026-03-20" }, { from: null, retiredOn: null });
    expect(cal.map((c) => `${c.kind}:${c.from}-${c.to}`)).toEqual([
      "void:2026-03-01-2026-03-05",
      "placement:2026-03-05-2026-03-10",
      "void:2026-03-10-2026-03-12",
      "out_of_service:2026-03-12-2026-03-14",
      "void:2026-03-14-2026-03-20",
    ]);
    expect(cal[1]).toMatchObject({ householdId: h.id, caseRef: h.case_ref });
  });
});

describe.skipIf(ENGINE !== "pg")("transfers at the same moment on real PostgreSQL", () => {
  it("two officers transferring two households into one unit at once: exactly one wins, the other is left as it was", async () => {
    const a = await placed("2026-03-01");
    const b = await placed("2026-03-01");
    const target = await makeUnit(t.db);
    const other = await t.second();
    const results = await Promise.all([
      settled(transferHousehold(t.db, null, { householdId: a.h.id, placementId: a.placementId, unitId: target.id, date: "2026-03-20" })),
      settled(
        transferHousehold(other.db, null, { householdId: b.h.id, placementId: b.placementId, unitId: target.id, date: "2026-03-21" }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results[0].ok ? b : a;
    const refused = results.find((r) => !r.ok)!;
    expect(refused).toMatchObject({ ok: false, clash: { kind: "placement" } });
    expect((await placement(loser.placementId)).end_date).toBeNull();
    const nights = await t.db.selectFrom("unit_calendar").selectAll().where("unit_id", "=", target.id).execute();
    expect(nights).toHaveLength(1);
  });
});
