/**
 * Telling the same person apart across records (issue 22, item 6): an officer records that two
 * members of different households are the same person, or are not. The data-quality list stops
 * offering a pair once it is decided; subject access finds a person through their links.
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE person_links (
      id bigserial PRIMARY KEY,
      member_id bigint NOT NULL REFERENCES household_members(id) ON DELETE CASCADE,
      other_member_id bigint NOT NULL REFERENCES household_members(id) ON DELETE CASCADE,
      same_person boolean NOT NULL,
      decided_by bigint REFERENCES users(id),
      decided_at timestamptz NOT NULL DEFAULT now(),
      CHECK (member_id < other_member_id),
      UNIQUE (member_id, other_member_id)
    )`.execute(db);
  await sql`CREATE INDEX person_links_other_idx ON person_links (other_member_id)`.execute(db);
}
