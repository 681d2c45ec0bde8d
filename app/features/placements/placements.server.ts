/**
 * Placing households in units. The database refuses overlaps (unit_calendar's
 * exclusion constraint); this module turns each refusal into a Refusal whose message
 * names the clash. Functions take the db or a transaction first; callers that
 * pass `db` get their own transaction. A refused change throws a Refusal and saves nothing.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import { PLACEMENT_DECISIONS, type Destination, type Duty, type PlacementDecision } from "~/lib/vocabulary";
import type { IsoDate } from "~/lib/dates";
import { formatDate } from "~/lib/dates";
import { unitForHousehold } from "~/features/placements/find-unit.server";
import { isCheckViolation, isExclusionViolation, retrying } from "~/lib/db/errors";
import { audit } from "~/lib/audit.server";
import type { Conn } from "~/lib/db/connect";
import { takesEffectOn } from "~/lib/db/effective-date.server";
import { Refusal } from "~/lib/refusal";
import type { Clash } from "~/lib/components/clash";

/** The first booking of the unit that overlaps the nights [start, end). */
export async function findClash(
  db: Conn,
  unitId: number,
  start: IsoDate,
  end: IsoDate | null,
  ignorePlacementId?: number,
): Promise<Clash | null> {
  const row = await db
    .selectFrom("unit_calendar as c")
    .leftJoin("placements as p", "p.id", "c.placement_id")
    .leftJoin("households as h", "h.id", "p.household_id")
    .leftJoin("out_of_service as o", "o.id", "c.out_of_service_id")
    .select([
      "c.placement_id",
      "c.out_of_service_id",
      "p.household_id",
      "h.case_ref",
      sql<string>`lower(c.nights)`.as("start"),
      sql<string | null>`upper(c.nights)`.as("end"),
      "o.reason",
    ])
    .where("c.unit_id", "=", unitId)
    .where(sql<boolean>`c.nights && daterange(${start}::date, ${end}::date, '[)')`)
    .$if(ignorePlacementId !== undefined, (q) =>
      q.where((eb) => eb.or([eb("c.placement_id", "is", null), eb("c.placement_id", "!=", ignorePlacementId!)])),
    )
    .orderBy(sql`lower(c.nights)`)
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  if (row.placement_id !== null) {
    return {
      kind: "placement",
      id: row.placement_id,
      start: row.start,
      end: row.end,
      householdId: row.household_id ?? undefined,
      caseRef: row.case_ref ?? undefined,
    };
  }
  return { kind: "out_of_service", id: row.out_of_service_id!, start: row.start, end: row.end, reason: row.reason ?? undefined };
}

export function clashMessage(c: Clash): string {
  const until = c.end ? `to ${formatDate(c.end)}` : "with no end date";
  if (c.kind === "placement") return `The unit is already booked from ${formatDate(c.start)} ${until} for household ${c.caseRef}`;
  return `The unit is out of service from ${formatDate(c.start)} ${until}${c.reason ? ` (${c.reason})` : ""}`;
}

export interface PlaceInput {
  householdId: number;
  unitId: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
  duty?: Duty;
  isSplit?: boolean;
  /** When correcting a placement's own dates: leave it out of the household-overlap check. */
  ignorePlacementId?: number;
  /**
   * Why the household is placed in a unit that does not suit it (unit_suitability's
   * warnings): required then, for a placement or a transfer; a correction of dates keeps
   * the decision already recorded (null: not asked).
   */
  decision?: { reason: PlacementDecision; note: string } | null;
  /**
   * The person placing may place into a unit marked "do not use" (permission
   * place:do-not-use, managers): only with the emergency reason and a note (issue 21).
   */
  mayUseDoNotUse?: boolean;
  /** The person placing may place only into a unit marked "do not use" (a manager, who does not place otherwise). */
  onlyDoNotUse?: boolean;
}

/**
 * Takes the locks a change to a household's placements needs, always in one order:
 * the household first, then its units by ascending id. Two officers changing the
 * same household queue; changes touching the same units queue; and no two
 * transactions can each hold a lock the other waits for (a transfer from unit A to B
 * beside one from B to A deadlocked before this). The exclusion constraint stays the
 * guarantee against double booking; the locks only make the waiting orderly.
 */
