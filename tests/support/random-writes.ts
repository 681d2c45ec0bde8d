/**
 * Random writes to placements through the app's own write functions, for the tests that
 * compare what is kept on write with a computation from scratch (spend, trials, the
 * households in TA by night). Each test sets the spans and chances it needs; the random
 * numbers are drawn in a fixed order, so a test's sequence depends only on its seed.
 */
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import {
  placeHousehold,
  transferHousehold,
  endPlacement,
  correctPlacementDates,
  cancelPlacement,
} from "~/features/placements/placements.server";
import { addRate, correctRate, addCharge } from "~/features/money/rates.server";
import { saveUnit } from "~/features/stock/stock.server";
import { addDays, type IsoDate } from "~/lib/dates";
import type { Random } from "~/demo/random";
import type { Destination } from "~/lib/vocabulary";

export type PlacementWrite = "place" | "transfer" | "end" | "correct" | "cancel";

export interface PlacementWriteOptions {
  /** A start date for a new placement. */
  startDate: () => IsoDate;
  /** The chance a new placement is open (no end date). */
  openChance: number;
  /** A new placement's nights: 1 to this many. */
  stayNights: number;
  /** A transfer or end: 1 to this many nights after the latest placement's start. */
  moveWithin: number;
  /** The chance an ended placement leaves TA. */
  leavesChance: number;
  /** Where an ended stay went. */
  destination: () => Destination;
  /** The chance corrected dates leave the placement open. */
  correctOpenChance: number;
}

const EMERGENCY = { reason: "emergency_nothing_suitable" as const, note: "" };

/** One write of `kind` to the household's latest placement (or a new one); "none" when it has none. */
export async function randomPlacementWrite(
  db: Kysely<DB>,
  rnd: Random,
  kind: PlacementWrite,
  household: number,
  unitId: number,
  o: PlacementWriteOptions,
): Promise<PlacementWrite | "none"> {
  const latest = () =>
    db
      .selectFrom("placements")
      .select(["id", "start_date", "end_date"])
      .where("household_id", "=", household)
      .where("cancelled_at", "is", null)
      .orderBy("start_date", "desc")
      .executeTakeFirst();
  if (kind === "place") {
    const start = o.startDate();
    await placeHousehold(db, null, {
      householdId: household,
      unitId,
      startDate: start,
      endDate: rnd.chance(o.openChance) ? null : addDays(start, rnd.int(1, o.stayNights)),
      decision: EMERGENCY,
    });
    return kind;
  }
  const p = await latest();
  if (!p) return "none";
  if (kind === "transfer" || kind === "end") {
    const date = addDays(p.start_date, rnd.int(1, o.moveWithin));
    if (kind === "transfer")
      await transferHousehold(db, null, { householdId: household, placementId: p.id, unitId, date, decision: EMERGENCY });
    else
      await endPlacement(db, null, {
        householdId: household,
        placementId: p.id,
        endDate: date,
        reason: "Random write",
        leavesTa: rnd.chance(o.leavesChance),
        destination: o.destination(),
      });
  } else if (kind === "correct") {
    const start = addDays(p.start_date, rnd.int(-40, 40));
    await correctPlacementDates(db, null, {
      householdId: household,
      placementId: p.id,
      startDate: start,
      endDate: rnd.chance(o.correctOpenChance) ? null : addDays(start, rnd.int(1, 150)),
      reason: "Random correction",
    });
  } else await cancelPlacement(db, null, { householdId: household, placementId: p.id, reason: "Random cancel" });
  return kind;
}

export type RateWrite = "rate" | "correct_rate" | "charge";

/** A rate added, the unit's first rate corrected, or a charge added, from `effectiveFrom()`; "none" when there is no rate to correct. */
export async function randomRateWrite(
  db: Kysely<DB>,
  rnd: Random,
  kind: RateWrite,
  unitId: number,
  effectiveFrom: () => IsoDate,
): Promise<RateWrite | "none"> {
  if (kind === "rate")
    await addRate(db, null, unitId, { effectiveFrom: effectiveFrom(), amount: rnd.int(2000, 12000), basis: rnd.pick(["night", "week"]) });
  else if (kind === "correct_rate") {
    const r = await db.selectFrom("unit_rates").select("id").where("unit_id", "=", unitId).executeTakeFirst();
    if (!r) return "none";
    await correctRate(db, null, unitId, r.id, {
      effectiveFrom: effectiveFrom(),
      amount: rnd.int(2000, 12000),
      basis: rnd.pick(["night", "week"]),
    });
  } else await addCharge(db, null, unitId, { effectiveFrom: effectiveFrom(), amount: rnd.int(3000, 25000) });
  return kind;
}

/**
 * The unit retyped and made shared or self-contained (so B&B by the Order may change), through
 * the stock form's own write; bedrooms and the date in use as the test says (unchanged by default).
 */
export async function randomUnitWrite(
  db: Kysely<DB>,
  rnd: Random,
  unitId: number,
  o: { bedrooms?: () => number; inUseFrom?: () => IsoDate | null } = {},
): Promise<void> {
  const u = await db.selectFrom("units").selectAll().where("id", "=", unitId).executeTakeFirstOrThrow();
  const shared = rnd.chance(0.5);
  await saveUnit(db, null, u.id, {
    propertyId: u.property_id,
    unitRef: u.unit_ref,
    name: u.name ?? "",
    taTypeCode: rnd.pick(["bnb", "private_leased", "hostel"]),
    bedrooms: o.bedrooms ? o.bedrooms() : u.bedrooms,
    maxOccupants: u.max_occupants,
    sharedKitchen: shared,
    sharedBathroom: shared,
    sharedToilet: u.shared_toilet,
    stepFree: u.step_free,
    inUseFrom: o.inUseFrom ? o.inUseFrom() : u.in_use_from,
  });
}
