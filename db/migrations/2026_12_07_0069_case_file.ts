/**
 * The case file (issue 20, item 1): how to reach a household (phone, email, the way they prefer,
 * their language and whether they need an interpreter), where they are now and where they last
 * lived settled, their local connection (words and/or a district of the register), and
 * vulnerability needs that may be marked sensitive (seen only by managers, administrators and
 * the case officer: ADR 0028). Case notes are appended, never changed: a correction is a new
 * note naming the note it corrects, in the same household, and a note is corrected at most
 * once (correct the correction to correct again). The trigger that refuses a change to a note is
 * a definition (db/definitions/case-notes.ts). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE households
      ADD COLUMN phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
      ADD COLUMN email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
      ADD COLUMN preferred_contact text CHECK (preferred_contact IN ('phone', 'email', 'post', 'text')),
      ADD COLUMN language text NOT NULL DEFAULT '' CHECK (length(language) <= 60),
      ADD COLUMN interpreter_needed boolean NOT NULL DEFAULT false,
      ADD COLUMN current_address text NOT NULL DEFAULT '' CHECK (length(current_address) <= 500),
      ADD COLUMN previous_address text NOT NULL DEFAULT '' CHECK (length(previous_address) <= 500),
      ADD COLUMN local_connection text NOT NULL DEFAULT '' CHECK (length(local_connection) <= 500),
      ADD COLUMN local_connection_gss text CHECK (local_connection_gss ~ '^E0[6-9][0-9]{6}$'),
      ADD COLUMN vulnerability_needs text NOT NULL DEFAULT '' CHECK (length(vulnerability_needs) <= 2000),
      ADD COLUMN vulnerability_sensitive boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    CREATE TABLE case_notes (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
      written_by bigint REFERENCES users(id),
      written_at timestamptz NOT NULL DEFAULT now(),
      corrects_note_id bigint,
      UNIQUE (id, household_id),
      CONSTRAINT case_notes_correct_in_the_same_household
        FOREIGN KEY (corrects_note_id, household_id) REFERENCES case_notes (id, household_id),
      CONSTRAINT case_notes_not_itself CHECK (corrects_note_id IS NULL OR corrects_note_id < id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX case_notes_corrected_once ON case_notes (corrects_note_id) WHERE corrects_note_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX case_notes_household ON case_notes (household_id, written_at)`.execute(db);
}