async function lockForChange(trx: Conn, householdId: number, unitIds: number[]): Promise<void> {
  await trx.selectFrom("households").select("id").where("id", "=", householdId).forUpdate().execute();
  // Every unit the household has been placed in too: rebuilding its episodes rewrites
  // each of its placements twice, and PostgreSQL then re-checks their foreign keys,
  // taking a share lock on each of those units. Unlocked, that share lock was the
  // last link of a deadlock (1,000 concurrent attempts in tests/features/placements/concurrency.db.test.ts).
  const history = await trx.selectFrom("placements").select("unit_id").distinct().where("household_id", "=", householdId).execute();
  const ids = [...new Set([...unitIds, ...history.map((h) => h.unit_id)])].sort((a, b) => a - b);
  for (const id of ids) await trx.selectFrom("units").select("id").where("id", "=", id).forUpdate().execute();
}

/** The unit of a placement (which never changes), read before taking the locks. */
async function unitOfPlacement(trx: Conn, placementId: number): Promise<number[]> {
  const p = await trx.selectFrom("placements").select("unit_id").where("id", "=", placementId).executeTakeFirst();
  return p ? [p.unit_id] : [];
}

/** Places a household in a unit, in its own transaction: the new placement's id. */
export async function placeHousehold(db: Kysely<DB>, actorId: number | null, input: PlaceInput): Promise<number> {
  if (input.endDate !== null && input.endDate <= input.startDate) throw new Refusal("endDate", "End date must be after the start date");
  return run(
    db,
    async (trx) => {
      await lockForChange(trx, input.householdId, [input.unitId]);
      const checked = await checkPlacement(trx, input);
      const row = await trx
        .insertInto("placements")
        .values({
          household_id: input.householdId,
          unit_id: input.unitId,
          start_date: input.startDate,
          end_date: input.endDate,
          duty: input.duty ?? checked.duty,
          is_split: input.isSplit ?? false,
          placed_by: actorId,
          ...decisionColumns(checked.unsuitable, input.decision),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await sql`SELECT rebuild_episodes(ARRAY[${input.householdId}]::bigint[])`.execute(trx);
      // The wait for a placement ends on the night the placement starts.
      await takesEffectOn(trx, input.startDate);
      await trx
        .updateTable("households")
        .set({ awaiting_since: null, updated_at: new Date() })
        .where("id", "=", input.householdId)
        .execute();
      await audit(trx, {
        userId: actorId,
        action: "place",
        entity: "placement",
        entityId: row.id,
        householdId: input.householdId,
        after: row,
      });
      return row.id;
    },
    () => clashRefusal(db, input.unitId, input.startDate, input.endDate, "unitId"),
  );
}

/** The columns that keep why a placement was made in a unit that does not suit the household. */
function decisionColumns(unsuitable: string[], decision: PlaceInput["decision"]) {
  if (unsuitable.length === 0 || !decision) return { unsuitable_reasons: unsuitable.length ? unsuitable : null };
  return { unsuitable_reasons: unsuitable, decision_reason: decision.reason, decision_note: decision.note.trim() || null };
}

/** The checks of a placement before it is written: its duty and the reasons the unit does not suit, or a Refusal. */
export async function checkPlacement(trx: Conn, input: PlaceInput): Promise<{ duty: Duty; unsuitable: string[] }> {
  const household = await trx.selectFrom("households").select(["id", "duty"]).where("id", "=", input.householdId).executeTakeFirst();
  if (!household) throw new Refusal("householdId", "Household not found");
  // Lock the unit first: concurrent bookings of one unit then queue here instead of
  // deadlocking inside the exclusion constraint; the constraint stays the guarantee.
  const unit = await trx
    .selectFrom("units")
    .select(["id", "max_occupants", "in_use_from", "retired_on", "unit_ref"])
    .where("id", "=", input.unitId)
    .forUpdate()
    .executeTakeFirst();
  if (!unit) throw new Refusal("unitId", "Unit not found");
  if (unit.in_use_from && input.startDate < unit.in_use_from) {
    throw new Refusal("startDate", `Unit ${unit.unit_ref} is not in use until ${formatDate(unit.in_use_from)}`);
  }
  if (unit.retired_on && (input.endDate === null || input.endDate > unit.retired_on)) {
    throw new Refusal("unitId", `Unit ${unit.unit_ref} is retired from ${formatDate(unit.retired_on)}`);
  }
  // The one definition of whether the unit suits the household (unit_suitability): a hard
  // reason refuses; a warning needs the officer's recorded decision.
  const { suitability, needs } = await unitForHousehold(trx, input.householdId, input.unitId, input.startDate);
  if (!suitability.placeable) {
    throw new Refusal(
      "unitId",
      `The household has ${needs.occupants} people and unit ${unit.unit_ref} takes at most ${unit.max_occupants}`,
    );
  }
  // "Do not use" (unit_standards: graded E, or required works overdue): only a manager may
  // place there, in an emergency, saying why (issue 21). A correction of dates (decision
  // null) keeps the decision already recorded.
  if (suitability.doNotUse.length > 0 && input.decision !== null) {
    const why = suitability.doNotUse.map((w) => w.message).join("; ");
    if (!input.mayUseDoNotUse) {
      throw new Refusal(
        "unitId",
        `Unit ${unit.unit_ref} is marked do not use (${why}): only a manager can place a household there, in an emergency`,
      );
    }
    const d = input.decision;
    if (!d || d.reason !== "emergency_nothing_suitable") {
      throw new Refusal(
        "decision",
        `Unit ${unit.unit_ref} is marked do not use (${why}): select "${PLACEMENT_DECISIONS.emergency_nothing_suitable}" to place the household there`,
      );
    }
    if (!d.note.trim()) throw new Refusal("decisionNote", "Say what the emergency is and why this unit is used");
  } else if (input.decision !== null && input.mayUseDoNotUse && input.onlyDoNotUse) {
    throw new Refusal("unitId", `Unit ${unit.unit_ref} is not marked do not use: an officer places households here`);
  }
  if (suitability.warnings.length > 0 && input.decision !== null) {
    const d = input.decision;
    if (!d || !(d.reason in PLACEMENT_DECISIONS)) {
      throw new Refusal(
        "decision",
        `Unit ${unit.unit_ref} does not suit the household (${suitability.warnings.map((w) => w.message).join("; ")}): select why you are placing them there`,
      );
    }
    if (d.reason === "other" && !d.note.trim()) throw new Refusal("decisionNote", "Say why the household is placed in this unit");
  }
  if (!input.isSplit) {
    const overlapping = await trx
      .selectFrom("placements")
      .select(["id", "start_date", "end_date"])
      .where("household_id", "=", input.householdId)
      .where("cancelled_at", "is", null)
      .$if(input.ignorePlacementId !== undefined, (q) => q.where("id", "!=", input.ignorePlacementId!))
      .where(sql<boolean>`daterange(start_date, end_date, '[)') && daterange(${input.startDate}::date, ${input.endDate}::date, '[)')`)
      .executeTakeFirst();
    if (overlapping) {
      throw new Refusal(
        "unitId",
        `The household already has a placement from ${formatDate(overlapping.start_date)}${overlapping.end_date ? ` to ${formatDate(overlapping.end_date)}` : ""}. Transfer them, end that placement, or record a split placement`,
      );
    }
  }
  return { duty: household.duty, unsuitable: [...suitability.doNotUse, ...suitability.warnings].map((w) => w.code) };
}

// ---------------------------------------------------------------------------
// Transfer, end, correct and cancel. Each runs in ONE transaction; a refusal
// part-way throws a Refusal so everything already written is rolled back.

/** The household's own placement, locked; anything else (another household's, tampered ids) is refused. */
async function lockOwnPlacement(trx: Conn, householdId: number, placementId: number) {
  const p = await trx.selectFrom("placements").selectAll().where("id", "=", placementId).forUpdate().executeTakeFirst();
  if (!p || p.household_id !== householdId) throw new Refusal("_form", "This placement does not belong to this household");
  if (p.cancelled_at) throw new Refusal("_form", "This placement was cancelled and cannot be changed");
  return p;
}

/** Runs a change in one transaction (retried when the database asks); the database's refusals become a Refusal. */
async function run<T>(db: Kysely<DB>, fn: (trx: Conn) => Promise<T>, onClash: () => Promise<Refusal>): Promise<T> {
  try {
    return await retrying(() => db.transaction().execute(fn));
  } catch (e) {
    if (isExclusionViolation(e)) throw await onClash();
    if (isCheckViolation(e)) throw new Refusal("endDate", "End date must be after the start date");
    throw e;
  }
}

/** The Refusal for a change the unit's calendar refused: the clash named, with a link to it. */
const clashRefusal = async (
  db: Conn,
  unitId: number,
  start: IsoDate,
  end: IsoDate | null,
  field: string,
  ignore?: number,
): Promise<Refusal> => {
  const clash = await findClash(db, unitId, start, end, ignore);
  if (clash) return new Refusal(field, clashMessage(clash), { clash });
  return new Refusal(field, "The unit was booked by someone else at the same moment. Search again.");
};

export interface TransferInput {
  householdId: number;
  /** The placement the household moves out of. */
  placementId: number;
  unitId: number;
  /** Check-out from the old unit and check-in to the new one. */
  date: IsoDate;
  /** Why, when the new unit does not suit the household (see PlaceInput). */
  decision?: PlaceInput["decision"];
  /** See PlaceInput. */
  mayUseDoNotUse?: boolean;
  onlyDoNotUse?: boolean;
}

/**
 * Moves a household from its current placement to another unit on a date: the
 * old placement ends and the new one starts on the same date, in one
 * transaction, so a refusal at any step leaves both as they were.
 */
export async function transferHousehold(db: Kysely<DB>, actorId: number | null, input: TransferInput): Promise<number> {
  let newEnd: IsoDate | null = null;
  return run(
    db,
    async (trx) => {
      await lockForChange(trx, input.householdId, [...(await unitOfPlacement(trx, input.placementId)), input.unitId]);
      const old = await lockOwnPlacement(trx, input.householdId, input.placementId);
      if (input.date <= old.start_date || (old.end_date !== null && input.date >= old.end_date)) {
        throw new Refusal(
          "date",
          `Transfer date must be after ${formatDate(old.start_date)}${old.end_date ? ` and before ${formatDate(old.end_date)}` : ""}, while the current placement runs`,
        );
      }
      if (old.unit_id === input.unitId) throw new Refusal("unitId", "Choose a different unit from the one the household is in");
      // A planned end date carries over to the new placement.
      newEnd = old.end_date;
      const ended = await trx
        .updateTable("placements")
        .set({
          end_date: input.date,
          end_reason: "Transferred to another unit",
          destination: null,
          ended_by: actorId,
          ended_at: new Date(),
        })
        .where("id", "=", old.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const checked = await checkPlacement(trx, {
        householdId: input.householdId,
        unitId: input.unitId,
        startDate: input.date,
        endDate: newEnd,
        decision: input.decision,
        mayUseDoNotUse: input.mayUseDoNotUse,
        onlyDoNotUse: input.onlyDoNotUse,
      });
      const row = await trx
        .insertInto("placements")
        .values({
          household_id: input.householdId,
          unit_id: input.unitId,
          start_date: input.date,
          end_date: newEnd,
          duty: old.duty,
          placed_by: actorId,
          ...decisionColumns(checked.unsuitable, input.decision),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await sql`SELECT rebuild_episodes(ARRAY[${input.householdId}]::bigint[])`.execute(trx);
      await audit(trx, {
        userId: actorId,
        action: "end (transfer)",
        entity: "placement",
        entityId: old.id,
        householdId: input.householdId,
        before: old,
        after: ended,
      });
      await audit(trx, {
        userId: actorId,
        action: "transfer",
        entity: "placement",
        entityId: row.id,
        householdId: input.householdId,
        after: row,
      });
      return row.id;
    },
    () => clashRefusal(db, input.unitId, input.date, newEnd, "unitId"),
  );
}

export interface EndInput {
  householdId: number;
  placementId: number;
  endDate: IsoDate;
  reason: string;
  /** The household leaves temporary accommodation (the episode ends): a destination is required. */
  leavesTa: boolean;
  destination: Destination | null;
}

/** Ends a placement on a date (the check-out: the last night is the night before). */
export async function endPlacement(db: Kysely<DB>, actorId: number | null, input: EndInput): Promise<number> {
  if (input.leavesTa && !input.destination) throw new Refusal("destination", "Select where the household went");
  if (!input.leavesTa && input.destination)
    throw new Refusal("destination", "Do not give a destination when the household moves to another placement");
  let unitId = 0;
  return run(
    db,
    async (trx) => {
      await lockForChange(trx, input.householdId, await unitOfPlacement(trx, input.placementId));
      const p = await lockOwnPlacement(trx, input.householdId, input.placementId);
      unitId = p.unit_id;
      if (input.endDate <= p.start_date)
        throw new Refusal("endDate", `End date must be after the placement started (${formatDate(p.start_date)})`);
      const row = await trx
        .updateTable("placements")
        .set({
          end_date: input.endDate,
          end_reason: input.reason,
          destination: input.leavesTa ? input.destination : null,
          ended_by: actorId,
          ended_at: new Date(),
        })
        .where("id", "=", p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await sql`SELECT rebuild_episodes(ARRAY[${input.householdId}]::bigint[])`.execute(trx);
      await audit(trx, {
        userId: actorId,
        action: "end",
        entity: "placement",
        entityId: p.id,
        householdId: input.householdId,
        before: p,
        after: row,
      });
      return p.id;
    },
    async () => {
      const p = await db.selectFrom("placements").select(["start_date"]).where("id", "=", input.placementId).executeTakeFirstOrThrow();
      return clashRefusal(db, unitId, p.start_date, input.endDate, "endDate", input.placementId);
    },
  );
}

export interface CorrectInput {
  householdId: number;
  placementId: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
  reason: string;
}

/** Corrects a placement's dates entered by mistake; re-runs every placement check and audits before and after. */
export async function correctPlacementDates(db: Kysely<DB>, actorId: number | null, input: CorrectInput): Promise<number> {
  if (input.endDate !== null && input.endDate <= input.startDate) throw new Refusal("endDate", "End date must be after the start date");
  let unitId = 0;
  return run(
    db,
    async (trx) => {
      await lockForChange(trx, input.householdId, await unitOfPlacement(trx, input.placementId));
      const p = await lockOwnPlacement(trx, input.householdId, input.placementId);
      unitId = p.unit_id;
      if (p.destination && input.endDate === null) {
        throw new Refusal("endDate", "This placement ended with the household leaving temporary accommodation: enter the end date");
      }
      await checkPlacement(trx, {
        householdId: input.householdId,
        unitId: p.unit_id,
        startDate: input.startDate,
        endDate: input.endDate,
        isSplit: p.is_split,
        ignorePlacementId: p.id,
        decision: null,
      });
      const row = await trx
        .updateTable("placements")
        .set({ start_date: input.startDate, end_date: input.endDate })
        .where("id", "=", p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await sql`SELECT rebuild_episodes(ARRAY[${input.householdId}]::bigint[])`.execute(trx);
      await audit(trx, {
        userId: actorId,
        action: "correct dates",
        entity: "placement",
        entityId: p.id,
        householdId: input.householdId,
        before: p,
        after: { ...row, correction_reason: input.reason },
      });
      return p.id;
    },
    () => clashRefusal(db, unitId, input.startDate, input.endDate, "startDate", input.placementId),
  );
}

/** Cancels a placement made in error: it leaves the unit's calendar and the household's episodes. */
export async function cancelPlacement(
  db: Kysely<DB>,
  actorId: number | null,
  input: { householdId: number; placementId: number; reason: string },
): Promise<number> {
  return run(
    db,
    async (trx) => {
      await lockForChange(trx, input.householdId, await unitOfPlacement(trx, input.placementId));
      const p = await lockOwnPlacement(trx, input.householdId, input.placementId);
      const row = await trx
        .updateTable("placements")
        .set({ cancelled_at: new Date(), cancelled_by: actorId, cancel_reason: input.reason })
        .where("id", "=", p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await sql`SELECT rebuild_episodes(ARRAY[${input.householdId}]::bigint[])`.execute(trx);
      await audit(trx, {
        userId: actorId,
        action: "cancel",
        entity: "placement",
        entityId: p.id,
        householdId: input.householdId,
        before: p,
        after: row,
      });
      return p.id;
    },
    async () => new Refusal("_form", "The placement could not be cancelled"),
  );
}

/** Every placement made in a unit that did not suit the household, with the reasons found and the decision recorded, newest first. */
export async function unsuitablePlacements(db: Conn, limit = 500) {
  return db
    .selectFrom("placements as p")
    .innerJoin("households as h", "h.id", "p.household_id")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .leftJoin("users as by", "by.id", "p.placed_by")
    .select([
      "p.id",
      "h.id as household_id",
      "h.case_ref",
      "u.unit_ref",
      "p.start_date",
      "p.end_date",
      "p.unsuitable_reasons",
      "p.decision_reason",
      "p.decision_note",
      "by.name as placed_by",
    ])
    .where("p.decision_reason", "is not", null)
    .where("p.cancelled_at", "is", null)
    .orderBy("p.start_date", "desc")
    .orderBy("p.id", "desc")
    .limit(limit)
    .execute();
}
