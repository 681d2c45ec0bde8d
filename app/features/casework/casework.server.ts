/**
 * Casework writes: register and edit a household with its members, awaiting a
 * placement, move-on plans, s208 notices and s202 reviews. Every write runs in
 * one transaction and is audited with before and after. A refusal the officer
 * can fix comes back as a Refusal (field + message), never a 500.
 */
import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { MoveOnPathway, NoticeMethod, ReviewOutcome } from "~/lib/vocabulary";
import type { IsoDate } from "~/lib/dates";
import { isUniqueViolation, isCheckViolation, isForeignKeyViolation } from "~/lib/db/errors";
import { audit } from "~/lib/audit.server";
import type { HouseholdInput } from "~/features/households/household-form.server";
import type { Conn } from "~/lib/db/connect";
import { Refusal } from "~/lib/refusal";
import { takesEffectOn } from "~/lib/db/effective-date.server";

function inTransaction<T>(db: Conn, fn: (trx: Conn) => Promise<T>): Promise<T> {
  // A caller that already holds a transaction passes it down; otherwise start one.
  if ((db as { isTransaction?: boolean }).isTransaction) return fn(db);
  return (db as Kysely<DB>).transaction().execute(fn);
}

/** Household and members as one snapshot, for the audit trail's before and after. */
export async function householdSnapshot(db: Conn, id: number) {
  const household = await db
    .selectFrom("households")
    .select(["id", "case_ref", "duty", "step_free_needed", "support_needs", "awaiting_since"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!household) return null;
  const members = await db
    .selectFrom("household_members")
    .select(["id", "name", "date_of_birth", "relationship", "sex", "pregnant", "position"])
    .where("household_id", "=", id)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return { ...household, members };
}

export async function findByCaseRef(db: Conn, caseRef: string) {
  return db
    .selectFrom("households")
    .select(["id", "case_ref"])
    .where(sql`lower(case_ref)`, "=", caseRef.trim().toLowerCase())
    .executeTakeFirst();
}

async function refuseDuplicate(db: Conn, caseRef: string, exceptId?: number) {
  const existing = await findByCaseRef(db, caseRef);
  if (existing && existing.id !== exceptId) {
    throw new Refusal("case_ref", `A household with case reference ${existing.case_ref} already exists`, { existingId: existing.id });
  }
}

export async function registerHousehold(db: Conn, actorId: number, input: HouseholdInput, today: IsoDate): Promise<number> {
  try {
    return await inTransaction(db, async (trx) => {
      await takesEffectOn(trx, today);
      await refuseDuplicate(trx, input.caseRef);
      const h = await trx
        .insertInto("households")
        .values({
          case_ref: input.caseRef,
          duty: input.duty,
          step_free_needed: input.stepFreeNeeded,
          support_needs: input.supportNeeds,
          awaiting_since: input.awaiting ? today : null,
          created_by: actorId,
          // The officer who registers a household runs the case until it is given to another.
          officer_id: actorId === null ? null : sql<number | null>`(SELECT id FROM users WHERE id = ${actorId} AND role = 'officer')`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("household_members")
        .values(
          input.members.map((m, i) => ({
            household_id: h.id,
            name: m.name,
            date_of_birth: m.dateOfBirth,
            relationship: m.relationship,
            sex: m.sex,
            pregnant: m.pregnant,
            position: i,
          })),
        )
        .execute();
      await audit(trx, {
        userId: actorId,
        action: "register",
        entity: "household",
        entityId: h.id,
        householdId: h.id,
        after: await householdSnapshot(trx, h.id),
      });
      return h.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const existing = await findByCaseRef(db, input.caseRef);
      throw new Refusal("case_ref", `A household with case reference ${input.caseRef} already exists`, { existingId: existing?.id });
    }
    throw e;
  }
}

export async function updateHousehold(db: Conn, actorId: number, id: number, input: HouseholdInput, today: IsoDate): Promise<void> {
  try {
    await inTransaction(db, async (trx) => {
      // Lock the household so two officers editing at once queue, not interleave.
      const locked = await trx.selectFrom("households").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
      if (!locked) throw new Response("Not Found", { status: 404 });
      // A member added joins tonight; one taken off, or a pregnancy recorded or ended, takes effect tonight.
      await takesEffectOn(trx, today);
      const before = (await householdSnapshot(trx, id))!;
      await refuseDuplicate(trx, input.caseRef, id);
      const existingIds = new Set(before.members.map((m) => m.id));
      for (const m of input.members) {
        if (m.id !== null && !existingIds.has(m.id))
          throw new Refusal("_form", "A member in the form is not part of this household. Reload the page and try again");
      }
      await trx
        .updateTable("households")
        .set({
          case_ref: input.caseRef,
          duty: input.duty,
          step_free_needed: input.stepFreeNeeded,
          support_needs: input.supportNeeds,
          updated_at: new Date(),
        })
        .where("id", "=", id)
        .execute();
      const keep = input.members.map((m) => m.id).filter((x): x is number => x !== null);
      let del = trx.deleteFrom("household_members").where("household_id", "=", id);
      if (keep.length) del = del.where("id", "not in", keep);
      await del.execute();
      // The new lead last, so the one-lead index never sees two leads at once.
      const ordered = input.members
        .map((m, i) => ({ m, i }))
        .sort((a, b) => Number(a.m.relationship === "lead") - Number(b.m.relationship === "lead"));
      for (const { m, i } of ordered) {
        const row = {
          name: m.name,
          date_of_birth: m.dateOfBirth,
          relationship: m.relationship,
          sex: m.sex,
          pregnant: m.pregnant,
          position: i,
        };
        if (m.id === null)
          await trx
            .insertInto("household_members")
            .values({ ...row, household_id: id, joined_on: today })
            .execute();
        else await trx.updateTable("household_members").set(row).where("id", "=", m.id).where("household_id", "=", id).execute();
      }
      const after = await householdSnapshot(trx, id);
      await audit(trx, { userId: actorId, action: "update", entity: "household", entityId: id, householdId: id, before, after });
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const existing = await findByCaseRef(db, input.caseRef);
      throw new Refusal("case_ref", `A household with case reference ${input.caseRef} already exists`, { existingId: existing?.id });
    }
    throw e;
  }
}

/** Duty owed and no accommodation secured (households.awaiting_since), set or cleared. */
export async function setAwaiting(db: Conn, actorId: number, id: number, awaiting: boolean, today: IsoDate): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom("households").select(["id", "awaiting_since"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    await takesEffectOn(trx, today);
    const value = awaiting ? (before.awaiting_since ?? today) : null;
    if (value === before.awaiting_since) return;
    await trx.updateTable("households").set({ awaiting_since: value, updated_at: new Date() }).where("id", "=", id).execute();
    await audit(trx, {
      userId: actorId,
      action: awaiting ? "mark-awaiting" : "clear-awaiting",
      entity: "household",
      entityId: id,
      householdId: id,
      before,
      after: { id, awaiting_since: value },
    });
  });
}

/** The officers a case can be given to (role officer), by name. */
export async function caseOfficers(db: Conn) {
  return db.selectFrom("users").select(["id", "name"]).where("role", "=", "officer").orderBy("name").execute();
}

/** Gives the case to an officer (or to nobody); audited. An unknown or non-officer user is refused. */
export async function setCaseOfficer(db: Conn, actorId: number, id: number, officerId: number | null): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom("households").select(["id", "officer_id"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    let name: string | null = null;
    if (officerId !== null) {
      const u = await trx.selectFrom("users").select(["name", "role"]).where("id", "=", officerId).executeTakeFirst();
      if (!u || u.role !== "officer") throw new Refusal("officerId", "Select an officer from the list");
      name = u.name;
    }
    if (before.officer_id === officerId) return;
    await trx.updateTable("households").set({ officer_id: officerId, updated_at: new Date() }).where("id", "=", id).execute();
    await audit(trx, {
      userId: actorId,
      action: "case-officer",
      entity: "household",
      entityId: id,
      householdId: id,
      before,
      after: { id, officer_id: officerId, officer_name: name },
    });
  });
}

// ---------------------------------------------------------------------------
// Move-on plans

export interface MoveOnInput {
  pathway: MoveOnPathway;
  targetDate: IsoDate;
  nextAction: string;
  ownerId: number;
}

export async function saveMoveOnPlan(db: Conn, actorId: number, householdId: number, input: MoveOnInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const h = await trx.selectFrom("households").select("id").where("id", "=", householdId).forUpdate().executeTakeFirst();
    if (!h) throw new Response("Not Found", { status: 404 });
    const owner = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "=", input.ownerId)
      .where("disabled_at", "is", null)
      .executeTakeFirst();
    if (!owner) throw new Refusal("owner", "Select who owns the plan");
    const cols = ["id", "household_id", "pathway", "target_date", "next_action", "owner_id"] as const;
    const before = await trx.selectFrom("move_on_plans").select(cols).where("household_id", "=", householdId).executeTakeFirst();
    const row = { pathway: input.pathway, target_date: input.targetDate, next_action: input.nextAction, owner_id: input.ownerId };
    const after = before
      ? await trx
          .updateTable("move_on_plans")
          .set({ ...row, updated_at: new Date() })
          .where("id", "=", before.id)
          .returning(cols)
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("move_on_plans")
          .values({ ...row, household_id: householdId })
          .returning(cols)
          .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: before ? "update" : "create",
      entity: "move_on_plan",
      entityId: after.id,
      householdId,
      before,
      after,
    });
  });
}

