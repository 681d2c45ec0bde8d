/**
 * Case notes (issue 20, item 1): what happened on a case, in the officer's words. A note is
 * never edited in place (ADR 0028; the database refuses a change, db/definitions/case-notes.ts):
 * a correction is a new note that names the note it corrects. A note is corrected once; to
 * correct it again, correct the correction, so the chain reads in order.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from "~/lib/db/errors";
import { formatWhen } from "~/features/casework/history";

export const NOTE_MAX = 5000;

export const noteSchema = z.object({
  body: z.string().trim().min(1, "Enter the note").max(NOTE_MAX, `Note must be ${NOTE_MAX} characters or fewer`),
  corrects: z
    .string()
    .default("")
    .pipe(
      z.union(
        [
          z.literal("").transform(() => null),
          z
            .string()
            .regex(/^\d{1,15}$/)
            .transform(Number),
        ],
        { error: "The note to correct was not found" },
      ),
    ),
});

function inTransaction<T>(db: Conn, fn: (trx: Conn) => Promise<T>): Promise<T> {
  if ((db as { isTransaction?: boolean }).isTransaction) return fn(db);
  return (db as Kysely<DB>).transaction().execute(fn);
}

const ALREADY_CORRECTED = "This note has already been corrected: correct the latest correction instead";

/**
 * Writes a note, or a correction of `correctsNoteId`. Refused (nothing saved): an empty note, a
 * note to correct that is not this household's, or one already corrected.
 */
export async function writeNote(
  db: Conn,
  actorId: number,
  householdId: number,
  input: { body: string; correctsNoteId: number | null },
): Promise<number> {
  const body = input.body.trim();
  if (!body) throw new Refusal("body", "Enter the note");
  if (body.length > NOTE_MAX) throw new Refusal("body", `Note must be ${NOTE_MAX} characters or fewer`);
  try {
    return await inTransaction(db, async (trx) => {
      const h = await trx.selectFrom("households").select("id").where("id", "=", householdId).forUpdate().executeTakeFirst();
      if (!h) throw new Response("Not Found", { status: 404 });
      let corrected: { id: number; written_at: Date } | undefined;
      if (input.correctsNoteId !== null) {
        corrected = await trx
          .selectFrom("case_notes")
          .select(["id", "written_at"])
          .where("id", "=", input.correctsNoteId)
          .where("household_id", "=", householdId)
          .executeTakeFirst();
        if (!corrected) throw new Refusal("body", "The note to correct was not found on this case");
        const already = await trx.selectFrom("case_notes").select("id").where("corrects_note_id", "=", corrected.id).executeTakeFirst();
        if (already) throw new Refusal("body", ALREADY_CORRECTED);
      }
      const after = await trx
        .insertInto("case_notes")
        .values({ household_id: householdId, body, written_by: actorId, corrects_note_id: corrected?.id ?? null })
        .returning(["id", "household_id", "body", "written_at", "corrects_note_id"])
        .executeTakeFirstOrThrow();
      await audit(trx, {
        userId: actorId,
        action: corrected ? "correct" : "write",
        entity: "case_note",
        entityId: after.id,
        householdId,
        after: { ...after, corrects_written_at: corrected?.written_at ?? null },
      });
      return after.id;
    });
  } catch (e) {
    // Two officers correcting the same note at once: the second is told, not shown a 500.
    if (isUniqueViolation(e)) throw new Refusal("body", ALREADY_CORRECTED);
    if (isCheckViolation(e) || isForeignKeyViolation(e)) throw new Refusal("body", "Check the note and try again");
    throw e;
  }
}

export interface NoteRow {
  id: number;
  body: string;
  writtenAt: Date;
  writer: string;
  correctsNoteId: number | null;
}

/** The household's notes, oldest first. */
export async function notesOf(db: Conn, householdId: number): Promise<NoteRow[]> {
  const rows = await db
    .selectFrom("case_notes as n")
    .leftJoin("users as u", "u.id", "n.written_by")
    .select(["n.id", "n.body", "n.written_at", "n.corrects_note_id", "u.name as writer"])
    .where("n.household_id", "=", householdId)
    .orderBy("n.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    writtenAt: r.written_at,
    writer: r.writer ?? "Someone no longer a user",
    correctsNoteId: r.corrects_note_id,
  }));
}

/** One note, for the correction form. */
export async function noteOf(db: Conn, householdId: number, noteId: number) {
  const n = await db
    .selectFrom("case_notes as n")
    .leftJoin("users as u", "u.id", "n.written_by")
    .select(["n.id", "n.body", "n.written_at", "u.name as writer"])
    .where("n.household_id", "=", householdId)
    .where("n.id", "=", noteId)
    .executeTakeFirst();
  if (!n) return null;
  const correctedBy = await db.selectFrom("case_notes").select("id").where("corrects_note_id", "=", noteId).executeTakeFirst();
  return {
    id: n.id,
    body: n.body,
    when: formatWhen(n.written_at),
    writer: n.writer ?? "Someone no longer a user",
    corrected: !!correctedBy,
  };
}
