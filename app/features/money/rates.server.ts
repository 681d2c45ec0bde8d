/**
 * Rates (the council's cost of a unit) and charges (the weekly charge to the household),
 * each a history of effective-from rows. Every change is audited with before and after.
 * Form schemas live here so zod stays out of the browser bundle.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "~/lib/db/schema";
import { audit } from "~/lib/audit.server";
import { isCheckViolation, isUniqueViolation } from "~/lib/db/errors";
import { govukDate } from "~/lib/forms.server";
import { formatDate, type IsoDate } from "~/lib/dates";
import { MAX_RATE_PENCE, formatPence, parsePercent, parsePounds, type RateBasis } from "~/features/money/money";
import type { Conn } from "~/lib/db/connect";
import { Refusal } from "~/lib/refusal";

const amountField = (what: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s, ctx) => {
      const r = parsePounds(s);
      if (!r.ok) {
        ctx.addIssue({
          code: "custom",
          message: r.reason === "Enter an amount" ? `Enter the ${what}` : r.reason.replace("Amount", `The ${what}`),
        });
        return z.NEVER;
      }
      if (r.pence > MAX_RATE_PENCE) {
        ctx.addIssue({ code: "custom", message: `The ${what} must be ${formatPence(MAX_RATE_PENCE)} or less` });
        return z.NEVER;
      }
      return r.pence;
    });

export const rateSchema = z.object({
  effectiveFrom: govukDate("date the rate starts").transform((d) => d as IsoDate),
  amount: amountField("rate"),
  basis: z.enum(["night", "week"], { error: "Select whether the rate is per night or per week" }),
});
export const chargeSchema = z.object({
  effectiveFrom: govukDate("date the charge starts").transform((d) => d as IsoDate),
  amount: amountField("weekly charge"),
});
export const bulkSchema = z.object({
  providerId: z.coerce.number({ error: "Select a provider" }).int().positive("Select a provider"),
  taType: z.string().trim().optional().default(""),
  effectiveFrom: govukDate("date the new rates start").transform((d) => d as IsoDate),
  change: z
    .string()
    .optional()
    .default("")
    .transform((s, ctx) => {
      const r = parsePercent(s);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.reason });
        return z.NEVER;
      }
      return r.basisPoints;
    }),
});

/** Splits GOV.UK date parts into the object govukDate() reads. */
export function withDate(values: Record<string, string>, ...names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const n of names) out[n] = { day: values[`${n}-day`] ?? "", month: values[`${n}-month`] ?? "", year: values[`${n}-year`] ?? "" };
  return out;
}

export async function getUnitMoney(db: Conn, unitId: number) {
  const unit = await db
    .selectFrom("units as u")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .innerJoin("ta_types as t", "t.code", "u.ta_type_code")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .select([
      "u.id",
      "u.unit_ref",
      "u.name",
      "u.bedrooms",
      "u.ta_type_code",
      "t.name as ta_type",
      "p.name as property_name",
      "p.town",
      "p.brma",
      "pr.id as provider_id",
      "pr.name as provider_name",
      "f.self_contained",
    ])
    .where("u.id", "=", unitId)
    .executeTakeFirst();
  if (!unit) throw new Response("Not Found", { status: 404 });
  const rates = await db
    .selectFrom("unit_rates")
    .select(["id", "effective_from", "amount_pence", "basis"])
    .where("unit_id", "=", unitId)
    .orderBy("effective_from")
    .execute();
  const charges = await db
    .selectFrom("unit_charges")
    .select(["id", "effective_from", "weekly_pence"])
    .where("unit_id", "=", unitId)
    .orderBy("effective_from")
    .execute();
  return { unit, rates, charges };
}

/** The database's refusal of a rate or charge as a Refusal; anything else is thrown on. */
function refusal(e: unknown, field: string, date: IsoDate, what: string): never {
  if (isUniqueViolation(e))
    throw new Refusal(field, `This unit already has a ${what} starting on ${formatDate(date)}: correct that one instead`);
  if (isCheckViolation(e)) throw new Refusal("amount", `The ${what} must be between £0.00 and ${formatPence(MAX_RATE_PENCE)}`);
  throw e;
}

export async function addRate(
  db: Kysely<DB>,
  actorId: number | null,
  unitId: number,
  r: { effectiveFrom: IsoDate; amount: number; basis: RateBasis },
): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("unit_rates")
        .values({ unit_id: unitId, effective_from: r.effectiveFrom, amount_pence: r.amount, basis: r.basis, created_by: actorId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "create", entity: "unit_rate", entityId: row.id, after: row });
      return row.id;
    });
  } catch (e) {
    refusal(e, "effectiveFrom", r.effectiveFrom, "rate");
  }
}

