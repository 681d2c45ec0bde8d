/**
 * Placing households in units. The database refuses overlaps (unit_calendar's
 * exclusion constraint); this module turns each refusal into a message that
 * names the clash. Functions take the db or a transaction first; callers that
 * pass `db` get their own transaction.
 */
import { sql, type Kysely } from "kysely";
import type { DB, Duty } from "~/db/schema";
import type { IsoDate } from "~/domain/dates";
import { formatDate } from "~/domain/dates";
import { occupantCount } from "~/domain/household";
import { toDomainMember } from "./households.server";
import { isCheckViolation, isExclusionViolation, retrying } from "~/db/errors";
import { audit, type Conn } from "./audit.server";

export interface Clash {
  kind: "placement" | "out_of_service";
  id: number;
  start: IsoDate;
  end: IsoDate | null;
  householdId?: number;
  caseRef?: string;
  reason?: string;
}

export type PlaceResult =
  | { ok: true; placementId: number }
  | { ok: false; field: string; message: string; clash?: Clash };

/** The first booking of the unit that overlaps the nights [start, end). */
export async function findClash(db: Conn, unitId: number, start: IsoDate, end: IsoDate | null, ignorePlacementId?: number): Promise<Clash | null> {
  const row = await db
    .selectFrom("unit_calendar as c")
    .leftJoin("placements as p", "p.id", "c.placement_id")
    .leftJoin("households as h", "h.id", "p.household_id")
    .leftJoin("out_of_service as o", "o.id", "c.out_of_service_id")
    .select([
      "c.placement_id", "c.out_of_service_id", "p.household_id", "h.case_ref",
      sql<string>`lower(c.nights)`.as("start"), sql<string | null>`upper(c.nights)`.as("end"), "o.reason",
    ])
    .where("c.unit_id", "=", unitId)
    .where(sql<boolean>`c.nights && daterange(${start}::date, ${end}::date, '[)')`)
    .$if(ignorePlacementId !== undefined, (q) => q.where((eb) => eb.or([eb("c.placement_id", "is", null), eb("c.placement_id", "!=", ignorePlacementId!)])))
    .orderBy(sql`lower(c.nights)`)
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  if (row.placement_id !== null) {
    return { kind: "placement", id: row.placement_id, start: row.start, end: row.end, householdId: row.household_id ?? undefined, caseRef: row.case_ref ?? undefined };
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
}

/** Places a household in a unit, in its own transaction. */
export async function placeHousehold(db: Kysely<DB>, actorId: number | null, input: PlaceInput): Promise<PlaceResult> {
  if (input.endDate !== null && input.endDate <= input.startDate) {
    return { ok: false, field: "endDate", message: "End date must be after the start date" };
  }
  try {
    return await retrying(() => db.transaction().execute(async (trx) => {
      const checked = await checkPlacement(trx, input);
      if (!checked.ok) return checked;
      const row = await trx.insertInto("placements").values({
        household_id: input.householdId, unit_id: input.unitId, start_date: input.startDate, end_date: input.endDate,
        duty: input.duty ?? checked.duty, is_split: input.isSplit ?? false, placed_by: actorId,
      }).returningAll().executeTakeFirstOrThrow();
      await sql`SELECT rebuild_episodes(ARRAY[${input.householdId}]::bigint[])`.execute(trx);
      await trx.updateTable("households").set({ awaiting_since: null, updated_at: new Date() }).where("id", "=", input.householdId).execute();
      await audit(trx, { userId: actorId, action: "place", entity: "placement", entityId: row.id, householdId: input.householdId, after: row });
      return { ok: true as const, placementId: row.id };
    }));
  } catch (e) {
    if (isExclusionViolation(e)) {
      const clash = await findClash(db, input.unitId, input.startDate, input.endDate);
      if (clash) return { ok: false, field: "unitId", message: clashMessage(clash), clash };
      return { ok: false, field: "unitId", message: "The unit was booked by someone else at the same moment. Search again." };
    }
    if (isCheckViolation(e)) return { ok: false, field: "endDate", message: "End date must be after the start date" };
    throw e;
  }
}

async function checkPlacement(trx: Conn, input: PlaceInput): Promise<{ ok: true; duty: Duty } | { ok: false; field: string; message: string }> {
  const household = await trx.selectFrom("households").select(["id", "duty"]).where("id", "=", input.householdId).executeTakeFirst();
  if (!household) return { ok: false, field: "householdId", message: "Household not found" };
  // Lock the unit first: concurrent bookings of one unit then queue here instead of
  // deadlocking inside the exclusion constraint; the constraint stays the guarantee.
  const unit = await trx.selectFrom("units").select(["id", "max_occupants", "in_use_from", "retired_on", "unit_ref"])
    .where("id", "=", input.unitId).forUpdate().executeTakeFirst();
  if (!unit) return { ok: false, field: "unitId", message: "Unit not found" };
  if (unit.in_use_from && input.startDate < unit.in_use_from) {
    return { ok: false, field: "startDate", message: `Unit ${unit.unit_ref} is not in use until ${formatDate(unit.in_use_from)}` };
  }
  if (unit.retired_on && (input.endDate === null || input.endDate > unit.retired_on)) {
    return { ok: false, field: "unitId", message: `Unit ${unit.unit_ref} is retired from ${formatDate(unit.retired_on)}` };
  }
  const members = await trx.selectFrom("household_members").select(["name", "date_of_birth", "relationship", "pregnant", "sex"])
    .where("household_id", "=", input.householdId).execute();
  const people = occupantCount(members.map(toDomainMember), input.startDate);
  if (people > unit.max_occupants) {
    return { ok: false, field: "unitId", message: `The household has ${people} people and unit ${unit.unit_ref} takes at most ${unit.max_occupants}` };
  }
  if (!input.isSplit) {
    const overlapping = await trx.selectFrom("placements").select(["id", "start_date", "end_date"])
      .where("household_id", "=", input.householdId).where("cancelled_at", "is", null)
      .where(sql<boolean>`daterange(start_date, end_date, '[)') && daterange(${input.startDate}::date, ${input.endDate}::date, '[)')`)
      .executeTakeFirst();
    if (overlapping) {
      return {
        ok: false, field: "unitId",
        message: `The household already has a placement from ${formatDate(overlapping.start_date)}${overlapping.end_date ? ` to ${formatDate(overlapping.end_date)}` : ""}. Transfer them, end that placement, or record a split placement`,
      };
    }
  }
  return { ok: true, duty: household.duty };
}
