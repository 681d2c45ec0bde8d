/**
 * A trial's declared design (issue 19, ADR 0035): one primary measure and its horizon (days
 * from entry), the secondary measures being the other declared `measures`, and a planned
 * size (the end date already exists). Existing trials get their first declared measure as
 * the primary one and a 90-day horizon; no planned size. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE trials
      ADD COLUMN primary_measure text NOT NULL DEFAULT 'length_of_stay'
        CHECK (primary_measure IN ('length_of_stay','left_within','cost','bnb','exits')),
      ADD COLUMN primary_horizon integer NOT NULL DEFAULT 90 CHECK (primary_horizon IN (28, 56, 90, 180)),
      ADD COLUMN planned_size integer CHECK (planned_size IS NULL OR planned_size > 0)`.execute(db);
  await sql`UPDATE trials SET primary_measure = measures[1] WHERE cardinality(measures) > 0`.execute(db);
  await sql`UPDATE trials SET measures = array_prepend(primary_measure, measures) WHERE NOT (primary_measure = ANY(measures))`.execute(db);
  await sql`ALTER TABLE trials ADD CONSTRAINT trials_primary_declared CHECK (primary_measure = ANY(measures))`.execute(db);
}