// ---------------------------------------------------------------------------
// s208 notices

export interface NoticeInput {
  sentOn: IsoDate;
  sentTo: string;
  method: NoticeMethod;
}

/** The placement, only if it belongs to this household and is out of district (else 404). */
export async function outOfDistrictPlacement(db: Conn, householdId: number, placementId: number) {
  const p = await db
    .selectFrom("placements as p")
    .innerJoin("unit_facts as f", "f.unit_id", "p.unit_id")
    .select(["p.id", "p.household_id", "p.start_date", "p.end_date", "p.cancelled_at", "f.out_of_district", "f.district_gss"])
    .where("p.id", "=", placementId)
    .where("p.household_id", "=", householdId)
    .executeTakeFirst();
  if (!p || !p.out_of_district || p.cancelled_at) throw new Response("Not Found", { status: 404 });
  return p;
}

export async function recordS208Notice(
  db: Conn,
  actorId: number,
  householdId: number,
  placementId: number,
  input: NoticeInput,
  today: IsoDate,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await outOfDistrictPlacement(trx, householdId, placementId);
    if (input.sentOn < p.start_date)
      throw new Refusal("sent_on", "Date sent must be on or after the date the accommodation was made available");
    if (input.sentOn > today) throw new Refusal("sent_on", "Date sent must be today or in the past");
    const cols = ["id", "placement_id", "sent_on", "sent_to", "method"] as const;
    const before = await trx.selectFrom("s208_notices").select(cols).where("placement_id", "=", placementId).forUpdate().executeTakeFirst();
    const row = { sent_on: input.sentOn, sent_to: input.sentTo, method: input.method, recorded_by: actorId };
    const after = before
      ? await trx
          .updateTable("s208_notices")
          .set({ ...row, updated_at: new Date() })
          .where("id", "=", before.id)
          .returning(cols)
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("s208_notices")
          .values({ ...row, placement_id: placementId, household_id: householdId })
          .returning(cols)
          .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: before ? "update" : "record",
      entity: "s208_notice",
      entityId: after.id,
      householdId,
      before,
      after,
    });
  });
}

