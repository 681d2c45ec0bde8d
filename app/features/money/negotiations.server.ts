/**
 * Rate negotiations (issue 18, item 3): a proposed percentage change to a provider's rates
 * (all its units in use, or those of one TA type), recorded step by step: asked, offered
 * (a new percentage, any number of times), then agreed or refused, each with its date and
 * who recorded it. Agreeing applies the change as new rates from an effective date, in one
 * transaction with marking it agreed and the audit event, through bulkRateChangeIn (the
 * same set-based change as "Change a provider's rates"); when that refuses (a unit already
 * has a rate that day, none to change), nothing is saved. Agreed and refused are final.
 * A refused step throws a Refusal and saves nothing.
 * The saving is negotiation_saving (db/definitions/negotiations.ts).
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DB, NegotiationStatus } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { govukDate, optionalText } from "~/lib/forms.server";
import type { IsoDate } from "~/lib/dates";
import { parsePercent } from "~/features/money/money";
import { bulkRateChangeIn } from "~/features/money/rates.server";
import { Refusal } from "~/lib/refusal";

const percentField = z
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
  });

export const newNegotiationSchema = z.object({
  providerId: z.coerce.number({ error: "Select a provider" }).int().positive("Select a provider"),
  taType: z.string().trim().optional().default(""),
  askedOn: govukDate("date the change was asked for").transform((d) => d as IsoDate),
  change: percentField,
  notes: optionalText(),
});
export const offerSchema = z.object({
  offeredOn: govukDate("date of the offer").transform((d) => d as IsoDate),
  change: percentField,
  notes: optionalText(),
});
export const agreeSchema = z.object({
  agreedOn: govukDate("date it was agreed").transform((d) => d as IsoDate),
  effectiveFrom: govukDate("date the new rates start").transform((d) => d as IsoDate),
  notes: optionalText(),
});
export const refuseSchema = z.object({
  refusedOn: govukDate("date it was refused").transform((d) => d as IsoDate),
  notes: optionalText(),
});

const FINAL: NegotiationStatus[] = ["agreed", "refused"];

function addNote(before: string | null, note: string): string | null {
  if (!note) return before;
  return before ? `${before}\n${note}` : note;
}

export async function recordNegotiation(
  db: Kysely<DB>,
  actorId: number | null,
  input: z.output<typeof newNegotiationSchema>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const provider = await trx.selectFrom("providers").select("id").where("id", "=", input.providerId).executeTakeFirst();
    if (!provider) throw new Refusal("providerId", "Select a provider");
    if (input.taType) {
      const t = await trx.selectFrom("ta_types").select("code").where("code", "=", input.taType).executeTakeFirst();
      if (!t) throw new Refusal("taType", "Select a type of accommodation");
    }
    const row = await trx
      .insertInto("rate_negotiations")
      .values({
        provider_id: input.providerId,
        ta_type_code: input.taType || null,
        asked_basis_points: input.change,
        asked_on: input.askedOn,
        notes: input.notes || null,
        asked_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "ask", entity: "rate_negotiation", entityId: row.id, after: row });
    return row.id;
  });
}

/** The negotiation, locked; refused when it is missing or already final. */
async function lockOpen(trx: Conn, id: number) {
  const before = await trx.selectFrom("rate_negotiations").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!before) throw new Refusal("_negotiation", "That negotiation does not exist");
  if (FINAL.includes(before.status)) throw new Refusal("_negotiation", `This negotiation was ${before.status}: it cannot change again`);
  return before;
}

export async function recordOffer(
  db: Kysely<DB>,
  actorId: number | null,
  id: number,
  input: z.output<typeof offerSchema>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await lockOpen(trx, id);
    if (input.offeredOn < before.asked_on) throw new Refusal("offeredOn", "The date of the offer must be on or after the date asked");
    const after = await trx
      .updateTable("rate_negotiations")
      .set({
        status: "offered",
        offered_basis_points: input.change,
        offered_on: input.offeredOn,
        offered_by: actorId,
        offered_at: sql<Date>`now()`,
        notes: addNote(before.notes, input.notes),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "offer", entity: "rate_negotiation", entityId: id, before, after });
    return id;
  });
}

export async function refuseNegotiation(
  db: Kysely<DB>,
  actorId: number | null,
  id: number,
  input: z.output<typeof refuseSchema>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await lockOpen(trx, id);
    if (input.refusedOn < before.asked_on) throw new Refusal("refusedOn", "The date it was refused must be on or after the date asked");
    const after = await trx
      .updateTable("rate_negotiations")
      .set({
        status: "refused",
        refused_on: input.refusedOn,
        decided_by: actorId,
        decided_at: sql<Date>`now()`,
        notes: addNote(before.notes, input.notes),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "refuse", entity: "rate_negotiation", entityId: id, before, after });
    return id;
  });
}

