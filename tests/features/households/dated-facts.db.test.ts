/**
 * Facts with dates (issue 16, item 4): a household's make-up, pregnancy and wait for a
 * placement are kept with the nights they were true, so a report for a past night counts
 * what was true then, and a quarter's TA1 is unchanged by later edits dated after it.
 * Every change goes through the officers' own functions (register, edit, place, awaiting).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeUnit } from "../../support/factories";
import { householdSnapshot, registerHousehold, setAwaiting, updateHousehold } from "~/features/casework/casework.server";
import type { HouseholdInput } from "~/features/households/household-form.server";
import { placeHousehold } from "~/features/placements/placements.server";
import { ta1, ta2, ta1Households } from "~/features/reports/reports.server";
import { householdFactsOn } from "~/features/households/household-facts.server";

/** The officer's recorded decision, for placements in units that do not suit the household. */
const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

let t: TestDatabase;
let officer: number;

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

const couple = (caseRef: string): HouseholdInput => ({
  caseRef,
  duty: "s193",
  stepFreeNeeded: false,
  supportNeeds: "",
  awaiting: true,
  members: [
    { id: null, name: "Ada Adult", dateOfBirth: "1990-05-01", relationship: "lead", sex: "female", pregnant: true },
    { id: null, name: "Bo Adult", dateOfBirth: "1989-03-02", relationship: "partner", sex: "male", pregnant: false },
    { id: null, name: "Cy Child", dateOfBirth: "2015-07-09", relationship: "child", sex: "male", pregnant: false },
  ],
});

const awaitingOn = async (d: string) =>
  (await sql<{ household_id: number }>`SELECT household_id FROM households_awaiting_on(${d}::date)`.execute(t.db)).rows.map((r) =>
    Number(r.household_id),
  );
const sixWeeks = async (id: number, d: string) =>
  (
    await sql<{ status: string; family: boolean }>`SELECT status, family FROM six_weeks_on(${d}::date, ARRAY[${id}]::bigint[])`.execute(
      t.db,
    )
  ).rows[0];

