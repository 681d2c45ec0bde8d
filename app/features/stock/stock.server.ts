/**
 * Stock: providers, properties, units, out-of-service periods, retirement and
 * the unit calendar. Set-based, paged. Writes run in a transaction and are audited.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { ProviderType } from "~/lib/vocabulary";
import { addDays, formatDate, maxDate, minDate, daysBetween, type IsoDate } from "~/lib/dates";
import { isCheckViolation, isExclusionViolation, isUniqueViolation } from "~/lib/db/errors";
import { audit } from "~/lib/audit.server";
import { findClash, clashMessage } from "~/features/placements/placements.server";
import type { Clash } from "~/lib/components/clash";
import { Refusal } from "~/lib/refusal";
import type { Conn } from "~/lib/db/connect";

export const STOCK_PAGE_SIZE = 25;

const like = (term: string) => `%${term.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/* ------------------------------------------------------------------ lists */

/** Units matching the search (unit reference, property or provider name), paged. */
export async function searchUnits(db: Conn, { q, page }: { q: string; page: number }) {
  const term = q.trim();
  let base = db
    .selectFrom("units as u")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id");
  if (term) {
    base = base.where((eb) =>
      eb.or([
        eb(sql`lower(u.unit_ref)`, "like", like(term)),
        eb(sql`lower(p.name)`, "like", like(term)),
        eb(sql`lower(pr.name)`, "like", like(term)),
        eb(sql`lower(p.postcode)`, "like", like(term)),
      ]),
    );
  }
  const total = await base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .select([
      "u.id",
      "u.unit_ref",
      "u.name",
      "u.bedrooms",
      "u.max_occupants",
      "u.retired_on",
      "u.step_free",
      "p.id as property_id",
      "p.name as property_name",
      "p.town",
      "pr.id as provider_id",
      "pr.name as provider_name",
      "t.name as ta_type",
    ])
    .orderBy("u.unit_ref")
    .limit(STOCK_PAGE_SIZE)
    .offset((page - 1) * STOCK_PAGE_SIZE)
    .execute();
  return { total: total.n, pages: Math.max(1, Math.ceil(total.n / STOCK_PAGE_SIZE)), rows };
}

export async function searchProviders(db: Conn, { q, page }: { q: string; page: number }) {
  const term = q.trim();
  let base = db.selectFrom("providers as pr");
  if (term) base = base.where(sql`lower(pr.name)`, "like", like(term));
  const total = await base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .select((eb) => [
      "pr.id",
      "pr.name",
      "pr.provider_type",
      "pr.email",
      "pr.phone",
      eb
        .selectFrom("properties as p")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("p.provider_id", "=", "pr.id")
        .as("properties"),
    ])
    .orderBy("pr.name")
    .limit(STOCK_PAGE_SIZE)
    .offset((page - 1) * STOCK_PAGE_SIZE)
    .execute();
  return { total: total.n, pages: Math.max(1, Math.ceil(total.n / STOCK_PAGE_SIZE)), rows };
}

