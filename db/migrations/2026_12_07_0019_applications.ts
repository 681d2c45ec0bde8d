/**
 * The six-week limit counts the B&B nights of the household's current application
 * (2003 Order, art. 4: "a period, or a total of periods"), not of one unbroken stay.
 * An officer records the date a new application started; the count starts again there.
 * The episode's stored 43rd B&B night counted by a unit's TA type label and restarted
 * at every gap, so it goes: the count now lives in db/definitions/households-in-ta.ts (ADR 0020).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE applications (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      start_date date NOT NULL,
      recorded_by bigint REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (household_id, start_date)
    )`.execute(db);
  await sql`DROP TRIGGER IF EXISTS episodes_bnb ON episodes`.execute(db);
  await sql`DROP TRIGGER IF EXISTS units_episode_bnb ON units`.execute(db);
  await sql`DROP TRIGGER IF EXISTS ta_types_episode_bnb ON ta_types`.execute(db);
  await sql`ALTER TABLE episodes DROP COLUMN bnb_over_limit_on`.execute(db);
}