// ---------------------------------------------------------------------------
// s202 suitability reviews

export interface ReviewInput {
  placementId: number | null;
  offeredOn: IsoDate;
  requestedOn: IsoDate;
  notes: string;
}

export async function createReview(db: Conn, actorId: number, householdId: number, input: ReviewInput, today: IsoDate): Promise<number> {
  if (input.requestedOn < input.offeredOn)
    throw new Refusal("requested_on", "Date of the request must be on or after the date of the offer");
  if (input.requestedOn > today) throw new Refusal("requested_on", "Date of the request must be today or in the past");
  try {
    return await inTransaction(db, async (trx) => {
      const h = await trx.selectFrom("households").select("id").where("id", "=", householdId).executeTakeFirst();
      if (!h) throw new Response("Not Found", { status: 404 });
      if (input.placementId !== null) {
        const p = await trx
          .selectFrom("placements")
          .select("id")
          .where("id", "=", input.placementId)
          .where("household_id", "=", householdId)
          .executeTakeFirst();
        if (!p) throw new Refusal("placement", "Select a placement of this household");
      }
      const after = await trx
        .insertInto("suitability_reviews")
        .values({
          household_id: householdId,
          placement_id: input.placementId,
          offered_on: input.offeredOn,
          requested_on: input.requestedOn,
          notes: input.notes,
          created_by: actorId,
        })
        .returning(["id", "placement_id", "offered_on", "requested_on", "notes"])
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "create", entity: "s202_review", entityId: after.id, householdId, after });
      return after.id;
    });
  } catch (e) {
    if (isCheckViolation(e) || isForeignKeyViolation(e)) throw new Refusal("requested_on", "Check the dates and try again");
    throw e;
  }
}

