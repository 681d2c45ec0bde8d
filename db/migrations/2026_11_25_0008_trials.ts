/**
 * Test and learn: a process change (a "trial") and the households it touches.
 * Frozen once shipped: add a new migration rather than edit this one.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE trials (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      hypothesis text NOT NULL DEFAULT '' CHECK (length(hypothesis) <= 2000),
      owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
      start_date date NOT NULL,
      end_date date,
      measures text[] NOT NULL DEFAULT '{}'
        CHECK (measures <@ ARRAY['length_of_stay','left_within','cost','bnb','exits']::text[]),
      selection text NOT NULL CHECK (selection IN ('rule','tagged')),
      rule_children text NOT NULL DEFAULT 'any' CHECK (rule_children IN ('any','with','without')),
      rule_provider_id bigint REFERENCES providers(id),
      rule_ta_types text[] NOT NULL DEFAULT '{}',
      comparison text NOT NULL CHECK (comparison IN ('before_after','concurrent','both')),
      -- Per-trial salt for the pseudonymous household ids in the shared CSV, so ids
      -- from two trials cannot be joined and do not reveal the household's row id.
      pseudonym_salt text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT trials_end_after_start CHECK (end_date IS NULL OR end_date > start_date)
    )`.execute(db);

  await sql`
    CREATE TABLE trial_tags (
      trial_id bigint NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
      household_id bigint NOT NULL REFERENCES households(id),
      tagged_by bigint REFERENCES users(id),
      tagged_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (trial_id, household_id)
    )`.execute(db);
  await sql`CREATE INDEX trial_tags_household_idx ON trial_tags (household_id)`.execute(db);
  // Trial groups reach an episode's placements by episode_id.
  await sql`CREATE INDEX IF NOT EXISTS placements_episode_idx ON placements (episode_id)`.execute(db);
}
