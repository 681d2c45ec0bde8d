/**
 * A household's case officer (issue 20, item 2: "my cases"): the officer who runs the case,
 * set when an officer registers the household and changed on its page. Existing households
 * take the officer who registered them, where that user is an officer. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE households ADD COLUMN officer_id bigint REFERENCES users(id)`.execute(db);
  await sql`CREATE INDEX households_officer_idx ON households (officer_id) WHERE officer_id IS NOT NULL`.execute(db);
  await sql`UPDATE households h SET officer_id = h.created_by FROM users u WHERE u.id = h.created_by AND u.role = 'officer'`.execute(db);
}
