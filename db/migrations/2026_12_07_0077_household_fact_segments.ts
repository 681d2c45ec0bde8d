/**
 * A household's make-up kept on write, by the nights it held (issue 23, item 1; ADR 0039):
 * one row per stretch of nights [from_date, to_date) over which every fact of
 * household_facts_from_members (db/definitions/household-facts.ts) stays the same. The
 * stretches of a household cover every night, from '-infinity' to 'infinity', without
 * overlap. They are rebuilt, in the writing transaction, by the triggers of that definition
 * whenever a member, a former member or a pregnancy of the household changes, and are what
 * household_facts_on reads. Counts and codes only: who the members are stays in
 * household_members. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE household_fact_segments (
      household_id bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      from_date date NOT NULL,
      to_date date NOT NULL,
      adults int NOT NULL,
      children int NOT NULL,
      expected_children int NOT NULL,
      with_children boolean NOT NULL,
      lead_16_17 boolean NOT NULL,
      household_type text NOT NULL,
      ta2_category text NOT NULL,
      PRIMARY KEY (household_id, from_date),
      CHECK (to_date > from_date)
    )`.execute(db);
}
