import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { setSetting } from "~/lib/settings.server";
import {
  createReview,
  decideReview,
  householdSnapshot,
  recordS208Notice,
  registerHousehold,
  saveMoveOnPlan,
  saveNotificationType,
  setAwaiting,
  updateHousehold,
} from "~/features/casework/casework.server";
import { Refusal } from "~/lib/refusal";
import type { HouseholdInput } from "~/features/households/household-form.server";
import {
  arrivalsAndDepartures,
  awaitingPlacement,
  bnbWarnings,
  LIST_LIMIT,
  moveOnPastTarget,
  s202Overdue,
  s208Overdue,
  todayLists,
  WHOLE_LISTS,
} from "~/features/casework/today.server";
import { householdPage } from "~/features/casework/case-page.server";

let t: TestDatabase;
let officer: number;
const COUNCIL = "E08000012";
const ELSEWHERE = "E08000014";

beforeAll(async () => {
  t = await createTestDatabase();
  await setSetting(t.db, "council_gss", COUNCIL);
  officer = (
    await t.db
      .insertInto("users")
      .values({ email: "o@example.test", name: "Olu Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
});

const family = (caseRef: string): HouseholdInput => ({
  caseRef,
  duty: "s188",
  stepFreeNeeded: false,
  supportNeeds: "",
  awaiting: true,
  members: [
    { id: null, name: "Ada Adult", dateOfBirth: "1990-05-01", relationship: "lead", sex: "female", pregnant: true },
    { id: null, name: "Ben Child", dateOfBirth: "2018-02-03", relationship: "child", sex: "male", pregnant: false },
    { id: null, name: "Cy Child", dateOfBirth: "2021-07-09", relationship: "child", sex: "male", pregnant: false },
  ],
});

async function place(householdId: number, unitId: number, start: string, end: string | null) {
  const p = await t.db
    .insertInto("placements")
    .values({ household_id: householdId, unit_id: unitId, start_date: start, end_date: end, duty: "s188" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`SELECT rebuild_episodes(ARRAY[${householdId}]::bigint[])`.execute(t.db);
  return p.id;
}

const auditOf = (householdId: number) =>
  t.db.selectFrom("audit_events").selectAll().where("household_id", "=", householdId).orderBy("id").execute();

describe(`registering and editing a household on ${ENGINE}`, () => {
  it("registers a household with its members, awaiting a placement, and audits it", async () => {
    const id = await registerHousehold(t.db, officer, family("REG-1"), "2026-11-23");
    const snap = await householdSnapshot(t.db, id);
    expect(snap).toMatchObject({ case_ref: "REG-1", duty: "s188", awaiting_since: "2026-11-23" });
    expect(snap!.members.map((m) => [m.name, m.relationship, m.date_of_birth, m.pregnant, m.position])).toEqual([
      ["Ada Adult", "lead", "1990-05-01", true, 0],
      ["Ben Child", "child", "2018-02-03", false, 1],
      ["Cy Child", "child", "2021-07-09", false, 2],
    ]);
    const events = await auditOf(id);
    expect(events.map((e) => [e.action, e.entity, e.user_id])).toEqual([["register", "household", officer]]);
    expect((events[0].after as { members: unknown[] }).members).toHaveLength(3);
    const page = await householdPage(t.db, id, "2026-11-23");
    expect(page.facts).toMatchObject({ children: 2, pregnant: true, family: true, occupants: 3 });
  });

  it("refuses a duplicate case reference (whatever its case) with the existing household, and changes nothing", async () => {
    const existing = await t.db.selectFrom("households").select("id").where("case_ref", "=", "REG-1").executeTakeFirstOrThrow();
    const before = await t.db
      .selectFrom("households")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const err = await registerHousehold(t.db, officer, family("reg-1"), "2026-11-23").catch((e) => e);
    expect(err).toBeInstanceOf(Refusal);
    expect(err).toMatchObject({
      field: "case_ref",
      existingId: existing.id,
      message: "A household with case reference REG-1 already exists",
    });
    const after = await t.db
      .selectFrom("households")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("edits the household: removes a member, adds one, moves the lead, with before and after in the audit", async () => {
    const id = await registerHousehold(t.db, officer, family("EDIT-1"), "2026-11-23");
    const snap = (await householdSnapshot(t.db, id))!;
    const [ada, ben] = snap.members;
    await updateHousehold(
      t.db,
      officer,
      id,
      {
        caseRef: "EDIT-1A",
        duty: "s193",
        stepFreeNeeded: true,
        supportNeeds: "Wheelchair user",
        awaiting: false,
        members: [
          { id: ben.id, name: "Ben Child", dateOfBirth: "2018-02-03", relationship: "child", sex: "male", pregnant: false },
          { id: ada.id, name: "Ada Adult", dateOfBirth: "1990-05-01", relationship: "partner", sex: "female", pregnant: false },
          { id: null, name: "Dee Adult", dateOfBirth: "1988-01-01", relationship: "lead", sex: "male", pregnant: false },
        ],
      },
      "2026-11-23",
    );
    const after = (await householdSnapshot(t.db, id))!;
    expect(after).toMatchObject({
      case_ref: "EDIT-1A",
      duty: "s193",
      step_free_needed: true,
      support_needs: "Wheelchair user",
      awaiting_since: "2026-11-23",
    });
    expect(after.members.map((m) => [m.name, m.relationship])).toEqual([
      ["Ben Child", "child"],
      ["Ada Adult", "partner"],
      ["Dee Adult", "lead"],
    ]);
    expect(after.members[0].id).toBe(ben.id);
    const events = await auditOf(id);
    const update = events.find((e) => e.action === "update")!;
    expect((update.before as { case_ref: string }).case_ref).toBe("EDIT-1");
    expect(update.after as { case_ref: string; members: unknown[] }).toMatchObject({ case_ref: "EDIT-1A" });
    expect((update.after as { members: unknown[] }).members).toHaveLength(3);
  });

  it("refuses a member id that belongs to another household, and changes nothing", async () => {
    const mine = await registerHousehold(t.db, officer, family("TAMPER-1"), "2026-11-23");
    const other = await registerHousehold(t.db, officer, family("TAMPER-2"), "2026-11-23");
    const theirs = (await householdSnapshot(t.db, other))!.members[1];
    const before = await householdSnapshot(t.db, mine);
    const err = await updateHousehold(
      t.db,
      officer,
      mine,
      {
        ...family("TAMPER-1"),
        members: [
          { id: null, name: "New Lead", dateOfBirth: null, relationship: "lead", sex: null, pregnant: false },
          { id: theirs.id, name: "Stolen", dateOfBirth: null, relationship: "child", sex: null, pregnant: false },
        ],
      },
      "2026-11-23",
    ).catch((e) => e);
    expect(err).toBeInstanceOf(Refusal);
    expect(await householdSnapshot(t.db, mine)).toEqual(before);
    expect((await householdSnapshot(t.db, other))!.members[1].name).toBe("Ben Child");
  });

  it("refuses to take another household's case reference on edit", async () => {
    const id = await registerHousehold(t.db, officer, family("MINE-1"), "2026-11-23");
    const snap = (await householdSnapshot(t.db, id))!;
    const err = await updateHousehold(
      t.db,
      officer,
      id,
      {
        ...family("REG-1"),
        members: snap.members.map((m) => ({
          id: m.id,
          name: m.name,
          dateOfBirth: m.date_of_birth,
          relationship: m.relationship,
          sex: m.sex,
          pregnant: m.pregnant,
        })),
      },
      "2026-11-23",
    ).catch((e) => e);
    expect(err).toMatchObject({ field: "case_ref" });
    expect((await householdSnapshot(t.db, id))!.case_ref).toBe("MINE-1");
  });

  it("marks and clears awaiting a placement, audited", async () => {
    const h = await makeHousehold(t.db);
    await setAwaiting(t.db, officer, h.id, true, "2026-11-20");
    expect((await awaitingPlacement(t.db, "2026-11-23")).rows.map((r) => [r.householdId, r.detail])).toContainEqual([
      h.id,
      "Awaiting since 20 November 2026 (3 days)",
    ]);
    await setAwaiting(t.db, officer, h.id, false, "2026-11-23");
    expect((await awaitingPlacement(t.db, "2026-11-23")).rows.map((r) => r.householdId)).not.toContain(h.id);
    expect((await auditOf(h.id)).map((e) => e.action)).toEqual(["mark-awaiting", "clear-awaiting"]);
  });
});

describe(`move-on plans on ${ENGINE}`, () => {
  it("saves one plan per household, edits it with an audit, and flags it past target only while in TA", async () => {
    const h = await makeHousehold(t.db);
    const unit = await makeUnit(t.db, { shared: false, ta_type_code: "nightly_self_contained", providerType: "agent" });
    await place(h.id, unit.id, "2026-06-01", "2026-12-31");
    await saveMoveOnPlan(t.db, officer, h.id, {
      pathway: "social_housing",
      targetDate: "2026-11-22",
      nextAction: "Chase",
      ownerId: officer,
    });
    await saveMoveOnPlan(t.db, officer, h.id, {
      pathway: "private_rented",
      targetDate: "2026-11-22",
      nextAction: "Viewing booked",
      ownerId: officer,
    });
    expect(await t.db.selectFrom("move_on_plans").select(["pathway", "next_action"]).where("household_id", "=", h.id).execute()).toEqual([
      { pathway: "private_rented", next_action: "Viewing booked" },
    ]);
    const events = await auditOf(h.id);
    expect(events.map((e) => e.action)).toEqual(["create", "update"]);
    expect(events[1].before).toMatchObject({ pathway: "social_housing" });
    expect(events[1].after).toMatchObject({ pathway: "private_rented" });
    const ids = async (day: string) => (await moveOnPastTarget(t.db, day)).rows.filter((r) => r.householdId === h.id).map((r) => r.detail);
    expect(await ids("2026-11-22")).toEqual([]); // on the target date: not yet
    expect(await ids("2026-11-23")).toEqual(["Target 22 November 2026: 1 day past"]);
    expect(await ids("2027-01-05")).toEqual([]); // left TA on 31 December
    const page = await householdPage(t.db, h.id, "2026-11-23");
    expect(page.moveOn).toMatchObject({ pathway: "Private rented offer", overdue: true, daysOverdue: 1, owner: "Olu Officer" });
  });

  it("refuses an owner who does not exist", async () => {
    const h = await makeHousehold(t.db);
    await expect(
      saveMoveOnPlan(t.db, officer, h.id, { pathway: "other", targetDate: "2027-01-01", nextAction: "", ownerId: 999999 }),
    ).rejects.toBeInstanceOf(Refusal);
    expect(await t.db.selectFrom("move_on_plans").selectAll().where("household_id", "=", h.id).execute()).toEqual([]);
  });
});

describe(`s208 notices on ${ENGINE}`, () => {
  it("is not overdue on the 14th day, is overdue on the 15th, and goes once recorded as sent", async () => {
    const h = await makeHousehold(t.db);
    const away = await makeUnit(t.db, {
      district: ELSEWHERE,
      shared: false,
      ta_type_code: "nightly_self_contained",
      providerType: "agent",
    });
    const home = await makeUnit(t.db, { district: COUNCIL, shared: false, ta_type_code: "nightly_self_contained", providerType: "agent" });
    const pid = await place(h.id, away.id, "2026-11-01", null);
    const listed = async (day: string) => (await s208Overdue(t.db, day)).rows.filter((r) => r.householdId === h.id).map((r) => r.detail);
    expect(await listed("2026-11-15")).toEqual([]);
    expect(await listed("2026-11-16")).toEqual([`Unit ${away.unit_ref} (${ELSEWHERE}): due by 15 November 2026, 1 day overdue`]);
    let page = await householdPage(t.db, h.id, "2026-11-16");
    expect(page.notices).toMatchObject([{ placementId: pid, status: "overdue", flag: true, daysOverdue: 1 }]);

    await expect(
      recordS208Notice(t.db, officer, h.id, pid, { sentOn: "2026-10-31", sentTo: "Sefton Council", method: "email" }, "2026-11-16"),
    ).rejects.toMatchObject({ field: "sent_on" });
    await expect(
      recordS208Notice(t.db, officer, h.id, pid, { sentOn: "2026-11-17", sentTo: "Sefton Council", method: "email" }, "2026-11-16"),
    ).rejects.toMatchObject({ field: "sent_on" });
    await recordS208Notice(t.db, officer, h.id, pid, { sentOn: "2026-11-15", sentTo: "Sefton Council", method: "email" }, "2026-11-16");
    expect(await listed("2026-11-16")).toEqual([]);
    page = await householdPage(t.db, h.id, "2026-11-16");
    expect(page.notices).toMatchObject([{ status: "sent", sentTo: "Sefton Council", method: "Email", flag: false }]);
    expect((await auditOf(h.id)).map((e) => [e.action, e.entity])).toEqual([["record", "s208_notice"]]);

    // Sent on the 15th day is on record as late.
    const h2 = await makeHousehold(t.db);
    const away2 = await makeUnit(t.db, {
      district: ELSEWHERE,
      shared: false,
      ta_type_code: "nightly_self_contained",
      providerType: "agent",
    });
    const p2 = await place(h2.id, away2.id, "2026-11-01", null);
    await recordS208Notice(t.db, officer, h2.id, p2, { sentOn: "2026-11-16", sentTo: "Sefton Council", method: "post" }, "2026-11-20");
    expect((await householdPage(t.db, h2.id, "2026-11-20")).notices).toMatchObject([{ status: "sent_late", daysOverdue: 1 }]);

    // A placement in the council's own district needs no notice.
    const h3 = await makeHousehold(t.db);
    const p3 = await place(h3.id, home.id, "2026-10-01", null);
    expect((await householdPage(t.db, h3.id, "2026-11-20")).notices).toEqual([]);
    await expect(
      recordS208Notice(t.db, officer, h3.id, p3, { sentOn: "2026-10-02", sentTo: "X", method: "post" }, "2026-11-20"),
    ).rejects.toBeInstanceOf(Response);
  });

  it("refuses a notice for a placement of another household", async () => {
    const mine = await makeHousehold(t.db);
    const theirs = await makeHousehold(t.db);
    const away = await makeUnit(t.db, { district: ELSEWHERE });
    const theirPlacement = await place(theirs.id, away.id, "2026-11-01", "2026-11-10");
    const err = await recordS208Notice(
      t.db,
      officer,
      mine.id,
      theirPlacement,
      { sentOn: "2026-11-02", sentTo: "Sefton Council", method: "post" },
      "2026-11-20",
    ).catch((e) => e);
    expect(err).toBeInstanceOf(Response);
    expect((err as Response).status).toBe(404);
    expect(await t.db.selectFrom("s208_notices").selectAll().where("placement_id", "=", theirPlacement).execute()).toEqual([]);
  });
});

describe(`s202 reviews on ${ENGINE}`, () => {
  it("records a request, flags the decision overdue from the 57th day, and clears it once decided", async () => {
    const h = await makeHousehold(t.db);
    const rid = await createReview(
      t.db,
      officer,
      h.id,
      { placementId: null, offeredOn: "2026-09-01", requestedOn: "2026-09-25", notes: "" },
      "2026-09-25",
    );
    const page = await householdPage(t.db, h.id, "2026-09-25");
    expect(page.reviews).toMatchObject([{ requestedLate: true, due: "19 November 2026", status: "pending" }]);
    const listed = async (day: string) => (await s202Overdue(t.db, day)).rows.filter((r) => r.householdId === h.id).map((r) => r.detail);
    expect(await listed("2026-11-19")).toEqual([]);
    expect(await listed("2026-11-20")).toEqual(["Requested 25 September 2026: decision due by 19 November 2026, 1 day overdue"]);
    await expect(
      decideReview(t.db, officer, h.id, rid, { outcome: "upheld", decidedOn: "2026-09-24" }, "2026-11-20"),
    ).rejects.toMatchObject({ field: "decided_on" });
    await decideReview(t.db, officer, h.id, rid, { outcome: "upheld", decidedOn: "2026-11-20" }, "2026-11-20");
    expect(await listed("2026-11-20")).toEqual([]);
    expect((await householdPage(t.db, h.id, "2026-11-20")).reviews).toMatchObject([{ status: "decided", decidedLate: true }]);
    expect((await auditOf(h.id)).map((e) => e.action)).toEqual(["create", "decide"]);
  });

  it("refuses a request before the offer, and a review of another household", async () => {
    const h = await makeHousehold(t.db);
    const other = await makeHousehold(t.db);
    await expect(
      createReview(t.db, officer, h.id, { placementId: null, offeredOn: "2026-09-10", requestedOn: "2026-09-01", notes: "" }, "2026-11-20"),
    ).rejects.toMatchObject({ field: "requested_on" });
    const rid = await createReview(
      t.db,
      officer,
      other.id,
      { placementId: null, offeredOn: "2026-09-01", requestedOn: "2026-09-02", notes: "" },
      "2026-11-20",
    );
    const err = await decideReview(t.db, officer, h.id, rid, { outcome: "withdrawn", decidedOn: "2026-09-03" }, "2026-11-20").catch(
      (e) => e,
    );
    expect((err as Response).status).toBe(404);
    const theirs = await makeUnit(t.db);
    const theirPlacement = await place(other.id, theirs.id, "2026-08-01", "2026-08-10");
    await expect(
      createReview(
        t.db,
        officer,
        h.id,
        { placementId: theirPlacement, offeredOn: "2026-09-01", requestedOn: "2026-09-02", notes: "" },
        "2026-11-20",
      ),
    ).rejects.toMatchObject({ field: "placement" });
  });
});

describe(`Today on ${ENGINE}`, () => {
  it("warns from day 35, breaches from day 43, sums B&B across a transfer, and finds 16/17-year-old leads in B&B", async () => {
    const bnb = await makeUnit(t.db, { shared: true, providerType: "hotel" });
    const bnb2 = await makeUnit(t.db, { shared: true, providerType: "hotel" });
    const sc = await makeUnit(t.db, { shared: false, ta_type_code: "nightly_self_contained", providerType: "agent" });
    const fam = await makeHousehold(t.db, [
      { dob: "1990-01-01", relationship: "lead" },
      { dob: "2020-01-01", relationship: "child" },
    ]);
    await place(fam.id, bnb.id, "2026-01-01", null); // 1 Jan is day 1
    const single = await makeHousehold(t.db, [{ dob: "1990-01-01", relationship: "lead" }]);
    await place(single.id, bnb2.id, "2025-12-01", null);
    // 20 nights B&B, 10 self-contained, then B&B again from 31 Jan: day 21 on 31 Jan.
    const moved = await makeHousehold(t.db, [{ dob: "1990-01-01", relationship: "lead", pregnant: true }]);
    const bnb3 = await makeUnit(t.db, { shared: true, providerType: "hotel" });
    const bnb4 = await makeUnit(t.db, { shared: true, providerType: "hotel" });
    await place(moved.id, bnb3.id, "2026-01-01", "2026-01-21");
    await place(moved.id, sc.id, "2026-01-21", "2026-01-31");
    await place(moved.id, bnb4.id, "2026-01-31", null);
    const young = await makeHousehold(t.db, [{ dob: "2009-06-01", relationship: "lead" }]);
    const bnb5 = await makeUnit(t.db, { shared: true, providerType: "hotel" });
    await place(young.id, bnb5.id, "2026-02-01", null);

    const at = async (day: string) => {
      const r = await bnbWarnings(t.db, day);
      const pick = (rows: { householdId: number; detail: string }[]) =>
        rows.filter((x) => [fam.id, single.id, moved.id, young.id].includes(x.householdId)).map((x) => [x.householdId, x.detail]);
      return { breaches: pick(r.breaches), warnings: pick(r.warnings), under18: pick(r.under18) };
    };
    expect(await at("2026-02-03")).toEqual({ breaches: [], warnings: [], under18: [[young.id, "Lead applicant aged 16 or 17 in B&B"]] }); // fam day 34
    expect((await at("2026-02-04")).warnings).toEqual([[fam.id, "Day 35 of 42 in B&B: the limit is reached on 11 February 2026"]]);
    expect((await at("2026-02-11")).warnings).toEqual([[fam.id, "Day 42 of 42 in B&B: the limit is reached on 11 February 2026"]]);
    const day43 = await at("2026-02-12");
    expect(day43.breaches).toEqual([[fam.id, "Day 43 in B&B: 1 day past the six-week limit"]]);
    expect(day43.warnings).toEqual([]);
    // The transferred household: day 35 falls on 14 Feb (20 + 15), day 43 on 22 Feb.
    expect((await at("2026-02-13")).warnings).toEqual([]); // the family is past 42 by now, the moved household on day 34
    expect((await at("2026-02-14")).warnings).toEqual([[moved.id, "Day 35 of 42 in B&B: the limit is reached on 21 February 2026"]]);
    expect((await at("2026-02-22")).breaches).toContainEqual([moved.id, "Day 43 in B&B: 1 day past the six-week limit"]);
  });

  it("keeps every arrival of a busy day, for the page to show whole on request", async () => {
    const ids: number[] = [];
    for (let i = 0; i < LIST_LIMIT + 3; i++) {
      const u = await makeUnit(t.db, { shared: false, ta_type_code: "nightly_self_contained", providerType: "agent" });
      const h = await makeHousehold(t.db);
      await place(h.id, u.id, "2028-04-04", null);
      ids.push(h.id);
    }
    const lists = await todayLists(t.db, "2028-04-04");
    expect(lists.arrivals.total).toBe(LIST_LIMIT + 3);
    expect(lists.arrivals.rows.map((r) => r.householdId).sort((a, b) => a - b)).toEqual(ids);
    expect(WHOLE_LISTS).toContain("arrivals");
  });

  it("lists arrivals and departures due today, and keeps the headline counts", async () => {
    const u1 = await makeUnit(t.db, { shared: false, ta_type_code: "nightly_self_contained", providerType: "agent" });
    const u2 = await makeUnit(t.db, { shared: false, ta_type_code: "nightly_self_contained", providerType: "agent" });
    const a = await makeHousehold(t.db);
    const b = await makeHousehold(t.db);
    await place(a.id, u1.id, "2027-03-03", null);
    await place(b.id, u2.id, "2027-02-01", "2027-03-03");
    const r = await arrivalsAndDepartures(t.db, "2027-03-03");
    expect(r.arrivals.map((x) => [x.householdId, x.detail])).toEqual([[a.id, `Arrives at ${u1.unit_ref}`]]);
    expect(r.departures.map((x) => [x.householdId, x.detail])).toEqual([[b.id, `Leaves ${u2.unit_ref}`]]);
    const all = await todayLists(t.db, "2027-03-03");
    expect(all.arrivals.total).toBe(1);
    expect(all.arrivals.rows.map((x) => x.householdId)).toEqual([a.id]);
    expect(all.departures.total).toBe(1);
    expect(all.departures.rows.map((x) => x.householdId)).toEqual([b.id]);
  });
});

describe(`notification types on ${ENGINE}`, () => {
  it("adds a type, switches it off, and keeps s208 on", async () => {
    await saveNotificationType(t.db, officer, { code: "housing_register", name: "Housing register team", active: true });
    await saveNotificationType(t.db, officer, { code: "school", name: "School", active: false });
    const rows = await t.db.selectFrom("notification_types").select(["code", "active"]).orderBy("code").execute();
    expect(rows).toEqual([
      { code: "gp", active: true },
      { code: "health_visitor", active: true },
      { code: "housing_register", active: true },
      { code: "s208", active: true },
      { code: "school", active: false },
    ]);
    await expect(saveNotificationType(t.db, officer, { code: "s208", name: "Receiving council", active: false })).rejects.toMatchObject({
      field: "active",
    });
    expect(
      await t.db.selectFrom("audit_events").select("action").where("entity", "=", "notification_type").orderBy("id").execute(),
    ).toEqual([{ action: "create" }, { action: "update" }]);
  });
});
