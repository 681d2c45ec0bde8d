/**
 * Household search at any size: trigram indexes so "any part of a member's name" does
 * not read every member, and an index for case references typed in any case. Frozen.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX household_members_name_trgm ON household_members USING gin (lower(name) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX households_case_ref_lower_idx ON households (lower(case_ref))`.execute(db);
}
