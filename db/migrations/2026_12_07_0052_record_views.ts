/**
 * Who looked (issue 22, item 3): every view of a household's page, a letter and every
 * download of personal data, with who and when. Like audit_events, it is a log, not
 * data a report reads: no kept result depends on it, so a view does not change the data
 * version. household_id is not a foreign key, so the log outlives the record it names.
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE record_views (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id bigint REFERENCES users(id),
      what text NOT NULL CHECK (what IN ('household', 'letter', 'export')),
      household_id bigint,
      detail text NOT NULL DEFAULT ''
    )`.execute(db);
  await sql`CREATE INDEX record_views_household_idx ON record_views (household_id, at) WHERE household_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX record_views_at_idx ON record_views (at)`.execute(db);
}