/** The percentage that would be applied: the latest offer, else what was asked. */
export function agreedBasisPoints(n: { asked_basis_points: number; offered_basis_points: number | null }): number {
  return n.offered_basis_points ?? n.asked_basis_points;
}

/**
 * Agrees: in one transaction, the new rates from the effective date (refused as a whole
 * by bulkRateChangeIn, then nothing is saved), the negotiation marked agreed, the audit event.
 * The number of units given a new rate.
 */
export async function agreeNegotiation(
  db: Kysely<DB>,
  actorId: number | null,
  id: number,
  input: { agreedOn: IsoDate; effectiveFrom: IsoDate | null; notes?: string },
): Promise<number> {
  if (!input.effectiveFrom) throw new Refusal("effectiveFrom", "Enter the date the new rates start");
  const effectiveFrom = input.effectiveFrom;
  return db.transaction().execute(async (trx) => {
    const before = await lockOpen(trx, id);
    if (input.agreedOn < before.asked_on) throw new Refusal("agreedOn", "The date it was agreed must be on or after the date asked");
    const basisPoints = agreedBasisPoints(before);
    let count: number;
    try {
      count = await bulkRateChangeIn(trx, actorId, {
        providerId: before.provider_id,
        taType: before.ta_type_code,
        effectiveFrom,
        basisPoints,
        negotiationId: id,
      });
    } catch (e) {
      // "No units" is about the date on this form, which has no provider field.
      if (e instanceof Refusal && e.field === "providerId") throw new Refusal("effectiveFrom", e.message);
      throw e;
    }
    const after = await trx
      .updateTable("rate_negotiations")
      .set({
        status: "agreed",
        agreed_on: input.agreedOn,
        effective_from: effectiveFrom,
        decided_by: actorId,
        decided_at: sql<Date>`now()`,
        notes: addNote(before.notes, input.notes ?? ""),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: "agree",
      entity: "rate_negotiation",
      entityId: id,
      before,
      after: { ...after, basis_points: basisPoints, units_changed: count },
    });
    return count;
  });
}

export type NegotiationRow = Awaited<ReturnType<typeof listNegotiations>>[number];

export async function listNegotiations(db: Conn, opts: { id?: number } = {}) {
  return db
    .selectFrom("rate_negotiations as n")
    .innerJoin("providers as pr", "pr.id", "n.provider_id")
    .leftJoin("ta_types as t", "t.code", "n.ta_type_code")
    .leftJoin("users as ua", "ua.id", "n.asked_by")
    .leftJoin("users as uo", "uo.id", "n.offered_by")
    .leftJoin("users as ud", "ud.id", "n.decided_by")
    .select([
      "n.id",
      "n.provider_id",
      "pr.name as provider_name",
      "n.ta_type_code",
      "t.name as ta_type",
      "n.status",
      "n.asked_basis_points",
      "n.offered_basis_points",
      "n.asked_on",
      "n.offered_on",
      "n.agreed_on",
      "n.refused_on",
      "n.effective_from",
      "n.notes",
      "ua.name as asked_by_name",
      "uo.name as offered_by_name",
      "ud.name as decided_by_name",
      "n.asked_at",
      "n.offered_at",
      "n.decided_at",
    ])
    .$if(opts.id !== undefined, (b) => b.where("n.id", "=", opts.id!))
    .orderBy("n.id", "desc")
    .execute();
}

export type SavingMonth = {
  month: string;
  negotiations: number;
  units: number;
  nights: number;
  previousPence: number;
  newPence: number;
  savingPence: number;
};

/** The saving per calendar month over [from, to): negotiation_saving summed. */
export async function savingByMonth(db: Conn, from: IsoDate, to: IsoDate, negotiationId?: number): Promise<SavingMonth[]> {
  const r = await sql<{ month: string; negotiations: number; units: number; nights: number; previous_pence: number; new_pence: number }>`
    SELECT to_char(month, 'YYYY-MM') AS month, count(DISTINCT negotiation_id)::int AS negotiations, count(DISTINCT unit_id)::int AS units,
           sum(nights)::int AS nights, sum(previous_pence)::bigint AS previous_pence, sum(new_pence)::bigint AS new_pence
    FROM negotiation_saving(${from}::date, ${to}::date)
    ${negotiationId === undefined ? sql`` : sql`WHERE negotiation_id = ${negotiationId}`}
    GROUP BY month ORDER BY month`.execute(db);
  return r.rows.map((x) => {
    const previousPence = Number(x.previous_pence);
    const newPence = Number(x.new_pence);
    return {
      month: x.month,
      negotiations: x.negotiations,
      units: x.units,
      nights: x.nights,
      previousPence,
      newPence,
      savingPence: previousPence - newPence,
    };
  });
}