describe(`facts with dates on ${ENGINE}`, () => {
  it("counts a pregnancy from the night it was recorded to the night it ended", async () => {
    const single: HouseholdInput = { ...couple("PREG-1"), members: [couple("x").members[0]] };
    const id = await registerHousehold(t.db, officer, single, "2026-02-10");
    expect(await householdFactsOn(t.db, id, "2026-02-09")).toMatchObject({ expected_children: 0, with_children: false });
    expect(await householdFactsOn(t.db, id, "2026-02-10")).toMatchObject({ expected_children: 1, with_children: true });
    const snap = (await householdSnapshot(t.db, id))!;
    // The pregnancy ends on 1 June (recorded that day): counted to 31 May, not after.
    await updateHousehold(
      t.db,
      officer,
      id,
      { ...single, members: [{ ...single.members[0], id: snap.members[0].id, pregnant: false }] },
      "2026-06-01",
    );
    expect(await householdFactsOn(t.db, id, "2026-05-31")).toMatchObject({ expected_children: 1, with_children: true });
    expect(await householdFactsOn(t.db, id, "2026-06-01")).toMatchObject({ expected_children: 0, with_children: false });
    // Recorded and ended on one day: it never counted.
    await updateHousehold(
      t.db,
      officer,
      id,
      { ...single, members: [{ ...single.members[0], id: snap.members[0].id, pregnant: true }] },
      "2026-07-01",
    );
    await updateHousehold(
      t.db,
      officer,
      id,
      { ...single, members: [{ ...single.members[0], id: snap.members[0].id, pregnant: false }] },
      "2026-07-01",
    );
    expect(await householdFactsOn(t.db, id, "2026-07-01")).toMatchObject({ expected_children: 0 });
    const periods = await t.db.selectFrom("member_pregnancies").select(["from_date", "to_date"]).where("household_id", "=", id).execute();
    expect(periods).toEqual([{ from_date: "2026-02-10", to_date: "2026-06-01" }]);
  });

  it("keeps a member who left counted on the nights before, and one who joined from the night they joined", async () => {
    const id = await registerHousehold(
      t.db,
      officer,
      { ...couple("MOVE-1"), members: couple("x").members.map((m) => ({ ...m, pregnant: false })) },
      "2026-01-05",
    );
    const snap = (await householdSnapshot(t.db, id))!;
    expect(await householdFactsOn(t.db, id, "2026-03-01")).toMatchObject({
      household_type: "couple_with_children",
      ta2: "couple_with_dependent_children",
      adults: 2,
      children: 1,
    });
    // On 1 April the partner leaves and a baby born on 20 March joins.
    const [ada, , cy] = snap.members;
    await updateHousehold(
      t.db,
      officer,
      id,
      {
        ...couple("MOVE-1"),
        members: [
          { id: ada.id, name: ada.name, dateOfBirth: ada.date_of_birth, relationship: "lead", sex: "female", pregnant: false },
          { id: cy.id, name: cy.name, dateOfBirth: cy.date_of_birth, relationship: "child", sex: "male", pregnant: false },
          { id: null, name: "Di Baby", dateOfBirth: "2026-03-20", relationship: "child", sex: "female", pregnant: false },
        ],
      },
      "2026-04-01",
    );
    expect(await householdFactsOn(t.db, id, "2026-03-31")).toMatchObject({
      household_type: "couple_with_children",
      adults: 2,
      children: 1,
    });
    expect(await householdFactsOn(t.db, id, "2026-04-01")).toMatchObject({
      household_type: "single_parent",
      ta2: "single_parent_female",
      adults: 1,
      children: 2,
    });
    const former = await t.db.selectFrom("former_household_members").select(["name", "left_on"]).where("household_id", "=", id).execute();
    expect(former).toEqual([{ name: "Bo Adult", left_on: "2026-04-01" }]);
    // The household page shows the household as it is now.
    expect((await householdSnapshot(t.db, id))!.members.map((m) => m.name)).toEqual(["Ada Adult", "Cy Child", "Di Baby"]);
  });

  it("keeps the wait for a placement on the nights it was true, after the household is placed", async () => {
    const id = await registerHousehold(t.db, officer, couple("WAIT-1"), "2026-02-01");
    const unit = await makeUnit(t.db, { ta_type_code: "private_leased", shared: false, bedrooms: 3 });
    const placed = await placeHousehold(t.db, officer, {
      decision: EMERGENCY,
      householdId: id,
      unitId: unit.id,
      startDate: "2026-03-01",
      endDate: null,
    });
    expect(placed).toEqual(expect.any(Number));
    expect(await awaitingOn("2026-01-31")).not.toContain(id);
    expect(await awaitingOn("2026-02-15")).toContain(id);
    expect(await awaitingOn("2026-02-28")).toContain(id);
    expect(await awaitingOn("2026-03-01")).not.toContain(id);
    // Marked as waiting again later, then cleared: both periods kept.
    await t.db.updateTable("placements").set({ end_date: "2026-05-01" }).where("household_id", "=", id).execute();
    await setAwaiting(t.db, officer, id, true, "2026-05-01");
    await setAwaiting(t.db, officer, id, false, "2026-05-10");
    expect(await awaitingOn("2026-05-05")).toContain(id);
    expect(await awaitingOn("2026-05-10")).not.toContain(id);
    expect(await awaitingOn("2026-02-15")).toContain(id);
  });

  it("leaves a past quarter's TA1 and TA2 unchanged by later edits dated after it", async () => {
    const id = await registerHousehold(t.db, officer, couple("TA1-PAST"), "2025-12-01");
    const bnb = await makeUnit(t.db, { ta_type_code: "bnb" });
    expect(
      await placeHousehold(t.db, officer, {
        decision: EMERGENCY,
        householdId: id,
        unitId: bnb.id,
        startDate: "2026-01-01",
        endDate: null,
      }),
    ).toEqual(expect.any(Number));
    const QUARTER = "2026-03-31";
    const [ta1Before, ta2Before, behindBefore] = [await ta1(t.db, QUARTER), await ta2(t.db, QUARTER), await ta1Households(t.db, QUARTER)];
    expect(behindBefore.get("bnb_with_children_over_6_weeks")).toContain(id);
    expect(await sixWeeks(id, QUARTER)).toEqual({ status: "breach", family: true });

    // In April: the pregnancy ends, the child and the partner leave.
    const snap = (await householdSnapshot(t.db, id))!;
    const ada = snap.members[0];
    await updateHousehold(
      t.db,
      officer,
      id,
      {
        ...couple("TA1-PAST"),
        members: [{ id: ada.id, name: ada.name, dateOfBirth: ada.date_of_birth, relationship: "lead", sex: "female", pregnant: false }],
      },
      "2026-04-15",
    );
    expect(await ta1(t.db, QUARTER)).toEqual(ta1Before);
    expect(await ta2(t.db, QUARTER)).toEqual(ta2Before);
    expect(await ta1Households(t.db, QUARTER)).toEqual(behindBefore);
    expect(await sixWeeks(id, QUARTER)).toEqual({ status: "breach", family: true });
    // From the night of the change the household is a single adult, out of the six-week rule.
    expect(await sixWeeks(id, "2026-04-15")).toEqual({ status: "not_applicable", family: false });
    expect(await householdFactsOn(t.db, id, "2026-04-15")).toMatchObject({ household_type: "single_adult", ta2: "single_adult_female" });
  });
});
