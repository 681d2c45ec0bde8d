/**
 * The households in TA on a night, with the facts TA1, TA2 and Today count, kept on write
 * (issue 23, item 1; ADR 0059): ta_nights_kept lists the nights kept (at most a few, the
 * latest asked), ta_night_facts holds one row per household in TA on a kept night, as the
 * one definition computes it (tonightCte in app/features/reports/reports.server.ts), and
 * ta_night_stale the households changed since: a write to a household's placements,
 * applications, episodes or make-up deletes its rows and marks it stale on every kept night,
 * in the writing transaction (db/definitions/ta-night-kept.ts); a change to units,
 * properties, providers, TA types or the council's district drops every night. A reader takes
 * the kept rows of households not stale and computes the stale ones afresh, in one statement.
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE ta_nights_kept (
      night date PRIMARY KEY,
      rule text NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE ta_night_facts (
      night date NOT NULL REFERENCES ta_nights_kept(night) ON DELETE CASCADE,
      household_id bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      placement_id bigint NOT NULL,
      episode_id bigint,
      duty text,
      start_date date NOT NULL,
      unit_id bigint NOT NULL,
      ta_type_code text NOT NULL,
      ta1_category int NOT NULL,
      is_bnb boolean NOT NULL,
      district_gss text,
      out_of_district boolean NOT NULL,
      provider_id bigint NOT NULL,
      property_id bigint NOT NULL,
      episode_start date,
      children int NOT NULL,
      expected_children int NOT NULL,
      adults int NOT NULL,
      household_type text NOT NULL,
      ta2 text NOT NULL,
      with_children boolean NOT NULL,
      lead_16_17 boolean NOT NULL,
      bnb_over_limit boolean NOT NULL,
      six_weeks_nights int,
      six_weeks_status text,
      PRIMARY KEY (night, household_id)
    )`.execute(db);
  await sql`CREATE INDEX ta_night_facts_household_idx ON ta_night_facts (household_id)`.execute(db);
  await sql`
    CREATE TABLE ta_night_stale (
      night date NOT NULL REFERENCES ta_nights_kept(night) ON DELETE CASCADE,
      household_id bigint NOT NULL,
      PRIMARY KEY (night, household_id)
    )`.execute(db);
}
