/**
 * Facts with dates (issue 16, item 4): what changes about a household over time is kept
 * with the dates it was true, so a report for a past night shows what was true then.
 *
 * - household_members.joined_on: the first night a member counts (null: since the
 *   household's record began). A member taken off the household moves, with the night
 *   they left, to former_household_members (so current pages read household_members as
 *   before, and past nights still count them).
 * - member_pregnancies: each pregnancy from the night it was recorded to the night it
 *   ended (null: still pregnant). household_members.pregnant stays as "pregnant now",
 *   the flag forms and imports write; a trigger keeps the periods (db/definitions/household-facts.ts).
 * - awaiting_periods: closed periods of waiting for a placement; the open one is
 *   households.awaiting_since, as before.
 * The triggers that keep these are definitions (db/definitions/household-facts.ts).
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE household_members ADD COLUMN joined_on date`.execute(db);
  await sql`
    CREATE TABLE former_household_members (
      id bigint PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      name text NOT NULL,
      date_of_birth date,
      relationship text NOT NULL CHECK (relationship IN ('lead','partner','child','other_adult')),
      sex text CHECK (sex IN ('female','male')),
      joined_on date,
      left_on date NOT NULL,
      CHECK (joined_on IS NULL OR left_on > joined_on)
    )`.execute(db);
  await sql`CREATE INDEX former_household_members_household_idx ON former_household_members (household_id)`.execute(db);
  await sql`
    CREATE TABLE member_pregnancies (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      member_id bigint NOT NULL,
      from_date date NOT NULL,
      to_date date,
      CHECK (to_date IS NULL OR to_date > from_date)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX member_pregnancies_one_open ON member_pregnancies (member_id) WHERE to_date IS NULL`.execute(db);
  await sql`CREATE INDEX member_pregnancies_member_idx ON member_pregnancies (member_id, from_date)`.execute(db);
  await sql`CREATE INDEX member_pregnancies_household_idx ON member_pregnancies (household_id)`.execute(db);
  await sql`
    CREATE TABLE awaiting_periods (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      from_date date NOT NULL,
      to_date date NOT NULL,
      CHECK (to_date > from_date)
    )`.execute(db);
  await sql`CREATE INDEX awaiting_periods_household_idx ON awaiting_periods (household_id, from_date)`.execute(db);
  // Pregnancies recorded before this change held no date: each counts from the earlier of
  // the household's first placement and the day it was recorded, so every figure computed
  // before the change (which counted the flag on every night) stays the same.
  await sql`
    INSERT INTO member_pregnancies (household_id, member_id, from_date)
    SELECT m.household_id, m.id,
           least(h.created_at::date, coalesce(h.awaiting_since, h.created_at::date),
                 coalesce((SELECT min(p.start_date) FROM placements p WHERE p.household_id = h.id), h.created_at::date))
    FROM household_members m JOIN households h ON h.id = m.household_id
    WHERE m.pregnant`.execute(db);
}
