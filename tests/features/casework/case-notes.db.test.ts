/**
 * Case notes against a real database (ADR 0028): a note is never changed; a correction is a new
 * note naming the note it corrects, in the same household, once; the chain shows on the
 * timeline, merged in date order with placements, contacts and changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { notesOf, writeNote } from "~/features/casework/case-notes.server";
import { householdPage } from "~/features/casework/case-page.server";
import { recordContact } from "~/features/casework/contacts.server";
import { subjectAccess } from "~/features/households/subject-access.server";
import { formatWhen } from "~/features/casework/history";
import { Refusal } from "~/lib/refusal";

let t: TestDatabase;
let officer: number;
let h: { id: number; case_ref: string };
let other: { id: number; case_ref: string };

beforeAll(async () => {
  t = await createTestDatabase();
  officer = (
    await t.db
      .insertInto("users")
      .values({ email: "o@example.test", name: "Olu Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  h = await makeHousehold(t.db, [{ name: "Noor Note", dob: "1988-03-04" }]);
  other = await makeHousehold(t.db, [{ name: "Oli Other", dob: "1979-01-02" }]);
});
afterAll(async () => {
  await t?.close();
});

const count = async (table: "case_notes" | "audit_events") =>
  (
    await t.db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n;
const refusal = (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => e);

describe(`case notes on ${ENGINE}`, () => {
  let first: number;
  let correction: number;

  it("writes a note and a correction of it, each audited; the correction names the note it corrects", async () => {
    first = await writeNote(t.db, officer, h.id, { body: "Phoned: can stay with friend until Friday.", correctsNoteId: null });
    correction = await writeNote(t.db, officer, h.id, { body: "Correction: until Sunday, not Friday.", correctsNoteId: first });
    const notes = await notesOf(t.db, h.id);
    expect(notes.map((n) => [n.id, n.body, n.correctsNoteId, n.writer])).toEqual([
      [first, "Phoned: can stay with friend until Friday.", null, "Olu Officer"],
      [correction, "Correction: until Sunday, not Friday.", first, "Olu Officer"],
    ]);
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "entity", "entity_id"])
      .where("household_id", "=", h.id)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "write", entity: "case_note", entity_id: String(first) },
      { action: "correct", entity: "case_note", entity_id: String(correction) },
    ]);
  });

  it("refuses, saving nothing: an empty note, correcting a note twice, or a note of another household", async () => {
    const [notes, audits] = [await count("case_notes"), await count("audit_events")];
    expect(await refusal(writeNote(t.db, officer, h.id, { body: "   ", correctsNoteId: null }))).toMatchObject({
      field: "body",
      message: "Enter the note",
    });
    const twice = await refusal(writeNote(t.db, officer, h.id, { body: "Another go", correctsNoteId: first }));
    expect(twice).toBeInstanceOf(Refusal);
    expect(twice).toMatchObject({ message: "This note has already been corrected: correct the latest correction instead" });
    expect(await refusal(writeNote(t.db, officer, other.id, { body: "Wrong case", correctsNoteId: first }))).toMatchObject({
      message: "The note to correct was not found on this case",
    });
    expect([await count("case_notes"), await count("audit_events")]).toEqual([notes, audits]);
  });

  it("lets a correction be corrected in turn, so the chain reads in order", async () => {
    const third = await writeNote(t.db, officer, h.id, { body: "Correction: Saturday, the friend says.", correctsNoteId: correction });
    expect((await notesOf(t.db, h.id)).map((n) => n.correctsNoteId)).toEqual([null, first, correction]);
    expect(third).toBeGreaterThan(correction);
  });

  it("is refused by the database when a note would be changed, deleted, or made to correct another household's note", async () => {
    await expect(sql`UPDATE case_notes SET body = 'rewritten' WHERE id = ${first}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM case_notes WHERE id = ${first}`.execute(t.db)).rejects.toThrow(/append-only/);
    const latest = (await notesOf(t.db, h.id)).at(-1)!.id; // not yet corrected
    await expect(
      sql`INSERT INTO case_notes (household_id, body, corrects_note_id) VALUES (${other.id}, 'x', ${latest})`.execute(t.db),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      sql`INSERT INTO case_notes (household_id, body, corrects_note_id) VALUES (${h.id}, 'x', ${first})`.execute(t.db),
    ).rejects.toMatchObject({ code: "23505" });
    expect((await notesOf(t.db, h.id))[0].body).toBe("Phoned: can stay with friend until Friday.");
  });

  it("shows the chain on the timeline: the corrected note says by which note, the correction what it corrects", async () => {
    const notes = await notesOf(t.db, h.id);
    const page = await householdPage(t.db, h.id, "2026-12-07");
    const entries = page.timeline.filter((e) => e.kind === "note");
    // Newest first.
    expect(entries.map((e) => e.key)).toEqual(notes.map((n) => `note-${n.id}`).reverse());
    const byKey = new Map(entries.map((e) => [e.key, e]));
    expect(byKey.get(`note-${first}`)).toMatchObject({
      title: "Case note",
      body: "Phoned: can stay with friend until Friday.",
      corrected: true,
      correctable: undefined,
      links: [{ text: `Corrected by note of ${formatWhen(notes[1].writtenAt)}`, anchor: `note-${correction}` }],
    });
    expect(byKey.get(`note-${correction}`)).toMatchObject({
      title: "Correction",
      corrected: true,
      links: [
        { text: `Corrects note of ${formatWhen(notes[0].writtenAt)}`, anchor: `note-${first}` },
        { text: `Corrected by note of ${formatWhen(notes[2].writtenAt)}`, anchor: `note-${notes[2].id}` },
      ],
    });
    expect(byKey.get(`note-${notes[2].id}`)).toMatchObject({ corrected: false, correctable: notes[2].id });
    // The writes show as changes in the history, but not twice on the timeline.
    expect(page.history.map((x) => x.what)).toContain(`Corrected the case note of ${formatWhen(notes[0].writtenAt)}`);
    expect(page.timeline.filter((e) => e.kind === "change")).toEqual([]);
  });

  it("merges notes, placements (placed, transferred, ended) and contacts in date order", async () => {
    const u1 = await makeUnit(t.db);
    const u2 = await makeUnit(t.db);
    await t.db
      .insertInto("placements")
      .values([
        { household_id: other.id, unit_id: u1.id, start_date: "2026-11-01", end_date: "2026-11-10", duty: "s188" },
        {
          household_id: other.id,
          unit_id: u2.id,
          start_date: "2026-11-10",
          end_date: "2026-11-20",
          duty: "s188",
          destination: "private_rented",
        },
      ])
      .execute();
    await sql`SELECT rebuild_episodes(ARRAY[${other.id}]::bigint[])`.execute(t.db);
    await recordContact(
      t.db,
      officer,
      other.id,
      { contactOn: "2026-11-12", contactTime: "14:05", kind: "phone", outcome: null, note: "Rang about rent" },
      "2026-12-07",
    );
    const note = await writeNote(t.db, officer, other.id, { body: "Moved on to a private let.", correctsNoteId: null });
    const page = await householdPage(t.db, other.id, "2026-12-07");
    expect(page.timeline.map((e) => [e.kind, e.when, e.title])).toEqual([
      ["note", formatWhen((await notesOf(t.db, other.id))[0].writtenAt), "Case note"],
      ["placement", "20 November 2026", `Placement in unit ${u2.unit_ref} ended`],
      ["contact", "12 November 2026 at 2:05pm", "Phone call"],
      ["placement", "10 November 2026", `Transferred from unit ${u1.unit_ref} to unit ${u2.unit_ref}`],
      ["placement", "1 November 2026", `Placed in unit ${u1.unit_ref}`],
    ]);
    expect(page.timeline[1].body).toBe("went to private rented offer");
    expect(page.timeline[0].key).toBe(`note-${note}`);
  });

  it("is in subject access", async () => {
    const s = await subjectAccess(t.db, officer, { name: "Noor Note", dateOfBirth: "1988-03-04" }, "file");
    const notes = s.households[0].sections.find((x) => x.table === "case_notes")!.rows;
    expect(notes.map((n) => n.body)).toEqual([
      "Phoned: can stay with friend until Friday.",
      "Correction: until Sunday, not Friday.",
      "Correction: Saturday, the friend says.",
    ]);
  });
});