export async function getProvider(db: Conn, id: number) {
  const provider = await db.selectFrom("providers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!provider) throw new Response("Not Found", { status: 404 });
  const properties = await db
    .selectFrom("properties as p")
    .select((eb) => [
      "p.id",
      "p.name",
      "p.town",
      "p.postcode",
      "p.district_gss",
      eb
        .selectFrom("units as u")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("u.property_id", "=", "p.id")
        .as("units"),
    ])
    .where("p.provider_id", "=", id)
    .orderBy("p.name")
    .limit(500)
    .execute();
  return { provider, properties };
}

export async function getProperty(db: Conn, id: number) {
  const property = await db
    .selectFrom("properties as p")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .selectAll("p")
    .select(["pr.name as provider_name"])
    .where("p.id", "=", id)
    .executeTakeFirst();
  if (!property) throw new Response("Not Found", { status: 404 });
  const units = await db
    .selectFrom("units as u")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .select(["u.id", "u.unit_ref", "u.name", "u.bedrooms", "u.max_occupants", "u.retired_on", "t.name as ta_type"])
    .where("u.property_id", "=", id)
    .orderBy("u.unit_ref")
    .limit(1000)
    .execute();
  return { property, units };
}

export async function getUnit(db: Conn, id: number) {
  const unit = await db
    .selectFrom("units as u")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .selectAll("u")
    .select([
      "p.name as property_name",
      // a unit's own address, where it has one, else its property's
      sql<string>`coalesce(u.address_line_1, p.address_line_1)`.as("address_line_1"),
      sql<string>`coalesce(u.town, p.town)`.as("town"),
      sql<string>`coalesce(u.postcode, p.postcode)`.as("postcode"),
      "f.district_gss",
      "pr.id as provider_id",
      "pr.name as provider_name",
      "pr.provider_type",
      "t.name as ta_type",
      "f.is_bnb",
      "f.self_contained",
      "f.out_of_district",
    ])
    .where("u.id", "=", id)
    .executeTakeFirst();
  if (!unit) throw new Response("Not Found", { status: 404 });
  const outOfService = await db
    .selectFrom("out_of_service")
    .selectAll()
    .where("unit_id", "=", id)
    .orderBy("start_date", "desc")
    .limit(100)
    .execute();
  const rates = await db
    .selectFrom("unit_rates")
    .select(["effective_from", "amount_pence", "basis"])
    .where("unit_id", "=", id)
    .orderBy("effective_from", "desc")
    .limit(50)
    .execute();
  return { unit, outOfService, rates };
}

/* --------------------------------------------------------------- calendar */

export type CalendarEntry =
  | { kind: "placement"; from: IsoDate; to: IsoDate | null; placementId: number; householdId: number; caseRef: string }
  | { kind: "out_of_service"; from: IsoDate; to: IsoDate | null; outOfServiceId: number; reason: string }
  | { kind: "void"; from: IsoDate; to: IsoDate; nights: number };

/**
 * The unit's bookings overlapping the window [from, to), with the gaps (voids)
 * between them inside the window and inside the unit's time in use.
 */
export async function unitCalendar(
  db: Conn,
  unitId: number,
  window: { from: IsoDate; to: IsoDate },
  inUse: { from: IsoDate | null; retiredOn: IsoDate | null },
): Promise<CalendarEntry[]> {
  const rows = await db
    .selectFrom("unit_calendar as c")
    .leftJoin("placements as p", "p.id", "c.placement_id")
    .leftJoin("households as h", "h.id", "p.household_id")
    .leftJoin("out_of_service as o", "o.id", "c.out_of_service_id")
    .select([
      "c.placement_id",
      "c.out_of_service_id",
      "p.household_id",
      "h.case_ref",
      "o.reason",
      sql<string>`lower(c.nights)`.as("start"),
      sql<string | null>`upper(c.nights)`.as("end"),
    ])
    .where("c.unit_id", "=", unitId)
    .where(sql<boolean>`c.nights && daterange(${window.from}::date, ${window.to}::date, '[)')`)
    .orderBy(sql`lower(c.nights)`)
    .limit(1000)
    .execute();
  const booked: CalendarEntry[] = rows.map((r) =>
    r.placement_id !== null
      ? { kind: "placement", from: r.start, to: r.end, placementId: r.placement_id, householdId: r.household_id!, caseRef: r.case_ref! }
      : { kind: "out_of_service", from: r.start, to: r.end, outOfServiceId: r.out_of_service_id!, reason: r.reason ?? "" },
  );
  const lo = inUse.from ? maxDate(window.from, inUse.from) : window.from;
  const hi = inUse.retiredOn ? minDate(window.to, inUse.retiredOn) : window.to;
  const out: CalendarEntry[] = [];
  let cursor = lo;
  for (const b of booked) {
    if (b.from > cursor && cursor < hi) {
      const to = minDate(b.from, hi);
      out.push({ kind: "void", from: cursor, to, nights: daysBetween(cursor, to) });
    }
    out.push(b);
    if (b.to === null) cursor = "9999-12-31";
    else if (b.to > cursor) cursor = b.to;
  }
  if (cursor < hi) out.push({ kind: "void", from: cursor, to: hi, nights: daysBetween(cursor, hi) });
  return out;
}

/* ----------------------------------------------------------------- writes */

export interface ProviderInput {
  name: string;
  providerType: ProviderType;
  email: string;
  phone: string;
}

export async function saveProvider(db: Kysely<DB>, actorId: number | null, id: number | null, input: ProviderInput): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const values = { name: input.name, provider_type: input.providerType, email: input.email || null, phone: input.phone || null };
      if (id === null) {
        const row = await trx.insertInto("providers").values(values).returningAll().executeTakeFirstOrThrow();
        await audit(trx, { userId: actorId, action: "create", entity: "provider", entityId: row.id, after: row });
        return row.id;
      }
      const before = await trx.selectFrom("providers").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!before) throw new Response("Not Found", { status: 404 });
      const row = await trx.updateTable("providers").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "edit", entity: "provider", entityId: id, before, after: row });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("name", "A provider with this name already exists");
    throw e;
  }
}

export interface PropertyInput {
  providerId: number;
  name: string;
  addressLine1: string;
  town: string;
  postcode: string;
  districtGss: string;
  brma: string;
}

