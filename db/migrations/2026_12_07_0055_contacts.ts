/**
 * The contact log (issue 18, item 6; the case file of issue 20): every contact with a
 * household, with its date (and time, if known), its kind, who recorded it and a short
 * note. A home visit at the placement carries the placement visited and its outcome:
 * confirmed living there, absent, left, or an irregular arrangement (someone else living
 * there, a sublet). A visit keeps the placement's end date as it stood when the visit was
 * recorded (NULL: open), so the nights an occupancy audit recovered can be counted after
 * the placement is ended (db/definitions/occupancy-audit.ts). Append-only, like the audit
 * trail it is written with. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE contacts (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      placement_id bigint REFERENCES placements(id),
      contact_on date NOT NULL,
      contact_time text CHECK (contact_time IS NULL OR contact_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      kind text NOT NULL CHECK (kind IN ('visit', 'phone', 'email', 'office', 'letter')),
      outcome text CHECK (outcome IN ('confirmed', 'absent', 'left', 'irregular')),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
      placement_end_then date,
      recorded_by bigint REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT contacts_outcome_only_for_a_visit CHECK ((kind = 'visit') = (outcome IS NOT NULL)),
      CONSTRAINT contacts_visit_at_a_placement CHECK (kind <> 'visit' OR placement_id IS NOT NULL),
      CONSTRAINT contacts_end_then_only_for_a_visit CHECK (kind = 'visit' OR placement_end_then IS NULL)
    )`.execute(db);
  await sql`CREATE INDEX contacts_household ON contacts (household_id, contact_on)`.execute(db);
  await sql`CREATE INDEX contacts_placement ON contacts (placement_id, contact_on) WHERE placement_id IS NOT NULL`.execute(db);
}
