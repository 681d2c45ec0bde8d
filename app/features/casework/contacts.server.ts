/**
 * The contact log: every contact with a household (a home visit at the placement, a phone
 * call, an email, a visit to the office, a letter), with who recorded it and a short note.
 * A visit at the placement records what it found; "left" and "irregular" are the findings
 * an occupancy audit acts on (db/definitions/occupancy-audit.ts). Appended in one
 * transaction with its audit entry, never changed.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import { isCheckViolation, isForeignKeyViolation } from "~/lib/db/errors";
import { dateField, govukDate, type Values } from "~/lib/forms.server";
import { CONTACT_KINDS, VISIT_OUTCOMES, codesOf, type ContactKind, type VisitOutcome } from "~/lib/vocabulary";
import { formatDate, type IsoDate } from "~/lib/dates";

/** The form to record a contact, in GOV.UK wording. `today` refuses a date still to come. */
export function contactSchema(today: IsoDate) {
  return z
    .object({
      contact_on: govukDate("date of the contact"),
      contact_time: z
        .string()
        .trim()
        .default("")
        .transform((t, ctx) => {
          if (t === "") return null;
          const m = /^(\d{1,2})[:.](\d{2})$/.exec(t);
          if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
            ctx.addIssue({ code: "custom", message: "Enter the time as hours and minutes on the 24-hour clock, like 14:30" });
            return z.NEVER;
          }
          return `${m[1].padStart(2, "0")}:${m[2]}`;
        }),
      kind: z.enum(codesOf(CONTACT_KINDS), { error: "Select the kind of contact" }),
      outcome: z
        .string()
        .default("")
        .pipe(z.union([z.literal("").transform(() => null), z.enum(codesOf(VISIT_OUTCOMES))], { error: "Select what the visit found" })),
      note: z.string().trim().max(2000, "Note must be 2000 characters or fewer").default(""),
    })
    .superRefine(
      (v, ctx) => {
        if (v.contact_on && v.contact_on > today)
          ctx.addIssue({ code: "custom", path: ["contact_on"], message: "Date of the contact must be today or in the past" });
        if (v.kind === "visit" && v.outcome === null)
          ctx.addIssue({ code: "custom", path: ["outcome"], message: "Select what the visit found" });
        if (v.kind && v.kind !== "visit" && v.outcome !== null)
          ctx.addIssue({
            code: "custom",
            path: ["outcome"],
            message: "Only a home visit at the placement has an outcome: leave the outcome empty, or choose home visit",
          });
      },
      { when: () => true },
    );
}
export const prepareContact = (v: Values) => ({ ...v, contact_on: dateField(v, "contact_on") });

export interface ContactInput {
  contactOn: IsoDate;
  contactTime: string | null;
  kind: ContactKind;
  outcome: VisitOutcome | null;
  note: string;
}

function inTransaction<T>(db: Conn, fn: (trx: Conn) => Promise<T>): Promise<T> {
  if ((db as { isTransaction?: boolean }).isTransaction) return fn(db);
  return (db as Kysely<DB>).transaction().execute(fn);
}

/**
 * Records a contact. A visit is at the placement the household held on the night of its
 * date (not cancelled), and keeps that placement's end date as it stands now; a contact of
 * another kind is linked to that placement when there is one. Refused (nothing saved): a
 * date still to come, an outcome on a contact that is not a visit, a visit on a date the
 * household held no placement.
 */
export async function recordContact(db: Conn, actorId: number, householdId: number, input: ContactInput, today: IsoDate): Promise<number> {
  if (input.contactOn > today) throw new Refusal("contact_on", "Date of the contact must be today or in the past");
  if (input.kind === "visit" && input.outcome === null) throw new Refusal("outcome", "Select what the visit found");
  if (input.kind !== "visit" && input.outcome !== null)
    throw new Refusal("outcome", "Only a home visit at the placement has an outcome: leave the outcome empty, or choose home visit");
  try {
    return await inTransaction(db, async (trx) => {
      const h = await trx.selectFrom("households").select("id").where("id", "=", householdId).forUpdate().executeTakeFirst();
      if (!h) throw new Response("Not Found", { status: 404 });
      const p = await trx
        .selectFrom("placements")
        .select(["id", "end_date"])
        .where("household_id", "=", householdId)
        .where("cancelled_at", "is", null)
        .where("start_date", "<=", input.contactOn)
        .where((eb) => eb.or([eb("end_date", "is", null), eb("end_date", ">", input.contactOn)]))
        .orderBy("start_date", "desc")
        .executeTakeFirst();
      if (input.kind === "visit" && !p)
        throw new Refusal(
          "contact_on",
          `The household had no placement on ${formatDate(input.contactOn)}: a home visit must be on a night they were placed`,
        );
      const after = await trx
        .insertInto("contacts")
        .values({
          household_id: householdId,
          placement_id: p?.id ?? null,
          contact_on: input.contactOn,
          contact_time: input.contactTime,
          kind: input.kind,
          outcome: input.outcome,
          note: input.note,
          placement_end_then: input.kind === "visit" ? (p?.end_date ?? null) : null,
          recorded_by: actorId,
        })
        .returning(["id", "placement_id", "contact_on", "contact_time", "kind", "outcome", "note", "placement_end_then"])
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: actorId, action: "record", entity: "contact", entityId: after.id, householdId, after });
      return after.id;
    });
  } catch (e) {
    if (isCheckViolation(e) || isForeignKeyViolation(e)) throw new Refusal("kind", "Check the contact and try again");
    throw e;
  }
}

export interface ContactRow {
  id: number;
  on: string;
  onIso: IsoDate;
  time: string | null;
  kind: string;
  kindCode: ContactKind;
  outcome: string | null;
  outcomeCode: VisitOutcome | null;
  note: string;
  recordedBy: string;
  unitRef: string | null;
  placementId: number | null;
  /** A visit that found the household gone from a placement that still runs past the date: end it from then. */
  endFrom: IsoDate | null;
}

/** The household's contacts, latest first (at most `limit`). */
export async function contactsOf(db: Conn, householdId: number, limit = 100): Promise<ContactRow[]> {
  const rows = await db
    .selectFrom("contacts as c")
    .leftJoin("users as u", "u.id", "c.recorded_by")
    .leftJoin("placements as p", "p.id", "c.placement_id")
    .leftJoin("units as n", "n.id", "p.unit_id")
    .select([
      "c.id",
      "c.contact_on",
      "c.contact_time",
      "c.kind",
      "c.outcome",
      "c.note",
      "u.name as user_name",
      "n.unit_ref",
      "c.placement_id",
      "p.end_date",
      "p.cancelled_at",
    ])
    .where("c.household_id", "=", householdId)
    .orderBy("c.contact_on", "desc")
    .orderBy("c.contact_time", (ob) => ob.desc().nullsLast())
    .orderBy("c.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    on: formatDate(r.contact_on),
    onIso: r.contact_on,
    time: r.contact_time,
    kind: CONTACT_KINDS[r.kind],
    kindCode: r.kind,
    outcome: r.outcome ? VISIT_OUTCOMES[r.outcome] : null,
    outcomeCode: r.outcome,
    note: r.note,
    recordedBy: r.user_name ?? "Unknown",
    unitRef: r.unit_ref,
    placementId: r.placement_id,
    endFrom:
      (r.outcome === "left" || r.outcome === "irregular") &&
      r.placement_id !== null &&
      !r.cancelled_at &&
      (r.end_date === null || r.end_date > r.contact_on)
        ? r.contact_on
        : null,
  }));
}