export async function saveProperty(db: Kysely<DB>, actorId: number | null, id: number | null, input: PropertyInput): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const provider = await trx.selectFrom("providers").select("id").where("id", "=", input.providerId).executeTakeFirst();
      if (!provider) throw new Refusal("providerId", "Select a provider");
      const values = {
        provider_id: input.providerId,
        name: input.name,
        address_line_1: input.addressLine1,
        town: input.town,
        postcode: input.postcode.toUpperCase(),
        district_gss: input.districtGss.toUpperCase(),
        brma: input.brma || null,
      };
      if (id === null) {
        const row = await trx.insertInto("properties").values(values).returningAll().executeTakeFirstOrThrow();
        await audit(trx, { userId: actorId, action: "create", entity: "property", entityId: row.id, after: row });
        return row.id;
      }
      const before = await trx.selectFrom("properties").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!before) throw new Response("Not Found", { status: 404 });
      const row = await trx.updateTable("properties").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "edit", entity: "property", entityId: id, before, after: row });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("name", "This provider already has a property with this name");
    if (isCheckViolation(e)) throw new Refusal("districtGss", "Enter the district's GSS code, like E08000012");
    throw e;
  }
}

export interface UnitInput {
  propertyId: number;
  unitRef: string;
  name: string;
  taTypeCode: string;
  bedrooms: number;
  maxOccupants: number;
  sharedKitchen: boolean;
  sharedBathroom: boolean;
  sharedToilet: boolean;
  stepFree: boolean;
  inUseFrom: IsoDate | null;
}

export async function saveUnit(db: Kysely<DB>, actorId: number | null, id: number | null, input: UnitInput): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const property = await trx.selectFrom("properties").select("id").where("id", "=", input.propertyId).executeTakeFirst();
      if (!property) throw new Refusal("propertyId", "Select a property");
      const type = await trx.selectFrom("ta_types").select("code").where("code", "=", input.taTypeCode).executeTakeFirst();
      if (!type) throw new Refusal("taTypeCode", "Select the type of accommodation");
      const values = {
        property_id: input.propertyId,
        unit_ref: input.unitRef,
        name: input.name,
        ta_type_code: input.taTypeCode,
        bedrooms: input.bedrooms,
        max_occupants: input.maxOccupants,
        shared_kitchen: input.sharedKitchen,
        shared_bathroom: input.sharedBathroom,
        shared_toilet: input.sharedToilet,
        step_free: input.stepFree,
        in_use_from: input.inUseFrom,
      };
      if (id === null) {
        const row = await trx.insertInto("units").values(values).returningAll().executeTakeFirstOrThrow();
        await audit(trx, { userId: actorId, action: "create", entity: "unit", entityId: row.id, after: row });
        return row.id;
      }
      const before = await trx.selectFrom("units").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!before) throw new Response("Not Found", { status: 404 });
      // A smaller unit or a later start must not strand a placement already made.
      if (input.inUseFrom) {
        const early = await trx
          .selectFrom("placements")
          .select(["start_date"])
          .where("unit_id", "=", id)
          .where("cancelled_at", "is", null)
          .where("start_date", "<", input.inUseFrom)
          .orderBy("start_date")
          .executeTakeFirst();
        if (early) throw new Refusal("inUseFrom", `The unit has a placement from ${formatDate(early.start_date)}, before that date`);
      }
      const row = await trx.updateTable("units").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "edit", entity: "unit", entityId: id, before, after: row });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("unitRef", "A unit with this reference already exists");
    if (isCheckViolation(e)) throw new Refusal("inUseFrom", "The unit must come into use before it is retired");
    throw e;
  }
}

export interface OutOfServiceInput {
  unitId: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
  reason: string;
}

/** Takes a unit out of service; the database refuses an overlap with a placement or another period. */
export async function addOutOfService(db: Kysely<DB>, actorId: number | null, input: OutOfServiceInput): Promise<number> {
  if (input.endDate !== null && input.endDate <= input.startDate) throw new Refusal("endDate", "End date must be after the start date");
  try {
    return await db.transaction().execute(async (trx) => {
      const unit = await trx
        .selectFrom("units")
        .select(["id", "retired_on", "unit_ref"])
        .where("id", "=", input.unitId)
        .forUpdate()
        .executeTakeFirst();
      if (!unit) throw new Response("Not Found", { status: 404 });
      const row = await trx
        .insertInto("out_of_service")
        .values({
          unit_id: input.unitId,
          start_date: input.startDate,
          end_date: input.endDate,
          reason: input.reason,
          created_by: actorId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "take out of service", entity: "unit", entityId: input.unitId, after: row });
      return row.id;
    });
  } catch (e) {
    if (isExclusionViolation(e)) {
      const clash = await findClash(db, input.unitId, input.startDate, input.endDate);
      if (clash) throw new Refusal("startDate", clashMessage(clash), { clash });
      throw new Refusal("startDate", "The unit was booked at the same moment. Try again.");
    }
    if (isCheckViolation(e)) throw new Refusal("endDate", "End date must be after the start date");
    throw e;
  }
}