export async function correctRate(
  db: Kysely<DB>,
  actorId: number | null,
  unitId: number,
  rateId: number,
  r: { effectiveFrom: IsoDate; amount: number; basis: RateBasis },
): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom("unit_rates")
        .selectAll()
        .where("id", "=", rateId)
        .where("unit_id", "=", unitId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new Refusal("rateId", "That rate no longer exists");
      const after = await trx
        .updateTable("unit_rates")
        .set({ effective_from: r.effectiveFrom, amount_pence: r.amount, basis: r.basis })
        .where("id", "=", rateId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "correct", entity: "unit_rate", entityId: rateId, before, after });
      return rateId;
    });
  } catch (e) {
    refusal(e, "effectiveFrom", r.effectiveFrom, "rate");
  }
}

export async function addCharge(
  db: Kysely<DB>,
  actorId: number | null,
  unitId: number,
  c: { effectiveFrom: IsoDate; amount: number },
): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("unit_charges")
        .values({ unit_id: unitId, effective_from: c.effectiveFrom, weekly_pence: c.amount, created_by: actorId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "create", entity: "unit_charge", entityId: row.id, after: row });
      return row.id;
    });
  } catch (e) {
    refusal(e, "effectiveFrom", c.effectiveFrom, "charge");
  }
}

export async function correctCharge(
  db: Kysely<DB>,
  actorId: number | null,
  unitId: number,
  chargeId: number,
  c: { effectiveFrom: IsoDate; amount: number },
): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom("unit_charges")
        .selectAll()
        .where("id", "=", chargeId)
        .where("unit_id", "=", unitId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new Refusal("chargeId", "That charge no longer exists");
      const after = await trx
        .updateTable("unit_charges")
        .set({ effective_from: c.effectiveFrom, weekly_pence: c.amount })
        .where("id", "=", chargeId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "correct", entity: "unit_charge", entityId: chargeId, before, after });
      return chargeId;
    });
  } catch (e) {
    refusal(e, "effectiveFrom", c.effectiveFrom, "charge");
  }
}

/**
 * From a date, every unit of a provider (optionally of one TA type) gets a new rate: the
 * rate in force that day changed by a percentage (basis points), same basis. One
 * transaction, set-based; refused as a whole (a Refusal) if any of the units already has a
 * rate starting that day, or has no rate to change. The number of units changed.
 */
export async function bulkRateChange(
  db: Kysely<DB>,
  actorId: number | null,
  input: { providerId: number; taType: string | null; effectiveFrom: IsoDate; basisPoints: number },
): Promise<number> {
  return db.transaction().execute((trx) => bulkRateChangeIn(trx, actorId, input));
}

/**
 * bulkRateChange inside the caller's transaction (an agreed negotiation: the new rates
 * carry its id). Writes nothing when it refuses; the number of units changed.
 */
