/**
 * Merging households, with undo (issue 22, item 6, the merge half; ADR 0037): a manager merges
 * household B (the same family registered twice) into household A. B's rows move to A; B is
 * kept, marked merged (merged_into), hidden from lists and search. household_merges keeps
 * exactly which rows moved, per table, so an undo puts each back. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE households ADD COLUMN merged_into bigint REFERENCES households(id)`.execute(db);
  await sql`ALTER TABLE households ADD CONSTRAINT households_not_merged_into_self CHECK (merged_into <> id)`.execute(db);
  await sql`CREATE INDEX households_merged_into_idx ON households (merged_into) WHERE merged_into IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE household_merges (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      merged_household_id bigint NOT NULL REFERENCES households(id),
      moved jsonb NOT NULL,
      merged_by bigint REFERENCES users(id),
      merged_at timestamptz NOT NULL DEFAULT now(),
      undone_by bigint REFERENCES users(id),
      undone_at timestamptz,
      CHECK (household_id <> merged_household_id)
    )`.execute(db);
  await sql`CREATE INDEX household_merges_household_idx ON household_merges (household_id)`.execute(db);
  // One merge in force per merged household.
  await sql`CREATE UNIQUE INDEX household_merges_one_in_force ON household_merges (merged_household_id) WHERE undone_at IS NULL`.execute(
    db,
  );
}