export async function cancelOutOfService(db: Kysely<DB>, actorId: number | null, unitId: number, outOfServiceId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("out_of_service").selectAll().where("id", "=", outOfServiceId).forUpdate().executeTakeFirst();
    if (!before || before.unit_id !== unitId) throw new Refusal("_form", "This out-of-service period is not for this unit");
    if (before.cancelled_at) throw new Refusal("_form", "This out-of-service period is already cancelled");
    const row = await trx
      .updateTable("out_of_service")
      .set({ cancelled_at: new Date() })
      .where("id", "=", outOfServiceId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "cancel out of service", entity: "unit", entityId: unitId, before, after: row });
    return outOfServiceId;
  });
}

/**
 * Retires a unit from a date: it is kept for history and never deleted. Refused
 * while any placement has nights on or after that date.
 */
export async function retireUnit(db: Kysely<DB>, actorId: number | null, unitId: number, retiredOn: IsoDate): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom("units").selectAll().where("id", "=", unitId).forUpdate().executeTakeFirst();
      if (!before) throw new Response("Not Found", { status: 404 });
      const late = await trx
        .selectFrom("placements as p")
        .innerJoin("households as h", "h.id", "p.household_id")
        .select(["p.id", "p.household_id", "h.case_ref", "p.start_date", "p.end_date"])
        .where("p.unit_id", "=", unitId)
        .where("p.cancelled_at", "is", null)
        .where((eb) => eb.or([eb("p.end_date", "is", null), eb("p.end_date", ">", retiredOn)]))
        .orderBy("p.start_date", "desc")
        .executeTakeFirst();
      if (late) {
        const clash: Clash = {
          kind: "placement",
          id: late.id,
          start: late.start_date,
          end: late.end_date,
          householdId: late.household_id,
          caseRef: late.case_ref,
        };
        const last = late.end_date ? `its last night is ${formatDate(addDays(late.end_date, -1))}` : "it has no end date";
        throw new Refusal(
          "retiredOn",
          `Household ${late.case_ref} is placed in this unit and ${last}: end or transfer that placement first`,
          { clash },
        );
      }
      const row = await trx
        .updateTable("units")
        .set({ retired_on: retiredOn })
        .where("id", "=", unitId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "retire", entity: "unit", entityId: unitId, before, after: row });
      return unitId;
    });
  } catch (e) {
    if (isCheckViolation(e)) throw new Refusal("retiredOn", "The unit must be retired after the date it came into use");
    throw e;
  }
}

/* --------------------------------------------------- choices for the forms */

export const providerChoices = (db: Conn) => db.selectFrom("providers").select(["id", "name"]).orderBy("name").limit(5000).execute();
export const taTypeChoices = (db: Conn) => db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute();
/** Properties of one provider, or one property, for the unit form (a whole council's list would be too long). */
export const propertyChoices = (db: Conn, providerId: number) =>
  db.selectFrom("properties").select(["id", "name"]).where("provider_id", "=", providerId).orderBy("name").limit(2000).execute();

/** The provider that owns a property (for the unit form's property choices). */
export async function providerOfProperty(db: Conn, propertyId: number): Promise<number | null> {
  const r = await db.selectFrom("properties").select("provider_id").where("id", "=", propertyId).executeTakeFirst();
  return r?.provider_id ?? null;
}

/**
 * Units whose TA type contradicts their facts (unit_facts.type_contradiction): a private
 * provider's shared rooms typed as something other than B&B, or a unit typed B&B that is
 * not B&B under the 2003 Order. TA1 counts them by the Order; the council corrects the type.
 */
export async function typeContradictions(db: Conn) {
  return db
    .selectFrom("unit_facts as f")
    .innerJoin("units as u", "u.id", "f.unit_id")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .where("f.type_contradiction", "is not", null)
    .select([
      "u.id",
      "u.unit_ref",
      "p.name as property_name",
      "pr.name as provider_name",
      "pr.provider_type",
      "t.name as ta_type",
      "f.is_bnb",
      "f.self_contained",
      "f.type_contradiction",
    ])
    .orderBy("u.unit_ref")
    .execute();
}
