/**
 * The pairs of members that may be one person, kept on write (issue 23; ADR 0058): the data
 * quality page compared every member with every other member born on the same day, by name,
 * on every computation (1.7 million comparisons at 185,000 members: 6 s). member_matches holds
 * each pair of members in two households, born on the same day, whose names person_match()
 * finds alike (kind: what it found), member_id the one in the household with the lower id, as
 * data_quality_problems reads them. Kept by the triggers of db/definitions/data-quality.ts and filled afresh by its
 * refresh. Derived from household_members only (no household_id; a member's row going takes
 * its pairs with it). Frozen once shipped.
 *
 * Also partial indexes for the other checks, so each reads its problems, not every row:
 * members with no date of birth, and stays ended with no destination; and the households
 * not merged, by id, so the households with no lead are found by merging two indexes.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE member_matches (
      member_id bigint NOT NULL REFERENCES household_members (id) ON DELETE CASCADE,
      other_member_id bigint NOT NULL REFERENCES household_members (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('same_person', 'similar_person')),
      PRIMARY KEY (member_id, other_member_id)
    )`.execute(db);
  await sql`CREATE INDEX member_matches_other_idx ON member_matches (other_member_id)`.execute(db);
  await sql`CREATE INDEX household_members_no_dob_idx ON household_members (household_id) WHERE date_of_birth IS NULL`.execute(db);
  await sql`CREATE INDEX households_unmerged_idx ON households (id) WHERE merged_into IS NULL`.execute(db);
  await sql`CREATE INDEX episodes_no_destination_idx ON episodes (end_date) WHERE end_date IS NOT NULL AND destination IS NULL`.execute(db);
}
