/**
 * Casework: move-on plans, s208 notices of out-of-district placements, s202
 * suitability reviews, and configurable notification types. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One plan per household: the planned way out of TA.
  await sql`
    CREATE TABLE move_on_plans (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL UNIQUE REFERENCES households(id) ON DELETE CASCADE,
      pathway text NOT NULL CHECK (pathway IN ('social_housing','private_rented','supported_housing','returned_home','other')),
      target_date date NOT NULL,
      next_action text NOT NULL DEFAULT '' CHECK (length(next_action) <= 2000),
      owner_id bigint NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX move_on_plans_target_idx ON move_on_plans (target_date)`.execute(db);

  // s208 Housing Act 1996: one notice per out-of-district placement.
  await sql`
    CREATE TABLE s208_notices (
      id bigserial PRIMARY KEY,
      placement_id bigint NOT NULL UNIQUE REFERENCES placements(id) ON DELETE CASCADE,
      household_id bigint NOT NULL REFERENCES households(id),
      sent_on date NOT NULL,
      sent_to text NOT NULL CHECK (length(sent_to) BETWEEN 1 AND 200),
      method text NOT NULL CHECK (method IN ('email','post','portal','other')),
      recorded_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX s208_notices_household_idx ON s208_notices (household_id)`.execute(db);

  // s202 suitability reviews.
  await sql`
    CREATE TABLE suitability_reviews (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      placement_id bigint REFERENCES placements(id),
      offered_on date NOT NULL,
      requested_on date NOT NULL,
      outcome text CHECK (outcome IN ('upheld','not_upheld','withdrawn')),
      decided_on date,
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT suitability_reviews_request_after_offer CHECK (requested_on >= offered_on),
      CONSTRAINT suitability_reviews_outcome_with_date CHECK ((outcome IS NULL) = (decided_on IS NULL)),
      CONSTRAINT suitability_reviews_decided_after_request CHECK (decided_on IS NULL OR decided_on >= requested_on)
    )`.execute(db);
  await sql`CREATE INDEX suitability_reviews_household_idx ON suitability_reviews (household_id)`.execute(db);
  await sql`CREATE INDEX suitability_reviews_pending_idx ON suitability_reviews (requested_on) WHERE outcome IS NULL`.execute(db);

  // Notifications beyond s208 (proposed in 2025, not law): a reference list the council edits.
  await sql`
    CREATE TABLE notification_types (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      statutory boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      sort_order int NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`
    INSERT INTO notification_types (code, name, statutory, sort_order) VALUES
      ('s208', 'Receiving council (s208)', true, 1),
      ('school', 'School', false, 2),
      ('health_visitor', 'Health visitor', false, 3),
      ('gp', 'GP practice', false, 4)`.execute(db);

  // Today's lists: arrivals, departures and households awaiting a placement.
  await sql`CREATE INDEX casework_placements_start_idx ON placements (start_date) WHERE cancelled_at IS NULL`.execute(db);
  await sql`CREATE INDEX casework_placements_end_idx ON placements (end_date) WHERE cancelled_at IS NULL`.execute(db);
  await sql`CREATE INDEX casework_households_awaiting_idx ON households (awaiting_since) WHERE awaiting_since IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS casework_households_awaiting_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS casework_placements_end_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS casework_placements_start_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS notification_types`.execute(db);
  await sql`DROP TABLE IF EXISTS suitability_reviews`.execute(db);
  await sql`DROP TABLE IF EXISTS s208_notices`.execute(db);
  await sql`DROP TABLE IF EXISTS move_on_plans`.execute(db);
}