export async function bulkRateChangeIn(
  trx: Conn,
  actorId: number | null,
  input: { providerId: number; taType: string | null; effectiveFrom: IsoDate; basisPoints: number; negotiationId?: number },
): Promise<number> {
  const units = await sql<{ unit_id: number; unit_ref: string; amount_pence: number | null; basis: RateBasis | null; same_day: boolean }>`
      SELECT u.id AS unit_id, u.unit_ref, r.amount_pence, r.basis, r.effective_from = ${input.effectiveFrom}::date AS same_day
      FROM units u JOIN properties p ON p.id = u.property_id
      LEFT JOIN LATERAL (SELECT amount_pence, basis, effective_from FROM unit_rates ur
        WHERE ur.unit_id = u.id AND ur.effective_from <= ${input.effectiveFrom}::date ORDER BY effective_from DESC LIMIT 1) r ON true
      WHERE p.provider_id = ${input.providerId} AND (${input.taType}::text IS NULL OR u.ta_type_code = ${input.taType})
        AND (u.retired_on IS NULL OR u.retired_on > ${input.effectiveFrom}::date)
      ORDER BY u.unit_ref
      FOR UPDATE OF u`.execute(trx);
  if (units.rows.length === 0) throw new Refusal("providerId", "This provider has no units in use of that type on that date");
  const clash = units.rows.filter((u) => u.same_day);
  if (clash.length) {
    throw new Refusal(
      "effectiveFrom",
      `${clash.length} of the units already have a rate starting on ${formatDate(input.effectiveFrom)} (${clash
        .slice(0, 5)
        .map((u) => u.unit_ref)
        .join(", ")}${clash.length > 5 ? ", …" : ""}): correct those one by one`,
    );
  }
  const none = units.rows.filter((u) => u.amount_pence === null);
  if (none.length) {
    throw new Refusal(
      "effectiveFrom",
      `${none.length} of the units have no rate in force on ${formatDate(input.effectiveFrom)} to change (${none
        .slice(0, 5)
        .map((u) => u.unit_ref)
        .join(", ")}${none.length > 5 ? ", …" : ""}): add their first rate one by one`,
    );
  }
  const ids = units.rows.map((u) => u.unit_id);
  // The rate changed by bp basis points, rounded half up to the penny.
  const inserted = await sql<{ id: number; unit_id: number; amount_pence: number; basis: string }>`
      INSERT INTO unit_rates (unit_id, effective_from, amount_pence, basis, created_by, negotiation_id)
      SELECT u.id, ${input.effectiveFrom}::date, (2 * r.amount_pence::bigint * (10000 + ${input.basisPoints}::int) + 10000) / 20000, r.basis, ${actorId}::bigint,
             ${input.negotiationId ?? null}::bigint
      FROM units u
      JOIN LATERAL (SELECT amount_pence, basis FROM unit_rates ur WHERE ur.unit_id = u.id AND ur.effective_from <= ${input.effectiveFrom}::date
        ORDER BY effective_from DESC LIMIT 1) r ON true
      WHERE u.id = ANY(${ids}::bigint[])
      RETURNING id, unit_id, amount_pence, basis`.execute(trx);
  await audit(trx, {
    userId: actorId,
    action: "bulk_change",
    entity: "unit_rate",
    entityId: `provider:${input.providerId}`,
    before: units.rows.map((u) => ({ unit_id: u.unit_id, amount_pence: u.amount_pence, basis: u.basis })),
    after: {
      effective_from: input.effectiveFrom,
      basis_points: input.basisPoints,
      ta_type: input.taType,
      negotiation_id: input.negotiationId ?? null,
      rates: inserted.rows,
    },
  });
  return inserted.rows.length;
}

/** Units with the rate and charge in force on a day, for the rates list. */
export async function listUnitRates(
  db: Conn,
  opts: { day: IsoDate; q?: string; providerId?: number | null; page: number; perPage?: number },
) {
  const per = opts.perPage ?? 50;
  const q = (opts.q ?? "").trim();
  const base = db
    .selectFrom("units as u")
    .innerJoin("properties as p", "p.id", "u.property_id")
    .innerJoin("providers as pr", "pr.id", "p.provider_id")
    .$if(q !== "", (b) =>
      b.where((eb) =>
        eb.or([
          eb(sql`upper(u.unit_ref)`, "like", `%${q.toUpperCase().replace(/[%_\\]/g, "\\$&")}%`),
          eb(sql`lower(pr.name)`, "like", `%${q.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`),
        ]),
      ),
    )
    .$if(!!opts.providerId, (b) => b.where("pr.id", "=", opts.providerId!));
  const total = (await base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n;
  const rows = await base
    .select([
      "u.id",
      "u.unit_ref",
      "u.ta_type_code",
      "pr.name as provider_name",
      "p.name as property_name",
      sql<
        number | null
      >`(SELECT amount_pence FROM unit_rates r WHERE r.unit_id = u.id AND r.effective_from <= ${opts.day}::date ORDER BY effective_from DESC LIMIT 1)`.as(
        "amount_pence",
      ),
      sql<RateBasis | null>`(SELECT basis FROM unit_rates r WHERE r.unit_id = u.id AND r.effective_from <= ${opts.day}::date ORDER BY effective_from DESC LIMIT 1)`.as(
        "basis",
      ),
      sql<
        number | null
      >`(SELECT weekly_pence FROM unit_charges c WHERE c.unit_id = u.id AND c.effective_from <= ${opts.day}::date ORDER BY effective_from DESC LIMIT 1)`.as(
        "charge_pence",
      ),
    ])
    .orderBy("u.unit_ref")
    .limit(per)
    .offset((Math.max(1, opts.page) - 1) * per)
    .execute();
  return { total, rows, pages: Math.max(1, Math.ceil(total / per)) };
}

export async function listProviders(db: Conn) {
  return db.selectFrom("providers").select(["id", "name"]).orderBy("name").execute();
}