export async function reviewOf(db: Conn, householdId: number, reviewId: number) {
  const r = await db
    .selectFrom("suitability_reviews")
    .selectAll()
    .where("id", "=", reviewId)
    .where("household_id", "=", householdId)
    .executeTakeFirst();
  if (!r) throw new Response("Not Found", { status: 404 });
  return r;
}

export async function decideReview(
  db: Conn,
  actorId: number,
  householdId: number,
  reviewId: number,
  input: { outcome: ReviewOutcome; decidedOn: IsoDate },
  today: IsoDate,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom("suitability_reviews")
      .select(["id", "requested_on", "outcome", "decided_on"])
      .where("id", "=", reviewId)
      .where("household_id", "=", householdId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    if (input.decidedOn < before.requested_on)
      throw new Refusal("decided_on", "Date of the decision must be on or after the date of the request");
    if (input.decidedOn > today) throw new Refusal("decided_on", "Date of the decision must be today or in the past");
    const after = await trx
      .updateTable("suitability_reviews")
      .set({ outcome: input.outcome, decided_on: input.decidedOn, updated_at: new Date() })
      .where("id", "=", reviewId)
      .returning(["id", "requested_on", "outcome", "decided_on"])
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "decide", entity: "s202_review", entityId: reviewId, householdId, before, after });
  });
}

/** What a s208 notice must say (s208(2)): the applicant, the household, the address, the date and the duty. */
export async function s208NoticeContents(db: Conn, householdId: number, placementId: number, day: IsoDate) {
  const p = await db
    .selectFrom("placements as p")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .innerJoin("properties as pr", "pr.id", "u.property_id")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .innerJoin("households as h", "h.id", "p.household_id")
    .select([
      "p.id",
      "p.start_date",
      "p.duty",
      "p.cancelled_at",
      "u.unit_ref",
      "u.name as unit_name",
      "pr.name as property_name",
      "pr.address_line_1",
      "pr.town",
      "pr.postcode",
      "f.out_of_district",
      "f.district_gss",
      "h.case_ref",
    ])
    .where("p.id", "=", placementId)
    .where("p.household_id", "=", householdId)
    .executeTakeFirst();
  if (!p || !p.out_of_district || p.cancelled_at) throw new Response("Not Found", { status: 404 });
  const members = await db
    .selectFrom("household_members")
    .selectAll()
    .where("household_id", "=", householdId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const notice = await db.selectFrom("s208_notices").selectAll().where("placement_id", "=", placementId).executeTakeFirst();
  return { placement: p, members, notice: notice ?? null, day };
}

// ---------------------------------------------------------------------------
// Notification types (reference data)

export async function saveNotificationType(
  db: Conn,
  actorId: number,
  input: { code: string; name: string; active: boolean },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom("notification_types").selectAll().where("code", "=", input.code).forUpdate().executeTakeFirst();
    if (before?.statutory && !input.active) throw new Refusal("active", "The s208 notice is the law and cannot be switched off");
    const after = before
      ? await trx
          .updateTable("notification_types")
          .set({ name: input.name, active: input.active })
          .where("code", "=", input.code)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("notification_types")
          .values({ code: input.code, name: input.name, active: input.active, sort_order: 100 })
          .returningAll()
          .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: before ? "update" : "create",
      entity: "notification_type",
      entityId: input.code,
      before,
      after,
    });
  });
}

/**
 * Records that a new homelessness application started on a date: the six-week count of
 * B&B nights starts again from it (six_weeks_on, db/definitions/households-in-ta.ts).
 */
export async function recordApplication(
  db: Conn,
  actorId: number,
  householdId: number,
  startDate: IsoDate,
  today: IsoDate,
): Promise<number> {
  if (startDate > today) throw new Refusal("start_date", "Date the application started must be today or in the past");
  try {
    return await inTransaction(db, async (trx) => {
      const h = await trx.selectFrom("households").select("id").where("id", "=", householdId).executeTakeFirst();
      if (!h) throw new Response("Not Found", { status: 404 });
      const after = await trx
        .insertInto("applications")
        .values({ household_id: householdId, start_date: startDate, recorded_by: actorId })
        .returning(["id", "start_date"])
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "create", entity: "application", entityId: after.id, householdId, after });
      return after.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("start_date", "An application starting on that date is already recorded");
    throw e;
  }
}

/** The applications recorded for a household, latest first. */
export async function applicationsOf(db: Conn, householdId: number) {
  return db
    .selectFrom("applications")
    .select(["id", "start_date", "recorded_at"])
    .where("household_id", "=", householdId)
    .orderBy("start_date", "desc")
    .execute();
}
